//! `/api/v1/audit-time/calculate`: the audit-time engine, stateless.
//!
//! The rules live in [`certa_domain::audit_time`]; this module only maps JSON in and out.
//! The tenant's tables and settings apply (see `/api/v1/settings` and
//! `/api/v1/audit-time/tables`).

use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use certa_domain::audit_time::{
    self, Adjustment, AuditTimeError, BreakdownLine, Calculation, Request, SampledSites,
    StandardPart, StandardRequest,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An adjustment factor (IAF MD 5): percent of the table value, negative reduces.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentIn {
    /// Percent of the table value, e.g. `-10`. The net reduction is at most 30 %.
    #[schema(minimum = -30, maximum = 1000)]
    pub percent: f64,
    /// Why the factor applies; required.
    #[serde(default)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub justification: Option<String>,
}

/// One standard to calculate.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardIn {
    /// Catalogue code: `ISO 9001:2015`, `ISO 14001:2015`, `ISO 45001:2018`,
    /// `ISO/IEC 27001:2022`, `ISO/IEC 42001:2023`.
    #[schema(
        pattern = "^(ISO 9001:2015|ISO 14001:2015|ISO 45001:2018|ISO/IEC 27001:2022|ISO/IEC 42001:2023)$"
    )]
    pub code: String,
    /// `high|medium|low|limited`: required for ISO 14001 and ISO 45001 (no `limited`).
    #[serde(default)]
    #[schema(pattern = "^(high|medium|low|limited)$")]
    pub complexity: Option<String>,
    /// `producer|developer|provider|user|multiple`: required for ISO/IEC 42001.
    #[serde(default)]
    #[schema(pattern = "^(producer|developer|provider|user|multiple)$")]
    pub ai_role: Option<String>,
    /// Factors for this standard only, added to the common ones.
    #[serde(default)]
    pub adjustments: Option<Vec<AdjustmentIn>>,
}

/// What to calculate.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalculateIn {
    /// One standard, or several for a combined / integrated audit.
    pub standards: Vec<StandardIn>,
    /// Effective number of personnel (IAF MD 5), at least 1.
    #[schema(minimum = 1, maximum = 1000000)]
    pub effective_personnel: i64,
    /// Number of sites including the central function's, at least 1 (default 1).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 10000)]
    pub sites: Option<i64>,
    /// Whether IAF MD 1 sampling is allowed (default true); when false every site is
    /// audited (MD 1 6.2).
    #[serde(default)]
    pub sampling_allowed: Option<bool>,
    /// Factors applied to every standard.
    #[serde(default)]
    pub adjustments: Option<Vec<AdjustmentIn>>,
    /// IAF MD 11 reduction for the level of integration, 0–20 (two or more standards).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 20)]
    pub integration_reduction_percent: Option<f64>,
}

fn adjustments(list: Option<Vec<AdjustmentIn>>) -> Vec<Adjustment> {
    list.unwrap_or_default()
        .into_iter()
        .map(|a| Adjustment {
            percent: a.percent,
            justification: a.justification.unwrap_or_default(),
        })
        .collect()
}

impl CalculateIn {
    pub(crate) fn into_request(self) -> Result<Request, AuditTimeError> {
        let standards = self
            .standards
            .into_iter()
            .map(|s| {
                Ok(StandardRequest {
                    code: s.code,
                    complexity: s
                        .complexity
                        .as_deref()
                        .map(audit_time::parse_complexity)
                        .transpose()?,
                    ai_role: s
                        .ai_role
                        .as_deref()
                        .map(audit_time::parse_ai_role)
                        .transpose()?,
                    adjustments: adjustments(s.adjustments),
                })
            })
            .collect::<Result<Vec<_>, AuditTimeError>>()?;
        Ok(Request {
            standards,
            effective_personnel: self.effective_personnel,
            sites: self.sites.unwrap_or(1),
            sampling_allowed: self.sampling_allowed.unwrap_or(true),
            adjustments: adjustments(self.adjustments),
            integration_reduction_percent: self.integration_reduction_percent.unwrap_or(0.0),
        })
    }
}

/// Sites to audit, central function included (IAF MD 1).
#[derive(Serialize, ToSchema)]
pub struct SampledSitesOut {
    /// Initial audit (√n + central function, or every site).
    pub initial: u64,
    /// Each surveillance (0.6√n + central function, or 30 % + central function).
    pub surveillance: u64,
    /// Recertification (0.8√n + central function, or every site).
    pub recertification: u64,
    /// Whether sampling was applied.
    pub sampling: bool,
    /// Always true: the central function is audited at every audit.
    pub central_function_included: bool,
}

impl From<SampledSites> for SampledSitesOut {
    fn from(s: SampledSites) -> Self {
        Self {
            initial: s.initial,
            surveillance: s.surveillance,
            recertification: s.recertification,
            sampling: s.sampling,
            central_function_included: s.central_function_included,
        }
    }
}

/// One standard's part of the result.
#[derive(Serialize, ToSchema)]
pub struct StandardPartOut {
    /// The standard code as given.
    pub code: String,
    /// The table used, e.g. `iaf_md5_qms_1`.
    pub table_id: String,
    /// The table's clause.
    pub clause: String,
    /// Column used: `days`, a complexity or an AI role.
    pub column: String,
    /// First headcount of the band used.
    pub band_min: u64,
    /// Last headcount of the band used.
    pub band_max: u64,
    /// The table value (interpolated when the tenant reads bands as a continuum).
    pub table_days: f64,
    /// Net adjustment in percent.
    pub adjustment_percent: f64,
    /// Table value after the adjustments, not rounded.
    pub adjusted_days: f64,
    /// Whether the value was interpolated within its band.
    pub interpolated: bool,
    /// The band lies beyond the table ("follow the progression").
    pub extrapolated: bool,
    /// Whether the table value is confirmed in the published table.
    pub verified: bool,
}

impl From<StandardPart> for StandardPartOut {
    fn from(p: StandardPart) -> Self {
        Self {
            code: p.code,
            table_id: p.table_id,
            clause: p.clause,
            column: p.column.as_str().to_string(),
            band_min: p.band_min,
            band_max: p.band_max,
            table_days: p.table_days,
            adjustment_percent: p.adjustment_percent,
            adjusted_days: p.adjusted_days,
            interpolated: p.interpolated,
            extrapolated: p.extrapolated,
            verified: p.verified,
        }
    }
}

/// One line of the justification.
#[derive(Serialize, ToSchema)]
pub struct BreakdownLineOut {
    /// `table_lookup`, `adjustment`, `adjustment_total`, `sum`, `integration`, `rounding`,
    /// `stage1`, `stage2`, `surveillance`, `recertification`, `min_onsite`, `sampling`.
    pub step: String,
    /// The standard, for per-standard steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    /// The rule applied.
    pub clause: String,
    /// What was done, with the numbers.
    pub detail: String,
    /// Days resulting from the step, if any.
    pub days: Option<f64>,
}

impl From<BreakdownLine> for BreakdownLineOut {
    fn from(l: BreakdownLine) -> Self {
        Self {
            step: l.step.as_str().to_string(),
            standard: l.standard,
            clause: l.clause,
            detail: l.detail,
            days: l.days,
        }
    }
}

/// The audit time, in days of 8 hours; every `*_days` result but `table_days` and
/// `adjusted_days` is a multiple of half a day.
#[derive(Serialize, ToSchema)]
pub struct CalculationOut {
    /// Sum of the table values of the standards.
    pub table_days: f64,
    /// After the adjustment factors (sum over standards), before integration and rounding.
    pub adjusted_days: f64,
    /// IAF MD 11 reduction applied, in percent.
    pub integration_reduction_percent: f64,
    /// Stage 1 + stage 2.
    pub initial_days: f64,
    /// Stage 1 share of the initial time.
    pub stage1_days: f64,
    /// Stage 2: the rest of the initial time.
    pub stage2_days: f64,
    /// Each surveillance audit.
    pub surveillance_days: f64,
    /// The recertification audit.
    pub recertification_days: f64,
    /// Least on-site time of the initial audit (≥ 80 %).
    pub min_onsite_days: f64,
    /// Least on-site time of each surveillance audit.
    pub surveillance_min_onsite_days: f64,
    /// Least on-site time of the recertification audit.
    pub recertification_min_onsite_days: f64,
    /// Sites to audit at each audit (IAF MD 1), central function included.
    pub sampled_sites: SampledSitesOut,
    /// Whether every table value used is confirmed in the published tables.
    pub verified: bool,
    /// One part per standard.
    pub standards: Vec<StandardPartOut>,
    /// The justification, with a clause per step.
    pub breakdown: Vec<BreakdownLineOut>,
}

impl From<Calculation> for CalculationOut {
    fn from(c: Calculation) -> Self {
        Self {
            table_days: c.table_days,
            adjusted_days: c.adjusted_days,
            integration_reduction_percent: c.integration_reduction_percent,
            initial_days: c.initial_days,
            stage1_days: c.stage1_days,
            stage2_days: c.stage2_days,
            surveillance_days: c.surveillance_days,
            recertification_days: c.recertification_days,
            min_onsite_days: c.min_onsite_days,
            surveillance_min_onsite_days: c.surveillance_min_onsite_days,
            recertification_min_onsite_days: c.recertification_min_onsite_days,
            sampled_sites: c.sampled_sites.into(),
            verified: c.verified,
            standards: c.standards.into_iter().map(Into::into).collect(),
            breakdown: c.breakdown.into_iter().map(Into::into).collect(),
        }
    }
}

pub(crate) fn unprocessable(e: AuditTimeError) -> ApiError {
    ApiError {
        field: Some(e.field),
        ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.code, e.message)
    }
}

/// Calculate audit time (IAF MD 5, MD 1, MD 11; ISO/IEC 27006-1; ISO/IEC 42006) with a
/// breakdown citing the clause of every step. Staff may call it (client users get 404);
/// nothing is stored.
#[utoipa::path(post, path = "/api/v1/audit-time/calculate", tag = "audit-time",
    request_body = CalculateIn,
    responses((status = 200, body = CalculationOut), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/audit-time/calculate")]
pub async fn calculate(
    st: web::Data<crate::AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ViewSettings>,
    body: crate::json::ApiJson<CalculateIn>,
) -> Result<HttpResponse, ApiError> {
    let req = body.into_inner().into_request().map_err(unprocessable)?;
    let c = certa_service::settings::calculate(&st.ctx, &p.0, &req).await?;
    Ok(HttpResponse::Ok().json(CalculationOut::from(c)))
}
