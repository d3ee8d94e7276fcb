//! `GET /api/v1/me`.

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

/// A tenant membership of the caller.
#[derive(Serialize, ToSchema)]
pub struct MembershipOut {
    pub tenant_id: uuid::Uuid,
    pub tenant_slug: String,
    pub tenant_name: String,
    pub roles: Vec<String>,
    /// Whether requests act in this tenant now.
    pub current: bool,
}

/// The caller.
#[derive(Serialize, ToSchema)]
pub struct MeOut {
    pub id: uuid::Uuid,
    pub email: String,
    pub name: String,
    /// `session` or `token`.
    pub authenticated_by: String,
    pub memberships: Vec<MembershipOut>,
}

/// The authenticated user and their memberships.
#[utoipa::path(get, path = "/api/v1/me", tag = "identity",
    responses((status = 200, body = MeOut), (status = 401, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/me")]
pub async fn get_me(st: web::Data<AppState>, p: ApiPrincipal) -> Result<HttpResponse, ApiError> {
    let p = p.0;
    let current = p.tenant.as_ref().map(|t| t.tenant.id);
    let memberships = match &p.auth {
        certa_service::AuthKind::Token { .. } => p
            .tenant
            .iter()
            .map(|t| MembershipOut {
                tenant_id: t.tenant.id,
                tenant_slug: t.tenant.slug.clone(),
                tenant_name: t.tenant.name.clone(),
                roles: t.roles.names().into_iter().map(String::from).collect(),
                current: true,
            })
            .collect(),
        certa_service::AuthKind::Session { .. } => {
            certa_service::auth::memberships_of(&st.ctx, p.user_id())
                .await?
                .into_iter()
                .map(|(t, roles)| MembershipOut {
                    current: Some(t.id) == current,
                    tenant_id: t.id,
                    tenant_slug: t.slug,
                    tenant_name: t.name,
                    roles: roles.names().into_iter().map(String::from).collect(),
                })
                .collect()
        }
    };
    Ok(HttpResponse::Ok().json(MeOut {
        id: p.user.id,
        email: p.user.email.clone(),
        name: p.user.name.clone(),
        authenticated_by: match p.auth {
            certa_service::AuthKind::Session { .. } => "session".into(),
            certa_service::AuthKind::Token { .. } => "token".into(),
        },
        memberships,
    }))
}
