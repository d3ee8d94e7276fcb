-- PostgreSQL only: privileges of the runtime roles and forced row-level security.
--
-- The roles are cluster-wide and created once by a superuser (deploy/postgres/roles.sql):
--   certa_app     the application's login: NOSUPERUSER NOBYPASSRLS NOINHERIT, owns nothing
--   certa_system  NOLOGIN; the application switches to it with SET LOCAL ROLE only on the
--                 one reviewed cross-tenant path (identity resolution, outbox dispatch)
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certa_app')
     OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certa_system') THEN
    RAISE EXCEPTION 'roles certa_app and certa_system are missing: run deploy/postgres/roles.sql as a superuser first';
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO certa_app, certa_system;

-- Global tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, users, sessions, password_resets, login_attempts TO certa_app;
GRANT SELECT ON tenants, users TO certa_system;

-- Tenant tables.
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships, invitations, api_tokens, outbox TO certa_app;
GRANT SELECT, INSERT, UPDATE ON audit_heads TO certa_app;
-- The audit trail is append-only for the application: no UPDATE, no DELETE.
GRANT SELECT, INSERT ON audit_events TO certa_app;

GRANT SELECT ON memberships, invitations, api_tokens TO certa_system;
GRANT SELECT, UPDATE ON outbox TO certa_system;

-- Row-level security: enabled and forced (the owner is bound too), fail-closed: without
-- app.tenant_id set in the transaction the policy compares with NULL and matches nothing.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['memberships','invitations','api_tokens','audit_heads','audit_events','outbox'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;

-- The reviewed cross-tenant path: identity resolution reads memberships, invitations and
-- tokens by user or token hash before a tenant is known.
CREATE POLICY system_read ON memberships FOR SELECT TO certa_system USING (true);
CREATE POLICY system_read ON invitations FOR SELECT TO certa_system USING (true);
CREATE POLICY system_read ON api_tokens FOR SELECT TO certa_system USING (true);
-- Outbox dispatch claims and updates rows of every tenant.
CREATE POLICY system_dispatch ON outbox FOR ALL TO certa_system USING (true) WITH CHECK (true);
-- Mail that belongs to no tenant (password reset) may be enqueued without tenant context.
CREATE POLICY global_mail ON outbox FOR INSERT TO certa_app WITH CHECK (tenant_id IS NULL);
