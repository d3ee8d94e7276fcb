//! Validated value types ("parse, don't validate").

use crate::DomainError;
use crate::ErrorCode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest email address accepted (RFC 5321 4.5.3.1.3 path limit).
pub const EMAIL_MAX_LEN: usize = 254;

/// An email address, trimmed; comparison for identity uses [`Email::normalized`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Accepts `local@domain` with a dotted domain, no spaces or angle brackets.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let s = s.trim();
        let bad = |m: &str| DomainError::invalid("email", ErrorCode::InvalidEmail, m.to_string());
        if s.is_empty() {
            return Err(bad("email is required"));
        }
        if s.len() > EMAIL_MAX_LEN {
            return Err(bad("email is too long"));
        }
        if s.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        }) {
            return Err(bad("email contains characters that are not allowed"));
        }
        let Some((local, domain)) = s.rsplit_once('@') else {
            return Err(bad("email must contain @"));
        };
        if local.is_empty() || domain.is_empty() || local.contains('@') {
            return Err(bad("email must look like name@example.org"));
        }
        if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
            return Err(bad("email domain must look like example.org"));
        }
        Ok(Self(s.to_string()))
    }

    /// The address as entered (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The case-insensitive identity key.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tenant slug: 2–40 characters of `a-z`, `0-9` and inner `-`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Validates a slug.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let ok_chars = s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !(2..=40).contains(&s.len()) || !ok_chars || s.starts_with('-') || s.ends_with('-') {
            return Err(DomainError::invalid(
                "slug",
                ErrorCode::InvalidSlug,
                "slug must be 2-40 characters of a-z, 0-9 and inner hyphens",
            ));
        }
        Ok(Self(s.to_string()))
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Characters that render as nothing: zero-width spaces and joiners, word joiners, the
/// byte-order mark, soft hyphens and the bidirectional formatting characters.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
            | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}')
}

/// Whether `s` shows anything: a text made only of invisible characters counts as blank.
pub fn is_visible(s: &str) -> bool {
    !s.chars().all(is_invisible)
}

/// The bidirectional embedding, override and isolate controls (U+202A–U+202E,
/// U+2066–U+2069): they make a text display in another order than it reads (a file
/// `invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`), so names and texts refuse them.
/// The plain direction marks (U+200E, U+200F) stay allowed for right-to-left names.
pub fn has_bidi_control(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

/// Longest free-text search accepted.
pub const SEARCH_MAX: usize = 200;

/// A search text: trimmed, blank as none, at most [`SEARCH_MAX`] characters without
/// control characters.
pub fn search_text(field: &'static str, s: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(s) = s.map(str::trim).filter(|s| is_visible(s)) else {
        return Ok(None);
    };
    if s.chars().count() > SEARCH_MAX || s.chars().any(char::is_control) {
        return Err(DomainError::invalid(
            field,
            ErrorCode::SearchTooLong,
            format!("a search must be at most {SEARCH_MAX} printable characters"),
        ));
    }
    Ok(Some(s.to_string()))
}

/// A page size: `default` when absent, else 1 to `max`; anything else is refused, never
/// silently clamped.
pub fn page_limit(
    field: &'static str,
    value: Option<u64>,
    default: u64,
    max: u64,
) -> Result<u64, DomainError> {
    match value {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(_) => Err(DomainError::invalid(
            field,
            ErrorCode::LimitOutOfRange,
            format!("{field} must be between 1 and {max}"),
        )),
    }
}

/// Validates a display name (person or organisation): 1–200 characters, no control chars,
/// something visible, no bidirectional overrides.
pub fn display_name(field: &'static str, s: &str) -> Result<String, DomainError> {
    let s = s.trim();
    if !is_visible(s) {
        return Err(DomainError::invalid(
            field,
            ErrorCode::Required,
            format!("{field} is required"),
        ));
    }
    if s.chars().count() > 200 || s.chars().any(char::is_control) || has_bidi_control(s) {
        return Err(DomainError::invalid(
            field,
            ErrorCode::InvalidName,
            format!("{field} must be at most 200 printable characters"),
        ));
    }
    Ok(s.to_string())
}

/// Minimum password length (NIST SP 800-63B 5.1.1.1 asks for at least 8; we ask for 12).
pub const PASSWORD_MIN_LEN: usize = 12;
/// Maximum password length accepted (bounds hashing cost).
pub const PASSWORD_MAX_LEN: usize = 256;

/// Checks a new password against the length policy.
pub fn check_new_password(pw: &str) -> Result<(), DomainError> {
    let n = pw.chars().count();
    if n < PASSWORD_MIN_LEN {
        return Err(DomainError::invalid(
            "password",
            ErrorCode::PasswordTooShort,
            format!("password must be at least {PASSWORD_MIN_LEN} characters"),
        ));
    }
    if n > PASSWORD_MAX_LEN {
        return Err(DomainError::invalid(
            "password",
            ErrorCode::PasswordTooLong,
            format!("password must be at most {PASSWORD_MAX_LEN} characters"),
        ));
    }
    Ok(())
}

/// First year a date may fall in, wherever a date enters Certa.
pub const MIN_YEAR: i32 = 1900;
/// Last year a date may fall in.
pub const MAX_YEAR: i32 = 2200;

/// Whether `d` lies in the years Certa accepts ([`MIN_YEAR`]–[`MAX_YEAR`]). Dates in this
/// range can be moved by any number of days or months a rule uses without overflowing.
pub fn date_in_range(d: chrono::NaiveDate) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&chrono::Datelike::year(&d))
}

/// A time zone of the IANA database by its name (`Europe/Berlin`, `UTC`), as pages show
/// times in it.
pub fn time_zone(field: &'static str, s: &str) -> Result<chrono_tz::Tz, DomainError> {
    s.trim().parse::<chrono_tz::Tz>().map_err(|_| {
        DomainError::invalid(
            field,
            ErrorCode::InvalidTimeZone,
            "the time zone must be a name such as Europe/Berlin or UTC",
        )
    })
}

/// The languages pages and mails are written in, by tag (English first: the default).
pub const LANGUAGES: &[&str] = &["en", "de"];

/// A language Certa speaks, by its tag (`en`, `de`; case and surrounding spaces ignored).
pub fn language(field: &'static str, s: &str) -> Result<&'static str, DomainError> {
    let s = s.trim();
    LANGUAGES
        .iter()
        .copied()
        .find(|l| l.eq_ignore_ascii_case(s))
        .ok_or_else(|| {
            DomainError::invalid(
                field,
                ErrorCode::InvalidLanguage,
                "the language must be English (en) or German (de)",
            )
        })
}

/// A moment for people, in the time zone `tz`: `7 Dec 2026, 14:05 CET`.
pub fn local_time(t: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz)
        .format("%-d %b %Y, %H:%M %Z")
        .to_string()
}

/// The one parser for every date that enters Certa (API bodies and query parameters,
/// forms, CSV imports, the command line): exactly `YYYY-MM-DD` (surrounding spaces
/// ignored), a real calendar day, in the years [`MIN_YEAR`]–[`MAX_YEAR`]. A malformed or
/// impossible date is `invalid_date`; a signed, five-digit or out-of-range year is
/// `date_out_of_range`; both name `field`.
pub fn parse_date(field: &'static str, s: &str) -> Result<chrono::NaiveDate, DomainError> {
    let s = s.trim();
    let invalid = || {
        DomainError::invalid(
            field,
            ErrorCode::InvalidDate,
            format!("{field} must be a date YYYY-MM-DD"),
        )
    };
    let out_of_range = || {
        DomainError::invalid(
            field,
            ErrorCode::DateOutOfRange,
            format!("{field} must be a date between {MIN_YEAR}-01-01 and {MAX_YEAR}-12-31"),
        )
    };
    let digits = |x: &str| !x.is_empty() && x.bytes().all(|c| c.is_ascii_digit());
    let (signed, body) = match s.strip_prefix(['-', '+']) {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let mut parts = body.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    if !digits(y) || !digits(m) || !digits(d) || m.len() != 2 || d.len() != 2 {
        return Err(invalid());
    }
    if signed || y.len() > 4 {
        return Err(out_of_range());
    }
    if y.len() < 4 {
        return Err(invalid());
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(invalid());
    };
    let date = chrono::NaiveDate::from_ymd_opt(y, m, d).ok_or_else(invalid)?;
    if !date_in_range(date) {
        return Err(out_of_range());
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zones_by_name_and_times_in_them() {
        let berlin = time_zone("time_zone", " Europe/Berlin ").unwrap();
        let t = chrono::DateTime::parse_from_rfc3339("2026-12-07T13:05:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(local_time(t, berlin), "7 Dec 2026, 14:05 CET");
        assert_eq!(local_time(t, chrono_tz::UTC), "7 Dec 2026, 13:05 UTC");
        let summer = chrono::DateTime::parse_from_rfc3339("2026-07-01T22:30:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(local_time(summer, berlin), "2 Jul 2026, 00:30 CEST");
        let e = time_zone("time_zone", "Mars/Olympus").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidTimeZone);
    }
    use proptest::prelude::*;

    #[test]
    fn invisible_names_are_blank_and_overrides_refused() {
        for blank in [
            "",
            "  ",
            "\u{200B}",
            " \u{200B}\u{FEFF}\u{2060} ",
            "\u{202E}",
        ] {
            let e = display_name("name", blank).unwrap_err();
            assert!(
                matches!(
                    e,
                    DomainError::Invalid {
                        code: ErrorCode::Required,
                        ..
                    }
                ),
                "{blank:?}"
            );
        }
        let e = display_name("name", "Acme\u{202E}gnp.exe").unwrap_err();
        assert!(matches!(
            e,
            DomainError::Invalid {
                code: ErrorCode::InvalidName,
                ..
            }
        ));
        assert_eq!(
            display_name("name", "\u{200F}شركة").unwrap(),
            "\u{200F}شركة"
        );
        assert_eq!(display_name("name", "Zoë Müller").unwrap(), "Zoë Müller");
    }

    #[test]
    fn searches_and_page_sizes_are_bounded_not_clamped() {
        assert_eq!(
            search_text("q", Some("  robot ")).unwrap().as_deref(),
            Some("robot")
        );
        assert_eq!(search_text("q", Some("\u{200B}")).unwrap(), None);
        assert!(search_text("q", Some(&"x".repeat(SEARCH_MAX + 1))).is_err());
        assert!(search_text("q", Some(&"x".repeat(50_000))).is_err());
        assert_eq!(page_limit("limit", None, 50, 200).unwrap(), 50);
        assert_eq!(page_limit("limit", Some(200), 50, 200).unwrap(), 200);
        for bad in [0, 201, u64::MAX] {
            assert!(page_limit("limit", Some(bad), 50, 200).is_err(), "{bad}");
        }
    }

    #[test]
    fn email_accepts_and_normalizes() {
        let e = Email::parse("  Ada.Lovelace@Example.ORG ").unwrap();
        assert_eq!(e.as_str(), "Ada.Lovelace@Example.ORG");
        assert_eq!(e.normalized(), "ada.lovelace@example.org");
    }

    #[test]
    fn email_rejects_garbage() {
        for bad in [
            "",
            "no-at",
            "@x.org",
            "a@",
            "a@b",
            "a b@c.org",
            "a@b.org>",
            "a@.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slug_rules() {
        assert!(Slug::parse("acme-cert").is_ok());
        for bad in ["a", "Acme", "-acme", "acme-", "ac me", &"a".repeat(41)] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn password_policy() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("correct horse battery").is_ok());
        assert!(check_new_password(&"x".repeat(300)).is_err());
    }

    #[test]
    fn dates_are_exact_and_within_1900_to_2200() {
        let code = |s: &str| match parse_date("d", s) {
            Ok(_) => "ok",
            Err(DomainError::Invalid { code, field, .. }) => {
                assert_eq!(field, "d");
                code.as_str()
            }
            Err(e) => panic!("{e}"),
        };
        assert_eq!(code("1900-01-01"), "ok");
        assert_eq!(code(" 2200-12-31 "), "ok");
        assert_eq!(code("2024-02-29"), "ok");
        assert_eq!(code("1899-12-31"), "date_out_of_range");
        assert_eq!(code("2201-01-01"), "date_out_of_range");
        assert_eq!(code("-262144-01-01"), "date_out_of_range");
        assert_eq!(code("+262143-12-31"), "date_out_of_range");
        assert_eq!(code("10000-01-01"), "date_out_of_range");
        assert_eq!(code("0000-01-01"), "date_out_of_range");
        assert_eq!(code("2023-02-29"), "invalid_date");
        assert_eq!(code("2026-1-05"), "invalid_date");
        assert_eq!(code("26-01-05"), "invalid_date");
        assert_eq!(code("2026-01-05-"), "invalid_date");
        assert_eq!(code("05.01.2026"), "invalid_date");
        assert_eq!(code(""), "invalid_date");
        assert_eq!(code("--"), "invalid_date");
        assert_eq!(code("2026-０1-05"), "invalid_date");
    }

    proptest! {
        #[test]
        fn date_parse_never_panics_and_stays_in_range(s in "[-+0-9]{0,8}-[0-9]{0,3}-[0-9]{0,3}|.{0,40}") {
            if let Ok(d) = parse_date("d", &s) {
                prop_assert!(date_in_range(d));
                // Any rule's arithmetic on an accepted date stays defined.
                prop_assert!(d.checked_add_months(chrono::Months::new(12 * 10)).is_some());
                prop_assert!(d.checked_sub_signed(chrono::Duration::days(366 * 10)).is_some());
            }
        }

        #[test]
        fn email_parse_never_panics(s in ".{0,300}") {
            let _ = Email::parse(&s);
        }

        #[test]
        fn parsed_emails_have_one_local_part_and_dotted_domain(
            local in "[a-z0-9._%+-]{1,20}", domain in "[a-z0-9-]{1,20}\\.[a-z]{2,6}"
        ) {
            let e = Email::parse(&format!("{local}@{domain}")).unwrap();
            prop_assert_eq!(e.normalized(), format!("{local}@{domain}"));
        }
    }
}
