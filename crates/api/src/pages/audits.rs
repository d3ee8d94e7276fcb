//! The audit page: dates, the proposed team with the checks' findings and their reasons,
//! the team proposal form and the confirmation (with an override justification when the
//! checks block).

use super::{Done, Fields, Flash, SessionForm, Signed, blank_none, page, redirect};
use crate::AppState;
use crate::render::Tr;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::AuditStatus;
use certa_domain::Stored;
use certa_domain::audit_status::Remote;
use certa_domain::team::{ObjectionStatus, TeamRole};
use certa_domain::{Action, AuditId, ErrorCode};
use certa_service::ServiceError;
use certa_service::audits::{self, MemberInput};
use certa_service::personnel;
use serde::Deserialize;
use serde_json::json;

/// Rows of the team form.
const TEAM_ROWS: usize = 5;
/// The names of the team rows' fields (a refused row is marked at its field).
const ROW_AUDITOR: [&str; TEAM_ROWS] = [
    "auditor_0",
    "auditor_1",
    "auditor_2",
    "auditor_3",
    "auditor_4",
];
const ROW_DAYS: [&str; TEAM_ROWS] = ["days_0", "days_1", "days_2", "days_3", "days_4"];

/// The role choices of one form row; the first row defaults to lead, others to auditor.
fn role_options(tr: &Tr<'_>, current: Option<TeamRole>, row: usize) -> Vec<serde_json::Value> {
    TeamRole::VARIANTS
        .iter()
        .map(|&r| {
            let selected = match current {
                Some(c) => c == r,
                None => (row == 0 && r == TeamRole::Lead) || (row > 0 && r == TeamRole::Auditor),
            };
            json!({"value": r.as_str(), "label": tr.label(r), "selected": selected})
        })
        .collect()
}

/// Scheduling an audit: the programme entry, the dates, the technical areas (separated by
/// commas) and the page to go back to.
#[derive(Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    programme_audit_id: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    technical_areas: String,
    /// Ticked: the audit took place and is being recorded (a first day in the past).
    #[serde(default)]
    already_held: Option<String>,
    back: Option<String>,
}

/// `POST /audits`: schedule the audit of a programme entry.
#[post("/audits")]
pub async fn schedule(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<ScheduleForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let tr = super::tr(&st, &req, Some(&p));
    let Ok(entry) = f.programme_audit_id.parse::<uuid::Uuid>() else {
        return redirect(
            &st,
            "/applications",
            Some(Flash::err(tr.t("msg-audits-choose-entry"))),
        );
    };
    let areas: Vec<String> = f
        .technical_areas
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(String::from)
        .collect();
    // Back to the page the form was on (a local path only).
    let back = super::local_path_or(f.back.as_deref(), "/applications");
    let result = audits::schedule(
        &st.ctx,
        &p,
        entry,
        &f.starts_on,
        &f.ends_on,
        &areas,
        f.already_held.is_some(),
    )
    .await;
    super::outcome(&st, &req, &p, &back, result, |a| {
        Done::to(format!("/audits/{}", a.id), tr.t("msg-audits-scheduled"))
    })
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
    let tr = super::tr(&st, &req, Some(&p));
    let can_schedule = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ScheduleAudits));
    let people = if can_schedule {
        super::panel("personnel options", personnel::list(&st.ctx, &p).await)
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
        .map(|(m, name)| json!({"name": name, "role": tr.label(m.role), "days": m.days}))
        .collect();
    let blocking = f
        .findings
        .iter()
        .any(|x| x.severity == certa_domain::team::Severity::Blocking);
    let findings: Vec<_> = f
        .findings
        .iter()
        .map(|x| json!({"message": finding_words(&tr, x, &f.team), "clause": x.clause, "blocking": x.severity == certa_domain::team::Severity::Blocking}))
        .collect();
    let rows: Vec<_> = (0..TEAM_ROWS)
        .map(|i| {
            let current = f.team.get(i);
            json!({
                "i": i,
                // Rows are numbered from 1 for people (the hidden labels name them).
                "n": i + 1,
                "options": people.iter().map(|r| json!({"id": r.id, "name": r.name, "selected": current.is_some_and(|(m, _)| m.auditor_id == r.id)})).collect::<Vec<_>>(),
                "roles": role_options(&tr, current.map(|(m, _)| m.role), i),
                "days": current.map(|(m, _)| m.days.clone()).unwrap_or_default(),
            })
        })
        .collect();
    let client_sites = super::panel(
        "client sites",
        certa_service::clients::get(&st.ctx, &p, certa_domain::ClientId(a.client_id))
            .await
            .map(|c| c.sites),
    );
    let planned: Vec<uuid::Uuid> = f
        .plan
        .as_ref()
        .map(|pl| pl.sites.iter().map(|s| s.id).collect())
        .unwrap_or_default();
    let plan = f.plan.as_ref().map(|pl| {
        json!({
            "sites": pl.sites.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", "),
            "remote": pl.remote, "is_remote": pl.remote != Remote::None, "note": pl.ict_risk_note,
            "agenda": pl.agenda.iter().map(|i| json!({"date": i.date, "time": i.time, "activity": i.activity, "auditees": i.auditees})).collect::<Vec<_>>(),
        })
    });
    let agenda_text = f
        .plan
        .as_ref()
        .map(|pl| {
            pl.agenda
                .iter()
                .map(|i| format!("{} {} {}", i.date, i.time, i.activity))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let remote_now = f.plan.as_ref().map_or("none", |pl| pl.remote.as_str());
    let objections: Vec<_> = f
        .objections
        .iter()
        .map(|v| json!({"id": v.objection.id, "member": v.auditor_name, "reason": v.objection.reason,
            "raised_by": v.objection.raised_by, "status": tr.label(v.objection.status), "open": v.objection.status == ObjectionStatus::Open,
            "note": v.objection.resolution_note}))
        .collect();
    let remote_options: Vec<_> = ["none", "partial", "full"]
        .iter()
        .map(|r| json!({"value": r, "selected": *r == remote_now}))
        .collect();
    let members: Vec<_> = f
        .team
        .iter()
        .map(|(m, name)| json!({"id": m.auditor_id, "name": name}))
        .collect();
    let title = tr.f(
        "msg-audits-title",
        &[
            ("kind", super::capitalised(&tr.label(a.kind)).into()),
            (
                "client",
                programme["client"].as_str().unwrap_or_default().into(),
            ),
        ],
    );
    page(
        &st,
        &req,
        Some(&p),
        "pages/scheduled_audit",
        &title,
        "applications",
        json!({
            "audit": {"id": a.id, "kind": tr.label(a.kind), "standards": a.standards.join(", "),
                "title": title,
                "standard_list": a.standards, "status_key": a.status.as_str(),
                "areas": a.technical_areas.join(", "), "starts_on": a.starts_on, "ends_on": a.ends_on,
                "status": tr.label(a.status), "confirmed": a.status == AuditStatus::Confirmed, "proposed": a.status == AuditStatus::TeamProposed, "cancelled": a.status == AuditStatus::Cancelled,
                "override": a.override_justification},
            "programme": programme, "team_size": match team.len() {
                0 => String::new(),
                n => tr.f("msg-audits-team-size", &[("count", n.into())]),
            },
            "team": team, "findings": findings, "blocking": blocking, "notices": f.notices.iter().map(|n| tr.reword(n)).collect::<Vec<_>>(), "can_schedule": can_schedule, "rows": rows,
            "deadline": a.objection_deadline, "plan": plan, "agenda_text": agenda_text,
            // Confirming while the client may still object (ISO/IEC 17021-1 9.2.3) is
            // allowed, with a warning.
            "objection_window_open": a.objection_deadline.as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .is_some_and(|d| chrono::Utc::now().date_naive() <= d),
            "site_options": client_sites.iter().map(|s| json!({"id": s.id, "name": s.name, "checked": planned.contains(&s.id)})).collect::<Vec<_>>(),
            "remote_options": remote_options,
            "objections": objections, "members": members,
        }),
    )
}

/// `POST /audits/{id}/team`: propose the team (rows with an empty person are ignored).
#[post("/audits/{id}/team")]
pub async fn propose(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}", *id);
    let mut members = Vec::new();
    for i in 0..TEAM_ROWS {
        let Some(who) = f.opt(&format!("auditor_{i}")) else {
            continue;
        };
        let Ok(auditor_id) = who.parse() else {
            return super::service_error(
                &st,
                &req,
                &p,
                &back,
                ServiceError::Invalid {
                    field: ROW_AUDITOR[i],
                    code: ErrorCode::AuditorNotFound,
                    message: "Choose team members from the list.".into(),
                },
            );
        };
        let Ok(days) = f.get(&format!("days_{i}")).trim().parse::<f64>() else {
            return super::service_error(
                &st,
                &req,
                &p,
                &back,
                ServiceError::Invalid {
                    field: ROW_DAYS[i],
                    code: ErrorCode::InvalidNumber,
                    message: "Days must be a number such as 1.5.".into(),
                },
            );
        };
        members.push(MemberInput {
            auditor_id,
            role: f.get(&format!("role_{i}")),
            days,
        });
    }
    let result = audits::propose_team(&st.ctx, &p, AuditId(*id), &members).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |file| {
        match file.findings.len() {
            0 => tr.t("msg-audits-team-proposed"),
            n => tr.f("msg-audits-team-proposed-findings", &[("count", n.into())]),
        }
    })
}

/// The confirmation, with the justification of an override of blocking findings.
#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default, deserialize_with = "blank_none")]
    override_justification: Option<String>,
}

/// `POST /audits/{id}/confirm`.
#[post("/audits/{id}/confirm")]
pub async fn confirm(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<ConfirmForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}", *id);
    {
        let result = audits::confirm(
            &st.ctx,
            &p,
            AuditId(*id),
            f.override_justification.as_deref(),
        )
        .await;
        let tr = super::tr(&st, &req, Some(&p));
        super::outcome(&st, &req, &p, &back, result, |_| {
            tr.t("msg-audits-team-confirmed")
        })
    }
}

/// New dates.
#[derive(Deserialize)]
pub struct DatesForm {
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    /// Ticked: the audit took place on these dates (a first day in the past).
    #[serde(default)]
    already_held: Option<String>,
}

/// `POST /audits/{id}/dates`: move the audit.
#[post("/audits/{id}/dates")]
pub async fn move_dates(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<DatesForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}", *id);
    let result = audits::reschedule(
        &st.ctx,
        &p,
        AuditId(*id),
        &f.starts_on,
        &f.ends_on,
        f.already_held.is_some(),
    )
    .await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |a| {
        tr.f(
            "msg-audits-moved",
            &[
                ("from", a.audit.starts_on.into()),
                ("to", a.audit.ends_on.into()),
            ],
        )
    })
}

/// `POST /audits/{id}/cancel`: cancel the audit, with the reason.
#[post("/audits/{id}/cancel")]
pub async fn cancel(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<super::applications::ReasonForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}", *id);
    let result = audits::cancel(&st.ctx, &p, AuditId(*id), &f.reason).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |_| {
        tr.t("msg-audits-cancelled")
    })
}

/// Reads agenda lines `YYYY-MM-DD HH:MM activity`; a line that does not have the three
/// parts keeps what it has, and the service says what is wrong with it.
fn agenda_lines(text: &str) -> Vec<audits::AgendaItem> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, char::is_whitespace);
            audits::AgendaItem {
                date: parts.next().unwrap_or_default().to_string(),
                time: parts.next().unwrap_or_default().to_string(),
                activity: parts.next().unwrap_or_default().trim().to_string(),
                auditees: None,
                site_id: None,
            }
        })
        .collect()
}

/// `POST /audits/{id}/plan`: set the audit plan.
#[post("/audits/{id}/plan")]
pub async fn save_plan(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}", *id);
    let site_ids = f
        .all("site_ids")
        .iter()
        .filter_map(|s| uuid::Uuid::parse_str(s).ok())
        .collect();
    let input = audits::PlanInput {
        site_ids,
        remote: f.get("remote"),
        ict_risk_note: f.opt("ict_risk_note"),
        agenda: agenda_lines(&f.get("agenda")),
    };
    let result = audits::put_plan(&st.ctx, &p, AuditId(*id), input).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |_| {
        tr.t("msg-audits-plan-saved")
    })
}

/// An objection to a team member.
#[derive(Deserialize)]
pub struct ObjectionForm {
    #[serde(default)]
    auditor_id: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    raised_by: String,
}

/// `POST /audits/{id}/objections`: record an objection received from the client.
#[post("/audits/{id}/objections")]
pub async fn raise_objection(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<ObjectionForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}", *id);
    let Ok(member) = uuid::Uuid::parse_str(&f.auditor_id) else {
        return super::service_error(
            &st,
            &req,
            &p,
            &back,
            ServiceError::Invalid {
                field: "auditor_id",
                code: ErrorCode::AuditorNotFound,
                message: "Choose the member the client objects to.".into(),
            },
        );
    };
    let result =
        audits::raise_objection(&st.ctx, &p, AuditId(*id), member, &f.reason, &f.raised_by).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |_| {
        tr.t("msg-audits-objection-recorded")
    })
}

/// The answer to an objection: upheld or dismissed, with a note.
#[derive(Deserialize)]
pub struct ResolutionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

/// `POST /audits/{id}/objections/{objection_id}/resolve`.
#[post("/audits/{id}/objections/{objection_id}/resolve")]
pub async fn resolve_objection(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm<ResolutionForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let (id, oid) = path.into_inner();
    let back = format!("/audits/{id}");
    let decision = f.decision;
    let result = audits::resolve_objection(&st.ctx, &p, AuditId(id), oid, &decision, &f.note).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |_| {
        // The decision is a stored status (`upheld`, `dismissed`) the use case accepted.
        let decision = ObjectionStatus::from_stored(&decision)
            .map(|s| tr.label(s))
            .unwrap_or(decision);
        tr.f(
            "msg-audits-objection-resolved",
            &[("decision", decision.into())],
        )
    })
}

/// `GET /objections/{secret}`: the client contact's objection form (no sign-in; the
/// secret link was mailed with the team proposal).
#[get("/objections/{secret}")]
pub async fn objection_form(
    st: web::Data<AppState>,
    req: HttpRequest,
    secret: web::Path<String>,
) -> HttpResponse {
    let tr = super::tr(&st, &req, None);
    match audits::objection_form(&st.ctx, &secret).await {
        Ok(Some(o)) => page(
            &st,
            &req,
            None,
            "pages/objection",
            &tr.t("msg-audits-objection-title"),
            "",
            json!({"secret": *secret, "client_name": o.client_name,
                "kind": relabel::<certa_domain::programme::EntryKind>(&tr, &o.kind), "starts_on": o.starts_on,
                "ends_on": o.ends_on, "deadline": o.deadline, "open": o.open,
                "team": o.team.iter().map(|(id, n, r)| json!({"id": id, "name": n, "role": relabel::<TeamRole>(&tr, r)})).collect::<Vec<_>>(),
                "raised": o.raised.iter().map(|(n, r, s)| json!({"name": n, "reason": r, "status": tr.label(*s)})).collect::<Vec<_>>()}),
        ),
        Ok(None) => link_not_valid(&st, &req, &tr),
        Err(e) => super::service_error_anon(&st, &req, e),
    }
}

/// `POST /objections/{secret}`: record the contact's objection. The secret link stands in
/// for the session and the CSRF token: it is unguessable and bound to one audit.
#[post("/objections/{secret}")]
pub async fn submit_objection(
    st: web::Data<AppState>,
    req: HttpRequest,
    secret: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let f = super::Fields::parse(&body);
    let back = format!("/objections/{}", *secret);
    let tr = super::tr(&st, &req, None);
    let Ok(member) = uuid::Uuid::parse_str(&f.get("auditor_id")) else {
        return redirect(
            &st,
            &back,
            Some(Flash::err(tr.t("msg-audits-choose-member"))),
        );
    };
    match audits::object_by_link(&st.ctx, &secret, member, &f.get("reason")).await {
        Ok(Some(())) => redirect(
            &st,
            &back,
            Some(Flash::ok(tr.t("msg-audits-objection-sent"))),
        ),
        Ok(None) => link_not_valid(&st, &req, &tr),
        Err(ServiceError::Invalid { message, .. } | ServiceError::Conflict { message, .. }) => {
            redirect(&st, &back, Some(Flash::err(message)))
        }
        Err(e) => super::service_error_anon(&st, &req, e),
    }
}

/// The 404 page of an objection link that is unknown or was replaced.
fn link_not_valid(st: &AppState, req: &HttpRequest, tr: &Tr<'_>) -> HttpResponse {
    super::page_with_status(
        st,
        req,
        None,
        actix_web::http::StatusCode::NOT_FOUND,
        &tr.t("msg-audits-link-not-valid-title"),
        &tr.t("msg-audits-link-not-valid"),
    )
}

/// A label the use case wrote in English (the objection form's audit kind and team
/// roles), in the reader's language; words that are no label of `T` stay as they are.
fn relabel<T: Stored>(tr: &Tr<'_>, english: &str) -> String {
    T::VARIANTS
        .iter()
        .find(|v| v.label() == english)
        .map_or_else(|| english.to_owned(), |&v| tr.label(v))
}

/// A finding of the team checks in the reader's words: English keeps the checks' own
/// sentence (with its standards, areas and dates); another language says what its
/// catalogue says for the finding's code, naming the member concerned.
fn finding_words(
    tr: &crate::render::Tr<'_>,
    x: &certa_domain::team::Finding,
    team: &[(certa_service::records::TeamMember, String)],
) -> String {
    if tr.lang() == crate::render::Lang::En {
        return x.message.clone();
    }
    let member = x
        .member
        .and_then(|id| team.iter().find(|(m, _)| m.auditor_id == id))
        .map(|(_, name)| name.clone())
        .unwrap_or_default();
    tr.f(
        &format!("msg-finding-{}", x.code.as_str().replace('_', "-")),
        &[("member", member.into())],
    )
}
