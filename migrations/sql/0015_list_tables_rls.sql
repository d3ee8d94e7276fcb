-- PostgreSQL only: grants and forced row-level security for the list tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON application_standards, programme_standards,
  audit_standards, audit_technical_areas, checklist_item_standards,
  client_scope_technical_areas TO certa_app;
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['application_standards','programme_standards','audit_standards',
      'audit_technical_areas','checklist_item_standards','client_scope_technical_areas'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
