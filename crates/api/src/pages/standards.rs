//! The standards catalogue pages: the editions, and each edition's clauses and controls.

use super::{Signed, page};
use crate::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use serde_json::json;

/// `GET /standards`.
#[get("/standards")]
pub async fn list_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    let rows: Vec<_> = st
        .catalogue
        .standards()
        .iter()
        .map(|s| {
            json!({"code": s.code, "title": s.title, "clauses": s.clauses_flat().len(), "controls": s.control_count(),
                "link": serde_urlencoded::to_string([("code", s.code.as_str())]).unwrap_or_default()})
        })
        .collect();
    let tr = super::tr(&st, &req, Some(&p));
    page(
        &st,
        &req,
        Some(&p),
        "pages/standards",
        &tr.t("msg-standards-title"),
        "standards",
        json!({"standards": rows}),
    )
}

/// Which edition.
#[derive(Deserialize)]
pub struct CodeQuery {
    code: String,
}

/// `GET /standards/edition?code=…`.
#[get("/standards/edition")]
pub async fn edition_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    q: web::Query<CodeQuery>,
) -> HttpResponse {
    let Some(s) = st.catalogue.get(q.code.trim()) else {
        let tr = super::tr(&st, &req, Some(&p));
        return super::page_with_status(
            &st,
            &req,
            Some(&p),
            actix_web::http::StatusCode::NOT_FOUND,
            &tr.t("msg-standards-not-found-title"),
            &tr.t("msg-standards-not-found"),
        );
    };
    let clauses: Vec<_> = s
        .clauses_flat()
        .iter()
        .map(|c| json!({"number": c.clause.number, "title": c.clause.title, "depth": c.depth(), "top": c.depth() <= 1}))
        .collect();
    let controls: Vec<_> = s
        .controls_flat()
        .iter()
        .map(|c| json!({"number": c.control.number, "title": c.control.title,
            "group": c.groups.last().map(|g| format!("{} {}", g.number, g.title)).unwrap_or_default()}))
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/standard",
        &s.code,
        "standards",
        json!({"code": s.code, "title": s.title, "clauses": clauses, "controls": controls,
            "annex": s.annex_a.as_ref().map(|a| a.title.clone())}),
    )
}
