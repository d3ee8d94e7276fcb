//! A small in-process metrics registry rendered as Prometheus text.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

/// Upper bounds (seconds) of the request-duration histogram.
const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

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

/// Request counters and durations by method, route pattern and status.
pub struct Metrics {
    started: Instant,
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            series: Mutex::new(BTreeMap::new()),
        }
    }
}

impl Metrics {
    /// Records one finished request.
    pub fn observe(&self, method: &str, route: &str, status: u16, secs: f64) {
        let Ok(mut map) = self.series.lock() else {
            return;
        };
        let s = map
            .entry((method.to_string(), route.to_string(), status))
            .or_default();
        s.count += 1;
        s.sum += secs;
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                s.buckets[i] += 1;
            }
        }
    }

    /// Renders the exposition text.
    pub fn render(&self, outbox: Option<&[(String, i64)]>) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP certa_uptime_seconds Seconds since the process started."
        );
        let _ = writeln!(out, "# TYPE certa_uptime_seconds gauge");
        let _ = writeln!(
            out,
            "certa_uptime_seconds {:.3}",
            self.started.elapsed().as_secs_f64()
        );
        let _ = writeln!(
            out,
            "# HELP certa_http_requests_total HTTP requests by method, route and status."
        );
        let _ = writeln!(out, "# TYPE certa_http_requests_total counter");
        let _ = writeln!(
            out,
            "# HELP certa_http_request_duration_seconds HTTP request durations."
        );
        let _ = writeln!(out, "# TYPE certa_http_request_duration_seconds histogram");
        if let Ok(map) = self.series.lock() {
            for ((m, r, s), v) in map.iter() {
                let labels = format!(
                    "method=\"{m}\",route=\"{}\",status=\"{s}\"",
                    r.replace('"', "'")
                );
                let _ = writeln!(out, "certa_http_requests_total{{{labels}}} {}", v.count);
                for (i, b) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "certa_http_request_duration_seconds_bucket{{{labels},le=\"{b}\"}} {}",
                        v.buckets[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "certa_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                    v.count
                );
                let _ = writeln!(
                    out,
                    "certa_http_request_duration_seconds_sum{{{labels}}} {:.6}",
                    v.sum
                );
                let _ = writeln!(
                    out,
                    "certa_http_request_duration_seconds_count{{{labels}}} {}",
                    v.count
                );
            }
        }
        if let Some(rows) = outbox {
            let _ = writeln!(
                out,
                "# HELP certa_outbox_messages Outbox rows by status, all tenants."
            );
            let _ = writeln!(out, "# TYPE certa_outbox_messages gauge");
            for (status, n) in rows {
                let _ = writeln!(out, "certa_outbox_messages{{status=\"{status}\"}} {n}");
            }
        }
        out
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
    let res = next.call(req).await?;
    if let Some(m) = metrics {
        let route = res
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_string());
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
