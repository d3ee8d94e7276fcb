//! The daily reminders (run by the worker through the outbox): surveillance and
//! recertification audits due in 90, 60 and 30 days (ISO/IEC 17021-1 9.6.2: surveillance
//! at least once a calendar year, the first within 12 months of the decision), audits
//! overdue, and qualifications expiring within 60 days (17021-1 7.1.2: competence is
//! kept current).
//!
//! Each tenant runs in isolation: its jobs (reminders, the sweep of abandoned uploads,
//! the purge of withdrawn evidence) run in their own transactions, and one tenant's
//! failure is logged (by tenant id) and does not stop the others. Completion is recorded
//! per tenant, job and day (`job_runs`): a worker claims a job with a lease (conditional
//! writes, so of several workers one claims it) and commits the claim before acting; a
//! failed job releases its lease and is tried again at the next round. The lease is short
//! ([`JOB_LEASE`]) and renewed while the job runs, so a job outlasting it is not taken over
//! by another worker, and the job of a worker that died is taken over a few minutes later
//! by the next round of any other. Each claim is numbered (the register's `attempts`) and
//! only its holder renews or releases it. A worker that stops runs no further job and
//! releases what it holds ([`Steering`]). Every reminder is
//! also claimed per tenant, kind and subject in the same transaction that enqueues its
//! mail, so even two runs of the same day never send a reminder twice. A run that dies
//! halfway is completed later: reminders are chosen by window ("due within 60 days"), not
//! by exact day.

use crate::mail::{Mail, MailKind, ProgrammeDue};
use crate::{Ctx, ServiceError};
use certa_domain::{Action, ClientId, RoleSet, TenantId};
use certa_store::TenantTx;
use certa_store::repo::settings::JobClaim;
use certa_store::repo::{applications, clients, memberships, personnel, settings, tenants};
use certa_store::{SystemAccess, TenantScope};
use chrono::NaiveDate;

/// Reminder tiers before a due date, in days.
pub const DUE_TIERS: [i64; 3] = [30, 60, 90];
/// Days before a qualification's end when its holder and the schedulers are told.
pub const QUALIFICATION_NOTICE_DAYS: i64 = 60;
/// The daily jobs, by their names in the run register, in the order they run.
pub const JOBS: [&str; 3] = [JOB_REMINDERS, JOB_STALE_UPLOADS, JOB_PURGE];
/// Reminders of due audits, nonconformity answers and expiring qualifications.
pub const JOB_REMINDERS: &str = "reminders";
/// Direct uploads never completed.
pub const JOB_STALE_UPLOADS: &str = "stale_uploads";
/// Files of evidence withdrawn longer ago than the retention period.
pub const JOB_PURGE: &str = "evidence_purge";
/// How long a claimed job is held before another worker may take it over (a worker that
/// died halfway); renewed every [`JOB_LEASE_RENEWAL`] while the job runs.
pub const JOB_LEASE: chrono::Duration = chrono::Duration::minutes(2);
/// How often a running job's lease is renewed.
pub const JOB_LEASE_RENEWAL: std::time::Duration = std::time::Duration::from_secs(30);
/// Days the job register keeps completed runs; older ones are forgotten when the job is
/// next claimed.
pub const JOB_REGISTER_DAYS: u64 = 30;

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
    /// Tenants with a job that failed this round (tried again at the next round).
    pub failed: Vec<TenantId>,
    /// Jobs another worker is running now (not done by this round).
    pub busy: usize,
    /// Jobs this round ran to completion.
    pub ran: usize,
    /// Jobs not started because the worker is stopping.
    pub skipped: usize,
}

impl Report {
    /// Whether every job of every tenant is done for the day (nothing failed, was left
    /// to another worker that may still die, or was skipped by a stopping worker).
    pub fn settled(&self) -> bool {
        self.failed.is_empty() && self.busy == 0 && self.skipped == 0
    }
}

/// How the worker steers its daily run from outside: [`Steering::stop`] lets the job
/// under way finish and starts no other; [`Steering::release_held`] gives back the lease
/// of a job whose run was abandoned (a worker out of time at shutdown), so another worker
/// takes it over at once rather than when the lease ends.
#[derive(Debug, Default)]
pub struct Steering {
    stopping: std::sync::atomic::AtomicBool,
    /// The job claimed and not finished: its tenant, name, day and claim number.
    held: std::sync::Mutex<Option<(TenantScope, &'static str, String, i32)>>,
}

impl Steering {
    /// Runs every job (nothing stops it).
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts no further job.
    pub fn stop(&self) {
        self.stopping
            .store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether [`Steering::stop`] was called.
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn hold(&self, held: Option<(TenantScope, &'static str, String, i32)>) {
        if let Ok(mut h) = self.held.lock() {
            *h = held;
        }
    }

    /// Releases the lease of the job that was under way when its run was abandoned, if
    /// any; answers whether there was one.
    pub async fn release_held(&self, ctx: &Ctx) -> Result<bool, ServiceError> {
        let held = self.held.lock().ok().and_then(|mut h| h.take());
        let Some((tenant, job, day, attempt)) = held else {
            return Ok(false);
        };
        let tx = ctx.db.tenant(tenant).await?;
        settings::release_job(&tx, job, &day, attempt).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// The tier a due date falls in: the smallest of 30/60/90 days that is at least the days
/// left; `None` beyond 90 days or when overdue.
pub fn due_tier(days_left: i64) -> Option<i64> {
    if days_left < 0 {
        return None;
    }
    DUE_TIERS.into_iter().find(|t| days_left <= *t)
}

pub(crate) async fn emails_allowed(
    tx: &TenantTx,
    action: Action,
) -> Result<Vec<String>, ServiceError> {
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

/// Runs the day's jobs of every tenant that are not done yet, each at most once across
/// all workers: a job is claimed (and the claim committed) before it runs, and recorded
/// completed after. Jobs that failed are released and run again by the next call; jobs
/// another worker holds are left to it ([`Report::busy`]). Errs only when the tenants
/// cannot be listed.
pub async fn run_daily(ctx: &Ctx, today: NaiveDate) -> Result<Report, ServiceError> {
    run(ctx, today, true, &Steering::new()).await
}

/// [`run_daily`], steered: once `steering` is stopped no further job starts (they are
/// counted in [`Report::skipped`]).
pub async fn run_daily_steered(
    ctx: &Ctx,
    today: NaiveDate,
    steering: &Steering,
) -> Result<Report, ServiceError> {
    run(ctx, today, true, steering).await
}

/// Sends every reminder due on `today` that was not sent yet and runs the sweeps, tenant
/// by tenant, whether or not the day's jobs already ran (the command line's
/// `send-reminders`). Tenants run in isolation as in [`run_daily`].
pub async fn send_due(ctx: &Ctx, today: NaiveDate) -> Result<Report, ServiceError> {
    run(ctx, today, false, &Steering::new()).await
}

async fn run(
    ctx: &Ctx,
    today: NaiveDate,
    register: bool,
    steering: &Steering,
) -> Result<Report, ServiceError> {
    let g = ctx.db.global().await?;
    let all = tenants::all(&g).await?;
    g.commit().await?;
    let mut report = Report::default();
    for t in all {
        let tenant = TenantId(t.id);
        let scope = TenantScope::system(tenant, SystemAccess::Worker);
        let mut failed = false;
        for job in JOBS {
            if steering.is_stopping() {
                report.skipped += 1;
                continue;
            }
            if let Err(e) = run_job(ctx, scope, job, today, register, steering, &mut report).await {
                failed = true;
                tracing::error!(
                    tenant.id = %tenant.0,
                    job,
                    day = %today,
                    error = ?e.to_string(),
                    "daily job failed for a tenant; the other tenants go on, it is tried again next round"
                );
            }
        }
        if failed {
            report.failed.push(tenant);
        }
        report.tenants += 1;
    }
    if report.mails > 0 {
        ctx.ring();
    }
    Ok(report)
}

/// One job of one tenant: claim (committed), act while renewing the lease, record
/// completion. On failure the claim is released (in a new transaction) so the next round
/// tries again.
async fn run_job(
    ctx: &Ctx,
    tenant: TenantScope,
    job: &'static str,
    today: NaiveDate,
    register: bool,
    steering: &Steering,
    report: &mut Report,
) -> Result<(), ServiceError> {
    let day = today.to_string();
    let mut attempt = None;
    if register {
        let tx = ctx.db.tenant(tenant).await?;
        let claim =
            settings::claim_job(&tx, job, &day, certa_store::repo::now() + JOB_LEASE).await?;
        if matches!(claim, JobClaim::Claimed { .. })
            && let Some(keep_from) = today.checked_sub_days(chrono::Days::new(JOB_REGISTER_DAYS))
        {
            settings::forget_jobs_before(&tx, job, &keep_from.to_string()).await?;
        }
        tx.commit().await?;
        match claim {
            JobClaim::Claimed { attempt: a } => attempt = Some(a),
            JobClaim::Done => return Ok(()),
            JobClaim::Busy => {
                report.busy += 1;
                return Ok(());
            }
        }
    }
    if let Some(a) = attempt {
        steering.hold(Some((tenant, job, day.clone(), a)));
    }
    let mut part = Report::default();
    let outcome = {
        let work = act(ctx, tenant, job, today, register, &mut part);
        match attempt {
            Some(a) => renewing(ctx, tenant, job, &day, a, work).await,
            None => work.await,
        }
    };
    steering.hold(None);
    match outcome {
        Ok(()) => {
            report.due += part.due;
            report.overdue += part.overdue;
            report.qualifications += part.qualifications;
            report.nonconformities += part.nonconformities;
            report.stale_uploads += part.stale_uploads;
            report.purged += part.purged;
            report.mails += part.mails;
            report.ran += 1;
            Ok(())
        }
        Err(e) => {
            if let Some(a) = attempt {
                let tx = ctx.db.tenant(tenant).await?;
                settings::release_job(&tx, job, &day, a).await?;
                tx.commit().await?;
            }
            Err(e)
        }
    }
}

/// Runs `work` while renewing the lease of the claim numbered `attempt` every
/// [`JOB_LEASE_RENEWAL`] (in transactions of their own; PostgreSQL only: on SQLite one
/// worker serves the database and its one connection is the job's). A renewal that finds
/// the lease taken over is logged; the work goes on (its steps are safe to repeat).
async fn renewing<T>(
    ctx: &Ctx,
    tenant: TenantScope,
    job: &'static str,
    day: &str,
    attempt: i32,
    work: impl std::future::Future<Output = Result<T, ServiceError>>,
) -> Result<T, ServiceError> {
    if ctx.db.backend() != certa_store::Backend::Postgres {
        return work.await;
    }
    tokio::pin!(work);
    let mut tick = tokio::time::interval_at(
        tokio::time::Instant::now() + JOB_LEASE_RENEWAL,
        JOB_LEASE_RENEWAL,
    );
    loop {
        tokio::select! {
            out = &mut work => return out,
            _ = tick.tick() => {
                let renewed = async {
                    let tx = ctx.db.tenant(tenant).await?;
                    let held = settings::renew_job(&tx, job, day, attempt, certa_store::repo::now() + JOB_LEASE).await?;
                    tx.commit().await?;
                    Ok::<bool, ServiceError>(held)
                }.await;
                match renewed {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(tenant.id = %tenant.tenant().0, job, "daily job lease taken over by another worker"),
                    Err(e) => tracing::warn!(tenant.id = %tenant.tenant().0, job, error = ?e.to_string(), "daily job lease renewal failed"),
                }
            }
        }
    }
}

async fn act(
    ctx: &Ctx,
    tenant: TenantScope,
    job: &'static str,
    today: NaiveDate,
    register: bool,
    part: &mut Report,
) -> Result<(), ServiceError> {
    let day = today.to_string();
    match job {
        JOB_REMINDERS => {
            // The reminders and the completion commit together.
            let tx = ctx.db.tenant(tenant).await?;
            for_tenant(ctx, &tx, today, part).await?;
            if register {
                settings::complete_job(&tx, job, &day).await?;
            }
            tx.commit().await?;
            return Ok(());
        }
        JOB_STALE_UPLOADS => {
            part.stale_uploads += crate::evidence::sweep_stale_uploads(ctx, tenant).await?;
        }
        _ => {
            let end_of_day = today
                .and_hms_opt(23, 59, 59)
                .map_or_else(chrono::Utc::now, |t| t.and_utc());
            part.purged += crate::evidence::purge_withdrawn(ctx, tenant, end_of_day).await?;
        }
    }
    if register {
        let tx = ctx.db.tenant(tenant).await?;
        settings::complete_job(&tx, job, &day).await?;
        tx.commit().await?;
    }
    Ok(())
}

async fn enqueue_all(
    tx: &TenantTx,
    to: &[String],
    mail: &Mail,
    report: &mut Report,
) -> Result<(), ServiceError> {
    for r in to {
        crate::mail::enqueue(tx, r, mail).await?;
        report.mails += 1;
    }
    Ok(())
}

async fn for_tenant(
    ctx: &Ctx,
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
        let payload = |for_staff: bool| ProgrammeDue {
            client_name: client_name.clone(),
            kind: entry.kind.label().to_string(),
            due_by: due.to_string(),
            days_left,
            programme_id: programme.id,
            for_staff,
        };
        if days_left < 0 {
            let key = format!("{}:{}", entry.id, due);
            if settings::claim_reminder(tx, MailKind::AuditOverdue, &key, &day).await? {
                enqueue_all(tx, &staff, &Mail::AuditOverdue(payload(true)), report).await?;
                report.overdue += 1;
            }
            continue;
        }
        let cycle = matches!(
            entry.kind,
            certa_domain::programme::EntryKind::Surveillance1
                | certa_domain::programme::EntryKind::Surveillance2
                | certa_domain::programme::EntryKind::Recertification
        );
        let Some(tier) = due_tier(days_left).filter(|_| cycle) else {
            continue;
        };
        let key = format!("{}:{}:{tier}", entry.id, due);
        if !settings::claim_reminder(tx, MailKind::SurveillanceDue, &key, &day).await? {
            continue;
        }
        enqueue_all(tx, &staff, &Mail::SurveillanceDue(payload(true)), report).await?;
        if let Some(c) = &client {
            let contacts: Vec<String> = clients::contacts(tx, ClientId(c.id))
                .await?
                .into_iter()
                .filter(|k| k.receives_mail)
                .map(|k| k.email)
                .collect();
            enqueue_all(
                tx,
                &contacts,
                &Mail::SurveillanceDue(payload(false)),
                report,
            )
            .await?;
        }
        report.due += 1;
    }
    // Certificates: expiry, expiry warnings, suspensions nearing their limit.
    crate::certification::certificates::daily(ctx, tx, today, report).await?;
    // IAF CertSearch: nothing exported for 30 days (IAF MD 28, at least monthly).
    report.mails += crate::certsearch::remind(tx, today).await?;
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
        if !settings::claim_reminder(tx, MailKind::NcResponseDue, &kind_key, &day).await? {
            continue;
        }
        let client_name = clients::by_id(tx, ClientId(nc.client_id))
            .await?
            .map(|c| c.legal_name)
            .unwrap_or_default();
        let mail = Mail::NcResponseDue {
            client_name,
            number: nc.number,
            grade: nc.grade.to_string(),
            reference: nc.reference.clone(),
            statement: nc.statement.clone(),
            response_due: nc.response_due.to_string(),
            days_left,
            overdue,
            nc_id: nc.id,
        };
        let mut to = crate::fieldwork::client_recipients(tx, nc.client_id).await?;
        if overdue {
            to.extend(staff.iter().cloned());
        }
        enqueue_all(tx, &to, &mail, report).await?;
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
        if !settings::claim_reminder(tx, MailKind::QualificationExpiring, &key, &day).await? {
            continue;
        }
        let mut to = keepers.clone();
        to.push(holder.email.clone());
        to.sort();
        to.dedup();
        let mail = Mail::QualificationExpiring {
            auditor_name: holder.name.clone(),
            auditor_id: holder.id,
            standard: q.standard_code.clone(),
            technical_area: q.technical_area.clone(),
            function: q.function.label().to_string(),
            valid_until: end.to_string(),
            days_left: (end - today).num_days(),
        };
        enqueue_all(tx, &to, &mail, report).await?;
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
