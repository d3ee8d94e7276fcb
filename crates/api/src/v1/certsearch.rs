//! `/api/v1/certsearch`: the IAF CertSearch export (IAF MD 28) for administrators: the dry
//! run, the JSON batches, the workbook, the push to the configured endpoint, and the
//! endpoint and API key (the key is never answered).

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, get, post, put, web};
use certa_service::certsearch;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use zeroize::Zeroizing;

/// The link to CertSearch (administrators): the endpoint, whether an API key is stored, the
/// last export and the result of the last push.
#[utoipa::path(get, path = "/api/v1/certsearch", tag = "certsearch",
    responses((status = 200, body = certsearch::StateView), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/certsearch")]
pub async fn get_certsearch(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(certsearch::state(&st.ctx, &p.0).await?))
}

/// A change of the link to CertSearch.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertsearchIn {
    /// The upload address (`https`, or `http` on the loopback interface); empty or absent
    /// removes it.
    #[schema(max_length = 500)]
    pub endpoint: Option<String>,
    /// A new API key, sent in the `x-http-authorization` header; absent keeps the stored one.
    #[schema(max_length = 500)]
    pub api_key: Option<String>,
    /// Removes the stored API key.
    #[serde(default)]
    pub remove_api_key: bool,
}

/// Set the CertSearch endpoint and API key (administrators). The key is stored sealed and
/// never answered. 422 `certsearch_endpoint_invalid` or `certsearch_api_key_invalid` with
/// the field.
#[utoipa::path(put, path = "/api/v1/certsearch", tag = "certsearch", request_body = CertsearchIn,
    responses((status = 200, body = certsearch::StateView), (status = 403, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/certsearch")]
pub async fn put_certsearch(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    body: crate::json::ApiJson<CertsearchIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let c = certsearch::Configure {
        endpoint: b.endpoint,
        api_key: b.api_key.map(Zeroizing::new),
        remove_api_key: b.remove_api_key,
    };
    Ok(HttpResponse::Ok().json(certsearch::configure(&st.ctx, &p.0, c).await?))
}

/// The dry run (administrators): how many records are ready, and each certificate held back
/// with its missing mandatory fields (`field`, `message`, `fix_at`: `settings` or `client`).
#[utoipa::path(get, path = "/api/v1/certsearch/dry-run", tag = "certsearch",
    responses((status = 200, body = certsearch::DryRun), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/certsearch/dry-run")]
pub async fn dry_run(st: web::Data<AppState>, p: ApiPrincipal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(certsearch::dry_run(&st.ctx, &p.0).await?))
}

/// Which batch of the export.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BatchIn {
    /// The batch, from 1 (default 1).
    #[param(minimum = 1, maximum = 100000)]
    pub batch: Option<usize>,
}

/// One batch of the export (administrators): at most 100 CertSearch records with every
/// mandatory field, `batches` in all; recorded as an export. 404
/// `certsearch_batch_not_found` beyond the last.
#[utoipa::path(get, path = "/api/v1/certsearch/export.json", tag = "certsearch", params(BatchIn),
    responses((status = 200, body = certsearch::Batch), (status = 403, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/certsearch/export.json")]
pub async fn export_json(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    q: web::Query<BatchIn>,
) -> Result<HttpResponse, ApiError> {
    let b = certsearch::batch(&st.ctx, &p.0, q.batch.unwrap_or(1)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .json(b))
}

/// The export as one XLSX workbook (administrators): one row per record ready for upload,
/// the CertSearch field names as headers; recorded as an export.
#[utoipa::path(get, path = "/api/v1/certsearch/export.xlsx", tag = "certsearch",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/certsearch/export.xlsx")]
pub async fn export_xlsx(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    let (records, _) = certsearch::all_records(&st.ctx, &p.0).await?;
    let body = web::block(move || crate::pages::certsearch::workbook(&records))
        .await
        .map_err(|e| {
            ApiError::from(certa_service::ServiceError::unexpected(
                "export task failed",
                e,
            ))
        })?
        .map_err(|e| {
            ApiError::from(certa_service::ServiceError::unexpected(
                "cannot write the workbook",
                e,
            ))
        })?;
    Ok(crate::pages::certsearch::xlsx_attachment(body))
}

/// Send the export to the configured endpoint (administrators): every batch as a `POST` of a
/// JSON array of records with the API key in `x-http-authorization`, stopping at the first
/// refusal; the result is recorded. 409 `certsearch_not_configured` without an endpoint and
/// a key.
#[utoipa::path(post, path = "/api/v1/certsearch/push", tag = "certsearch",
    responses((status = 200, body = certsearch::PushResult), (status = 403, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/certsearch/push")]
pub async fn push(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(certsearch::push(&st.ctx, &p.0).await?))
}
