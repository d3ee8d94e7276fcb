//! `/api/v1/auditors`: personnel records with qualifications, conflicts of interest and
//! unavailability.

use super::ts;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, delete, get, post, put, web};
use certa_domain::{AbsenceId, AuditorId, ConflictId, QualificationId};
use certa_service::personnel::{self, AuditorFile, AuditorInput, QualificationInput};
use certa_service::records::{Absence, Auditor, Conflict, Qualification};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A personnel record.
#[derive(Serialize, ToSchema)]
pub struct AuditorOut {
    pub id: uuid::Uuid,
    /// The member whose login this record belongs to, if any.
    pub membership_id: Option<uuid::Uuid>,
    pub name: String,
    pub email: String,
    /// active or inactive.
    pub status: String,
    pub notes: Option<String>,
    pub created_at: String,
}

impl From<Auditor> for AuditorOut {
    fn from(a: Auditor) -> Self {
        Self {
            id: a.id,
            membership_id: a.membership_id,
            name: a.name,
            email: a.email,
            status: a.status.to_string(),
            notes: a.notes,
            created_at: ts(a.created_at),
        }
    }
}

/// A qualification.
#[derive(Serialize, ToSchema)]
pub struct QualificationOut {
    pub id: uuid::Uuid,
    pub standard_code: String,
    pub technical_area: String,
    /// auditor, lead_auditor, technical_expert, reviewer or decision_maker.
    pub function: String,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub evidence: Option<String>,
}

impl From<Qualification> for QualificationOut {
    fn from(q: Qualification) -> Self {
        Self {
            id: q.id,
            standard_code: q.standard_code,
            technical_area: q.technical_area,
            function: q.function.to_string(),
            valid_from: q.valid_from,
            valid_until: q.valid_until,
            evidence: q.evidence,
        }
    }
}

/// A conflict-of-interest declaration.
#[derive(Serialize, ToSchema)]
pub struct ConflictOut {
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub client_name: String,
    /// consultancy, employment or other.
    pub kind: String,
    /// When the relationship ended (none: ongoing).
    pub ended_on: Option<String>,
    pub note: Option<String>,
}

fn conflict_out(c: Conflict, client_name: String) -> ConflictOut {
    ConflictOut {
        id: c.id,
        client_id: c.client_id,
        client_name,
        kind: c.kind.to_string(),
        ended_on: c.ended_on,
        note: c.note,
    }
}

/// An unavailability period (inclusive).
#[derive(Serialize, ToSchema)]
pub struct AbsenceOut {
    pub id: uuid::Uuid,
    pub starts_on: String,
    pub ends_on: String,
    pub reason: Option<String>,
}

impl From<Absence> for AbsenceOut {
    fn from(a: Absence) -> Self {
        Self {
            id: a.id,
            starts_on: a.starts_on,
            ends_on: a.ends_on,
            reason: a.reason,
        }
    }
}

/// A record with everything attached.
#[derive(Serialize, ToSchema)]
pub struct AuditorFileOut {
    #[serde(flatten)]
    pub auditor: AuditorOut,
    pub qualifications: Vec<QualificationOut>,
    pub conflicts: Vec<ConflictOut>,
    pub absences: Vec<AbsenceOut>,
}

impl From<AuditorFile> for AuditorFileOut {
    fn from(f: AuditorFile) -> Self {
        Self {
            auditor: f.auditor.into(),
            qualifications: f.qualifications.into_iter().map(Into::into).collect(),
            conflicts: f
                .conflicts
                .into_iter()
                .map(|(c, n)| conflict_out(c, n))
                .collect(),
            absences: f.absences.into_iter().map(Into::into).collect(),
        }
    }
}

/// A record (create or replace).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditorIn {
    pub membership_id: Option<uuid::Uuid>,
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub name: String,
    #[schema(
        pattern = "^\\s*[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]+@[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@.][^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]*\\.[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]*[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@.]\\s*$",
        max_length = 254
    )]
    pub email: String,
    /// active (default) or inactive.
    #[schema(pattern = "^(active|inactive)$")]
    pub status: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub notes: Option<String>,
}

impl From<AuditorIn> for AuditorInput {
    fn from(a: AuditorIn) -> Self {
        Self {
            membership_id: a.membership_id,
            name: a.name,
            email: a.email,
            status: a.status,
            notes: a.notes,
        }
    }
}

/// A qualification.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QualificationIn {
    /// e.g. "ISO/IEC 42001:2023".
    #[schema(
        pattern = "^(ISO 9001:2015|ISO 14001:2015|ISO 45001:2018|ISO/IEC 27001:2022|ISO/IEC 42001:2023)$"
    )]
    pub standard_code: String,
    /// e.g. "IAF 33" or "all".
    #[schema(
        pattern = "^\\s*[^\\s\\u0000-\\u001f\\u007f-\\u009f]([^\\u0000-\\u001f\\u007f-\\u009f]{0,38}[^\\s\\u0000-\\u001f\\u007f-\\u009f])?\\s*$"
    )]
    pub technical_area: String,
    #[schema(pattern = "^(auditor|lead_auditor|technical_expert|reviewer|decision_maker)$")]
    pub function: String,
    /// YYYY-MM-DD.
    #[schema(pattern = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$")]
    pub valid_from: String,
    /// YYYY-MM-DD.
    #[schema(pattern = "^((19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    pub valid_until: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub evidence: Option<String>,
}

/// A conflict-of-interest declaration.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictIn {
    pub client_id: uuid::Uuid,
    /// consultancy, employment or other.
    #[schema(pattern = "^(consultancy|employment|other)$")]
    pub kind: String,
    /// YYYY-MM-DD; absent while ongoing.
    #[schema(pattern = "^((19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    pub ended_on: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub note: Option<String>,
}

/// An unavailability period.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceIn {
    /// YYYY-MM-DD (inclusive).
    #[schema(pattern = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$")]
    pub starts_on: String,
    /// YYYY-MM-DD (inclusive).
    #[schema(pattern = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$")]
    pub ends_on: String,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub reason: Option<String>,
}

/// Personnel records, by name.
#[utoipa::path(get, path = "/api/v1/auditors", tag = "personnel",
    responses((status = 200, body = [AuditorOut]), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/auditors")]
pub async fn list_auditors(
    st: web::Data<AppState>,
    p: ApiPrincipal,
) -> Result<HttpResponse, ApiError> {
    let l = personnel::list(&st.ctx, &p.0).await?;
    Ok(HttpResponse::Ok().json(l.into_iter().map(AuditorOut::from).collect::<Vec<_>>()))
}

/// Create a personnel record.
#[utoipa::path(post, path = "/api/v1/auditors", tag = "personnel", request_body = AuditorIn,
    responses((status = 201, body = AuditorOut), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/auditors")]
pub async fn create_auditor(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManagePersonnel>,
    body: crate::json::ApiJson<AuditorIn>,
) -> Result<HttpResponse, ApiError> {
    let a = personnel::create(&st.ctx, &p.0, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(AuditorOut::from(a)))
}

/// A personnel record with qualifications, conflicts and unavailability.
#[utoipa::path(get, path = "/api/v1/auditors/{id}", tag = "personnel",
    params(("id" = uuid::Uuid, Path, description = "auditor id")),
    responses((status = 200, body = AuditorFileOut), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/auditors/{id}")]
pub async fn get_auditor(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let f = personnel::get(&st.ctx, &p.0, AuditorId(*id)).await?;
    Ok(HttpResponse::Ok().json(AuditorFileOut::from(f)))
}

/// Replace a personnel record's details.
#[utoipa::path(put, path = "/api/v1/auditors/{id}", tag = "personnel", request_body = AuditorIn,
    params(("id" = uuid::Uuid, Path, description = "auditor id")),
    responses((status = 200, body = AuditorOut), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/auditors/{id}")]
pub async fn update_auditor(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManagePersonnel>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<AuditorIn>,
) -> Result<HttpResponse, ApiError> {
    let a = personnel::update(&st.ctx, &p.0, AuditorId(*id), body.into_inner().into()).await?;
    Ok(HttpResponse::Ok().json(AuditorOut::from(a)))
}

/// Add a qualification.
#[utoipa::path(post, path = "/api/v1/auditors/{id}/qualifications", tag = "personnel", request_body = QualificationIn,
    params(("id" = uuid::Uuid, Path, description = "auditor id")),
    responses((status = 201, body = QualificationOut), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/auditors/{id}/qualifications")]
pub async fn add_qualification(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManagePersonnel>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<QualificationIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let q = personnel::add_qualification(
        &st.ctx,
        &p.0,
        AuditorId(*id),
        QualificationInput {
            standard_code: b.standard_code,
            technical_area: b.technical_area,
            function: b.function,
            valid_from: b.valid_from,
            valid_until: b.valid_until,
            evidence: b.evidence,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(QualificationOut::from(q)))
}

/// Remove a qualification.
#[utoipa::path(delete, path = "/api/v1/auditors/{id}/qualifications/{qualification_id}", tag = "personnel",
    params(("id" = uuid::Uuid, Path, description = "auditor id"), ("qualification_id" = uuid::Uuid, Path, description = "qualification id")),
    responses((status = 204), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[delete("/auditors/{id}/qualifications/{qualification_id}")]
pub async fn remove_qualification(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (a, q) = path.into_inner();
    personnel::remove_qualification(&st.ctx, &p.0, AuditorId(a), QualificationId(q)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Declare a conflict of interest towards a client.
#[utoipa::path(post, path = "/api/v1/auditors/{id}/conflicts", tag = "personnel", request_body = ConflictIn,
    params(("id" = uuid::Uuid, Path, description = "auditor id")),
    responses((status = 201, body = ConflictOut), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/auditors/{id}/conflicts")]
pub async fn add_conflict(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManagePersonnel>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ConflictIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let (c, client_name) = personnel::add_conflict(
        &st.ctx,
        &p.0,
        AuditorId(*id),
        b.client_id,
        &b.kind,
        b.ended_on.as_deref(),
        b.note.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Created().json(conflict_out(c, client_name)))
}

/// Remove a conflict declaration.
#[utoipa::path(delete, path = "/api/v1/auditors/{id}/conflicts/{conflict_id}", tag = "personnel",
    params(("id" = uuid::Uuid, Path, description = "auditor id"), ("conflict_id" = uuid::Uuid, Path, description = "conflict id")),
    responses((status = 204), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[delete("/auditors/{id}/conflicts/{conflict_id}")]
pub async fn remove_conflict(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (a, c) = path.into_inner();
    personnel::remove_conflict(&st.ctx, &p.0, AuditorId(a), ConflictId(c)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Record an unavailability period.
#[utoipa::path(post, path = "/api/v1/auditors/{id}/absences", tag = "personnel", request_body = AbsenceIn,
    params(("id" = uuid::Uuid, Path, description = "auditor id")),
    responses((status = 201, body = AbsenceOut), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/auditors/{id}/absences")]
pub async fn add_absence(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManagePersonnel>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<AbsenceIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let a = personnel::add_absence(
        &st.ctx,
        &p.0,
        AuditorId(*id),
        &b.starts_on,
        &b.ends_on,
        b.reason.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Created().json(AbsenceOut::from(a)))
}

/// Remove an unavailability period.
#[utoipa::path(delete, path = "/api/v1/auditors/{id}/absences/{absence_id}", tag = "personnel",
    params(("id" = uuid::Uuid, Path, description = "auditor id"), ("absence_id" = uuid::Uuid, Path, description = "absence id")),
    responses((status = 204), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[delete("/auditors/{id}/absences/{absence_id}")]
pub async fn remove_absence(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (a, b) = path.into_inner();
    personnel::remove_absence(&st.ctx, &p.0, AuditorId(a), AbsenceId(b)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The auditor's calendar of confirmed audits (RFC 5545 `text/calendar`).
#[utoipa::path(get, path = "/api/v1/auditors/{id}/calendar.ics", tag = "personnel",
    params(("id" = uuid::Uuid, Path, description = "auditor id")),
    responses((status = 200, content_type = "text/calendar", body = String), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/auditors/{id}/calendar.ics")]
pub async fn auditor_calendar(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let ics = certa_service::audits::auditor_calendar(&st.ctx, &p.0, AuditorId(*id)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("cache-control", "private, no-store"))
        .body(ics))
}

/// A secret calendar address.
#[derive(Serialize, ToSchema)]
pub struct CalendarLinkOut {
    /// Subscribe to this address in a calendar app; it needs no token. Shown once;
    /// creating a new one ends the old one.
    pub url: String,
}

/// Create (or replace) the auditor's secret calendar address (schedulers, or the auditor
/// for their own record).
#[utoipa::path(post, path = "/api/v1/auditors/{id}/calendar-link", tag = "personnel",
    params(("id" = uuid::Uuid, Path, description = "auditor id")),
    responses((status = 201, body = CalendarLinkOut), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/auditors/{id}/calendar-link")]
pub async fn create_calendar_link(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let url = certa_service::audits::create_calendar_link(&st.ctx, &p.0, AuditorId(*id)).await?;
    Ok(HttpResponse::Created()
        .insert_header(("cache-control", "no-store"))
        .json(CalendarLinkOut { url }))
}
