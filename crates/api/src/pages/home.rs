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
                    "at": super::when(&p, e.occurred_at)})
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
        use super::charts::{Bar, Chart, Series, stacked_bars};
        let bars: Vec<Bar> = load
            .iter()
            .map(|l| Bar {
                label: l.month.first_day().format("%b").to_string(),
                name: l.month.label(),
                values: vec![l.held, l.planned],
            })
            .collect();
        data["load_chart"] = json!(stacked_bars(
            &Chart {
                id: "load",
                title: "Audits per month",
                axis: "Month",
                empty: "No audits were held or are planned in these months.",
                caption: false,
            },
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
    if t.roles.allows(Action::ManageMembers)
        && let Some(inv) = super::panel_opt(
            "invitations pending",
            members::pending_invitations(&st.ctx, &p).await,
        )
    {
        data["invitations"] = json!(inv.len());
    }
    if t.roles.allows(Action::ViewAuditTrail)
        && let Some(i) = super::panel_opt("trail integrity", trail::verify(&st.ctx, &p).await)
    {
        use certa_service::records::Integrity;
        data["integrity"] = match i {
            Integrity::Intact { events } => json!({"intact": true, "events": events}),
            Integrity::Broken { seq, .. } => json!({"intact": false, "seq": seq}),
        };
    }
    // Answers waiting for the auditor: responses to accept or reject, implementations to
    // verify, on audits where they are on the team.
    if t.roles.allows(Action::ConductAudits)
        && let Some(l) = super::panel_opt(
            "answers to review",
            certa_service::fieldwork::ncs_to_review(&st.ctx, &p).await,
        )
    {
        data["to_review"] = json!({
            "count": l.len(),
            "items": l.iter().take(8).map(|r| json!({
                "id": r.nc.id, "number": r.nc.number, "client": r.client_name,
                "grade": r.nc.grade.label(), "reference": r.nc.reference,
                "waits_for": if r.nc.status == certa_domain::nonconformity::Status::Implemented {
                    "verification"
                } else {
                    "review of the plan"
                },
                "since": r.nc.updated_at.format("%-d %B %Y").to_string(),
            })).collect::<Vec<_>>(),
        });
    }
    if t.roles.allows(Action::ViewClients)
        && let Some(sum) = super::panel_opt(
            "nonconformity summary",
            certa_service::fieldwork::nc_summary(&st.ctx, &p).await,
        )
    {
        data["ncs"] = nc_charts(&sum);
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

/// The dashboard's two nonconformity charts (by status, days to close), each stacked by
/// grade, and the median days to close.
fn nc_charts(sum: &certa_domain::nonconformity::Summary) -> serde_json::Value {
    use super::charts::{Bar, Chart, Series, stacked_bars};
    use certa_domain::nonconformity::{CLOSE_BANDS, band_label};
    let grades = [
        Series {
            name: "major",
            class: "s-major",
        },
        Series {
            name: "minor",
            class: "s-minor",
        },
    ];
    let by_status: Vec<Bar> = sum
        .by_status
        .iter()
        .map(|(status, n)| {
            let name = super::capitalised(status.label());
            Bar {
                label: short_status(*status).into(),
                name,
                values: n.to_vec(),
            }
        })
        .collect();
    let to_close: Vec<Bar> = CLOSE_BANDS
        .iter()
        .zip(&sum.to_close)
        .map(|(band, n)| Bar {
            label: match band.1 {
                Some(to) => format!("≤{to}"),
                None => format!(">{}", band.0 - 1),
            },
            name: band_label(*band),
            values: n.to_vec(),
        })
        .collect();
    json!({
        "by_status": stacked_bars(
            &Chart {
                id: "nc-status",
                title: "Nonconformities by status and grade",
                axis: "Status",
                empty: "No nonconformity is open or was closed in the last twelve months.",
                caption: true,
            },
            &grades,
            &by_status,
        ),
        "to_close": stacked_bars(
            &Chart {
                id: "nc-close",
                title: "Days to close, nonconformities closed in the last twelve months",
                axis: "Days to close",
                empty: "No nonconformity was closed in the last twelve months.",
                caption: true,
            },
            &grades,
            &to_close,
        ),
        "median": sum.median_days.map(|d| match d {
            0 => "the day they were raised".to_string(),
            1 => "a day".to_string(),
            n => format!("{n} days"),
        }),
    })
}

/// A status short enough to stand under a bar.
fn short_status(s: certa_domain::nonconformity::Status) -> &'static str {
    use certa_domain::nonconformity::Status as S;
    match s {
        S::Open => "Open",
        S::ResponseSubmitted => "Answered",
        S::PlanRejected => "Rejected",
        S::PlanAccepted => "Accepted",
        S::Implemented => "Done",
        S::Closed => "Closed",
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
