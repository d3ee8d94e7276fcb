//! Verification analytics: the public look-ups a certification body should hear about
//! (ISO/IEC 17021-1 8.1.3 and 8.3: enquiries about its certificates, and misuse of them),
//! counted per day for the body's administrators.
//!
//! - Each look-up by number notes, in this process's memory and without a statement, a
//!   number no body holds, or a suspended or withdrawn certificate ([`LookupLog::note`]);
//!   of the verifier only the network of its address is kept (a /24 or /48).
//! - [`flush`] (every few seconds, from the server) attributes each unknown number to the
//!   body whose certificate it is one character away from (`look_alike`), or whose numbers
//!   it is numbered like (`unknown`), drops the others (they concern no body), and adds the
//!   counts to each body's table in its own transaction.
//! - A body whose look-ups of a day reach its threshold
//!   (`certificates.verification_alert_per_day`) has its administrators mailed, once that
//!   day.
//! - Memory is bounded: at most [`MAX_PENDING`] numbers wait for a flush; beyond that new
//!   ones are not counted until the next flush.

use crate::{Ctx, Principal, ServiceError};
use certa_domain::public::{LookupKind, network_of, one_edit_apart};
use certa_domain::{Action, ErrorCode, TenantId};
use certa_store::repo::verification::{self as repo, Counted, Tally};
use certa_store::{SystemAccess, TenantScope};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Most distinct numbers waiting for a flush.
pub const MAX_PENDING: usize = 10_000;
/// How often the server flushes.
pub const FLUSH_EVERY: Duration = Duration::from_secs(10);
/// Candidates read to attribute one unknown number.
const CANDIDATES: u64 = 5_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    tenant: Option<uuid::Uuid>,
    day: NaiveDate,
    kind: LookupKind,
    number: String,
}

#[derive(Debug, Clone, Default)]
struct Pending {
    lookups: i64,
    network: Option<String>,
}

/// The look-ups noted since the last flush (see the module documentation).
#[derive(Clone, Default)]
pub struct LookupLog {
    pending: Arc<Mutex<HashMap<Key, Pending>>>,
}

impl std::fmt::Debug for LookupLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LookupLog(…)")
    }
}

impl LookupLog {
    /// Notes one look-up: of a number no body holds (`tenant` none, kind unknown), or of a
    /// suspended or withdrawn certificate of `tenant`.
    pub fn note(
        &self,
        tenant: Option<uuid::Uuid>,
        kind: LookupKind,
        number: &str,
        ip: Option<IpAddr>,
    ) {
        let Ok(mut pending) = self.pending.lock() else {
            return;
        };
        let key = Key {
            tenant,
            day: chrono::Utc::now().date_naive(),
            kind,
            number: number.to_string(),
        };
        if pending.len() >= MAX_PENDING && !pending.contains_key(&key) {
            return;
        }
        let p = pending.entry(key).or_default();
        p.lookups += 1;
        if let Some(ip) = ip {
            p.network = Some(network_of(ip));
        }
    }

    fn take(&self) -> HashMap<Key, Pending> {
        self.pending
            .lock()
            .map(|mut p| std::mem::take(&mut *p))
            .unwrap_or_default()
    }
}

/// The start and end an unknown number is compared by: up to its first dash (the body's
/// prefix), or its first three characters; and its last five characters.
fn ends(number: &str) -> (String, String) {
    let chars: Vec<char> = number.chars().collect();
    let start: String = match chars.iter().position(|c| *c == '-') {
        Some(i) if i >= 2 => chars[..=i].iter().collect(),
        _ => chars.iter().take(3).collect(),
    };
    let end: String = chars[chars.len().saturating_sub(5)..].iter().collect();
    (start, end)
}

/// What [`flush`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flushed {
    /// Counts written, over all bodies.
    pub tallies: usize,
    /// Unknown numbers that concern no body, dropped.
    pub unattributed: usize,
    /// Alert mails enqueued.
    pub alerts: usize,
}

/// Writes the look-ups noted so far to the bodies they concern (see the module
/// documentation). Safe to run in several processes at once: counts are added.
pub async fn flush(ctx: &Ctx) -> Result<Flushed, ServiceError> {
    let pending = ctx.lookup_log.take();
    let mut out = Flushed::default();
    let mut per_tenant: HashMap<uuid::Uuid, Vec<Tally>> = HashMap::new();
    for (key, p) in pending {
        let tally = |kind: LookupKind, near: Option<String>| Tally {
            day: key.day,
            kind: kind.as_str().to_string(),
            number: key.number.clone(),
            near_number: near,
            lookups: p.lookups,
            network: p.network.clone(),
        };
        if let Some(t) = key.tenant {
            per_tenant.entry(t).or_default().push(tally(key.kind, None));
            continue;
        }
        let (start, end) = ends(&key.number);
        let candidates =
            certa_store::repo::public::numbers_near(&ctx.db, &start, &end, CANDIDATES).await?;
        if let Some((t, near)) = candidates
            .iter()
            .find(|(_, n)| one_edit_apart(n, &key.number))
        {
            per_tenant
                .entry(*t)
                .or_default()
                .push(tally(LookupKind::LookAlike, Some(near.clone())));
            continue;
        }
        let mut owners: Vec<uuid::Uuid> = candidates
            .iter()
            .filter(|(_, n)| start.chars().count() >= 3 && n.starts_with(&start))
            .map(|(t, _)| *t)
            .collect();
        owners.sort_unstable();
        owners.dedup();
        if owners.is_empty() {
            out.unattributed += 1;
        }
        for t in owners {
            per_tenant
                .entry(t)
                .or_default()
                .push(tally(LookupKind::Unknown, None));
        }
    }
    for (tenant, tallies) in per_tenant {
        out.tallies += tallies.len();
        let tx = ctx
            .db
            .tenant(TenantScope::system(TenantId(tenant), SystemAccess::Worker))
            .await?;
        let days: Vec<NaiveDate> = tallies.iter().map(|t| t.day).collect();
        repo::add(&tx, tallies).await?;
        if let Some(day) = days.into_iter().max() {
            out.alerts += alert_if_busy(&tx, day).await?;
        }
        tx.commit().await?;
        ctx.ring();
    }
    Ok(out)
}

/// Mails the body's administrators once on `day` when its look-ups that day reached its
/// threshold (`certificates.verification_alert_per_day`, 0 for never); answers the mails
/// enqueued.
async fn alert_if_busy(tx: &certa_store::TenantTx, day: NaiveDate) -> Result<usize, ServiceError> {
    let settings = crate::settings::load(tx).await?;
    let threshold = settings.certificates.verification_alert_per_day;
    if threshold == 0 {
        return Ok(0);
    }
    let total = repo::total_on(tx, day).await?;
    if total < i64::from(threshold) {
        return Ok(0);
    }
    let day_text = day.to_string();
    if !certa_store::repo::settings::claim_reminder(
        tx,
        crate::mail::MailKind::VerificationBurst,
        "verification",
        &day_text,
    )
    .await?
    {
        return Ok(0);
    }
    let rows = repo::recent(tx, day, 5).await?;
    let body_name = certa_store::repo::tenants::by_id(tx, tx.tenant())
        .await?
        .map(|t| t.name)
        .unwrap_or_default();
    let mail = crate::mail::Mail::VerificationBurst {
        body_name,
        day: super::long_date(day),
        lookups: total,
        threshold,
        top: rows
            .iter()
            .map(|r| {
                let what = LookupKind::parse(&r.kind)
                    .map_or_else(|| r.kind.clone(), |k| k.label().to_string());
                match &r.near_number {
                    Some(near) => format!("{} ({what}, resembles {near}): {}", r.number, r.lookups),
                    None => format!("{} ({what}): {}", r.number, r.lookups),
                }
            })
            .collect(),
    };
    let admins = crate::reminders::emails_allowed(tx, Action::ManageSettings).await?;
    for a in &admins {
        crate::mail::enqueue(tx, a, &mail).await?;
    }
    Ok(admins.len())
}

/// Flushes every [`FLUSH_EVERY`] for as long as the process serves; a failed flush is
/// logged (its counts are lost, the next one goes on).
pub async fn flush_every(ctx: Ctx) {
    loop {
        tokio::time::sleep(FLUSH_EVERY).await;
        if let Err(e) = flush(&ctx).await {
            tracing::warn!(error = %e, "verification look-ups not recorded");
        }
    }
}

/// Longest period the page and the API show, in days.
pub const MAX_DAYS: u32 = 90;

/// The body's counted look-ups of the last `days` days (1–[`MAX_DAYS`]), for its
/// administrators: newest day first, most look-ups first, at most 500.
pub async fn recent(ctx: &Ctx, p: &Principal, days: u32) -> Result<Vec<Counted>, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    if !(1..=MAX_DAYS).contains(&days) {
        return Err(ServiceError::Invalid {
            field: "days",
            code: ErrorCode::InvalidNumber,
            message: format!("days must be 1-{MAX_DAYS}"),
        });
    }
    let since = chrono::Utc::now().date_naive() - chrono::Duration::days(i64::from(days) - 1);
    let tx = ctx.db.tenant(t.scope()).await?;
    let rows = repo::recent(&tx, since, 500).await?;
    tx.commit().await?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_numbers_are_compared_by_their_prefix_and_their_end() {
        assert_eq!(
            ends("DCB-42001-00003"),
            ("DCB-".to_string(), "00003".to_string())
        );
        assert_eq!(ends("X-12"), ("X-1".to_string(), "X-12".to_string()));
        assert_eq!(ends("ABCDEF"), ("ABC".to_string(), "BCDEF".to_string()));
    }

    #[test]
    fn notes_are_counted_and_bounded() {
        let log = LookupLog::default();
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        log.note(None, LookupKind::Unknown, "A-1", Some(ip));
        log.note(None, LookupKind::Unknown, "A-1", None);
        let taken = log.take();
        assert_eq!(taken.len(), 1);
        let p = taken.values().next().unwrap();
        assert_eq!(p.lookups, 2);
        assert_eq!(p.network.as_deref(), Some("203.0.113.0/24"));
        assert!(log.take().is_empty());
        for i in 0..MAX_PENDING + 5 {
            log.note(None, LookupKind::Unknown, &format!("N-{i}"), None);
        }
        assert_eq!(log.take().len(), MAX_PENDING);
    }
}
