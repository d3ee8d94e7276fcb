//! `/api/v1/programmes/preview`: the 3-year programme from a certification decision date,
//! stateless.
//!
//! The rules live in [`certa_domain::programme`]; the tenant's programme settings apply.

use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use certa_domain::programme::EntryKind;
use certa_domain::programme::{self, AuditFlag, DueStatus, PlannedAudit, ProgrammeError, Progress};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The certification decision date, and optionally a day to flag the audits on and the
/// date surveillance 1 was done (to re-plan surveillance 2).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewIn {
    /// `YYYY-MM-DD`: the cycle starts on this date (ISO/IEC 17021-1 9.1.3).
    #[schema(pattern = "^(19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$")]
    pub certification_decision_date: String,
    /// `YYYY-MM-DD`: when given, each audit gets a `status` and `days_left` on that day.
    #[serde(default)]
    #[schema(pattern = "^((19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    pub today: Option<String>,
    /// `YYYY-MM-DD`: when surveillance 1 was done; surveillance 2 then falls in the next
    /// calendar year.
    #[serde(default)]
    #[schema(pattern = "^((19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    pub surveillance_1_on: Option<String>,
}

/// A planned audit.
#[derive(Serialize, ToSchema)]
pub struct PlannedAuditOut {
    /// `surveillance_1`, `surveillance_2` or `recertification`.
    pub kind: String,
    /// First day of the window (`YYYY-MM-DD`).
    pub window_start: String,
    /// Last day it may be done (`YYYY-MM-DD`), a hard limit.
    pub due_by: String,
    /// Recertification: the day it should be done by (months 30–33 target).
    pub target_by: Option<String>,
    /// The rule behind `due_by`.
    pub clause: String,
    /// With `today`: `upcoming`, `in_window`, `at_risk`, `overdue`, `completed` or
    /// `completed_late`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// With `today`: days until `due_by` (negative when overdue).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
}

/// The programme.
#[derive(Serialize, ToSchema)]
pub struct PreviewOut {
    /// The decision date as read (`YYYY-MM-DD`).
    pub certification_decision_date: String,
    /// Start of the 3-year cycle (the decision date).
    pub cycle_start: String,
    /// Last day of validity: decision + 3 years − 1 day.
    pub expiry_date: String,
    /// Surveillance 1, surveillance 2, recertification.
    pub audits: Vec<PlannedAuditOut>,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn status_name(s: DueStatus) -> &'static str {
    s.as_str()
}

fn audit_out(a: &PlannedAudit, flag: Option<&AuditFlag>) -> PlannedAuditOut {
    PlannedAuditOut {
        kind: a.kind.as_str().to_string(),
        window_start: day(a.window_start),
        due_by: day(a.due_by),
        target_by: a.target_by.map(day),
        clause: a.clause.to_string(),
        status: flag.map(|f| status_name(f.status).to_string()),
        days_left: flag.map(|f| f.days_left),
    }
}

fn unprocessable(e: ProgrammeError) -> ApiError {
    ApiError {
        field: Some(e.field),
        ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code, e.message)
    }
}

/// Preview the 3-year programme (ISO/IEC 17021-1 9.1.3, 9.6): expiry, surveillance 1 due
/// within 12 months of the decision, surveillance 2 in year 2, recertification before
/// expiry. Any member may call it; nothing is stored.
#[utoipa::path(post, path = "/api/v1/programmes/preview", tag = "programmes",
    request_body = PreviewIn,
    responses((status = 200, body = PreviewOut), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/programmes/preview")]
pub async fn preview(
    st: web::Data<crate::AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ViewSettings>,
    body: crate::json::ApiJson<PreviewIn>,
) -> Result<HttpResponse, ApiError> {
    p.0.tenant()?;
    let body = body.into_inner();
    let decision = programme::parse_date(
        &body.certification_decision_date,
        "certification_decision_date",
    )
    .map_err(unprocessable)?;
    let today = body
        .today
        .as_deref()
        .map(|s| programme::parse_date(s, "today"))
        .transpose()
        .map_err(unprocessable)?;
    let progress = Progress {
        surveillance_1_on: body
            .surveillance_1_on
            .as_deref()
            .map(|s| programme::parse_date(s, "surveillance_1_on"))
            .transpose()
            .map_err(unprocessable)?,
        ..Progress::default()
    };
    let settings = certa_service::settings::get(&st.ctx, &p.0).await?.programme;
    let plan = programme::plan(decision, &progress, &settings).map_err(unprocessable)?;
    let flags = today.map(|t| programme::flags(&plan, &progress, t, &settings));
    let audits = plan
        .audits
        .iter()
        .map(|a| {
            let flag = flags
                .as_ref()
                .and_then(|fs| fs.iter().find(|f| f.kind == a.kind));
            audit_out(a, flag)
        })
        .collect();
    Ok(HttpResponse::Ok().json(PreviewOut {
        certification_decision_date: day(decision),
        cycle_start: day(plan.cycle_start),
        expiry_date: day(plan.expiry_date),
        audits,
    }))
}

/// A stored programme with its audits and their flags as of today.
#[derive(Serialize, ToSchema)]
pub struct ProgrammeRecordOut {
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub client_name: String,
    pub application_id: uuid::Uuid,
    pub standards: Vec<String>,
    /// planning (no decision yet) or active.
    pub status: String,
    pub decision_date: Option<String>,
    pub expiry_date: Option<String>,
    pub audits: Vec<ProgrammeRecordAuditOut>,
}

/// One audit of a stored programme.
#[derive(Serialize, ToSchema)]
pub struct ProgrammeRecordAuditOut {
    pub id: uuid::Uuid,
    /// stage_1, stage_2, surveillance_1, surveillance_2 or recertification.
    pub kind: String,
    pub window_start: Option<String>,
    pub due_by: Option<String>,
    /// planned, …
    pub status: String,
    /// Today: upcoming, in_window, at_risk, overdue (cycle audits once the decision date is known).
    pub flag: Option<String>,
    pub days_left: Option<i64>,
}

impl From<certa_service::programmes::ProgrammeFile> for ProgrammeRecordOut {
    fn from(f: certa_service::programmes::ProgrammeFile) -> Self {
        let flags = f.flags;
        Self {
            id: f.programme.id,
            client_id: f.programme.client_id,
            client_name: f.client_name,
            application_id: f.programme.application_id,
            standards: f.programme.standards.clone(),
            status: f.programme.status.to_string(),
            decision_date: f.programme.decision_date,
            expiry_date: f.programme.expiry_date,
            audits: f
                .audits
                .into_iter()
                .map(|a| {
                    let flag = flags.iter().find(|x| EntryKind::from(x.kind) == a.kind);
                    ProgrammeRecordAuditOut {
                        id: a.id,
                        flag: flag.map(|x| x.status.as_str().to_owned()),
                        days_left: flag.map(|x| x.days_left),
                        kind: a.kind.to_string(),
                        window_start: a.window_start,
                        due_by: a.due_by,
                        status: a.status.to_string(),
                    }
                })
                .collect(),
        }
    }
}

/// A stored programme with its audits and today's flags.
#[utoipa::path(get, path = "/api/v1/programmes/{id}", tag = "programmes",
    params(("id" = uuid::Uuid, Path, description = "programme id")),
    responses((status = 200, body = ProgrammeRecordOut), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[get("/programmes/{id}")]
pub async fn get_programme(
    st: web::Data<crate::AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let f = certa_service::programmes::get(&st.ctx, &p.0, certa_domain::ProgrammeId(*id)).await?;
    Ok(HttpResponse::Ok().json(ProgrammeRecordOut::from(f)))
}

/// The programme's sealed audit file (a signed ZIP), for an accreditation assessment.
///
/// The ZIP holds the whole programme file (audit reports with every revision and review, decisions with their
/// inputs and reasons, nonconformities with the client's responses, evidence with every
/// version kept, certificate revisions with their PDFs, and the audit-trail events that
/// concern them) with `manifest.json` (every other file's size and SHA-256) and
/// `manifest.sig`, a detached JWS (EdDSA) over the manifest's exact bytes made with the
/// certification body's signing key, checked against the key set published at
/// `/t/{slug}/.well-known/jwks.json` (`certa verify-bundle FILE`). Administrators and
/// reviewers; each export is recorded in the audit trail.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/audit-file.zip", tag = "programmes",
    params(("id" = uuid::Uuid, Path, description = "programme id")),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>,
            description = "the sealed audit file, as an attachment"),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/programmes/{id}/audit-file.zip")]
pub async fn audit_file(
    st: web::Data<crate::AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ExportAuditFile>,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let f =
        certa_service::certification::bundle::export(&st.ctx, &p.0, certa_domain::ProgrammeId(*id))
            .await?;
    Ok(audit_file_response(f))
}

/// The HTTP answer for a sealed audit file: streamed from its temporary file (removed
/// when the stream ends), as an attachment.
pub fn audit_file_response(
    f: certa_service::certification::bundle::SealedAuditFile,
) -> HttpResponse {
    use tokio::io::AsyncReadExt as _;
    let file = tokio::fs::File::from_std(f.file);
    let stream = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(bytes::Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", f.filename),
        ))
        .insert_header(("x-content-type-options", "nosniff"))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .no_chunking(f.size)
        .streaming(stream)
}
