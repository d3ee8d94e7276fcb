//! `/api/v1/standards`: the standards catalogue (numbers and titles only).

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, get, web};
use certa_domain::ErrorCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A standard edition in the catalogue.
#[derive(Serialize, ToSchema)]
pub struct StandardOut {
    /// e.g. "ISO/IEC 42001:2023".
    pub code: String,
    pub title: String,
    pub edition: String,
    /// Clauses and sub-clauses in the tree.
    pub clause_count: usize,
    /// Annex A controls (ISO/IEC 27001, 42001), 0 otherwise.
    pub control_count: usize,
    /// SHA-256 of the catalogue file: changes when the data changes.
    pub fingerprint: String,
}

/// Which standard.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CodeQuery {
    /// e.g. `ISO/IEC 27001:2022`.
    #[param(
        pattern = "^(ISO 9001:2015|ISO 14001:2015|ISO 45001:2018|ISO/IEC 27001:2022|ISO/IEC 42001:2023)$"
    )]
    pub code: String,
}

/// Every standard edition Certa knows.
#[utoipa::path(get, path = "/api/v1/standards", tag = "standards",
    responses((status = 200, body = [StandardOut])), security(("bearer" = [])))]
#[get("/standards")]
pub async fn list_standards(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    p.0.tenant()?;
    let out: Vec<StandardOut> = st
        .catalogue
        .standards()
        .iter()
        .map(|s| StandardOut {
            code: s.code.clone(),
            title: s.title.clone(),
            edition: s.edition.clone(),
            clause_count: s.clauses_flat().len(),
            control_count: s.control_count(),
            fingerprint: s.fingerprint().to_string(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

/// One standard edition with its clause tree and Annex A.
#[utoipa::path(get, path = "/api/v1/standards/edition", tag = "standards", params(CodeQuery),
    responses((status = 200, description = "the edition: code, title, clauses (tree), annex_a (groups of controls)"),
        (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/standards/edition")]
pub async fn get_standard(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    q: web::Query<CodeQuery>,
) -> Result<HttpResponse, ApiError> {
    p.0.tenant()?;
    match st.catalogue.get(q.code.trim()) {
        Some(s) => Ok(HttpResponse::Ok().json(s)),
        None => Err(ApiError::not_found(ErrorCode::StandardNotFound, "standard")),
    }
}
