//! A certification body's own settings, and its audit-time tables.
//!
//! The rules leave some choices to the certification body: the stage 1 / stage 2 split
//! and interpolation within a band (IAF MD 5, [`TimeSettings`]), the expiry convention and
//! due windows of the programme (17021-1 9.1.3, 9.6; [`ProgrammeSettings`]), how many
//! consecutive audits one lead may lead for a client before rotation is flagged, and how
//! long a client has to object to a proposed team member (17021-1 9.2.3: the client is
//! told the team's names early enough to object). Audit-time tables are data: a tenant
//! reviews the built-in ones and may replace or extend them ([`tenant_tables`]); rows it
//! adds are flagged unverified.

use crate::DomainError;
use crate::ErrorCode;
use crate::audit_time::TimeSettings;
use crate::audit_time::tables::{AuditTimeTable, TableError, Tables};
use crate::programme::ProgrammeSettings;
use crate::team::DEFAULT_ROTATION_LIMIT;
use serde::{Deserialize, Serialize};

/// Days a client has, by default, to object to a proposed team member.
pub const DEFAULT_OBJECTION_DAYS: u32 = 5;
/// Upper bound of the objection period.
pub const MAX_OBJECTION_DAYS: u32 = 60;
/// Default largest evidence file, in MiB.
pub const DEFAULT_MAX_UPLOAD_MIB: u32 = 100;
/// Default years withdrawn evidence is kept (a 3-year cycle plus the previous one).
pub const DEFAULT_RETENTION_YEARS: u32 = 6;
/// Default days a sent mail stays in the outbox before it is purged.
pub const DEFAULT_OUTBOX_RETENTION_DAYS: u32 = 90;
/// Upper bound of the outbox retention (ten years).
pub const MAX_OUTBOX_RETENTION_DAYS: u32 = 3650;
/// Upper bound of the rotation limit.
pub const MAX_ROTATION_LIMIT: u32 = 20;

/// Everything a tenant may set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TenantSettings {
    /// Audit-time options (stage split, interpolation, surveillance shares).
    pub audit_time: TimeSettings,
    /// Programme options (expiry convention, windows, at-risk days).
    pub programme: ProgrammeSettings,
    /// Consecutive audits one lead may lead for the same client before a rotation warning.
    pub rotation_limit: u32,
    /// Days after a team proposal during which the client may object to a member.
    pub objection_days: u32,
    /// Days the client has to answer a nonconformity (17021-1 9.4.9: "within a time
    /// defined by the certification body").
    pub nc_response_days: u32,
    /// Largest evidence file accepted, in MiB.
    pub max_upload_mib: u32,
    /// Years a withdrawn evidence file is kept before its object may be deleted.
    pub retention_years: u32,
    /// Days a sent mail stays in the outbox (recipient, kind and status for the admin
    /// page) before it is deleted.
    pub outbox_retention_days: u32,
    /// Certificates: the body's address, numbering, integrated certificates, the
    /// suspension limit and accreditations.
    pub certificates: crate::certification::CertificateSettings,
}

impl Default for TenantSettings {
    fn default() -> Self {
        Self {
            audit_time: TimeSettings::default(),
            programme: ProgrammeSettings::default(),
            rotation_limit: DEFAULT_ROTATION_LIMIT,
            objection_days: DEFAULT_OBJECTION_DAYS,
            nc_response_days: crate::nonconformity::DEFAULT_RESPONSE_DAYS,
            max_upload_mib: DEFAULT_MAX_UPLOAD_MIB,
            retention_years: DEFAULT_RETENTION_YEARS,
            outbox_retention_days: DEFAULT_OUTBOX_RETENTION_DAYS,
            certificates: crate::certification::CertificateSettings::default(),
        }
    }
}

impl TenantSettings {
    /// Checks every part; the first problem is reported with its field.
    pub fn validate(&self) -> Result<(), DomainError> {
        self.audit_time.validate()?;
        self.programme.validate()?;
        self.certificates.validate()?;
        if !(1..=MAX_ROTATION_LIMIT).contains(&self.rotation_limit) {
            return Err(DomainError::invalid(
                "rotation_limit",
                ErrorCode::SettingsInvalid,
                format!("rotation_limit must be between 1 and {MAX_ROTATION_LIMIT}"),
            ));
        }
        if self.objection_days > MAX_OBJECTION_DAYS {
            return Err(DomainError::invalid(
                "objection_days",
                ErrorCode::SettingsInvalid,
                format!("objection_days must be between 0 and {MAX_OBJECTION_DAYS}"),
            ));
        }
        let bounded = |v: u32, field: &'static str, lo: u32, hi: u32| {
            if (lo..=hi).contains(&v) {
                Ok(())
            } else {
                Err(DomainError::invalid(
                    field,
                    ErrorCode::SettingsInvalid,
                    format!("{field} must be between {lo} and {hi}"),
                ))
            }
        };
        bounded(self.nc_response_days, "nc_response_days", 1, 365)?;
        bounded(self.max_upload_mib, "max_upload_mib", 1, 10 * 1024)?;
        bounded(self.retention_years, "retention_years", 1, 100)?;
        bounded(
            self.outbox_retention_days,
            "outbox_retention_days",
            1,
            MAX_OUTBOX_RETENTION_DAYS,
        )?;
        Ok(())
    }
}

/// Flags what a tenant changed: a row that is not exactly a row of the built-in table
/// with the same id, and a column the built-in table does not have or flags, is marked
/// unverified. A tenant cannot mark its own rows verified: the flag says "taken from the
/// domain reference", which only the built-in data can say.
/// The tenant's version is its own: a derivation note of the built-in table no longer
/// describes it, so it is dropped (its unverified rows read as such).
pub fn flag_tenant_rows(table: &mut AuditTimeTable, builtin: Option<&AuditTimeTable>) {
    table.derivation = None;
    for c in &mut table.columns {
        c.verified = builtin
            .and_then(|b| b.columns.iter().find(|bc| bc.column == c.column))
            .is_some_and(|bc| bc.verified);
    }
    for r in &mut table.rows {
        r.verified = builtin.is_some_and(|b| {
            b.columns.len() == table.columns.len()
                && b.columns
                    .iter()
                    .zip(&table.columns)
                    .all(|(x, y)| x.column == y.column)
                && b.rows.iter().any(|br| {
                    br.verified && br.min == r.min && br.max == r.max && br.days == r.days
                })
        });
    }
}

/// The tables a tenant calculates with: the built-in tables, each replaced by the
/// tenant's version with the same id, plus the tenant's own tables. Refused when a
/// table is malformed or two tables claim the same standard.
pub fn tenant_tables(own: Vec<AuditTimeTable>) -> Result<Tables, TableError> {
    let mut tables: Vec<AuditTimeTable> = Tables::builtin().tables().to_vec();
    for t in own {
        match tables.iter_mut().find(|b| b.id == t.id) {
            Some(slot) => *slot = t,
            None => tables.push(t),
        }
    }
    Tables::new(tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit_time::tables::{TableRow, qms_1};

    #[test]
    fn defaults_are_valid_and_bounds_hold() {
        assert!(TenantSettings::default().validate().is_ok());
        let s = TenantSettings {
            rotation_limit: 0,
            ..TenantSettings::default()
        };
        assert!(s.validate().is_err());
        let s = TenantSettings {
            objection_days: MAX_OBJECTION_DAYS + 1,
            ..TenantSettings::default()
        };
        assert!(s.validate().is_err());
    }

    #[test]
    fn partial_json_takes_defaults_and_unknown_fields_are_refused() {
        let s: TenantSettings = serde_json::from_str(r#"{"objection_days": 10}"#).unwrap();
        assert_eq!(s.objection_days, 10);
        assert_eq!(s.rotation_limit, DEFAULT_ROTATION_LIMIT);
        assert!(serde_json::from_str::<TenantSettings>(r#"{"objection_dayz": 10}"#).is_err());
    }

    #[test]
    fn an_added_band_is_unverified_and_known_rows_stay_verified() {
        let builtin = qms_1();
        let mut t = builtin.clone();
        let last = t.rows.last().unwrap().clone();
        t.rows.push(TableRow {
            min: last.max + 1,
            max: last.max + 1000,
            days: last.days.iter().map(|d| d + 1.0).collect(),
            verified: true,
        });
        flag_tenant_rows(&mut t, Some(&builtin));
        assert!(!t.rows.last().unwrap().verified);
        assert_eq!(t.rows[0].verified, builtin.rows[0].verified);
        // A changed value loses the flag too.
        let mut t2 = builtin.clone();
        t2.rows[0].days[0] += 0.5;
        flag_tenant_rows(&mut t2, Some(&builtin));
        assert!(!t2.rows[0].verified);
    }

    #[test]
    fn a_tenant_version_replaces_the_builtin_table_with_the_same_id() {
        let mut t = qms_1();
        t.rows[0].days[0] = 2.0;
        let tables = tenant_tables(vec![t]).unwrap();
        let used = tables.for_standard("ISO 9001:2015").unwrap();
        assert!((used.rows[0].days[0] - 2.0).abs() < f64::EPSILON);
        assert_eq!(tables.tables().len(), Tables::builtin().tables().len());
    }

    #[test]
    fn a_second_table_for_a_covered_standard_is_refused() {
        let mut t = qms_1();
        t.id = "my_qms".into();
        assert!(tenant_tables(vec![t]).is_err());
    }
}
