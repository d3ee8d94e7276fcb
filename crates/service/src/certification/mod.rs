//! From the audit file to the certificate (ISO/IEC 17021-1 9.4.8, 9.5, 8.2, 9.6.3, 9.6.5).
//!
//! - [`reports`]: the lead auditor submits the report with a recommendation once the
//!   checklist is complete (the revision is then locked); a reviewer who was on no team of
//!   the audit passes it or returns it with comments per section; the work queue.
//! - [`decisions`]: the certification decision by a qualified, independent decision
//!   maker, with its inputs, refused with its reason while the rules block it; grant and
//!   renewal set the programme's decision date and re-plan the cycle.
//! - [`certificates`]: issuance with every 8.2 field, numbering, revisions, the lifecycle
//!   (suspend, restore, withdraw, expire), the register, the daily expiry and warnings,
//!   and the PDF documents.
//! - [`images`]: the body's logo and accreditation mark, checked, stored and recorded in
//!   each revision as issued.
//! - [`bundle`]: the sealed audit file of a programme (a signed ZIP of its whole file) for
//!   accreditation assessments.
//! - [`public`]: the public registry every certificate change writes in its transaction,
//!   and the public look-up by number and directory search.
//! - [`credentials`]: each revision as a signed W3C Verifiable Credential, and the status
//!   lists that say whether it still holds.
//! - [`verification`]: the look-ups of unknown, look-alike, suspended and withdrawn numbers,
//!   counted per day for each body.
//! - [`cache`]: the public look-ups kept in memory, dropped by every replica when a change
//!   commits.

pub mod bundle;
pub mod cache;
pub mod certificates;
pub mod credentials;
pub mod decisions;
pub mod documents;
pub mod images;
pub mod public;
pub mod reports;
pub mod verification;

use crate::{ServiceError, TenantCtx};
use certa_domain::personnel::Function;
use certa_domain::team;
use certa_domain::{AuditId, AuditorId, ErrorCode};
use certa_store::TenantTx;
use certa_store::repo::audits::ScheduledAudit;
use certa_store::repo::personnel::{self, Auditor};
use certa_store::repo::{audits, clients};
use chrono::NaiveDate;

pub(crate) fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

pub(crate) fn invalid(
    field: &'static str,
    code: ErrorCode,
    message: impl Into<String>,
) -> ServiceError {
    ServiceError::Invalid {
        field,
        code,
        message: message.into(),
    }
}

/// A date as people read it: `6 December 2026`.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The personnel record of the signed-in member, if they have one.
pub(crate) async fn own_record(
    tx: &TenantTx,
    t: &TenantCtx,
) -> Result<Option<Auditor>, ServiceError> {
    Ok(personnel::by_membership(tx, t.membership_id()).await?)
}

/// Whether a personnel record is on the team of an audit.
pub(crate) async fn on_team(
    tx: &TenantTx,
    who: &Auditor,
    audit: &ScheduledAudit,
) -> Result<bool, ServiceError> {
    Ok(audits::team(tx, AuditId(audit.id))
        .await?
        .iter()
        .any(|m| m.auditor_id == who.id))
}

/// What a person lacks to act as `function` for `standards` × `areas` on `on`: the
/// missing pairs, in words (empty when qualified). The matching rule is
/// [`team::missing_qualifications`]; a qualification whose dates cannot be read counts
/// as not held.
pub(crate) async fn missing_qualifications(
    tx: &TenantTx,
    who: &Auditor,
    function: Function,
    standards: &[String],
    areas: &[String],
    on: NaiveDate,
) -> Result<Vec<String>, ServiceError> {
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let quals: Vec<team::Qualification> = personnel::qualifications(tx, AuditorId(who.id))
        .await?
        .into_iter()
        .filter_map(|q| {
            Some(team::Qualification {
                valid_from: date(&q.valid_from)?,
                valid_until: match q.valid_until.as_deref() {
                    None => None,
                    Some(u) => Some(date(u)?),
                },
                standard: q.standard_code,
                technical_area: q.technical_area,
                function: q.function,
            })
        })
        .collect();
    Ok(
        team::missing_qualifications(&quals, function, standards, areas, (on, on))
            .iter()
            .map(ToString::to_string)
            .collect(),
    )
}

/// The technical areas a client's scope names for `standards`.
pub(crate) async fn scope_areas(
    tx: &TenantTx,
    client: uuid::Uuid,
    standards: &[String],
) -> Result<Vec<String>, ServiceError> {
    let mut out: Vec<String> = Vec::new();
    for s in clients::scopes(tx, certa_domain::ClientId(client)).await? {
        if standards.contains(&s.standard_code) {
            for a in s.technical_areas {
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
    }
    Ok(out)
}
