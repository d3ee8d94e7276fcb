//! `/verify/{number}`: the public page of a certificate, which the QR code on the
//! certificate's PDF opens. No login, no navigation of the signed-in pages; the status in
//! words and colour, every published field, the time the record last changed, and the
//! certification body's contact. Limited per client address like the public API.

use crate::AppState;
use crate::error::ApiError;
use crate::public::{mark, unchanged};
use crate::v1::public::{PublicAccreditation, PublicSite, PublicStandard, number_path};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use certa_domain::public::PublicStatus;
use certa_service::ServiceError;
use certa_service::certification::public::{self as registry, PublicView};
use serde_json::{Value, json};

use crate::render::{Lang, format};

fn html(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// The page with `status`, or a 500 when it cannot be rendered (logged).
fn render(
    st: &AppState,
    lang: Lang,
    status: StatusCode,
    template: &str,
    data: Value,
) -> HttpResponse {
    match st.renderer.render(lang, template, data) {
        Ok(body) => html(status, body),
        Err(e) => {
            tracing::error!(error = %e, "page rendering failed");
            html(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The page could not be rendered; the error has been logged.".into(),
            )
        }
    }
}

fn parse<T: for<'de> serde::Deserialize<'de>>(v: &Value) -> Vec<T> {
    serde_json::from_value(v.clone()).unwrap_or_default()
}

/// What the page shows.
fn data(st: &AppState, lang: Lang, v: &PublicView) -> Value {
    let tr = st.renderer.tr(lang);
    let long = |d| format::long_day(lang, d);
    let r = &v.record;
    let url = &st.ctx.config.public_url;
    let status = v.status;
    let sites: Vec<PublicSite> = parse(&r.sites);
    let standards: Vec<PublicStandard> = parse(&r.standards);
    let accreditations: Vec<PublicAccreditation> = parse(&r.accreditations);
    let current = v.current_display_number();
    json!({
        "title": tr.f("msg-public-title", &[("number", v.display_number().into())]),
        "number": v.display_number(),
        "status": {
            "name": status.as_str(),
            "label": tr.t(&format!("msg-public-status-{}", status.as_str())),
            "meaning": tr.t(&format!("msg-public-status-{}-meaning", status.as_str())),
            "class": if status == PublicStatus::Superseded { "superseded" } else { status.as_str() },
        },
        "superseded": status == PublicStatus::Superseded,
        "current": {"number": current, "page": format!("/verify/{}", number_path(&current))},
        "holder": {"name": r.holder_name, "location": r.holder_location},
        "sites": sites.iter().map(|s| json!({"name": s.name, "location": s.location, "scope": s.scope})).collect::<Vec<_>>(),
        "multi_site": sites.len() > 1,
        "scope": r.scope,
        "standards": standards.iter().map(|s| json!({"code": s.code, "title": s.title})).collect::<Vec<_>>(),
        "accreditations": accreditations.iter().map(|a| json!({"standard": a.standard, "body": a.body, "number": a.number})).collect::<Vec<_>>(),
        "revision": v.revision,
        "effective": long(r.effective_date),
        "expiry": long(r.expiry_date),
        "original": long(r.original_date),
        "body": {"name": r.body_name, "address": r.body_address, "email": r.body_email},
        "as_of": format!("{}, {}", long(r.as_of.date_naive()), r.as_of.format("%H:%M:%S UTC")),
        "as_of_iso": crate::v1::ts(r.as_of),
        "json": format!("{url}/api/v1/public/certificates/{}", number_path(&v.display_number())),
        "signed": (status != PublicStatus::Superseded && r.credential.is_some()).then(|| {
            let issuer = r
                .credential
                .as_ref()
                .and_then(|c| c.get("issuer"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            let base = format!("/api/v1/public/certificates/{}", number_path(&v.display_number()));
            json!({
                "json": format!("{base}/credential"),
                "jwt": format!("{base}/credential.jwt"),
                "keys": format!("{issuer}/.well-known/jwks.json"),
            })
        }),
    })
}

/// `GET /verify/{number}` (also `/verify/{number}/R{n}`).
#[get("/verify/{number:.+}")]
pub async fn verify_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    number: web::Path<String>,
) -> HttpResponse {
    if let Err(e) = st.public_limit.check(&req) {
        return e.into_response();
    }
    // The page speaks the browser's language; caches keep one copy per language.
    let lang = super::browser_lang(&req).unwrap_or_default();
    let v = match registry::lookup(&st.ctx, &number, crate::forwarded::client_addr(&req)).await {
        Ok(v) => v,
        Err(ServiceError::NotFound { .. }) => {
            let title = st.renderer.tr(lang).t("msg-public-unknown-title");
            return render(
                &st,
                lang,
                StatusCode::NOT_FOUND,
                "pages/verify_unknown",
                json!({"title": title, "number": number.as_str()}),
            );
        }
        Err(e) => return ApiError::from(e).into_response(),
    };
    let etag = v.etag(&format!("html-{}", lang.code()));
    if let Some(r) = unchanged(&req, &etag) {
        return r;
    }
    let page = st.public_rendered.get_or_render(&etag, || {
        st.renderer
            .render(lang, "pages/verify", data(&st, lang, &v))
            .map(bytes::Bytes::from)
    });
    match page {
        Ok(body) => {
            let mut r = HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body(body);
            mark(&mut r, &etag);
            r.headers_mut().insert(
                actix_web::http::header::VARY,
                actix_web::http::header::HeaderValue::from_static("accept-language"),
            );
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "page rendering failed");
            html(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The page could not be rendered; the error has been logged.".into(),
            )
        }
    }
}
