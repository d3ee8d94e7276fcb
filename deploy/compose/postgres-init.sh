#!/usr/bin/env bash
# Run once by the postgres image's entrypoint on an empty data directory, after
# 10-roles.sql (deploy/postgres/roles.sql) created certa_owner, certa_app and certa_system:
# gives the two login roles the passwords of deploy/compose.env and creates the database
# owned by certa_owner. The passwords are passed as psql variables, never in the SQL text.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set owner_password="$CERTA_OWNER_DB_PASSWORD" \
  --set app_password="$CERTA_APP_DB_PASSWORD" <<'SQL'
ALTER ROLE certa_owner PASSWORD :'owner_password';
ALTER ROLE certa_app PASSWORD :'app_password';
CREATE DATABASE certa OWNER certa_owner;
SQL
