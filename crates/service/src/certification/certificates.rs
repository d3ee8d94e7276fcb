//! Certificates: issuance with every ISO/IEC 17021-1 8.2 field, revisions, the lifecycle,
//! the register, and the daily expiry and warnings.

use super::{invalid, long_date, today};
use crate::mail::{CertificateNotice, Mail};
use crate::reminders::Report;
use crate::{Ctx, Principal, ServiceError, TenantCtx};
use certa_domain::certification::{
    self as cert, Accreditation, CertificateEvent, CertificateStatus, RevisionReason, StoredImage,
};
use certa_domain::{Action, CertificateId, ClientId, ErrorCode};
use certa_store::TenantTx;
use certa_store::repo::audit::{self, Actor};
use certa_store::repo::certification::{
    self as repo, Certificate, Event, Filter, NewCertificate, NewEvent, NewRevision, Revise,
    Revision, StatusChange,
};
use certa_store::repo::tenants::Tenant;
use certa_store::repo::{clients, settings as settings_repo};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The holder of a certificate (8.2.1 a).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub name: String,
    /// The head office (the site with the central function, or the first site).
    pub location: String,
}

/// A site in the scope of a certificate, with its scope (8.2.1 a, f).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertSite {
    pub name: String,
    pub location: String,
    pub scope: String,
}

/// A standard with its edition (8.2.1 e).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertStandard {
    /// `ISO/IEC 42001:2023`.
    pub code: String,
    pub title: String,
}

/// The certification body (8.2.1 g).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    pub name: String,
    pub address: String,
}

/// Days without valid certification before a restoration (17021-1 9.6.3.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// What a revision of a certificate says, as issued (immutable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateContent {
    pub number: String,
    pub revision: i32,
    pub holder: Holder,
    pub sites: Vec<CertSite>,
    pub scope: String,
    pub standards: Vec<CertStandard>,
    /// The version of the Statement of Applicability (ISO/IEC 27001, 42001).
    pub soa_version: Option<String>,
    pub certification_body: Body,
    /// The accreditations covering the certificate's standards.
    pub accreditations: Vec<Accreditation>,
    pub original_date: NaiveDate,
    pub decision_date: NaiveDate,
    pub effective_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub issued_on: NaiveDate,
    pub gap: Option<Gap>,
    /// The body's logo in force when the revision was issued (its PDF shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<StoredImage>,
    /// The accreditation mark in force when the revision was issued, recorded only when
    /// the revision names an accreditation for its standards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accreditation_mark: Option<StoredImage>,
}

fn location(parts: [Option<&str>; 3]) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The dates of a revision. A revision is issued on the day of its decision.
pub(crate) struct Dates {
    pub original: NaiveDate,
    pub decision: NaiveDate,
    pub effective: NaiveDate,
    pub expiry: NaiveDate,
    pub gap: Option<Gap>,
}

/// Reads the printed content of a certificate from the client's current records and the
/// body's settings.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn content(
    tx: &TenantTx,
    t_name: &str,
    client: uuid::Uuid,
    standards: &[String],
    number: &str,
    revision: i32,
    soa_version: Option<String>,
    scope_override: Option<String>,
    dates: Dates,
) -> Result<CertificateContent, ServiceError> {
    let settings = crate::settings::load(tx).await?.certificates;
    let c = clients::by_id(tx, ClientId(client))
        .await?
        .ok_or_else(|| ServiceError::not_found("client", ErrorCode::ClientNotFound))?;
    let sites = clients::sites(tx, ClientId(client)).await?;
    let scopes = clients::scopes(tx, ClientId(client)).await?;
    let scope = match scope_override {
        Some(s) => s,
        None => {
            let parts: Vec<&certa_store::repo::clients::Scope> = scopes
                .iter()
                .filter(|s| standards.contains(&s.standard_code))
                .collect();
            match parts.as_slice() {
                [one] => one.scope.clone(),
                many => many
                    .iter()
                    .map(|s| format!("{}: {}", s.standard_code, s.scope))
                    .collect::<Vec<_>>()
                    .join("\n"),
            }
        }
    };
    let head = sites.iter().find(|s| s.central_function).or(sites.first());
    let holder = Holder {
        name: c.legal_name.clone(),
        location: head
            .map(|s| location([s.address.as_deref(), s.city.as_deref(), Some(&s.country)]))
            .unwrap_or_default(),
    };
    let cert_sites = sites
        .iter()
        .map(|s| CertSite {
            name: s.name.clone(),
            location: location([s.address.as_deref(), s.city.as_deref(), Some(&s.country)]),
            scope: s
                .processes
                .clone()
                .filter(|p| !p.trim().is_empty())
                .unwrap_or_else(|| scope.clone()),
        })
        .collect();
    Ok(CertificateContent {
        number: number.to_string(),
        revision,
        holder,
        sites: cert_sites,
        scope,
        standards: standards
            .iter()
            .map(|s| CertStandard {
                code: s.clone(),
                title: certa_domain::catalogue::standard_title(s)
                    .unwrap_or_default()
                    .to_string(),
            })
            .collect(),
        soa_version,
        certification_body: Body {
            name: t_name.to_string(),
            address: settings.address.clone(),
        },
        logo: settings.logo.clone(),
        accreditation_mark: settings.accreditation_mark.clone().filter(|_| {
            standards
                .iter()
                .any(|s| settings.accreditation_for(s).is_some())
        }),
        accreditations: standards
            .iter()
            .filter_map(|s| settings.accreditation_for(s).cloned())
            .collect(),
        original_date: dates.original,
        decision_date: dates.decision,
        effective_date: dates.effective,
        expiry_date: dates.expiry,
        issued_on: dates.decision,
        gap: dates.gap,
    })
}

/// Issues a new certificate (revision 0) after a grant decision of `tenant`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn issue(
    ctx: &Ctx,
    tx: &TenantTx,
    tenant: &Tenant,
    actor: &Actor,
    programme: uuid::Uuid,
    client: uuid::Uuid,
    standards: Vec<String>,
    decision_id: uuid::Uuid,
    decided_on: NaiveDate,
    effective: NaiveDate,
    expiry: NaiveDate,
    soa_version: Option<String>,
) -> Result<Certificate, ServiceError> {
    let settings = crate::settings::load(tx).await?.certificates;
    let seq = repo::next_counter(tx, "certificate").await?;
    let number = cert::format_number(
        &settings.number_pattern,
        &settings.prefix_or(&tenant.slug),
        &standards,
        cert::year_of(decided_on),
        seq,
    );
    let content = content(
        tx,
        &tenant.name,
        client,
        &standards,
        &number,
        0,
        soa_version.clone(),
        None,
        Dates {
            original: effective,
            decision: decided_on,
            effective,
            expiry,
            gap: None,
        },
    )
    .await?;
    let c = repo::insert_certificate(
        tx,
        NewCertificate {
            client_id: client,
            programme_id: programme,
            number,
            sequence: seq,
            decision_date: decided_on,
            effective_date: effective,
            expiry_date: expiry,
            holder: content.holder.name.clone(),
            scope: content.scope.clone(),
            soa_version,
            standards,
        },
    )
    .await?;
    repo::insert_revision(
        tx,
        NewRevision {
            certificate_id: c.id,
            revision: 0,
            reason: RevisionReason::Issued,
            decision_id: Some(decision_id),
            content: serde_json::to_value(&content)
                .map_err(|e| ServiceError::unexpected("certificate content", e))?,
            effective_date: effective,
            expiry_date: expiry,
            issued_on: content.issued_on,
        },
    )
    .await?;
    record(
        tx,
        actor,
        &c,
        "issued",
        None,
        CertificateStatus::Active,
        0,
        None,
        None,
        Some(decision_id),
    )
    .await?;
    super::public::project(ctx, tx, &c).await?;
    Ok(c)
}

/// Records a change in the certificate's history and in the audit trail.
#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &TenantTx,
    actor: &Actor,
    c: &Certificate,
    event: &'static str,
    from: Option<CertificateStatus>,
    to: CertificateStatus,
    revision: i32,
    reason: Option<String>,
    until: Option<NaiveDate>,
    decision_id: Option<uuid::Uuid>,
) -> Result<(), ServiceError> {
    repo::insert_event(
        tx,
        NewEvent {
            certificate_id: c.id,
            event,
            from_status: from,
            to_status: to,
            revision,
            reason: reason.clone(),
            until,
            decision_id,
            actor: actor.label.clone(),
        },
    )
    .await?;
    audit::append(
        tx,
        actor,
        &format!("certificate.{event}"),
        &format!("certificate:{}", c.id),
        json!({"number": c.number, "revision": revision, "from": from.map(|s| s.as_str()),
            "to": to.as_str(), "reason": reason, "until": until.map(|d| d.to_string()),
            "decision": decision_id}),
    )
    .await?;
    Ok(())
}

/// A new revision of a certificate: renewal, restoration after expiry, or a scope change.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn revise(
    ctx: &Ctx,
    tx: &TenantTx,
    t: &TenantCtx,
    actor: &Actor,
    c: &Certificate,
    event: CertificateEvent,
    decision_id: uuid::Uuid,
    decided_on: NaiveDate,
    effective: NaiveDate,
    soa_version: Option<String>,
    scope: Option<String>,
    reason: Option<String>,
) -> Result<Certificate, ServiceError> {
    let to = c
        .status
        .apply(event)
        .map_err(|e| ServiceError::conflict(ErrorCode::CertificateTransition, e.to_string()))?;
    let (why, expiry, gap) = match event {
        CertificateEvent::Renew => {
            if c.status == CertificateStatus::Expired
                && !cert::restoration_allowed(c.expiry_date, decided_on)
            {
                return Err(ServiceError::conflict(
                    ErrorCode::CertificateTransition,
                    format!(
                        "certificate {} expired on {}: restoration is possible for six months only; a new initial certification is needed",
                        c.number, c.expiry_date
                    ),
                ));
            }
            let expiry = cert::renewed_expiry(c.expiry_date).ok_or_else(|| {
                invalid(
                    "effective_date",
                    ErrorCode::InvalidDate,
                    "expiry out of range",
                )
            })?;
            if c.status == CertificateStatus::Expired {
                let gap = cert::restoration_gap(c.expiry_date, effective)
                    .map(|(from, to)| Gap { from, to });
                (RevisionReason::Restored, expiry, gap)
            } else {
                (RevisionReason::Renewed, expiry, None)
            }
        }
        CertificateEvent::ExtendScope => (RevisionReason::ScopeExtended, c.expiry_date, None),
        _ => (RevisionReason::ScopeReduced, c.expiry_date, None),
    };
    let revision = c.revision + 1;
    let soa = soa_version.or_else(|| c.soa_version.clone());
    let content = content(
        tx,
        &t.tenant.name,
        c.client_id,
        &c.standards,
        &c.number,
        revision,
        soa.clone(),
        scope,
        Dates {
            original: c.original_date,
            decision: decided_on,
            effective,
            expiry,
            gap,
        },
    )
    .await?;
    if !repo::revise(
        tx,
        c.id,
        Revise {
            from_status: c.status,
            from_revision: c.revision,
            status: to,
            decision_date: decided_on,
            effective_date: effective,
            expiry_date: expiry,
            holder: content.holder.name.clone(),
            scope: content.scope.clone(),
            soa_version: soa,
        },
    )
    .await?
    {
        return Err(changed_meanwhile());
    }
    repo::insert_revision(
        tx,
        NewRevision {
            certificate_id: c.id,
            revision,
            reason: why,
            decision_id: Some(decision_id),
            content: serde_json::to_value(&content)
                .map_err(|e| ServiceError::unexpected("certificate content", e))?,
            effective_date: effective,
            expiry_date: expiry,
            issued_on: content.issued_on,
        },
    )
    .await?;
    record(
        tx,
        actor,
        c,
        why.as_str(),
        Some(c.status),
        to,
        revision,
        reason,
        None,
        Some(decision_id),
    )
    .await?;
    let c = repo::certificate(tx, c.id)
        .await?
        .ok_or_else(|| ServiceError::not_found("certificate", ErrorCode::CertificateNotFound))?;
    super::public::project(ctx, tx, &c).await?;
    Ok(c)
}

fn changed_meanwhile() -> ServiceError {
    ServiceError::conflict(
        ErrorCode::CertificateTransition,
        "the certificate changed at the same time; reload it and try again",
    )
}

/// Applies a status change (suspend, restore, withdraw, expire).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn change_status(
    ctx: &Ctx,
    tx: &TenantTx,
    actor: &Actor,
    c: &Certificate,
    event: CertificateEvent,
    reason: Option<String>,
    until: Option<NaiveDate>,
    decision_id: Option<uuid::Uuid>,
    on: NaiveDate,
) -> Result<Certificate, ServiceError> {
    let to = c
        .status
        .apply(event)
        .map_err(|e| ServiceError::conflict(ErrorCode::CertificateTransition, e.to_string()))?;
    let (suspended_on, suspended_until) = if to == CertificateStatus::Suspended {
        (Some(on), until)
    } else {
        (None, None)
    };
    if !repo::change_status(
        tx,
        c.id,
        StatusChange {
            from: c.status,
            revision: c.revision,
            to,
            suspended_on,
            suspended_until,
            reason: reason.clone(),
        },
    )
    .await?
    {
        return Err(changed_meanwhile());
    }
    let name = match event {
        CertificateEvent::Suspend => "suspended",
        CertificateEvent::Restore => "restored",
        CertificateEvent::Withdraw => "withdrawn",
        _ => "expired",
    };
    record(
        tx,
        actor,
        c,
        name,
        Some(c.status),
        to,
        c.revision,
        reason,
        until,
        decision_id,
    )
    .await?;
    let c = repo::certificate(tx, c.id)
        .await?
        .ok_or_else(|| ServiceError::not_found("certificate", ErrorCode::CertificateNotFound))?;
    super::public::project(ctx, tx, &c).await?;
    Ok(c)
}

/// What the mails about `c` show.
pub(crate) fn notice(
    c: &Certificate,
    client_name: &str,
    reason: Option<String>,
    days_left: Option<i64>,
    for_staff: bool,
) -> CertificateNotice {
    CertificateNotice {
        client_name: client_name.to_string(),
        number: cert::display_number(&c.number, c.revision),
        base_number: c.number.clone(),
        standards: c.standards.join(", "),
        scope: c.scope.clone(),
        status: c.status.label().to_string(),
        effective_date: long_date(c.effective_date),
        expiry_date: long_date(c.expiry_date),
        reason,
        until: c.suspended_until.map(long_date),
        days_left,
        certificate_id: c.id,
        revision: c.revision,
        for_staff,
    }
}

/// Mails a certificate change to the client (contacts and client users).
pub(crate) async fn mail_client(
    tx: &TenantTx,
    c: &Certificate,
    make: fn(CertificateNotice) -> Mail,
    reason: Option<String>,
) -> Result<usize, ServiceError> {
    let client_name = clients::by_id(tx, ClientId(c.client_id))
        .await?
        .map(|x| x.legal_name)
        .unwrap_or_default();
    let to = crate::fieldwork::client_recipients(tx, c.client_id).await?;
    let mail = make(notice(c, &client_name, reason, None, false));
    for r in &to {
        crate::mail::enqueue(tx, r, &mail).await?;
    }
    Ok(to.len())
}

/// A certificate as its page and the API show it.
#[derive(Debug, Clone)]
pub struct CertificateView {
    pub certificate: Certificate,
    pub client_name: String,
    /// The current revision's content.
    pub content: Option<CertificateContent>,
    pub revisions: Vec<Revision>,
    pub events: Vec<Event>,
    /// The longest suspension the body allows, in months.
    pub suspension_months: u32,
}

fn visible(t: &TenantCtx, c: &Certificate) -> Result<(), ServiceError> {
    if let Some(client) = t.client {
        if client != c.client_id {
            return Err(not_found());
        }
        return Ok(());
    }
    if t.roles.allows(Action::ViewCertificates) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

fn not_found() -> ServiceError {
    ServiceError::not_found("certificate", ErrorCode::CertificateNotFound)
}

/// One certificate with its revisions and history (staff, or the holder's client users).
pub async fn get(
    ctx: &Ctx,
    p: &Principal,
    id: CertificateId,
) -> Result<CertificateView, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let c = repo::certificate(&tx, id.0).await?.ok_or_else(not_found)?;
    visible(t, &c)?;
    let client_name = clients::by_id(&tx, ClientId(c.client_id))
        .await?
        .map(|x| x.legal_name)
        .unwrap_or_default();
    let revisions = repo::revisions(&tx, c.id).await?;
    let events = if t.client.is_some() {
        Vec::new()
    } else {
        repo::events(&tx, c.id).await?
    };
    let suspension_months = crate::settings::load(&tx)
        .await?
        .certificates
        .suspension_months;
    tx.commit().await?;
    let content = revisions
        .iter()
        .find(|r| r.revision == c.revision)
        .and_then(|r| serde_json::from_value(r.content.clone()).ok());
    Ok(CertificateView {
        certificate: c,
        client_name,
        content,
        revisions,
        events,
        suspension_months,
    })
}

/// The register's filters as given.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub status: Option<String>,
    pub standard: Option<String>,
    /// Expiring within this many days (0–3650).
    pub expiring_within: Option<i64>,
    pub client_id: Option<uuid::Uuid>,
    pub q: Option<String>,
    pub page: u64,
    pub per_page: u64,
}

/// Largest page of the register.
pub const MAX_PER_PAGE: u64 = 200;

/// A page of the register.
#[derive(Debug, Clone)]
pub struct Page {
    pub items: Vec<Certificate>,
    /// The content of each item's current revision, in the items' order.
    pub contents: Vec<Option<CertificateContent>>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// The register's filters, checked; `None` when a client user asks for another client's
/// certificates (an empty register).
fn filter_of(t: &TenantCtx, q: &ListQuery) -> Result<Option<Filter>, ServiceError> {
    let own = t.client;
    if own.is_none() && !t.roles.allows(Action::ViewCertificates) {
        return Err(ServiceError::Forbidden);
    }
    let status = match q.status.as_deref() {
        None => None,
        Some(s) => Some(s.parse::<CertificateStatus>().map_err(|_| {
            invalid(
                "status",
                ErrorCode::InvalidStatus,
                "status must be active, suspended, withdrawn or expired",
            )
        })?),
    };
    let standard = match q
        .standard
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => Some(certa_domain::personnel::standard_code(s)?),
    };
    let expiring_by = match q.expiring_within {
        None => None,
        Some(d) if (0..=3650).contains(&d) => Some(today() + chrono::Duration::days(d)),
        Some(_) => {
            return Err(invalid(
                "expiring_within",
                ErrorCode::InvalidNumber,
                "expiring within must be 0-3650 days",
            ));
        }
    };
    let search =
        q.q.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
    if search.as_ref().is_some_and(|s| s.chars().count() > 200) {
        return Err(invalid(
            "q",
            ErrorCode::SearchTooLong,
            "search at most 200 characters",
        ));
    }
    if own.is_some() && q.client_id.is_some_and(|c| Some(c) != own) {
        return Ok(None);
    }
    Ok(Some(Filter {
        status,
        standard,
        expiring_by,
        client: own.or(q.client_id),
        search,
    }))
}

/// The current revisions' contents of `items`, in their order.
async fn contents_of(
    tx: &TenantTx,
    items: &[Certificate],
) -> Result<Vec<Option<CertificateContent>>, ServiceError> {
    let revisions = repo::current_revisions(tx, items).await?;
    Ok(items
        .iter()
        .map(|c| {
            revisions
                .iter()
                .find(|r| r.certificate_id == c.id)
                .and_then(|r| serde_json::from_value(r.content.clone()).ok())
        })
        .collect())
}

/// The register (staff), filtered and paginated; three statements whatever the page holds.
pub async fn list(ctx: &Ctx, p: &Principal, q: ListQuery) -> Result<Page, ServiceError> {
    let t = p.tenant()?;
    let per_page = q.per_page.clamp(1, MAX_PER_PAGE);
    let page = q.page.max(1);
    let Some(filter) = filter_of(t, &q)? else {
        return Ok(Page {
            items: Vec::new(),
            contents: Vec::new(),
            total: 0,
            page,
            per_page,
        });
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    let (items, total) = repo::list(&tx, &filter, (page - 1) * per_page, per_page).await?;
    let contents = contents_of(&tx, &items).await?;
    tx.commit().await?;
    Ok(Page {
        items,
        contents,
        total,
        page,
        per_page,
    })
}

/// How many certificates the register's filters select (for the dashboard's counts): one
/// statement.
pub async fn count(ctx: &Ctx, p: &Principal, q: ListQuery) -> Result<u64, ServiceError> {
    let t = p.tenant()?;
    let Some(filter) = filter_of(t, &q)? else {
        return Ok(0);
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    let n = repo::count(&tx, &filter).await?;
    tx.commit().await?;
    Ok(n)
}

/// Suspended certificates whose suspension ends within `days` days or has already ended
/// (the decision must restore or withdraw them, 17021-1 9.6.5), the soonest end first: the
/// decision maker's dashboard. One statement.
pub async fn suspensions_nearing_limit(
    ctx: &Ctx,
    p: &Principal,
    days: i64,
) -> Result<Vec<Certificate>, ServiceError> {
    let t = p.authorize(Action::ViewCertificates)?;
    let by = today() + chrono::Duration::days(days.clamp(0, 3650));
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = repo::suspensions_ending_by(&tx, by).await?;
    tx.commit().await?;
    Ok(list)
}

/// Most certificates one export holds.
pub const MAX_EXPORT: u64 = 100_000;

/// Every certificate the register's filters select (at most [`MAX_EXPORT`]), with the
/// content of its current revision, read in one transaction, a thousand at a time.
pub async fn export(
    ctx: &Ctx,
    p: &Principal,
    q: ListQuery,
) -> Result<Vec<(Certificate, Option<CertificateContent>)>, ServiceError> {
    let t = p.tenant()?;
    let Some(filter) = filter_of(t, &q)? else {
        return Ok(Vec::new());
    };
    const CHUNK: u64 = 1000;
    let tx = ctx.db.tenant(t.scope()).await?;
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let (items, total) = repo::list(&tx, &filter, offset, CHUNK).await?;
        let contents = contents_of(&tx, &items).await?;
        let n = items.len() as u64;
        out.extend(items.into_iter().zip(contents));
        offset += n;
        if n < CHUNK || offset >= total.min(MAX_EXPORT) {
            break;
        }
    }
    tx.commit().await?;
    out.truncate(MAX_EXPORT as usize);
    Ok(out)
}

/// The certificates of the client user's organisation (the portal).
pub async fn of_my_organisation(
    ctx: &Ctx,
    p: &Principal,
) -> Result<Vec<Certificate>, ServiceError> {
    let t = p.tenant()?;
    let Some(client) = t.client else {
        return Err(ServiceError::Forbidden);
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = repo::of_client(&tx, client).await?;
    tx.commit().await?;
    Ok(list)
}

/// The certificates of a client (staff).
pub async fn of_client(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
) -> Result<Vec<Certificate>, ServiceError> {
    let t = p.authorize(Action::ViewCertificates)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let list = repo::of_client(&tx, client.0).await?;
    tx.commit().await?;
    Ok(list)
}

/// A lifecycle action on one certificate, as a decision (17021-1 9.6.5): suspend with a
/// reason and an end date, restore, withdraw with a reason. Open to decision makers and
/// administrators.
pub async fn act(
    ctx: &Ctx,
    p: &Principal,
    id: CertificateId,
    kind: cert::DecisionKind,
    reason: Option<String>,
    until: Option<String>,
) -> Result<Certificate, ServiceError> {
    let t = p.authorize(Action::DecideCertification)?;
    let programme = {
        let tx = ctx.db.tenant(t.scope()).await?;
        let c = repo::certificate(&tx, id.0).await?.ok_or_else(not_found)?;
        tx.commit().await?;
        c.programme_id
    };
    let out = super::decisions::decide(
        ctx,
        p,
        certa_domain::ProgrammeId(programme),
        super::decisions::DecideInput {
            kind: kind.as_str().to_string(),
            reasons: reason,
            until,
            certificate_id: Some(id.0),
            ..Default::default()
        },
    )
    .await?;
    out.certificates
        .into_iter()
        .find(|c| c.id == id.0)
        .ok_or_else(not_found)
}

/// The daily certificate jobs of one tenant, in the reminders' transaction: active
/// certificates past their expiry date expire; certificates expiring in 90 and 30 days
/// without a recertification audit scheduled are announced; suspensions nearing the
/// body's limit are announced to the decision makers. Each mail is claimed once.
pub(crate) async fn daily(
    ctx: &Ctx,
    tx: &TenantTx,
    today: NaiveDate,
    report: &mut Report,
) -> Result<(), ServiceError> {
    let day = today.to_string();
    let actor = Actor::system();
    let deciders = crate::reminders::emails_allowed(tx, Action::DecideCertification).await?;
    for c in repo::expired_by(tx, today).await? {
        let c = change_status(
            ctx,
            tx,
            &actor,
            &c,
            CertificateEvent::Expire,
            Some(format!("expiry date {} passed", c.expiry_date)),
            None,
            None,
            today,
        )
        .await?;
        report.mails += mail_client(tx, &c, Mail::CertificateExpired, None).await?;
        let client_name = clients::by_id(tx, ClientId(c.client_id))
            .await?
            .map(|x| x.legal_name)
            .unwrap_or_default();
        for r in &deciders {
            crate::mail::enqueue(
                tx,
                r,
                &Mail::CertificateExpired(notice(&c, &client_name, None, None, true)),
            )
            .await?;
            report.mails += 1;
        }
    }
    let horizon = today + chrono::Duration::days(cert::EXPIRY_WARNING_DAYS[0]);
    for c in repo::expiring_between(tx, today, horizon).await? {
        let days_left = (c.expiry_date - today).num_days();
        let tier = if days_left <= cert::EXPIRY_WARNING_DAYS[1] {
            cert::EXPIRY_WARNING_DAYS[1]
        } else {
            cert::EXPIRY_WARNING_DAYS[0]
        };
        let recertification_scheduled = certa_store::repo::audits::of_programme(tx, c.programme_id)
            .await?
            .iter()
            .any(|a| {
                a.kind == certa_domain::programme::EntryKind::Recertification
                    && a.status != certa_domain::AuditStatus::Cancelled
            });
        if recertification_scheduled {
            continue;
        }
        let key = format!("{}:{}:{tier}", c.id, c.expiry_date);
        if !settings_repo::claim_reminder(
            tx,
            crate::mail::MailKind::CertificateExpiring,
            &key,
            &day,
        )
        .await?
        {
            continue;
        }
        let client_name = clients::by_id(tx, ClientId(c.client_id))
            .await?
            .map(|x| x.legal_name)
            .unwrap_or_default();
        let mut to: Vec<(String, bool)> = crate::fieldwork::client_recipients(tx, c.client_id)
            .await?
            .into_iter()
            .map(|r| (r, false))
            .collect();
        to.extend(
            crate::reminders::schedulers(tx)
                .await?
                .into_iter()
                .map(|r| (r, true)),
        );
        for (r, staff) in to {
            crate::mail::enqueue(
                tx,
                &r,
                &Mail::CertificateExpiring(notice(&c, &client_name, None, Some(days_left), staff)),
            )
            .await?;
            report.mails += 1;
        }
    }
    let limit_horizon = today + chrono::Duration::days(cert::SUSPENSION_WARNING_DAYS);
    for c in repo::suspensions_ending_between(tx, today, limit_horizon).await? {
        let Some(until) = c.suspended_until else {
            continue;
        };
        let key = format!("{}:{until}", c.id);
        if !settings_repo::claim_reminder(tx, crate::mail::MailKind::SuspensionEnding, &key, &day)
            .await?
        {
            continue;
        }
        let client_name = clients::by_id(tx, ClientId(c.client_id))
            .await?
            .map(|x| x.legal_name)
            .unwrap_or_default();
        let days_left = (until - today).num_days();
        for r in &deciders {
            crate::mail::enqueue(
                tx,
                r,
                &Mail::SuspensionEnding(notice(
                    &c,
                    &client_name,
                    c.status_reason.clone(),
                    Some(days_left),
                    true,
                )),
            )
            .await?;
            report.mails += 1;
        }
    }
    Ok(())
}
