//! Mail kinds enqueued in the outbox. Each kind has templates under
//! `web/templates/email/<kind>.{subject,txt,html}.hbs`, rendered at send time.

/// Invitation to join a certification body.
pub const INVITATION: &str = "invitation";
/// Password-reset link.
pub const PASSWORD_RESET: &str = "password_reset";

/// Every kind, so the worker can check its templates at start-up.
pub const ALL: &[&str] = &[INVITATION, PASSWORD_RESET];
