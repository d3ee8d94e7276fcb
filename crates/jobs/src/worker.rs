//! The outbox dispatcher: claims due rows of every tenant, renders, sends, records.

use crate::mailer::{Mailer, Outgoing, SendError};
use crate::templates::MailRenderer;
use certa_domain::TenantId;
use certa_i18n::Lang;
use certa_service::Ctx;
use certa_service::mail::Mail;
use certa_store::repo::{now, outbox, tenants};
use certa_store::{SystemAccess, TenantScope};
use std::sync::Arc;
use std::time::Duration;

/// How long after a daily round that left jobs undone (failed, or held by another
/// worker) the next one tries again.
const DAILY_RETRY: Duration = Duration::from_secs(60);

/// Dispatcher tuning.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// How often to look for due rows when nothing rings the bell.
    pub poll_interval: Duration,
    /// Rows claimed per round.
    pub batch_size: u64,
    /// A claimed row is leased for this long; if the worker dies it comes back after.
    pub lease: Duration,
    /// Attempts before a transiently failing mail is marked dead.
    pub max_attempts: i32,
    /// First retry delay; doubled at every attempt, capped at [`WorkerSettings::retry_cap`].
    pub retry_base: Duration,
    /// Longest retry delay.
    pub retry_cap: Duration,
    /// How long sent mail that belongs to no tenant (password resets) is kept; a
    /// tenant's own mail follows its `outbox_retention_days` setting.
    pub global_retention: Duration,
    /// How often sent mail past its retention is purged.
    pub purge_interval: Duration,
    /// At shutdown, how long the worker may take to finish the mail it is sending (or the
    /// daily job under way) before it gives up on it and releases what it holds.
    pub shutdown_grace: Duration,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(5),
            batch_size: 20,
            lease: Duration::from_secs(300),
            max_attempts: 10,
            retry_base: Duration::from_secs(30),
            retry_cap: Duration::from_secs(3600),
            global_retention: Duration::from_secs(
                u64::from(certa_domain::settings::DEFAULT_OUTBOX_RETENTION_DAYS) * 86_400,
            ),
            purge_interval: Duration::from_secs(3600),
            shutdown_grace: Duration::from_secs(20),
        }
    }
}

/// What a purge of old outbox rows deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Rows of tenants.
    pub tenant_rows: u64,
    /// Rows of no tenant.
    pub global_rows: u64,
}

/// What a running worker holds, and whether it was asked to stop: shared by its loop and
/// [`Worker::run`], which releases the holdings of a loop it had to abandon.
struct Running {
    stop: tokio::sync::watch::Receiver<bool>,
    /// The lease of the batch being sent.
    batch: std::sync::Mutex<Option<uuid::Uuid>>,
    /// The daily run's steering (its stop, and the job it holds).
    daily: certa_service::reminders::Steering,
}

impl Running {
    fn stopping(&self) -> bool {
        *self.stop.borrow()
    }

    fn hold_batch(&self, lease: Option<uuid::Uuid>) {
        if let Ok(mut b) = self.batch.lock() {
            *b = lease;
        }
    }
}

/// The dispatcher.
#[derive(Clone)]
pub struct Worker {
    ctx: Ctx,
    mailer: Mailer,
    renderer: Arc<MailRenderer>,
    settings: WorkerSettings,
}

/// Exponential backoff: `base * 2^(attempt-1)`, capped.
pub fn backoff(settings: &WorkerSettings, attempt: i32) -> Duration {
    let exp = u32::try_from(attempt.saturating_sub(1).clamp(0, 20)).unwrap_or(0);
    settings
        .retry_base
        .saturating_mul(2u32.saturating_pow(exp))
        .min(settings.retry_cap)
}

impl Worker {
    /// Builds a dispatcher.
    pub fn new(ctx: Ctx, mailer: Mailer, renderer: MailRenderer, settings: WorkerSettings) -> Self {
        Self {
            ctx,
            mailer,
            renderer: Arc::new(renderer),
            settings,
        }
    }

    /// Runs until `shutdown` resolves: a round, then wait for the bell or the poll timer.
    ///
    /// Then it stops gracefully: the mail being sent (or the daily job under way) is
    /// finished and recorded, the rest of its batch is released (due again at once for
    /// any other worker rather than when its lease would end) and no further work starts.
    /// Past [`WorkerSettings::shutdown_grace`] it gives up on the work under way and
    /// releases what it holds all the same.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let running = Running {
            stop: stop_rx,
            batch: std::sync::Mutex::new(None),
            daily: certa_service::reminders::Steering::new(),
        };
        tracing::info!("outbox worker started");
        let mut work = Box::pin(self.work(&running));
        tokio::pin!(shutdown);
        tokio::select! {
            () = &mut work => {
                tracing::info!("outbox worker stopped");
                return;
            }
            () = &mut shutdown => {}
        }
        tracing::info!("outbox worker stopping: finishing the mail being sent");
        let _ = stop.send(true);
        running.daily.stop();
        if tokio::time::timeout(self.settings.shutdown_grace, &mut work)
            .await
            .is_err()
        {
            drop(work);
            tracing::warn!(
                grace_secs = self.settings.shutdown_grace.as_secs(),
                "outbox worker out of time at shutdown: giving up the work under way and releasing its leases"
            );
            self.release_abandoned(&running).await;
        }
        tracing::info!("outbox worker stopped");
    }

    /// Releases the leases of work abandoned at shutdown: the batch being sent and the
    /// daily job under way. Failures are logged (the leases then end on their own).
    async fn release_abandoned(&self, running: &Running) {
        let batch = running.batch.lock().ok().and_then(|mut b| b.take());
        if let Some(lease) = batch {
            match self.release(lease).await {
                Ok(n) => tracing::info!(rows = n, "abandoned outbox rows released"),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot release abandoned outbox rows; they come back when their lease ends")
                }
            }
        }
        match running.daily.release_held(&self.ctx).await {
            Ok(true) => tracing::info!("abandoned daily job released"),
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(error = ?e.to_string(), "cannot release the abandoned daily job; it comes back when its lease ends")
            }
        }
    }

    /// Gives back the rows still leased under `lease`.
    async fn release(&self, lease: uuid::Uuid) -> Result<u64, certa_store::StoreError> {
        let sys = self.ctx.db.system().await?;
        let n = outbox::release(&sys, lease).await?;
        sys.commit().await?;
        Ok(n)
    }

    /// The worker's loop, until `running` is told to stop.
    async fn work(&self, running: &Running) {
        let mut reminders_checked: Option<chrono::NaiveDate> = None;
        let mut purged_at: Option<tokio::time::Instant> = None;
        let mut daily_retry_at = tokio::time::Instant::now();
        let mut stop = running.stop.clone();
        loop {
            if running.stopping() {
                break;
            }
            if purged_at.is_none_or(|at| at.elapsed() >= self.settings.purge_interval) {
                purged_at = Some(tokio::time::Instant::now());
                match self.purge().await {
                    Ok(p) => tracing::info!(
                        tenant_rows = p.tenant_rows,
                        global_rows = p.global_rows,
                        "old outbox rows purged"
                    ),
                    Err(e) => tracing::error!(error = %e, "outbox purge failed; retried later"),
                }
            }
            // The daily jobs, per tenant: each round until every tenant's jobs of the day
            // are done (see `certa_service::reminders`); what failed, or what another
            // worker holds, is tried again a little later.
            let today = chrono::Utc::now().date_naive();
            if reminders_checked != Some(today) && tokio::time::Instant::now() >= daily_retry_at {
                match certa_service::reminders::run_daily_steered(&self.ctx, today, &running.daily)
                    .await
                {
                    Ok(r) => {
                        if r.mails > 0 || r.purged > 0 || r.stale_uploads > 0 {
                            tracing::info!(
                                tenants = r.tenants,
                                due = r.due,
                                overdue = r.overdue,
                                qualifications = r.qualifications,
                                mails = r.mails,
                                purged = r.purged,
                                "daily jobs ran"
                            );
                        }
                        if r.settled() {
                            reminders_checked = Some(today);
                        } else {
                            daily_retry_at = tokio::time::Instant::now() + DAILY_RETRY;
                        }
                    }
                    Err(e) => {
                        daily_retry_at = tokio::time::Instant::now() + DAILY_RETRY;
                        tracing::error!(error = ?e.to_string(), "daily jobs failed; retried next round")
                    }
                }
            }
            if running.stopping() {
                break;
            }
            let full = match self.run_batch(Some(running)).await {
                Ok(n) => n as u64 >= self.settings.batch_size,
                Err(e) => {
                    tracing::error!(error = %e, "outbox round failed");
                    false
                }
            };
            if full {
                continue;
            }
            tokio::select! {
                _ = stop.wait_for(|s| *s) => break,
                _ = self.ctx.outbox_bell.notified() => {},
                _ = tokio::time::sleep(self.settings.poll_interval) => {},
            }
        }
    }

    fn lease(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.settings.lease).unwrap_or(chrono::Duration::minutes(5))
    }

    /// Claims one batch of due rows and processes them. Returns how many were claimed.
    pub async fn run_once(&self) -> Result<usize, certa_store::StoreError> {
        self.run_batch(None).await
    }

    /// [`Worker::run_once`]; when `running` is told to stop, the row being sent is
    /// finished and the rest of the batch released.
    async fn run_batch(&self, running: Option<&Running>) -> Result<usize, certa_store::StoreError> {
        let sys = self.ctx.db.system().await?;
        let claimed = outbox::claim(&sys, self.settings.batch_size, now() + self.lease()).await?;
        sys.commit().await?;
        let n = claimed.rows.len();
        if n == 0 {
            return Ok(0);
        }
        if let Some(r) = running {
            r.hold_batch(Some(claimed.lease));
        }
        let mut outcome = Ok(());
        for row in claimed.rows {
            if running.is_some_and(Running::stopping) {
                let back = self.release(claimed.lease).await;
                match &back {
                    Ok(n) => tracing::info!(
                        rows = n,
                        "outbox worker stopping: the rest of its batch is due again for any worker"
                    ),
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot release the rest of the batch; it comes back when its lease ends")
                    }
                }
                outcome = back.map(|_| ());
                break;
            }
            if let Err(e) = self.process(row, claimed.lease).await {
                outcome = Err(e);
                break;
            }
        }
        if let Some(r) = running {
            r.hold_batch(None);
        }
        outcome.map(|()| n)
    }

    /// Deletes sent (and long dead) mail past its retention: each tenant's by its
    /// `outbox_retention_days` setting, in its own transaction (a failing tenant is
    /// logged and does not stop the others), then the mail of no tenant by
    /// [`WorkerSettings::global_retention`].
    pub async fn purge(&self) -> Result<Purged, certa_store::StoreError> {
        let mut purged = Purged::default();
        let sys = self.ctx.db.system().await?;
        let all = tenants::all(&sys).await?;
        sys.commit().await?;
        for t in all {
            match self.purge_tenant(TenantId(t.id)).await {
                Ok(n) => purged.tenant_rows += n,
                Err(e) => {
                    tracing::error!(tenant.id = %t.id, error = %e, "outbox purge of a tenant failed");
                }
            }
        }
        let keep = chrono::Duration::from_std(self.settings.global_retention)
            .unwrap_or(chrono::Duration::days(90));
        let sys = self.ctx.db.system().await?;
        purged.global_rows = outbox::purge_global(&sys, now() - keep).await?;
        sys.commit().await?;
        Ok(purged)
    }

    async fn purge_tenant(&self, tenant: TenantId) -> Result<u64, certa_service::ServiceError> {
        let tx = self
            .ctx
            .db
            .tenant(TenantScope::system(tenant, SystemAccess::Worker))
            .await?;
        let days = certa_service::settings::load(&tx)
            .await?
            .outbox_retention_days;
        let n = outbox::purge(&tx, now() - chrono::Duration::days(i64::from(days))).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The sender's brand (the certification body's name, or Certa), the name of the
    /// recipient when the body knows the address (a contact, a member of its personnel)
    /// or it is a user's (mails greet people by name), and the mail's language: the
    /// recipient's own choice when they have an account and made one, else the body's;
    /// its times are in the recipient's time zone, else the body's.
    async fn addressee(
        &self,
        tenant: Option<uuid::Uuid>,
        recipient: &str,
    ) -> Result<(String, Option<String>, Lang, chrono_tz::Tz), certa_store::StoreError> {
        let sys = self.ctx.db.system().await?;
        let body = match tenant {
            Some(t) => tenants::by_id(&sys, TenantId(t)).await?,
            None => None,
        };
        let user = match certa_domain::Email::parse(recipient) {
            Ok(e) => certa_store::repo::users::by_email(&sys, &e).await?,
            Err(_) => None,
        };
        let lang = user
            .as_ref()
            .and_then(|u| u.language.as_deref())
            .or(body.as_ref().map(|b| b.language.as_str()))
            .and_then(Lang::parse)
            .unwrap_or_default();
        let zone = user
            .as_ref()
            .and_then(|u| u.time_zone.as_deref())
            .or(body.as_ref().map(|b| b.time_zone.as_str()))
            .and_then(|z| z.parse().ok())
            .unwrap_or(chrono_tz::UTC);
        let brand = body.map(|b| b.name);
        let user = user.map(|u| u.name);
        sys.commit().await?;
        let known = match tenant {
            Some(t) => {
                let tx = self
                    .ctx
                    .db
                    .tenant(TenantScope::system(TenantId(t), SystemAccess::Worker))
                    .await?;
                let n = certa_store::repo::clients::addressee_name(&tx, recipient).await?;
                tx.commit().await?;
                n
            }
            None => None,
        };
        let name = known
            .or(user)
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
        Ok((
            brand.unwrap_or_else(|| "Certa".to_string()),
            name,
            lang,
            zone,
        ))
    }

    /// Extends the lease on one row; false when another worker holds it now.
    async fn renew(
        &self,
        id: uuid::Uuid,
        lease: uuid::Uuid,
    ) -> Result<bool, certa_store::StoreError> {
        let sys = self.ctx.db.system().await?;
        let held = outbox::renew(&sys, id, lease, now() + self.lease()).await?;
        sys.commit().await?;
        Ok(held)
    }

    /// Sends one claimed row. The lease is renewed just before the send and then every
    /// third of the lease while the SMTP server works, so a slow server does not let the
    /// lease run out and another worker send the same mail; if the lease is lost anyway
    /// (this worker stalled), the row is left to its new holder, and the outcome is
    /// recorded only while the lease is held.
    async fn process(
        &self,
        row: outbox::OutboxRow,
        lease: uuid::Uuid,
    ) -> Result<(), certa_store::StoreError> {
        if !self.renew(row.id, lease).await? {
            tracing::info!(outbox.id = %row.id, "lease taken over by another worker; skipped");
            return Ok(());
        }
        let attempt = row.attempts + 1;
        let (brand, name, lang, zone) = self.addressee(row.tenant_id, &row.recipient).await?;
        // A row that is no mail of this version, or that its templates cannot render, is
        // a dead letter at once.
        let rendered = Mail::from_row(row.kind, &row.payload)
            .map_err(|e| e.to_string())
            .and_then(|mail| {
                self.renderer
                    .render(
                        &mail,
                        &brand,
                        &self.ctx.config.public_url,
                        name.as_deref(),
                        lang,
                        zone,
                    )
                    .map(|r| (mail, r))
                    .map_err(|e| e.to_string())
            });
        // The certificate's PDF goes with the mail announcing it (rendered and stored once;
        // a failure to produce it is retried like a refused delivery).
        let pdf = match (&rendered, row.tenant_id) {
            (Ok((mail, _)), Some(tenant)) => match mail.certificate_pdf() {
                Some((certificate, revision, name)) => Some(
                    certa_service::certification::documents::store_pdf(
                        &self.ctx,
                        certa_store::TenantScope::system(
                            certa_domain::TenantId(tenant),
                            certa_store::SystemAccess::Worker,
                        ),
                        certificate,
                        revision,
                    )
                    .await
                    .map(|(bytes, _)| (name, "application/pdf".to_string(), bytes))
                    .map_err(|e| e.to_string()),
                ),
                None => None,
            },
            _ => None,
        };
        let result = match (rendered, pdf) {
            (Ok(_), Some(Err(e))) => Err(SendError::Transient(format!(
                "the certificate document is not available yet: {e}"
            ))),
            (Ok((mail, r)), pdf) => {
                let send = self.mailer.send(Outgoing {
                    id: row.id,
                    to: &row.recipient,
                    subject: &r.subject,
                    text: r.text,
                    html: r.html,
                    brand: &brand,
                    attachment: pdf.and_then(Result::ok).or_else(|| {
                        mail.calendar()
                            .map(|(ics, method)| ics_attachment(ics, method))
                    }),
                });
                tokio::pin!(send);
                let period = (self.settings.lease / 3).max(Duration::from_millis(10));
                let mut heartbeat =
                    tokio::time::interval_at(tokio::time::Instant::now() + period, period);
                loop {
                    tokio::select! {
                        r = &mut send => break r,
                        _ = heartbeat.tick() => match self.renew(row.id, lease).await {
                            Ok(true) => {}
                            Ok(false) => {
                                tracing::warn!(outbox.id = %row.id, "lease lost while sending; left to its new holder");
                                return Ok(());
                            }
                            Err(e) => tracing::warn!(outbox.id = %row.id, error = %e, "lease renewal failed"),
                        },
                    }
                }
            }
            (Err(e), _) => Err(SendError::Permanent(e)),
        };
        let sys = self.ctx.db.system().await?;
        let held = match result {
            Ok(()) => {
                let held = outbox::mark_sent(&sys, &row, lease, attempt).await?;
                if held {
                    tracing::info!(outbox.id = %row.id, mail.kind = %row.kind, attempt, "mail sent");
                }
                held
            }
            Err(SendError::Permanent(e)) => {
                tracing::warn!(outbox.id = %row.id, mail.kind = %row.kind, error = %e, "mail failed permanently");
                outbox::mark_failed(&sys, row.id, lease, attempt, &e, None).await?
            }
            Err(SendError::Transient(e)) => {
                let retry_at = (attempt < self.settings.max_attempts).then(|| {
                    now()
                        + chrono::Duration::from_std(backoff(&self.settings, attempt))
                            .unwrap_or(chrono::Duration::hours(1))
                });
                tracing::warn!(outbox.id = %row.id, mail.kind = %row.kind, attempt, error = %e, dead = retry_at.is_none(), "mail failed, will retry");
                outbox::mark_failed(&sys, row.id, lease, attempt, &e, retry_at).await?
            }
        };
        sys.commit().await?;
        if !held {
            tracing::warn!(outbox.id = %row.id, "lease lost before the outcome was recorded; left to its new holder");
        }
        Ok(())
    }
}

/// The `.ics` attachment of a mail: an invitation (`REQUEST`, also for rows enqueued
/// before the method was recorded) or a cancellation (`CANCEL`).
fn ics_attachment(ics: &str, method: Option<&str>) -> (String, String, Vec<u8>) {
    let (name, method) = match method {
        Some("CANCEL") => ("cancellation.ics", "CANCEL"),
        _ => ("invitation.ics", "REQUEST"),
    };
    (
        name.to_string(),
        format!("text/calendar; method={method}; charset=utf-8"),
        ics.as_bytes().to_vec(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancellation_is_attached_as_such() {
        let (name, ct, _) = ics_attachment("BEGIN:VCALENDAR", Some("CANCEL"));
        assert_eq!(name, "cancellation.ics");
        assert_eq!(ct, "text/calendar; method=CANCEL; charset=utf-8");
        for method in [None, Some("REQUEST"), Some("other")] {
            let (name, ct, _) = ics_attachment("BEGIN:VCALENDAR", method);
            assert_eq!(name, "invitation.ics");
            assert_eq!(ct, "text/calendar; method=REQUEST; charset=utf-8");
        }
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let s = WorkerSettings {
            retry_base: Duration::from_secs(30),
            retry_cap: Duration::from_secs(3600),
            ..Default::default()
        };
        assert_eq!(backoff(&s, 1), Duration::from_secs(30));
        assert_eq!(backoff(&s, 2), Duration::from_secs(60));
        assert_eq!(backoff(&s, 4), Duration::from_secs(240));
        assert_eq!(backoff(&s, 9), Duration::from_secs(3600));
        assert_eq!(backoff(&s, 1000), Duration::from_secs(3600));
    }
}
