//! The 3-year audit programme (ISO/IEC 17021-1 9.1.3, 9.6.2, 9.6.3; domain reference §1.3
//! and §7.3 rules 1–2): from the certification decision date, the expiry date and the
//! surveillance and recertification audits with their windows, and overdue / at-risk
//! flags for a given day. Pure: no clock is read, `today` is an argument.
//!
//! Dates move by calendar months. When the target month is shorter (29 February in a
//! common year, the 31st in a 30-day month), the date clamps to the month's last day:
//! 2024-02-29 + 12 months = 2025-02-28, 2025-05-31 + 33 months = 2028-02-29.
//!
//! Stage 1 and stage 2 precede the certification decision, so they are not planned from
//! it; the initial audit's length comes from [`crate::audit_time`].

use crate::ErrorCode;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A certification cycle lasts 3 years from the decision date (ISO/IEC 17021-1 9.1.3;
/// domain reference §1.3 and §7.3 rule 1).
pub const CYCLE_MONTHS: u32 = 36;
/// The first surveillance is due no more than 12 months after the initial certification
/// decision date (ISO/IEC 17021-1 9.6.2.2; domain reference §1.3, §7.3 rule 2 — a hard
/// limit).
pub const SURVEILLANCE_1_MAX_MONTHS: u32 = 12;
/// The second surveillance falls in year 2 of the cycle (domain reference §7.3 rule 2):
/// Certa reads this as due by the second anniversary of the decision date, and in the
/// calendar year after the first surveillance ("at least once per calendar year",
/// §1.3), which is applied once the first surveillance's date is known.
pub const SURVEILLANCE_2_DUE_MONTHS: u32 = 24;
/// Default length of a surveillance window, in months before its due date (a Certa
/// default: the domain reference only says surveillance audits fall about 12 months
/// apart \[P\]). A tenant setting.
pub const DEFAULT_SURVEILLANCE_WINDOW_MONTHS: u32 = 3;
/// Default start of the recertification target, in months after the decision date
/// (domain reference §7.3 rule 2: "target months 30–33" \[P\]). A tenant setting.
pub const DEFAULT_RECERTIFICATION_TARGET_FROM_MONTHS: u32 = 30;
/// Default end of the recertification target, in months after the decision date
/// (domain reference §7.3 rule 2 \[P\]; ISOQAR prefers the 33rd month). A tenant setting.
pub const DEFAULT_RECERTIFICATION_TARGET_TO_MONTHS: u32 = 33;
/// Default number of days before a due date from which an open audit is "at risk" (a
/// Certa default; domain reference §7.4 sends reminders at 90, 60 and 30 days).
pub const DEFAULT_AT_RISK_DAYS: u32 = 30;

/// How the expiry date follows from the decision date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpiryConvention {
    /// Decision date + 3 years − 1 day ("minus 1 day is common" \[P\], domain reference
    /// §7.3 rule 1). The default.
    #[default]
    ThreeYearsMinusOneDay,
    /// Decision date + 3 years (domain reference §7.3 rule 1).
    ThreeYears,
}

/// The tenant's programme options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProgrammeSettings {
    /// Expiry convention (default: + 3 years − 1 day).
    pub expiry: ExpiryConvention,
    /// Months before a surveillance due date when its window opens (0–12).
    pub surveillance_window_months: u32,
    /// Month of the cycle when the recertification window opens.
    pub recertification_target_from_months: u32,
    /// Month of the cycle by which recertification should be done (the hard limit stays
    /// the expiry date).
    pub recertification_target_to_months: u32,
    /// Days before a due date from which an open audit is at risk.
    pub at_risk_days: u32,
}

impl Default for ProgrammeSettings {
    fn default() -> Self {
        Self {
            expiry: ExpiryConvention::default(),
            surveillance_window_months: DEFAULT_SURVEILLANCE_WINDOW_MONTHS,
            recertification_target_from_months: DEFAULT_RECERTIFICATION_TARGET_FROM_MONTHS,
            recertification_target_to_months: DEFAULT_RECERTIFICATION_TARGET_TO_MONTHS,
            at_risk_days: DEFAULT_AT_RISK_DAYS,
        }
    }
}

impl ProgrammeSettings {
    /// Windows inside the cycle: surveillance window at most 12 months, recertification
    /// target `from ≤ to ≤ 36` months, at-risk at most a year.
    pub fn validate(&self) -> Result<(), ProgrammeError> {
        let bad = |m: &str| ProgrammeError::new(ErrorCode::SettingsInvalid, "settings", m);
        if self.surveillance_window_months > SURVEILLANCE_1_MAX_MONTHS {
            return Err(bad("the surveillance window is at most 12 months"));
        }
        if self.recertification_target_from_months > self.recertification_target_to_months
            || self.recertification_target_to_months > CYCLE_MONTHS
        {
            return Err(bad(
                "the recertification target must run from an earlier to a later month, by month 36",
            ));
        }
        if self.at_risk_days > 366 {
            return Err(bad("at_risk_days is at most 366"));
        }
        Ok(())
    }
}

/// Which audit of the cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditKind {
    /// First surveillance.
    #[serde(rename = "surveillance_1")]
    Surveillance1,
    /// Second surveillance.
    #[serde(rename = "surveillance_2")]
    Surveillance2,
    /// Recertification.
    #[serde(rename = "recertification")]
    Recertification,
}

impl AuditKind {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Surveillance1 => "surveillance_1",
            Self::Surveillance2 => "surveillance_2",
            Self::Recertification => "recertification",
        }
    }
}

/// One planned audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlannedAudit {
    /// Which audit.
    pub kind: AuditKind,
    /// First day of the planning window.
    pub window_start: NaiveDate,
    /// Last day by which the audit must be done (hard limit).
    pub due_by: NaiveDate,
    /// Recertification only: the day by which it should be done (\[P\] target).
    pub target_by: Option<NaiveDate>,
    /// The rule behind `due_by`.
    pub clause: &'static str,
}

/// The cycle's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Programme {
    /// The certification decision date; the cycle starts here.
    pub cycle_start: NaiveDate,
    /// Last day of validity.
    pub expiry_date: NaiveDate,
    /// Surveillance 1, surveillance 2, recertification.
    pub audits: Vec<PlannedAudit>,
}

/// What has happened so far in the cycle (dates audits were completed); used to re-plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Progress {
    /// When surveillance 1 was done.
    pub surveillance_1_on: Option<NaiveDate>,
    /// When surveillance 2 was done.
    pub surveillance_2_on: Option<NaiveDate>,
    /// When recertification was completed (decision taken).
    pub recertification_on: Option<NaiveDate>,
}

impl Progress {
    /// The completion date of an audit.
    pub fn completed_on(&self, kind: AuditKind) -> Option<NaiveDate> {
        match kind {
            AuditKind::Surveillance1 => self.surveillance_1_on,
            AuditKind::Surveillance2 => self.surveillance_2_on,
            AuditKind::Recertification => self.recertification_on,
        }
    }
}

/// A date or setting that cannot be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ProgrammeError {
    /// Stable code: `date_invalid`, `date_out_of_range`, `settings_invalid`.
    pub code: crate::ErrorCode,
    /// The field at fault.
    pub field: &'static str,
    /// Human explanation.
    pub message: String,
}

impl ProgrammeError {
    fn new(code: crate::ErrorCode, field: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            field,
            message: message.into(),
        }
    }
}

impl From<ProgrammeError> for crate::DomainError {
    fn from(e: ProgrammeError) -> Self {
        crate::DomainError::invalid(e.field, e.code, e.message)
    }
}

fn out_of_range() -> ProgrammeError {
    ProgrammeError::new(
        ErrorCode::DateOutOfRange,
        "certification_decision_date",
        "the date is outside the supported calendar",
    )
}

/// Parses a strict `YYYY-MM-DD` date for `field` with
/// [`crate::values::parse_date`] (years 1900–2200), without surrounding spaces. A
/// malformed date is `date_invalid`, one outside the years `date_out_of_range`.
pub fn parse_date(s: &str, field: &'static str) -> Result<NaiveDate, ProgrammeError> {
    if s.trim() != s {
        return Err(ProgrammeError::new(
            ErrorCode::DateInvalid,
            field,
            format!("'{s}' is not a calendar date in the form YYYY-MM-DD"),
        ));
    }
    crate::values::parse_date(field, s).map_err(|e| {
        let (code, message) = (e.code(), e.message().to_string());
        ProgrammeError::new(
            if code == ErrorCode::InvalidDate {
                ErrorCode::DateInvalid
            } else {
                code
            },
            field,
            message,
        )
    })
}

/// `date` + `months` calendar months, clamping to the target month's last day.
pub fn add_months(date: NaiveDate, months: u32) -> Result<NaiveDate, ProgrammeError> {
    date.checked_add_months(Months::new(months))
        .ok_or_else(out_of_range)
}

/// `date` − `months` calendar months, clamping to the target month's last day.
pub fn sub_months(date: NaiveDate, months: u32) -> Result<NaiveDate, ProgrammeError> {
    date.checked_sub_months(Months::new(months))
        .ok_or_else(out_of_range)
}

/// The expiry date: decision + 3 years (clamped to the month's end), minus one day under
/// the default convention (ISO/IEC 17021-1 9.1.3; domain reference §7.3 rule 1).
/// 2024-02-29 → 2027-02-27 (2027-02-28 − 1 day); 2025-03-01 → 2028-02-29.
pub fn expiry_date(
    decision: NaiveDate,
    convention: ExpiryConvention,
) -> Result<NaiveDate, ProgrammeError> {
    let anniversary = add_months(decision, CYCLE_MONTHS)?;
    match convention {
        ExpiryConvention::ThreeYears => Ok(anniversary),
        ExpiryConvention::ThreeYearsMinusOneDay => anniversary
            .checked_sub_days(Days::new(1))
            .ok_or_else(out_of_range),
    }
}

/// When recertification is completed (decision taken) on or before the old expiry date,
/// the new expiry is the old expiry + 3 years, so validity has no gap (domain reference
/// §1.3 and §7.3 rule 1). `None` when the decision came after expiry: the new cycle's
/// expiry then follows from its own decision date (restoration rules apply).
pub fn renewed_expiry(
    old_expiry: NaiveDate,
    recertification_decision: NaiveDate,
) -> Result<Option<NaiveDate>, ProgrammeError> {
    if recertification_decision > old_expiry {
        return Ok(None);
    }
    add_months(old_expiry, CYCLE_MONTHS).map(Some)
}

const CLAUSE_S1: &str = "ISO/IEC 17021-1 9.6.2.2: first surveillance no more than 12 months after the certification decision";
const CLAUSE_S2: &str = "ISO/IEC 17021-1 9.1.3, 9.6.2.2: surveillance at least once per calendar year; second surveillance in year 2";
const CLAUSE_RECERT: &str = "ISO/IEC 17021-1 9.6.3: recertification audit and decision before expiry (usually in months 30 to 33 of the cycle)";

/// Plans the cycle from the certification decision date (ISO/IEC 17021-1 9.1.3; domain
/// reference §1.3, §7.3 rules 1–2). Re-plan by calling again when the decision date
/// becomes known or changes, or when an audit is done (`progress`):
///
/// - surveillance 1: due by decision + 12 months; window opens `surveillance_window_months`
///   earlier (not before the decision);
/// - surveillance 2: due by decision + 24 months; once surveillance 1's date is known, the
///   window lies in the following calendar year (opens no earlier than 1 January and, the
///   due date being the hard limit, closes no later than 31 December of that year);
/// - recertification: window from month 30, target month 33 (\[P\], settings), due by the
///   expiry date (the recertification decision must be taken on or before it).
pub fn plan(
    decision: NaiveDate,
    progress: &Progress,
    settings: &ProgrammeSettings,
) -> Result<Programme, ProgrammeError> {
    settings.validate()?;
    let expiry = expiry_date(decision, settings.expiry)?;
    let window = settings.surveillance_window_months;

    let s1_due = add_months(decision, SURVEILLANCE_1_MAX_MONTHS)?;
    let s1_start = sub_months(s1_due, window)?.max(decision);

    let mut s2_due = add_months(decision, SURVEILLANCE_2_DUE_MONTHS)?;
    let mut s2_start = sub_months(s2_due, window)?.max(decision);
    if let Some(s1) = progress.surveillance_1_on {
        let next = s1.year().checked_add(1).ok_or_else(out_of_range)?;
        let jan1 = NaiveDate::from_ymd_opt(next, 1, 1).ok_or_else(out_of_range)?;
        let dec31 = NaiveDate::from_ymd_opt(next, 12, 31).ok_or_else(out_of_range)?;
        s2_due = s2_due.min(dec31);
        s2_start = s2_start.max(jan1).min(s2_due);
    }

    let r_due = expiry;
    let r_target = add_months(decision, settings.recertification_target_to_months)?.min(r_due);
    let r_start = add_months(decision, settings.recertification_target_from_months)?.min(r_target);

    Ok(Programme {
        cycle_start: decision,
        expiry_date: expiry,
        audits: vec![
            PlannedAudit {
                kind: AuditKind::Surveillance1,
                window_start: s1_start,
                due_by: s1_due,
                target_by: None,
                clause: CLAUSE_S1,
            },
            PlannedAudit {
                kind: AuditKind::Surveillance2,
                window_start: s2_start,
                due_by: s2_due,
                target_by: None,
                clause: CLAUSE_S2,
            },
            PlannedAudit {
                kind: AuditKind::Recertification,
                window_start: r_start,
                due_by: r_due,
                target_by: Some(r_target),
                clause: CLAUSE_RECERT,
            },
        ],
    })
}

/// Where an audit stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    /// Done by its due date.
    Completed,
    /// Done, but after its due date.
    CompletedLate,
    /// Its window has not opened yet.
    Upcoming,
    /// In its window, with more than the at-risk days left.
    InWindow,
    /// Due within the at-risk days, or past its \[P\] target (recertification).
    AtRisk,
    /// Past its due date and not done: for surveillance, a suspension warning
    /// (domain reference §7.3 rule 3).
    Overdue,
}

/// An audit's status on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditFlag {
    /// Which audit.
    pub kind: AuditKind,
    /// Its status.
    pub status: DueStatus,
    /// Its due date.
    pub due_by: NaiveDate,
    /// Days from `today` to `due_by` (negative when overdue).
    pub days_left: i64,
}

/// The status of one planned audit on `today`, given when it was completed (if it was)
/// and the at-risk threshold in days.
pub fn status(
    audit: &PlannedAudit,
    completed_on: Option<NaiveDate>,
    today: NaiveDate,
    at_risk_days: u32,
) -> DueStatus {
    if let Some(done) = completed_on {
        return if done <= audit.due_by {
            DueStatus::Completed
        } else {
            DueStatus::CompletedLate
        };
    }
    let days_left = (audit.due_by - today).num_days();
    if days_left < 0 {
        DueStatus::Overdue
    } else if days_left <= i64::from(at_risk_days) || audit.target_by.is_some_and(|t| today > t) {
        DueStatus::AtRisk
    } else if today >= audit.window_start {
        DueStatus::InWindow
    } else {
        DueStatus::Upcoming
    }
}

/// The dashboard's word for an open audit due in `days_left` days: `overdue` past its
/// due date, `at_risk` within the at-risk days, `due` otherwise (same thresholds as
/// [`status`]).
pub fn due_flag(days_left: i64, at_risk_days: u32) -> &'static str {
    DueFlag::of(days_left, at_risk_days).as_str()
}

crate::stored::stored_enum! {
    /// The dashboard's word for an open audit (see [`due_flag`]).
    pub enum DueFlag ("due flag") {
        /// Due later than the at-risk days.
        Due = "due", "due";
        /// Due within the at-risk days.
        AtRisk = "at_risk", "at risk";
        /// Past its due date.
        Overdue = "overdue", "overdue";
    }
}

impl DueFlag {
    /// The flag of an open audit due in `days_left` days (same thresholds as [`status`]).
    pub fn of(days_left: i64, at_risk_days: u32) -> Self {
        if days_left < 0 {
            DueFlag::Overdue
        } else if days_left <= i64::from(at_risk_days) {
            DueFlag::AtRisk
        } else {
            DueFlag::Due
        }
    }

    /// Whether the dashboard highlights it.
    pub fn alerts(self) -> bool {
        self != DueFlag::Due
    }
}

impl DueStatus {
    /// Stable name (the serde name too).
    pub const fn as_str(self) -> &'static str {
        match self {
            DueStatus::Completed => "completed",
            DueStatus::CompletedLate => "completed_late",
            DueStatus::Upcoming => "upcoming",
            DueStatus::InWindow => "in_window",
            DueStatus::AtRisk => "at_risk",
            DueStatus::Overdue => "overdue",
        }
    }
}

crate::stored::stored_labels! {
    DueStatus ("due status") {
        Completed => "completed",
        CompletedLate => "completed late",
        Upcoming => "upcoming",
        InWindow => "in window",
        AtRisk => "at risk",
        Overdue => "overdue",
    }
}

/// Flags every audit of the programme on `today` (overdue, at risk, …) with the
/// settings' at-risk threshold.
pub fn flags(
    programme: &Programme,
    progress: &Progress,
    today: NaiveDate,
    settings: &ProgrammeSettings,
) -> Vec<AuditFlag> {
    programme
        .audits
        .iter()
        .map(|a| AuditFlag {
            kind: a.kind,
            status: status(
                a,
                progress.completed_on(a.kind),
                today,
                settings.at_risk_days,
            ),
            due_by: a.due_by,
            days_left: (a.due_by - today).num_days(),
        })
        .collect()
}

crate::stored::stored_enum! {
    /// Which audit of the certification cycle a programme entry (and the audit scheduled
    /// for it) is: the two stages of the initial audit (17021-1 9.3.1), the surveillance
    /// audits (9.6.2) and the recertification audit (9.6.3).
    pub enum EntryKind ("audit kind") {
        /// Stage 1 of the initial audit (9.3.1.2).
        Stage1 = "stage_1", "stage 1";
        /// Stage 2 of the initial audit (9.3.1.3).
        Stage2 = "stage_2", "stage 2";
        /// First surveillance.
        Surveillance1 = "surveillance_1", "surveillance 1";
        /// Second surveillance.
        Surveillance2 = "surveillance_2", "surveillance 2";
        /// Recertification.
        Recertification = "recertification", "recertification";
    }
}

impl From<AuditKind> for EntryKind {
    fn from(k: AuditKind) -> Self {
        match k {
            AuditKind::Surveillance1 => EntryKind::Surveillance1,
            AuditKind::Surveillance2 => EntryKind::Surveillance2,
            AuditKind::Recertification => EntryKind::Recertification,
        }
    }
}

crate::stored::stored_enum! {
    /// Whether an audit is scheduled for a programme entry.
    pub enum EntryStatus ("programme entry status") {
        /// Not scheduled (or its audit was cancelled).
        Planned = "planned", "planned";
        /// An audit not cancelled is scheduled for it.
        Scheduled = "scheduled", "scheduled";
    }
}

crate::stored::stored_enum! {
    /// Where a programme stands: planning the initial audit until the certification
    /// decision, then active for the cycle (17021-1 9.1.3).
    pub enum ProgrammeStatus ("programme status") {
        /// The initial audit is being planned.
        Planning = "planning", "planning";
        /// The cycle runs from the certification decision.
        Active = "active", "active";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s, "date").unwrap()
    }

    fn preview(s: &str) -> Programme {
        plan(d(s), &Progress::default(), &ProgrammeSettings::default()).unwrap()
    }

    fn audit(p: &Programme, kind: AuditKind) -> &PlannedAudit {
        p.audits.iter().find(|a| a.kind == kind).unwrap()
    }

    #[test]
    fn an_ordinary_date() {
        let p = preview("2025-03-15");
        assert_eq!(p.cycle_start, d("2025-03-15"));
        assert_eq!(p.expiry_date, d("2028-03-14"));
        let s1 = audit(&p, AuditKind::Surveillance1);
        assert_eq!(
            (s1.window_start, s1.due_by),
            (d("2025-12-15"), d("2026-03-15"))
        );
        let s2 = audit(&p, AuditKind::Surveillance2);
        assert_eq!(
            (s2.window_start, s2.due_by),
            (d("2026-12-15"), d("2027-03-15"))
        );
        let r = audit(&p, AuditKind::Recertification);
        assert_eq!(r.window_start, d("2027-09-15"));
        assert_eq!(r.target_by, Some(d("2027-12-15")));
        assert_eq!(r.due_by, d("2028-03-14"));
        let kinds: Vec<_> = p.audits.iter().map(|a| a.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["surveillance_1", "surveillance_2", "recertification"]
        );
    }

    #[test]
    fn leap_day_decisions_clamp_to_the_end_of_february() {
        let p = preview("2024-02-29");
        // + 36 months = 2027-02-28 (clamped), − 1 day.
        assert_eq!(p.expiry_date, d("2027-02-27"));
        assert_eq!(audit(&p, AuditKind::Surveillance1).due_by, d("2025-02-28"));
        assert_eq!(
            audit(&p, AuditKind::Surveillance1).window_start,
            d("2024-11-28")
        );
        assert_eq!(audit(&p, AuditKind::Surveillance2).due_by, d("2026-02-28"));
        let r = audit(&p, AuditKind::Recertification);
        assert_eq!(r.window_start, d("2026-08-29"));
        assert_eq!(r.target_by, Some(d("2026-11-29")));
        assert_eq!(r.due_by, d("2027-02-27"));
        let three = ProgrammeSettings {
            expiry: ExpiryConvention::ThreeYears,
            ..ProgrammeSettings::default()
        };
        assert_eq!(
            plan(d("2024-02-29"), &Progress::default(), &three)
                .unwrap()
                .expiry_date,
            d("2027-02-28")
        );
        // The day after a 29 February lands on it when the expiry year is a leap year.
        assert_eq!(preview("2025-03-01").expiry_date, d("2028-02-29"));
        assert_eq!(preview("2023-03-01").expiry_date, d("2026-02-28"));
        assert_eq!(preview("2021-02-28").expiry_date, d("2024-02-27"));
        assert_eq!(
            audit(&preview("2023-02-28"), AuditKind::Surveillance1).due_by,
            d("2024-02-28")
        );
    }

    #[test]
    fn month_ends_clamp_to_the_last_day_of_shorter_months() {
        let p = preview("2025-05-31");
        assert_eq!(p.expiry_date, d("2028-05-30"));
        let s1 = audit(&p, AuditKind::Surveillance1);
        assert_eq!(
            (s1.window_start, s1.due_by),
            (d("2026-02-28"), d("2026-05-31"))
        );
        let r = audit(&p, AuditKind::Recertification);
        assert_eq!(r.window_start, d("2027-11-30"));
        assert_eq!(r.target_by, Some(d("2028-02-29")));

        let p = preview("2025-01-31");
        assert_eq!(p.expiry_date, d("2028-01-30"));
        assert_eq!(
            audit(&p, AuditKind::Surveillance1).window_start,
            d("2025-10-31")
        );
        assert_eq!(
            audit(&p, AuditKind::Recertification).window_start,
            d("2027-07-31")
        );
        assert_eq!(
            audit(&p, AuditKind::Recertification).target_by,
            Some(d("2027-10-31"))
        );

        let p = preview("2024-08-31");
        assert_eq!(
            audit(&p, AuditKind::Surveillance1).window_start,
            d("2025-05-31")
        );
        assert_eq!(
            audit(&p, AuditKind::Recertification).target_by,
            Some(d("2027-05-31"))
        );
        assert_eq!(p.expiry_date, d("2027-08-30"));

        let p = preview("2023-12-31");
        assert_eq!(p.expiry_date, d("2026-12-30"));
        assert_eq!(audit(&p, AuditKind::Surveillance1).due_by, d("2024-12-31"));
        assert_eq!(
            audit(&p, AuditKind::Surveillance1).window_start,
            d("2024-09-30")
        );
        assert_eq!(preview("2025-01-01").expiry_date, d("2027-12-31"));
    }

    #[test]
    fn surveillance_2_moves_to_the_calendar_year_after_surveillance_1() {
        let s = ProgrammeSettings::default();
        let early = Progress {
            surveillance_1_on: Some(d("2025-11-03")),
            ..Progress::default()
        };
        let p = plan(d("2025-01-10"), &early, &s).unwrap();
        let s2 = audit(&p, AuditKind::Surveillance2);
        assert_eq!(
            (s2.window_start, s2.due_by),
            (d("2026-10-10"), d("2026-12-31"))
        );

        let late = Progress {
            surveillance_1_on: Some(d("2026-01-05")),
            ..Progress::default()
        };
        let p = plan(d("2025-01-10"), &late, &s).unwrap();
        let s2 = audit(&p, AuditKind::Surveillance2);
        assert_eq!(
            (s2.window_start, s2.due_by),
            (d("2027-01-01"), d("2027-01-10"))
        );

        // An overdue surveillance 1 cannot push surveillance 2 past its hard due date.
        let very_late = Progress {
            surveillance_1_on: Some(d("2027-02-01")),
            ..Progress::default()
        };
        let p = plan(d("2025-01-10"), &very_late, &s).unwrap();
        let s2 = audit(&p, AuditKind::Surveillance2);
        assert!(s2.window_start <= s2.due_by);
        assert_eq!(s2.due_by, d("2027-01-10"));
    }

    #[test]
    fn flags_overdue_at_risk_in_window_upcoming_and_completed() {
        let s = ProgrammeSettings::default();
        let p = preview("2025-03-15");
        let at = |today: &str, progress: &Progress| {
            flags(&p, progress, d(today), &s)
                .into_iter()
                .map(|f| (f.kind, f.status))
                .collect::<Vec<_>>()
        };
        let none = Progress::default();
        assert_eq!(
            at("2025-06-01", &none),
            [
                (AuditKind::Surveillance1, DueStatus::Upcoming),
                (AuditKind::Surveillance2, DueStatus::Upcoming),
                (AuditKind::Recertification, DueStatus::Upcoming),
            ]
        );
        assert_eq!(at("2026-01-10", &none)[0].1, DueStatus::InWindow);
        // 30 days before the due date is at risk; the due date itself too.
        assert_eq!(at("2026-02-12", &none)[0].1, DueStatus::InWindow);
        assert_eq!(at("2026-02-13", &none)[0].1, DueStatus::AtRisk);
        assert_eq!(at("2026-03-15", &none)[0].1, DueStatus::AtRisk);
        assert_eq!(at("2026-03-16", &none)[0].1, DueStatus::Overdue);
        let f = flags(&p, &none, d("2026-03-20"), &s);
        assert_eq!(f[0].days_left, -5);
        let done = Progress {
            surveillance_1_on: Some(d("2026-02-01")),
            ..Progress::default()
        };
        assert_eq!(at("2026-03-20", &done)[0].1, DueStatus::Completed);
        let late = Progress {
            surveillance_1_on: Some(d("2026-04-01")),
            ..Progress::default()
        };
        assert_eq!(at("2026-04-02", &late)[0].1, DueStatus::CompletedLate);
        // Recertification past its [P] target (month 33) is at risk before its due date.
        assert_eq!(at("2027-12-16", &none)[2].1, DueStatus::AtRisk);
        assert_eq!(at("2027-10-01", &none)[2].1, DueStatus::InWindow);
        // A larger threshold flags earlier.
        let wide = ProgrammeSettings {
            at_risk_days: 90,
            ..ProgrammeSettings::default()
        };
        assert_eq!(
            flags(&p, &none, d("2026-01-10"), &wide)[0].status,
            DueStatus::AtRisk
        );
    }

    #[test]
    fn renewal_keeps_the_old_expiry_rhythm() {
        let old = d("2028-03-14");
        assert_eq!(
            renewed_expiry(old, d("2028-01-20")).unwrap(),
            Some(d("2031-03-14"))
        );
        assert_eq!(renewed_expiry(old, old).unwrap(), Some(d("2031-03-14")));
        assert_eq!(renewed_expiry(old, d("2028-03-15")).unwrap(), None);
        assert_eq!(
            renewed_expiry(d("2028-02-29"), d("2028-02-01")).unwrap(),
            Some(d("2031-02-28"))
        );
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            d("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2025-02-29",
            "2025-02-30",
            "2025-13-01",
            "2025-00-10",
            "2025-1-01",
            "25-01-01",
            "2025/01/01",
            "2025-01-01T00:00:00",
            " 2025-01-01",
            "",
            "not a date",
            "２０２５-01-01",
        ] {
            let e = parse_date(bad, "certification_decision_date").unwrap_err();
            assert_eq!(e.code, "date_invalid", "{bad}");
            assert_eq!(e.field, "certification_decision_date");
        }
        for far in ["0000-01-01", "1899-12-31", "2201-01-01", "-262144-01-01"] {
            let e = parse_date(far, "certification_decision_date").unwrap_err();
            assert_eq!(e.code, "date_out_of_range", "{far}");
            assert_eq!(e.field, "certification_decision_date");
        }
    }

    #[test]
    fn settings_are_checked() {
        let bad = [
            ProgrammeSettings {
                surveillance_window_months: 13,
                ..ProgrammeSettings::default()
            },
            ProgrammeSettings {
                recertification_target_from_months: 34,
                recertification_target_to_months: 33,
                ..ProgrammeSettings::default()
            },
            ProgrammeSettings {
                recertification_target_to_months: 37,
                ..ProgrammeSettings::default()
            },
        ];
        for s in bad {
            let e = plan(d("2025-01-01"), &Progress::default(), &s).unwrap_err();
            assert_eq!(e.code, "settings_invalid");
        }
        // A target at month 36 is clamped to the expiry date.
        let s = ProgrammeSettings {
            recertification_target_to_months: 36,
            ..ProgrammeSettings::default()
        };
        let p = plan(d("2025-01-01"), &Progress::default(), &s).unwrap();
        let r = audit(&p, AuditKind::Recertification);
        assert_eq!(r.target_by, Some(p.expiry_date));
    }

    #[test]
    fn the_end_of_the_calendar_is_an_error_not_a_panic() {
        let e = plan(
            NaiveDate::MAX,
            &Progress::default(),
            &ProgrammeSettings::default(),
        )
        .unwrap_err();
        assert_eq!(e.code, "date_out_of_range");
        assert!(
            plan(
                NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
                &Progress::default(),
                &ProgrammeSettings::default()
            )
            .is_ok()
        );
    }

    proptest! {
        #[test]
        fn the_cycle_is_ordered_and_three_years_long(days in 0u64..(400 * 366)) {
            let decision = d("1900-01-01") + Days::new(days);
            let p = plan(decision, &Progress::default(), &ProgrammeSettings::default()).unwrap();
            let s1 = audit(&p, AuditKind::Surveillance1);
            let s2 = audit(&p, AuditKind::Surveillance2);
            let r = audit(&p, AuditKind::Recertification);
            prop_assert!(decision < s1.due_by && s1.due_by < s2.due_by && s2.due_by < r.due_by);
            prop_assert!((s1.due_by - decision).num_days() <= 366);
            prop_assert!(s2.due_by.year() == s1.due_by.year() + 1);
            prop_assert_eq!(r.due_by, p.expiry_date);
            let len = (p.expiry_date - decision).num_days();
            prop_assert!((1093..=1096).contains(&len), "cycle of {} days", len);
            for a in &p.audits {
                prop_assert!(a.window_start <= a.due_by);
                prop_assert!(a.window_start >= decision);
                if let Some(t) = a.target_by {
                    prop_assert!(a.window_start <= t && t <= a.due_by);
                }
            }
            // Renewing on time keeps the anniversary: old expiry + 3 years.
            let renewed = renewed_expiry(p.expiry_date, r.due_by).unwrap().unwrap();
            prop_assert!((renewed - p.expiry_date).num_days() >= 1095);
        }

        #[test]
        fn surveillance_2_follows_surveillance_1_by_calendar_year(
            days in 0u64..(100 * 366),
            s1_offset in 0u64..500,
        ) {
            let decision = d("2000-01-01") + Days::new(days);
            let s1 = decision + Days::new(s1_offset);
            let progress = Progress { surveillance_1_on: Some(s1), ..Progress::default() };
            let p = plan(decision, &progress, &ProgrammeSettings::default()).unwrap();
            let s2 = audit(&p, AuditKind::Surveillance2);
            prop_assert!(s2.window_start <= s2.due_by);
            prop_assert!(s2.due_by <= add_months(decision, 24).unwrap());
            prop_assert!(s2.due_by.year() <= s1.year() + 1);
            if s2.due_by.year() == s1.year() + 1 {
                prop_assert_eq!(s2.window_start.year(), s1.year() + 1);
            }
        }

        #[test]
        fn any_string_parses_or_fails_without_panicking(s in "\\PC{0,12}") {
            let _ = parse_date(&s, "date");
        }
    }
}

#[cfg(test)]
mod due_flag_tests {
    use super::due_flag;

    #[test]
    fn overdue_at_risk_and_due() {
        assert_eq!(due_flag(-1, 30), "overdue");
        assert_eq!(due_flag(0, 30), "at_risk");
        assert_eq!(due_flag(30, 30), "at_risk");
        assert_eq!(due_flag(31, 30), "due");
    }
}
