-- PostgreSQL only: grants and forced row-level security for single sign-on and second factors.
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_sign_in, sso_identities, sso_requests TO certa_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON user_totp, recovery_codes, mfa_challenges TO certa_app;
ALTER TABLE tenant_sign_in ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_sign_in FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_sign_in
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE sso_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE sso_identities FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sso_identities
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE sso_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE sso_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sso_requests
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- Which tenant an e-mail domain signs in with: the login page reads it before anyone is
-- known (open read); only the owning tenant's transaction writes its own rows.
GRANT SELECT, INSERT, UPDATE, DELETE ON sso_domains TO certa_app;
ALTER TABLE sso_domains ENABLE ROW LEVEL SECURITY;
ALTER TABLE sso_domains FORCE ROW LEVEL SECURITY;
CREATE POLICY public_read ON sso_domains FOR SELECT USING (true);
CREATE POLICY tenant_insert ON sso_domains FOR INSERT
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_update ON sso_domains FOR UPDATE
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_delete ON sso_domains FOR DELETE
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
