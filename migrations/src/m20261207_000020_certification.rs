//! Audit reports, technical reviews, certification decisions and certificates.
//!
//! - `audit_reports`: the lead auditor's report revisions (ISO/IEC 17021-1 9.4.8), each
//!   locked once submitted, with the recommendation, the report's content as submitted,
//!   and the technical review's outcome and comments per section.
//! - `certification_decisions` and `decision_audits`: the decisions (9.5) with their
//!   inputs; the audits a decision rests on (each audit at most once), with the report
//!   revision reviewed.
//! - `certificates`, `certificate_standards`, `certificate_revisions`,
//!   `certificate_events`: the certificates (8.2), their standards, their revisions (each
//!   an immutable copy of the printed content, with its PDF's address and SHA-256) and
//!   every change of status.
//! - `tenant_counters`: per-tenant counters taken atomically (certificate sequence numbers,
//!   never reused).
//!
//! - The mail kinds of the outbox and of sent reminders gain the mails about audit files,
//!   decisions and certificates.
//!
//! Status and kind columns carry CHECK constraints with the stable names of their domain
//! enums; dates are date columns.

use crate::m20261128_000001_foundation::{
    a, big, fk, index, int, json, pk, text, text_null, ts, ts_null, unique, uuid, uuid_null,
};
use crate::m20261206_000014_typed_columns::{Column, add_checks, drop_checks};
use crate::m20261206_000018_mail_kinds::KINDS;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const PG_UP: &str = include_str!("../sql/0020_certification_rls.sql");

/// A text column holding one of `values`.
fn one_of(name: &'static str, values: &[&str], null: bool) -> ColumnDef {
    let mut c = if null { text_null(name) } else { text(name) };
    let list = values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ");
    c.check(Expr::cust(format!("{name} IN ({list})")));
    c
}

fn date(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.date().not_null();
    c
}

fn date_null(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.date().null();
    c
}

fn flag(name: &'static str) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(name));
    c.boolean().not_null().default(false);
    c
}

const DECISION_KINDS: &[&str] = &[
    "grant",
    "refuse",
    "maintain",
    "renew",
    "extend_scope",
    "reduce_scope",
    "suspend",
    "restore",
    "withdraw",
];
/// Every mail kind once the mails about audit files, decisions and certificates are added
/// (written out, so that this migration stays what it was).
const ALL_KINDS: &[&str] = &[
    "invitation",
    "password_reset",
    "password_changed",
    "application_accepted",
    "application_declined",
    "audit_confirmed",
    "audit_rescheduled",
    "audit_cancelled",
    "team_proposed",
    "team_objection",
    "surveillance_due",
    "audit_overdue",
    "qualification_expiring",
    "evidence_requested",
    "evidence_uploaded",
    "nc_raised",
    "nc_response_submitted",
    "nc_plan_accepted",
    "nc_plan_rejected",
    "nc_closed",
    "nc_reopened",
    "nc_escalated",
    "nc_response_due",
    "audit_file_returned",
    "decision_taken",
    "certificate_issued",
    "certificate_suspended",
    "certificate_restored",
    "certificate_withdrawn",
    "certificate_expired",
    "certificate_expiring",
    "suspension_ending",
];

const KINDS_AFTER: &[Column] = &[
    ("outbox", "kind", false, ALL_KINDS),
    ("reminders_sent", "kind", false, ALL_KINDS),
];
const KINDS_BEFORE: &[Column] = &[
    ("outbox", "kind", false, KINDS),
    ("reminders_sent", "kind", false, KINDS),
];

async fn set_kind_checks(m: &SchemaManager<'_>, with_new: bool) -> Result<(), DbErr> {
    drop_checks(m, KINDS_BEFORE).await?;
    add_checks(m, if with_new { KINDS_AFTER } else { KINDS_BEFORE }).await
}

const CERT_STATUSES: &[&str] = &["active", "suspended", "withdrawn", "expired"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(a("audit_reports"))
                .col(uuid("tenant_id"))
                .col(uuid("audit_id"))
                .col(int("revision"))
                .col(one_of(
                    "status",
                    &["submitted", "returned", "passed"],
                    false,
                ))
                .col(one_of(
                    "recommendation",
                    &["recommend", "do_not_recommend"],
                    false,
                ))
                .col(text("summary"))
                .col(text_null("response"))
                .col(json("content"))
                .col(uuid_null("lead_auditor_id"))
                .col(text("submitted_by"))
                .col(ts("submitted_at"))
                .col(uuid_null("reviewer_id"))
                .col(text_null("reviewed_by"))
                .col(ts_null("reviewed_at"))
                .col(text_null("review_comments"))
                .primary_key(&mut pk(&["tenant_id", "audit_id", "revision"]))
                .foreign_key(&mut fk(
                    "audit_reports_audit_fk",
                    "audit_reports",
                    &["tenant_id", "audit_id"],
                    "audits",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "audit_reports_status_idx",
            "audit_reports",
            &["tenant_id", "status"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("certificates"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("client_id"))
                .col(uuid("programme_id"))
                .col(text("number"))
                .col(big("sequence"))
                .col(one_of("status", CERT_STATUSES, false))
                .col(int("revision"))
                .col(date("original_date"))
                .col(date("decision_date"))
                .col(date("effective_date"))
                .col(date("expiry_date"))
                .col(text("holder"))
                .col(text("scope"))
                .col(text_null("soa_version"))
                .col(date_null("suspended_on"))
                .col(date_null("suspended_until"))
                .col(text_null("status_reason"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "certificates_client_fk",
                    "certificates",
                    &["tenant_id", "client_id"],
                    "clients",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut fk(
                    "certificates_programme_fk",
                    "certificates",
                    &["tenant_id", "programme_id"],
                    "programmes",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(unique(
            "certificates_number_key",
            "certificates",
            &["tenant_id", "number"],
        ))
        .await?;
        m.create_index(index(
            "certificates_status_expiry_idx",
            "certificates",
            &["tenant_id", "status", "expiry_date"],
        ))
        .await?;
        m.create_index(index(
            "certificates_expiry_idx",
            "certificates",
            &["tenant_id", "expiry_date"],
        ))
        .await?;
        m.create_index(index(
            "certificates_client_idx",
            "certificates",
            &["tenant_id", "client_id"],
        ))
        .await?;
        m.create_index(index(
            "certificates_programme_idx",
            "certificates",
            &["tenant_id", "programme_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("certificate_standards"))
                .col(uuid("tenant_id"))
                .col(uuid("certificate_id"))
                .col(text("standard_code"))
                .col(int("position"))
                .primary_key(&mut pk(&["tenant_id", "certificate_id", "standard_code"]))
                .foreign_key(&mut fk(
                    "certificate_standards_certificate_fk",
                    "certificate_standards",
                    &["tenant_id", "certificate_id"],
                    "certificates",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "certificate_standards_code_idx",
            "certificate_standards",
            &["tenant_id", "standard_code", "certificate_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("certification_decisions"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("programme_id"))
                .col(uuid("client_id"))
                .col(one_of("kind", DECISION_KINDS, false))
                .col(date("decided_on"))
                .col(date_null("effective_date"))
                .col(uuid_null("decision_maker_id"))
                .col(text("decided_by"))
                .col(text("reasons"))
                .col(flag("application_confirmed"))
                .col(json("inputs"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "certification_decisions_programme_fk",
                    "certification_decisions",
                    &["tenant_id", "programme_id"],
                    "programmes",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "certification_decisions_programme_idx",
            "certification_decisions",
            &["tenant_id", "programme_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("decision_audits"))
                .col(uuid("tenant_id"))
                .col(uuid("decision_id"))
                .col(uuid("audit_id"))
                .col(int("report_revision"))
                .primary_key(&mut pk(&["tenant_id", "decision_id", "audit_id"]))
                .foreign_key(&mut fk(
                    "decision_audits_decision_fk",
                    "decision_audits",
                    &["tenant_id", "decision_id"],
                    "certification_decisions",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "decision_audits_audit_fk",
                    "decision_audits",
                    &["tenant_id", "audit_id"],
                    "audits",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        // One decision rests on an audit at most: of two decisions taken at once on the
        // same audit file, the second is refused by the database.
        m.create_index(unique(
            "decision_audits_audit_key",
            "decision_audits",
            &["tenant_id", "audit_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("certificate_revisions"))
                .col(uuid("tenant_id"))
                .col(uuid("certificate_id"))
                .col(int("revision"))
                .col(one_of(
                    "reason",
                    &[
                        "issued",
                        "renewed",
                        "scope_extended",
                        "scope_reduced",
                        "restored",
                    ],
                    false,
                ))
                .col(uuid_null("decision_id"))
                .col(json("content"))
                .col(date("effective_date"))
                .col(date("expiry_date"))
                .col(date("issued_on"))
                .col(ts_null("superseded_at"))
                .col(text_null("pdf_key"))
                .col(text_null("pdf_sha256"))
                .col(ts("created_at"))
                .primary_key(&mut pk(&["tenant_id", "certificate_id", "revision"]))
                .foreign_key(&mut fk(
                    "certificate_revisions_certificate_fk",
                    "certificate_revisions",
                    &["tenant_id", "certificate_id"],
                    "certificates",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(a("certificate_events"))
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("certificate_id"))
                .col(text("event"))
                .col(one_of("from_status", CERT_STATUSES, true))
                .col(one_of("to_status", CERT_STATUSES, false))
                .col(int("revision"))
                .col(text_null("reason"))
                .col(date_null("until"))
                .col(uuid_null("decision_id"))
                .col(text("actor"))
                .col(ts("at"))
                .primary_key(&mut pk(&["tenant_id", "id"]))
                .foreign_key(&mut fk(
                    "certificate_events_certificate_fk",
                    "certificate_events",
                    &["tenant_id", "certificate_id"],
                    "certificates",
                    &["tenant_id", "id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "certificate_events_certificate_idx",
            "certificate_events",
            &["tenant_id", "certificate_id", "at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table(a("tenant_counters"))
                .col(uuid("tenant_id"))
                .col(text("name"))
                .col(big("value"))
                .primary_key(&mut pk(&["tenant_id", "name"]))
                .foreign_key(&mut fk(
                    "tenant_counters_tenant_fk",
                    "tenant_counters",
                    &["tenant_id"],
                    "tenants",
                    &["id"],
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;

        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection().execute_unprepared(PG_UP).await?;
        }
        set_kind_checks(m, true).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        set_kind_checks(m, false).await?;
        for t in [
            "tenant_counters",
            "certificate_events",
            "certificate_revisions",
            "decision_audits",
            "certification_decisions",
            "certificate_standards",
            "certificates",
            "audit_reports",
        ] {
            m.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
