//! Application pages: register an application from the client file, review it.

use super::{Done, Fields, SessionForm, Signed, blank_none, page};
use crate::AppState;
use crate::render::Tr;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::AuditStatus;
use certa_domain::applications::ApplicationStatus;
use certa_domain::programme::EntryKind;
use certa_domain::{Action, ApplicationId, ClientId};
use certa_service::{ServiceError, applications};
use serde::Deserialize;
use serde_json::json;

/// An application's status as the list, the review page and the client file show it
/// (`submitted`, `accepted`, `declined`).
pub fn status_words(tr: &Tr<'_>, status: ApplicationStatus) -> String {
    tr.f(
        "msg-applications-status",
        &[("status", status.as_str().into())],
    )
}

/// Filter of the list.
#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
}

/// `GET /applications`.
#[get("/applications")]
pub async fn list_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    q: web::Query<ListQuery>,
) -> HttpResponse {
    let status = q.status.as_deref().filter(|s| !s.is_empty());
    let list = match applications::list(&st.ctx, &p, status, None).await {
        Ok(l) => l,
        Err(e) => return super::service_error(&st, &req, &p, "/applications", e),
    };
    let tr = super::tr(&st, &req, Some(&p));
    let rows: Vec<_> = list
        .into_iter()
        .map(|(a, client)| json!({
            "id": a.id, "client": client, "standards": a.standards.join(", "), "status": status_words(&tr, a.status),
            "created": a.created_at.format("%Y-%m-%d").to_string(), "headcount": a.effective_personnel,
        }))
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/applications",
        &tr.t("msg-applications-title"),
        "applications",
        json!({"applications": rows, "status": status.unwrap_or(""),
            "status_options": ApplicationStatus::VARIANTS.iter().map(|s| json!({"value": s.as_str(), "label": tr.label(*s), "selected": status == Some(s.as_str())})).collect::<Vec<_>>()}),
    )
}

/// `GET /applications/{id}`: the review page.
#[get("/applications/{id}")]
pub async fn review_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    let f = match applications::get(&st.ctx, &p, ApplicationId(*id)).await {
        Ok(f) => f,
        Err(e) => return super::service_error(&st, &req, &p, "/applications", e),
    };
    let a = &f.application;
    let tr = super::tr(&st, &req, Some(&p));
    let can_review = a.status == ApplicationStatus::Submitted
        && p.tenant
            .as_ref()
            .is_some_and(|t| t.roles.allows(Action::ReviewApplications));
    let programme = match &f.programme {
        Some((prog, _)) => {
            match certa_service::programmes::get(&st.ctx, &p, certa_domain::ProgrammeId(prog.id))
                .await
            {
                Ok(pf) => Some(programme_json(&tr, &pf)),
                Err(e) => return super::service_error(&st, &req, &p, "/applications", e),
            }
        }
        None => None,
    };
    let can_plan = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ReviewApplications));

    page(
        &st,
        &req,
        Some(&p),
        "pages/application",
        &tr.f(
            "msg-applications-review-title",
            &[("client", f.client_name.as_str().into())],
        ),
        "applications",
        json!({
            "application": {"id": a.id, "client_id": a.client_id, "client": f.client_name, "standards": a.standards.join(", "),
                "scope": a.scope, "headcount": a.effective_personnel, "consultancy_by": a.consultancy_by, "status": status_words(&tr, a.status), "status_key": a.status.as_str(),
                "competences_needed": a.competences_needed, "review_note": a.review_note, "decline_reason": a.decline_reason,
                "reviewed_by": a.reviewed_by, "reviewed_at": a.reviewed_at.map(|t| super::when(&p, t))},
            "can_review": can_review, "programme": programme, "can_plan": can_plan,
            "can_decide": p.tenant.as_ref().is_some_and(|t| t.roles.allows(Action::DecideCertification)),
            "can_export": p.tenant.as_ref().is_some_and(|t| t.roles.allows(Action::ExportAuditFile)),
            "audit_time": a.audit_time.as_deref().and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok()),
            "can_calc": can_plan, "codes": a.standards,
            "action": format!("/applications/{}/audit-time", a.id), "method": "post",
            "form": {"standard_0": a.standards.first(), "standard_1": a.standards.get(1),
                "effective_personnel": a.effective_personnel, "sampling_allowed": true},
        }),
    )
}

/// `POST /clients/{id}/applications`: register an application.
#[post("/clients/{id}/applications")]
pub async fn submit(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let headcount = match f.get("effective_personnel").trim().parse::<i32>() {
        Ok(n) => n,
        Err(_) => {
            return super::service_error(
                &st,
                &req,
                &p,
                &back,
                ServiceError::Invalid {
                    field: "effective_personnel",
                    code: certa_domain::ErrorCode::InvalidNumber,
                    message: "effective personnel must be a whole number".into(),
                },
            );
        }
    };
    let standards = f.all("standards");
    let result = applications::submit(
        &st.ctx,
        &p,
        ClientId(*id),
        &standards,
        &f.get("scope"),
        headcount,
        f.opt("consultancy_by").as_deref(),
    )
    .await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |a| {
        Done::to(
            format!("/applications/{}", a.id),
            tr.t("msg-applications-registered"),
        )
    })
}

/// The acceptance of an application.
#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    competences_needed: String,
    #[serde(default, deserialize_with = "blank_none")]
    note: Option<String>,
}

/// `POST /applications/{id}/accept`.
#[post("/applications/{id}/accept")]
pub async fn accept(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<AcceptForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/applications/{}", *id);
    {
        let result = applications::accept(
            &st.ctx,
            &p,
            ApplicationId(*id),
            &f.competences_needed,
            f.note.as_deref(),
        )
        .await;
        let tr = super::tr(&st, &req, Some(&p));
        super::outcome(&st, &req, &p, &back, result, |_| {
            tr.t("msg-applications-accepted")
        })
    }
}

/// A reason (declining, cancelling).
#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    pub reason: String,
}

/// `POST /applications/{id}/decline`.
#[post("/applications/{id}/decline")]
pub async fn decline(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<ReasonForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/applications/{}", *id);
    {
        let result = applications::decline(&st.ctx, &p, ApplicationId(*id), &f.reason).await;
        let tr = super::tr(&st, &req, Some(&p));
        super::outcome(&st, &req, &p, &back, result, |_| {
            tr.t("msg-applications-declined")
        })
    }
}

/// The template data of a programme with today's flags.
pub fn programme_json(
    tr: &Tr<'_>,
    pf: &certa_service::programmes::ProgrammeFile,
) -> serde_json::Value {
    let audits: Vec<_> = pf
        .audits
        .iter()
        .map(|a| {
            let flag = pf.flags.iter().find(|x| EntryKind::from(x.kind) == a.kind);
            let flag_name = flag.map(|x| tr.label(x.status));
            // A cancelled audit leaves its entry to be scheduled again.
            let scheduled = pf
                .scheduled
                .iter()
                .find(|x| x.programme_audit_id == a.id && x.status != AuditStatus::Cancelled);
            json!({"id": a.id, "kind": tr.label(a.kind), "window_start": a.window_start, "due_by": a.due_by, "status": tr.label(a.status),
                "audit_id": scheduled.map(|x| x.id), "audit_status": scheduled.map(|x| tr.label(x.status)),
                "audit_dates": scheduled.map(|x| format!("{} – {}", x.starts_on, x.ends_on)),
                "flag": flag_name, "days_left": flag.map(|x| x.days_left),
                "alert": flag.is_some_and(|x| matches!(x.status, certa_domain::programme::DueStatus::Overdue | certa_domain::programme::DueStatus::AtRisk))})
        })
        .collect();
    // The next audit the programme waits for (its first entry not yet scheduled, or
    // scheduled and not over) and how many entries are overdue or at risk.
    let today = chrono::Utc::now().date_naive().to_string();
    let next = pf.audits.iter().find_map(|a| {
        let scheduled = pf
            .scheduled
            .iter()
            .find(|x| x.programme_audit_id == a.id && x.status != AuditStatus::Cancelled);
        match scheduled {
            Some(x) if x.ends_on.as_str() < today.as_str() => None,
            Some(x) => Some(json!({"kind": tr.label(a.kind), "audit_id": x.id, "starts_on": x.starts_on, "ends_on": x.ends_on})),
            None => Some(json!({"kind": tr.label(a.kind), "due_by": a.due_by})),
        }
    });
    let alerts = pf
        .flags
        .iter()
        .filter(|x| {
            matches!(
                x.status,
                certa_domain::programme::DueStatus::Overdue
                    | certa_domain::programme::DueStatus::AtRisk
            )
        })
        .count();
    json!({"id": pf.programme.id, "status": pf.programme.status, "decision_date": pf.programme.decision_date,
        "expiry_date": pf.programme.expiry_date, "audits": audits, "next": next, "alerts": alerts})
}
