//! Indexes for the listings that read a whole tenant's range of rows:
//!
//! - the calendars ask for the audits that overlap a period (`starts_on <= last day and
//!   ends_on >= first day`). Indexed by end date first, a month reads the audits that end
//!   on or after it, which stay few however long the history grows; the start date in
//!   the same index settles the other bound without reading the rows. It replaces the
//!   index by start date, which read the whole history before the month.
//! - the dashboard asks for the planned programme entries due by a date, earliest first.

use crate::m20261128_000001_foundation::{a, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(
            "audits_period_idx",
            "audits",
            &["tenant_id", "ends_on", "starts_on"],
        ))
        .await?;
        m.drop_index(
            Index::drop()
                .name("audits_dates_idx")
                .table(a("audits"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "programme_audits_due_idx",
            "programme_audits",
            &["tenant_id", "status", "due_by"],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("programme_audits_due_idx")
                .table(a("programme_audits"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "audits_dates_idx",
            "audits",
            &["tenant_id", "starts_on"],
        ))
        .await?;
        m.drop_index(
            Index::drop()
                .name("audits_period_idx")
                .table(a("audits"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
