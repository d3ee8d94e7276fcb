//! The outbox: side effects enqueued in the business transaction, dispatched later.

use super::now;
use crate::DbEnum;
use crate::db::Conn;
use crate::entity::outbox;
use crate::{Backend, StoreError, SystemTx, TenantTx, Tx};
use certa_domain::OutboxId;
use certa_domain::outbox::{MailKind, OutboxStatus};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde_json::Value;

/// A row of `outbox`: side effects (mails) written in the transaction that causes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: uuid::Uuid,
    pub tenant_id: Option<uuid::Uuid>,
    pub kind: MailKind,
    pub recipient: String,
    pub payload: serde_json::Value,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub run_after: chrono::DateTime<chrono::Utc>,
    pub last_error: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Who holds the lease (set when claimed; `run_after` is the lease's expiry).
    pub lease_token: Option<uuid::Uuid>,
}

impl From<outbox::Model> for OutboxRow {
    fn from(m: outbox::Model) -> Self {
        Self {
            id: m.id,
            tenant_id: m.tenant_id,
            kind: m.kind.0,
            recipient: m.recipient,
            payload: m.payload,
            status: m.status.0,
            attempts: m.attempts,
            run_after: m.run_after,
            last_error: m.last_error,
            created_at: m.created_at,
            sent_at: m.sent_at,
            lease_token: m.lease_token,
        }
    }
}

impl From<OutboxRow> for outbox::Model {
    fn from(r: OutboxRow) -> Self {
        Self {
            id: r.id,
            tenant_id: r.tenant_id,
            kind: DbEnum(r.kind),
            recipient: r.recipient,
            payload: r.payload,
            status: DbEnum(r.status),
            attempts: r.attempts,
            run_after: r.run_after,
            last_error: r.last_error,
            created_at: r.created_at,
            sent_at: r.sent_at,
            lease_token: r.lease_token,
        }
    }
}

/// Waiting to be sent (or to be retried).
pub const PENDING: OutboxStatus = OutboxStatus::Pending;
/// Delivered.
pub const SENT: OutboxStatus = OutboxStatus::Sent;
/// Failed permanently, or too many times; an admin may retry it.
pub const DEAD: OutboxStatus = OutboxStatus::Dead;

fn row(
    tenant: Option<uuid::Uuid>,
    kind: MailKind,
    recipient: &str,
    payload: Value,
) -> outbox::ActiveModel {
    let t = now();
    outbox::ActiveModel {
        id: Set(OutboxId::new().0),
        tenant_id: Set(tenant),
        kind: Set(kind.into()),
        recipient: Set(recipient.to_string()),
        payload: Set(payload),
        status: Set(PENDING.into()),
        attempts: Set(0),
        run_after: Set(t),
        last_error: Set(None),
        created_at: Set(t),
        sent_at: Set(None),
        lease_token: Set(None),
    }
}

/// Enqueues a tenant's mail in the caller's transaction.
pub async fn enqueue(
    tx: &TenantTx,
    kind: MailKind,
    recipient: &str,
    payload: Value,
) -> Result<OutboxRow, StoreError> {
    Ok(row(Some(tx.tid()), kind, recipient, payload)
        .insert(tx.conn())
        .await?
        .into())
}

/// Enqueues a mail that belongs to no tenant (password reset). Written without
/// `RETURNING`: on PostgreSQL the application may insert such rows but not read them back
/// (only the dispatcher's role can).
pub async fn enqueue_global(
    tx: &impl Tx,
    kind: MailKind,
    recipient: &str,
    payload: Value,
) -> Result<(), StoreError> {
    outbox::Entity::insert(row(None, kind, recipient, payload))
        .exec_without_returning(tx.conn())
        .await?;
    Ok(())
}

/// The tenant's outbox, newest first, optionally one status only.
pub async fn list(
    tx: &TenantTx,
    status: Option<&str>,
    limit: u64,
) -> Result<Vec<OutboxRow>, StoreError> {
    let mut q = outbox::Entity::find().filter(outbox::Column::TenantId.eq(tx.tid()));
    if let Some(s) = status {
        q = q.filter(outbox::Column::Status.eq(s));
    }
    Ok(q.order_by_desc(outbox::Column::CreatedAt)
        .limit(limit)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Finds one of the tenant's outbox rows.
pub async fn by_id(tx: &TenantTx, id: OutboxId) -> Result<Option<OutboxRow>, StoreError> {
    Ok(outbox::Entity::find()
        .filter(outbox::Column::TenantId.eq(tx.tid()))
        .filter(outbox::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Puts a dead row back in the queue; false when it was not dead.
pub async fn retry(tx: &TenantTx, id: OutboxId) -> Result<bool, StoreError> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(DbEnum(PENDING)))
        .col_expr(outbox::Column::RunAfter, Expr::value(now()))
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .filter(outbox::Column::TenantId.eq(tx.tid()))
        .filter(outbox::Column::Id.eq(id.0))
        .filter(outbox::Column::Status.eq(DbEnum(DEAD)))
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// A claimed batch: the rows, and the token that proves the lease on them.
#[derive(Debug)]
pub struct Claimed {
    /// The rows claimed, as they were before the claim.
    pub rows: Vec<OutboxRow>,
    /// Written into each row's `lease_token`; every later change must present it.
    pub lease: uuid::Uuid,
}

/// Claims up to `limit` due rows of every tenant and leases them until `lease_until`
/// under a fresh lease token, so a crashed worker's rows come back after the lease and a
/// worker whose lease ran out can no longer change them. On PostgreSQL concurrent workers
/// skip each other's locked rows (`FOR UPDATE SKIP LOCKED`); on SQLite the single
/// connection makes the select-and-lease atomic.
pub async fn claim(
    tx: &SystemTx,
    limit: u64,
    lease_until: DateTime<Utc>,
) -> Result<Claimed, StoreError> {
    let t = now();
    let lease = uuid::Uuid::new_v4();
    let mut q = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(DbEnum(PENDING)))
        .filter(outbox::Column::RunAfter.lte(t))
        .order_by_asc(outbox::Column::RunAfter)
        .limit(limit);
    if tx.backend() == Backend::Postgres {
        q = q.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let rows = q.all(tx.conn()).await?;
    if rows.is_empty() {
        return Ok(Claimed {
            rows: rows.into_iter().map(Into::into).collect(),
            lease,
        });
    }
    outbox::Entity::update_many()
        .col_expr(outbox::Column::RunAfter, Expr::value(lease_until))
        .col_expr(outbox::Column::LeaseToken, Expr::value(Some(lease)))
        .filter(outbox::Column::Id.is_in(rows.iter().map(|r| r.id)))
        .exec(tx.conn())
        .await?;
    Ok(Claimed {
        rows: rows.into_iter().map(Into::into).collect(),
        lease,
    })
}

/// Extends the lease on one row; false when the lease is no longer held (another worker
/// took the row over after the lease ran out, or it is no longer pending). Holding is
/// the token, not the clock: until someone else claims the row, its holder may renew.
pub async fn renew(
    tx: &SystemTx,
    id: uuid::Uuid,
    lease: uuid::Uuid,
    until: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::RunAfter, Expr::value(until))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::LeaseToken.eq(lease))
        .filter(outbox::Column::Status.eq(DbEnum(PENDING)))
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Gives back the rows still leased under `lease` (a batch a stopping worker will not
/// send): they are due again at once, for any worker, instead of when the lease would
/// have ended. Rows another worker took over, or already sent or failed, are left alone;
/// answers how many went back.
pub async fn release(tx: &SystemTx, lease: uuid::Uuid) -> Result<u64, StoreError> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::RunAfter, Expr::value(now()))
        .col_expr(
            outbox::Column::LeaseToken,
            Expr::value(Option::<uuid::Uuid>::None),
        )
        .filter(outbox::Column::LeaseToken.eq(lease))
        .filter(outbox::Column::Status.eq(DbEnum(PENDING)))
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected)
}

/// Payload fields that carry a secret (a link that signs its reader in, joins a tenant
/// or answers for a client). They are needed to render the mail and nothing after it.
pub const SECRET_FIELDS: &[&str] = &["link"];

/// The payload without its secrets: each secret field is removed and recorded as
/// `<field>_removed: true`, so the row still says what it was.
pub fn without_secrets(payload: &Value) -> Value {
    let mut out = payload.clone();
    if let Some(obj) = out.as_object_mut() {
        for f in SECRET_FIELDS {
            if obj.remove(*f).is_some() {
                obj.insert(format!("{f}_removed"), Value::Bool(true));
            }
        }
    }
    out
}

/// Marks a row delivered, if the lease is still held, and removes the secrets from its
/// payload (see [`SECRET_FIELDS`]). False when the lease was lost: the row is left to
/// its new holder.
pub async fn mark_sent(
    tx: &SystemTx,
    row: &OutboxRow,
    lease: uuid::Uuid,
    attempts: i32,
) -> Result<bool, StoreError> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(DbEnum(SENT)))
        .col_expr(outbox::Column::SentAt, Expr::value(Some(now())))
        .col_expr(outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            outbox::Column::Payload,
            Expr::value(without_secrets(&row.payload)),
        )
        .col_expr(
            outbox::Column::LeaseToken,
            Expr::value(Option::<uuid::Uuid>::None),
        )
        .filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::LeaseToken.eq(lease))
        .filter(outbox::Column::Status.eq(DbEnum(PENDING)))
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records a failed attempt, if the lease is still held: retry at `retry_at`, or dead
/// when `retry_at` is `None`. False when the lease was lost.
pub async fn mark_failed(
    tx: &SystemTx,
    id: uuid::Uuid,
    lease: uuid::Uuid,
    attempts: i32,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<bool, StoreError> {
    let mut q = outbox::Entity::update_many()
        .col_expr(outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Some(error.chars().take(1000).collect::<String>())),
        )
        .col_expr(
            outbox::Column::LeaseToken,
            Expr::value(Option::<uuid::Uuid>::None),
        );
    q = match retry_at {
        Some(at) => q
            .col_expr(outbox::Column::RunAfter, Expr::value(at))
            .col_expr(outbox::Column::Status, Expr::value(DbEnum(PENDING))),
        None => q.col_expr(outbox::Column::Status, Expr::value(DbEnum(DEAD))),
    };
    let res = q
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::LeaseToken.eq(lease))
        .filter(outbox::Column::Status.eq(DbEnum(PENDING)))
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Deletes the tenant's sent rows delivered before `sent_before`, and its dead rows
/// created before it (their links expired long ago); answers how many.
pub async fn purge(tx: &TenantTx, before: DateTime<Utc>) -> Result<u64, StoreError> {
    Ok(outbox::Entity::delete_many()
        .filter(outbox::Column::TenantId.eq(tx.tid()))
        .filter(finished_before(before))
        .exec(tx.conn())
        .await?
        .rows_affected)
}

/// Deletes the sent (and dead) rows that belong to no tenant (password-reset mails)
/// finished before `before`; answers how many.
pub async fn purge_global(tx: &SystemTx, before: DateTime<Utc>) -> Result<u64, StoreError> {
    Ok(outbox::Entity::delete_many()
        .filter(outbox::Column::TenantId.is_null())
        .filter(finished_before(before))
        .exec(tx.conn())
        .await?
        .rows_affected)
}

fn finished_before(before: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(
            Condition::all()
                .add(outbox::Column::Status.eq(DbEnum(SENT)))
                .add(outbox::Column::SentAt.lt(before)),
        )
        .add(
            Condition::all()
                .add(outbox::Column::Status.eq(DbEnum(DEAD)))
                .add(outbox::Column::CreatedAt.lt(before)),
        )
}

/// Counts of rows by status across all tenants (for metrics).
pub async fn counts(tx: &SystemTx) -> Result<Vec<(String, i64)>, StoreError> {
    let mut out = Vec::new();
    for s in [PENDING, SENT, DEAD] {
        let n = outbox::Entity::find()
            .filter(Condition::all().add(outbox::Column::Status.eq(DbEnum(s))))
            .count_rows(tx)
            .await?;
        out.push((s.to_string(), n));
    }
    Ok(out)
}

trait CountRows {
    async fn count_rows(self, tx: &SystemTx) -> Result<i64, StoreError>;
}

impl CountRows for sea_orm::Select<outbox::Entity> {
    async fn count_rows(self, tx: &SystemTx) -> Result<i64, StoreError> {
        use sea_orm::PaginatorTrait;
        Ok(self.count(tx.conn()).await? as i64)
    }
}
