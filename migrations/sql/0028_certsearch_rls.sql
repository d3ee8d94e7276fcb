-- PostgreSQL only: grants and forced row-level security for each tenant's CertSearch link.
GRANT SELECT, INSERT, UPDATE ON certsearch_state TO certa_app;
ALTER TABLE certsearch_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE certsearch_state FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON certsearch_state
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
