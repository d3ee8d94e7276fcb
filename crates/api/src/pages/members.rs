//! The members page: list, invite, change roles, remove, revoke invitations.

use super::{Fields, NoFields, SessionForm, page, to_login};
use crate::AppState;
use crate::extract::MaybeSession;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::{Action, InvitationId, MembershipId, Role};
use certa_service::members;
use serde_json::json;

/// The labels of stored role names (`admin,auditor`), in the reader's language, joined
/// by commas; a name that is no role stays as it is.
fn role_labels(tr: &crate::render::Tr<'_>, roles: &str) -> String {
    roles
        .split(',')
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.parse::<Role>()
                .map_or_else(|_| r.to_string(), |r| tr.label(r))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `GET /members`.
#[get("/members")]
pub async fn page_members(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st, &req);
    };
    let list = match members::list(&st.ctx, &p).await {
        Ok(l) => l,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let can_manage = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ManageMembers));
    let invitations = if can_manage {
        super::panel(
            "pending invitations",
            members::pending_invitations(&st.ctx, &p).await,
        )
    } else {
        Vec::new()
    };
    let tr = super::tr(&st, &req, Some(&p));
    let now = chrono::Utc::now();
    let me = p.tenant.as_ref().map(|t| t.membership.id);
    let ids: Vec<uuid::Uuid> = list.iter().map(|m| m.user.id).collect();
    let enrolled = if can_manage {
        super::panel(
            "second factors",
            certa_service::mfa::enrolled_among(&st.ctx, &ids).await,
        )
    } else {
        Vec::new()
    };
    let rows: Vec<_> = list
        .into_iter()
        .map(|m| {
            let roles: Vec<&str> = m.membership.roles.split(',').collect();
            json!({
                "id": m.membership.id, "name": m.user.name, "email": m.user.email,
                "roles": role_labels(&tr, &m.membership.roles),
                "is_me": Some(m.membership.id) == me,
                "second_factor": enrolled.contains(&m.user.id),
                "role_options": Role::ALL.iter().map(|r| json!({"name": r.as_str(), "label": tr.label(*r), "checked": roles.contains(&r.as_str())})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let inv: Vec<_> = invitations
        .into_iter()
        .map(|i| {
            json!({
                "id": i.id, "email": i.email, "roles": role_labels(&tr, &i.roles),
                "expires": super::when(&p, i.expires_at),
                "expired": i.expires_at <= now,
            })
        })
        .collect();
    let role_options: Vec<_> = Role::ALL
        .iter()
        .map(|r| json!({"name": r.as_str(), "label": tr.label(*r)}))
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/members",
        &tr.t("msg-members-title"),
        "members",
        json!({"members": rows, "invitations": inv, "role_options": role_options}),
    )
}

/// `POST /members/invite` (fields: csrf, email, roles…).
#[post("/members/invite")]
pub async fn invite(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let result = members::invite(&st.ctx, &p, &f.get("email"), &f.all("roles")).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/members", result, |inv| {
        tr.f("msg-members-invited", &[("email", inv.email.into())])
    })
}

/// `POST /members/{id}/roles` (fields: csrf, roles…).
#[post("/members/{id}/roles")]
pub async fn change_roles(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let result = members::change_roles(&st.ctx, &p, MembershipId(*id), &f.all("roles")).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/members", result, |m| {
        tr.f("msg-members-roles-updated", &[("name", m.user.name.into())])
    })
}

/// `POST /members/{id}/remove`.
#[post("/members/{id}/remove")]
pub async fn remove(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let result = members::remove(&st.ctx, &p, MembershipId(*id)).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/members", result, |()| {
        tr.t("msg-members-removed")
    })
}

/// `POST /invitations/{id}/revoke`.
#[post("/invitations/{id}/revoke")]
pub async fn revoke_invitation(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let result = members::revoke_invitation(&st.ctx, &p, InvitationId(*id)).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/members", result, |()| {
        tr.t("msg-members-revoked")
    })
}
