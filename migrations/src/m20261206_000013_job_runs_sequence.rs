//! Daily jobs recorded per tenant, job and day (`job_runs`: claimed with a lease,
//! completed once); the iCalendar `sequence` of a scheduled audit, incremented on every
//! change so calendar apps take the new version; and a cancelled audit no longer holds its
//! programme entry (one audit per entry among those not cancelled).

use crate::m20261128_000001_foundation::{a, fk, int, pk, text, ts, ts_null, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0013_job_runs_rls.sql");

// The trait's signature elides the manager's lifetime; naming it would not match the trait.
#[allow(
    elided_lifetimes_in_paths,
    reason = "the signature MigrationTrait declares"
)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(a("job_runs"))
                .col(uuid("tenant_id"))
                .col(text("job"))
                .col(text("day"))
                .col(ts("claimed_until"))
                .col(int("attempts"))
                .col(ts_null("completed_at"))
                .primary_key(&mut pk(&["tenant_id", "job", "day"]))
                .foreign_key(&mut fk(
                    "job_runs_tenant_fk",
                    "job_runs",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("audits"))
                .add_column(int("sequence"))
                .to_owned(),
        )
        .await?;
        // A partial unique index, the same statement on SQLite and PostgreSQL.
        let c = m.get_connection();
        c.execute_unprepared("DROP INDEX audits_programme_audit_key")
            .await?;
        c.execute_unprepared(
            "CREATE UNIQUE INDEX audits_programme_audit_key ON audits (tenant_id, programme_audit_id) \
             WHERE status <> 'cancelled'",
        )
        .await?;
        if m.get_database_backend() == DbBackend::Postgres {
            c.execute_unprepared(PG_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared("DROP INDEX audits_programme_audit_key")
            .await?;
        c.execute_unprepared(
            "CREATE UNIQUE INDEX audits_programme_audit_key ON audits (tenant_id, programme_audit_id)",
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("audits"))
                .drop_column(a("sequence"))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(a("job_runs")).to_owned())
            .await?;
        Ok(())
    }
}
