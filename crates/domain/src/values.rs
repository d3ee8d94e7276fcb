//! Validated value types ("parse, don't validate").

use crate::DomainError;
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
        let bad = |m: &str| DomainError::invalid("email", "invalid_email", m.to_string());
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
                "invalid_slug",
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

/// Validates a display name (person or organisation): 1–200 characters, no control chars.
pub fn display_name(field: &'static str, s: &str) -> Result<String, DomainError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(DomainError::invalid(
            field,
            "required",
            format!("{field} is required"),
        ));
    }
    if s.chars().count() > 200 || s.chars().any(char::is_control) {
        return Err(DomainError::invalid(
            field,
            "invalid_name",
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
            "password_too_short",
            format!("password must be at least {PASSWORD_MIN_LEN} characters"),
        ));
    }
    if n > PASSWORD_MAX_LEN {
        return Err(DomainError::invalid(
            "password",
            "password_too_long",
            format!("password must be at most {PASSWORD_MAX_LEN} characters"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    proptest! {
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
