-- PostgreSQL only: grants and forced row-level security for the tables of migration 0008.
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_settings, audit_time_tables, client_scopes,
  audit_plans, audit_plan_sites, team_objections, objection_links, reminders_sent TO certa_app;
-- The daily scheduler's run register is global: one row per job and day, claimed by the
-- first worker that inserts it.
GRANT SELECT, INSERT ON scheduler_runs TO certa_app;
-- Resolving an objection link's secret (before the tenant is known) is part of the
-- reviewed cross-tenant identity path, like calendar links.
GRANT SELECT ON objection_links TO certa_system;
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['tenant_settings','audit_time_tables','client_scopes','audit_plans',
      'audit_plan_sites','team_objections','objection_links','reminders_sent'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
CREATE POLICY system_read ON objection_links FOR SELECT TO certa_system USING (true);
