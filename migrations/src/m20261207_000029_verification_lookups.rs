//! `verification_lookups`: what public look-ups a certification body should hear about,
//! counted per day: numbers no body holds that look like the body's (`unknown`) or are one
//! character away from one of its certificates (`look_alike`, with that certificate's
//! number in `near_number`), and look-ups of its suspended or withdrawn certificates. Of the
//! verifier only the network of the last address is kept (`network`: a /24 or /48).

use crate::m20261128_000001_foundation::{a, big, fk, pk, text, text_null, ts, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0029_verification_lookups_rls.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut kind = text("kind");
        kind.check(Expr::cust(
            "kind IN ('unknown', 'look_alike', 'suspended', 'withdrawn')",
        ));
        let mut day = ColumnDef::new(Alias::new("day"));
        day.date().not_null();
        m.create_table(
            Table::create()
                .table(a("verification_lookups"))
                .col(uuid("tenant_id"))
                .col(day)
                .col(kind)
                .col(text("number"))
                .col(text_null("near_number"))
                .col(big("lookups"))
                .col(text_null("network"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "day", "kind", "number"]))
                .foreign_key(&mut fk(
                    "verification_lookups_tenant_fk",
                    "verification_lookups",
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
        m.drop_table(Table::drop().table(a("verification_lookups")).to_owned())
            .await
    }
}
