-- PostgreSQL only: audits and teams are tenant data.
GRANT SELECT, INSERT, UPDATE, DELETE ON audits, audit_team TO certa_app;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audits','audit_team'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
