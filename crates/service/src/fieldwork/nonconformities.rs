//! Nonconformities.

use super::*;
use crate::mail::{Mail, NcNotice};
use crate::{Ctx, Principal, ServiceError, TenantCtx};
use certa_domain::ErrorCode;
use certa_domain::checklists::ItemResult;
use certa_domain::nonconformity::{self as ncd, Event, Grade, Status};
use certa_domain::programme::EntryKind;
use certa_domain::{Action, AuditId, ClientId};
use certa_store::TenantTx;
use certa_store::repo::audits::ScheduledAudit;
use certa_store::repo::fieldwork::{self as fw, Nonconformity};
use certa_store::repo::{audit, clients};
use chrono::NaiveDate;
use serde_json::json;

/// A new nonconformity, raised from a checklist item.
#[derive(Debug, Clone)]
pub struct RaiseInput {
    pub grade: String,
    /// Clause or control; the item's reference when empty.
    pub reference: Option<String>,
    pub statement: String,
    pub evidence: String,
    pub site_id: Option<uuid::Uuid>,
}

/// Raises a nonconformity from an item: its result becomes minor or major NC, the
/// response is due after the tenant's period, and the client's contacts are told.
pub async fn raise(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    item: uuid::Uuid,
    input: RaiseInput,
) -> Result<Nonconformity, ServiceError> {
    let t = p.tenant()?;
    let grade = Grade::parse(&input.grade)?;
    let statement = certa_domain::clients::required_text("statement", &input.statement)?;
    let evidence = certa_domain::clients::required_text("evidence", &input.evidence)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = conduct_audit(&tx, t, id).await?;
    let it = fw::item(&tx, a.id, item)
        .await?
        .ok_or(ServiceError::not_found(
            "checklist item",
            ErrorCode::ItemNotFound,
        ))?;
    if let Some(s) = input.site_id
        && !clients::sites(&tx, ClientId(a.client_id))
            .await?
            .iter()
            .any(|x| x.id == s)
    {
        return Err(invalid(
            "site_id",
            ErrorCode::UnknownSite,
            "not a site of this client",
        ));
    }
    let settings = crate::settings::load(&tx).await?;
    let reference = certa_domain::clients::optional_text("reference", input.reference.as_deref())?
        .unwrap_or_else(|| it.reference.clone());
    let nc = fw::create_nc(
        &tx,
        fw::NewNc {
            audit_id: a.id,
            client_id: a.client_id,
            checklist_item_id: Some(it.id),
            grade,
            reference,
            statement,
            evidence,
            site_id: input.site_id.or(it.site_id),
            response_due: ncd::response_due_after_audit(
                today(),
                settings.nc_response_days,
                chrono::NaiveDate::parse_from_str(&a.ends_on, "%Y-%m-%d").ok(),
            )
            .to_string(),
            raised_by: p.actor().label,
        },
    )
    .await?;
    fw::set_result(
        &tx,
        it.id,
        if grade == Grade::Major {
            ItemResult::MajorNc
        } else {
            ItemResult::MinorNc
        },
        &p.actor().label,
    )
    .await?;
    audit::append(&tx, &p.actor(), "nonconformity.raised", &format!("nonconformity:{}", nc.id),
        json!({"audit": a.id, "number": nc.number, "grade": nc.grade, "reference": nc.reference, "statement": nc.statement})).await?;
    // A contact without an account is invited with the finding it has to answer.
    let invited = crate::members::invite_contacts(ctx, &tx, p, ClientId(a.client_id)).await?;
    let client = clients::by_id(&tx, ClientId(a.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let to = client_recipients(&tx, a.client_id).await?;
    for r in &to {
        let mut notice = nc_notice(&client, &a, &nc);
        notice.invitation_link = invited.get(r).cloned();
        crate::mail::enqueue(&tx, r, &Mail::NcRaised(notice)).await?;
    }
    let n = to.len();
    tx.commit().await?;
    if n > 0 {
        ctx.ring();
    }
    Ok(nc)
}

pub(crate) async fn mail_client(
    tx: &TenantTx,
    a: &ScheduledAudit,
    nc: &Nonconformity,
    mail: fn(NcNotice) -> Mail,
) -> Result<usize, ServiceError> {
    let client = clients::by_id(tx, ClientId(a.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let to = client_recipients(tx, a.client_id).await?;
    for r in &to {
        crate::mail::enqueue(tx, r, &mail(nc_notice(&client, a, nc))).await?;
    }
    Ok(to.len())
}

pub(crate) fn nc_notice(client: &str, a: &ScheduledAudit, nc: &Nonconformity) -> NcNotice {
    NcNotice {
        client_name: client.to_string(),
        kind: a.kind.label().to_string(),
        number: nc.number,
        grade: nc.grade.as_str().to_string(),
        reference: nc.reference.clone(),
        statement: nc.statement.clone(),
        response_due: nc.response_due.to_string(),
        review_comment: nc.review_comment.clone(),
        verification_comment: nc.verification_comment.clone(),
        invitation_link: None,
        nc_id: nc.id,
    }
}

/// A nonconformity with its audit, as the principal may see it.
#[derive(Debug, Clone)]
pub struct NcFile {
    pub nc: Nonconformity,
    pub audit: ScheduledAudit,
    pub client_name: String,
    /// Whether the principal may review and verify (staff on the audit).
    pub can_conduct: bool,
    /// Whether the principal may answer (a client user of this client, or staff who may
    /// conduct, recording on the client's behalf).
    pub can_respond: bool,
}

pub(crate) async fn nc_file(
    tx: &TenantTx,
    t: &TenantCtx,
    id: uuid::Uuid,
) -> Result<NcFile, ServiceError> {
    let nc = fw::nc(tx, id).await?.ok_or_else(nc_not_found)?;
    let audit = visible_audit(tx, t, AuditId(nc.audit_id))
        .await
        .map_err(|e| match e {
            ServiceError::NotFound { .. } => nc_not_found(),
            other => other,
        })?;
    let can_conduct = t.client.is_none() && may_conduct(tx, t, &audit).await?;
    let can_respond =
        (t.client == Some(nc.client_id) && t.roles.allows(Action::RespondFindings)) || can_conduct;
    let client_name = clients::by_id(tx, ClientId(nc.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    Ok(NcFile {
        nc,
        audit,
        client_name,
        can_conduct,
        can_respond,
    })
}

/// One nonconformity.
pub async fn nonconformity(
    ctx: &Ctx,
    p: &Principal,
    id: uuid::Uuid,
) -> Result<NcFile, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let f = nc_file(&tx, t, id).await?;
    tx.commit().await?;
    Ok(f)
}

/// The nonconformities of a client (all its audits).
pub async fn client_ncs(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
) -> Result<Vec<Nonconformity>, ServiceError> {
    let t = p.tenant()?;
    if let Some(c) = t.client {
        if c != client.0 {
            return Err(ServiceError::not_found("client", ErrorCode::ClientNotFound));
        }
    } else {
        p.authorize(Action::ViewClients)?;
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    clients::by_id(&tx, client)
        .await?
        .ok_or(ServiceError::not_found("client", ErrorCode::ClientNotFound))?;
    let l = fw::ncs_of_client(&tx, client.0).await?;
    tx.commit().await?;
    Ok(l)
}

/// The body's nonconformities counted for the dashboard: by status and grade, and the
/// days to close those closed in the last twelve months.
pub async fn nc_summary(ctx: &Ctx, p: &Principal) -> Result<ncd::Summary, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let since = chrono::Utc::now() - chrono::Duration::days(365);
    let l = fw::ncs_for_summary(&tx, since).await?;
    tx.commit().await?;
    let facts: Vec<_> = l
        .into_iter()
        .map(|n| (n.grade, n.status, n.created_at, n.closed_at))
        .collect();
    Ok(ncd::Summary::of(&facts))
}

/// A nonconformity whose answer waits for the signed-in auditor's review, with its
/// client's name.
#[derive(Debug, Clone)]
pub struct ToReview {
    pub nc: Nonconformity,
    pub client_name: String,
}

/// Answers waiting for the certification body on audits where the signed-in member is on
/// the team (a response to accept or reject, an implementation to verify), oldest first.
pub async fn ncs_to_review(ctx: &Ctx, p: &Principal) -> Result<Vec<ToReview>, ServiceError> {
    let t = p.authorize(Action::ConductAudits)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let Some(me) = certa_store::repo::personnel::by_membership(&tx, t.membership_id()).await?
    else {
        tx.commit().await?;
        return Ok(Vec::new());
    };
    let l = fw::ncs_to_review_by(&tx, me.id).await?;
    let mut names: std::collections::HashMap<uuid::Uuid, String> = Default::default();
    let mut out = Vec::with_capacity(l.len());
    for nc in l {
        let client_name = match names.get(&nc.client_id) {
            Some(n) => n.clone(),
            None => {
                let n = clients::by_id(&tx, ClientId(nc.client_id))
                    .await?
                    .map(|c| c.legal_name)
                    .unwrap_or_default();
                names.insert(nc.client_id, n.clone());
                n
            }
        };
        out.push(ToReview { nc, client_name });
    }
    tx.commit().await?;
    Ok(out)
}

/// What moves a nonconformity on.
#[derive(Debug, Clone)]
pub enum NcAction {
    /// Correction, root cause, corrective-action plan and its planned date (9.4.9).
    Respond {
        correction: String,
        root_cause: String,
        corrective_action: String,
        planned_date: String,
    },
    /// The plan is accepted or rejected, with a comment (required when rejected).
    Review {
        accept: bool,
        comment: Option<String>,
    },
    /// What was done to implement the plan.
    Implement { statement: String },
    /// How it was verified, and whether the action is effective (9.4.10).
    Verify {
        method: String,
        effective: bool,
        comment: Option<String>,
    },
    /// A minor becomes major, with the reason.
    Escalate { reason: String },
}

/// Applies an action; illegal ones answer 409 `illegal_transition`.
pub async fn act(
    ctx: &Ctx,
    p: &Principal,
    id: uuid::Uuid,
    action: NcAction,
) -> Result<Nonconformity, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let f = nc_file(&tx, t, id).await?;
    let mut nc = f.nc.clone();
    let status = nc.status;
    let grade = nc.grade;
    let (event, mail_kind, to_client): (Event, fn(NcNotice) -> Mail, bool) = match &action {
        NcAction::Respond { .. } => (Event::SubmitResponse, Mail::NcResponseSubmitted, false),
        NcAction::Review { accept: true, .. } => (Event::AcceptPlan, Mail::NcPlanAccepted, true),
        NcAction::Review { accept: false, .. } => (Event::RejectPlan, Mail::NcPlanRejected, true),
        NcAction::Implement { .. } => (
            Event::SubmitImplementation,
            Mail::NcResponseSubmitted,
            false,
        ),
        NcAction::Verify {
            effective: true, ..
        } => (Event::VerifyEffective, Mail::NcClosed, true),
        NcAction::Verify {
            effective: false, ..
        } => (Event::VerifyIneffective, Mail::NcReopened, true),
        NcAction::Escalate { .. } => (Event::Escalate, Mail::NcEscalated, true),
    };
    let by_client_side = matches!(
        action,
        NcAction::Respond { .. } | NcAction::Implement { .. }
    );
    let allowed = if by_client_side {
        f.can_respond
    } else {
        f.can_conduct
    };
    if !allowed {
        return Err(ServiceError::Forbidden);
    }
    let (next, next_grade) = ncd::transition(status, grade, event)
        .map_err(|e| ServiceError::conflict(e.code, e.message))?;
    let txt = |field: &'static str, v: &str| certa_domain::clients::required_text(field, v);
    match &action {
        NcAction::Respond {
            correction,
            root_cause,
            corrective_action,
            planned_date,
        } => {
            // Every part of the answer is checked: a refusal names all that are missing.
            let mut v = certa_domain::Problems::default();
            let correction = v.check(txt("correction", correction));
            let root_cause = v.check(txt("root_cause", root_cause));
            let corrective = v.check(txt("corrective_action", corrective_action));
            let planned = v.check(certa_domain::personnel::date(
                "planned_date",
                planned_date.trim(),
            ));
            v.finish()?;
            let (Some(correction), Some(root_cause), Some(corrective), Some(planned)) =
                (correction, root_cause, corrective, planned)
            else {
                return Err(ServiceError::unexpected_state("nonconformity answer"));
            };
            nc.correction = Some(correction);
            nc.root_cause = Some(root_cause);
            nc.corrective_action = Some(corrective);
            nc.planned_date = Some(planned.to_string());
            nc.responded_by = Some(p.actor().label);
            nc.responded_at = Some(certa_store::repo::now());
        }
        NcAction::Review { accept, comment } => {
            let c = certa_domain::clients::optional_text("comment", comment.as_deref())?;
            if !accept && c.is_none() {
                return Err(invalid(
                    "comment",
                    ErrorCode::CommentRequired,
                    "say why the plan is rejected",
                ));
            }
            nc.review_comment = c;
        }
        NcAction::Implement { statement } => nc.implementation = Some(txt("statement", statement)?),
        NcAction::Verify {
            method, comment, ..
        } => {
            nc.verification_method = Some(txt("method", method)?);
            nc.verification_comment =
                certa_domain::clients::optional_text("comment", comment.as_deref())?;
            if next == Status::Closed {
                nc.closed_at = Some(certa_store::repo::now());
            }
        }
        NcAction::Escalate { reason } => nc.escalation_reason = Some(txt("reason", reason)?),
    }
    if next.awaits_client() && status != next {
        // Back with the client: a new response period starts.
        let s = crate::settings::load(&tx).await?;
        nc.response_due = ncd::response_due(today(), s.nc_response_days).to_string();
    }
    nc.status = next;
    nc.grade = next_grade;
    let nc = fw::save_nc(&tx, nc).await?;
    if let Some(item) = nc.checklist_item_id
        && next_grade != grade
    {
        fw::set_result(&tx, item, ItemResult::MajorNc, &p.actor().label).await?;
    }
    audit::append(
        &tx,
        &p.actor(),
        &format!("nonconformity.{}", event.as_str()),
        &format!("nonconformity:{}", nc.id),
        json!({"from": status.as_str(), "to": next.as_str(), "grade": nc.grade}),
    )
    .await?;
    let mailed = if to_client {
        mail_client(&tx, &f.audit, &nc, mail_kind).await?
    } else if let Some(lead) = lead_email(&tx, &f.audit).await? {
        crate::mail::enqueue(
            &tx,
            &lead,
            &mail_kind(nc_notice(&f.client_name, &f.audit, &nc)),
        )
        .await?;
        1
    } else {
        0
    };
    tx.commit().await?;
    if mailed > 0 {
        ctx.ring();
    }
    Ok(nc)
}

/// Whether the certification decision may be taken on this audit's findings (17021-1
/// 9.5), with the reasons when not; for an initial audit also the 6-month limit for the
/// majors (domain reference §1.7).
pub(crate) fn decision_blockers(
    audit: &ScheduledAudit,
    ncs: &[Nonconformity],
    on: NaiveDate,
) -> Vec<String> {
    let mut out = Vec::new();
    for nc in ncs {
        if ncd::blocks_decision(nc.grade, nc.status) {
            out.push(format!(
                "{} nonconformity {} ({}) is {}",
                nc.grade,
                nc.number,
                nc.reference,
                nc.status.label()
            ));
        }
    }
    if audit.kind == EntryKind::Stage2
        && let Ok(last) = NaiveDate::parse_from_str(&audit.ends_on, "%Y-%m-%d")
        && let Some(limit) = ncd::major_verification_limit(last)
        && on > limit
        && ncs
            .iter()
            .any(|n| n.grade == Grade::Major && n.status != Status::Closed)
    {
        out.push(format!(
            "a major nonconformity was not verified by {limit} (6 months after stage 2): stage 2 must be repeated"
        ));
    }
    out
}
