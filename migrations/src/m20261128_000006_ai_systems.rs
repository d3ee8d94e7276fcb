//! The AI-system inventory of a client (ISO/IEC 42001 clients; ISO/IEC 42006 uses the
//! organisation's AI role for audit time).

use crate::m20261128_000001_foundation::{a, fk, index, pk, text, text_null, ts, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0006_ai_systems_rls.sql");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(a("client_ai_systems"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("client_id"))
                .col(text("name"))
                .col(text("purpose"))
                .col(text("ai_role"))
                .col(text_null("data_used"))
                .col(text_null("decisions_influenced"))
                .col(text("impact_level"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "client_ai_systems_client_fk",
                    "client_ai_systems",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "client_ai_systems_client_idx",
            "client_ai_systems",
            &["tenant_id", "client_id"],
        ))
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(a("client_ai_systems")).to_owned())
            .await
    }
}
