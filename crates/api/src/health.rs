//! Probes and metrics.

use crate::AppState;
use crate::metrics::MetricsAccess;
use actix_web::{HttpRequest, HttpResponse, get, web};
use std::sync::atomic::{AtomicBool, Ordering};

/// The process is up.
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// Set when the process begins to shut down (SIGTERM): from then on `/readyz` answers 503,
/// so load balancers send no new requests while the ones under way finish. Shared by the
/// application's addresses as app data; without it a process is never draining.
#[derive(Debug, Default)]
pub struct Draining(AtomicBool);

impl Draining {
    /// Not draining.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts draining; for good.
    pub fn start(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether the process is shutting down.
    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The database answers, and the process is not shutting down.
#[get("/readyz")]
pub async fn readyz(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if req
        .app_data::<web::Data<Draining>>()
        .is_some_and(|d| d.is_draining())
    {
        return HttpResponse::ServiceUnavailable()
            .content_type("text/plain")
            .body("shutting down");
    }
    match certa_service::ops::ready(&state.ctx).await {
        Ok(()) => HttpResponse::Ok().content_type("text/plain").body("ready"),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("database unavailable")
        }
    }
}

/// Prometheus text exposition: on the separate metrics address, or on the public one with
/// the configured bearer token; not served otherwise (see [`MetricsAccess`]).
#[get("/metrics")]
pub async fn metrics_endpoint(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    match &state.metrics_access {
        MetricsAccess::Open => {}
        MetricsAccess::Hidden => return crate::not_found(req, state).await,
        MetricsAccess::Token(hash) => {
            let presented = req
                .headers()
                .get(actix_web::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(certa_service::secrets::token_hash);
            // Hashes are compared, in constant time, so the time taken says nothing about
            // the token.
            if !presented.is_some_and(|p| crate::extract::secrets_equal(&p, hash)) {
                return HttpResponse::Unauthorized()
                    .insert_header(("www-authenticate", "Bearer realm=\"metrics\""))
                    .content_type("text/plain")
                    .body("a bearer token is required");
            }
        }
    }
    let outbox = certa_service::ops::outbox_counts(&state.ctx).await.ok();
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render(outbox.as_deref()))
}
