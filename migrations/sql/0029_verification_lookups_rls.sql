-- PostgreSQL only: grants and forced row-level security for the verification look-ups.
GRANT SELECT, INSERT, UPDATE ON verification_lookups TO certa_app;
ALTER TABLE verification_lookups ENABLE ROW LEVEL SECURITY;
ALTER TABLE verification_lookups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON verification_lookups
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
