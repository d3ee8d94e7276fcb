-- PostgreSQL only: calendar links are tenant data; resolving a link's secret (before the
-- tenant is known) is part of the reviewed cross-tenant identity path.
GRANT SELECT, INSERT, UPDATE, DELETE ON calendar_links TO certa_app;
GRANT SELECT ON calendar_links TO certa_system;
ALTER TABLE calendar_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_links FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON calendar_links
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY system_read ON calendar_links FOR SELECT TO certa_system USING (true);
