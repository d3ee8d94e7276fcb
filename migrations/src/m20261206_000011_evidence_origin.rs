//! Who attached an evidence item: `evidence_items.created_by_client` holds the client
//! organisation whose user created it, and stays empty when the certification body did.
//! A client user may withdraw (or add versions to) only their organisation's own items,
//! never what the certification body attached.
//!
//! Items from before this migration have no origin recorded: they count as attached by
//! the certification body (closed by default), so only staff may withdraw them.
//!
//! Upload states need no schema change: `evidence_versions.status` is free text checked by
//! the application (`pending`, `receiving`, `received`, `available`, `rejected`,
//! `expired`, `purged`).

use crate::m20261128_000001_foundation::{a, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(a("evidence_items"))
                .add_column(uuid_null("created_by_client"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(a("evidence_items"))
                .drop_column(a("created_by_client"))
                .to_owned(),
        )
        .await
    }
}
