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
    /// The audit plan, once set.
    pub plan: Option<PlanView>,
    /// Objections of the client to team members, oldest first.
    pub objections: Vec<ObjectionView>,
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

/// Refuses changes to a cancelled audit.
fn not_cancelled(a: &ScheduledAudit) -> Result<(), ServiceError> {
    if a.status == "cancelled" {
        return Err(ServiceError::conflict(
            "audit_cancelled",
            "the audit was cancelled; it can no longer be changed",
        ));
    }
    Ok(())
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
    let settings = crate::settings::load(tx).await?;
    let mut findings = team::check(&facts(a)?, &members, settings.rotation_limit);
    findings.extend(objection_findings(tx, a, inputs).await?);
    Ok(findings)
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
    // Reading an audit never fails on its stored dates: if they are unusable (outside
    // 1900–2200, written before dates were checked), the checks say so instead.
    let findings = match findings_of(tx, &a, &inputs_of(&members)).await {
        Ok(f) => f,
        Err(ServiceError::Invalid { message, .. }) => vec![Finding {
            code: "dates_unusable",
            severity: team::Severity::Blocking,
            member: None,
            message: format!("The audit's stored dates cannot be used ({message}); set new dates."),
            clause: "9.2.3",
        }],
        Err(e) => return Err(e),
    };
    let mut team = Vec::new();
    for m in members {
        let name = personnel::by_id(tx, AuditorId(m.auditor_id))
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        team.push((m, name));
    }
    let plan = plan_of(tx, &a).await?;
    let objections = objection_views(tx, AuditId(a.id)).await?;
    Ok(AuditFile {
        audit: a,
        team,
        findings,
        plan,
        objections,
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
    not_cancelled(&a)?;
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
    audits::bump_sequence(&tx, id).await?;
    let today = chrono::Utc::now().date_naive();
    let settings = crate::settings::load(&tx).await?;
    let deadline = objection_deadline(
        today,
        settings.objection_days,
        date("starts_on", &a.starts_on)?,
    );
    audits::set_objection_deadline(&tx, id, Some(deadline.to_string())).await?;
    let mailed = mail_team_proposed(ctx, &tx, &a, members, deadline).await?;
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
    if mailed > 0 {
        ctx.ring();
    }
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
    not_cancelled(&a)?;
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
    audits::bump_sequence(&tx, id).await?;
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
    let mailed = mail_audit(ctx, &tx, &f, crate::mail::AUDIT_CONFIRMED, None).await?;
    tx.commit().await?;
    if mailed > 0 {
        ctx.ring();
    }
    Ok(f)
}

/// Moves an audit to new dates. The calendar `SEQUENCE` goes up; a confirmed team and the
/// client's contacts are mailed the updated invitation; a proposed team's objection
/// deadline follows the new start. A confirmed team must pass its blocking checks on the
/// new dates (409 `team_checks_failed` otherwise); for a team not yet confirmed the answer
/// carries the findings.
pub async fn reschedule(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    starts_on: &str,
    ends_on: &str,
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let from = date("starts_on", starts_on)?;
    let to = date("ends_on", ends_on)?;
    period("starts_on", from, Some(to))?;
    let tx = ctx.db.tenant(t.id()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    not_cancelled(&a)?;
    if a.starts_on == from.to_string() && a.ends_on == to.to_string() {
        let f = file(&tx, a).await?;
        tx.commit().await?;
        return Ok(f);
    }
    audits::set_dates(&tx, id, &from.to_string(), &to.to_string()).await?;
    audits::bump_sequence(&tx, id).await?;
    if a.status == "team_proposed" {
        let settings = crate::settings::load(&tx).await?;
        let deadline = objection_deadline(
            chrono::Utc::now().date_naive(),
            settings.objection_days,
            from,
        );
        audits::set_objection_deadline(&tx, id, Some(deadline.to_string())).await?;
    }
    audit::append(
        &tx,
        &p.actor(),
        "audit.rescheduled",
        &format!("audit:{id}"),
        json!({"from": {"starts_on": a.starts_on, "ends_on": a.ends_on},
            "to": {"starts_on": from.to_string(), "ends_on": to.to_string()}}),
    )
    .await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let f = file(&tx, a).await?;
    // A confirmed team must still hold on the new dates (availability, double booking):
    // otherwise nothing changes (the transaction is not committed).
    let blocking: Vec<&str> = f
        .findings
        .iter()
        .filter(|x| x.severity == team::Severity::Blocking)
        .map(|x| x.message.as_str())
        .collect();
    if f.audit.status == "confirmed" && !blocking.is_empty() {
        return Err(ServiceError::conflict(
            "team_checks_failed",
            format!(
                "the confirmed team does not hold on the new dates: {}",
                blocking.join("; ")
            ),
        ));
    }
    let mailed = if f.audit.status == "confirmed" {
        mail_audit(ctx, &tx, &f, crate::mail::AUDIT_RESCHEDULED, None).await?
    } else {
        0
    };
    tx.commit().await?;
    if mailed > 0 {
        ctx.ring();
    }
    Ok(f)
}

/// Cancels an audit, with the reason. The calendar `SEQUENCE` goes up; when a team was
/// proposed or confirmed, the team and the client's contacts are mailed a cancellation
/// (`METHOD:CANCEL`) that removes the event from their calendars. The programme entry is
/// planned again, so it is reminded and can be scheduled anew.
pub async fn cancel(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    reason: &str,
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let reason = certa_domain::clients::required_text("reason", reason)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    not_cancelled(&a)?;
    audits::set_status(&tx, id, "cancelled", None).await?;
    audits::bump_sequence(&tx, id).await?;
    // The programme entry is due again (reminders, dashboard) and can be scheduled anew.
    audits::reopen_programme_audit(&tx, a.programme_audit_id).await?;
    audit::append(
        &tx,
        &p.actor(),
        "audit.cancelled",
        &format!("audit:{id}"),
        json!({"previous_status": a.status, "reason": reason}),
    )
    .await?;
    let told = matches!(a.status.as_str(), "team_proposed" | "confirmed");
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let f = file(&tx, a).await?;
    let mailed = if told {
        mail_audit(ctx, &tx, &f, crate::mail::AUDIT_CANCELLED, Some(&reason)).await?
    } else {
        0
    };
    tx.commit().await?;
    if mailed > 0 {
        ctx.ring();
    }
    Ok(f)
}

/// One line naming a site: name, address, city, country.
fn site_line(s: &certa_store::repo::clients::Site) -> String {
    [
        Some(s.name.as_str()),
        s.address.as_deref(),
        s.city.as_deref(),
        Some(s.country.as_str()),
    ]
    .into_iter()
    .flatten()
    .filter(|p| !p.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
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
        sequence: u32::try_from(a.sequence).unwrap_or(0),
        cancelled: a.status == "cancelled",
        organizer: None,
        attendees: Vec::new(),
    })
}

/// Mails the team and the client's contacts about the audit, each with the `.ics`
/// invitation (its current `SEQUENCE`); for a cancelled audit the `.ics` cancels the
/// event (`METHOD:CANCEL`, `STATUS:CANCELLED`) and `reason` says why.
async fn mail_audit(
    ctx: &Ctx,
    tx: &TenantTx,
    f: &AuditFile,
    kind: &str,
    reason: Option<&str>,
) -> Result<usize, ServiceError> {
    let client = certa_store::repo::clients::by_id(tx, certa_domain::ClientId(f.audit.client_id))
        .await?
        .ok_or(ServiceError::not_found("client", "client_not_found"))?;
    let Some(mut ev) = event(&f.audit, &client.legal_name, &f.team) else {
        return Ok(0);
    };
    ev.location = f.plan.as_ref().and_then(|p| p.sites.first()).map(site_line);
    let mut attendees: Vec<certa_domain::ics::Person> = Vec::new();
    for (m, name) in &f.team {
        if let Some(r) = personnel::by_id(tx, AuditorId(m.auditor_id)).await? {
            attendees.push(certa_domain::ics::Person {
                name: name.clone(),
                email: r.email,
            });
        }
    }
    for c in certa_store::repo::clients::contacts(tx, certa_domain::ClientId(client.id)).await? {
        if c.receives_mail {
            attendees.push(certa_domain::ics::Person {
                name: c.name,
                email: c.email,
            });
        }
    }
    attendees.sort_by_key(|a| a.email.to_lowercase());
    attendees.dedup_by(|a, b| a.email.eq_ignore_ascii_case(&b.email));
    ev.organizer = ctx.config.calendar_organizer.clone();
    ev.attendees = attendees.clone();
    let method = if ev.cancelled { "CANCEL" } else { "REQUEST" };
    let ics =
        certa_domain::ics::calendar(&client.legal_name, Some(method), &[ev], chrono::Utc::now());
    let payload = json!({
        "client_name": client.legal_name,
        "kind": f.audit.kind.replace('_', " "),
        "starts_on": f.audit.starts_on,
        "ends_on": f.audit.ends_on,
        "standards": f.audit.standards.replace(',', ", "),
        "team": f.team.iter().map(|(m, n)| format!("{n} ({})", m.role.replace('_', " "))).collect::<Vec<_>>().join(", "),
        "ics": ics,
        "ics_method": method,
        "reason": reason,
        "sites": f.plan.as_ref().map(|p| p.sites.iter().map(site_line).collect::<Vec<_>>()),
        "remote": f.plan.as_ref().map(|p| p.remote.clone()).filter(|r| r != "none"),
        "agenda": f.plan.as_ref().map(|p| p.agenda.iter().map(|i| format!("{} {} {}", i.date, i.time, i.activity)).collect::<Vec<_>>()),
    });
    let mut recipients: Vec<String> = attendees.into_iter().map(|a| a.email).collect();
    recipients.sort();
    recipients.dedup();
    for r in &recipients {
        certa_store::repo::outbox::enqueue(tx, kind, r, payload.clone()).await?;
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

// ---------------------------------------------------------------------------
// Client objections to team members (ISO/IEC 17021-1 9.2.3).

/// Blocking findings for members the client objected to: an open objection waits for the
/// scheduler's decision, an upheld one means the member must be replaced (or the
/// confirmation overridden with a justification); a dismissed one no longer counts.
async fn objection_findings(
    tx: &TenantTx,
    a: &ScheduledAudit,
    inputs: &[MemberInput],
) -> Result<Vec<Finding>, ServiceError> {
    let mut out = Vec::new();
    for o in audits::objections(tx, AuditId(a.id)).await? {
        if o.status == "dismissed" || !inputs.iter().any(|m| m.auditor_id == o.auditor_id) {
            continue;
        }
        let name = personnel::by_id(tx, AuditorId(o.auditor_id))
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        out.push(Finding {
            code: "client_objection",
            severity: team::Severity::Blocking,
            member: Some(o.auditor_id),
            message: format!(
                "the client objected to {name} ({}): {}",
                if o.status == "open" {
                    "not yet decided"
                } else {
                    "objection upheld"
                },
                o.reason
            ),
            clause: "ISO/IEC 17021-1 9.2.3",
        });
    }
    Ok(out)
}

/// The objection deadline for a proposal made `today`: `today + days`, but never on or
/// after the audit's first day (the client must be able to object before the audit), and
/// never before today.
pub fn objection_deadline(today: NaiveDate, days: u32, starts_on: NaiveDate) -> NaiveDate {
    // Checked: a stored start may be any date the database holds.
    let wanted = today
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(today);
    let before_start = starts_on.pred_opt().unwrap_or(starts_on);
    wanted.min(before_start).max(today)
}

/// Sends the client's contacts the proposed team with a personal link to object before
/// the deadline; earlier links of the audit stop working.
async fn mail_team_proposed(
    ctx: &Ctx,
    tx: &TenantTx,
    a: &ScheduledAudit,
    members: &[MemberInput],
    deadline: NaiveDate,
) -> Result<usize, ServiceError> {
    audits::drop_objection_links(tx, AuditId(a.id)).await?;
    let client = certa_store::repo::clients::by_id(tx, certa_domain::ClientId(a.client_id))
        .await?
        .ok_or(ServiceError::not_found("client", "client_not_found"))?;
    let mut team = Vec::new();
    for m in members {
        if let Some(r) = personnel::by_id(tx, AuditorId(m.auditor_id)).await? {
            team.push(format!("{} ({})", r.name, m.role.replace('_', " ")));
        }
    }
    let mut sent = 0;
    for c in certa_store::repo::clients::contacts(tx, certa_domain::ClientId(client.id)).await? {
        if !c.receives_mail {
            continue;
        }
        let secret = crate::secrets::random_token();
        audits::add_objection_link(
            tx,
            AuditId(a.id),
            crate::secrets::token_hash(&secret),
            &c.email,
            &deadline.to_string(),
        )
        .await?;
        certa_store::repo::outbox::enqueue(
            tx,
            crate::mail::TEAM_PROPOSED,
            &c.email,
            json!({
                "client_name": client.legal_name,
                "kind": a.kind.replace('_', " "),
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "team": team,
                "deadline": deadline.to_string(),
                "link": format!("{}/objections/{secret}", ctx.config.public_url),
            }),
        )
        .await?;
        sent += 1;
    }
    Ok(sent)
}

/// An objection as shown, with the member's name.
#[derive(Debug, Clone)]
pub struct ObjectionView {
    pub objection: audits::Objection,
    pub auditor_name: String,
}

async fn objection_views(tx: &TenantTx, id: AuditId) -> Result<Vec<ObjectionView>, ServiceError> {
    let mut out = Vec::new();
    for o in audits::objections(tx, id).await? {
        let auditor_name = personnel::by_id(tx, AuditorId(o.auditor_id))
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        out.push(ObjectionView {
            objection: o,
            auditor_name,
        });
    }
    Ok(out)
}

/// Validates and records an objection inside a tenant transaction.
async fn record_objection(
    tx: &TenantTx,
    actor: &audit::Actor,
    a: &ScheduledAudit,
    auditor_id: uuid::Uuid,
    reason: &str,
    raised_by: &str,
    today: NaiveDate,
) -> Result<audits::Objection, ServiceError> {
    let reason = certa_domain::clients::required_text("reason", reason)?;
    if a.status != "team_proposed" {
        return Err(ServiceError::conflict(
            "no_team_proposed",
            "objections are possible while a team is proposed and not yet confirmed",
        ));
    }
    if let Some(d) = a.objection_deadline.as_deref().and_then(parse)
        && today > d
    {
        return Err(ServiceError::conflict(
            "objection_deadline_passed",
            format!("the deadline for objections was {d}"),
        ));
    }
    let team = audits::team(tx, AuditId(a.id)).await?;
    if !team.iter().any(|m| m.auditor_id == auditor_id) {
        return Err(ServiceError::Invalid {
            field: "auditor_id",
            code: "not_a_team_member",
            message: "the objection must name a member of the proposed team".into(),
        });
    }
    let o =
        audits::add_objection(tx, AuditId(a.id), AuditorId(auditor_id), &reason, raised_by).await?;
    audit::append(
        tx,
        actor,
        "audit.objection_raised",
        &format!("audit:{}", a.id),
        json!({"objection": o.id, "auditor": auditor_id, "reason": reason, "raised_by": raised_by}),
    )
    .await?;
    // The schedulers hear of it at once.
    let client = certa_store::repo::clients::by_id(tx, certa_domain::ClientId(a.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let name = personnel::by_id(tx, AuditorId(auditor_id))
        .await?
        .map(|r| r.name)
        .unwrap_or_default();
    for email in crate::reminders::schedulers(tx).await? {
        certa_store::repo::outbox::enqueue(
            tx,
            crate::mail::TEAM_OBJECTION,
            &email,
            json!({"client_name": client, "kind": a.kind.replace('_', " "), "member": name,
                "reason": reason, "raised_by": raised_by, "audit_id": a.id}),
        )
        .await?;
    }
    Ok(o)
}

/// Records an objection received from the client by other means (phone, letter), on the
/// client's behalf.
pub async fn raise_objection(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    auditor_id: uuid::Uuid,
    reason: &str,
    raised_by: &str,
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let raised_by = certa_domain::clients::required_text("raised_by", raised_by)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    record_objection(
        &tx,
        &p.actor(),
        &a,
        auditor_id,
        reason,
        &raised_by,
        chrono::Utc::now().date_naive(),
    )
    .await?;
    let f = file(&tx, a).await?;
    tx.commit().await?;
    ctx.ring();
    Ok(f)
}

/// Decides an open objection: `upheld` (the member should be replaced) or `dismissed`
/// (with the reason, told to nobody automatically but kept in the trail).
pub async fn resolve_objection(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    objection: uuid::Uuid,
    decision: &str,
    note: &str,
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    if !matches!(decision, "upheld" | "dismissed") {
        return Err(ServiceError::Invalid {
            field: "decision",
            code: "invalid_decision",
            message: "decision must be upheld or dismissed".into(),
        });
    }
    let note = certa_domain::clients::required_text("note", note)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let exists = audits::objections(&tx, id)
        .await?
        .into_iter()
        .find(|o| o.id == objection)
        .ok_or(ServiceError::not_found("objection", "objection_not_found"))?;
    if !audits::resolve_objection(&tx, id, exists.id, decision, &note).await? {
        return Err(ServiceError::conflict(
            "objection_resolved",
            format!("the objection was already {}", exists.status),
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "audit.objection_resolved",
        &format!("audit:{id}"),
        json!({"objection": objection, "decision": decision, "note": note}),
    )
    .await?;
    let f = file(&tx, a).await?;
    tx.commit().await?;
    Ok(f)
}

/// What the client contact sees behind an objection link.
#[derive(Debug, Clone)]
pub struct ObjectionForm {
    pub client_name: String,
    pub kind: String,
    pub starts_on: String,
    pub ends_on: String,
    pub deadline: String,
    /// Whether objections are still possible (team proposed, deadline not passed).
    pub open: bool,
    /// (auditor id, name, role)
    pub team: Vec<(uuid::Uuid, String, String)>,
    /// Objections already raised through this audit, with the member's name and status.
    pub raised: Vec<(String, String, String)>,
}

async fn link_target(
    ctx: &Ctx,
    secret: &str,
) -> Result<Option<(certa_domain::TenantId, AuditId, String)>, ServiceError> {
    let sys = ctx.db.system().await?;
    let link = certa_store::repo::identity::objection_link_by_hash(
        &sys,
        &crate::secrets::token_hash(secret),
    )
    .await?;
    sys.commit().await?;
    Ok(link.map(|l| {
        (
            certa_domain::TenantId(l.tenant_id),
            AuditId(l.audit_id),
            l.email,
        )
    }))
}

/// The objection form behind a secret link, or `None` for an unknown or replaced link.
pub async fn objection_form(
    ctx: &Ctx,
    secret: &str,
) -> Result<Option<ObjectionForm>, ServiceError> {
    let Some((tenant, id, _)) = link_target(ctx, secret).await? else {
        return Ok(None);
    };
    let tx = ctx.db.tenant(tenant).await?;
    let Some(a) = audits::by_id(&tx, id).await? else {
        return Ok(None);
    };
    let client_name = certa_store::repo::clients::by_id(&tx, certa_domain::ClientId(a.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let mut team = Vec::new();
    for m in audits::team(&tx, id).await? {
        let name = personnel::by_id(&tx, AuditorId(m.auditor_id))
            .await?
            .map(|r| r.name)
            .unwrap_or_default();
        team.push((m.auditor_id, name, m.role.replace('_', " ")));
    }
    let raised = objection_views(&tx, id)
        .await?
        .into_iter()
        .map(|v| (v.auditor_name, v.objection.reason, v.objection.status))
        .collect();
    tx.commit().await?;
    let today = chrono::Utc::now().date_naive();
    let deadline = a.objection_deadline.clone().unwrap_or_default();
    let open = a.status == "team_proposed" && parse(&deadline).is_some_and(|d| today <= d);
    Ok(Some(ObjectionForm {
        client_name,
        kind: a.kind.replace('_', " "),
        starts_on: a.starts_on,
        ends_on: a.ends_on,
        deadline,
        open,
        team,
        raised,
    }))
}

/// Records an objection sent through a secret link by the client contact it was mailed
/// to. `None` for an unknown link.
pub async fn object_by_link(
    ctx: &Ctx,
    secret: &str,
    auditor_id: uuid::Uuid,
    reason: &str,
) -> Result<Option<()>, ServiceError> {
    let Some((tenant, id, email)) = link_target(ctx, secret).await? else {
        return Ok(None);
    };
    let tx = ctx.db.tenant(tenant).await?;
    let Some(a) = audits::by_id(&tx, id).await? else {
        return Ok(None);
    };
    let actor = audit::Actor {
        user: None,
        label: format!("client contact {email}"),
    };
    record_objection(
        &tx,
        &actor,
        &a,
        auditor_id,
        reason,
        &email,
        chrono::Utc::now().date_naive(),
    )
    .await?;
    tx.commit().await?;
    ctx.ring();
    Ok(Some(()))
}

// ---------------------------------------------------------------------------
// Audit plan (ISO/IEC 17021-1 9.2.3; ICT use: IAF MD 4).

/// One line of the agenda.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// `YYYY-MM-DD`, within the audit's dates.
    pub date: String,
    /// `HH:MM`.
    pub time: String,
    /// What happens (process, clause, meeting).
    pub activity: String,
    /// Who is interviewed or attends, if said.
    #[serde(default)]
    pub auditees: Option<String>,
    /// Site visited, if any (one of the plan's sites).
    #[serde(default)]
    pub site_id: Option<uuid::Uuid>,
}

/// The plan as submitted.
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub site_ids: Vec<uuid::Uuid>,
    /// `none`, `partial` or `full`.
    pub remote: String,
    pub ict_risk_note: Option<String>,
    pub agenda: Vec<AgendaItem>,
}

/// The plan as stored.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub sites: Vec<certa_store::repo::clients::Site>,
    pub remote: String,
    pub ict_risk_note: Option<String>,
    pub agenda: Vec<AgendaItem>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

fn plan_invalid(
    field: &'static str,
    code: &'static str,
    message: impl Into<String>,
) -> ServiceError {
    ServiceError::Invalid {
        field,
        code,
        message: message.into(),
    }
}

/// Sets (or replaces) the plan of an audit: the client's sites it visits, whether and how
/// far it is done remotely — any use of ICT needs a note of its risks and how they are
/// handled (IAF MD 4) — and the agenda, each line inside the audit's dates.
pub async fn put_plan(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    input: PlanInput,
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    if !matches!(input.remote.as_str(), "none" | "partial" | "full") {
        return Err(plan_invalid(
            "remote",
            "invalid_remote",
            "remote must be none, partial or full",
        ));
    }
    let note =
        certa_domain::clients::optional_text("ict_risk_note", input.ict_risk_note.as_deref())?;
    if input.remote != "none" && note.is_none() {
        return Err(plan_invalid(
            "ict_risk_note",
            "ict_risk_note_required",
            "a remote or partly remote audit needs a note of the ICT risks and how they are handled (IAF MD 4)",
        ));
    }
    if input.site_ids.is_empty() {
        return Err(plan_invalid(
            "site_ids",
            "sites_required",
            "name at least one site of the client",
        ));
    }
    let tx = ctx.db.tenant(t.id()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    not_cancelled(&a)?;
    let client_sites =
        certa_store::repo::clients::sites(&tx, certa_domain::ClientId(a.client_id)).await?;
    let mut sites = input.site_ids.clone();
    sites.sort();
    sites.dedup();
    if let Some(bad) = sites
        .iter()
        .find(|s| !client_sites.iter().any(|c| c.id == **s))
    {
        return Err(plan_invalid(
            "site_ids",
            "unknown_site",
            format!("{bad} is not a site of this client"),
        ));
    }
    let (from, to) = (
        date("starts_on", &a.starts_on)?,
        date("ends_on", &a.ends_on)?,
    );
    let mut agenda = Vec::new();
    for (i, item) in input.agenda.into_iter().enumerate() {
        let line = i + 1;
        let d = certa_domain::values::parse_date("agenda.date", &item.date).map_err(|e| {
            let certa_domain::DomainError::Invalid { code, message, .. } = e;
            let code = if code == "invalid_date" {
                "date_invalid"
            } else {
                code
            };
            plan_invalid("agenda.date", code, format!("line {line}: {message}"))
        })?;
        if d < from || d > to {
            return Err(plan_invalid(
                "agenda.date",
                "date_outside_audit",
                format!("line {line}: {d} is outside the audit ({from} to {to})"),
            ));
        }
        let time = item.time.trim();
        if chrono::NaiveTime::parse_from_str(time, "%H:%M").is_err() {
            return Err(plan_invalid(
                "agenda.time",
                "time_invalid",
                format!("line {line}: the time must be HH:MM"),
            ));
        }
        let activity = certa_domain::clients::required_text("agenda.activity", &item.activity)?;
        if let Some(s) = item.site_id
            && !sites.contains(&s)
        {
            return Err(plan_invalid(
                "agenda.site_id",
                "unknown_site",
                format!("line {line}: the site is not one of the plan's sites"),
            ));
        }
        agenda.push(AgendaItem {
            date: d.to_string(),
            time: time.to_string(),
            activity,
            auditees: certa_domain::clients::optional_text(
                "agenda.auditees",
                item.auditees.as_deref(),
            )?,
            site_id: item.site_id,
        });
    }
    agenda.sort_by(|x, y| (&x.date, &x.time).cmp(&(&y.date, &y.time)));
    let doc = serde_json::to_string(&agenda)
        .map_err(|e| plan_invalid("agenda", "agenda_invalid", e.to_string()))?;
    audits::put_plan(&tx, id, &input.remote, note.clone(), doc, &sites).await?;
    audits::bump_sequence(&tx, id).await?;
    audit::append(
        &tx,
        &p.actor(),
        "audit.plan_saved",
        &format!("audit:{id}"),
        json!({"sites": sites, "remote": input.remote, "ict_risk_note": note, "agenda_lines": agenda.len()}),
    )
    .await?;
    let f = file(&tx, a).await?;
    tx.commit().await?;
    Ok(f)
}

async fn plan_of(tx: &TenantTx, a: &ScheduledAudit) -> Result<Option<PlanView>, ServiceError> {
    let Some((plan, site_ids)) = audits::plan(tx, AuditId(a.id)).await? else {
        return Ok(None);
    };
    let sites = certa_store::repo::clients::sites(tx, certa_domain::ClientId(a.client_id))
        .await?
        .into_iter()
        .filter(|s| site_ids.contains(&s.id))
        .collect();
    Ok(Some(PlanView {
        sites,
        remote: plan.remote,
        ict_risk_note: plan.ict_risk_note,
        agenda: serde_json::from_str(&plan.agenda).unwrap_or_default(),
        updated_at: plan.updated_at,
    }))
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
