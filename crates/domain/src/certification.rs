//! From the audit file to the certificate: the lead auditor's report and recommendation
//! (ISO/IEC 17021-1 9.4.8), the technical review of the audit file, the certification
//! decision (9.5) and the certificate with its lifecycle (8.2, 9.6.3, 9.6.5).
//!
//! Everything here is pure: the kinds and statuses with their stable names and labels,
//! the certificate state machine, the date rules (effective date never before the
//! decision, the 6-month suspension and restoration windows, expiry on renewal) and the
//! certificate numbering pattern.

use crate::DomainError;
use crate::ErrorCode;
use crate::stored::stored_enum;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

stored_enum! {
    /// The audit team's recommendation (17021-1 9.4.8 p).
    pub enum Recommendation ("recommendation") {
        /// The team recommends the certification decision.
        Recommend = "recommend", "recommended for certification";
        /// The team does not recommend it.
        DoNotRecommend = "do_not_recommend", "not recommended";
    }
}

stored_enum! {
    /// Where a revision of an audit report stands.
    pub enum ReportStatus ("report status") {
        /// Submitted by the lead auditor and locked; waits for the technical review.
        Submitted = "submitted", "waiting for technical review";
        /// Returned to the lead auditor with comments; a new revision answers them.
        Returned = "returned", "returned to the lead auditor";
        /// The technical review passed; the file waits for the decision.
        Passed = "passed", "reviewed";
    }
}

stored_enum! {
    /// The outcome of a technical review of an audit file.
    pub enum ReviewOutcome ("review outcome") {
        /// The file is complete and consistent: it goes to the decision.
        Passed = "passed", "passed";
        /// The file goes back to the lead auditor with comments.
        Returned = "returned", "returned";
    }
}

stored_enum! {
    /// A certification decision (17021-1 9.5.1, 9.6.5).
    pub enum DecisionKind ("decision") {
        /// Initial certification granted.
        Grant = "grant", "grant certification";
        /// Certification refused, with the reasons.
        Refuse = "refuse", "refuse certification";
        /// Certification maintained after a surveillance audit.
        Maintain = "maintain", "maintain certification";
        /// Certification renewed after a recertification audit.
        Renew = "renew", "renew certification";
        /// Scope extended (a new revision of the certificate).
        ExtendScope = "extend_scope", "extend the scope";
        /// Scope reduced (a new revision of the certificate).
        ReduceScope = "reduce_scope", "reduce the scope";
        /// Certification suspended.
        Suspend = "suspend", "suspend certification";
        /// A suspended certification restored.
        Restore = "restore", "restore certification";
        /// Certification withdrawn.
        Withdraw = "withdraw", "withdraw certification";
    }
}

impl DecisionKind {
    /// Whether the decision rests on audits whose files went through the technical
    /// review (grant, maintain, renew, extend scope).
    pub fn needs_audits(self) -> bool {
        matches!(
            self,
            DecisionKind::Grant
                | DecisionKind::Maintain
                | DecisionKind::Renew
                | DecisionKind::ExtendScope
        )
    }

    /// Whether the decision issues a certificate or a new revision of one.
    pub fn issues(self) -> bool {
        matches!(
            self,
            DecisionKind::Grant
                | DecisionKind::Renew
                | DecisionKind::ExtendScope
                | DecisionKind::ReduceScope
        )
    }

    /// Whether the decision sets the programme's certification decision date, from which
    /// the cycle is planned (17021-1 9.1.3.2).
    pub fn starts_cycle(self) -> bool {
        matches!(self, DecisionKind::Grant | DecisionKind::Renew)
    }

    /// Whether reasons must be written (refusals and sanctions: 17021-1 9.5.3, 9.6.5).
    pub fn needs_reasons(self) -> bool {
        matches!(
            self,
            DecisionKind::Refuse
                | DecisionKind::ReduceScope
                | DecisionKind::Suspend
                | DecisionKind::Withdraw
        )
    }
}

stored_enum! {
    /// Where a certificate stands (17021-1 9.6.5; the public status of a certificate).
    pub enum CertificateStatus ("certificate status") {
        /// Valid.
        Active = "active", "active";
        /// Temporarily invalid; the client must not promote its certification.
        Suspended = "suspended", "suspended";
        /// Withdrawn; final.
        Withdrawn = "withdrawn", "withdrawn";
        /// Past its expiry date without renewal.
        Expired = "expired", "expired";
    }
}

stored_enum! {
    /// Why a revision of a certificate was issued.
    pub enum RevisionReason ("revision reason") {
        /// The first issue, after a grant decision.
        Issued = "issued", "first issue";
        /// Renewal after a recertification audit.
        Renewed = "renewed", "renewal";
        /// The scope was extended.
        ScopeExtended = "scope_extended", "scope extended";
        /// The scope was reduced.
        ScopeReduced = "scope_reduced", "scope reduced";
        /// Restored within six months after expiry, once recertification was completed
        /// (17021-1 9.6.3.3).
        Restored = "restored", "restored after expiry";
    }
}

/// What happens to a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateEvent {
    /// Suspended, with a reason and an end date.
    Suspend,
    /// A suspension lifted.
    Restore,
    /// Withdrawn, with a reason.
    Withdraw,
    /// The expiry date passed.
    Expire,
    /// The scope extended (a new revision).
    ExtendScope,
    /// The scope reduced (a new revision; also ends a suspension, 9.6.5.1).
    ReduceScope,
    /// Renewed after recertification; from `expired`, only within the restoration window.
    Renew,
}

impl CertificateEvent {
    /// What the event does, in words.
    pub fn label(self) -> &'static str {
        match self {
            CertificateEvent::Suspend => "be suspended",
            CertificateEvent::Restore => "be restored",
            CertificateEvent::Withdraw => "be withdrawn",
            CertificateEvent::Expire => "expire",
            CertificateEvent::ExtendScope => "have its scope extended",
            CertificateEvent::ReduceScope => "have its scope reduced",
            CertificateEvent::Renew => "be renewed",
        }
    }

    /// The event a decision applies to an existing certificate, if any.
    pub fn of_decision(kind: DecisionKind) -> Option<CertificateEvent> {
        match kind {
            DecisionKind::Suspend => Some(CertificateEvent::Suspend),
            DecisionKind::Restore => Some(CertificateEvent::Restore),
            DecisionKind::Withdraw => Some(CertificateEvent::Withdraw),
            DecisionKind::ExtendScope => Some(CertificateEvent::ExtendScope),
            DecisionKind::ReduceScope => Some(CertificateEvent::ReduceScope),
            DecisionKind::Renew => Some(CertificateEvent::Renew),
            DecisionKind::Grant | DecisionKind::Refuse | DecisionKind::Maintain => None,
        }
    }
}

/// An event that the certificate's status does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a certificate that is {} cannot {}", from.label(), event.label())]
pub struct RefusedCertificateEvent {
    /// The status the certificate is in.
    pub from: CertificateStatus,
    /// The refused event.
    pub event: CertificateEvent,
}

impl CertificateStatus {
    /// The status after `event`. Suspension and restoration go both ways between active
    /// and suspended; withdrawal is final and a withdrawn certificate never becomes active
    /// again; only an active certificate expires; a scope reduction ends a suspension
    /// (17021-1 9.6.5: the failing part is taken out of the scope); renewal applies to an
    /// active certificate, or to an expired one within the restoration window (checked
    /// with [`restoration_allowed`]).
    pub fn apply(
        self,
        event: CertificateEvent,
    ) -> Result<CertificateStatus, RefusedCertificateEvent> {
        use CertificateEvent as E;
        use CertificateStatus as S;
        match (self, event) {
            (S::Active, E::Suspend) => Ok(S::Suspended),
            (S::Suspended, E::Restore) => Ok(S::Active),
            (S::Active | S::Suspended, E::Withdraw) => Ok(S::Withdrawn),
            (S::Active, E::Expire) => Ok(S::Expired),
            (S::Active, E::ExtendScope) => Ok(S::Active),
            (S::Active | S::Suspended, E::ReduceScope) => Ok(S::Active),
            (S::Active | S::Expired, E::Renew) => Ok(S::Active),
            (from, event) => Err(RefusedCertificateEvent { from, event }),
        }
    }

    /// Whether the certificate may be relied upon.
    pub fn valid(self) -> bool {
        self == CertificateStatus::Active
    }
}

/// Default longest suspension, in months ("in most cases the suspension should not exceed
/// 6 months"; 17021-1 9.6.5).
pub const DEFAULT_SUSPENSION_MONTHS: u32 = 6;
/// Upper bound a certification body may set for its suspension limit.
pub const MAX_SUSPENSION_MONTHS: u32 = 12;
/// Months after expiry within which certification may be restored once recertification
/// is completed (17021-1 9.6.3.3).
pub const RESTORATION_MONTHS: u32 = 6;
/// Days before the suspension limit when the body is warned.
pub const SUSPENSION_WARNING_DAYS: i64 = 14;
/// Days before expiry when the client and the body are told that no recertification
/// audit is scheduled.
pub const EXPIRY_WARNING_DAYS: [i64; 2] = [90, 30];

/// The effective date of a grant, renewal or scope change: the requested one, or the
/// decision date; never before the decision (17021-1 8.2.1 b).
pub fn effective_date(
    decided_on: NaiveDate,
    requested: Option<NaiveDate>,
) -> Result<NaiveDate, DomainError> {
    match requested {
        Some(d) if d < decided_on => Err(DomainError::invalid(
            "effective_date",
            ErrorCode::EffectiveBeforeDecision,
            format!("the effective date cannot be before the decision date ({decided_on})"),
        )),
        Some(d) => Ok(d),
        None => Ok(decided_on),
    }
}

/// The last day a suspension starting on `from` may last.
pub fn suspension_limit(from: NaiveDate, limit_months: u32) -> Option<NaiveDate> {
    from.checked_add_months(Months::new(limit_months))
}

/// Checks the end date of a suspension: after its start, and within the body's limit.
pub fn suspension_until(
    from: NaiveDate,
    until: NaiveDate,
    limit_months: u32,
) -> Result<NaiveDate, DomainError> {
    if until <= from {
        return Err(DomainError::invalid(
            "until",
            ErrorCode::SuspensionTooLong,
            "the suspension must end after today",
        ));
    }
    match suspension_limit(from, limit_months) {
        Some(limit) if until <= limit => Ok(until),
        Some(limit) => Err(DomainError::invalid(
            "until",
            ErrorCode::SuspensionTooLong,
            format!(
                "a suspension may last at most {limit_months} months: until {limit} at the latest"
            ),
        )),
        None => Err(DomainError::invalid(
            "until",
            ErrorCode::SuspensionTooLong,
            "the suspension ends too far in the future",
        )),
    }
}

/// The last day on which an expired certificate may still be restored (17021-1 9.6.3.3).
pub fn restoration_limit(expiry: NaiveDate) -> Option<NaiveDate> {
    expiry.checked_add_months(Months::new(RESTORATION_MONTHS))
}

/// Whether an expired certificate may be restored on `on`.
pub fn restoration_allowed(expiry: NaiveDate, on: NaiveDate) -> bool {
    restoration_limit(expiry).is_some_and(|l| on <= l)
}

/// The expiry of a renewed certificate: the previous expiry plus three years (the cycle
/// continues from the previous expiry, also when restored after it; 17021-1 9.6.3.2,
/// 9.6.3.3).
pub fn renewed_expiry(previous_expiry: NaiveDate) -> Option<NaiveDate> {
    previous_expiry.checked_add_months(Months::new(36))
}

/// The days without valid certification when a certificate is restored after expiry:
/// from the day after expiry to the day before the restoration takes effect.
pub fn restoration_gap(expiry: NaiveDate, effective: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first = expiry.succ_opt()?;
    let last = effective.pred_opt()?;
    (first <= last).then_some((first, last))
}

/// Default numbering pattern of certificates.
pub const DEFAULT_NUMBER_PATTERN: &str = "{prefix}-{standard}-{seq:05}";

/// Checks a numbering pattern: it must hold `{seq}` or `{seq:0N}` (N from 1 to 9, so that
/// numbers are unique), and may hold `{prefix}`, `{standard}` and `{year}`; at most 60
/// characters.
pub fn validate_number_pattern(pattern: &str) -> Result<(), DomainError> {
    let bad = |m: &str| {
        Err(DomainError::invalid(
            "number_pattern",
            ErrorCode::InvalidNumberPattern,
            m.to_string(),
        ))
    };
    if pattern.chars().count() > 60 || pattern.chars().any(|c| c.is_control() || c.is_whitespace())
    {
        return bad("the pattern must be at most 60 characters, without spaces");
    }
    let mut seq = 0;
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            return bad("a placeholder is not closed with }");
        };
        let token = &rest[start + 1..start + len];
        match token {
            "prefix" | "standard" | "year" => {}
            "seq" => seq += 1,
            t if t.starts_with("seq:0")
                && t.len() == 6
                && t.as_bytes()[5].is_ascii_digit()
                && t.as_bytes()[5] != b'0' =>
            {
                seq += 1
            }
            _ => {
                return bad(
                    "unknown placeholder; use {prefix}, {standard}, {year} and {seq} or {seq:05}",
                );
            }
        }
        rest = &rest[start + len + 1..];
    }
    if rest.contains('}') || pattern.contains("}}") {
        return bad("unbalanced braces in the pattern");
    }
    if seq != 1 {
        return bad("the pattern must hold the sequence number {seq} exactly once");
    }
    Ok(())
}

/// The short code of a standard in a certificate number: the digits of its designation
/// (`ISO/IEC 42001:2023` → `42001`), or `IMS` for an integrated certificate.
pub fn standard_token(standards: &[String]) -> String {
    match standards {
        [one] => {
            let designation = one.split(':').next().unwrap_or(one);
            let digits: String = designation
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            if digits.is_empty() {
                "STD".into()
            } else {
                digits
            }
        }
        _ => "IMS".into(),
    }
}

/// A certificate number from a valid pattern (see [`validate_number_pattern`]).
pub fn format_number(
    pattern: &str,
    prefix: &str,
    standards: &[String],
    year: i32,
    seq: i64,
) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let len = rest[start..].find('}').unwrap_or(rest.len() - start);
        let token = &rest[start + 1..(start + len).min(rest.len())];
        match token {
            "prefix" => out.push_str(prefix),
            "standard" => out.push_str(&standard_token(standards)),
            "year" => out.push_str(&year.to_string()),
            "seq" => out.push_str(&seq.to_string()),
            t if t.starts_with("seq:0") => {
                let width = t[5..].parse::<usize>().unwrap_or(1);
                out.push_str(&format!("{seq:0width$}"));
            }
            t => {
                out.push('{');
                out.push_str(t);
                out.push('}');
            }
        }
        rest = rest.get(start + len + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The number as printed: the base number, with `/R{n}` from the first revision on
/// (17021-1 8.2.1 i: a revised certificate is told apart from the one it supersedes).
pub fn display_number(number: &str, revision: i32) -> String {
    if revision == 0 {
        number.to_string()
    } else {
        format!("{number}/R{revision}")
    }
}

/// Checks a certificate prefix: 1–12 letters, digits or dashes.
pub fn validate_prefix(prefix: &str) -> Result<(), DomainError> {
    let ok = (1..=12).contains(&prefix.chars().count())
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(DomainError::invalid(
            "prefix",
            ErrorCode::InvalidNumberPattern,
            "the prefix must be 1-12 letters, digits or dashes",
        ))
    }
}

/// The default prefix of a body: its slug in capitals, at most 12 characters.
pub fn default_prefix(slug: &str) -> String {
    let p: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(12)
        .collect::<String>()
        .to_ascii_uppercase();
    if p.is_empty() { "CERT".into() } else { p }
}

/// Whether the standards call for the version of the Statement of Applicability on the
/// certificate (ISO/IEC 27006-1 and ISO/IEC 42006 for ISO/IEC 27001 and 42001).
pub fn needs_soa(standards: &[String]) -> bool {
    standards
        .iter()
        .any(|s| s.starts_with("ISO/IEC 27001") || s.starts_with("ISO/IEC 42001"))
}

/// An accreditation the body holds for one standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accreditation {
    /// The standard code the accreditation covers (e.g. `ISO/IEC 42001:2023`).
    pub standard: String,
    /// The accreditation body (e.g. `UKAS`).
    pub body: String,
    /// The accreditation number.
    pub number: String,
}

/// The largest image (logo, accreditation mark) accepted for certificates: 1 MiB.
pub const MAX_IMAGE_BYTES: usize = 1024 * 1024;

/// The format of an image printed on certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageFormat {
    Png,
    Jpeg,
    Svg,
}

impl ImageFormat {
    /// The media type the image is sent and served with.
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    /// The format of a media type (`image/svg+xml; charset=utf-8` is SVG), or `None`.
    pub fn from_mime(mime: &str) -> Option<Self> {
        let essence = mime.split(';').next().unwrap_or_default().trim();
        [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Svg]
            .into_iter()
            .find(|f| f.mime().eq_ignore_ascii_case(essence))
    }

    /// The format's name for people ("PNG").
    pub fn label(self) -> &'static str {
        match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Svg => "SVG",
        }
    }
}

/// The images a certification body prints on its certificates (17021-1 8.2.1 g: its
/// mark; the accreditation mark where it is accredited for the standard).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertificateImage {
    /// The certification body's logo.
    Logo,
    /// The mark of the body's accreditation.
    AccreditationMark,
}

impl CertificateImage {
    /// Both images.
    pub const ALL: [CertificateImage; 2] =
        [CertificateImage::Logo, CertificateImage::AccreditationMark];

    /// The stable name: `logo`, `accreditation_mark`.
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateImage::Logo => "logo",
            CertificateImage::AccreditationMark => "accreditation_mark",
        }
    }

    /// The image of a stable name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.as_str() == name)
    }

    /// The name for people: "logo", "accreditation mark".
    pub fn label(self) -> &'static str {
        match self {
            CertificateImage::Logo => "logo",
            CertificateImage::AccreditationMark => "accreditation mark",
        }
    }
}

/// An image kept in object storage: its key, format and SHA-256 (lowercase hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredImage {
    pub key: String,
    pub format: ImageFormat,
    pub sha256: String,
}

/// The certification body's certificate settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CertificateSettings {
    /// The body's postal address, printed on certificates (17021-1 8.2.1 g).
    pub address: String,
    /// The `{prefix}` of certificate numbers; empty means the body's slug in capitals.
    pub prefix: String,
    /// The numbering pattern (see [`validate_number_pattern`]).
    pub number_pattern: String,
    /// One integrated certificate for an integrated audit (true), or one certificate per
    /// standard (false).
    pub integrated: bool,
    /// Longest suspension, in months.
    pub suspension_months: u32,
    /// The accreditations the body holds, per standard.
    pub accreditations: Vec<Accreditation>,
    /// The body's logo. Set and removed only through the image upload, never with the
    /// other settings.
    pub logo: Option<StoredImage>,
    /// The accreditation mark, printed next to the accreditation. Set and removed only
    /// through the image upload.
    pub accreditation_mark: Option<StoredImage>,
    /// Whether the body's certificates appear in the public directory search (17021-1
    /// 8.1.3). Each certificate still answers a look-up by its number either way.
    pub public_directory: bool,
    /// The address people write to about a certificate, shown on the public page; empty
    /// for none.
    pub contact_email: String,
    /// Look-ups a day of unknown, look-alike, suspended or withdrawn numbers past which the
    /// administrators are mailed (once a day); 0 sends nothing.
    pub verification_alert_per_day: u32,
}

/// Look-ups a day past which a body hears of unusual verification activity, by default.
pub const DEFAULT_VERIFICATION_ALERT: u32 = 25;
/// Largest alert threshold.
pub const MAX_VERIFICATION_ALERT: u32 = 1_000_000;

impl Default for CertificateSettings {
    fn default() -> Self {
        Self {
            address: String::new(),
            prefix: String::new(),
            number_pattern: DEFAULT_NUMBER_PATTERN.into(),
            integrated: true,
            suspension_months: DEFAULT_SUSPENSION_MONTHS,
            accreditations: Vec::new(),
            logo: None,
            accreditation_mark: None,
            public_directory: true,
            contact_email: String::new(),
            verification_alert_per_day: DEFAULT_VERIFICATION_ALERT,
        }
    }
}

impl CertificateSettings {
    /// Checks every field.
    pub fn validate(&self) -> Result<(), DomainError> {
        validate_number_pattern(&self.number_pattern)?;
        if !self.prefix.is_empty() {
            validate_prefix(&self.prefix)?;
        }
        if !(1..=MAX_SUSPENSION_MONTHS).contains(&self.suspension_months) {
            return Err(DomainError::invalid(
                "suspension_months",
                ErrorCode::SuspensionTooLong,
                format!("the suspension limit must be 1-{MAX_SUSPENSION_MONTHS} months"),
            ));
        }
        if self.verification_alert_per_day > MAX_VERIFICATION_ALERT {
            return Err(DomainError::invalid(
                "verification_alert_per_day",
                ErrorCode::InvalidNumber,
                format!("the alert threshold must be 0-{MAX_VERIFICATION_ALERT} look-ups a day"),
            ));
        }
        if self.address.chars().count() > 300 {
            return Err(DomainError::invalid(
                "address",
                ErrorCode::InvalidText,
                "the address must be at most 300 characters",
            ));
        }
        if !self.contact_email.trim().is_empty() {
            crate::values::Email::parse(&self.contact_email)
                .map_err(|e| DomainError::invalid("contact_email", e.code(), e.message()))?;
        }
        for a in &self.accreditations {
            crate::personnel::standard_code(&a.standard)?;
            for (field, v) in [("body", &a.body), ("number", &a.number)] {
                let n = v.trim().chars().count();
                if n == 0 || n > 80 {
                    return Err(DomainError::invalid(
                        field,
                        ErrorCode::InvalidAccreditation,
                        "accreditation body and number must be 1-80 characters",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The stored image, if one was uploaded.
    pub fn image(&self, which: CertificateImage) -> Option<&StoredImage> {
        match which {
            CertificateImage::Logo => self.logo.as_ref(),
            CertificateImage::AccreditationMark => self.accreditation_mark.as_ref(),
        }
    }

    /// The slot of an image.
    pub fn image_mut(&mut self, which: CertificateImage) -> &mut Option<StoredImage> {
        match which {
            CertificateImage::Logo => &mut self.logo,
            CertificateImage::AccreditationMark => &mut self.accreditation_mark,
        }
    }

    /// The accreditation covering `standard`, if the body holds one.
    pub fn accreditation_for(&self, standard: &str) -> Option<&Accreditation> {
        self.accreditations.iter().find(|a| a.standard == standard)
    }

    /// The prefix, or the default from the slug.
    pub fn prefix_or(&self, slug: &str) -> String {
        if self.prefix.is_empty() {
            default_prefix(slug)
        } else {
            self.prefix.clone()
        }
    }
}

/// The year of a date, for `{year}` in numbers.
pub fn year_of(d: NaiveDate) -> i32 {
    d.year()
}

#[cfg(test)]
mod tests {
    use super::*;
    use CertificateEvent as E;
    use CertificateStatus as S;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_transition_of_the_lifecycle() {
        let events = [
            E::Suspend,
            E::Restore,
            E::Withdraw,
            E::Expire,
            E::ExtendScope,
            E::ReduceScope,
            E::Renew,
        ];
        let legal = [
            (S::Active, E::Suspend, S::Suspended),
            (S::Suspended, E::Restore, S::Active),
            (S::Active, E::Withdraw, S::Withdrawn),
            (S::Suspended, E::Withdraw, S::Withdrawn),
            (S::Active, E::Expire, S::Expired),
            (S::Active, E::ExtendScope, S::Active),
            (S::Active, E::ReduceScope, S::Active),
            (S::Suspended, E::ReduceScope, S::Active),
            (S::Active, E::Renew, S::Active),
            (S::Expired, E::Renew, S::Active),
        ];
        for from in S::VARIANTS.iter().copied() {
            for event in events {
                let expected = legal
                    .iter()
                    .find(|(f, e, _)| *f == from && *e == event)
                    .map(|(_, _, to)| *to);
                match (from.apply(event), expected) {
                    (Ok(to), Some(want)) => assert_eq!(to, want, "{from:?} {event:?}"),
                    (Err(e), None) => {
                        assert_eq!(e.from, from);
                        assert!(e.to_string().starts_with("a certificate that is"));
                    }
                    (got, want) => panic!("{from:?} {event:?}: got {got:?}, want {want:?}"),
                }
            }
        }
    }

    #[test]
    fn withdrawn_never_becomes_active_again() {
        for event in [E::Restore, E::Renew, E::ReduceScope, E::ExtendScope] {
            assert!(S::Withdrawn.apply(event).is_err());
        }
    }

    #[test]
    fn effective_date_never_before_the_decision() {
        let decided = d("2026-12-06");
        assert_eq!(effective_date(decided, None).unwrap(), decided);
        assert_eq!(
            effective_date(decided, Some(d("2026-12-10"))).unwrap(),
            d("2026-12-10")
        );
        let err = effective_date(decided, Some(d("2026-12-05"))).unwrap_err();
        assert!(matches!(
            err,
            DomainError::Invalid {
                code: ErrorCode::EffectiveBeforeDecision,
                field: "effective_date",
                ..
            }
        ));
    }

    #[test]
    fn suspension_window_is_six_months_by_default() {
        let from = d("2026-03-31");
        assert_eq!(
            suspension_limit(from, DEFAULT_SUSPENSION_MONTHS),
            Some(d("2026-09-30"))
        );
        assert!(suspension_until(from, d("2026-09-30"), 6).is_ok());
        assert!(suspension_until(from, d("2026-10-01"), 6).is_err());
        assert!(suspension_until(from, from, 6).is_err());
        assert!(suspension_until(from, d("2026-12-31"), 9).is_ok());
    }

    #[test]
    fn restoration_within_six_months_after_expiry() {
        let expiry = d("2026-01-14");
        assert_eq!(restoration_limit(expiry), Some(d("2026-07-14")));
        assert!(restoration_allowed(expiry, d("2026-07-14")));
        assert!(!restoration_allowed(expiry, d("2026-07-15")));
        // The gap without certification is shown on the restored certificate.
        assert_eq!(
            restoration_gap(expiry, d("2026-03-01")),
            Some((d("2026-01-15"), d("2026-02-28")))
        );
        assert_eq!(restoration_gap(expiry, d("2026-01-15")), None);
    }

    #[test]
    fn renewal_continues_the_cycle_from_the_previous_expiry() {
        assert_eq!(renewed_expiry(d("2026-12-05")), Some(d("2029-12-05")));
        assert_eq!(renewed_expiry(d("2028-02-29")), Some(d("2031-02-28")));
    }

    #[test]
    fn numbering_patterns() {
        let std = vec!["ISO/IEC 42001:2023".to_string()];
        assert_eq!(
            format_number(DEFAULT_NUMBER_PATTERN, "DEMO", &std, 2026, 7),
            "DEMO-42001-00007"
        );
        let ims = vec!["ISO 9001:2015".to_string(), "ISO 14001:2015".to_string()];
        assert_eq!(
            format_number("{prefix}/{year}/{standard}/{seq}", "CB", &ims, 2027, 123),
            "CB/2027/IMS/123"
        );
        assert!(validate_number_pattern(DEFAULT_NUMBER_PATTERN).is_ok());
        assert!(validate_number_pattern("{prefix}-{seq:03}").is_ok());
        for bad in [
            "{prefix}-{standard}",
            "{seq}-{seq}",
            "{prefix}-{seq",
            "{prefix}-{sequence}",
            "{seq:00}",
            "a b {seq}",
            "{seq}}",
        ] {
            assert!(validate_number_pattern(bad).is_err(), "{bad}");
        }
        assert_eq!(display_number("DEMO-42001-00007", 0), "DEMO-42001-00007");
        assert_eq!(display_number("DEMO-42001-00007", 2), "DEMO-42001-00007/R2");
        assert_eq!(default_prefix("demo-cb"), "DEMO-CB");
    }

    #[test]
    fn soa_and_settings() {
        assert!(needs_soa(&["ISO/IEC 27001:2022".to_string()]));
        assert!(!needs_soa(&["ISO 9001:2015".to_string()]));
        let mut s = CertificateSettings::default();
        assert!(s.validate().is_ok());
        s.suspension_months = 13;
        assert!(s.validate().is_err());
        s.suspension_months = 6;
        s.accreditations.push(Accreditation {
            standard: "ISO/IEC 42001:2023".into(),
            body: "UKAS".into(),
            number: "1234".into(),
        });
        assert!(s.validate().is_ok());
        assert_eq!(
            s.accreditation_for("ISO/IEC 42001:2023").unwrap().number,
            "1234"
        );
        s.accreditations[0].body = " ".into();
        assert!(s.validate().is_err());
    }

    #[test]
    fn images_in_settings() {
        assert_eq!(
            ImageFormat::from_mime("image/svg+xml; charset=utf-8"),
            Some(ImageFormat::Svg)
        );
        assert_eq!(ImageFormat::from_mime("IMAGE/PNG"), Some(ImageFormat::Png));
        assert_eq!(ImageFormat::from_mime("image/gif"), None);
        for i in CertificateImage::ALL {
            assert_eq!(CertificateImage::parse(i.as_str()), Some(i));
        }
        assert_eq!(CertificateImage::parse("mark"), None);
        // Settings saved before images existed still parse; images round-trip.
        let old: CertificateSettings = serde_json::from_str(r#"{"address": "x"}"#).unwrap();
        assert_eq!(old.logo, None);
        let mut s = CertificateSettings::default();
        *s.image_mut(CertificateImage::Logo) = Some(StoredImage {
            key: "t/k".into(),
            format: ImageFormat::Jpeg,
            sha256: "ab".into(),
        });
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["logo"]["format"], "jpeg");
        let back: CertificateSettings = serde_json::from_value(json).unwrap();
        assert_eq!(back, s);
        assert!(s.image(CertificateImage::AccreditationMark).is_none());
        assert!(
            serde_json::from_str::<StoredImage>(r#"{"key":"k","format":"png","sha256":"a","x":1}"#)
                .is_err()
        );
    }

    #[test]
    fn decision_kinds() {
        assert!(DecisionKind::Grant.issues() && DecisionKind::Grant.starts_cycle());
        assert!(!DecisionKind::Maintain.issues());
        assert!(DecisionKind::Refuse.needs_reasons());
        assert_eq!(
            CertificateEvent::of_decision(DecisionKind::Suspend),
            Some(CertificateEvent::Suspend)
        );
        assert_eq!(
            "extend_scope".parse::<DecisionKind>().unwrap(),
            DecisionKind::ExtendScope
        );
    }
}
