//! `/api/v1/applications`: applications for certification and their review.

use super::ts;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, get, post, web};
use certa_domain::{ApplicationId, ClientId};
use certa_service::applications::{self, ApplicationFile};
use certa_service::records::Application;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// An application.
#[derive(Serialize, ToSchema)]
pub struct ApplicationOut {
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub client_name: String,
    pub standards: Vec<String>,
    pub scope: String,
    pub effective_personnel: i32,
    pub consultancy_by: Option<String>,
    /// submitted, accepted or declined.
    pub status: String,
    pub competences_needed: Option<String>,
    pub review_note: Option<String>,
    pub decline_reason: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub created_at: String,
    /// The programme created at acceptance.
    /// The audit-time calculation kept with the application: `request`, `result` (with
    /// its breakdown), `calculated_at`, `calculated_by`.
    #[schema(value_type = Option<Object>)]
    pub audit_time: Option<serde_json::Value>,
    pub programme: Option<ProgrammeOut>,
}

/// A programme (audits are planned as the cycle unfolds).
#[derive(Serialize, ToSchema)]
pub struct ProgrammeOut {
    pub id: uuid::Uuid,
    pub status: String,
    pub decision_date: Option<String>,
    pub expiry_date: Option<String>,
    pub audits: Vec<ProgrammeAuditOut>,
}

/// A planned audit of a programme.
#[derive(Serialize, ToSchema)]
pub struct ProgrammeAuditOut {
    pub id: uuid::Uuid,
    /// stage_1, stage_2, surveillance_1, surveillance_2 or recertification.
    pub kind: String,
    pub due_by: Option<String>,
    pub status: String,
}

fn out(a: Application, client_name: String, programme: Option<ProgrammeOut>) -> ApplicationOut {
    ApplicationOut {
        id: a.id,
        client_id: a.client_id,
        client_name,
        standards: a.standards.clone(),
        scope: a.scope,
        effective_personnel: a.effective_personnel,
        consultancy_by: a.consultancy_by,
        status: a.status.to_string(),
        competences_needed: a.competences_needed,
        review_note: a.review_note,
        decline_reason: a.decline_reason,
        reviewed_by: a.reviewed_by,
        reviewed_at: a.reviewed_at.map(ts),
        created_at: ts(a.created_at),
        audit_time: a
            .audit_time
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok()),
        programme,
    }
}

impl From<ApplicationFile> for ApplicationOut {
    fn from(f: ApplicationFile) -> Self {
        let programme = f.programme.map(|(p, audits)| ProgrammeOut {
            id: p.id,
            status: p.status.to_string(),
            decision_date: p.decision_date,
            expiry_date: p.expiry_date,
            audits: audits
                .into_iter()
                .map(|a| ProgrammeAuditOut {
                    id: a.id,
                    kind: a.kind.to_string(),
                    due_by: a.due_by,
                    status: a.status.to_string(),
                })
                .collect(),
        });
        out(f.application, f.client_name, programme)
    }
}

/// A new application.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationIn {
    /// Standard codes, e.g. ["ISO/IEC 42001:2023"].
    #[schema(value_type = Vec<super::openapi::StandardCode>, min_items = 1)]
    pub standards: Vec<String>,
    /// The scope the client wants certified.
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub scope: String,
    /// Effective number of personnel declared (IAF MD 5).
    #[schema(minimum = 1, maximum = 1000000)]
    pub effective_personnel: i32,
    /// Who gave management-system consultancy, if anyone (9.1.1).
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub consultancy_by: Option<String>,
}

/// Acceptance.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptIn {
    /// The competences the audit team and the decision need (17021-1 9.1.2).
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub competences_needed: String,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub note: Option<String>,
}

/// Decline.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclineIn {
    /// Told to the client.
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub reason: String,
}

/// Filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ApplicationQuery {
    /// submitted, accepted or declined.
    #[param(pattern = "^(submitted|accepted|declined)$")]
    pub status: Option<String>,
    pub client_id: Option<uuid::Uuid>,
}

/// Register an application for a client.
#[utoipa::path(post, path = "/api/v1/clients/{id}/applications", tag = "applications", request_body = ApplicationIn,
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses((status = 201, body = ApplicationOut), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/clients/{id}/applications")]
pub async fn submit_application(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ReviewApplications>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ApplicationIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let a = applications::submit(
        &st.ctx,
        &p.0,
        ClientId(*id),
        &b.standards,
        &b.scope,
        b.effective_personnel,
        b.consultancy_by.as_deref(),
    )
    .await?;
    let f = applications::get(&st.ctx, &p.0, ApplicationId(a.id)).await?;
    Ok(HttpResponse::Created().json(ApplicationOut::from(f)))
}

/// Applications, newest first.
#[utoipa::path(get, path = "/api/v1/applications", tag = "applications", params(ApplicationQuery),
    responses((status = 200, body = [ApplicationOut])), security(("bearer" = [])))]
#[get("/applications")]
pub async fn list_applications(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ViewClients>,
    q: web::Query<ApplicationQuery>,
) -> Result<HttpResponse, ApiError> {
    let l = applications::list(
        &st.ctx,
        &p.0,
        q.status.as_deref(),
        q.client_id.map(ClientId),
    )
    .await?;
    Ok(HttpResponse::Ok().json(
        l.into_iter()
            .map(|(a, n)| out(a, n, None))
            .collect::<Vec<_>>(),
    ))
}

/// An application with its programme.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications",
    params(("id" = uuid::Uuid, Path, description = "application id")),
    responses((status = 200, body = ApplicationOut), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/applications/{id}")]
pub async fn get_application(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let f = applications::get(&st.ctx, &p.0, ApplicationId(*id)).await?;
    Ok(HttpResponse::Ok().json(ApplicationOut::from(f)))
}

/// Accept: records the competences needed, creates the programme, mails the client.
#[utoipa::path(post, path = "/api/v1/applications/{id}/accept", tag = "applications", request_body = AcceptIn,
    params(("id" = uuid::Uuid, Path, description = "application id")),
    responses((status = 200, body = ApplicationOut), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)), security(("bearer" = [])))]
#[post("/applications/{id}/accept")]
pub async fn accept_application(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ReviewApplications>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<AcceptIn>,
) -> Result<HttpResponse, ApiError> {
    let f = applications::accept(
        &st.ctx,
        &p.0,
        ApplicationId(*id),
        &body.competences_needed,
        body.note.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(ApplicationOut::from(f)))
}

/// Decline with a reason, which is mailed to the client.
#[utoipa::path(post, path = "/api/v1/applications/{id}/decline", tag = "applications", request_body = DeclineIn,
    params(("id" = uuid::Uuid, Path, description = "application id")),
    responses((status = 200, body = ApplicationOut), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)), security(("bearer" = [])))]
#[post("/applications/{id}/decline")]
pub async fn decline_application(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ReviewApplications>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<DeclineIn>,
) -> Result<HttpResponse, ApiError> {
    applications::decline(&st.ctx, &p.0, ApplicationId(*id), &body.reason).await?;
    let f = applications::get(&st.ctx, &p.0, ApplicationId(*id)).await?;
    Ok(HttpResponse::Ok().json(ApplicationOut::from(f)))
}
