//! Service errors: what a use case can answer besides success.

use certa_domain::{DomainError, ErrorCode, FieldProblem};
use certa_storage::StorageError;
use certa_store::StoreError;

/// One problem in an imported document, located by line (1 = header) and column name.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    pub code: ErrorCode,
    pub message: String,
}

/// The outcomes of a failed use case; the HTTP layer maps each to one status and code.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Not signed in, or the credentials are wrong.
    #[error("{message}")]
    Unauthorized { code: ErrorCode, message: String },
    /// Signed in but not allowed.
    #[error("you are not allowed to do this")]
    Forbidden,
    /// The object does not exist in this tenant (also for other tenants' objects).
    #[error("{what} not found")]
    NotFound { what: &'static str, code: ErrorCode },
    /// Input failed validation.
    #[error("{message}")]
    Invalid {
        field: &'static str,
        code: ErrorCode,
        message: String,
    },
    /// Several fields failed validation; every one is listed.
    #[error("{} fields are not valid", errors.len())]
    Fields { errors: Vec<FieldProblem> },
    /// The request conflicts with the current state.
    #[error("{message}")]
    Conflict { code: ErrorCode, message: String },
    /// Too many attempts; try again later.
    #[error("{message}")]
    Throttled {
        message: String,
        retry_after_secs: i64,
    },
    /// A whole document (CSV import) was refused; every problem is listed with its place.
    #[error("the file has {} problem(s)", errors.len())]
    InvalidRows { errors: Vec<RowError> },
    /// A tenant must be chosen first.
    #[error("choose a certification body first")]
    NoTenant,
    /// A file is larger than the certification body allows (`file_too_large`).
    #[error("{message}")]
    TooLarge {
        field: &'static str,
        message: String,
    },
    /// The object store failed; details are logged, not shown.
    #[error("object storage failed")]
    Storage(#[source] StorageError),
    /// Something broke; details are logged, not shown.
    #[error(transparent)]
    Unexpected(anyhow::Error),
}

impl From<StoreError> for ServiceError {
    /// A constraint that refuses a write means the request raced another change: that is
    /// a conflict for the caller, not a server error. A use case that expects a particular
    /// constraint maps it first, by name (see [`StoreError::violates`]).
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict { constraint, .. } => {
                tracing::info!(db.constraint = %constraint, "write refused by a constraint");
                ServiceError::conflict(
                    ErrorCode::Conflict,
                    "the change conflicts with the current state; reload and try again",
                )
            }
            StoreError::NotFound => ServiceError::not_found("object", ErrorCode::NotFound),
            other => ServiceError::Unexpected(anyhow::Error::new(other)),
        }
    }
}

impl ServiceError {
    /// Helper for a not-found answer.
    pub fn not_found(what: &'static str, code: ErrorCode) -> Self {
        Self::NotFound { what, code }
    }
    /// Something broke that the caller cannot mend: `what` failed because of `source`.
    pub fn unexpected(
        what: &'static str,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self::Unexpected(anyhow::Error::new(source).context(what))
    }
    /// A state the code rules out (every checked field has a value once the checks
    /// passed): answered as a server error, never a panic.
    pub fn unexpected_state(what: &'static str) -> Self {
        Self::Unexpected(anyhow::anyhow!("inconsistent state: {what}"))
    }
    /// Whether the database could not be reached (see
    /// [`StoreError::is_unavailable`]): the request may succeed when tried again.
    pub fn is_unavailable(&self) -> bool {
        match self {
            Self::Unexpected(e) => e.chain().any(|c| {
                c.downcast_ref::<StoreError>()
                    .is_some_and(StoreError::is_unavailable)
            }),
            _ => false,
        }
    }
    /// The cause to log of an answer that hides it (a server error), if this is one.
    pub fn internal(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Storage(e) => Some(e),
            Self::Unexpected(e) => Some(e.as_ref()),
            _ => None,
        }
    }
    /// The field problems of a validation refusal (one for [`ServiceError::Invalid`]),
    /// none for any other error.
    pub fn field_problems(&self) -> Vec<FieldProblem> {
        match self {
            Self::Invalid {
                field,
                code,
                message,
            } => vec![FieldProblem {
                field,
                code: *code,
                message: message.clone(),
            }],
            Self::TooLarge { field, message } => vec![FieldProblem {
                field,
                code: ErrorCode::FileTooLarge,
                message: message.clone(),
            }],
            Self::Fields { errors } => errors.clone(),
            _ => Vec::new(),
        }
    }
    /// Helper for a conflict.
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }
}

impl From<DomainError> for ServiceError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid {
                field,
                code,
                message,
            } => ServiceError::Invalid {
                field,
                code,
                message,
            },
            DomainError::Fields(errors) => ServiceError::Fields { errors },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use certa_store::{ConstraintKind, UniqueKey};

    #[test]
    fn a_missing_row_is_not_found_not_a_server_error() {
        let e = ServiceError::from(StoreError::NotFound);
        assert!(
            matches!(
                e,
                ServiceError::NotFound {
                    code: ErrorCode::NotFound,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.internal().is_none());
    }

    #[test]
    fn a_foreign_key_failure_is_a_plain_conflict_not_a_unique_one() {
        let fk = StoreError::Conflict {
            kind: ConstraintKind::ForeignKey,
            constraint: "audits_programme_audit_id_fkey".into(),
        };
        assert!(!fk.violates(UniqueKey::AuditProgrammeAudit));
        let e = ServiceError::from(fk);
        assert!(
            matches!(
                e,
                ServiceError::Conflict {
                    code: ErrorCode::Conflict,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn unexpected_failures_keep_their_cause_for_the_log() {
        let io = std::io::Error::other("disk on fire");
        let e = ServiceError::unexpected("hashing failed", io);
        let chain: Vec<String> = std::iter::successors(e.internal(), |s| s.source())
            .map(|s| s.to_string())
            .collect();
        assert_eq!(chain, ["hashing failed", "disk on fire"]);
    }
}
