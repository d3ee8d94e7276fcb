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
    /// planned, team_proposed or confirmed.
    pub status: String,
    pub override_justification: Option<String>,
    pub team: Vec<TeamMemberOut>,
    /// Findings of the team checks: `{code, severity (blocking|warning), member, message, clause}`.
    #[schema(value_type = Vec<Object>)]
    pub findings: serde_json::Value,
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
        let split = |s: &str| {
            s.split(',')
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        };
        Self {
            id: f.audit.id,
            programme_id: f.audit.programme_id,
            programme_audit_id: f.audit.programme_audit_id,
            client_id: f.audit.client_id,
            kind: f.audit.kind,
            standards: split(&f.audit.standards),
            technical_areas: split(&f.audit.technical_areas),
            starts_on: f.audit.starts_on,
            ends_on: f.audit.ends_on,
            status: f.audit.status,
            override_justification: f.audit.override_justification,
            team: f
                .team
                .into_iter()
                .map(|(m, name)| TeamMemberOut {
                    auditor_id: m.auditor_id,
                    name,
                    role: m.role,
                    days: m.days.parse().unwrap_or(0.0),
                })
                .collect(),
            findings: serde_json::to_value(&f.findings).unwrap_or_default(),
        }
    }
}

/// Schedule the audit of a programme entry.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleIn {
    pub programme_audit_id: uuid::Uuid,
    /// YYYY-MM-DD.
    pub starts_on: String,
    /// YYYY-MM-DD (inclusive).
    pub ends_on: String,
    /// Technical areas the team must cover, e.g. ["IAF 19"].
    #[serde(default)]
    pub technical_areas: Vec<String>,
}

/// A proposed member.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberIn {
    pub auditor_id: uuid::Uuid,
    /// lead, auditor, technical_expert or observer.
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
    body: web::Json<ScheduleIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let a = audits::schedule(
        &st.ctx,
        &p.0,
        b.programme_audit_id,
        &b.starts_on,
        &b.ends_on,
        &b.technical_areas,
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
    id: web::Path<uuid::Uuid>,
    body: web::Json<TeamIn>,
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
    id: web::Path<uuid::Uuid>,
    body: web::Json<ConfirmIn>,
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
