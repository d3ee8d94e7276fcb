//! `/api/docs`: the API reference, rendered from the OpenAPI document (no JavaScript).

use super::page;
use crate::AppState;
use crate::extract::MaybeSession;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde_json::{Value, json};

/// `GET /api/docs`.
#[get("/api/docs")]
pub async fn api_docs(st: web::Data<AppState>, req: HttpRequest, s: MaybeSession) -> HttpResponse {
    let doc = serde_json::to_value(crate::v1::openapi::openapi()).unwrap_or(Value::Null);
    let mut ops = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                let responses: Vec<String> = op
                    .get("responses")
                    .and_then(Value::as_object)
                    .map(|r| r.keys().cloned().collect())
                    .unwrap_or_default();
                ops.push(json!({
                    "method": method.to_uppercase(), "path": path,
                    "summary": op.get("summary").or_else(|| op.get("description")).and_then(Value::as_str).unwrap_or(""),
                    "tag": op.get("tags").and_then(|t| t.get(0)).and_then(Value::as_str).unwrap_or(""),
                    "responses": responses.join(", "),
                }));
            }
        }
    }
    let tr = super::tr(&st, &req, s.0.as_ref());
    page(
        &st,
        &req,
        s.0.as_ref(),
        "pages/api_docs",
        &tr.t("msg-docs-title"),
        "docs",
        json!({"operations": ops}),
    )
}
