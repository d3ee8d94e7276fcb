//! Dashboard and the tenant picker.

use super::{SessionForm, page, redirect, to_login};
use crate::AppState;
use crate::extract::MaybeSession;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::outbox::OutboxStatus;
use certa_domain::{Action, TenantId};
use certa_service::{auth, members, trail};
use serde::Deserialize;
use serde_json::json;

/// `GET /`: the tenant's dashboard.
#[get("/")]
pub async fn dashboard(st: web::Data<AppState>, req: HttpRequest, s: MaybeSession) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st, &req);
    };
    let Some(t) = &p.tenant else {
        if let Some(r) = super::security::gate_redirect(&st, &p) {
            return r;
        }
        return redirect(&st, "/tenants", None);
    };
    if t.client.is_some() {
        return redirect(&st, "/portal", None);
    }
    let mut data = json!({"roles": t.roles.names().join(", ")});
    if t.roles.allows(Action::ViewMembers)
        && let Some(m) = super::panel_opt("member count", members::list(&st.ctx, &p).await)
    {
        data["member_count"] = json!(m.len());
    }
    if t.roles.allows(Action::ViewAuditTrail)
        && let Some(ev) =
            super::panel_opt("recent events", trail::events(&st.ctx, &p, None, 5).await)
    {
        data["recent"] = json!(
            ev.into_iter()
                .map(
                    |e| json!({"seq": e.seq, "action": action_words(&e.action), "actor": e.actor_label,
                    "at": e.occurred_at.format("%Y-%m-%d %H:%M UTC").to_string()})
                )
                .collect::<Vec<_>>()
        );
    }
    // The member's own coming audits, as lead or member, with their role.
    if t.roles.allows(Action::ConductAudits)
        && let Some(mine) = super::panel_opt(
            "my next audits",
            certa_service::audits::my_next_audits(&st.ctx, &p, 90).await,
        )
    {
        let can_open = t.roles.allows(Action::ViewClients);
        data["my_audits"] = json!(
            mine.iter()
                .map(|m| json!({
                    "id": m.audit.id,
                    "client": m.audit.client_name,
                    "kind": m.audit.kind.label(),
                    "starts_on": m.audit.starts_on,
                    "ends_on": m.audit.ends_on,
                    "status": m.audit.status.label(),
                    "role": m.team.first().map(|r| r.role.label()).unwrap_or_default(),
                    "can_open": can_open,
                }))
                .collect::<Vec<_>>()
        );
    }
    // The programme manager's queue: applications to review, teams to confirm.
    if t.roles.allows(Action::ScheduleAudits)
        && let (Some(submitted), Some(proposals)) = (
            super::panel_opt(
                "applications waiting",
                certa_service::applications::list(&st.ctx, &p, Some("submitted"), None).await,
            ),
            super::panel_opt(
                "team proposals waiting",
                certa_service::audits::proposals_waiting(&st.ctx, &p).await,
            ),
        )
    {
        data["planning"] = json!({
            "applications": submitted.len(),
            "proposals": proposals.iter().take(5).map(|a| json!({
                "id": a.id, "client": a.client_name, "kind": a.kind.label(), "starts_on": a.starts_on,
            })).collect::<Vec<_>>(),
            "proposal_count": proposals.len(),
        });
    }
    // Audits per month, held and planned: the last five months and the next six.
    if t.roles.allows(Action::ScheduleAudits)
        && let Some(load) = super::panel_opt(
            "audits per month",
            certa_service::audits::monthly_load(&st.ctx, &p, 5, 6).await,
        )
    {
        use super::charts::{Bar, Series, stacked_bars};
        let bars: Vec<Bar> = load
            .iter()
            .map(|l| Bar {
                label: l.month.first_day().format("%b").to_string(),
                name: l.month.label(),
                values: vec![l.held, l.planned],
            })
            .collect();
        data["load_chart"] = json!(stacked_bars(
            "load",
            "Audits per month",
            &[
                Series {
                    name: "held",
                    class: "s-held",
                },
                Series {
                    name: "planned",
                    class: "s-planned",
                },
            ],
            &bars,
        ));
    }
    if t.roles.allows(Action::ViewClients)
        && let Some(due) = super::panel_opt(
            "audits due",
            certa_service::programmes::due_soon(&st.ctx, &p).await,
        )
    {
        data["due"] = json!(due
            .into_iter()
            .map(|d| json!({"client": d.client_name, "kind": d.audit.kind.label(), "due_by": d.audit.due_by,
                "days_left": d.days_left, "flag": d.flag.label(), "alert": d.flag.alerts(),
                "application": d.programme.application_id}))
            .collect::<Vec<_>>());
    }
    if (t.roles.allows(Action::ReviewAuditFiles) || t.roles.allows(Action::DecideCertification))
        && let Some(files) = super::panel_opt(
            "audit files waiting",
            certa_service::certification::reports::pending(&st.ctx, &p).await,
        )
    {
        let reviews = files.iter().filter(|f| f.waiting_for == "review").count();
        data["files"] = json!({"reviews": reviews, "decisions": files.len() - reviews});
    }
    if t.roles.allows(Action::ViewCertificates) {
        use certa_service::certification::certificates::{self as certs, ListQuery};
        let count = |status: &str, expiring_within: Option<i64>| ListQuery {
            status: Some(status.to_string()),
            expiring_within,
            page: 1,
            per_page: 1,
            ..Default::default()
        };
        if let (Some(expiring), Some(suspended)) = (
            super::panel_opt(
                "certificates expiring",
                certs::count(&st.ctx, &p, count("active", Some(90))).await,
            ),
            super::panel_opt(
                "certificates suspended",
                certs::count(&st.ctx, &p, count("suspended", None)).await,
            ),
        ) {
            data["certs"] = json!({"expiring": expiring, "suspended": suspended});
        }
    }
    if t.roles.allows(Action::ManageOutbox)
        && let Some(rows) = super::panel_opt(
            "dead mails",
            trail::outbox(&st.ctx, &p, Some(OutboxStatus::Dead.as_str())).await,
        )
    {
        data["dead_mails"] = json!(rows.len());
    }
    let title = t.tenant.name.clone();
    page(
        &st,
        &req,
        Some(&p),
        "pages/dashboard",
        &title,
        "dashboard",
        data,
    )
}

/// `GET /tenants`: choose the certification body to work in.
#[get("/tenants")]
pub async fn tenant_picker(
    st: web::Data<AppState>,
    req: HttpRequest,
    s: MaybeSession,
) -> HttpResponse {
    let Some(p) = s.0 else {
        return to_login(&st, &req);
    };
    let tenants = match auth::tenants_of(&st.ctx, p.user_id()).await {
        Ok(t) => t,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let current = p.tenant.as_ref().map(|t| t.tenant.id);
    let list: Vec<_> = tenants
        .into_iter()
        .map(|t| json!({"id": t.id, "name": t.name, "slug": t.slug, "current": Some(t.id) == current}))
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/tenants",
        "Choose a certification body",
        "tenants",
        json!({"tenants": list}),
    )
}

/// The switch form.
#[derive(Deserialize)]
pub struct SwitchForm {
    tenant_id: String,
}

/// `POST /tenants/switch`.
#[post("/tenants/switch")]
pub async fn switch_tenant(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<SwitchForm>,
) -> HttpResponse {
    let SessionForm { p, f: form } = form;
    let Ok(id) = form.tenant_id.parse::<TenantId>() else {
        return super::page_with_status(
            &st,
            &req,
            Some(&p),
            actix_web::http::StatusCode::NOT_FOUND,
            "Not found",
            "No such certification body.",
        );
    };
    match auth::switch_tenant(&st.ctx, &p, id).await {
        Ok(_) => redirect(&st, "/", None),
        Err(e) => super::service_error(&st, &req, &p, "/tenants", e),
    }
}

/// An audit-trail action in words: `client.contact_added` → "Client: contact added".
fn action_words(action: &str) -> String {
    let words = |s: &str| s.replace(['_', '.'], " ");
    match action.split_once('.') {
        Some((what, done)) => {
            format!("{}: {}", super::capitalised(&words(what)), words(done))
        }
        None => words(action),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn actions_read_as_words() {
        assert_eq!(
            super::action_words("client.contact_added"),
            "Client: contact added"
        );
        assert_eq!(
            super::action_words("audit_file.review.done"),
            "Audit file: review done"
        );
        assert_eq!(super::action_words("login"), "login");
    }
}
