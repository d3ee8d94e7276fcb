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
//! words: hand-written for the top-level clauses 4–10, every clause of the harmonized core
//! ([`harmonized_core`]) and the main discipline-specific clauses; generated from the number and
//! title for the rest. No requirement text of any standard is reproduced. Tenants copy and edit
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
use std::collections::{BTreeMap, HashSet};
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

const INVALID: &str = "template_invalid";

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
// Catalogue access and wording per family.

fn catalogue() -> Option<&'static Catalogue> {
    static CATALOGUE: OnceLock<Option<Catalogue>> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::builtin().ok()).as_ref()
}

fn edition(code: &str) -> Option<&'static StandardEdition> {
    catalogue().and_then(|c| c.get(code))
}

/// The name of the management system in questions.
fn system_name(family: Family) -> &'static str {
    match family {
        Family::Qms => "quality management system",
        Family::Ems => "environmental management system",
        Family::Ohsms => "OH&S management system",
        Family::Isms => "information security management system",
        Family::Aims => "AI management system",
    }
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

/// Stage 1 topics every standard has, with the same reference, title and question in every
/// template, so that an integrated stage 1 answers each once. `(reference, title, question)`.
const STAGE1_COMMON_HEAD: &[(&str, &str, &str)] = &[
    (
        "S1.01",
        "Scope and justified exclusions",
        "Is the scope of the management system documented with its boundaries (activities, products and services, sites, organizational units) and does it match the scope applied for? Is every exclusion, or requirement judged not applicable, justified, and is nothing left out that affects the ability to deliver the intended results?",
    ),
    (
        "S1.02",
        "Management-system documentation",
        "Is the documented information the standard asks for in place, approved and current, together with what the organization itself needs to run the system (process descriptions, procedures, records)? List gaps that must be closed before stage 2.",
    ),
    (
        "S1.03",
        "Policy",
        "Is there a policy approved by top management, dated, suited to the organization and to the standard audited, and communicated to staff? Does it give a frame for setting objectives?",
    ),
    (
        "S1.04",
        "Objectives",
        "Are objectives set for relevant functions, measurable where practicable, consistent with the policy, with owners, deadlines and a way of tracking them? Are first results available?",
    ),
];

/// Stage 1 topics every standard has, after the family's own topics.
const STAGE1_COMMON_TAIL: &[(&str, &str, &str)] = &[
    (
        "S1.05",
        "Legal register",
        "Is there a register of the legal, regulatory, contractual and other requirements that apply within the scope, with an owner and a way of keeping it current? Are the permits, licences and regulators relevant to each site identified?",
    ),
    (
        "S1.06",
        "Internal audit programme and a completed internal audit",
        "Is there an internal audit programme covering the whole scope and every requirement of the standard within the cycle, and has at least one complete internal audit been planned, carried out, reported and followed up? Are the internal auditors competent and independent of the work they audited?",
    ),
    (
        "S1.07",
        "Management review held",
        "Has at least one management review been held with top management, covering the expected inputs and ending in recorded decisions and actions? Is the record available for review?",
    ),
    (
        "S1.08",
        "Sites and shift patterns",
        "Is the list of sites (permanent and temporary, with addresses and activities) complete and consistent with the application? Are shift patterns and working hours known for each site, so that stage 2 can cover every shift in which relevant activities take place?",
    ),
    (
        "S1.09",
        "Effective number of personnel",
        "Does the effective number of personnel found (full-time equivalents including part-time, temporary and contracted staff, per site and shift) match the figure used to calculate the audit time? If not, record the figure found so the audit time can be recalculated before stage 2.",
    ),
    (
        "S1.10",
        "Outsourced processes",
        "Which processes are outsourced, to whom, and how does the organization control them? Are they covered by the management system, and does any of them need to be visited or sampled at stage 2?",
    ),
    (
        "S1.11",
        "Changes since the application",
        "Has anything changed since the application was reviewed (scope, sites, personnel numbers, processes, ownership, legal situation, key people)? Does any change affect the audit time, the team or the stage 2 plan?",
    ),
    (
        "S1.12",
        "Site conditions and interviews",
        "Were site-specific conditions seen, with at least part of stage 1 on the premises unless there is a recorded reason not to, and were personnel interviewed to judge readiness? Record the sites visited and the people interviewed.",
    ),
    (
        "S1.13",
        "Understanding of the standard's requirements",
        "Does the organization understand what the standard requires, in particular for its key performance indicators, significant aspects or risks, processes, objectives and operation? Note the areas where understanding is weak.",
    ),
    (
        "S1.14",
        "Readiness for stage 2",
        "Is implementation far enough along (internal audit and management review done, records building up) to justify going on to stage 2? List every area of concern that could become a nonconformity at stage 2 and confirm it is reported to the client in the stage 1 conclusions.",
    ),
    (
        "S1.15",
        "Stage 2 resources and arrangements agreed",
        "Are the resources and details of stage 2 agreed with the client: dates, sites and shifts to visit, team members and technical experts, people to be available, any remote activities? Is enough known to focus the stage 2 audit plan?",
    ),
];

/// Stage 1 topics of one family, with family-tagged references so that they stay per standard
/// in an integrated audit. `{controls}` is replaced by the edition's Annex A control count.
fn stage1_family(family: Family) -> &'static [(&'static str, &'static str)] {
    // (title, question); the reference is S1.<TAG>.<position>.
    match family {
        Family::Qms => &[
            (
                "Risks and opportunities: approach and results",
                "How does the organization determine the risks and opportunities that can affect the conformity of its products and services and the satisfaction of its customers? Are the results and the planned actions recorded?",
            ),
            (
                "Processes, products and services in scope",
                "Are the processes of the quality management system, their sequence and interactions, and the products and services in scope described? Is it clear whether design and development is in scope, and if not, why?",
            ),
        ],
        Family::Ems => &[
            (
                "Environmental aspects: method and significant aspects",
                "Has the organization identified the environmental aspects of its activities, products and services with a life-cycle perspective, set criteria for significance and determined its significant aspects? Are the results recorded and linked to objectives and operational controls?",
            ),
            (
                "Potential emergency situations",
                "Have potential emergency situations with environmental consequences been identified for each site, and are response plans prepared and, where practicable, tested?",
            ),
        ],
        Family::Ohsms => &[
            (
                "Hazard identification and OH&S risk assessment: method and results",
                "Is there a method for identifying hazards (routine and non-routine activities, people, workplace) and assessing OH&S risks and opportunities, and has it been applied across the scope? Are the results recorded and linked to controls and objectives?",
            ),
            (
                "Consultation and participation of workers",
                "How are non-managerial workers consulted and involved in the OH&S management system (hazard identification, incident investigation, objectives, training needs)? Confirm by talking to workers, not only to managers.",
            ),
        ],
        Family::Isms => &[
            (
                "Information security risk assessment and treatment: method and results",
                "Is there a defined method for assessing information security risks, with criteria for acceptance and risk owners, and has it been applied across the scope? Is there a risk treatment plan approved by the risk owners, with residual risks accepted?",
            ),
            (
                "Statement of Applicability",
                "Is there an approved, current Statement of Applicability covering all {controls} Annex A controls, with the reason for including or excluding each and its implementation status? Is it consistent with the risk treatment plan?",
            ),
        ],
        Family::Aims => &[
            (
                "AI risk assessment and treatment: method and results",
                "Is there a defined method for assessing the risks of the AI systems in scope, with criteria for acceptable risk, and has it been applied? Is there an AI risk treatment plan approved by management, with residual risks accepted?",
            ),
            (
                "AI system impact assessment: process and results",
                "Is there a process for assessing the potential consequences of the AI systems for individuals, groups and society, and have assessments been carried out and recorded for the systems in scope?",
            ),
            (
                "Statement of Applicability",
                "Is there an approved, current Statement of Applicability covering all {controls} Annex A controls, with the reason for including or excluding each and its implementation status? Is it consistent with the AI risk treatment plan?",
            ),
            (
                "Inventory of AI systems in scope",
                "Is there an inventory of the AI systems in scope, with the organization's role for each (for example developer, provider or user), their purpose and life-cycle stage? Does it agree with the scope statement?",
            ),
        ],
    }
}

fn stage1(ed: &StandardEdition) -> Vec<TemplateItem> {
    let common = |rows: &[(&str, &str, &str)]| -> Vec<TemplateItem> {
        rows.iter()
            .map(|(r, t, q)| item(Section::Readiness, r, t, (*q).to_owned()))
            .collect()
    };
    let tag = family_tag(ed.family);
    let controls = ed.control_count().to_string();
    let own = stage1_family(ed.family)
        .iter()
        .enumerate()
        .map(|(i, (t, q))| {
            item(
                Section::Readiness,
                &format!("S1.{tag}.{}", i + 1),
                t,
                q.replace("{controls}", &controls),
            )
        });
    let mut items = common(STAGE1_COMMON_HEAD);
    items.extend(own);
    items.extend(common(STAGE1_COMMON_TAIL));
    items
}

// ---------------------------------------------------------------------------------------------
// Stage 2.

/// Hand-written guidance for every clause of the harmonized core; `{ms}` is replaced by the
/// name of the management system ("AI management system", or "management system" when the
/// clause is answered for several standards at once).
const CORE_QUESTIONS: &[(&str, &str)] = &[
    (
        "4",
        "Has the organization set out the context of the {ms} (issues, interested parties, scope, processes) as a coherent whole that is kept current? Trace one issue through to the scope, the risks and the objectives.",
    ),
    (
        "4.1",
        "Which internal and external issues has the organization identified as relevant to the {ms}, how does it keep track of them, and where are they used (scope, risks, objectives)? Look for a dated analysis and evidence of its last review.",
    ),
    (
        "4.2",
        "Which interested parties are relevant to the {ms}, what needs and expectations of theirs has the organization identified, and which of them does it address through the {ms}? How is the list kept up to date?",
    ),
    (
        "4.3",
        "Is the scope of the {ms} documented with its boundaries (activities, products and services, sites, organizational units), and is every exclusion or requirement judged not applicable justified? Does it match the scope on the certificate request and what is seen on site?",
    ),
    (
        "4.4",
        "Are the processes of the {ms} and their interactions identified (inputs, outputs, owners, criteria, measures), and is there evidence that the system is maintained and improved, not only documented?",
    ),
    (
        "5",
        "Does top management take an active, visible part in the {ms}? Interview at least one member of top management and compare what they say with records of decisions, resources and reviews.",
    ),
    (
        "5.1",
        "How does top management lead the {ms}: integration into business processes, resources provided, direction given, accountability taken for its effectiveness? Which decisions or records show it in practice, beyond signatures on documents?",
    ),
    (
        "5.2",
        "Is the policy of the {ms} approved by top management, suited to the purpose of the organization, a frame for the objectives, and committed to meeting requirements and to improvement? Is it available, communicated and known by the people interviewed?",
    ),
    (
        "5.3",
        "Are responsibilities and authorities for the {ms} assigned and communicated, including who sees to its conformity with the standard and who reports on its performance to top management? Do the people interviewed know their roles?",
    ),
    (
        "6",
        "Does planning connect context, interested parties, risks and opportunities to objectives and actions? Pick one significant risk and follow it to an action and to an objective or a control.",
    ),
    (
        "6.1",
        "How does the organization determine the risks and opportunities of the {ms}, plan actions on them and check whether those actions worked? Look at the method, the latest results and the follow-up of at least two actions.",
    ),
    (
        "6.2",
        "Are measurable objectives of the {ms} set at relevant functions and levels, consistent with the policy, monitored and communicated? For a sample, is it clear what will be done, by whom, with what resources, by when, and how the results are evaluated?",
    ),
    (
        "6.3",
        "When the {ms} is changed, are the changes planned, with their purpose, consequences, resources and responsibilities considered? Ask for a recent change and how it was managed.",
    ),
    (
        "7",
        "Are the support processes of the {ms} (resources, competence, awareness, communication, documented information) adequate for the scope and working in practice?",
    ),
    (
        "7.1",
        "Has the organization determined and provided the resources (people, infrastructure, budget, tools) the {ms} needs? Look for signs of under-resourcing such as overdue actions or missed reviews.",
    ),
    (
        "7.2",
        "Are competence needs defined for the roles that affect the performance of the {ms}, and do records of education, training or experience support them for a sample of people? Where gaps were found, were actions taken and their effectiveness checked?",
    ),
    (
        "7.3",
        "Do people working under the organization's control know the policy, the objectives that concern them, how they contribute to the {ms} and what not following it leads to? Confirm by interviews at different levels.",
    ),
    (
        "7.4",
        "Has the organization decided what it communicates about the {ms}, when, to whom, by whom and how, internally and externally? Sample records of communications actually made.",
    ),
    (
        "7.5",
        "Does the documented information of the {ms} cover what the standard asks for and what the organization needs, and is it controlled throughout its life?",
    ),
    (
        "7.5.1",
        "Does the organization hold all the documented information the standard asks for, plus what it has decided it needs for the {ms} to work? Compare the document list with the size, complexity and scope of the organization.",
    ),
    (
        "7.5.2",
        "When documents and records are created or updated, are they identified (title, date, author or number), in a suitable format and medium, and reviewed and approved before use? Check a sample of recent revisions.",
    ),
    (
        "7.5.3",
        "Can people find the documented information they need when they need it, and is it kept confidential where required and safe from misuse, alteration or loss? Are distribution, access, storage, changes, retention and disposal controlled, and are documents of external origin identified and controlled?",
    ),
    (
        "8",
        "Are the operational processes of the {ms} planned, controlled and carried out as described, with criteria and records showing they ran as planned?",
    ),
    (
        "8.1",
        "Are criteria set for the processes of the {ms}, are the processes run and controlled to those criteria, and are records kept to show they were carried out as planned? Check how planned and unintended changes and outsourced processes are controlled.",
    ),
    (
        "9",
        "Does the organization evaluate the performance and effectiveness of the {ms} through monitoring, internal audit and management review, and act on the results?",
    ),
    (
        "9.1",
        "Has the organization decided what to monitor and measure for the {ms}, with which methods, when, by whom, and when the results are analysed and evaluated? Do the records show results being evaluated and used?",
    ),
    (
        "9.2",
        "Are internal audits of the {ms} carried out at planned intervals, covering the standard and the organization's own requirements, and do they find real problems?",
    ),
    (
        "9.2.1",
        "Do the internal audits check both conformity of the {ms} (with the standard and the organization's own rules) and whether it is effectively implemented? Review at least one complete audit with its report and findings.",
    ),
    (
        "9.2.2",
        "Is there an internal audit programme with frequency, methods, responsibilities and reporting, weighted by the importance of processes and earlier results? For a sample of audits: are criteria and scope defined, auditors objective and impartial, results reported to management and findings followed up?",
    ),
    (
        "9.3",
        "Does top management review the {ms} at planned intervals to confirm that it remains suitable, adequate and effective? Review the latest review record.",
    ),
    (
        "9.3.1",
        "Is there a plan or calendar for management reviews, and were reviews held as planned with top management taking part?",
    ),
    (
        "9.3.2",
        "Did the last management review consider every expected input: actions from earlier reviews, changes in issues and interested parties, performance (nonconformities, monitoring results, audit results, objectives) and opportunities for improvement? Note any input that is missing.",
    ),
    (
        "9.3.3",
        "Did the management review end in decisions on improvement and on changes needed to the {ms}, with actions, owners and dates? Is there documented evidence of the results and of their follow-up?",
    ),
    (
        "10",
        "Does the organization act on nonconformities and improve the {ms}, and can it show improvements made since the last audit?",
    ),
    (
        "10.1",
        "Can the organization show how it keeps improving the suitability, adequacy and effectiveness of the {ms}? Ask for examples of improvements and where they were decided.",
    ),
    (
        "10.2",
        "When a nonconformity occurs, does the organization react to it, find its cause, take corrective action in proportion to its effects, check that the action worked and keep records? Follow at least two nonconformities from detection to closure.",
    ),
];

/// Hand-written guidance for clauses of one family that are not (or not only) harmonized core
/// clauses: `(family, own clause number, question)`. Takes precedence over [`CORE_QUESTIONS`]
/// in that family's template.
const FAMILY_QUESTIONS: &[(Family, &str, &str)] = &[
    // ISO 9001.
    (
        Family::Qms,
        "5.1.1",
        "How does top management show leadership of the quality management system: accountability for its effectiveness, policy and objectives aligned with the strategy, process approach and risk-based thinking promoted, resources provided, people engaged? Which records show it?",
    ),
    (
        Family::Qms,
        "5.1.2",
        "How does top management keep the focus on customers: customer, legal and regulatory requirements determined and met, risks to conformity and customer satisfaction addressed? Look for evidence in reviews and decisions.",
    ),
    (
        Family::Qms,
        "7.1.5",
        "How are monitoring and measuring resources chosen, maintained and shown fit for purpose? Where traceable measurement is needed, are instruments calibrated or verified, identified and protected, and is action taken when one is found out of tolerance?",
    ),
    (
        Family::Qms,
        "7.1.6",
        "Has the organization determined the knowledge needed to run its processes and deliver conforming products and services, and how that knowledge is kept, shared and updated (lessons learned, people leaving)?",
    ),
    (
        Family::Qms,
        "8.2",
        "How are the requirements for products and services determined, reviewed before committing to the customer, and changed under control? Sample contracts or orders with their review records.",
    ),
    (
        Family::Qms,
        "8.3",
        "Does the organization design and develop products or services? If so, follow one project through planning, inputs, controls (reviews, verification, validation), outputs and changes; if not, is the exclusion justified in the scope?",
    ),
    (
        Family::Qms,
        "8.4",
        "How are external providers evaluated, selected, monitored and re-evaluated, and how are the type and extent of control over outsourced processes, products and services decided? Sample supplier evaluations and purchase orders.",
    ),
    (
        Family::Qms,
        "8.5",
        "Is production or service provision carried out under controlled conditions (documented criteria, suitable resources, monitoring, competent people, validation where output cannot be verified afterwards)? Observe the activity and check identification, traceability and preservation.",
    ),
    (
        Family::Qms,
        "8.6",
        "Are the planned checks done before products or services are released, with records of conformity to acceptance criteria and of who authorized the release?",
    ),
    (
        Family::Qms,
        "8.7",
        "How are nonconforming outputs identified and kept from unintended use or delivery, and are the nonconformity, the action taken, any concession and the person deciding recorded? Sample recent cases.",
    ),
    (
        Family::Qms,
        "9.1.2",
        "How does the organization find out how customers perceive the fulfilment of their needs and expectations, and what has it done with the results?",
    ),
    (
        Family::Qms,
        "9.1.3",
        "Are monitoring data analysed and evaluated, and are the results used to judge conformity, customer satisfaction, system performance, the effect of actions on risks, supplier performance and the need for improvement?",
    ),
    (
        Family::Qms,
        "10.1",
        "How does the organization identify and select opportunities for improvement of its products, services and quality management system, and act on them? Ask for examples from the last year and where they were decided.",
    ),
    // ISO 14001.
    (
        Family::Ems,
        "6.1.1",
        "Has the organization determined the risks and opportunities related to its environmental aspects, compliance obligations and other issues, including potential emergency situations, for the whole scope?",
    ),
    (
        Family::Ems,
        "6.1.2",
        "Has the organization identified the environmental aspects it can control or influence, with their impacts and a life-cycle perspective, and determined the significant ones with documented criteria? Are the results kept current, including for planned changes?",
    ),
    (
        Family::Ems,
        "6.1.3",
        "Are the compliance obligations related to the environmental aspects identified, accessible and kept up to date, and is it clear how each applies? Compare the register with the permits and the legislation for each site.",
    ),
    (
        Family::Ems,
        "6.1.4",
        "Are actions planned on significant aspects, compliance obligations and risks and opportunities, built into the processes of the environmental management system, and is their effectiveness evaluated?",
    ),
    (
        Family::Ems,
        "8.2",
        "Has the organization identified potential emergency situations, planned its response, tested it periodically and reviewed it after tests or real events? Check drill records and the equipment on site.",
    ),
    (
        Family::Ems,
        "9.1.2",
        "Is compliance with each compliance obligation evaluated at planned intervals, are the results recorded and acted on, and does the organization know its compliance status? Sample evaluations against the register.",
    ),
    (
        Family::Ems,
        "10.1",
        "How does the organization identify and select opportunities for improvement of its environmental performance and management system, and act on them? Ask for examples from the last year and where they were decided.",
    ),
    // ISO 45001.
    (
        Family::Ohsms,
        "5.4",
        "How are workers and their representatives at all levels consulted and able to take part in the OH&S management system (hazard identification, incident investigation, objectives, training needs), and what obstacles to participation were removed? Interview non-managerial workers.",
    ),
    (
        Family::Ohsms,
        "6.1.2",
        "Are hazards identified continually and proactively, covering routine and non-routine activities, people and the workplace, and are OH&S risks and opportunities assessed with a documented method? Walk the site and compare with a sample of assessments.",
    ),
    (
        Family::Ohsms,
        "6.1.3",
        "Are the legal and other requirements that apply to the hazards, the OH&S risks and the OH&S management system identified, accessible and kept up to date?",
    ),
    (
        Family::Ohsms,
        "8.1.2",
        "Are hazards eliminated and OH&S risks reduced following the order elimination, substitution, engineering controls, administrative controls, personal protective equipment? Check examples on site.",
    ),
    (
        Family::Ohsms,
        "8.1.3",
        "Are temporary and permanent changes that affect OH&S performance (new processes, equipment, legislation, knowledge) planned and controlled, and are the consequences of unintended changes reviewed?",
    ),
    (
        Family::Ohsms,
        "8.1.4",
        "Is procurement controlled so that purchased products and services, contractors and outsourced functions meet the OH&S requirements? Check how contractors are selected and coordinated on site.",
    ),
    (
        Family::Ohsms,
        "8.2",
        "Has the organization identified potential emergency situations, planned its response (including first aid), trained people, tested the response periodically and reviewed it after tests or real events? Check drill records and the equipment on site.",
    ),
    (
        Family::Ohsms,
        "9.1.2",
        "Is compliance with legal and other requirements evaluated at planned intervals, are the results recorded and acted on, and does the organization know its compliance status?",
    ),
    (
        Family::Ohsms,
        "10.1",
        "How does the organization identify and select opportunities for improvement of its OH&S performance and management system, and act on them? Ask for examples from the last year and where they were decided.",
    ),
    (
        Family::Ohsms,
        "10.2",
        "When an incident or nonconformity occurs, is it reported in time, investigated with the participation of workers, its causes determined, corrective action taken following the hierarchy of controls and its effectiveness reviewed? Follow at least two cases from report to closure.",
    ),
    // ISO/IEC 27001.
    (
        Family::Isms,
        "6.1.2",
        "Is there a defined information security risk assessment process, with criteria for accepting risks and for carrying out assessments, so that repeated assessments can be compared, and with a named owner for each risk? Review the method and the latest results.",
    ),
    (
        Family::Isms,
        "6.1.3",
        "Does risk treatment select options, determine the controls needed and compare them with Annex A? Is there a Statement of Applicability with the reason for each inclusion and exclusion and the implementation status, and a treatment plan approved by the risk owners, who also accepted the residual risks?",
    ),
    (
        Family::Isms,
        "8.2",
        "Are information security risk assessments carried out at planned intervals and when significant changes are proposed or occur, with the results kept? Compare the latest results with the changes since the previous assessment.",
    ),
    (
        Family::Isms,
        "8.3",
        "Is the risk treatment plan being carried out as planned, and are the results kept? Sample treatment actions and verify their status.",
    ),
    // ISO/IEC 42001.
    (
        Family::Aims,
        "6.1.2",
        "Is there a defined AI risk assessment process, informed by the AI policy and objectives, with criteria for acceptable risk, that identifies, analyses and evaluates the risks of the AI systems in scope, including consequences for the organization, individuals and society? Review the method and the latest results.",
    ),
    (
        Family::Aims,
        "6.1.3",
        "Does AI risk treatment select options, determine the controls needed and compare them with Annex A? Is there a Statement of Applicability with the reason for each inclusion and exclusion, and a treatment plan approved by management, with residual risks accepted?",
    ),
    (
        Family::Aims,
        "6.1.4",
        "Is there a process for assessing the potential consequences of the AI systems for individuals, groups and society over their life cycle, and are the results recorded and used in risk assessment? Sample the assessment of one AI system.",
    ),
    (
        Family::Aims,
        "8.2",
        "Are AI risk assessments carried out at planned intervals and when significant changes are proposed or occur, with the results kept?",
    ),
    (
        Family::Aims,
        "8.3",
        "Is the AI risk treatment plan being carried out, are new or changed controls checked for effectiveness, and are the results kept?",
    ),
    (
        Family::Aims,
        "8.4",
        "Are AI system impact assessments carried out at planned intervals and when significant changes are proposed or occur, with the results kept?",
    ),
];

/// Sentence added to the guidance for 4.1 / 4.2 where the climate-action amendment applies.
const CLIMATE_4_1: &str =
    " Has the organization decided whether climate change is a relevant issue, and recorded why?";
const CLIMATE_4_2: &str = " Are climate-related expectations of interested parties considered?";
const CLIMATE_4_1_SOME: &str = " For the standards of this audit amended for climate action: has the organization decided whether climate change is a relevant issue?";
const CLIMATE_4_2_SOME: &str = " For the standards of this audit amended for climate action: are climate-related expectations of interested parties considered?";

/// Appended to the guidance of a clause answered once for several standards.
const INTEGRATED_NOTE: &str =
    " Answered once for every standard of this audit: name the standards concerned in any finding.";

/// Prefix of generated clause questions (used by tests to tell them from hand-written ones).
const GENERIC_CLAUSE_PREFIX: &str = "How does the organization meet clause";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Climate {
    None,
    Some,
    All,
}

fn core_question(number: &str, ms: &str, climate: Climate) -> Option<String> {
    let (_, q) = CORE_QUESTIONS.iter().find(|(n, _)| *n == number)?;
    let mut q = q.replace("{ms}", ms);
    let extra = match (number, climate) {
        ("4.1", Climate::All) => CLIMATE_4_1,
        ("4.2", Climate::All) => CLIMATE_4_2,
        ("4.1", Climate::Some) => CLIMATE_4_1_SOME,
        ("4.2", Climate::Some) => CLIMATE_4_2_SOME,
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
    let c = f.clause;
    let ms = system_name(ed.family);
    let parent = f
        .path
        .len()
        .checked_sub(2)
        .and_then(|i| f.path.get(i))
        .and_then(|p| ed.clause(p));
    let within = parent.map_or_else(String::new, |p| {
        format!(" (part of {} '{}')", p.number, p.title)
    });
    format!(
        "{GENERIC_CLAUSE_PREFIX} {} '{}'{within} in its {ms}? Which documented information, records and interviews show that it is implemented and effective?",
        c.number, c.title
    )
}

/// The guidance question of the built-in stage 2 template for a clause of an edition.
fn clause_question(ed: &StandardEdition, f: &FlatClause<'_>) -> String {
    let number = f.clause.number.as_str();
    if let Some((_, _, q)) = FAMILY_QUESTIONS
        .iter()
        .find(|(fam, n, _)| *fam == ed.family && *n == number)
    {
        return (*q).to_owned();
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
    let c = f.control;
    let group = f
        .groups
        .last()
        .map_or_else(String::new, |g| format!(" ({} {})", g.number, g.title));
    let hint = match (ed.family, f.theme().map(|g| g.number.as_str())) {
        (Family::Isms, Some("A.5")) => {
            " Interview the control owner and sample the procedures and records behind it."
        }
        (Family::Isms, Some("A.6")) => " Sample personnel records and interview staff.",
        (Family::Isms, Some("A.7")) => " Observe the premises and equipment on site.",
        (Family::Isms, Some("A.8")) => {
            " Look at system configurations, logs or reports, not only at documents."
        }
        (Family::Aims, _) => " Sample at least one AI system in scope.",
        _ => "",
    };
    format!(
        "Is control {} '{}'{group} applicable according to the Statement of Applicability? If so, is it implemented as described and effective, and which records show it; if not, is the exclusion justified?{hint}",
        c.number, c.title
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
    let (name, items) = match audit_type {
        AuditType::Stage1 => ("stage 1: documentation and readiness", stage1(ed)),
        AuditType::Stage2 => ("stage 2: implementation and effectiveness", stage2(ed)),
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
        let generic = core_question(core.number, "management system", climate)
            .map(|q| format!("{q}{INTEGRATED_NOTE}"));
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

    const QMS: &str = "ISO 9001:2015";
    const EMS: &str = "ISO 14001:2015";
    const OHSMS: &str = "ISO 45001:2018";
    const ISMS: &str = "ISO/IEC 27001:2022";
    const AIMS: &str = "ISO/IEC 42001:2023";

    fn cat() -> Catalogue {
        Catalogue::builtin().expect("builtin catalogue is valid")
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
    fn core_and_top_level_clauses_have_hand_written_guidance() {
        for (n, _) in CORE_QUESTIONS {
            assert!(harmonized_core().iter().any(|c| c.number == *n), "{n}");
        }
        for core in harmonized_core() {
            assert!(
                CORE_QUESTIONS.iter().any(|(n, _)| *n == core.number),
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
                        !q.starts_with(GENERIC_CLAUSE_PREFIX),
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
        assert!(q852.question.starts_with(GENERIC_CLAUSE_PREFIX));
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
        assert!(ctx[0].question.contains(CLIMATE_4_1_SOME.trim()));
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
        assert!(policy[0].question.contains(INTEGRATED_NOTE.trim()));
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
        let common = STAGE1_COMMON_HEAD.len() + STAGE1_COMMON_TAIL.len();
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
