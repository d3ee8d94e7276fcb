//! Pages: the audit workspace (checklist with filters and bulk entry, nonconformity
//! register), raising and working a nonconformity, the printable audit report, and the
//! client portal.

use super::{Done, Fields, Flash, NoFields, SessionForm, Signed, blank_none, page, redirect};
use crate::AppState;
use crate::render::Tr;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::ErrorCode;
use certa_domain::checklists::ItemResult;
use certa_domain::evidence::{TargetKind, VersionStatus};
use certa_domain::nonconformity::{Grade, Status as NcStatus};
use certa_domain::{AuditId, ClientId};
use certa_service::ServiceError;
use certa_service::fieldwork::{self as fw, NcAction};
use certa_service::records::Nonconformity;
use serde::Deserialize;
use serde_json::{Value, json};

/// The result choices, `selected` the one that equals `current` (a stable name).
fn result_options(tr: &Tr<'_>, current: Option<&str>) -> Vec<Value> {
    ItemResult::VARIANTS
        .iter()
        .map(|&r| json!({"value": r.as_str(), "label": tr.label(r), "selected": current == Some(r.as_str())}))
        .collect()
}

fn nc_row(tr: &Tr<'_>, n: &Nonconformity) -> Value {
    json!({"id": n.id, "number": n.number, "grade": tr.label(n.grade), "reference": n.reference,
        "statement": n.statement, "status": tr.label(n.status), "due": n.response_due,
        "open": n.status != NcStatus::Closed})
}

/// `GET /audits/{id}/workspace`: the checklist, filterable, with one form for all answers.
#[get("/audits/{id}/workspace")]
pub async fn workspace(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    let tr = super::tr(&st, &req, Some(&p));
    let q = Fields::parse(req.query_string().as_bytes());
    let filter = fw::ChecklistFilter {
        result: q.opt("result"),
        reference: q.opt("reference"),
        site: q.opt("site").and_then(|s| uuid::Uuid::parse_str(&s).ok()),
    };
    let c = match fw::checklist(&st.ctx, &p, AuditId(*id), &filter).await {
        Ok(c) => c,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let sites = super::panel(
        "client sites",
        certa_service::clients::get(&st.ctx, &p, ClientId(c.audit.client_id))
            .await
            .map(|f| f.sites),
    );
    let filtered = filter.result.is_some()
        || filter
            .reference
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty())
        || filter.site.is_some();
    let groups = checklist_groups(&tr, &c.items, &sites, c.can_conduct, filtered);
    let evidence: Vec<Value> = super::panel(
        "audit evidence",
        certa_service::evidence::audit_evidence(&st.ctx, &p, AuditId(c.audit.id)).await,
    )
    .iter()
    .map(|(kind, target, i, vs)| {
        let about = if *kind == TargetKind::Nonconformity {
            c.nonconformities.iter().find(|n| n.id == *target).map(|n| {
                tr.f(
                    "msg-fieldwork-evidence-about-nc",
                    &[("number", n.number.into())],
                )
            })
        } else {
            c.items
                .iter()
                .find(|x| x.id == *target)
                .map(|x| x.reference.clone())
        };
        let mut row = evidence_rows(&p, &[(i.clone(), vs.clone())]).remove(0);
        row["about"] = json!(about);
        row
    })
    .collect();
    let percent = (c.answered * 100).checked_div(c.total).unwrap_or(0);
    page(
        &st,
        &req,
        Some(&p),
        "pages/workspace",
        &tr.f(
            "msg-fieldwork-workspace-title",
            &[
                ("kind", tr.label(c.audit.kind).into()),
                ("client", c.client_name.as_str().into()),
            ],
        ),
        "applications",
        json!({
            "audit": {"id": c.audit.id, "kind": tr.label(c.audit.kind), "client": c.client_name,
                "client_id": c.audit.client_id, "starts_on": c.audit.starts_on, "ends_on": c.audit.ends_on},
            "groups": groups, "shown": c.items.len(), "filtered": filtered,
            "counts": c.counts.iter().map(|(r, n)| json!({"label": tr.label(*r), "n": n, "value": r.as_str()})).collect::<Vec<_>>(),
            "has_items": c.total > 0, "answered": c.answered, "total": c.total, "percent": percent,
            "can_conduct": c.can_conduct, "ncs": c.nonconformities.iter().map(|n| nc_row(&tr, n)).collect::<Vec<_>>(),
            "blockers": c.decision_blockers.iter().map(|b| tr.reword(b)).collect::<Vec<_>>(), "evidence": evidence,
            "filter": {"result": filter.result, "reference": filter.reference},
            "filter_results": result_options(&tr, filter.result.as_deref()),
            "filter_unanswered": filter.result.as_deref() == Some("unanswered"),
            "site_filter": sites.iter().map(|s| json!({"id": s.id, "name": s.name, "selected": filter.site == Some(s.id)})).collect::<Vec<_>>(),
        }),
    )
}

/// The checklist's items in their groups (top-level clause, control group), in order.
/// A group is open when it has an item without result or when the list is filtered, so
/// that a long checklist shows what is left to do and folds what is done.
fn checklist_groups(
    tr: &Tr<'_>,
    items: &[certa_service::records::Item],
    sites: &[certa_service::records::Site],
    can_conduct: bool,
    filtered: bool,
) -> Vec<Value> {
    use certa_domain::checklists::item_group;
    let mut groups: Vec<(String, String, Vec<Value>, usize, usize, usize)> = Vec::new();
    for i in items {
        let (key, _) = item_group(i.section, &i.reference);
        if groups.last().is_none_or(|g| g.0 != key) {
            let label = group_label(tr, i.section, &i.reference);
            groups.push((key, label, Vec::new(), 0, 0, 0));
        }
        let Some(g) = groups.last_mut() else { continue };
        g.3 += 1;
        g.4 += usize::from(i.result.is_some());
        g.5 += usize::from(matches!(
            i.result,
            Some(ItemResult::MinorNc | ItemResult::MajorNc)
        ));
        g.2.push(json!({"id": i.id, "reference": i.reference, "title": i.title, "question": i.question,
            "standards": i.standards.join(", "),
            "notes": i.notes, "requested": i.evidence_requested, "due": i.evidence_due,
            "result_label": i.result.map(|r| tr.label(r)),
            "result_value": i.result.map(|r| r.as_str()),
            "results": result_options(tr, i.result.map(|r| r.as_str())),
            "sites": sites.iter().map(|s| json!({"id": s.id, "name": s.name, "selected": i.site_id == Some(s.id)})).collect::<Vec<_>>(),
            "nc_possible": can_conduct}));
    }
    groups
        .into_iter()
        .enumerate()
        .map(|(n, (key, label, items, total, answered, ncs))| {
            json!({"n": n, "key": key, "label": label, "items": items, "total": total,
                "answered": answered, "ncs": ncs, "open": filtered || answered < total})
        })
        .collect()
}

/// The heading of a checklist group in the reader's language: the words of
/// [`item_group`](certa_domain::checklists::item_group)'s heading ("Clause 8 Operation",
/// "Annex A, A.6"), from the same section and reference.
fn group_label(
    tr: &Tr<'_>,
    section: certa_domain::checklists::ItemSection,
    reference: &str,
) -> String {
    use certa_domain::checklists::ItemSection;
    match section {
        ItemSection::Readiness => tr.t("msg-fieldwork-group-readiness"),
        ItemSection::FollowUp => tr.t("msg-fieldwork-group-follow-up"),
        ItemSection::Clause => {
            let top = reference.split('.').next().unwrap_or(reference).trim();
            // The top-level clauses of the harmonised structure have a title.
            if ["4", "5", "6", "7", "8", "9", "10"].contains(&top) {
                tr.f(
                    "msg-fieldwork-group-clause-titled",
                    &[
                        ("clause", top.into()),
                        ("title", tr.t(&format!("msg-fieldwork-clause-{top}")).into()),
                    ],
                )
            } else if top.is_empty() {
                tr.t("msg-fieldwork-group-other-clauses")
            } else {
                tr.f("msg-fieldwork-group-clause", &[("clause", top.into())])
            }
        }
        ItemSection::Control => {
            let mut parts = reference.split('.');
            let group = match (parts.next(), parts.next()) {
                (Some(a), Some(b)) => format!("{a}.{b}"),
                (Some(a), None) => a.to_string(),
                _ => reference.to_string(),
            };
            tr.f("msg-fieldwork-group-annex", &[("group", group.into())])
        }
    }
}

/// `POST /audits/{id}/checklist`: create the checklist.
#[post("/audits/{id}/checklist")]
pub async fn create_checklist(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let back = format!("/audits/{}/workspace", *id);
    let result = fw::create_checklist(&st.ctx, &p, AuditId(*id)).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |n| {
        tr.f("msg-fieldwork-checklist-created", &[("count", n.into())])
    })
}

/// `POST /audits/{id}/answers`: the bulk entry; only rows that changed are recorded.
#[post("/audits/{id}/answers")]
pub async fn save_answers(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}/workspace", *id);
    let tr = super::tr(&st, &req, Some(&p));
    let current =
        match fw::checklist(&st.ctx, &p, AuditId(*id), &fw::ChecklistFilter::default()).await {
            Ok(c) => c,
            Err(e) => return super::service_error(&st, &req, &p, &back, e),
        };
    let mut answers = Vec::new();
    for raw in f.all("item") {
        let Ok(item_id) = uuid::Uuid::parse_str(&raw) else {
            continue;
        };
        let Some(it) = current.items.iter().find(|i| i.id == item_id) else {
            continue;
        };
        let a = fw::AnswerInput {
            item_id,
            result: f.opt(&format!("result_{item_id}")),
            notes: f.opt(&format!("notes_{item_id}")),
            site_id: f
                .opt(&format!("site_{item_id}"))
                .and_then(|s| uuid::Uuid::parse_str(&s).ok()),
            evidence_requested: f.checked(&format!("req_{item_id}")),
            evidence_due: f.opt(&format!("due_{item_id}")),
        };
        let unchanged = a.result.as_deref() == it.result.map(|r| r.as_str())
            && a.notes.as_deref().map(str::trim) == it.notes.as_deref()
            && a.site_id == it.site_id
            && a.evidence_requested == it.evidence_requested
            && (!a.evidence_requested || a.evidence_due == it.evidence_due);
        if !unchanged {
            answers.push(a);
        }
    }
    if answers.is_empty() {
        return redirect(
            &st,
            &back,
            Some(Flash::ok(tr.t("msg-fieldwork-nothing-changed"))),
        );
    }
    let result = fw::answer(&st.ctx, &p, AuditId(*id), &answers).await;
    super::outcome(&st, &req, &p, &back, result, |n| {
        tr.f("msg-fieldwork-answers-saved", &[("count", n.into())])
    })
}

/// `GET /audits/{id}/items/{item_id}/nonconformity`: the form to raise a nonconformity.
#[get("/audits/{id}/items/{item_id}/nonconformity")]
pub async fn raise_form(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> HttpResponse {
    let (id, item) = path.into_inner();
    let c = match fw::checklist(&st.ctx, &p, AuditId(id), &fw::ChecklistFilter::default()).await {
        Ok(c) => c,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let Some(it) = c.items.iter().find(|i| i.id == item) else {
        return super::service_error(
            &st,
            &req,
            &p,
            "/",
            ServiceError::not_found("checklist item", ErrorCode::ItemNotFound),
        );
    };
    page(
        &st,
        &req,
        Some(&p),
        "pages/nc_raise",
        &super::tr(&st, &req, Some(&p)).t("msg-fieldwork-raise-title"),
        "applications",
        json!({
            "audit_id": id, "item": {"id": it.id, "reference": it.reference, "title": it.title, "notes": it.notes},
            "major": it.result.is_some_and(|r| r == ItemResult::MajorNc),
        }),
    )
}

/// A nonconformity raised from a checklist item.
#[derive(Deserialize)]
pub struct RaiseForm {
    #[serde(default)]
    grade: String,
    #[serde(default, deserialize_with = "blank_none")]
    reference: Option<String>,
    #[serde(default)]
    statement: String,
    #[serde(default)]
    evidence: String,
}

/// `POST /audits/{id}/items/{item_id}/nonconformity`.
#[post("/audits/{id}/items/{item_id}/nonconformity")]
pub async fn raise(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm<RaiseForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let (id, item) = path.into_inner();
    let back = format!("/audits/{id}/items/{item}/nonconformity");
    let result = fw::raise(
        &st.ctx,
        &p,
        AuditId(id),
        item,
        fw::RaiseInput {
            grade: f.grade,
            reference: f.reference,
            statement: f.statement,
            evidence: f.evidence,
            site_id: None,
        },
    )
    .await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |nc| {
        Done::to(
            format!("/nonconformities/{}", nc.id),
            tr.f("msg-fieldwork-raised", &[("number", nc.number.into())]),
        )
    })
}

/// `GET /nonconformities/{id}`: the nonconformity with the forms its state allows.
#[get("/nonconformities/{id}")]
pub async fn nc_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    let f = match fw::nonconformity(&st.ctx, &p, *id).await {
        Ok(f) => f,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let evidence = super::panel(
        "nonconformity evidence",
        certa_service::evidence::of_target(
            &st.ctx,
            &p,
            certa_service::evidence::Target::Nonconformity(*id),
        )
        .await,
    );
    let n = &f.nc;
    let s = n.status;
    let tr = super::tr(&st, &req, Some(&p));
    page(
        &st,
        &req,
        Some(&p),
        "pages/nonconformity",
        &tr.f("msg-fieldwork-nc-title", &[("number", n.number.into())]),
        "applications",
        json!({
            "nc": {"id": n.id, "number": n.number, "grade": tr.label(n.grade), "reference": n.reference, "statement": n.statement,
                "evidence": n.evidence, "status": tr.label(s), "due": n.response_due, "correction": n.correction,
                "root_cause": n.root_cause, "corrective_action": n.corrective_action, "planned_date": n.planned_date,
                "responded_by": n.responded_by, "review_comment": n.review_comment, "implementation": n.implementation,
                "verification_method": n.verification_method, "verification_comment": n.verification_comment,
                "escalation_reason": n.escalation_reason, "raised_by": n.raised_by, "minor": n.grade == Grade::Minor},
            "audit": {"id": f.audit.id, "kind": tr.label(f.audit.kind)}, "client": f.client_name,
            // The header's chips: grade, status, and the answer's due date while the client
            // has to act (overdue once past).
            "chips": {"grade": tr.label(n.grade), "grade_key": n.grade.as_str(), "status": tr.label(s), "status_key": s.as_str(),
                "waiting": s.awaits_client(),
                "overdue": s.awaits_client() && n.response_due.as_str() < chrono::Utc::now().date_naive().to_string().as_str()},
            "is_client": p.tenant.as_ref().is_some_and(|t| t.client.is_some()),
            "can_respond": f.can_respond && s.awaits_client(),
            "can_review": f.can_conduct && s == NcStatus::ResponseSubmitted,
            "can_implement": f.can_respond && s == NcStatus::PlanAccepted,
            "can_verify": f.can_conduct && s == NcStatus::Implemented,
            "can_escalate": f.can_conduct && n.grade == Grade::Minor && s != NcStatus::Closed,
            "evidence": evidence_rows(&p, &evidence), "can_upload": (f.can_respond || f.can_conduct) && s != NcStatus::Closed,
            "direct": certa_service::evidence::browser_direct(&st.ctx), "back": format!("/nonconformities/{}", n.id),
        }),
    )
}

/// `POST /nonconformities/{id}/{step}`: response, review, implementation, verification,
/// escalation.
#[post("/nonconformities/{id}/{step}")]
pub async fn nc_step(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, String)>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let (id, step) = path.into_inner();
    let back = format!("/nonconformities/{id}");
    let action = match step.as_str() {
        "response" => NcAction::Respond {
            correction: f.get("correction"),
            root_cause: f.get("root_cause"),
            corrective_action: f.get("corrective_action"),
            planned_date: f.get("planned_date"),
        },
        "review" => NcAction::Review {
            accept: f.get("decision") == "accept",
            comment: f.opt("comment"),
        },
        "implementation" => NcAction::Implement {
            statement: f.get("statement"),
        },
        "verification" => NcAction::Verify {
            method: f.get("method"),
            effective: f.get("effective") == "yes",
            comment: f.opt("comment"),
        },
        "escalation" => NcAction::Escalate {
            reason: f.get("reason"),
        },
        _ => return super::not_found_page(&st, &req),
    };
    let result = fw::act(&st.ctx, &p, id, action).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |n| {
        tr.f(
            "msg-fieldwork-nc-now",
            &[
                ("number", n.number.into()),
                ("status", tr.label(n.status).into()),
            ],
        )
    })
}

/// `GET /audits/{id}/report`: the audit report (17021-1 9.4.8), printable.
#[get("/audits/{id}/report")]
pub async fn report(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    let tr = super::tr(&st, &req, Some(&p));
    match fw::report(&st.ctx, &p, AuditId(*id)).await {
        Ok(r) => page(
            &st,
            &req,
            Some(&p),
            "pages/audit_report",
            &tr.t("msg-fieldwork-report-title"),
            "applications",
            report_json(&tr, r),
        ),
        Err(e) => super::service_error(&st, &req, &p, "/", e),
    }
}

/// The report's page data: the use case's report with its labels and sentences. The
/// objectives and the recommendation are the use case's sentences in the reader's
/// language, chosen by the same facts (the kind; answers, and what blocks the decision).
fn report_json(tr: &Tr<'_>, r: fw::AuditReport) -> Value {
    let finding = |f: &fw::ReportFinding| json!({"reference": f.reference, "title": f.title, "result": f.result.map(|r| tr.label(r)), "notes": f.notes});
    let objectives = if r.kind == certa_domain::programme::EntryKind::Stage1 {
        tr.t("msg-fieldwork-report-objectives-stage-1")
    } else {
        tr.t("msg-fieldwork-report-objectives")
    };
    let progress = [("answered", r.answered.into()), ("total", r.total.into())];
    let recommendation = if !(r.total > 0 && r.answered == r.total) {
        tr.f("msg-fieldwork-report-not-yet", &progress)
    } else if r.decision_blockers.is_empty() {
        tr.t("msg-fieldwork-report-recommends")
    } else {
        tr.f(
            "msg-fieldwork-report-blocked",
            &[("blockers", r.decision_blockers.join("; ").into())],
        )
    };
    json!({
        "cb": r.certification_body, "client": r.client, "address": r.address,
        "representative": r.representative,
        "kind": tr.label(r.kind), "criteria": r.standards.join(", "), "objectives": objectives,
        "integrated": r.integrated,
        "scope": r.scope.iter().map(|s| format!("{}: {}", s.standard, s.scope)).collect::<Vec<_>>(),
        "team": r.team.iter().map(|m| format!("{} ({})", m.name, tr.label(m.role))).collect::<Vec<_>>(),
        "dates": tr.f("msg-fieldwork-report-dates", &[("from", r.starts_on.as_str().into()), ("to", r.ends_on.as_str().into())]),
        "places": r.places.iter().map(|s| format!("{} ({}, {})", s.name, tr.label(s.kind), s.country)).collect::<Vec<_>>(),
        "remote": r.remote,
        "findings": r.findings.iter().map(finding).collect::<Vec<_>>(),
        "ncs": r.nonconformities.iter().map(|n| json!({"id": n.id, "number": n.number, "grade": tr.label(n.grade),
            "reference": n.reference, "statement": n.statement, "status": tr.label(n.status),
            "due": n.response_due, "open": n.status != NcStatus::Closed})).collect::<Vec<_>>(),
        "nc_summary": tr.f("msg-fieldwork-report-nc-summary", &[("count", r.nonconformities.len().into()), ("majors", r.majors.into()), ("minors", r.minors.into())]),
        "progress": tr.f("msg-fieldwork-report-progress", &progress),
        "carried": r.carried.iter().map(finding).collect::<Vec<_>>(),
        "recommendation": recommendation,
    })
}

/// `GET /portal`: the client portal.
#[get("/portal")]
pub async fn portal(st: web::Data<AppState>, req: HttpRequest, Signed(p): Signed) -> HttpResponse {
    let tr = super::tr(&st, &req, Some(&p));
    let v = match fw::portal(&st.ctx, &p).await {
        Ok(v) => v,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let item_ids: Vec<uuid::Uuid> = v.requests.iter().map(|i| i.id).collect();
    let evidence = super::panel(
        "requested evidence",
        certa_service::evidence::for_items(&st.ctx, &p, &item_ids).await,
    );
    let direct = certa_service::evidence::browser_direct(&st.ctx);
    let certificates = super::certification::certificate_rows_in(
        &tr,
        &super::panel(
            "organisation certificates",
            certa_service::certification::certificates::of_my_organisation(&st.ctx, &p).await,
        ),
    );
    // What the organisation has to do, first: its next audit, the evidence still to send
    // and the nonconformities waiting for its answer, each with its earliest date.
    let next_audit = super::next_audit(&v.audits).map(|a| json!({"kind": super::capitalised(&tr.label(a.kind)), "starts_on": a.starts_on, "ends_on": a.ends_on}));
    let to_send: Vec<_> = v
        .requests
        .iter()
        .filter(|i| !evidence.iter().any(|(t, _, _)| *t == i.id))
        .collect();
    let to_answer: Vec<_> = v
        .nonconformities
        .iter()
        .filter(|n| n.status.awaits_client())
        .collect();
    let todo = json!({
        "next_audit": next_audit,
        "evidence": to_send.len(),
        "evidence_first": to_send.iter().filter_map(|i| i.evidence_due.clone()).min(),
        "ncs": to_answer.len(),
        "ncs_first": to_answer.iter().map(|n| n.response_due.clone()).min(),
    });
    page(
        &st,
        &req,
        Some(&p),
        "pages/portal",
        &tr.f(
            "msg-fieldwork-portal-title",
            &[("client", v.client_name.as_str().into())],
        ),
        "portal",
        json!({
            "client": v.client_name,
            "audits": v.audits.iter().map(|a| json!({"kind": tr.label(a.kind), "starts_on": a.starts_on, "ends_on": a.ends_on, "status": tr.label(a.status)})).collect::<Vec<_>>(),
            "requests": v.requests.iter().map(|i| {
                let mine: Vec<_> = evidence.iter().filter(|(t, _, _)| *t == i.id).map(|(_, e, vs)| (e.clone(), vs.clone())).collect();
                json!({"id": i.id, "reference": i.reference, "title": i.title, "due": i.evidence_due, "notes": i.notes,
                    "evidence": evidence_rows(&p, &mine), "direct": direct})
            }).collect::<Vec<_>>(),
            "ncs": v.nonconformities.iter().map(|n| nc_row(&tr, n)).collect::<Vec<_>>(),
            "certificates": certificates,
            "todo": todo,
        }),
    )
}

/// Whom to invite.
#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    email: String,
}

/// `POST /clients/{id}/users`: invite a client user.
#[post("/clients/{id}/users")]
pub async fn invite_client_user(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<EmailForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let result =
        certa_service::members::invite_client_user(&st.ctx, &p, ClientId(*id), &f.email).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |i| {
        tr.f("msg-fieldwork-client-invited", &[("email", i.email.into())])
    })
}

/// `GET /checklist-templates`: the built-in templates and the tenant's copies.
#[get("/checklist-templates")]
pub async fn templates_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    let l = match fw::templates(&st.ctx, &p).await {
        Ok(l) => l,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let can_manage = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(certa_domain::Action::ManageSettings));
    let rows: Vec<Value> = l
        .iter()
        .map(|v| {
            json!({"id": v.id, "name": v.template.name, "standard": v.template.standard,
            "audit_type": v.template.audit_type.as_str(), "items": v.template.items.len()})
        })
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/checklist_templates",
        &super::tr(&st, &req, Some(&p)).t("msg-fieldwork-templates-title"),
        "settings",
        json!({"templates": rows, "can_manage": can_manage}),
    )
}

/// Which built-in template to copy.
#[derive(Deserialize)]
pub struct CopyForm {
    #[serde(default)]
    standard: String,
    #[serde(default)]
    audit_type: String,
}

/// `POST /checklist-templates`: copy a built-in template.
#[post("/checklist-templates")]
pub async fn copy_template(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<CopyForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let result = fw::copy_template(&st.ctx, &p, &f.standard, &f.audit_type).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/checklist-templates", result, |v| {
        Done::to(
            format!("/checklist-templates/{}", v.id.unwrap_or_default()),
            tr.t("msg-fieldwork-template-copied"),
        )
    })
}

fn item_lines(items: &[certa_domain::checklists::TemplateItem]) -> String {
    items
        .iter()
        .map(|i| {
            format!(
                "{} | {} | {} | {}",
                i.section.as_str(),
                i.reference,
                i.title,
                i.question
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `GET /checklist-templates/{id}`: edit one of the tenant's templates.
#[get("/checklist-templates/{id}")]
pub async fn template_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    match fw::template(&st.ctx, &p, *id).await {
        Ok(v) => page(
            &st,
            &req,
            Some(&p),
            "pages/checklist_template",
            &v.template.name,
            "settings",
            json!({
            "id": *id, "name": v.template.name, "standard": v.template.standard,
            "audit_type": v.template.audit_type.as_str(), "lines": item_lines(&v.template.items),
            "count": v.template.items.len()}),
        ),
        Err(e) => super::service_error(&st, &req, &p, "/checklist-templates", e),
    }
}

/// A template's name and its item lines.
#[derive(Deserialize)]
pub struct TemplateForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    items: String,
}

/// `POST /checklist-templates/{id}`: save the name and the item lines
/// (`section | reference | title | question`).
#[post("/checklist-templates/{id}")]
pub async fn save_template(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<TemplateForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/checklist-templates/{}", *id);
    let tr = super::tr(&st, &req, Some(&p));
    let mut items = Vec::new();
    for (n, line) in f
        .items
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let parts: Vec<&str> = line.splitn(4, '|').map(str::trim).collect();
        let section = parts
            .first()
            .and_then(|s| certa_domain::checklists::Section::parse(s));
        match (section, parts.len()) {
            (Some(section), 4) => items.push(certa_domain::checklists::TemplateItem {
                section,
                reference: parts[1].to_string(),
                title: parts[2].to_string(),
                question: parts[3].to_string(),
            }),
            _ => {
                return redirect(
                    &st,
                    &back,
                    Some(Flash::err(tr.f(
                        "msg-fieldwork-template-bad-line",
                        &[("line", (n + 1).into())],
                    ))),
                );
            }
        }
    }
    let result = fw::update_template(&st.ctx, &p, *id, &f.name, items).await;
    super::outcome(&st, &req, &p, &back, result, |v| {
        tr.f(
            "msg-fieldwork-template-saved",
            &[("count", v.template.items.len().into())],
        )
    })
}

fn evidence_rows(
    p: &certa_service::Principal,
    l: &[(
        certa_service::records::EvidenceItem,
        Vec<certa_service::records::Version>,
    )],
) -> Vec<Value> {
    l.iter()
        .map(|(i, vs)| {
            json!({"id": i.id, "title": i.title, "by": i.created_by,
                "versions": vs.iter().filter(|v| v.status == VersionStatus::Available).map(|v| json!({"id": v.id, "version": v.version,
                    "filename": v.filename, "size": v.size, "type": v.content_type, "sha256": v.sha256,
                    "at": v.completed_at.map(|t| super::when(p, t))})).collect::<Vec<_>>()})
        })
        .collect()
}
