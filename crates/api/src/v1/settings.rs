//! `/api/v1/settings` and `/api/v1/audit-time/tables`: what a certification body sets for
//! itself, and its audit-time tables (built-in ones, replaced or extended by the tenant,
//! unverified rows flagged). `/api/v1/settings/certificate-images/{image}`: the logo and
//! the accreditation mark printed on certificates. `/api/v1/applications/{id}/audit-time` keeps a calculation
//! with an application.

use super::audit_time::{CalculateIn, CalculationOut, unprocessable};
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use certa_domain::ApplicationId;
use certa_domain::ErrorCode;
use certa_domain::audit_time::tables::AuditTimeTable;
use certa_domain::certification::{CertificateImage, ImageFormat, MAX_IMAGE_BYTES, StoredImage};
use certa_service::certification::images;
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
/// at-risk days), `rotation_limit`, `objection_days`, `certificates` (address, numbering,
/// accreditations, and the `logo` and `accreditation_mark` uploaded for certificates).
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
/// are refused with 422; so are `certificates.logo` and `certificates.accreditation_mark`
/// with another value than their current one (422 `setting_read_only`: they change
/// through `/api/v1/settings/certificate-images/{image}`). The answer is the whole new
/// document.
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

/// One of the images printed on certificates.
#[derive(Clone, Copy, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImageName {
    /// The certification body's logo, in the heading of every certificate.
    Logo,
    /// The accreditation mark, next to the accreditation on certificates of standards the
    /// body is accredited for.
    AccreditationMark,
}

impl From<ImageName> for CertificateImage {
    fn from(n: ImageName) -> Self {
        match n {
            ImageName::Logo => CertificateImage::Logo,
            ImageName::AccreditationMark => CertificateImage::AccreditationMark,
        }
    }
}

/// An image as the settings name it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StoredImageOut {
    /// Where the image is kept (an object storage key).
    pub key: String,
    /// `png`, `jpeg` or `svg`.
    #[schema(pattern = "^(png|jpeg|svg)$")]
    pub format: String,
    /// SHA-256 of the image, lowercase hex.
    pub sha256: String,
}

impl From<StoredImage> for StoredImageOut {
    fn from(s: StoredImage) -> Self {
        let format = serde_json::to_value(s.format)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        Self {
            key: s.key,
            format,
            sha256: s.sha256,
        }
    }
}

/// Reads an image body of at most [`MAX_IMAGE_BYTES`]: refused at once from its
/// `Content-Length`, otherwise as soon as more arrives.
async fn image_body(
    req: &HttpRequest,
    which: CertificateImage,
    mut payload: web::Payload,
) -> Result<Vec<u8>, ApiError> {
    use futures_util::StreamExt;
    let too_large = || ApiError {
        field: Some("image"),
        ..ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::FileTooLarge,
            format!(
                "the {} is larger than {} MiB",
                which.label(),
                MAX_IMAGE_BYTES / (1024 * 1024)
            ),
        )
    };
    if crate::body::exact_length(req).is_some_and(|n| n > MAX_IMAGE_BYTES as u64) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::BadBody, e.to_string())
        })?;
        if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Upload the certification body's logo or accreditation mark (admins), printed on the
/// certificates issued from now on (those already issued keep the images they were issued
/// with). The body is the image itself, PNG, JPEG or SVG, at most 1 MiB, sent with its
/// `Content-Type`. The image is checked by its content (an SVG must be well-formed, with
/// the root element `svg`, no script, no event handlers and no reference outside the
/// image except `data:` addresses) and by placing it on a sample certificate: otherwise
/// 422 `invalid_image`; past 1 MiB 413 `file_too_large`; another type 415. The answer is
/// the stored reference; the image it replaces is deleted unless a certificate shows it.
#[utoipa::path(put, path = "/api/v1/settings/certificate-images/{image}", tag = "settings",
    params(("image" = inline(ImageName), Path, description = "`logo` or `accreditation_mark`")),
    request_body(description = "The image, at most 1 MiB",
        content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/svg+xml"))),
    responses((status = 200, body = StoredImageOut), (status = 403, body = crate::error::Problem),
        (status = 413, body = crate::error::Problem), (status = 415, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/settings/certificate-images/{image}")]
pub async fn put_certificate_image(
    st: web::Data<AppState>,
    req: HttpRequest,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
    image: web::Path<ImageName>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let which = CertificateImage::from(*image);
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(ImageFormat::from_mime)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "send the image as image/png, image/jpeg or image/svg+xml",
            )
        })?;
    let bytes = image_body(&req, which, payload).await?;
    let stored = images::put(&st.ctx, &p.0, which, Some(declared), bytes).await?;
    Ok(HttpResponse::Ok().json(StoredImageOut::from(stored)))
}

/// Remove the logo or the accreditation mark (admins): certificates issued from now on are
/// printed without it. 404 `image_not_found` when there is none.
#[utoipa::path(delete, path = "/api/v1/settings/certificate-images/{image}", tag = "settings",
    params(("image" = inline(ImageName), Path, description = "`logo` or `accreditation_mark`")),
    responses((status = 204), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[delete("/settings/certificate-images/{image}")]
pub async fn delete_certificate_image(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
    image: web::Path<ImageName>,
) -> Result<HttpResponse, ApiError> {
    images::remove(&st.ctx, &p.0, CertificateImage::from(*image)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The logo or the accreditation mark as uploaded, with its media type. 404
/// `image_not_found` when there is none.
#[utoipa::path(get, path = "/api/v1/settings/certificate-images/{image}", tag = "settings",
    params(("image" = inline(ImageName), Path, description = "`logo` or `accreditation_mark`")),
    responses((status = 200, description = "The image",
            content((Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/svg+xml"))),
        (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/settings/certificate-images/{image}")]
pub async fn get_certificate_image(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ViewSettings>,
    image: web::Path<ImageName>,
) -> Result<HttpResponse, ApiError> {
    let (bytes, format) = images::get(&st.ctx, &p.0, CertificateImage::from(*image)).await?;
    Ok(HttpResponse::Ok()
        .content_type(format.mime())
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .insert_header(("x-content-type-options", "nosniff"))
        // Opened on its own, an SVG is a document: it may not run or load anything.
        .insert_header((
            actix_web::http::header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
        ))
        .body(bytes))
}

/// The tenant's sign-in settings (admins): its OpenID provider (never the client secret,
/// only whether one is stored), the e-mail domains that sign in through it, the claim →
/// role mapping, just-in-time provisioning, "require single sign-on" with its break-glass
/// administrators, and the roles that must use a second factor.
#[utoipa::path(get, path = "/api/v1/settings/sign-in", tag = "settings",
    responses((status = 200, body = certa_service::sso::SsoSettings), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/settings/sign-in")]
pub async fn get_sign_in(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(certa_service::sso::settings(&st.ctx, &p.0).await?))
}

/// Replace the tenant's sign-in settings (admins). `client_secret` is write-only: omitted
/// or empty keeps the stored one; it is stored sealed under the platform's master key.
/// Issuers must be `https` (or `http` on the loopback interface); an e-mail domain another
/// body claims is refused with 422 `sso_domain_taken`.
#[utoipa::path(put, path = "/api/v1/settings/sign-in", tag = "settings",
    request_body = certa_service::sso::SsoSettingsInput,
    responses((status = 200, body = certa_service::sso::SsoSettings), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/settings/sign-in")]
pub async fn put_sign_in(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
    body: crate::json::ApiJson<certa_service::sso::SsoSettingsInput>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(certa_service::sso::save_settings(&st.ctx, &p.0, body.into_inner()).await?))
}

/// Test the saved provider (admins): its discovery document and keys are read afresh and
/// a dry-run authorization request (not followed) shows whether the provider accepts the
/// client id and the redirect address. Each check is listed with what was found.
#[utoipa::path(post, path = "/api/v1/settings/sign-in/test", tag = "settings",
    responses((status = 200, body = certa_service::sso::ConnectionReport), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/settings/sign-in/test")]
pub async fn test_sign_in(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(certa_service::sso::test_connection(&st.ctx, &p.0).await?))
}

/// The certification body's time zone and language: pages and mails use them for members
/// and contacts who did not choose their own.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct LocaleOut {
    /// An IANA time zone (`Europe/Berlin`, `UTC`).
    pub time_zone: String,
    /// `en` or `de`.
    pub language: String,
}

/// A change of the body's time zone, language or both (a member left out keeps its value).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocaleIn {
    /// An IANA time zone (`Europe/Berlin`, `UTC`); 422 `invalid_time_zone` otherwise.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// `en` or `de`; 422 `invalid_language` otherwise.
    #[serde(default)]
    pub language: Option<String>,
}

/// The body's time zone and language.
#[utoipa::path(get, path = "/api/v1/settings/locale", tag = "settings",
    responses((status = 200, body = LocaleOut), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/settings/locale")]
pub async fn get_locale(p: ApiPrincipal) -> Result<HttpResponse, ApiError> {
    let t = p.0.authorize(certa_domain::Action::ViewSettings)?;
    Ok(HttpResponse::Ok().json(LocaleOut {
        time_zone: t.tenant.time_zone.clone(),
        language: t.tenant.language.clone(),
    }))
}

/// Change the body's time zone, language or both (admins): both are checked before either
/// changes; each change is recorded in the audit trail. The answer is the body's time zone
/// and language after the change.
#[utoipa::path(put, path = "/api/v1/settings/locale", tag = "settings", request_body = LocaleIn,
    responses((status = 200, body = LocaleOut), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/settings/locale")]
pub async fn put_locale(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
    body: crate::json::ApiJson<LocaleIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let (time_zone, language) =
        settings::set_locale(&st.ctx, &p.0, b.time_zone.as_deref(), b.language.as_deref()).await?;
    Ok(HttpResponse::Ok().json(LocaleOut {
        time_zone,
        language: language.to_string(),
    }))
}
