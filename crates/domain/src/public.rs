//! Public verification of certificates (ISO/IEC 17021-1 8.1): what anyone may look up
//! without an account.
//!
//! - [`search_name`]: the form of a holder's name the directory searches (lowercase, accents
//!   and other combining marks removed, spaces collapsed), so that `muller` finds
//!   "Müller & Söhne".
//! - [`parse_number`]: a certificate number as printed, with or without the revision suffix
//!   `/R{n}` of a revised certificate (8.2.1 i).
//! - [`PublicStatus`]: the status a look-up answers, `superseded` for an old revision.

use crate::certification::CertificateStatus;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Shortest directory search, in characters (after normalising).
pub const MIN_SEARCH_CHARS: usize = 3;
/// Longest directory search, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;
/// Directory page size by default.
pub const DEFAULT_PAGE: u64 = 20;
/// Largest directory page.
pub const MAX_PAGE: u64 = 50;
/// Longest certificate number a look-up considers (a longer one names nothing).
pub const MAX_NUMBER_CHARS: usize = 120;

/// The searchable form of a name: compatibility-decomposed (NFKD), combining marks
/// dropped, lowercase, letters that do not decompose mapped to their usual Latin spelling
/// (`ß` → `ss`, `ø` → `o`, `æ` → `ae`, …), runs of whitespace collapsed to one space and
/// the ends trimmed.
pub fn search_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        for l in c.to_lowercase() {
            match l {
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ø' => out.push('o'),
                'đ' | 'ð' => out.push('d'),
                'ł' => out.push('l'),
                'ı' => out.push('i'),
                'þ' => out.push_str("th"),
                other => out.push(other),
            }
        }
    }
    out
}

/// A number as asked: the base number and, when it carries `/R{n}`, the revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedNumber {
    /// The whole text as given (it may itself be a base number ending in `/R…`).
    pub full: String,
    /// Without the revision suffix, when there is one.
    pub base: Option<(String, i32)>,
}

/// Reads a certificate number as printed. `None` when it cannot name a certificate
/// (empty, too long, control characters).
pub fn parse_number(s: &str) -> Option<AskedNumber> {
    let n = s.chars().count();
    if n == 0 || n > MAX_NUMBER_CHARS || s.chars().any(char::is_control) {
        return None;
    }
    let base = s.rsplit_once("/R").and_then(|(base, rev)| {
        let digits = !rev.is_empty() && rev.len() <= 6 && rev.bytes().all(|b| b.is_ascii_digit());
        (digits && !base.is_empty())
            .then(|| rev.parse::<i32>().ok().map(|r| (base.to_string(), r)))
            .flatten()
    });
    Some(AskedNumber {
        full: s.to_string(),
        base,
    })
}

/// The status a public look-up answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicStatus {
    /// The certificate's own status (its current revision was asked).
    Current(CertificateStatus),
    /// An earlier revision was asked: a later one replaced it.
    Superseded,
}

impl PublicStatus {
    /// The stable name: `active`, `suspended`, `withdrawn`, `expired` or `superseded`.
    pub fn as_str(self) -> &'static str {
        match self {
            PublicStatus::Current(s) => s.as_str(),
            PublicStatus::Superseded => "superseded",
        }
    }

    /// In words, for people.
    pub fn label(self) -> &'static str {
        match self {
            PublicStatus::Current(CertificateStatus::Active) => "Valid",
            PublicStatus::Current(CertificateStatus::Suspended) => "Suspended",
            PublicStatus::Current(CertificateStatus::Withdrawn) => "Withdrawn",
            PublicStatus::Current(CertificateStatus::Expired) => "Expired",
            PublicStatus::Superseded => "Superseded",
        }
    }

    /// What the status means for someone relying on the certificate.
    pub fn meaning(self) -> &'static str {
        match self {
            PublicStatus::Current(CertificateStatus::Active) => {
                "The certificate is valid: the certified organisation may refer to its certification."
            }
            PublicStatus::Current(CertificateStatus::Suspended) => {
                "The certification is temporarily invalid: the organisation must not promote it until it is restored."
            }
            PublicStatus::Current(CertificateStatus::Withdrawn) => {
                "The certification has been withdrawn and is no longer valid."
            }
            PublicStatus::Current(CertificateStatus::Expired) => {
                "The certificate has passed its expiry date without renewal and is no longer valid."
            }
            PublicStatus::Superseded => {
                "This revision of the certificate was replaced by a later one: check the current revision."
            }
        }
    }
}

/// The purpose of a status list (W3C Bitstring Status List v1.0 §2.1, `statusPurpose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusPurpose {
    /// A set bit means the credential no longer holds, for good.
    Revocation,
    /// A set bit means the credential does not hold for now.
    Suspension,
}

impl StatusPurpose {
    /// Both purposes, in the order credentials list their entries.
    pub const ALL: [StatusPurpose; 2] = [StatusPurpose::Revocation, StatusPurpose::Suspension];

    /// The name the specification gives it (and the path segment of the list).
    pub fn as_str(self) -> &'static str {
        match self {
            StatusPurpose::Revocation => "revocation",
            StatusPurpose::Suspension => "suspension",
        }
    }

    /// The purpose named `s`.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Whether the credential of `revision` of a certificate now `status` at revision
/// `current` is revoked and whether it is suspended:
///
/// - a revision a later one replaced no longer states the certification (ISO/IEC 17021-1
///   8.2.1 i, a revised certificate is told apart from the one it supersedes): revoked;
/// - a withdrawn certificate (9.6.5) is revoked for good;
/// - a suspended one (9.6.5: the certification is temporarily invalid) is suspended, and
///   restored it no longer is;
/// - an expired one is neither: the credential's `validUntil` already says it.
pub fn credential_status(status: CertificateStatus, revision: i32, current: i32) -> (bool, bool) {
    if revision < current {
        return (true, false);
    }
    match status {
        CertificateStatus::Withdrawn => (true, false),
        CertificateStatus::Suspended => (false, true),
        CertificateStatus::Active | CertificateStatus::Expired => (false, false),
    }
}

/// What a public look-up that a certification body should hear about was (17021-1 8.1.3:
/// the body answers enquiries about its certificates; misuse of certificates, 8.3, often
/// starts with a forged or altered number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LookupKind {
    /// A number no body holds, numbered like the body's.
    Unknown,
    /// A number no body holds, one character away from one of the body's.
    LookAlike,
    /// A suspended certificate of the body.
    Suspended,
    /// A withdrawn certificate of the body.
    Withdrawn,
}

impl LookupKind {
    /// Every kind.
    pub const ALL: [LookupKind; 4] = [
        LookupKind::Unknown,
        LookupKind::LookAlike,
        LookupKind::Suspended,
        LookupKind::Withdrawn,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            LookupKind::Unknown => "unknown",
            LookupKind::LookAlike => "look_alike",
            LookupKind::Suspended => "suspended",
            LookupKind::Withdrawn => "withdrawn",
        }
    }

    /// The kind named `s`.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// In words, for people.
    pub fn label(self) -> &'static str {
        match self {
            LookupKind::Unknown => "Unknown number",
            LookupKind::LookAlike => "Look-alike number",
            LookupKind::Suspended => "Suspended certificate",
            LookupKind::Withdrawn => "Withdrawn certificate",
        }
    }
}

/// Whether `a` and `b` are one edit apart (one character inserted, removed or replaced).
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 || a == b {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        short[prefix + 1..] == long[prefix + 1..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// The network a verifier's address belongs to, which is all that is kept of it: the /24
/// of an IPv4 address, the /48 of an IPv6 one.
pub fn network_of(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => network_of(std::net::IpAddr::V4(v4)),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_searched_without_case_or_accents() {
        assert_eq!(search_name("Müller & Söhne"), "muller & sohne");
        assert_eq!(search_name("ÉCOLE"), "ecole");
        assert_eq!(search_name("Zürich"), "zurich");
        assert_eq!(search_name("  Straße   Nørd\tAG "), "strasse nord ag");
        assert_eq!(search_name("ﬁlm Ⅻ"), "film xii");
        assert_eq!(search_name("Łódź"), "lodz");
        assert_eq!(search_name(""), "");
        // A fragment of a name matches the normalised name.
        assert!(search_name("Helios Robotics GmbH").contains(&search_name("ROBÓT")));
    }

    #[test]
    fn numbers_with_and_without_revision() {
        let n = parse_number("ACME-42001-00001").unwrap();
        assert_eq!(n.base, None);
        let n = parse_number("ACME-42001-00001/R2").unwrap();
        assert_eq!(n.base, Some(("ACME-42001-00001".into(), 2)));
        let n = parse_number("CB/2027/IMS/123/R10").unwrap();
        assert_eq!(n.base, Some(("CB/2027/IMS/123".into(), 10)));
        for not_revision in ["CB/R", "CB/Rx", "/R1", "CB/R1234567"] {
            assert_eq!(
                parse_number(not_revision).unwrap().base,
                None,
                "{not_revision}"
            );
        }
        assert!(parse_number("").is_none());
        assert!(parse_number("A\u{0}B").is_none());
        assert!(parse_number(&"9".repeat(MAX_NUMBER_CHARS + 1)).is_none());
    }

    #[test]
    fn statuses_in_words() {
        assert_eq!(PublicStatus::Superseded.as_str(), "superseded");
        assert_eq!(
            PublicStatus::Current(CertificateStatus::Suspended).as_str(),
            "suspended"
        );
        assert_eq!(
            PublicStatus::Current(CertificateStatus::Active).label(),
            "Valid"
        );
    }

    #[test]
    fn credential_status_follows_the_certificate() {
        use CertificateStatus::*;
        assert_eq!(credential_status(Active, 1, 1), (false, false));
        assert_eq!(credential_status(Suspended, 1, 1), (false, true));
        assert_eq!(credential_status(Withdrawn, 1, 1), (true, false));
        assert_eq!(credential_status(Expired, 1, 1), (false, false));
        // An earlier revision is revoked whatever the certificate's status.
        for s in [Active, Suspended, Withdrawn, Expired] {
            assert_eq!(credential_status(s, 0, 1), (true, false));
        }
        assert_eq!(
            StatusPurpose::parse("suspension"),
            Some(StatusPurpose::Suspension)
        );
        assert_eq!(StatusPurpose::parse("expired"), None);
    }

    #[test]
    fn one_edit_apart_finds_typos_and_forgeries() {
        assert!(one_edit_apart("DCB-42001-00002", "DCB-42001-00003"));
        assert!(one_edit_apart("DCB-42001-00002", "DCB-42001-0002"));
        assert!(one_edit_apart("DCB-42001-00002", "DCB-420001-00002"));
        assert!(!one_edit_apart("DCB-42001-00002", "DCB-42001-00002"));
        assert!(!one_edit_apart("DCB-42001-00002", "DCB-42001-00013"));
        assert!(!one_edit_apart("DCB-42001-00002", "DCB-42001-002"));
        assert!(one_edit_apart("Ä", "A") && one_edit_apart("", "x"));
    }

    #[test]
    fn only_the_network_of_an_address_is_kept() {
        assert_eq!(
            network_of("203.0.113.77".parse().unwrap()),
            "203.0.113.0/24"
        );
        assert_eq!(
            network_of("2001:db8:abcd:12::1".parse().unwrap()),
            "2001:db8:abcd::/48"
        );
        assert_eq!(
            network_of("::ffff:198.51.100.9".parse().unwrap()),
            "198.51.100.0/24"
        );
        assert_eq!(LookupKind::parse("look_alike"), Some(LookupKind::LookAlike));
    }
}
