//! Pages from the audit file to the certificate: the reviewers' and decision makers' work
//! queue, the audit file (the lead auditor's submission and the technical review), the
//! decision form, the certificate register with its exports, the certificate page with
//! its revisions, history and lifecycle actions, and the PDF documents.
//!
//! A refused form is shown again with what was typed and the problem next to its field
//! (and in a summary at the top linking to it); nothing is lost.

use super::{Fields, Flash, SessionForm, Signed, page, redirect};
use crate::AppState;
use crate::render::Tr;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::certification::{
    self as cert, CertificateEvent, CertificateStatus, DecisionKind,
};
use certa_domain::{Action, AuditId, CertificateId, ProgrammeId, Role};
use certa_service::certification::certificates::{self as certs, CertificateContent, ListQuery};
use certa_service::certification::decisions::{self, DecideInput};
use certa_service::certification::reports::{self, ReviewInput, SubmitInput};
use certa_service::records::Certificate;
use certa_service::{Principal, ServiceError};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// A refused form: the field the problem is at (an element id of the page) and what to do.
struct Refusal {
    field: String,
    message: String,
}

/// Capitalises the first letter of a sentence.
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>(),
        None => String::new(),
    }
}

/// The refusal of a use case when it concerns what was typed (a field, or the form as a
/// whole for a conflict); other errors are answered as usual.
fn refusal(e: ServiceError, ids: &[(&str, &str)], whole: &str) -> Result<Refusal, ServiceError> {
    match e {
        ServiceError::Invalid { field, message, .. } => Ok(Refusal {
            field: ids
                .iter()
                .find(|(f, _)| *f == field)
                .map_or(whole, |(_, id)| id)
                .to_string(),
            message: sentence(&message),
        }),
        ServiceError::Conflict { message, .. } => Ok(Refusal {
            field: whole.to_string(),
            message: sentence(&message),
        }),
        other => Err(other),
    }
}

/// The template data of a refusal: `errors.{id}` next to the field, `error_summary` on top.
fn errors_json(r: Option<&Refusal>) -> Value {
    match r {
        None => json!({"errors": {}, "error_summary": []}),
        Some(r) => {
            let mut errors = Map::new();
            errors.insert(r.field.clone(), json!(r.message));
            json!({"errors": errors, "error_summary": [{"id": r.field, "message": r.message}]})
        }
    }
}

/// A form's page with the refusal, if any, merged into its data: answered 422 when the
/// form was refused, so what was typed shows again with the problem at its field.
#[allow(clippy::too_many_arguments)]
fn form_page(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    template: &str,
    title: &str,
    active: &str,
    mut data: Value,
    refused: Option<&Refusal>,
) -> HttpResponse {
    if let (Value::Object(d), Value::Object(e)) = (&mut data, errors_json(refused)) {
        d.extend(e);
    }
    let mut resp = page(st, req, Some(p), template, title, active, data);
    if refused.is_some() {
        *resp.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    resp
}

/// The answer when an export could not be written (logged with its causes).
fn export_failed(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    e: &dyn std::error::Error,
) -> HttpResponse {
    crate::error::log_unexpected(e);
    let tr = super::tr(st, req, Some(p));
    super::page_with_status(
        st,
        req,
        Some(p),
        StatusCode::INTERNAL_SERVER_ERROR,
        &tr.t("msg-certification-export-failed-title"),
        &tr.t("msg-certification-export-failed"),
    )
}

fn allows(p: &Principal, a: Action) -> bool {
    p.tenant.as_ref().is_some_and(|t| t.roles.allows(a))
}

fn timestamp(p: &Principal, t: chrono::DateTime<chrono::Utc>) -> String {
    super::when(p, t)
}

/// A day with the month in full, as the reader's language writes it.
fn long_date(tr: &Tr<'_>, d: chrono::NaiveDate) -> String {
    crate::render::format::long_day(tr.lang(), d)
}

fn date_text(tr: &Tr<'_>, s: &str) -> String {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_or_else(|_| s.to_string(), |d| long_date(tr, d))
}

/// Two days as a span: `7 December 2026 to 9 December 2026`.
fn date_span(tr: &Tr<'_>, from: String, to: String) -> String {
    tr.f(
        "msg-certification-dates",
        &[("from", from.into()), ("to", to.into())],
    )
}

/// The name of a section of the audit file that reviewers comment on, by its key in
/// [`reports::SECTIONS`].
fn section_label(tr: &Tr<'_>, key: &str) -> String {
    tr.t(&format!("msg-certification-section-{key}"))
}

/// A section named by its label in [`reports::SECTIONS`] (as a revision's comments name
/// it), in the reader's language.
fn section_by_label(tr: &Tr<'_>, label: &str) -> String {
    reports::SECTIONS
        .iter()
        .find(|(_, l)| *l == label)
        .map_or_else(|| label.to_string(), |(key, _)| section_label(tr, key))
}

// ---------------------------------------------------------------------------------------
// The work queue

/// `GET /decisions`: audit files waiting for the technical review or the decision.
#[get("/decisions")]
pub async fn queue_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    let list = match reports::pending(&st.ctx, &p).await {
        Ok(l) => l,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let tr = super::tr(&st, &req, Some(&p));
    let can_review = allows(&p, Action::ReviewAuditFiles);
    let can_decide = allows(&p, Action::DecideCertification);
    let row = |f: &reports::PendingFile| {
        let for_review = f.waiting_for == "review";
        json!({
            "audit_id": f.audit_id, "programme_id": f.programme_id, "client_id": f.client_id,
            "client": f.client_name, "kind": tr.label(f.kind), "standards": f.standards.join(", "),
            "ended": date_text(&tr, &f.ends_on), "revision": f.revision,
            "recommendation": sentence(&tr.label(f.recommendation)),
            "submitted": timestamp(&p, f.submitted_at), "blockers": f.blockers.iter().map(|b| tr.reword(b)).collect::<Vec<_>>(),
            "review": for_review, "can_act": if for_review { can_review } else { can_decide },
        })
    };
    let reviews: Vec<Value> = list
        .iter()
        .filter(|f| f.waiting_for == "review")
        .map(row)
        .collect();
    let deciding: Vec<Value> = list
        .iter()
        .filter(|f| f.waiting_for != "review")
        .map(row)
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/decisions",
        &tr.t("msg-certification-queue-title"),
        "decisions",
        json!({"review_count": reviews.len(), "decide_count": deciding.len(), "reviews": reviews, "decide": deciding}),
    )
}

// ---------------------------------------------------------------------------------------
// The audit file: submission and technical review

const SUBMIT_IDS: &[(&str, &str)] = &[
    ("recommendation", "recommendation"),
    ("summary", "summary"),
    ("response", "response"),
];

const REVIEW_IDS: &[(&str, &str)] = &[("outcome", "outcome"), ("comments", "comment-general")];

/// Renders the audit file page with the forms' values and a refusal, if any.
async fn render_file(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    id: AuditId,
    typed: Option<&Fields>,
    refused: Option<&Refusal>,
) -> HttpResponse {
    let f = match reports::file(&st.ctx, p, id).await {
        Ok(f) => f,
        Err(e) => return super::service_error(st, req, p, "/decisions", e),
    };
    let tr = super::tr(st, req, Some(p));
    let r = &f.report;
    let latest = f.revisions.first();
    let complete = r.total > 0 && r.answered == r.total;
    let can_submit = f.is_lead
        && !f.decided
        && latest.is_none_or(|x| x.status == certa_domain::certification::ReportStatus::Returned);
    let resubmission = latest.is_some_and(|x| x.status == cert::ReportStatus::Returned);
    let waiting_decision =
        !f.decided && latest.is_some_and(|x| x.status == cert::ReportStatus::Passed);
    let state = if f.decided {
        tr.t("msg-certification-file-decided")
    } else {
        match latest {
            None => tr.t("msg-certification-file-not-submitted"),
            Some(x) => {
                let id = match x.status {
                    cert::ReportStatus::Submitted => "msg-certification-file-submitted",
                    cert::ReportStatus::Returned => "msg-certification-file-returned",
                    cert::ReportStatus::Passed => "msg-certification-file-passed",
                };
                tr.f(id, &[("revision", x.revision.into())])
            }
        }
    };
    let revisions: Vec<Value> = f
        .revisions
        .iter()
        .map(|x| {
            json!({
                "revision": x.revision, "status": sentence(&tr.label(x.status)),
                "returned": x.status == cert::ReportStatus::Returned,
                "recommendation": sentence(&tr.label(x.recommendation)), "summary": x.summary,
                "response": x.response, "submitted_by": x.submitted_by,
                "submitted_at": timestamp(p, x.submitted_at), "reviewed_by": x.reviewed_by,
                "reviewed_at": x.reviewed_at.map(|t| timestamp(p, t)),
                "comments": x.comments.iter().map(|(s, c)| json!({"section": section_by_label(&tr, s), "comment": c})).collect::<Vec<_>>(),
            })
        })
        .collect();
    // A new revision starts from the returned one.
    let previous = latest.filter(|_| resubmission && typed.is_none());
    let value = |name: &str| match (typed, previous) {
        (Some(t), _) => t.get(name),
        (None, Some(x)) if name == "recommendation" => x.recommendation.as_str().to_string(),
        (None, Some(x)) if name == "summary" => x.summary.clone(),
        _ => String::new(),
    };
    let recommendation = value("recommendation");
    let outcome = value("outcome");
    let sections: Vec<Value> = reports::SECTIONS
        .iter()
        .map(|(key, _)| {
            json!({"key": key, "label": section_label(&tr, key), "id": format!("comment-{key}"),
                "value": value(&format!("comment_{key}"))})
        })
        .collect();
    let can_decide = allows(p, Action::DecideCertification);
    let data = json!({
        "audit": {"id": r.audit_id, "client": r.client, "kind": tr.label(r.kind),
            "standards": r.standards.join(", "),
            "dates": date_span(&tr, date_text(&tr, &r.starts_on), date_text(&tr, &r.ends_on)),
            "team": r.team.iter().map(|m| format!("{} ({})", m.name, tr.label(m.role))).collect::<Vec<_>>().join(", "),
            "progress": tr.f("msg-certification-file-progress", &[("answered", r.answered.into()), ("total", r.total.into())]),
            "nc_summary": match r.nonconformities.len() {
                0 => tr.t("msg-certification-file-ncs-none"),
                n => tr.f("msg-certification-file-ncs", &[("count", n.into()), ("majors", r.majors.into()), ("minors", r.minors.into())]),
            },
            "ncs": r.nonconformities.iter().map(|n| json!({"id": n.id, "number": n.number, "grade": sentence(&tr.label(n.grade)),
                "statement": n.statement, "status": sentence(&tr.label(n.status))})).collect::<Vec<_>>(),
            "blockers": r.decision_blockers.iter().map(|b| tr.reword(b)).collect::<Vec<_>>()},
        "programme_id": f.programme_id,
        "state": state, "revisions": revisions,
        "can_submit": can_submit, "complete": complete, "resubmission": resubmission,
        "may_review": f.may_review, "review_refusal": f.review_refusal,
        "decide_link": waiting_decision && can_decide,
        "form": {"recommend": recommendation == "recommend", "do_not_recommend": recommendation == "do_not_recommend",
            "summary": value("summary"), "response": value("response"),
            "passed": outcome == "passed", "returned": outcome == "returned"},
        "sections": sections,
    });
    form_page(
        st,
        req,
        p,
        "pages/audit_file",
        &tr.f(
            "msg-certification-file-title",
            &[
                ("kind", tr.label(r.kind).into()),
                ("client", (&r.client).into()),
            ],
        ),
        "decisions",
        data,
        refused,
    )
}

/// `GET /audits/{id}/file`: the audit file.
#[get("/audits/{id}/file")]
pub async fn file_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    render_file(&st, &req, &p, AuditId(*id), None, None).await
}

/// `POST /audits/{id}/file/submit`: the lead auditor submits the report.
#[post("/audits/{id}/file/submit")]
pub async fn submit(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}/file", *id);
    let input = SubmitInput {
        recommendation: f.get("recommendation"),
        summary: f.get("summary"),
        response: f.opt("response"),
    };
    match reports::submit(&st.ctx, &p, AuditId(*id), input).await {
        Ok(r) => {
            let tr = super::tr(&st, &req, Some(&p));
            redirect(
                &st,
                &back,
                Some(Flash::ok(tr.f(
                    "msg-certification-report-submitted",
                    &[("revision", r.revision.into())],
                ))),
            )
        }
        Err(e) => match refusal(e, SUBMIT_IDS, "summary") {
            Ok(r) => render_file(&st, &req, &p, AuditId(*id), Some(&f), Some(&r)).await,
            Err(e) => super::service_error(&st, &req, &p, &back, e),
        },
    }
}

/// `POST /audits/{id}/file/review`: the technical review, with comments per section.
#[post("/audits/{id}/file/review")]
pub async fn review(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/audits/{}/file", *id);
    let comments: BTreeMap<String, String> = reports::SECTIONS
        .iter()
        .filter_map(|(k, _)| f.opt(&format!("comment_{k}")).map(|c| (k.to_string(), c)))
        .collect();
    let input = ReviewInput {
        outcome: f.get("outcome"),
        comments,
    };
    match reports::review(&st.ctx, &p, AuditId(*id), input).await {
        Ok(r) => {
            let tr = super::tr(&st, &req, Some(&p));
            let notice = if r.status == cert::ReportStatus::Returned {
                tr.t("msg-certification-review-returned")
            } else {
                tr.t("msg-certification-review-passed")
            };
            redirect(&st, &back, Some(Flash::ok(notice)))
        }
        Err(e) => match refusal(e, REVIEW_IDS, "outcome") {
            Ok(r) => render_file(&st, &req, &p, AuditId(*id), Some(&f), Some(&r)).await,
            Err(e) => super::service_error(&st, &req, &p, &back, e),
        },
    }
}

/// `GET /audits/{id}/report.pdf`: the audit report as a PDF.
#[get("/audits/{id}/report.pdf")]
pub async fn report_pdf(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    match certa_service::certification::documents::report_pdf(&st.ctx, &p, AuditId(*id)).await {
        Ok((bytes, name)) => crate::v1::certificates::pdf_response(bytes, &name),
        Err(e) => super::service_error(&st, &req, &p, &format!("/audits/{}/file", *id), e),
    }
}

// ---------------------------------------------------------------------------------------
// The decision

const DECIDE_IDS: &[(&str, &str)] = &[
    ("kind", "kind"),
    ("audit_ids", "audits"),
    ("application_confirmed", "application_confirmed"),
    ("reasons", "reasons"),
    ("effective_date", "effective_date"),
    ("soa_version", "soa_version"),
    ("scope", "scope"),
    ("until", "until"),
    ("certificate_id", "certificate_id"),
];

/// A certificate's status for people, with the class of its chip.
fn status_json(tr: &Tr<'_>, s: CertificateStatus) -> Value {
    json!({"label": sentence(&tr.label(s)), "class": s.as_str()})
}

/// Where the file of an audit offered for a decision stands, in words.
fn file_state(tr: &Tr<'_>, a: &decisions::CandidateAudit) -> String {
    if a.decided {
        return tr.t("msg-certification-audit-decided");
    }
    match &a.report {
        None if a.audit.kind == certa_domain::programme::EntryKind::Stage1 => {
            tr.t("msg-certification-audit-no-report-needed")
        }
        None => tr.t("msg-certification-audit-not-submitted"),
        Some(r) => match r.status {
            cert::ReportStatus::Submitted => tr.f(
                "msg-certification-audit-submitted",
                &[("revision", r.revision.into())],
            ),
            cert::ReportStatus::Returned => tr.f(
                "msg-certification-audit-returned",
                &[("revision", r.revision.into())],
            ),
            cert::ReportStatus::Passed => tr.f(
                "msg-certification-audit-passed",
                &[
                    ("revision", r.revision.into()),
                    ("recommendation", tr.label(r.recommendation).into()),
                ],
            ),
        },
    }
}

/// Renders the decision form with what was typed and a refusal, if any.
async fn render_decide(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    id: ProgrammeId,
    typed: Option<&Fields>,
    refused: Option<&Refusal>,
) -> HttpResponse {
    let c = match decisions::prepare(&st.ctx, p, id).await {
        Ok(c) => c,
        Err(e) => return super::service_error(st, req, p, "/decisions", e),
    };
    let tr = super::tr(st, req, Some(p));
    let value = |name: &str| typed.map(|t| t.get(name)).unwrap_or_default();
    let chosen_audits: Vec<String> = typed.map(|t| t.all("audit_ids")).unwrap_or_default();
    let ready: Vec<&decisions::CandidateAudit> = c.audits.iter().filter(|a| a.ready()).collect();
    // Before anything is typed, the audits ready for a decision are ticked.
    let ticked = |a: &decisions::CandidateAudit| match typed {
        Some(_) => chosen_audits.contains(&a.audit.id.to_string()),
        None => a.ready(),
    };
    let audits: Vec<Value> = c
        .audits
        .iter()
        .map(|a| {
            json!({"id": a.audit.id, "kind": tr.label(a.audit.kind), "standards": a.audit.standards.join(", "),
                "dates": date_span(&tr, date_text(&tr, &a.audit.starts_on), date_text(&tr, &a.audit.ends_on)),
                "state": file_state(&tr, a), "ready": a.ready(), "checked": ticked(a),
                "blockers": a.blockers.iter().map(|b| tr.reword(b)).collect::<Vec<_>>(), "on_my_team": a.on_my_team,
                "recommendation": a.report.as_ref().map(|r| sentence(&tr.label(r.recommendation))),
                "summary": a.report.as_ref().map(|r| r.summary.clone())})
        })
        .collect();
    let kind_typed = value("kind");
    let has_certificate = c.certificates.iter().any(|x| {
        matches!(
            x.status,
            CertificateStatus::Active | CertificateStatus::Suspended
        )
    });
    // The kind offered first: grant on a programme without certificate when a stage 2 file
    // is ready; renew or maintain when their audit is ready.
    let suggested = if !kind_typed.is_empty() {
        kind_typed.clone()
    } else if ready
        .iter()
        .any(|a| a.audit.kind == certa_domain::programme::EntryKind::Recertification)
    {
        "renew".into()
    } else if ready.iter().any(|a| {
        matches!(
            a.audit.kind,
            certa_domain::programme::EntryKind::Surveillance1
                | certa_domain::programme::EntryKind::Surveillance2
        )
    }) {
        "maintain".into()
    } else if !has_certificate {
        "grant".into()
    } else {
        String::new()
    };
    let kinds: Vec<Value> = DecisionKind::VARIANTS
        .iter()
        .map(|k| json!({"value": k.as_str(), "label": sentence(&tr.label(*k)), "selected": k.as_str() == suggested}))
        .collect();
    let certificate_typed = value("certificate_id");
    let certificates: Vec<Value> = c
        .certificates
        .iter()
        .map(|x| {
            json!({"id": x.id, "number": cert::display_number(&x.number, x.revision),
                "status": status_json(&tr, x.status), "standards": x.standards.join(", "),
                "expiry": long_date(&tr, x.expiry_date), "selected": certificate_typed == x.id.to_string()})
        })
        .collect();
    let history: Vec<Value> = c
        .decisions
        .iter()
        .map(|d| {
            json!({"kind": sentence(&tr.label(d.kind)), "on": long_date(&tr, d.decided_on), "by": d.decided_by,
                "reasons": d.reasons, "effective": d.effective_date.map(|e| long_date(&tr, e))})
        })
        .collect();
    let today = chrono::Utc::now().date_naive();
    let latest_until = cert::suspension_limit(today, c.suspension_months);
    let is_admin = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.contains(Role::Admin));
    let data = json!({
        "programme": {"id": c.programme.id, "application_id": c.programme.application_id,
            "client_id": c.programme.client_id, "client": c.client_name,
            "standards": c.programme.standards.join(", "),
            "decision_date": c.programme.decision_date.as_deref().map(|d| date_text(&tr, d)),
            "expiry_date": c.programme.expiry_date.as_deref().map(|d| date_text(&tr, d))},
        "audits": audits, "any_ready": !ready.is_empty(), "kinds": kinds,
        "certificates": certificates, "history": history,
        "refusal": c.refusal.as_deref().map(|r| tr.reword(r)), "is_admin": is_admin, "needs_soa": c.needs_soa,
        "today": today.to_string(), "latest_until": latest_until.map(|d| d.to_string()),
        "latest_until_text": latest_until.map(|d| long_date(&tr, d)),
        "open_scope": !value("scope").is_empty() || matches!(kind_typed.as_str(), "extend_scope" | "reduce_scope")
            || refused.is_some_and(|r| r.field == "scope"),
        "open_suspend": !value("until").is_empty() || kind_typed == "suspend"
            || refused.is_some_and(|r| r.field == "until"),
        "suspension_months": c.suspension_months,
        "form": {"reasons": value("reasons"), "effective_date": value("effective_date"),
            "soa_version": value("soa_version"), "scope": value("scope"), "until": value("until"),
            "application_confirmed": typed.is_some_and(|t| t.checked("application_confirmed"))},
    });
    form_page(
        st,
        req,
        p,
        "pages/decide",
        &tr.f(
            "msg-certification-decide-title",
            &[("client", (&c.client_name).into())],
        ),
        "decisions",
        data,
        refused,
    )
}

/// `GET /programmes/{id}/decide`: the decision form.
#[get("/programmes/{id}/decide")]
pub async fn decide_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    render_decide(&st, &req, &p, ProgrammeId(*id), None, None).await
}

/// `GET /programmes/{id}/audit-file.zip`: the programme's sealed audit file (see
/// `GET /api/v1/programmes/{id}/audit-file.zip`).
#[get("/programmes/{id}/audit-file.zip")]
pub async fn audit_file(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    match certa_service::certification::bundle::export(&st.ctx, &p, ProgrammeId(*id)).await {
        Ok(f) => crate::v1::programmes::audit_file_response(f),
        Err(e) => super::service_error(&st, &req, &p, "/applications", e),
    }
}

/// `POST /programmes/{id}/decide`: takes the decision.
#[post("/programmes/{id}/decide")]
pub async fn decide(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let tr = super::tr(&st, &req, Some(&p));
    let back = format!("/programmes/{}/decide", *id);
    let mut audit_ids = Vec::new();
    for a in f.all("audit_ids") {
        match a.parse::<uuid::Uuid>() {
            Ok(u) => audit_ids.push(u),
            Err(_) => {
                let r = Refusal {
                    field: "audits".into(),
                    message: tr.t("msg-certification-choose-audits"),
                };
                return render_decide(&st, &req, &p, ProgrammeId(*id), Some(&f), Some(&r)).await;
            }
        }
    }
    let certificate_id = match f.opt("certificate_id").map(|c| c.parse::<uuid::Uuid>()) {
        None => None,
        Some(Ok(u)) => Some(u),
        Some(Err(_)) => {
            let r = Refusal {
                field: "certificate_id".into(),
                message: tr.t("msg-certification-choose-certificate"),
            };
            return render_decide(&st, &req, &p, ProgrammeId(*id), Some(&f), Some(&r)).await;
        }
    };
    let input = DecideInput {
        kind: f.get("kind"),
        audit_ids,
        reasons: f.opt("reasons"),
        effective_date: f.opt("effective_date"),
        application_confirmed: f.checked("application_confirmed"),
        soa_version: f.opt("soa_version"),
        scope: f.opt("scope"),
        until: f.opt("until"),
        certificate_id,
    };
    match decisions::decide(&st.ctx, &p, ProgrammeId(*id), input).await {
        Ok(out) => {
            let kind = out.decision.kind;
            match out.certificates.first() {
                Some(c) => {
                    let number = cert::display_number(&c.number, c.revision);
                    let notice = match kind {
                        DecisionKind::Grant => {
                            tr.f("msg-certification-granted", &[("number", number.into())])
                        }
                        DecisionKind::Renew => {
                            tr.f("msg-certification-renewed", &[("number", number.into())])
                        }
                        _ => tr.f(
                            "msg-certification-decided-certificate",
                            &[
                                ("decision", tr.label(kind).into()),
                                ("number", number.into()),
                            ],
                        ),
                    };
                    redirect(
                        &st,
                        &format!("/certificates/{}", c.id),
                        Some(Flash::ok(notice)),
                    )
                }
                None => redirect(
                    &st,
                    &back,
                    Some(Flash::ok(tr.f(
                        "msg-certification-decided",
                        &[("decision", tr.label(kind).into())],
                    ))),
                ),
            }
        }
        Err(e) => match refusal(e, DECIDE_IDS, "kind") {
            Ok(r) => render_decide(&st, &req, &p, ProgrammeId(*id), Some(&f), Some(&r)).await,
            Err(e) => super::service_error(&st, &req, &p, &back, e),
        },
    }
}

// ---------------------------------------------------------------------------------------
// The register and its exports

/// The register's filters as typed: kept as text, so a refused one shows again.
struct RegisterQuery {
    fields: Fields,
}

impl RegisterQuery {
    fn of(req: &HttpRequest) -> Self {
        Self {
            fields: Fields::parse(req.query_string().as_bytes()),
        }
    }

    /// The service's query; a number that is not one is refused at its field.
    fn query(&self, tr: &Tr<'_>, per_page: u64) -> Result<ListQuery, Refusal> {
        let f = &self.fields;
        let expiring_within = match f.opt("expiring_within") {
            None => None,
            Some(d) => Some(d.trim().parse::<i64>().map_err(|_| Refusal {
                field: "expiring_within".into(),
                message: tr.t("msg-certification-expiring-within-invalid"),
            })?),
        };
        let page = match f.opt("page") {
            None => 1,
            Some(n) => n.trim().parse::<u64>().map_err(|_| Refusal {
                field: "page".into(),
                message: tr.t("msg-certification-page-invalid"),
            })?,
        };
        Ok(ListQuery {
            status: f.opt("status"),
            standard: f.opt("standard"),
            expiring_within,
            client_id: None,
            q: f.opt("q"),
            page,
            per_page,
        })
    }

    /// The filters as a query string, without the page.
    fn filters(&self) -> String {
        let pairs: Vec<(&str, String)> = ["status", "standard", "expiring_within", "q"]
            .iter()
            .filter_map(|k| self.fields.opt(k).map(|v| (*k, v)))
            .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

const REGISTER_IDS: &[(&str, &str)] = &[
    ("status", "status"),
    ("standard", "standard"),
    ("expiring_within", "expiring_within"),
    ("q", "q"),
];

/// Rows of the register per page.
const REGISTER_PAGE: u64 = 50;

/// A register row.
fn register_row(tr: &Tr<'_>, c: &Certificate, content: Option<&CertificateContent>) -> Value {
    json!({
        "id": c.id, "number": cert::display_number(&c.number, c.revision),
        "holder": c.holder, "client_id": c.client_id,
        "location": content.map(|x| x.holder.location.clone()).unwrap_or_default(),
        "standards": c.standards.join(", "), "status": status_json(tr, c.status),
        "effective": long_date(tr, c.effective_date), "expiry": long_date(tr, c.expiry_date),
        "original": long_date(tr, c.original_date),
        "suspended_until": c.suspended_until.map(|d| long_date(tr, d)),
    })
}

/// `GET /certificates`: the certificate register.
#[get("/certificates")]
pub async fn register_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    // A client user's certificates are in the portal.
    if let Some(t) = &p.tenant
        && t.client.is_some()
    {
        return redirect(&st, "/portal", None);
    }
    let tr = super::tr(&st, &req, Some(&p));
    let rq = RegisterQuery::of(&req);
    let (result, refused) = match rq.query(&tr, REGISTER_PAGE) {
        Ok(q) => match certs::list(&st.ctx, &p, q).await {
            Ok(page) => (Some(page), None),
            Err(e) => match refusal(e, REGISTER_IDS, "q") {
                Ok(r) => (None, Some(r)),
                Err(e) => return super::service_error(&st, &req, &p, "/", e),
            },
        },
        Err(r) => (None, Some(r)),
    };
    let f = &rq.fields;
    let status = f.get("status");
    let standard = f.get("standard");
    let status_options: Vec<Value> = CertificateStatus::VARIANTS
        .iter()
        .map(|s| json!({"value": s.as_str(), "label": sentence(&tr.label(*s)), "selected": s.as_str() == status}))
        .collect();
    let standard_options: Vec<Value> = certa_domain::catalogue::builtin()
        .map(|c| c.codes())
        .unwrap_or_default()
        .into_iter()
        .map(|code| json!({"value": code, "selected": code == standard}))
        .collect();
    let filters = rq.filters();
    let mut data = json!({
        "filters": {"status": status, "standard": standard, "expiring_within": f.get("expiring_within"), "q": f.get("q")},
        "status_options": status_options, "standard_options": standard_options,
        "query": filters,
        "filtered": !filters.is_empty(),
        "can_certsearch": allows(&p, Action::ManageSettings),
    });
    if let Some(pg) = &result {
        let pages = pg.total.div_ceil(pg.per_page).max(1);
        let link = |n: u64| {
            if filters.is_empty() {
                format!("/certificates?page={n}")
            } else {
                format!("/certificates?{filters}&page={n}")
            }
        };
        data["rows"] = json!(
            pg.items
                .iter()
                .zip(&pg.contents)
                .map(|(c, x)| register_row(&tr, c, x.as_ref()))
                .collect::<Vec<_>>()
        );
        data["total"] = json!(pg.total);
        data["page"] = json!(pg.page);
        data["pages"] = json!(pages);
        data["prev"] = json!((pg.page > 1).then(|| link(pg.page - 1)));
        data["next"] = json!((pg.page < pages).then(|| link(pg.page + 1)));
    }
    form_page(
        &st,
        &req,
        &p,
        "pages/certificates",
        &tr.t("msg-certification-register-title"),
        "certificates",
        data,
        refused.as_ref(),
    )
}

/// The columns of the exports: the messages of their headings.
const EXPORT_COLUMNS: [&str; 14] = [
    "msg-certification-export-number",
    "msg-certification-export-revision",
    "msg-certification-export-status",
    "msg-certification-export-holder",
    "msg-certification-export-location",
    "msg-certification-export-standards",
    "msg-certification-export-scope",
    "msg-certification-export-sites",
    "msg-certification-export-original",
    "msg-certification-export-decision",
    "msg-certification-export-effective",
    "msg-certification-export-expiry",
    "msg-certification-export-suspended-until",
    "msg-certification-export-accreditation",
];

/// The words of an export in the reader's language, taken along to the thread that
/// writes it.
struct ExportWords {
    /// The headings of [`EXPORT_COLUMNS`].
    columns: Vec<String>,
    /// The name of the workbook's sheet.
    sheet: String,
    /// Each certificate status in words.
    statuses: Vec<(CertificateStatus, String)>,
}

impl ExportWords {
    fn new(tr: &Tr<'_>) -> Self {
        Self {
            columns: EXPORT_COLUMNS.iter().map(|id| tr.t(id)).collect(),
            sheet: tr.t("msg-certification-export-sheet"),
            statuses: CertificateStatus::VARIANTS
                .iter()
                .map(|s| (*s, tr.label(*s)))
                .collect(),
        }
    }

    fn status(&self, s: CertificateStatus) -> String {
        self.statuses
            .iter()
            .find(|(v, _)| *v == s)
            .map_or_else(|| s.label().to_string(), |(_, l)| l.clone())
    }
}

fn export_row(
    words: &ExportWords,
    c: &Certificate,
    content: Option<&CertificateContent>,
) -> [String; 14] {
    let sites = content
        .map(|x| {
            x.sites
                .iter()
                .map(|s| format!("{} ({}): {}", s.name, s.location, s.scope))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default();
    let accreditation = content
        .map(|x| {
            x.accreditations
                .iter()
                .map(|a| format!("{} {} ({})", a.body, a.number, a.standard))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default();
    [
        cert::display_number(&c.number, c.revision),
        c.revision.to_string(),
        words.status(c.status),
        c.holder.clone(),
        content
            .map(|x| x.holder.location.clone())
            .unwrap_or_default(),
        c.standards.join("; "),
        c.scope.clone(),
        sites,
        c.original_date.to_string(),
        c.decision_date.to_string(),
        c.effective_date.to_string(),
        c.expiry_date.to_string(),
        c.suspended_until.map(|d| d.to_string()).unwrap_or_default(),
        accreditation,
    ]
}

/// A spreadsheet cell that a spreadsheet program would read as a formula is prefixed with
/// an apostrophe (CSV injection).
fn inert(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn export_name(ext: &str) -> String {
    format!(
        "certificates-{}.{ext}",
        chrono::Utc::now().date_naive().format("%Y-%m-%d")
    )
}

async fn export_rows(
    st: &AppState,
    p: &Principal,
    req: &HttpRequest,
) -> Result<Vec<(Certificate, Option<CertificateContent>)>, HttpResponse> {
    let rq = RegisterQuery::of(req);
    let q = rq
        .query(&super::tr(st, req, Some(p)), 1)
        .map_err(|r| redirect(st, "/certificates", Some(Flash::err(r.message))))?;
    certs::export(&st.ctx, p, q)
        .await
        .map_err(|e| super::service_error(st, req, p, "/certificates", e))
}

fn attachment(content_type: &str, name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .body(body)
}

/// `GET /certificates.csv`: the register as filtered, as CSV (UTF-8 with a byte-order
/// mark, so spreadsheet programs read the accents).
#[get("/certificates.csv")]
pub async fn export_csv(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    let rows = match export_rows(&st, &p, &req).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let words = ExportWords::new(&super::tr(&st, &req, Some(&p)));
    match web::block(move || csv_of(&words, &rows)).await {
        Ok(Ok(body)) => attachment("text/csv; charset=utf-8", &export_name("csv"), body),
        Ok(Err(e)) => export_failed(&st, &req, &p, &e),
        Err(e) => export_failed(&st, &req, &p, &e),
    }
}

/// The register as CSV, cells a spreadsheet would run as formulas defused ([`inert`]).
fn csv_of(
    words: &ExportWords,
    rows: &[(Certificate, Option<CertificateContent>)],
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    w.write_record(&words.columns)?;
    for (c, x) in rows {
        w.write_record(export_row(words, c, x.as_ref()).iter().map(|s| inert(s)))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The register as an XLSX workbook: one sheet, a bold frozen header, dates as dates.
fn xlsx(
    words: &ExportWords,
    rows: &[(Certificate, Option<CertificateContent>)],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(&words.sheet)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (i, h) in words.columns.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, h, &bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (n, (c, x)) in rows.iter().enumerate() {
        let row = (n + 1) as u32;
        for (i, v) in export_row(words, c, x.as_ref()).iter().enumerate() {
            let col = i as u16;
            let as_date =
                (8..=12).contains(&i) && chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok();
            if as_date {
                let d = ExcelDateTime::parse_from_str(v)?;
                sheet.write_datetime_with_format(row, col, &d, &date)?;
            } else if i == 1 {
                sheet.write_number(row, col, f64::from(c.revision))?;
            } else {
                sheet.write_string(row, col, v)?;
            }
        }
    }
    for (i, w) in [
        18.0, 9.0, 11.0, 32.0, 24.0, 24.0, 40.0, 40.0, 14.0, 14.0, 14.0, 14.0, 14.0, 30.0,
    ]
    .iter()
    .enumerate()
    {
        sheet.set_column_width(i as u16, *w)?;
    }
    sheet.autofilter(0, 0, rows.len() as u32, (EXPORT_COLUMNS.len() - 1) as u16)?;
    book.save_to_buffer()
}

/// `GET /certificates.xlsx`: the register as filtered, as an XLSX workbook.
#[get("/certificates.xlsx")]
pub async fn export_xlsx(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    let rows = match export_rows(&st, &p, &req).await {
        Ok(r) => r,
        Err(resp) => return resp,
    };
    let words = ExportWords::new(&super::tr(&st, &req, Some(&p)));
    match web::block(move || xlsx(&words, &rows)).await {
        Ok(Ok(body)) => attachment(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &export_name("xlsx"),
            body,
        ),
        Ok(Err(e)) => export_failed(&st, &req, &p, &e),
        Err(e) => export_failed(&st, &req, &p, &e),
    }
}

// ---------------------------------------------------------------------------------------
// The certificate page

/// What a certificate event is called on its page.
fn event_label(tr: &Tr<'_>, event: &str) -> String {
    let id = match event {
        "issued" => "msg-certification-event-issued",
        "suspended" => "msg-certification-event-suspended",
        "restored" => "msg-certification-event-restored",
        "withdrawn" => "msg-certification-event-withdrawn",
        "expired" => "msg-certification-event-expired",
        "scope_extended" => "msg-certification-event-scope-extended",
        "scope_reduced" => "msg-certification-event-scope-reduced",
        "renewed" => "msg-certification-event-renewed",
        other => return other.to_string(),
    };
    tr.t(id)
}

const ACTION_IDS: &[(&str, &str)] = &[
    ("reasons", "reason"),
    ("until", "until"),
    ("kind", "reason"),
];

/// Renders the certificate page; `refused` belongs to the lifecycle form `action`.
async fn render_certificate(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    id: CertificateId,
    action: Option<(&str, &Fields)>,
    refused: Option<&Refusal>,
) -> HttpResponse {
    let v = match certs::get(&st.ctx, p, id).await {
        Ok(v) => v,
        Err(e) => return super::service_error(st, req, p, "/certificates", e),
    };
    let tr = super::tr(st, req, Some(p));
    let c = &v.certificate;
    let client_user = p.tenant.as_ref().is_some_and(|t| t.client.is_some());
    let can_act = !client_user && allows(p, Action::DecideCertification);
    let may = |e: CertificateEvent| can_act && c.status.apply(e).is_ok();
    let x = v.content.as_ref();
    let revisions: Vec<Value> = v
        .revisions
        .iter()
        .map(|r| {
            json!({"revision": r.revision, "number": cert::display_number(&c.number, r.revision),
                "reason": sentence(&tr.label(r.reason)), "issued_on": long_date(&tr, r.issued_on),
                "effective": long_date(&tr, r.effective_date), "expiry": long_date(&tr, r.expiry_date),
                "current": r.revision == c.revision, "superseded": r.superseded_at.is_some(),
                "sha256": r.pdf_sha256})
        })
        .collect();
    let events: Vec<Value> = v
        .events
        .iter()
        .map(|e| {
            json!({"at": timestamp(p, e.at), "event": event_label(&tr, &e.event),
                "from": e.from_status.map(|s| sentence(&tr.label(s))), "to": sentence(&tr.label(e.to_status)),
                "revision": e.revision, "reason": e.reason, "until": e.until.map(|d| long_date(&tr, d)), "actor": e.actor})
        })
        .collect();
    let form_of = |name: &str| -> Value {
        match action {
            Some((a, f)) if a == name => {
                json!({"reason": f.get("reason"), "until": f.get("until")})
            }
            _ => json!({}),
        }
    };
    let today = chrono::Utc::now().date_naive();
    let settings_months = v.suspension_months;
    // The error of a lifecycle form sits at that form's fields.
    let refused = refused.map(|r| Refusal {
        field: format!("{}-{}", action.map_or("", |(a, _)| a), r.field),
        message: r.message.clone(),
    });
    let data = json!({
        "c": {"id": c.id, "number": cert::display_number(&c.number, c.revision), "base_number": c.number,
            "revision": c.revision, "status": status_json(&tr, c.status),
            "active": c.status == CertificateStatus::Active,
            "holder": c.holder, "client_id": c.client_id, "programme_id": c.programme_id,
            "location": x.map(|x| x.holder.location.clone()),
            "sites": x.map(|x| x.sites.iter().map(|s| json!({"name": s.name, "location": s.location, "scope": s.scope})).collect::<Vec<_>>()).unwrap_or_default(),
            "multi_site": x.is_some_and(|x| x.sites.len() > 1),
            "standards": x.map(|x| x.standards.iter().map(|s| json!({"code": s.code, "title": s.title})).collect::<Vec<_>>()).unwrap_or_default(),
            "scope": c.scope, "soa_version": c.soa_version,
            "original": long_date(&tr, c.original_date), "decision": long_date(&tr, c.decision_date),
            "effective": long_date(&tr, c.effective_date), "expiry": long_date(&tr, c.expiry_date),
            "body": x.map(|x| json!({"name": x.certification_body.name, "address": x.certification_body.address})),
            "accreditations": x.map(|x| x.accreditations.iter().map(|a| json!({"body": a.body, "number": a.number, "standard": a.standard})).collect::<Vec<_>>()).unwrap_or_default(),
            "gap": x.and_then(|x| x.gap.as_ref()).map(|g| date_span(&tr, long_date(&tr, g.from), long_date(&tr, g.to))),
            "suspended_until": c.suspended_until.map(|d| long_date(&tr, d)), "suspended_on": c.suspended_on.map(|d| long_date(&tr, d)),
            "status_reason": c.status_reason},
        "revisions": revisions, "events": events, "client_user": client_user,
        "can_suspend": may(CertificateEvent::Suspend), "can_restore": may(CertificateEvent::Restore),
        "can_withdraw": may(CertificateEvent::Withdraw),
        "today": today.to_string(),
        "latest_until": cert::suspension_limit(today, settings_months).map(|d| d.to_string()),
        "latest_until_text": cert::suspension_limit(today, settings_months).map(|d| long_date(&tr, d)),
        "suspension_months": settings_months,
        "suspend": form_of("suspend"), "restore": form_of("restore"), "withdraw": form_of("withdraw"),
        "can_decide": can_act,
    });
    form_page(
        st,
        req,
        p,
        "pages/certificate",
        &tr.f(
            "msg-certification-certificate-title",
            &[("number", cert::display_number(&c.number, c.revision).into())],
        ),
        if client_user {
            "portal"
        } else {
            "certificates"
        },
        data,
        refused.as_ref(),
    )
}

/// `GET /certificates/{id}`: a certificate with its revisions and history.
#[get("/certificates/{id}")]
pub async fn certificate_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    render_certificate(&st, &req, &p, CertificateId(*id), None, None).await
}

/// `POST /certificates/{id}/{action}`: suspend, restore or withdraw, with the reason.
#[post("/certificates/{id}/{action}")]
pub async fn lifecycle(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, String)>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let (id, action) = path.into_inner();
    let back = format!("/certificates/{id}");
    let kind = match action.as_str() {
        "suspend" => DecisionKind::Suspend,
        "restore" => DecisionKind::Restore,
        "withdraw" => DecisionKind::Withdraw,
        _ => return super::not_found_page(&st, &req),
    };
    let result = certs::act(
        &st.ctx,
        &p,
        CertificateId(id),
        kind,
        f.opt("reason"),
        f.opt("until"),
    )
    .await;
    match result {
        Ok(c) => {
            let tr = super::tr(&st, &req, Some(&p));
            let number = cert::display_number(&c.number, c.revision);
            let notice = match (kind, c.suspended_until) {
                (DecisionKind::Suspend, Some(until)) => tr.f(
                    "msg-certification-suspended-until",
                    &[
                        ("number", number.into()),
                        ("until", long_date(&tr, until).into()),
                    ],
                ),
                (DecisionKind::Suspend, None) => {
                    tr.f("msg-certification-suspended", &[("number", number.into())])
                }
                (DecisionKind::Restore, _) => {
                    tr.f("msg-certification-restored", &[("number", number.into())])
                }
                _ => tr.f("msg-certification-withdrawn", &[("number", number.into())]),
            };
            redirect(&st, &back, Some(Flash::ok(notice)))
        }
        Err(e) => match refusal(e, ACTION_IDS, "reason") {
            Ok(r) => {
                render_certificate(
                    &st,
                    &req,
                    &p,
                    CertificateId(id),
                    Some((action.as_str(), &f)),
                    Some(&r),
                )
                .await
            }
            Err(e) => super::service_error(&st, &req, &p, &back, e),
        },
    }
}

/// Which revision of a certificate to download.
#[derive(serde::Deserialize)]
pub struct PdfQuery {
    revision: Option<i32>,
}

/// `GET /certificates/{id}/pdf`: the certificate (a revision of it) as a PDF.
#[get("/certificates/{id}/pdf")]
pub async fn certificate_pdf(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
    q: web::Query<PdfQuery>,
) -> HttpResponse {
    match certa_service::certification::documents::certificate_pdf(
        &st.ctx,
        &p,
        CertificateId(*id),
        q.revision,
    )
    .await
    {
        Ok((bytes, name)) => crate::v1::certificates::pdf_response(bytes, &name),
        Err(e) => super::service_error(&st, &req, &p, &format!("/certificates/{}", *id), e),
    }
}

/// The certificates of a client as rows of a page (client file, portal), in the reader's
/// language.
pub fn certificate_rows_in(tr: &Tr<'_>, list: &[Certificate]) -> Vec<Value> {
    list.iter()
        .map(|c| {
            json!({"id": c.id, "number": cert::display_number(&c.number, c.revision),
                "standards": c.standards.join(", "), "status": status_json(tr, c.status),
                "effective": long_date(tr, c.effective_date), "expiry": long_date(tr, c.expiry_date),
                "suspended_until": c.suspended_until.map(|d| long_date(tr, d))})
        })
        .collect()
}
