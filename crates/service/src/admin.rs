//! Operator use cases for the command line (`certa admin …`) and the demo seed. The CLI
//! is trusted: it acts as the actor "cli" without a session.

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
    let hash = hash_password(password.to_string()).await?;
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
    let client_user = {
        let g = ctx.db.global().await?;
        let u = users::by_email(&g, &Email::parse("client@demo.certa.example")?).await?;
        g.commit().await?;
        u
    };
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
        json!({"auditors": 2, "applications": 1}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
