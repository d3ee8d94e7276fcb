//! What arrived since a person last looked: the auditor's dashboard lists the evidence
//! clients uploaded since the previous visit.
//!
//! - `memberships.dashboard_seen_at`: when the person last read their dashboard in this
//!   certification body (per person and body, so it lives on the membership, a tenant
//!   table under the existing row-level security; empty until the first visit).
//! - `evidence_versions.uploaded_by_client`: the client organisation whose user uploaded
//!   the version; empty when the certification body's staff did. Versions from before this
//!   migration take the origin of their item (`evidence_items.created_by_client`): a
//!   client user can only add versions to their organisation's own items.
//! - an index on `evidence_versions (tenant_id, completed_at)`, for "uploaded since".

use crate::m20261128_000001_foundation::{a, index, ts_null, uuid_null};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(a("memberships"))
                .add_column(ts_null("dashboard_seen_at"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("evidence_versions"))
                .add_column(uuid_null("uploaded_by_client"))
                .to_owned(),
        )
        .await?;
        backfill_origin(m).await?;
        m.create_index(index(
            "evidence_versions_completed_idx",
            "evidence_versions",
            &["tenant_id", "completed_at"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("evidence_versions_completed_idx")
                .table(a("evidence_versions"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("evidence_versions"))
                .drop_column(a("uploaded_by_client"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(a("memberships"))
                .drop_column(a("dashboard_seen_at"))
                .to_owned(),
        )
        .await
    }
}

/// Versions recorded before the column existed take their item's origin. Row-level
/// security is forced on the owner too: it is lifted for this statement on PostgreSQL so
/// that every tenant's rows are filled, then forced again.
async fn backfill_origin(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let c = m.get_connection();
    let backend = m.get_database_backend();
    let forced = backend == DbBackend::Postgres
        && c.query_one(Statement::from_string(
            backend,
            "SELECT 1 AS one FROM pg_class \
             WHERE oid = 'evidence_versions'::regclass AND relforcerowsecurity",
        ))
        .await?
        .is_some();
    if forced {
        c.execute_unprepared("ALTER TABLE evidence_versions NO FORCE ROW LEVEL SECURITY")
            .await?;
    }
    c.execute_unprepared(
        "UPDATE evidence_versions SET uploaded_by_client = \
           (SELECT i.created_by_client FROM evidence_items i \
             WHERE i.tenant_id = evidence_versions.tenant_id AND i.id = evidence_versions.item_id) \
         WHERE uploaded_by_client IS NULL",
    )
    .await?;
    if forced {
        c.execute_unprepared("ALTER TABLE evidence_versions FORCE ROW LEVEL SECURITY")
            .await?;
    }
    Ok(())
}
