//! The daily reminders (run by the worker through the outbox): surveillance and
//! recertification audits due in 90, 60 and 30 days (ISO/IEC 17021-1 9.6.2: surveillance
//! at least once a calendar year, the first within 12 months of the decision), audits
//! overdue, and qualifications expiring within 60 days (17021-1 7.1.2: competence is
//! kept current).
//!
//! Safe with several workers: a worker first claims the day's run in a global register
//! (one row per job and day; only the first insert wins), and every reminder is claimed
//! per tenant, kind and subject in the same transaction that enqueues its mail, so even
//! two runs of the same day never send a reminder twice. A run that dies halfway is
//! completed by the next day's run: reminders are chosen by window ("due within 60
//! days"), not by exact day.

use crate::{Ctx, ServiceError};
use certa_domain::{Action, ClientId, RoleSet, TenantId};
use certa_store::TenantTx;
use certa_store::repo::{applications, clients, memberships, personnel, settings, tenants};
use chrono::NaiveDate;
use serde_json::json;

/// Reminder tiers before a due date, in days.
pub const DUE_TIERS: [i64; 3] = [30, 60, 90];
/// Days before a qualification's end when its holder and the schedulers are told.
pub const QUALIFICATION_NOTICE_DAYS: i64 = 60;
/// The job's name in the run register.
pub const JOB: &str = "daily_reminders";

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub tenants: usize,
    pub due: usize,
    pub overdue: usize,
    pub qualifications: usize,
    /// Nonconformity answers due soon or overdue.
    pub nonconformities: usize,
    /// Direct uploads never completed, removed.
    pub stale_uploads: usize,
    /// Files of evidence withdrawn longer ago than the retention period, deleted.
    pub purged: usize,
    /// Mails enqueued.
    pub mails: usize,
}

/// The tier a due date falls in: the smallest of 30/60/90 days that is at least the days
/// left; `None` beyond 90 days or when overdue.
pub fn due_tier(days_left: i64) -> Option<i64> {
    if days_left < 0 {
        return None;
    }
    DUE_TIERS.into_iter().find(|t| days_left <= *t)
}

async fn emails_allowed(tx: &TenantTx, action: Action) -> Result<Vec<String>, ServiceError> {
    let mut out: Vec<String> = memberships::list(tx)
        .await?
        .into_iter()
        .filter(|m| RoleSet::from_db(&m.membership.roles).is_ok_and(|r| r.allows(action)))
        .map(|m| m.user.email)
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// Members who schedule audits (programme managers).
pub async fn schedulers(tx: &TenantTx) -> Result<Vec<String>, ServiceError> {
    emails_allowed(tx, Action::ScheduleAudits).await
}

/// Runs the day's reminders once across all workers: `None` when another worker (or an
/// earlier round of this one) already claimed `today`.
pub async fn run_daily(ctx: &Ctx, today: NaiveDate) -> Result<Option<Report>, ServiceError> {
    let g = ctx.db.global().await?;
    let claimed = settings::claim_run(&g, JOB, &today.to_string()).await?;
    g.commit().await?;
    if !claimed {
        return Ok(None);
    }
    send_due(ctx, today).await.map(Some)
}

/// Sends every reminder due on `today` that was not sent yet, tenant by tenant.
pub async fn send_due(ctx: &Ctx, today: NaiveDate) -> Result<Report, ServiceError> {
    let g = ctx.db.global().await?;
    let all = tenants::all(&g).await?;
    g.commit().await?;
    let mut report = Report::default();
    for t in all {
        let tx = ctx.db.tenant(TenantId(t.id)).await?;
        for_tenant(&tx, today, &mut report).await?;
        report.stale_uploads += crate::evidence::sweep_stale_uploads(ctx, &tx).await?;
        let end_of_day = today
            .and_hms_opt(23, 59, 59)
            .map_or_else(chrono::Utc::now, |t| t.and_utc());
        report.purged += crate::evidence::purge_withdrawn(ctx, &tx, end_of_day).await?;
        tx.commit().await?;
        report.tenants += 1;
    }
    if report.mails > 0 {
        ctx.ring();
    }
    Ok(report)
}

async fn enqueue_all(
    tx: &TenantTx,
    kind: &str,
    to: &[String],
    payload: &serde_json::Value,
    report: &mut Report,
) -> Result<(), ServiceError> {
    for r in to {
        certa_store::repo::outbox::enqueue(tx, kind, r, payload.clone()).await?;
        report.mails += 1;
    }
    Ok(())
}

async fn for_tenant(
    tx: &TenantTx,
    today: NaiveDate,
    report: &mut Report,
) -> Result<(), ServiceError> {
    let day = today.to_string();
    let staff = schedulers(tx).await?;
    let horizon = (today + chrono::Duration::days(DUE_TIERS[2])).to_string();
    for (entry, programme) in applications::due_until(tx, &horizon, 100_000).await? {
        let Some(due) = entry
            .due_by
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        let days_left = (due - today).num_days();
        let client = clients::by_id(tx, ClientId(programme.client_id)).await?;
        let client_name = client
            .as_ref()
            .map(|c| c.legal_name.clone())
            .unwrap_or_default();
        let payload = |for_staff: bool| {
            json!({"client_name": client_name, "kind": entry.kind.replace('_', " "),
                "due_by": due.to_string(), "days_left": days_left, "programme_id": programme.id,
                "for_staff": for_staff})
        };
        if days_left < 0 {
            let key = format!("{}:{}", entry.id, due);
            if settings::claim_reminder(tx, crate::mail::AUDIT_OVERDUE, &key, &day).await? {
                enqueue_all(
                    tx,
                    crate::mail::AUDIT_OVERDUE,
                    &staff,
                    &payload(true),
                    report,
                )
                .await?;
                report.overdue += 1;
            }
            continue;
        }
        let cycle = matches!(
            entry.kind.as_str(),
            "surveillance_1" | "surveillance_2" | "recertification"
        );
        let Some(tier) = due_tier(days_left).filter(|_| cycle) else {
            continue;
        };
        let key = format!("{}:{}:{tier}", entry.id, due);
        if !settings::claim_reminder(tx, crate::mail::SURVEILLANCE_DUE, &key, &day).await? {
            continue;
        }
        enqueue_all(
            tx,
            crate::mail::SURVEILLANCE_DUE,
            &staff,
            &payload(true),
            report,
        )
        .await?;
        if let Some(c) = &client {
            let contacts: Vec<String> = clients::contacts(tx, ClientId(c.id))
                .await?
                .into_iter()
                .filter(|k| k.receives_mail)
                .map(|k| k.email)
                .collect();
            enqueue_all(
                tx,
                crate::mail::SURVEILLANCE_DUE,
                &contacts,
                &payload(false),
                report,
            )
            .await?;
        }
        report.due += 1;
    }
    // Nonconformity answers due in 7 days, in 1 day, and overdue (domain reference §7.4).
    let nc_horizon = (today + chrono::Duration::days(7)).to_string();
    for nc in certa_store::repo::fieldwork::ncs_awaiting_client(tx, &nc_horizon).await? {
        let Ok(due) = NaiveDate::parse_from_str(&nc.response_due, "%Y-%m-%d") else {
            continue;
        };
        let days_left = (due - today).num_days();
        let (kind_key, overdue) = match certa_domain::nonconformity::reminder_tier(days_left) {
            Some(t) => (format!("{}:{due}:{t}", nc.id), false),
            None if days_left < 0 => (format!("{}:{due}:overdue", nc.id), true),
            None => continue,
        };
        if !settings::claim_reminder(tx, crate::mail::NC_RESPONSE_DUE, &kind_key, &day).await? {
            continue;
        }
        let client_name = clients::by_id(tx, ClientId(nc.client_id))
            .await?
            .map(|c| c.legal_name)
            .unwrap_or_default();
        let payload = json!({"client_name": client_name, "number": nc.number, "grade": nc.grade,
            "reference": nc.reference, "statement": nc.statement, "response_due": nc.response_due,
            "days_left": days_left, "overdue": overdue, "nc_id": nc.id});
        let mut to = crate::fieldwork::client_recipients(tx, nc.client_id).await?;
        if overdue {
            to.extend(staff.iter().cloned());
        }
        enqueue_all(tx, crate::mail::NC_RESPONSE_DUE, &to, &payload, report).await?;
        report.nonconformities += 1;
    }
    let until = (today + chrono::Duration::days(QUALIFICATION_NOTICE_DAYS)).to_string();
    let keepers = emails_allowed(tx, Action::ManagePersonnel).await?;
    for (q, holder) in personnel::qualifications_expiring(tx, &day, &until).await? {
        let Some(end) = q
            .valid_until
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        let key = format!("{}:{end}", q.id);
        if !settings::claim_reminder(tx, crate::mail::QUALIFICATION_EXPIRING, &key, &day).await? {
            continue;
        }
        let mut to = keepers.clone();
        to.push(holder.email.clone());
        to.sort();
        to.dedup();
        let payload = json!({"auditor_name": holder.name, "auditor_id": holder.id,
            "standard": q.standard_code, "technical_area": q.technical_area,
            "function": q.function.replace('_', " "), "valid_until": end.to_string(),
            "days_left": (end - today).num_days()});
        enqueue_all(
            tx,
            crate::mail::QUALIFICATION_EXPIRING,
            &to,
            &payload,
            report,
        )
        .await?;
        report.qualifications += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_take_the_nearest_threshold() {
        assert_eq!(due_tier(91), None);
        assert_eq!(due_tier(90), Some(90));
        assert_eq!(due_tier(61), Some(90));
        assert_eq!(due_tier(60), Some(60));
        assert_eq!(due_tier(31), Some(60));
        assert_eq!(due_tier(30), Some(30));
        assert_eq!(due_tier(0), Some(30));
        assert_eq!(due_tier(-1), None);
    }
}
