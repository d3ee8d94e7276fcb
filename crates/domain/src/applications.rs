//! Applications for certification and their review (ISO/IEC 17021-1 9.1.1–9.1.2).
//!
//! The review confirms that the information suffices to build an audit programme, that the
//! certification body has the competence, and records the competences the audit team and
//! the decision will need; a declined application records its reasons, which are told to
//! the client (domain reference §1.2, state machine §7.2).

use crate::DomainError;
use crate::ErrorCode;
use serde::{Deserialize, Serialize};

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Received, waiting for review.
    Submitted,
    /// Reviewed and accepted: a programme exists.
    Accepted,
    /// Reviewed and declined, with reasons told to the client.
    Declined,
}

impl ApplicationStatus {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Submitted => "submitted",
            ApplicationStatus::Accepted => "accepted",
            ApplicationStatus::Declined => "declined",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "submitted" => Ok(ApplicationStatus::Submitted),
            "accepted" => Ok(ApplicationStatus::Accepted),
            "declined" => Ok(ApplicationStatus::Declined),
            _ => Err(DomainError::invalid(
                "status",
                ErrorCode::InvalidStatus,
                "status must be submitted, accepted or declined",
            )),
        }
    }

    /// Whether a review may move the application to `to`: only a submitted application is
    /// reviewed, once.
    pub fn can_become(self, to: ApplicationStatus) -> bool {
        matches!(
            (self, to),
            (ApplicationStatus::Submitted, ApplicationStatus::Accepted)
                | (ApplicationStatus::Submitted, ApplicationStatus::Declined)
        )
    }
}

/// Largest effective personnel an application may declare (a sanity bound).
pub const HEADCOUNT_MAX: i32 = 1_000_000;

/// Validates the declared effective personnel (IAF MD 5 starts from it).
pub fn headcount(n: i32) -> Result<i32, DomainError> {
    if (1..=HEADCOUNT_MAX).contains(&n) {
        Ok(n)
    } else {
        Err(DomainError::invalid(
            "effective_personnel",
            ErrorCode::HeadcountInvalid,
            format!("effective personnel must be between 1 and {HEADCOUNT_MAX}"),
        ))
    }
}

crate::stored::stored_labels! {
    ApplicationStatus ("application status") {
        Submitted => "waiting for review",
        Accepted => "accepted",
        Declined => "declined",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationStatus::*;

    #[test]
    fn only_submitted_applications_are_reviewed_once() {
        assert!(Submitted.can_become(Accepted));
        assert!(Submitted.can_become(Declined));
        for from in [Accepted, Declined] {
            for to in [Submitted, Accepted, Declined] {
                assert!(!from.can_become(to), "{from:?} -> {to:?}");
            }
        }
        assert!(!Submitted.can_become(Submitted));
        assert_eq!(ApplicationStatus::parse("declined").unwrap(), Declined);
        assert!(headcount(0).is_err() && headcount(55).is_ok());
    }
}
