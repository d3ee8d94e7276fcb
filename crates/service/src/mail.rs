//! Mail kinds enqueued in the outbox. Each kind has templates under
//! `web/templates/email/<kind>.{subject,txt,html}.hbs`, rendered at send time.

/// Invitation to join a certification body.
pub const INVITATION: &str = "invitation";
/// Password-reset link.
pub const PASSWORD_RESET: &str = "password_reset";

/// An application for certification was accepted (to the client's contacts).
pub const APPLICATION_ACCEPTED: &str = "application_accepted";
/// An application was declined, with the reasons (ISO/IEC 17021-1 9.1.2).
pub const APPLICATION_DECLINED: &str = "application_declined";

/// An audit's team is confirmed: to the team and the client's contacts, with an `.ics`.
pub const AUDIT_CONFIRMED: &str = "audit_confirmed";

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

/// Every kind, so the worker can check its templates at start-up.
pub const ALL: &[&str] = &[
    INVITATION,
    PASSWORD_RESET,
    APPLICATION_ACCEPTED,
    APPLICATION_DECLINED,
    AUDIT_CONFIRMED,
    TEAM_PROPOSED,
    TEAM_OBJECTION,
    SURVEILLANCE_DUE,
    AUDIT_OVERDUE,
    QUALIFICATION_EXPIRING,
];
