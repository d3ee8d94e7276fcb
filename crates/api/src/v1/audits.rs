//! `/api/v1/audits`: scheduling an audit, proposing and confirming its team.

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, get, post, put, web};
use certa_domain::AuditId;
use certa_service::audits::{self, AuditFile, MemberInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An audit with its team and the checks' findings.
#[derive(Serialize, ToSchema)]
pub struct AuditOut {
    pub id: uuid::Uuid,
    pub programme_id: uuid::Uuid,
    pub programme_audit_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    /// stage_1, stage_2, surveillance_1, …
    pub kind: String,
    pub standards: Vec<String>,
    pub technical_areas: Vec<String>,
    pub starts_on: String,
    pub ends_on: String,
    /// planned, team_proposed, confirmed or cancelled.
    pub status: String,
    /// The calendar `SEQUENCE` of the audit: goes up at every change (dates, team, plan,
    /// status), so calendar apps take the new version.
    pub sequence: i32,
    pub override_justification: Option<String>,
    pub team: Vec<TeamMemberOut>,
    /// Findings of the team checks: `{code, severity (blocking|warning), member, message, clause}`.
    #[schema(value_type = Vec<Object>)]
    pub findings: serde_json::Value,
    /// Until when (YYYY-MM-DD) the client may object to the proposed team.
    pub objection_deadline: Option<String>,
    /// The audit plan, once set.
    pub plan: Option<PlanOut>,
    /// The client's objections to team members.
    pub objections: Vec<ObjectionOut>,
}

/// The audit plan (ISO/IEC 17021-1 9.2.3).
#[derive(Serialize, ToSchema)]
pub struct PlanOut {
    /// Sites visited: `{id, name, country}`.
    #[schema(value_type = Vec<Object>)]
    pub sites: serde_json::Value,
    /// none, partial or full.
    pub remote: String,
    /// The ICT risks and how they are handled (IAF MD 4), required when remote.
    pub ict_risk_note: Option<String>,
    /// `{date, time, activity, auditees, site_id}`, in time order.
    #[schema(value_type = Vec<Object>)]
    pub agenda: serde_json::Value,
}

/// An objection of the client to a team member.
#[derive(Serialize, ToSchema)]
pub struct ObjectionOut {
    pub id: uuid::Uuid,
    pub auditor_id: uuid::Uuid,
    pub auditor_name: String,
    pub reason: String,
    /// Who objected (a client contact's address, or as recorded).
    pub raised_by: String,
    /// open, upheld or dismissed.
    pub status: String,
    pub resolution_note: Option<String>,
    pub created_at: String,
}

/// A team member.
#[derive(Serialize, ToSchema)]
pub struct TeamMemberOut {
    pub auditor_id: uuid::Uuid,
    pub name: String,
    /// lead, auditor, technical_expert or observer.
    pub role: String,
    pub days: f64,
}

impl From<AuditFile> for AuditOut {
    fn from(f: AuditFile) -> Self {
        Self {
            id: f.audit.id,
            programme_id: f.audit.programme_id,
            programme_audit_id: f.audit.programme_audit_id,
            client_id: f.audit.client_id,
            kind: f.audit.kind.to_string(),
            standards: f.audit.standards,
            technical_areas: f.audit.technical_areas,
            starts_on: f.audit.starts_on,
            ends_on: f.audit.ends_on,
            status: f.audit.status.to_string(),
            sequence: f.audit.sequence,
            override_justification: f.audit.override_justification,
            team: f
                .team
                .into_iter()
                .map(|(m, name)| TeamMemberOut {
                    auditor_id: m.auditor_id,
                    name,
                    role: m.role.to_string(),
                    days: m.days.parse().unwrap_or(0.0),
                })
                .collect(),
            findings: serde_json::to_value(&f.findings).unwrap_or_default(),
            objection_deadline: f.audit.objection_deadline,
            plan: f.plan.map(|p| PlanOut {
                sites: serde_json::Value::Array(
                    p.sites
                        .iter()
                        .map(|s| serde_json::json!({"id": s.id, "name": s.name, "country": s.country}))
                        .collect(),
                ),
                remote: p.remote.to_string(),
                ict_risk_note: p.ict_risk_note,
                agenda: serde_json::to_value(&p.agenda).unwrap_or_default(),
            }),
            objections: f
                .objections
                .into_iter()
                .map(|v| ObjectionOut {
                    id: v.objection.id,
                    auditor_id: v.objection.auditor_id,
                    auditor_name: v.auditor_name,
                    reason: v.objection.reason,
                    raised_by: v.objection.raised_by,
                    status: v.objection.status.to_string(),
                    resolution_note: v.objection.resolution_note,
                    created_at: super::ts(v.objection.created_at),
                })
                .collect(),
        }
    }
}

/// Schedule the audit of a programme entry.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleIn {
    pub programme_audit_id: uuid::Uuid,
    /// YYYY-MM-DD.
    #[schema(pattern = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$")]
    pub starts_on: String,
    /// YYYY-MM-DD (inclusive).
    #[schema(pattern = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$")]
    pub ends_on: String,
    /// Technical areas the team must cover, e.g. ["IAF 19"].
    #[serde(default)]
    #[schema(value_type = Vec<super::openapi::TechnicalArea>)]
    pub technical_areas: Vec<String>,
    /// The audit took place and is being recorded: its first day may be in the past
    /// (otherwise refused with `date_in_past`).
    #[serde(default)]
    pub already_held: bool,
}

/// A proposed member.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberIn {
    pub auditor_id: uuid::Uuid,
    /// lead, auditor, technical_expert or observer.
    #[schema(pattern = "^(lead|auditor|technical_expert|observer)$")]
    pub role: String,
    pub days: f64,
}

/// A team proposal.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamIn {
    pub members: Vec<MemberIn>,
}

/// Confirmation.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ConfirmIn {
    /// Required when the checks have blocking findings (an authorised override).
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub override_justification: Option<String>,
}

/// Schedule an audit.
#[utoipa::path(post, path = "/api/v1/audits", tag = "scheduling", request_body = ScheduleIn,
    responses((status = 201, body = AuditOut), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/audits")]
pub async fn schedule_audit(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ScheduleAudits>,
    body: crate::json::ApiJson<ScheduleIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let a = audits::schedule(
        &st.ctx,
        &p.0,
        b.programme_audit_id,
        &b.starts_on,
        &b.ends_on,
        &b.technical_areas,
        b.already_held,
    )
    .await?;
    let f = audits::get(&st.ctx, &p.0, AuditId(a.id)).await?;
    Ok(HttpResponse::Created().json(AuditOut::from(f)))
}

/// An audit with its team and the current findings.
#[utoipa::path(get, path = "/api/v1/audits/{id}", tag = "scheduling",
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, body = AuditOut), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/audits/{id}")]
pub async fn get_audit(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let f = audits::get(&st.ctx, &p.0, AuditId(*id)).await?;
    Ok(HttpResponse::Ok().json(AuditOut::from(f)))
}

/// Propose (or replace) the team; the answer lists the checks' findings with reasons.
#[utoipa::path(put, path = "/api/v1/audits/{id}/team", tag = "scheduling", request_body = TeamIn,
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, body = AuditOut), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)), security(("bearer" = [])))]
#[put("/audits/{id}/team")]
pub async fn propose_team(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ScheduleAudits>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<TeamIn>,
) -> Result<HttpResponse, ApiError> {
    let members: Vec<MemberInput> = body
        .into_inner()
        .members
        .into_iter()
        .map(|m| MemberInput {
            auditor_id: m.auditor_id,
            role: m.role,
            days: m.days,
        })
        .collect();
    let f = audits::propose_team(&st.ctx, &p.0, AuditId(*id), &members).await?;
    Ok(HttpResponse::Ok().json(AuditOut::from(f)))
}

/// Confirm the team (blocking findings need `override_justification`).
#[utoipa::path(post, path = "/api/v1/audits/{id}/confirm", tag = "scheduling", request_body = ConfirmIn,
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, body = AuditOut), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/audits/{id}/confirm")]
pub async fn confirm_audit(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ScheduleAudits>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ConfirmIn>,
) -> Result<HttpResponse, ApiError> {
    let f = audits::confirm(
        &st.ctx,
        &p.0,
        AuditId(*id),
        body.override_justification.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(AuditOut::from(f)))
}

/// New dates of an audit.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DatesIn {
    /// First day, YYYY-MM-DD (1900–2200).
    #[schema(format = Date)]
    pub starts_on: String,
    /// Last day (inclusive), YYYY-MM-DD, not before `starts_on`.
    #[schema(format = Date)]
    pub ends_on: String,
    /// The audit took place on these dates and is being recorded: a new first day may be
    /// in the past (otherwise refused with `date_in_past`).
    #[serde(default)]
    pub already_held: bool,
}

/// Move the audit to new dates. A confirmed team and the client's contacts are mailed
/// the updated invitation (its calendar `SEQUENCE` goes up).
#[utoipa::path(put, path = "/api/v1/audits/{id}/dates", tag = "scheduling", request_body = DatesIn,
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, body = AuditOut), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)), security(("bearer" = [])))]
#[put("/audits/{id}/dates")]
pub async fn reschedule_audit(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ScheduleAudits>,
    id: web::Path<uuid::Uuid>,
    body: web::Json<DatesIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let f = audits::reschedule(
        &st.ctx,
        &p.0,
        AuditId(*id),
        &b.starts_on,
        &b.ends_on,
        b.already_held,
    )
    .await?;
    Ok(HttpResponse::Ok().json(AuditOut::from(f)))
}

/// Why an audit is cancelled.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelIn {
    /// Told to the team and the client.
    pub reason: String,
}

/// Cancel the audit. When a team was proposed or confirmed, the team and the client's
/// contacts are mailed a cancellation (`METHOD:CANCEL`) that removes it from their
/// calendars.
#[utoipa::path(post, path = "/api/v1/audits/{id}/cancel", tag = "scheduling", request_body = CancelIn,
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, body = AuditOut), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)), security(("bearer" = [])))]
#[post("/audits/{id}/cancel")]
pub async fn cancel_audit(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ScheduleAudits>,
    id: web::Path<uuid::Uuid>,
    body: web::Json<CancelIn>,
) -> Result<HttpResponse, ApiError> {
    let f = audits::cancel(&st.ctx, &p.0, AuditId(*id), &body.reason).await?;
    Ok(HttpResponse::Ok().json(AuditOut::from(f)))
}

/// An audit plan.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanIn {
    /// Sites of the client the audit visits (at least one).
    pub site_ids: Vec<uuid::Uuid>,
    /// none, partial or full (use of ICT instead of presence, IAF MD 4).
    #[schema(pattern = "^(none|partial|full)$")]
    pub remote: String,
    /// Required unless `remote` is none: the ICT risks and how they are handled.
    #[serde(default)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub ict_risk_note: Option<String>,
    /// `{date (YYYY-MM-DD, within the audit), time (HH:MM), activity, auditees?, site_id?}`.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub agenda: Vec<audits::AgendaItem>,
}

/// Set (or replace) the audit plan: sites, remote use with its ICT risk note, agenda.
#[utoipa::path(put, path = "/api/v1/audits/{id}/plan", tag = "scheduling", request_body = PlanIn,
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, body = AuditOut), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/audits/{id}/plan")]
pub async fn put_plan(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ScheduleAudits>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<PlanIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let f = audits::put_plan(
        &st.ctx,
        &p.0,
        AuditId(*id),
        audits::PlanInput {
            site_ids: b.site_ids,
            remote: b.remote,
            ict_risk_note: b.ict_risk_note,
            agenda: b.agenda,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(AuditOut::from(f)))
}

/// An objection recorded on the client's behalf.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionIn {
    pub auditor_id: uuid::Uuid,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub reason: String,
    /// Who objected, e.g. "Jane Doe (quality manager), by phone".
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub raised_by: String,
}

/// Record the client's objection to a proposed member (before the deadline). Client
/// contacts object themselves through the link mailed with the proposal.
#[utoipa::path(post, path = "/api/v1/audits/{id}/objections", tag = "scheduling", request_body = ObjectionIn,
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 201, body = AuditOut), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/audits/{id}/objections")]
pub async fn raise_objection(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ScheduleAudits>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ObjectionIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let f = audits::raise_objection(
        &st.ctx,
        &p.0,
        AuditId(*id),
        b.auditor_id,
        &b.reason,
        &b.raised_by,
    )
    .await?;
    Ok(HttpResponse::Created().json(AuditOut::from(f)))
}

/// A decision on an objection.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveIn {
    /// upheld or dismissed.
    #[schema(pattern = "^(upheld|dismissed)$")]
    pub decision: String,
    /// Why.
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub note: String,
}

/// Decide an open objection: upheld (replace the member) or dismissed.
#[utoipa::path(post, path = "/api/v1/audits/{id}/objections/{objection_id}/resolve", tag = "scheduling", request_body = ResolveIn,
    params(("id" = uuid::Uuid, Path, description = "audit id"), ("objection_id" = uuid::Uuid, Path, description = "objection id")),
    responses((status = 200, body = AuditOut), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/audits/{id}/objections/{objection_id}/resolve")]
pub async fn resolve_objection(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ScheduleAudits>,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    body: crate::json::ApiJson<ResolveIn>,
) -> Result<HttpResponse, ApiError> {
    let (id, oid) = path.into_inner();
    let b = body.into_inner();
    let f =
        audits::resolve_objection(&st.ctx, &p.0, AuditId(id), oid, &b.decision, &b.note).await?;
    Ok(HttpResponse::Ok().json(AuditOut::from(f)))
}
