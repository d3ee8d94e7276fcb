//! Pages and mails in people's language: `tenants.language` (the body's, `en` until set)
//! and `users.language` (a person's own choice, which wins when set). Both hold a language
//! tag Certa speaks (`en`, `de`).

use crate::m20261128_000001_foundation::{a, text_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut lang = ColumnDef::new(a("language"));
        lang.text().not_null().default("en");
        m.alter_table(
            Table::alter()
                .table(a("tenants"))
                .add_column(lang)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("users"))
                .add_column(text_null("language"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["tenants", "users"] {
            m.alter_table(
                Table::alter()
                    .table(a(t))
                    .drop_column(a("language"))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
