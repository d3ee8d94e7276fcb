//! Audit checklists: built-in templates per standard edition and audit type, and the
//! checklist of one audit instantiated from them.
//!
//! Two audit types (domain reference §1.6, ISO/IEC 17021-1 9.3.1.2 / 9.3.1.3):
//! - **stage 1**, documentation and readiness: the "checklist seeds" of §1.6 (scope, policy,
//!   objectives, the risk, aspect or AI-risk method of the standard's family, the Statement of
//!   Applicability for ISO/IEC 27001 and 42001, legal register, internal audit, management review,
//!   sites and shifts, effective personnel, outsourcing, changes since the application) and the
//!   stage 1 objectives (readiness for stage 2, resources and details of stage 2 agreed);
//! - **stage 2**, implementation and effectiveness, also used for surveillance and
//!   recertification: every clause of the standard in the [`catalogue`](crate::catalogue), in
//!   catalogue order, then every Annex A control (ISO/IEC 42001:2023: 38, ISO/IEC 27001:2022: 93).
//!
//! Numbers and titles come from the catalogue data. The guidance questions are Certa's own
//! words, kept as data beside the catalogue (`crates/domain/data/checklists/guidance.json`,
//! embedded and checked at first use): hand-written for the top-level clauses 4–10, every
//! clause of the harmonized core ([`harmonized_core`]) and the main discipline-specific
//! clauses; generated from the number and title for the rest. This module holds the rules
//! that put them together. No requirement text of any standard is reproduced. Tenants copy and edit
//! templates; [`Template::validate`] checks an edited one.
//!
//! For an audit against several standards (IAF MD 11, domain reference §2.4), [`instantiate`]
//! answers each harmonized core clause that every standard has once, for all of them, and merges
//! stage 1 readiness items with the same reference.

use crate::DomainError;
use crate::catalogue::{
    Catalogue, CoreClause, Family, FlatClause, FlatControl, StandardEdition, harmonized_core,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// Which checklist: stage 1 (documentation and readiness) or stage 2 (implementation and
/// effectiveness; also used for surveillance and recertification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditType {
    /// Stage 1: documentation and readiness for stage 2.
    #[serde(rename = "stage_1")]
    Stage1,
    /// Stage 2: implementation and effectiveness (also surveillance and recertification).
    #[serde(rename = "stage_2")]
    Stage2,
}

impl AuditType {
    /// Stable name: `stage_1` or `stage_2` (the serde name too).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stage1 => "stage_1",
            Self::Stage2 => "stage_2",
        }
    }

    /// The audit type named by [`as_str`](Self::as_str).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "stage_1" => Some(Self::Stage1),
            "stage_2" => Some(Self::Stage2),
            _ => None,
        }
    }

    /// The checklist an audit of this kind uses: `stage_1` → stage 1; `stage_2`,
    /// `surveillance_1`, `surveillance_2` and `recertification` → stage 2; anything else → `None`.
    pub fn for_audit_kind(kind: &str) -> Option<Self> {
        kind.parse().ok().map(Self::for_kind)
    }

    /// The checklist an audit of this kind uses: stage 1 for stage 1, stage 2 otherwise.
    pub fn for_kind(kind: crate::programme::EntryKind) -> Self {
        use crate::programme::EntryKind as K;
        match kind {
            K::Stage1 => Self::Stage1,
            K::Stage2 | K::Surveillance1 | K::Surveillance2 | K::Recertification => Self::Stage2,
        }
    }
}

/// The part of a checklist an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// A stage 1 documentation or readiness point (`S1.01`, `S1.ISMS.2`, …).
    Readiness,
    /// A clause of the standard (`4.1`, `7.5.3`, …).
    Clause,
    /// An Annex A control (`A.5.23`, `A.6.2.4`, …).
    Control,
}

impl Section {
    /// Stable name: `readiness`, `clause` or `control` (the serde name too).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Readiness => "readiness",
            Self::Clause => "clause",
            Self::Control => "control",
        }
    }

    /// The section named by [`as_str`](Self::as_str).
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Readiness, Self::Clause, Self::Control]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

crate::stored::stored_labels! {
    AuditType ("checklist type") {
        Stage1 => "stage 1",
        Stage2 => "stage 2",
    }
}

crate::stored::stored_labels! {
    Section ("checklist section") {
        Readiness => "readiness",
        Clause => "clause",
        Control => "control",
    }
}

crate::stored::stored_enum! {
    /// The part of an audit's checklist an item belongs to: a template section, or a
    /// follow-up of an earlier audit's nonconformity or observation (17021-1 9.6.2.2).
    pub enum ItemSection ("checklist item section") {
        /// A stage 1 documentation or readiness point.
        Readiness = "readiness", "readiness";
        /// A clause of the standard.
        Clause = "clause", "clause";
        /// An Annex A control.
        Control = "control", "control";
        /// Carried from an earlier audit.
        FollowUp = "follow_up", "follow up";
    }
}

/// The titles of the clauses of the harmonized structure shared by ISO management-system
/// standards (clauses 4 to 10).
const HS_CLAUSES: [(&str, &str); 7] = [
    ("4", "Context of the organization"),
    ("5", "Leadership"),
    ("6", "Planning"),
    ("7", "Support"),
    ("8", "Operation"),
    ("9", "Performance evaluation"),
    ("10", "Improvement"),
];

/// The group a checklist item is shown in, so that a long checklist reads by clause:
/// `(key, heading)`. Readiness items form one group, clauses group by their top-level
/// clause ("Clause 8 Operation"), Annex A controls by their control group ("Annex A, A.6"),
/// items carried from an earlier audit one group. Keys are stable and usable in an id.
pub fn item_group(section: ItemSection, reference: &str) -> (String, String) {
    match section {
        ItemSection::Readiness => ("readiness".into(), "Stage 1 readiness".into()),
        ItemSection::FollowUp => ("follow-up".into(), "Carried from earlier audits".into()),
        ItemSection::Clause => {
            let top = reference.split('.').next().unwrap_or(reference).trim();
            let title = HS_CLAUSES.iter().find(|(n, _)| *n == top).map(|(_, t)| *t);
            let key: String = top.chars().filter(char::is_ascii_alphanumeric).collect();
            (
                format!("clause-{key}"),
                match title {
                    Some(t) => format!("Clause {top} {t}"),
                    None if top.is_empty() => "Other clauses".into(),
                    None => format!("Clause {top}"),
                },
            )
        }
        ItemSection::Control => {
            let mut parts = reference.split('.');
            let group = match (parts.next(), parts.next()) {
                (Some(a), Some(b)) => format!("{a}.{b}"),
                (Some(a), None) => a.to_string(),
                _ => reference.to_string(),
            };
            let key: String = group
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            (format!("annex-{key}"), format!("Annex A, {group}"))
        }
    }
}

impl From<Section> for ItemSection {
    fn from(s: Section) -> Self {
        match s {
            Section::Readiness => ItemSection::Readiness,
            Section::Clause => ItemSection::Clause,
            Section::Control => ItemSection::Control,
        }
    }
}

crate::stored::stored_enum! {
    /// What the auditor recorded for a checklist item (17021-1 9.4.5, 9.4.8: conformity,
    /// nonconformities graded 3.12 / 3.13, observations and opportunities for improvement).
    pub enum ItemResult ("checklist result") {
        /// Conforming.
        Conforming = "conforming", "conforming";
        /// A minor nonconformity (3.13).
        MinorNc = "minor_nc", "minor NC";
        /// A major nonconformity (3.12).
        MajorNc = "major_nc", "major NC";
        /// An observation.
        Observation = "observation", "observation";
        /// An opportunity for improvement.
        Ofi = "ofi", "opportunity for improvement";
        /// Does not apply.
        NotApplicable = "not_applicable", "not applicable";
    }
}

impl ItemResult {
    /// Whether the result needs notes (a finding or an observation).
    pub fn needs_notes(self) -> bool {
        matches!(self, Self::MinorNc | Self::MajorNc | Self::Observation)
    }

    /// Whether the audit report lists it among the findings (nonconformities, observations
    /// and opportunities for improvement; 17021-1 9.4.8).
    pub fn is_finding(self) -> bool {
        matches!(
            self,
            Self::MinorNc | Self::MajorNc | Self::Observation | Self::Ofi
        )
    }
}

/// One item of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateItem {
    /// Which part of the checklist.
    pub section: Section,
    /// Readiness code, clause number or control number; unique within its section.
    pub reference: String,
    /// Title: the catalogue title of a clause or control, or the readiness topic.
    pub title: String,
    /// Guidance question for the auditor.
    pub question: String,
}

/// A checklist template: the items of one audit type for one standard edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    /// Standard code of the catalogue, e.g. `ISO/IEC 27001:2022`.
    pub standard: String,
    /// Stage 1 or stage 2.
    pub audit_type: AuditType,
    /// Display name.
    pub name: String,
    /// Items, in the order the auditor works them.
    pub items: Vec<TemplateItem>,
}

/// Longest accepted template name, in characters.
pub const NAME_MAX: usize = 200;
/// Longest accepted standard code, in characters.
pub const STANDARD_MAX: usize = 100;
/// Longest accepted item reference, in characters.
pub const REFERENCE_MAX: usize = 40;
/// Longest accepted item title, in characters.
pub const ITEM_TITLE_MAX: usize = 200;
/// Longest accepted guidance question, in characters.
pub const QUESTION_MAX: usize = 2000;

const INVALID: crate::ErrorCode = crate::ErrorCode::TemplateInvalid;

fn check_line(field: &'static str, what: &str, value: &str, max: usize) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        return Err(DomainError::invalid(
            field,
            INVALID,
            format!("{what} must not be empty"),
        ));
    }
    if value.contains(['\n', '\r']) {
        return Err(DomainError::invalid(
            field,
            INVALID,
            format!("{what} must be a single line"),
        ));
    }
    if value.chars().count() > max {
        return Err(DomainError::invalid(
            field,
            INVALID,
            format!("{what} is longer than {max} characters"),
        ));
    }
    Ok(())
}

impl Template {
    /// Checks a template (typically one a tenant edited): non-empty single-line name and
    /// standard, at least one item, every item with a non-empty reference, title and question
    /// (within [`REFERENCE_MAX`], [`ITEM_TITLE_MAX`], [`QUESTION_MAX`]), and no two items with
    /// the same section and reference. Errors carry the code `template_invalid`.
    pub fn validate(&self) -> Result<(), DomainError> {
        check_line("name", "the name", &self.name, NAME_MAX)?;
        check_line("standard", "the standard", &self.standard, STANDARD_MAX)?;
        if self.items.is_empty() {
            return Err(DomainError::invalid(
                "items",
                INVALID,
                "a template needs at least one item",
            ));
        }
        let mut seen = HashSet::new();
        for (i, item) in self.items.iter().enumerate() {
            let n = i + 1;
            check_line(
                "items",
                &format!("the reference of item {n}"),
                &item.reference,
                REFERENCE_MAX,
            )?;
            let r = item.reference.as_str();
            check_line(
                "items",
                &format!("the title of item {n} ({r})"),
                &item.title,
                ITEM_TITLE_MAX,
            )?;
            if item.question.trim().is_empty() {
                return Err(DomainError::invalid(
                    "items",
                    INVALID,
                    format!("the question of item {n} ({r}) must not be empty"),
                ));
            }
            if item.question.chars().count() > QUESTION_MAX {
                return Err(DomainError::invalid(
                    "items",
                    INVALID,
                    format!(
                        "the question of item {n} ({r}) is longer than {QUESTION_MAX} characters"
                    ),
                ));
            }
            if !seen.insert((item.section, item.reference.trim())) {
                return Err(DomainError::invalid(
                    "items",
                    INVALID,
                    format!("reference {r} appears more than once in its section"),
                ));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Catalogue access and the wording of the built-in templates.

fn catalogue() -> Option<&'static Catalogue> {
    static CATALOGUE: OnceLock<Option<Catalogue>> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::builtin().ok()).as_ref()
}

fn edition(code: &str) -> Option<&'static StandardEdition> {
    catalogue().and_then(|c| c.get(code))
}

/// The wording of the built-in templates (names, topics, guidance questions), kept as data
/// beside the standards catalogue and described in `crates/domain/data/checklists/README.md`.
const GUIDANCE_JSON: &str = include_str!("../data/checklists/guidance.json");

/// The wording of the built-in templates; see [`GUIDANCE_JSON`].
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Guidance {
    /// The name of each family's management system in questions.
    system_names: HashMap<Family, String>,
    template_names: TemplateNames,
    stage_1: Stage1Wording,
    stage_2: Stage2Wording,
}

/// What follows the standard code in a built-in template's name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateNames {
    stage_1: String,
    stage_2: String,
}

/// Stage 1 topics: the ones every standard has, with the same reference, title and question
/// in every template (so that an integrated stage 1 answers each once), before and after
/// the family's own topics. A family's topic `{controls}` is replaced by the edition's
/// Annex A control count; its reference is `S1.<family tag>.<position>`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stage1Wording {
    common_head: Vec<Topic>,
    family: HashMap<Family, Vec<FamilyTopic>>,
    common_tail: Vec<Topic>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Topic {
    reference: String,
    title: String,
    question: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyTopic {
    title: String,
    question: String,
}

/// Stage 2 guidance.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stage2Wording {
    /// Hand-written guidance for every clause of the harmonized core; `{ms}` is replaced by
    /// the name of the management system (`integrated_ms` when the clause is answered for
    /// several standards at once).
    core: Vec<NumberedQuestion>,
    /// Hand-written guidance for clauses of one family that are not (or not only)
    /// harmonized core clauses, by the family's own numbers; it wins over `core`.
    family: HashMap<Family, Vec<NumberedQuestion>>,
    /// Sentences added to the guidance for 4.1 and 4.2 where the climate-action amendment
    /// applies: to every standard of the audit, or to some.
    climate: ClimateWording,
    /// Appended to the guidance of a clause answered once for several standards.
    integrated_note: String,
    /// The management system's name in guidance answered for several standards.
    integrated_ms: String,
    /// Generated guidance for the other clauses: `{number}`, `{title}`, `{within}` (the
    /// parent clause, from `generic_clause_within`) and `{ms}`.
    generic_clause: String,
    generic_clause_within: String,
    /// Generated guidance for each Annex A control: `{number}`, `{title}`, `{group}` (from
    /// `control_group`) and `{hint}` (the first of `control_hints` that applies).
    control: String,
    control_group: String,
    control_hints: Vec<ControlHint>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NumberedQuestion {
    number: String,
    question: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClimateWording {
    all: ClimateSentences,
    some: ClimateSentences,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClimateSentences {
    #[serde(rename = "4.1")]
    context: String,
    #[serde(rename = "4.2")]
    interested_parties: String,
}

/// A hint for the controls of a family, or of one of its themes (`A.5`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ControlHint {
    family: Family,
    theme: Option<String>,
    hint: String,
}

/// The families of the catalogue, in the order the data lists them.
const FAMILIES: [Family; 5] = [
    Family::Qms,
    Family::Ems,
    Family::Ohsms,
    Family::Isms,
    Family::Aims,
];

impl Guidance {
    /// Parses and checks the embedded wording.
    fn builtin() -> Result<Guidance, String> {
        let g: Guidance = serde_json::from_str(GUIDANCE_JSON)
            .map_err(|e| format!("data/checklists/guidance.json: {e}"))?;
        g.check()?;
        Ok(g)
    }

    /// Every family has its name and stage 1 topics, every core clause its guidance, no
    /// wording is blank, and each generated question names what it is about.
    fn check(&self) -> Result<(), String> {
        let blank = |what: &str, s: &str| {
            if s.trim().is_empty() {
                Err(format!("{what} is blank"))
            } else {
                Ok(())
            }
        };
        for f in FAMILIES {
            blank(
                "a system name",
                self.system_names.get(&f).map_or("", String::as_str),
            )?;
            if self.stage_1.family.get(&f).is_none_or(Vec::is_empty) {
                return Err(format!("no stage 1 topics for {f:?}"));
            }
        }
        for t in self
            .stage_1
            .common_head
            .iter()
            .chain(&self.stage_1.common_tail)
        {
            blank("a stage 1 reference", &t.reference)?;
            blank(&format!("the title of {}", t.reference), &t.title)?;
            blank(&format!("the question of {}", t.reference), &t.question)?;
        }
        for t in self.stage_1.family.values().flatten() {
            blank("a stage 1 title", &t.title)?;
            blank(&format!("the question of {}", t.title), &t.question)?;
        }
        for core in harmonized_core() {
            let q = self
                .stage_2
                .core
                .iter()
                .find(|q| q.number == core.number)
                .ok_or_else(|| format!("no guidance for core clause {}", core.number))?;
            blank(
                &format!("the guidance of core clause {}", core.number),
                &q.question,
            )?;
        }
        for q in self.stage_2.family.values().flatten() {
            blank(&format!("the guidance of clause {}", q.number), &q.question)?;
        }
        let s2 = &self.stage_2;
        for (what, s) in [
            (
                "the stage 1 template name",
                self.template_names.stage_1.as_str(),
            ),
            ("the stage 2 template name", &self.template_names.stage_2),
            ("a climate sentence", &s2.climate.all.context),
            ("a climate sentence", &s2.climate.all.interested_parties),
            ("a climate sentence", &s2.climate.some.context),
            ("a climate sentence", &s2.climate.some.interested_parties),
            ("the integrated note", &s2.integrated_note),
            ("the integrated system name", &s2.integrated_ms),
        ] {
            blank(what, s)?;
        }
        for h in &s2.control_hints {
            blank("a control hint", &h.hint)?;
        }
        for (what, s, needs) in [
            (
                "generic_clause",
                &s2.generic_clause,
                &["{number}", "{title}"][..],
            ),
            (
                "generic_clause_within",
                &s2.generic_clause_within,
                &["{number}", "{title}"][..],
            ),
            ("control", &s2.control, &["{number}", "{title}"][..]),
            (
                "control_group",
                &s2.control_group,
                &["{number}", "{title}"][..],
            ),
        ] {
            if let Some(missing) = needs.iter().find(|n| !s.contains(**n)) {
                return Err(format!("{what} does not name {missing}"));
            }
        }
        Ok(())
    }
}

/// The wording, parsed at first use. The data is embedded and checked by the tests; a
/// wording that did not parse would leave the questions blank, which
/// [`Template::validate`] refuses.
fn guidance() -> &'static Guidance {
    static GUIDANCE: OnceLock<Guidance> = OnceLock::new();
    GUIDANCE.get_or_init(|| Guidance::builtin().unwrap_or_default())
}

/// Replaces each `{name}` of `template` with its value, in one pass (an inserted value is
/// not scanned again); other braces stay.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(rest.get(..start).unwrap_or_default());
        let after = rest.get(start + 1..).unwrap_or_default();
        let hit = values.iter().find_map(|(name, value)| {
            after
                .strip_prefix(name)
                .and_then(|r| r.strip_prefix('}'))
                .map(|r| (*value, r))
        });
        match hit {
            Some((value, r)) => {
                out.push_str(value);
                rest = r;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The name of the management system in questions.
fn system_name(family: Family) -> &'static str {
    guidance()
        .system_names
        .get(&family)
        .map_or("management system", String::as_str)
}

/// The family's tag in stage 1 references (`S1.ISMS.2`).
fn family_tag(family: Family) -> &'static str {
    match family {
        Family::Qms => "QMS",
        Family::Ems => "EMS",
        Family::Ohsms => "OHSMS",
        Family::Isms => "ISMS",
        Family::Aims => "AIMS",
    }
}

/// Whether the edition carries a climate-action amendment (which touches clauses 4.1 and 4.2).
fn has_climate_amendment(ed: &StandardEdition) -> bool {
    ed.amendments
        .iter()
        .any(|a| a.title.to_lowercase().contains("climate"))
}

fn item(section: Section, reference: &str, title: &str, question: String) -> TemplateItem {
    TemplateItem {
        section,
        reference: reference.to_owned(),
        title: title.to_owned(),
        question,
    }
}

// ---------------------------------------------------------------------------------------------
// Stage 1.

fn stage1(ed: &StandardEdition) -> Vec<TemplateItem> {
    let g = &guidance().stage_1;
    let common = |rows: &[Topic]| -> Vec<TemplateItem> {
        rows.iter()
            .map(|t| {
                item(
                    Section::Readiness,
                    &t.reference,
                    &t.title,
                    t.question.clone(),
                )
            })
            .collect()
    };
    let tag = family_tag(ed.family);
    let controls = ed.control_count().to_string();
    let own = g
        .family
        .get(&ed.family)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .enumerate()
        .map(|(i, t)| {
            item(
                Section::Readiness,
                &format!("S1.{tag}.{}", i + 1),
                &t.title,
                fill(&t.question, &[("controls", &controls)]),
            )
        });
    let mut items = common(&g.common_head);
    items.extend(own);
    items.extend(common(&g.common_tail));
    items
}

// ---------------------------------------------------------------------------------------------
// Stage 2.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Climate {
    None,
    Some,
    All,
}

fn core_question(number: &str, ms: &str, climate: Climate) -> Option<String> {
    let g = &guidance().stage_2;
    let q = g.core.iter().find(|q| q.number == number)?;
    let mut q = fill(&q.question, &[("ms", ms)]);
    let extra = match (number, climate) {
        ("4.1", Climate::All) => g.climate.all.context.as_str(),
        ("4.2", Climate::All) => &g.climate.all.interested_parties,
        ("4.1", Climate::Some) => &g.climate.some.context,
        ("4.2", Climate::Some) => &g.climate.some.interested_parties,
        _ => "",
    };
    q.push_str(extra);
    Some(q)
}

/// The core clause this edition implements with its clause `own`.
fn core_of(ed: &StandardEdition, own: &str) -> Option<&'static CoreClause> {
    harmonized_core()
        .iter()
        .find(|core| ed.core_clause(core.number).is_some_and(|c| c.number == own))
}

fn generic_clause_question(ed: &StandardEdition, f: &FlatClause<'_>) -> String {
    let g = &guidance().stage_2;
    let c = f.clause;
    let parent = f
        .path
        .len()
        .checked_sub(2)
        .and_then(|i| f.path.get(i))
        .and_then(|p| ed.clause(p));
    let within = parent.map_or_else(String::new, |p| {
        fill(
            &g.generic_clause_within,
            &[("number", &p.number), ("title", &p.title)],
        )
    });
    fill(
        &g.generic_clause,
        &[
            ("number", &c.number),
            ("title", &c.title),
            ("within", &within),
            ("ms", system_name(ed.family)),
        ],
    )
}

/// The guidance question of the built-in stage 2 template for a clause of an edition.
fn clause_question(ed: &StandardEdition, f: &FlatClause<'_>) -> String {
    let number = f.clause.number.as_str();
    if let Some(q) = guidance()
        .stage_2
        .family
        .get(&ed.family)
        .and_then(|qs| qs.iter().find(|q| q.number == number))
    {
        return q.question.clone();
    }
    let climate = if has_climate_amendment(ed) {
        Climate::All
    } else {
        Climate::None
    };
    core_of(ed, number)
        .and_then(|core| core_question(core.number, system_name(ed.family), climate))
        .unwrap_or_else(|| generic_clause_question(ed, f))
}

fn control_question(ed: &StandardEdition, f: &FlatControl<'_>) -> String {
    let g = &guidance().stage_2;
    let c = f.control;
    let group = f.groups.last().map_or_else(String::new, |grp| {
        fill(
            &g.control_group,
            &[("number", &grp.number), ("title", &grp.title)],
        )
    });
    let theme = f.theme().map(|grp| grp.number.as_str());
    let hint = g
        .control_hints
        .iter()
        .find(|h| h.family == ed.family && h.theme.as_deref().is_none_or(|t| Some(t) == theme))
        .map_or("", |h| h.hint.as_str());
    fill(
        &g.control,
        &[
            ("number", &c.number),
            ("title", &c.title),
            ("group", &group),
            ("hint", hint),
        ],
    )
}

fn stage2(ed: &StandardEdition) -> Vec<TemplateItem> {
    let clauses = ed.clauses_flat().into_iter().map(|f| {
        item(
            Section::Clause,
            &f.clause.number,
            &f.clause.title,
            clause_question(ed, &f),
        )
    });
    let controls = ed.controls_flat().into_iter().map(|f| {
        item(
            Section::Control,
            &f.control.number,
            &f.control.title,
            control_question(ed, &f),
        )
    });
    clauses.chain(controls).collect()
}

fn template_for(ed: &StandardEdition, audit_type: AuditType) -> Template {
    let names = &guidance().template_names;
    let (name, items) = match audit_type {
        AuditType::Stage1 => (&names.stage_1, stage1(ed)),
        AuditType::Stage2 => (&names.stage_2, stage2(ed)),
    };
    Template {
        standard: ed.code.clone(),
        audit_type,
        name: format!("{} {name}", ed.code),
        items,
    }
}

/// Built-in template for a standard code of the catalogue (ISO 9001:2015, ISO 14001:2015,
/// ISO 45001:2018, ISO/IEC 27001:2022, ISO/IEC 42001:2023) and audit type; `None` for a code
/// the catalogue does not know.
pub fn builtin(standard: &str, audit_type: AuditType) -> Option<Template> {
    edition(standard).map(|ed| template_for(ed, audit_type))
}

/// Every built-in template: for each standard of the catalogue, in catalogue order, stage 1 then
/// stage 2.
pub fn builtin_all() -> Vec<Template> {
    catalogue()
        .map(|c| {
            c.standards()
                .iter()
                .flat_map(|ed| {
                    [AuditType::Stage1, AuditType::Stage2]
                        .into_iter()
                        .map(move |t| template_for(ed, t))
                })
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Instantiation.

/// One item of an audit's checklist, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditItem {
    /// Standard codes this item counts for, in the order of the audit's standards; more than
    /// one for an item answered once in an integrated audit.
    pub standards: Vec<String>,
    /// Which part of the checklist.
    pub section: Section,
    /// Readiness code, clause or control number. For a merged clause that the standards number
    /// differently (continual improvement: 10.3 in ISO 9001:2015, 10.1 in ISO/IEC 27001:2022),
    /// each standard's number in the order of `standards`, joined by `" / "`
    /// (see [`reference_for`](Self::reference_for)).
    pub reference: String,
    /// Title; the generic core title for a merged clause.
    pub title: String,
    /// Guidance question.
    pub question: String,
}

/// Separator of per-standard numbers in a merged item's reference.
pub const REFERENCE_SEPARATOR: &str = " / ";

impl AuditItem {
    /// The clause, control or readiness reference of this item in one of its standards (what a
    /// nonconformity raised from it cites); `None` if the item does not count for `standard`.
    pub fn reference_for(&self, standard: &str) -> Option<&str> {
        let i = self.standards.iter().position(|s| s == standard)?;
        if self.standards.len() > 1 {
            let parts: Vec<&str> = self.reference.split(REFERENCE_SEPARATOR).collect();
            if parts.len() == self.standards.len() {
                return parts.get(i).copied();
            }
        }
        Some(&self.reference)
    }
}

/// The clause number of `standard` implementing a harmonized core clause: from the catalogue
/// when it knows the standard, else the core number itself.
fn own_core_number(standard: &str, core: &CoreClause) -> Option<String> {
    match edition(standard) {
        Some(ed) => ed.core_clause(core.number).map(|c| c.number.clone()),
        None => Some(core.number.to_owned()),
    }
}

/// Whether `question` is the built-in guidance for this clause of this standard (not edited).
fn is_builtin_clause_question(standard: &str, number: &str, question: &str) -> bool {
    edition(standard).is_some_and(|ed| {
        ed.clauses_flat()
            .iter()
            .find(|f| f.clause.number == number)
            .is_some_and(|f| clause_question(ed, f) == question)
    })
}

/// One question for several standards: the common one when all are equal, else each distinct
/// question labelled with the standards that ask it.
fn joined_question(parts: &[(&str, &str)]) -> String {
    let mut groups: Vec<(Vec<&str>, &str)> = Vec::new();
    for (standard, q) in parts {
        match groups.iter_mut().find(|(_, g)| g == q) {
            Some((standards, _)) => standards.push(standard),
            None => groups.push((vec![standard], q)),
        }
    }
    if let [(_, q)] = groups.as_slice() {
        return (*q).to_owned();
    }
    groups
        .iter()
        .map(|(standards, q)| format!("[{}] {q}", standards.join(", ")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn single(t: &Template, i: &TemplateItem) -> AuditItem {
    AuditItem {
        standards: vec![t.standard.clone()],
        section: i.section,
        reference: i.reference.clone(),
        title: i.title.clone(),
        question: i.question.clone(),
    }
}

/// Instantiates the checklist of an audit from one template per standard (in the given order).
///
/// For an integrated audit (several standards, IAF MD 11) a clause of the harmonized structure
/// ([`harmonized_core`]) that every template has is answered once: one [`AuditItem`] with all
/// the standards, the generic core title, and one question (Certa's generic guidance when every
/// template kept the built-in question; otherwise the templates' questions, labelled by
/// standard). Each standard's own number for the clause comes from the catalogue
/// (ISO 9001:2015 continual improvement is 10.3). Readiness items with the same reference in two
/// or more templates are also merged. Everything else stays per standard, in template order;
/// merged items come first (readiness in order of first appearance, then clauses in core
/// order), then each standard's own items.
///
/// With a single template the result is its items, each for that one standard.
pub fn instantiate(templates: &[Template]) -> Vec<AuditItem> {
    if templates.len() < 2 {
        return templates
            .iter()
            .flat_map(|t| t.items.iter().map(move |i| single(t, i)))
            .collect();
    }
    let mut merged: Vec<HashSet<usize>> = vec![HashSet::new(); templates.len()];
    let mut out = Vec::new();

    // Readiness items with the same reference, in order of first appearance.
    let mut seen: HashSet<&str> = HashSet::new();
    for t in templates {
        for i in t.items.iter().filter(|i| i.section == Section::Readiness) {
            if !seen.insert(i.reference.as_str()) {
                continue;
            }
            let holders: Vec<(usize, usize)> = templates
                .iter()
                .enumerate()
                .filter_map(|(ti, t)| {
                    t.items
                        .iter()
                        .position(|x| x.section == Section::Readiness && x.reference == i.reference)
                        .map(|ii| (ti, ii))
                })
                .collect();
            if holders.len() < 2 {
                continue;
            }
            let members: Vec<(&Template, &TemplateItem)> = holders
                .iter()
                .filter_map(|&(ti, ii)| {
                    let t = templates.get(ti)?;
                    Some((t, t.items.get(ii)?))
                })
                .collect();
            let questions: Vec<(&str, &str)> = members
                .iter()
                .map(|(t, x)| (t.standard.as_str(), x.question.as_str()))
                .collect();
            out.push(AuditItem {
                standards: members.iter().map(|(t, _)| t.standard.clone()).collect(),
                section: Section::Readiness,
                reference: i.reference.clone(),
                title: i.title.clone(),
                question: joined_question(&questions),
            });
            for (ti, ii) in holders {
                if let Some(set) = merged.get_mut(ti) {
                    set.insert(ii);
                }
            }
        }
    }

    // Harmonized core clauses every template has.
    let amended = templates
        .iter()
        .filter(|t| edition(&t.standard).is_some_and(has_climate_amendment))
        .count();
    let climate = match amended {
        0 => Climate::None,
        n if n == templates.len() => Climate::All,
        _ => Climate::Some,
    };
    for core in harmonized_core() {
        let holders: Option<Vec<(usize, usize, String)>> = templates
            .iter()
            .enumerate()
            .map(|(ti, t)| {
                let own = own_core_number(&t.standard, core)?;
                let ii = t
                    .items
                    .iter()
                    .position(|x| x.section == Section::Clause && x.reference == own)?;
                Some((ti, ii, own))
            })
            .collect();
        let Some(holders) = holders else {
            continue;
        };
        let members: Vec<(&Template, &TemplateItem)> = holders
            .iter()
            .filter_map(|(ti, ii, _)| {
                let t = templates.get(*ti)?;
                Some((t, t.items.get(*ii)?))
            })
            .collect();
        let numbers: Vec<&str> = holders.iter().map(|(_, _, n)| n.as_str()).collect();
        let reference = match numbers.first() {
            Some(first) if numbers.iter().all(|n| n == first) => (*first).to_owned(),
            _ => numbers.join(REFERENCE_SEPARATOR),
        };
        let unedited = members
            .iter()
            .all(|(t, x)| is_builtin_clause_question(&t.standard, &x.reference, &x.question));
        let wording = &guidance().stage_2;
        let generic = core_question(core.number, &wording.integrated_ms, climate)
            .map(|q| format!("{q}{}", wording.integrated_note));
        let question = match generic {
            Some(q) if unedited => q,
            _ => {
                let parts: Vec<(&str, &str)> = members
                    .iter()
                    .map(|(t, x)| (t.standard.as_str(), x.question.as_str()))
                    .collect();
                joined_question(&parts)
            }
        };
        out.push(AuditItem {
            standards: members.iter().map(|(t, _)| t.standard.clone()).collect(),
            section: Section::Clause,
            reference,
            title: core.title.to_owned(),
            question,
        });
        for (ti, ii, _) in holders {
            if let Some(set) = merged.get_mut(ti) {
                set.insert(ii);
            }
        }
    }

    // Each standard's own items, in template order.
    for (t, done) in templates.iter().zip(&merged) {
        out.extend(
            t.items
                .iter()
                .enumerate()
                .filter(|(ii, _)| !done.contains(ii))
                .map(|(_, i)| single(t, i)),
        );
    }
    out
}

/// Number of items per standard code in an instantiated checklist (a merged item counts for
/// each of its standards): what progress per standard is measured against.
pub fn items_per_standard(items: &[AuditItem]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for i in items {
        for s in &i.standards {
            *counts.entry(s.as_str()).or_insert(0) += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_group_by_top_clause_and_control_group() {
        assert_eq!(
            item_group(ItemSection::Clause, "8.5.1"),
            ("clause-8".into(), "Clause 8 Operation".into())
        );
        assert_eq!(
            item_group(ItemSection::Clause, "10.2").1,
            "Clause 10 Improvement"
        );
        assert_eq!(
            item_group(ItemSection::Control, "A.6.2.4"),
            ("annex-A-6".into(), "Annex A, A.6".into())
        );
        assert_eq!(item_group(ItemSection::Readiness, "S1.01").0, "readiness");
        assert_eq!(item_group(ItemSection::FollowUp, "4.1").0, "follow-up");
        // An unusual reference still groups without panicking.
        assert_eq!(item_group(ItemSection::Clause, "").1, "Other clauses");
        assert_eq!(item_group(ItemSection::Control, "A").0, "annex-A");
    }

    const QMS: &str = "ISO 9001:2015";
    const EMS: &str = "ISO 14001:2015";
    const OHSMS: &str = "ISO 45001:2018";
    const ISMS: &str = "ISO/IEC 27001:2022";
    const AIMS: &str = "ISO/IEC 42001:2023";

    fn cat() -> Catalogue {
        Catalogue::builtin().expect("builtin catalogue is valid")
    }

    /// What generated clause questions begin with (hand-written ones do not).
    fn generic_clause_prefix() -> &'static str {
        let g = &guidance().stage_2.generic_clause;
        g.split("{number}").next().unwrap_or(g).trim_end()
    }

    fn tpl(code: &str, t: AuditType) -> Template {
        builtin(code, t).expect("built-in template")
    }

    fn refs(t: &Template, section: Section) -> Vec<&str> {
        t.items
            .iter()
            .filter(|i| i.section == section)
            .map(|i| i.reference.as_str())
            .collect()
    }

    fn find<'a>(items: &'a [AuditItem], section: Section, reference: &str) -> Vec<&'a AuditItem> {
        items
            .iter()
            .filter(|i| i.section == section && i.reference == reference)
            .collect()
    }

    fn is_soa(i: &TemplateItem) -> bool {
        i.title.contains("Statement of Applicability")
    }

    #[test]
    fn audit_type_names_and_audit_kinds() {
        for t in [AuditType::Stage1, AuditType::Stage2] {
            assert_eq!(AuditType::parse(t.as_str()), Some(t));
            let json = serde_json::to_string(&t).expect("serialize");
            assert_eq!(json, format!("\"{}\"", t.as_str()));
            assert_eq!(
                serde_json::from_str::<AuditType>(&json).expect("deserialize"),
                t
            );
        }
        assert_eq!(AuditType::Stage1.as_str(), "stage_1");
        assert_eq!(AuditType::Stage2.as_str(), "stage_2");
        assert_eq!(AuditType::parse("stage1"), None);
        assert_eq!(AuditType::parse("surveillance_1"), None);
        assert_eq!(
            AuditType::for_audit_kind("stage_1"),
            Some(AuditType::Stage1)
        );
        for kind in [
            "stage_2",
            "surveillance_1",
            "surveillance_2",
            "recertification",
        ] {
            assert_eq!(
                AuditType::for_audit_kind(kind),
                Some(AuditType::Stage2),
                "{kind}"
            );
        }
        for kind in ["", "special", "transfer", "Stage_1", "surveillance_3"] {
            assert_eq!(AuditType::for_audit_kind(kind), None, "{kind}");
        }
        for s in [Section::Readiness, Section::Clause, Section::Control] {
            assert_eq!(Section::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).expect("serialize"),
                format!("\"{}\"", s.as_str())
            );
        }
        assert_eq!(Section::parse("follow_up"), None);
    }

    #[test]
    fn aims_stage_2_has_every_clause_and_38_controls() {
        let c = cat();
        let ed = c.get(AIMS).expect("42001");
        let t = tpl(AIMS, AuditType::Stage2);
        assert_eq!(t.standard, AIMS);
        assert_eq!(t.audit_type, AuditType::Stage2);
        let want: Vec<(&str, &str)> = ed
            .clauses_flat()
            .iter()
            .map(|f| (f.clause.number.as_str(), f.clause.title.as_str()))
            .collect();
        let got: Vec<(&str, &str)> = t
            .items
            .iter()
            .filter(|i| i.section == Section::Clause)
            .map(|i| (i.reference.as_str(), i.title.as_str()))
            .collect();
        assert_eq!(
            got, want,
            "every clause, in catalogue order, with its title"
        );
        assert_eq!(got.len(), 43);
        let controls = refs(&t, Section::Control);
        assert_eq!(controls.len(), 38);
        let want: Vec<&str> = ed
            .controls_flat()
            .iter()
            .map(|f| f.control.number.as_str())
            .collect();
        assert_eq!(controls, want);
        assert!(refs(&t, Section::Readiness).is_empty());
        // Clauses come before controls.
        let first_control = t
            .items
            .iter()
            .position(|i| i.section == Section::Control)
            .expect("controls");
        assert!(
            t.items[first_control..]
                .iter()
                .all(|i| i.section == Section::Control)
        );
        let a624 = t
            .items
            .iter()
            .find(|i| i.reference == "A.6.2.4")
            .expect("A.6.2.4");
        assert_eq!(a624.title, "AI system verification and validation");
        assert!(a624.question.contains("A.6.2 AI system life cycle"));
        assert!(a624.question.contains("Statement of Applicability"));
    }

    #[test]
    fn isms_stage_2_has_93_controls_and_qms_none() {
        let isms = tpl(ISMS, AuditType::Stage2);
        assert_eq!(refs(&isms, Section::Control).len(), 93);
        assert_eq!(refs(&isms, Section::Clause).len(), 41);
        let a523 = isms
            .items
            .iter()
            .find(|i| i.section == Section::Control && i.reference == "A.5.23")
            .expect("A.5.23");
        assert_eq!(a523.title, "Information security for use of cloud services");
        let a812 = isms
            .items
            .iter()
            .find(|i| i.reference == "A.8.12")
            .expect("A.8.12");
        assert!(a812.question.contains("configurations"), "theme hint");

        let qms = tpl(QMS, AuditType::Stage2);
        assert!(refs(&qms, Section::Control).is_empty());
        assert_eq!(refs(&qms, Section::Clause).len(), 75);
        for code in [EMS, OHSMS] {
            assert!(refs(&tpl(code, AuditType::Stage2), Section::Control).is_empty());
        }
    }

    #[test]
    fn stage_1_has_the_seeds_and_soa_only_where_there_is_an_annex_a() {
        for code in [QMS, EMS, OHSMS] {
            let t = tpl(code, AuditType::Stage1);
            assert!(!t.items.iter().any(is_soa), "{code} has no SoA item");
            assert!(!t.items.iter().any(|i| i.question.contains("Annex A")));
        }
        for (code, n) in [(ISMS, 93), (AIMS, 38)] {
            let t = tpl(code, AuditType::Stage1);
            let soa: Vec<&TemplateItem> = t.items.iter().filter(|i| is_soa(i)).collect();
            assert_eq!(soa.len(), 1, "{code}");
            assert!(
                soa[0]
                    .question
                    .contains(&format!("all {n} Annex A controls")),
                "{}",
                soa[0].question
            );
        }
        for t in builtin_all()
            .iter()
            .filter(|t| t.audit_type == AuditType::Stage1)
        {
            assert!(t.items.iter().all(|i| i.section == Section::Readiness));
            let titles: Vec<&str> = t.items.iter().map(|i| i.title.as_str()).collect();
            for seed in [
                "Scope and justified exclusions",
                "Policy",
                "Objectives",
                "Legal register",
                "Internal audit programme and a completed internal audit",
                "Management review held",
                "Sites and shift patterns",
                "Effective number of personnel",
                "Outsourced processes",
                "Changes since the application",
                "Readiness for stage 2",
                "Stage 2 resources and arrangements agreed",
            ] {
                assert!(titles.contains(&seed), "{}: {seed}", t.standard);
            }
            // The family's own risk method, worded for the family.
            let family = cat().get(&t.standard).map(|e| e.family).expect("family");
            let first_own = format!("S1.{}.1", family_tag(family));
            let method = t
                .items
                .iter()
                .find(|i| i.reference == first_own)
                .expect("family item");
            let word = match t.standard.as_str() {
                QMS => "Risks and opportunities",
                EMS => "Environmental aspects",
                OHSMS => "Hazard identification",
                ISMS => "Information security risk",
                AIMS => "AI risk",
                other => panic!("unexpected {other}"),
            };
            assert!(method.title.starts_with(word), "{}", method.title);
        }
        let s1 = tpl(QMS, AuditType::Stage1);
        let personnel = s1
            .items
            .iter()
            .find(|i| i.reference == "S1.09")
            .expect("S1.09");
        assert!(personnel.question.contains("audit time"));
    }

    #[test]
    fn every_builtin_template_validates_with_unique_references() {
        let all = builtin_all();
        assert_eq!(all.len(), 10, "5 standards x 2 audit types");
        let c = cat();
        for ed in c.standards() {
            for at in [AuditType::Stage1, AuditType::Stage2] {
                let t = all
                    .iter()
                    .find(|t| t.standard == ed.code && t.audit_type == at)
                    .expect("in builtin_all");
                assert_eq!(Some(t), builtin(&ed.code, at).as_ref());
            }
        }
        for t in &all {
            t.validate()
                .unwrap_or_else(|e| panic!("{} {}: {e}", t.standard, t.audit_type.as_str()));
            let mut seen = HashSet::new();
            for i in &t.items {
                assert!(
                    seen.insert(i.reference.as_str()),
                    "{} {}: {} twice",
                    t.standard,
                    t.audit_type.as_str(),
                    i.reference
                );
            }
            // Every question is specific to its item.
            let questions: HashSet<&str> = t.items.iter().map(|i| i.question.as_str()).collect();
            assert_eq!(questions.len(), t.items.len(), "{}", t.name);
            for i in &t.items {
                // Certa's own guidance, asked as questions, never requirement text.
                assert!(i.question.contains('?'), "{}", i.question);
                assert!(
                    !i.question.contains(" shall "),
                    "{} {}",
                    t.standard,
                    i.reference
                );
                assert!(!i.question.contains("{ms}") && !i.question.contains("{controls}"));
            }
            assert!(t.name.starts_with(&t.standard));
        }
        assert!(builtin("ISO 50001:2018", AuditType::Stage1).is_none());
        assert!(builtin("", AuditType::Stage2).is_none());
    }

    #[test]
    fn placeholders_are_filled_once_and_others_kept() {
        assert_eq!(
            fill(
                "clause {number} '{title}'",
                &[("number", "4.1"), ("title", "Context")]
            ),
            "clause 4.1 'Context'"
        );
        // An inserted value is not filled again; unknown names and lone braces stay.
        assert_eq!(
            fill("{a} {b} {c} {", &[("a", "{b}"), ("b", "x")]),
            "{b} x {c} {"
        );
        assert_eq!(fill("", &[("a", "x")]), "");
    }

    #[test]
    fn the_guidance_data_has_every_question_the_templates_need() {
        let g = Guidance::builtin().expect("the guidance data parses and passes its checks");
        let c = cat();
        for ed in c.standards() {
            assert!(g.system_names.contains_key(&ed.family), "{}", ed.code);
            assert!(g.stage_1.family.contains_key(&ed.family), "{}", ed.code);
            for at in [AuditType::Stage1, AuditType::Stage2] {
                let t = tpl(&ed.code, at);
                assert!(!t.items.is_empty(), "{}", t.name);
                for i in &t.items {
                    assert!(!i.question.trim().is_empty(), "{} {}", t.name, i.reference);
                    assert!(
                        !i.question.contains('{') && !i.question.contains('}'),
                        "a placeholder is left in {} {}: {}",
                        t.name,
                        i.reference,
                        i.question
                    );
                }
            }
        }
        // A family's own guidance is for clauses its standards have.
        for (family, questions) in &g.stage_2.family {
            for q in questions {
                assert!(
                    c.standards()
                        .iter()
                        .any(|ed| ed.family == *family && ed.clause(&q.number).is_some()),
                    "{family:?} {}",
                    q.number
                );
            }
        }
        // Blank wording is refused.
        let mut blank = Guidance::builtin().expect("valid");
        if let Some(q) = blank.stage_2.core.first_mut() {
            q.question = " ".into();
        }
        assert!(blank.check().is_err());
        let mut missing = Guidance::builtin().expect("valid");
        missing.system_names.remove(&Family::Aims);
        assert!(missing.check().is_err());
    }

    #[test]
    fn core_and_top_level_clauses_have_hand_written_guidance() {
        let core_questions = &guidance().stage_2.core;
        for n in core_questions.iter().map(|q| &q.number) {
            assert!(harmonized_core().iter().any(|c| c.number == *n), "{n}");
        }
        for core in harmonized_core() {
            assert!(
                core_questions.iter().any(|q| q.number == core.number),
                "{}",
                core.number
            );
        }
        let c = cat();
        for ed in c.standards() {
            let t = tpl(&ed.code, AuditType::Stage2);
            let question = |n: &str| {
                t.items
                    .iter()
                    .find(|i| i.section == Section::Clause && i.reference == n)
                    .map(|i| i.question.as_str())
                    .expect("clause")
            };
            for core in harmonized_core() {
                if let Some(own) = ed.core_clause(core.number) {
                    let q = question(&own.number);
                    assert!(
                        !q.starts_with(generic_clause_prefix()),
                        "{} {}",
                        ed.code,
                        own.number
                    );
                }
            }
            // Core guidance names the family's management system.
            assert!(
                question("5.2").contains(system_name(ed.family)),
                "{}",
                ed.code
            );
        }
        let isms = tpl(ISMS, AuditType::Stage2);
        let q = |n: &str| {
            isms.items
                .iter()
                .find(|i| i.reference == n)
                .map(|i| i.question.clone())
                .expect("item")
        };
        assert!(q("6.1.3").contains("Statement of Applicability"));
        assert!(q("4.1").contains("climate change"), "27001 has Amd 1:2024");
        let aims = tpl(AIMS, AuditType::Stage2);
        let aims41 = aims
            .items
            .iter()
            .find(|i| i.reference == "4.1")
            .expect("4.1");
        assert!(
            !aims41.question.contains("climate"),
            "no amendment to 42001"
        );
        // A clause without hand-written guidance gets a generated question naming it.
        let qms = tpl(QMS, AuditType::Stage2);
        let q852 = qms
            .items
            .iter()
            .find(|i| i.reference == "8.5.2")
            .expect("8.5.2");
        assert!(q852.question.starts_with(generic_clause_prefix()));
        assert!(
            q852.question
                .contains("8.5.2 'Identification and traceability'")
        );
        assert!(
            q852.question
                .contains("part of 8.5 'Production and service provision'")
        );
        assert!(q852.question.contains("quality management system"));
    }

    #[test]
    fn one_template_instantiates_to_its_items() {
        for t in builtin_all() {
            let items = instantiate(std::slice::from_ref(&t));
            let want: Vec<AuditItem> = t
                .items
                .iter()
                .map(|i| AuditItem {
                    standards: vec![t.standard.clone()],
                    section: i.section,
                    reference: i.reference.clone(),
                    title: i.title.clone(),
                    question: i.question.clone(),
                })
                .collect();
            assert_eq!(items, want, "{}", t.name);
        }
        assert!(instantiate(&[]).is_empty());
    }

    #[test]
    fn an_integrated_stage_2_answers_shared_core_clauses_once() {
        let qms = tpl(QMS, AuditType::Stage2);
        let ems = tpl(EMS, AuditType::Stage2);
        let items = instantiate(&[qms.clone(), ems.clone()]);
        let both = vec![QMS.to_owned(), EMS.to_owned()];

        let c = cat();
        let shared = c.shared_core(&[QMS, EMS]).expect("known codes");
        // Merged items first, in core order.
        let merged: Vec<&AuditItem> = items.iter().take_while(|i| i.standards.len() > 1).collect();
        assert_eq!(merged.len(), shared.len());
        for (m, s) in merged.iter().zip(&shared) {
            assert_eq!(m.standards, both);
            assert_eq!(m.title, s.core.title);
            assert_eq!(m.section, Section::Clause);
        }
        assert!(items[merged.len()..].iter().all(|i| i.standards.len() == 1));
        // Nothing lost, nothing duplicated.
        assert_eq!(
            items.len(),
            qms.items.len() + ems.items.len() - shared.len()
        );
        assert_eq!(
            items_per_standard(&items),
            BTreeMap::from([(QMS, qms.items.len()), (EMS, ems.items.len())])
        );

        let ctx = find(&items, Section::Clause, "4.1");
        assert_eq!(ctx.len(), 1, "4.1 appears once");
        assert_eq!(ctx[0].standards, both);
        assert_eq!(
            ctx[0].title,
            "Understanding the organization and its context"
        );
        // One generic question for the integrated system.
        assert!(ctx[0].question.contains("management system"));
        assert!(!ctx[0].question.contains("quality"));
        assert!(!ctx[0].question.contains("environmental"));
        assert!(ctx[0].question.contains("every standard of this audit"));
        assert!(ctx[0].question.contains("climate change"), "both amended");
        let scope = find(&items, Section::Clause, "4.3");
        assert_eq!(
            scope[0].title,
            "Determining the scope of the management system"
        );

        // Own clauses stay with their standard.
        let own = find(&items, Section::Clause, "8.2");
        assert_eq!(own.len(), 2);
        assert_eq!(own[0].standards, [QMS]);
        assert_eq!(own[0].title, "Requirements for products and services");
        assert_eq!(own[1].standards, [EMS]);
        assert_eq!(own[1].title, "Emergency preparedness and response");
        // 6.3 exists only in ISO 9001; 9.2.1 only in ISO 14001.
        assert_eq!(find(&items, Section::Clause, "6.3")[0].standards, [QMS]);
        assert_eq!(find(&items, Section::Clause, "9.2.1")[0].standards, [EMS]);
        // Continual improvement is 10.3 in both; 10.1 General stays per standard.
        let ci = find(&items, Section::Clause, "10.3");
        assert_eq!(ci.len(), 1);
        assert_eq!(ci[0].standards, both);
        assert_eq!(ci[0].title, "Continual improvement");
        let general = find(&items, Section::Clause, "10.1");
        assert_eq!(general.len(), 2);
        assert!(general.iter().all(|i| i.standards.len() == 1));
        // Own items keep template order: all of ISO 9001's, then ISO 14001's.
        let own_standards: Vec<&str> = items[merged.len()..]
            .iter()
            .map(|i| i.standards[0].as_str())
            .collect();
        let split = own_standards.iter().position(|s| *s == EMS).expect("EMS");
        assert!(own_standards[..split].iter().all(|s| *s == QMS));
        assert!(own_standards[split..].iter().all(|s| *s == EMS));
    }

    #[test]
    fn differently_numbered_core_clauses_carry_each_number() {
        let items = instantiate(&[tpl(QMS, AuditType::Stage2), tpl(ISMS, AuditType::Stage2)]);
        let ci: Vec<&AuditItem> = items
            .iter()
            .filter(|i| i.title == "Continual improvement")
            .collect();
        assert_eq!(ci.len(), 1);
        assert_eq!(ci[0].reference, "10.3 / 10.1");
        assert_eq!(ci[0].reference_for(QMS), Some("10.3"));
        assert_eq!(ci[0].reference_for(ISMS), Some("10.1"));
        assert_eq!(ci[0].reference_for(AIMS), None);
        let ctx = find(&items, Section::Clause, "4.1");
        assert_eq!(ctx[0].reference_for(ISMS), Some("4.1"));
        // The 93 controls stay with ISO/IEC 27001.
        let controls: Vec<&AuditItem> = items
            .iter()
            .filter(|i| i.section == Section::Control)
            .collect();
        assert_eq!(controls.len(), 93);
        assert!(controls.iter().all(|i| i.standards == [ISMS]));
        // ISO/IEC 27001's 10.2 and ISO 9001's 10.2 are both core 10.2: merged.
        let nc = find(&items, Section::Clause, "10.2");
        assert_eq!(nc.len(), 1);
        assert_eq!(nc[0].standards, [QMS, ISMS]);
    }

    #[test]
    fn partially_amended_audits_hedge_the_climate_question() {
        let items = instantiate(&[tpl(ISMS, AuditType::Stage2), tpl(AIMS, AuditType::Stage2)]);
        let ctx = find(&items, Section::Clause, "4.1");
        assert_eq!(ctx.len(), 1);
        assert!(
            ctx[0]
                .question
                .contains(guidance().stage_2.climate.some.context.trim())
        );
        // ISO/IEC 42001's AI risk clauses stay its own.
        let risk = find(&items, Section::Clause, "8.2");
        assert_eq!(risk.len(), 2);
        assert_eq!(risk[1].title, "AI risk assessment");
    }

    #[test]
    fn edited_questions_survive_the_merge() {
        let mut qms = tpl(QMS, AuditType::Stage2);
        let ems = tpl(EMS, AuditType::Stage2);
        let edited = "Our own question on context?";
        qms.items
            .iter_mut()
            .find(|i| i.reference == "4.1")
            .expect("4.1")
            .question = edited.into();
        let ems_q = ems
            .items
            .iter()
            .find(|i| i.reference == "4.1")
            .map(|i| i.question.clone())
            .expect("4.1");
        let items = instantiate(&[qms, ems]);
        let ctx = find(&items, Section::Clause, "4.1");
        assert_eq!(ctx.len(), 1);
        assert_eq!(ctx[0].question, format!("[{QMS}] {edited} [{EMS}] {ems_q}"));
        // Untouched clauses still get the generic integrated question.
        let policy = find(&items, Section::Clause, "5.2");
        assert!(
            policy[0]
                .question
                .contains(guidance().stage_2.integrated_note.trim())
        );
    }

    #[test]
    fn an_integrated_stage_1_merges_readiness_items() {
        let isms = tpl(ISMS, AuditType::Stage1);
        let aims = tpl(AIMS, AuditType::Stage1);
        let items = instantiate(&[isms.clone(), aims.clone()]);
        let both = vec![ISMS.to_owned(), AIMS.to_owned()];
        let scope = find(&items, Section::Readiness, "S1.01");
        assert_eq!(scope.len(), 1, "one scope item for both");
        assert_eq!(scope[0].standards, both);
        assert_eq!(scope[0].title, "Scope and justified exclusions");
        assert_eq!(scope[0].question, isms.items[0].question);
        let common = guidance().stage_1.common_head.len() + guidance().stage_1.common_tail.len();
        assert!(items[..common].iter().all(|i| i.standards == both));
        assert_eq!(items[0].reference, "S1.01");
        // Each standard keeps its own Statement of Applicability and risk method.
        let soa: Vec<&AuditItem> = items
            .iter()
            .filter(|i| i.title == "Statement of Applicability")
            .collect();
        assert_eq!(soa.len(), 2);
        assert_eq!(soa[0].standards, [ISMS]);
        assert_eq!(soa[1].standards, [AIMS]);
        assert_eq!(
            items.len(),
            isms.items.len() + aims.items.len() - common,
            "only the common items are merged"
        );
        // A stage 1 for ISO 9001 + ISO 14001 + ISO 45001 merges them across all three.
        let three = instantiate(&[
            tpl(QMS, AuditType::Stage1),
            tpl(EMS, AuditType::Stage1),
            tpl(OHSMS, AuditType::Stage1),
        ]);
        let register = find(&three, Section::Readiness, "S1.05");
        assert_eq!(register.len(), 1);
        assert_eq!(register[0].standards, [QMS, EMS, OHSMS]);
    }

    #[test]
    fn readiness_merges_among_the_templates_that_have_the_reference() {
        let custom = |standard: &str, refs: &[(&str, &str)]| Template {
            standard: standard.into(),
            audit_type: AuditType::Stage1,
            name: format!("{standard} custom"),
            items: refs
                .iter()
                .map(|(r, q)| item(Section::Readiness, r, "Topic", (*q).to_owned()))
                .collect(),
        };
        let a = custom("ISO 50001:2018", &[("X.1", "Same?"), ("X.2", "A only?")]);
        let b = custom("ISO 22301:2019", &[("X.1", "Same?"), ("X.3", "B only?")]);
        let c = custom("ISO 37001:2016", &[("X.2", "Other wording?")]);
        let items = instantiate(&[a, b, c]);
        let refs: Vec<(&str, usize)> = items
            .iter()
            .map(|i| (i.reference.as_str(), i.standards.len()))
            .collect();
        assert_eq!(refs, [("X.1", 2), ("X.2", 2), ("X.3", 1)]);
        assert_eq!(items[0].question, "Same?");
        assert_eq!(
            items[1].question,
            "[ISO 50001:2018] A only? [ISO 37001:2016] Other wording?"
        );
        assert_eq!(items[1].standards, ["ISO 50001:2018", "ISO 37001:2016"]);
    }

    #[test]
    fn validate_reports_what_is_wrong() {
        let good = tpl(QMS, AuditType::Stage1);
        assert_eq!(good.validate(), Ok(()));
        let check = |edit: &dyn Fn(&mut Template), field: &str, needle: &str| {
            let mut t = good.clone();
            edit(&mut t);
            match t.validate() {
                Err(DomainError::Invalid {
                    field: f,
                    code,
                    message,
                }) => {
                    assert_eq!(code, "template_invalid");
                    assert_eq!(f, field, "{message}");
                    assert!(message.contains(needle), "{message}");
                }
                Ok(()) => panic!("accepted, expected {needle}"),
                Err(e) => panic!("several problems: {e}"),
            }
        };
        check(&|t| t.name = "  ".into(), "name", "must not be empty");
        check(
            &|t| t.name = "x".repeat(NAME_MAX + 1),
            "name",
            "longer than",
        );
        check(
            &|t| t.standard = String::new(),
            "standard",
            "must not be empty",
        );
        check(&|t| t.items.clear(), "items", "at least one item");
        check(
            &|t| t.items[2].reference = " ".into(),
            "items",
            "reference of item 3",
        );
        check(
            &|t| t.items[0].title = String::new(),
            "items",
            "title of item 1 (S1.01)",
        );
        check(
            &|t| t.items[0].title = "a\nb".into(),
            "items",
            "single line",
        );
        check(
            &|t| t.items[1].question = "\n".into(),
            "items",
            "question of item 2",
        );
        check(
            &|t| t.items[1].question = "q".repeat(QUESTION_MAX + 1),
            "items",
            "longer than",
        );
        check(
            &|t| t.items[3].reference = "S1.01".into(),
            "items",
            "S1.01 appears more than once",
        );
        // The same reference in another section is fine.
        let mut t = good.clone();
        t.items
            .push(item(Section::Clause, "S1.01", "A clause", "Why?".into()));
        assert_eq!(t.validate(), Ok(()));
    }

    #[test]
    fn templates_round_trip_through_json() {
        let t = tpl(AIMS, AuditType::Stage1);
        let json = serde_json::to_value(&t).expect("serialize");
        assert_eq!(json["audit_type"], "stage_1");
        assert_eq!(json["items"][0]["section"], "readiness");
        let back: Template = serde_json::from_value(json).expect("deserialize");
        assert_eq!(back, t);
    }

    #[test]
    fn template_sizes() {
        let sizes: Vec<(String, &str, usize)> = builtin_all()
            .iter()
            .map(|t| (t.standard.clone(), t.audit_type.as_str(), t.items.len()))
            .collect();
        let want = [
            (QMS, "stage_1", 17),
            (QMS, "stage_2", 75),
            (EMS, "stage_1", 17),
            (EMS, "stage_2", 45),
            (OHSMS, "stage_1", 17),
            (OHSMS, "stage_2", 56),
            (ISMS, "stage_1", 17),
            (ISMS, "stage_2", 41 + 93),
            (AIMS, "stage_1", 19),
            (AIMS, "stage_2", 43 + 38),
        ];
        let want: Vec<(String, &str, usize)> = want
            .iter()
            .map(|(c, t, n)| ((*c).to_owned(), *t, *n))
            .collect();
        assert_eq!(sizes, want);
    }
}
