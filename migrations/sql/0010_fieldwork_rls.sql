-- PostgreSQL only: grants and forced row-level security for the fieldwork tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON checklist_templates, checklist_items, evidence_links,
  client_users TO certa_app;
-- Nonconformities and evidence are records the certification body must keep: no DELETE.
GRANT SELECT, INSERT, UPDATE ON nonconformities, evidence_items, evidence_versions TO certa_app;
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
