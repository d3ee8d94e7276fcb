//! `/api/v1`: checklist templates, audit checklists, nonconformities, client users and
//! the client portal.

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, get, patch, post, put, web};
use certa_domain::ErrorCode;
use certa_domain::checklists::TemplateItem;
use certa_domain::{AuditId, ClientId};
use certa_service::fieldwork::{self as fw, NcAction};
use certa_service::records::{Item, Nonconformity};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

fn template_json(v: &fw::TemplateView) -> Value {
    json!({"id": v.id, "origin": if v.id.is_some() { "tenant" } else { "builtin" },
        "standard": v.template.standard, "audit_type": v.template.audit_type.as_str(),
        "name": v.template.name, "items": v.template.items})
}

fn item_json(i: &Item) -> Value {
    json!({"id": i.id, "position": i.position,
        "standards": i.standards,
        "section": i.section, "reference": i.reference, "title": i.title, "question": i.question,
        "result": i.result, "notes": i.notes, "site_id": i.site_id,
        "evidence_requested": i.evidence_requested, "evidence_due": i.evidence_due,
        "carried_from": i.carried_from, "updated_by": i.updated_by, "updated_at": super::ts(i.updated_at)})
}

/// A nonconformity as the API shows it.
pub fn nc_json(n: &Nonconformity) -> Value {
    json!({"id": n.id, "number": n.number, "audit_id": n.audit_id, "client_id": n.client_id,
        "checklist_item_id": n.checklist_item_id, "grade": n.grade, "reference": n.reference,
        "statement": n.statement, "evidence": n.evidence, "site_id": n.site_id, "status": n.status,
        "response_due": n.response_due, "correction": n.correction, "root_cause": n.root_cause,
        "corrective_action": n.corrective_action, "planned_date": n.planned_date,
        "responded_by": n.responded_by, "responded_at": n.responded_at.map(super::ts),
        "review_comment": n.review_comment, "implementation": n.implementation,
        "verification_method": n.verification_method, "verification_comment": n.verification_comment,
        "escalation_reason": n.escalation_reason, "raised_by": n.raised_by,
        "created_at": super::ts(n.created_at), "closed_at": n.closed_at.map(super::ts)})
}

/// Checklist templates: the built-in ones (no id) and the tenant's copies.
#[utoipa::path(get, path = "/api/v1/checklist-templates", tag = "fieldwork",
    responses((status = 200, body = [Object])), security(("bearer" = [])))]
#[get("/checklist-templates")]
pub async fn list_templates(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    let l = fw::templates(&st.ctx, &p.0).await?;
    Ok(HttpResponse::Ok().json(l.iter().map(template_json).collect::<Vec<_>>()))
}

/// Which built-in template to copy.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CopyIn {
    #[schema(
        pattern = "^(ISO 9001:2015|ISO 14001:2015|ISO 45001:2018|ISO/IEC 27001:2022|ISO/IEC 42001:2023)$"
    )]
    pub standard: String,
    /// stage_1 or stage_2.
    #[schema(pattern = "^(stage_1|stage_2)$")]
    pub audit_type: String,
}

/// Copy a built-in template into the tenant's own, to edit (admins).
#[utoipa::path(post, path = "/api/v1/checklist-templates", tag = "fieldwork", request_body = CopyIn,
    responses((status = 201, body = Object), (status = 422, body = crate::error::Problem)), security(("bearer" = [])))]
#[post("/checklist-templates")]
pub async fn copy_template(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
    body: crate::json::ApiJson<CopyIn>,
) -> Result<HttpResponse, ApiError> {
    let v = fw::copy_template(&st.ctx, &p.0, &body.standard, &body.audit_type).await?;
    Ok(HttpResponse::Created().json(template_json(&v)))
}

/// One of the tenant's templates.
#[utoipa::path(get, path = "/api/v1/checklist-templates/{id}", tag = "fieldwork",
    params(("id" = uuid::Uuid, Path, description = "template id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/checklist-templates/{id}")]
pub async fn get_template(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(template_json(&fw::template(&st.ctx, &p.0, *id).await?)))
}

/// A template's new content.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateIn {
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub name: String,
    /// `{section (readiness|clause|control), reference, title, question}`.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<TemplateItem>,
}

/// Replace the name and items of one of the tenant's templates (admins).
#[utoipa::path(put, path = "/api/v1/checklist-templates/{id}", tag = "fieldwork", request_body = TemplateIn,
    params(("id" = uuid::Uuid, Path, description = "template id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/checklist-templates/{id}")]
pub async fn update_template(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageSettings>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<TemplateIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let v = fw::update_template(&st.ctx, &p.0, *id, &b.name, b.items).await?;
    Ok(HttpResponse::Ok().json(template_json(&v)))
}

/// Create the audit's checklist from the templates (once).
#[utoipa::path(post, path = "/api/v1/audits/{id}/checklist", tag = "fieldwork",
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 201, body = Object), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/audits/{id}/checklist")]
pub async fn create_checklist(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let n = fw::create_checklist(&st.ctx, &p.0, AuditId(*id)).await?;
    Ok(HttpResponse::Created().json(json!({"items": n})))
}

/// Checklist filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ChecklistQuery {
    /// A result (conforming, minor_nc, major_nc, observation, ofi, not_applicable) or unanswered.
    #[param(
        pattern = "^(conforming|minor_nc|major_nc|observation|ofi|not_applicable|unanswered)$"
    )]
    pub result: Option<String>,
    /// Reference prefix, e.g. `8` or `A.6`.
    pub reference: Option<String>,
    pub site_id: Option<uuid::Uuid>,
}

/// The audit's checklist with its progress, nonconformities and what still blocks the
/// certification decision.
#[utoipa::path(get, path = "/api/v1/audits/{id}/checklist", tag = "fieldwork",
    params(("id" = uuid::Uuid, Path, description = "audit id"), ChecklistQuery),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/audits/{id}/checklist")]
pub async fn get_checklist(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
    q: web::Query<ChecklistQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    let c = fw::checklist(
        &st.ctx,
        &p.0,
        AuditId(*id),
        &fw::ChecklistFilter {
            result: q.result,
            reference: q.reference,
            site: q.site_id,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(json!({
        "audit_id": c.audit.id, "progress": {"answered": c.answered, "total": c.total},
        "items": c.items.iter().map(item_json).collect::<Vec<_>>(),
        "nonconformities": c.nonconformities.iter().map(nc_json).collect::<Vec<_>>(),
        "decision_blockers": c.decision_blockers,
    })))
}

/// An answer to one item.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AnswerIn {
    #[serde(default)]
    pub item_id: Option<uuid::Uuid>,
    /// conforming, minor_nc, major_nc, observation, ofi, not_applicable; null clears.
    #[schema(pattern = "^(conforming|minor_nc|major_nc|observation|ofi|not_applicable)$")]
    pub result: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub notes: Option<String>,
    pub site_id: Option<uuid::Uuid>,
    #[serde(default)]
    pub evidence_requested: bool,
    /// YYYY-MM-DD, required with an evidence request.
    #[schema(pattern = "^((19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    pub evidence_due: Option<String>,
}

fn answer_of(item: uuid::Uuid, a: AnswerIn) -> fw::AnswerInput {
    fw::AnswerInput {
        item_id: item,
        result: a.result,
        notes: a.notes,
        site_id: a.site_id,
        evidence_requested: a.evidence_requested,
        evidence_due: a.evidence_due,
    }
}

/// Record the answer to one item.
#[utoipa::path(patch, path = "/api/v1/audits/{id}/checklist/items/{item_id}", tag = "fieldwork", request_body = AnswerIn,
    params(("id" = uuid::Uuid, Path, description = "audit id"), ("item_id" = uuid::Uuid, Path, description = "item id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[patch("/audits/{id}/checklist/items/{item_id}")]
pub async fn answer_item(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ConductAudits>,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    body: crate::json::ApiJson<AnswerIn>,
) -> Result<HttpResponse, ApiError> {
    let (id, item) = path.into_inner();
    fw::answer(
        &st.ctx,
        &p.0,
        AuditId(id),
        &[answer_of(item, body.into_inner())],
    )
    .await?;
    Ok(HttpResponse::Ok().json(json!({"answered": 1})))
}

/// Record many answers at once (all or nothing).
#[utoipa::path(post, path = "/api/v1/audits/{id}/checklist/answers", tag = "fieldwork", request_body = [AnswerIn],
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/audits/{id}/checklist/answers")]
pub async fn answer_many(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ConductAudits>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJsonList<AnswerIn>,
) -> Result<HttpResponse, ApiError> {
    let mut answers = Vec::new();
    for a in body.into_inner() {
        let Some(item) = a.item_id else {
            return Err(ApiError {
                field: Some("item_id"),
                ..ApiError::new(
                    actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::ItemIdRequired,
                    "every answer names its item_id",
                )
            });
        };
        answers.push(answer_of(item, a));
    }
    let n = fw::answer(&st.ctx, &p.0, AuditId(*id), &answers).await?;
    Ok(HttpResponse::Ok().json(json!({"answered": n})))
}

/// A new nonconformity.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RaiseIn {
    /// minor or major.
    #[schema(pattern = "^(minor|major)$")]
    pub grade: String,
    /// Clause or control; the item's reference when omitted.
    pub reference: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub statement: String,
    /// The objective evidence.
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub evidence: String,
    pub site_id: Option<uuid::Uuid>,
}

/// Raise a nonconformity from a checklist item.
#[utoipa::path(post, path = "/api/v1/audits/{id}/checklist/items/{item_id}/nonconformities", tag = "fieldwork", request_body = RaiseIn,
    params(("id" = uuid::Uuid, Path, description = "audit id"), ("item_id" = uuid::Uuid, Path, description = "item id")),
    responses((status = 201, body = Object), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/audits/{id}/checklist/items/{item_id}/nonconformities")]
pub async fn raise(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ConductAudits>,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    body: crate::json::ApiJson<RaiseIn>,
) -> Result<HttpResponse, ApiError> {
    let (id, item) = path.into_inner();
    let b = body.into_inner();
    let nc = fw::raise(
        &st.ctx,
        &p.0,
        AuditId(id),
        item,
        fw::RaiseInput {
            grade: b.grade,
            reference: b.reference,
            statement: b.statement,
            evidence: b.evidence,
            site_id: b.site_id,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(nc_json(&nc)))
}

/// The nonconformities of an audit.
#[utoipa::path(get, path = "/api/v1/audits/{id}/nonconformities", tag = "fieldwork",
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, body = [Object]), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/audits/{id}/nonconformities")]
pub async fn audit_ncs(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let c = fw::checklist(&st.ctx, &p.0, AuditId(*id), &fw::ChecklistFilter::default()).await?;
    Ok(HttpResponse::Ok().json(c.nonconformities.iter().map(nc_json).collect::<Vec<_>>()))
}

/// The nonconformities of a client (staff, or the client's own users).
#[utoipa::path(get, path = "/api/v1/clients/{id}/nonconformities", tag = "fieldwork",
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses((status = 200, body = [Object]), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/clients/{id}/nonconformities")]
pub async fn client_ncs(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let l = fw::client_ncs(&st.ctx, &p.0, ClientId(*id)).await?;
    Ok(HttpResponse::Ok().json(l.iter().map(nc_json).collect::<Vec<_>>()))
}

/// One nonconformity.
#[utoipa::path(get, path = "/api/v1/nonconformities/{id}", tag = "fieldwork",
    params(("id" = uuid::Uuid, Path, description = "nonconformity id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/nonconformities/{id}")]
pub async fn get_nc(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let f = fw::nonconformity(&st.ctx, &p.0, *id).await?;
    Ok(HttpResponse::Ok().json(nc_json(&f.nc)))
}

/// The client's answer (9.4.9).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseIn {
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub correction: String,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub root_cause: String,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub corrective_action: String,
    /// YYYY-MM-DD.
    #[schema(pattern = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$")]
    pub planned_date: String,
}

/// The review of the plan.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewIn {
    /// accept or reject.
    #[schema(pattern = "^(accept|reject)$")]
    pub decision: String,
    /// Required when rejecting.
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub comment: Option<String>,
}

/// The implementation report.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImplementationIn {
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub statement: String,
}

/// The verification (9.4.10).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationIn {
    /// e.g. "document review", "on site at surveillance 1".
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub method: String,
    pub effective: bool,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub comment: Option<String>,
}

/// The escalation of a minor.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationIn {
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub reason: String,
}

async fn act(
    st: &AppState,
    p: &ApiPrincipal,
    id: uuid::Uuid,
    a: NcAction,
) -> Result<HttpResponse, ApiError> {
    let nc = fw::act(&st.ctx, &p.0, id, a).await?;
    Ok(HttpResponse::Ok().json(nc_json(&nc)))
}

/// Submit the correction, root cause and corrective-action plan.
#[utoipa::path(post, path = "/api/v1/nonconformities/{id}/response", tag = "fieldwork", request_body = ResponseIn,
    params(("id" = uuid::Uuid, Path, description = "nonconformity id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/nonconformities/{id}/response")]
pub async fn respond(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::WorkFindings>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ResponseIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    act(
        &st,
        &p,
        *id,
        NcAction::Respond {
            correction: b.correction,
            root_cause: b.root_cause,
            corrective_action: b.corrective_action,
            planned_date: b.planned_date,
        },
    )
    .await
}

/// Accept or reject the plan.
#[utoipa::path(post, path = "/api/v1/nonconformities/{id}/review", tag = "fieldwork", request_body = ReviewIn,
    params(("id" = uuid::Uuid, Path, description = "nonconformity id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/nonconformities/{id}/review")]
pub async fn review(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::WorkFindings>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ReviewIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let accept = match b.decision.as_str() {
        "accept" => true,
        "reject" => false,
        _ => {
            return Err(ApiError {
                field: Some("decision"),
                ..ApiError::new(
                    actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::InvalidDecision,
                    "decision must be accept or reject",
                )
            });
        }
    };
    act(
        &st,
        &p,
        *id,
        NcAction::Review {
            accept,
            comment: b.comment,
        },
    )
    .await
}

/// Report the plan implemented.
#[utoipa::path(post, path = "/api/v1/nonconformities/{id}/implementation", tag = "fieldwork", request_body = ImplementationIn,
    params(("id" = uuid::Uuid, Path, description = "nonconformity id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/nonconformities/{id}/implementation")]
pub async fn implement(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::WorkFindings>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ImplementationIn>,
) -> Result<HttpResponse, ApiError> {
    act(
        &st,
        &p,
        *id,
        NcAction::Implement {
            statement: body.into_inner().statement,
        },
    )
    .await
}

/// Record the verification: effective closes it, not effective reopens it.
#[utoipa::path(post, path = "/api/v1/nonconformities/{id}/verification", tag = "fieldwork", request_body = VerificationIn,
    params(("id" = uuid::Uuid, Path, description = "nonconformity id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/nonconformities/{id}/verification")]
pub async fn verify(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::WorkFindings>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<VerificationIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    act(
        &st,
        &p,
        *id,
        NcAction::Verify {
            method: b.method,
            effective: b.effective,
            comment: b.comment,
        },
    )
    .await
}

/// Escalate a minor to major.
#[utoipa::path(post, path = "/api/v1/nonconformities/{id}/escalation", tag = "fieldwork", request_body = EscalationIn,
    params(("id" = uuid::Uuid, Path, description = "nonconformity id")),
    responses((status = 200, body = Object), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/nonconformities/{id}/escalation")]
pub async fn escalate(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::WorkFindings>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<EscalationIn>,
) -> Result<HttpResponse, ApiError> {
    act(
        &st,
        &p,
        *id,
        NcAction::Escalate {
            reason: body.into_inner().reason,
        },
    )
    .await
}

/// A client user to invite.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientUserIn {
    #[schema(
        pattern = "^\\s*[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]+@[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@.][^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]*\\.[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]*[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@.]\\s*$",
        max_length = 254
    )]
    pub email: String,
}

/// Invite a client user bound to this client organisation (client portal).
#[utoipa::path(post, path = "/api/v1/clients/{id}/users", tag = "clients", request_body = ClientUserIn,
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses((status = 201, body = Object), (status = 404, body = crate::error::Problem), (status = 409, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/clients/{id}/users")]
pub async fn invite_client_user(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageClients>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ClientUserIn>,
) -> Result<HttpResponse, ApiError> {
    let inv = certa_service::members::invite_client_user(&st.ctx, &p.0, ClientId(*id), &body.email)
        .await?;
    Ok(HttpResponse::Created().json(
        json!({"id": inv.id, "email": inv.email, "client_id": inv.client_id,
        "expires_at": super::ts(inv.expires_at)}),
    ))
}

/// The audit report (ISO/IEC 17021-1 9.4.8).
#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    pub audit_id: uuid::Uuid,
    /// The certification body.
    pub certification_body: String,
    /// The client's legal name.
    pub client: String,
    /// The address of the site with the central function (or the first site).
    pub address: Option<String>,
    /// The client's representative: the first contact, with their role.
    pub representative: Option<String>,
    /// stage_1, stage_2, surveillance_1, surveillance_2 or recertification.
    pub kind: String,
    /// The audit criteria: the standards audited.
    pub standards: Vec<String>,
    /// Whether the audit covers several standards at once (IAF MD 11).
    pub integrated: bool,
    pub objectives: String,
    /// The client's requested scope for each standard audited.
    pub scope: Vec<ReportScopeOut>,
    pub team: Vec<ReportMemberOut>,
    #[schema(format = Date)]
    pub starts_on: String,
    #[schema(format = Date)]
    pub ends_on: String,
    /// The sites of the audit plan.
    pub places: Vec<ReportPlaceOut>,
    /// The remote use of ICT (partial or full), when the plan has any.
    pub remote: Option<String>,
    /// Checklist items answered with a nonconformity, an observation or an opportunity
    /// for improvement.
    pub findings: Vec<ReportFindingOut>,
    /// Follow-up items carried from earlier audits (9.4.8 r).
    pub carried: Vec<ReportFindingOut>,
    pub nonconformities: Vec<ReportNonconformityOut>,
    pub majors: usize,
    pub minors: usize,
    /// Checklist items answered, of `total`.
    pub answered: usize,
    pub total: usize,
    /// What stands in the way of the certification decision (9.5); empty when nothing does.
    pub decision_blockers: Vec<String>,
    pub recommendation: String,
}

/// The requested scope for one standard.
#[derive(Serialize, ToSchema)]
pub struct ReportScopeOut {
    pub standard: String,
    pub scope: String,
}

/// A member of the audit team.
#[derive(Serialize, ToSchema)]
pub struct ReportMemberOut {
    pub name: String,
    /// lead, auditor, technical_expert or observer.
    pub role: String,
}

/// A site of the audit plan.
#[derive(Serialize, ToSchema)]
pub struct ReportPlaceOut {
    pub name: String,
    /// permanent, temporary or virtual.
    pub kind: String,
    pub country: String,
}

/// A checklist item in the report.
#[derive(Serialize, ToSchema)]
pub struct ReportFindingOut {
    pub reference: String,
    pub title: String,
    /// The recorded result, if any.
    pub result: Option<String>,
    pub notes: Option<String>,
}

/// A nonconformity in the report's summary.
#[derive(Serialize, ToSchema)]
pub struct ReportNonconformityOut {
    pub id: uuid::Uuid,
    pub number: i32,
    /// major or minor.
    pub grade: String,
    pub reference: String,
    pub statement: String,
    pub status: String,
    #[schema(format = Date)]
    pub response_due: String,
}

impl From<fw::ReportFinding> for ReportFindingOut {
    fn from(f: fw::ReportFinding) -> Self {
        Self {
            reference: f.reference,
            title: f.title,
            result: f.result.map(|x| x.as_str().to_string()),
            notes: f.notes,
        }
    }
}

impl From<fw::AuditReport> for ReportOut {
    fn from(r: fw::AuditReport) -> Self {
        Self {
            audit_id: r.audit_id,
            certification_body: r.certification_body,
            client: r.client,
            address: r.address,
            representative: r.representative,
            kind: r.kind.as_str().to_string(),
            standards: r.standards,
            integrated: r.integrated,
            objectives: r.objectives,
            scope: r
                .scope
                .into_iter()
                .map(|s| ReportScopeOut {
                    standard: s.standard,
                    scope: s.scope,
                })
                .collect(),
            team: r
                .team
                .into_iter()
                .map(|m| ReportMemberOut {
                    name: m.name,
                    role: m.role.as_str().to_string(),
                })
                .collect(),
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            places: r
                .places
                .into_iter()
                .map(|p| ReportPlaceOut {
                    name: p.name,
                    kind: p.kind.as_str().to_string(),
                    country: p.country,
                })
                .collect(),
            remote: r.remote.map(|x| x.as_str().to_string()),
            findings: r.findings.into_iter().map(Into::into).collect(),
            carried: r.carried.into_iter().map(Into::into).collect(),
            nonconformities: r
                .nonconformities
                .into_iter()
                .map(|n| ReportNonconformityOut {
                    id: n.id,
                    number: n.number,
                    grade: n.grade.as_str().to_string(),
                    reference: n.reference,
                    statement: n.statement,
                    status: n.status.as_str().to_string(),
                    response_due: n.response_due,
                })
                .collect(),
            majors: r.majors,
            minors: r.minors,
            answered: r.answered,
            total: r.total,
            decision_blockers: r.decision_blockers,
            recommendation: r.recommendation,
        }
    }
}

/// The audit report (ISO/IEC 17021-1 9.4.8): the audit, its team, places and dates, the
/// findings and nonconformities, the follow-up of earlier ones and the team's
/// recommendation. Staff who see clients; client users get 404.
#[utoipa::path(get, path = "/api/v1/audits/{id}/report", tag = "fieldwork",
    params(("id" = uuid::Uuid, Path, description = "audit id")),
    responses((status = 200, body = ReportOut), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/audits/{id}/report")]
pub async fn get_report(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let r = fw::report(&st.ctx, &p.0, AuditId(*id)).await?;
    Ok(HttpResponse::Ok().json(ReportOut::from(r)))
}

/// The client portal: the organisation's audits, evidence requests and nonconformities
/// (client users only).
#[utoipa::path(get, path = "/api/v1/portal", tag = "portal",
    responses((status = 200, body = Object), (status = 403, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/portal")]
pub async fn portal(st: web::Data<AppState>, p: ApiPrincipal) -> Result<HttpResponse, ApiError> {
    let v = fw::portal(&st.ctx, &p.0).await?;
    Ok(HttpResponse::Ok().json(json!({
        "client_id": v.client_id, "client_name": v.client_name,
        "audits": v.audits.iter().map(|a| json!({"id": a.id, "kind": a.kind, "starts_on": a.starts_on, "ends_on": a.ends_on, "status": a.status})).collect::<Vec<_>>(),
        "evidence_requests": v.requests.iter().map(item_json).collect::<Vec<_>>(),
        "nonconformities": v.nonconformities.iter().map(nc_json).collect::<Vec<_>>(),
    })))
}
