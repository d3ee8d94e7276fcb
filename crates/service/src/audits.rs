//! Scheduling (ISO/IEC 17021-1 9.2): an audit is created from a programme entry with its
//! dates and technical areas, a team is proposed and checked (competence, lead
//! qualification, impartiality, availability, double booking, rotation —
//! [`certa_domain::team`]), and the team is confirmed; blocking findings need an
//! authorised override with a justification, recorded in the audit trail.

use crate::{Ctx, Principal, ServiceError};
use certa_domain::month::Month;
use certa_domain::personnel::{ConflictKind, Function, date, period, technical_area};
use certa_domain::team::{
    self, AuditFacts, Booking, Declaration, Finding, Member, Qualification, TeamRole,
};
use certa_domain::{Action, AuditId, AuditorId};
use certa_store::TenantTx;
use certa_store::repo::audits::{
    self, CalendarAudit, CalendarMember, NewAudit, ScheduledAudit, TeamMember,
};
use certa_store::repo::{applications, audit, personnel};
use chrono::NaiveDate;
use serde_json::json;

/// An audit with its team and the current findings of the checks.
#[derive(Debug, Clone)]
pub struct AuditFile {
    pub audit: ScheduledAudit,
    pub team: Vec<(TeamMember, String)>,
    pub findings: Vec<Finding>,
}

/// A proposed member.
#[derive(Debug, Clone)]
pub struct MemberInput {
    pub auditor_id: uuid::Uuid,
    /// lead, auditor, technical_expert or observer.
    pub role: String,
    pub days: f64,
}

fn not_found() -> ServiceError {
    ServiceError::not_found("audit", "audit_not_found")
}

fn role(s: &str) -> Result<TeamRole, ServiceError> {
    match s {
        "lead" => Ok(TeamRole::Lead),
        "auditor" => Ok(TeamRole::Auditor),
        "technical_expert" => Ok(TeamRole::TechnicalExpert),
        "observer" => Ok(TeamRole::Observer),
        _ => Err(ServiceError::Invalid {
            field: "role",
            code: "invalid_team_role",
            message: "role must be lead, auditor, technical_expert or observer".into(),
        }),
    }
}

fn parse(d: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// Schedules the audit of a programme entry.
pub async fn schedule(
    ctx: &Ctx,
    p: &Principal,
    programme_audit_id: uuid::Uuid,
    starts_on: &str,
    ends_on: &str,
    technical_areas: &[String],
) -> Result<ScheduledAudit, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let from = date("starts_on", starts_on)?;
    let to = date("ends_on", ends_on)?;
    period("starts_on", from, Some(to))?;
    let areas = technical_areas
        .iter()
        .map(|a| technical_area(a))
        .collect::<Result<Vec<_>, _>>()?;
    let tx = ctx.db.tenant(t.id()).await?;
    let (entry, programme) = applications::programme_audit(&tx, programme_audit_id)
        .await?
        .ok_or(ServiceError::Invalid {
            field: "programme_audit_id",
            code: "unknown_programme_audit",
            message: "programme_audit_id does not name a planned audit of this certification body"
                .into(),
        })?;
    let a = audits::create(
        &tx,
        NewAudit {
            programme_id: programme.id,
            programme_audit_id: entry.id,
            client_id: programme.client_id,
            kind: entry.kind.clone(),
            standards: programme.standards.clone(),
            technical_areas: areas.join(","),
            starts_on: from.to_string(),
            ends_on: to.to_string(),
        },
    )
    .await
    .map_err(|e| match e {
        certa_store::StoreError::Conflict { .. } => ServiceError::conflict(
            "already_scheduled",
            "this programme audit is already scheduled",
        ),
        other => other.into(),
    })?;
    audit::append(
        &tx,
        &p.actor(),
        "audit.scheduled",
        &format!("audit:{}", a.id),
        json!({"kind": a.kind, "starts_on": a.starts_on, "ends_on": a.ends_on, "technical_areas": areas}),
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}

/// Gathers what the checks need about one member.
async fn member_facts(
    tx: &TenantTx,
    a: &ScheduledAudit,
    input: &MemberInput,
) -> Result<Member, ServiceError> {
    let id = AuditorId(input.auditor_id);
    let rec = personnel::by_id(tx, id)
        .await?
        .ok_or(ServiceError::Invalid {
            field: "auditor_id",
            code: "unknown_auditor",
            message: "auditor_id does not name a personnel record of this certification body"
                .into(),
        })?;
    let qualifications = personnel::qualifications(tx, id)
        .await?
        .into_iter()
        .filter_map(|q| {
            Some(Qualification {
                standard: q.standard_code,
                technical_area: q.technical_area,
                function: Function::parse(&q.function).ok()?,
                valid_from: parse(&q.valid_from)?,
                valid_until: q.valid_until.as_deref().and_then(parse),
            })
        })
        .collect();
    let declarations = personnel::conflicts(tx, id)
        .await?
        .into_iter()
        .filter_map(|c| {
            Some(Declaration {
                client: c.client_id,
                kind: ConflictKind::parse(&c.kind).ok()?,
                ended_on: c.ended_on.as_deref().and_then(parse),
            })
        })
        .collect();
    let absences = personnel::absences(tx, id)
        .await?
        .into_iter()
        .filter_map(|b| Some((parse(&b.starts_on)?, parse(&b.ends_on)?)))
        .collect();
    let others = audits::bookings_of(tx, id, AuditId(a.id)).await?;
    let bookings = others
        .iter()
        .filter_map(|o| {
            Some(Booking {
                label: format!("another {} audit", o.kind.replace('_', " ")),
                starts_on: parse(&o.starts_on)?,
                ends_on: parse(&o.ends_on)?,
            })
        })
        .collect();
    // Earlier audits of the same client this person led (rotation).
    let mut led = 0;
    for o in others.iter().filter(|o| o.client_id == a.client_id) {
        if audits::team(tx, AuditId(o.id))
            .await?
            .iter()
            .any(|m| m.auditor_id == input.auditor_id && m.role == "lead")
        {
            led += 1;
        }
    }
    Ok(Member {
        auditor: rec.id,
        name: rec.name,
        role: role(&input.role)?,
        days: input.days,
        qualifications,
        declarations,
        absences,
        bookings,
        consecutive_leads_for_client: led,
    })
}

fn facts(a: &ScheduledAudit) -> Result<AuditFacts, ServiceError> {
    Ok(AuditFacts {
        client: a.client_id,
        standards: a
            .standards
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        technical_areas: a
            .technical_areas
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        starts_on: date("starts_on", &a.starts_on)?,
        ends_on: date("ends_on", &a.ends_on)?,
    })
}

async fn findings_of(
    tx: &TenantTx,
    a: &ScheduledAudit,
    inputs: &[MemberInput],
) -> Result<Vec<Finding>, ServiceError> {
    let mut members = Vec::new();
    for m in inputs {
        members.push(member_facts(tx, a, m).await?);
    }
    Ok(team::check(
        &facts(a)?,
        &members,
        team::DEFAULT_ROTATION_LIMIT,
    ))
}

fn inputs_of(team: &[TeamMember]) -> Vec<MemberInput> {
    team.iter()
        .map(|m| MemberInput {
            auditor_id: m.auditor_id,
            role: m.role.clone(),
            days: m.days.parse().unwrap_or(f64::NAN),
        })
        .collect()
}

async fn file(tx: &TenantTx, a: ScheduledAudit) -> Result<AuditFile, ServiceError> {
    let members = audits::team(tx, AuditId(a.id)).await?;
    let findings = findings_of(tx, &a, &inputs_of(&members)).await?;
    let mut team = Vec::new();
    for m in members {
        let name = personnel::by_id(tx, AuditorId(m.auditor_id))
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        team.push((m, name));
    }
    Ok(AuditFile {
        audit: a,
        team,
        findings,
    })
}

/// An audit with its team and the checks as of now.
pub async fn get(ctx: &Ctx, p: &Principal, id: AuditId) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let f = file(&tx, a).await?;
    tx.commit().await?;
    Ok(f)
}

/// Proposes (or replaces) the team; the findings are returned and recorded.
pub async fn propose_team(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    members: &[MemberInput],
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    for m in members {
        role(&m.role)?;
    }
    let mut seen = std::collections::HashSet::new();
    if !members.iter().all(|m| seen.insert(m.auditor_id)) {
        return Err(ServiceError::Invalid {
            field: "members",
            code: "duplicate_member",
            message: "a person may appear once in a team".into(),
        });
    }
    let tx = ctx.db.tenant(t.id()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    if a.status == "confirmed" {
        return Err(ServiceError::conflict(
            "audit_confirmed",
            "the team of a confirmed audit cannot be changed here",
        ));
    }
    let findings = findings_of(&tx, &a, members).await?;
    let rows: Vec<(uuid::Uuid, String, String)> = members
        .iter()
        .map(|m| (m.auditor_id, m.role.clone(), m.days.to_string()))
        .collect();
    audits::set_team(&tx, id, &rows, "team_proposed").await?;
    audit::append(
        &tx,
        &p.actor(),
        "audit.team_proposed",
        &format!("audit:{id}"),
        json!({"members": members.iter().map(|m| json!({"auditor": m.auditor_id, "role": m.role, "days": m.days})).collect::<Vec<_>>(),
            "findings": findings.iter().map(|f| json!({"code": f.code, "member": f.member})).collect::<Vec<_>>()}),
    )
    .await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let f = file(&tx, a).await?;
    tx.commit().await?;
    Ok(f)
}

/// Confirms the proposed team. Blocking findings need a justification (an authorised
/// override), which the audit and the trail keep.
pub async fn confirm(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    override_justification: Option<&str>,
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let justification =
        certa_domain::clients::optional_text("override_justification", override_justification)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    if a.status != "team_proposed" {
        return Err(ServiceError::conflict(
            "no_team_proposed",
            format!(
                "the audit is {}; propose a team first",
                a.status.replace('_', " ")
            ),
        ));
    }
    let current = file(&tx, a).await?;
    let blocking: Vec<&Finding> = current
        .findings
        .iter()
        .filter(|f| f.severity == team::Severity::Blocking)
        .collect();
    if !blocking.is_empty() && justification.is_none() {
        return Err(ServiceError::conflict(
            "team_checks_failed",
            format!(
                "the team has {} blocking finding(s): {}; correct the team or confirm with an override justification",
                blocking.len(),
                blocking
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        ));
    }
    let overridden = !blocking.is_empty();
    audits::set_status(
        &tx,
        id,
        "confirmed",
        if overridden {
            justification.clone()
        } else {
            None
        },
    )
    .await?;
    audit::append(
        &tx,
        &p.actor(),
        "audit.confirmed",
        &format!("audit:{id}"),
        json!({"overridden": blocking.iter().map(|f| json!({"code": f.code, "message": f.message})).collect::<Vec<_>>(),
            "justification": if overridden { justification } else { None }}),
    )
    .await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let f = file(&tx, a).await?;
    let mailed = mail_confirmation(&tx, &f).await?;
    tx.commit().await?;
    if mailed > 0 {
        ctx.ring();
    }
    Ok(f)
}

/// The calendar event of an audit (the same UID whenever it is sent or listed).
pub fn event(
    a: &ScheduledAudit,
    client_name: &str,
    team: &[(TeamMember, String)],
) -> Option<certa_domain::ics::Event> {
    Some(certa_domain::ics::Event {
        uid: format!("audit-{}@certa", a.id),
        summary: format!("{} audit, {client_name}", a.kind.replace('_', " ")),
        description: format!(
            "Standards: {}\nTeam: {}",
            a.standards.replace(',', ", "),
            team.iter()
                .map(|(m, n)| format!("{n} ({})", m.role.replace('_', " ")))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        starts_on: parse(&a.starts_on)?,
        ends_on: parse(&a.ends_on)?,
        location: None,
        sequence: 0,
    })
}

/// Mails the confirmed team and the client's contacts, each with the `.ics` invitation.
async fn mail_confirmation(tx: &TenantTx, f: &AuditFile) -> Result<usize, ServiceError> {
    let client = certa_store::repo::clients::by_id(tx, certa_domain::ClientId(f.audit.client_id))
        .await?
        .ok_or(ServiceError::not_found("client", "client_not_found"))?;
    let Some(ev) = event(&f.audit, &client.legal_name, &f.team) else {
        return Ok(0);
    };
    let ics = certa_domain::ics::calendar(
        &client.legal_name,
        Some("REQUEST"),
        &[ev],
        chrono::Utc::now(),
    );
    let payload = json!({
        "client_name": client.legal_name,
        "kind": f.audit.kind.replace('_', " "),
        "starts_on": f.audit.starts_on,
        "ends_on": f.audit.ends_on,
        "standards": f.audit.standards.replace(',', ", "),
        "team": f.team.iter().map(|(m, n)| format!("{n} ({})", m.role.replace('_', " "))).collect::<Vec<_>>().join(", "),
        "ics": ics,
    });
    let mut recipients: Vec<String> = Vec::new();
    for (m, _) in &f.team {
        if let Some(r) = personnel::by_id(tx, AuditorId(m.auditor_id)).await? {
            recipients.push(r.email);
        }
    }
    for c in certa_store::repo::clients::contacts(tx, certa_domain::ClientId(client.id)).await? {
        if c.receives_mail {
            recipients.push(c.email);
        }
    }
    recipients.sort();
    recipients.dedup();
    for r in &recipients {
        certa_store::repo::outbox::enqueue(tx, crate::mail::AUDIT_CONFIRMED, r, payload.clone())
            .await?;
    }
    Ok(recipients.len())
}

/// An auditor's calendar (RFC 5545): every confirmed audit they are on.
pub async fn auditor_calendar(
    ctx: &Ctx,
    p: &Principal,
    auditor: AuditorId,
) -> Result<String, ServiceError> {
    let t = p.authorize(Action::ViewPersonnel)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let ics = calendar_in(&tx, auditor).await?;
    tx.commit().await?;
    Ok(ics)
}

async fn calendar_in(tx: &TenantTx, auditor: AuditorId) -> Result<String, ServiceError> {
    let rec = personnel::by_id(tx, auditor)
        .await?
        .ok_or(ServiceError::not_found("auditor", "auditor_not_found"))?;
    let mut events = Vec::new();
    for a in audits::bookings_of(tx, auditor, AuditId(uuid::Uuid::nil())).await? {
        if a.status != "confirmed" {
            continue;
        }
        let client = certa_store::repo::clients::by_id(tx, certa_domain::ClientId(a.client_id))
            .await?
            .map(|c| c.legal_name)
            .unwrap_or_default();
        let mut team = Vec::new();
        for m in audits::team(tx, AuditId(a.id)).await? {
            let name = personnel::by_id(tx, AuditorId(m.auditor_id))
                .await?
                .map(|r| r.name)
                .unwrap_or_default();
            team.push((m, name));
        }
        if let Some(e) = event(&a, &client, &team) {
            events.push(e);
        }
    }
    events.sort_by_key(|e| e.starts_on);
    Ok(certa_domain::ics::calendar(
        &format!("Audits of {}", rec.name),
        None,
        &events,
        chrono::Utc::now(),
    ))
}

/// Creates (or replaces) the secret calendar-feed address of an auditor, for calendar
/// apps that cannot send a token. The address is shown once; only its hash is kept.
pub async fn create_calendar_link(
    ctx: &Ctx,
    p: &Principal,
    auditor: AuditorId,
) -> Result<String, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.id()).await?;
    let rec = personnel::by_id(&tx, auditor)
        .await?
        .ok_or(ServiceError::not_found("auditor", "auditor_not_found"))?;
    // Schedulers manage every record; anyone else only their own.
    let own = rec.membership_id == Some(t.membership.id);
    if !own && !t.roles.allows(Action::ManagePersonnel) {
        return Err(ServiceError::Forbidden);
    }
    let secret = crate::secrets::random_token();
    personnel::replace_calendar_link(&tx, auditor, crate::secrets::token_hash(&secret)).await?;
    audit::append(
        &tx,
        &p.actor(),
        "auditor.calendar_link_created",
        &format!("auditor:{auditor}"),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(format!("{}/calendar/{secret}.ics", ctx.config.public_url))
}

/// The calendar behind a secret link, or `None` for an unknown or replaced link.
pub async fn calendar_by_secret(ctx: &Ctx, secret: &str) -> Result<Option<String>, ServiceError> {
    let sys = ctx.db.system().await?;
    let link = certa_store::repo::identity::calendar_link_by_hash(
        &sys,
        &crate::secrets::token_hash(secret),
    )
    .await?;
    sys.commit().await?;
    let Some(link) = link else {
        return Ok(None);
    };
    let tx = ctx
        .db
        .tenant(certa_domain::TenantId(link.tenant_id))
        .await?;
    let ics = calendar_in(&tx, AuditorId(link.auditor_id)).await?;
    tx.commit().await?;
    Ok(Some(ics))
}

/// One audit on a month calendar with its team (or, on a person's calendar, their own
/// place in it).
#[derive(Debug, Clone)]
pub struct MonthAudit {
    pub audit: CalendarAudit,
    pub team: Vec<CalendarMember>,
}

/// The audits that overlap a month, by start date.
#[derive(Debug, Clone)]
pub struct MonthCalendar {
    pub month: Month,
    pub audits: Vec<MonthAudit>,
}

/// A person's month: the audits they are on and their unavailability.
#[derive(Debug, Clone)]
pub struct AuditorMonth {
    pub auditor: personnel::Auditor,
    pub calendar: MonthCalendar,
    pub absences: Vec<personnel::Absence>,
}

fn with_teams(
    month: Month,
    audits: Vec<CalendarAudit>,
    members: Vec<CalendarMember>,
) -> MonthCalendar {
    let mut by_audit: std::collections::HashMap<uuid::Uuid, Vec<CalendarMember>> =
        std::collections::HashMap::new();
    for m in members {
        by_audit.entry(m.audit_id).or_default().push(m);
    }
    MonthCalendar {
        month,
        audits: audits
            .into_iter()
            .map(|a| MonthAudit {
                team: by_audit.remove(&a.id).unwrap_or_default(),
                audit: a,
            })
            .collect(),
    }
}

/// Every scheduled audit of the tenant that overlaps `month`, with client names and
/// teams. Two statements, whatever the number of audits.
pub async fn month_calendar(
    ctx: &Ctx,
    p: &Principal,
    month: Month,
) -> Result<MonthCalendar, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let (from, to) = (month.first_day().to_string(), month.last_day().to_string());
    let tx = ctx.db.tenant(t.id()).await?;
    let list = audits::overlapping(&tx, &from, &to, None).await?;
    let members = audits::team_overlapping(&tx, &from, &to, None).await?;
    tx.commit().await?;
    Ok(with_teams(month, list, members))
}

/// One person's month: the audits they are on (with their role) and their
/// unavailability periods. A constant number of statements.
pub async fn auditor_month(
    ctx: &Ctx,
    p: &Principal,
    auditor: AuditorId,
    month: Month,
) -> Result<AuditorMonth, ServiceError> {
    let t = p.authorize(Action::ViewPersonnel)?;
    let (from, to) = (month.first_day().to_string(), month.last_day().to_string());
    let tx = ctx.db.tenant(t.id()).await?;
    let rec = personnel::by_id(&tx, auditor)
        .await?
        .ok_or(ServiceError::not_found("auditor", "auditor_not_found"))?;
    let list = audits::overlapping(&tx, &from, &to, Some(auditor)).await?;
    let own = audits::team_overlapping(&tx, &from, &to, Some(auditor)).await?;
    let absences = personnel::absences_overlapping(&tx, auditor, &from, &to).await?;
    tx.commit().await?;
    Ok(AuditorMonth {
        auditor: rec,
        calendar: with_teams(month, list, own),
        absences,
    })
}
