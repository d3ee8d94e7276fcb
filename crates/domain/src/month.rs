//! Calendar months for the month views: parsing `YYYY-MM`, the neighbouring months and
//! the Monday-first grid of weeks that covers a month.

use crate::DomainError;
use crate::ErrorCode;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    /// The month containing `day`.
    pub fn of(day: NaiveDate) -> Self {
        Self {
            first: day.with_day(1).unwrap_or(day),
        }
    }

    /// Parses exactly `YYYY-MM` (four-digit year, two-digit month 01–12).
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let bad = || {
            DomainError::invalid(
                "month",
                ErrorCode::InvalidMonth,
                "the month must be written as YYYY-MM, for example 2026-03",
            )
        };
        let b = s.as_bytes();
        if b.len() != 7
            || b[4] != b'-'
            || !b
                .iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: i32 = s[..4].parse().map_err(|_| bad())?;
        let month: u32 = s[5..].parse().map_err(|_| bad())?;
        let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
        if !crate::values::date_in_range(first) {
            return Err(DomainError::invalid(
                "month",
                ErrorCode::DateOutOfRange,
                format!(
                    "the month must be between {}-01 and {}-12",
                    crate::values::MIN_YEAR,
                    crate::values::MAX_YEAR
                ),
            ));
        }
        Ok(Self { first })
    }

    /// The first day.
    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    /// The last day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first - Duration::days(1)
    }

    /// The month before.
    pub fn previous(self) -> Self {
        Self::of(self.first - Duration::days(1))
    }

    /// The month after.
    pub fn next(self) -> Self {
        Self::of(self.first + Duration::days(31))
    }

    /// Whether `day` falls in this month.
    pub fn contains(self, day: NaiveDate) -> bool {
        day >= self.first && day <= self.last_day()
    }

    /// `YYYY-MM`.
    pub fn key(self) -> String {
        self.first.format("%Y-%m").to_string()
    }

    /// `March 2026`.
    pub fn label(self) -> String {
        self.first.format("%B %Y").to_string()
    }

    /// The weeks (Monday to Sunday) that cover the month; days of the neighbouring months
    /// fill the first and last week.
    pub fn weeks(self) -> Vec<[NaiveDate; 7]> {
        let mut monday =
            self.first - Duration::days(i64::from(self.first.weekday().days_since(Weekday::Mon)));
        let last = self.last_day();
        let mut out = Vec::new();
        while monday <= last {
            let mut week = [monday; 7];
            for (i, d) in week.iter_mut().enumerate() {
                *d = monday + Duration::days(i as i64);
            }
            out.push(week);
            monday += Duration::days(7);
        }
        out
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn months_outside_1900_to_2200_are_refused() {
        assert!(Month::parse("1900-01").is_ok());
        assert!(Month::parse("2200-12").is_ok());
        for far in ["1899-12", "2201-01", "9999-12", "0000-01"] {
            let Err(DomainError::Invalid { code, .. }) = Month::parse(far) else {
                panic!("{far} accepted");
            };
            assert_eq!(code, "date_out_of_range", "{far}");
        }
    }

    #[test]
    fn parses_only_year_dash_month() {
        let m = Month::parse("2026-03").unwrap();
        assert_eq!(m.first_day(), d("2026-03-01"));
        assert_eq!(m.last_day(), d("2026-03-31"));
        assert_eq!(m.key(), "2026-03");
        assert_eq!(m.label(), "March 2026");
        for bad in [
            "",
            "2026",
            "2026-3",
            "2026-13",
            "2026-00",
            "26-03",
            "2026/03",
            "2026-03-01",
            "+026-03",
            "2026-0a",
            "２０２６-03",
        ] {
            let code = Month::parse(bad).unwrap_err().code();
            assert_eq!(code, "invalid_month", "{bad}");
        }
    }

    #[test]
    fn neighbours_cross_years_and_leap_februaries() {
        let jan = Month::parse("2028-01").unwrap();
        assert_eq!(jan.previous().key(), "2027-12");
        assert_eq!(Month::parse("2027-12").unwrap().next(), jan);
        let feb = jan.next();
        assert_eq!(feb.last_day(), d("2028-02-29"));
        assert_eq!(feb.next().key(), "2028-03");
        assert_eq!(Month::parse("2027-02").unwrap().last_day(), d("2027-02-28"));
        assert!(feb.contains(d("2028-02-29")) && !feb.contains(d("2028-03-01")));
    }

    #[test]
    fn weeks_start_on_monday_and_cover_the_month() {
        // March 2026 starts on a Sunday and ends on a Tuesday: six rows.
        let w = Month::parse("2026-03").unwrap().weeks();
        assert_eq!(w.len(), 6);
        assert_eq!(w[0][0], d("2026-02-23"));
        assert_eq!(w[0][6], d("2026-03-01"));
        assert_eq!(w[5][1], d("2026-03-31"));
        assert!(w.iter().all(|wk| wk[0].weekday() == Weekday::Mon));
        // February 2027 starts on a Monday and has exactly four weeks.
        let w = Month::parse("2027-02").unwrap().weeks();
        assert_eq!(w.len(), 4);
        assert_eq!(w[0][0], d("2027-02-01"));
        assert_eq!(w[3][6], d("2027-02-28"));
    }
}

/// Audits of one month for the programme manager's chart: those already held (their last
/// day is before today) and those still planned. Cancelled audits are not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthLoad {
    pub month: Month,
    pub held: u32,
    pub planned: u32,
}

/// The audits per month (by the month they start in) from `back` months before today's
/// month to `ahead` months after it, every month listed even when empty.
/// `audits` are `(first day, last day, cancelled)`.
pub fn monthly_load(
    audits: &[(NaiveDate, NaiveDate, bool)],
    today: NaiveDate,
    back: u32,
    ahead: u32,
) -> Vec<MonthLoad> {
    let mut first = Month::of(today);
    for _ in 0..back {
        first = first.previous();
    }
    let mut out = Vec::new();
    let mut m = first;
    for _ in 0..=(back + ahead) {
        out.push(MonthLoad {
            month: m,
            held: 0,
            planned: 0,
        });
        m = m.next();
    }
    for &(starts, ends, cancelled) in audits {
        if cancelled {
            continue;
        }
        if let Some(slot) = out.iter_mut().find(|s| s.month.contains(starts)) {
            if ends < today {
                slot.held += 1;
            } else {
                slot.planned += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod load_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn audits_count_in_the_month_they_start_held_or_planned() {
        let today = d("2026-12-07");
        let audits = [
            (d("2026-11-30"), d("2026-12-02"), false), // held, counted in November
            (d("2026-12-01"), d("2026-12-03"), false), // held
            (d("2026-12-07"), d("2026-12-08"), false), // under way: still planned
            (d("2026-12-20"), d("2026-12-21"), true),  // cancelled
            (d("2027-02-01"), d("2027-02-02"), false), // planned
            (d("2026-01-01"), d("2026-01-02"), false), // before the window
        ];
        let load = monthly_load(&audits, today, 2, 3);
        let keys: Vec<String> = load.iter().map(|l| l.month.key()).collect();
        assert_eq!(
            keys,
            [
                "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"
            ]
        );
        let counts: Vec<(u32, u32)> = load.iter().map(|l| (l.held, l.planned)).collect();
        assert_eq!(counts, [(0, 0), (1, 0), (1, 1), (0, 0), (0, 1), (0, 0)]);
    }
}
