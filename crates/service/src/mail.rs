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

/// Every kind, so the worker can check its templates at start-up.
pub const ALL: &[&str] = &[
    INVITATION,
    PASSWORD_RESET,
    APPLICATION_ACCEPTED,
    APPLICATION_DECLINED,
    AUDIT_CONFIRMED,
];
