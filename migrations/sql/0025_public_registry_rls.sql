-- PostgreSQL only: the public registry is read by everyone and written per tenant.
--
-- The public verification endpoints read public_certificates with the application role and
-- no tenant in the transaction: the read policy is open. A tenant transaction (the one that
-- changes a certificate) inserts, updates and deletes only its own rows. No policy reads or
-- writes any other table, so the public endpoints need no row-level security bypass.
GRANT SELECT, INSERT, UPDATE, DELETE ON public_certificates TO certa_app;
ALTER TABLE public_certificates ENABLE ROW LEVEL SECURITY;
ALTER TABLE public_certificates FORCE ROW LEVEL SECURITY;
CREATE POLICY public_read ON public_certificates FOR SELECT USING (true);
CREATE POLICY tenant_insert ON public_certificates FOR INSERT
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_update ON public_certificates FOR UPDATE
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_delete ON public_certificates FOR DELETE
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
