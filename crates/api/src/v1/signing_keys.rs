//! `/api/v1/signing-keys`: the keys that sign the certification body's credentials. Only
//! public keys are ever answered; the private keys stay sealed inside the service.

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, get, post, web};
use certa_service::signing;

/// The tenant's signing keys (staff who may see the settings), the active one first, then
/// the retired ones (still published so what they signed keeps verifying). The first key is
/// created on first use.
#[utoipa::path(get, path = "/api/v1/signing-keys", tag = "settings",
    responses((status = 200, body = [signing::KeyView]), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/signing-keys")]
pub async fn list_keys(st: web::Data<AppState>, p: ApiPrincipal) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(signing::list(&st.ctx, &p.0).await?))
}

/// Rotate the signing key (admins): a new key becomes the active one; the previous one is
/// retired and stays published. Recorded in the audit trail. Answers every key, the new
/// active one first; 409 if another rotation happened at the same moment.
#[utoipa::path(post, path = "/api/v1/signing-keys/rotate", tag = "settings",
    responses((status = 200, body = [signing::KeyView]), (status = 403, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/signing-keys/rotate")]
pub async fn rotate_key(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(signing::rotate(&st.ctx, &p.0).await?))
}
