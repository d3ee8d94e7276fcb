//! Audit reports, technical reviews, certification decisions and certificates
//! (ISO/IEC 17021-1 9.4.8, 9.5, 8.2, 9.6.5).

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{Allowed, ApiPrincipal, act};
use crate::json::ApiJson;
use actix_web::{HttpResponse, get, post, web};
use certa_domain::certification::{self as cert, DecisionKind};
use certa_domain::{AuditId, CertificateId, ProgrammeId};
use certa_service::certification::certificates::{self as certs, CertificateContent, ListQuery};
use certa_service::certification::decisions::{self, DecideInput};
use certa_service::certification::reports::{self, ReviewInput, SubmitInput};
use certa_service::records::{Certificate, Decision, ReportRevision};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// A certificate as JSON: the published fields (number, revision, status, holder, sites,
/// scope, standards, dates, certification body, accreditation) and the body's own (ids,
/// decision date, suspension).
pub fn certificate_json(c: &Certificate, content: Option<&CertificateContent>) -> Value {
    let accreditation = content
        .and_then(|x| x.accreditations.first())
        .map(|a| json!({"body": a.body, "number": a.number, "standard": a.standard}));
    json!({
        "id": c.id,
        "client_id": c.client_id,
        "programme_id": c.programme_id,
        "number": c.number,
        "display_number": cert::display_number(&c.number, c.revision),
        "revision": c.revision,
        "status": c.status.as_str(),
        "holder": content.map_or_else(|| json!({"name": c.holder, "location": ""}), |x| json!(x.holder)),
        "sites": content.map_or_else(|| json!([]), |x| json!(x.sites)),
        "scope": c.scope,
        "standards": c.standards,
        "effective_date": c.effective_date.to_string(),
        "expiry_date": c.expiry_date.to_string(),
        "original_date": c.original_date.to_string(),
        "decision_date": c.decision_date.to_string(),
        "certification_body": content.map(|x| json!(x.certification_body)),
        "accreditation": accreditation,
        "soa_version": c.soa_version,
        "suspended_until": c.suspended_until.map(|d| d.to_string()),
        "status_reason": c.status_reason,
    })
}

fn decision_json(d: &Decision) -> Value {
    json!({
        "id": d.id, "programme_id": d.programme_id, "client_id": d.client_id,
        "kind": d.kind.as_str(), "decided_on": d.decided_on.to_string(),
        "effective_date": d.effective_date.map(|x| x.to_string()),
        "decided_by": d.decided_by, "reasons": d.reasons,
        "application_confirmed": d.application_confirmed, "inputs": d.inputs,
    })
}

fn report_json(r: &ReportRevision) -> Value {
    let comments: BTreeMap<String, String> = r
        .review_comments
        .as_deref()
        .and_then(|c| serde_json::from_str(c).ok())
        .unwrap_or_default();
    json!({
        "audit_id": r.audit_id, "revision": r.revision, "status": r.status.as_str(),
        "recommendation": r.recommendation.as_str(), "summary": r.summary,
        "response": r.response, "submitted_by": r.submitted_by, "submitted_at": r.submitted_at,
        "reviewed_by": r.reviewed_by, "reviewed_at": r.reviewed_at, "comments": comments,
    })
}

/// The lead auditor's report submission.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitIn {
    /// `recommend` or `do_not_recommend`.
    #[schema(pattern = "^(recommend|do_not_recommend)$")]
    pub recommendation: String,
    #[schema(min_length = 1, max_length = 4000)]
    pub summary: String,
    /// The answer to the comments of the last review.
    #[schema(max_length = 4000)]
    pub response: Option<String>,
}

/// Submit the report with the team's recommendation (lead auditor, checklist complete).
/// The revision is then locked.
#[utoipa::path(post, path = "/api/v1/audits/{id}/report/submit", tag = "certification", request_body = SubmitIn,
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 201, body = Object), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/audits/{id}/report/submit")]
pub async fn submit_report(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::ConductAudits>,
    id: web::Path<uuid::Uuid>,
    body: ApiJson<SubmitIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let r = reports::submit(
        &st.ctx,
        &p.0,
        AuditId(*id),
        SubmitInput {
            recommendation: b.recommendation,
            summary: b.summary,
            response: b.response,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(report_json(&r)))
}

/// Comments of a technical review: one text, or one per section.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub enum CommentsIn {
    /// One comment on the whole file.
    Text(String),
    /// Section (`report`, `checklist`, `nonconformities`, `evidence`, `general`) → comment.
    Sections(BTreeMap<String, String>),
}

/// The technical review of an audit file.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewIn {
    /// `passed` or `returned`.
    #[schema(pattern = "^(passed|returned)$")]
    pub outcome: String,
    pub comments: Option<CommentsIn>,
}

/// Pass the audit file to the decision, or return it to the lead auditor with comments
/// (a reviewer who was on no team of the audit).
#[utoipa::path(post, path = "/api/v1/audits/{id}/technical-review", tag = "certification", request_body = ReviewIn,
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/audits/{id}/technical-review")]
pub async fn technical_review(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::ReviewAuditFiles>,
    id: web::Path<uuid::Uuid>,
    body: ApiJson<ReviewIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let comments = match b.comments {
        None => BTreeMap::new(),
        Some(CommentsIn::Text(t)) => BTreeMap::from([("general".to_string(), t)]),
        Some(CommentsIn::Sections(m)) => m,
    };
    let r = reports::review(
        &st.ctx,
        &p.0,
        AuditId(*id),
        ReviewInput {
            outcome: b.outcome,
            comments,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(report_json(&r)))
}

/// The work queue: audit files waiting for the technical review or the decision.
#[utoipa::path(get, path = "/api/v1/decisions/pending", tag = "certification",
    responses((status = 200, body = Object), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/decisions/pending")]
pub async fn pending(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::ReviewOrDecide>,
) -> Result<HttpResponse, ApiError> {
    let list = reports::pending(&st.ctx, &p.0).await?;
    Ok(HttpResponse::Ok().json(json!({"items": list})))
}

/// A certification decision.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionIn {
    #[schema(
        pattern = "^(grant|refuse|maintain|renew|extend_scope|reduce_scope|suspend|restore|withdraw)$"
    )]
    pub kind: String,
    #[serde(default)]
    pub audit_ids: Vec<uuid::Uuid>,
    #[schema(max_length = 4000)]
    pub reasons: Option<String>,
    /// YYYY-MM-DD, never before the decision date (today).
    #[schema(pattern = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub effective_date: Option<String>,
    /// Confirmation that the application information is still correct.
    #[serde(default)]
    pub application_confirmed: bool,
    /// The Statement of Applicability version (ISO/IEC 27001, 42001).
    #[schema(max_length = 200)]
    pub soa_version: Option<String>,
    /// The new scope of an extension or reduction.
    #[schema(max_length = 4000)]
    pub scope: Option<String>,
    /// YYYY-MM-DD: the end of a suspension.
    #[schema(pattern = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub until: Option<String>,
    /// The certificate the decision applies to (default: the programme's).
    pub certificate_id: Option<uuid::Uuid>,
}

/// Take a certification decision. Refused with 422 and the reason's code
/// (`not_independent`, `not_qualified`, `decision_blocked`, `report_not_submitted`,
/// `review_pending`, …); nothing is recorded then.
#[utoipa::path(post, path = "/api/v1/programmes/{id}/decisions", tag = "certification", request_body = DecisionIn,
    params(("id" = uuid::Uuid, Path, description = "programme id")),
    responses((status = 201, body = Object), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/programmes/{id}/decisions")]
pub async fn decide(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::DecideCertification>,
    id: web::Path<uuid::Uuid>,
    body: ApiJson<DecisionIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let out = decisions::decide(
        &st.ctx,
        &p.0,
        ProgrammeId(*id),
        DecideInput {
            kind: b.kind,
            audit_ids: b.audit_ids,
            reasons: b.reasons,
            effective_date: b.effective_date,
            application_confirmed: b.application_confirmed,
            soa_version: b.soa_version,
            scope: b.scope,
            until: b.until,
            certificate_id: b.certificate_id,
        },
    )
    .await?;
    let certificates: Vec<Value> = out
        .certificates
        .iter()
        .map(|c| certificate_json(c, None))
        .collect();
    Ok(HttpResponse::Created().json(json!({
        "decision": decision_json(&out.decision),
        "certificate": certificates.first(),
        "certificates": certificates,
    })))
}

/// The decisions of a programme, newest first.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/decisions", tag = "certification",
    params(("id" = uuid::Uuid, Path, description = "programme id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/programmes/{id}/decisions")]
pub async fn list_decisions(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let list = decisions::of_programme(&st.ctx, &p.0, ProgrammeId(*id)).await?;
    Ok(HttpResponse::Ok()
        .json(json!({"items": list.iter().map(decision_json).collect::<Vec<_>>()})))
}

/// Filters of the certificate register.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListIn {
    /// active, suspended, withdrawn or expired.
    #[param(pattern = "^(active|suspended|withdrawn|expired)$")]
    pub status: Option<String>,
    /// A standard code, e.g. `ISO/IEC 42001:2023`.
    #[param(max_length = 40)]
    pub standard: Option<String>,
    /// Active or suspended certificates expiring within this many days.
    #[param(minimum = 0, maximum = 3650)]
    pub expiring_within: Option<i64>,
    pub client_id: Option<uuid::Uuid>,
    /// Part of the holder's name or of the number.
    #[param(max_length = 200)]
    pub q: Option<String>,
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// The certificate register (staff; a client user sees their organisation's).
#[utoipa::path(get, path = "/api/v1/certificates", tag = "certification", params(ListIn),
    responses((status = 200, body = Object), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/certificates")]
pub async fn list_certificates(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::SeeCertificates>,
    q: web::Query<ListIn>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    for (field, v, lo, hi) in [
        ("page", q.page, 1, 100_000),
        ("per_page", q.per_page, 1, 200),
    ] {
        if v.is_some_and(|v| !(lo..=hi).contains(&v)) {
            return Err(certa_service::ServiceError::Invalid {
                field,
                code: certa_domain::ErrorCode::InvalidNumber,
                message: format!("{field} must be {lo}-{hi}"),
            }
            .into());
        }
    }
    let page = certs::list(
        &st.ctx,
        &p.0,
        ListQuery {
            status: q.status,
            standard: q.standard,
            expiring_within: q.expiring_within,
            client_id: q.client_id,
            q: q.q,
            page: q.page.unwrap_or(1),
            per_page: q.per_page.unwrap_or(50),
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(json!({
        "items": page.items.iter().zip(page.contents.iter()).map(|(c, x)| certificate_json(c, x.as_ref())).collect::<Vec<_>>(),
        "total": page.total, "page": page.page, "per_page": page.per_page,
    })))
}

/// One certificate, with its revisions and history.
#[utoipa::path(get, path = "/api/v1/certificates/{id}", tag = "certification",
    params(("id" = uuid::Uuid, Path, description = "certificate id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/certificates/{id}")]
pub async fn get_certificate(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::SeeCertificates>,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let v = certs::get(&st.ctx, &p.0, CertificateId(*id)).await?;
    let mut out = certificate_json(&v.certificate, v.content.as_ref());
    out["revisions"] = json!(v.revisions.iter().map(|r| json!({
        "revision": r.revision, "reason": r.reason.as_str(), "effective_date": r.effective_date.to_string(),
        "expiry_date": r.expiry_date.to_string(), "issued_on": r.issued_on.to_string(),
        "superseded": r.superseded_at.is_some(), "pdf_sha256": r.pdf_sha256,
    })).collect::<Vec<_>>());
    out["history"] = json!(v.events.iter().map(|e| json!({
        "event": e.event, "from": e.from_status.map(|s| s.as_str()), "to": e.to_status.as_str(),
        "revision": e.revision, "reason": e.reason, "until": e.until.map(|d| d.to_string()),
        "actor": e.actor, "at": e.at,
    })).collect::<Vec<_>>());
    Ok(HttpResponse::Ok().json(out))
}

/// A suspension.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuspendIn {
    #[schema(min_length = 1, max_length = 4000)]
    pub reason: String,
    /// YYYY-MM-DD, within the body's suspension limit.
    #[schema(pattern = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
    pub until: String,
}

/// A restoration or withdrawal.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonIn {
    #[schema(max_length = 4000)]
    pub reason: Option<String>,
}

async fn lifecycle(
    st: &AppState,
    p: &ApiPrincipal,
    id: uuid::Uuid,
    kind: DecisionKind,
    reason: Option<String>,
    until: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let c = certs::act(&st.ctx, &p.0, CertificateId(id), kind, reason, until).await?;
    Ok(HttpResponse::Ok().json(certificate_json(&c, None)))
}

/// Suspend a certificate (decision makers and admins).
#[utoipa::path(post, path = "/api/v1/certificates/{id}/suspend", tag = "certification", request_body = SuspendIn,
    params(("id" = uuid::Uuid, Path, description = "certificate id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/certificates/{id}/suspend")]
pub async fn suspend(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::DecideCertification>,
    id: web::Path<uuid::Uuid>,
    body: ApiJson<SuspendIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    lifecycle(
        &st,
        &p,
        *id,
        DecisionKind::Suspend,
        Some(b.reason),
        Some(b.until),
    )
    .await
}

/// Restore a suspended certificate (decision makers and admins).
#[utoipa::path(post, path = "/api/v1/certificates/{id}/restore", tag = "certification", request_body = ReasonIn,
    params(("id" = uuid::Uuid, Path, description = "certificate id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/certificates/{id}/restore")]
pub async fn restore(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::DecideCertification>,
    id: web::Path<uuid::Uuid>,
    body: ApiJson<ReasonIn>,
) -> Result<HttpResponse, ApiError> {
    lifecycle(
        &st,
        &p,
        *id,
        DecisionKind::Restore,
        body.into_inner().reason,
        None,
    )
    .await
}

/// Withdraw a certificate (decision makers and admins); final.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/withdraw", tag = "certification", request_body = ReasonIn,
    params(("id" = uuid::Uuid, Path, description = "certificate id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/certificates/{id}/withdraw")]
pub async fn withdraw(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::DecideCertification>,
    id: web::Path<uuid::Uuid>,
    body: ApiJson<ReasonIn>,
) -> Result<HttpResponse, ApiError> {
    lifecycle(
        &st,
        &p,
        *id,
        DecisionKind::Withdraw,
        body.into_inner().reason,
        None,
    )
    .await
}

/// Which revision of a certificate.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PdfIn {
    /// A revision number (default: the current one).
    #[param(minimum = 0, maximum = 10000)]
    pub revision: Option<i32>,
}

pub(crate) fn pdf_response(bytes: Vec<u8>, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .body(bytes)
}

/// The certificate as a PDF (PDF/A-3b), stored once per revision.
#[utoipa::path(get, path = "/api/v1/certificates/{id}/pdf", tag = "certification",
    params(("id" = uuid::Uuid, Path, description = "certificate id"), PdfIn),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/certificates/{id}/pdf")]
pub async fn certificate_pdf(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::SeeCertificates>,
    id: web::Path<uuid::Uuid>,
    q: web::Query<PdfIn>,
) -> Result<HttpResponse, ApiError> {
    let (bytes, name) = certa_service::certification::documents::certificate_pdf(
        &st.ctx,
        &p.0,
        CertificateId(*id),
        q.revision,
    )
    .await?;
    Ok(pdf_response(bytes, &name))
}

/// The audit report (ISO/IEC 17021-1 9.4.8) as a PDF: the revision submitted last, or the
/// report as it stands.
#[utoipa::path(get, path = "/api/v1/audits/{id}/report.pdf", tag = "certification",
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/audits/{id}/report.pdf")]
pub async fn report_pdf(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: Allowed<act::ViewClients>,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (bytes, name) =
        certa_service::certification::documents::report_pdf(&st.ctx, &p.0, AuditId(*id)).await?;
    Ok(pdf_response(bytes, &name))
}
