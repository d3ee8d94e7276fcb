//! `signing_keys`: each tenant's Ed25519 keys that sign its credentials and status lists.
//!
//! A key is `active` (the one that signs) or `retired` (kept and still published, so what it
//! signed keeps verifying). The public key is stored as its Multikey `publicKeyMultibase`
//! (`z6Mk…`); the private key only sealed (XChaCha20-Poly1305 under a key derived from the
//! configured master secret and the tenant id), base64url without padding. A partial unique
//! index allows one active key per tenant, so two replicas creating the first key at once end
//! with one.

use crate::m20261128_000001_foundation::{a, fk, pk, text, ts, ts_null, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0026_signing_keys_rls.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut status = text("status");
        status.check(Expr::cust("status IN ('active', 'retired')"));
        m.create_table(
            Table::create()
                .table(a("signing_keys"))
                .col(uuid("tenant_id"))
                .col(text("kid"))
                .col(text("public_key"))
                .col(text("sealed_key"))
                .col(status)
                .col(ts("created_at"))
                .col(ts_null("retired_at"))
                .primary_key(&mut pk(&["tenant_id", "kid"]))
                .foreign_key(&mut fk(
                    "signing_keys_tenant_fk",
                    "signing_keys",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        // A partial unique index, the same statement on SQLite and PostgreSQL.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (tenant_id) \
                 WHERE status = 'active'",
            )
            .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(a("signing_keys")).to_owned())
            .await
    }
}
