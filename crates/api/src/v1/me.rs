//! `GET /api/v1/me`.

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, get, put, web};
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
    /// The caller's own time zone for pages and mails (`null`: their body's).
    pub time_zone: Option<String>,
    /// The caller's own language for pages and mails, `en` or `de` (`null`: their body's).
    pub language: Option<String>,
}

/// A change of the caller's own time zone, language or both: a member left out keeps its
/// value, `""` (or `null`) clears it (the body's applies again).
#[derive(serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesIn {
    /// An IANA time zone; 422 `invalid_time_zone` otherwise.
    #[serde(default, deserialize_with = "cleared")]
    pub time_zone: Option<String>,
    /// `en` or `de`; 422 `invalid_language` otherwise.
    #[serde(default, deserialize_with = "cleared")]
    pub language: Option<String>,
}

/// A present member: its text, `null` read as `""` (clear); an absent one stays `None`.
fn cleared<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Some(
        <Option<String> as serde::Deserialize>::deserialize(d)?.unwrap_or_default(),
    ))
}

/// The caller's own choices after a change.
#[derive(Serialize, ToSchema)]
pub struct PreferencesOut {
    pub time_zone: Option<String>,
    pub language: Option<String>,
}

/// Change the caller's own time zone, language or both (within the body the request acts
/// in): both are checked before either changes.
#[utoipa::path(put, path = "/api/v1/me/preferences", tag = "identity", request_body = PreferencesIn,
    responses((status = 200, body = PreferencesOut), (status = 401, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/me/preferences")]
pub async fn put_preferences(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    body: crate::json::ApiJson<PreferencesIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let (time_zone, language) = certa_service::settings::set_own_preferences(
        &st.ctx,
        &p.0,
        b.time_zone.as_deref(),
        b.language.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(PreferencesOut {
        time_zone,
        language: language.map(str::to_string),
    }))
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
        time_zone: p.user.time_zone.clone(),
        language: p.user.language.clone(),
    }))
}
