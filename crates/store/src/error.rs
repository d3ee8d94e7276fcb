//! Store errors, with constraint violations mapped to conflicts.

use sea_orm::{DbErr, RuntimeErr};

/// Errors of the persistence layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist (or is not visible to this tenant).
    #[error("not found")]
    NotFound,
    /// A unique or foreign-key constraint refused the write.
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
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
}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        if let Some(constraint) = constraint_violation(&e) {
            return StoreError::Conflict { constraint };
        }
        match e {
            DbErr::RecordNotFound(_) => StoreError::NotFound,
            other => StoreError::Db(DbFailure(other)),
        }
    }
}

/// Returns the constraint name (PostgreSQL) or message (SQLite) of a unique or
/// foreign-key violation.
fn constraint_violation(e: &DbErr) -> Option<String> {
    let runtime = match e {
        DbErr::Exec(r) | DbErr::Query(r) | DbErr::Conn(r) => r,
        _ => return None,
    };
    let RuntimeErr::SqlxError(sqlx) = runtime else {
        return None;
    };
    let db = sqlx.as_database_error()?;
    use sea_orm::sqlx::error::ErrorKind;
    match db.kind() {
        ErrorKind::UniqueViolation | ErrorKind::ForeignKeyViolation | ErrorKind::CheckViolation => {
            Some(
                db.constraint()
                    .map(str::to_string)
                    .unwrap_or_else(|| db.message().to_string()),
            )
        }
        _ => None,
    }
}
