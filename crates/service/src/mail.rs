//! Mail kinds enqueued in the outbox. Each kind has templates under
//! `web/templates/email/<kind>.{subject,txt,html}.hbs`, rendered at send time.

/// Invitation to join a certification body.
pub const INVITATION: &str = "invitation";
/// Password-reset link.
pub const PASSWORD_RESET: &str = "password_reset";
/// The password was changed by a reset: sessions ended and API tokens revoked.
pub const PASSWORD_CHANGED: &str = "password_changed";

/// An application for certification was accepted (to the client's contacts).
pub const APPLICATION_ACCEPTED: &str = "application_accepted";
/// An application was declined, with the reasons (ISO/IEC 17021-1 9.1.2).
pub const APPLICATION_DECLINED: &str = "application_declined";

/// An audit's team is confirmed: to the team and the client's contacts, with an `.ics`.
pub const AUDIT_CONFIRMED: &str = "audit_confirmed";
/// A confirmed audit moved to new dates: to the team and the client's contacts, with the
/// updated `.ics`.
pub const AUDIT_RESCHEDULED: &str = "audit_rescheduled";
/// An audit was cancelled: to the team and the client's contacts, with an `.ics` that
/// removes it from their calendars.
pub const AUDIT_CANCELLED: &str = "audit_cancelled";

/// A team is proposed: to the client's contacts, with a link to object before a deadline.
pub const TEAM_PROPOSED: &str = "team_proposed";
/// The client objected to a proposed member: to the schedulers.
pub const TEAM_OBJECTION: &str = "team_objection";
/// A surveillance or recertification audit is due in 90, 60 or 30 days.
pub const SURVEILLANCE_DUE: &str = "surveillance_due";
/// A programme audit is past its due date and not done.
pub const AUDIT_OVERDUE: &str = "audit_overdue";
/// A qualification of an auditor expires within 60 days.
pub const QUALIFICATION_EXPIRING: &str = "qualification_expiring";

/// Evidence is requested from the client (checklist items with a due date).
pub const EVIDENCE_REQUESTED: &str = "evidence_requested";
/// Evidence was uploaded: to the lead auditor of the audit.
pub const EVIDENCE_UPLOADED: &str = "evidence_uploaded";
/// A nonconformity is raised: to the client's contacts and client users.
pub const NC_RAISED: &str = "nc_raised";
/// The client answered a nonconformity (or reported it implemented): to the lead auditor.
pub const NC_RESPONSE_SUBMITTED: &str = "nc_response_submitted";
/// The client's plan is accepted.
pub const NC_PLAN_ACCEPTED: &str = "nc_plan_accepted";
/// The client's plan is rejected, with the reason.
pub const NC_PLAN_REJECTED: &str = "nc_plan_rejected";
/// Verified effective: closed.
pub const NC_CLOSED: &str = "nc_closed";
/// Verified not effective: open again.
pub const NC_REOPENED: &str = "nc_reopened";
/// A minor was escalated to major.
pub const NC_ESCALATED: &str = "nc_escalated";
/// A nonconformity response is due in 7 days or 1 day, or overdue.
pub const NC_RESPONSE_DUE: &str = "nc_response_due";

/// Every kind, so the worker can check its templates at start-up.
pub const ALL: &[&str] = &[
    INVITATION,
    PASSWORD_RESET,
    PASSWORD_CHANGED,
    APPLICATION_ACCEPTED,
    APPLICATION_DECLINED,
    AUDIT_CONFIRMED,
    AUDIT_RESCHEDULED,
    AUDIT_CANCELLED,
    TEAM_PROPOSED,
    TEAM_OBJECTION,
    SURVEILLANCE_DUE,
    AUDIT_OVERDUE,
    QUALIFICATION_EXPIRING,
    EVIDENCE_REQUESTED,
    EVIDENCE_UPLOADED,
    NC_RAISED,
    NC_RESPONSE_SUBMITTED,
    NC_PLAN_ACCEPTED,
    NC_PLAN_REJECTED,
    NC_CLOSED,
    NC_REOPENED,
    NC_ESCALATED,
    NC_RESPONSE_DUE,
];
