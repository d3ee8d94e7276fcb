//! `/api/v1/settings` and `/api/v1/audit-time/tables`: what a certification body sets for
//! itself, and its audit-time tables (built-in ones, replaced or extended by the tenant,
//! unverified rows flagged). `/api/v1/applications/{id}/audit-time` keeps a calculation
//! with an application.

use super::audit_time::{CalculateIn, CalculationOut, unprocessable};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, delete, get, post, put, web};
use certa_domain::ApplicationId;
use certa_domain::ErrorCode;
use certa_domain::audit_time::tables::AuditTimeTable;
use certa_service::settings;

fn bad_json(e: serde_json::Error, field: &'static str) -> ApiError {
    ApiError {
        field: Some(field),
        ..ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidJson,
            e.to_string(),
        )
    }
}

/// The tenant's settings: `audit_time` (stage 1 share, interpolation within a band,
/// surveillance and recertification shares), `programme` (expiry convention, windows,
/// at-risk days), `rotation_limit`, `objection_days`.
#[utoipa::path(get, path = "/api/v1/settings", tag = "settings",
    responses((status = 200, body = Object)), security(("bearer" = [])))]
#[get("/settings")]
pub async fn get_settings(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(settings::get(&st.ctx, &p.0).await?))
}

/// Change some of the tenant's settings (admins): the body names the settings to change
/// (nested objects such as `audit_time` may name only some of their members) and every
/// other setting keeps its value. An empty body, unknown settings and out-of-range values
/// are refused with 422; the answer is the whole new document.
#[utoipa::path(put, path = "/api/v1/settings", tag = "settings", request_body = Object,
    responses((status = 200, body = Object), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/settings")]
pub async fn put_settings(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
    body: crate::json::ApiJson<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(settings::update(&st.ctx, &p.0, body.into_inner()).await?))
}

/// The audit-time tables the tenant calculates with, each with `origin` (`builtin` or
/// `tenant`), its clause and source, and `verified` flags per column and row.
#[utoipa::path(get, path = "/api/v1/audit-time/tables", tag = "audit-time",
    responses((status = 200, body = [Object])), security(("bearer" = [])))]
#[get("/audit-time/tables")]
pub async fn list_tables(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(settings::tables(&st.ctx, &p.0).await?))
}

/// Store the tenant's version of a table (admins): replaces the built-in table with the
/// same id, or adds a table for a standard no other table covers. The table must be
/// well formed (bands contiguous from 1, values never decreasing); rows that are not
/// built-in rows are flagged unverified.
#[utoipa::path(put, path = "/api/v1/audit-time/tables/{id}", tag = "audit-time", request_body = Object,
    params(("id" = String, Path, description = "table id, e.g. iaf_md5_qms_1")),
    responses((status = 200, body = Object), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/audit-time/tables/{id}")]
pub async fn put_table(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
    id: web::Path<String>,
    body: crate::json::ApiJson<serde_json::Value>,
) -> Result<HttpResponse, ApiError> {
    let t: AuditTimeTable =
        serde_json::from_value(body.into_inner()).map_err(|e| bad_json(e, "table"))?;
    Ok(HttpResponse::Ok().json(settings::put_table(&st.ctx, &p.0, &id, t).await?))
}

/// Drop the tenant's version of a table (admins); the built-in table applies again.
#[utoipa::path(delete, path = "/api/v1/audit-time/tables/{id}", tag = "audit-time",
    params(("id" = String, Path, description = "table id")),
    responses((status = 204), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[delete("/audit-time/tables/{id}")]
pub async fn delete_table(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    settings::delete_table(&st.ctx, &p.0, &id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Calculate the audit time of an application and keep the request, the result and its
/// breakdown with the application (the justification shown to the client).
#[utoipa::path(post, path = "/api/v1/applications/{id}/audit-time", tag = "applications",
    request_body = CalculateIn,
    params(("id" = uuid::Uuid, Path, description = "application id")),
    responses((status = 200, body = CalculationOut), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/applications/{id}/audit-time")]
pub async fn application_audit_time(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ReviewApplications>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<CalculateIn>,
) -> Result<HttpResponse, ApiError> {
    let req = body.into_inner().into_request().map_err(unprocessable)?;
    let c = settings::keep_with_application(&st.ctx, &p.0, ApplicationId(*id), &req).await?;
    Ok(HttpResponse::Ok().json(CalculationOut::from(c)))
}
