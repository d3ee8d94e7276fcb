//! `/api/v1/public/certificates`: public verification without an account (ISO/IEC
//! 17021-1 8.1). A certificate by its number as printed, and the directory search by holder
//! name. Limited per client address (429 with `Retry-After`); answers carry an `ETag`
//! (`If-None-Match` answers 304) and `Cache-Control: public, max-age=60`.

use crate::AppState;
use crate::error::ApiError;
use crate::public::{cached, unchanged};
use actix_web::{HttpRequest, HttpResponse, get, web};
use certa_domain::certification::CertificateStatus;
use certa_domain::public::PublicStatus;
use certa_service::certification::public::{self as registry, PublicView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Where a certificate stands: `active`, `suspended`, `withdrawn` or `expired` for its
/// current revision; `superseded` for an earlier revision that a later one replaced.
#[derive(Serialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum PublicStatusOut {
    Active,
    Suspended,
    Withdrawn,
    Expired,
    Superseded,
}

impl From<PublicStatus> for PublicStatusOut {
    fn from(s: PublicStatus) -> Self {
        match s {
            PublicStatus::Current(CertificateStatus::Active) => Self::Active,
            PublicStatus::Current(CertificateStatus::Suspended) => Self::Suspended,
            PublicStatus::Current(CertificateStatus::Withdrawn) => Self::Withdrawn,
            PublicStatus::Current(CertificateStatus::Expired) => Self::Expired,
            PublicStatus::Superseded => Self::Superseded,
        }
    }
}

/// The certified organisation.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct PublicHolder {
    pub name: String,
    /// The head office's address.
    pub location: String,
}

/// A site in the scope, with the scope at that site.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct PublicSite {
    pub name: String,
    pub location: String,
    pub scope: String,
}

/// A standard with its edition.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct PublicStandard {
    /// e.g. `ISO/IEC 42001:2023`.
    pub code: String,
    pub title: String,
}

/// The certification body that issued the certificate.
#[derive(Serialize, ToSchema)]
pub struct PublicBody {
    pub name: String,
    pub address: String,
    /// Where to write about a certificate, when the body publishes an address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// An accreditation covering one of the certificate's standards.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct PublicAccreditation {
    /// The standard it covers.
    pub standard: String,
    /// The accreditation body.
    pub body: String,
    /// The accreditation number.
    pub number: String,
}

/// The current revision, for an answer about a superseded one.
#[derive(Serialize, ToSchema)]
pub struct PublicCurrent {
    pub revision: i32,
    /// The current number as printed (`NUMBER/R2`).
    pub number: String,
    /// The current revision as JSON.
    pub url: String,
    /// The current revision's public page.
    pub page: String,
}

/// A certificate as published. For a superseded revision only `number`, `revision`,
/// `status`, `current`, `certification_body`, `page` and `as_of` are given.
#[derive(Serialize, ToSchema)]
pub struct PublicCertificateOut {
    /// The certificate number, without a revision suffix.
    pub number: String,
    /// The revision this answer is about (0 for the first issue).
    pub revision: i32,
    pub status: PublicStatusOut,
    /// For a superseded revision: the one that replaced it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<PublicCurrent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<PublicHolder>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sites: Option<Vec<PublicSite>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standards: Option<Vec<PublicStandard>>,
    /// Granting, extending or reducing the scope, or renewing (YYYY-MM-DD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<chrono::NaiveDate>,
    /// YYYY-MM-DD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<chrono::NaiveDate>,
    /// First certification (YYYY-MM-DD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_date: Option<chrono::NaiveDate>,
    pub certification_body: PublicBody,
    /// The accreditations covering the certificate's standards (empty when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accreditation: Option<Vec<PublicAccreditation>>,
    /// The public page of this answer.
    pub page: String,
    /// When the published record last changed (RFC 3339, UTC).
    #[schema(format = DateTime)]
    pub as_of: String,
    /// A compact JWS (EdDSA, `kid` of the body's key at `/t/{slug}/.well-known/jwks.json`)
    /// over `{number, revision, status, as_of}` of this answer, so that the answer itself
    /// can be kept and shown as evidence. Absent for a certificate not yet signed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_assertion: Option<String>,
    /// The current revision's credential (W3C Verifiable Credential 2.0 with a Data
    /// Integrity proof); absent for an earlier revision or a certificate not yet signed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_url: Option<String>,
}

/// A page of the directory.
#[derive(Serialize, ToSchema)]
pub struct PublicDirectoryOut {
    pub items: Vec<PublicCertificateOut>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next: Option<String>,
}

/// A directory search.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DirectoryQuery {
    /// Part of the holder's name, at least 3 characters; case and accents do not matter.
    #[param(min_length = 3, max_length = 200)]
    pub q: String,
    /// The `next` of the previous page.
    #[param(max_length = 400)]
    pub cursor: Option<String>,
    /// Page size, 1–50 (default 20).
    #[param(minimum = 1, maximum = 50)]
    pub limit: Option<u64>,
}

pub use registry::number_path;

fn parse<T: for<'de> Deserialize<'de>>(v: &serde_json::Value) -> Vec<T> {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

/// The JSON of a look-up.
pub fn out(public_url: &str, v: &PublicView) -> PublicCertificateOut {
    let r = &v.record;
    let status_assertion = usize::try_from(v.revision)
        .ok()
        .and_then(|i| r.status_assertions.get(i))
        .cloned();
    let credential_url =
        (v.status != PublicStatus::Superseded && r.credential.is_some()).then(|| {
            format!(
                "{public_url}/api/v1/public/certificates/{}/credential",
                number_path(&v.display_number())
            )
        });
    let page = |n: &str| format!("{public_url}/verify/{}", number_path(n));
    let body = PublicBody {
        name: r.body_name.clone(),
        address: r.body_address.clone(),
        email: r.body_email.clone(),
    };
    if v.status == PublicStatus::Superseded {
        let current = v.current_display_number();
        return PublicCertificateOut {
            number: r.number.clone(),
            revision: v.revision,
            status: v.status.into(),
            current: Some(PublicCurrent {
                revision: r.revision,
                url: format!(
                    "{public_url}/api/v1/public/certificates/{}",
                    number_path(&current)
                ),
                page: page(&current),
                number: current,
            }),
            holder: None,
            sites: None,
            scope: None,
            standards: None,
            effective_date: None,
            expiry_date: None,
            original_date: None,
            certification_body: body,
            accreditation: None,
            page: page(&v.display_number()),
            as_of: super::ts(r.as_of),
            status_assertion,
            credential_url: None,
        };
    }
    PublicCertificateOut {
        number: r.number.clone(),
        revision: v.revision,
        status: v.status.into(),
        current: None,
        holder: Some(PublicHolder {
            name: r.holder_name.clone(),
            location: r.holder_location.clone(),
        }),
        sites: Some(parse(&r.sites)),
        scope: Some(r.scope.clone()),
        standards: Some(parse(&r.standards)),
        effective_date: Some(r.effective_date),
        expiry_date: Some(r.expiry_date),
        original_date: Some(r.original_date),
        certification_body: body,
        accreditation: Some(parse(&r.accreditations)),
        page: page(&v.display_number()),
        as_of: super::ts(r.as_of),
        status_assertion,
        credential_url,
    }
}

/// A certificate by its number as printed: `NUMBER`, or `NUMBER/R{n}` for a revision (an
/// earlier revision answers `superseded` with a link to the current one). No login; 404
/// for a number no certification body holds.
#[utoipa::path(get, path = "/api/v1/public/certificates/{number}", tag = "public",
    params(("number" = String, Path, description = "the certificate number as printed, e.g. DEMO-42001-00001 or DEMO-42001-00001/R1")),
    responses(
        (status = 200, body = PublicCertificateOut, headers(("etag" = String), ("cache-control" = String))),
        (status = 304, description = "The `If-None-Match` tag is current."),
        (status = 404, body = crate::error::Problem, description = "No certificate has this number."),
        (status = 429, body = crate::error::Problem, description = "Too many requests from this address.", headers(("retry-after" = u64)))))]
#[get("/public/certificates/{number:.+}")]
pub async fn get_public_certificate(
    st: web::Data<AppState>,
    req: HttpRequest,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    st.public_limit.check(&req)?;
    let v = registry::lookup(&st.ctx, &number, crate::forwarded::client_addr(&req)).await?;
    let etag = v.etag("json");
    if let Some(r) = unchanged(&req, &etag) {
        return Ok(r);
    }
    let body = st.public_rendered.get_or_render(&etag, || {
        serde_json::to_vec(&out(&st.ctx.config.public_url, &v))
            .map(bytes::Bytes::from)
            .map_err(|e| {
                ApiError::from(certa_service::ServiceError::unexpected(
                    "public certificate",
                    e,
                ))
            })
    })?;
    let mut b = HttpResponse::Ok();
    cached(&mut b, &etag);
    Ok(b.content_type("application/json").body(body))
}

/// The media type of a credential secured with an embedded proof (VC Data Model 2.0 §6.3).
pub const VC: &str = "application/vc";
/// The media type of a credential secured as a JWS (VC-JOSE-COSE §6.1.1).
pub const VC_JWT: &str = "application/vc+jwt";

/// The current revision's credential as `application/vc`: a W3C Verifiable Credential 2.0
/// whose `credentialSubject` carries the published fields (`name` is the holder,
/// `certificateNumber` the number as printed), with an `eddsa-jcs-2022` Data Integrity proof
/// by the body's key and `credentialStatus` entries in its revocation and suspension lists.
/// It verifies offline against the body's keys (`/t/{slug}/.well-known/jwks.json`), for
/// instance with `certa verify-credential`. No login; 404 for an earlier revision.
#[utoipa::path(get, path = "/api/v1/public/certificates/{number}/credential", tag = "public",
    params(("number" = String, Path, description = "the certificate number as printed")),
    responses(
        (status = 200, content_type = "application/vc", body = Object, headers(("etag" = String), ("cache-control" = String))),
        (status = 304, description = "The `If-None-Match` tag is current."),
        (status = 404, body = crate::error::Problem, description = "No certificate has this number, or it names an earlier revision."),
        (status = 429, body = crate::error::Problem, description = "Too many requests from this address.", headers(("retry-after" = u64)))))]
#[get("/public/certificates/{number:.+}/credential")]
pub async fn get_public_credential(
    st: web::Data<AppState>,
    req: HttpRequest,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    credential_answer(&st, &req, &number, false).await
}

/// The same credential as `application/vc+jwt`: a compact JWS (EdDSA, `kid` header) whose
/// payload is the credential. No login; 404 for an earlier revision.
#[utoipa::path(get, path = "/api/v1/public/certificates/{number}/credential.jwt", tag = "public",
    params(("number" = String, Path, description = "the certificate number as printed")),
    responses(
        (status = 200, content_type = "application/vc+jwt", body = String, headers(("etag" = String), ("cache-control" = String))),
        (status = 304, description = "The `If-None-Match` tag is current."),
        (status = 404, body = crate::error::Problem, description = "No certificate has this number, or it names an earlier revision."),
        (status = 429, body = crate::error::Problem, description = "Too many requests from this address.", headers(("retry-after" = u64)))))]
#[get("/public/certificates/{number:.+}/credential.jwt")]
pub async fn get_public_credential_jwt(
    st: web::Data<AppState>,
    req: HttpRequest,
    number: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    credential_answer(&st, &req, &number, true).await
}

async fn credential_answer(
    st: &AppState,
    req: &HttpRequest,
    number: &str,
    jwt: bool,
) -> Result<HttpResponse, ApiError> {
    st.public_limit.check(req)?;
    let v = registry::credential(&st.ctx, number, crate::forwarded::client_addr(req)).await?;
    let r = &v.record;
    let media = if jwt { VC_JWT } else { VC };
    let etag = v.etag(media);
    if let Some(resp) = unchanged(req, &etag) {
        return Ok(resp);
    }
    let body = st.public_rendered.get_or_render(&etag, || {
        if jwt {
            Ok(bytes::Bytes::from(
                r.credential_jwt.clone().unwrap_or_default(),
            ))
        } else {
            serde_json::to_vec(r.credential.as_ref().unwrap_or(&serde_json::Value::Null))
                .map(bytes::Bytes::from)
                .map_err(|e| {
                    ApiError::from(certa_service::ServiceError::unexpected("credential", e))
                })
        }
    })?;
    let mut b = HttpResponse::Ok();
    cached(&mut b, &etag);
    let name = format!(
        "{}.{}",
        r.number
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            })
            .collect::<String>(),
        if jwt { "jwt" } else { "json" }
    );
    b.insert_header((
        actix_web::http::header::CONTENT_DISPOSITION,
        format!("inline; filename=\"{name}\""),
    ));
    Ok(b.content_type(media).body(body))
}

/// The directory: certificates whose holder's name contains `q` (at least 3 characters,
/// without regard to case or accents), of the certification bodies that publish in the
/// directory, confidential clients left out; by name, 20 a page by default (at most 50).
#[utoipa::path(get, path = "/api/v1/public/certificates", tag = "public",
    params(DirectoryQuery),
    responses(
        (status = 200, body = PublicDirectoryOut, headers(("etag" = String), ("cache-control" = String))),
        (status = 304, description = "The `If-None-Match` tag is current."),
        (status = 429, body = crate::error::Problem, description = "Too many requests from this address.", headers(("retry-after" = u64)))))]
#[get("/public/certificates")]
pub async fn search_public_certificates(
    st: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    st.public_limit.check(&req)?;
    let q = web::Query::<DirectoryQuery>::from_query(req.query_string())
        .map_err(|e| {
            ApiError::new(
                actix_web::http::StatusCode::BAD_REQUEST,
                certa_domain::ErrorCode::InvalidQuery,
                e.to_string(),
            )
        })?
        .into_inner();
    let page = registry::directory(&st.ctx, &q.q, q.cursor.as_deref(), q.limit).await?;
    let url = &st.ctx.config.public_url;
    let body = PublicDirectoryOut {
        items: page.items.iter().map(|v| out(url, v)).collect(),
        next: page.next,
    };
    let json = serde_json::to_string(&body).map_err(|e| {
        ApiError::from(certa_service::ServiceError::unexpected("directory page", e))
    })?;
    let etag = registry::tag(&["directory", &json]);
    if let Some(r) = unchanged(&req, &etag) {
        return Ok(r);
    }
    let mut b = HttpResponse::Ok();
    cached(&mut b, &etag);
    Ok(b.content_type("application/json").body(json))
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_in_paths_keep_their_slashes() {
        assert_eq!(super::number_path("CB/2027/IMS/1/R2"), "CB/2027/IMS/1/R2");
        assert_eq!(super::number_path("A#1 ü"), "A%231%20%C3%BC");
    }
}
