//! Secret calendar-feed links of auditors (for calendar apps that cannot send a token).

use crate::m20261128_000001_foundation::{a, fk, pk, text, ts, unique, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0007_calendar_links_rls.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(a("calendar_links"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("auditor_id"))
                .col(text("token_hash"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "calendar_links_auditor_fk",
                    "calendar_links",
                    &["tenant_id", "auditor_id"],
                    "auditors",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "calendar_links_token_key",
            "calendar_links",
            &["token_hash"],
        ))
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(a("calendar_links")).to_owned())
            .await
    }
}
