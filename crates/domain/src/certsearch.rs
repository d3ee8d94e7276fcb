//! IAF CertSearch records (IAF MD 28; domain reference 5.1): the certification fields a
//! certification body uploads to the IAF database of accredited certifications, mapped from a
//! certificate's current revision, its holder and the body's accreditations.
//!
//! - IAF MD 28 and IAF ML 4 oblige accredited bodies to upload **all accredited certification
//!   data** and to update it at least once a month (domain reference 5.1, "Obligation").
//! - The v1 upload fields and which of them are mandatory follow the CertSearch certification
//!   API (domain reference 5.1, "v1 certification fields"): dates as `YYYYMMDD`, the certified
//!   entity linked by the body's stable client id, `schemes[].standard_list[]`, `sites[]` with
//!   their scope, optional technical sectors.
//! - Statuses map as the domain reference 7.2 says: active → Active, suspended → Suspended,
//!   withdrawn → Withdrawn, expired → Expired.
//!
//! [`map`] is pure: it answers the record and every mandatory field it could not fill, so a
//! dry run tells a body what it must still complete before an upload.

use crate::certification::{Accreditation, CertificateStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Most records in one upload batch (domain reference 5.1, "Channels": bulk upload takes up
/// to 100 records per call).
pub const BATCH_SIZE: usize = 100;

/// The certification type of every record: Certa issues management-system certificates.
pub const CERTIFICATION_TYPE: &str = "Management System";

/// A standard of a scheme (`standard_list[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeStandard {
    /// The standard with its edition, e.g. `ISO/IEC 42001:2023`.
    pub standards_name: String,
}

/// A certification scheme (`schemes[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    /// The standard without its edition, e.g. `ISO/IEC 42001`.
    pub scheme_name: String,
    pub standard_list: Vec<SchemeStandard>,
}

/// A certified site (`sites[]`) with its scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub street: String,
    pub city: String,
    pub country: String,
    pub scope_description: String,
}

/// A technical sector of the certification (IAF sector code), when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sector {
    pub sector_code: String,
    pub sector_name: String,
}

/// One certification as CertSearch receives it (v1 field names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub certificate_number: String,
    /// The body's own unique key of the certificate, used to update the record later.
    pub certificate_identity_number: String,
    /// `Active`, `Suspended`, `Withdrawn` or `Expired`.
    pub certification_status: String,
    /// `Accredited` or `Unaccredited`.
    pub certificate_accreditation_status: String,
    pub certification_type: String,
    pub certification_scope: String,
    /// `YYYYMMDD`.
    pub certification_original_issue_date: String,
    /// `YYYYMMDD`: the issue of the current revision.
    pub certification_issue_date: String,
    /// `YYYYMMDD`.
    pub certification_expiry_date: String,
    pub certified_entity_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certified_entity_trading_name: Option<String>,
    /// The body's stable id of the client, the same on all its certificates.
    pub certified_entity_unique_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certified_entity_website: Option<String>,
    pub certified_entity_street: String,
    pub certified_entity_city: String,
    pub certified_entity_country: String,
    pub accreditation_body_name: String,
    pub accreditation_body_acronym_name: String,
    pub schemes: Vec<Scheme>,
    pub sites: Vec<Site>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub technical_sectors: Vec<Sector>,
}

/// The mandatory fields of a record (`*` in the v1 field list), in the order a record
/// lists them.
pub const MANDATORY: &[&str] = &[
    "certificate_number",
    "certification_status",
    "certificate_accreditation_status",
    "certification_type",
    "certification_issue_date",
    "certification_expiry_date",
    "certified_entity_name",
    "certified_entity_unique_id",
    "certified_entity_street",
    "certified_entity_city",
    "certified_entity_country",
    "accreditation_body_name",
    "accreditation_body_acronym_name",
    "schemes",
];

/// Where a missing field is completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixAt {
    /// The body's certificate settings (accreditations).
    Settings,
    /// The client's record (address of its head office).
    Client,
}

/// A mandatory field a record cannot fill yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missing {
    /// The CertSearch field name.
    pub field: String,
    /// What to complete, in words.
    pub message: String,
    pub fix_at: FixAt,
}

/// The holder's head-office address (the site with the central function, or the first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    pub street: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

/// A site of the holder as the mapping needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteInput {
    pub address: Address,
    /// The site's own scope (its processes), if any; otherwise the certificate's scope.
    pub scope: Option<String>,
}

/// What the mapping reads: the certificate's current revision, the client and the body's
/// accreditations.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub certificate_id: &'a str,
    pub number: &'a str,
    pub status: CertificateStatus,
    pub scope: &'a str,
    /// The standards with their editions, e.g. `ISO 9001:2015`.
    pub standards: &'a [String],
    pub original_date: NaiveDate,
    pub issue_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub client_id: &'a str,
    pub client_name: &'a str,
    pub trading_name: Option<&'a str>,
    pub website: Option<&'a str>,
    pub head_office: Address,
    pub sites: Vec<SiteInput>,
    /// The IAF technical-area codes of the scope, when known.
    pub sectors: Vec<String>,
    /// The body's accreditations (all standards).
    pub accreditations: &'a [Accreditation],
}

/// The CertSearch name of a status (domain reference 7.2).
pub fn status_name(s: CertificateStatus) -> &'static str {
    match s {
        CertificateStatus::Active => "Active",
        CertificateStatus::Suspended => "Suspended",
        CertificateStatus::Withdrawn => "Withdrawn",
        CertificateStatus::Expired => "Expired",
    }
}

/// A date as CertSearch takes it: `YYYYMMDD`.
pub fn yyyymmdd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// Accreditation bodies by acronym, for a body's accreditation written with the acronym
/// alone (IAF MLA signatories).
const KNOWN_BODIES: &[(&str, &str)] = &[
    ("UKAS", "United Kingdom Accreditation Service"),
    ("DAKKS", "Deutsche Akkreditierungsstelle"),
    ("ANAB", "ANSI National Accreditation Board"),
    ("COFRAC", "Comité français d'accréditation"),
    ("ACCREDIA", "Ente Italiano di Accreditamento"),
    ("ENAC", "Entidad Nacional de Acreditación"),
    ("RVA", "Raad voor Accreditatie"),
    ("SAS", "Swiss Accreditation Service"),
    ("BELAC", "Belgian Accreditation Body"),
    (
        "JAS-ANZ",
        "Joint Accreditation System of Australia and New Zealand",
    ),
    ("INAB", "Irish National Accreditation Board"),
    ("DANAK", "Danish Accreditation Fund"),
    (
        "SWEDAC",
        "Swedish Board for Accreditation and Conformity Assessment",
    ),
    ("FINAS", "Finnish Accreditation Service"),
    ("NA", "Norwegian Accreditation"),
    ("PCA", "Polish Centre for Accreditation"),
    ("IPAC", "Instituto Português de Acreditação"),
    ("AA", "Akkreditierung Austria"),
    ("SCC", "Standards Council of Canada"),
    ("JAB", "Japan Accreditation Board"),
    (
        "CNAS",
        "China National Accreditation Service for Conformity Assessment",
    ),
    (
        "NABCB",
        "National Accreditation Board for Certification Bodies",
    ),
    ("IAS", "International Accreditation Service"),
];

/// The name and acronym of an accreditation body as a body wrote it: `Full name (ACRONYM)`,
/// or a known acronym alone. `None` for a part that cannot be told.
pub fn body_parts(written: &str) -> (Option<String>, Option<String>) {
    let w = written.trim();
    if let Some(open) = w.rfind('(')
        && w.ends_with(')')
    {
        let name = w[..open].trim();
        let acronym = w[open + 1..w.len() - 1].trim();
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        return (some(name), some(acronym));
    }
    if w.is_empty() {
        return (None, None);
    }
    match KNOWN_BODIES.iter().find(|(a, _)| a.eq_ignore_ascii_case(w)) {
        Some((_, name)) => (Some((*name).to_string()), Some(w.to_string())),
        None => (None, None),
    }
}

/// The IAF sectors (IAF ID 1, the EA/IAF scopes 1–39) by number.
const IAF_SECTORS: [&str; 39] = [
    "Agriculture, forestry and fishing",
    "Mining and quarrying",
    "Food products, beverages and tobacco",
    "Textiles and textile products",
    "Leather and leather products",
    "Wood and wood products",
    "Pulp, paper and paper products",
    "Publishing companies",
    "Printing companies",
    "Manufacture of coke and refined petroleum products",
    "Nuclear fuel",
    "Chemicals, chemical products and fibres",
    "Pharmaceuticals",
    "Rubber and plastic products",
    "Non-metallic mineral products",
    "Concrete, cement, lime, plaster etc.",
    "Basic metals and fabricated metal products",
    "Machinery and equipment",
    "Electrical and optical equipment",
    "Shipbuilding",
    "Aerospace",
    "Other transport equipment",
    "Manufacturing not elsewhere classified",
    "Recycling",
    "Electricity supply",
    "Gas supply",
    "Water supply",
    "Construction",
    "Wholesale and retail trade; repair of motor vehicles, motorcycles and personal and household goods",
    "Hotels and restaurants",
    "Transport, storage and communication",
    "Financial intermediation; real estate; renting",
    "Information technology",
    "Engineering services",
    "Other services",
    "Public administration",
    "Education",
    "Health and social work",
    "Other social services",
];

/// The IAF sector of a technical-area code written `IAF 19` or `EA 19` (1–39); `None` for
/// other codes (NACE classes, `all`), which CertSearch's sector list does not name.
pub fn iaf_sector(code: &str) -> Option<Sector> {
    let c = code.trim();
    let upper = c.to_ascii_uppercase();
    let rest = upper
        .strip_prefix("IAF")
        .or_else(|| upper.strip_prefix("EA"))?
        .trim();
    let n: usize = rest.parse().ok()?;
    let name = IAF_SECTORS.get(n.checked_sub(1)?)?;
    Some(Sector {
        sector_code: n.to_string(),
        sector_name: (*name).to_string(),
    })
}

fn filled(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Maps a certificate to its CertSearch record, with every mandatory field it could not
/// fill (the record then holds an empty value there and must not be uploaded).
pub fn map(i: &Input<'_>) -> (Record, Vec<Missing>) {
    let mut missing = Vec::new();
    let mut need = |field: &str, message: String, fix_at: FixAt| {
        missing.push(Missing {
            field: field.to_string(),
            message,
            fix_at,
        });
    };
    if i.standards.is_empty() {
        need(
            "schemes",
            "The certificate names no standard.".to_string(),
            FixAt::Settings,
        );
    }
    // Accreditation (IAF MD 28: accredited certifications), per standard of the certificate.
    let covering: Vec<&Accreditation> = i
        .standards
        .iter()
        .filter_map(|s| i.accreditations.iter().find(|a| &a.standard == s))
        .collect();
    let unaccredited: Vec<&str> = i
        .standards
        .iter()
        .filter(|s| !i.accreditations.iter().any(|a| &a.standard == *s))
        .map(String::as_str)
        .collect();
    let accredited = !i.standards.is_empty() && unaccredited.is_empty();
    if !unaccredited.is_empty() {
        need(
            "certificate_accreditation_status",
            format!(
                "No accreditation is recorded for {}: add the accreditation body and number in the certificate settings.",
                unaccredited.join(", ")
            ),
            FixAt::Settings,
        );
    }
    let (ab_name, ab_acronym) = covering
        .first()
        .map(|a| body_parts(&a.body))
        .unwrap_or((None, None));
    if ab_name.is_none() {
        need(
            "accreditation_body_name",
            "The accreditation body's full name is not known: write it as \"Full name (ACRONYM)\" in the certificate settings.".to_string(),
            FixAt::Settings,
        );
    }
    if ab_acronym.is_none() {
        need(
            "accreditation_body_acronym_name",
            "The accreditation body's acronym is not known: write it as \"Full name (ACRONYM)\" in the certificate settings.".to_string(),
            FixAt::Settings,
        );
    }
    // The certified entity (the client).
    let street = filled(i.head_office.street.as_deref());
    let city = filled(i.head_office.city.as_deref());
    let country = filled(i.head_office.country.as_deref());
    if filled(Some(i.client_name)).is_none() {
        need(
            "certified_entity_name",
            "The client has no legal name.".to_string(),
            FixAt::Client,
        );
    }
    if street.is_none() {
        need(
            "certified_entity_street",
            "The client's head office has no street address: add it to the client's site."
                .to_string(),
            FixAt::Client,
        );
    }
    if city.is_none() {
        need(
            "certified_entity_city",
            "The client's head office has no city: add it to the client's site.".to_string(),
            FixAt::Client,
        );
    }
    if country.is_none() {
        need(
            "certified_entity_country",
            "The client has no site with a country: add a site to the client.".to_string(),
            FixAt::Client,
        );
    }
    let schemes = i
        .standards
        .iter()
        .map(|s| Scheme {
            scheme_name: s.split(':').next().unwrap_or(s).trim().to_string(),
            standard_list: vec![SchemeStandard {
                standards_name: s.clone(),
            }],
        })
        .collect();
    let sites = i
        .sites
        .iter()
        .map(|s| Site {
            street: filled(s.address.street.as_deref()).unwrap_or_default(),
            city: filled(s.address.city.as_deref()).unwrap_or_default(),
            country: filled(s.address.country.as_deref()).unwrap_or_default(),
            scope_description: filled(s.scope.as_deref()).unwrap_or_else(|| i.scope.to_string()),
        })
        .collect();
    let mut sectors: Vec<Sector> = Vec::new();
    for s in i.sectors.iter().filter_map(|c| iaf_sector(c)) {
        if !sectors.iter().any(|x| x.sector_code == s.sector_code) {
            sectors.push(s);
        }
    }
    let record = Record {
        certificate_number: i.number.to_string(),
        certificate_identity_number: i.certificate_id.to_string(),
        certification_status: status_name(i.status).to_string(),
        certificate_accreditation_status: if accredited {
            "Accredited"
        } else {
            "Unaccredited"
        }
        .to_string(),
        certification_type: CERTIFICATION_TYPE.to_string(),
        certification_scope: i.scope.to_string(),
        certification_original_issue_date: yyyymmdd(i.original_date),
        certification_issue_date: yyyymmdd(i.issue_date),
        certification_expiry_date: yyyymmdd(i.expiry_date),
        certified_entity_name: i.client_name.trim().to_string(),
        certified_entity_trading_name: filled(i.trading_name),
        certified_entity_unique_id: i.client_id.to_string(),
        certified_entity_website: filled(i.website),
        certified_entity_street: street.unwrap_or_default(),
        certified_entity_city: city.unwrap_or_default(),
        certified_entity_country: country.unwrap_or_default(),
        accreditation_body_name: ab_name.unwrap_or_default(),
        accreditation_body_acronym_name: ab_acronym.unwrap_or_default(),
        schemes,
        sites,
        technical_sectors: sectors,
    };
    (record, missing)
}

/// A human label of a CertSearch field, for the dry-run page.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "certificate_number" => "Certificate number",
        "certification_status" => "Status",
        "certificate_accreditation_status" => "Accreditation",
        "certification_type" => "Certification type",
        "certification_issue_date" => "Issue date",
        "certification_expiry_date" => "Expiry date",
        "certified_entity_name" => "Holder's name",
        "certified_entity_unique_id" => "Holder's id",
        "certified_entity_street" => "Holder's street address",
        "certified_entity_city" => "Holder's city",
        "certified_entity_country" => "Holder's country",
        "accreditation_body_name" => "Accreditation body name",
        "accreditation_body_acronym_name" => "Accreditation body acronym",
        "schemes" => "Standards",
        _ => "Other field",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn input<'a>(standards: &'a [String], acc: &'a [Accreditation]) -> Input<'a> {
        Input {
            certificate_id: "c-1",
            number: "DCB-9001-0001",
            status: CertificateStatus::Suspended,
            scope: "Design of robots",
            standards,
            original_date: date("2025-01-02"),
            issue_date: date("2026-03-04"),
            expiry_date: date("2028-01-01"),
            client_id: "client-1",
            client_name: "Helios Robotics GmbH",
            trading_name: Some(" "),
            website: None,
            head_office: Address {
                street: Some("Hauptstraße 1".into()),
                city: Some("Berlin".into()),
                country: Some("DE".into()),
            },
            sites: vec![SiteInput {
                address: Address {
                    street: Some("Hauptstraße 1".into()),
                    city: Some("Berlin".into()),
                    country: Some("DE".into()),
                },
                scope: None,
            }],
            sectors: vec![
                "IAF 19".into(),
                "iaf 19".into(),
                "62.01".into(),
                "all".into(),
                "EA 33".into(),
                "IAF 40".into(),
            ],
            accreditations: acc,
        }
    }

    #[test]
    fn a_complete_certificate_maps_without_gaps() {
        let standards = vec!["ISO 9001:2015".to_string()];
        let acc = vec![Accreditation {
            standard: "ISO 9001:2015".into(),
            body: "DAkkS".into(),
            number: "D-ZM-1".into(),
        }];
        let (r, missing) = map(&input(&standards, &acc));
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(r.certification_status, "Suspended");
        assert_eq!(r.certificate_accreditation_status, "Accredited");
        assert_eq!(r.certification_original_issue_date, "20250102");
        assert_eq!(r.certification_issue_date, "20260304");
        assert_eq!(r.certification_expiry_date, "20280101");
        assert_eq!(r.accreditation_body_name, "Deutsche Akkreditierungsstelle");
        assert_eq!(r.accreditation_body_acronym_name, "DAkkS");
        assert_eq!(r.schemes[0].scheme_name, "ISO 9001");
        assert_eq!(
            r.schemes[0].standard_list[0].standards_name,
            "ISO 9001:2015"
        );
        assert_eq!(r.sites[0].scope_description, "Design of robots");
        let sectors: Vec<(&str, &str)> = r
            .technical_sectors
            .iter()
            .map(|s| (s.sector_code.as_str(), s.sector_name.as_str()))
            .collect();
        assert_eq!(
            sectors,
            [
                ("19", "Electrical and optical equipment"),
                ("33", "Information technology")
            ]
        );
        assert_eq!(r.certified_entity_trading_name, None);
        assert_eq!(r.certified_entity_unique_id, "client-1");
        let v = serde_json::to_value(&r).unwrap();
        for f in MANDATORY {
            assert!(v.get(*f).is_some(), "{f}");
        }
    }

    #[test]
    fn gaps_are_named_by_field() {
        let standards = vec!["ISO 9001:2015".to_string()];
        let mut i = input(&standards, &[]);
        i.head_office.street = None;
        i.head_office.city = Some("  ".into());
        let (r, missing) = map(&i);
        let fields: Vec<&str> = missing.iter().map(|m| m.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "certificate_accreditation_status",
                "accreditation_body_name",
                "accreditation_body_acronym_name",
                "certified_entity_street",
                "certified_entity_city",
            ]
        );
        assert_eq!(r.certificate_accreditation_status, "Unaccredited");
        assert!(missing[0].message.contains("ISO 9001:2015"));
        assert_eq!(missing[3].fix_at, FixAt::Client);
    }

    #[test]
    fn bodies_are_read_as_name_and_acronym() {
        assert_eq!(
            body_parts("United Kingdom Accreditation Service (UKAS)"),
            (
                Some("United Kingdom Accreditation Service".into()),
                Some("UKAS".into())
            )
        );
        assert_eq!(body_parts("Some Body"), (None, None));
        assert_eq!(body_parts("()"), (None, None));
        assert_eq!(body_parts(""), (None, None));
        assert_eq!(body_parts("ukas").1.as_deref(), Some("ukas"));
    }

    #[test]
    fn statuses_map_to_certsearch_names() {
        assert_eq!(status_name(CertificateStatus::Active), "Active");
        assert_eq!(status_name(CertificateStatus::Withdrawn), "Withdrawn");
        assert_eq!(status_name(CertificateStatus::Expired), "Expired");
        assert_eq!(yyyymmdd(date("1999-12-31")), "19991231");
    }
}
