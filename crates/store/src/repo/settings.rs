//! A tenant's settings and audit-time tables, reminder bookkeeping, and the global
//! register of daily scheduler runs.

use super::now;
use crate::entity::{audit_time_table, reminder_sent, scheduler_run, tenant_setting};
use crate::{StoreError, TenantTx, Tx};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// The tenant's settings as stored (JSON), if any were saved.
pub async fn get(tx: &TenantTx) -> Result<Option<String>, StoreError> {
    Ok(tenant_setting::Entity::find()
        .filter(tenant_setting::Column::TenantId.eq(tx.tid()))
        .one(tx.conn())
        .await?
        .map(|r| r.settings))
}

/// Saves the tenant's settings (JSON).
pub async fn put(tx: &TenantTx, json: String) -> Result<(), StoreError> {
    tenant_setting::Entity::insert(tenant_setting::ActiveModel {
        tenant_id: Set(tx.tid()),
        settings: Set(json),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::column(tenant_setting::Column::TenantId)
            .update_columns([
                tenant_setting::Column::Settings,
                tenant_setting::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

/// The tenant's own audit-time tables (JSON definitions), by id.
pub async fn tables(tx: &TenantTx) -> Result<Vec<(String, String)>, StoreError> {
    Ok(audit_time_table::Entity::find()
        .filter(audit_time_table::Column::TenantId.eq(tx.tid()))
        .order_by_asc(audit_time_table::Column::TableId)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|r| (r.table_id, r.definition))
        .collect())
}

/// Saves the tenant's version of a table.
pub async fn put_table(tx: &TenantTx, id: &str, json: String) -> Result<(), StoreError> {
    audit_time_table::Entity::insert(audit_time_table::ActiveModel {
        tenant_id: Set(tx.tid()),
        table_id: Set(id.to_string()),
        definition: Set(json),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([
            audit_time_table::Column::TenantId,
            audit_time_table::Column::TableId,
        ])
        .update_columns([
            audit_time_table::Column::Definition,
            audit_time_table::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

/// Drops the tenant's version of a table; `false` when there was none.
pub async fn delete_table(tx: &TenantTx, id: &str) -> Result<bool, StoreError> {
    let r = audit_time_table::Entity::delete_many()
        .filter(audit_time_table::Column::TenantId.eq(tx.tid()))
        .filter(audit_time_table::Column::TableId.eq(id))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected > 0)
}

/// Records that a reminder was sent; `false` when it already was (by this or another
/// worker): the caller sends only when this returns `true`, in the same transaction.
pub async fn claim_reminder(
    tx: &TenantTx,
    kind: &str,
    subject_key: &str,
    today: &str,
) -> Result<bool, StoreError> {
    let n = reminder_sent::Entity::insert(reminder_sent::ActiveModel {
        tenant_id: Set(tx.tid()),
        kind: Set(kind.to_string()),
        subject_key: Set(subject_key.to_string()),
        sent_on: Set(today.to_string()),
    })
    .on_conflict(
        OnConflict::columns([
            reminder_sent::Column::TenantId,
            reminder_sent::Column::Kind,
            reminder_sent::Column::SubjectKey,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    Ok(n > 0)
}

/// Claims a daily job for `day`; `false` when a worker already claimed it.
pub async fn claim_run(tx: &impl Tx, job: &str, day: &str) -> Result<bool, StoreError> {
    let n = scheduler_run::Entity::insert(scheduler_run::ActiveModel {
        job: Set(job.to_string()),
        day: Set(day.to_string()),
        started_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([scheduler_run::Column::Job, scheduler_run::Column::Day])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    Ok(n > 0)
}
