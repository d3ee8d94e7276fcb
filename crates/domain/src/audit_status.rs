//! Where a scheduled audit stands, and the moves between its states (ISO/IEC 17021-1
//! 9.2.2, 9.2.3; domain reference §7.2).
//!
//! An audit is planned for a programme entry; a team is proposed (9.2.2) and the client is
//! told its members in time to object (domain reference §1.4), so a proposed team
//! may be proposed again; the proposed team is confirmed; a planned, proposed or confirmed
//! audit may be cancelled, which is final (the programme entry is planned again and a new
//! audit scheduled for it). A confirmed team is not changed by proposing: the audit is
//! cancelled and scheduled anew.
//!
//! Also the audit plan's use of remote techniques (9.2.3, IAF MD 4).

use crate::stored::stored_enum;

stored_enum! {
    /// Where a scheduled audit stands.
    pub enum AuditStatus ("audit status") {
        /// Scheduled for its dates; no team yet.
        Planned = "planned", "planned";
        /// A team is proposed; the client may object to a member (17021-1 9.2.2).
        TeamProposed = "team_proposed", "team proposed";
        /// The proposed team is confirmed.
        Confirmed = "confirmed", "confirmed";
        /// Cancelled, with a reason; final.
        Cancelled = "cancelled", "cancelled";
    }
}

impl AuditStatus {
    /// Whether the team and the client have been told of the audit (a proposed or
    /// confirmed team), so that a cancellation is mailed to them.
    pub fn told(self) -> bool {
        matches!(self, AuditStatus::TeamProposed | AuditStatus::Confirmed)
    }
}

/// What happens to a scheduled audit's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditEvent {
    /// A team is proposed (or proposed again).
    ProposeTeam,
    /// The proposed team is confirmed.
    ConfirmTeam,
    /// The audit is cancelled.
    Cancel,
}

impl AuditEvent {
    /// What the event does, in words.
    pub fn label(self) -> &'static str {
        match self {
            AuditEvent::ProposeTeam => "propose a team",
            AuditEvent::ConfirmTeam => "confirm the team",
            AuditEvent::Cancel => "be cancelled",
        }
    }
}

/// An event that the audit's current status does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an audit that is {} cannot {}", from.label(), event.label())]
pub struct RefusedTransition {
    /// The status the audit is in.
    pub from: AuditStatus,
    /// The refused event.
    pub event: AuditEvent,
}

impl AuditStatus {
    /// The status after `event` (17021-1 9.2.2 team selection and the client's chance to
    /// object, then confirmation; cancellation is final), or the refused transition.
    pub fn apply(self, event: AuditEvent) -> Result<AuditStatus, RefusedTransition> {
        use AuditEvent as E;
        use AuditStatus as S;
        match (self, event) {
            (S::Planned | S::TeamProposed, E::ProposeTeam) => Ok(S::TeamProposed),
            (S::TeamProposed, E::ConfirmTeam) => Ok(S::Confirmed),
            (S::Planned | S::TeamProposed | S::Confirmed, E::Cancel) => Ok(S::Cancelled),
            (from, event) => Err(RefusedTransition { from, event }),
        }
    }
}

stored_enum! {
    /// How far the audit uses remote techniques (17021-1 9.2.3; IAF MD 4).
    pub enum Remote ("remote use") {
        /// Everything on site.
        None = "none", "on site";
        /// Some activities remote.
        Partial = "partial", "partly remote";
        /// Fully remote.
        Full = "full", "fully remote";
    }
}

#[cfg(test)]
mod tests {
    use super::AuditEvent::*;
    use super::AuditStatus::*;
    use super::*;

    #[test]
    fn allowed_transitions_17021_1_9_2_2() {
        assert_eq!(Planned.apply(ProposeTeam), Ok(TeamProposed));
        assert_eq!(TeamProposed.apply(ProposeTeam), Ok(TeamProposed));
        assert_eq!(TeamProposed.apply(ConfirmTeam), Ok(Confirmed));
        for s in [Planned, TeamProposed, Confirmed] {
            assert_eq!(s.apply(Cancel), Ok(Cancelled));
        }
    }

    #[test]
    fn refused_transitions_name_the_state_and_event() {
        let e = Confirmed.apply(ProposeTeam).unwrap_err();
        assert_eq!(
            e,
            RefusedTransition {
                from: Confirmed,
                event: ProposeTeam
            }
        );
        assert_eq!(
            e.to_string(),
            "an audit that is confirmed cannot propose a team"
        );
        assert_eq!(
            Planned.apply(ConfirmTeam).unwrap_err().to_string(),
            "an audit that is planned cannot confirm the team"
        );
        assert!(Confirmed.apply(ConfirmTeam).is_err());
        for e in [ProposeTeam, ConfirmTeam, Cancel] {
            assert_eq!(
                Cancelled.apply(e),
                Err(RefusedTransition {
                    from: Cancelled,
                    event: e
                })
            );
        }
        assert_eq!(
            Cancelled.apply(Cancel).unwrap_err().to_string(),
            "an audit that is cancelled cannot be cancelled"
        );
    }

    #[test]
    fn only_proposed_or_confirmed_audits_were_told() {
        assert!(TeamProposed.told() && Confirmed.told());
        assert!(!Planned.told() && !Cancelled.told());
    }

    #[test]
    fn names_round_trip() {
        crate::stored::check_round_trip::<AuditStatus>();
        crate::stored::check_round_trip::<Remote>();
        assert_eq!(TeamProposed.as_str(), "team_proposed");
        assert_eq!(TeamProposed.label(), "team proposed");
        assert_eq!("confirmed".parse::<AuditStatus>(), Ok(Confirmed));
        assert_eq!(
            serde_json::to_value(TeamProposed).unwrap(),
            serde_json::json!("team_proposed")
        );
    }
}
