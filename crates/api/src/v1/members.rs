//! `/api/v1/members` and `/api/v1/invitations`.

use super::ts;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use certa_domain::{InvitationId, MembershipId};
use certa_service::members;
use certa_service::records::Invitation;
use certa_service::records::Member;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A member of the certification body.
#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    /// The membership id.
    pub id: uuid::Uuid,
    pub user_id: uuid::Uuid,
    pub email: String,
    pub name: String,
    pub roles: Vec<String>,
    pub joined_at: String,
}

impl From<Member> for MemberOut {
    fn from(m: Member) -> Self {
        Self {
            id: m.membership.id,
            user_id: m.user.id,
            email: m.user.email,
            name: m.user.name,
            roles: m.membership.roles.split(',').map(String::from).collect(),
            joined_at: ts(m.membership.created_at),
        }
    }
}

/// An open invitation.
#[derive(Serialize, ToSchema)]
pub struct InvitationOut {
    pub id: uuid::Uuid,
    pub email: String,
    pub roles: Vec<String>,
    pub created_at: String,
    pub expires_at: String,
    pub expired: bool,
}

impl From<Invitation> for InvitationOut {
    fn from(i: Invitation) -> Self {
        Self {
            id: i.id,
            expired: i.expires_at <= chrono::Utc::now(),
            email: i.email,
            roles: i.roles.split(',').map(String::from).collect(),
            created_at: ts(i.created_at),
            expires_at: ts(i.expires_at),
        }
    }
}

/// Invite someone by email.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteIn {
    #[schema(
        pattern = "^\\s*[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]+@[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@.][^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]*\\.[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]*[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@.]\\s*$",
        max_length = 254
    )]
    pub email: String,
    /// One or more of admin, scheduler, auditor, reviewer, client, viewer.
    #[schema(value_type = Vec<super::openapi::RoleName>, min_items = 1)]
    pub roles: Vec<String>,
}

/// Replace a member's roles.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMemberIn {
    #[schema(value_type = Vec<super::openapi::RoleName>, min_items = 1)]
    pub roles: Vec<String>,
}

/// Members of the caller's certification body.
#[utoipa::path(get, path = "/api/v1/members", tag = "members",
    responses((status = 200, body = [MemberOut]), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/members")]
pub async fn list_members(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    let list = members::list(&st.ctx, &p.0).await?;
    Ok(HttpResponse::Ok().json(list.into_iter().map(MemberOut::from).collect::<Vec<_>>()))
}

/// Invite a member: stores a single-use invitation and mails its link.
#[utoipa::path(post, path = "/api/v1/members", tag = "members", request_body = InviteIn,
    responses((status = 201, body = InvitationOut), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/members")]
pub async fn invite_member(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageMembers>,
    body: crate::json::ApiJson<InviteIn>,
) -> Result<HttpResponse, ApiError> {
    let inv = members::invite(&st.ctx, &p.0, &body.email, &body.roles).await?;
    Ok(HttpResponse::Created().json(InvitationOut::from(inv)))
}

/// Change a member's roles.
#[utoipa::path(patch, path = "/api/v1/members/{id}", tag = "members", request_body = UpdateMemberIn,
    params(("id" = uuid::Uuid, Path, description = "membership id")),
    responses((status = 200, body = MemberOut), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[patch("/members/{id}")]
pub async fn update_member(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageMembers>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<UpdateMemberIn>,
) -> Result<HttpResponse, ApiError> {
    let m = members::change_roles(&st.ctx, &p.0, MembershipId(*id), &body.roles).await?;
    Ok(HttpResponse::Ok().json(MemberOut::from(m)))
}

/// Remove a member.
#[utoipa::path(delete, path = "/api/v1/members/{id}", tag = "members",
    params(("id" = uuid::Uuid, Path, description = "membership id")),
    responses((status = 204), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[delete("/members/{id}")]
pub async fn remove_member(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    members::remove(&st.ctx, &p.0, MembershipId(*id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Open invitations.
#[utoipa::path(get, path = "/api/v1/invitations", tag = "members",
    responses((status = 200, body = [InvitationOut])), security(("bearer" = [])))]
#[get("/invitations")]
pub async fn list_invitations(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    let list = members::pending_invitations(&st.ctx, &p.0).await?;
    Ok(HttpResponse::Ok().json(
        list.into_iter()
            .map(InvitationOut::from)
            .collect::<Vec<_>>(),
    ))
}

/// Revoke an open invitation (its link stops working).
#[utoipa::path(delete, path = "/api/v1/invitations/{id}", tag = "members",
    params(("id" = uuid::Uuid, Path, description = "invitation id")),
    responses((status = 204), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[delete("/invitations/{id}")]
pub async fn revoke_invitation(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    members::revoke_invitation(&st.ctx, &p.0, InvitationId(*id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
