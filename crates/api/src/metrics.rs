//! Request metrics: recorded through the `metrics` facade into a Prometheus recorder
//! (`metrics-exporter-prometheus`) that belongs to the application rather than to the
//! process, so two applications in one process (the tests) count apart.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusRecorder};
use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// Upper bounds (seconds) of the request-duration histogram.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

const UPTIME: &str = "certa_uptime_seconds";
const REQUESTS: &str = "certa_http_requests_total";
const DURATION: &str = "certa_http_request_duration_seconds";
const OUTBOX: &str = "certa_outbox_messages";

/// Durations are folded into the histogram's buckets every this many requests (and at
/// each scrape), so memory stays bounded when nobody scrapes.
const UPKEEP_EVERY: u64 = 1024;

/// Who may read `/metrics` on one listening address. Metrics count across tenants, so
/// they are never open on the public address without a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricsAccess {
    /// Not served on this address (404, as for any unknown path).
    Hidden,
    /// Served to whoever reaches the address (the separate metrics address).
    Open,
    /// Served to `Authorization: Bearer <token>`; holds the hex SHA-256 of the token.
    Token(String),
}

impl MetricsAccess {
    /// Access for a configured token.
    pub fn token(token: &str) -> Self {
        Self::Token(certa_service::secrets::token_hash(token))
    }
}

/// The method label: one of a fixed set, anything else `other`, so arbitrary methods
/// cannot create new series.
pub fn method_label(method: &actix_web::http::Method) -> &'static str {
    use actix_web::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Request counters and durations by method, route pattern and status, the uptime and
/// the outbox by status.
pub struct Metrics {
    started: Instant,
    recorder: PrometheusRecorder,
    observed: AtomicU64,
    /// Outbox statuses reported so far: one that has no rows any more reads 0.
    outbox_statuses: Mutex<BTreeSet<String>>,
}

impl Default for Metrics {
    fn default() -> Self {
        let builder = PrometheusBuilder::new();
        let recorder = builder
            .set_buckets_for_metric(Matcher::Full(DURATION.into()), &BUCKETS)
            // Only refused for empty buckets, which these are not.
            .unwrap_or_else(|_| PrometheusBuilder::new())
            .build_recorder();
        metrics::with_local_recorder(&recorder, || {
            metrics::describe_gauge!(UPTIME, "Seconds since the process started.");
            metrics::describe_counter!(REQUESTS, "HTTP requests by method, route and status.");
            metrics::describe_histogram!(DURATION, "HTTP request durations.");
            metrics::describe_gauge!(OUTBOX, "Outbox rows by status, all tenants.");
        });
        Self {
            started: Instant::now(),
            recorder,
            observed: AtomicU64::new(0),
            outbox_statuses: Mutex::new(BTreeSet::new()),
        }
    }
}

impl Metrics {
    /// Records one finished request.
    pub fn observe(&self, method: &str, route: &str, status: u16, secs: f64) {
        let labels = [
            ("method", method.to_string()),
            ("route", route.to_string()),
            ("status", status.to_string()),
        ];
        metrics::with_local_recorder(&self.recorder, || {
            metrics::counter!(REQUESTS, &labels).increment(1);
            metrics::histogram!(DURATION, &labels).record(secs);
        });
        if self.observed.fetch_add(1, Ordering::Relaxed) % UPKEEP_EVERY == UPKEEP_EVERY - 1 {
            self.recorder.handle().run_upkeep();
        }
    }

    /// Renders the exposition text, with the outbox counts when they could be read.
    pub fn render(&self, outbox: Option<&[(String, i64)]>) -> String {
        metrics::with_local_recorder(&self.recorder, || {
            metrics::gauge!(UPTIME).set(self.started.elapsed().as_secs_f64());
            if let (Some(rows), Ok(mut seen)) = (outbox, self.outbox_statuses.lock()) {
                seen.extend(rows.iter().map(|(status, _)| status.clone()));
                for status in seen.iter() {
                    let n = rows
                        .iter()
                        .find(|(s, _)| s == status)
                        .map_or(0, |(_, n)| *n);
                    metrics::gauge!(OUTBOX, "status" => status.clone()).set(n as f64);
                }
            }
        });
        let handle = self.recorder.handle();
        handle.run_upkeep();
        handle.render()
    }
}

/// Middleware body: times a request and records it under its route pattern (not the
/// raw path, so ids do not explode the label space).
pub async fn track<B: MessageBody>(
    req: ServiceRequest,
    next: actix_web::middleware::Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let start = Instant::now();
    let method = method_label(req.method());
    let metrics = req
        .app_data::<actix_web::web::Data<crate::AppState>>()
        .map(|s| s.metrics.clone());
    let pattern = {
        use actix_web::HttpMessage;
        req.extensions()
            .get::<crate::telemetry::RoutePattern>()
            .map(|p| p.0.clone())
    };
    let res = next.call(req).await?;
    if let Some(m) = metrics {
        let route = pattern.unwrap_or_else(|| {
            std::sync::Arc::from(
                res.request()
                    .match_pattern()
                    .unwrap_or_else(|| "unmatched".to_string()),
            )
        });
        m.observe(
            method,
            &route,
            res.status().as_u16(),
            start.elapsed().as_secs_f64(),
        );
    }
    Ok(res)
}

/// Middleware body: copies the request id into the `x-request-id` response header.
pub async fn request_id_header<B: MessageBody>(
    req: ServiceRequest,
    next: actix_web::middleware::Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    use actix_web::HttpMessage;
    let id = req
        .extensions()
        .get::<tracing_actix_web::RequestId>()
        .map(|r| r.to_string());
    let mut res = next.call(req).await?;
    if let Some(id) = id
        && let Ok(v) = actix_web::http::header::HeaderValue::from_str(&id)
    {
        res.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("x-request-id"),
            v,
        );
    }
    Ok(res)
}

/// Middleware body: counts the SQL statements the request sent and reports them in the
/// `x-certa-sql-statements` response header (installed only when configured, see
/// `CERTA_SQL_COUNT_HEADER`).
pub async fn sql_statements_header<B: MessageBody>(
    req: ServiceRequest,
    next: actix_web::middleware::Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let (res, n) = certa_service::ops::count_statements(next.call(req)).await;
    let mut res = res?;
    res.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("x-certa-sql-statements"),
        actix_web::http::header::HeaderValue::from(n),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::Metrics;

    #[test]
    fn requests_render_as_prometheus_text_per_application() {
        let m = Metrics::default();
        let other = Metrics::default();
        m.observe("GET", "/api/v1/me", 200, 0.003);
        m.observe("GET", "/api/v1/me", 200, 0.2);
        let text = m.render(Some(&[("pending".into(), 2)]));
        assert!(
            text.contains(
                "certa_http_requests_total{method=\"GET\",route=\"/api/v1/me\",status=\"200\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains("# TYPE certa_http_request_duration_seconds histogram"));
        assert!(text.contains(
            "certa_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/me\",status=\"200\",le=\"0.005\"} 1"
        ), "{text}");
        assert!(
            text.contains("certa_outbox_messages{status=\"pending\"} 2"),
            "{text}"
        );
        assert!(text.contains("certa_uptime_seconds "), "{text}");
        // A status without rows any more reads 0; the other application counted nothing.
        let text = m.render(Some(&[]));
        assert!(
            text.contains("certa_outbox_messages{status=\"pending\"} 0"),
            "{text}"
        );
        assert!(!other.render(None).contains("certa_http_requests_total{"));
    }
}
