//! The issuer documents of each tenant, public and without login: its key set
//! (`/t/{slug}/.well-known/jwks.json`) and its controller document (`/t/{slug}/issuer`),
//! which list every key, active and retired, so credentials signed before a rotation keep
//! verifying. An unknown slug answers 404 problem+json.

use crate::AppState;
use crate::error::ApiError;
use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use certa_credentials::{Jwk, Jwks};
use certa_service::signing;
use serde_json::{Value, json};

/// How long verifiers and caches may keep the documents.
const CACHE: &str = "public, max-age=300";

/// The media type of a JWK Set (RFC 7517 §8.5.1).
pub const JWK_SET_JSON: &str = "application/jwk-set+json";

/// The tenant's keys as a JWK Set: each an Ed25519 JWK with `kid`, `alg: EdDSA`,
/// `crv: Ed25519`, `use: sig`.
#[get("/t/{slug}/.well-known/jwks.json")]
pub async fn jwks(
    st: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (_, keys) = signing::public_keys(&st.ctx, &slug).await?;
    let mut set = Jwks { keys: Vec::new() };
    for k in &keys {
        set.keys
            .push(Jwk::from_public_key(&signing::public_key(k)?));
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, JWK_SET_JSON))
        .insert_header((header::CACHE_CONTROL, CACHE))
        .json(set))
}

/// The tenant's controller document: every key as a `Multikey` verification method
/// `{issuer}/issuer#{kid}`, all of them assertion methods.
#[get("/t/{slug}/issuer")]
pub async fn controller(
    st: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (issuer, keys) = signing::public_keys(&st.ctx, &slug).await?;
    let id = format!("{issuer}/issuer");
    let methods: Vec<Value> = keys
        .iter()
        .map(|k| {
            json!({
                "id": certa_credentials::verify::verification_method_id(&issuer, &k.kid),
                "type": "Multikey",
                "controller": id,
                "publicKeyMultibase": k.public_key_multibase,
            })
        })
        .collect();
    let assertion: Vec<Value> = methods.iter().map(|m| m["id"].clone()).collect();
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, CACHE))
        .json(json!({
            "@context": [
                "https://www.w3.org/ns/did/v1",
                "https://w3id.org/security/multikey/v1"
            ],
            "id": id,
            "verificationMethod": methods,
            "assertionMethod": assertion,
        })))
}

/// A status list of the tenant (W3C Bitstring Status List v1.0) as `application/vc+jwt`:
/// a `BitstringStatusListCredential` signed by the tenant's key, whose subject carries the
/// `statusPurpose` (`revocation` or `suspension`), the `encodedList` and its `ttl`. It is
/// rewritten in the transaction that changes a certificate, so a suspension shows here as
/// soon as it is committed. Rate-limited like the other public routes; 404 for an unknown
/// slug, purpose or list.
#[get("/t/{slug}/status/{purpose}/{list}")]
pub async fn status_list(
    st: web::Data<AppState>,
    req: actix_web::HttpRequest,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, ApiError> {
    st.public_limit.check(&req)?;
    let (slug, purpose, list) = path.into_inner();
    let published =
        certa_service::certification::public::status_list(&st.ctx, &slug, &purpose, &list).await?;
    let etag = certa_service::certification::public::tag(&[
        "status-list",
        &slug,
        &purpose,
        &list,
        &published.updated_at.timestamp_micros().to_string(),
    ]);
    if let Some(r) = crate::public::unchanged(&req, &etag) {
        return Ok(r);
    }
    let mut b = HttpResponse::Ok();
    crate::public::cached(&mut b, &etag);
    Ok(b.content_type(crate::v1::public::VC_JWT)
        .body(published.credential_jwt))
}
