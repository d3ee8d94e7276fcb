//! The certificate and audit report as PDF documents (typeset by `certa_pdf` with Typst,
//! in a blocking task so the async workers keep serving).
//!
//! A certificate revision's PDF is rendered from the revision's content (immutable, with
//! the logo and accreditation mark it recorded when issued), stored
//! once in object storage with its SHA-256, and served from there afterwards; the first
//! download renders it if the decision's own attempt did not store it. The audit report's
//! PDF is rendered on demand from the report as submitted (or as it stands before
//! submission).

use super::certificates::CertificateContent;
use super::{invalid, long_date};
use crate::fieldwork::report::AuditReport;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::certification as cert;
use certa_domain::{Action, AuditId, CertificateId, ErrorCode};
use certa_storage::{ObjectKey, ObjectKind};
use certa_store::TenantScope;
use certa_store::repo::certification::{self as repo, Revision};
use futures_util::TryStreamExt;

/// Largest document kept (a certificate with a long site annex stays far below).
const MAX_PDF: u64 = 20 * 1024 * 1024;

fn not_found() -> ServiceError {
    ServiceError::not_found("certificate", ErrorCode::CertificateNotFound)
}

fn doc_of(ctx: &Ctx, r: &Revision, content: &CertificateContent) -> certa_pdf::CertificateDoc {
    certa_pdf::CertificateDoc {
        number: content.number.clone(),
        revision: u32::try_from(r.revision).unwrap_or(0),
        display_number: cert::display_number(&content.number, r.revision),
        holder_name: content.holder.name.clone(),
        holder_location: content.holder.location.clone(),
        sites: content
            .sites
            .iter()
            .map(|s| certa_pdf::CertSite {
                name: s.name.clone(),
                location: s.location.clone(),
                scope: s.scope.clone(),
            })
            .collect(),
        standards: content
            .standards
            .iter()
            .map(|s| certa_pdf::CertStandard {
                code: s.code.clone(),
                title: s.title.clone(),
                soa_version: content
                    .soa_version
                    .clone()
                    .filter(|_| cert::needs_soa(std::slice::from_ref(&s.code))),
            })
            .collect(),
        scope: content.scope.clone(),
        effective_date: long_date(content.effective_date),
        expiry_date: long_date(content.expiry_date),
        original_date: long_date(content.original_date),
        issue_date: long_date(content.issued_on),
        issue_date_iso: content.issued_on.to_string(),
        body_name: content.certification_body.name.clone(),
        body_address: content.certification_body.address.clone(),
        accreditation: content
            .accreditations
            .first()
            .map(|a| certa_pdf::CertAccreditation {
                body: a.body.clone(),
                number: a.number.clone(),
            }),
        verify_url: format!("{}/verify/{}", ctx.config.public_url, content.number),
        // The document of a revision is immutable: its status is the public page's.
        status_note: None,
        credential_jwt: r.credential_jwt.clone(),
    }
}

/// Renders a revision from its content, with the images it recorded when issued.
async fn render_certificate(
    ctx: &Ctx,
    tenant: uuid::Uuid,
    r: &Revision,
) -> Result<Vec<u8>, ServiceError> {
    let content: CertificateContent = serde_json::from_value(r.content.clone())
        .map_err(|e| ServiceError::unexpected("certificate content", e))?;
    let doc = doc_of(ctx, r, &content);
    let assets = super::images::assets(ctx, tenant, &content).await?;
    tokio::task::spawn_blocking(move || certa_pdf::render_certificate(&doc, &assets))
        .await
        .map_err(|e| ServiceError::unexpected("certificate rendering", e))?
        .map_err(|e| ServiceError::unexpected("certificate rendering", e))
}

pub(crate) async fn read_all(ctx: &Ctx, key: &ObjectKey) -> Result<Vec<u8>, ServiceError> {
    let stream = ctx
        .storage
        .get_stream(key)
        .await
        .map_err(ServiceError::Storage)?;
    let chunks: Vec<bytes::Bytes> = stream
        .try_collect()
        .await
        .map_err(|e| ServiceError::unexpected("reading a stored document", e))?;
    Ok(chunks.concat())
}

/// Renders and stores the PDF of a certificate revision, once (an already stored one is
/// returned as it is). No transaction is open while rendering or storing.
pub async fn store_pdf(
    ctx: &Ctx,
    scope: TenantScope,
    certificate: uuid::Uuid,
    revision: i32,
) -> Result<(Vec<u8>, String), ServiceError> {
    let tx = ctx.db.tenant(scope).await?;
    let c = repo::certificate(&tx, certificate)
        .await?
        .ok_or_else(not_found)?;
    let r = repo::revision(&tx, certificate, revision)
        .await?
        .ok_or_else(not_found)?;
    tx.commit().await?;
    if let (Some(key), Some(sha)) = (&r.pdf_key, &r.pdf_sha256)
        && let Ok(key) = key.parse::<ObjectKey>()
    {
        return Ok((read_all(ctx, &key).await?, sha.clone()));
    }
    let bytes = render_certificate(ctx, c.tenant_id, &r).await?;
    let key = ObjectKey::generate(c.tenant_id, ObjectKind::Report);
    let stored = ctx
        .storage
        .put_stream(&key, &mut bytes.as_slice(), MAX_PDF)
        .await
        .map_err(ServiceError::Storage)?;
    let tx = ctx.db.tenant(scope).await?;
    let recorded =
        repo::set_revision_pdf(&tx, certificate, revision, key.as_str(), &stored.sha256_hex)
            .await?;
    tx.commit().await?;
    if !recorded {
        // Another request stored it first: keep theirs, drop ours.
        if let Err(e) = ctx.storage.delete(&key).await {
            tracing::warn!(error = %e, "a duplicate certificate document was not removed");
        }
        let tx = ctx.db.tenant(scope).await?;
        let r = repo::revision(&tx, certificate, revision)
            .await?
            .ok_or_else(not_found)?;
        tx.commit().await?;
        if let (Some(key), Some(sha)) = (r.pdf_key, r.pdf_sha256)
            && let Ok(key) = key.parse::<ObjectKey>()
        {
            return Ok((read_all(ctx, &key).await?, sha));
        }
    }
    Ok((bytes, stored.sha256_hex))
}

/// A certificate's PDF (the current revision, or `revision`), for staff who see
/// certificates and the holder's own users; with its file name.
pub async fn certificate_pdf(
    ctx: &Ctx,
    p: &Principal,
    id: CertificateId,
    revision: Option<i32>,
) -> Result<(Vec<u8>, String), ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let c = repo::certificate(&tx, id.0).await?.ok_or_else(not_found)?;
    tx.commit().await?;
    match t.client {
        Some(client) if client != c.client_id => return Err(not_found()),
        Some(_) => {}
        None if !t.roles.allows(Action::ViewCertificates) => return Err(ServiceError::Forbidden),
        None => {}
    }
    let rev = revision.unwrap_or(c.revision);
    if !(0..=c.revision).contains(&rev) {
        return Err(invalid(
            "revision",
            ErrorCode::InvalidNumber,
            format!("the certificate has revisions 0 to {}", c.revision),
        ));
    }
    let (bytes, _) = store_pdf(ctx, t.scope(), c.id, rev).await?;
    let name = format!(
        "certificate-{}.pdf",
        cert::display_number(&c.number, rev).replace(['/', ' '], "-")
    );
    Ok((bytes, name))
}

fn report_doc(
    r: &AuditReport,
    summary: &str,
    recommendation: &str,
    revision: i32,
    submitted: Option<chrono::NaiveDate>,
    lead: &str,
    body_address: &str,
) -> certa_pdf::ReportDoc {
    let day = |s: &str| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(long_date)
            .unwrap_or_else(|_| s.to_string())
    };
    let submitted_on = submitted.unwrap_or_else(super::today);
    certa_pdf::ReportDoc {
        certification_body: r.certification_body.clone(),
        body_address: body_address.to_string(),
        client: r.client.clone(),
        address: r.address.clone(),
        representative: r.representative.clone(),
        audit_kind: capitalise(r.kind.label()),
        standards: r.standards.clone(),
        integrated: r.integrated,
        objectives: r.objectives.clone(),
        scope: r
            .scope
            .iter()
            .map(|s| certa_pdf::ReportScope {
                standard: s.standard.clone(),
                scope: s.scope.clone(),
            })
            .collect(),
        team: r
            .team
            .iter()
            .map(|m| certa_pdf::ReportTeamMember {
                name: m.name.clone(),
                role: capitalise(m.role.label()),
            })
            .collect(),
        dates: if r.starts_on == r.ends_on {
            day(&r.starts_on)
        } else {
            format!("{} – {}", day(&r.starts_on), day(&r.ends_on))
        },
        places: r
            .places
            .iter()
            .map(|p| certa_pdf::ReportPlace {
                name: p.name.clone(),
                kind: capitalise(p.kind.label()),
                country: p.country.clone(),
            })
            .collect(),
        remote: r.remote.map(|x| capitalise(x.label())),
        findings: r.findings.iter().map(finding).collect(),
        carried: r.carried.iter().map(finding).collect(),
        nonconformities: r
            .nonconformities
            .iter()
            .map(|n| certa_pdf::ReportNonconformity {
                number: n.number.to_string(),
                grade: capitalise(n.grade.label()),
                reference: n.reference.clone(),
                statement: n.statement.clone(),
                status: capitalise(n.status.label()),
                response_due: day(&n.response_due),
            })
            .collect(),
        answered: u32::try_from(r.answered).unwrap_or(0),
        total: u32::try_from(r.total).unwrap_or(0),
        recommendation: recommendation.to_string(),
        summary: summary.to_string(),
        revision: u32::try_from(revision).unwrap_or(0),
        submitted_on: long_date(submitted_on),
        submitted_on_iso: submitted_on.to_string(),
        lead_auditor: lead.to_string(),
        sampling_disclaimer: "Auditing is based on a sampling process of the available information; the findings do not cover every activity of the organisation.".into(),
    }
}

fn finding(f: &crate::fieldwork::report::ReportFinding) -> certa_pdf::ReportFinding {
    certa_pdf::ReportFinding {
        reference: f.reference.clone(),
        title: f.title.clone(),
        result: f
            .result
            .map(|r| capitalise(r.label()))
            .unwrap_or_else(|| "Not answered".into()),
        notes: f.notes.clone(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The audit report as a PDF: the latest submitted revision as it was submitted, or the
/// report as it stands when none was submitted (marked as a draft by its recommendation).
pub async fn report_pdf(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
) -> Result<(Vec<u8>, String), ServiceError> {
    let file = super::reports::file(ctx, p, id).await?;
    let t = p.tenant()?;
    let body_address = {
        let tx = ctx.db.tenant(t.scope()).await?;
        let s = crate::settings::load(&tx).await?;
        tx.commit().await?;
        s.certificates.address
    };
    let lead = file
        .report
        .team
        .iter()
        .find(|m| m.role == certa_domain::team::TeamRole::Lead)
        .map(|m| m.name.clone())
        .unwrap_or_default();
    let doc = match file.revisions.first() {
        Some(rev) => {
            // The report as the lead auditor submitted it (locked with the revision).
            let submitted: AuditReport =
                serde_json::from_value(rev.content.clone()).unwrap_or_else(|_| file.report.clone());
            report_doc(
                &submitted,
                &rev.summary,
                rev.recommendation_label,
                rev.revision,
                Some(rev.submitted_at.date_naive()),
                &lead,
                &body_address,
            )
        }
        None => report_doc(
            &file.report,
            "",
            "Draft: the lead auditor has not submitted the report",
            0,
            None,
            &lead,
            &body_address,
        ),
    };
    let bytes = tokio::task::spawn_blocking(move || {
        certa_pdf::render_report(&doc, &certa_pdf::Assets::default())
    })
    .await
    .map_err(|e| ServiceError::unexpected("report rendering", e))?
    .map_err(|e| ServiceError::unexpected("report rendering", e))?;
    Ok((bytes, format!("audit-report-{}.pdf", id.0)))
}
