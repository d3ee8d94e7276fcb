-- PostgreSQL only: the AI-system inventory is tenant data.
GRANT SELECT, INSERT, UPDATE, DELETE ON client_ai_systems TO certa_app;
ALTER TABLE client_ai_systems ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_ai_systems FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON client_ai_systems
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
