//! The audit trail and the outbox, as admins see them.

use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::outbox::OutboxStatus;
use certa_domain::{Action, OutboxId};
use certa_store::repo::audit::{self, AuditEvent, Integrity};
use certa_store::repo::outbox::{self, OutboxRow};
use serde_json::json;

/// Largest page of audit events or outbox rows.
pub const MAX_PAGE: u64 = 200;

/// A page of events, newest first, before `before_seq` if given.
pub async fn events(
    ctx: &Ctx,
    p: &Principal,
    before_seq: Option<i64>,
    limit: u64,
) -> Result<Vec<AuditEvent>, ServiceError> {
    let t = p.authorize(Action::ViewAuditTrail)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = audit::list(&tx, before_seq, limit.clamp(1, MAX_PAGE)).await?;
    tx.commit().await?;
    Ok(list)
}

/// Checks the tenant's chain.
pub async fn verify(ctx: &Ctx, p: &Principal) -> Result<Integrity, ServiceError> {
    let t = p.authorize(Action::ViewAuditTrail)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let r = audit::verify(&tx).await?;
    tx.commit().await?;
    Ok(r)
}

/// The tenant's outbox, newest first.
pub async fn outbox(
    ctx: &Ctx,
    p: &Principal,
    status: Option<&str>,
) -> Result<Vec<OutboxRow>, ServiceError> {
    let t = p.authorize(Action::ManageOutbox)?;
    if let Some(s) = status
        && s.parse::<OutboxStatus>().is_err()
    {
        return Err(ServiceError::Invalid {
            field: "status",
            code: ErrorCode::InvalidStatus,
            message: "status must be pending, sent or dead".into(),
        });
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = outbox::list(&tx, status, MAX_PAGE).await?;
    tx.commit().await?;
    Ok(list)
}

/// Puts a dead mail back in the queue.
pub async fn retry(ctx: &Ctx, p: &Principal, id: OutboxId) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManageOutbox)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let row = outbox::by_id(&tx, id)
        .await?
        .ok_or(ServiceError::not_found("mail", ErrorCode::OutboxNotFound))?;
    if !outbox::retry(&tx, id).await? {
        return Err(ServiceError::conflict(
            ErrorCode::OutboxNotDead,
            "only dead mails can be retried",
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "outbox.retried",
        &format!("outbox:{id}"),
        json!({"kind": row.kind, "recipient": row.recipient}),
    )
    .await?;
    tx.commit().await?;
    ctx.ring();
    Ok(())
}
