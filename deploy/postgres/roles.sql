-- Run once per PostgreSQL cluster, as a superuser, before `certa migrate`:
--   psql -v ON_ERROR_STOP=1 -U postgres -f deploy/postgres/roles.sql
-- Then create the database owned by certa_owner, run migrations with
-- CERTA_DATABASE_OWNER_URL (certa_owner) and serve with CERTA_DATABASE_URL (certa_app).
-- Set the passwords with \password certa_owner / \password certa_app.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certa_owner') THEN
    CREATE ROLE certa_owner LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certa_app') THEN
    CREATE ROLE certa_app LOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certa_system') THEN
    CREATE ROLE certa_system NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;
GRANT certa_system TO certa_app;
