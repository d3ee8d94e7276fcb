//! `/api/v1/audit-events`.

use super::ts;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, get, web};
use certa_service::records::{AuditEvent, Integrity};
use certa_service::trail;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One audit event.
#[derive(Serialize, ToSchema)]
pub struct EventOut {
    pub seq: i64,
    pub id: uuid::Uuid,
    pub occurred_at: String,
    pub actor_id: Option<uuid::Uuid>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub data: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

impl From<AuditEvent> for EventOut {
    fn from(e: AuditEvent) -> Self {
        Self {
            seq: e.seq,
            id: e.id,
            occurred_at: ts(e.occurred_at),
            actor_id: e.actor_id,
            actor: e.actor_label,
            action: e.action,
            subject: e.subject,
            data: e.data,
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

/// A page of events, newest first.
#[derive(Serialize, ToSchema)]
pub struct EventPage {
    pub events: Vec<EventOut>,
    /// Pass as `before` to get the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

/// Paging.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventQuery {
    /// Only events with a sequence number below this.
    pub before: Option<i64>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// The result of checking the chain.
#[derive(Serialize, ToSchema)]
pub struct IntegrityOut {
    pub intact: bool,
    pub events: Option<i64>,
    pub broken_at_seq: Option<i64>,
    pub reason: Option<String>,
}

/// The tenant's audit trail (admins).
#[utoipa::path(get, path = "/api/v1/audit-events", tag = "audit", params(EventQuery),
    responses((status = 200, body = EventPage), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/audit-events")]
pub async fn list_events(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ViewAuditTrail>,
    q: web::Query<EventQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = certa_domain::values::page_limit("limit", q.limit, 50, trail::MAX_PAGE)
        .map_err(certa_service::ServiceError::from)?;
    let list = trail::events(&st.ctx, &p.0, q.before, limit).await?;
    let next_before = if list.len() as u64 >= limit {
        list.last().map(|e| e.seq)
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(EventPage {
        events: list.into_iter().map(EventOut::from).collect(),
        next_before,
    }))
}

/// Check the hash chain of the tenant's audit trail.
#[utoipa::path(get, path = "/api/v1/audit-events/verify", tag = "audit",
    responses((status = 200, body = IntegrityOut)), security(("bearer" = [])))]
#[get("/audit-events/verify")]
pub async fn verify_events(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    let out = match trail::verify(&st.ctx, &p.0).await? {
        Integrity::Intact { events } => IntegrityOut {
            intact: true,
            events: Some(events),
            broken_at_seq: None,
            reason: None,
        },
        Integrity::Broken { seq, reason } => IntegrityOut {
            intact: false,
            events: None,
            broken_at_seq: Some(seq),
            reason: Some(reason),
        },
    };
    Ok(HttpResponse::Ok().json(out))
}
