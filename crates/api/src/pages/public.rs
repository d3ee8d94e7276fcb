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
use certa_service::certification::long_date;
use certa_service::certification::public::{self as registry, PublicView};
use serde_json::{Value, json};

fn html(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body)
}

/// The page with `status`, or a 500 when it cannot be rendered (logged).
fn render(st: &AppState, status: StatusCode, template: &str, data: Value) -> HttpResponse {
    match st.renderer.render(template, data) {
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
fn data(st: &AppState, v: &PublicView) -> Value {
    let r = &v.record;
    let url = &st.ctx.config.public_url;
    let status = v.status;
    let sites: Vec<PublicSite> = parse(&r.sites);
    let standards: Vec<PublicStandard> = parse(&r.standards);
    let accreditations: Vec<PublicAccreditation> = parse(&r.accreditations);
    let current = v.current_display_number();
    json!({
        "title": format!("Certificate {}", v.display_number()),
        "number": v.display_number(),
        "status": {
            "name": status.as_str(),
            "label": status.label(),
            "meaning": status.meaning(),
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
        "effective": long_date(r.effective_date),
        "expiry": long_date(r.expiry_date),
        "original": long_date(r.original_date),
        "body": {"name": r.body_name, "address": r.body_address, "email": r.body_email},
        "as_of": r.as_of.format("%-d %B %Y, %H:%M:%S UTC").to_string(),
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
    let v = match registry::lookup(&st.ctx, &number, crate::forwarded::client_addr(&req)).await {
        Ok(v) => v,
        Err(ServiceError::NotFound { .. }) => {
            return render(
                &st,
                StatusCode::NOT_FOUND,
                "pages/verify_unknown",
                json!({"title": "No such certificate", "number": number.as_str()}),
            );
        }
        Err(e) => return ApiError::from(e).into_response(),
    };
    let etag = v.etag("html");
    if let Some(r) = unchanged(&req, &etag) {
        return r;
    }
    let page = st.public_rendered.get_or_render(&etag, || {
        st.renderer
            .render("pages/verify", data(&st, &v))
            .map(bytes::Bytes::from)
    });
    match page {
        Ok(body) => {
            let mut r = HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body(body);
            mark(&mut r, &etag);
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
