//! The lead auditor's report and its technical review (ISO/IEC 17021-1 9.4.8, 9.5.1).

use super::{invalid, on_team, own_record};
use crate::fieldwork::nonconformities::decision_blockers;
use crate::fieldwork::report::{AuditReport, assemble};
use crate::fieldwork::visible_audit;
use crate::mail::Mail;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::certification::{Recommendation, ReportStatus, ReviewOutcome};
use certa_domain::team::TeamRole;
use certa_domain::{Action, AuditId, AuditorId, ClientId, ErrorCode};
use certa_store::repo::certification::{self as repo, NewReport, ReportRevision};
use certa_store::repo::{audit, audits, clients, fieldwork as fw, personnel};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// The sections of an audit file a reviewer comments on.
pub const SECTIONS: [(&str, &str); 5] = [
    ("report", "Report and recommendation"),
    ("checklist", "Checklist"),
    (
        "nonconformities",
        "Nonconformities, corrections, causes and action plans",
    ),
    ("evidence", "Evidence"),
    ("general", "General"),
];

/// The human label of a section.
pub fn section_label(key: &str) -> &str {
    SECTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, l)| l)
}

/// The lead auditor's submission.
#[derive(Debug, Clone, Default)]
pub struct SubmitInput {
    /// `recommend` or `do_not_recommend`.
    pub recommendation: String,
    pub summary: String,
    /// The answer to the comments of the last review (a resubmission).
    pub response: Option<String>,
}

/// The review of an audit file: the outcome and comments per section.
#[derive(Debug, Clone, Default)]
pub struct ReviewInput {
    /// `passed` or `returned`.
    pub outcome: String,
    /// Section → comment (sections from [`SECTIONS`]).
    pub comments: BTreeMap<String, String>,
}

/// An audit file as the review and decision pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditFile {
    pub report: AuditReport,
    /// The report's revisions, newest first.
    pub revisions: Vec<RevisionView>,
    /// Whether the signed-in member leads the audit (and may submit).
    pub is_lead: bool,
    /// Whether the signed-in member may review it now.
    pub may_review: bool,
    /// Why the signed-in member may not review it, if they have the role.
    pub review_refusal: Option<String>,
    pub programme_id: uuid::Uuid,
    /// Whether a decision already rests on this audit.
    pub decided: bool,
}

/// A revision of the report with its review comments parsed.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    pub revision: i32,
    pub status: ReportStatus,
    pub status_label: &'static str,
    pub recommendation: Recommendation,
    pub recommendation_label: &'static str,
    pub summary: String,
    pub response: Option<String>,
    pub submitted_by: String,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// (section label, comment)
    pub comments: Vec<(String, String)>,
    /// The report as submitted (locked with the revision).
    #[serde(skip)]
    pub content: serde_json::Value,
}

impl From<ReportRevision> for RevisionView {
    fn from(r: ReportRevision) -> Self {
        let comments: BTreeMap<String, String> = r
            .review_comments
            .as_deref()
            .and_then(|c| serde_json::from_str(c).ok())
            .unwrap_or_default();
        Self {
            revision: r.revision,
            status: r.status,
            status_label: r.status.label(),
            recommendation: r.recommendation,
            recommendation_label: r.recommendation.label(),
            summary: r.summary,
            response: r.response,
            submitted_by: r.submitted_by,
            submitted_at: r.submitted_at,
            content: r.content,
            reviewed_by: r.reviewed_by,
            reviewed_at: r.reviewed_at,
            comments: SECTIONS
                .iter()
                .filter_map(|(k, l)| comments.get(*k).map(|c| (l.to_string(), c.clone())))
                .collect(),
        }
    }
}

/// Whether the member leads the audit.
async fn leads(
    tx: &certa_store::TenantTx,
    t: &crate::TenantCtx,
    a: &certa_store::repo::audits::ScheduledAudit,
) -> Result<Option<uuid::Uuid>, ServiceError> {
    let Some(me) = own_record(tx, t).await? else {
        return Ok(None);
    };
    let lead = audits::team(tx, AuditId(a.id))
        .await?
        .into_iter()
        .any(|m| m.auditor_id == me.id && m.role == TeamRole::Lead);
    Ok(lead.then_some(me.id))
}

/// The audit file: the report as it stands, its revisions, and what the member may do.
pub async fn file(ctx: &Ctx, p: &Principal, id: AuditId) -> Result<AuditFile, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = visible_audit(&tx, t, id).await?;
    if t.client.is_some() {
        return Err(ServiceError::not_found("audit", ErrorCode::AuditNotFound));
    }
    let report = assemble(&tx, &t.tenant, &a).await?;
    let revisions = repo::reports(&tx, a.id).await?;
    let is_lead = leads(&tx, t, &a).await?.is_some();
    let waiting = revisions
        .first()
        .is_some_and(|r| r.status == ReportStatus::Submitted);
    let mut review_refusal = None;
    if t.roles.allows(Action::ReviewAuditFiles)
        && let Some(me) = own_record(&tx, t).await?
        && on_team(&tx, &me, &a).await?
    {
        review_refusal = Some(
            "You were on the team of this audit: the review and the decision must be made by someone who was not (ISO/IEC 17021-1 9.5.1.2).".to_string(),
        );
    }
    let decided = !repo::decided_audits(&tx, &[a.id]).await?.is_empty();
    tx.commit().await?;
    Ok(AuditFile {
        report,
        may_review: waiting && t.roles.allows(Action::ReviewAuditFiles) && review_refusal.is_none(),
        review_refusal,
        revisions: revisions.into_iter().map(Into::into).collect(),
        is_lead,
        programme_id: a.programme_id,
        decided,
    })
}

/// The lead auditor submits the report with the team's recommendation, once the checklist
/// is complete. The revision is locked; after a return, a new revision answers the
/// comments.
pub async fn submit(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    input: SubmitInput,
) -> Result<ReportRevision, ServiceError> {
    let t = p.authorize(Action::ConductAudits)?;
    let recommendation: Recommendation = input.recommendation.trim().parse().map_err(|_| {
        invalid(
            "recommendation",
            ErrorCode::Required,
            "choose whether the team recommends certification",
        )
    })?;
    let summary = certa_domain::clients::required_text("summary", &input.summary)?;
    let response = certa_domain::clients::optional_text("response", input.response.as_deref())?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = visible_audit(&tx, t, id).await?;
    if t.client.is_some() {
        return Err(ServiceError::not_found("audit", ErrorCode::AuditNotFound));
    }
    if a.status == certa_domain::AuditStatus::Cancelled {
        return Err(ServiceError::conflict(
            ErrorCode::IllegalTransition,
            "a cancelled audit has no report",
        ));
    }
    let Some(lead) = leads(&tx, t, &a).await? else {
        return Err(ServiceError::conflict(
            ErrorCode::NotLeadAuditor,
            "only the lead auditor of this audit may submit its report",
        ));
    };
    let items = fw::items(&tx, a.id).await?;
    let answered = items.iter().filter(|i| i.result.is_some()).count();
    if items.is_empty() || answered < items.len() {
        return Err(invalid(
            "summary",
            ErrorCode::ChecklistIncomplete,
            format!(
                "the checklist is not complete: {answered} of {} items answered",
                items.len()
            ),
        ));
    }
    let latest = repo::reports(&tx, a.id).await?.into_iter().next();
    let revision = match &latest {
        None => 1,
        Some(r) if r.status == ReportStatus::Returned => r.revision + 1,
        Some(r) => {
            return Err(ServiceError::conflict(
                ErrorCode::ReportLocked,
                format!(
                    "revision {} of the report is {}; it cannot change now",
                    r.revision,
                    r.status.label()
                ),
            ));
        }
    };
    let content = assemble(&tx, &t.tenant, &a).await?;
    let content = serde_json::to_value(&content)
        .map_err(|e| ServiceError::unexpected("report content", e))?;
    let r = repo::insert_report(
        &tx,
        NewReport {
            audit_id: a.id,
            revision,
            recommendation,
            summary,
            response,
            content,
            lead_auditor_id: Some(lead),
            submitted_by: p.actor().label,
        },
    )
    .await
    .map_err(|e| match e {
        certa_store::StoreError::Conflict { .. } => ServiceError::conflict(
            ErrorCode::ReportLocked,
            "the report was submitted at the same time by another request",
        ),
        e => e.into(),
    })?;
    audit::append(
        &tx,
        &p.actor(),
        "report.submitted",
        &format!("audit:{}", a.id),
        json!({"revision": revision, "recommendation": recommendation.as_str()}),
    )
    .await?;
    tx.commit().await?;
    Ok(r)
}

/// A reviewer who was on no team of the audit passes the file or returns it to the lead
/// auditor with comments per section (mailed to them).
pub async fn review(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    input: ReviewInput,
) -> Result<ReportRevision, ServiceError> {
    let t = p.authorize(Action::ReviewAuditFiles)?;
    let outcome: ReviewOutcome = input.outcome.trim().parse().map_err(|_| {
        invalid(
            "outcome",
            ErrorCode::Required,
            "choose whether the review passes the file or returns it",
        )
    })?;
    let mut comments = BTreeMap::new();
    for (k, v) in &input.comments {
        if !SECTIONS.iter().any(|(s, _)| s == k) {
            return Err(invalid(
                "comments",
                ErrorCode::InvalidText,
                format!("unknown section '{k}'"),
            ));
        }
        if let Some(c) = certa_domain::clients::optional_text("comments", Some(v))? {
            comments.insert(k.clone(), c);
        }
    }
    if outcome == ReviewOutcome::Returned && comments.is_empty() {
        return Err(invalid(
            "comments",
            ErrorCode::Required,
            "say what the lead auditor must correct: at least one comment",
        ));
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = visible_audit(&tx, t, id).await?;
    let me = own_record(&tx, t).await?;
    if let Some(me) = &me
        && on_team(&tx, me, &a).await?
    {
        return Err(invalid(
            "outcome",
            ErrorCode::NotIndependent,
            "you were on the team of this audit: someone who was not must review it",
        ));
    }
    let Some(latest) = repo::reports(&tx, a.id).await?.into_iter().next() else {
        return Err(invalid(
            "outcome",
            ErrorCode::ReportNotSubmitted,
            "the lead auditor has not submitted the report yet",
        ));
    };
    if latest.status != ReportStatus::Submitted {
        return Err(ServiceError::conflict(
            ErrorCode::IllegalTransition,
            format!(
                "revision {} is {}: nothing waits for review",
                latest.revision,
                latest.status.label()
            ),
        ));
    }
    let status = match outcome {
        ReviewOutcome::Passed => ReportStatus::Passed,
        ReviewOutcome::Returned => ReportStatus::Returned,
    };
    let comments_json =
        (!comments.is_empty()).then(|| serde_json::to_string(&comments).unwrap_or_default());
    if !repo::review_report(
        &tx,
        a.id,
        latest.revision,
        status,
        me.as_ref().map(|m| m.id),
        &p.actor().label,
        comments_json,
    )
    .await?
    {
        return Err(ServiceError::conflict(
            ErrorCode::IllegalTransition,
            "the report was reviewed at the same time by another request",
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        if outcome == ReviewOutcome::Passed {
            "report.review_passed"
        } else {
            "report.returned"
        },
        &format!("audit:{}", a.id),
        json!({"revision": latest.revision, "comments": comments}),
    )
    .await?;
    if outcome == ReviewOutcome::Returned
        && let Some(lead) = latest.lead_auditor_id
        && let Some(rec) = personnel::by_id(&tx, AuditorId(lead)).await?
    {
        let client_name = clients::by_id(&tx, ClientId(a.client_id))
            .await?
            .map(|c| c.legal_name)
            .unwrap_or_default();
        crate::mail::enqueue(
            &tx,
            &rec.email,
            &Mail::AuditFileReturned {
                client_name,
                kind: a.kind.label().to_string(),
                revision: latest.revision,
                comments: comments
                    .iter()
                    .map(|(k, v)| format!("{}: {v}", section_label(k)))
                    .collect(),
                audit_id: a.id,
            },
        )
        .await?;
    }
    let updated = repo::reports(&tx, a.id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ServiceError::not_found("report", ErrorCode::ReportNotSubmitted))?;
    tx.commit().await?;
    if outcome == ReviewOutcome::Returned {
        ctx.ring();
    }
    Ok(updated)
}

/// An audit file in the work queue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingFile {
    pub audit_id: uuid::Uuid,
    pub programme_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub client_name: String,
    /// The audit kind (`stage_2`, …) and its label.
    pub kind: certa_domain::programme::EntryKind,
    pub kind_label: String,
    pub standards: Vec<String>,
    pub ends_on: String,
    pub revision: i32,
    /// `review` (waiting for the technical review) or `decision`.
    pub waiting_for: String,
    pub recommendation: Recommendation,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    /// What blocks the decision today (open nonconformities).
    pub blockers: Vec<String>,
}

/// The work queue of reviewers and decision makers: audit files waiting for the
/// technical review or the decision, oldest first.
pub async fn pending(ctx: &Ctx, p: &Principal) -> Result<Vec<PendingFile>, ServiceError> {
    let t = p.tenant()?;
    if !(t.roles.allows(Action::ReviewAuditFiles) || t.roles.allows(Action::DecideCertification)) {
        return Err(ServiceError::Forbidden);
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    let mut out = Vec::new();
    for r in repo::waiting_reports(&tx, 200).await? {
        let Some(a) = audits::by_id(&tx, AuditId(r.audit_id)).await? else {
            continue;
        };
        let client_name = clients::by_id(&tx, ClientId(a.client_id))
            .await?
            .map(|c| c.legal_name)
            .unwrap_or_default();
        let ncs = fw::ncs_of_audit(&tx, a.id).await?;
        out.push(PendingFile {
            audit_id: a.id,
            programme_id: a.programme_id,
            client_id: a.client_id,
            client_name,
            kind: a.kind,
            kind_label: a.kind.label().to_string(),
            standards: a.standards.clone(),
            ends_on: a.ends_on.to_string(),
            revision: r.revision,
            waiting_for: if r.status == ReportStatus::Submitted {
                "review".into()
            } else {
                "decision".into()
            },
            recommendation: r.recommendation,
            submitted_at: r.submitted_at,
            blockers: decision_blockers(&a, &ncs, super::today()),
        });
    }
    tx.commit().await?;
    Ok(out)
}
