//! Store errors, with constraint violations mapped to conflicts.

use sea_orm::{DbErr, RuntimeErr};

/// Errors of the persistence layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist (or is not visible to this tenant).
    #[error("not found")]
    NotFound,
    /// A unique, foreign-key or check constraint refused the write. `constraint` is its
    /// name (PostgreSQL) or the database's message (SQLite).
    #[error("conflict on {constraint}")]
    Conflict {
        kind: ConstraintKind,
        constraint: String,
    },
    /// Any other database failure.
    #[error(transparent)]
    Db(DbFailure),
}

/// A database failure other than a refused write or a missing row. Opaque: the driver's
/// error is its source, so the store's callers do not depend on the driver.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct DbFailure(DbErr);

impl StoreError {
    /// A failure described by a message (what a database error would carry).
    pub fn custom(message: impl Into<String>) -> Self {
        StoreError::Db(DbFailure(DbErr::Custom(message.into())))
    }

    /// Whether the database could not be reached, rather than refusing the statement: no
    /// connection within the pool's wait (the server is down, restarting or saturated), a
    /// connection lost or broken mid-statement, or the server shutting down or not yet
    /// accepting connections (PostgreSQL classes 08 and 57P, and 53300 too many
    /// connections). Trying again later may succeed; nothing about the request is wrong.
    pub fn is_unavailable(&self) -> bool {
        let StoreError::Db(DbFailure(e)) = self else {
            return false;
        };
        let runtime = match e {
            DbErr::ConnectionAcquire(_) => return true,
            DbErr::Conn(r) | DbErr::Exec(r) | DbErr::Query(r) => r,
            _ => return false,
        };
        let RuntimeErr::SqlxError(sqlx) = runtime else {
            return false;
        };
        use sea_orm::sqlx::Error as E;
        match sqlx {
            E::Io(_)
            | E::Tls(_)
            | E::Protocol(_)
            | E::PoolTimedOut
            | E::PoolClosed
            | E::WorkerCrashed => true,
            E::Database(db) => db.code().is_some_and(|code| {
                code.starts_with("08") || code.starts_with("57P") || code == "53300"
            }),
            _ => false,
        }
    }
}

/// A conversion that cannot fail (a record whose columns need no checking), so that
/// records of every table convert to rows alike.
impl From<std::convert::Infallible> for StoreError {
    fn from(e: std::convert::Infallible) -> Self {
        match e {}
    }
}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        if let Some((kind, constraint)) = constraint_violation(&e) {
            return StoreError::Conflict { kind, constraint };
        }
        match e {
            DbErr::RecordNotFound(_) => StoreError::NotFound,
            other => StoreError::Db(DbFailure(other)),
        }
    }
}

/// The kind of constraint that refused a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstraintKind {
    Unique,
    ForeignKey,
    Check,
}

/// The unique keys whose violation a use case answers in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniqueKey {
    /// A client's reference, unique in the tenant.
    ClientReference,
    /// The member a personnel record is linked to, one record per member.
    AuditorMembership,
    /// A programme audit is scheduled at most once (cancelled audits aside).
    AuditProgrammeAudit,
    /// An audit carries at most one certification decision.
    DecisionAudit,
    /// A certificate number names one certificate across all tenants (the public
    /// registry).
    CertificateNumber,
}

impl UniqueKey {
    /// The index's name, as PostgreSQL reports it.
    pub fn index(self) -> &'static str {
        match self {
            Self::ClientReference => "clients_reference_key",
            Self::AuditorMembership => "auditors_membership_key",
            Self::AuditProgrammeAudit => "audits_programme_audit_key",
            Self::DecisionAudit => "decision_audits_audit_key",
            Self::CertificateNumber => "public_certificates_number_key",
        }
    }

    /// The indexed columns, as SQLite reports them.
    fn columns(self) -> &'static str {
        match self {
            Self::ClientReference => "clients.tenant_id, clients.reference",
            Self::AuditorMembership => "auditors.tenant_id, auditors.membership_id",
            Self::AuditProgrammeAudit => "audits.tenant_id, audits.programme_audit_id",
            Self::DecisionAudit => "decision_audits.tenant_id, decision_audits.audit_id",
            Self::CertificateNumber => "public_certificates.number",
        }
    }
}

impl StoreError {
    /// Whether the write was refused by the unique key `key` (and not by another
    /// constraint, such as a foreign key to a row that went away).
    pub fn violates(&self, key: UniqueKey) -> bool {
        match self {
            StoreError::Conflict {
                kind: ConstraintKind::Unique,
                constraint,
            } => {
                constraint == key.index()
                    || constraint.strip_prefix("UNIQUE constraint failed: ") == Some(key.columns())
            }
            _ => false,
        }
    }
}

/// Returns the kind and the constraint name (PostgreSQL) or message (SQLite) of a
/// unique, foreign-key or check violation.
fn constraint_violation(e: &DbErr) -> Option<(ConstraintKind, String)> {
    let runtime = match e {
        DbErr::Exec(r) | DbErr::Query(r) | DbErr::Conn(r) => r,
        _ => return None,
    };
    let RuntimeErr::SqlxError(sqlx) = runtime else {
        return None;
    };
    let db = sqlx.as_database_error()?;
    use sea_orm::sqlx::error::ErrorKind;
    let kind = match db.kind() {
        ErrorKind::UniqueViolation => ConstraintKind::Unique,
        ErrorKind::ForeignKeyViolation => ConstraintKind::ForeignKey,
        ErrorKind::CheckViolation => ConstraintKind::Check,
        _ => return None,
    };
    Some((
        kind,
        db.constraint()
            .map(str::to_string)
            .unwrap_or_else(|| db.message().to_string()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conflict(kind: ConstraintKind, constraint: &str) -> StoreError {
        StoreError::Conflict {
            kind,
            constraint: constraint.to_string(),
        }
    }

    #[test]
    fn an_unreachable_database_is_told_apart_from_a_refused_statement() {
        use sea_orm::sqlx::Error as E;
        let sqlx = |e: E| StoreError::from(DbErr::Query(RuntimeErr::SqlxError(e)));
        let refused = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        assert!(sqlx(E::Io(refused)).is_unavailable());
        assert!(sqlx(E::PoolTimedOut).is_unavailable());
        assert!(
            StoreError::from(DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout))
                .is_unavailable()
        );
        assert!(!sqlx(E::RowNotFound).is_unavailable());
        assert!(!StoreError::custom("bad input").is_unavailable());
        assert!(!StoreError::NotFound.is_unavailable());
        assert!(!conflict(ConstraintKind::Unique, "clients_reference_key").is_unavailable());
    }

    #[test]
    fn a_unique_key_is_recognised_by_name_or_by_columns_and_nothing_else() {
        let key = UniqueKey::AuditProgrammeAudit;
        assert!(conflict(ConstraintKind::Unique, "audits_programme_audit_key").violates(key));
        assert!(
            conflict(
                ConstraintKind::Unique,
                "UNIQUE constraint failed: audits.tenant_id, audits.programme_audit_id"
            )
            .violates(key)
        );
        assert!(!conflict(ConstraintKind::Unique, "clients_reference_key").violates(key));
        assert!(
            !conflict(ConstraintKind::ForeignKey, "FOREIGN KEY constraint failed").violates(key)
        );
        assert!(!conflict(ConstraintKind::ForeignKey, "audits_programme_audit_key").violates(key));
        assert!(!StoreError::NotFound.violates(key));
    }
}
