//! Scheduling (ISO/IEC 17021-1 9.2): an audit is created from a programme entry with its
//! dates and technical areas, a team is proposed and checked (competence, lead
//! qualification, impartiality, availability, double booking, rotation —
//! [`certa_domain::team`]), and the team is confirmed; blocking findings need an
//! authorised override with a justification, recorded in the audit trail.

use crate::ServiceError;
use certa_domain::AuditStatus;
use certa_domain::ErrorCode;
use certa_domain::audit_status::Remote;
use certa_domain::team::{Finding, TeamRole};
use certa_store::repo::audits::{ScheduledAudit, TeamMember};
use chrono::NaiveDate;

mod calendar;
mod month;
mod objections;
mod plan;
mod scheduling;
pub use calendar::*;
pub use month::*;
pub use objections::*;
pub use plan::*;
pub use scheduling::*;

/// An audit with its team and the current findings of the checks.
#[derive(Debug, Clone)]
pub struct AuditFile {
    pub audit: ScheduledAudit,
    pub team: Vec<(TeamMember, String)>,
    pub findings: Vec<Finding>,
    /// The audit plan, once set.
    pub plan: Option<PlanView>,
    /// Objections of the client to team members, oldest first.
    pub objections: Vec<ObjectionView>,
    /// What the scheduler should know about the audit's place in its programme (a long
    /// gap since stage 1), in words.
    pub notices: Vec<String>,
}

/// A proposed member.
#[derive(Debug, Clone)]
pub struct MemberInput {
    pub auditor_id: uuid::Uuid,
    /// lead, auditor, technical_expert or observer.
    pub role: String,
    pub days: f64,
}

fn not_found() -> ServiceError {
    ServiceError::not_found("audit", ErrorCode::AuditNotFound)
}

/// Refuses changes to a cancelled audit.
fn not_cancelled(a: &ScheduledAudit) -> Result<(), ServiceError> {
    if a.status == AuditStatus::Cancelled {
        return Err(ServiceError::conflict(
            ErrorCode::AuditCancelled,
            "the audit was cancelled; it can no longer be changed",
        ));
    }
    Ok(())
}

fn role(s: &str) -> Result<TeamRole, ServiceError> {
    s.parse().map_err(|_| ServiceError::Invalid {
        field: "role",
        code: ErrorCode::InvalidTeamRole,
        message: "role must be lead, auditor, technical_expert or observer".into(),
    })
}

fn parse(d: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}
