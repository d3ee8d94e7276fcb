//! Queued mails: where one stands and what kind of mail it is.

use crate::stored::stored_enum;

stored_enum! {
    /// Where a queued mail stands.
    pub enum OutboxStatus ("outbox status") {
        /// Waiting to be sent (or tried again).
        Pending = "pending", "pending";
        /// Sent.
        Sent = "sent", "sent";
        /// Given up after the last attempt.
        Dead = "dead", "dead";
    }
}

stored_enum! {
    /// The kind of a queued mail (the mail and its templates are named by it).
    pub enum MailKind ("mail kind") {
        /// Invitation to join a certification body.
        Invitation = "invitation", "invitation";
        /// Password-reset link.
        PasswordReset = "password_reset", "password reset";
        /// The password was changed by a reset.
        PasswordChanged = "password_changed", "password changed";
        /// An application for certification was accepted.
        ApplicationAccepted = "application_accepted", "application accepted";
        /// An application was declined.
        ApplicationDeclined = "application_declined", "application declined";
        /// An audit's team is confirmed.
        AuditConfirmed = "audit_confirmed", "audit confirmed";
        /// A confirmed audit moved to new dates.
        AuditRescheduled = "audit_rescheduled", "audit rescheduled";
        /// An audit was cancelled.
        AuditCancelled = "audit_cancelled", "audit cancelled";
        /// A team is proposed to the client.
        TeamProposed = "team_proposed", "team proposed";
        /// The client objected to a proposed member.
        TeamObjection = "team_objection", "team objection";
        /// A surveillance or recertification audit is due.
        SurveillanceDue = "surveillance_due", "surveillance due";
        /// A programme audit is past its due date.
        AuditOverdue = "audit_overdue", "audit overdue";
        /// A qualification of an auditor expires soon.
        QualificationExpiring = "qualification_expiring", "qualification expiring";
        /// Evidence is requested from the client.
        EvidenceRequested = "evidence_requested", "evidence requested";
        /// Evidence was uploaded.
        EvidenceUploaded = "evidence_uploaded", "evidence uploaded";
        /// A nonconformity is raised.
        NcRaised = "nc_raised", "nonconformity raised";
        /// The client answered a nonconformity.
        NcResponseSubmitted = "nc_response_submitted", "nonconformity response submitted";
        /// The client's plan is accepted.
        NcPlanAccepted = "nc_plan_accepted", "nonconformity plan accepted";
        /// The client's plan is rejected.
        NcPlanRejected = "nc_plan_rejected", "nonconformity plan rejected";
        /// A nonconformity is closed.
        NcClosed = "nc_closed", "nonconformity closed";
        /// A nonconformity is open again.
        NcReopened = "nc_reopened", "nonconformity reopened";
        /// A minor nonconformity was escalated to major.
        NcEscalated = "nc_escalated", "nonconformity escalated";
        /// A nonconformity response is due or overdue.
        NcResponseDue = "nc_response_due", "nonconformity response due";
        /// An audit file was returned to the lead auditor.
        AuditFileReturned = "audit_file_returned", "audit file returned";
        /// A certification decision was taken.
        DecisionTaken = "decision_taken", "certification decision";
        /// A certificate or a new revision was issued.
        CertificateIssued = "certificate_issued", "certificate issued";
        /// A certificate was suspended.
        CertificateSuspended = "certificate_suspended", "certificate suspended";
        /// A suspension was lifted.
        CertificateRestored = "certificate_restored", "certificate restored";
        /// A certificate was withdrawn.
        CertificateWithdrawn = "certificate_withdrawn", "certificate withdrawn";
        /// A certificate expired.
        CertificateExpired = "certificate_expired", "certificate expired";
        /// A certificate expires soon without recertification scheduled.
        CertificateExpiring = "certificate_expiring", "certificate expiring";
        /// A suspension nears the body's limit.
        SuspensionEnding = "suspension_ending", "suspension ending";
        /// Nothing was exported to IAF CertSearch for 30 days (IAF MD 28: at least monthly).
        CertsearchExportDue = "certsearch_export_due", "CertSearch export due";
        VerificationBurst = "verification_burst", "unusual verification activity";
    }
}

impl MailKind {
    /// Every kind, so the worker can check its templates at start-up.
    pub const ALL: &'static [MailKind] = MailKind::VARIANTS;

    /// The kind of a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}
