//! Audit-time tables as data: headcount bands → days, with complexity or AI-role
//! columns and a `verified` flag per row and per column.
//!
//! The built-in tables ([`Tables::builtin`]) hold the rows published in IAF MD 5, ISO/IEC
//! 27006-1 Annex B and ISO/IEC 42006 (each table names its source). A tenant can review them and extend them (for example
//! with the missing ISO/IEC 42006 rows) and pass its own [`Tables`]; every table is
//! checked by [`Tables::new`] (bands contiguous from 1, values positive and never
//! decreasing) so that the engine can rely on it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Largest number of days a table cell may hold (an input sanity bound for tenant tables,
/// not a rule of any standard).
pub const TABLE_DAYS_MAX: f64 = 10_000.0;

/// Which columns a table has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// One column of days (IAF MD 5 Table QMS 1, ISO/IEC 27006-1 ISMS table).
    Single,
    /// One column per complexity category (IAF MD 5 Tables EMS 1 and OH&SMS 1).
    Complexity,
    /// One column per AI role (ISO/IEC 42006 AIMS table).
    AiRole,
}

/// A column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The only column of a [`Dimension::Single`] table.
    Days,
    /// Complexity "high".
    High,
    /// Complexity "medium".
    Medium,
    /// Complexity "low".
    Low,
    /// Complexity "limited" (IAF MD 5 Table EMS 1 only).
    Limited,
    /// AI producer.
    Producer,
    /// AI developer.
    Developer,
    /// AI provider.
    Provider,
    /// AI user.
    User,
    /// Several AI roles.
    Multiple,
}

impl Column {
    /// The dimension this column belongs to.
    pub fn dimension(self) -> Dimension {
        match self {
            Column::Days => Dimension::Single,
            Column::High | Column::Medium | Column::Low | Column::Limited => Dimension::Complexity,
            Column::Producer
            | Column::Developer
            | Column::Provider
            | Column::User
            | Column::Multiple => Dimension::AiRole,
        }
    }

    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Days => "days",
            Column::High => "high",
            Column::Medium => "medium",
            Column::Low => "low",
            Column::Limited => "limited",
            Column::Producer => "producer",
            Column::Developer => "developer",
            Column::Provider => "provider",
            Column::User => "user",
            Column::Multiple => "multiple",
        }
    }
}

/// Complexity category of the IAF MD 5 EMS and OH&SMS tables (IAF MD 5 Annex A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Complexity {
    /// High complexity.
    High,
    /// Medium complexity.
    Medium,
    /// Low complexity.
    Low,
    /// Limited complexity (Table EMS 1 only).
    Limited,
}

impl Complexity {
    /// Parses `high|medium|low|limited`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "high" => Some(Self::High),
            "medium" => Some(Self::Medium),
            "low" => Some(Self::Low),
            "limited" => Some(Self::Limited),
            _ => None,
        }
    }

    /// The table column of this category.
    pub fn column(self) -> Column {
        match self {
            Self::High => Column::High,
            Self::Medium => Column::Medium,
            Self::Low => Column::Low,
            Self::Limited => Column::Limited,
        }
    }
}

/// The organisation's AI role, which selects the ISO/IEC 42006 audit-time column
/// (ISO/IEC 42006:2025 audit-time table; domain reference §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AiRole {
    /// Responsible for the whole design–develop–test–deploy life cycle.
    Producer,
    /// Develops AI systems.
    Developer,
    /// Provides AI systems.
    Provider,
    /// Uses AI systems.
    User,
    /// Several roles at once.
    Multiple,
}

impl AiRole {
    /// Parses `producer|developer|provider|user|multiple`.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "producer" => Some(Self::Producer),
            "developer" => Some(Self::Developer),
            "provider" => Some(Self::Provider),
            "user" => Some(Self::User),
            "multiple" => Some(Self::Multiple),
            _ => None,
        }
    }

    /// The table column of this role.
    pub fn column(self) -> Column {
        match self {
            Self::Producer => Column::Producer,
            Self::Developer => Column::Developer,
            Self::Provider => Column::Provider,
            Self::User => Column::User,
            Self::Multiple => Column::Multiple,
        }
    }
}

/// A column of a table with its verification status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSpec {
    /// Which column.
    pub column: Column,
    /// `false` when the column's values are not confirmed in the published table.
    pub verified: bool,
}

/// One headcount band and its days, one value per column (same order as the table's
/// `columns`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    /// Lowest effective personnel of the band (inclusive).
    pub min: u64,
    /// Highest effective personnel of the band (inclusive).
    pub max: u64,
    /// Audit days for the initial audit (stage 1 + stage 2), per column.
    pub days: Vec<f64>,
    /// `false` when the row is not confirmed in the published table or it was added
    /// by a tenant without a source.
    pub verified: bool,
}

/// What happens above the last band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BeyondLastBand {
    /// "> 10700: follow the progression" (IAF MD 5 Annex A; ISO/IEC 27006-1 Annex C).
    /// Certa reads the progression as repeating the last band's width and its step in
    /// days (conservative: band widths grow in the table, so this never gives less time).
    /// Values found this way are flagged unverified.
    RepeatLastStep,
    /// The table has no known progression (ISO/IEC 42006: only the 1–10 row is known);
    /// a headcount above the last band is refused until a tenant extends the table.
    Refuse,
}

/// One audit-time table (domain reference §7.1 "AuditTimeTable").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditTimeTable {
    /// Stable id, e.g. `iaf_md5_qms_1`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The clause the table comes from, cited in every breakdown line that uses it.
    pub clause: String,
    /// Where the values were taken from (domain reference citation).
    pub source: String,
    /// Standard codes the table applies to, e.g. `ISO 9001:2015`.
    pub standards: Vec<String>,
    /// Which columns the table has.
    pub dimension: Dimension,
    /// The columns, in the order of each row's `days`.
    pub columns: Vec<ColumnSpec>,
    /// Bands, ascending, contiguous from 1.
    pub rows: Vec<TableRow>,
    /// What happens above the last band.
    pub beyond_last_band: BeyondLastBand,
    /// For a table whose unpublished rows were derived rather than copied: how. Every
    /// breakdown line read from a derived row says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
}

/// A table that breaks the rules a table must follow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("table {table}: {message}")]
pub struct TableError {
    /// The table's id.
    pub table: String,
    /// What is wrong.
    pub message: String,
}

/// Why a lookup failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// The table has no such column.
    NoColumn,
    /// The headcount is above the last band and the table has no progression.
    NotCovered {
        /// The highest headcount the table covers.
        last_max: u64,
    },
    /// The headcount is 0 or the table is malformed.
    Invalid,
}

/// A value read from a table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Lookup {
    /// Band start (inclusive).
    pub band_min: u64,
    /// Band end (inclusive).
    pub band_max: u64,
    /// The band's value.
    pub band_days: f64,
    /// The value used: the band's value, or the interpolated one.
    pub days: f64,
    /// Whether the value was interpolated within the band.
    pub interpolated: bool,
    /// Whether the band lies beyond the table's last row ("follow the progression").
    pub extrapolated: bool,
    /// Row and column verified, and not extrapolated.
    pub verified: bool,
}

impl AuditTimeTable {
    fn err(&self, message: impl Into<String>) -> TableError {
        TableError {
            table: self.id.clone(),
            message: message.into(),
        }
    }

    /// Checks the table's shape: columns of the table's dimension, bands contiguous from
    /// 1, one finite positive value per column, values never decreasing with headcount.
    pub fn validate(&self) -> Result<(), TableError> {
        if self.id.trim().is_empty() {
            return Err(self.err("id is empty"));
        }
        if self.standards.is_empty() || self.standards.iter().any(|s| s.trim().is_empty()) {
            return Err(self.err("standards must name at least one standard code"));
        }
        if self.columns.is_empty() {
            return Err(self.err("no columns"));
        }
        for (i, c) in self.columns.iter().enumerate() {
            if c.column.dimension() != self.dimension {
                return Err(self.err(format!(
                    "column {} does not belong to this table's dimension",
                    c.column.as_str()
                )));
            }
            if self.columns[..i].iter().any(|o| o.column == c.column) {
                return Err(self.err(format!("column {} repeated", c.column.as_str())));
            }
        }
        let Some(first) = self.rows.first() else {
            return Err(self.err("no rows"));
        };
        if first.min != 1 {
            return Err(self.err("the first band must start at 1"));
        }
        let mut prev: Option<&TableRow> = None;
        for r in &self.rows {
            if r.min > r.max || r.max == u64::MAX {
                return Err(self.err(format!("band {}–{} is invalid", r.min, r.max)));
            }
            if r.days.len() != self.columns.len() {
                return Err(self.err(format!(
                    "band {}–{} has {} values for {} columns",
                    r.min,
                    r.max,
                    r.days.len(),
                    self.columns.len()
                )));
            }
            if r.days
                .iter()
                .any(|d| !d.is_finite() || *d <= 0.0 || *d > TABLE_DAYS_MAX)
            {
                return Err(self.err(format!(
                    "band {}–{} has a value that is not a positive number of days up to {TABLE_DAYS_MAX}",
                    r.min, r.max
                )));
            }
            if let Some(p) = prev {
                if r.min != p.max + 1 {
                    return Err(self.err(format!(
                        "band {}–{} does not follow band {}–{}",
                        r.min, r.max, p.min, p.max
                    )));
                }
                if r.days.iter().zip(&p.days).any(|(a, b)| a < b) {
                    return Err(self.err(format!(
                        "band {}–{} has less time than the band before it",
                        r.min, r.max
                    )));
                }
            }
            prev = Some(r);
        }
        if self.beyond_last_band == BeyondLastBand::RepeatLastStep && self.rows.len() < 2 {
            return Err(self.err("following the progression needs at least two bands"));
        }
        Ok(())
    }

    /// Whether the table has this column.
    pub fn has_column(&self, column: Column) -> bool {
        self.columns.iter().any(|c| c.column == column)
    }

    /// The band holding `personnel` in column `column`: the band's value, or, with
    /// `interpolate`, the value read on the continuum between this band's start and the
    /// next band's start ("read the bands as a continuum", IAF MD 5 Annex A note as
    /// mirrored by GOST R 54318-2021). Interpolating from the band's start never gives
    /// less than the table value.
    pub fn lookup(
        &self,
        column: Column,
        personnel: u64,
        interpolate: bool,
    ) -> Result<Lookup, LookupError> {
        if personnel == 0 {
            return Err(LookupError::Invalid);
        }
        let ci = self
            .columns
            .iter()
            .position(|c| c.column == column)
            .ok_or(LookupError::NoColumn)?;
        let column_verified = self.columns.get(ci).is_some_and(|c| c.verified);
        let cell = |r: &TableRow| r.days.get(ci).copied().ok_or(LookupError::Invalid);

        let (band, next, row_verified, extrapolated) = if let Some(i) = self
            .rows
            .iter()
            .position(|r| r.min <= personnel && personnel <= r.max)
        {
            let row = self.rows.get(i).ok_or(LookupError::Invalid)?;
            let band = Band {
                min: row.min,
                max: row.max,
                days: cell(row)?,
            };
            let next = match self.rows.get(i + 1) {
                Some(n) => Some(Band {
                    min: n.min,
                    max: n.max,
                    days: cell(n)?,
                }),
                None => self.virtual_band(ci, 1),
            };
            (band, next, row.verified, false)
        } else {
            let last = self.rows.last().ok_or(LookupError::Invalid)?;
            if personnel <= last.max {
                return Err(LookupError::Invalid);
            }
            if self.beyond_last_band == BeyondLastBand::Refuse {
                return Err(LookupError::NotCovered { last_max: last.max });
            }
            let width = band_width(last).ok_or(LookupError::Invalid)?;
            let k = (personnel - last.max).div_ceil(width);
            let band = self.virtual_band(ci, k).ok_or(LookupError::Invalid)?;
            let next = k.checked_add(1).and_then(|k1| self.virtual_band(ci, k1));
            (band, next, false, true)
        };

        let mut days = band.days;
        let mut interpolated = false;
        if interpolate
            && let Some(n) = next
            && n.min > band.min
            && n.days > band.days
        {
            let span = (n.min - band.min) as f64;
            let pos = (personnel - band.min) as f64;
            days = band.days + (n.days - band.days) * pos / span;
            interpolated = personnel > band.min;
        }
        Ok(Lookup {
            band_min: band.min,
            band_max: band.max,
            band_days: band.days,
            days,
            interpolated,
            extrapolated,
            verified: row_verified && column_verified && !extrapolated,
        })
    }

    /// The `k`-th band beyond the last row (k ≥ 1) under
    /// [`BeyondLastBand::RepeatLastStep`].
    fn virtual_band(&self, ci: usize, k: u64) -> Option<Band> {
        if self.beyond_last_band != BeyondLastBand::RepeatLastStep || k == 0 {
            return None;
        }
        let n = self.rows.len();
        let last = self.rows.get(n.checked_sub(1)?)?;
        let prev = self.rows.get(n.checked_sub(2)?)?;
        let (last_days, prev_days) = (*last.days.get(ci)?, *prev.days.get(ci)?);
        let width = band_width(last)?;
        let min = last
            .max
            .checked_add(1)?
            .checked_add((k - 1).checked_mul(width)?)?;
        let max = min.saturating_add(width - 1);
        Some(Band {
            min,
            max,
            days: last_days + (last_days - prev_days) * k as f64,
        })
    }
}

/// Number of headcounts in a row's band (`None` for a malformed row).
fn band_width(r: &TableRow) -> Option<u64> {
    r.max.checked_sub(r.min)?.checked_add(1)
}

#[derive(Debug, Clone, Copy)]
struct Band {
    min: u64,
    max: u64,
    days: f64,
}

/// A validated set of tables, one per standard code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<AuditTimeTable>", into = "Vec<AuditTimeTable>")]
pub struct Tables {
    tables: Vec<AuditTimeTable>,
}

impl TryFrom<Vec<AuditTimeTable>> for Tables {
    type Error = TableError;
    fn try_from(v: Vec<AuditTimeTable>) -> Result<Self, TableError> {
        Self::new(v)
    }
}

impl From<Tables> for Vec<AuditTimeTable> {
    fn from(t: Tables) -> Self {
        t.tables
    }
}

/// Compares standard codes ignoring case and surrounding spaces.
pub fn same_code(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Tables {
    /// Validates every table and that no standard code belongs to two tables.
    pub fn new(tables: Vec<AuditTimeTable>) -> Result<Self, TableError> {
        for (i, t) in tables.iter().enumerate() {
            t.validate()?;
            for code in &t.standards {
                if let Some(o) = tables[..i]
                    .iter()
                    .find(|o| o.standards.iter().any(|c| same_code(c, code)))
                {
                    return Err(t.err(format!("standard {code} already belongs to table {}", o.id)));
                }
            }
        }
        Ok(Self { tables })
    }

    /// The tables.
    pub fn tables(&self) -> &[AuditTimeTable] {
        &self.tables
    }

    /// The table for a standard code (case and surrounding spaces ignored).
    pub fn for_standard(&self, code: &str) -> Option<&AuditTimeTable> {
        self.tables
            .iter()
            .find(|t| t.standards.iter().any(|c| same_code(c, code)))
    }

    /// The standard codes the tables cover.
    pub fn standard_codes(&self) -> Vec<&str> {
        self.tables
            .iter()
            .flat_map(|t| t.standards.iter().map(String::as_str))
            .collect()
    }

    /// The tables of the domain reference: IAF MD 5 QMS 1, EMS 1, OH&SMS 1, the
    /// ISO/IEC 27006-1 ISMS table and the known ISO/IEC 42006 row.
    pub fn builtin() -> Self {
        Self {
            tables: vec![qms_1(), ems_1(), ohsms_1(), isms(), aims()],
        }
    }
}

/// Standard code of ISO 9001 in the catalogue.
pub const ISO_9001: &str = "ISO 9001:2015";
/// Standard code of ISO 14001 in the catalogue.
pub const ISO_14001: &str = "ISO 14001:2015";
/// Standard code of ISO 45001 in the catalogue.
pub const ISO_45001: &str = "ISO 45001:2018";
/// Standard code of ISO/IEC 27001 in the catalogue.
pub const ISO_IEC_27001: &str = "ISO/IEC 27001:2022";
/// Standard code of ISO/IEC 42001 in the catalogue.
pub const ISO_IEC_42001: &str = "ISO/IEC 42001:2023";

/// IAF MD 5:2023 Annex A Table QMS 1: effective personnel → days for the initial audit
/// (stage 1 + stage 2). \[S\] domain reference §2.1 (seed data citing IAF MD 5:2023 Annex A
/// Table QMS 1, identical to GOST R 54318-2021; 1–5 and 46–65 confirmed by EA FAQs 38.2
/// and 37.23). "> 10700: follow the progression".
pub const QMS_1_ROWS: &[(u64, u64, f64)] = &[
    (1, 5, 1.5),
    (6, 10, 2.0),
    (11, 15, 2.5),
    (16, 25, 3.0),
    (26, 45, 4.0),
    (46, 65, 5.0),
    (66, 85, 6.0),
    (86, 125, 7.0),
    (126, 175, 8.0),
    (176, 275, 9.0),
    (276, 425, 10.0),
    (426, 625, 11.0),
    (626, 875, 12.0),
    (876, 1175, 13.0),
    (1176, 1550, 14.0),
    (1551, 2025, 15.0),
    (2026, 2675, 16.0),
    (2676, 3450, 17.0),
    (3451, 4350, 18.0),
    (4351, 5450, 19.0),
    (5451, 6800, 20.0),
    (6801, 8500, 21.0),
    (8501, 10700, 22.0),
];

/// IAF MD 5 Tables EMS 1 / OH&SMS 1: effective personnel → days (initial audit) by
/// complexity, columns High, Medium, Low, Limited. High/Medium/Low: \[S\] IAF MD 5:2019
/// p.29 OH&SMS table (domain reference §2.1). That the EMS table has the same H/M/L
/// values is \[M\], and the Limited column (EMS only) is \[M\] "from memory — verify".
pub const EMS_OHS_1_ROWS: &[(u64, u64, [f64; 4])] = &[
    (1, 5, [3.0, 2.5, 2.5, 2.5]),
    (6, 10, [3.5, 3.0, 3.0, 3.0]),
    (11, 15, [4.5, 3.5, 3.0, 3.0]),
    (16, 25, [5.5, 4.5, 3.5, 3.0]),
    (26, 45, [7.0, 5.5, 4.0, 3.0]),
    (46, 65, [8.0, 6.0, 4.5, 3.5]),
    (66, 85, [9.0, 7.0, 5.0, 3.5]),
    (86, 125, [11.0, 8.0, 5.5, 4.0]),
    (126, 175, [12.0, 9.0, 6.0, 4.5]),
    (176, 275, [13.0, 10.0, 7.0, 5.0]),
    (276, 425, [15.0, 11.0, 8.0, 5.5]),
    (426, 625, [16.0, 12.0, 9.0, 6.0]),
    (626, 875, [17.0, 13.0, 10.0, 6.5]),
    (876, 1175, [19.0, 15.0, 11.0, 7.0]),
    (1176, 1550, [20.0, 16.0, 12.0, 7.5]),
    (1551, 2025, [21.0, 17.0, 12.0, 8.0]),
    (2026, 2675, [23.0, 18.0, 13.0, 8.5]),
    (2676, 3450, [25.0, 19.0, 14.0, 9.0]),
    (3451, 4350, [27.0, 20.0, 15.0, 10.0]),
    (4351, 5450, [28.0, 21.0, 16.0, 11.0]),
    (5451, 6800, [30.0, 23.0, 17.0, 12.0]),
    (6801, 8500, [32.0, 25.0, 19.0, 13.0]),
    (8501, 10700, [34.0, 27.0, 20.0, 14.0]),
];

/// ISO/IEC 27006-1:2024 Annex C ISMS audit-time table (Annex B in 27006:2015): persons →
/// days for the initial audit (stage 1 + stage 2). \[S\] domain reference §3.1 (seed file
/// citing ISO/IEC 27006 Annex B via the Malaysian CAP 03-01). The first band is 1–10.
/// "> 10700: follow the progression".
pub const ISMS_ROWS: &[(u64, u64, f64)] = &[
    (1, 10, 5.0),
    (11, 15, 6.0),
    (16, 25, 7.0),
    (26, 45, 8.5),
    (46, 65, 10.0),
    (66, 85, 11.0),
    (86, 125, 12.0),
    (126, 175, 13.0),
    (176, 275, 14.0),
    (276, 425, 15.0),
    (426, 625, 16.5),
    (626, 875, 17.5),
    (876, 1175, 18.5),
    (1176, 1550, 19.5),
    (1551, 2025, 21.0),
    (2026, 2675, 22.0),
    (2676, 3450, 23.0),
    (3451, 4350, 24.0),
    (4351, 5450, 25.0),
    (5451, 6800, 26.0),
    (6801, 8500, 27.0),
    (8501, 10700, 28.0),
];

/// ISO/IEC 42006:2025 AIMS audit time by AI role, columns Producer, Developer, Provider,
/// User, Multiple. \[S\] domain reference §3.2 (Sensiba's summary of the 42006 table): for
/// 1–10 persons a producer needs 5.0 days, a developer, provider or user 3.5, multiple
/// roles 6.5. The other rows were not found in public sources: a tenant must add them
/// from the standard.
/// The published row of the ISO/IEC 42006 table: 1–10 persons, by AI role (producer,
/// developer, provider, user, multiple roles).
pub const AIMS_PUBLISHED_ROW: (u64, u64, [f64; 5]) = (1, 10, [5.0, 3.5, 3.5, 3.5, 6.5]);

/// How the ISO/IEC 42006 rows beyond the published one are derived (shown in breakdowns).
pub const AIMS_DERIVATION: &str = "ISO/IEC 42006 publishes only the 1–10 persons row; the \
    other rows are derived: the AI producer column follows the ISO/IEC 27006-1 ISMS bands (whose \
    1–10 row equals the producer's 5.0 days), AI developers, providers and users take 70 % of it \
    and multiple roles 130 % (3.5 and 6.5 days in the published row), rounded to the half day. \
    Replace the table with the licensed figures under Audit-time tables";

/// `days` × `percent` / 100, rounded to the half day (half up), in exact arithmetic: table
/// days are whole half days.
fn percent_of_half_days(days: f64, percent: u64) -> f64 {
    let halves = (days * 2.0).round() as u64;
    ((halves * percent + 50) / 100) as f64 / 2.0
}

/// The ISO/IEC 42006 table for every headcount band: the ISMS bands of ISO/IEC 27006-1 for
/// AI producers, 70 % for developers, providers and users, 130 % for multiple roles, rounded
/// to the half day ([`AIMS_DERIVATION`]). Only the rows equal to the published one are
/// marked verified.
pub fn aims_rows() -> Vec<TableRow> {
    ISMS_ROWS
        .iter()
        .map(|&(min, max, producer)| {
            let other = percent_of_half_days(producer, 70);
            let days = vec![
                producer,
                other,
                other,
                other,
                percent_of_half_days(producer, 130),
            ];
            let (pmin, pmax, published) = AIMS_PUBLISHED_ROW;
            let verified = (min, max) == (pmin, pmax) && days == published.to_vec();
            TableRow {
                min,
                max,
                days,
                verified,
            }
        })
        .collect()
}

fn single_rows(rows: &[(u64, u64, f64)], verified: bool) -> Vec<TableRow> {
    rows.iter()
        .map(|&(min, max, d)| TableRow {
            min,
            max,
            days: vec![d],
            verified,
        })
        .collect()
}

fn multi_rows<const N: usize>(
    rows: &[(u64, u64, [f64; N])],
    take: usize,
    verified: bool,
) -> Vec<TableRow> {
    rows.iter()
        .map(|&(min, max, d)| TableRow {
            min,
            max,
            days: d.iter().take(take).copied().collect(),
            verified,
        })
        .collect()
}

fn cols(columns: &[(Column, bool)]) -> Vec<ColumnSpec> {
    columns
        .iter()
        .map(|&(column, verified)| ColumnSpec { column, verified })
        .collect()
}

/// IAF MD 5:2023 Annex A Table QMS 1 (ISO 9001).
pub fn qms_1() -> AuditTimeTable {
    AuditTimeTable {
        id: "iaf_md5_qms_1".into(),
        name: "IAF MD 5 Table QMS 1 (quality)".into(),
        clause: "IAF MD 5 Annex A Table QMS 1".into(),
        source: "IAF MD 5:2023 Annex A Table QMS 1; EA FAQ 37.23, 38.2".into(),
        standards: vec![ISO_9001.into()],
        dimension: Dimension::Single,
        columns: cols(&[(Column::Days, true)]),
        rows: single_rows(QMS_1_ROWS, true),
        beyond_last_band: BeyondLastBand::RepeatLastStep,
        derivation: None,
    }
}

/// IAF MD 5 Table EMS 1 (ISO 14001): every row flagged unverified, since the domain
/// reference gives the EMS values as \[M\] (same as OH&SMS, Limited from memory).
pub fn ems_1() -> AuditTimeTable {
    AuditTimeTable {
        id: "iaf_md5_ems_1".into(),
        name: "IAF MD 5 Table EMS 1 (environment)".into(),
        clause: "IAF MD 5 Annex A Table EMS 1".into(),
        source:
            "IAF MD 5 Table EMS 1: High, Medium and Low as in Table OH&SMS 1; the Limited column is not confirmed against the published table, verify it"
                .into(),
        standards: vec![ISO_14001.into()],
        dimension: Dimension::Complexity,
        columns: cols(&[
            (Column::High, true),
            (Column::Medium, true),
            (Column::Low, true),
            (Column::Limited, false),
        ]),
        rows: multi_rows(EMS_OHS_1_ROWS, 4, false),
        beyond_last_band: BeyondLastBand::RepeatLastStep,
        derivation: None,
    }
}

/// IAF MD 5:2019 Table OH&SMS 1 (ISO 45001), High/Medium/Low.
pub fn ohsms_1() -> AuditTimeTable {
    AuditTimeTable {
        id: "iaf_md5_ohsms_1".into(),
        name: "IAF MD 5 Table OH&SMS 1 (occupational health and safety)".into(),
        clause: "IAF MD 5 Annex A Table OH&SMS 1".into(),
        source: "IAF MD 5:2019, OH&SMS table (page 29)".into(),
        standards: vec![ISO_45001.into()],
        dimension: Dimension::Complexity,
        columns: cols(&[
            (Column::High, true),
            (Column::Medium, true),
            (Column::Low, true),
        ]),
        rows: multi_rows(EMS_OHS_1_ROWS, 3, true),
        beyond_last_band: BeyondLastBand::RepeatLastStep,
        derivation: None,
    }
}

/// ISO/IEC 27006-1:2024 Annex C ISMS table (ISO/IEC 27001).
pub fn isms() -> AuditTimeTable {
    AuditTimeTable {
        id: "iso_iec_27006_1_isms".into(),
        name: "ISO/IEC 27006-1 ISMS audit time".into(),
        clause: "ISO/IEC 27006-1:2024 Annex C (ISMS audit time table)".into(),
        source: "ISO/IEC 27006-1 Annex B".into(),
        standards: vec![ISO_IEC_27001.into()],
        dimension: Dimension::Single,
        columns: cols(&[(Column::Days, true)]),
        rows: single_rows(ISMS_ROWS, true),
        beyond_last_band: BeyondLastBand::RepeatLastStep,
        derivation: None,
    }
}

/// ISO/IEC 42006:2025 AIMS table (ISO/IEC 42001) by AI role: the published 1–10 persons
/// row, and every other band derived ([`aims_rows`]), so a calculation works for any
/// headcount out of the box; a tenant replaces it with the licensed figures.
pub fn aims() -> AuditTimeTable {
    AuditTimeTable {
        id: "iso_iec_42006_aims".into(),
        name: "ISO/IEC 42006 AIMS audit time by AI role".into(),
        clause: "ISO/IEC 42006:2025 audit time table (AI role)".into(),
        source: "ISO/IEC 42006:2025 audit-time table, 1–10 persons row; the other rows \
                 derived from the ISO/IEC 27006-1 ISMS bands"
            .into(),
        standards: vec![ISO_IEC_42001.into()],
        dimension: Dimension::AiRole,
        columns: cols(&[
            (Column::Producer, true),
            (Column::Developer, true),
            (Column::Provider, true),
            (Column::User, true),
            (Column::Multiple, true),
        ]),
        rows: aims_rows(),
        beyond_last_band: BeyondLastBand::RepeatLastStep,
        derivation: Some(AIMS_DERIVATION.into()),
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
