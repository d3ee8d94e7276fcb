use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::month::Month;
use certa_domain::{Action, AuditorId};
use certa_store::repo::audits::{self, CalendarAudit, CalendarMember};
use certa_store::repo::personnel;

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

pub(crate) fn with_teams(
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
    let tx = ctx.db.tenant(t.scope()).await?;
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let rec = personnel::by_id(&tx, auditor)
        .await?
        .ok_or(ServiceError::not_found(
            "auditor",
            ErrorCode::AuditorNotFound,
        ))?;
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

/// The signed-in member's own coming audits (as lead or member), from today on for
/// `days`, by start date, with their role; empty when they have no personnel record.
/// Cancelled audits are left out. A constant number of statements.
pub async fn my_next_audits(
    ctx: &Ctx,
    p: &Principal,
    days: i64,
) -> Result<Vec<MonthAudit>, ServiceError> {
    let t = p.authorize(Action::ConductAudits)?;
    let today = chrono::Utc::now().date_naive();
    let (from, to) = (
        today.to_string(),
        (today + chrono::Duration::days(days)).to_string(),
    );
    let tx = ctx.db.tenant(t.scope()).await?;
    let Some(me) = personnel::by_membership(&tx, t.membership_id()).await? else {
        tx.commit().await?;
        return Ok(Vec::new());
    };
    let me = AuditorId(me.id);
    let list = audits::overlapping(&tx, &from, &to, Some(me)).await?;
    let own = audits::team_overlapping(&tx, &from, &to, Some(me)).await?;
    tx.commit().await?;
    let mut out = with_teams(Month::of(today), list, own).audits;
    out.retain(|a| *a.audit.status != certa_domain::audit_status::AuditStatus::Cancelled);
    out.sort_by(|a, b| a.audit.starts_on.cmp(&b.audit.starts_on));
    Ok(out)
}

/// Coming audits whose proposed team waits for confirmation (within a year), by start
/// date: the programme manager's work.
pub async fn proposals_waiting(
    ctx: &Ctx,
    p: &Principal,
) -> Result<Vec<CalendarAudit>, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let today = chrono::Utc::now().date_naive();
    let (from, to) = (
        today.to_string(),
        (today + chrono::Duration::days(365)).to_string(),
    );
    let tx = ctx.db.tenant(t.scope()).await?;
    let mut list = audits::overlapping(&tx, &from, &to, None).await?;
    tx.commit().await?;
    list.retain(|a| *a.status == certa_domain::audit_status::AuditStatus::TeamProposed);
    list.sort_by(|a, b| a.starts_on.cmp(&b.starts_on));
    Ok(list)
}

/// The audits whose team has objections the client raised and nobody resolved yet, with
/// how many: their confirmation is blocked until each is upheld or dismissed.
pub async fn open_objections(
    ctx: &Ctx,
    p: &Principal,
) -> Result<std::collections::HashMap<uuid::Uuid, i64>, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let counts = audits::open_objection_counts(&tx).await?;
    tx.commit().await?;
    Ok(counts.into_iter().collect())
}

/// Audits per month, held and planned, from `back` months ago to `ahead` months on (the
/// programme manager's chart). Cancelled audits are left out. One statement.
pub async fn monthly_load(
    ctx: &Ctx,
    p: &Principal,
    back: u32,
    ahead: u32,
) -> Result<Vec<certa_domain::month::MonthLoad>, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let today = chrono::Utc::now().date_naive();
    let mut first = Month::of(today);
    for _ in 0..back {
        first = first.previous();
    }
    let mut last = Month::of(today);
    for _ in 0..ahead {
        last = last.next();
    }
    let (from, to) = (first.first_day().to_string(), last.last_day().to_string());
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = audits::overlapping(&tx, &from, &to, None).await?;
    tx.commit().await?;
    let dates: Vec<_> = list
        .iter()
        .filter_map(|a| {
            let s = a.starts_on.parse().ok()?;
            let e = a.ends_on.parse().ok()?;
            Some((
                s,
                e,
                *a.status == certa_domain::audit_status::AuditStatus::Cancelled,
            ))
        })
        .collect();
    Ok(certa_domain::month::monthly_load(
        &dates, today, back, ahead,
    ))
}

/// The audits of a client, the latest first (the client file's list).
pub async fn of_client(
    ctx: &Ctx,
    p: &Principal,
    client: certa_domain::ClientId,
) -> Result<Vec<audits::ScheduledAudit>, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = audits::of_client(&tx, client.0).await?;
    tx.commit().await?;
    Ok(list)
}
