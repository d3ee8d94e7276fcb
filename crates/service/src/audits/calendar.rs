use super::*;
use crate::mail::{AuditNotice, Mail};
use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::{Action, AuditId, AuditorId};
use certa_store::TenantTx;
use certa_store::repo::audits::{self, ScheduledAudit, TeamMember};
use certa_store::repo::{audit, personnel};
use serde_json::json;

/// One line naming a site: name, address, city, country.
pub(crate) fn site_line(s: &certa_store::repo::clients::Site) -> String {
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
        summary: format!("{} audit, {client_name}", a.kind.label()),
        description: format!(
            "Standards: {}\nTeam: {}",
            a.standards.join(", "),
            team.iter()
                .map(|(m, n)| format!("{n} ({})", m.role.label()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        starts_on: parse(&a.starts_on)?,
        ends_on: parse(&a.ends_on)?,
        location: None,
        sequence: u32::try_from(a.sequence).unwrap_or(0),
        cancelled: a.status == AuditStatus::Cancelled,
        organizer: None,
        attendees: Vec::new(),
    })
}

/// Mails the team and the client's contacts about the audit, each with the `.ics`
/// invitation (its current `SEQUENCE`); for a cancelled audit the `.ics` cancels the
/// event (`METHOD:CANCEL`, `STATUS:CANCELLED`) and `reason` says why.
pub(crate) async fn mail_audit(
    ctx: &Ctx,
    tx: &TenantTx,
    f: &AuditFile,
    mail: fn(AuditNotice) -> Mail,
    reason: Option<&str>,
) -> Result<usize, ServiceError> {
    let client = certa_store::repo::clients::by_id(tx, certa_domain::ClientId(f.audit.client_id))
        .await?
        .ok_or(ServiceError::not_found("client", ErrorCode::ClientNotFound))?;
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
    let mail = mail(AuditNotice {
        client_name: client.legal_name.clone(),
        kind: f.audit.kind.label().to_string(),
        starts_on: f.audit.starts_on.to_string(),
        ends_on: f.audit.ends_on.to_string(),
        standards: f.audit.standards.join(", "),
        team: f
            .team
            .iter()
            .map(|(m, n)| format!("{n} ({})", m.role.label()))
            .collect::<Vec<_>>()
            .join(", "),
        ics,
        ics_method: Some(method.to_string()),
        reason: reason.map(str::to_string),
        sites: f
            .plan
            .as_ref()
            .map(|p| p.sites.iter().map(site_line).collect::<Vec<_>>()),
        remote: f
            .plan
            .as_ref()
            .map(|p| p.remote)
            .filter(|r| *r != Remote::None)
            .map(|r| r.as_str().to_string()),
        agenda: f.plan.as_ref().map(|p| {
            p.agenda
                .iter()
                .map(|i| format!("{} {} {}", i.date, i.time, i.activity))
                .collect::<Vec<_>>()
        }),
    });
    let mut recipients: Vec<String> = attendees.into_iter().map(|a| a.email).collect();
    recipients.sort();
    recipients.dedup();
    for r in &recipients {
        crate::mail::enqueue(tx, r, &mail).await?;
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let ics = calendar_in(&tx, auditor).await?;
    tx.commit().await?;
    Ok(ics)
}

pub(crate) async fn calendar_in(tx: &TenantTx, auditor: AuditorId) -> Result<String, ServiceError> {
    let rec = personnel::by_id(tx, auditor)
        .await?
        .ok_or(ServiceError::not_found(
            "auditor",
            ErrorCode::AuditorNotFound,
        ))?;
    let mut events = Vec::new();
    for a in audits::bookings_of(tx, auditor, AuditId(uuid::Uuid::nil())).await? {
        if a.status != AuditStatus::Confirmed {
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let rec = personnel::by_id(&tx, auditor)
        .await?
        .ok_or(ServiceError::not_found(
            "auditor",
            ErrorCode::AuditorNotFound,
        ))?;
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
    let Some((link, scope)) = link else {
        return Ok(None);
    };
    let tx = ctx.db.tenant(scope).await?;
    let ics = calendar_in(&tx, AuditorId(link.auditor_id)).await?;
    tx.commit().await?;
    Ok(Some(ics))
}
