//! Outbox leases held per row, and the purge of sent mail.
//!
//! - `lease_token`: the worker that claimed a row writes a fresh token with the lease
//!   (`run_after` is the lease's expiry). Marking a row sent or failed is conditional on
//!   the token, so a worker whose lease ran out (a slow SMTP server) and was taken over
//!   by another cannot overwrite the newer holder's outcome.
//! - `outbox_sent_idx`: the periodic purge finds sent rows older than the retention.
//! - PostgreSQL: the dispatcher's role may delete outbox rows (the purge of sent mail of
//!   no tenant, such as password-reset mails).

use crate::m20261128_000001_foundation::{a, index, uuid_null};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

// The trait's signature elides the manager's lifetime; naming it would not match the trait.
#[allow(
    elided_lifetimes_in_paths,
    reason = "the signature MigrationTrait declares"
)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(a("outbox"))
                .add_column(uuid_null("lease_token"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("outbox_sent_idx", "outbox", &["status", "sent_at"]))
            .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared("GRANT DELETE ON outbox TO certa_system")
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared("REVOKE DELETE ON outbox FROM certa_system")
                .await?;
        }
        m.drop_index(
            Index::drop()
                .name("outbox_sent_idx")
                .table(a("outbox"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("outbox"))
                .drop_column(a("lease_token"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
