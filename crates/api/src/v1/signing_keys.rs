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

/// A day's count of look-ups of one kind and number.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct VerificationLookupOut {
    /// YYYY-MM-DD (UTC).
    pub day: chrono::NaiveDate,
    /// `unknown` (numbered like the body's certificates, held by no body), `look_alike` (one
    /// character away from `near_number`), `suspended` or `withdrawn`.
    pub kind: String,
    /// The number looked up.
    pub number: String,
    /// For a look-alike: the body's certificate it resembles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub near_number: Option<String>,
    pub lookups: i64,
    /// The network of the last verifier (a /24 or /48): nothing more of the address is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// The period asked for.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LookupsQuery {
    /// Days back from today, 1–90 (default 30).
    #[param(minimum = 1, maximum = 90)]
    pub days: Option<u32>,
}

/// Public look-ups the body should hear about (admins): numbers held by no body that are
/// numbered like the body's or one character away from one of its certificates, and
/// look-ups of its suspended or withdrawn certificates, counted per day (counts reach this
/// list within about ten seconds). Newest day first, most look-ups first, at most 500.
#[utoipa::path(get, path = "/api/v1/verification-lookups", tag = "settings",
    params(LookupsQuery),
    responses((status = 200, body = [VerificationLookupOut]), (status = 403, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/verification-lookups")]
pub async fn verification_lookups(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    q: web::Query<LookupsQuery>,
) -> Result<HttpResponse, ApiError> {
    let rows =
        certa_service::certification::verification::recent(&st.ctx, &p.0, q.days.unwrap_or(30))
            .await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(|r| VerificationLookupOut {
                day: r.day,
                kind: r.kind,
                number: r.number,
                near_number: r.near_number,
                lookups: r.lookups,
                network: r.network,
            })
            .collect::<Vec<_>>(),
    ))
}
