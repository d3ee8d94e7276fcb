//! The demo certification bodies, with one user per role and records to try every feature.

use crate::admin::*;
use crate::{Ctx, ServiceError};
use certa_domain::AuditStatus;
use certa_domain::applications::ApplicationStatus;
use certa_domain::clients::SiteKind;
use certa_domain::personnel::{AuditorStatus, ConflictKind, Function};
use certa_domain::programme::EntryKind;
use certa_domain::team::TeamRole;
use certa_domain::{Email, TenantId, UserId};
use certa_store::repo::audit::{self, Actor};
use certa_store::repo::{memberships, tenants, users};
use certa_store::{SystemAccess, TenantScope};
use serde_json::json;

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
    let tx = ctx
        .db
        .tenant(TenantScope::system(TenantId(t.id), SystemAccess::Seed))
        .await?;
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
                kind: SiteKind::Permanent,
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
    let tx = ctx
        .db
        .tenant(TenantScope::system(TenantId(t.id), SystemAccess::Seed))
        .await?;
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
            status: AuditorStatus::Active,
            notes: None,
        },
    )
    .await?;
    let lead_id = certa_domain::AuditorId(lead.id);
    for (standard, function) in [
        ("ISO/IEC 42001:2023", Function::LeadAuditor),
        ("ISO/IEC 27001:2022", Function::Auditor),
    ] {
        personnel::add_qualification(
            &tx,
            lead_id,
            standard.into(),
            "all".into(),
            function,
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
            status: AuditorStatus::Active,
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
        Function::TechnicalExpert,
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
            ApplicationStatus::Accepted,
            Some("AIMS lead auditor; machine-learning technical expert".into()),
            None,
            None,
            "cli".into(),
        )
        .await?;
        let (programme, entries) = applications::create_programme(&tx, &app).await?;
        if let Some(stage2) = entries.iter().find(|e| e.kind == EntryKind::Stage2) {
            let from = chrono::Utc::now().date_naive() + chrono::Duration::days(7);
            let a = certa_store::repo::audits::create(
                &tx,
                certa_store::repo::audits::NewAudit {
                    programme_id: programme.id,
                    programme_audit_id: stage2.id,
                    client_id: helios.id,
                    kind: EntryKind::Stage2,
                    standards: vec!["ISO/IEC 42001:2023".into()],
                    technical_areas: Vec::new(),
                    starts_on: from.to_string(),
                    ends_on: (from + chrono::Duration::days(1)).to_string(),
                },
            )
            .await?;
            certa_store::repo::audits::set_team(
                &tx,
                certa_domain::AuditId(a.id),
                &[(lead.id, TeamRole::Lead, "2".to_string())],
                AuditStatus::Confirmed,
            )
            .await?;
        }
    }
    if let Some(helios) = clients::by_reference(&tx, "CL-00001").await? {
        personnel::add_conflict(
            &tx,
            expert_id,
            helios.id,
            ConflictKind::Consultancy,
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
