use super::*;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::audit_dates;
use certa_domain::audit_status::AuditEvent;
use certa_domain::personnel::{date, period, technical_area};
use certa_domain::programme::EntryKind;
use certa_domain::team::{self, AuditFacts, Booking, Declaration, Finding, Member, Qualification};
use certa_domain::{Action, AuditId, AuditorId};
use certa_store::TenantTx;
use certa_store::repo::audits::{self, NewAudit, ScheduledAudit, TeamMember};
use certa_store::repo::{applications, audit, personnel};
use serde_json::json;

/// Schedules the audit of a programme entry. A first day in the past needs `held` (the
/// audit took place and is being recorded); a stage 2 audit follows its stage 1
/// (ISO/IEC 17021-1 9.3.1, [`certa_domain::audit_dates`]).
pub async fn schedule(
    ctx: &Ctx,
    p: &Principal,
    programme_audit_id: uuid::Uuid,
    starts_on: &str,
    ends_on: &str,
    technical_areas: &[String],
    held: bool,
) -> Result<ScheduledAudit, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    // Every field is checked: a refusal names all that are wrong.
    let mut v = certa_domain::Problems::default();
    let from = v.check(date("starts_on", starts_on));
    let to = v.check(date("ends_on", ends_on));
    if let (Some(from), Some(to)) = (from, to) {
        v.check(period("starts_on", from, Some(to)));
        v.check(audit_dates::not_in_past(
            from,
            chrono::Utc::now().date_naive(),
            held,
        ));
    }
    let areas: Vec<_> = technical_areas
        .iter()
        .filter_map(|a| v.check(technical_area(a)))
        .collect();
    let (Some(from), Some(to)) = (from, to) else {
        v.finish()?;
        return Err(ServiceError::unexpected_state("audit dates"));
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    let (entry, programme) = applications::programme_audit(&tx, programme_audit_id)
        .await?
        .ok_or(ServiceError::Invalid {
            field: "programme_audit_id",
            code: ErrorCode::UnknownProgrammeAudit,
            message: "programme_audit_id does not name a planned audit of this certification body"
                .into(),
        })?;
    let others = stages_locked(&tx, programme.id, None).await?;
    v.check(audit_dates::stage_order(entry.kind, from, to, &others));
    v.finish()?;
    let a = audits::create(
        &tx,
        NewAudit {
            programme_id: programme.id,
            programme_audit_id: entry.id,
            client_id: programme.client_id,
            kind: entry.kind,
            standards: programme.standards.clone(),
            technical_areas: areas.clone(),
            starts_on: from.to_string(),
            ends_on: to.to_string(),
        },
    )
    .await
    .map_err(|e| {
        if e.violates(certa_store::UniqueKey::AuditProgrammeAudit) {
            ServiceError::conflict(
                ErrorCode::AlreadyScheduled,
                "this programme audit is already scheduled",
            )
        } else {
            e.into()
        }
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

/// The audits of a programme that are not cancelled (but `except`), for the stage order,
/// after locking the programme so that two changes of its audits take turns.
async fn stages_locked(
    tx: &TenantTx,
    programme: uuid::Uuid,
    except: Option<AuditId>,
) -> Result<Vec<audit_dates::Scheduled>, ServiceError> {
    applications::lock_programme(tx, certa_domain::ProgrammeId(programme)).await?;
    stages(tx, programme, except).await
}

/// The audits of a programme that are not cancelled (but `except`).
async fn stages(
    tx: &TenantTx,
    programme: uuid::Uuid,
    except: Option<AuditId>,
) -> Result<Vec<audit_dates::Scheduled>, ServiceError> {
    Ok(audits::of_programme(tx, programme)
        .await?
        .into_iter()
        .filter(|o| o.status != AuditStatus::Cancelled && Some(AuditId(o.id)) != except)
        .filter_map(|o| {
            Some(audit_dates::Scheduled {
                kind: o.kind,
                starts_on: parse(&o.starts_on)?,
                ends_on: parse(&o.ends_on)?,
            })
        })
        .collect())
}

/// Gathers what the checks need about one member.
pub(crate) async fn member_facts(
    tx: &TenantTx,
    a: &ScheduledAudit,
    input: &MemberInput,
) -> Result<Member, ServiceError> {
    let id = AuditorId(input.auditor_id);
    let rec = personnel::by_id(tx, id)
        .await?
        .ok_or(ServiceError::Invalid {
            field: "auditor_id",
            code: ErrorCode::UnknownAuditor,
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
                function: q.function,
                valid_from: parse(&q.valid_from)?,
                valid_until: q.valid_until.as_deref().and_then(parse),
            })
        })
        .collect();
    let declarations = personnel::conflicts(tx, id)
        .await?
        .into_iter()
        .map(|c| Declaration {
            client: c.client_id,
            kind: c.kind,
            ended_on: c.ended_on.as_deref().and_then(parse),
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
                label: format!("another {} audit", o.kind.label()),
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
            .any(|m| m.auditor_id == input.auditor_id && m.role == TeamRole::Lead)
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

pub(crate) fn facts(a: &ScheduledAudit) -> Result<AuditFacts, ServiceError> {
    Ok(AuditFacts {
        client: a.client_id,
        standards: a.standards.clone(),
        technical_areas: a.technical_areas.clone(),
        starts_on: date("starts_on", &a.starts_on)?,
        ends_on: date("ends_on", &a.ends_on)?,
    })
}

pub(crate) async fn findings_of(
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

pub(crate) fn inputs_of(team: &[TeamMember]) -> Vec<MemberInput> {
    team.iter()
        .map(|m| MemberInput {
            auditor_id: m.auditor_id,
            role: m.role.as_str().to_owned(),
            days: m.days.parse().unwrap_or(f64::NAN),
        })
        .collect()
}

pub(crate) async fn file(tx: &TenantTx, a: ScheduledAudit) -> Result<AuditFile, ServiceError> {
    let members = audits::team(tx, AuditId(a.id)).await?;
    // Reading an audit never fails on its stored dates: if they are unusable (outside
    // 1900–2200, written before dates were checked), the checks say so instead.
    let findings = match findings_of(tx, &a, &inputs_of(&members)).await {
        Ok(f) => f,
        Err(ServiceError::Invalid { message, .. }) => vec![Finding {
            code: team::FindingCode::DatesUnusable,
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
    let mut notices = Vec::new();
    if a.kind == EntryKind::Stage2
        && a.status != AuditStatus::Cancelled
        && let Some(from) = parse(&a.starts_on)
    {
        let stage1 = stages(tx, a.programme_id, Some(AuditId(a.id)))
            .await?
            .into_iter()
            .filter(|o| o.kind == EntryKind::Stage1)
            .map(|o| o.ends_on)
            .max();
        match stage1 {
            None => notices.push(
                "No stage 1 audit of this programme is scheduled: stage 2 follows it (ISO/IEC 17021-1, 9.3.1).".into(),
            ),
            Some(end) => notices.extend(audit_dates::stage_gap_warning(end, from)),
        }
    }
    Ok(AuditFile {
        audit: a,
        team,
        findings,
        plan,
        objections,
        notices,
    })
}

/// An audit with its team and the checks as of now.
pub async fn get(ctx: &Ctx, p: &Principal, id: AuditId) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let tx = ctx.db.tenant(t.scope()).await?;
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
            code: ErrorCode::DuplicateMember,
            message: "a person may appear once in a team".into(),
        });
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    not_cancelled(&a)?;
    // Every audit has a team leader (ISO/IEC 17021-1 9.4.8 i: the report names them): a
    // team without a lead is not proposed at all.
    if !members
        .iter()
        .any(|m| role(&m.role).is_ok_and(|r| r == certa_domain::team::TeamRole::Lead))
    {
        return Err(ServiceError::Invalid {
            field: "members",
            code: ErrorCode::TeamWithoutLead,
            message: "A team needs a lead auditor: choose one member as lead.".into(),
        });
    }
    let next = a.status.apply(AuditEvent::ProposeTeam).map_err(|_| {
        ServiceError::conflict(
            ErrorCode::AuditConfirmed,
            "the team of a confirmed audit cannot be changed here",
        )
    })?;
    let findings = findings_of(&tx, &a, members).await?;
    let rows = members
        .iter()
        .map(|m| Ok((m.auditor_id, role(&m.role)?, m.days.to_string())))
        .collect::<Result<Vec<_>, ServiceError>>()?;
    audits::set_team(&tx, id, &rows, next).await?;
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    not_cancelled(&a)?;
    let next = a.status.apply(AuditEvent::ConfirmTeam).map_err(|e| {
        ServiceError::conflict(
            ErrorCode::NoTeamProposed,
            format!("the audit is {}; propose a team first", e.from.label()),
        )
    })?;
    let current = file(&tx, a).await?;
    let blocking: Vec<&Finding> = current
        .findings
        .iter()
        .filter(|f| f.severity == team::Severity::Blocking)
        .collect();
    if !blocking.is_empty() && justification.is_none() {
        return Err(ServiceError::conflict(
            ErrorCode::TeamChecksFailed,
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
        next,
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
    let mailed = mail_audit(ctx, &tx, &f, crate::mail::Mail::AuditConfirmed, None).await?;
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
///
/// A new first day in the past needs `held`; the stages keep their order (ISO/IEC
/// 17021-1 9.3.1). Every refused field is named at once.
pub async fn reschedule(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    starts_on: &str,
    ends_on: &str,
    held: bool,
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let mut v = certa_domain::Problems::default();
    let from = v.check(date("starts_on", starts_on));
    let to = v.check(date("ends_on", ends_on));
    let (Some(from), Some(to)) = (from, to) else {
        v.finish()?;
        return Err(ServiceError::unexpected_state("audit dates"));
    };
    v.check(period("starts_on", from, Some(to)));
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    not_cancelled(&a)?;
    // An audit under way keeps its first day when only its end moves.
    if a.starts_on != from.to_string() {
        v.check(audit_dates::not_in_past(
            from,
            chrono::Utc::now().date_naive(),
            held,
        ));
    }
    let others = stages_locked(&tx, a.programme_id, Some(id)).await?;
    v.check(audit_dates::stage_order(a.kind, from, to, &others));
    v.finish()?;
    if a.starts_on == from.to_string() && a.ends_on == to.to_string() {
        let f = file(&tx, a).await?;
        tx.commit().await?;
        return Ok(f);
    }
    audits::set_dates(&tx, id, &from.to_string(), &to.to_string()).await?;
    audits::bump_sequence(&tx, id).await?;
    if a.status == AuditStatus::TeamProposed {
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
    if f.audit.status == AuditStatus::Confirmed && !blocking.is_empty() {
        return Err(ServiceError::conflict(
            ErrorCode::TeamChecksFailed,
            format!(
                "the confirmed team does not hold on the new dates: {}",
                blocking.join("; ")
            ),
        ));
    }
    let mailed = if f.audit.status == AuditStatus::Confirmed {
        mail_audit(ctx, &tx, &f, crate::mail::Mail::AuditRescheduled, None).await?
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    not_cancelled(&a)?;
    audit_dates::may_cancel(a.kind, &stages_locked(&tx, a.programme_id, Some(id)).await?)?;
    let next = a
        .status
        .apply(AuditEvent::Cancel)
        .map_err(|e| ServiceError::conflict(ErrorCode::AuditCancelled, e.to_string()))?;
    audits::set_status(&tx, id, next, None).await?;
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
    let told = a.status.told();
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let f = file(&tx, a).await?;
    let mailed = if told {
        mail_audit(
            ctx,
            &tx,
            &f,
            crate::mail::Mail::AuditCancelled,
            Some(&reason),
        )
        .await?
    } else {
        0
    };
    tx.commit().await?;
    if mailed > 0 {
        ctx.ring();
    }
    Ok(f)
}
