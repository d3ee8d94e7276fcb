//! The demo certification bodies, with one user per role and records to try every feature.

use crate::admin::*;
use crate::certification::certificates as certs;
use crate::certification::{decisions, documents, long_date, today};
use crate::fieldwork::build_checklist;
use crate::fieldwork::report::assemble;
use crate::{Ctx, ServiceError};
use certa_domain::applications::ApplicationStatus;
use certa_domain::certification::{
    self as cert, Accreditation, CertificateEvent, CertificateSettings, DecisionKind,
    Recommendation, ReportStatus,
};
use certa_domain::checklists::ItemResult;
use certa_domain::clients::SiteKind;
use certa_domain::personnel::{AuditorStatus, ConflictKind, Function};
use certa_domain::programme::EntryKind;
use certa_domain::team::TeamRole;
use certa_domain::{
    ApplicationId, AuditId, AuditStatus, AuditorId, ClientId, Email, ErrorCode, MembershipId,
    ProgrammeId, TenantId, UserId,
};
use certa_store::repo::applications::{self, Programme};
use certa_store::repo::audit::{self, Actor};
use certa_store::repo::audits::{self, ScheduledAudit};
use certa_store::repo::certification::{
    self as certs_repo, Certificate, NewDecision, ReportRevision,
};
use certa_store::repo::clients::{self, Client};
use certa_store::repo::fieldwork as fw;
use certa_store::repo::personnel::{self, Auditor};
use certa_store::repo::settings as settings_repo;
use certa_store::repo::tenants::Tenant;
use certa_store::repo::users::User;
use certa_store::repo::{memberships, tenants, users};
use certa_store::{SystemAccess, TenantScope, TenantTx};
use chrono::NaiveDate;
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
            let t = create_tenant(ctx, slug, name).await?;
            // The demo body works in Central European time: pages show times there.
            let g = ctx.db.global().await?;
            tenants::set_time_zone(&g, certa_domain::TenantId(t.id), "Europe/Berlin").await?;
            g.commit().await?;
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

/// Three demo clients with sites and a contact, once (only when the demo body has none).
async fn seed_demo_clients(ctx: &Ctx) -> Result<(), ServiceError> {
    use certa_store::repo::clients::{ClientFields, ContactFields, SiteFields};
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
        (
            "CL-00003",
            "Orbis Health Analytics BV",
            "Orbis",
            "NL",
            "Rotterdam",
            90,
            "Machine-learning forecasts of hospital capacity",
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
        let cid = ClientId(c.id);
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

const AIMS: &str = "ISO/IEC 42001:2023";
const ISMS: &str = "ISO/IEC 27001:2022";
const QMS: &str = "ISO 9001:2015";

/// A day relative to the day the demo is seeded.
fn day(offset: i64) -> NaiveDate {
    today() + chrono::Duration::days(offset)
}

/// The same day `n` months earlier.
fn months_before(from: NaiveDate, n: u32) -> NaiveDate {
    from.checked_sub_months(chrono::Months::new(n))
        .unwrap_or(from)
}

/// A demo person: the personnel record, and the name the audit trail shows.
struct Person {
    rec: Auditor,
    actor: Actor,
}

/// A personnel record, linked to the membership of `user` when given, with its
/// qualifications (standard, function, valid from, valid until), all technical areas.
async fn person(
    tx: &TenantTx,
    user: Option<&User>,
    name: &str,
    email: &str,
    notes: Option<&str>,
    qualifications: &[(&str, Function, String, Option<String>)],
) -> Result<Person, ServiceError> {
    let membership = match user {
        Some(u) => memberships::by_user(tx, UserId(u.id)).await?.map(|m| m.id),
        None => None,
    };
    let rec = personnel::create(
        tx,
        personnel::AuditorFields {
            membership_id: membership,
            name: name.into(),
            email: email.into(),
            status: AuditorStatus::Active,
            notes: notes.map(Into::into),
        },
    )
    .await?;
    for (standard, function, from, until) in qualifications {
        personnel::add_qualification(
            tx,
            AuditorId(rec.id),
            (*standard).into(),
            "all".into(),
            *function,
            from.clone(),
            until.clone(),
            Some("demo data".into()),
        )
        .await?;
    }
    let actor = Actor {
        user: user.map(|u| UserId(u.id)),
        label: user.map_or_else(|| name.to_string(), |u| u.name.clone()),
    };
    Ok(Person { rec, actor })
}

/// The demo body's certificate settings: its address, the number prefix and its
/// accreditations, as an administrator would set them.
async fn certificate_settings(tx: &TenantTx) -> Result<(), ServiceError> {
    let before = crate::settings::load(tx).await?;
    let mut after = before.clone();
    after.certificates = CertificateSettings {
        address: "Musterstraße 1, 10115 Berlin, Germany".into(),
        prefix: "DCB".into(),
        accreditations: [
            (AIMS, "D-ZM-00001-01-00"),
            (QMS, "D-ZM-00001-02-00"),
            (ISMS, "D-ZM-00001-03-00"),
        ]
        .into_iter()
        .map(|(standard, number)| Accreditation {
            standard: standard.into(),
            body: "DAkkS".into(),
            number: number.into(),
        })
        .collect(),
        ..CertificateSettings::default()
    };
    after.validate()?;
    let doc =
        serde_json::to_string(&after).map_err(|e| ServiceError::unexpected("demo settings", e))?;
    settings_repo::put(tx, doc).await?;
    audit::append(
        tx,
        &Actor::cli(),
        "settings.changed",
        "settings",
        json!({"before": before, "after": after}),
    )
    .await?;
    Ok(())
}

/// A checklist answer the demo records other than conforming: the item's reference, the
/// result and the notes.
type Answer<'a> = (&'a str, ItemResult, &'a str);

/// An initial certification audited in the past: the accepted application, the client's
/// scope, the programme, and stage 1 and stage 2 with their confirmed teams and complete
/// checklists.
struct Initial<'a> {
    client: &'a Client,
    standard: &'a str,
    scope: &'a str,
    areas: &'a [&'a str],
    headcount: i32,
    competences: &'a str,
    stage1_on: NaiveDate,
    stage2_on: NaiveDate,
    stage2_days: i64,
    lead: &'a Person,
    experts: &'a [&'a Person],
    /// The stage 2 answers that are not conforming.
    findings: &'a [Answer<'a>],
}

/// Schedules an audit for a programme entry with its team, confirmed.
#[allow(clippy::too_many_arguments)]
async fn confirmed_audit(
    tx: &TenantTx,
    programme: &Programme,
    entry: uuid::Uuid,
    kind: EntryKind,
    areas: &[String],
    from: NaiveDate,
    days: i64,
    team: &[(uuid::Uuid, TeamRole, String)],
) -> Result<ScheduledAudit, ServiceError> {
    let a = audits::create(
        tx,
        audits::NewAudit {
            programme_id: programme.id,
            programme_audit_id: entry,
            client_id: programme.client_id,
            kind,
            standards: programme.standards.clone(),
            technical_areas: areas.to_vec(),
            starts_on: from.to_string(),
            ends_on: (from + chrono::Duration::days(days - 1)).to_string(),
        },
    )
    .await?;
    audits::set_team(tx, AuditId(a.id), team, AuditStatus::Confirmed).await?;
    Ok(audits::by_id(tx, AuditId(a.id)).await?.unwrap_or(a))
}

/// Answers every item of an audit's checklist: conforming, unless `answers` names it.
async fn answer_all(
    tx: &TenantTx,
    actor: &Actor,
    a: &ScheduledAudit,
    answers: &[Answer<'_>],
) -> Result<(), ServiceError> {
    let items = fw::items(tx, a.id).await?;
    if let Some((missing, _, _)) = answers
        .iter()
        .find(|(r, _, _)| !items.iter().any(|i| i.reference == *r))
    {
        return Err(ServiceError::Unexpected(anyhow::anyhow!(
            "demo checklist of the {} audit has no item {missing}",
            a.kind.label()
        )));
    }
    let ids: Vec<uuid::Uuid> = items.iter().map(|i| i.id).collect();
    for it in items {
        let (result, notes) = answers
            .iter()
            .find(|(r, _, _)| *r == it.reference)
            .map_or((ItemResult::Conforming, None), |(_, result, notes)| {
                (*result, Some((*notes).to_string()))
            });
        let answer = fw::Answer {
            result: Some(result),
            notes,
            site_id: None,
            evidence_requested: false,
            evidence_due: None,
        };
        fw::answer(tx, it, answer, &actor.label).await?;
    }
    audit::append(
        tx,
        actor,
        "audit.checklist_answered",
        &format!("audit:{}", a.id),
        json!({"items": ids}),
    )
    .await?;
    Ok(())
}

/// Carries out [`Initial`]: answers the programme and its stage 2 audit.
async fn initial_audits(
    tx: &TenantTx,
    i: &Initial<'_>,
) -> Result<(Programme, ScheduledAudit), ServiceError> {
    let client = ClientId(i.client.id);
    let standards = vec![i.standard.to_string()];
    let areas: Vec<String> = i.areas.iter().map(|a| (*a).to_string()).collect();
    clients::put_scope(tx, client, i.standard, i.scope, &areas).await?;
    let app =
        applications::create(tx, client, &standards, i.scope.into(), i.headcount, None).await?;
    applications::review(
        tx,
        ApplicationId(app.id),
        ApplicationStatus::Accepted,
        Some(i.competences.into()),
        None,
        None,
        "cli".into(),
    )
    .await?;
    let (programme, entries) = applications::create_programme(tx, &app).await?;
    let mut stage2 = None;
    for (kind, from, days) in [
        (EntryKind::Stage1, i.stage1_on, 1),
        (EntryKind::Stage2, i.stage2_on, i.stage2_days),
    ] {
        let Some(entry) = entries.iter().find(|e| e.kind == kind) else {
            continue;
        };
        let mut team = vec![(i.lead.rec.id, TeamRole::Lead, days.to_string())];
        if kind == EntryKind::Stage2 {
            team.extend(
                i.experts
                    .iter()
                    .map(|e| (e.rec.id, TeamRole::TechnicalExpert, "1".to_string())),
            );
        }
        let a = confirmed_audit(tx, &programme, entry.id, kind, &areas, from, days, &team).await?;
        build_checklist(tx, &i.lead.actor, &a).await?;
        let answers = if kind == EntryKind::Stage2 {
            i.findings
        } else {
            &[]
        };
        answer_all(tx, &i.lead.actor, &a, answers).await?;
        if kind == EntryKind::Stage2 {
            stage2 = Some(a);
        }
    }
    let stage2 =
        stage2.ok_or_else(|| ServiceError::not_found("audit", ErrorCode::AuditNotFound))?;
    Ok((programme, stage2))
}

/// The lead auditor submits the report recommending certification; the reviewer passes
/// the technical review.
async fn submit_and_pass(
    tx: &TenantTx,
    tenant: &Tenant,
    a: &ScheduledAudit,
    lead: &Person,
    reviewer: &Person,
    summary: &str,
) -> Result<ReportRevision, ServiceError> {
    let content = assemble(tx, tenant, a).await?;
    let content = serde_json::to_value(&content)
        .map_err(|e| ServiceError::unexpected("report content", e))?;
    let r = certs_repo::insert_report(
        tx,
        certs_repo::NewReport {
            audit_id: a.id,
            revision: 1,
            recommendation: Recommendation::Recommend,
            summary: summary.into(),
            response: None,
            content,
            lead_auditor_id: Some(lead.rec.id),
            submitted_by: lead.actor.label.clone(),
        },
    )
    .await?;
    audit::append(
        tx,
        &lead.actor,
        "report.submitted",
        &format!("audit:{}", a.id),
        json!({"revision": r.revision, "recommendation": r.recommendation.as_str()}),
    )
    .await?;
    certs_repo::review_report(
        tx,
        a.id,
        r.revision,
        ReportStatus::Passed,
        Some(reviewer.rec.id),
        &reviewer.actor.label,
        None,
    )
    .await?;
    audit::append(
        tx,
        &reviewer.actor,
        "report.review_passed",
        &format!("audit:{}", a.id),
        json!({"revision": r.revision, "comments": {}}),
    )
    .await?;
    certs_repo::reports(tx, a.id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ServiceError::not_found("report", ErrorCode::ReportNotSubmitted))
}

/// A grant decision taken on `on` on the stage 2 file: the decision with its inputs, the
/// cycle planned from its date, and the certificate issued.
#[allow(clippy::too_many_arguments)]
async fn grant_certification(
    ctx: &Ctx,
    tx: &TenantTx,
    tenant: &Tenant,
    programme: &Programme,
    stage2: &ScheduledAudit,
    report: ReportRevision,
    decider: &Person,
    on: NaiveDate,
    soa_version: Option<&str>,
) -> Result<Certificate, ServiceError> {
    let ncs = fw::ncs_of_audit(tx, stage2.id).await?;
    let files: Vec<decisions::File> = vec![(stage2.clone(), report, ncs)];
    let decision = decisions::record(
        tx,
        &decider.actor,
        NewDecision {
            programme_id: programme.id,
            client_id: programme.client_id,
            kind: DecisionKind::Grant,
            decided_on: on,
            effective_date: Some(on),
            decision_maker_id: Some(decider.rec.id),
            decided_by: decider.actor.label.clone(),
            reasons: String::new(),
            application_confirmed: true,
            inputs: decisions::inputs(&files, true, &[]),
            audits: files.iter().map(|(a, r, _)| (a.id, r.revision)).collect(),
        },
    )
    .await?;
    let expiry =
        crate::programmes::plan_cycle(tx, &decider.actor, ProgrammeId(programme.id), on).await?;
    certs::issue(
        ctx,
        tx,
        tenant,
        &decider.actor,
        programme.id,
        programme.client_id,
        programme.standards.clone(),
        decision.id,
        on,
        on,
        expiry,
        soa_version.map(Into::into),
    )
    .await
}

/// A suspension decision taken on `on`, until `until`, with its reason.
async fn suspend(
    ctx: &Ctx,
    tx: &TenantTx,
    decider: &Person,
    c: &Certificate,
    on: NaiveDate,
    until: NaiveDate,
    reason: String,
) -> Result<Certificate, ServiceError> {
    let limit = crate::settings::load(tx)
        .await?
        .certificates
        .suspension_months;
    let until = cert::suspension_until(on, until, limit)?;
    let decision = decisions::record(
        tx,
        &decider.actor,
        NewDecision {
            programme_id: c.programme_id,
            client_id: c.client_id,
            kind: DecisionKind::Suspend,
            decided_on: on,
            effective_date: None,
            decision_maker_id: Some(decider.rec.id),
            decided_by: decider.actor.label.clone(),
            reasons: reason.clone(),
            application_confirmed: false,
            inputs: decisions::inputs(&[], false, std::slice::from_ref(c)),
            audits: Vec::new(),
        },
    )
    .await?;
    certs::change_status(
        ctx,
        tx,
        &decider.actor,
        c,
        CertificateEvent::Suspend,
        Some(reason),
        Some(until),
        Some(decision.id),
        on,
    )
    .await
}

/// The due date of a programme's entry of `kind`, once the cycle is planned.
async fn due_by(
    tx: &TenantTx,
    programme: uuid::Uuid,
    kind: EntryKind,
) -> Result<Option<(uuid::Uuid, NaiveDate)>, ServiceError> {
    let entries = applications::programme(tx, ProgrammeId(programme))
        .await?
        .map(|(_, e)| e)
        .unwrap_or_default();
    Ok(entries.into_iter().find(|e| e.kind == kind).map(|e| {
        let due = e
            .due_by
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .unwrap_or_else(today);
        (e.id, due)
    }))
}

/// Tern: ISO 9001 certified 14 months ago; surveillance 1 was not carried out within
/// the 12 months, so the certificate was suspended three weeks ago for about four months.
async fn seed_tern(
    ctx: &Ctx,
    tx: &TenantTx,
    tenant: &Tenant,
    tern: &Client,
    lead: &Person,
    reviewer: &Person,
) -> Result<Certificate, ServiceError> {
    let decided = months_before(today(), 14);
    let (programme, stage2) = initial_audits(
        tx,
        &Initial {
            client: tern,
            standard: QMS,
            scope: "Warehousing, order fulfilment and route planning of road freight",
            areas: &["IAF 31"],
            headcount: 65,
            competences: "QMS lead auditor with logistics experience (IAF 31)",
            stage1_on: decided - chrono::Duration::days(70),
            stage2_on: decided - chrono::Duration::days(35),
            stage2_days: 2,
            lead,
            experts: &[],
            findings: &[(
                "8.5.2",
                ItemResult::Ofi,
                "Pallet labels could carry the route-plan reference, so that mis-loads are found at the dock.",
            )],
        },
    )
    .await?;
    let report = submit_and_pass(
        tx,
        tenant,
        &stage2,
        lead,
        reviewer,
        "The quality management system is implemented and effective for warehousing, order fulfilment and route planning. No nonconformities; one opportunity for improvement on pallet traceability (8.5.2). The team recommends certification.",
    )
    .await?;
    let c = grant_certification(
        ctx, tx, tenant, &programme, &stage2, report, reviewer, decided, None,
    )
    .await?;
    let due = due_by(tx, programme.id, EntryKind::Surveillance1)
        .await?
        .map_or(today(), |(_, d)| d);
    suspend(
        ctx,
        tx,
        reviewer,
        &c,
        day(-21),
        day(120),
        format!(
            "Surveillance audit not carried out within the required time: surveillance 1 was due by {}.",
            long_date(due)
        ),
    )
    .await
}

/// Helios: ISO/IEC 42001 certified 11 months ago; its surveillance 1 audit is confirmed
/// for next week, led by the demo auditor, to try the checklist, evidence and
/// nonconformities (the observation of stage 2 is carried into its checklist).
async fn seed_helios(
    ctx: &Ctx,
    tx: &TenantTx,
    tenant: &Tenant,
    helios: &Client,
    lead: &Person,
    reviewer: &Person,
) -> Result<Certificate, ServiceError> {
    let decided = months_before(today(), 11);
    let (programme, stage2) = initial_audits(
        tx,
        &Initial {
            client: helios,
            standard: AIMS,
            scope: "Design and operation of AI-enabled inspection robots",
            areas: &[],
            headcount: 180,
            competences: "AIMS lead auditor; machine-learning technical expert",
            stage1_on: decided - chrono::Duration::days(62),
            stage2_on: decided - chrono::Duration::days(28),
            stage2_days: 2,
            lead,
            experts: &[],
            findings: &[
                (
                    "6.1.4",
                    ItemResult::Observation,
                    "The impact assessments of the two newest inspection models were still drafts; the models are released only once they are approved.",
                ),
                (
                    "A.6.2.6",
                    ItemResult::Ofi,
                    "Drift monitoring alerts on fixed thresholds only; trend alerts would show a degrading model earlier.",
                ),
            ],
        },
    )
    .await?;
    let report = submit_and_pass(
        tx,
        tenant,
        &stage2,
        lead,
        reviewer,
        "The AI management system is implemented and effective for the design and operation of the inspection robots. No nonconformities; one observation on the impact assessments of new models (6.1.4), to follow up at surveillance. The team recommends certification.",
    )
    .await?;
    let c = grant_certification(
        ctx,
        tx,
        tenant,
        &programme,
        &stage2,
        report,
        reviewer,
        decided,
        Some("SoA 2.0"),
    )
    .await?;
    if let Some((entry, _)) = due_by(tx, programme.id, EntryKind::Surveillance1).await? {
        confirmed_audit(
            tx,
            &programme,
            entry,
            EntryKind::Surveillance1,
            &[],
            day(7),
            2,
            &[(lead.rec.id, TeamRole::Lead, "2".to_string())],
        )
        .await?;
    }
    Ok(c)
}

/// Orbis: stage 1 and stage 2 of ISO/IEC 42001 audited in the last weeks, the minor
/// nonconformity of stage 2 closed, the report recommending certification and the
/// technical review passed: the file waits for the decision.
async fn seed_orbis(
    tx: &TenantTx,
    tenant: &Tenant,
    orbis: &Client,
    lead: &Person,
    expert: &Person,
    reviewer: &Person,
) -> Result<(), ServiceError> {
    let (_, stage2) = initial_audits(
        tx,
        &Initial {
            client: orbis,
            standard: AIMS,
            scope: "Design, validation and operation of machine-learning models forecasting hospital bed and staff capacity",
            areas: &[],
            headcount: 90,
            competences: "AIMS lead auditor; machine-learning technical expert (health data)",
            stage1_on: day(-45),
            stage2_on: day(-17),
            stage2_days: 3,
            lead,
            experts: &[expert],
            findings: &[
                (
                    "A.7.5",
                    ItemResult::MinorNc,
                    "The data register does not record the provenance of three purchased training datasets.",
                ),
                (
                    "9.2.2",
                    ItemResult::Ofi,
                    "The internal audit programme could sample the validation records of every model family each year.",
                ),
            ],
        },
    )
    .await?;
    closed_minor(tx, &stage2, "A.7.5", lead, "Quality lead, Orbis").await?;
    submit_and_pass(
        tx,
        tenant,
        &stage2,
        lead,
        reviewer,
        "The AI management system is implemented and effective for the design, validation and operation of the capacity forecasting models. One minor nonconformity on data provenance (A.7.5): corrected, and the corrective action verified effective. The team recommends certification.",
    )
    .await?;
    Ok(())
}

/// A minor nonconformity raised on the last day of the audit from the item `reference`,
/// taken through the client's response, the accepted plan, the implementation and the
/// verification of effectiveness.
async fn closed_minor(
    tx: &TenantTx,
    a: &ScheduledAudit,
    reference: &str,
    lead: &Person,
    client_side: &str,
) -> Result<(), ServiceError> {
    use certa_domain::nonconformity::{self as ncd, Event, Grade};
    let item = fw::items(tx, a.id)
        .await?
        .into_iter()
        .find(|i| i.reference == reference)
        .ok_or_else(|| ServiceError::not_found("checklist item", ErrorCode::ItemNotFound))?;
    let raised_on = NaiveDate::parse_from_str(&a.ends_on, "%Y-%m-%d").unwrap_or_else(|_| today());
    let days = crate::settings::load(tx).await?.nc_response_days;
    let mut nc = fw::create_nc(
        tx,
        fw::NewNc {
            audit_id: a.id,
            client_id: a.client_id,
            checklist_item_id: Some(item.id),
            grade: Grade::Minor,
            reference: item.reference.clone(),
            statement: "The provenance of training data is not recorded for all datasets used to develop the bed-occupancy forecasting model.".into(),
            evidence: "Data register v3 lists 14 datasets; for 3 purchased datasets the source, the licence and the collection period are missing (sampled on the second day).".into(),
            site_id: None,
            response_due: ncd::response_due(raised_on, days).to_string(),
            raised_by: lead.actor.label.clone(),
        },
    )
    .await?;
    audit::append(
        tx,
        &lead.actor,
        "nonconformity.raised",
        &format!("nonconformity:{}", nc.id),
        json!({"audit": a.id, "number": nc.number, "grade": nc.grade, "reference": nc.reference, "statement": nc.statement}),
    )
    .await?;
    let client = Actor {
        user: None,
        label: client_side.to_string(),
    };
    for (event, actor) in [
        (Event::SubmitResponse, &client),
        (Event::AcceptPlan, &lead.actor),
        (Event::SubmitImplementation, &client),
        (Event::VerifyEffective, &lead.actor),
    ] {
        let from = nc.status;
        let (next, grade) = ncd::transition(nc.status, nc.grade, event)
            .map_err(|e| ServiceError::conflict(e.code, e.message))?;
        match event {
            Event::SubmitResponse => {
                nc.correction = Some(
                    "Source, licence and collection period recorded for the three datasets.".into(),
                );
                nc.root_cause = Some(
                    "The data register template had no provenance fields for purchased data."
                        .into(),
                );
                nc.corrective_action = Some("Provenance fields added to the template; the procurement checklist requires them before a dataset is used.".into());
                nc.planned_date = Some((raised_on + chrono::Duration::days(10)).to_string());
                nc.responded_by = Some(client.label.clone());
                nc.responded_at = Some(certa_store::repo::now());
            }
            Event::AcceptPlan => nc.review_comment = Some("The plan addresses the cause.".into()),
            Event::SubmitImplementation => {
                nc.implementation = Some(
                    "Template and procurement checklist updated; the data register is complete."
                        .into(),
                );
            }
            _ => {
                nc.verification_method = Some(
                    "Document review of the updated data register and procurement checklist".into(),
                );
                nc.verification_comment = Some("Effective.".into());
                nc.closed_at = Some(certa_store::repo::now());
            }
        }
        nc.status = next;
        nc.grade = grade;
        nc = fw::save_nc(tx, nc).await?;
        audit::append(
            tx,
            actor,
            &format!("nonconformity.{}", event.as_str()),
            &format!("nonconformity:{}", nc.id),
            json!({"from": from.as_str(), "to": next.as_str(), "grade": nc.grade}),
        )
        .await?;
    }
    Ok(())
}

/// Demo personnel (the demo auditor and the demo reviewer with their qualifications, an
/// external expert with a conflict of interest, an external QMS lead auditor), the
/// certificate settings, and the clients' files, once:
/// - Tern: an ISO 9001 certificate suspended (surveillance overdue), and an ISO/IEC 27001
///   application waiting for review;
/// - Helios: an active ISO/IEC 42001 certificate, surveillance 1 confirmed next week;
/// - Orbis: a stage 2 file reviewed and waiting for the decision.
async fn seed_demo_records(ctx: &Ctx) -> Result<(), ServiceError> {
    let g = ctx.db.global().await?;
    let Some(t) = tenants::by_slug(&g, "demo-cb").await? else {
        return Ok(());
    };
    let auditor_user = users::by_email(&g, &Email::parse("auditor@demo.certa.example")?).await?;
    let reviewer_user = users::by_email(&g, &Email::parse("reviewer@demo.certa.example")?).await?;
    let client_user = users::by_email(&g, &Email::parse("client@demo.certa.example")?).await?;
    g.commit().await?;
    let scope = TenantScope::system(TenantId(t.id), SystemAccess::Seed);
    let tx = ctx.db.tenant(scope).await?;
    if !personnel::list(&tx).await?.is_empty() {
        return Ok(());
    }
    certificate_settings(&tx).await?;
    let lead = person(
        &tx,
        auditor_user.as_ref(),
        "Demo Auditor",
        "auditor@demo.certa.example",
        None,
        &[
            (
                AIMS,
                Function::LeadAuditor,
                "2025-01-01".into(),
                Some("2028-12-31".into()),
            ),
            (
                ISMS,
                Function::Auditor,
                "2025-01-01".into(),
                Some("2028-12-31".into()),
            ),
        ],
    )
    .await?;
    let expert = person(
        &tx,
        None,
        "Rosa Expert",
        "rosa.expert@demo.certa.example",
        Some("External technical expert (machine learning)"),
        &[(AIMS, Function::TechnicalExpert, "2025-06-01".into(), None)],
    )
    .await?;
    let qms_lead = person(
        &tx,
        None,
        "Jonas Weber",
        "jonas.weber@demo.certa.example",
        Some("External lead auditor (quality management, logistics)"),
        &[(
            QMS,
            Function::LeadAuditor,
            months_before(today(), 72).to_string(),
            None,
        )],
    )
    .await?;
    let (from, until) = (
        months_before(today(), 36).to_string(),
        today()
            .checked_add_months(chrono::Months::new(36))
            .map(|d| d.to_string()),
    );
    let reviewer_quals: Vec<(&str, Function, String, Option<String>)> = [AIMS, ISMS, QMS]
        .into_iter()
        .flat_map(|s| {
            [Function::Reviewer, Function::DecisionMaker]
                .map(|f| (s, f, from.clone(), until.clone()))
        })
        .collect();
    let reviewer = person(
        &tx,
        reviewer_user.as_ref(),
        "Demo Reviewer",
        "reviewer@demo.certa.example",
        Some("Technical reviewer and certification decision maker"),
        &reviewer_quals,
    )
    .await?;

    let helios = clients::by_reference(&tx, "CL-00001").await?;
    let tern = clients::by_reference(&tx, "CL-00002").await?;
    let orbis = clients::by_reference(&tx, "CL-00003").await?;
    let mut certificates = Vec::new();
    // In the order of the decisions, so that the numbers follow them.
    if let Some(tern) = &tern {
        certificates.push(seed_tern(ctx, &tx, &t, tern, &qms_lead, &reviewer).await?);
    }
    if let Some(helios) = &helios {
        certificates.push(seed_helios(ctx, &tx, &t, helios, &lead, &reviewer).await?);
        personnel::add_conflict(
            &tx,
            AuditorId(expert.rec.id),
            helios.id,
            ConflictKind::Consultancy,
            Some("2025-09-30".into()),
            Some("Helped write the AI policy".into()),
        )
        .await?;
    }
    if let Some(orbis) = &orbis {
        seed_orbis(&tx, &t, orbis, &lead, &expert, &reviewer).await?;
    }
    if let Some(tern) = &tern {
        applications::create(
            &tx,
            ClientId(tern.id),
            &[ISMS.to_string()],
            "Information security of route planning and warehouse systems".into(),
            65,
            None,
        )
        .await?;
    }
    // The demo client user acts for Helios in the client portal.
    if let (Some(u), Some(helios)) = (client_user, &helios)
        && let Some(m) = memberships::by_user(&tx, UserId(u.id)).await?
        && clients::client_of_membership(&tx, MembershipId(m.id))
            .await?
            .is_none()
    {
        clients::bind_client_user(&tx, MembershipId(m.id), ClientId(helios.id)).await?;
    }
    audit::append(
        &tx,
        &Actor::cli(),
        "demo.records_seeded",
        &format!("tenant:{}", t.id),
        json!({
            "auditors": 4,
            "certificates": certificates.iter().map(|c| json!({"number": c.number, "status": c.status.as_str()})).collect::<Vec<_>>(),
            "files_waiting_for_decision": usize::from(orbis.is_some()),
            "applications_waiting_for_review": usize::from(tern.is_some()),
        }),
    )
    .await?;
    tx.commit().await?;
    for c in &certificates {
        if let Err(e) = documents::store_pdf(ctx, scope, c.id, c.revision).await {
            tracing::warn!(certificate.id = %c.id, error = %e, "demo certificate PDF not stored yet; it is rendered on first download");
        }
    }
    Ok(())
}
