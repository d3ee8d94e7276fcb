//! Personnel records: qualifications, conflicts of interest, unavailability.
//!
//! ISO/IEC 17021-1 7.1–7.2 and Annex A: competence is held per standard and technical
//! area for each function; 7.4 asks for records of qualifications and of any consultancy
//! provided. 5.2 (domain reference §1.4) bars personnel who consulted for, or were employed
//! by, a client within two years from certification activities for that client.

use crate::DomainError;
use crate::ErrorCode;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The impartiality cooling-off period after consultancy or employment
/// (ISO/IEC 17021-1 5.2; ANAB Advisory 16; domain reference §1.4 and §7.3 rule 7).
pub const COOLING_OFF_MONTHS: u32 = 24;

/// A certification function a person may be qualified for (ISO/IEC 17021-1 Annex A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    /// Member of an audit team.
    Auditor,
    /// Leads an audit team.
    LeadAuditor,
    /// Brings technical knowledge to a team; does not audit.
    TechnicalExpert,
    /// Reviews audit reports before the decision.
    Reviewer,
    /// Takes certification decisions.
    DecisionMaker,
}

impl Function {
    /// Every function, in display order.
    pub const ALL: [Function; 5] = [
        Function::Auditor,
        Function::LeadAuditor,
        Function::TechnicalExpert,
        Function::Reviewer,
        Function::DecisionMaker,
    ];

    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Function::Auditor => "auditor",
            Function::LeadAuditor => "lead_auditor",
            Function::TechnicalExpert => "technical_expert",
            Function::Reviewer => "reviewer",
            Function::DecisionMaker => "decision_maker",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Function::ALL
            .into_iter()
            .find(|f| f.as_str() == s.trim())
            .ok_or_else(|| {
                DomainError::invalid(
                    "function",
                    ErrorCode::InvalidFunction,
                    "function must be auditor, lead_auditor, technical_expert, reviewer or decision_maker",
                )
            })
    }
}

/// What kind of relationship a conflict-of-interest declaration records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Management-system consultancy for the client (17021-1 5.2).
    Consultancy,
    /// Employment by the client.
    Employment,
    /// Any other relationship that threatens impartiality (family, financial, …).
    Other,
}

impl ConflictKind {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::Consultancy => "consultancy",
            ConflictKind::Employment => "employment",
            ConflictKind::Other => "other",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim() {
            "consultancy" => Ok(ConflictKind::Consultancy),
            "employment" => Ok(ConflictKind::Employment),
            "other" => Ok(ConflictKind::Other),
            _ => Err(DomainError::invalid(
                "kind",
                ErrorCode::InvalidConflictKind,
                "kind must be consultancy, employment or other",
            )),
        }
    }
}

/// Parses a `YYYY-MM-DD` date for `field` (years 1900–2200; see
/// [`crate::values::parse_date`]).
pub fn date(field: &'static str, s: &str) -> Result<NaiveDate, DomainError> {
    crate::values::parse_date(field, s)
}

/// Checks that a period does not end before it starts.
pub fn period(
    from_field: &'static str,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> Result<(), DomainError> {
    match to {
        Some(t) if t < from => Err(DomainError::invalid(
            from_field,
            ErrorCode::InvalidPeriod,
            "the period ends before it starts",
        )),
        _ => Ok(()),
    }
}

/// Whether a declared relationship still bars the person from work for the client on
/// `on`: consultancy and employment bar until two years after they ended (an open-ended
/// one bars indefinitely); other conflicts bar while they last.
pub fn conflict_bars(kind: ConflictKind, ended: Option<NaiveDate>, on: NaiveDate) -> bool {
    let Some(ended) = ended else {
        return true;
    };
    match kind {
        ConflictKind::Consultancy | ConflictKind::Employment => ended
            .checked_add_months(Months::new(COOLING_OFF_MONTHS))
            .is_none_or(|until| on < until),
        ConflictKind::Other => on <= ended,
    }
}

/// The standard editions Certa certifies against (the catalogue's codes).
pub const KNOWN_STANDARDS: [&str; 5] = [
    "ISO 9001:2015",
    "ISO 14001:2015",
    "ISO 45001:2018",
    "ISO/IEC 27001:2022",
    "ISO/IEC 42001:2023",
];

/// Validates a standard code against [`KNOWN_STANDARDS`].
pub fn standard_code(s: &str) -> Result<String, DomainError> {
    let s = s.trim();
    KNOWN_STANDARDS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(s))
        .map(|k| k.to_string())
        .ok_or_else(|| {
            DomainError::invalid(
                "standard_code",
                ErrorCode::UnknownStandard,
                format!("standard must be one of {}", KNOWN_STANDARDS.join(", ")),
            )
        })
}

/// Validates a technical-area code (IAF/EA sector such as "IAF 19", NACE such as "62.01",
/// or "all" for standards without sectors): 1–40 printable characters.
pub fn technical_area(s: &str) -> Result<String, DomainError> {
    let s = s.trim();
    if (1..=40).contains(&s.chars().count()) && !s.chars().any(char::is_control) {
        Ok(s.to_string())
    } else {
        Err(DomainError::invalid(
            "technical_area",
            ErrorCode::InvalidTechnicalArea,
            "technical area must be 1-40 characters, e.g. IAF 19 or 62.01",
        ))
    }
}

crate::stored::stored_labels! {
    Function ("function") {
        Auditor => "auditor",
        LeadAuditor => "lead auditor",
        TechnicalExpert => "technical expert",
        Reviewer => "reviewer",
        DecisionMaker => "decision maker",
    }
}

crate::stored::stored_labels! {
    ConflictKind ("conflict kind") {
        Consultancy => "consultancy",
        Employment => "employment",
        Other => "other",
    }
}

crate::stored::stored_enum! {
    /// Whether a person is available for assignments (inactive people keep their records).
    pub enum AuditorStatus ("auditor status") {
        /// Available for assignments.
        Active = "active", "active";
        /// Kept on record, not assigned.
        Inactive = "inactive", "inactive";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        date("d", s).unwrap()
    }

    #[test]
    fn two_year_rule_for_consultancy_and_employment() {
        // Consultancy ended 2024-06-30: barred up to and including 2026-06-29.
        assert!(conflict_bars(
            ConflictKind::Consultancy,
            Some(d("2024-06-30")),
            d("2026-06-29")
        ));
        assert!(!conflict_bars(
            ConflictKind::Consultancy,
            Some(d("2024-06-30")),
            d("2026-06-30")
        ));
        assert!(conflict_bars(
            ConflictKind::Employment,
            Some(d("2025-01-31")),
            d("2026-12-01")
        ));
        assert!(conflict_bars(
            ConflictKind::Employment,
            None,
            d("2040-01-01")
        ));
        // Other conflicts bar while they last.
        assert!(conflict_bars(
            ConflictKind::Other,
            Some(d("2026-03-01")),
            d("2026-03-01")
        ));
        assert!(!conflict_bars(
            ConflictKind::Other,
            Some(d("2026-03-01")),
            d("2026-03-02")
        ));
    }

    #[test]
    fn leap_day_end_clamps() {
        // 29 February + 24 months = 28 February two years later (chrono clamps).
        assert!(conflict_bars(
            ConflictKind::Consultancy,
            Some(d("2024-02-29")),
            d("2026-02-27")
        ));
        assert!(!conflict_bars(
            ConflictKind::Consultancy,
            Some(d("2024-02-29")),
            d("2026-02-28")
        ));
    }

    #[test]
    fn parsing() {
        assert_eq!(
            Function::parse("lead_auditor").unwrap(),
            Function::LeadAuditor
        );
        assert!(Function::parse("boss").is_err());
        assert!(ConflictKind::parse("family").is_err());
        assert!(date("x", "2026-02-30").is_err());
        assert!(period("from", d("2026-01-02"), Some(d("2026-01-01"))).is_err());
        assert!(period("from", d("2026-01-02"), None).is_ok());
    }
}
