//! The audit-time engine: how many auditor-days the initial audit, each surveillance and
//! the recertification need (ISO/IEC 17021-1 9.1.4; IAF MD 5, MD 1, MD 11; ISO/IEC
//! 27006-1; ISO/IEC 42006). Pure: [`calculate`] takes the request, the tables and the
//! tenant's settings and returns the result with a breakdown that cites a clause for
//! every step. That breakdown is the justification IAF MD 5 4.4 asks the certification
//! body to give the client with the contract.
//!
//! Steps (domain reference §7.3 rule 9):
//! 1. table lookup per standard (IAF MD 5 Annex A, ISO/IEC 27006-1 Annex C, ISO/IEC
//!    42006), by effective personnel, complexity or AI role;
//! 2. adjustment factors per standard, each with a justification, net reduction at most
//!    30 % of the table value (IAF MD 5);
//! 3. several standards: the sum T = A + B + …, reduced by at most 20 % for the level of
//!    integration (IAF MD 11);
//! 4. rounding to the nearest half day (IAF MD 5 2.2.3);
//! 5. stage 1 / stage 2 split (tenant setting), surveillance ≈ 1/3 and recertification
//!    ≈ 2/3 of the initial time, on-site at least 80 %;
//! 6. IAF MD 1 multi-site sample sizes.
//!
//! Numbers are in days of 8 hours; every result day count is a multiple of half a day.

pub mod sampling;
pub mod tables;

#[cfg(test)]
mod tests;

pub use sampling::{SampledSites, sampled_sites};
pub use tables::{AiRole, AuditTimeTable, Column, Complexity, Tables};

use crate::DomainError;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use tables::TABLE_DAYS_MAX;

/// A share such as 1/3, kept exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fraction {
    /// Numerator.
    pub numerator: u32,
    /// Denominator (not 0).
    pub denominator: u32,
}

impl Fraction {
    /// `numerator / denominator`.
    pub const fn new(numerator: u32, denominator: u32) -> Self {
        Self {
            numerator,
            denominator,
        }
    }

    /// `x × numerator / denominator` (0 for a zero denominator).
    pub fn of(self, x: f64) -> f64 {
        if self.denominator == 0 {
            return 0.0;
        }
        x * f64::from(self.numerator) / f64::from(self.denominator)
    }

    /// ⌈n × numerator / denominator⌉ in exact integer arithmetic (n for a zero
    /// denominator).
    pub fn mul_ceil(self, n: u64) -> u64 {
        if self.denominator == 0 {
            return n;
        }
        let v = (u128::from(n) * u128::from(self.numerator)).div_ceil(u128::from(self.denominator));
        u64::try_from(v).unwrap_or(u64::MAX)
    }

    /// Whether this is a share between 0 and 1 inclusive.
    pub fn is_share(self) -> bool {
        self.denominator > 0 && self.numerator <= self.denominator
    }
}

impl std::fmt::Display for Fraction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

/// The smallest unit of audit time: results are rounded to the nearest half day (IAF MD 5
/// 2.2.3, quoted by EA FAQ 38.2: 5.3 becomes 5.5, 5.2 becomes 5).
pub const HALF_DAY: f64 = 0.5;
/// One audit day is 8 hours; longer working days do not reduce the number of days, and
/// travel is not audit time (IAF MD 5; domain reference §2.1, §7.3 rule 9).
pub const HOURS_PER_AUDIT_DAY: u32 = 8;
/// Largest net reduction from the table value by adjustment factors, in percent
/// (IAF MD 5, EA FAQ 37.23: "maximum reduction from the table: 30 %").
pub const MAX_REDUCTION_PERCENT: f64 = 30.0;
/// Largest reduction for the level of integration of an integrated management system, in
/// percent, applied after the MD 5 / MD 1 reductions (IAF MD 11:2019, EA FAQ).
pub const MAX_INTEGRATION_REDUCTION_PERCENT: f64 = 20.0;
/// On-site time is at least 80 % of the audit time (IAF MD 5, EA FAQ 38.2).
pub const MIN_ONSITE_SHARE: Fraction = Fraction::new(4, 5);
/// Yearly surveillance time ≈ 1/3 of the initial (stage 1 + stage 2) time (IAF MD 5;
/// domain reference §2.1 \[S\]).
pub const SURVEILLANCE_SHARE: Fraction = Fraction::new(1, 3);
/// Recertification time ≈ 2/3 of the initial time (IAF MD 5; domain reference §2.1 \[M\]:
/// to confirm against the licensed text, hence a tenant setting too).
pub const RECERTIFICATION_SHARE: Fraction = Fraction::new(2, 3);
/// Default stage 1 share of the initial time: 1/3, as in the worked example of domain
/// reference §2.1 (\[P\]: IAF MD 5 does not fix the split; CBs commonly plan 1/3–2/3 or
/// 30/70). A tenant setting.
pub const DEFAULT_STAGE1_SHARE: Fraction = Fraction::new(1, 3);
/// Default least stage 1 time: "stage 1 is often ≥ 0.5 day" (domain reference §2.1 \[P\]).
pub const DEFAULT_STAGE1_MIN_DAYS: f64 = 0.5;
/// Bound on a single adjustment, in percent (an input sanity bound, not a rule of the
/// domain reference; a reduction can never exceed 100 %).
pub const ADJUSTMENT_PERCENT_MAX: f64 = 1000.0;
/// Tolerance for comparing sums of percentages and for rounding (floating-point noise).
const TOLERANCE: f64 = 1e-9;

/// Rounds to the nearest half day, halves up (IAF MD 5 2.2.3; EA FAQ 38.2).
pub fn round_half_day(days: f64) -> f64 {
    ((days * 2.0) + TOLERANCE).round() / 2.0
}

/// Rounds up to the next half day (used for minimums, so that rounding never takes the
/// on-site time below its floor).
pub fn ceil_half_day(days: f64) -> f64 {
    ((days * 2.0) - TOLERANCE).ceil() / 2.0
}

/// Two decimals, for showing intermediate (unrounded) values.
fn shown(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The engine's error codes are among every error code.
pub use crate::ErrorCode;

/// Why a calculation was refused: a stable code, the field concerned, a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct AuditTimeError {
    /// Stable code.
    pub code: ErrorCode,
    /// The request field at fault (e.g. `standards.code`, `effective_personnel`).
    pub field: &'static str,
    /// Human explanation.
    pub message: String,
}

impl AuditTimeError {
    fn new(code: ErrorCode, field: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            field,
            message: message.into(),
        }
    }
}

impl From<AuditTimeError> for DomainError {
    fn from(e: AuditTimeError) -> Self {
        DomainError::invalid(e.field, e.code, e.message)
    }
}

/// Parses a complexity category (`high|medium|low|limited`).
pub fn parse_complexity(s: &str) -> Result<Complexity, AuditTimeError> {
    Complexity::parse(s).ok_or_else(|| {
        AuditTimeError::new(
            ErrorCode::ComplexityInvalid,
            "standards.complexity",
            format!(
                "complexity must be high, medium, low or limited, not '{}'",
                s.trim()
            ),
        )
    })
}

/// Parses an AI role (`producer|developer|provider|user|multiple`).
pub fn parse_ai_role(s: &str) -> Result<AiRole, AuditTimeError> {
    AiRole::parse(s).ok_or_else(|| {
        AuditTimeError::new(
            ErrorCode::AiRoleInvalid,
            "standards.ai_role",
            format!(
                "ai_role must be producer, developer, provider, user or multiple, not '{}'",
                s.trim()
            ),
        )
    })
}

/// The tenant's options for the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TimeSettings {
    /// Read the bands as a continuum (IAF MD 5 Annex A note, via GOST R 54318-2021):
    /// interpolate between a band's start and the next band's start. Default off: a
    /// headcount takes its band's value.
    pub interpolate_within_band: bool,
    /// Stage 1 share of the initial time (default 1/3, the doc's worked example \[P\]);
    /// stage 2 gets the rest. ISO/IEC 17021-1 9.3.1; IAF MD 5 does not fix the split.
    pub stage1_share: Fraction,
    /// Least stage 1 time in days (default 0.5 \[P\]); a multiple of half a day.
    pub stage1_min_days: f64,
    /// Surveillance share of the initial time (default 1/3, IAF MD 5 \[S\]).
    pub surveillance_share: Fraction,
    /// Recertification share of the initial time (default 2/3, IAF MD 5 \[M\]).
    pub recertification_share: Fraction,
}

impl Default for TimeSettings {
    fn default() -> Self {
        Self {
            interpolate_within_band: false,
            stage1_share: DEFAULT_STAGE1_SHARE,
            stage1_min_days: DEFAULT_STAGE1_MIN_DAYS,
            surveillance_share: SURVEILLANCE_SHARE,
            recertification_share: RECERTIFICATION_SHARE,
        }
    }
}

impl TimeSettings {
    /// Shares between 0 and 1, a stage 1 minimum that is a whole number of half days.
    pub fn validate(&self) -> Result<(), AuditTimeError> {
        let bad = |m: &str| AuditTimeError::new(ErrorCode::SettingsInvalid, "settings", m);
        if !self.stage1_share.is_share()
            || !self.surveillance_share.is_share()
            || !self.recertification_share.is_share()
        {
            return Err(bad("shares must be fractions between 0 and 1"));
        }
        let m = self.stage1_min_days;
        if !m.is_finite() || !(0.0..=TABLE_DAYS_MAX).contains(&m) || (m * 2.0).fract() != 0.0 {
            return Err(bad(
                "stage1_min_days must be a non-negative whole number of half days",
            ));
        }
        Ok(())
    }
}

/// An adjustment factor: a percentage of the table value (negative reduces) and why
/// (IAF MD 5: every factor is justified; the justification is kept and shown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// Percent of the table value; −10 reduces by 10 %.
    pub percent: f64,
    /// Why; required.
    pub justification: String,
}

/// One standard to calculate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardRequest {
    /// Catalogue code, e.g. `ISO 9001:2015`.
    pub code: String,
    /// Complexity, where the table has complexity columns (EMS, OH&S).
    #[serde(default)]
    pub complexity: Option<Complexity>,
    /// AI role, for ISO/IEC 42001.
    #[serde(default)]
    pub ai_role: Option<AiRole>,
    /// Factors for this standard only, added to the request's common ones (IAF MD 11:
    /// each standard's time with all its own factors).
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
}

impl StandardRequest {
    /// A standard without complexity, role or own factors.
    pub fn new(code: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            complexity: None,
            ai_role: None,
            adjustments: Vec::new(),
        }
    }
}

/// What to calculate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The standards (one, or several for a combined / integrated audit).
    pub standards: Vec<StandardRequest>,
    /// Effective number of personnel (IAF MD 5: everyone in scope on every shift,
    /// including non-permanent staff; part-timers as full-time equivalents). At least 1.
    pub effective_personnel: i64,
    /// Number of sites, including the one hosting the central function. At least 1.
    #[serde(default = "one")]
    pub sites: i64,
    /// Whether IAF MD 1 sampling is allowed (same processes, one management system, a
    /// central function). When not (MD 1 6.2), every site is audited.
    #[serde(default = "yes")]
    pub sampling_allowed: bool,
    /// Factors applied to every standard.
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
    /// IAF MD 11 reduction for the level of integration, 0–20.
    #[serde(default)]
    pub integration_reduction_percent: f64,
}

fn one() -> i64 {
    1
}

fn yes() -> bool {
    true
}

/// A step of the calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Table value for one standard.
    TableLookup,
    /// One adjustment factor.
    Adjustment,
    /// Net adjustment of one standard, checked against the cap.
    AdjustmentTotal,
    /// Sum of the standards' times (IAF MD 11).
    Sum,
    /// Integration reduction (IAF MD 11).
    Integration,
    /// Rounding to the nearest half day.
    Rounding,
    /// Stage 1 time.
    Stage1,
    /// Stage 2 time.
    Stage2,
    /// Surveillance time.
    Surveillance,
    /// Recertification time.
    Recertification,
    /// Least on-site time.
    MinOnsite,
    /// Multi-site sample sizes.
    Sampling,
}

impl Step {
    /// Stable snake_case name (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            Step::TableLookup => "table_lookup",
            Step::Adjustment => "adjustment",
            Step::AdjustmentTotal => "adjustment_total",
            Step::Sum => "sum",
            Step::Integration => "integration",
            Step::Rounding => "rounding",
            Step::Stage1 => "stage1",
            Step::Stage2 => "stage2",
            Step::Surveillance => "surveillance",
            Step::Recertification => "recertification",
            Step::MinOnsite => "min_onsite",
            Step::Sampling => "sampling",
        }
    }
}

/// One line of the justification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownLine {
    /// Which step.
    pub step: Step,
    /// The standard the line concerns, for per-standard steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    /// The rule applied.
    pub clause: String,
    /// What was done, with the numbers.
    pub detail: String,
    /// Days resulting from the step, when it yields days.
    pub days: Option<f64>,
}

/// The per-standard part of a calculation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandardPart {
    /// The standard code as given.
    pub code: String,
    /// The table used.
    pub table_id: String,
    /// The table's clause.
    pub clause: String,
    /// Column used (`days`, a complexity or an AI role).
    pub column: Column,
    /// Band start.
    pub band_min: u64,
    /// Band end.
    pub band_max: u64,
    /// Table value (interpolated when the setting is on).
    pub table_days: f64,
    /// Net adjustment in percent.
    pub adjustment_percent: f64,
    /// Table value after the adjustments (not rounded).
    pub adjusted_days: f64,
    /// Whether the value was interpolated within its band.
    pub interpolated: bool,
    /// Whether the band lies beyond the table ("follow the progression").
    pub extrapolated: bool,
    /// Whether the row and column are confirmed in the published table.
    pub verified: bool,
}

/// The result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calculation {
    /// Sum of the table values.
    pub table_days: f64,
    /// Sum of the adjusted values (IAF MD 11 "T"), before integration and rounding.
    pub adjusted_days: f64,
    /// Integration reduction applied, in percent.
    pub integration_reduction_percent: f64,
    /// Initial audit time (stage 1 + stage 2), rounded to the half day.
    pub initial_days: f64,
    /// Stage 1 time.
    pub stage1_days: f64,
    /// Stage 2 time.
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
    /// Sites to audit (IAF MD 1).
    pub sampled_sites: SampledSites,
    /// Whether every table value used is confirmed in the published tables.
    pub verified: bool,
    /// One part per standard.
    pub standards: Vec<StandardPart>,
    /// The justification, step by step, with clauses.
    pub breakdown: Vec<BreakdownLine>,
}

const CLAUSE_ADJUST: &str =
    "IAF MD 5 (adjustment factors; net reduction ≤ 30 % of the table value, EA FAQ 37.23)";
const CLAUSE_SUM: &str = "IAF MD 11 (each standard calculated separately, then T = A + B + …)";
const CLAUSE_INTEGRATION: &str =
    "IAF MD 11 (integration reduction ≤ 20 %, after the MD 5 / MD 1 reductions)";
const CLAUSE_ROUNDING: &str =
    "IAF MD 5 2.2.3 (nearest half day, EA FAQ 38.2); ISO/IEC 17021-1 9.1.4";
const CLAUSE_STAGES: &str = "ISO/IEC 17021-1 9.3.1 (IAF MD 5 does not fix the stage split; a setting of the certification body)";
const CLAUSE_SURVEILLANCE: &str =
    "IAF MD 5 (surveillance ≈ 1/3 of the initial time); ISO/IEC 17021-1 9.6.2";
const CLAUSE_RECERT: &str =
    "IAF MD 5 (recertification about 2/3 of the initial time); ISO/IEC 17021-1 9.6.3";
const CLAUSE_ONSITE: &str = "IAF MD 5 (on-site ≥ 80 % of the audit time, EA FAQ 38.2)";
const CLAUSE_SAMPLING: &str = "IAF MD 1:2018 (sample √n / 0.6√n / 0.8√n rounded up, central function at every audit; EA FAQ 46.5); ISO/IEC 17021-1 9.1.5";
const CLAUSE_NO_SAMPLING: &str = "IAF MD 1:2018 6.2 (sampling not appropriate: every site at initial and recertification, 30 % per year in surveillance; EA FAQ 46.5)";

fn pct(p: f64) -> String {
    let p = shown(p);
    if p > 0.0 {
        format!("+{p} %")
    } else {
        format!("{p} %")
    }
}

fn check_adjustments(list: &[Adjustment], field: &'static str) -> Result<f64, AuditTimeError> {
    let jfield = if field == "adjustments" {
        "adjustments.justification"
    } else {
        "standards.adjustments.justification"
    };
    let pfield = if field == "adjustments" {
        "adjustments.percent"
    } else {
        "standards.adjustments.percent"
    };
    let mut net = 0.0;
    for (i, a) in list.iter().enumerate() {
        if !a.percent.is_finite() || a.percent <= -100.0 || a.percent > ADJUSTMENT_PERCENT_MAX {
            return Err(AuditTimeError::new(
                ErrorCode::AdjustmentInvalid,
                pfield,
                format!(
                    "adjustment {}: percent must be a number above −100 and at most {ADJUSTMENT_PERCENT_MAX}",
                    i + 1
                ),
            ));
        }
        if a.justification.trim().is_empty() {
            return Err(AuditTimeError::new(
                ErrorCode::JustificationMissing,
                jfield,
                format!(
                    "adjustment {} ({}) needs a justification (IAF MD 5)",
                    i + 1,
                    pct(a.percent)
                ),
            ));
        }
        net += a.percent;
    }
    Ok(net)
}

struct Resolved<'a> {
    req: &'a StandardRequest,
    table: &'a AuditTimeTable,
    column: Column,
    own_net: f64,
}

fn resolve<'a>(s: &'a StandardRequest, tables: &'a Tables) -> Result<Resolved<'a>, AuditTimeError> {
    use ErrorCode as E;
    use tables::Dimension as D;
    let table = tables.for_standard(&s.code).ok_or_else(|| {
        AuditTimeError::new(
            E::UnknownStandard,
            "standards.code",
            format!(
                "no audit-time table for '{}'; known: {}",
                s.code.trim(),
                tables.standard_codes().join(", ")
            ),
        )
    })?;
    let code = s.code.trim();
    let column = match table.dimension {
        D::Single => {
            if s.complexity.is_some() {
                return Err(AuditTimeError::new(
                    E::ComplexityNotApplicable,
                    "standards.complexity",
                    format!(
                        "{code}: the table has no complexity columns; complexity adjusts the time through factors"
                    ),
                ));
            }
            if s.ai_role.is_some() {
                return Err(AuditTimeError::new(
                    E::AiRoleNotApplicable,
                    "standards.ai_role",
                    format!("{code}: an AI role applies to ISO/IEC 42001 only"),
                ));
            }
            Column::Days
        }
        D::Complexity => {
            if s.ai_role.is_some() {
                return Err(AuditTimeError::new(
                    E::AiRoleNotApplicable,
                    "standards.ai_role",
                    format!("{code}: an AI role applies to ISO/IEC 42001 only"),
                ));
            }
            let c = s.complexity.ok_or_else(|| {
                AuditTimeError::new(
                    E::ComplexityRequired,
                    "standards.complexity",
                    format!("{code}: choose a complexity ({})", table.clause),
                )
            })?;
            if !table.has_column(c.column()) {
                return Err(AuditTimeError::new(
                    E::ComplexityNotInTable,
                    "standards.complexity",
                    format!("{code}: {} has no '{}' column", table.clause, c.column()),
                ));
            }
            c.column()
        }
        D::AiRole => {
            if s.complexity.is_some() {
                return Err(AuditTimeError::new(
                    E::ComplexityNotApplicable,
                    "standards.complexity",
                    format!("{code}: the table is keyed by AI role, not complexity"),
                ));
            }
            let r = s.ai_role.ok_or_else(|| {
                AuditTimeError::new(
                    E::AiRoleRequired,
                    "standards.ai_role",
                    format!(
                        "{code}: choose the organisation's AI role (producer, developer, provider, user or multiple; {})",
                        table.clause
                    ),
                )
            })?;
            if !table.has_column(r.column()) {
                return Err(AuditTimeError::new(
                    E::AiRoleNotInTable,
                    "standards.ai_role",
                    format!("{code}: {} has no '{}' column", table.clause, r.column()),
                ));
            }
            r.column()
        }
    };
    let own_net = check_adjustments(&s.adjustments, "standards.adjustments")?;
    Ok(Resolved {
        req: s,
        table,
        column,
        own_net,
    })
}

/// Calculates the audit time (ISO/IEC 17021-1 9.1.4; domain reference §7.3 rule 9).
///
/// Refuses, with a stable code and the field, rather than clamping: an unknown standard,
/// a missing complexity or AI role, personnel or sites below 1, an adjustment without
/// justification, a net reduction over 30 % (IAF MD 5), an integration reduction over 20 %
/// (IAF MD 11) or with a single standard.
pub fn calculate(
    req: &Request,
    tables: &Tables,
    settings: &TimeSettings,
) -> Result<Calculation, AuditTimeError> {
    use ErrorCode as E;
    settings.validate()?;

    // Inputs, in the order of the request's fields.
    if req.standards.is_empty() {
        return Err(AuditTimeError::new(
            E::StandardsRequired,
            "standards",
            "name at least one standard",
        ));
    }
    let mut resolved: Vec<Resolved<'_>> = Vec::with_capacity(req.standards.len());
    for s in &req.standards {
        let r = resolve(s, tables)?;
        if resolved.iter().any(|o| o.table.id == r.table.id) {
            return Err(AuditTimeError::new(
                E::DuplicateStandard,
                "standards.code",
                format!("'{}' is listed twice", s.code.trim()),
            ));
        }
        resolved.push(r);
    }
    let personnel = u64::try_from(req.effective_personnel)
        .ok()
        .filter(|p| *p >= 1)
        .ok_or_else(|| {
            AuditTimeError::new(
                E::HeadcountInvalid,
                "effective_personnel",
                "effective personnel must be at least 1",
            )
        })?;
    let sites = u64::try_from(req.sites)
        .ok()
        .filter(|s| *s >= 1)
        .ok_or_else(|| AuditTimeError::new(E::SitesInvalid, "sites", "sites must be at least 1"))?;
    let common_net = check_adjustments(&req.adjustments, "adjustments")?;
    let integration = req.integration_reduction_percent;
    if !integration.is_finite() || integration < 0.0 {
        return Err(AuditTimeError::new(
            E::IntegrationInvalid,
            "integration_reduction_percent",
            "the integration reduction is a percentage from 0 to 20",
        ));
    }
    if integration > MAX_INTEGRATION_REDUCTION_PERCENT {
        return Err(AuditTimeError::new(
            E::IntegrationOverCap,
            "integration_reduction_percent",
            format!(
                "the integration reduction is at most {MAX_INTEGRATION_REDUCTION_PERCENT} % (IAF MD 11), not {integration} %"
            ),
        ));
    }
    if integration > 0.0 && resolved.len() < 2 {
        return Err(AuditTimeError::new(
            E::IntegrationSingleStandard,
            "integration_reduction_percent",
            "an integration reduction applies to an integrated system of two or more standards (IAF MD 11)",
        ));
    }

    let mut breakdown = Vec::new();
    let mut parts = Vec::with_capacity(resolved.len());
    let (mut table_sum, mut adjusted_sum) = (0.0, 0.0);
    for r in &resolved {
        let code = r.req.code.trim().to_string();
        let net = common_net + r.own_net;
        if net < -MAX_REDUCTION_PERCENT - TOLERANCE {
            return Err(AuditTimeError::new(
                E::ReductionOverCap,
                "adjustments",
                format!(
                    "{code}: the adjustments reduce the table time by {} %, more than the {MAX_REDUCTION_PERCENT} % IAF MD 5 allows",
                    shown(-net)
                ),
            ));
        }
        let lookup = r
            .table
            .lookup(r.column, personnel, settings.interpolate_within_band)
            .map_err(|e| match e {
                tables::LookupError::NotCovered { last_max } => AuditTimeError::new(
                    E::HeadcountNotCovered,
                    "effective_personnel",
                    format!(
                        "{code}: {} is known only up to {last_max} persons; a tenant must extend the table from the standard",
                        r.table.clause
                    ),
                ),
                tables::LookupError::NoColumn | tables::LookupError::Invalid => {
                    AuditTimeError::new(
                        E::TableInvalid,
                        "tables",
                        format!("{code}: table {} cannot be read", r.table.id),
                    )
                }
            })?;
        let adjusted = lookup.days * (100.0 + net) / 100.0;

        let mut detail = format!(
            "{personnel} effective personnel → band {}–{}",
            lookup.band_min, lookup.band_max
        );
        if r.column != Column::Days {
            let _ = write!(detail, ", column {}", r.column);
        }
        let _ = write!(detail, " → {} days", lookup.band_days);
        if lookup.interpolated {
            let _ = write!(
                detail,
                "; read as a continuum (tenant setting): {} days",
                shown(lookup.days)
            );
        }
        if lookup.extrapolated {
            detail.push_str("; beyond the last band: the progression is followed by repeating the last band's width and step");
        }
        match &r.table.derivation {
            // A derived table's own rows say how they were made; its published rows match.
            Some(how) if !lookup.verified && !lookup.extrapolated => {
                let _ = write!(detail, "; derived value: {how}");
            }
            _ if !lookup.verified => {
                detail.push_str("; UNVERIFIED value (not confirmed against the published table, or extrapolated beyond it): check it against your licensed copy of the table");
            }
            _ => {}
        }
        breakdown.push(BreakdownLine {
            step: Step::TableLookup,
            standard: Some(code.clone()),
            clause: r.table.clause.clone(),
            detail,
            days: Some(shown(lookup.days)),
        });
        for a in req.adjustments.iter().chain(&r.req.adjustments) {
            breakdown.push(BreakdownLine {
                step: Step::Adjustment,
                standard: Some(code.clone()),
                clause: CLAUSE_ADJUST.into(),
                detail: format!("{}: {}", pct(a.percent), a.justification.trim()),
                days: Some(shown(lookup.days * a.percent / 100.0)),
            });
        }
        breakdown.push(BreakdownLine {
            step: Step::AdjustmentTotal,
            standard: Some(code.clone()),
            clause: CLAUSE_ADJUST.into(),
            detail: format!(
                "net {} (cap −{MAX_REDUCTION_PERCENT} %): {} × {} / 100 = {}",
                pct(net),
                shown(lookup.days),
                shown(100.0 + net),
                shown(adjusted)
            ),
            days: Some(shown(adjusted)),
        });
        table_sum += lookup.days;
        adjusted_sum += adjusted;
        parts.push(StandardPart {
            code,
            table_id: r.table.id.clone(),
            clause: r.table.clause.clone(),
            column: r.column,
            band_min: lookup.band_min,
            band_max: lookup.band_max,
            table_days: shown(lookup.days),
            adjustment_percent: shown(net),
            adjusted_days: shown(adjusted),
            interpolated: lookup.interpolated,
            extrapolated: lookup.extrapolated,
            verified: lookup.verified,
        });
    }

    let mut time = adjusted_sum;
    if parts.len() > 1 {
        breakdown.push(BreakdownLine {
            step: Step::Sum,
            standard: None,
            clause: CLAUSE_SUM.into(),
            detail: format!(
                "T = {} = {}",
                parts
                    .iter()
                    .map(|p| p.adjusted_days.to_string())
                    .collect::<Vec<_>>()
                    .join(" + "),
                shown(adjusted_sum)
            ),
            days: Some(shown(adjusted_sum)),
        });
        time = adjusted_sum * (100.0 - integration) / 100.0;
        let total_reduction = if table_sum > 0.0 {
            (1.0 - time / table_sum) * 100.0
        } else {
            0.0
        };
        breakdown.push(BreakdownLine {
            step: Step::Integration,
            standard: None,
            clause: CLAUSE_INTEGRATION.into(),
            detail: format!(
                "−{} % for the level of integration: {} → {}; change from the table values: {}",
                shown(integration),
                shown(adjusted_sum),
                shown(time),
                pct(-total_reduction)
            ),
            days: Some(shown(time)),
        });
    }

    let initial = round_half_day(time).max(HALF_DAY);
    breakdown.push(BreakdownLine {
        step: Step::Rounding,
        standard: None,
        clause: CLAUSE_ROUNDING.into(),
        detail: format!(
            "{} rounded to the nearest half day = {initial} days of {HOURS_PER_AUDIT_DAY} h (travel excluded)",
            shown(time)
        ),
        days: Some(initial),
    });

    // Stage 1 gets its share, at least the minimum, leaving stage 2 at least half a day.
    let stage1_raw =
        round_half_day(settings.stage1_share.of(initial)).max(settings.stage1_min_days);
    let stage1 = stage1_raw.min(initial - HALF_DAY).max(0.0);
    let stage2 = initial - stage1;
    breakdown.push(BreakdownLine {
        step: Step::Stage1,
        standard: None,
        clause: CLAUSE_STAGES.into(),
        detail: format!(
            "{} of {initial} = {}, rounded to the half day, at least {} = {stage1}",
            settings.stage1_share,
            shown(settings.stage1_share.of(initial)),
            settings.stage1_min_days
        ),
        days: Some(stage1),
    });
    breakdown.push(BreakdownLine {
        step: Step::Stage2,
        standard: None,
        clause: CLAUSE_STAGES.into(),
        detail: format!("{initial} − {stage1} = {stage2}"),
        days: Some(stage2),
    });

    let surveillance = round_half_day(settings.surveillance_share.of(initial)).max(HALF_DAY);
    breakdown.push(BreakdownLine {
        step: Step::Surveillance,
        standard: None,
        clause: CLAUSE_SURVEILLANCE.into(),
        detail: format!(
            "{} of {initial} = {}, rounded to the half day = {surveillance} per surveillance audit",
            settings.surveillance_share,
            shown(settings.surveillance_share.of(initial))
        ),
        days: Some(surveillance),
    });
    let recertification = round_half_day(settings.recertification_share.of(initial)).max(HALF_DAY);
    breakdown.push(BreakdownLine {
        step: Step::Recertification,
        standard: None,
        clause: CLAUSE_RECERT.into(),
        detail: format!(
            "{} of {initial} = {}, rounded to the half day = {recertification} (recalculate from current data at recertification)",
            settings.recertification_share,
            shown(settings.recertification_share.of(initial))
        ),
        days: Some(recertification),
    });

    let min_onsite = ceil_half_day(MIN_ONSITE_SHARE.of(initial));
    let surveillance_min_onsite = ceil_half_day(MIN_ONSITE_SHARE.of(surveillance));
    let recertification_min_onsite = ceil_half_day(MIN_ONSITE_SHARE.of(recertification));
    breakdown.push(BreakdownLine {
        step: Step::MinOnsite,
        standard: None,
        clause: CLAUSE_ONSITE.into(),
        detail: format!(
            "{MIN_ONSITE_SHARE} of {initial} = {}, rounded up to the half day so on-site time stays ≥ 80 %: {min_onsite} (surveillance {surveillance_min_onsite}, recertification {recertification_min_onsite}); off-site planning and reporting take the rest",
            shown(MIN_ONSITE_SHARE.of(initial))
        ),
        days: Some(min_onsite),
    });

    let sampled = sampled_sites(sites, req.sampling_allowed);
    let n = sites - 1;
    let detail = if sites == 1 {
        "one site: the central function's site is audited every time".to_string()
    } else if sampled.sampling {
        format!(
            "n = {n} sites besides the central function: initial ⌈√n⌉ = {}, surveillance ⌈0.6√n⌉ = {}, recertification ⌈0.8√n⌉ = {}, each plus the central function → {} / {} / {} sites; at least 25 % of each sample chosen at random ({} / {} / {}). The time above is for the whole organisation's effective personnel; per-site time (≤ 50 % reduction per sampled site, IAF MD 1) needs each site's headcount",
            sampled.initial.saturating_sub(1),
            sampled.surveillance.saturating_sub(1),
            sampled.recertification.saturating_sub(1),
            sampled.initial,
            sampled.surveillance,
            sampled.recertification,
            sampling::random_minimum(sampled.initial.saturating_sub(1)),
            sampling::random_minimum(sampled.surveillance.saturating_sub(1)),
            sampling::random_minimum(sampled.recertification.saturating_sub(1)),
        )
    } else {
        format!(
            "sampling not allowed: all {sites} sites at the initial and recertification audits; each surveillance ⌈30 % of {n}⌉ plus the central function = {} sites",
            sampled.surveillance
        )
    };
    breakdown.push(BreakdownLine {
        step: Step::Sampling,
        standard: None,
        clause: if sampled.sampling {
            CLAUSE_SAMPLING
        } else {
            CLAUSE_NO_SAMPLING
        }
        .into(),
        detail,
        days: None,
    });

    Ok(Calculation {
        table_days: shown(table_sum),
        adjusted_days: shown(adjusted_sum),
        integration_reduction_percent: integration,
        initial_days: initial,
        stage1_days: stage1,
        stage2_days: stage2,
        surveillance_days: surveillance,
        recertification_days: recertification,
        min_onsite_days: min_onsite,
        surveillance_min_onsite_days: surveillance_min_onsite,
        recertification_min_onsite_days: recertification_min_onsite,
        sampled_sites: sampled,
        verified: parts.iter().all(|p| p.verified),
        standards: parts,
        breakdown,
    })
}

/// ISO/IEC 27006-1:2024 Annex C.3.4 (EA FAQ 48.6): for groups of people performing the same
/// activity, the square root of each group's headcount (rounded up) may be used as its
/// effective number; that is the largest reduction allowed. `others` are the persons not
/// in such a group. Returns the effective number of personnel, at least 1.
pub fn isms_effective_personnel(others: u64, identical_activity_groups: &[u64]) -> u64 {
    identical_activity_groups
        .iter()
        // ⌈√g⌉ per group (a factor of 1/1 in the exact square-root helper).
        .map(|&g| sampling::sample_size(g, Fraction::new(1, 1)))
        .fold(others, u64::saturating_add)
        .max(1)
}
