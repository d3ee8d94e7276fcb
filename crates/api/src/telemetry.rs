//! The request span: one per request, closed with its status, carrying the request id.
//!
//! Unlike the default span it records the route pattern (`/calendar/{secret}.ics`), never
//! the path a request matched: some addresses carry a secret in the path (calendar feeds,
//! objection links) and others in the query string (invitation and password-reset links).
//! It records no client IP or user agent either, so the request log never holds a secret
//! or personal data. An unmatched request is logged as `unmatched`.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

/// The route pattern a request matched (`unmatched` when none), found once per request by
/// the root span and kept in the request's extensions.
#[derive(Clone, Debug)]
pub struct RoutePattern(pub std::sync::Arc<str>);

/// Certa's root span builder for `TracingLogger`.
pub struct CertaRootSpan;

impl RootSpanBuilder for CertaRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(|r| r.to_string())
            .unwrap_or_default();
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        // Matching the pattern walks the route table: the request metrics reuse this one.
        request
            .extensions_mut()
            .insert(RoutePattern(std::sync::Arc::from(route.as_str())));
        tracing::info_span!(
            "http_request",
            http.method = %request.method(),
            http.route = %route,
            request_id = %request_id,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
