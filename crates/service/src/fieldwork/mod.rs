//! Audit fieldwork (ISO/IEC 17021-1 9.4): checklists from templates, answers and evidence
//! requests, nonconformities and the client's corrective-action loop (9.4.9, 9.4.10), and
//! what a client user of the portal may see.
//!
//! Who may act: staff with [`Action::ConductAudits`] on an audit they are on the team of
//! (administrators and schedulers on any audit); client users ([`Action::RespondFindings`])
//! only for their own organisation — anything else answers not-found.

use crate::{ServiceError, TenantCtx};
use certa_domain::ErrorCode;
use certa_domain::checklists::ItemResult;
use certa_domain::{Action, AuditId, AuditorId};
use certa_store::TenantTx;
use certa_store::repo::audits::ScheduledAudit;
use certa_store::repo::{audits, personnel};
use chrono::NaiveDate;

mod checklist;
pub(crate) mod nonconformities;
mod portal;
mod register;
pub(crate) mod report;
mod templates;
pub use checklist::*;
pub use nonconformities::*;
pub use portal::*;
pub use register::*;
pub use report::*;
pub use templates::*;

/// The item results an auditor records, as listed in messages.
fn results_list() -> String {
    ItemResult::VARIANTS
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn not_found() -> ServiceError {
    ServiceError::not_found("audit", ErrorCode::AuditNotFound)
}

fn nc_not_found() -> ServiceError {
    ServiceError::not_found("nonconformity", ErrorCode::NonconformityNotFound)
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn invalid(
    field: &'static str,
    code: certa_domain::ErrorCode,
    message: impl Into<String>,
) -> ServiceError {
    ServiceError::Invalid {
        field,
        code,
        message: message.into(),
    }
}

/// Whether the principal may work this audit: administrators and schedulers always,
/// auditors when their personnel record is on the team. Evidence follows the same rule.
pub(crate) async fn may_conduct(
    tx: &TenantTx,
    t: &TenantCtx,
    a: &ScheduledAudit,
) -> Result<bool, ServiceError> {
    if !t.roles.allows(Action::ConductAudits) {
        return Ok(false);
    }
    if t.roles.allows(Action::ScheduleAudits) {
        return Ok(true);
    }
    let team = audits::team(tx, AuditId(a.id)).await?;
    for m in team {
        if let Some(r) = personnel::by_id(tx, AuditorId(m.auditor_id)).await?
            && r.membership_id == Some(t.membership.id)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Loads an audit the principal may see: staff who view clients see all; a client user
/// sees only their organisation's audits.
pub(crate) async fn visible_audit(
    tx: &TenantTx,
    t: &TenantCtx,
    id: AuditId,
) -> Result<ScheduledAudit, ServiceError> {
    let a = audits::by_id(tx, id).await?.ok_or_else(not_found)?;
    if let Some(c) = t.client {
        if a.client_id != c {
            return Err(not_found());
        }
    } else if !t.roles.allows(Action::ViewClients) {
        return Err(ServiceError::Forbidden);
    }
    Ok(a)
}

async fn conduct_audit(
    tx: &TenantTx,
    t: &TenantCtx,
    id: AuditId,
) -> Result<ScheduledAudit, ServiceError> {
    let a = visible_audit(tx, t, id).await?;
    if t.client.is_some() {
        return Err(not_found());
    }
    if !may_conduct(tx, t, &a).await? {
        return Err(ServiceError::Forbidden);
    }
    Ok(a)
}
