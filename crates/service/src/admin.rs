//! Operator use cases for the command line (`certa admin …`) and the demo seed. The CLI
//! is trusted: it acts as the actor "cli" without a session.

use crate::auth::{self, AccessEnded};
use crate::secrets::{hash_password, random_token, token_hash};
use crate::tokens::TOKEN_PREFIX;
use crate::{Ctx, ServiceError};
use certa_domain::values::{check_new_password, display_name};
use certa_domain::{Email, MembershipId, RoleSet, Slug, TenantId, UserId};
use certa_store::repo::audit::{self, Actor, Integrity};
use certa_store::repo::tenants::Tenant;
use certa_store::repo::users::User;
use certa_store::repo::{memberships, tenants, tokens, users};
use serde_json::json;

/// Creates a tenant and opens its audit trail.
pub async fn create_tenant(ctx: &Ctx, slug: &str, name: &str) -> Result<Tenant, ServiceError> {
    let slug = Slug::parse(slug)?;
    let name = display_name("name", name)?;
    let g = ctx.db.global().await?;
    if tenants::by_slug(&g, slug.as_str()).await?.is_some() {
        return Err(ServiceError::conflict(
            "tenant_exists",
            format!("a tenant with slug {} exists", slug.as_str()),
        ));
    }
    let t = tenants::create(&g, slug.as_str(), &name).await?;
    g.commit().await?;
    let tx = ctx.db.tenant(TenantId(t.id)).await?;
    audit::append(
        &tx,
        &Actor::cli(),
        "tenant.created",
        &format!("tenant:{}", t.id),
        json!({"slug": t.slug, "name": t.name}),
    )
    .await?;
    tx.commit().await?;
    Ok(t)
}

/// Creates a user with a password.
pub async fn create_user(
    ctx: &Ctx,
    email: &str,
    name: &str,
    password: &str,
) -> Result<User, ServiceError> {
    let email = Email::parse(email)?;
    let name = display_name("name", name)?;
    check_new_password(password)?;
    let hash = hash_password(&ctx.hashing, password.to_string()).await?;
    let g = ctx.db.global().await?;
    if users::by_email(&g, &email).await?.is_some() {
        return Err(ServiceError::conflict(
            "user_exists",
            format!("a user with email {email} exists"),
        ));
    }
    let u = users::create(&g, &email, &name, Some(hash)).await?;
    g.commit().await?;
    Ok(u)
}

async fn tenant_by_slug(ctx: &Ctx, slug: &str) -> Result<Tenant, ServiceError> {
    let g = ctx.db.global().await?;
    let t = tenants::by_slug(&g, slug).await?;
    g.commit().await?;
    t.ok_or(ServiceError::not_found("tenant", "tenant_not_found"))
}

async fn user_by_email(ctx: &Ctx, email: &str) -> Result<User, ServiceError> {
    let email = Email::parse(email)?;
    let g = ctx.db.global().await?;
    let u = users::by_email(&g, &email).await?;
    g.commit().await?;
    u.ok_or(ServiceError::not_found("user", "user_not_found"))
}

/// Disables a user everywhere: they can no longer sign in, their sessions end and their
/// API tokens are revoked in every tenant (re-enabling does not bring them back).
pub async fn disable_user(ctx: &Ctx, email: &str) -> Result<AccessEnded, ServiceError> {
    let u = user_by_email(ctx, email).await?;
    let g = ctx.db.global().await?;
    users::set_disabled(&g, UserId(u.id), true).await?;
    let sessions = certa_store::repo::sessions::delete_for_user(&g, UserId(u.id)).await?;
    g.commit().await?;
    let (ended, _) = auth::end_access(
        ctx,
        UserId(u.id),
        sessions,
        Some(&Actor::cli().label),
        "user.disabled",
    )
    .await?;
    Ok(ended)
}

/// Lets a disabled user sign in again (with new sessions and new tokens only).
pub async fn enable_user(ctx: &Ctx, email: &str) -> Result<(), ServiceError> {
    let u = user_by_email(ctx, email).await?;
    let g = ctx.db.global().await?;
    users::set_disabled(&g, UserId(u.id), false).await?;
    g.commit().await?;
    Ok(())
}

/// Grants a role (creating the membership when needed).
pub async fn grant(
    ctx: &Ctx,
    slug: &str,
    email: &str,
    role: &str,
) -> Result<RoleSet, ServiceError> {
    let t = tenant_by_slug(ctx, slug).await?;
    let u = user_by_email(ctx, email).await?;
    let role = certa_domain::Role::parse(role)?;
    let tx = ctx.db.tenant(TenantId(t.id)).await?;
    let roles = match memberships::by_user(&tx, UserId(u.id)).await? {
        Some(m) => {
            let mut all: Vec<_> = RoleSet::from_db(&m.roles)?.iter().collect();
            all.push(role);
            let roles = RoleSet::new(all)?;
            memberships::set_roles(&tx, m, &roles).await?;
            roles
        }
        None => {
            let roles = RoleSet::new([role])?;
            memberships::create(&tx, UserId(u.id), &roles).await?;
            roles
        }
    };
    audit::append(
        &tx,
        &Actor::cli(),
        "member.granted",
        &format!("user:{}", u.id),
        json!({"email": u.email, "role": role.as_str(), "roles": roles.names()}),
    )
    .await?;
    tx.commit().await?;
    Ok(roles)
}

/// Creates an API token for a member; returns the secret (shown once).
pub async fn create_token(
    ctx: &Ctx,
    slug: &str,
    email: &str,
    label: &str,
) -> Result<String, ServiceError> {
    let t = tenant_by_slug(ctx, slug).await?;
    let u = user_by_email(ctx, email).await?;
    let label = display_name("label", label)?;
    let tx = ctx.db.tenant(TenantId(t.id)).await?;
    let m = memberships::by_user(&tx, UserId(u.id))
        .await?
        .ok_or(ServiceError::not_found("member", "member_not_found"))?;
    let secret = format!("{TOKEN_PREFIX}{}", random_token());
    let shown: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
    let tok = tokens::create(&tx, MembershipId(m.id), &label, &shown, token_hash(&secret)).await?;
    audit::append(
        &tx,
        &Actor::cli(),
        "token.created",
        &format!("token:{}", tok.id),
        json!({"label": label, "prefix": shown, "for": u.email}),
    )
    .await?;
    tx.commit().await?;
    Ok(secret)
}

/// Verifies a tenant's audit chain.
pub async fn verify_audit_log(ctx: &Ctx, slug: &str) -> Result<Integrity, ServiceError> {
    let t = tenant_by_slug(ctx, slug).await?;
    let tx = ctx.db.tenant(TenantId(t.id)).await?;
    let r = audit::verify(&tx).await?;
    tx.commit().await?;
    Ok(r)
}

/// One demo login.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub email: String,
    pub password: String,
    pub roles: String,
}

/// The demo password every demo user gets (printed at start-up; demo data only).
pub const DEMO_PASSWORD: &str = "certa-demo-password";

/// Seeds, once, a demo certification body with one user per role, plus a second body the
/// admin also belongs to (to show the tenant switch). Idempotent: a second run changes
/// nothing and answers the same logins.
pub async fn seed_demo(ctx: &Ctx) -> Result<Vec<DemoLogin>, ServiceError> {
    let bodies = [
        ("demo-cb", "Demo Certification Body"),
        ("northwind-cert", "Northwind Certification"),
    ];
    for (slug, name) in bodies {
        let g = ctx.db.global().await?;
        let exists = tenants::by_slug(&g, slug).await?.is_some();
        g.commit().await?;
        if !exists {
            create_tenant(ctx, slug, name).await?;
        }
    }
    seed_demo_clients(ctx).await?;
    let mut out = Vec::new();
    for role in certa_domain::Role::ALL {
        let email = format!("{}@demo.certa.example", role.as_str());
        let exists = {
            let g = ctx.db.global().await?;
            let e = users::by_email(&g, &Email::parse(&email)?).await?.is_some();
            g.commit().await?;
            e
        };
        if !exists {
            let name = format!("Demo {}", capitalise(role.as_str()));
            create_user(ctx, &email, &name, DEMO_PASSWORD).await?;
            grant(ctx, "demo-cb", &email, role.as_str()).await?;
            if role == certa_domain::Role::Admin {
                grant(ctx, "northwind-cert", &email, role.as_str()).await?;
            }
        }
        out.push(DemoLogin {
            email,
            password: DEMO_PASSWORD.to_string(),
            roles: role.as_str().to_string(),
        });
    }
    seed_demo_records(ctx).await?;
    Ok(out)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Two demo clients with sites and a contact, once (only when the demo body has none).
async fn seed_demo_clients(ctx: &Ctx) -> Result<(), ServiceError> {
    use certa_store::repo::clients::{self, ClientFields, ContactFields, SiteFields};
    let g = ctx.db.global().await?;
    let Some(t) = tenants::by_slug(&g, "demo-cb").await? else {
        return Ok(());
    };
    g.commit().await?;
    let tx = ctx.db.tenant(TenantId(t.id)).await?;
    if clients::count(&tx).await? > 0 {
        return Ok(());
    }
    let demo = [
        (
            "CL-00001",
            "Helios Robotics GmbH",
            "Helios",
            "DE",
            "Munich",
            180,
            "AI-enabled inspection robots",
        ),
        (
            "CL-00002",
            "Tern Logistics Ltd",
            "Tern",
            "GB",
            "Leeds",
            65,
            "Warehousing and route planning",
        ),
    ];
    for (reference, legal, trading, country, city, headcount, processes) in demo {
        let c = clients::create(
            &tx,
            ClientFields {
                reference: reference.into(),
                legal_name: legal.into(),
                trading_name: Some(trading.into()),
                ..Default::default()
            },
        )
        .await?;
        let cid = certa_domain::ClientId(c.id);
        clients::add_site(
            &tx,
            cid,
            SiteFields {
                name: format!("{city} head office"),
                address: None,
                city: Some(city.into()),
                country: country.into(),
                kind: "permanent".into(),
                headcount,
                shifts: 1,
                central_function: true,
                processes: Some(processes.into()),
            },
        )
        .await?;
        clients::add_contact(
            &tx,
            cid,
            ContactFields {
                name: format!("Quality lead, {trading}"),
                email: format!("quality@{}.example", trading.to_lowercase()),
                phone: None,
                role: Some("Management representative".into()),
                receives_mail: true,
            },
        )
        .await?;
        audit::append(
            &tx,
            &Actor::cli(),
            "client.created",
            &format!("client:{}", c.id),
            json!({"reference": reference, "legal_name": legal, "demo": true}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Demo personnel (the demo auditor with qualifications, an external expert with a
/// conflict of interest) and an application waiting for review, once.
async fn seed_demo_records(ctx: &Ctx) -> Result<(), ServiceError> {
    use certa_store::repo::{applications, clients, personnel};
    let g = ctx.db.global().await?;
    let Some(t) = tenants::by_slug(&g, "demo-cb").await? else {
        return Ok(());
    };
    let auditor_user = users::by_email(&g, &Email::parse("auditor@demo.certa.example")?).await?;
    let client_user = users::by_email(&g, &Email::parse("client@demo.certa.example")?).await?;
    g.commit().await?;
    let tx = ctx.db.tenant(TenantId(t.id)).await?;
    if !personnel::list(&tx).await?.is_empty() {
        return Ok(());
    }
    let membership = match auditor_user {
        Some(u) => memberships::by_user(&tx, UserId(u.id)).await?.map(|m| m.id),
        None => None,
    };
    let lead = personnel::create(
        &tx,
        personnel::AuditorFields {
            membership_id: membership,
            name: "Demo Auditor".into(),
            email: "auditor@demo.certa.example".into(),
            status: "active".into(),
            notes: None,
        },
    )
    .await?;
    let lead_id = certa_domain::AuditorId(lead.id);
    for (standard, function) in [
        ("ISO/IEC 42001:2023", "lead_auditor"),
        ("ISO/IEC 27001:2022", "auditor"),
    ] {
        personnel::add_qualification(
            &tx,
            lead_id,
            standard.into(),
            "all".into(),
            function.into(),
            "2025-01-01".into(),
            Some("2028-12-31".into()),
            Some("demo data".into()),
        )
        .await?;
    }
    let expert = personnel::create(
        &tx,
        personnel::AuditorFields {
            membership_id: None,
            name: "Rosa Expert".into(),
            email: "rosa.expert@demo.certa.example".into(),
            status: "active".into(),
            notes: Some("External technical expert (machine learning)".into()),
        },
    )
    .await?;
    let expert_id = certa_domain::AuditorId(expert.id);
    personnel::add_qualification(
        &tx,
        expert_id,
        "ISO/IEC 42001:2023".into(),
        "all".into(),
        "technical_expert".into(),
        "2025-06-01".into(),
        None,
        None,
    )
    .await?;
    // Helios: an accepted ISO/IEC 42001 application whose stage 2 audit is confirmed for
    // next week, led by the demo auditor, so the auditor and the client user can work the
    // checklist, evidence and nonconformities at once.
    if let Some(helios) = clients::by_reference(&tx, "CL-00001").await? {
        let app = applications::create(
            &tx,
            certa_domain::ClientId(helios.id),
            &["ISO/IEC 42001:2023".to_string()],
            "Design and operation of AI-enabled inspection robots".into(),
            180,
            None,
        )
        .await?;
        applications::review(
            &tx,
            certa_domain::ApplicationId(app.id),
            "accepted",
            Some("AIMS lead auditor; machine-learning technical expert".into()),
            None,
            None,
            "cli".into(),
        )
        .await?;
        let (programme, entries) = applications::create_programme(&tx, &app).await?;
        if let Some(stage2) = entries.iter().find(|e| e.kind == "stage_2") {
            let from = chrono::Utc::now().date_naive() + chrono::Duration::days(7);
            let a = certa_store::repo::audits::create(
                &tx,
                certa_store::repo::audits::NewAudit {
                    programme_id: programme.id,
                    programme_audit_id: stage2.id,
                    client_id: helios.id,
                    kind: "stage_2".into(),
                    standards: "ISO/IEC 42001:2023".into(),
                    technical_areas: String::new(),
                    starts_on: from.to_string(),
                    ends_on: (from + chrono::Duration::days(1)).to_string(),
                },
            )
            .await?;
            certa_store::repo::audits::set_team(
                &tx,
                certa_domain::AuditId(a.id),
                &[(lead.id, "lead".to_string(), "2".to_string())],
                "confirmed",
            )
            .await?;
        }
    }
    if let Some(helios) = clients::by_reference(&tx, "CL-00001").await? {
        personnel::add_conflict(
            &tx,
            expert_id,
            helios.id,
            "consultancy".into(),
            Some("2025-09-30".into()),
            Some("Helped write the AI policy".into()),
        )
        .await?;
    }
    if let Some(tern) = clients::by_reference(&tx, "CL-00002").await? {
        applications::create(
            &tx,
            certa_domain::ClientId(tern.id),
            &["ISO/IEC 27001:2022".to_string()],
            "Information security of route planning and warehouse systems".into(),
            65,
            None,
        )
        .await?;
    }
    // The demo client user acts for Helios in the client portal.
    if let (Some(u), Some(helios)) = (client_user, clients::by_reference(&tx, "CL-00001").await?)
        && let Some(m) = memberships::by_user(&tx, UserId(u.id)).await?
        && clients::client_of_membership(&tx, certa_domain::MembershipId(m.id))
            .await?
            .is_none()
    {
        clients::bind_client_user(
            &tx,
            certa_domain::MembershipId(m.id),
            certa_domain::ClientId(helios.id),
        )
        .await?;
    }
    audit::append(
        &tx,
        &Actor::cli(),
        "demo.records_seeded",
        &format!("tenant:{}", t.id),
        json!({"auditors": 2, "applications": 2, "confirmed_audits": 1}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How much synthetic data [`seed_volume`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Volume {
    pub clients: u32,
    pub audits: u32,
    pub auditors: u32,
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
}

/// Programme entries per client: stage 1, stage 2, two surveillances, recertification.
const ENTRIES_PER_PROGRAMME: u32 = 5;

/// A deterministic spread of values (splitmix64), so that a seed is reproducible.
fn spread(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn pick<'a>(list: &[&'a str], n: u64) -> &'a str {
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
/// `auditors` personnel records with two unavailability periods each. Multi-row inserts in one transaction; one audit event.
pub async fn seed_volume(ctx: &Ctx, slug: &str, v: Volume) -> Result<VolumeSeeded, ServiceError> {
    use certa_domain::programme::{self as plan, ProgrammeSettings, Progress};
    use certa_store::entity::{
        application, audit_team_member, auditor, auditor_absence, client, client_site, programme,
        programme_audit, scheduled_audit,
    };
    use certa_store::repo::{clients, volume};

    if v.clients == 0 || v.auditors == 0 || v.audits > v.clients * ENTRIES_PER_PROGRAMME {
        return Err(ServiceError::Invalid {
            field: "volume",
            code: "invalid_volume",
            message: format!(
                "need at least one client and one auditor, and at most {ENTRIES_PER_PROGRAMME} audits per client"
            ),
        });
    }
    let t = tenant_by_slug(ctx, slug).await?;
    let tid = t.id;
    let tx = ctx.db.tenant(TenantId(tid)).await?;
    if clients::count(&tx).await? > 0 {
        return Err(ServiceError::conflict(
            "tenant_not_empty",
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
        auditor_rows.push(auditor::Model {
            tenant_id: tid,
            id,
            membership_id: None,
            name: format!(
                "{} {}",
                pick(&FIRST, j),
                pick(&LAST, j / FIRST.len() as u64 + j)
            ),
            email: format!("auditor{j:04}@{slug}.volume.example"),
            status: "active".into(),
            notes: None,
            created_at: now,
            updated_at: now,
        });
        for (k, reason) in ["Annual leave", "Training"].iter().enumerate() {
            let r = spread(j * 2 + k as u64);
            let from = today - chrono::Duration::days(540) + days(r % 1080);
            absence_rows.push(auditor_absence::Model {
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
        client_rows.push(client::Model {
            tenant_id: tid,
            id: client_id,
            reference: format!("VOL-{i:06}"),
            legal_name_normalized: legal_name.to_lowercase(),
            legal_name,
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
        });
        site_rows.push(client_site::Model {
            tenant_id: tid,
            id: certa_domain::SiteId::new().0,
            client_id,
            name: "Head office".into(),
            address: None,
            city: None,
            country: pick(&COUNTRY, r / 3).into(),
            kind: "permanent".into(),
            headcount,
            shifts: 1,
            central_function: true,
            processes: None,
            created_at: now,
            updated_at: now,
        });
        let standard = pick(&standards, r / 5).to_string();
        let application_id = certa_domain::ApplicationId::new().0;
        application_rows.push(application::Model {
            tenant_id: tid,
            id: application_id,
            client_id,
            standards: standard.clone(),
            scope: "Design, production and delivery".into(),
            effective_personnel: headcount,
            consultancy_by: None,
            status: "accepted".into(),
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
        programme_rows.push(programme::Model {
            tenant_id: tid,
            id: programme_id,
            client_id,
            application_id,
            standards: standard.clone(),
            status: "active".into(),
            decision_date: Some(decision.to_string()),
            expiry_date: Some(planned.expiry_date.to_string()),
            created_at: now,
        });
        let scheduled = per_client + u32::from(i < u64::from(extra));
        let mut entries: Vec<(&str, Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)> =
            vec![("stage_1", None, None), ("stage_2", None, None)];
        entries.extend(
            planned
                .audits
                .iter()
                .map(|a| (a.kind.as_str(), Some(a.window_start), Some(a.due_by))),
        );
        for (position, (kind, window_start, due_by)) in entries.into_iter().enumerate() {
            let entry_id = uuid::Uuid::now_v7();
            let is_scheduled = (position as u32) < scheduled;
            entry_rows.push(programme_audit::Model {
                tenant_id: tid,
                id: entry_id,
                programme_id,
                kind: kind.into(),
                position: i32::try_from(position).unwrap_or(0),
                due_by: due_by.map(|d| d.to_string()),
                window_start: window_start.map(|d| d.to_string()),
                status: if is_scheduled { "scheduled" } else { "planned" }.into(),
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
                "confirmed"
            } else {
                pick(&["planned", "team_proposed", "confirmed"], rr / 13)
            };
            let audit_id = certa_domain::AuditId::new().0;
            audit_rows.push(scheduled_audit::Model {
                tenant_id: tid,
                id: audit_id,
                programme_id,
                programme_audit_id: entry_id,
                client_id,
                kind: kind.into(),
                standards: standard.clone(),
                technical_areas: String::new(),
                starts_on: from.to_string(),
                ends_on: to.to_string(),
                status: status.into(),
                override_justification: None,
                objection_deadline: None,
                sequence: 0,
                created_at: now,
                updated_at: now,
            });
            if status == "planned" {
                continue;
            }
            let n = auditor_rows.len();
            let lead = usize::try_from(rr % n as u64).unwrap_or(0);
            let mut team = vec![(lead, "lead")];
            if n > 1 && !rr.is_multiple_of(3) {
                team.push((
                    (lead + 1 + usize::try_from(rr / 17).unwrap_or(0) % (n - 1)) % n,
                    "auditor",
                ));
            }
            for (who, role) in team {
                team_rows.push(audit_team_member::Model {
                    tenant_id: tid,
                    id: uuid::Uuid::now_v7(),
                    audit_id,
                    auditor_id: auditor_rows[who].id,
                    role: role.into(),
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
    audit::append(
        &tx,
        &Actor::cli(),
        "tenant.volume_seeded",
        &format!("tenant:{tid}"),
        json!({"clients": out.clients, "audits": out.audits, "auditors": out.auditors,
            "team_members": out.team_members, "absences": out.absences}),
    )
    .await?;
    tx.commit().await?;
    Ok(out)
}
