//! The audit page: dates, the proposed team with the checks' findings and their reasons,
//! the team proposal form and the confirmation (with an override justification when the
//! checks block).

use super::{Flash, SessionForm, Signed, page, redirect};
use crate::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::{Action, AuditId};
use certa_service::audits::{self, MemberInput};
use certa_service::personnel;
use serde_json::json;

/// Rows of the team form.
const TEAM_ROWS: usize = 5;

/// The role choices of one form row; the first row defaults to lead, others to auditor.
fn role_options(current: Option<&str>, row: usize) -> Vec<serde_json::Value> {
    ["lead", "auditor", "technical_expert", "observer"]
        .iter()
        .map(|r| {
            let selected = match current {
                Some(c) => c == *r,
                None => (row == 0 && *r == "lead") || (row > 0 && *r == "auditor"),
            };
            json!({"value": r, "label": r.replace('_', " "), "selected": selected})
        })
        .collect()
}

/// `POST /audits`: schedule the audit of a programme entry.
#[post("/audits")]
pub async fn schedule(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let Ok(entry) = f.get("programme_audit_id").parse::<uuid::Uuid>() else {
        return redirect(
            &st,
            "/applications",
            Some(Flash::err("Choose the programme audit to schedule.")),
        );
    };
    let areas: Vec<String> = f
        .get("technical_areas")
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect();
    // Back to the page the form was on (a local path only).
    let back = Some(f.get("back"))
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/applications".into());
    match audits::schedule(
        &st.ctx,
        &p,
        entry,
        &f.get("starts_on"),
        &f.get("ends_on"),
        &areas,
    )
    .await
    {
        Ok(a) => redirect(
            &st,
            &format!("/audits/{}", a.id),
            Some(Flash::ok("Audit scheduled; propose its team")),
        ),
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
}

/// `GET /audits/{id}`.
#[get("/audits/{id}")]
pub async fn audit_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    let f = match audits::get(&st.ctx, &p, AuditId(*id)).await {
        Ok(f) => f,
        Err(e) => return super::service_error(&st, &req, &p, "/applications", e),
    };
    let can_schedule = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ScheduleAudits));
    let people = if can_schedule {
        personnel::list(&st.ctx, &p).await.unwrap_or_default()
    } else {
        Vec::new()
    };
    let a = &f.audit;
    // The client and the programme the audit belongs to, for the heading and the way back.
    let programme = match certa_service::programmes::get(
        &st.ctx,
        &p,
        certa_domain::ProgrammeId(a.programme_id),
    )
    .await
    {
        Ok(pf) => json!({"application_id": pf.programme.application_id, "client": pf.client_name}),
        Err(e) => return super::service_error(&st, &req, &p, "/applications", e),
    };
    let team: Vec<_> = f
        .team
        .iter()
        .map(|(m, name)| json!({"name": name, "role": m.role.replace('_', " "), "days": m.days}))
        .collect();
    let blocking = f
        .findings
        .iter()
        .any(|x| x.severity == certa_domain::team::Severity::Blocking);
    let findings: Vec<_> = f
        .findings
        .iter()
        .map(|x| json!({"message": x.message, "clause": x.clause, "blocking": x.severity == certa_domain::team::Severity::Blocking}))
        .collect();
    let rows: Vec<_> = (0..TEAM_ROWS)
        .map(|i| {
            let current = f.team.get(i);
            json!({
                "i": i,
                // Rows are numbered from 1 for people (the hidden labels name them).
                "n": i + 1,
                "options": people.iter().map(|r| json!({"id": r.id, "name": r.name, "selected": current.is_some_and(|(m, _)| m.auditor_id == r.id)})).collect::<Vec<_>>(),
                "roles": role_options(current.map(|(m, _)| m.role.as_str()), i),
                "days": current.map(|(m, _)| m.days.clone()).unwrap_or_default(),
            })
        })
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/scheduled_audit",
        &format!("{} audit", a.kind.replace('_', " ")),
        "applications",
        json!({
            "audit": {"id": a.id, "kind": a.kind.replace('_', " "), "standards": a.standards.replace(',', ", "),
                "areas": a.technical_areas.replace(',', ", "), "starts_on": a.starts_on, "ends_on": a.ends_on,
                "status": a.status.replace('_', " "), "confirmed": a.status == "confirmed", "proposed": a.status == "team_proposed",
                "override": a.override_justification},
            "programme": programme, "team": team, "findings": findings, "blocking": blocking, "can_schedule": can_schedule, "rows": rows,
        }),
    )
}

/// `POST /audits/{id}/team`: propose the team (rows with an empty person are ignored).
#[post("/audits/{id}/team")]
pub async fn propose(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}", *id);
    let mut members = Vec::new();
    for i in 0..TEAM_ROWS {
        let Some(who) = f.opt(&format!("auditor_{i}")) else {
            continue;
        };
        let Ok(auditor_id) = who.parse() else {
            return redirect(
                &st,
                &back,
                Some(Flash::err("Choose team members from the list.")),
            );
        };
        let Ok(days) = f.get(&format!("days_{i}")).trim().parse::<f64>() else {
            return redirect(
                &st,
                &back,
                Some(Flash::err("Days must be a number such as 1.5.")),
            );
        };
        members.push(MemberInput {
            auditor_id,
            role: f.get(&format!("role_{i}")),
            days,
        });
    }
    match audits::propose_team(&st.ctx, &p, AuditId(*id), &members).await {
        Ok(file) => {
            let n = file.findings.len();
            let msg = if n == 0 {
                "Team proposed; all checks pass".to_string()
            } else {
                format!("Team proposed with {n} finding(s); see below")
            };
            redirect(&st, &back, Some(Flash::ok(msg)))
        }
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
}

/// `POST /audits/{id}/confirm`.
#[post("/audits/{id}/confirm")]
pub async fn confirm(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}", *id);
    {
        let result = audits::confirm(
            &st.ctx,
            &p,
            AuditId(*id),
            f.opt("override_justification").as_deref(),
        )
        .await;
        super::outcome(&st, &req, &p, &back, result, |_| {
            "Team confirmed".to_string()
        })
    }
}
