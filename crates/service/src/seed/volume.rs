//! Synthetic, reproducible volume data.

use crate::admin::*;
use crate::{Ctx, ServiceError};
use certa_domain::AuditStatus;
use certa_domain::ErrorCode;
use certa_domain::TenantId;
use certa_domain::applications::ApplicationStatus;
use certa_domain::clients::SiteKind;
use certa_domain::personnel::AuditorStatus;
use certa_domain::programme::{EntryKind, EntryStatus, ProgrammeStatus};
use certa_domain::team::TeamRole;
use certa_store::repo::audit::{self, Actor};
use certa_store::{SystemAccess, TenantScope};
use serde_json::json;

/// How much synthetic data [`seed_volume`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Volume {
    pub clients: u32,
    pub audits: u32,
    pub auditors: u32,
    /// Certificates spread over the clients (several per client when there are more
    /// certificates than clients), each with its revisions and its public registry row.
    pub certificates: u32,
}

/// What [`seed_volume`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VolumeSeeded {
    pub clients: u64,
    pub sites: u64,
    pub applications: u64,
    pub programmes: u64,
    pub programme_audits: u64,
    pub audits: u64,
    pub team_members: u64,
    pub auditors: u64,
    pub absences: u64,
    pub certificates: u64,
    pub certificate_revisions: u64,
}

/// Programme entries per client: stage 1, stage 2, two surveillances, recertification.
const ENTRIES_PER_PROGRAMME: u32 = 5;

/// Most certificates per client: the current cycle's and two expired ones before it.
pub const CERTIFICATES_PER_CLIENT: u32 = 3;

/// A deterministic spread of values (splitmix64), so that a seed is reproducible.
fn spread(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn pick<T: Copy>(list: &[T], n: u64) -> T {
    list[usize::try_from(n % list.len() as u64).unwrap_or(0)]
}

fn days(n: u64) -> chrono::Duration {
    chrono::Duration::days(i64::try_from(n).unwrap_or(0))
}

/// Fills an empty tenant with synthetic, reproducible volume data, for benchmarks and
/// capacity checks: `clients` clients with a site, an accepted application and an
/// active programme each (stage 1, stage 2, surveillance 1 and 2, recertification, planned
/// from the decision date), `audits` scheduled audits of those entries, in order, spread
/// over the past three years and the coming one, with teams of one or two, and
/// `auditors` personnel records with two unavailability periods each, and `certificates`
/// certificates of those clients' programmes (several per client, earlier ones expired, one in twelve current ones expiring within 90 days, a few suspended or withdrawn, one in four revised). Multi-row inserts
/// in one transaction; one audit event.
pub async fn seed_volume(ctx: &Ctx, slug: &str, v: Volume) -> Result<VolumeSeeded, ServiceError> {
    use certa_domain::programme::{self as plan, ProgrammeSettings, Progress};
    use certa_store::repo::applications::{Application, Programme, ProgrammeAudit};
    use certa_store::repo::audits::{ScheduledAudit, TeamMember};
    use certa_store::repo::clients::{Client, Site};
    use certa_store::repo::personnel::{Absence, Auditor};
    use certa_store::repo::{clients, volume};

    if v.clients == 0
        || v.auditors == 0
        || v.audits > v.clients * ENTRIES_PER_PROGRAMME
        || v.certificates > v.clients * CERTIFICATES_PER_CLIENT
    {
        return Err(ServiceError::Invalid {
            field: "volume",
            code: ErrorCode::InvalidVolume,
            message: format!(
                "need at least one client and one auditor, at most {ENTRIES_PER_PROGRAMME} audits and {CERTIFICATES_PER_CLIENT} certificates per client"
            ),
        });
    }
    let t = tenant_by_slug(ctx, slug).await?;
    let tid = t.id;
    let tx = ctx
        .db
        .tenant(TenantScope::system(TenantId(tid), SystemAccess::Seed))
        .await?;
    if clients::count(&tx).await? > 0 {
        return Err(ServiceError::conflict(
            ErrorCode::TenantNotEmpty,
            format!("{slug} already has clients; seed an empty certification body"),
        ));
    }
    let now = certa_store::repo::now();
    let today = now.date_naive();
    // Programmes start over three years up to a few months ahead, so that their audits
    // cover the past and the coming year, and some later entries are due or overdue.
    let first_start = today - chrono::Duration::days(1000);
    let start_span = 1100;
    let settings = ProgrammeSettings::default();

    const FIRST: [&str; 20] = [
        "Anna", "Ben", "Chiara", "David", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Kaja",
        "Luis", "Mira", "Noah", "Olga", "Pavel", "Rosa", "Sven", "Tara", "Umar",
    ];
    const LAST: [&str; 20] = [
        "Albers", "Brandt", "Costa", "Dahl", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova",
        "Jensen", "Kowalski", "Laurent", "Meyer", "Novak", "Okafor", "Petrov", "Quist", "Rossi",
        "Schmidt", "Tanaka",
    ];
    let mut auditor_rows = Vec::new();
    let mut absence_rows = Vec::new();
    for j in 0..u64::from(v.auditors) {
        let id = certa_domain::AuditorId::new().0;
        auditor_rows.push(Auditor {
            tenant_id: tid,
            id,
            membership_id: None,
            name: format!(
                "{} {}",
                pick(&FIRST, j),
                pick(&LAST, j / FIRST.len() as u64 + j)
            ),
            email: format!("auditor{j:04}@{slug}.volume.example"),
            status: AuditorStatus::Active,
            notes: None,
            created_at: now,
            updated_at: now,
        });
        for (k, reason) in ["Annual leave", "Training"].iter().enumerate() {
            let r = spread(j * 2 + k as u64);
            let from = today - chrono::Duration::days(540) + days(r % 1080);
            absence_rows.push(Absence {
                tenant_id: tid,
                id: certa_domain::AbsenceId::new().0,
                auditor_id: id,
                starts_on: from.to_string(),
                ends_on: (from + days(r / 7 % 10)).to_string(),
                reason: Some((*reason).into()),
                created_at: now,
            });
        }
    }

    const PREFIX: [&str; 7] = [
        "Northwind",
        "Helios",
        "Tern",
        "Kestrel",
        "Aurora",
        "Granite",
        "Lumen",
    ];
    const SECTOR: [&str; 10] = [
        "Robotics",
        "Logistics",
        "Foods",
        "Metalworks",
        "Software",
        "Textiles",
        "Energy",
        "Plastics",
        "Pharma",
        "Printing",
    ];
    const FORM: [&str; 5] = ["GmbH", "Ltd", "SAS", "B.V.", "S.p.A."];
    const COUNTRY: [&str; 8] = ["DE", "GB", "FR", "NL", "IT", "ES", "PL", "SE"];
    let standards = certa_domain::personnel::KNOWN_STANDARDS;
    let per_client = v.audits / v.clients;
    let extra = v.audits % v.clients;

    let mut out = VolumeSeeded::default();
    let mut client_rows = Vec::new();
    let mut site_rows = Vec::new();
    let mut application_rows = Vec::new();
    let mut programme_rows = Vec::new();
    let mut entry_rows = Vec::new();
    let mut audit_rows = Vec::new();
    let mut team_rows = Vec::new();
    let mut holders = Vec::new();
    for i in 0..u64::from(v.clients) {
        let r = spread(i + 1_000_003);
        let prefix = pick(&PREFIX, i);
        let legal_name = format!(
            "{prefix} {} {i:05} {}",
            pick(&SECTOR, i / PREFIX.len() as u64),
            pick(&FORM, r)
        );
        let client_id = certa_domain::ClientId::new().0;
        let headcount = i32::try_from(5 + r % 800).unwrap_or(5);
        client_rows.push(Client {
            tenant_id: tid,
            id: client_id,
            reference: format!("VOL-{i:06}"),
            legal_name_normalized: legal_name.to_lowercase(),
            legal_name: legal_name.clone(),
            trading_name: Some(prefix.into()),
            registration_number: Some(format!("HRB {}", 100_000 + i)),
            website: None,
            consultancy_by: None,
            consultancy_until: None,
            outsourced_processes: None,
            notes: None,
            created_at: now,
            updated_at: now,
            archived_at: None,
            confidential: false,
        });
        site_rows.push(Site {
            tenant_id: tid,
            id: certa_domain::SiteId::new().0,
            client_id,
            name: "Head office".into(),
            address: None,
            city: None,
            country: pick(&COUNTRY, r / 3).into(),
            kind: SiteKind::Permanent,
            headcount,
            shifts: 1,
            central_function: true,
            processes: None,
            created_at: now,
            updated_at: now,
        });
        let standard = pick(&standards, r / 5).to_string();
        let application_id = certa_domain::ApplicationId::new().0;
        application_rows.push(Application {
            tenant_id: tid,
            id: application_id,
            client_id,
            standards: vec![standard.clone()],
            scope: "Design, production and delivery".into(),
            effective_personnel: headcount,
            consultancy_by: None,
            status: ApplicationStatus::Accepted,
            competences_needed: None,
            review_note: None,
            decline_reason: None,
            reviewed_by: Some("cli".into()),
            reviewed_at: Some(now),
            created_at: now,
            audit_time: None,
        });
        // Stage 1 on `start`, stage 2 four weeks later, the decision two weeks after.
        let start = first_start + days(r % start_span);
        let stage_2 = start + chrono::Duration::days(28);
        let decision = stage_2 + chrono::Duration::days(14);
        let planned = plan::plan(decision, &Progress::default(), &settings).map_err(|e| {
            ServiceError::Invalid {
                field: e.field,
                code: e.code,
                message: e.message,
            }
        })?;
        let programme_id = certa_domain::ProgrammeId::new().0;
        holders.push(Holder {
            client_id,
            programme_id,
            name: legal_name.clone(),
            country: pick(&COUNTRY, r / 3),
            standard: standard.clone(),
        });
        programme_rows.push(Programme {
            tenant_id: tid,
            id: programme_id,
            client_id,
            application_id,
            standards: vec![standard.clone()],
            status: ProgrammeStatus::Active,
            decision_date: Some(decision.to_string()),
            expiry_date: Some(planned.expiry_date.to_string()),
            created_at: now,
        });
        let scheduled = per_client + u32::from(i < u64::from(extra));
        let mut entries: Vec<(
            EntryKind,
            Option<chrono::NaiveDate>,
            Option<chrono::NaiveDate>,
        )> = vec![
            (EntryKind::Stage1, None, None),
            (EntryKind::Stage2, None, None),
        ];
        entries.extend(
            planned
                .audits
                .iter()
                .map(|a| (a.kind.into(), Some(a.window_start), Some(a.due_by))),
        );
        for (position, (kind, window_start, due_by)) in entries.into_iter().enumerate() {
            let entry_id = uuid::Uuid::now_v7();
            let is_scheduled = (position as u32) < scheduled;
            entry_rows.push(ProgrammeAudit {
                tenant_id: tid,
                id: entry_id,
                programme_id,
                kind,
                position: i32::try_from(position).unwrap_or(0),
                due_by: due_by.map(|d| d.to_string()),
                window_start: window_start.map(|d| d.to_string()),
                status: if is_scheduled {
                    EntryStatus::Scheduled
                } else {
                    EntryStatus::Planned
                },
                created_at: now,
            });
            if !is_scheduled {
                continue;
            }
            let rr = spread(i * 8 + position as u64);
            let from = match (position, due_by) {
                (0, _) => start,
                (1, _) => stage_2,
                (_, Some(due)) => due - days(20 + rr % 60),
                (_, None) => stage_2,
            };
            let to = from + days(rr / 11 % 3);
            let status = if to < today {
                AuditStatus::Confirmed
            } else {
                pick(
                    &[
                        AuditStatus::Planned,
                        AuditStatus::TeamProposed,
                        AuditStatus::Confirmed,
                    ],
                    rr / 13,
                )
            };
            let audit_id = certa_domain::AuditId::new().0;
            audit_rows.push(ScheduledAudit {
                tenant_id: tid,
                id: audit_id,
                programme_id,
                programme_audit_id: entry_id,
                client_id,
                kind,
                standards: vec![standard.clone()],
                technical_areas: Vec::new(),
                starts_on: from.to_string(),
                ends_on: to.to_string(),
                status,
                override_justification: None,
                objection_deadline: None,
                sequence: 0,
                created_at: now,
                updated_at: now,
            });
            if status == AuditStatus::Planned {
                continue;
            }
            let n = auditor_rows.len();
            let lead = usize::try_from(rr % n as u64).unwrap_or(0);
            let mut team = vec![(lead, TeamRole::Lead)];
            if n > 1 && !rr.is_multiple_of(3) {
                team.push((
                    (lead + 1 + usize::try_from(rr / 17).unwrap_or(0) % (n - 1)) % n,
                    TeamRole::Auditor,
                ));
            }
            for (who, role) in team {
                team_rows.push(TeamMember {
                    tenant_id: tid,
                    id: uuid::Uuid::now_v7(),
                    audit_id,
                    auditor_id: auditor_rows[who].id,
                    role,
                    days: "1.5".into(),
                    created_at: now,
                });
            }
        }
    }
    out.auditors = volume::auditors(&tx, auditor_rows).await?;
    out.absences = volume::absences(&tx, absence_rows).await?;
    out.clients = volume::clients(&tx, client_rows).await?;
    out.sites = volume::sites(&tx, site_rows).await?;
    out.applications = volume::applications(&tx, application_rows).await?;
    out.programmes = volume::programmes(&tx, programme_rows).await?;
    out.programme_audits = volume::programme_audits(&tx, entry_rows).await?;
    out.audits = volume::audits(&tx, audit_rows).await?;
    out.team_members = volume::team_members(&tx, team_rows).await?;
    if v.certificates > 0 {
        let settings = crate::settings::load(&tx).await?.certificates;
        let rows = certificate_rows(&t.name, slug, &settings, &holders, v.certificates, today)?;
        out.certificates = volume::certificates(&tx, rows.certificates).await?;
        out.certificate_revisions = volume::certificate_revisions(&tx, rows.revisions).await?;
        volume::public_certificates(&tx, rows.public).await?;
        certa_store::repo::certification::set_counter(
            &tx,
            "certificate",
            i64::from(v.certificates),
        )
        .await?;
    }
    audit::append(
        &tx,
        &Actor::cli(),
        "tenant.volume_seeded",
        &format!("tenant:{tid}"),
        json!({"clients": out.clients, "audits": out.audits, "auditors": out.auditors,
            "team_members": out.team_members, "absences": out.absences,
            "certificates": out.certificates}),
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}

/// A client of the volume seed, as its certificates name it.
struct Holder {
    client_id: uuid::Uuid,
    programme_id: uuid::Uuid,
    name: String,
    country: &'static str,
    standard: String,
}

/// The certificates of the volume seed, with their revisions and public rows.
struct CertificateRows {
    certificates: Vec<certa_store::repo::certification::Certificate>,
    revisions: Vec<certa_store::repo::certification::Revision>,
    public: Vec<certa_store::repo::public::NewPublicCertificate>,
}

/// `n` certificates over `holders`, round-robin, numbered by the body's pattern from 1:
/// the most recent round of each client is current (its expiry spread over the coming
/// three years, so that some expire within 90 days; about 6 % suspended and 4 %
/// withdrawn), earlier rounds expired three years before. One in four has a second
/// revision (a scope change) superseding the first.
fn certificate_rows(
    body: &str,
    slug: &str,
    settings: &certa_domain::certification::CertificateSettings,
    holders: &[Holder],
    n: u32,
    today: chrono::NaiveDate,
) -> Result<CertificateRows, ServiceError> {
    use super::super::certification::certificates::{
        Body, CertSite, CertStandard, CertificateContent, Holder as CertHolder,
    };
    use certa_domain::certification::{self as cert, CertificateStatus, RevisionReason};
    use certa_store::repo::certification::{Certificate, Revision};
    use certa_store::repo::public::NewPublicCertificate;

    let now = certa_store::repo::now();
    let prefix = settings.prefix_or(slug);
    let json = |v: serde_json::Result<serde_json::Value>| {
        v.map_err(|e| ServiceError::unexpected("certificate content", e))
    };
    let mut out = CertificateRows {
        certificates: Vec::new(),
        revisions: Vec::new(),
        public: Vec::new(),
    };
    let rounds = u64::from(n).div_ceil(holders.len().max(1) as u64);
    for k in 0..u64::from(n) {
        let h = &holders[usize::try_from(k % holders.len() as u64).unwrap_or(0)];
        let round = k / holders.len() as u64;
        let r = spread(k + 7_000_001);
        let seq = i64::try_from(k + 1).unwrap_or(i64::MAX);
        let standards = vec![h.standard.clone()];
        let three_years = |d: chrono::NaiveDate| {
            d.checked_add_months(chrono::Months::new(36))
                .and_then(|e| e.pred_opt())
                .unwrap_or(d)
        };
        // The last round is current; each earlier one a cycle before it.
        let back = (rounds - 1 - round) * 1096;
        // One current certificate in twelve expires within 90 days (so that even a small
        // body has some to warn about); the others' expiry is spread over the cycle.
        let current = round + 1 == rounds;
        let age = if current && (k % holders.len() as u64).is_multiple_of(12) {
            1095 - 90 + r % 90
        } else {
            r % 1095
        };
        let effective = today - days(age) - days(back);
        let expiry = three_years(effective);
        let status = if expiry < today {
            CertificateStatus::Expired
        } else if current && (k % holders.len() as u64).is_multiple_of(12) {
            CertificateStatus::Active
        } else {
            match r / 7 % 50 {
                0..=2 => CertificateStatus::Suspended,
                3..=4 => CertificateStatus::Withdrawn,
                _ => CertificateStatus::Active,
            }
        };
        let revision = i32::from((r / 11).is_multiple_of(4));
        let id = uuid::Uuid::now_v7();
        let number = cert::format_number(
            &settings.number_pattern,
            &prefix,
            &standards,
            cert::year_of(effective),
            seq,
        );
        let scope = "Design, production and delivery";
        let content = |revision: i32, scope: &str| CertificateContent {
            number: number.clone(),
            revision,
            holder: CertHolder {
                name: h.name.clone(),
                location: h.country.into(),
            },
            sites: vec![CertSite {
                name: "Head office".into(),
                location: h.country.into(),
                scope: scope.into(),
            }],
            scope: scope.into(),
            standards: standards
                .iter()
                .map(|s| CertStandard {
                    code: s.clone(),
                    title: certa_domain::catalogue::standard_title(s)
                        .unwrap_or_default()
                        .to_string(),
                })
                .collect(),
            soa_version: cert::needs_soa(&standards).then(|| "1.0".to_string()),
            certification_body: Body {
                name: body.into(),
                address: settings.address.clone(),
            },
            accreditations: Vec::new(),
            original_date: effective,
            decision_date: effective,
            effective_date: effective,
            expiry_date: expiry,
            issued_on: effective,
            gap: None,
            logo: None,
            accreditation_mark: None,
        };
        let scope_of = |rev: i32| {
            if rev == 0 {
                scope.to_string()
            } else {
                format!("{scope}, and installation")
            }
        };
        for rev in 0..=revision {
            let scope = scope_of(rev);
            out.revisions.push(Revision {
                certificate_id: id,
                revision: rev,
                reason: if rev == 0 {
                    RevisionReason::Issued
                } else {
                    RevisionReason::ScopeExtended
                },
                decision_id: None,
                content: json(serde_json::to_value(content(rev, &scope)))?,
                effective_date: effective,
                expiry_date: expiry,
                issued_on: effective,
                superseded_at: (rev < revision).then_some(now),
                pdf_key: None,
                pdf_sha256: None,
                created_at: now,
                credential: None,
                credential_jwt: None,
                status_entry: None,
            });
        }
        let current = content(revision, &scope_of(revision));
        let (suspended_on, suspended_until) = if status == CertificateStatus::Suspended {
            let from = today - days(r % 60);
            (
                Some(from),
                cert::suspension_limit(from, settings.suspension_months),
            )
        } else {
            (None, None)
        };
        out.public.push(NewPublicCertificate {
            certificate_id: id,
            client_id: h.client_id,
            number: number.clone(),
            revision,
            status,
            search_name: certa_domain::public::search_name(&h.name),
            holder_name: h.name.clone(),
            holder_location: h.country.into(),
            sites: json(serde_json::to_value(&current.sites))?,
            scope: current.scope.clone(),
            standards: json(serde_json::to_value(&current.standards))?,
            effective_date: effective,
            expiry_date: expiry,
            original_date: effective,
            body_name: body.into(),
            body_address: settings.address.clone(),
            body_email: None,
            accreditations: serde_json::json!([]),
            confidential: false,
            listed: settings.public_directory,
            as_of: now,
            credential: None,
            credential_jwt: None,
            status_assertions: Vec::new(),
        });
        out.certificates.push(Certificate {
            tenant_id: uuid::Uuid::nil(),
            id,
            client_id: h.client_id,
            programme_id: h.programme_id,
            number,
            sequence: seq,
            status,
            revision,
            original_date: effective,
            decision_date: effective,
            effective_date: effective,
            expiry_date: expiry,
            holder: h.name.clone(),
            scope: current.scope,
            soa_version: current.soa_version,
            suspended_on,
            suspended_until,
            status_reason: (status == CertificateStatus::Suspended
                || status == CertificateStatus::Withdrawn)
                .then(|| "Nonconformity not closed in time".to_string()),
            standards,
            created_at: now,
            updated_at: now,
        });
    }
    Ok(out)
}
