//! `/api/v1/evidence`: direct uploads (presigned, or signed addresses on Certa for the
//! local store), uploads streamed through Certa, downloads, withdrawal, listings.

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::evidence::VersionStatus;
use certa_service::evidence::{self, Download, Target};
use certa_service::records::{EvidenceItem, Version};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

/// A version as the API shows it.
pub fn version_json(v: &Version) -> Value {
    json!({"id": v.id, "item_id": v.item_id, "version": v.version, "filename": v.filename,
        "size": v.size, "sha256": v.sha256, "content_type": v.content_type, "status": v.status,
        "reject_reason": v.reject_reason, "uploaded_by": v.uploaded_by,
        "effective_date": v.effective_date, "valid_until": v.valid_until,
        "created_at": super::ts(v.created_at), "completed_at": v.completed_at.map(super::ts)})
}

fn item_json(i: &EvidenceItem, versions: &[Version]) -> Value {
    json!({"id": i.id, "client_id": i.client_id, "audit_id": i.audit_id, "title": i.title,
        "classification": i.classification, "created_by": i.created_by,
        "versions": versions.iter().filter(|v| v.status == VersionStatus::Available).map(version_json).collect::<Vec<_>>()})
}

/// The answer to a failed upload: 413 for an oversize file, as every service error maps.
pub fn upload_error(e: certa_service::ServiceError) -> ApiError {
    e.into()
}

/// What the evidence is for.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetIn {
    /// checklist_item or nonconformity.
    #[schema(pattern = "^(checklist_item|nonconformity)$")]
    pub kind: String,
    pub id: uuid::Uuid,
}

/// A direct upload.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadIn {
    /// The client's file name (kept for display only, sanitised).
    pub filename: String,
    /// Exact size in bytes.
    #[schema(minimum = 1, maximum = 104857600)]
    pub size: u64,
    /// SHA-256 of the file, hex.
    #[schema(pattern = "^[0-9a-fA-F]{64}$")]
    pub sha256: String,
    /// Declared type, e.g. application/pdf.
    pub content_type: String,
    pub target: TargetIn,
    /// A new version of this evidence item; a new item when omitted.
    pub item_id: Option<uuid::Uuid>,
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub title: Option<String>,
    /// YYYY-MM-DD.
    #[schema(pattern = "^((19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    pub effective_date: Option<String>,
    /// YYYY-MM-DD.
    #[schema(pattern = "^((19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    pub valid_until: Option<String>,
}

/// Start a direct upload: answers `{id, url, method, headers, expires_at}`; send the bytes
/// there (at most 15 minutes), then call `…/uploads/{id}/complete`.
#[utoipa::path(post, path = "/api/v1/evidence/uploads", tag = "evidence", request_body = UploadIn,
    responses((status = 201, body = Object), (status = 404, body = crate::error::Problem), (status = 413, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/evidence/uploads")]
pub async fn start_upload(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::WorkFindings>,
    body: crate::json::ApiJson<UploadIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let t = evidence::start_upload(
        &st.ctx,
        &p.0,
        evidence::UploadRequest {
            filename: b.filename,
            size: b.size,
            sha256: b.sha256,
            content_type: b.content_type,
            target: Target::parse(&b.target.kind, b.target.id)?,
            item_id: b.item_id,
            title: b.title,
            effective_date: b.effective_date,
            valid_until: b.valid_until,
        },
    )
    .await
    .map_err(upload_error)?;
    Ok(HttpResponse::Created().json(ticket_json(&t)))
}

/// A ticket as JSON.
pub fn ticket_json(t: &evidence::UploadTicket) -> Value {
    json!({"id": t.id, "url": t.url, "method": t.method,
        "headers": t.headers.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect::<serde_json::Map<_, _>>(),
        "expires_at": super::ts(t.expires_at)})
}

/// Complete a direct upload: Certa checks size, SHA-256 and type of what arrived; only
/// then is the evidence visible. A mismatch deletes the file and answers 422 with a code
/// (size_mismatch, sha256_mismatch, type_not_allowed, type_mismatch, upload_missing); 409
/// `upload_in_progress` while a body still arrives at Certa's own upload address, 409
/// `upload_not_pending` once completed, refused or expired.
#[utoipa::path(post, path = "/api/v1/evidence/uploads/{id}/complete", tag = "evidence",
    params(("id" = uuid::Uuid, Path, description = "upload id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/evidence/uploads/{id}/complete")]
pub async fn complete_upload(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let v = evidence::complete_upload(&st.ctx, &p.0, *id).await?;
    Ok(HttpResponse::Ok().json(version_json(&v)))
}

/// Where a streamed file goes.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct StreamQuery {
    /// checklist_item or nonconformity.
    #[param(pattern = "^(checklist_item|nonconformity)$")]
    pub target_kind: String,
    pub target_id: uuid::Uuid,
    pub filename: String,
    pub item_id: Option<uuid::Uuid>,
    #[param(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub title: Option<String>,
    #[param(pattern = "^((19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    pub effective_date: Option<String>,
    #[param(pattern = "^((19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    pub valid_until: Option<String>,
}

/// Upload a file streamed through Certa: the raw bytes are the request body. Constant
/// memory; the size limit is enforced while reading (413 as soon as it is passed, or at
/// once from Content-Length).
#[utoipa::path(post, path = "/api/v1/evidence", tag = "evidence", params(StreamQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Object), (status = 404, body = crate::error::Problem), (status = 413, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/evidence")]
pub async fn stream_upload(
    st: web::Data<AppState>,
    req: HttpRequest,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::WorkFindings>,
    q: web::Query<StreamQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    let announced = crate::body::exact_length(&req);
    let r = evidence::StreamRequest {
        filename: q.filename,
        target: Target::parse(&q.target_kind, q.target_id)?,
        item_id: q.item_id,
        title: q.title,
        effective_date: q.effective_date,
        valid_until: q.valid_until,
        announced_size: announced,
    };
    let v = stream_into(&st, &p.0, r, payload)
        .await
        .map_err(upload_error)?;
    Ok(HttpResponse::Created().json(version_json(&v)))
}

/// Runs a streamed upload: the payload is pumped into a bounded channel while the store
/// reads from it.
pub async fn stream_into(
    st: &AppState,
    p: &certa_service::Principal,
    r: evidence::StreamRequest,
    payload: web::Payload,
) -> Result<Version, certa_service::ServiceError> {
    let (tx, reader) = crate::body::channel();
    let store = async move {
        let mut reader = reader;
        evidence::upload_stream(&st.ctx, p, r, &mut reader).await
    };
    let (result, ()) = tokio::join!(store, crate::body::pump(payload, tx));
    result
}

/// Download a version: a short-lived presigned address (303) or the bytes. Recorded in
/// the audit trail.
#[utoipa::path(get, path = "/api/v1/evidence/versions/{id}/download", tag = "evidence",
    params(("id" = uuid::Uuid, Path, description = "version id")),
    responses((status = 200, description = "the file"), (status = 303, description = "to a presigned address"), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/evidence/versions/{id}/download")]
pub async fn download(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(download_response(
        evidence::download(&st.ctx, &p.0, *id).await?,
    ))
}

/// The HTTP answer for a download.
pub fn download_response(d: Download) -> HttpResponse {
    match d {
        Download::Redirect(url) => HttpResponse::SeeOther()
            .insert_header((actix_web::http::header::LOCATION, url))
            .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
            .finish(),
        Download::Stream {
            stream,
            content_type,
            filename,
            size,
        } => HttpResponse::Ok()
            .content_type(content_type)
            .insert_header((
                "content-disposition",
                certa_storage::content_disposition(&filename),
            ))
            .insert_header(("x-content-type-options", "nosniff"))
            .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
            .no_chunking(size)
            .streaming(stream),
    }
}

/// A withdrawal.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawIn {
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub reason: String,
}

/// Withdraw an evidence item (recorded with the reason; the file is kept for the
/// retention period).
#[utoipa::path(post, path = "/api/v1/evidence/items/{id}/withdraw", tag = "evidence", request_body = WithdrawIn,
    params(("id" = uuid::Uuid, Path, description = "evidence item id")),
    responses((status = 204), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/evidence/items/{id}/withdraw")]
pub async fn withdraw(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::WorkFindings>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<WithdrawIn>,
) -> Result<HttpResponse, ApiError> {
    evidence::withdraw(&st.ctx, &p.0, *id, &body.reason).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Which target.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// checklist_item or nonconformity.
    #[param(pattern = "^(checklist_item|nonconformity)$")]
    pub target_kind: String,
    pub target_id: uuid::Uuid,
}

/// The evidence of a checklist item or nonconformity, with available versions.
#[utoipa::path(get, path = "/api/v1/evidence", tag = "evidence", params(ListQuery),
    responses((status = 200, body = [Object]), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/evidence")]
pub async fn list(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::SeeEvidence>,
    q: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let l = evidence::of_target(&st.ctx, &p.0, Target::parse(&q.target_kind, q.target_id)?).await?;
    Ok(HttpResponse::Ok().json(l.iter().map(|(i, v)| item_json(i, v)).collect::<Vec<_>>()))
}
