//! Admin pages: the audit trail with its integrity, and the outbox.

use super::{NoFields, SessionForm, page, to_login};
use crate::AppState;
use crate::extract::MaybeSession;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::OutboxId;
use certa_domain::outbox::OutboxStatus;
use certa_service::records::Integrity;
use certa_service::trail;
use serde::Deserialize;
use serde_json::json;

/// Paging of the trail page.
#[derive(Deserialize)]
pub struct TrailQuery {
    before: Option<i64>,
}

/// Events per page on the trail page.
const PAGE_SIZE: u64 = 50;

/// `GET /audit`.
#[get("/audit")]
pub async fn audit_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
    q: web::Query<TrailQuery>,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st, &req);
    };
    let events = match trail::events(&st.ctx, &p, q.before, PAGE_SIZE).await {
        Ok(e) => e,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let integrity = match trail::verify(&st.ctx, &p).await {
        Ok(Integrity::Intact { events }) => json!({"intact": true, "events": events}),
        Ok(Integrity::Broken { seq, reason }) => {
            json!({"intact": false, "seq": seq, "reason": reason})
        }
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let next = (events.len() as u64 == PAGE_SIZE)
        .then(|| events.last().map(|e| e.seq))
        .flatten();
    let rows: Vec<_> = events
        .into_iter()
        .map(|e| {
            json!({
                "seq": e.seq, "at": super::when_exact(&p, e.occurred_at),
                "actor": e.actor_label, "action": e.action, "subject": e.subject,
                "data": certa_domain::audit::canonical_json(&e.data), "hash": &e.hash[..12],
            })
        })
        .collect();
    let tr = super::tr(&st, &req, Some(&p));
    page(
        &st,
        &req,
        Some(&p),
        "pages/audit",
        &tr.t("msg-admin-trail-title"),
        "audit",
        json!({"events": rows, "integrity": integrity, "next_before": next}),
    )
}

/// Filter of the outbox page.
#[derive(Deserialize)]
pub struct OutboxQuery {
    status: Option<String>,
}

/// `GET /outbox`.
#[get("/outbox")]
pub async fn outbox_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
    q: web::Query<OutboxQuery>,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st, &req);
    };
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    let rows = match trail::outbox(&st.ctx, &p, status).await {
        Ok(r) => r,
        Err(e) => return super::service_error(&st, &req, &p, "/outbox", e),
    };
    let tr = super::tr(&st, &req, Some(&p));
    let fmt = |t: chrono::DateTime<chrono::Utc>| super::when_exact(&p, t);
    let list: Vec<_> = rows
        .into_iter()
        .map(|r| json!({
            "id": r.id, "kind": r.kind, "recipient": r.recipient, "status": tr.label(r.status),
            "dead": r.status == OutboxStatus::Dead, "attempts": r.attempts, "error": r.last_error,
            "created": fmt(r.created_at), "next": (r.status == OutboxStatus::Pending).then(|| fmt(r.run_after)),
            "sent": r.sent_at.map(fmt),
        }))
        .collect();
    // The chosen status in words (the template only tests it for emptiness).
    let status_label = status.map_or_else(String::new, |s| {
        s.parse::<OutboxStatus>()
            .map_or_else(|_| s.to_string(), |v| tr.label(v))
    });
    page(
        &st,
        &req,
        Some(&p),
        "pages/outbox",
        &tr.t("msg-admin-outbox-title"),
        "outbox",
        json!({"rows": list, "status": status_label,
            "status_options": OutboxStatus::VARIANTS.iter().map(|s| json!({"value": s.as_str(), "label": tr.label(*s), "selected": status == Some(s.as_str())})).collect::<Vec<_>>()}),
    )
}

/// `POST /outbox/{id}/retry`.
#[post("/outbox/{id}/retry")]
pub async fn outbox_retry(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let result = trail::retry(&st.ctx, &p, OutboxId(*id)).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/outbox", result, |()| {
        tr.t("msg-admin-outbox-retried")
    })
}
