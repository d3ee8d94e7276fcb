//! The audit report (ISO/IEC 17021-1 9.4.8): what the audit was, who did it, where and
//! when, its findings and nonconformities, the follow-up of earlier ones, and the team's
//! recommendation, read in one transaction.

use super::*;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::{AuditId, AuditorId, ClientId};
use certa_store::repo::fieldwork::{self as fw, Item};
use certa_store::repo::{audits, clients, personnel};
use serde::{Deserialize, Serialize};

/// An audit report, as the printable page and `GET /api/v1/audits/{id}/report` show it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditReport {
    pub audit_id: uuid::Uuid,
    /// The certification body (the tenant).
    pub certification_body: String,
    /// The client's legal name.
    pub client: String,
    /// The address of the site with the central function (or the first site).
    pub address: Option<String>,
    /// The first contact, with their role.
    pub representative: Option<String>,
    /// The audit kind (`stage_1`, `stage_2`, `surveillance_1`, …).
    pub kind: certa_domain::programme::EntryKind,
    /// The audit criteria: the standards audited.
    pub standards: Vec<String>,
    /// Whether the audit covers several standards at once (IAF MD 11).
    pub integrated: bool,
    pub objectives: String,
    /// The client's requested scope for each standard audited.
    pub scope: Vec<ReportScope>,
    pub team: Vec<ReportMember>,
    pub starts_on: String,
    pub ends_on: String,
    /// The sites of the audit plan.
    pub places: Vec<ReportPlace>,
    /// The remote use of ICT (`partial` or `full`), when the plan has any.
    pub remote: Option<certa_domain::audit_status::Remote>,
    /// Checklist items answered with a nonconformity, an observation or an opportunity for
    /// improvement.
    pub findings: Vec<ReportFinding>,
    /// Follow-up items carried from earlier audits (9.4.8 r).
    pub carried: Vec<ReportFinding>,
    pub nonconformities: Vec<ReportNonconformity>,
    pub majors: usize,
    pub minors: usize,
    /// Checklist items answered, of `total`.
    pub answered: usize,
    pub total: usize,
    /// What stands in the way of the certification decision (17021-1 9.5); empty when
    /// nothing does.
    pub decision_blockers: Vec<String>,
    pub recommendation: String,
}

/// The requested scope for one standard.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportScope {
    pub standard: String,
    pub scope: String,
}

/// A member of the audit team.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportMember {
    pub name: String,
    /// lead, auditor, technical_expert or observer.
    pub role: certa_domain::team::TeamRole,
}

/// A site visited.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportPlace {
    pub name: String,
    pub kind: certa_domain::clients::SiteKind,
    pub country: String,
}

/// A checklist item in the report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportFinding {
    pub reference: String,
    pub title: String,
    /// The recorded result, if any.
    pub result: Option<certa_domain::checklists::ItemResult>,
    pub notes: Option<String>,
}

/// A nonconformity in the report's summary.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportNonconformity {
    pub id: uuid::Uuid,
    pub number: i32,
    pub grade: certa_domain::nonconformity::Grade,
    pub reference: String,
    pub statement: String,
    pub status: certa_domain::nonconformity::Status,
    /// When the client's response is due (`YYYY-MM-DD`).
    pub response_due: String,
}

fn finding(i: &Item) -> ReportFinding {
    ReportFinding {
        reference: i.reference.clone(),
        title: i.title.clone(),
        result: i.result,
        notes: i.notes.clone(),
    }
}

/// The report of an audit: staff who see clients; client users and other certification
/// bodies get not-found.
pub async fn report(ctx: &Ctx, p: &Principal, id: AuditId) -> Result<AuditReport, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = visible_audit(&tx, t, id).await?;
    if t.client.is_some() {
        return Err(not_found());
    }
    let r = assemble(&tx, &t.tenant, &a).await?;
    tx.commit().await?;
    Ok(r)
}

/// The report of an audit of `tenant`, read in the caller's transaction (the submitted
/// report is this, locked with the lead auditor's recommendation).
pub(crate) async fn assemble(
    tx: &certa_store::TenantTx,
    tenant: &certa_store::repo::tenants::Tenant,
    a: &certa_store::repo::audits::ScheduledAudit,
) -> Result<AuditReport, ServiceError> {
    let items = fw::items(tx, a.id).await?;
    let ncs = fw::ncs_of_audit(tx, a.id).await?;
    let client_id = ClientId(a.client_id);
    let client = clients::by_id(tx, client_id)
        .await?
        .ok_or_else(|| ServiceError::not_found("client", ErrorCode::ClientNotFound))?;
    let sites = clients::sites(tx, client_id).await?;
    let contacts = clients::contacts(tx, client_id).await?;
    let scopes = clients::scopes(tx, client_id).await?;
    let mut team = Vec::new();
    for m in audits::team(tx, AuditId(a.id)).await? {
        let name = personnel::by_id(tx, AuditorId(m.auditor_id))
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        team.push(ReportMember { name, role: m.role });
    }
    let plan = crate::audits::plan_of(tx, a).await?;

    let standards: Vec<String> = a.standards.clone();
    let objectives = if a.kind == certa_domain::programme::EntryKind::Stage1 {
        "Stage 1 (ISO/IEC 17021-1 9.3.1.2): review the management-system documentation, the site conditions and the client's readiness for stage 2, and plan stage 2."
    } else {
        "Evaluate the implementation and effectiveness of the management system against the audit criteria (ISO/IEC 17021-1 9.3.1.3, 9.6)."
    };
    let total = items.len();
    let answered = items.iter().filter(|i| i.result.is_some()).count();
    let blockers = decision_blockers(a, &ncs, today());
    let recommendation = if !(total > 0 && answered == total) {
        format!("No recommendation yet: {answered} of {total} checklist items answered.")
    } else if blockers.is_empty() {
        "The audit team recommends the certification decision (ISO/IEC 17021-1 9.4.8 p)."
            .to_string()
    } else {
        format!("No recommendation until: {}.", blockers.join("; "))
    };
    let majors = ncs
        .iter()
        .filter(|n| n.grade == certa_domain::nonconformity::Grade::Major)
        .count();
    let address = sites
        .iter()
        .find(|s| s.central_function)
        .or(sites.first())
        .map(|s| {
            [
                Some(s.name.clone()),
                s.address.clone(),
                s.city.clone(),
                Some(s.country.clone()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
        });
    let representative = contacts.first().map(|k| {
        format!(
            "{}{}",
            k.name,
            k.role
                .as_ref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default()
        )
    });
    Ok(AuditReport {
        audit_id: a.id,
        certification_body: tenant.name.clone(),
        client: client.legal_name,
        address,
        representative,
        integrated: standards.len() > 1,
        scope: scopes
            .into_iter()
            .filter(|s| standards.contains(&s.standard_code))
            .map(|s| ReportScope {
                standard: s.standard_code,
                scope: s.scope,
            })
            .collect(),
        team,
        places: plan
            .as_ref()
            .map(|pl| {
                pl.sites
                    .iter()
                    .map(|s| ReportPlace {
                        name: s.name.clone(),
                        kind: s.kind,
                        country: s.country.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        remote: plan
            .map(|pl| pl.remote)
            .filter(|r| *r != certa_domain::audit_status::Remote::None),
        findings: items
            .iter()
            .filter(|i| i.result.is_some_and(|r| r.is_finding()))
            .map(finding)
            .collect(),
        carried: items
            .iter()
            .filter(|i| i.section == certa_domain::checklists::ItemSection::FollowUp)
            .map(finding)
            .collect(),
        majors,
        minors: ncs.len() - majors,
        nonconformities: ncs
            .into_iter()
            .map(|n| ReportNonconformity {
                id: n.id,
                number: n.number,
                grade: n.grade,
                reference: n.reference,
                statement: n.statement,
                status: n.status,
                response_due: n.response_due,
            })
            .collect(),
        answered,
        total,
        decision_blockers: blockers,
        recommendation,
        kind: a.kind,
        standards,
        objectives: objectives.to_string(),
        starts_on: a.starts_on.clone(),
        ends_on: a.ends_on.clone(),
    })
}
