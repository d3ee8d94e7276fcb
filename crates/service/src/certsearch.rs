//! The IAF CertSearch export (IAF MD 28; domain reference 5.1): every certificate of the
//! body mapped to a CertSearch record ([`certa_domain::certsearch::map`]), a dry run that
//! lists what the body must still complete, by certificate and field, the export as JSON
//! batches of at most [`BATCH_SIZE`] records or one workbook, and an optional push of the
//! batches to the configured endpoint with the API key in the `x-http-authorization` header.
//!
//! - Administrators only ([`Action::ManageSettings`]): the export carries every client's
//!   address and the body's accreditations.
//! - The API key is stored only sealed (XChaCha20-Poly1305 under a key derived from the
//!   master secret and the tenant id); no answer shows it and nothing logs it.
//! - The push happens outside any database transaction: the records are read and the key
//!   opened in one transaction, the batches sent, the result recorded in another. It follows
//!   no redirect, has timeouts, and goes only to `https` addresses (or `http` on the
//!   loopback interface).
//! - A download and a successful push count as an export; the daily reminders tell the
//!   administrators once a month when nothing was exported for 30 days (5.1: CBs upload or
//!   update at least once a month).

use crate::mail::Mail;
use crate::{Ctx, Principal, ServiceError};
use base64::Engine as _;
use certa_domain::certsearch::{self as cs, Address, BATCH_SIZE, Missing, Record, SiteInput};
use certa_domain::{Action, ClientId, ErrorCode, TenantId};
use certa_store::TenantTx;
use certa_store::repo::audit;
use certa_store::repo::certification::{self as repo, Filter};
use certa_store::repo::certsearch as state_repo;
use certa_store::repo::{clients, settings};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use zeroize::Zeroizing;

/// Days without an export after which the administrators are reminded.
pub const REMINDER_DAYS: i64 = 30;
/// How long one request of a push may take.
pub const PUSH_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
/// How long connecting to the endpoint may take.
pub const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// The longest endpoint address.
pub const MAX_ENDPOINT: usize = 500;
/// The longest API key.
pub const MAX_API_KEY: usize = 500;

/// One certificate in the dry run: what it lacks.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HeldBack {
    pub certificate_id: uuid::Uuid,
    pub certificate_number: String,
    pub client_id: uuid::Uuid,
    pub client_name: String,
    #[schema(value_type = Vec<Object>)]
    pub missing: Vec<Missing>,
}

/// The dry run: how many records are ready and what the others lack.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DryRun {
    /// Certificates in the register.
    pub certificates: usize,
    /// Records with every mandatory field (they are exported).
    pub ready: usize,
    /// The certificates held back, each with its missing fields.
    pub problems: Vec<HeldBack>,
    /// Batches the export has (at most 100 records each).
    pub batches: usize,
}

/// One batch of the export.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Batch {
    /// The batch, from 1.
    pub batch: usize,
    pub batches: usize,
    /// Records held back because a mandatory field is missing (see the dry run).
    pub held_back: usize,
    #[schema(value_type = Vec<Object>)]
    pub records: Vec<Record>,
}

/// The body's link to CertSearch as shown: never the API key.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StateView {
    pub endpoint: Option<String>,
    /// Whether an API key is stored.
    pub api_key_set: bool,
    pub last_export_at: Option<DateTime<Utc>>,
    pub last_push_at: Option<DateTime<Utc>>,
    pub last_push_ok: Option<bool>,
    pub last_push_result: Option<String>,
}

/// What a push did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PushResult {
    pub ok: bool,
    pub batches_sent: usize,
    pub records_sent: usize,
    pub held_back: usize,
    /// What happened, in words.
    pub message: String,
}

/// A record with what it lacks.
struct Entry {
    certificate_id: uuid::Uuid,
    number: String,
    client_id: uuid::Uuid,
    client_name: String,
    record: Record,
    missing: Vec<Missing>,
}

/// Every certificate of the tenant mapped to its record, in the register's order.
async fn entries(tx: &TenantTx) -> Result<Vec<Entry>, ServiceError> {
    const CHUNK: u64 = 1000;
    let accreditations = crate::settings::load(tx).await?.certificates.accreditations;
    let filter = Filter::default();
    let mut out = Vec::new();
    let mut offset = 0;
    let mut client_cache: HashMap<uuid::Uuid, ClientData> = HashMap::new();
    loop {
        let (items, total) = repo::list(tx, &filter, offset, CHUNK).await?;
        let revisions = repo::current_revisions(tx, &items).await?;
        let n = items.len() as u64;
        for c in items {
            let content: Option<crate::certification::certificates::CertificateContent> = revisions
                .iter()
                .find(|r| r.certificate_id == c.id)
                .and_then(|r| serde_json::from_value(r.content.clone()).ok());
            let issue = revisions
                .iter()
                .find(|r| r.certificate_id == c.id)
                .map_or(c.decision_date, |r| r.issued_on);
            if let std::collections::hash_map::Entry::Vacant(e) = client_cache.entry(c.client_id) {
                e.insert(client_data(tx, c.client_id).await?);
            }
            let Some(cd) = client_cache.get(&c.client_id) else {
                continue;
            };
            let scope = content
                .as_ref()
                .map_or(c.scope.clone(), |x| x.scope.clone());
            let standards: Vec<String> = content.as_ref().map_or(c.standards.clone(), |x| {
                x.standards.iter().map(|s| s.code.clone()).collect()
            });
            let sectors: Vec<String> = cd
                .scopes
                .iter()
                .filter(|(std, _)| standards.contains(std))
                .flat_map(|(_, areas)| areas.iter().cloned())
                .collect();
            let sites = cd
                .sites
                .iter()
                .map(|(name, address, processes)| SiteInput {
                    address: address.clone(),
                    scope: content
                        .as_ref()
                        .and_then(|x| x.sites.iter().find(|s| &s.name == name))
                        .map(|s| s.scope.clone())
                        .or_else(|| processes.clone()),
                })
                .collect();
            let id = c.id.to_string();
            let client_id = c.client_id.to_string();
            let input = cs::Input {
                certificate_id: &id,
                number: &c.number,
                status: c.status,
                scope: &scope,
                standards: &standards,
                original_date: c.original_date,
                issue_date: issue,
                expiry_date: c.expiry_date,
                client_id: &client_id,
                client_name: &cd.name,
                trading_name: cd.trading_name.as_deref(),
                website: cd.website.as_deref(),
                head_office: cd.head_office.clone(),
                sites,
                sectors,
                accreditations: &accreditations,
            };
            let (record, missing) = cs::map(&input);
            out.push(Entry {
                certificate_id: c.id,
                number: c.number.clone(),
                client_id: c.client_id,
                client_name: cd.name.clone(),
                record,
                missing,
            });
        }
        offset += n;
        if n < CHUNK || offset >= total {
            break;
        }
    }
    Ok(out)
}

/// What the mapping reads of a client.
struct ClientData {
    name: String,
    trading_name: Option<String>,
    website: Option<String>,
    head_office: Address,
    /// Name, address and processes of each site.
    sites: Vec<(String, Address, Option<String>)>,
    /// Standard and technical areas of each scope.
    scopes: Vec<(String, Vec<String>)>,
}

async fn client_data(tx: &TenantTx, id: uuid::Uuid) -> Result<ClientData, ServiceError> {
    let c = clients::by_id(tx, ClientId(id)).await?;
    let sites = clients::sites(tx, ClientId(id)).await?;
    let scopes = clients::scopes(tx, ClientId(id)).await?;
    let address = |s: &clients::Site| Address {
        street: s.address.clone(),
        city: s.city.clone(),
        country: Some(s.country.clone()),
    };
    let head = sites.iter().find(|s| s.central_function).or(sites.first());
    Ok(ClientData {
        name: c.as_ref().map(|c| c.legal_name.clone()).unwrap_or_default(),
        trading_name: c.as_ref().and_then(|c| c.trading_name.clone()),
        website: c.as_ref().and_then(|c| c.website.clone()),
        head_office: head.map(address).unwrap_or_default(),
        sites: sites
            .iter()
            .map(|s| (s.name.clone(), address(s), s.processes.clone()))
            .collect(),
        scopes: scopes
            .into_iter()
            .map(|s| (s.standard_code, s.technical_areas))
            .collect(),
    })
}

fn batch_count(ready: usize) -> usize {
    ready.div_ceil(BATCH_SIZE)
}

/// The dry run (administrators): every certificate mapped, the ones with missing mandatory
/// fields listed with each field and what to complete.
pub async fn dry_run(ctx: &Ctx, p: &Principal) -> Result<DryRun, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let all = entries(&tx).await?;
    tx.commit().await?;
    let certificates = all.len();
    let problems: Vec<HeldBack> = all
        .into_iter()
        .filter(|e| !e.missing.is_empty())
        .map(|e| HeldBack {
            certificate_id: e.certificate_id,
            certificate_number: e.number,
            client_id: e.client_id,
            client_name: e.client_name,
            missing: e.missing,
        })
        .collect();
    let ready = certificates - problems.len();
    Ok(DryRun {
        certificates,
        ready,
        batches: batch_count(ready),
        problems,
    })
}

/// The records ready for upload and how many were held back, read in `tx`.
async fn ready_records(tx: &TenantTx) -> Result<(Vec<Record>, usize), ServiceError> {
    let all = entries(tx).await?;
    let total = all.len();
    let ready: Vec<Record> = all
        .into_iter()
        .filter(|e| e.missing.is_empty())
        .map(|e| e.record)
        .collect();
    let held_back = total - ready.len();
    Ok((ready, held_back))
}

/// How an export left Certa, for the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    /// One JSON batch.
    Json,
    /// The workbook.
    Xlsx,
}

/// One batch of the export (administrators), from 1; recorded as an export. 404 for a batch
/// beyond the last (an export without records has one empty batch).
pub async fn batch(ctx: &Ctx, p: &Principal, n: usize) -> Result<Batch, ServiceError> {
    let (records, held_back) = download(ctx, p, Download::Json, Some(n)).await?;
    let batches = batch_count(records.len()).max(1);
    let start = (n - 1) * BATCH_SIZE;
    let end = (start + BATCH_SIZE).min(records.len());
    Ok(Batch {
        batch: n,
        batches,
        held_back,
        records: records.get(start..end).unwrap_or_default().to_vec(),
    })
}

/// Every record ready for upload (administrators), for the workbook; recorded as an export.
/// Answers the records and how many were held back.
pub async fn all_records(ctx: &Ctx, p: &Principal) -> Result<(Vec<Record>, usize), ServiceError> {
    download(ctx, p, Download::Xlsx, None).await
}

async fn download(
    ctx: &Ctx,
    p: &Principal,
    kind: Download,
    batch: Option<usize>,
) -> Result<(Vec<Record>, usize), ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let (records, held_back) = ready_records(&tx).await?;
    if let Some(n) = batch
        && (n == 0 || n > batch_count(records.len()).max(1))
    {
        return Err(ServiceError::not_found(
            "batch",
            ErrorCode::CertsearchBatchNotFound,
        ));
    }
    let now = certa_store::repo::now();
    state_repo::exported(&tx, now).await?;
    audit::append(
        &tx,
        &p.actor(),
        "certsearch.exported",
        "certsearch",
        json!({
            "format": match kind { Download::Json => "json", Download::Xlsx => "xlsx" },
            "batch": batch,
            "records": records.len(),
            "held_back": held_back,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok((records, held_back))
}

fn view(s: state_repo::State) -> StateView {
    StateView {
        endpoint: s.endpoint,
        api_key_set: s.sealed_api_key.is_some(),
        last_export_at: s.last_export_at,
        last_push_at: s.last_push_at,
        last_push_ok: s.last_push_ok,
        last_push_result: s.last_push_result,
    }
}

/// The body's link to CertSearch (administrators), without the API key.
pub async fn state(ctx: &Ctx, p: &Principal) -> Result<StateView, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let s = state_repo::get(&tx).await?;
    tx.commit().await?;
    Ok(view(s))
}

/// A change of the link to CertSearch.
#[derive(Clone, Default)]
pub struct Configure {
    /// The upload address; empty removes it.
    pub endpoint: Option<String>,
    /// A new API key; `None` or empty keeps the stored one.
    pub api_key: Option<Zeroizing<String>>,
    /// Removes the stored API key.
    pub remove_api_key: bool,
}

impl std::fmt::Debug for Configure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Configure")
            .field("endpoint", &self.endpoint)
            .field("api_key", &self.api_key.as_ref().map(|_| "…"))
            .field("remove_api_key", &self.remove_api_key)
            .finish()
    }
}

fn invalid(field: &'static str, code: ErrorCode, message: &str) -> ServiceError {
    ServiceError::Invalid {
        field,
        code,
        message: message.to_string(),
    }
}

/// Whether `host` is the loopback interface.
fn loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Checks an endpoint address: absolute, `https` (or `http` on the loopback interface), no
/// user name or password, at most [`MAX_ENDPOINT`] characters.
pub fn check_endpoint(raw: &str) -> Result<reqwest::Url, ServiceError> {
    let bad = |m: &str| invalid("endpoint", ErrorCode::CertsearchEndpointInvalid, m);
    if raw.chars().count() > MAX_ENDPOINT {
        return Err(bad("the address has more than 500 characters"));
    }
    let url = reqwest::Url::parse(raw)
        .map_err(|_| bad("enter a full address, such as https://api.iafcertsearch.org/…"))?;
    let host = url.host_str().unwrap_or_default().to_string();
    if host.is_empty() {
        return Err(bad("the address has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("the address must not hold a user name or password"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback(&host) => Ok(url),
        _ => Err(bad("the address must start with https://")),
    }
}

fn seal_context(tenant: TenantId) -> String {
    format!("certsearch-api-key/{}", tenant.0)
}

/// Changes the link to CertSearch (administrators): the endpoint is checked, a new API key is
/// sealed before it is stored. Recorded in the audit trail (never the key).
pub async fn configure(ctx: &Ctx, p: &Principal, c: Configure) -> Result<StateView, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let endpoint = match c.endpoint.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(e) => Some(check_endpoint(e)?.to_string()),
    };
    let key = c
        .api_key
        .as_ref()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty());
    if let Some(k) = key
        && (k.chars().count() > MAX_API_KEY || k.chars().any(|ch| ch.is_control()))
    {
        return Err(invalid(
            "api_key",
            ErrorCode::CertsearchApiKeyInvalid,
            "the API key must be at most 500 characters on one line",
        ));
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    let sealed = match key {
        Some(k) => Some(Some(
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
                certa_credentials::seal_secret(
                    ctx.master_key.expose(),
                    &seal_context(tx.tenant()),
                    k.as_bytes(),
                )
                .map_err(|e| ServiceError::unexpected("cannot seal the CertSearch API key", e))?,
            ),
        )),
        None if c.remove_api_key => Some(None),
        None => None,
    };
    state_repo::configure(&tx, endpoint.clone(), sealed.clone()).await?;
    audit::append(
        &tx,
        &p.actor(),
        "certsearch.configured",
        "certsearch",
        json!({
            "endpoint": endpoint,
            "api_key": match sealed { Some(Some(_)) => "replaced", Some(None) => "removed", None => "kept" },
        }),
    )
    .await?;
    let s = state_repo::get(&tx).await?;
    tx.commit().await?;
    Ok(view(s))
}

/// Sends every batch to the configured endpoint (administrators): a `POST` of a JSON array of
/// at most 100 records per batch, with the API key in `x-http-authorization`. Outside any
/// transaction; the result is recorded (and a success counts as an export). 409
/// `certsearch_not_configured` without an endpoint and a key.
pub async fn push(ctx: &Ctx, p: &Principal) -> Result<PushResult, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let scope = t.scope();
    let tx = ctx.db.tenant(scope).await?;
    let s = state_repo::get(&tx).await?;
    let (Some(endpoint), Some(sealed)) = (s.endpoint.clone(), s.sealed_api_key.clone()) else {
        return Err(ServiceError::Conflict {
            code: ErrorCode::CertsearchNotConfigured,
            message: "enter the CertSearch address and API key first".into(),
        });
    };
    let sealed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(sealed)
        .map_err(|e| {
            ServiceError::unexpected("the sealed CertSearch API key is not base64url", e)
        })?;
    let key = certa_credentials::open_secret(
        ctx.master_key.expose(),
        &seal_context(tx.tenant()),
        &sealed,
    )
    .map_err(|e| {
        ServiceError::unexpected(
            "cannot open the CertSearch API key (is CERTA_SECRET_KEY the one it was sealed with?)",
            e,
        )
    })?;
    let (records, held_back) = ready_records(&tx).await?;
    tx.commit().await?;

    let url = check_endpoint(&endpoint)?;
    let (ok, batches_sent, message) = send(url, &key, &records).await;
    let records_sent = (batches_sent * BATCH_SIZE).min(records.len());
    let tx = ctx.db.tenant(scope).await?;
    let now = certa_store::repo::now();
    state_repo::pushed(&tx, now, ok, &message).await?;
    audit::append(
        &tx,
        &p.actor(),
        "certsearch.pushed",
        "certsearch",
        json!({
            "ok": ok,
            "batches_sent": batches_sent,
            "records_sent": records_sent,
            "held_back": held_back,
        }),
    )
    .await?;
    tx.commit().await?;
    if ok {
        tracing::info!(batches = batches_sent, "CertSearch export sent");
    } else {
        tracing::warn!(batches = batches_sent, result = %message, "CertSearch export failed");
    }
    Ok(PushResult {
        ok,
        batches_sent,
        records_sent,
        held_back,
        message,
    })
}

/// Sends the batches one after the other and stops at the first refusal: whether all went
/// through, how many did, and what happened in words (never the key).
async fn send(url: reqwest::Url, key: &[u8], records: &[Record]) -> (bool, usize, String) {
    let https_only = url.scheme() == "https";
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(PUSH_TIMEOUT)
        .connect_timeout(CONNECT_TIMEOUT)
        .https_only(https_only)
        .build()
    {
        Ok(c) => c,
        Err(_) => return (false, 0, "the HTTP client could not be set up".into()),
    };
    let Ok(mut header) = reqwest::header::HeaderValue::from_bytes(key) else {
        return (
            false,
            0,
            "the stored API key cannot be sent in a header".into(),
        );
    };
    header.set_sensitive(true);
    let batches: Vec<&[Record]> = if records.is_empty() {
        Vec::new()
    } else {
        records.chunks(BATCH_SIZE).collect()
    };
    let total = batches.len();
    for (i, b) in batches.into_iter().enumerate() {
        let answer = client
            .post(url.clone())
            .header("x-http-authorization", header.clone())
            .json(b)
            .send()
            .await;
        match answer {
            Ok(r) if r.status().is_success() => {}
            Ok(r) => {
                return (
                    false,
                    i,
                    format!(
                        "batch {} of {total} was refused with HTTP status {}",
                        i + 1,
                        r.status().as_u16()
                    ),
                );
            }
            Err(e) => {
                let what = if e.is_timeout() {
                    "timed out"
                } else if e.is_connect() {
                    "could not connect"
                } else {
                    "failed"
                };
                return (false, i, format!("batch {} of {total} {what}", i + 1));
            }
        }
    }
    (
        true,
        total,
        format!("{} records sent in {total} batches", records.len()),
    )
}

/// The monthly reminder (from the daily jobs): when the tenant has certificates and nothing
/// was exported for [`REMINDER_DAYS`] days, the administrators are told once per calendar
/// month (claimed per tenant and month). Answers whether a reminder was enqueued.
pub(crate) async fn remind(tx: &TenantTx, today: NaiveDate) -> Result<usize, ServiceError> {
    let count = repo::count(tx, &Filter::default()).await?;
    if count == 0 {
        return Ok(0);
    }
    let s = state_repo::get(tx).await?;
    let cutoff = today - chrono::Duration::days(REMINDER_DAYS);
    if s.last_export_at.is_some_and(|at| at.date_naive() > cutoff) {
        return Ok(0);
    }
    let month = today.format("%Y-%m").to_string();
    if !settings::claim_reminder(
        tx,
        crate::mail::MailKind::CertsearchExportDue,
        &month,
        &today.to_string(),
    )
    .await?
    {
        return Ok(0);
    }
    let admins = crate::reminders::emails_allowed(tx, Action::ManageSettings).await?;
    let mail = Mail::CertsearchExportDue {
        last_export: s
            .last_export_at
            .map(|at| crate::certification::long_date(at.date_naive())),
        certificates: count,
    };
    for a in &admins {
        crate::mail::enqueue(tx, a, &mail).await?;
    }
    Ok(admins.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_https_or_loopback() {
        assert!(
            check_endpoint("https://api.iafcertsearch.org/api/client/v1/cb/upload-cert").is_ok()
        );
        assert!(check_endpoint("http://127.0.0.1:8080/upload").is_ok());
        assert!(check_endpoint("http://localhost/upload").is_ok());
        assert!(check_endpoint("http://[::1]:9/x").is_ok());
        for bad in [
            "http://example.org/upload",
            "ftp://example.org",
            "not a url",
            "https://user:pw@example.org/",
            "file:///etc/passwd",
        ] {
            let Err(ServiceError::Invalid { field, code, .. }) = check_endpoint(bad) else {
                panic!("{bad} accepted");
            };
            assert_eq!(field, "endpoint");
            assert_eq!(code, ErrorCode::CertsearchEndpointInvalid);
        }
        assert!(check_endpoint(&format!("https://a.org/{}", "x".repeat(600))).is_err());
    }

    #[test]
    fn batches_hold_at_most_100_records() {
        assert_eq!(batch_count(0), 0);
        assert_eq!(batch_count(1), 1);
        assert_eq!(batch_count(100), 1);
        assert_eq!(batch_count(101), 2);
        assert_eq!(batch_count(1000), 10);
    }

    #[test]
    fn the_api_key_is_never_shown_in_debug() {
        let c = Configure {
            endpoint: None,
            api_key: Some(Zeroizing::new("secret-key".into())),
            remove_api_key: false,
        };
        assert!(!format!("{c:?}").contains("secret-key"));
    }
}
