//! The public registry: what ISO/IEC 17021-1 8.1.2 lets a certification body publish about
//! each certificate, copied in the same transaction as every change of the certificate,
//! and read by the public verification page, the public API and the directory search.
//!
//! - `public_certificates`: one row per certificate (its current revision), keyed by the
//!   tenant and the certificate, with the number unique across all tenants (a number names
//!   one certificate wherever it is looked up). `listed` says whether the directory search
//!   shows it (the body publishes in the directory and the client is not confidential);
//!   `search_name` is the holder's name lowercased without accents; `as_of` is the time of
//!   the row's last change. An earlier revision needs no row of its own: `NUMBER/R1` while
//!   the row holds revision 2 answers `superseded`.
//! - `clients.confidential`: the client asked that its certificate be found by number only
//!   (17021-1 8.1.3, "exceptionally … limited access").
//!
//! On PostgreSQL (`sql/0025_public_registry_rls.sql`) everyone may read the registry, with
//! no tenant in the transaction, and a tenant transaction may write only its own rows.

use crate::m20261128_000001_foundation::{
    a, boolean, fk, int, json, pk, text, text_null, ts, unique, uuid,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0025_public_registry_rls.sql");

fn date(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.date().not_null();
    c
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut status = text("status");
        status.check(Expr::cust(
            "status IN ('active', 'suspended', 'withdrawn', 'expired')",
        ));
        m.create_table(
            Table::create()
                .table(a("public_certificates"))
                .col(uuid("tenant_id"))
                .col(uuid("certificate_id"))
                .col(uuid("client_id"))
                .col(text("number"))
                .col(int("revision"))
                .col(status)
                .col(text("holder_name"))
                .col(text("holder_location"))
                .col(json("sites"))
                .col(text("scope"))
                .col(json("standards"))
                .col(date("effective_date"))
                .col(date("expiry_date"))
                .col(date("original_date"))
                .col(text("body_name"))
                .col(text("body_address"))
                .col(text_null("body_email"))
                .col(json("accreditations"))
                .col(boolean("confidential"))
                .col(boolean("listed"))
                .col(text("search_name"))
                .col(ts("as_of"))
                .primary_key(&mut pk(&["tenant_id", "certificate_id"]))
                .foreign_key(&mut fk(
                    "public_certificates_certificate_fk",
                    "public_certificates",
                    &["tenant_id", "certificate_id"],
                    "certificates",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "public_certificates_number_key",
            "public_certificates",
            &["number"],
        ))
        .await?;
        // The directory reads listed rows in (search_name, number) order.
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX public_certificates_directory_idx \
                 ON public_certificates (search_name, number) WHERE listed",
            )
            .await?;
        m.create_index(
            Index::create()
                .name("public_certificates_client_idx")
                .table(a("public_certificates"))
                .col(a("tenant_id"))
                .col(a("client_id"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("clients"))
                .add_column(boolean("confidential"))
                .to_owned(),
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(a("clients"))
                .drop_column(a("confidential"))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(a("public_certificates")).to_owned())
            .await
    }
}
