//! Client objections to team members (ISO/IEC 17021-1 9.2.3).

use super::*;
use crate::mail::Mail;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::team::ObjectionStatus;
use certa_domain::team::{self, Finding};
use certa_domain::{Action, AuditId, AuditorId};
use certa_store::TenantTx;
use certa_store::repo::audits::{self, ScheduledAudit};
use certa_store::repo::{audit, personnel};
use chrono::NaiveDate;
use serde_json::json;

/// Blocking findings for members the client objected to: an open objection waits for the
/// scheduler's decision, an upheld one means the member must be replaced (or the
/// confirmation overridden with a justification); a dismissed one no longer counts.
pub(crate) async fn objection_findings(
    tx: &TenantTx,
    a: &ScheduledAudit,
    inputs: &[MemberInput],
) -> Result<Vec<Finding>, ServiceError> {
    let mut out = Vec::new();
    for o in audits::objections(tx, AuditId(a.id)).await? {
        if o.status == ObjectionStatus::Dismissed
            || !inputs.iter().any(|m| m.auditor_id == o.auditor_id)
        {
            continue;
        }
        let name = personnel::by_id(tx, AuditorId(o.auditor_id))
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        out.push(Finding {
            code: team::FindingCode::ClientObjection,
            severity: team::Severity::Blocking,
            member: Some(o.auditor_id),
            message: format!(
                "the client objected to {name} ({}): {}",
                if o.status == ObjectionStatus::Open {
                    "not yet decided"
                } else {
                    "objection upheld"
                },
                o.reason
            ),
            clause: "ISO/IEC 17021-1 9.2.3",
        });
    }
    Ok(out)
}

/// The objection deadline for a proposal made `today`: `today + days`, but never on or
/// after the audit's first day (the client must be able to object before the audit), and
/// never before today.
pub fn objection_deadline(today: NaiveDate, days: u32, starts_on: NaiveDate) -> NaiveDate {
    // Checked: a stored start may be any date the database holds.
    let wanted = today
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(today);
    let before_start = starts_on.pred_opt().unwrap_or(starts_on);
    wanted.min(before_start).max(today)
}

/// Sends the client's contacts the proposed team with a personal link to object before
/// the deadline; earlier links of the audit stop working.
pub(crate) async fn mail_team_proposed(
    ctx: &Ctx,
    tx: &TenantTx,
    a: &ScheduledAudit,
    members: &[MemberInput],
    deadline: NaiveDate,
) -> Result<usize, ServiceError> {
    audits::drop_objection_links(tx, AuditId(a.id)).await?;
    let client = certa_store::repo::clients::by_id(tx, certa_domain::ClientId(a.client_id))
        .await?
        .ok_or(ServiceError::not_found("client", ErrorCode::ClientNotFound))?;
    let mut team = Vec::new();
    for m in members {
        if let Some(r) = personnel::by_id(tx, AuditorId(m.auditor_id)).await? {
            team.push(format!("{} ({})", r.name, role(&m.role)?.label()));
        }
    }
    let mut sent = 0;
    for c in certa_store::repo::clients::contacts(tx, certa_domain::ClientId(client.id)).await? {
        if !c.receives_mail {
            continue;
        }
        let secret = crate::secrets::random_token();
        audits::add_objection_link(
            tx,
            AuditId(a.id),
            crate::secrets::token_hash(&secret),
            &c.email,
            &deadline.to_string(),
        )
        .await?;
        crate::mail::enqueue(
            tx,
            &c.email,
            &Mail::TeamProposed {
                client_name: client.legal_name.clone(),
                kind: a.kind.label().to_string(),
                starts_on: a.starts_on.to_string(),
                ends_on: a.ends_on.to_string(),
                team: team.clone(),
                deadline: deadline.to_string(),
                link: format!("{}/objections/{secret}", ctx.config.public_url),
            },
        )
        .await?;
        sent += 1;
    }
    Ok(sent)
}

/// An objection as shown, with the member's name.
#[derive(Debug, Clone)]
pub struct ObjectionView {
    pub objection: audits::Objection,
    pub auditor_name: String,
}

pub(crate) async fn objection_views(
    tx: &TenantTx,
    id: AuditId,
) -> Result<Vec<ObjectionView>, ServiceError> {
    let mut out = Vec::new();
    for o in audits::objections(tx, id).await? {
        let auditor_name = personnel::by_id(tx, AuditorId(o.auditor_id))
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        out.push(ObjectionView {
            objection: o,
            auditor_name,
        });
    }
    Ok(out)
}

/// Validates and records an objection inside a tenant transaction.
pub(crate) async fn record_objection(
    tx: &TenantTx,
    actor: &audit::Actor,
    a: &ScheduledAudit,
    auditor_id: uuid::Uuid,
    reason: &str,
    raised_by: &str,
    today: NaiveDate,
) -> Result<audits::Objection, ServiceError> {
    let reason = certa_domain::clients::required_text("reason", reason)?;
    if a.status != AuditStatus::TeamProposed {
        return Err(ServiceError::conflict(
            ErrorCode::NoTeamProposed,
            "objections are possible while a team is proposed and not yet confirmed",
        ));
    }
    if let Some(d) = a.objection_deadline.as_deref().and_then(parse)
        && today > d
    {
        return Err(ServiceError::conflict(
            ErrorCode::ObjectionDeadlinePassed,
            format!("the deadline for objections was {d}"),
        ));
    }
    let team = audits::team(tx, AuditId(a.id)).await?;
    if !team.iter().any(|m| m.auditor_id == auditor_id) {
        return Err(ServiceError::Invalid {
            field: "auditor_id",
            code: ErrorCode::NotATeamMember,
            message: "the objection must name a member of the proposed team".into(),
        });
    }
    let o =
        audits::add_objection(tx, AuditId(a.id), AuditorId(auditor_id), &reason, raised_by).await?;
    audit::append(
        tx,
        actor,
        "audit.objection_raised",
        &format!("audit:{}", a.id),
        json!({"objection": o.id, "auditor": auditor_id, "reason": reason, "raised_by": raised_by}),
    )
    .await?;
    // The schedulers hear of it at once.
    let client = certa_store::repo::clients::by_id(tx, certa_domain::ClientId(a.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let name = personnel::by_id(tx, AuditorId(auditor_id))
        .await?
        .map(|r| r.name)
        .unwrap_or_default();
    for email in crate::reminders::schedulers(tx).await? {
        crate::mail::enqueue(
            tx,
            &email,
            &Mail::TeamObjection {
                client_name: client.clone(),
                kind: a.kind.label().to_string(),
                member: name.clone(),
                reason: reason.to_string(),
                raised_by: raised_by.to_string(),
                audit_id: a.id,
            },
        )
        .await?;
    }
    Ok(o)
}

/// Records an objection received from the client by other means (phone, letter), on the
/// client's behalf.
pub async fn raise_objection(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    auditor_id: uuid::Uuid,
    reason: &str,
    raised_by: &str,
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let raised_by = certa_domain::clients::required_text("raised_by", raised_by)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    record_objection(
        &tx,
        &p.actor(),
        &a,
        auditor_id,
        reason,
        &raised_by,
        chrono::Utc::now().date_naive(),
    )
    .await?;
    let f = file(&tx, a).await?;
    tx.commit().await?;
    ctx.ring();
    Ok(f)
}

/// Decides an open objection: `upheld` (the member should be replaced) or `dismissed`
/// (with the reason, told to nobody automatically but kept in the trail).
pub async fn resolve_objection(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    objection: uuid::Uuid,
    decision: &str,
    note: &str,
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let status = match decision.parse() {
        Ok(s @ (ObjectionStatus::Upheld | ObjectionStatus::Dismissed)) => s,
        _ => {
            return Err(ServiceError::Invalid {
                field: "decision",
                code: ErrorCode::InvalidDecision,
                message: "decision must be upheld or dismissed".into(),
            });
        }
    };
    let note = certa_domain::clients::required_text("note", note)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let exists = audits::objections(&tx, id)
        .await?
        .into_iter()
        .find(|o| o.id == objection)
        .ok_or(ServiceError::not_found(
            "objection",
            ErrorCode::ObjectionNotFound,
        ))?;
    if !audits::resolve_objection(&tx, id, exists.id, status, &note).await? {
        return Err(ServiceError::conflict(
            ErrorCode::ObjectionResolved,
            format!("the objection was already {}", exists.status),
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "audit.objection_resolved",
        &format!("audit:{id}"),
        json!({"objection": objection, "decision": decision, "note": note}),
    )
    .await?;
    let f = file(&tx, a).await?;
    tx.commit().await?;
    Ok(f)
}

/// What the client contact sees behind an objection link.
#[derive(Debug, Clone)]
pub struct ObjectionForm {
    pub client_name: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub deadline: String,
    /// Whether objections are still possible (team proposed, deadline not passed).
    pub open: bool,
    /// (auditor id, name, role)
    pub team: Vec<(uuid::Uuid, String, String)>,
    /// Objections already raised through this audit, with the member's name and status.
    pub raised: Vec<(String, String, ObjectionStatus)>,
}

pub(crate) async fn link_target(
    ctx: &Ctx,
    secret: &str,
) -> Result<Option<(certa_store::TenantScope, AuditId, String)>, ServiceError> {
    let sys = ctx.db.system().await?;
    let link = certa_store::repo::identity::objection_link_by_hash(
        &sys,
        &crate::secrets::token_hash(secret),
    )
    .await?;
    sys.commit().await?;
    Ok(link.map(|(l, scope)| (scope, AuditId(l.audit_id), l.email)))
}

/// The objection form behind a secret link, or `None` for an unknown or replaced link.
pub async fn objection_form(
    ctx: &Ctx,
    secret: &str,
) -> Result<Option<ObjectionForm>, ServiceError> {
    let Some((tenant, id, _)) = link_target(ctx, secret).await? else {
        return Ok(None);
    };
    let tx = ctx.db.tenant(tenant).await?;
    let Some(a) = audits::by_id(&tx, id).await? else {
        return Ok(None);
    };
    let client_name = certa_store::repo::clients::by_id(&tx, certa_domain::ClientId(a.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let mut team = Vec::new();
    for m in audits::team(&tx, id).await? {
        let name = personnel::by_id(&tx, AuditorId(m.auditor_id))
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        team.push((m.auditor_id, name, m.role.label().to_owned()));
    }
    let raised = objection_views(&tx, id)
        .await?
        .into_iter()
        .map(|v| (v.auditor_name, v.objection.reason, v.objection.status))
        .collect();
    tx.commit().await?;
    let today = chrono::Utc::now().date_naive();
    let deadline = a.objection_deadline.clone().unwrap_or_default();
    let open =
        a.status == AuditStatus::TeamProposed && parse(&deadline).is_some_and(|d| today <= d);
    Ok(Some(ObjectionForm {
        client_name,
        kind: a.kind.label().to_owned(),
        starts_on: a.starts_on,
        ends_on: a.ends_on,
        deadline,
        open,
        team,
        raised,
    }))
}

/// Records an objection sent through a secret link by the client contact it was mailed
/// to. `None` for an unknown link.
pub async fn object_by_link(
    ctx: &Ctx,
    secret: &str,
    auditor_id: uuid::Uuid,
    reason: &str,
) -> Result<Option<()>, ServiceError> {
    let Some((tenant, id, email)) = link_target(ctx, secret).await? else {
        return Ok(None);
    };
    let tx = ctx.db.tenant(tenant).await?;
    let Some(a) = audits::by_id(&tx, id).await? else {
        return Ok(None);
    };
    let actor = audit::Actor {
        user: None,
        label: format!("client contact {email}"),
    };
    record_objection(
        &tx,
        &actor,
        &a,
        auditor_id,
        reason,
        &email,
        chrono::Utc::now().date_naive(),
    )
    .await?;
    tx.commit().await?;
    ctx.ring();
    Ok(Some(()))
}
