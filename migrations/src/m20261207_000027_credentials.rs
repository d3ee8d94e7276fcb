//! Signed certificate credentials and the status lists that tell whether they still hold.
//!
//! - `certificate_revisions` gains the revision's W3C Verifiable Credential in its two
//!   securings (`credential`: JSON with an `eddsa-jcs-2022` proof; `credential_jwt`: the
//!   compact JWS) and its entry in the tenant's status lists (`status_list`, `status_index`:
//!   the same random index in the revocation and the suspension list of that number). The
//!   pair is unique per tenant, so two revisions never share a bit.
//! - `status_lists`: per tenant, purpose (`revocation`, `suspension`) and list number, the
//!   bits (131,072 of them, index 0 the most significant bit of the first byte) and the
//!   signed status list credential built from them, rewritten in the transaction that
//!   changes a certificate's status.
//! - `public_certificates` carries what the public endpoints serve besides the published
//!   fields: the current revision's credential in both securings and a signed status
//!   assertion per revision (`status_assertions`, a JSON array indexed by revision).
//!
//! On PostgreSQL (`sql/0027_status_lists_rls.sql`) status lists are read by everyone, like
//! the registry, and written by their tenant only.

use crate::m20261128_000001_foundation::{a, fk, int, pk, text, text_null, ts, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0027_status_lists_rls.sql");

fn json_null(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.json_binary().null();
    c
}

fn int_null(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.integer().null();
    c
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            json_null("credential"),
            text_null("credential_jwt"),
            int_null("status_list"),
            int_null("status_index"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(a("certificate_revisions"))
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX certificate_revisions_status_entry \
                 ON certificate_revisions (tenant_id, status_list, status_index) \
                 WHERE status_index IS NOT NULL",
            )
            .await?;
        for col in [
            json_null("credential"),
            text_null("credential_jwt"),
            json_null("status_assertions"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(a("public_certificates"))
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        let mut purpose = text("purpose");
        purpose.check(Expr::cust("purpose IN ('revocation', 'suspension')"));
        let mut bits = ColumnDef::new(Alias::new("bits"));
        bits.blob().not_null();
        m.create_table(
            Table::create()
                .table(a("status_lists"))
                .col(uuid("tenant_id"))
                .col(purpose)
                .col(int("list_no"))
                .col(bits)
                .col(text("credential_jwt"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "purpose", "list_no"]))
                .foreign_key(&mut fk(
                    "status_lists_tenant_fk",
                    "status_lists",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(a("status_lists")).to_owned())
            .await?;
        for col in ["credential", "credential_jwt", "status_assertions"] {
            m.alter_table(
                Table::alter()
                    .table(a("public_certificates"))
                    .drop_column(a(col))
                    .to_owned(),
            )
            .await?;
        }
        m.get_connection()
            .execute_unprepared("DROP INDEX certificate_revisions_status_entry")
            .await?;
        for col in [
            "credential",
            "credential_jwt",
            "status_list",
            "status_index",
        ] {
            m.alter_table(
                Table::alter()
                    .table(a("certificate_revisions"))
                    .drop_column(a(col))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
