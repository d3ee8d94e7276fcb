//! Times shown in people's time zone: `tenants.time_zone` (the body's, `UTC` until set)
//! and `users.time_zone` (a person's own choice, which wins when set).

use crate::m20261128_000001_foundation::{a, text_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut zone = ColumnDef::new(a("time_zone"));
        zone.text().not_null().default("UTC");
        m.alter_table(
            Table::alter()
                .table(a("tenants"))
                .add_column(zone)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("users"))
                .add_column(text_null("time_zone"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["tenants", "users"] {
            m.alter_table(
                Table::alter()
                    .table(a(t))
                    .drop_column(a("time_zone"))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
