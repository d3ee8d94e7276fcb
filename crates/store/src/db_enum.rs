//! Domain enums as column types.
//!
//! A status, kind, grade or role column holds the stable name of a domain enum
//! ([`certa_domain::Stored`]); entities declare it as [`DbEnum<T>`], which writes
//! `as_str()` and reads it back through the enum's parser. The orphan rule keeps the
//! sea-orm traits off the domain types themselves (the domain does not depend on sea-orm),
//! so this wrapper carries them. A stored value that names no variant (the database's CHECK
//! constraints refuse them) fails the read with a type error instead of becoming a default.

use certa_domain::Stored;
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};
use std::ops::Deref;

/// A domain enum stored as its stable name (text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct DbEnum<T>(pub T);

impl<T> Deref for DbEnum<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for DbEnum<T> {
    fn from(v: T) -> Self {
        DbEnum(v)
    }
}

impl<T: PartialEq> PartialEq<T> for DbEnum<T> {
    fn eq(&self, other: &T) -> bool {
        self.0 == *other
    }
}

impl<T: Stored> std::fmt::Display for DbEnum<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl<T: Stored> From<DbEnum<T>> for Value {
    fn from(v: DbEnum<T>) -> Value {
        Value::String(Some(Box::new(v.0.as_str().to_owned())))
    }
}

impl<T: Stored> ValueType for DbEnum<T> {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::String(Some(s)) => T::from_stored(&s).map(DbEnum).map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        T::KIND.to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::Text
    }
}

impl<T: Stored> Nullable for DbEnum<T> {
    fn null() -> Value {
        Value::String(None)
    }
}

impl<T: Stored> TryGetable for DbEnum<T> {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let s = String::try_get_by(res, index)?;
        T::from_stored(&s)
            .map(DbEnum)
            .map_err(|e| TryGetError::DbErr(DbErr::Type(e.to_string())))
    }
}

// A key column (`evidence_links`) may hold one; keys of such tables are never generated.
impl<T: Stored> sea_orm::TryFromU64 for DbEnum<T> {
    fn try_from_u64(_: u64) -> Result<Self, DbErr> {
        Err(DbErr::ConvertFromU64(T::KIND))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use certa_domain::AuditStatus;

    #[test]
    fn writes_the_stable_name_and_reads_it_back() {
        let v: Value = DbEnum(AuditStatus::TeamProposed).into();
        assert_eq!(v, Value::String(Some(Box::new("team_proposed".into()))));
        assert_eq!(
            <DbEnum<AuditStatus> as ValueType>::try_from(v).ok(),
            Some(DbEnum(AuditStatus::TeamProposed))
        );
        assert!(
            <DbEnum<AuditStatus> as ValueType>::try_from(Value::String(Some(Box::new(
                "finished".into()
            ))))
            .is_err()
        );
        assert_eq!(
            serde_json::to_value(DbEnum(AuditStatus::Confirmed)).ok(),
            Some(serde_json::json!("confirmed"))
        );
    }
}
