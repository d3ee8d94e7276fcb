//! The mails Certa sends, one variant each, with the fields its templates read.
//!
//! A mail is enqueued in the outbox as its kind (the variant's snake_case name) and its
//! fields as JSON, and rendered at send time from
//! `web/templates/email/<kind>.{subject,txt,html}.hbs`, which also see `brand` (the
//! certification body's name) and `public_url`. Rows queued before a change of fields
//! that no longer decode are dead letters.

pub use certa_domain::outbox::MailKind;
use certa_store::repo::outbox;
use certa_store::{StoreError, TenantTx, Tx};
use serde::{Deserialize, Serialize};
use serde_json::Value;

macro_rules! mail_kinds {
    ($($(#[$doc:meta])* $variant:ident $(($inner:ty))? $({ $($field:tt)* })? => $kind:literal,)*) => {
        /// A mail, with everything its templates show.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind", content = "data", rename_all = "snake_case")]
        pub enum Mail {
            $($(#[$doc])* $variant $(($inner))? $({ $($field)* })?,)*
        }

        /// Each mail's kind with the name this list gives it (the stored name of
        /// [`MailKind`] and serde's name of the variant must be the same).
        #[cfg(test)]
        const KIND_NAMES: &[(MailKind, &str)] = &[$((MailKind::$variant, $kind),)*];

        impl Mail {
            /// This mail's kind.
            pub fn kind(&self) -> MailKind {
                match self {
                    $(mail_kinds!(@pat $variant $(($inner))? $({ $($field)* })?) => MailKind::$variant,)*
                }
            }
        }
    };
    (@pat $variant:ident ($inner:ty)) => { Mail::$variant(_) };
    (@pat $variant:ident { $($field:tt)* }) => { Mail::$variant { .. } };
}

mail_kinds! {
    /// Invitation to join a certification body.
    Invitation {
        inviter: String,
        roles: String,
        link: String,
        expires_at: String,
    } => "invitation",
    /// Password-reset link.
    PasswordReset {
        name: String,
        link: String,
        expires_at: String,
    } => "password_reset",
    /// The password was changed by a reset: sessions ended and API tokens revoked.
    PasswordChanged {
        name: String,
        sessions_ended: u64,
        tokens_revoked: u64,
    } => "password_changed",
    /// An application for certification was accepted (to the client's contacts).
    ApplicationAccepted {
        client_name: String,
        standards: String,
        scope: String,
    } => "application_accepted",
    /// An application was declined, with the reasons (ISO/IEC 17021-1 9.1.2).
    ApplicationDeclined {
        client_name: String,
        standards: String,
        reason: String,
    } => "application_declined",
    /// An audit's team is confirmed: to the team and the client's contacts, with an `.ics`.
    AuditConfirmed(AuditNotice) => "audit_confirmed",
    /// A confirmed audit moved to new dates: to the team and the client's contacts, with
    /// the updated `.ics`.
    AuditRescheduled(AuditNotice) => "audit_rescheduled",
    /// An audit was cancelled: to the team and the client's contacts, with an `.ics` that
    /// removes it from their calendars.
    AuditCancelled(AuditNotice) => "audit_cancelled",
    /// A team is proposed: to the client's contacts, with a link to object before a
    /// deadline.
    TeamProposed {
        client_name: String,
        kind: String,
        starts_on: String,
        ends_on: String,
        team: Vec<String>,
        deadline: String,
        link: String,
    } => "team_proposed",
    /// The client objected to a proposed member: to the schedulers.
    TeamObjection {
        client_name: String,
        kind: String,
        member: String,
        reason: String,
        raised_by: String,
        audit_id: uuid::Uuid,
    } => "team_objection",
    /// A surveillance or recertification audit is due in 90, 60 or 30 days.
    SurveillanceDue(ProgrammeDue) => "surveillance_due",
    /// A programme audit is past its due date and not done.
    AuditOverdue(ProgrammeDue) => "audit_overdue",
    /// A qualification of an auditor expires within 60 days.
    QualificationExpiring {
        auditor_name: String,
        auditor_id: uuid::Uuid,
        standard: String,
        technical_area: String,
        function: String,
        valid_until: String,
        days_left: i64,
    } => "qualification_expiring",
    /// Evidence is requested from the client (checklist items with a due date).
    EvidenceRequested {
        client_name: String,
        kind: String,
        items: Vec<String>,
        /// For a contact without an account: the invitation to the client portal.
        #[serde(default)]
        invitation_link: Option<String>,
    } => "evidence_requested",
    /// Evidence was uploaded: to the lead auditor of the audit.
    EvidenceUploaded {
        client_name: String,
        kind: String,
        title: String,
        filename: String,
        audit_id: uuid::Uuid,
    } => "evidence_uploaded",
    /// A nonconformity is raised: to the client's contacts and client users.
    NcRaised(NcNotice) => "nc_raised",
    /// The client answered a nonconformity (or reported it implemented): to the lead
    /// auditor.
    NcResponseSubmitted(NcNotice) => "nc_response_submitted",
    /// The client's plan is accepted.
    NcPlanAccepted(NcNotice) => "nc_plan_accepted",
    /// The client's plan is rejected, with the reason.
    NcPlanRejected(NcNotice) => "nc_plan_rejected",
    /// Verified effective: closed.
    NcClosed(NcNotice) => "nc_closed",
    /// Verified not effective: open again.
    NcReopened(NcNotice) => "nc_reopened",
    /// A minor was escalated to major.
    NcEscalated(NcNotice) => "nc_escalated",
    /// A nonconformity response is due in 7 days or 1 day, or overdue.
    NcResponseDue {
        client_name: String,
        number: i32,
        grade: String,
        reference: String,
        statement: String,
        response_due: String,
        days_left: i64,
        overdue: bool,
        nc_id: uuid::Uuid,
    } => "nc_response_due",
    /// The technical review returned the audit file: to the lead auditor, with the
    /// comments per section.
    AuditFileReturned {
        client_name: String,
        kind: String,
        revision: i32,
        comments: Vec<String>,
        audit_id: uuid::Uuid,
    } => "audit_file_returned",
    /// A certification decision was taken: to the client's contacts.
    DecisionTaken {
        client_name: String,
        decision: String,
        standards: String,
        decided_on: String,
        reasons: String,
    } => "decision_taken",
    /// A certificate or a new revision of it was issued: to the client's contacts and
    /// client users, with the PDF attached.
    CertificateIssued(CertificateNotice) => "certificate_issued",
    /// A certificate was suspended, with the reason and the end of the suspension.
    CertificateSuspended(CertificateNotice) => "certificate_suspended",
    /// A suspension was lifted.
    CertificateRestored(CertificateNotice) => "certificate_restored",
    /// A certificate was withdrawn, with the reason.
    CertificateWithdrawn(CertificateNotice) => "certificate_withdrawn",
    /// A certificate passed its expiry date without renewal.
    CertificateExpired(CertificateNotice) => "certificate_expired",
    /// A certificate expires in 90 or 30 days and no recertification audit is scheduled.
    CertificateExpiring(CertificateNotice) => "certificate_expiring",
    /// A suspension reaches the body's limit soon: to the decision makers.
    SuspensionEnding(CertificateNotice) => "suspension_ending",
    /// Nothing was exported to IAF CertSearch for 30 days: to the administrators (IAF MD 28
    /// asks for an update at least once a month).
    CertsearchExportDue {
        /// The last export, readable, or `None` when the body never exported.
        last_export: Option<String>,
        certificates: u64,
    } => "certsearch_export_due",
    /// More look-ups of unknown, look-alike, suspended or withdrawn numbers today than the
    /// body's threshold: to its administrators, once a day.
    VerificationBurst {
        body_name: String,
        /// The day, readable.
        day: String,
        lookups: i64,
        threshold: u32,
        /// The numbers looked up most, with their counts (at most five).
        top: Vec<String>,
    } => "verification_burst",
}

/// What the mails about a certificate show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateNotice {
    pub client_name: String,
    /// The number with its revision suffix.
    pub number: String,
    /// The base number (the public verification address).
    pub base_number: String,
    pub standards: String,
    pub scope: String,
    /// The status, readable ("active", "suspended").
    pub status: String,
    pub effective_date: String,
    pub expiry_date: String,
    /// Why the revision was issued or the status changed.
    pub reason: Option<String>,
    /// The end of a suspension.
    pub until: Option<String>,
    /// Days left before expiry or the end of a suspension (reminders).
    pub days_left: Option<i64>,
    pub certificate_id: uuid::Uuid,
    pub revision: i32,
    /// Whether the mail goes to staff (with a link to the certificate page) or to the
    /// client (with a link to the portal).
    pub for_staff: bool,
}

/// What the mails about a confirmed, moved or cancelled audit show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditNotice {
    pub client_name: String,
    /// The audit's kind, readable ("stage 2").
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    /// The standards, comma-separated.
    pub standards: String,
    /// "Name (role)", comma-separated.
    pub team: String,
    /// The calendar attachment (RFC 5545).
    pub ics: String,
    /// `REQUEST` or `CANCEL`; absent in rows queued before it was recorded (`REQUEST`).
    #[serde(default)]
    pub ics_method: Option<String>,
    /// Why the audit was cancelled.
    #[serde(default)]
    pub reason: Option<String>,
    /// The plan's sites, one line each.
    #[serde(default)]
    pub sites: Option<Vec<String>>,
    /// How remote auditing is used, when it is.
    #[serde(default)]
    pub remote: Option<String>,
    /// The plan's agenda, one line each.
    #[serde(default)]
    pub agenda: Option<Vec<String>>,
}

/// What the reminders of a programme audit (due or overdue) show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeDue {
    pub client_name: String,
    /// The audit's kind, readable ("surveillance 1").
    pub kind: String,
    pub due_by: String,
    pub days_left: i64,
    pub programme_id: uuid::Uuid,
    /// Whether the mail goes to staff (with a link to the programme) or to the client.
    pub for_staff: bool,
}

/// What the mails about a nonconformity show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NcNotice {
    pub client_name: String,
    /// The audit's kind, readable ("stage 2").
    pub kind: String,
    pub number: i32,
    pub grade: String,
    pub reference: String,
    pub statement: String,
    pub response_due: String,
    pub review_comment: Option<String>,
    pub verification_comment: Option<String>,
    pub nc_id: uuid::Uuid,
    /// For a contact without an account: the invitation to the client portal.
    #[serde(default)]
    pub invitation_link: Option<String>,
}

/// A stored row that is not a mail of this version.
#[derive(Debug, thiserror::Error)]
#[error("outbox row of kind {kind:?} does not decode: {source}")]
pub struct UndecodableMail {
    pub kind: String,
    #[source]
    pub source: serde_json::Error,
}

impl Mail {
    /// The outbox form: the kind and the fields as a JSON object.
    pub fn to_row(&self) -> (MailKind, Value) {
        let kind = self.kind();
        // A derived `Serialize` of plain fields cannot fail; `Null` would be refused by
        // the renderer's strict mode, never sent empty.
        let data = match serde_json::to_value(self) {
            Ok(Value::Object(mut m)) => m.remove("data").unwrap_or(Value::Null),
            _ => Value::Null,
        };
        (kind, data)
    }

    /// A stored row back as a mail.
    pub fn from_row(kind: MailKind, payload: &Value) -> Result<Self, UndecodableMail> {
        serde_json::from_value(serde_json::json!({"kind": kind.as_str(), "data": payload})).map_err(
            |source| UndecodableMail {
                kind: kind.as_str().to_string(),
                source,
            },
        )
    }

    /// The fields the templates see (without `brand` and `public_url`).
    pub fn fields(&self) -> Value {
        self.to_row().1
    }

    /// The calendar attachment (RFC 5545) and its method (`REQUEST` or `CANCEL`; absent
    /// in rows queued before it was recorded), for the mails about an audit's dates.
    pub fn calendar(&self) -> Option<(&str, Option<&str>)> {
        let (Mail::AuditConfirmed(n) | Mail::AuditRescheduled(n) | Mail::AuditCancelled(n)) = self
        else {
            return None;
        };
        Some((&n.ics, n.ics_method.as_deref()))
    }

    /// The certificate whose PDF goes with the mail: certificate, revision, and the file
    /// name (short, so that mail headers keep it on one line).
    pub fn certificate_pdf(&self) -> Option<(uuid::Uuid, i32, String)> {
        match self {
            Mail::CertificateIssued(n) => Some((
                n.certificate_id,
                n.revision,
                format!("certificate-{}.pdf", n.number.replace(['/', ' '], "-")),
            )),
            _ => None,
        }
    }
}

/// Enqueues a tenant's mail in the caller's transaction.
pub async fn enqueue(tx: &TenantTx, recipient: &str, mail: &Mail) -> Result<(), StoreError> {
    let (kind, data) = mail.to_row();
    outbox::enqueue(tx, kind, recipient, data).await?;
    Ok(())
}

/// Enqueues a mail that belongs to no tenant (password reset, password changed).
pub async fn enqueue_global(tx: &impl Tx, recipient: &str, mail: &Mail) -> Result<(), StoreError> {
    let (kind, data) = mail.to_row();
    outbox::enqueue_global(tx, kind, recipient, data).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(method: Option<&str>) -> AuditNotice {
        AuditNotice {
            client_name: "Acme".into(),
            kind: "stage 2".into(),
            starts_on: "2026-03-02".into(),
            ends_on: "2026-03-03".into(),
            standards: "ISO 9001".into(),
            team: "Ada (lead)".into(),
            ics: "BEGIN:VCALENDAR".into(),
            ics_method: method.map(str::to_string),
            reason: None,
            sites: None,
            remote: None,
            agenda: None,
        }
    }

    #[test]
    fn kinds_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for k in MailKind::ALL {
            assert!(seen.insert(k.as_str()), "{} twice", k.as_str());
            assert_eq!(MailKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(MailKind::parse("nope"), None);
        // Every kind is one mail of this list, under the same name.
        assert_eq!(KIND_NAMES.len(), MailKind::ALL.len());
        for (k, name) in KIND_NAMES {
            assert_eq!(k.as_str(), *name);
        }
    }

    #[test]
    fn a_mail_survives_the_outbox_with_its_kind_as_serde_names_it() {
        let m = Mail::AuditCancelled(AuditNotice {
            reason: Some("client request".into()),
            ..notice(Some("CANCEL"))
        });
        let (kind, data) = m.to_row();
        assert_eq!(kind, MailKind::AuditCancelled);
        assert_eq!(data["reason"], "client request");
        assert!(data.get("kind").is_some(), "the audit kind stays a field");
        assert_eq!(Mail::from_row(kind, &data).unwrap(), m);
        let p = Mail::PasswordChanged {
            name: "Ada".into(),
            sessions_ended: 2,
            tokens_revoked: 1,
        };
        let (kind, data) = p.to_row();
        assert_eq!(kind, MailKind::PasswordChanged);
        assert_eq!(Mail::from_row(kind, &data).unwrap(), p);
    }

    #[test]
    fn a_row_whose_fields_are_not_its_kind_s_does_not_decode() {
        let e = Mail::from_row(
            MailKind::PasswordChanged,
            &serde_json::json!({"name": 5, "sessions_ended": "all"}),
        )
        .unwrap_err();
        assert!(e.to_string().contains("password_changed"), "{e}");
        assert!(
            Mail::from_row(MailKind::Invitation, &serde_json::json!({"inviter": "Ada"})).is_err()
        );
    }

    #[test]
    fn rows_queued_before_the_method_was_recorded_still_decode() {
        let mut data = Mail::AuditConfirmed(notice(None)).to_row().1;
        if let Some(o) = data.as_object_mut() {
            o.remove("ics_method");
            o.remove("sites");
        }
        let m = Mail::from_row(MailKind::AuditConfirmed, &data).unwrap();
        assert_eq!(m.calendar(), Some(("BEGIN:VCALENDAR", None)));
    }
}
