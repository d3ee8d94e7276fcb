//! The members page: list, invite, change roles, remove, revoke invitations.

use super::{Flash, csrf_ok, page, redirect, to_login};
use crate::AppState;
use crate::extract::MaybeSession;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::{Action, InvitationId, MembershipId, Role};
use certa_service::members;
use serde::Deserialize;
use serde_json::json;

/// `GET /members`.
#[get("/members")]
pub async fn page_members(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st);
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
        members::pending_invitations(&st.ctx, &p)
            .await
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let now = chrono::Utc::now();
    let me = p.tenant.as_ref().map(|t| t.membership.id);
    let rows: Vec<_> = list
        .into_iter()
        .map(|m| {
            let roles: Vec<&str> = m.membership.roles.split(',').collect();
            json!({
                "id": m.membership.id, "name": m.user.name, "email": m.user.email,
                "roles": m.membership.roles.replace(',', ", "),
                "is_me": Some(m.membership.id) == me,
                "role_options": Role::ALL.iter().map(|r| json!({"name": r.as_str(), "checked": roles.contains(&r.as_str())})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let inv: Vec<_> = invitations
        .into_iter()
        .map(|i| {
            json!({
                "id": i.id, "email": i.email, "roles": i.roles.replace(',', ", "),
                "expires": i.expires_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                "expired": i.expires_at <= now,
            })
        })
        .collect();
    let role_options: Vec<_> = Role::ALL
        .iter()
        .map(|r| json!({"name": r.as_str()}))
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/members",
        "Members",
        "members",
        json!({"members": rows, "invitations": inv, "role_options": role_options}),
    )
}

/// Parses a urlencoded form where `roles` may repeat (checkboxes).
fn form_pairs(body: &web::Bytes) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

fn field(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn roles(pairs: &[(String, String)]) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == "roles")
        .map(|(_, v)| v.clone())
        .collect()
}

/// `POST /members/invite` (fields: csrf, email, roles…).
#[post("/members/invite")]
pub async fn invite(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
    body: web::Bytes,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st);
    };
    let f = form_pairs(&body);
    if !csrf_ok(&p, &field(&f, "csrf")) {
        return super::csrf_failed(&st, &req, Some(&p));
    }
    match members::invite(&st.ctx, &p, &field(&f, "email"), &roles(&f)).await {
        Ok(inv) => redirect(
            &st,
            "/members",
            Some(Flash::ok(format!("Invitation sent to {}", inv.email))),
        ),
        Err(e) => super::service_error(&st, &req, &p, "/members", e),
    }
}

/// `POST /members/{id}/roles` (fields: csrf, roles…).
#[post("/members/{id}/roles")]
pub async fn change_roles(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
    id: web::Path<uuid::Uuid>,
    body: web::Bytes,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st);
    };
    let f = form_pairs(&body);
    if !csrf_ok(&p, &field(&f, "csrf")) {
        return super::csrf_failed(&st, &req, Some(&p));
    }
    match members::change_roles(&st.ctx, &p, MembershipId(*id), &roles(&f)).await {
        Ok(m) => redirect(
            &st,
            "/members",
            Some(Flash::ok(format!("Roles of {} updated", m.user.name))),
        ),
        Err(e) => super::service_error(&st, &req, &p, "/members", e),
    }
}

/// A form carrying only the CSRF token.
#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// `POST /members/{id}/remove`.
#[post("/members/{id}/remove")]
pub async fn remove(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
    id: web::Path<uuid::Uuid>,
    form: web::Form<CsrfForm>,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st);
    };
    if !csrf_ok(&p, &form.csrf) {
        return super::csrf_failed(&st, &req, Some(&p));
    }
    match members::remove(&st.ctx, &p, MembershipId(*id)).await {
        Ok(()) => redirect(&st, "/members", Some(Flash::ok("Member removed"))),
        Err(e) => super::service_error(&st, &req, &p, "/members", e),
    }
}

/// `POST /invitations/{id}/revoke`.
#[post("/invitations/{id}/revoke")]
pub async fn revoke_invitation(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
    id: web::Path<uuid::Uuid>,
    form: web::Form<CsrfForm>,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st);
    };
    if !csrf_ok(&p, &form.csrf) {
        return super::csrf_failed(&st, &req, Some(&p));
    }
    match members::revoke_invitation(&st.ctx, &p, InvitationId(*id)).await {
        Ok(()) => redirect(&st, "/members", Some(Flash::ok("Invitation revoked"))),
        Err(e) => super::service_error(&st, &req, &p, "/members", e),
    }
}
