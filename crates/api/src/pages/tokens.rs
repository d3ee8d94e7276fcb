//! The API tokens page.

use super::{NoFields, SessionForm, page, to_login};
use crate::AppState;
use crate::extract::MaybeSession;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::TokenId;
use certa_service::tokens;
use serde::Deserialize;
use serde_json::json;

fn fmt(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

async fn render(
    st: &AppState,
    req: &HttpRequest,
    p: &certa_service::Principal,
    created: Option<(String, String)>,
) -> HttpResponse {
    let list = match tokens::list(&st.ctx, p).await {
        Ok(l) => l,
        Err(e) => return super::service_error(st, req, p, "/", e),
    };
    let rows: Vec<_> = list
        .into_iter()
        .map(|t| json!({
            "id": t.id, "label": t.label, "prefix": t.token_prefix, "created": fmt(t.created_at),
            "last_used": t.last_used_at.map(fmt), "revoked": t.revoked_at.map(fmt),
        }))
        .collect();
    let tr = super::tr(st, req, Some(p));
    let mut r = page(
        st,
        req,
        Some(p),
        "pages/tokens",
        &tr.t("msg-tokens-title"),
        "tokens",
        json!({"tokens": rows, "created": created.map(|(label, secret)| json!({"label": label, "secret": secret}))}),
    );
    r.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    r
}

/// `GET /tokens`.
#[get("/tokens")]
pub async fn page_tokens(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st, &req);
    };
    render(&st, &req, &p, None).await
}

/// The create form.
#[derive(Deserialize)]
pub struct CreateForm {
    label: String,
}

/// `POST /tokens`: shows the new secret once, on this response only (not via redirect,
/// so it is never stored in a cookie or a URL).
#[post("/tokens")]
pub async fn create(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<CreateForm>,
) -> HttpResponse {
    let SessionForm { p, f: form } = form;
    match tokens::create(&st.ctx, &p, &form.label).await {
        Ok(c) => render(&st, &req, &p, Some((c.token.label, c.secret))).await,
        Err(e) => super::service_error(&st, &req, &p, "/tokens", e),
    }
}

/// `POST /tokens/{id}/revoke`.
#[post("/tokens/{id}/revoke")]
pub async fn revoke(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let result = tokens::revoke(&st.ctx, &p, TokenId(*id)).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/tokens", result, |()| {
        tr.t("msg-tokens-revoked")
    })
}
