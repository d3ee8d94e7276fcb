//! What the public verification routes share: the rate limit per client address, entity
//! tags with `If-None-Match`, and the caching headers.
//!
//! The routes (`/verify/{number}`, `/api/v1/public/certificates…`) need no login: anyone
//! may check a certificate (ISO/IEC 17021-1 8.1.3).

use crate::error::ApiError;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use certa_domain::ErrorCode;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Requests per minute and client address by default.
pub const DEFAULT_RATE_PER_MINUTE: u32 = 60;
/// Client addresses the limiter remembers at most (about 3 MiB).
pub const MAX_TRACKED: usize = 65_536;
/// How long a public answer may be cached (`Cache-Control: public, max-age=60`).
pub const MAX_AGE_SECS: u32 = 60;

const WINDOW: Duration = Duration::from_secs(60);

/// A fixed-window rate limit per client address: at most `per_minute` requests in each
/// minute that starts with an address's first request.
///
/// The count is kept in this process's memory: with several replicas behind a load
/// balancer, each replica counts on its own, so an address may send up to `per_minute`
/// requests to each of them. The client address is the one the sign-in throttling uses
/// ([`crate::forwarded::client_addr`]: the peer, or `X-Forwarded-For` from a trusted
/// proxy).
///
/// Memory is bounded: at most [`MAX_TRACKED`] addresses are remembered. When that many are
/// counted and none of their windows has ended, a new address is refused until one ends
/// (the limiter fails closed rather than forgetting the addresses it is limiting).
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    capacity: usize,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests per address and minute (at least 1).
    pub fn new(per_minute: u32) -> Self {
        Self::with_capacity(per_minute, MAX_TRACKED)
    }

    fn with_capacity(per_minute: u32, capacity: usize) -> Self {
        Self {
            per_minute: per_minute.max(1),
            capacity: capacity.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// The limit per minute.
    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Counts one request of `ip` at `now`: `Ok` when allowed, else the seconds until the
    /// address's window ends.
    pub fn check_at(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let Ok(mut windows) = self.windows.lock() else {
            // A panic while holding the lock: serve rather than refuse everyone.
            return Ok(());
        };
        let retry = |start: Instant| {
            WINDOW
                .saturating_sub(now.saturating_duration_since(start))
                .as_secs()
                .max(1)
        };
        if let Some((start, count)) = windows.get_mut(&ip) {
            if now.saturating_duration_since(*start) >= WINDOW {
                *start = now;
                *count = 1;
                return Ok(());
            }
            if *count >= self.per_minute {
                return Err(retry(*start));
            }
            *count += 1;
            return Ok(());
        }
        if windows.len() >= self.capacity {
            windows.retain(|_, (start, _)| now.saturating_duration_since(*start) < WINDOW);
            if windows.len() >= self.capacity {
                let soonest = windows
                    .values()
                    .map(|(start, _)| retry(*start))
                    .min()
                    .unwrap_or(1);
                return Err(soonest);
            }
        }
        windows.insert(ip, (now, 1));
        Ok(())
    }

    /// Counts one request of `req`'s client address now.
    pub fn check(&self, req: &HttpRequest) -> Result<(), ApiError> {
        let ip = crate::forwarded::client_addr(req).unwrap_or(IpAddr::from([0, 0, 0, 0]));
        self.check_at(ip, Instant::now()).map_err(|secs| ApiError {
            retry_after: Some(i64::try_from(secs).unwrap_or(60)),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                format!(
                    "more than {} requests a minute from this address; try again in {secs} s",
                    self.per_minute
                ),
            )
        })
    }
}

/// Rendered answers of the public look-ups (the JSON, the page, the credential), keyed by
/// their entity tag: an answer is rendered once per version of the registry row, and every
/// later look-up of that version sends the same bytes. The tag changes with every write of
/// the row (see `PublicView::etag`), so a changed certificate is never answered from an old
/// rendering, and old renderings simply age out. Bounded by size; off when built with 0.
#[derive(Clone, Default)]
pub struct Rendered {
    bodies: Option<moka::sync::Cache<String, bytes::Bytes>>,
}

impl std::fmt::Debug for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendered")
            .field("entries", &self.bodies.as_ref().map(|c| c.entry_count()))
            .finish()
    }
}

/// Longest time a rendered answer is kept.
const RENDERED_TIME_TO_LIVE: Duration = Duration::from_secs(600);

impl Rendered {
    /// A cache of at most `bytes` of rendered answers; 0 keeps nothing.
    pub fn with_capacity(bytes: u64) -> Self {
        Self {
            bodies: (bytes > 0).then(|| {
                moka::sync::Cache::builder()
                    .max_capacity(bytes)
                    .weigher(|k: &String, v: &bytes::Bytes| {
                        u32::try_from(k.len() + v.len() + 64).unwrap_or(u32::MAX)
                    })
                    .time_to_live(RENDERED_TIME_TO_LIVE)
                    .build()
            }),
        }
    }

    /// The answer tagged `etag`: the kept rendering, or `render`'s (then kept).
    pub fn get_or_render<E>(
        &self,
        etag: &str,
        render: impl FnOnce() -> Result<bytes::Bytes, E>,
    ) -> Result<bytes::Bytes, E> {
        let Some(bodies) = &self.bodies else {
            return render();
        };
        if let Some(b) = bodies.get(etag) {
            return Ok(b);
        }
        let b = render()?;
        bodies.insert(etag.to_owned(), b.clone());
        Ok(b)
    }
}

/// Whether the request's `If-None-Match` names `etag` (or `*`).
pub fn not_modified(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t == etag || t.strip_prefix("W/") == Some(etag))
}

/// Adds `ETag` and `Cache-Control` to an answer.
pub fn cached(b: &mut HttpResponseBuilder, etag: &str) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        b.insert_header((header::ETAG, v));
    }
    b.insert_header((
        header::CACHE_CONTROL,
        format!("public, max-age={MAX_AGE_SECS}"),
    ));
}

/// Adds `ETag` and `Cache-Control` to a built answer.
pub fn mark(r: &mut HttpResponse, etag: &str) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={MAX_AGE_SECS}")) {
        r.headers_mut().insert(header::CACHE_CONTROL, v);
    }
}

/// `304 Not Modified` with the tag and caching headers, when the client has `etag`.
pub fn unchanged(req: &HttpRequest, etag: &str) -> Option<HttpResponse> {
    not_modified(req, etag).then(|| {
        let mut b = HttpResponse::NotModified();
        cached(&mut b, etag);
        b.finish()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minute_of_requests_per_address_then_429_until_the_window_ends() {
        let l = RateLimiter::new(3);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.check_at(a, t0).is_ok());
        }
        let wait = l.check_at(a, t0 + Duration::from_secs(20)).unwrap_err();
        assert_eq!(wait, 40);
        assert!(
            l.check_at(b, t0).is_ok(),
            "another address has its own count"
        );
        assert!(l.check_at(a, t0 + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn memory_is_bounded_and_ended_windows_are_forgotten() {
        let l = RateLimiter::with_capacity(5, 2);
        let t0 = Instant::now();
        let ip = |n: u8| IpAddr::from([198, 51, 100, n]);
        assert!(l.check_at(ip(1), t0).is_ok());
        assert!(l.check_at(ip(2), t0 + Duration::from_secs(30)).is_ok());
        // Full, and no window has ended: a new address waits for the soonest end.
        assert_eq!(l.check_at(ip(3), t0 + Duration::from_secs(40)), Err(20));
        // The first window ended: it is forgotten and the new address counted.
        assert!(l.check_at(ip(3), t0 + Duration::from_secs(61)).is_ok());
        assert!(l.windows.lock().unwrap().len() <= 2);
    }

    #[test]
    fn a_rendering_is_kept_per_tag_and_not_at_all_without_capacity() {
        let kept = Rendered::with_capacity(1 << 20);
        let mut renders = 0;
        for _ in 0..3 {
            let b = kept
                .get_or_render::<()>("\"a\"", || {
                    renders += 1;
                    Ok(bytes::Bytes::from_static(b"{}"))
                })
                .unwrap();
            assert_eq!(&b[..], b"{}");
        }
        assert_eq!(renders, 1, "one rendering per tag");
        let b = kept
            .get_or_render::<()>("\"b\"", || Ok(bytes::Bytes::from_static(b"[]")))
            .unwrap();
        assert_eq!(&b[..], b"[]", "another tag is rendered anew");

        let off = Rendered::with_capacity(0);
        let mut renders = 0;
        for _ in 0..2 {
            off.get_or_render::<()>("\"a\"", || {
                renders += 1;
                Ok(bytes::Bytes::new())
            })
            .unwrap();
        }
        assert_eq!(renders, 2);
        assert!(
            kept.get_or_render::<&str>("\"c\"", || Err("failed"))
                .is_err(),
            "a failed rendering is not kept"
        );
        assert!(kept.bodies.as_ref().unwrap().get("\"c\"").is_none());
    }

    #[test]
    fn if_none_match_lists_and_wildcards() {
        use actix_web::test::TestRequest;
        let tag = "\"abc\"";
        let r = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, "\"x\", W/\"abc\""))
            .to_http_request();
        assert!(not_modified(&r, tag));
        let r = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, "\"x\""))
            .to_http_request();
        assert!(!not_modified(&r, tag));
        let r = TestRequest::default().to_http_request();
        assert!(!not_modified(&r, tag));
    }
}
