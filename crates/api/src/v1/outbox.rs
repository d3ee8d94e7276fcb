//! `/api/v1/outbox`: the tenant's mail queue (admins).

use super::ts;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, get, post, web};
use certa_domain::OutboxId;
use certa_domain::outbox::OutboxStatus;
use certa_service::records::OutboxRow;
use certa_service::trail;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// One queued mail (its content is not shown: it may hold a link token).
#[derive(Serialize, ToSchema)]
pub struct OutboxOut {
    pub id: uuid::Uuid,
    pub kind: String,
    pub recipient: String,
    /// pending, sent or dead.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

impl From<OutboxRow> for OutboxOut {
    fn from(r: OutboxRow) -> Self {
        Self {
            id: r.id,
            next_attempt_at: (r.status == OutboxStatus::Pending).then(|| ts(r.run_after)),
            kind: r.kind.to_string(),
            recipient: r.recipient,
            status: r.status.to_string(),
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: ts(r.created_at),
            sent_at: r.sent_at.map(ts),
        }
    }
}

/// Filter.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutboxQuery {
    /// pending, sent or dead.
    #[param(pattern = "^(pending|sent|dead)$")]
    pub status: Option<String>,
}

/// The tenant's outbox, newest first.
#[utoipa::path(get, path = "/api/v1/outbox", tag = "outbox", params(OutboxQuery),
    responses((status = 200, body = [OutboxOut]), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/outbox")]
pub async fn list_outbox(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageOutbox>,
    q: web::Query<OutboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let list = trail::outbox(&st.ctx, &p.0, q.status.as_deref()).await?;
    Ok(HttpResponse::Ok().json(list.into_iter().map(OutboxOut::from).collect::<Vec<_>>()))
}

/// Retry a dead mail.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/retry", tag = "outbox",
    params(("id" = uuid::Uuid, Path, description = "outbox id")),
    responses((status = 202), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/outbox/{id}/retry")]
pub async fn retry_outbox(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    trail::retry(&st.ctx, &p.0, OutboxId(*id)).await?;
    Ok(HttpResponse::Accepted().finish())
}
