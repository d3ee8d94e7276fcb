//! Rules on the dates of a scheduled audit: no dates in the past by mistake, and the two
//! stages of an initial certification audit in their order (ISO/IEC 17021-1 9.3.1).

use crate::programme::EntryKind;
use crate::{DomainError, ErrorCode, Problems};
use chrono::NaiveDate;

/// Another audit of the same programme that is not cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheduled {
    /// Its programme entry's kind.
    pub kind: EntryKind,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day (inclusive).
    pub ends_on: NaiveDate,
}

/// An audit is scheduled from today on. A first day in the past is accepted only when the
/// request says it records an audit already held (`held_confirmed`), so that a slip of the
/// keyboard is not taken for history.
pub fn not_in_past(
    starts_on: NaiveDate,
    today: NaiveDate,
    held_confirmed: bool,
) -> Result<(), DomainError> {
    if starts_on < today && !held_confirmed {
        return Err(DomainError::invalid(
            "starts_on",
            ErrorCode::DateInPast,
            format!(
                "the first day ({}) is in the past; to record an audit already held, say so explicitly",
                starts_on.format("%-d %B %Y")
            ),
        ));
    }
    Ok(())
}

/// ISO/IEC 17021-1 9.3.1: the stage 2 audit follows the stage 1 audit, whose conclusions
/// decide whether the client is ready for it (9.3.1.2). So a stage 2 audit starts after a
/// (not cancelled) stage 1 audit of its programme has ended, and a stage 1 audit ends
/// before a scheduled stage 2 starts. Other kinds of audit have no order here.
///
/// `others` are the programme's other audits that are not cancelled.
pub fn stage_order(
    kind: EntryKind,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    others: &[Scheduled],
) -> Result<(), DomainError> {
    let mut v = Problems::default();
    let long = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    match kind {
        EntryKind::Stage2 => {
            match others.iter().filter(|o| o.kind == EntryKind::Stage1).map(|o| o.ends_on).max() {
                None => v.add(
                    "starts_on",
                    ErrorCode::StageOrder,
                    "schedule the stage 1 audit first: stage 2 follows it (ISO/IEC 17021-1, 9.3.1)",
                ),
                Some(last) if last >= starts_on => v.add(
                    "starts_on",
                    ErrorCode::StageOrder,
                    format!(
                        "stage 2 must start after the stage 1 audit, which ends on {} (ISO/IEC 17021-1, 9.3.1)",
                        long(last)
                    ),
                ),
                Some(_) => {}
            }
        }
        EntryKind::Stage1 => {
            if let Some(first) = others
                .iter()
                .filter(|o| o.kind == EntryKind::Stage2)
                .map(|o| o.starts_on)
                .min()
                && ends_on >= first
            {
                v.add(
                    "ends_on",
                    ErrorCode::StageOrder,
                    format!(
                        "stage 1 must end before the stage 2 audit starts on {}; move stage 2 first (ISO/IEC 17021-1, 9.3.1)",
                        long(first)
                    ),
                );
            }
        }
        _ => {}
    }
    v.finish()
}

/// A stage 1 audit is not cancelled while a stage 2 audit of its programme is scheduled:
/// stage 2 cannot take place without it (ISO/IEC 17021-1 9.3.1).
pub fn may_cancel(kind: EntryKind, others: &[Scheduled]) -> Result<(), DomainError> {
    if kind == EntryKind::Stage1 && others.iter().any(|o| o.kind == EntryKind::Stage2) {
        return Err(DomainError::invalid(
            "reason",
            ErrorCode::StageOrder,
            "a stage 2 audit is scheduled after this stage 1 audit: cancel or move it first (ISO/IEC 17021-1, 9.3.1)",
        ));
    }
    Ok(())
}

/// How long after stage 1 a stage 2 may start before the stage 1 conclusions should be
/// judged again: there is no fixed maximum, six months is the common rule of thumb.
pub const STAGE_GAP_MONTHS: u32 = 6;

/// A warning when stage 2 starts more than [`STAGE_GAP_MONTHS`] after stage 1 ended: the
/// certification body must then judge whether the stage 1 conclusions still hold, record
/// why, and tell the client.
pub fn stage_gap_warning(stage1_ends_on: NaiveDate, stage2_starts_on: NaiveDate) -> Option<String> {
    let limit = stage1_ends_on.checked_add_months(chrono::Months::new(STAGE_GAP_MONTHS))?;
    (stage2_starts_on > limit).then(|| {
        format!(
            "Stage 2 starts more than {STAGE_GAP_MONTHS} months after stage 1 ended ({}): judge whether the stage 1 conclusions still hold, record why, and tell the client.",
            stage1_ends_on.format("%-d %B %Y")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn held(kind: EntryKind, from: &str, to: &str) -> Scheduled {
        Scheduled {
            kind,
            starts_on: d(from),
            ends_on: d(to),
        }
    }

    #[test]
    fn a_past_first_day_needs_saying_the_audit_was_held() {
        let today = d("2026-12-07");
        assert!(not_in_past(d("2026-12-07"), today, false).is_ok());
        assert!(not_in_past(d("2027-01-04"), today, false).is_ok());
        let e = not_in_past(d("2026-12-06"), today, false).unwrap_err();
        assert_eq!(e.code(), ErrorCode::DateInPast);
        assert!(e.to_string().contains("6 December 2026"), "{e}");
        assert!(not_in_past(d("2026-12-06"), today, true).is_ok());
    }

    #[test]
    fn stage_2_follows_a_stage_1_that_has_ended() {
        let s1 = held(EntryKind::Stage1, "2027-01-04", "2027-01-05");
        let e = stage_order(EntryKind::Stage2, d("2027-02-01"), d("2027-02-03"), &[]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::StageOrder);
        assert!(
            e.to_string().contains("schedule the stage 1 audit first"),
            "{e}"
        );
        // On stage 1's last day: refused; the day after: accepted.
        let e =
            stage_order(EntryKind::Stage2, d("2027-01-05"), d("2027-01-07"), &[s1]).unwrap_err();
        assert!(e.to_string().contains("ends on 5 January 2027"), "{e}");
        assert!(stage_order(EntryKind::Stage2, d("2027-01-06"), d("2027-01-07"), &[s1]).is_ok());
        // A surveillance audit has no stage to follow.
        assert!(
            stage_order(
                EntryKind::Surveillance1,
                d("2027-01-01"),
                d("2027-01-01"),
                &[]
            )
            .is_ok()
        );
    }

    #[test]
    fn stage_1_ends_before_a_scheduled_stage_2_and_is_not_cancelled_under_it() {
        let s2 = held(EntryKind::Stage2, "2027-02-01", "2027-02-03");
        assert!(stage_order(EntryKind::Stage1, d("2027-01-04"), d("2027-01-29"), &[s2]).is_ok());
        let e =
            stage_order(EntryKind::Stage1, d("2027-01-30"), d("2027-02-01"), &[s2]).unwrap_err();
        assert!(e.to_string().contains("starts on 1 February 2027"), "{e}");
        assert_eq!(e.into_problems()[0].field, "ends_on");
        assert!(stage_order(EntryKind::Stage1, d("2027-03-01"), d("2027-03-02"), &[]).is_ok());
        assert_eq!(
            may_cancel(EntryKind::Stage1, &[s2]).unwrap_err().code(),
            ErrorCode::StageOrder
        );
        assert!(may_cancel(EntryKind::Stage1, &[]).is_ok());
        assert!(may_cancel(EntryKind::Stage2, &[s2]).is_ok());
    }

    #[test]
    fn a_long_gap_between_the_stages_is_flagged() {
        assert_eq!(stage_gap_warning(d("2027-01-05"), d("2027-07-05")), None);
        let w = stage_gap_warning(d("2027-01-05"), d("2027-07-06")).unwrap();
        assert!(w.contains("5 January 2027"), "{w}");
    }
}
