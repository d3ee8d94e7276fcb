//! The standards catalogue: global, versioned reference data for the management-system
//! standards Certa certifies against, with their clause trees (clauses 4–10) and, where the
//! standard has one, the Annex A control set. Checklists, audit plans and findings refer to
//! entries of this catalogue by standard code and clause or control number.
//!
//! The data lives in `crates/domain/data/standards/*.json` (one file per standard edition, shape documented
//! in `crates/domain/data/standards/README.md`) and is embedded in the binary with `include_str!`. It holds
//! **numbers and titles only**: requirement text is copyrighted by ISO and IEC (domain
//! reference §"How to read the tags"), so titles are capped in length to keep paragraphs out.
//!
//! Where the structures come from (each data file's `references` names its listings):
//! - ISO/IEC 42001:2023 clauses and the 38 Annex A controls in A.2–A.10: §4.1;
//! - ISO/IEC 27001:2022 clause outline and the 93 Annex A controls in four themes
//!   (5 Organizational 37, 6 People 8, 7 Physical 14, 8 Technological 34): §4.2;
//! - ISO 9001:2015 clauses: §4.3; ISO 14001:2015: the few sub-clauses named in §4.3;
//! - ISO 45001:2018 and every title §4 does not spell out: general knowledge of the published
//!   tables of contents.
//!
//! Every entry carries a [`Source`] (`"reference"` or `"general"`) so that a reviewer with a
//! licensed copy knows what to check. Each edition keeps a SHA-256 [`fingerprint`] of its
//! data file: whatever is built on an edition (a checklist template, a finding) can record
//! it, which is how "immutable once used" (a standard edition that something was built on
//! never changes) is checked later.
//!
//! [`fingerprint`]: StandardEdition::fingerprint

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The embedded data files: `(file name, contents)`, one per standard edition, in the order
/// the catalogue lists them.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "iso-9001-2015.json",
        include_str!("../data/standards/iso-9001-2015.json"),
    ),
    (
        "iso-14001-2015.json",
        include_str!("../data/standards/iso-14001-2015.json"),
    ),
    (
        "iso-45001-2018.json",
        include_str!("../data/standards/iso-45001-2018.json"),
    ),
    (
        "iso-iec-27001-2022.json",
        include_str!("../data/standards/iso-iec-27001-2022.json"),
    ),
    (
        "iso-iec-42001-2023.json",
        include_str!("../data/standards/iso-iec-42001-2023.json"),
    ),
];

/// Longest accepted title of a clause, control or group. The longest published title in
/// the catalogue is under 90 characters; a longer value is most likely requirement text.
pub const TITLE_MAX: usize = 120;

/// Longest accepted reviewer note on an entry.
pub const NOTE_MAX: usize = 300;

/// Exact Annex A control counts, per top-level group, that the validator enforces for the
/// standards that have an Annex A. ISO/IEC 42001:2023: 38 controls in A.2–A.10 (domain
/// reference §4.1, "3 + 2 + 5 + 4 + 9 + 5 + 4 + 3 + 3 = 38"); ISO/IEC 27001:2022: 93 controls
/// in four themes, 37/8/14/34 (ISO/IEC 27001:2022 Annex A).
pub const EXPECTED_CONTROLS: &[(&str, &[(&str, usize)])] = &[
    (
        "ISO/IEC 42001:2023",
        &[
            ("A.2", 3),
            ("A.3", 2),
            ("A.4", 5),
            ("A.5", 4),
            ("A.6", 9),
            ("A.7", 5),
            ("A.8", 4),
            ("A.9", 3),
            ("A.10", 3),
        ],
    ),
    (
        "ISO/IEC 27001:2022",
        &[("A.5", 37), ("A.6", 8), ("A.7", 14), ("A.8", 34)],
    ),
];

/// Where an entry's number and title come from, for the reviewer with a licensed copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Source {
    /// Checked against a published listing with this number and title (the ISO preview table
    /// of contents, a published clause or control list, a certification body's checklist).
    #[serde(rename = "reference")]
    Reference,
    /// Given by no such listing: general knowledge of the published table of contents.
    /// Check these first.
    #[serde(rename = "general")]
    General,
}

impl Source {
    /// Stable name, as written in the data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Reference => "reference",
            Source::General => "general",
        }
    }
}

/// Management-system family of a standard (the audit-time tables differ per family).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Family {
    /// Quality (ISO 9001).
    #[serde(rename = "QMS")]
    Qms,
    /// Environmental (ISO 14001).
    #[serde(rename = "EMS")]
    Ems,
    /// Occupational health and safety (ISO 45001).
    #[serde(rename = "OH&SMS")]
    Ohsms,
    /// Information security (ISO/IEC 27001).
    #[serde(rename = "ISMS")]
    Isms,
    /// Artificial intelligence (ISO/IEC 42001).
    #[serde(rename = "AIMS")]
    Aims,
}

/// Which edition of the common management-system structure a standard follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Structure {
    /// The harmonized structure (ISO/IEC Directives, Consolidated ISO Supplement, Annex SL
    /// Appendix 2, 2021 onwards): ISO/IEC 27001:2022 and ISO/IEC 42001:2023. Every
    /// [`harmonized_core`] clause exists with its own number.
    Harmonized,
    /// The earlier high-level structure (Annex SL, 2012): ISO 9001:2015, ISO 14001:2015,
    /// ISO 45001:2018. Mostly the same numbers, but clause 10 reads 10.1 General,
    /// 10.2 Nonconformity and corrective action, 10.3 Continual improvement, and 6.3 may be
    /// absent; `core_overrides` in the data file maps the differences.
    HighLevel,
}

/// An amendment to the edition that leaves clause numbers and titles unchanged (e.g. the
/// 2024 climate-action amendments to clauses 4.1 and 4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// Full designation, e.g. `ISO 9001:2015/Amd 1:2024`.
    pub designation: String,
    /// Its title.
    pub title: String,
    /// Where this entry comes from.
    pub source: Source,
    /// A reviewer note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A clause or sub-clause: number and title, with its sub-clauses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    /// Dotted number, e.g. `7.5.1`; a child's number is its parent's plus one segment.
    pub number: String,
    /// Published title (no requirement text).
    pub title: String,
    /// Where this entry comes from.
    pub source: Source,
    /// A reviewer note (e.g. how published listings word it differently).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Titled sub-clauses, in order. Untitled numbered paragraphs (e.g. ISO 9001 4.4.1) are
    /// not listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Clause>,
}

/// An Annex A control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    /// Number, e.g. `A.5.23` or `A.6.2.4`; it extends its group's number by one segment.
    pub number: String,
    /// Published title (no control text).
    pub title: String,
    /// Where this entry comes from.
    pub source: Source,
    /// A reviewer note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A group of Annex A controls: a theme (ISO/IEC 27001:2022 A.5–A.8) or a control objective
/// (ISO/IEC 42001:2023 A.2–A.10, where A.6 holds two objectives, A.6.1 and A.6.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlGroup {
    /// Number, e.g. `A.5` or `A.6.1`.
    pub number: String,
    /// Title of the theme or topic.
    pub title: String,
    /// Where this entry comes from.
    pub source: Source,
    /// A reviewer note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Nested groups (ISO/IEC 42001 A.6.1 and A.6.2), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ControlGroup>,
    /// The group's own controls, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<Control>,
}

impl ControlGroup {
    /// Controls in this group and its nested groups.
    pub fn control_count(&self) -> usize {
        self.controls.len()
            + self
                .groups
                .iter()
                .map(ControlGroup::control_count)
                .sum::<usize>()
    }
}

/// The Annex A control set of a standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexA {
    /// Title of the annex.
    pub title: String,
    /// Where the annex title comes from.
    pub source: Source,
    /// Top-level groups (themes or topics), in order.
    pub groups: Vec<ControlGroup>,
}

/// One standard edition: identity, clause tree and optional Annex A. Obtained validated
/// from a [`Catalogue`] or from [`parse_standard`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardEdition {
    /// Unique code, `<designation>:<edition>`, e.g. `ISO/IEC 27001:2022`; the same codes
    /// the audit-time tables use.
    pub code: String,
    /// Full title of the standard.
    pub title: String,
    /// Edition year, the part of the code after the colon.
    pub edition: String,
    /// Amendments that do not change numbers or titles.
    #[serde(default)]
    pub amendments: Vec<Amendment>,
    /// Management-system family.
    pub family: Family,
    /// Common structure followed.
    pub structure: Structure,
    /// Revision of this data file, starting at 1; raised whenever an entry is corrected.
    pub revision: u32,
    /// Where the structure as a whole comes from (each entry has its own source too).
    pub source: Source,
    /// Human-readable citations of the listings the entries were checked against.
    #[serde(default)]
    pub references: Vec<String>,
    /// High-level-structure standards only: harmonized core clause number → this standard's
    /// clause number implementing it, or `null` when it has none (e.g. ISO 9001:2015
    /// `"10.1": "10.3"`, continual improvement). Core clauses not listed map to the clause
    /// with the same number, if any.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub core_overrides: BTreeMap<String, Option<String>>,
    /// Top-level clauses 4 to 10, in order (1–3, scope, references and terms, hold no
    /// auditable requirements and are not listed).
    pub clauses: Vec<Clause>,
    /// Annex A controls, for standards that have them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annex_a: Option<AnnexA>,
    /// SHA-256 (hex) of the data file this edition was read from.
    #[serde(skip)]
    fingerprint: String,
}

/// Flattened clause: the clause with its path (parents' numbers and its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatClause<'a> {
    /// The clause.
    pub clause: &'a Clause,
    /// Numbers from the top-level clause down to this one, e.g. `["7", "7.5", "7.5.1"]`.
    pub path: Vec<&'a str>,
}

impl FlatClause<'_> {
    /// Depth in the tree: 0 for a top-level clause.
    pub fn depth(&self) -> usize {
        self.path.len().saturating_sub(1)
    }
}

/// Flattened control: the control with the numbers of the groups above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatControl<'a> {
    /// The control.
    pub control: &'a Control,
    /// The groups from the top-level theme or topic down to the control's own group.
    pub groups: Vec<&'a ControlGroup>,
}

impl FlatControl<'_> {
    /// The top-level group (27001 theme, 42001 topic).
    pub fn theme(&self) -> Option<&ControlGroup> {
        self.groups.first().copied()
    }

    /// Numbers from the top-level group down to the control, e.g. `["A.6", "A.6.2", "A.6.2.4"]`.
    pub fn path(&self) -> Vec<&str> {
        self.groups
            .iter()
            .map(|g| g.number.as_str())
            .chain(std::iter::once(self.control.number.as_str()))
            .collect()
    }
}

impl StandardEdition {
    /// SHA-256 (hex) of the data file: record it with anything built on this edition.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Every clause, depth first in document order, with its path.
    pub fn clauses_flat(&self) -> Vec<FlatClause<'_>> {
        fn walk<'a>(nodes: &'a [Clause], path: &mut Vec<&'a str>, out: &mut Vec<FlatClause<'a>>) {
            for c in nodes {
                path.push(&c.number);
                out.push(FlatClause {
                    clause: c,
                    path: path.clone(),
                });
                walk(&c.children, path, out);
                path.pop();
            }
        }
        let mut out = Vec::new();
        walk(&self.clauses, &mut Vec::new(), &mut out);
        out
    }

    /// Every Annex A control in document order, with its groups (empty without Annex A).
    pub fn controls_flat(&self) -> Vec<FlatControl<'_>> {
        fn walk<'a>(
            groups: &'a [ControlGroup],
            chain: &mut Vec<&'a ControlGroup>,
            out: &mut Vec<FlatControl<'a>>,
        ) {
            for g in groups {
                chain.push(g);
                for c in &g.controls {
                    out.push(FlatControl {
                        control: c,
                        groups: chain.clone(),
                    });
                }
                walk(&g.groups, chain, out);
                chain.pop();
            }
        }
        let mut out = Vec::new();
        if let Some(annex) = &self.annex_a {
            walk(&annex.groups, &mut Vec::new(), &mut out);
        }
        out
    }

    /// The clause with this number, at any depth.
    pub fn clause(&self, number: &str) -> Option<&Clause> {
        fn find<'a>(nodes: &'a [Clause], number: &str) -> Option<&'a Clause> {
            for c in nodes {
                if c.number == number {
                    return Some(c);
                }
                // Only descend into the branch the number belongs to.
                if is_under(number, &c.number) {
                    return find(&c.children, number);
                }
            }
            None
        }
        find(&self.clauses, number)
    }

    /// The Annex A control with this number (`A.5.23`).
    pub fn control(&self, number: &str) -> Option<&Control> {
        self.controls_flat()
            .into_iter()
            .map(|f| f.control)
            .find(|c| c.number == number)
    }

    /// Number of Annex A controls (0 without Annex A).
    pub fn control_count(&self) -> usize {
        self.annex_a.as_ref().map_or(0, |a| {
            a.groups.iter().map(ControlGroup::control_count).sum()
        })
    }

    /// The clause of this standard that implements the [`harmonized_core`] clause
    /// `core_number`: `core_overrides` first, else the clause with the same number.
    /// `None` when the standard has no such clause or `core_number` is not a core clause.
    pub fn core_clause(&self, core_number: &str) -> Option<&Clause> {
        if !harmonized_core().iter().any(|c| c.number == core_number) {
            return None;
        }
        match self.core_overrides.get(core_number) {
            Some(Some(own)) => self.clause(own),
            Some(None) => None,
            None => self.clause(core_number),
        }
    }
}

/// A clause of the harmonized structure, with its generic title (the discipline word,
/// "quality", "AI", …, left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CoreClause {
    /// Number in the harmonized structure.
    pub number: &'static str,
    /// Generic title.
    pub title: &'static str,
}

const fn core(number: &'static str, title: &'static str) -> CoreClause {
    CoreClause { number, title }
}

/// The clauses every harmonized-structure standard shares (ISO/IEC Directives, Consolidated
/// ISO Supplement, Annex SL Appendix 2, which ISO/IEC 27001:2022 and ISO/IEC 42001:2023 both
/// follow): the top-level clauses 4–10 and their common sub-clauses.
/// Discipline-specific sub-clauses (27001 6.1.1–6.1.3, 42001 6.1.4, 8.2–8.4, all of 9001 8.2–8.7)
/// are not core. An integrated audit (IAF MD 11) answers a core clause once for all standards
/// of the audit; [`Catalogue::shared_core`] finds each standard's own clause for it.
pub fn harmonized_core() -> &'static [CoreClause] {
    const CORE: &[CoreClause] = &[
        core("4", "Context of the organization"),
        core("4.1", "Understanding the organization and its context"),
        core(
            "4.2",
            "Understanding the needs and expectations of interested parties",
        ),
        core("4.3", "Determining the scope of the management system"),
        core("4.4", "Management system"),
        core("5", "Leadership"),
        core("5.1", "Leadership and commitment"),
        core("5.2", "Policy"),
        core("5.3", "Roles, responsibilities and authorities"),
        core("6", "Planning"),
        core("6.1", "Actions to address risks and opportunities"),
        core("6.2", "Objectives and planning to achieve them"),
        core("6.3", "Planning of changes"),
        core("7", "Support"),
        core("7.1", "Resources"),
        core("7.2", "Competence"),
        core("7.3", "Awareness"),
        core("7.4", "Communication"),
        core("7.5", "Documented information"),
        core("7.5.1", "General"),
        core("7.5.2", "Creating and updating documented information"),
        core("7.5.3", "Control of documented information"),
        core("8", "Operation"),
        core("8.1", "Operational planning and control"),
        core("9", "Performance evaluation"),
        core("9.1", "Monitoring, measurement, analysis and evaluation"),
        core("9.2", "Internal audit"),
        core("9.2.1", "General"),
        core("9.2.2", "Internal audit programme"),
        core("9.3", "Management review"),
        core("9.3.1", "General"),
        core("9.3.2", "Management review inputs"),
        core("9.3.3", "Management review results"),
        core("10", "Improvement"),
        core("10.1", "Continual improvement"),
        core("10.2", "Nonconformity and corrective action"),
    ];
    CORE
}

/// A harmonized core clause present in every standard asked about, with each standard's own
/// clause for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedClause<'a> {
    /// The core clause.
    pub core: &'static CoreClause,
    /// `(standard code, its clause)`, in the order the codes were given.
    pub clauses: Vec<(&'a str, &'a Clause)>,
}

/// Why the catalogue or one of its files was refused. Messages name the file or standard
/// and the entry, so a data error can be fixed without reading code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    /// The file is not valid JSON of the documented shape (unknown keys included).
    #[error("{file}: not a valid standard file: {message}")]
    Parse {
        /// File name.
        file: String,
        /// serde_json's message, with line and column.
        message: String,
    },
    /// Two files declare the same standard code.
    #[error("standard code {code} is declared twice ({first} and {second})")]
    DuplicateCode {
        /// The code.
        code: String,
        /// First file.
        first: String,
        /// Second file.
        second: String,
    },
    /// A clause, group or control number occurs twice within a standard.
    #[error("{code}: number {number} appears more than once")]
    DuplicateNumber {
        /// Standard code.
        code: String,
        /// The repeated number.
        number: String,
    },
    /// A number is malformed, not numbered under its parent, or out of sequence.
    #[error("{code}: {number}: {message}")]
    BadNumber {
        /// Standard code.
        code: String,
        /// The offending number.
        number: String,
        /// What is wrong.
        message: String,
    },
    /// An Annex A count differs from the published one.
    #[error("{code}: {scope} has {found} controls, expected {expected}")]
    ControlCount {
        /// Standard code.
        code: String,
        /// `Annex A` or the group number.
        scope: String,
        /// Expected count.
        expected: usize,
        /// Count in the file.
        found: usize,
    },
    /// Any other rule of the shape (metadata, titles, core overrides).
    #[error("{code}: {message}")]
    Invalid {
        /// Standard code (or file name when the code itself is wrong).
        code: String,
        /// What is wrong.
        message: String,
    },
    /// A standard code asked for is not in the catalogue.
    #[error("unknown standard {0}")]
    UnknownStandard(String),
}

/// The validated set of standard editions, in the order of their files ([`BUILTIN_FILES`]:
/// ISO 9001, 14001, 45001, ISO/IEC 27001, 42001).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    standards: Vec<StandardEdition>,
}

impl Catalogue {
    /// The catalogue embedded in the binary ([`BUILTIN_FILES`]), parsed and validated.
    pub fn builtin() -> Result<Catalogue, CatalogueError> {
        Self::from_files(BUILTIN_FILES)
    }

    /// Parses and validates `(file name, JSON)` pairs; codes must be unique across files.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Catalogue, CatalogueError> {
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut standards = Vec::with_capacity(files.len());
        for (file, json) in files {
            let s = parse_standard(file, json)?;
            if let Some(first) = seen.insert(s.code.clone(), (*file).to_owned()) {
                return Err(CatalogueError::DuplicateCode {
                    code: s.code,
                    first,
                    second: (*file).to_owned(),
                });
            }
            standards.push(s);
        }
        Ok(Catalogue { standards })
    }

    /// The edition with this code, e.g. `get("ISO/IEC 27001:2022")`.
    pub fn get(&self, code: &str) -> Option<&StandardEdition> {
        self.standards.iter().find(|s| s.code == code)
    }

    /// All editions, in file order.
    pub fn standards(&self) -> &[StandardEdition] {
        &self.standards
    }

    /// The codes, in file order.
    pub fn codes(&self) -> Vec<&str> {
        self.standards.iter().map(|s| s.code.as_str()).collect()
    }

    /// The [`harmonized_core`] clauses that every one of `codes` implements, with each
    /// standard's own clause (e.g. core 10.1 Continual improvement is 10.3 in ISO 9001:2015
    /// and 10.1 in ISO/IEC 27001:2022). An integrated audit answers these once.
    pub fn shared_core<'a>(
        &'a self,
        codes: &[&str],
    ) -> Result<Vec<SharedClause<'a>>, CatalogueError> {
        let editions = codes
            .iter()
            .map(|code| {
                self.get(code)
                    .ok_or_else(|| CatalogueError::UnknownStandard((*code).to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(harmonized_core()
            .iter()
            .filter_map(|core| {
                let clauses = editions
                    .iter()
                    .map(|s| s.core_clause(core.number).map(|c| (s.code.as_str(), c)))
                    .collect::<Option<Vec<_>>>()?;
                Some(SharedClause { core, clauses })
            })
            .collect())
    }
}

/// Parses one standard file and validates it ([`validate`]); `file` names it in errors.
pub fn parse_standard(file: &str, json: &str) -> Result<StandardEdition, CatalogueError> {
    let mut s: StandardEdition = serde_json::from_str(json).map_err(|e| CatalogueError::Parse {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    s.fingerprint = hex::encode(Sha256::digest(json.as_bytes()));
    validate(&s)?;
    Ok(s)
}

/// Checks one edition against the rules of `data/standards/README.md`:
/// - code `<designation>:<edition>`, non-empty title, revision ≥ 1;
/// - top-level clauses exactly 4, 5, …, 10; each child numbered under its parent with one
///   more segment, siblings numbered 1, 2, 3, … without gaps;
/// - Annex A groups and controls numbered `A.<n>…` under their group, siblings consecutive
///   (42001 controls start at x.2, x.1 being the objective);
/// - every number unique within the standard;
/// - titles non-empty, one line, at most [`TITLE_MAX`] characters;
/// - the Annex A counts of [`EXPECTED_CONTROLS`], and an Annex A for the standards listed there;
/// - harmonized standards implement every [`harmonized_core`] clause under its own number and
///   have no `core_overrides`; overrides name core clauses and existing clauses.
pub fn validate(s: &StandardEdition) -> Result<(), CatalogueError> {
    let code = s.code.as_str();
    let invalid = |message: String| CatalogueError::Invalid {
        code: code.to_owned(),
        message,
    };

    // Identity.
    let Some((designation, edition)) = code.rsplit_once(':') else {
        return Err(invalid("code must be '<designation>:<edition>'".into()));
    };
    if !designation.starts_with("ISO") || designation.trim() != designation {
        return Err(invalid(format!(
            "designation '{designation}' must start with 'ISO' and have no surrounding spaces"
        )));
    }
    if edition != s.edition || edition.len() != 4 || !edition.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(format!(
            "edition '{}' must be the four-digit year after the colon in the code",
            s.edition
        )));
    }
    check_text(code, "standard", "title", &s.title, 200)?;
    if s.revision == 0 {
        return Err(invalid("revision starts at 1".into()));
    }
    for a in &s.amendments {
        if !a.designation.starts_with(designation) {
            return Err(invalid(format!(
                "amendment '{}' does not amend {designation}",
                a.designation
            )));
        }
        check_text(code, &a.designation, "title", &a.title, TITLE_MAX)?;
        check_note(code, &a.designation, a.note.as_deref())?;
    }

    // Uniqueness first, so a repeated number is reported as such.
    let mut numbers = HashSet::new();
    let mut dup = |number: &str| -> Result<(), CatalogueError> {
        if numbers.insert(number.to_owned()) {
            Ok(())
        } else {
            Err(CatalogueError::DuplicateNumber {
                code: code.to_owned(),
                number: number.to_owned(),
            })
        }
    };
    for f in s.clauses_flat() {
        dup(&f.clause.number)?;
    }
    if let Some(annex) = &s.annex_a {
        fn annex_numbers<'a>(groups: &'a [ControlGroup], out: &mut Vec<&'a str>) {
            for g in groups {
                out.push(&g.number);
                out.extend(g.controls.iter().map(|c| c.number.as_str()));
                annex_numbers(&g.groups, out);
            }
        }
        let mut all = Vec::new();
        annex_numbers(&annex.groups, &mut all);
        for n in all {
            dup(n)?;
        }
    }

    // Clause tree.
    let top: Vec<&str> = s.clauses.iter().map(|c| c.number.as_str()).collect();
    let want = ["4", "5", "6", "7", "8", "9", "10"];
    if top != want {
        return Err(invalid(format!(
            "top-level clauses must be 4 to 10 in order, found [{}]",
            top.join(", ")
        )));
    }
    check_clauses(code, None, &s.clauses)?;

    // Annex A.
    if let Some(annex) = &s.annex_a {
        check_text(code, "Annex A", "title", &annex.title, TITLE_MAX)?;
        if annex.groups.is_empty() {
            return Err(invalid("Annex A has no groups".into()));
        }
        check_groups(code, None, &annex.groups)?;
    }
    if let Some((_, expected)) = EXPECTED_CONTROLS.iter().find(|(c, _)| *c == code) {
        let Some(annex) = &s.annex_a else {
            return Err(invalid("Annex A controls are missing".into()));
        };
        let found: Vec<&str> = annex.groups.iter().map(|g| g.number.as_str()).collect();
        let want: Vec<&str> = expected.iter().map(|(g, _)| *g).collect();
        if found != want {
            return Err(invalid(format!(
                "Annex A groups must be [{}], found [{}]",
                want.join(", "),
                found.join(", ")
            )));
        }
        for (g, (number, count)) in annex.groups.iter().zip(expected.iter()) {
            if g.control_count() != *count {
                return Err(CatalogueError::ControlCount {
                    code: code.to_owned(),
                    scope: (*number).to_owned(),
                    expected: *count,
                    found: g.control_count(),
                });
            }
        }
        let total: usize = expected.iter().map(|(_, n)| n).sum();
        if s.control_count() != total {
            return Err(CatalogueError::ControlCount {
                code: code.to_owned(),
                scope: "Annex A".into(),
                expected: total,
                found: s.control_count(),
            });
        }
    }

    // Harmonized core.
    let core = harmonized_core();
    for (core_number, own) in &s.core_overrides {
        if !core.iter().any(|c| c.number == core_number) {
            return Err(invalid(format!(
                "core_overrides: {core_number} is not a harmonized core clause"
            )));
        }
        if let Some(own) = own
            && s.clause(own).is_none()
        {
            return Err(invalid(format!(
                "core_overrides: {core_number} maps to {own}, which is not a clause of this standard"
            )));
        }
    }
    if s.structure == Structure::Harmonized {
        if !s.core_overrides.is_empty() {
            return Err(invalid(
                "a harmonized-structure standard keeps the core numbers: core_overrides must be empty"
                    .into(),
            ));
        }
        if let Some(missing) = core.iter().find(|c| s.clause(c.number).is_none()) {
            return Err(invalid(format!(
                "harmonized core clause {} ({}) is missing",
                missing.number, missing.title
            )));
        }
    }
    Ok(())
}

/// Whether `number` is strictly below `parent` (`7.5.1` under `7.5`, not under `7.50`).
fn is_under(number: &str, parent: &str) -> bool {
    number
        .strip_prefix(parent)
        .is_some_and(|rest| rest.starts_with('.'))
}

/// Parses a dotted number into its segments (no empty segments, no leading zeros).
fn segments(number: &str) -> Option<Vec<u32>> {
    number
        .split('.')
        .map(|seg| {
            if seg.is_empty()
                || !seg.bytes().all(|b| b.is_ascii_digit())
                || (seg.len() > 1 && seg.starts_with('0'))
            {
                None
            } else {
                seg.parse().ok()
            }
        })
        .collect()
}

fn bad(code: &str, number: &str, message: impl Into<String>) -> CatalogueError {
    CatalogueError::BadNumber {
        code: code.to_owned(),
        number: number.to_owned(),
        message: message.into(),
    }
}

/// Checks that `number` (without any `A.` prefix) is its parent's number plus one segment
/// and returns that last segment.
fn last_segment(
    code: &str,
    shown: &str,
    number: &str,
    parent: Option<&str>,
) -> Result<u32, CatalogueError> {
    let segs = segments(number)
        .ok_or_else(|| bad(code, shown, "must be numbers separated by dots, e.g. 7.5.1"))?;
    let Some(last) = segs.last().copied() else {
        return Err(bad(code, shown, "is empty"));
    };
    match parent {
        None if segs.len() != 1 => Err(bad(code, shown, "a top-level entry has a single number")),
        Some(p) if !(is_under(number, p) && segs.len() == p.split('.').count() + 1) => Err(bad(
            code,
            shown,
            format!("is not numbered under its parent {p}"),
        )),
        _ => Ok(last),
    }
}

/// Checks that sibling segments run consecutively from `first` (any start when `None`).
fn check_sequence(
    code: &str,
    shown: &[&str],
    segs: &[u32],
    first: Option<u32>,
) -> Result<(), CatalogueError> {
    for (i, (n, seg)) in shown.iter().zip(segs).enumerate() {
        let expected = match (i, first) {
            (0, None) => continue,
            (0, Some(f)) => f,
            _ => segs[i - 1] + 1,
        };
        if *seg != expected {
            let after = if i == 0 {
                "the first entry".to_owned()
            } else {
                format!("after {}", shown[i - 1])
            };
            return Err(bad(
                code,
                n,
                format!("is out of sequence: expected number {expected} as {after}"),
            ));
        }
    }
    Ok(())
}

fn check_clauses(code: &str, parent: Option<&str>, nodes: &[Clause]) -> Result<(), CatalogueError> {
    let mut segs = Vec::with_capacity(nodes.len());
    for c in nodes {
        segs.push(last_segment(code, &c.number, &c.number, parent)?);
        check_text(code, &c.number, "title", &c.title, TITLE_MAX)?;
        check_note(code, &c.number, c.note.as_deref())?;
        check_clauses(code, Some(&c.number), &c.children)?;
    }
    let shown: Vec<&str> = nodes.iter().map(|c| c.number.as_str()).collect();
    // Top-level clauses are checked as 4..=10 by the caller; sub-clauses count from 1.
    check_sequence(code, &shown, &segs, parent.map(|_| 1))
}

fn strip_annex<'a>(code: &str, number: &'a str) -> Result<&'a str, CatalogueError> {
    number
        .strip_prefix("A.")
        .ok_or_else(|| bad(code, number, "an Annex A number starts with 'A.'"))
}

fn check_groups(
    code: &str,
    parent: Option<&str>,
    groups: &[ControlGroup],
) -> Result<(), CatalogueError> {
    let parent_bare = parent.map(|p| strip_annex(code, p)).transpose()?;
    let mut segs = Vec::with_capacity(groups.len());
    for g in groups {
        let bare = strip_annex(code, &g.number)?;
        segs.push(last_segment(code, &g.number, bare, parent_bare)?);
        check_text(code, &g.number, "title", &g.title, TITLE_MAX)?;
        check_note(code, &g.number, g.note.as_deref())?;
        if g.controls.is_empty() && g.groups.is_empty() {
            return Err(bad(
                code,
                &g.number,
                "group has neither controls nor groups",
            ));
        }
        let mut csegs = Vec::with_capacity(g.controls.len());
        for c in &g.controls {
            let cbare = strip_annex(code, &c.number)?;
            csegs.push(last_segment(code, &c.number, cbare, Some(bare))?);
            check_text(code, &c.number, "title", &c.title, TITLE_MAX)?;
            check_note(code, &c.number, c.note.as_deref())?;
        }
        let cshown: Vec<&str> = g.controls.iter().map(|c| c.number.as_str()).collect();
        // 27001 controls start at 1; 42001 at 2 (x.1 is the objective).
        if let Some(first) = csegs.first()
            && *first > 2
        {
            return Err(bad(
                code,
                cshown[0],
                "controls of a group start at x.1 or x.2",
            ));
        }
        check_sequence(code, &cshown, &csegs, None)?;
        check_groups(code, Some(&g.number), &g.groups)?;
    }
    let shown: Vec<&str> = groups.iter().map(|g| g.number.as_str()).collect();
    check_sequence(code, &shown, &segs, parent.map(|_| 1))
}

fn check_text(
    code: &str,
    entry: &str,
    field: &str,
    text: &str,
    max: usize,
) -> Result<(), CatalogueError> {
    let message = if text.trim().is_empty() {
        format!("{entry}: {field} is empty")
    } else if text.trim() != text || text.contains(['\n', '\r', '\t']) {
        format!("{entry}: {field} must be one line without surrounding spaces")
    } else if text.chars().count() > max {
        format!(
            "{entry}: {field} is longer than {max} characters; the catalogue holds titles only, never requirement text"
        )
    } else {
        return Ok(());
    };
    Err(CatalogueError::Invalid {
        code: code.to_owned(),
        message,
    })
}

fn check_note(code: &str, entry: &str, note: Option<&str>) -> Result<(), CatalogueError> {
    match note {
        Some(n) => check_text(code, entry, "note", n, NOTE_MAX),
        None => Ok(()),
    }
}

/// The built-in catalogue, read once (None if its data files do not validate, which the
/// catalogue's own tests rule out).
pub fn builtin() -> Option<&'static Catalogue> {
    static CATALOGUE: std::sync::OnceLock<Option<Catalogue>> = std::sync::OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::builtin().ok()).as_ref()
}

/// The full title of a standard edition of the built-in catalogue.
pub fn standard_title(code: &str) -> Option<&'static str> {
    builtin()?.get(code).map(|s| s.title.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const AIMS: &str = "ISO/IEC 42001:2023";
    const ISMS: &str = "ISO/IEC 27001:2022";
    const QMS: &str = "ISO 9001:2015";
    const EMS: &str = "ISO 14001:2015";
    const OHSMS: &str = "ISO 45001:2018";

    fn cat() -> Catalogue {
        Catalogue::builtin().expect("builtin catalogue is valid")
    }

    /// A small valid file; the tamper tests edit it with `replace`.
    const MINI: &str = r#"{
      "code": "ISO 99999:2020", "title": "Test management systems — Requirements",
      "edition": "2020", "family": "QMS", "structure": "high_level", "revision": 1,
      "source": "general",
      "clauses": [
        {"number": "4", "title": "Context of the organization", "source": "general", "children": [
          {"number": "4.1", "title": "Understanding the organization and its context", "source": "general"},
          {"number": "4.2", "title": "Understanding the needs and expectations of interested parties", "source": "general"}
        ]},
        {"number": "5", "title": "Leadership", "source": "general"},
        {"number": "6", "title": "Planning", "source": "general"},
        {"number": "7", "title": "Support", "source": "general"},
        {"number": "8", "title": "Operation", "source": "general"},
        {"number": "9", "title": "Performance evaluation", "source": "general"},
        {"number": "10", "title": "Improvement", "source": "general"}
      ],
      "annex_a": {"title": "Controls", "source": "general", "groups": [
        {"number": "A.5", "title": "Organizational controls", "source": "general", "controls": [
          {"number": "A.5.1", "title": "First control", "source": "general"},
          {"number": "A.5.2", "title": "Second control", "source": "general"}
        ]}
      ]}
    }"#;

    fn parse(json: &str) -> Result<StandardEdition, CatalogueError> {
        parse_standard("inline.json", json)
    }

    #[test]
    fn every_builtin_file_parses_and_validates() {
        for (file, json) in BUILTIN_FILES {
            let s = parse_standard(file, json).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(s.fingerprint().len(), 64, "{file}");
        }
        assert_eq!(cat().codes(), [QMS, EMS, OHSMS, ISMS, AIMS]);
        assert_eq!(cat().standards().len(), 5);
    }

    #[test]
    fn codes_match_the_audit_time_tables() {
        use crate::audit_time::tables as t;
        let c = cat();
        for code in [
            t::ISO_9001,
            t::ISO_14001,
            t::ISO_45001,
            t::ISO_IEC_27001,
            t::ISO_IEC_42001,
        ] {
            assert!(c.get(code).is_some(), "{code}");
        }
        assert!(c.get("ISO 9001").is_none());
    }

    #[test]
    fn every_standard_has_top_level_clauses_4_to_10() {
        for s in cat().standards() {
            let top: Vec<&str> = s.clauses.iter().map(|c| c.number.as_str()).collect();
            assert_eq!(top, ["4", "5", "6", "7", "8", "9", "10"], "{}", s.code);
        }
    }

    #[test]
    fn numbers_are_unique_and_nested() {
        for s in cat().standards() {
            let mut seen = HashSet::new();
            for f in s.clauses_flat() {
                assert!(
                    seen.insert(f.clause.number.clone()),
                    "{} {}",
                    s.code,
                    f.clause.number
                );
                assert_eq!(f.path.last().copied(), Some(f.clause.number.as_str()));
                for w in f.path.windows(2) {
                    assert!(is_under(w[1], w[0]), "{} {:?}", s.code, f.path);
                }
            }
            for f in s.controls_flat() {
                assert!(
                    seen.insert(f.control.number.clone()),
                    "{} {}",
                    s.code,
                    f.control.number
                );
                let path = f.path();
                for w in path.windows(2) {
                    assert!(is_under(w[1], w[0]), "{} {path:?}", s.code);
                }
            }
        }
    }

    #[test]
    fn iso_iec_42001_has_38_controls_in_a2_to_a10() {
        let c = cat();
        let s = c.get(AIMS).expect("42001");
        assert_eq!(s.family, Family::Aims);
        assert_eq!(s.structure, Structure::Harmonized);
        assert_eq!(s.control_count(), 38);
        assert_eq!(s.controls_flat().len(), 38);
        let annex = s.annex_a.as_ref().expect("annex");
        let groups: Vec<(&str, usize)> = annex
            .groups
            .iter()
            .map(|g| (g.number.as_str(), g.control_count()))
            .collect();
        assert_eq!(
            groups,
            [
                ("A.2", 3),
                ("A.3", 2),
                ("A.4", 5),
                ("A.5", 4),
                ("A.6", 9),
                ("A.7", 5),
                ("A.8", 4),
                ("A.9", 3),
                ("A.10", 3)
            ]
        );
        // A.6 holds two objectives: A.6.1 (2 controls) and A.6.2 (7 controls); 10 objectives in all.
        let a6 = &annex.groups[4];
        let sub: Vec<(&str, usize)> = a6
            .groups
            .iter()
            .map(|g| (g.number.as_str(), g.controls.len()))
            .collect();
        assert_eq!(sub, [("A.6.1", 2), ("A.6.2", 7)]);
        assert!(a6.controls.is_empty());
        let objectives = annex
            .groups
            .iter()
            .map(|g| g.groups.len().max(1))
            .sum::<usize>();
        assert_eq!(objectives, 10);
        // Control numbering starts at x.2: x.1 holds the objective.
        assert!(
            s.controls_flat()
                .iter()
                .all(|f| !f.control.number.ends_with(".1"))
        );
        let f = s
            .controls_flat()
            .into_iter()
            .find(|f| f.control.number == "A.6.2.4")
            .expect("A.6.2.4");
        assert_eq!(f.control.title, "AI system verification and validation");
        assert_eq!(f.path(), ["A.6", "A.6.2", "A.6.2.4"]);
        assert_eq!(
            f.theme().map(|g| g.title.as_str()),
            Some("AI system life cycle")
        );
        assert_eq!(
            s.clause("6.1.4").map(|c| c.title.as_str()),
            Some("AI system impact assessment")
        );
        assert_eq!(
            s.clause("8.4").map(|c| c.title.as_str()),
            Some("AI system impact assessment")
        );
        assert_eq!(
            s.clause("6.3").map(|c| c.title.as_str()),
            Some("Planning of changes")
        );
    }

    #[test]
    fn iso_iec_27001_has_93_controls_in_four_themes() {
        let c = cat();
        let s = c.get(ISMS).expect("27001");
        assert_eq!(s.family, Family::Isms);
        assert_eq!(s.control_count(), 93);
        let flat = s.controls_flat();
        assert_eq!(flat.len(), 93);
        let annex = s.annex_a.as_ref().expect("annex");
        let themes: Vec<(&str, &str, usize)> = annex
            .groups
            .iter()
            .map(|g| (g.number.as_str(), g.title.as_str(), g.controls.len()))
            .collect();
        assert_eq!(
            themes,
            [
                ("A.5", "Organizational controls", 37),
                ("A.6", "People controls", 8),
                ("A.7", "Physical controls", 14),
                ("A.8", "Technological controls", 34)
            ]
        );
        for (theme, n) in [(5, 37), (6, 8), (7, 14), (8, 34)] {
            let numbers: Vec<String> = flat
                .iter()
                .filter(|f| f.theme().map(|g| g.number.as_str()) == Some(&format!("A.{theme}")))
                .map(|f| f.control.number.clone())
                .collect();
            let want: Vec<String> = (1..=n).map(|i| format!("A.{theme}.{i}")).collect();
            assert_eq!(numbers, want);
        }
        assert_eq!(
            s.control("A.5.23").map(|c| c.title.as_str()),
            Some("Information security for use of cloud services")
        );
        assert_eq!(
            s.control("A.8.34").map(|c| c.title.as_str()),
            Some("Protection of information systems during audit testing")
        );
        assert!(s.control("A.8.35").is_none());
    }

    #[test]
    fn clause_counts_are_exact() {
        let c = cat();
        let counts: Vec<(&str, usize, usize)> = c
            .standards()
            .iter()
            .map(|s| (s.code.as_str(), s.clauses_flat().len(), s.control_count()))
            .collect();
        assert_eq!(
            counts,
            [
                (QMS, 75, 0),
                (EMS, 45, 0),
                (OHSMS, 56, 0),
                (ISMS, 41, 93),
                (AIMS, 43, 38)
            ]
        );
        let qms = c.get(QMS).expect("9001");
        assert!(qms.annex_a.is_none());
        assert_eq!(
            qms.clause("10.3").map(|c| c.title.as_str()),
            Some("Continual improvement")
        );
        assert_eq!(
            qms.clause("7.1.5.2").map(|c| c.title.as_str()),
            Some("Measurement traceability")
        );
        assert!(
            qms.clause("4.4.1").is_none(),
            "untitled paragraphs are not listed"
        );
        let ems = c.get(EMS).expect("14001");
        assert!(ems.clause("6.3").is_none());
        assert_eq!(
            ems.clause("9.1.2").map(|c| c.title.as_str()),
            Some("Evaluation of compliance")
        );
        let ohs = c.get(OHSMS).expect("45001");
        assert_eq!(
            ohs.clause("5.4").map(|c| c.title.as_str()),
            Some("Consultation and participation of workers")
        );
        assert_eq!(
            ohs.clause("8.1.4.2").map(|c| c.title.as_str()),
            Some("Contractors")
        );
    }

    #[test]
    fn flattened_clauses_carry_their_path() {
        let c = cat();
        let s = c.get(AIMS).expect("42001");
        let flat = s.clauses_flat();
        assert_eq!(flat[0].path, ["4"]);
        assert_eq!(flat[0].depth(), 0);
        let f = flat
            .iter()
            .find(|f| f.clause.number == "7.5.3")
            .expect("7.5.3");
        assert_eq!(f.path, ["7", "7.5", "7.5.3"]);
        assert_eq!(f.depth(), 2);
        // Document order: a parent comes right before its first child.
        let i = flat
            .iter()
            .position(|f| f.clause.number == "9.2")
            .expect("9.2");
        assert_eq!(flat[i + 1].clause.number, "9.2.1");
    }

    #[test]
    fn sources_are_marked() {
        let c = cat();
        // 45001 is in no listing at all.
        let ohs = c.get(OHSMS).expect("45001");
        assert_eq!(ohs.source, Source::General);
        assert!(
            ohs.clauses_flat()
                .iter()
                .all(|f| f.clause.source == Source::General)
        );
        // 42001 is listed in full (the ISO preview table of contents).
        let aims = c.get(AIMS).expect("42001");
        assert!(
            aims.clauses_flat()
                .iter()
                .all(|f| f.clause.source == Source::Reference)
        );
        assert!(
            aims.controls_flat()
                .iter()
                .all(|f| f.control.source == Source::Reference)
        );
        // 27001 A.5.2 and A.5.24 are shortened in the listings: published title, general, noted.
        let isms = c.get(ISMS).expect("27001");
        for n in ["A.5.2", "A.5.24"] {
            let ctl = isms.control(n).expect(n);
            assert_eq!(ctl.source, Source::General, "{n}");
            assert!(
                ctl.note.as_deref().is_some_and(|t| t.contains("shortened")),
                "{n}"
            );
        }
        assert_eq!(
            isms.control("A.5.7").map(|c| c.source),
            Some(Source::Reference)
        );
        assert_eq!(Source::Reference.as_str(), "reference");
    }

    #[test]
    fn harmonized_standards_implement_the_whole_core() {
        let c = cat();
        let core = harmonized_core();
        assert_eq!(core.len(), 36);
        for top in ["4", "5", "6", "7", "8", "9", "10"] {
            assert!(core.iter().any(|k| k.number == top));
        }
        for code in [ISMS, AIMS] {
            let s = c.get(code).expect(code);
            for k in core {
                assert_eq!(
                    s.core_clause(k.number).map(|c| c.number.as_str()),
                    Some(k.number),
                    "{code} {}",
                    k.number
                );
            }
        }
        assert!(c.get(ISMS).and_then(|s| s.core_clause("6.1.2")).is_none());
    }

    #[test]
    fn shared_core_maps_high_level_numbering() {
        let c = cat();
        let shared = c.shared_core(&[QMS, ISMS]).expect("known codes");
        let improvement = shared
            .iter()
            .find(|s| s.core.number == "10.1")
            .expect("continual improvement is shared");
        let numbers: Vec<(&str, &str)> = improvement
            .clauses
            .iter()
            .map(|(code, cl)| (*code, cl.number.as_str()))
            .collect();
        assert_eq!(numbers, [(QMS, "10.3"), (ISMS, "10.1")]);
        // ISO 9001's untitled 9.2.1/9.2.2 are not listed, so they are not shared.
        assert!(!shared.iter().any(|s| s.core.number == "9.2.1"));
        // ISO 14001:2015 has no 6.3 Planning of changes.
        let ems = c.shared_core(&[EMS, OHSMS, ISMS]).expect("known codes");
        assert!(!ems.iter().any(|s| s.core.number == "6.3"));
        assert!(ems.iter().any(|s| s.core.number == "10.2"));
        // Every standard shares at least the top-level clauses.
        let all = c.shared_core(&c.codes()).expect("known codes");
        for top in ["4", "5", "6", "7", "8", "9", "10"] {
            assert!(all.iter().any(|s| s.core.number == top), "{top}");
        }
        assert_eq!(
            c.shared_core(&["ISO 50001:2018"]),
            Err(CatalogueError::UnknownStandard("ISO 50001:2018".into()))
        );
    }

    #[test]
    fn the_inline_sample_is_valid() {
        let s = parse(MINI).expect("valid");
        assert_eq!(s.control_count(), 2);
        assert_eq!(s.clauses_flat().len(), 9);
    }

    #[test]
    fn a_duplicate_number_is_rejected() {
        let bad = MINI.replace(r#""number": "4.2""#, r#""number": "4.1""#);
        let err = parse(&bad).expect_err("duplicate");
        assert_eq!(
            err,
            CatalogueError::DuplicateNumber {
                code: "ISO 99999:2020".into(),
                number: "4.1".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "ISO 99999:2020: number 4.1 appears more than once"
        );
        let bad = MINI.replace(r#""number": "A.5.2""#, r#""number": "A.5.1""#);
        assert!(
            matches!(parse(&bad), Err(CatalogueError::DuplicateNumber { number, .. }) if number == "A.5.1")
        );
    }

    #[test]
    fn a_child_outside_its_parent_is_rejected() {
        let bad = MINI.replace(r#""number": "4.2""#, r#""number": "5.2""#);
        let err = parse(&bad).expect_err("not under parent");
        assert!(matches!(&err, CatalogueError::BadNumber { number, .. } if number == "5.2"));
        assert!(
            err.to_string().contains("not numbered under its parent 4"),
            "{err}"
        );
        let bad = MINI.replace(r#""number": "A.5.2""#, r#""number": "A.6.2""#);
        assert!(
            matches!(parse(&bad), Err(CatalogueError::BadNumber { number, .. }) if number == "A.6.2")
        );
        let bad = MINI.replace(r#""number": "4.2""#, r#""number": "4.1.2""#);
        assert!(matches!(parse(&bad), Err(CatalogueError::BadNumber { .. })));
    }

    #[test]
    fn gaps_and_malformed_numbers_are_rejected() {
        let gap = MINI.replace(r#""number": "4.2""#, r#""number": "4.3""#);
        let err = parse(&gap).expect_err("gap");
        assert!(err.to_string().contains("out of sequence"), "{err}");
        let gap = MINI.replace(r#""number": "A.5.2""#, r#""number": "A.5.3""#);
        assert!(parse(&gap).is_err());
        let zero = MINI.replace(r#""number": "4.2""#, r#""number": "4.02""#);
        assert!(matches!(
            parse(&zero),
            Err(CatalogueError::BadNumber { .. })
        ));
        let no_prefix = MINI.replace(r#""number": "A.5.2""#, r#""number": "5.2""#);
        assert!(parse(&no_prefix).is_err());
        let missing_top = MINI.replace(
            r#"{"number": "8", "title": "Operation", "source": "general"},"#,
            "",
        );
        let err = parse(&missing_top).expect_err("no clause 8");
        assert!(
            err.to_string()
                .contains("top-level clauses must be 4 to 10"),
            "{err}"
        );
    }

    #[test]
    fn the_shape_is_strict() {
        let unknown_key = MINI.replace(
            r#""revision": 1,"#,
            r#""revision": 1, "requirements": "x","#,
        );
        let err = parse(&unknown_key).expect_err("unknown key");
        assert!(matches!(&err, CatalogueError::Parse { file, .. } if file == "inline.json"));
        assert!(err.to_string().contains("requirements"), "{err}");
        let bad_source = MINI.replacen(r#""source": "general""#, r#""source": "memory""#, 1);
        assert!(matches!(
            parse(&bad_source),
            Err(CatalogueError::Parse { .. })
        ));
        let wrong_edition = MINI.replace(r#""edition": "2020""#, r#""edition": "2021""#);
        assert!(matches!(
            parse(&wrong_edition),
            Err(CatalogueError::Invalid { .. })
        ));
        let empty_title = MINI.replace(r#""title": "Second control""#, r#""title": " ""#);
        assert!(parse(&empty_title).is_err());
        let text = "The organization shall determine external and internal issues that are relevant to its purpose and that affect its ability to achieve the intended results";
        let long = MINI.replace(
            r#""title": "Second control""#,
            &format!(r#""title": "{text}""#),
        );
        let err = parse(&long).expect_err("requirement text");
        assert!(err.to_string().contains("titles only"), "{err}");
    }

    #[test]
    fn core_overrides_are_checked() {
        let with = |overrides: &str| {
            MINI.replace(
                r#""revision": 1,"#,
                &format!(r#""revision": 1, "core_overrides": {overrides},"#),
            )
        };
        let s = parse(&with(r#"{"6.3": null}"#)).expect("valid override");
        assert!(s.core_clause("6.3").is_none());
        assert_eq!(s.core_clause("4.1").map(|c| c.number.as_str()), Some("4.1"));
        assert!(parse(&with(r#"{"8.2": "8"}"#)).is_err(), "8.2 is not core");
        let err = parse(&with(r#"{"10.1": "10.3"}"#)).expect_err("10.3 does not exist");
        assert!(err.to_string().contains("10.3"), "{err}");
        // A harmonized standard must implement every core clause under its own number.
        let harmonized = MINI.replace("high_level", "harmonized");
        let err = parse(&harmonized).expect_err("core incomplete");
        assert!(err.to_string().contains("harmonized core clause"), "{err}");
    }

    #[test]
    fn wrong_control_counts_are_rejected() {
        // Drop one control from the real 27001 file: the count check names the theme.
        let (_, json) = BUILTIN_FILES
            .iter()
            .find(|(f, _)| *f == "iso-iec-27001-2022.json")
            .expect("file");
        let mut v: serde_json::Value = serde_json::from_str(json).expect("json");
        let controls = v["annex_a"]["groups"][3]["controls"]
            .as_array_mut()
            .expect("controls");
        controls.pop();
        let err = parse(&v.to_string()).expect_err("92 controls");
        assert_eq!(
            err,
            CatalogueError::ControlCount {
                code: ISMS.into(),
                scope: "A.8".into(),
                expected: 34,
                found: 33
            }
        );
        // A 42001 file without Annex A is refused.
        let (_, json) = BUILTIN_FILES
            .iter()
            .find(|(f, _)| *f == "iso-iec-42001-2023.json")
            .expect("file");
        let mut v: serde_json::Value = serde_json::from_str(json).expect("json");
        v.as_object_mut().expect("object").remove("annex_a");
        let err = parse(&v.to_string()).expect_err("no annex");
        assert!(
            err.to_string().contains("Annex A controls are missing"),
            "{err}"
        );
    }

    #[test]
    fn codes_are_unique_across_files() {
        let err = Catalogue::from_files(&[("a.json", MINI), ("b.json", MINI)]).expect_err("dup");
        assert_eq!(
            err,
            CatalogueError::DuplicateCode {
                code: "ISO 99999:2020".into(),
                first: "a.json".into(),
                second: "b.json".into()
            }
        );
    }

    #[test]
    fn the_fingerprint_follows_the_file() {
        let a = parse(MINI).expect("valid");
        let b = parse(&MINI.replace("First control", "First control renamed")).expect("valid");
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint(), parse(MINI).expect("valid").fingerprint());
    }
}
