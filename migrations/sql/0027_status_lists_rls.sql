-- PostgreSQL only: status lists are public, like the registry, and written per tenant.
--
-- A verifier fetches a status list with no login: the public endpoint reads status_lists with
-- the application role and no tenant in the transaction, so the read policy is open. The
-- transaction that changes a certificate's status rewrites its tenant's list and nothing else.
GRANT SELECT, INSERT, UPDATE ON status_lists TO certa_app;
ALTER TABLE status_lists ENABLE ROW LEVEL SECURITY;
ALTER TABLE status_lists FORCE ROW LEVEL SECURITY;
CREATE POLICY public_read ON status_lists FOR SELECT USING (true);
CREATE POLICY tenant_insert ON status_lists FOR INSERT
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_update ON status_lists FOR UPDATE
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
