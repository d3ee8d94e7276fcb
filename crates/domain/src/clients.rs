//! Client organisations: validated input for the client file.
//!
//! ISO/IEC 17021-1 9.1.1 lists what an applicant supplies (legal name, addresses of all
//! physical sites, processes, resources, consultancy received, outsourced processes);
//! domain reference §7.1 gives the fields of the client file. IAF MD 1 needs, per site,
//! its kind, headcount and whether it hosts the central function.

use crate::DomainError;
use crate::ErrorCode;
use crate::values::display_name;
use serde::{Deserialize, Serialize};

/// Most people a single site may declare (a sanity bound, not a rule).
pub const SITE_HEADCOUNT_MAX: i32 = 1_000_000;
/// Most shifts a site may declare.
pub const SITE_SHIFTS_MAX: i32 = 4;
/// Longest free-text field (scope, processes, notes).
pub const TEXT_MAX: usize = 4000;

/// Kind of site (IAF MD 1 distinguishes permanent, temporary and virtual sites).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    /// A fixed location where the organisation works continuously.
    Permanent,
    /// A location set up for a limited time (e.g. a construction site).
    Temporary,
    /// Work performed in an online environment, without a physical location.
    Virtual,
}

impl SiteKind {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            SiteKind::Permanent => "permanent",
            SiteKind::Temporary => "temporary",
            SiteKind::Virtual => "virtual",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim() {
            "permanent" => Ok(SiteKind::Permanent),
            "temporary" => Ok(SiteKind::Temporary),
            "virtual" => Ok(SiteKind::Virtual),
            other => Err(DomainError::invalid(
                "kind",
                ErrorCode::InvalidSiteKind,
                format!("site kind must be permanent, temporary or virtual, not '{other}'"),
            )),
        }
    }
}

/// Validates an ISO 3166-1 alpha-2 country code (two letters, stored upper-case).
pub fn country(s: &str) -> Result<String, DomainError> {
    let c = s.trim().to_ascii_uppercase();
    if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(DomainError::invalid(
            "country",
            ErrorCode::InvalidCountry,
            "country must be an ISO 3166-1 alpha-2 code such as DE or FR",
        ))
    }
}

/// Optional free text: trimmed, empty becomes `None`, bounded length.
pub fn optional_text(field: &'static str, s: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(s) = s.map(str::trim).filter(|s| crate::values::is_visible(s)) else {
        return Ok(None);
    };
    if s.chars().count() > TEXT_MAX
        || crate::values::has_bidi_control(s)
        || s.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(DomainError::invalid(
            field,
            ErrorCode::InvalidText,
            format!("{field} must be at most {TEXT_MAX} printable characters"),
        ));
    }
    Ok(Some(s.to_string()))
}

/// Longest short text (a trading name, a city, a phone number, a title).
pub const NAME_MAX: usize = 200;

/// Optional short text on one line (a trading name, a city, a phone number, a role):
/// trimmed, empty becomes `None`, at most [`NAME_MAX`] characters, no control characters
/// (line breaks included) and no bidirectional overrides.
pub fn optional_name(field: &'static str, s: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(s) = s.map(str::trim).filter(|s| crate::values::is_visible(s)) else {
        return Ok(None);
    };
    if s.chars().count() > NAME_MAX
        || crate::values::has_bidi_control(s)
        || s.chars().any(char::is_control)
    {
        return Err(DomainError::invalid(
            field,
            ErrorCode::InvalidText,
            format!("{field} must be at most {NAME_MAX} printable characters on one line"),
        ));
    }
    Ok(Some(s.to_string()))
}

/// Required free text: like [`optional_text`], but empty is refused.
pub fn required_text(field: &'static str, s: &str) -> Result<String, DomainError> {
    optional_text(field, Some(s))?.ok_or_else(|| {
        DomainError::invalid(field, ErrorCode::Required, format!("{field} is required"))
    })
}

/// Validates a website: empty, or an http(s) address.
pub fn website(s: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(s) = s.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() <= 300
        && !s.chars().any(char::is_whitespace)
        && s.split("://").nth(1).is_some_and(|rest| rest.contains('.'));
    if ok {
        Ok(Some(s.to_string()))
    } else {
        Err(DomainError::invalid(
            "website",
            ErrorCode::InvalidWebsite,
            "website must be an address starting with https:// or http://",
        ))
    }
}

/// Validates a client reference (the stable id used in registry exports): 1–40
/// characters of letters, digits, `-`, `_`, `.`, `/`.
pub fn reference(s: &str) -> Result<String, DomainError> {
    let s = s.trim();
    let ok = (1..=40).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if ok {
        Ok(s.to_string())
    } else {
        Err(DomainError::invalid(
            "reference",
            ErrorCode::InvalidReference,
            "reference must be 1-40 letters, digits, '-', '_', '.' or '/'",
        ))
    }
}

/// A site's headcount and shifts (IAF MD 5 effective personnel starts from these).
pub fn site_numbers(headcount: i32, shifts: i32) -> Result<(i32, i32), DomainError> {
    if !(0..=SITE_HEADCOUNT_MAX).contains(&headcount) {
        return Err(DomainError::invalid(
            "headcount",
            ErrorCode::InvalidHeadcount,
            format!("headcount must be between 0 and {SITE_HEADCOUNT_MAX}"),
        ));
    }
    if !(1..=SITE_SHIFTS_MAX).contains(&shifts) {
        return Err(DomainError::invalid(
            "shifts",
            ErrorCode::InvalidShifts,
            format!("shifts must be between 1 and {SITE_SHIFTS_MAX}"),
        ));
    }
    Ok((headcount, shifts))
}

/// A legal or display name of an organisation or site.
pub fn org_name(field: &'static str, s: &str) -> Result<String, DomainError> {
    display_name(field, s)
}

crate::stored::stored_labels! {
    SiteKind ("site kind") {
        Permanent => "permanent",
        Temporary => "temporary",
        Virtual => "virtual",
    }
}

crate::stored::stored_enum! {
    /// The role an organisation plays for one of its AI systems (ISO/IEC 42001 4.1).
    pub enum SystemAiRole ("AI role") {
        /// Produces AI systems.
        Producer = "producer", "producer";
        /// Develops AI systems.
        Developer = "developer", "developer";
        /// Provides AI systems.
        Provider = "provider", "provider";
        /// Uses AI systems.
        User = "user", "user";
    }
}

crate::stored::stored_enum! {
    /// How strongly an AI system affects people (ISO/IEC 42001 6.1.4 impact assessment).
    pub enum ImpactLevel ("impact level") {
        /// Low impact.
        Low = "low", "low";
        /// Medium impact.
        Medium = "medium", "medium";
        /// High impact.
        High = "high", "high";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_websites_references() {
        assert_eq!(country(" de ").unwrap(), "DE");
        assert!(country("DEU").is_err());
        assert!(country("1A").is_err());
        assert_eq!(
            website(Some("https://acme.example")).unwrap().as_deref(),
            Some("https://acme.example")
        );
        assert_eq!(website(Some("  ")).unwrap(), None);
        assert!(website(Some("acme.example")).is_err());
        assert!(website(Some("javascript:alert(1)")).is_err());
        assert_eq!(reference("CL-00001").unwrap(), "CL-00001");
        assert!(reference("has space").is_err());
        assert!(reference("").is_err());
    }

    #[test]
    fn site_rules() {
        assert_eq!(SiteKind::parse("virtual").unwrap(), SiteKind::Virtual);
        assert!(SiteKind::parse("mobile").is_err());
        assert!(site_numbers(10, 1).is_ok());
        assert!(site_numbers(-1, 1).is_err());
        assert!(site_numbers(10, 0).is_err());
        assert!(site_numbers(10, 5).is_err());
    }

    #[test]
    fn optional_text_trims_and_bounds() {
        assert_eq!(optional_text("notes", Some("  ")).unwrap(), None);
        assert_eq!(
            optional_text("notes", Some(" a\nb ")).unwrap().as_deref(),
            Some("a\nb")
        );
        assert!(optional_text("notes", Some(&"x".repeat(TEXT_MAX + 1))).is_err());
        assert!(optional_text("notes", Some("bell\u{7}")).is_err());
    }
}
