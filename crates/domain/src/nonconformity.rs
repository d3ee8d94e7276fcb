//! Nonconformities and the client's corrective-action loop (ISO/IEC 17021-1 3.12, 3.13,
//! 9.4.9, 9.4.10, 9.5; domain reference §1.7 and §7.2).
//!
//! A finding graded major or minor is raised from a checklist item. The client answers
//! with a correction, the root cause and a corrective-action plan (9.4.9); the certification
//! body accepts or rejects the plan, the client reports the implementation, and the
//! verification of effectiveness closes it — or reopens it when not effective (9.4.10).
//! A minor that is repeated or not addressed is escalated to major.
//!
//! For the certification decision (9.5) every major must be verified effective (closed)
//! and every minor must at least have an accepted plan. For an initial certification the
//! majors must be verified within 6 months of the last day of stage 2, or stage 2 is
//! repeated.

use crate::DomainError;
use crate::ErrorCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Default days the client has to answer a nonconformity (a tenant setting; many
/// certification bodies ask for 30 days, domain reference §1.7 \[P\]).
pub const DEFAULT_RESPONSE_DAYS: u32 = 30;
/// Months after the last day of stage 2 within which the majors of an initial audit must
/// be verified (domain reference §1.7 \[S\]).
pub const MAJOR_VERIFICATION_MONTHS: u32 = 6;

/// The grade (17021-1 3.12 major, 3.13 minor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Minor,
    Major,
}

impl Grade {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Minor => "minor",
            Grade::Major => "major",
        }
    }

    /// Parses a stable name.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s.trim() {
            "minor" => Ok(Grade::Minor),
            "major" => Ok(Grade::Major),
            _ => Err(DomainError::invalid(
                "grade",
                ErrorCode::InvalidGrade,
                "grade must be minor or major",
            )),
        }
    }
}

/// Where a nonconformity stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Raised; the client's response is due.
    Open,
    /// Correction, root cause and plan received; the certification body reviews them.
    ResponseSubmitted,
    /// The plan was not acceptable; the client answers again.
    PlanRejected,
    /// The plan is accepted (enough for a minor at the decision).
    PlanAccepted,
    /// The client reports the plan implemented, with evidence.
    Implemented,
    /// Verified effective: closed.
    Closed,
}

impl Status {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::ResponseSubmitted => "response_submitted",
            Status::PlanRejected => "plan_rejected",
            Status::PlanAccepted => "plan_accepted",
            Status::Implemented => "implemented",
            Status::Closed => "closed",
        }
    }

    /// Parses a stable name (stored values).
    pub fn parse(s: &str) -> Option<Self> {
        [
            Status::Open,
            Status::ResponseSubmitted,
            Status::PlanRejected,
            Status::PlanAccepted,
            Status::Implemented,
            Status::Closed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    /// Whether the client is expected to act (answer or answer again).
    pub fn awaits_client(self) -> bool {
        matches!(self, Status::Open | Status::PlanRejected)
    }
}

/// What happens to a nonconformity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The client (or staff on its behalf) submits correction, cause and plan.
    SubmitResponse,
    /// The certification body accepts the plan.
    AcceptPlan,
    /// The certification body rejects the plan, with a comment.
    RejectPlan,
    /// The client reports the plan implemented.
    SubmitImplementation,
    /// Verification found the corrective action effective: closed.
    VerifyEffective,
    /// Verification found it not effective: open again.
    VerifyIneffective,
    /// A minor becomes major (repeated or not addressed).
    Escalate,
}

impl Event {
    /// Stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::SubmitResponse => "submit_response",
            Event::AcceptPlan => "accept_plan",
            Event::RejectPlan => "reject_plan",
            Event::SubmitImplementation => "submit_implementation",
            Event::VerifyEffective => "verify_effective",
            Event::VerifyIneffective => "verify_ineffective",
            Event::Escalate => "escalate",
        }
    }
}

/// An event that the current state does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct IllegalTransition {
    /// Always `illegal_transition`.
    pub code: crate::ErrorCode,
    /// Which event from which state.
    pub message: String,
}

/// The state machine (domain reference §7.2): the new status and grade after `event`.
pub fn transition(
    status: Status,
    grade: Grade,
    event: Event,
) -> Result<(Status, Grade), IllegalTransition> {
    use Event as E;
    use Status as S;
    let next = match (status, event) {
        (S::Open | S::PlanRejected, E::SubmitResponse) => Some((S::ResponseSubmitted, grade)),
        (S::ResponseSubmitted, E::AcceptPlan) => Some((S::PlanAccepted, grade)),
        (S::ResponseSubmitted, E::RejectPlan) => Some((S::PlanRejected, grade)),
        (S::PlanAccepted, E::SubmitImplementation) => Some((S::Implemented, grade)),
        (S::Implemented, E::VerifyEffective) => Some((S::Closed, grade)),
        (S::Implemented, E::VerifyIneffective) => Some((S::Open, grade)),
        // An escalated minor needs the full major loop: a plan accepted for a minor is
        // not enough any more, so it goes back to the client.
        (s, E::Escalate) if grade == Grade::Minor && s != S::Closed => {
            let back = if matches!(s, S::PlanAccepted | S::Implemented) {
                S::Open
            } else {
                s
            };
            Some((back, Grade::Major))
        }
        _ => None,
    };
    next.ok_or_else(|| IllegalTransition {
        code: ErrorCode::IllegalTransition,
        message: format!(
            "a {} nonconformity that is {} cannot {}",
            grade.as_str(),
            status.as_str().replace('_', " "),
            event.as_str().replace('_', " ")
        ),
    })
}

/// Whether the nonconformity stops the certification decision (17021-1 9.5): a major until
/// verified effective, a minor until its plan is accepted.
pub fn blocks_decision(grade: Grade, status: Status) -> bool {
    match grade {
        Grade::Major => status != Status::Closed,
        Grade::Minor => !matches!(
            status,
            Status::PlanAccepted | Status::Implemented | Status::Closed
        ),
    }
}

/// The day the response is due.
pub fn response_due(raised_on: NaiveDate, days: u32) -> NaiveDate {
    raised_on
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(raised_on)
}

/// The day the response to a nonconformity raised on `raised_on` is due: `days` later (the
/// time the certification body defines, ISO/IEC 17021-1 9.4.9), but never before the
/// audit's last day, `audit_ends_on`: the client answers the findings of a finished audit.
pub fn response_due_after_audit(
    raised_on: NaiveDate,
    days: u32,
    audit_ends_on: Option<NaiveDate>,
) -> NaiveDate {
    let due = response_due(raised_on, days);
    audit_ends_on.map_or(due, |end| due.max(end))
}

/// The last day to verify the majors of an initial audit: 6 months after the last day of
/// stage 2 (month-end clamped).
pub fn major_verification_limit(last_stage2_day: NaiveDate) -> Option<NaiveDate> {
    last_stage2_day.checked_add_months(chrono::Months::new(MAJOR_VERIFICATION_MONTHS))
}

/// Reminder tiers before a response is due, in days (domain reference §7.4).
pub const REMINDER_DAYS: [i64; 2] = [1, 7];

/// The reminder tier for a due date: `Some(7)` within 7 days, `Some(1)` within 1 day,
/// `None` beyond 7 days or once overdue.
pub fn reminder_tier(days_left: i64) -> Option<i64> {
    if days_left < 0 {
        return None;
    }
    REMINDER_DAYS.into_iter().find(|t| days_left <= *t)
}

/// Every status, in the order of the corrective-action loop.
pub const STATUSES: [Status; 6] = [
    Status::Open,
    Status::ResponseSubmitted,
    Status::PlanRejected,
    Status::PlanAccepted,
    Status::Implemented,
    Status::Closed,
];

/// How long closed nonconformities took from being raised to being closed: the bands of
/// the dashboard's chart, in days (the last band has no end).
pub const CLOSE_BANDS: [(i64, Option<i64>); 4] =
    [(0, Some(30)), (31, Some(60)), (61, Some(90)), (91, None)];

/// What the summary counts of one nonconformity: grade, status, when raised, when closed.
pub type Counted = (
    Grade,
    Status,
    chrono::DateTime<chrono::Utc>,
    Option<chrono::DateTime<chrono::Utc>>,
);

/// The dashboard's view of a body's nonconformities: how many stand in each status, by
/// grade, and in how many days those closed in the period were closed, by grade.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// `[major, minor]` per status, in [`STATUSES`] order.
    pub by_status: Vec<(Status, [u32; 2])>,
    /// `[major, minor]` per band of [`CLOSE_BANDS`].
    pub to_close: Vec<[u32; 2]>,
    /// The median number of days to close, when any was closed.
    pub median_days: Option<i64>,
}

impl Summary {
    /// Counts `ncs` (grade, status, raised, closed): every one by status, the closed ones
    /// by the days they took (whole days between raising and closing).
    pub fn of(ncs: &[Counted]) -> Summary {
        let col = |g: Grade| usize::from(g == Grade::Minor);
        let mut by_status: Vec<(Status, [u32; 2])> =
            STATUSES.iter().map(|s| (*s, [0, 0])).collect();
        let mut to_close = vec![[0u32; 2]; CLOSE_BANDS.len()];
        let mut days = Vec::new();
        for (grade, status, raised, closed) in ncs {
            if let Some(row) = by_status.iter_mut().find(|(s, _)| s == status) {
                row.1[col(*grade)] += 1;
            }
            if let (Status::Closed, Some(closed)) = (status, closed) {
                let d = (*closed - *raised).num_days().max(0);
                days.push(d);
                if let Some(band) = CLOSE_BANDS
                    .iter()
                    .position(|(from, to)| d >= *from && to.is_none_or(|to| d <= to))
                {
                    to_close[band][col(*grade)] += 1;
                }
            }
        }
        days.sort_unstable();
        let median_days = (!days.is_empty()).then(|| days[days.len() / 2]);
        Summary {
            by_status,
            to_close,
            median_days,
        }
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.by_status.iter().all(|(_, n)| n == &[0, 0])
    }
}

/// A band of [`CLOSE_BANDS`] in words ("31–60 days", "over 90 days").
pub fn band_label(band: (i64, Option<i64>)) -> String {
    match band {
        (0, Some(to)) => format!("up to {to} days"),
        (from, Some(to)) => format!("{from}–{to} days"),
        (from, None) => format!("over {} days", from - 1),
    }
}

crate::stored::stored_labels! {
    Grade ("nonconformity grade") {
        Minor => "minor",
        Major => "major",
    }
}

crate::stored::stored_labels! {
    Status ("nonconformity status") {
        Open => "open",
        ResponseSubmitted => "response submitted",
        PlanRejected => "plan rejected",
        PlanAccepted => "plan accepted",
        Implemented => "implemented",
        Closed => "closed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Event as E;
    use Status as S;

    #[test]
    fn the_summary_counts_by_status_and_grade_and_bands_the_days_to_close() {
        let at = |d: i64| {
            chrono::DateTime::<chrono::Utc>::from_timestamp(1_780_000_000, 0).unwrap()
                + chrono::Duration::days(d)
        };
        let s = Summary::of(&[
            (Grade::Major, S::Open, at(0), None),
            (Grade::Minor, S::Open, at(0), None),
            (Grade::Minor, S::Open, at(1), None),
            (Grade::Minor, S::PlanAccepted, at(0), None),
            (Grade::Major, S::Closed, at(0), Some(at(30))),
            (Grade::Minor, S::Closed, at(0), Some(at(31))),
            (Grade::Minor, S::Closed, at(0), Some(at(120))),
        ]);
        assert_eq!(s.by_status[0], (S::Open, [1, 2]));
        assert_eq!(s.by_status[3], (S::PlanAccepted, [0, 1]));
        assert_eq!(s.by_status[5], (S::Closed, [1, 2]));
        // 30 days is in the first band, 31 in the second, 120 in the last.
        assert_eq!(s.to_close, vec![[1, 0], [0, 1], [0, 0], [0, 1]]);
        assert_eq!(s.median_days, Some(31));
        assert!(!s.is_empty());
        assert!(Summary::of(&[]).is_empty());
        assert_eq!(Summary::of(&[]).median_days, None);
        let labels: Vec<String> = CLOSE_BANDS.into_iter().map(band_label).collect();
        assert_eq!(
            labels,
            ["up to 30 days", "31–60 days", "61–90 days", "over 90 days"]
        );
    }

    const ALL_STATUS: [Status; 6] = [
        S::Open,
        S::ResponseSubmitted,
        S::PlanRejected,
        S::PlanAccepted,
        S::Implemented,
        S::Closed,
    ];
    const ALL_EVENTS: [Event; 7] = [
        E::SubmitResponse,
        E::AcceptPlan,
        E::RejectPlan,
        E::SubmitImplementation,
        E::VerifyEffective,
        E::VerifyIneffective,
        E::Escalate,
    ];

    #[test]
    fn the_happy_path_closes_a_minor_and_a_major() {
        for g in [Grade::Minor, Grade::Major] {
            let mut s = S::Open;
            for e in [
                E::SubmitResponse,
                E::AcceptPlan,
                E::SubmitImplementation,
                E::VerifyEffective,
            ] {
                s = transition(s, g, e).unwrap().0;
            }
            assert_eq!(s, S::Closed);
        }
    }

    #[test]
    fn a_rejected_plan_goes_back_to_the_client_and_ineffective_action_reopens() {
        let (s, _) = transition(S::ResponseSubmitted, Grade::Minor, E::RejectPlan).unwrap();
        assert_eq!(s, S::PlanRejected);
        assert!(s.awaits_client());
        assert_eq!(
            transition(s, Grade::Minor, E::SubmitResponse).unwrap().0,
            S::ResponseSubmitted
        );
        assert_eq!(
            transition(S::Implemented, Grade::Major, E::VerifyIneffective)
                .unwrap()
                .0,
            S::Open
        );
    }

    #[test]
    fn closed_is_final_and_every_other_pair_is_refused_with_a_code() {
        let mut legal = 0;
        for s in ALL_STATUS {
            for e in ALL_EVENTS {
                for g in [Grade::Minor, Grade::Major] {
                    match transition(s, g, e) {
                        Ok(_) => {
                            legal += 1;
                            assert_ne!(s, S::Closed, "{e:?} from closed");
                        }
                        Err(err) => assert_eq!(err.code, "illegal_transition"),
                    }
                }
            }
        }
        // 7 ordinary transitions × 2 grades, plus escalation of a minor from 5 states.
        assert_eq!(legal, 7 * 2 + 5);
    }

    #[test]
    fn escalation_makes_a_minor_major_and_sends_an_accepted_plan_back() {
        assert_eq!(
            transition(S::PlanAccepted, Grade::Minor, E::Escalate).unwrap(),
            (S::Open, Grade::Major)
        );
        assert_eq!(
            transition(S::ResponseSubmitted, Grade::Minor, E::Escalate).unwrap(),
            (S::ResponseSubmitted, Grade::Major)
        );
        assert!(transition(S::Open, Grade::Major, E::Escalate).is_err());
        assert!(transition(S::Closed, Grade::Minor, E::Escalate).is_err());
    }

    #[test]
    fn the_decision_needs_majors_closed_and_minor_plans_accepted() {
        assert!(blocks_decision(Grade::Major, S::PlanAccepted));
        assert!(blocks_decision(Grade::Major, S::Implemented));
        assert!(!blocks_decision(Grade::Major, S::Closed));
        assert!(blocks_decision(Grade::Minor, S::ResponseSubmitted));
        assert!(!blocks_decision(Grade::Minor, S::PlanAccepted));
    }

    #[test]
    fn an_answer_is_never_due_before_the_audits_last_day() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Raised on the first of a five-day audit with a two-day response time.
        assert_eq!(
            response_due_after_audit(d("2026-03-01"), 2, Some(d("2026-03-05"))),
            d("2026-03-05")
        );
        assert_eq!(
            response_due_after_audit(d("2026-03-01"), 30, Some(d("2026-03-05"))),
            d("2026-03-31")
        );
        assert_eq!(
            response_due_after_audit(d("2026-03-01"), 2, None),
            d("2026-03-03")
        );
    }

    #[test]
    fn deadlines_and_reminder_tiers() {
        let d = NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
        assert_eq!(
            response_due(d, 30),
            NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()
        );
        // 31 August + 6 months clamps to the end of February.
        assert_eq!(
            major_verification_limit(d),
            NaiveDate::from_ymd_opt(2027, 2, 28)
        );
        assert_eq!(reminder_tier(8), None);
        assert_eq!(reminder_tier(7), Some(7));
        assert_eq!(reminder_tier(2), Some(7));
        assert_eq!(reminder_tier(1), Some(1));
        assert_eq!(reminder_tier(0), Some(1));
        assert_eq!(reminder_tier(-1), None);
    }
}
