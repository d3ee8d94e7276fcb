#![doc = include_str!("../README.md")]
//!
//! Certa's HTTP edge.
//!
//! - `/api/v1/…`: the JSON API (one module per resource in [`v1`]), documented by the
//!   OpenAPI 3.1 document at `/api/v1/openapi.json` and the page `/api/docs`;
//! - server-rendered pages ([`pages`]) that work without JavaScript;
//! - public verification without an account ([`public`]): `/verify/{number}` and
//!   `/api/v1/public/certificates…`;
//! - `/healthz`, `/readyz`, `/metrics`.
//!
//! Errors leave as RFC 9457 `application/problem+json` with a stable `code` ([`error`]).
//! The tenant always comes from the authenticated principal ([`extract`]).

pub mod body;
pub mod error;
pub mod extract;
pub mod forwarded;
pub mod health;
pub mod json;
pub mod metrics;
pub mod pages;
pub mod public;
pub mod render;
pub mod telemetry;
pub mod v1;

use actix_web::{HttpResponse, web};
use certa_domain::ErrorCode;
use certa_service::Ctx;
use std::sync::Arc;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub ctx: Ctx,
    pub renderer: Arc<render::Pages>,
    pub metrics: Arc<metrics::Metrics>,
    /// Who may read `/metrics` on the address this state serves.
    pub metrics_access: metrics::MetricsAccess,
    /// Whether cookies get the `Secure` flag (public URL is https).
    pub secure_cookies: bool,
    /// The standards catalogue (reference data, parsed and validated at start-up).
    pub catalogue: Arc<certa_domain::catalogue::Catalogue>,
    /// The rate limit of the public verification routes, per client address.
    pub public_limit: Arc<public::RateLimiter>,
    /// The rendered answers of the public look-ups, per entity tag.
    pub public_rendered: public::Rendered,
}

/// Largest JSON body accepted by the API.
pub const JSON_LIMIT: usize = 64 * 1024;
/// Largest form body accepted by the pages.
pub const FORM_LIMIT: usize = 64 * 1024;

/// The routes of the separate metrics address: `/metrics` and the probes only.
pub fn configure_metrics(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(health::metrics_endpoint);
}

/// Registers every route, the body limits and the error handlers.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(JSON_LIMIT)
            .error_handler(error::json_error),
    )
    .app_data(web::PathConfig::default().error_handler(error::path_error))
    .app_data(web::QueryConfig::default().error_handler(error::query_error))
    .app_data(
        web::FormConfig::default()
            .limit(FORM_LIMIT)
            .error_handler(error::form_error),
    )
    .app_data(web::PayloadConfig::default().limit(JSON_LIMIT))
    .service(health::healthz)
    .service(health::readyz)
    .service(health::metrics_endpoint)
    .service(
        web::scope("/api/v1")
            .wrap(actix_web::middleware::from_fn(extract::authenticate_first))
            .configure(v1::configure),
    )
    .configure(pages::configure);
}

/// The fallback for unknown paths: problem+json under `/api`, a page elsewhere. An API
/// path that exists with other methods answers 405 with `Allow`.
pub async fn not_found(req: actix_web::HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if req.path().starts_with("/api/") {
        if let Some(allow) = v1::openapi::methods_of(req.path()) {
            let mut r = error::ApiError::new(
                actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                format!("this resource answers {allow}"),
            )
            .into_response();
            if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&allow) {
                r.headers_mut().insert(actix_web::http::header::ALLOW, v);
            }
            return r;
        }
        error::ApiError::new(
            actix_web::http::StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "no such resource",
        )
        .into_response()
    } else {
        pages::not_found_page(&state, &req)
    }
}
