-- PostgreSQL only: grants and forced row-level security for the fieldwork tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON checklist_templates, checklist_items, evidence_links,
  client_users TO certa_app;
-- Nonconformities and evidence are records the certification body must keep: no DELETE.
GRANT SELECT, INSERT, UPDATE ON nonconformities, evidence_items, evidence_versions TO certa_app;
-- Evidence uploads are completed through a signed address before the session is known
-- (local storage backend); resolving it is part of the reviewed cross-tenant path.
GRANT SELECT ON evidence_versions TO certa_system;
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['checklist_templates','checklist_items','nonconformities',
      'evidence_items','evidence_versions','evidence_links','client_users'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
CREATE POLICY system_read ON evidence_versions FOR SELECT TO certa_system USING (true);
