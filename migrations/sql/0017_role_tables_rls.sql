-- PostgreSQL only: grants and forced row-level security for the role tables. Identity
-- resolution (the reviewed cross-tenant path) reads the roles with the memberships and
-- invitations it reads.
GRANT SELECT, INSERT, UPDATE, DELETE ON membership_roles, invitation_roles TO certa_app;
GRANT SELECT ON membership_roles, invitation_roles TO certa_system;
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['membership_roles','invitation_roles'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
    EXECUTE format('CREATE POLICY system_read ON %I FOR SELECT TO certa_system USING (true)', t);
  END LOOP;
END
$$;
