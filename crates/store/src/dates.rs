//! Calendar dates as columns.
//!
//! Date columns are `date` on PostgreSQL and `YYYY-MM-DD` text on SQLite (how sea-orm
//! stores a date there). Entities declare them as [`DbDate`]: written as a date value (so
//! PostgreSQL refuses anything else), read back as ISO `YYYY-MM-DD` text, which is what
//! records carry and what the use cases parse and check (within 1900–2200, through
//! `certa_domain`'s one date parser). A date handed to the store that does not read as a
//! date is refused here ([`day`]) with an error, never a panic.
//!
//! SQLite keeps whatever text a row holds: a value written by hand or by an older version
//! that is no date chrono can represent is read as that text, so that the use case
//! refuses it in words (`date_out_of_range`) and the row can be corrected through the
//! application, instead of every read of the row failing.

use crate::StoreError;
use chrono::NaiveDate;
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};

/// A date column's value, as ISO `YYYY-MM-DD` text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbDate(String);

impl From<NaiveDate> for DbDate {
    fn from(d: NaiveDate) -> Self {
        DbDate(d.format("%Y-%m-%d").to_string())
    }
}

impl From<DbDate> for Value {
    fn from(d: DbDate) -> Value {
        match NaiveDate::parse_from_str(&d.0, "%Y-%m-%d") {
            Ok(d) => Value::ChronoDate(Some(Box::new(d))),
            // Only a value read back as text (SQLite) gets here; it is written as it was.
            Err(_) => Value::String(Some(Box::new(d.0))),
        }
    }
}

impl ValueType for DbDate {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::ChronoDate(Some(d)) => Ok((*d).into()),
            Value::String(Some(s)) => Ok(DbDate(*s)),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        "date".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::ChronoDate
    }

    fn column_type() -> ColumnType {
        ColumnType::Date
    }
}

impl Nullable for DbDate {
    fn null() -> Value {
        Value::ChronoDate(None)
    }
}

impl TryGetable for DbDate {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        match NaiveDate::try_get_by(res, index) {
            Ok(d) => Ok(d.into()),
            Err(TryGetError::Null(c)) => Err(TryGetError::Null(c)),
            // SQLite text that is no date chrono reads: the text itself.
            Err(e) => String::try_get_by(res, index).map(DbDate).map_err(|_| e),
        }
    }
}

// A key column (`job_runs.day`) is one; keys of such tables are never generated.
impl sea_orm::TryFromU64 for DbDate {
    fn try_from_u64(_: u64) -> Result<Self, DbErr> {
        Err(DbErr::ConvertFromU64("date"))
    }
}

/// Reads an ISO `YYYY-MM-DD` date handed to the store.
pub(crate) fn day(s: &str) -> Result<DbDate, StoreError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map(DbDate::from)
        .map_err(|e| StoreError::custom(format!("not a YYYY-MM-DD date: {s:?} ({e})")))
}

/// [`day`] for an optional date; an empty one is none.
pub(crate) fn day_opt(s: Option<&str>) -> Result<Option<DbDate>, StoreError> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => day(s).map(Some),
    }
}

/// A stored date as ISO `YYYY-MM-DD` text.
pub(crate) fn iso(d: DbDate) -> String {
    d.0
}

/// [`iso`] for an optional date.
pub(crate) fn iso_opt(d: Option<DbDate>) -> Option<String> {
    d.map(iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_back_as_the_text_they_were_given() {
        for s in ["2026-12-07", "1900-01-01", "2200-12-31"] {
            assert_eq!(iso(day(s).unwrap()), s);
        }
        assert_eq!(day_opt(Some(" ")).unwrap(), None);
        assert_eq!(
            iso_opt(day_opt(Some("2026-02-28")).unwrap()).as_deref(),
            Some("2026-02-28")
        );
        assert!(day("2026-02-30").is_err());
        assert!(day("07.12.2026").is_err());
        assert!(day("-262144-01-01").is_err());
    }

    #[test]
    fn dates_are_written_as_date_values() {
        let v: Value = day("2026-12-07").unwrap().into();
        assert_eq!(
            v,
            Value::ChronoDate(Some(Box::new(
                NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
            )))
        );
        assert_eq!(<DbDate as Nullable>::null(), Value::ChronoDate(None));
    }
}
