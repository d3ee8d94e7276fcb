//! Every mail, rendered from the real templates with fixed inputs, against its reviewed
//! snapshot (subject, text and HTML). After a deliberate change of a template or of a
//! mail's fields: `cargo insta review` (or `INSTA_UPDATE=always cargo test -p certa-jobs`)
//! and commit the `.snap` files.

use crate::templates::MailRenderer;
use certa_service::mail::{AuditNotice, CertificateNotice, Mail, MailKind, NcNotice, ProgrammeDue};
use std::collections::BTreeSet;
use uuid::Uuid;

const BRAND: &str = "Acme <Certification> & Co";
const PUBLIC_URL: &str = "https://certa.example";

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn audit(reason: Option<&str>, method: &str, plan: bool) -> AuditNotice {
    AuditNotice {
        client_name: "Müller & Söhne GmbH".into(),
        kind: "stage 2".into(),
        starts_on: "2026-03-02".into(),
        ends_on: "2026-03-04".into(),
        standards: "ISO 9001, ISO/IEC 42001".into(),
        team: "Ada Lovelace (lead), Alan Turing (auditor)".into(),
        ics: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
        ics_method: Some(method.into()),
        reason: reason.map(str::to_string),
        sites: plan.then(|| {
            vec![
                "Head office, Hauptstraße 1, 70173 Stuttgart, DE".into(),
                "Plant <2>, Lyon, FR".into(),
            ]
        }),
        remote: plan.then(|| "partly remote".into()),
        agenda: plan.then(|| {
            vec![
                "2026-03-02 09:00 Opening meeting".into(),
                "2026-03-04 15:00 Closing meeting".into(),
            ]
        }),
    }
}

fn due(for_staff: bool, days_left: i64) -> ProgrammeDue {
    ProgrammeDue {
        client_name: "Müller & Söhne GmbH".into(),
        kind: "surveillance 1".into(),
        due_by: "2026-06-30".into(),
        days_left,
        programme_id: id(3),
        for_staff,
    }
}

fn nc(review_comment: Option<&str>, verification_comment: Option<&str>) -> NcNotice {
    NcNotice {
        client_name: "Müller & Söhne GmbH".into(),
        kind: "stage 2".into(),
        number: 3,
        grade: "minor".into(),
        reference: "ISO 9001 7.5.3".into(),
        statement: "Obsolete <drawings> were in use at line 2.".into(),
        response_due: "2026-04-01".into(),
        review_comment: review_comment.map(str::to_string),
        verification_comment: verification_comment.map(str::to_string),
        nc_id: id(5),
        invitation_link: None,
    }
}

/// Every kind at least once; kinds whose templates branch, once per branch.
fn samples() -> Vec<(&'static str, Mail)> {
    vec![
        (
            "invitation",
            Mail::Invitation {
                inviter: "Ada Lovelace".into(),
                roles: "auditor, scheduler".into(),
                link: format!("{PUBLIC_URL}/invitations/accept?token=TOKEN"),
                expires_at: "2026-12-05 10:00 UTC".into(),
            },
        ),
        (
            "password_reset",
            Mail::PasswordReset {
                name: "Ada Lovelace".into(),
                link: format!("{PUBLIC_URL}/password/reset?token=TOKEN"),
                expires_at: "2026-12-05T10:00:00+00:00".into(),
            },
        ),
        (
            "password_changed",
            Mail::PasswordChanged {
                name: "Ada Lovelace".into(),
                sessions_ended: 2,
                tokens_revoked: 1,
            },
        ),
        (
            "application_accepted",
            Mail::ApplicationAccepted {
                client_name: "Müller & Söhne GmbH".into(),
                standards: "ISO 9001, ISO/IEC 42001".into(),
                scope: "Design and manufacture of <precision> parts".into(),
            },
        ),
        (
            "application_declined",
            Mail::ApplicationDeclined {
                client_name: "Müller & Söhne GmbH".into(),
                standards: "ISO 9001".into(),
                reason: "No auditor is competent for the <technical area>.".into(),
            },
        ),
        (
            "audit_confirmed",
            Mail::AuditConfirmed(audit(None, "REQUEST", true)),
        ),
        (
            "audit_confirmed_without_plan",
            Mail::AuditConfirmed(audit(None, "REQUEST", false)),
        ),
        (
            "audit_rescheduled",
            Mail::AuditRescheduled(audit(None, "REQUEST", true)),
        ),
        (
            "audit_rescheduled_without_plan",
            Mail::AuditRescheduled(audit(None, "REQUEST", false)),
        ),
        (
            "audit_cancelled",
            Mail::AuditCancelled(audit(
                Some("The client asked to <postpone>."),
                "CANCEL",
                true,
            )),
        ),
        (
            "team_proposed",
            Mail::TeamProposed {
                client_name: "Müller & Söhne GmbH".into(),
                kind: "stage 2".into(),
                starts_on: "2026-03-02".into(),
                ends_on: "2026-03-04".into(),
                team: vec!["Ada Lovelace (lead)".into(), "Alan Turing (auditor)".into()],
                deadline: "2026-02-20".into(),
                link: format!("{PUBLIC_URL}/objections/TOKEN"),
            },
        ),
        (
            "team_objection",
            Mail::TeamObjection {
                client_name: "Müller & Söhne GmbH".into(),
                kind: "stage 2".into(),
                member: "Alan Turing".into(),
                reason: "He consulted for us <last year>.".into(),
                raised_by: "Eva Müller".into(),
                audit_id: id(1),
            },
        ),
        (
            "surveillance_due_for_staff",
            Mail::SurveillanceDue(due(true, 60)),
        ),
        (
            "surveillance_due_for_client",
            Mail::SurveillanceDue(due(false, 60)),
        ),
        ("audit_overdue", Mail::AuditOverdue(due(true, -3))),
        (
            "qualification_expiring",
            Mail::QualificationExpiring {
                auditor_name: "Alan Turing".into(),
                auditor_id: id(2),
                standard: "ISO 9001".into(),
                technical_area: "IAF 17".into(),
                function: "lead auditor".into(),
                valid_until: "2026-05-31".into(),
                days_left: 45,
            },
        ),
        (
            "qualification_expiring_without_area",
            Mail::QualificationExpiring {
                auditor_name: "Alan Turing".into(),
                auditor_id: id(2),
                standard: "ISO/IEC 42001".into(),
                technical_area: String::new(),
                function: "auditor".into(),
                valid_until: "2026-05-31".into(),
                days_left: 45,
            },
        ),
        (
            "evidence_requested",
            Mail::EvidenceRequested {
                client_name: "Müller & Söhne GmbH".into(),
                kind: "stage 2".into(),
                items: vec![
                    "7.5.3 Control of documented information (by 2026-02-25)".into(),
                    "9.2 Internal audit <programme> (by 2026-02-26)".into(),
                ],
                invitation_link: None,
            },
        ),
        (
            "evidence_requested_with_invitation",
            Mail::EvidenceRequested {
                client_name: "Müller & Söhne GmbH".into(),
                kind: "stage 2".into(),
                items: vec!["7.5.3 Control of documented information (by 2026-02-25)".into()],
                invitation_link: Some(format!("{PUBLIC_URL}/invitations/accept?token=t0k3n")),
            },
        ),
        (
            "evidence_uploaded",
            Mail::EvidenceUploaded {
                client_name: "Müller & Söhne GmbH".into(),
                kind: "stage 2".into(),
                title: "Internal audit <programme>".into(),
                filename: "audit programme 2026.pdf".into(),
                audit_id: id(1),
            },
        ),
        ("nc_raised", Mail::NcRaised(nc(None, None))),
        (
            "nc_raised_with_invitation",
            Mail::NcRaised(NcNotice {
                invitation_link: Some(format!("{PUBLIC_URL}/invitations/accept?token=t0k3n")),
                ..nc(None, None)
            }),
        ),
        (
            "nc_response_submitted",
            Mail::NcResponseSubmitted(nc(None, None)),
        ),
        (
            "nc_plan_accepted",
            Mail::NcPlanAccepted(nc(Some("Good <plan>."), None)),
        ),
        (
            "nc_plan_accepted_without_comment",
            Mail::NcPlanAccepted(nc(None, None)),
        ),
        (
            "nc_plan_rejected",
            Mail::NcPlanRejected(nc(Some("The root cause is <not> addressed."), None)),
        ),
        ("nc_closed", Mail::NcClosed(nc(None, Some("Effective.")))),
        (
            "nc_reopened",
            Mail::NcReopened(nc(None, Some("Drawings <still> obsolete."))),
        ),
        (
            "nc_reopened_without_comment",
            Mail::NcReopened(nc(None, None)),
        ),
        ("nc_escalated", Mail::NcEscalated(nc(None, None))),
        (
            "nc_response_due",
            Mail::NcResponseDue {
                client_name: "Müller & Söhne GmbH".into(),
                number: 3,
                grade: "minor".into(),
                reference: "ISO 9001 7.5.3".into(),
                statement: "Obsolete <drawings> were in use at line 2.".into(),
                response_due: "2026-04-01".into(),
                days_left: 7,
                overdue: false,
                nc_id: id(5),
            },
        ),
        (
            "nc_response_due_overdue",
            Mail::NcResponseDue {
                client_name: "Müller & Söhne GmbH".into(),
                number: 3,
                grade: "major".into(),
                reference: "ISO 9001 7.5.3".into(),
                statement: "Obsolete <drawings> were in use at line 2.".into(),
                response_due: "2026-04-01".into(),
                days_left: -2,
                overdue: true,
                nc_id: id(5),
            },
        ),
        (
            "audit_file_returned",
            Mail::AuditFileReturned {
                client_name: "Müller & Söhne GmbH".into(),
                kind: "stage 2".into(),
                revision: 1,
                comments: vec!["Checklist: clause 6.1.4 has no <note>.".into()],
                audit_id: id(6),
            },
        ),
        (
            "decision_taken",
            Mail::DecisionTaken {
                client_name: "Müller & Söhne GmbH".into(),
                decision: "grant certification".into(),
                standards: "ISO/IEC 42001:2023".into(),
                decided_on: "6 December 2026".into(),
                reasons: String::new(),
            },
        ),
        (
            "certificate_issued",
            Mail::CertificateIssued(certificate(Some("first issue"), None, false)),
        ),
        (
            "certificate_suspended",
            Mail::CertificateSuspended(certificate(Some("Surveillance <refused>"), None, false)),
        ),
        (
            "certificate_suspended_staff",
            Mail::CertificateSuspended(certificate(None, None, true)),
        ),
        (
            "certificate_restored",
            Mail::CertificateRestored(certificate(None, None, false)),
        ),
        (
            "certificate_withdrawn",
            Mail::CertificateWithdrawn(certificate(Some("Contract ended"), None, false)),
        ),
        (
            "certificate_expired",
            Mail::CertificateExpired(certificate(None, None, false)),
        ),
        (
            "certificate_expiring",
            Mail::CertificateExpiring(certificate(None, Some(30), false)),
        ),
        (
            "suspension_ending",
            Mail::SuspensionEnding(certificate(Some("Surveillance refused"), Some(14), true)),
        ),
        (
            "certsearch_export_due",
            Mail::CertsearchExportDue {
                last_export: Some("6 November 2026".into()),
                certificates: 42,
            },
        ),
        (
            "verification_burst",
            Mail::VerificationBurst {
                body_name: "Demo Certification <Body>".into(),
                day: "7 December 2026".into(),
                lookups: 31,
                threshold: 25,
                top: vec![
                    "DEMO-42001-00011 (Look-alike number, resembles DEMO-42001-00001): 19".into(),
                    "DEMO-9001-00004 (Suspended certificate): 12".into(),
                ],
            },
        ),
    ]
}

fn certificate(reason: Option<&str>, days_left: Option<i64>, for_staff: bool) -> CertificateNotice {
    CertificateNotice {
        client_name: "Müller & Söhne GmbH".into(),
        number: "DEMO-42001-00001/R1".into(),
        base_number: "DEMO-42001-00001".into(),
        standards: "ISO/IEC 42001:2023".into(),
        scope: "Design of <AI> inspection systems".into(),
        status: "suspended".into(),
        effective_date: "6 December 2026".into(),
        expiry_date: "5 December 2029".into(),
        reason: reason.map(str::to_string),
        until: Some("6 March 2027".into()),
        days_left,
        certificate_id: id(7),
        revision: 1,
        for_staff,
    }
}

#[test]
fn the_samples_cover_every_kind() {
    let covered: BTreeSet<&str> = samples().iter().map(|(_, m)| m.kind().as_str()).collect();
    let all: BTreeSet<&str> = MailKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(covered, all);
}

#[test]
fn every_mail_renders_as_reviewed() {
    let r = MailRenderer::new().unwrap();
    for (name, mail) in samples() {
        // What the outbox stores decodes to the same mail.
        let (kind, payload) = mail.to_row();
        assert_eq!(Mail::from_row(kind, &payload).unwrap(), mail, "{name}");
        let out = r
            .render(
                &mail,
                BRAND,
                PUBLIC_URL,
                Some("Clara Client"),
                certa_i18n::Lang::En,
                chrono_tz::UTC,
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let rendered = format!(
            "Subject: {}\n\n---- text ----\n{}\n---- html ----\n{}",
            out.subject, out.text, out.html
        );
        insta::assert_snapshot!(name, rendered);
    }
}

/// The same mails in German: every word from the German catalogue (no English sentence of
/// the mail templates left), labels and days as German writes them.
#[test]
fn every_mail_renders_in_german_as_reviewed() {
    let r = MailRenderer::new().unwrap();
    let cat = certa_i18n::Catalogue::load().unwrap();
    // English sentences of the mail templates that German words differently.
    let english: Vec<String> = cat
        .ids(certa_i18n::Lang::En)
        .keys()
        .filter(|id| id.starts_with("mail-"))
        .filter_map(|id| cat.format_in(certa_i18n::Lang::En, id, None))
        .filter(|s| s.len() > 24 && !s.contains('{'))
        .collect();
    for (name, mail) in samples() {
        let out = r
            .render(
                &mail,
                BRAND,
                PUBLIC_URL,
                Some("Clara Client"),
                certa_i18n::Lang::De,
                chrono_tz::Europe::Berlin,
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let en = r
            .render(
                &mail,
                BRAND,
                PUBLIC_URL,
                Some("Clara Client"),
                certa_i18n::Lang::En,
                chrono_tz::UTC,
            )
            .unwrap();
        assert_ne!(out.subject, en.subject, "{name}: the subject is not German");
        for part in [&out.subject, &out.text, &out.html] {
            for e in &english {
                assert!(!part.contains(e.as_str()), "{name}: English left: {e}");
            }
        }
        let rendered = format!(
            "Subject: {}\n\n---- text ----\n{}\n---- html ----\n{}",
            out.subject, out.text, out.html
        );
        insta::assert_snapshot!(format!("de_{name}"), rendered);
    }
}
