//! Closed sets of values that the database stores as text (statuses, kinds, grades, roles).
//!
//! Each such enum has one stable name per variant ([`as_str`](Stored::as_str), also its
//! serde name and the value in the database), one human label ([`label`](Stored::label),
//! the words pages and mails show), and parses back from its stable name
//! ([`FromStr`](std::str::FromStr) / [`TryFrom<&str>`]). A stored value that names no
//! variant is an [`UnknownValue`]: the database refuses such values (CHECK constraints), so
//! meeting one is an unexpected error, never a reason to fall back to a default.

/// A stored value that names no variant of the enum `kind`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} '{value}'")]
pub struct UnknownValue {
    /// Which enum (for example `audit status`).
    pub kind: &'static str,
    /// The value met.
    pub value: String,
}

/// An enum stored as text: its variants, stable names and labels.
pub trait Stored: Sized + Copy + Eq + 'static {
    /// What the values are, in words (`audit status`).
    const KIND: &'static str;
    /// Every variant, in display order.
    const VARIANTS: &'static [Self];
    /// The stable name (API and database value).
    fn as_str(self) -> &'static str;
    /// The human label pages and mails show.
    fn label(self) -> &'static str;
    /// Parses a stable name.
    fn from_stored(s: &str) -> Result<Self, UnknownValue> {
        Self::VARIANTS
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| UnknownValue {
                kind: Self::KIND,
                value: s.to_owned(),
            })
    }
}

/// Declares an enum stored as text: the enum with serde names, `VARIANTS`, `as_str`,
/// `label`, [`Stored`], `FromStr`, `TryFrom<&str>` and `Display` (the stable name).
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($kind:literal) {
            $( $(#[$vmeta:meta])* $var:ident = $s:literal, $label:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $s)] $var, )+
        }

        impl $name {
            /// Every variant, in display order.
            pub const VARIANTS: &'static [Self] = &[$(Self::$var),+];

            /// The stable name (API and database value).
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$var => $s),+ }
            }

            /// The human label pages and mails show.
            pub const fn label(self) -> &'static str {
                match self { $(Self::$var => $label),+ }
            }
        }

        $crate::stored::stored_impls!($name, $kind);
    };
}

/// The [`Stored`], `FromStr`, `TryFrom<&str>` and `Display` impls of an enum that has
/// `VARIANTS`, `as_str` and `label`.
macro_rules! stored_impls {
    ($name:ident, $kind:literal) => {
        impl $crate::stored::Stored for $name {
            const KIND: &'static str = $kind;
            const VARIANTS: &'static [Self] = $name::VARIANTS;
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
            fn label(self) -> &'static str {
                $name::label(self)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::stored::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$name as $crate::stored::Stored>::from_stored(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::stored::UnknownValue;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                <$name as $crate::stored::Stored>::from_stored(s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($name::as_str(*self))
            }
        }
    };
}

/// Adds `VARIANTS` and `label` to an enum that already has `as_str`, and the
/// [`stored_impls`] impls.
macro_rules! stored_labels {
    ($name:ident ($kind:literal) { $( $var:ident => $label:literal, )+ }) => {
        impl $name {
            /// Every variant, in display order.
            pub const VARIANTS: &'static [Self] = &[$(Self::$var),+];

            /// The human label pages and mails show.
            pub const fn label(self) -> &'static str {
                match self { $(Self::$var => $label),+ }
            }
        }

        $crate::stored::stored_impls!($name, $kind);
    };
}

pub(crate) use {stored_enum, stored_impls, stored_labels};

/// Checks, for a test, that every variant's stable name is unique, parses back and has a
/// non-empty label with no underscore.
#[cfg(test)]
pub(crate) fn check_round_trip<T: Stored + std::fmt::Debug>() {
    let mut seen = std::collections::HashSet::new();
    for v in T::VARIANTS {
        assert!(seen.insert(v.as_str()), "{} repeated", v.as_str());
        assert_eq!(T::from_stored(v.as_str()), Ok(*v));
        assert!(!v.label().is_empty() && !v.label().contains('_'), "{v:?}");
    }
    assert!(T::from_stored("no such value").is_err());
}

#[cfg(test)]
mod tests {
    use super::check_round_trip;
    use crate::*;

    #[test]
    fn every_stored_enum_round_trips() {
        check_round_trip::<audit_status::AuditStatus>();
        check_round_trip::<audit_status::Remote>();
        check_round_trip::<applications::ApplicationStatus>();
        check_round_trip::<checklists::AuditType>();
        check_round_trip::<checklists::Section>();
        check_round_trip::<checklists::ItemResult>();
        check_round_trip::<checklists::ItemSection>();
        check_round_trip::<clients::SiteKind>();
        check_round_trip::<clients::SystemAiRole>();
        check_round_trip::<clients::ImpactLevel>();
        check_round_trip::<evidence::VersionStatus>();
        check_round_trip::<nonconformity::Grade>();
        check_round_trip::<nonconformity::Status>();
        check_round_trip::<outbox::OutboxStatus>();
        check_round_trip::<outbox::MailKind>();
        check_round_trip::<permissions::Role>();
        check_round_trip::<personnel::Function>();
        check_round_trip::<personnel::ConflictKind>();
        check_round_trip::<personnel::AuditorStatus>();
        check_round_trip::<programme::EntryKind>();
        check_round_trip::<programme::EntryStatus>();
        check_round_trip::<programme::ProgrammeStatus>();
        check_round_trip::<team::TeamRole>();
        check_round_trip::<team::ObjectionStatus>();
    }

    #[test]
    fn labels_are_the_words_pages_show() {
        assert_eq!(team::TeamRole::TechnicalExpert.label(), "technical expert");
        assert_eq!(programme::EntryKind::Stage2.label(), "stage 2");
        assert_eq!(nonconformity::Status::PlanRejected.label(), "plan rejected");
        assert_eq!(personnel::Function::LeadAuditor.label(), "lead auditor");
        assert_eq!(
            "unknown".parse::<team::TeamRole>().unwrap_err().to_string(),
            "unknown team role 'unknown'"
        );
    }
}
