//! Audit-team checks (ISO/IEC 17021-1 5.2, 7.1, 9.2.2; domain reference §1.4 and §7.3
//! rules 7–8): the proposed team must jointly cover the standards and technical areas,
//! its lead must be qualified as lead for every standard, nobody may have a barring
//! conflict of interest with the client, be unavailable or booked elsewhere, and leading
//! the same client too often raises a rotation warning.
//!
//! The checks are pure: the service gathers qualifications, declarations, absences and
//! bookings and shows every finding with its reason; blocking findings stop confirmation
//! unless an authorised override with a justification is recorded.

use crate::personnel::{ConflictKind, Function, conflict_bars};
use chrono::NaiveDate;
use serde::Serialize;

/// Default number of consecutive audits one lead may lead for the same client before a
/// rotation warning (\[P\]: certification-body practice, a tenant setting).
pub const DEFAULT_ROTATION_LIMIT: u32 = 3;

crate::stored::stored_enum! {
    /// The part a member plays in the team (17021-1 9.2.2; technical experts and observers
    /// do not audit).
    pub enum TeamRole ("team role") {
        /// Leads the audit team.
        Lead = "lead", "lead";
        /// Audits.
        Auditor = "auditor", "auditor";
        /// Brings technical knowledge; does not audit.
        TechnicalExpert = "technical_expert", "technical expert";
        /// Observes; does not audit.
        Observer = "observer", "observer";
    }
}

crate::stored::stored_enum! {
    /// Where a client's objection to a proposed team member stands (17021-1 9.2.2; domain
    /// reference §1.4).
    pub enum ObjectionStatus ("objection status") {
        /// Raised, not yet decided.
        Open = "open", "open";
        /// Upheld: the member should be replaced.
        Upheld = "upheld", "upheld";
        /// Dismissed, with the reason.
        Dismissed = "dismissed", "dismissed";
    }
}

/// A qualification as the checks need it.
#[derive(Debug, Clone)]
pub struct Qualification {
    pub standard: String,
    pub technical_area: String,
    pub function: Function,
    pub valid_from: NaiveDate,
    pub valid_until: Option<NaiveDate>,
}

impl Qualification {
    /// Valid on every day from `from` to `to`, both inclusive.
    fn valid_for(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.valid_from <= from && self.valid_until.is_none_or(|u| u >= to)
    }
    /// The technical area `all` covers every area; names compare without ASCII case.
    fn covers_area(&self, area: &str) -> bool {
        self.technical_area.eq_ignore_ascii_case(area)
            || self.technical_area.eq_ignore_ascii_case("all")
    }
}

/// The one matching rule for qualifications (ISO/IEC 17021-1 7.1, Annex A): whether `q`
/// qualifies its holder for `standard`, in the technical area `area` when one is given
/// (a qualification for the area `all` covers every area), as one of `functions` (`None`:
/// any function), on every day of `period` (`valid_from` and `valid_until` inclusive).
pub fn qualifies(
    q: &Qualification,
    standard: &str,
    area: Option<&str>,
    functions: Option<&[Function]>,
    period: (NaiveDate, NaiveDate),
) -> bool {
    q.standard == standard
        && functions.is_none_or(|f| f.contains(&q.function))
        && area.is_none_or(|a| q.covers_area(a))
        && q.valid_for(period.0, period.1)
}

/// A standard, or a standard in a technical area, a person is not qualified for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// No qualification for the standard at all (in that function, on those dates).
    Standard(String),
    /// Qualified for the standard, but not in this technical area.
    Area { standard: String, area: String },
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::Standard(s) => f.write_str(s),
            Missing::Area { standard, area } => {
                write!(f, "{standard} in technical area {area}")
            }
        }
    }
}

/// What a person holding `quals` lacks to act as `function` for every standard of
/// `standards` in every technical area of `areas` on every day of `period`: the missing
/// standards and standard × area pairs, in the order given (empty when qualified). A
/// standard the person holds no qualification for is reported once, without its areas.
pub fn missing_qualifications(
    quals: &[Qualification],
    function: Function,
    standards: &[String],
    areas: &[String],
    period: (NaiveDate, NaiveDate),
) -> Vec<Missing> {
    let functions = Some(std::slice::from_ref(&function));
    let mut missing = Vec::new();
    for s in standards {
        if !quals
            .iter()
            .any(|q| qualifies(q, s, None, functions, period))
        {
            missing.push(Missing::Standard(s.clone()));
            continue;
        }
        for a in areas {
            if !quals
                .iter()
                .any(|q| qualifies(q, s, Some(a), functions, period))
            {
                missing.push(Missing::Area {
                    standard: s.clone(),
                    area: a.clone(),
                });
            }
        }
    }
    missing
}

/// A conflict-of-interest declaration.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub client: uuid::Uuid,
    pub kind: ConflictKind,
    pub ended_on: Option<NaiveDate>,
}

/// Another audit the person is assigned to.
#[derive(Debug, Clone)]
pub struct Booking {
    pub label: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// A proposed team member with what is known about them.
#[derive(Debug, Clone)]
pub struct Member {
    pub auditor: uuid::Uuid,
    pub name: String,
    pub role: TeamRole,
    pub days: f64,
    pub qualifications: Vec<Qualification>,
    pub declarations: Vec<Declaration>,
    /// Unavailability periods (inclusive).
    pub absences: Vec<(NaiveDate, NaiveDate)>,
    pub bookings: Vec<Booking>,
    /// How many of this client's most recent audits in a row this person led.
    pub consecutive_leads_for_client: u32,
}

/// The audit the team is proposed for.
#[derive(Debug, Clone)]
pub struct AuditFacts {
    pub client: uuid::Uuid,
    pub standards: Vec<String>,
    pub technical_areas: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Stops confirmation unless overridden with a justification.
    Blocking,
    /// Shown; does not stop confirmation.
    Warning,
}

/// What a finding of the team checks is about. Its stable name (`as_str`, also its serde
/// name) is the `code` the API, the pages and the audit trail show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    /// The team has no lead auditor.
    LeadMissing,
    /// The team has more than one lead.
    SeveralLeads,
    /// The lead is not qualified as lead auditor for a standard on the audit dates.
    LeadNotQualified,
    /// The lead has led this client's last audits up to the rotation limit (a warning).
    Rotation,
    /// No auditing member is qualified for a standard.
    StandardNotCovered,
    /// Nobody in the team covers a technical area.
    TechnicalAreaNotCovered,
    /// A member's days are not a positive multiple of half a day.
    DaysInvalid,
    /// A member has a barring conflict of interest with the client.
    ConflictOfInterest,
    /// A member is unavailable during the audit.
    Unavailable,
    /// A member is booked on another audit at the same time.
    DoubleBooked,
    /// The client objected to a member, and the objection is open or upheld.
    ClientObjection,
    /// The audit's stored dates cannot be used (set new dates).
    DatesUnusable,
}

impl FindingCode {
    /// Every code.
    pub const ALL: &'static [FindingCode] = &[
        FindingCode::LeadMissing,
        FindingCode::SeveralLeads,
        FindingCode::LeadNotQualified,
        FindingCode::Rotation,
        FindingCode::StandardNotCovered,
        FindingCode::TechnicalAreaNotCovered,
        FindingCode::DaysInvalid,
        FindingCode::ConflictOfInterest,
        FindingCode::Unavailable,
        FindingCode::DoubleBooked,
        FindingCode::ClientObjection,
        FindingCode::DatesUnusable,
    ];

    /// The stable name (the `code` shown).
    pub const fn as_str(self) -> &'static str {
        match self {
            FindingCode::LeadMissing => "lead_missing",
            FindingCode::SeveralLeads => "several_leads",
            FindingCode::LeadNotQualified => "lead_not_qualified",
            FindingCode::Rotation => "rotation",
            FindingCode::StandardNotCovered => "standard_not_covered",
            FindingCode::TechnicalAreaNotCovered => "technical_area_not_covered",
            FindingCode::DaysInvalid => "days_invalid",
            FindingCode::ConflictOfInterest => "conflict_of_interest",
            FindingCode::Unavailable => "unavailable",
            FindingCode::DoubleBooked => "double_booked",
            FindingCode::ClientObjection => "client_objection",
            FindingCode::DatesUnusable => "dates_unusable",
        }
    }
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One result of the checks, with its reason and rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub member: Option<uuid::Uuid>,
    pub message: String,
    pub clause: &'static str,
}

fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

fn blocking(
    code: FindingCode,
    member: Option<&Member>,
    clause: &'static str,
    message: String,
) -> Finding {
    Finding {
        code,
        severity: Severity::Blocking,
        member: member.map(|m| m.auditor),
        message,
        clause,
    }
}

/// Runs every check; an empty result means the team may be confirmed.
pub fn check(audit: &AuditFacts, team: &[Member], rotation_limit: u32) -> Vec<Finding> {
    let mut out = Vec::new();
    let period = (audit.starts_on, audit.ends_on);
    let leads: Vec<&Member> = team.iter().filter(|m| m.role == TeamRole::Lead).collect();
    match leads.len() {
        0 => out.push(blocking(
            FindingCode::LeadMissing,
            None,
            "ISO/IEC 17021-1 9.2.2",
            "the team has no lead auditor".into(),
        )),
        1 => {}
        n => out.push(blocking(
            FindingCode::SeveralLeads,
            None,
            "ISO/IEC 17021-1 9.2.2",
            format!("the team has {n} leads; choose one"),
        )),
    }
    for lead in &leads {
        for missing in missing_qualifications(
            &lead.qualifications,
            Function::LeadAuditor,
            &audit.standards,
            &[],
            period,
        ) {
            if let Missing::Standard(s) = missing {
                out.push(blocking(
                    FindingCode::LeadNotQualified,
                    Some(lead),
                    "ISO/IEC 17021-1 7.1, Annex A",
                    format!(
                        "{} is not qualified as lead auditor for {s} on the audit dates",
                        lead.name
                    ),
                ));
            }
        }
        if lead.consecutive_leads_for_client >= rotation_limit {
            out.push(Finding {
                code: FindingCode::Rotation,
                severity: Severity::Warning,
                member: Some(lead.auditor),
                message: format!(
                    "{} has led this client's last {} audits (limit {rotation_limit}); consider rotating the lead",
                    lead.name, lead.consecutive_leads_for_client
                ),
                clause: "ISO/IEC 17021-1 5.2 (threats to impartiality: familiarity)",
            });
        }
    }
    let auditing = |m: &&Member| matches!(m.role, TeamRole::Lead | TeamRole::Auditor);
    for s in &audit.standards {
        let covered = team.iter().filter(auditing).any(|m| {
            m.qualifications.iter().any(|q| {
                qualifies(
                    q,
                    s,
                    None,
                    Some(&[Function::Auditor, Function::LeadAuditor]),
                    period,
                )
            })
        });
        if !covered {
            out.push(blocking(
                FindingCode::StandardNotCovered,
                None,
                "ISO/IEC 17021-1 9.2.2",
                format!("no auditor of the team is qualified for {s}"),
            ));
        }
    }
    for area in &audit.technical_areas {
        let covered = team
            .iter()
            .filter(|m| m.role != TeamRole::Observer)
            .any(|m| {
                m.qualifications.iter().any(|q| {
                    audit
                        .standards
                        .iter()
                        .any(|s| qualifies(q, s, Some(area), None, period))
                })
            });
        if !covered {
            out.push(blocking(
                FindingCode::TechnicalAreaNotCovered,
                None,
                "ISO/IEC 17021-1 7.1.2, 9.2.2",
                format!("nobody in the team covers the technical area {area}"),
            ));
        }
    }
    for m in team {
        if !(m.days >= 0.0 && (m.days * 2.0).fract() == 0.0) || (auditing(&m) && m.days <= 0.0) {
            out.push(blocking(
                FindingCode::DaysInvalid,
                Some(m),
                "IAF MD 5",
                format!("{}: days must be a positive multiple of half a day", m.name),
            ));
        }
        for d in &m.declarations {
            if d.client == audit.client && conflict_bars(d.kind, d.ended_on, audit.starts_on) {
                let why = match (d.kind, d.ended_on) {
                    (ConflictKind::Other, _) => {
                        "declared a conflict of interest with this client".to_string()
                    }
                    (k, Some(e)) => format!(
                        "{} for this client ended on {e}, less than two years before the audit",
                        k.as_str()
                    ),
                    (k, None) => format!("ongoing {} for this client", k.as_str()),
                };
                out.push(blocking(
                    FindingCode::ConflictOfInterest,
                    Some(m),
                    "ISO/IEC 17021-1 5.2",
                    format!("{}: {why}", m.name),
                ));
            }
        }
        if let Some((from, to)) = m.absences.iter().find(|a| overlaps(**a, period)) {
            out.push(blocking(
                FindingCode::Unavailable,
                Some(m),
                "ISO/IEC 17021-1 9.2.2",
                format!("{} is unavailable from {from} to {to}", m.name),
            ));
        }
        for b in m
            .bookings
            .iter()
            .filter(|b| overlaps((b.starts_on, b.ends_on), period))
        {
            out.push(blocking(
                FindingCode::DoubleBooked,
                Some(m),
                "ISO/IEC 17021-1 9.2.2",
                format!(
                    "{} is booked on {} from {} to {}",
                    m.name, b.label, b.starts_on, b.ends_on
                ),
            ));
        }
    }
    out
}

/// Whether the findings allow confirmation without an override.
pub fn confirmable(findings: &[Finding]) -> bool {
    findings.iter().all(|f| f.severity == Severity::Warning)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn q(standard: &str, area: &str, function: Function) -> Qualification {
        Qualification {
            standard: standard.into(),
            technical_area: area.into(),
            function,
            valid_from: d("2025-01-01"),
            valid_until: Some(d("2028-12-31")),
        }
    }

    fn member(name: &str, role: TeamRole, quals: Vec<Qualification>) -> Member {
        Member {
            auditor: uuid::Uuid::new_v4(),
            name: name.into(),
            role,
            days: 2.0,
            qualifications: quals,
            declarations: vec![],
            absences: vec![],
            bookings: vec![],
            consecutive_leads_for_client: 0,
        }
    }

    fn audit() -> AuditFacts {
        AuditFacts {
            client: uuid::Uuid::from_u128(7),
            standards: vec!["ISO/IEC 42001:2023".into(), "ISO/IEC 27001:2022".into()],
            technical_areas: vec!["IAF 33".into()],
            starts_on: d("2026-10-05"),
            ends_on: d("2026-10-07"),
        }
    }

    fn good_team() -> Vec<Member> {
        vec![
            member(
                "Lea",
                TeamRole::Lead,
                vec![
                    q("ISO/IEC 42001:2023", "IAF 33", Function::LeadAuditor),
                    q("ISO/IEC 27001:2022", "all", Function::LeadAuditor),
                ],
            ),
            member(
                "Tom",
                TeamRole::Auditor,
                vec![q("ISO/IEC 27001:2022", "IAF 33", Function::Auditor)],
            ),
        ]
    }

    fn codes(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|x| x.code.as_str()).collect()
    }

    #[test]
    fn a_qualified_available_impartial_team_passes() {
        let f = check(&audit(), &good_team(), DEFAULT_ROTATION_LIMIT);
        assert!(f.is_empty(), "{f:?}");
        assert!(confirmable(&f));
    }

    #[test]
    fn lead_must_exist_once_and_be_qualified_as_lead_for_every_standard() {
        let mut team = good_team();
        team[0].role = TeamRole::Auditor;
        assert!(codes(&check(&audit(), &team, 3)).contains(&"lead_missing"));
        let mut team = good_team();
        team[1].role = TeamRole::Lead;
        let c = codes(&check(&audit(), &team, 3));
        assert!(c.contains(&"several_leads") && c.contains(&"lead_not_qualified"));
        let mut team = good_team();
        team[0].qualifications[1].valid_until = Some(d("2026-10-06"));
        let f = check(&audit(), &team, 3);
        assert_eq!(
            codes(&f),
            ["lead_not_qualified"],
            "expires during the audit"
        );
        assert!(f[0].message.contains("ISO/IEC 27001:2022"));
    }

    #[test]
    fn standards_and_areas_must_be_covered_technical_experts_cover_areas_only() {
        let mut a = audit();
        a.standards.push("ISO 9001:2015".into());
        let c = codes(&check(&a, &good_team(), 3));
        assert!(c.contains(&"standard_not_covered"));
        let mut a = audit();
        a.technical_areas = vec!["IAF 19".into()];
        let mut team = good_team();
        team[0].qualifications[1].technical_area = "IAF 33".into();
        assert_eq!(codes(&check(&a, &team, 3)), ["technical_area_not_covered"]);
        // A technical expert brings the area, not the standard.
        team.push(member(
            "Rosa",
            TeamRole::TechnicalExpert,
            vec![q("ISO/IEC 42001:2023", "IAF 19", Function::TechnicalExpert)],
        ));
        assert!(check(&a, &team, 3).is_empty());
    }

    #[test]
    fn consultancy_within_two_years_blocks_with_its_reason() {
        let mut team = good_team();
        team[1].declarations.push(Declaration {
            client: audit().client,
            kind: ConflictKind::Consultancy,
            ended_on: Some(d("2025-03-31")),
        });
        let f = check(&audit(), &team, 3);
        assert_eq!(codes(&f), ["conflict_of_interest"]);
        assert!(f[0].message.contains("ended on 2025-03-31"));
        assert!(!confirmable(&f));
        // Ended more than two years before the audit: fine; another client: fine.
        team[1].declarations[0].ended_on = Some(d("2024-10-04"));
        assert!(check(&audit(), &team, 3).is_empty());
        team[1].declarations[0] = Declaration {
            client: uuid::Uuid::from_u128(8),
            kind: ConflictKind::Employment,
            ended_on: None,
        };
        assert!(check(&audit(), &team, 3).is_empty());
    }

    #[test]
    fn absences_and_other_bookings_that_overlap_block() {
        let mut team = good_team();
        team[0].absences.push((d("2026-10-07"), d("2026-10-20")));
        team[1].bookings.push(Booking {
            label: "Tern stage 2".into(),
            starts_on: d("2026-10-01"),
            ends_on: d("2026-10-05"),
        });
        assert_eq!(
            codes(&check(&audit(), &team, 3)),
            ["unavailable", "double_booked"]
        );
        team[0].absences = vec![(d("2026-10-08"), d("2026-10-20"))];
        team[1].bookings[0].ends_on = d("2026-10-04");
        assert!(
            check(&audit(), &team, 3).is_empty(),
            "touching is not overlapping"
        );
    }

    #[test]
    fn rotation_is_a_warning_and_days_must_be_half_days() {
        let mut team = good_team();
        team[0].consecutive_leads_for_client = 3;
        let f = check(&audit(), &team, 3);
        assert_eq!(codes(&f), ["rotation"]);
        assert!(confirmable(&f));
        team[0].consecutive_leads_for_client = 0;
        team[1].days = 1.25;
        assert_eq!(codes(&check(&audit(), &team, 3)), ["days_invalid"]);
        team[1].days = 0.0;
        assert_eq!(
            codes(&check(&audit(), &team, 3)),
            ["days_invalid"],
            "auditors need days"
        );
        team[1].role = TeamRole::Observer;
        assert!(
            check(&audit(), &team, 3)
                .iter()
                .all(|f| f.code != FindingCode::DaysInvalid),
            "observers may have none"
        );
    }
}

#[cfg(test)]
mod matching_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn q(standard: &str, area: &str, function: Function, until: Option<&str>) -> Qualification {
        Qualification {
            standard: standard.into(),
            technical_area: area.into(),
            function,
            valid_from: d("2025-01-01"),
            valid_until: until.map(d),
        }
    }

    fn day(s: &str) -> (NaiveDate, NaiveDate) {
        (d(s), d(s))
    }

    fn missing(quals: &[Qualification], on: &str) -> Vec<String> {
        missing_qualifications(
            quals,
            Function::DecisionMaker,
            &["ISO 9001:2015".into()],
            &["IAF 28".into(), "IAF 33".into()],
            day(on),
        )
        .iter()
        .map(ToString::to_string)
        .collect()
    }

    #[test]
    fn a_valid_qualification_in_each_area_qualifies() {
        let quals = [
            q("ISO 9001:2015", "IAF 28", Function::DecisionMaker, None),
            q(
                "ISO 9001:2015",
                "iaf 33",
                Function::DecisionMaker,
                Some("2027-12-31"),
            ),
        ];
        assert!(missing(&quals, "2026-06-01").is_empty());
    }

    #[test]
    fn the_validity_window_is_inclusive_and_expiry_disqualifies() {
        let quals = [q(
            "ISO 9001:2015",
            "all",
            Function::DecisionMaker,
            Some("2026-06-01"),
        )];
        assert!(missing(&quals, "2025-01-01").is_empty(), "first day");
        assert!(missing(&quals, "2026-06-01").is_empty(), "last day");
        assert_eq!(missing(&quals, "2026-06-02"), ["ISO 9001:2015"], "expired");
        assert_eq!(missing(&quals, "2024-12-31"), ["ISO 9001:2015"], "not yet");
        // A period must lie wholly within the window.
        let q0 = &quals[0];
        assert!(!qualifies(
            q0,
            "ISO 9001:2015",
            None,
            None,
            (d("2026-05-30"), d("2026-06-02"))
        ));
        assert!(qualifies(
            q0,
            "ISO 9001:2015",
            None,
            None,
            (d("2026-05-30"), d("2026-06-01"))
        ));
    }

    #[test]
    fn another_function_does_not_qualify() {
        let quals = [q("ISO 9001:2015", "all", Function::LeadAuditor, None)];
        assert_eq!(missing(&quals, "2026-06-01"), ["ISO 9001:2015"]);
        assert!(qualifies(
            &quals[0],
            "ISO 9001:2015",
            Some("IAF 28"),
            Some(&[Function::Auditor, Function::LeadAuditor]),
            day("2026-06-01"),
        ));
        assert!(
            qualifies(
                &quals[0],
                "ISO 9001:2015",
                Some("IAF 28"),
                None,
                day("2026-06-01")
            ),
            "no function asked: any"
        );
    }

    #[test]
    fn area_all_covers_every_area() {
        let quals = [q("ISO 9001:2015", "ALL", Function::DecisionMaker, None)];
        assert!(missing(&quals, "2026-06-01").is_empty());
        assert!(!qualifies(
            &quals[0],
            "ISO 14001:2015",
            Some("IAF 28"),
            None,
            day("2026-06-01")
        ));
    }

    #[test]
    fn a_missing_area_is_named_with_its_standard() {
        let quals = [
            q("ISO 9001:2015", "IAF 28", Function::DecisionMaker, None),
            // The right area, but the wrong function or expired: does not count.
            q("ISO 9001:2015", "IAF 33", Function::Reviewer, None),
            q(
                "ISO 9001:2015",
                "IAF 33",
                Function::DecisionMaker,
                Some("2025-12-31"),
            ),
        ];
        let m = missing_qualifications(
            &quals,
            Function::DecisionMaker,
            &["ISO 9001:2015".into(), "ISO 14001:2015".into()],
            &["IAF 28".into(), "IAF 33".into()],
            day("2026-06-01"),
        );
        assert_eq!(
            m,
            [
                Missing::Area {
                    standard: "ISO 9001:2015".into(),
                    area: "IAF 33".into()
                },
                Missing::Standard("ISO 14001:2015".into()),
            ]
        );
        assert_eq!(m[0].to_string(), "ISO 9001:2015 in technical area IAF 33");
        assert_eq!(m[1].to_string(), "ISO 14001:2015");
    }
}

#[cfg(test)]
mod code_tests {
    use super::FindingCode;

    #[test]
    fn codes_serialize_as_their_stable_names() {
        let mut seen = std::collections::HashSet::new();
        for c in FindingCode::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::json!(c.as_str()))
            );
        }
        assert_eq!(
            FindingCode::TechnicalAreaNotCovered.as_str(),
            "technical_area_not_covered"
        );
    }
}
