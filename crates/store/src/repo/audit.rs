//! The tamper-evident audit trail: append inside the business transaction, list, verify.

use super::now;
use crate::db::Conn;
use crate::entity::{audit_event, audit_head};
use crate::{Backend, StoreError, TenantTx};
use certa_domain::UserId;
use certa_domain::audit::{EventFields, GENESIS_HASH, contains_secret_keys, event_hash};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::Value;

/// A row of `audit_events`: the append-only, hash-chained audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    pub tenant_id: uuid::Uuid,
    pub seq: i64,
    pub id: uuid::Uuid,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    pub actor_id: Option<uuid::Uuid>,
    pub actor_label: String,
    pub action: String,
    pub subject: String,
    pub data: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

impl From<audit_event::Model> for AuditEvent {
    fn from(m: audit_event::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            seq: m.seq,
            id: m.id,
            occurred_at: m.occurred_at,
            actor_id: m.actor_id,
            actor_label: m.actor_label,
            action: m.action,
            subject: m.subject,
            data: m.data,
            prev_hash: m.prev_hash,
            hash: m.hash,
        }
    }
}

impl From<AuditEvent> for audit_event::Model {
    fn from(r: AuditEvent) -> Self {
        Self {
            tenant_id: r.tenant_id,
            seq: r.seq,
            id: r.id,
            occurred_at: r.occurred_at,
            actor_id: r.actor_id,
            actor_label: r.actor_label,
            action: r.action,
            subject: r.subject,
            data: r.data,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

/// Who performed an action.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The user, when a person (or their token) acted.
    pub user: Option<UserId>,
    /// A readable label kept with the event ("Ada Lovelace", "cli", "system").
    pub label: String,
}

impl Actor {
    /// The command-line administrator.
    pub fn cli() -> Self {
        Self {
            user: None,
            label: "cli".into(),
        }
    }
    /// Certa itself (scheduled jobs).
    pub fn system() -> Self {
        Self {
            user: None,
            label: "system".into(),
        }
    }
}

/// Appends one event to the tenant's chain. Runs in the caller's transaction, so the
/// event exists exactly when the change it describes does.
pub async fn append(
    tx: &TenantTx,
    actor: &Actor,
    action: &str,
    subject: &str,
    data: Value,
) -> Result<AuditEvent, StoreError> {
    if contains_secret_keys(&data) {
        return Err(StoreError::custom(format!(
            "audit event {action} would store a secret; refused"
        )));
    }
    // Create the head lazily, then lock it: the lock serialises appends per tenant.
    audit_head::Entity::insert(audit_head::ActiveModel {
        tenant_id: Set(tx.tid()),
        last_seq: Set(0),
        last_hash: Set(GENESIS_HASH.to_string()),
    })
    .on_conflict(
        OnConflict::column(audit_head::Column::TenantId)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(tx.conn())
    .await?;
    let mut q = audit_head::Entity::find().filter(audit_head::Column::TenantId.eq(tx.tid()));
    if tx.backend() == Backend::Postgres {
        q = q.lock_exclusive();
    }
    let head = q.one(tx.conn()).await?.ok_or(StoreError::NotFound)?;

    let seq = head.last_seq + 1;
    let occurred_at = now();
    let hash = event_hash(&EventFields {
        tenant_id: tx.tid(),
        seq,
        occurred_at,
        actor_id: actor.user.map(|u| u.0),
        actor_label: &actor.label,
        action,
        subject,
        data: &data,
        prev_hash: &head.last_hash,
    });
    let ev = audit_event::ActiveModel {
        tenant_id: Set(tx.tid()),
        seq: Set(seq),
        id: Set(uuid::Uuid::now_v7()),
        occurred_at: Set(occurred_at),
        actor_id: Set(actor.user.map(|u| u.0)),
        actor_label: Set(actor.label.clone()),
        action: Set(action.to_string()),
        subject: Set(subject.to_string()),
        data: Set(data),
        prev_hash: Set(head.last_hash.clone()),
        hash: Set(hash.clone()),
    }
    .insert(tx.conn())
    .await?;
    audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::LastSeq,
            sea_orm::sea_query::Expr::value(seq),
        )
        .col_expr(
            audit_head::Column::LastHash,
            sea_orm::sea_query::Expr::value(hash),
        )
        .filter(audit_head::Column::TenantId.eq(tx.tid()))
        .exec(tx.conn())
        .await?;
    Ok(ev.into())
}

/// Events newest first, before `before_seq` when given (cursor pagination).
pub async fn list(
    tx: &TenantTx,
    before_seq: Option<i64>,
    limit: u64,
) -> Result<Vec<AuditEvent>, StoreError> {
    let mut q = audit_event::Entity::find().filter(audit_event::Column::TenantId.eq(tx.tid()));
    if let Some(b) = before_seq {
        q = q.filter(audit_event::Column::Seq.lt(b));
    }
    Ok(q.order_by_desc(audit_event::Column::Seq)
        .limit(limit)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The events whose subject is one of `subjects`, oldest first (in sequence order), read
/// in batches of subjects so any number can be asked.
pub async fn concerning(tx: &TenantTx, subjects: &[String]) -> Result<Vec<AuditEvent>, StoreError> {
    const BATCH: usize = 500;
    let mut out: Vec<AuditEvent> = Vec::new();
    for chunk in subjects.chunks(BATCH) {
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::TenantId.eq(tx.tid()))
            .filter(audit_event::Column::Subject.is_in(chunk.iter().cloned()))
            .order_by_asc(audit_event::Column::Seq)
            .all(tx.conn())
            .await?;
        out.extend(rows.into_iter().map(AuditEvent::from));
    }
    out.sort_by_key(|e| e.seq);
    out.dedup_by_key(|e| e.seq);
    Ok(out)
}

/// The outcome of checking a tenant's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integrity {
    /// Every event links to the one before and hashes to its stored hash.
    Intact { events: i64 },
    /// The first sequence number where the chain breaks, and why.
    Broken { seq: i64, reason: String },
}

/// Walks the whole chain in sequence order, in pages, and checks every link.
pub async fn verify(tx: &TenantTx) -> Result<Integrity, StoreError> {
    const PAGE: u64 = 1000;
    let mut expected_seq = 1_i64;
    let mut prev_hash = GENESIS_HASH.to_string();
    loop {
        let page = audit_event::Entity::find()
            .filter(audit_event::Column::TenantId.eq(tx.tid()))
            .filter(audit_event::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_event::Column::Seq)
            .limit(PAGE)
            .all(tx.conn())
            .await?;
        let n = page.len();
        for ev in page {
            if ev.seq != expected_seq {
                return Ok(Integrity::Broken {
                    seq: expected_seq,
                    reason: format!("event {expected_seq} is missing"),
                });
            }
            if ev.prev_hash != prev_hash {
                return Ok(Integrity::Broken {
                    seq: ev.seq,
                    reason: "previous-hash link does not match".into(),
                });
            }
            let recomputed = event_hash(&EventFields {
                tenant_id: ev.tenant_id,
                seq: ev.seq,
                occurred_at: ev.occurred_at,
                actor_id: ev.actor_id,
                actor_label: &ev.actor_label,
                action: &ev.action,
                subject: &ev.subject,
                data: &ev.data,
                prev_hash: &ev.prev_hash,
            });
            if recomputed != ev.hash {
                return Ok(Integrity::Broken {
                    seq: ev.seq,
                    reason: "content does not match its hash".into(),
                });
            }
            prev_hash = ev.hash;
            expected_seq += 1;
        }
        if (n as u64) < PAGE {
            break;
        }
    }
    let head = audit_head::Entity::find()
        .filter(audit_head::Column::TenantId.eq(tx.tid()))
        .one(tx.conn())
        .await?;
    let (head_seq, head_hash) = head
        .map(|h| (h.last_seq, h.last_hash))
        .unwrap_or((0, GENESIS_HASH.to_string()));
    let last = expected_seq - 1;
    if head_seq != last {
        return Ok(Integrity::Broken {
            seq: last + 1,
            reason: format!("events after {last} are missing (the chain head is at {head_seq})"),
        });
    }
    if head_hash != prev_hash {
        return Ok(Integrity::Broken {
            seq: last.max(1),
            reason: "chain head hash does not match the last event".into(),
        });
    }
    Ok(Integrity::Intact { events: last })
}
