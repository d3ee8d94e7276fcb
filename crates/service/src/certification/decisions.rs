//! The certification decision (ISO/IEC 17021-1 9.5, 9.6.5).
//!
//! Taken by a person not involved in the audits (9.5.1.2) who is qualified as decision
//! maker for the standards and technical areas (7.1, Annex A), on the audit files that
//! passed the technical review, while no major nonconformity of those audits is open and
//! every minor has an accepted plan (9.5.1.3; IAF MD 1/17021-1 9.4.9). Every refusal leaves
//! nothing behind: the decision, its certificate and its mails are written in one
//! transaction after every check.

use super::certificates::{self as certs, mail_client};
use super::{invalid, missing_qualifications, on_team, own_record, scope_areas, today};
use crate::fieldwork::nonconformities::decision_blockers;
use crate::mail::Mail;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::certification::{
    self as cert, CertificateEvent, CertificateStatus, DecisionKind, Recommendation, ReportStatus,
};
use certa_domain::personnel::Function;
use certa_domain::programme::EntryKind;
use certa_domain::{Action, AuditId, ClientId, ErrorCode, ProgrammeId, Role};
use certa_store::TenantTx;
use certa_store::repo::audit::Actor;
use certa_store::repo::audits::ScheduledAudit;
use certa_store::repo::certification::{
    self as repo, Certificate, Decision, NewDecision, ReportRevision,
};
use certa_store::repo::fieldwork::Nonconformity;
use certa_store::repo::{applications, audit, audits, clients, fieldwork as fw};
use serde_json::json;

/// A decision as asked.
#[derive(Debug, Clone, Default)]
pub struct DecideInput {
    /// grant, refuse, maintain, renew, extend_scope, reduce_scope, suspend, restore,
    /// withdraw.
    pub kind: String,
    /// The audits the decision rests on (grant, maintain, renew, extend scope).
    pub audit_ids: Vec<uuid::Uuid>,
    pub reasons: Option<String>,
    /// `YYYY-MM-DD`, never before the decision date.
    pub effective_date: Option<String>,
    /// The decision maker confirms that the application data are still correct (9.5.1.1).
    pub application_confirmed: bool,
    /// The version of the Statement of Applicability (ISO/IEC 27001, 42001).
    pub soa_version: Option<String>,
    /// The new scope (extension or reduction); the client's recorded scope by default.
    pub scope: Option<String>,
    /// The end of a suspension, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// The certificate a suspension, restoration, withdrawal or scope change applies to;
    /// all the programme's certificates that allow it by default.
    pub certificate_id: Option<uuid::Uuid>,
}

/// A decision taken, and the certificates it issued or changed.
#[derive(Debug, Clone)]
pub struct DecisionOutcome {
    pub decision: Decision,
    pub certificates: Vec<Certificate>,
}

fn date(field: &'static str, s: Option<&str>) -> Result<Option<chrono::NaiveDate>, ServiceError> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Ok(Some(certa_domain::values::parse_date(field, s)?)),
    }
}

/// An audit file a decision rests on: the audit, its report revision and its
/// nonconformities.
pub(crate) type File = (ScheduledAudit, ReportRevision, Vec<Nonconformity>);

/// What a decision rested on, as recorded with it: the audits with their report revisions
/// and recommendations, the nonconformities with their states, the confirmation of the
/// application, and the certificates it applies to.
pub(crate) fn inputs(
    files: &[File],
    application_confirmed: bool,
    targets: &[Certificate],
) -> serde_json::Value {
    json!({
        "audits": files.iter().map(|(a, r, _)| json!({
            "audit_id": a.id, "kind": a.kind.as_str(), "report_revision": r.revision,
            "recommendation": r.recommendation.as_str(), "summary": r.summary,
        })).collect::<Vec<_>>(),
        "nonconformities": files.iter().flat_map(|(a, _, ncs)| ncs.iter().map(move |n| json!({
            "audit_id": a.id, "number": n.number, "grade": n.grade.as_str(), "status": n.status.as_str(),
        }))).collect::<Vec<_>>(),
        "application_confirmed": application_confirmed,
        "certificates": targets.iter().map(|c| json!({"id": c.id, "number": c.number, "revision": c.revision, "status": c.status.as_str()})).collect::<Vec<_>>(),
    })
}

/// Stores a decision, checked by the caller, with its audit-trail event. A decision
/// already resting on one of its audits is refused.
pub(crate) async fn record(
    tx: &TenantTx,
    actor: &Actor,
    n: NewDecision,
) -> Result<Decision, ServiceError> {
    let programme = n.programme_id;
    let kind = n.kind;
    let reasons = n.reasons.clone();
    let audits: Vec<uuid::Uuid> = n.audits.iter().map(|(a, _)| *a).collect();
    let decision = repo::insert_decision(tx, n).await.map_err(|e| {
        if e.violates(certa_store::UniqueKey::DecisionAudit) {
            invalid(
                "audit_ids",
                ErrorCode::DecisionNotApplicable,
                "a decision was taken on these audits at the same time",
            )
        } else {
            e.into()
        }
    })?;
    audit::append(
        tx,
        actor,
        "decision.taken",
        &format!("programme:{programme}"),
        json!({"decision": decision.id, "kind": kind.as_str(), "audits": audits, "reasons": reasons}),
    )
    .await?;
    Ok(decision)
}

/// The decisions of a programme, newest first.
pub async fn of_programme(
    ctx: &Ctx,
    p: &Principal,
    id: ProgrammeId,
) -> Result<Vec<Decision>, ServiceError> {
    let t = p.authorize(Action::ViewCertificates)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    applications::programme(&tx, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("programme", ErrorCode::ProgrammeNotFound))?;
    let list = repo::decisions_of_programme(&tx, id.0).await?;
    tx.commit().await?;
    Ok(list)
}

/// Takes a certification decision on a programme.
pub async fn decide(
    ctx: &Ctx,
    p: &Principal,
    id: ProgrammeId,
    input: DecideInput,
) -> Result<DecisionOutcome, ServiceError> {
    let t = p.authorize(Action::DecideCertification)?;
    let kind: DecisionKind = input.kind.trim().parse().map_err(|_| {
        invalid(
            "kind",
            ErrorCode::Required,
            "choose the decision: grant, refuse, maintain, renew, extend_scope, reduce_scope, suspend, restore or withdraw",
        )
    })?;
    let reasons = certa_domain::clients::optional_text("reasons", input.reasons.as_deref())?
        .unwrap_or_default();
    if kind.needs_reasons() && reasons.is_empty() {
        return Err(invalid(
            "reasons",
            ErrorCode::Required,
            format!("give the reasons to {}", kind.label()),
        ));
    }
    let decided_on = today();
    let effective = cert::effective_date(
        decided_on,
        date("effective_date", input.effective_date.as_deref())?,
    )?;
    let soa_version =
        certa_domain::clients::optional_name("soa_version", input.soa_version.as_deref())?;
    let scope = certa_domain::clients::optional_text("scope", input.scope.as_deref())?;
    let until = date("until", input.until.as_deref())?;
    if kind.needs_audits() && input.audit_ids.is_empty() {
        return Err(invalid(
            "audit_ids",
            ErrorCode::Required,
            format!(
                "choose the audits the decision to {} rests on",
                kind.label()
            ),
        ));
    }
    if kind.needs_audits() && !input.application_confirmed {
        return Err(invalid(
            "application_confirmed",
            ErrorCode::Required,
            "confirm that the application information is still correct (ISO/IEC 17021-1 9.5.1.1)",
        ));
    }

    let tx = ctx.db.tenant(t.scope()).await?;
    let (programme, _) = applications::programme(&tx, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("programme", ErrorCode::ProgrammeNotFound))?;
    let settings = crate::settings::load(&tx).await?;

    // The audits, their files and their nonconformities.
    let mut files = Vec::new();
    let mut decided_audits = Vec::new();
    for aid in &input.audit_ids {
        let a = audits::by_id(&tx, AuditId(*aid))
            .await?
            .filter(|a| a.programme_id == programme.id)
            .ok_or_else(|| {
                invalid(
                    "audit_ids",
                    ErrorCode::DecisionNotApplicable,
                    "an audit of the list is not an audit of this programme",
                )
            })?;
        let latest = repo::reports(&tx, a.id).await?.into_iter().next();
        let Some(report) = latest.filter(|r| r.status != ReportStatus::Returned) else {
            return Err(invalid(
                "audit_ids",
                ErrorCode::ReportNotSubmitted,
                format!(
                    "the report of the {} audit has not been submitted",
                    a.kind.label()
                ),
            ));
        };
        if report.status == ReportStatus::Submitted {
            return Err(invalid(
                "audit_ids",
                ErrorCode::ReviewPending,
                format!(
                    "the file of the {} audit waits for its technical review",
                    a.kind.label()
                ),
            ));
        }
        let ncs = fw::ncs_of_audit(&tx, a.id).await?;
        files.push((a, report, ncs));
    }
    if !files.is_empty() {
        let ids: Vec<uuid::Uuid> = files.iter().map(|(a, _, _)| a.id).collect();
        decided_audits = repo::decided_audits(&tx, &ids).await?;
    }
    if let Some((a, _, _)) = files
        .iter()
        .find(|(a, _, _)| decided_audits.contains(&a.id))
    {
        return Err(invalid(
            "audit_ids",
            ErrorCode::DecisionNotApplicable,
            format!("a decision already rests on the {} audit", a.kind.label()),
        ));
    }
    let needed = match kind {
        DecisionKind::Grant => Some((EntryKind::Stage2, "a stage 2 audit")),
        DecisionKind::Maintain => None,
        DecisionKind::Renew => Some((EntryKind::Recertification, "a recertification audit")),
        _ => None,
    };
    if let Some((k, words)) = needed
        && !files.iter().any(|(a, _, _)| a.kind == k)
    {
        return Err(invalid(
            "audit_ids",
            ErrorCode::DecisionNotApplicable,
            format!("to {} the decision must rest on {words}", kind.label()),
        ));
    }
    if kind == DecisionKind::Maintain
        && !files
            .iter()
            .any(|(a, _, _)| matches!(a.kind, EntryKind::Surveillance1 | EntryKind::Surveillance2))
    {
        return Err(invalid(
            "audit_ids",
            ErrorCode::DecisionNotApplicable,
            "to maintain certification the decision must rest on a surveillance audit",
        ));
    }

    // Independence and competence of the decision maker.
    let me = own_record(&tx, t).await?;
    for (a, _, _) in &files {
        if let Some(me) = &me
            && on_team(&tx, me, a).await?
        {
            return Err(invalid(
                "audit_ids",
                ErrorCode::NotIndependent,
                format!(
                    "you were on the team of the {} audit: the decision must be taken by someone who was not involved in it (ISO/IEC 17021-1 9.5.1.2)",
                    a.kind.label()
                ),
            ));
        }
    }
    let lifecycle_only = matches!(
        kind,
        DecisionKind::Suspend | DecisionKind::Restore | DecisionKind::Withdraw
    );
    let admin_override = lifecycle_only && t.roles.contains(Role::Admin);
    if !admin_override {
        let Some(me) = &me else {
            return Err(invalid(
                "kind",
                ErrorCode::NotQualified,
                "you have no personnel record qualifying you as decision maker",
            ));
        };
        let mut areas: Vec<String> = Vec::new();
        for (a, _, _) in &files {
            for x in &a.technical_areas {
                if !areas.contains(x) {
                    areas.push(x.clone());
                }
            }
        }
        if areas.is_empty() {
            areas = scope_areas(&tx, programme.client_id, &programme.standards).await?;
        }
        let missing = missing_qualifications(
            &tx,
            me,
            Function::DecisionMaker,
            &programme.standards,
            &areas,
            decided_on,
        )
        .await?;
        if !missing.is_empty() {
            return Err(invalid(
                "kind",
                ErrorCode::NotQualified,
                format!(
                    "you are not qualified as decision maker for {}",
                    missing.join(", ")
                ),
            ));
        }
    }

    // Nonconformities (9.5.1.3 and the 6-month limit for majors after stage 2).
    if kind.needs_audits() {
        let mut blockers = Vec::new();
        for (a, _, ncs) in &files {
            blockers.extend(decision_blockers(a, ncs, decided_on));
        }
        if !blockers.is_empty() {
            return Err(invalid(
                "audit_ids",
                ErrorCode::DecisionBlocked,
                format!("the decision is blocked: {}", blockers.join("; ")),
            ));
        }
        if matches!(
            kind,
            DecisionKind::Grant | DecisionKind::Renew | DecisionKind::Maintain
        ) && files
            .iter()
            .any(|(_, r, _)| r.recommendation == Recommendation::DoNotRecommend)
            && reasons.is_empty()
        {
            return Err(invalid(
                "reasons",
                ErrorCode::Required,
                "the audit team did not recommend certification: give the reasons for deciding otherwise",
            ));
        }
    }

    // The certificates the decision applies to.
    let existing = repo::of_programme(&tx, programme.id).await?;
    let targets: Vec<Certificate> = match input.certificate_id {
        Some(cid) => vec![
            existing
                .iter()
                .find(|c| c.id == cid)
                .cloned()
                .ok_or_else(|| {
                    ServiceError::not_found("certificate", ErrorCode::CertificateNotFound)
                })?,
        ],
        None => existing
            .iter()
            .filter(|c| {
                CertificateEvent::of_decision(kind).is_some_and(|e| c.status.apply(e).is_ok())
            })
            .cloned()
            .collect(),
    };
    match kind {
        DecisionKind::Grant => {
            if existing.iter().any(|c| {
                matches!(
                    c.status,
                    CertificateStatus::Active | CertificateStatus::Suspended
                )
            }) {
                return Err(invalid(
                    "kind",
                    ErrorCode::DecisionNotApplicable,
                    "this programme already has a certificate: renew it, change its scope or decide on its status",
                ));
            }
        }
        DecisionKind::Refuse | DecisionKind::Maintain => {}
        _ if targets.is_empty() => {
            return Err(invalid(
                "kind",
                ErrorCode::DecisionNotApplicable,
                format!("no certificate of this programme can {}", kind.label()),
            ));
        }
        _ => {
            if let Some(e) = CertificateEvent::of_decision(kind) {
                for c in &targets {
                    c.status.apply(e).map_err(|err| {
                        ServiceError::conflict(ErrorCode::CertificateTransition, err.to_string())
                    })?;
                }
            }
        }
    }
    let issues = kind.issues();
    let standards_need_soa = cert::needs_soa(&programme.standards);
    if issues
        && standards_need_soa
        && soa_version.is_none()
        && (kind == DecisionKind::Grant || targets.iter().any(|c| c.soa_version.is_none()))
    {
        return Err(invalid(
            "soa_version",
            ErrorCode::SoaVersionRequired,
            "give the version of the Statement of Applicability the certificate refers to",
        ));
    }
    let until = if kind == DecisionKind::Suspend {
        let Some(u) = until else {
            return Err(invalid(
                "until",
                ErrorCode::Required,
                "give the date the suspension ends",
            ));
        };
        Some(cert::suspension_until(
            decided_on,
            u,
            settings.certificates.suspension_months,
        )?)
    } else {
        None
    };

    // Everything is checked: record the decision and apply it.
    let actor = p.actor();
    let decision = record(
        &tx,
        &actor,
        NewDecision {
            programme_id: programme.id,
            client_id: programme.client_id,
            kind,
            decided_on,
            effective_date: issues.then_some(effective),
            decision_maker_id: me.as_ref().map(|m| m.id),
            decided_by: actor.label.clone(),
            reasons: reasons.clone(),
            application_confirmed: input.application_confirmed,
            inputs: inputs(&files, input.application_confirmed, &targets),
            audits: files.iter().map(|(a, r, _)| (a.id, r.revision)).collect(),
        },
    )
    .await?;

    let mut changed = Vec::new();
    let mut issued = Vec::new();
    let reason = (!reasons.is_empty()).then(|| reasons.clone());
    match kind {
        DecisionKind::Grant => {
            let expiry = crate::programmes::plan_cycle(&tx, &actor, id, decided_on).await?;
            let groups: Vec<Vec<String>> = if settings.certificates.integrated {
                vec![programme.standards.clone()]
            } else {
                programme
                    .standards
                    .iter()
                    .map(|s| vec![s.clone()])
                    .collect()
            };
            for standards in groups {
                let c = certs::issue(
                    ctx,
                    &tx,
                    &t.tenant,
                    &actor,
                    programme.id,
                    programme.client_id,
                    standards,
                    decision.id,
                    decided_on,
                    effective,
                    expiry,
                    soa_version.clone(),
                )
                .await?;
                issued.push(c);
            }
        }
        DecisionKind::Renew | DecisionKind::ExtendScope | DecisionKind::ReduceScope => {
            if kind == DecisionKind::Renew {
                crate::programmes::plan_cycle(&tx, &actor, id, decided_on).await?;
            }
            let event = CertificateEvent::of_decision(kind).unwrap_or(CertificateEvent::Renew);
            for c in &targets {
                let c = certs::revise(
                    ctx,
                    &tx,
                    t,
                    &actor,
                    c,
                    event,
                    decision.id,
                    decided_on,
                    effective,
                    soa_version.clone(),
                    scope.clone(),
                    reason.clone(),
                )
                .await?;
                issued.push(c);
            }
        }
        DecisionKind::Suspend | DecisionKind::Restore | DecisionKind::Withdraw => {
            let event = CertificateEvent::of_decision(kind).unwrap_or(CertificateEvent::Withdraw);
            let make: fn(crate::mail::CertificateNotice) -> Mail = match kind {
                DecisionKind::Suspend => Mail::CertificateSuspended,
                DecisionKind::Restore => Mail::CertificateRestored,
                _ => Mail::CertificateWithdrawn,
            };
            for c in &targets {
                let c = certs::change_status(
                    ctx,
                    &tx,
                    &actor,
                    c,
                    event,
                    reason.clone(),
                    until,
                    Some(decision.id),
                    decided_on,
                )
                .await?;
                mail_client(&tx, &c, make, reason.clone()).await?;
                changed.push(c);
            }
        }
        DecisionKind::Refuse | DecisionKind::Maintain => {}
    }
    for c in &issued {
        let why = match kind {
            DecisionKind::Grant => "first issue",
            DecisionKind::Renew => "renewal",
            DecisionKind::ExtendScope => "scope extended",
            _ => "scope reduced",
        };
        mail_client(&tx, c, Mail::CertificateIssued, Some(why.to_string())).await?;
    }
    if !matches!(
        kind,
        DecisionKind::Suspend | DecisionKind::Restore | DecisionKind::Withdraw
    ) {
        let client_name = clients::by_id(&tx, ClientId(programme.client_id))
            .await?
            .map(|c| c.legal_name)
            .unwrap_or_default();
        let mail = Mail::DecisionTaken {
            client_name,
            decision: kind.label().to_string(),
            standards: programme.standards.join(", "),
            decided_on: super::long_date(decided_on),
            reasons: reasons.clone(),
        };
        for r in crate::fieldwork::client_recipients(&tx, programme.client_id).await? {
            crate::mail::enqueue(&tx, &r, &mail).await?;
        }
    }
    tx.commit().await?;
    ctx.ring();
    for c in &issued {
        if let Err(e) = super::documents::store_pdf(ctx, t.scope(), c.id, c.revision).await {
            tracing::warn!(certificate.id = %c.id, error = %e, "certificate PDF not stored yet; it is rendered on first download");
        }
    }
    issued.extend(changed);
    Ok(DecisionOutcome {
        decision,
        certificates: issued,
    })
}

/// An audit of the programme as the decision form offers it.
#[derive(Debug, Clone)]
pub struct CandidateAudit {
    pub audit: certa_store::repo::audits::ScheduledAudit,
    /// The latest revision of its report, if submitted.
    pub report: Option<repo::ReportRevision>,
    /// Whether a decision already rests on it.
    pub decided: bool,
    /// What blocks a decision on it today (nonconformities).
    pub blockers: Vec<String>,
    /// Whether the signed-in member was on its team.
    pub on_my_team: bool,
}

impl CandidateAudit {
    /// Whether a decision may rest on it now: the file passed the technical review and no
    /// decision rests on it yet.
    pub fn ready(&self) -> bool {
        !self.decided
            && self
                .report
                .as_ref()
                .is_some_and(|r| r.status == ReportStatus::Passed)
    }

    /// Where its file stands, in words.
    pub fn file_state(&self) -> String {
        if self.decided {
            return "decided".into();
        }
        match &self.report {
            None if self.audit.kind == EntryKind::Stage1 => {
                "no report needed: the decision rests on stage 2".into()
            }
            None => "report not submitted".into(),
            Some(r) => match r.status {
                ReportStatus::Submitted => {
                    format!("revision {} waits for the technical review", r.revision)
                }
                ReportStatus::Returned => {
                    format!("revision {} returned to the lead auditor", r.revision)
                }
                ReportStatus::Passed => format!(
                    "revision {} passed the technical review; team recommendation: {}",
                    r.revision,
                    r.recommendation.label()
                ),
            },
        }
    }
}

/// What the decision form of a programme shows: the audits and their files, the
/// certificates, the decisions taken, and whether the signed-in member may decide
/// (independence and qualification, checked again when the decision is taken).
#[derive(Debug, Clone)]
pub struct DecisionContext {
    pub programme: certa_store::repo::applications::Programme,
    pub client_name: String,
    pub audits: Vec<CandidateAudit>,
    pub certificates: Vec<Certificate>,
    pub decisions: Vec<Decision>,
    /// Why the signed-in member may not decide on the audits ready for a decision, if so.
    pub refusal: Option<String>,
    /// Whether certificates of these standards print a Statement of Applicability version.
    pub needs_soa: bool,
    /// The longest suspension the body allows, in months.
    pub suspension_months: u32,
}

/// The decision form of a programme (decision makers and administrators).
pub async fn prepare(
    ctx: &Ctx,
    p: &Principal,
    id: ProgrammeId,
) -> Result<DecisionContext, ServiceError> {
    let t = p.authorize(Action::DecideCertification)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let (programme, _) = applications::programme(&tx, id)
        .await?
        .ok_or_else(|| ServiceError::not_found("programme", ErrorCode::ProgrammeNotFound))?;
    let client_name = clients::by_id(&tx, ClientId(programme.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let settings = crate::settings::load(&tx).await?;
    let me = own_record(&tx, t).await?;
    let listed = audits::of_programme(&tx, programme.id).await?;
    let ids: Vec<uuid::Uuid> = listed.iter().map(|a| a.id).collect();
    let decided = if ids.is_empty() {
        Vec::new()
    } else {
        repo::decided_audits(&tx, &ids).await?
    };
    let on = today();
    let mut candidates = Vec::new();
    for a in listed {
        if a.status == certa_domain::AuditStatus::Cancelled {
            continue;
        }
        let report = repo::reports(&tx, a.id).await?.into_iter().next();
        let ncs = fw::ncs_of_audit(&tx, a.id).await?;
        let on_my_team = match &me {
            Some(m) => on_team(&tx, m, &a).await?,
            None => false,
        };
        candidates.push(CandidateAudit {
            decided: decided.contains(&a.id),
            blockers: decision_blockers(&a, &ncs, on),
            audit: a,
            report,
            on_my_team,
        });
    }
    let mut refusal = None;
    if let Some(c) = candidates.iter().find(|c| c.ready() && c.on_my_team) {
        refusal = Some(format!(
            "You were on the team of the {} audit: a decision resting on it must be taken by someone who was not involved in it (ISO/IEC 17021-1 9.5.1.2).",
            c.audit.kind.label()
        ));
    } else {
        match &me {
            None if !t.roles.contains(Role::Admin) => {
                refusal = Some(
                    "You have no personnel record qualifying you as decision maker; ask an administrator to link one to your membership.".into(),
                );
            }
            None => {
                refusal = Some(
                    "You have no personnel record qualifying you as decision maker: as an administrator you may only suspend, restore or withdraw certificates.".into(),
                );
            }
            Some(m) => {
                let mut areas: Vec<String> = candidates
                    .iter()
                    .filter(|c| c.ready())
                    .flat_map(|c| c.audit.technical_areas.clone())
                    .collect();
                areas.sort();
                areas.dedup();
                if areas.is_empty() {
                    areas = scope_areas(&tx, programme.client_id, &programme.standards).await?;
                }
                let missing = missing_qualifications(
                    &tx,
                    m,
                    Function::DecisionMaker,
                    &programme.standards,
                    &areas,
                    on,
                )
                .await?;
                if !missing.is_empty() {
                    refusal = Some(format!(
                        "You are not qualified as decision maker for {}.",
                        missing.join(", ")
                    ));
                }
            }
        }
    }
    let certificates = repo::of_programme(&tx, programme.id).await?;
    let decisions = repo::decisions_of_programme(&tx, programme.id).await?;
    tx.commit().await?;
    Ok(DecisionContext {
        needs_soa: cert::needs_soa(&programme.standards),
        programme,
        client_name,
        audits: candidates,
        certificates,
        decisions,
        refusal,
        suspension_months: settings.certificates.suspension_months,
    })
}
