//! A tenant's settings and audit-time tables, reminder bookkeeping, and the register of
//! the tenant's daily jobs.

use super::now;
use crate::dates;
use crate::db::{Backend, Conn};
use crate::entity::{audit_time_table, job_run, reminder_sent, tenant_setting};
use crate::{StoreError, TenantTx};
use certa_domain::outbox::MailKind;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

/// The tenant's settings as stored (JSON), if any were saved.
pub async fn get(tx: &TenantTx) -> Result<Option<String>, StoreError> {
    Ok(tenant_setting::Entity::find()
        .filter(tenant_setting::Column::TenantId.eq(tx.tid()))
        .one(tx.conn())
        .await?
        .map(|r| r.settings))
}

/// The tenant's settings as stored (JSON), read to be changed: on PostgreSQL the row is
/// created when missing (as `{}`, which reads as the defaults) and locked until the
/// transaction ends, so that two changes of the settings run one after the other and
/// neither writes back what the other replaced. SQLite runs one transaction at a time.
pub async fn get_for_update(tx: &TenantTx) -> Result<Option<String>, StoreError> {
    if tx.backend() != Backend::Postgres {
        return get(tx).await;
    }
    tenant_setting::Entity::insert(tenant_setting::ActiveModel {
        tenant_id: Set(tx.tid()),
        settings: Set("{}".into()),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::column(tenant_setting::Column::TenantId)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(tx.conn())
    .await?;
    Ok(tenant_setting::Entity::find()
        .filter(tenant_setting::Column::TenantId.eq(tx.tid()))
        .lock_exclusive()
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
    kind: MailKind,
    subject_key: &str,
    today: &str,
) -> Result<bool, StoreError> {
    let n = reminder_sent::Entity::insert(reminder_sent::ActiveModel {
        tenant_id: Set(tx.tid()),
        kind: Set(kind.into()),
        subject_key: Set(subject_key.to_string()),
        sent_on: Set(dates::day(today)?),
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

/// The state of a tenant's daily job for a day, as seen by a worker trying to claim it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobClaim {
    /// This worker holds it now, until the lease ends. `attempt` is the claim's number
    /// (each claim of the job and day counts one more): it fences the lease, so only this
    /// claim may renew or release it ([`renew_job`], [`release_job`]).
    Claimed { attempt: i32 },
    /// Another worker holds a lease on it that has not ended.
    Busy,
    /// Completed already.
    Done,
}

/// Claims the tenant's `job` for `day` until `lease_until`: a new row, or one whose
/// lease ended without completion (a failed or abandoned run). Conditional writes, so
/// of several workers exactly one claims it; the claim must be committed before the
/// work starts.
pub async fn claim_job(
    tx: &TenantTx,
    job: &str,
    day: &str,
    lease_until: chrono::DateTime<chrono::Utc>,
) -> Result<JobClaim, StoreError> {
    let n = job_run::Entity::insert(job_run::ActiveModel {
        tenant_id: Set(tx.tid()),
        job: Set(job.to_string()),
        day: Set(dates::day(day)?),
        claimed_until: Set(lease_until),
        attempts: Set(1),
        completed_at: Set(None),
    })
    .on_conflict(
        OnConflict::columns([
            job_run::Column::TenantId,
            job_run::Column::Job,
            job_run::Column::Day,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    if n > 0 {
        return Ok(JobClaim::Claimed { attempt: 1 });
    }
    let r = job_run::Entity::update_many()
        .col_expr(job_run::Column::ClaimedUntil, Expr::value(lease_until))
        .col_expr(
            job_run::Column::Attempts,
            Expr::col(job_run::Column::Attempts).add(1),
        )
        .filter(job_run::Column::TenantId.eq(tx.tid()))
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::Day.eq(dates::day(day)?))
        .filter(job_run::Column::CompletedAt.is_null())
        .filter(job_run::Column::ClaimedUntil.lt(now()))
        .exec(tx.conn())
        .await?;
    let took_over = r.rows_affected > 0;
    let row = job_run::Entity::find()
        .filter(job_run::Column::TenantId.eq(tx.tid()))
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::Day.eq(dates::day(day)?))
        .one(tx.conn())
        .await?;
    Ok(match row {
        // The row this transaction took over (it holds the row locked until it commits,
        // so the attempt read is its own).
        Some(r) if took_over => JobClaim::Claimed {
            attempt: r.attempts,
        },
        Some(r) if r.completed_at.is_some() => JobClaim::Done,
        _ => JobClaim::Busy,
    })
}

/// Extends the lease of the tenant's `job` for `day` to `lease_until`, if the claim
/// numbered `attempt` still holds it (a worker whose lease ran out and was taken over
/// changes nothing); false otherwise.
pub async fn renew_job(
    tx: &TenantTx,
    job: &str,
    day: &str,
    attempt: i32,
    lease_until: chrono::DateTime<chrono::Utc>,
) -> Result<bool, StoreError> {
    let r = job_run::Entity::update_many()
        .col_expr(job_run::Column::ClaimedUntil, Expr::value(lease_until))
        .filter(job_run::Column::TenantId.eq(tx.tid()))
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::Day.eq(dates::day(day)?))
        .filter(job_run::Column::Attempts.eq(attempt))
        .filter(job_run::Column::CompletedAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected > 0)
}

/// Forgets the tenant's completed runs of `job` for days before `day` (the register only
/// needs the days a worker may still be working on); answers how many went.
pub async fn forget_jobs_before(tx: &TenantTx, job: &str, day: &str) -> Result<u64, StoreError> {
    let r = job_run::Entity::delete_many()
        .filter(job_run::Column::TenantId.eq(tx.tid()))
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::Day.lt(dates::day(day)?))
        .filter(job_run::Column::CompletedAt.is_not_null())
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected)
}

/// Records the tenant's `job` for `day` as completed.
pub async fn complete_job(tx: &TenantTx, job: &str, day: &str) -> Result<(), StoreError> {
    job_run::Entity::update_many()
        .col_expr(job_run::Column::CompletedAt, Expr::value(Some(now())))
        .filter(job_run::Column::TenantId.eq(tx.tid()))
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::Day.eq(dates::day(day)?))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Ends the lease of the claim numbered `attempt` at once (a failed run, or a worker
/// shutting down), so the next round, of any worker, tries again; a lease another claim
/// holds now is left alone.
pub async fn release_job(
    tx: &TenantTx,
    job: &str,
    day: &str,
    attempt: i32,
) -> Result<(), StoreError> {
    // A lease that ended a second ago, set only by the claim's own holder.
    renew_job(tx, job, day, attempt, now() - chrono::Duration::seconds(1)).await?;
    Ok(())
}

/// When the tenant's `job` for `day` was completed, if it was.
pub async fn job_completed(
    tx: &TenantTx,
    job: &str,
    day: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, StoreError> {
    Ok(job_run::Entity::find()
        .filter(job_run::Column::TenantId.eq(tx.tid()))
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::Day.eq(dates::day(day)?))
        .one(tx.conn())
        .await?
        .and_then(|r| r.completed_at))
}
