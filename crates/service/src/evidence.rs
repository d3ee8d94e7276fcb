//! Evidence (ISO/IEC 17021-1 9.4.4 objective evidence; records 9.9): files the client
//! uploads for a checklist item or a nonconformity, kept as versions with their SHA-256,
//! size and sniffed type, linked to what they support, downloadable only by those who may
//! see them (every download is recorded), withdrawn with a reason rather than deleted.
//!
//! Two upload paths:
//! - direct: [`start_upload`] reserves a version and answers where to send the bytes (a
//!   presigned S3 `PUT`, or a signed single-use address on Certa for the local store);
//!   [`complete_upload`] then checks size, SHA-256 and type of what was stored and only
//!   then makes it visible — a mismatch deletes the object and says why;
//! - streamed through Certa: [`upload_stream`] stores the body in constant memory with the
//!   limit enforced while reading.

use crate::{Ctx, Principal, ServiceError, TenantCtx};
use certa_domain::ErrorCode;
use certa_domain::evidence::TargetKind;
use certa_domain::team::TeamRole;
use certa_domain::{Action, AuditId, AuditorId, ClientId};
use certa_storage::{ObjectKey, ObjectKind, StorageError, UploadConstraints};
use certa_store::TenantTx;
use certa_store::repo::evidence::{self as ev, EvidenceItem, Version, status};
use certa_store::repo::{audit, audits, clients, fieldwork as fw, personnel};
use serde_json::json;
use std::time::Duration;

pub use certa_store::repo::evidence::Arrived;

/// How long a direct upload address works.
pub const UPLOAD_TTL: Duration = Duration::from_secs(15 * 60);
/// How long a download address works.
pub const DOWNLOAD_TTL: Duration = Duration::from_secs(5 * 60);

/// Declared types accepted at the start of an upload (the bytes are checked again).
pub const ALLOWED_TYPES: [&str; 20] = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/zip",
    "application/x-zip-compressed",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "text/plain",
    "text/csv",
    "application/csv",
    "application/octet-stream",
];

fn invalid(
    field: &'static str,
    code: certa_domain::ErrorCode,
    message: impl Into<String>,
) -> ServiceError {
    ServiceError::Invalid {
        field,
        code,
        message: message.into(),
    }
}

fn storage_error(e: StorageError) -> ServiceError {
    match e {
        StorageError::TooLarge { limit } => ServiceError::TooLarge {
            field: "file",
            message: format!(
                "the file is larger than the limit of {} MiB",
                limit / (1024 * 1024)
            ),
        },
        StorageError::Source(err) => invalid(
            "file",
            ErrorCode::UploadInterrupted,
            format!("the upload was interrupted: {err}"),
        ),
        other => ServiceError::Storage(other),
    }
}

/// What an upload is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A checklist item (an evidence request, or evidence the auditor keeps).
    ChecklistItem(uuid::Uuid),
    /// A nonconformity (the client's correction or implementation evidence).
    Nonconformity(uuid::Uuid),
}

impl Target {
    /// Parses `checklist_item` / `nonconformity` with an id.
    pub fn parse(kind: &str, id: uuid::Uuid) -> Result<Self, ServiceError> {
        match kind.parse() {
            Ok(TargetKind::ChecklistItem) => Ok(Target::ChecklistItem(id)),
            Ok(TargetKind::Nonconformity) => Ok(Target::Nonconformity(id)),
            Err(_) => Err(invalid(
                "target.kind",
                ErrorCode::InvalidTarget,
                "target kind must be checklist_item or nonconformity",
            )),
        }
    }

    fn kind(self) -> TargetKind {
        match self {
            Target::ChecklistItem(_) => TargetKind::ChecklistItem,
            Target::Nonconformity(_) => TargetKind::Nonconformity,
        }
    }

    fn id(self) -> uuid::Uuid {
        match self {
            Target::ChecklistItem(i) | Target::Nonconformity(i) => i,
        }
    }
}

/// The audit a target belongs to.
async fn target_audit(
    tx: &TenantTx,
    target: Target,
) -> Result<certa_store::repo::audits::ScheduledAudit, ServiceError> {
    let nf = || ServiceError::not_found("evidence target", ErrorCode::TargetNotFound);
    let audit_id = match target {
        Target::ChecklistItem(id) => fw::item_by_id(tx, id).await?.ok_or_else(nf)?.audit_id,
        Target::Nonconformity(id) => fw::nc(tx, id).await?.ok_or_else(nf)?.audit_id,
    };
    audits::by_id(tx, AuditId(audit_id)).await?.ok_or_else(nf)
}

/// Resolves a target the principal may attach evidence to: its client and audit. Staff
/// follow the fieldwork rule ([`crate::fieldwork::may_conduct`]: on the audit's team, or
/// administrators and schedulers); a client user only their organisation's targets.
async fn resolve(
    tx: &TenantTx,
    t: &TenantCtx,
    target: Target,
) -> Result<(uuid::Uuid, uuid::Uuid), ServiceError> {
    let a = target_audit(tx, target).await?;
    if let Some(c) = t.client {
        if c != a.client_id || !t.roles.allows(Action::RespondFindings) {
            return Err(ServiceError::not_found(
                "evidence target",
                ErrorCode::TargetNotFound,
            ));
        }
    } else if !crate::fieldwork::may_conduct(tx, t, &a).await? {
        return Err(ServiceError::Forbidden);
    }
    Ok((a.client_id, a.id))
}

/// Whether the principal may change an item they can see (a new version, withdrawal):
/// a client user only what their organisation attached, staff as for fieldwork on the
/// item's audit (an item of no audit: administrators and schedulers).
async fn may_change(
    tx: &TenantTx,
    t: &TenantCtx,
    item: &EvidenceItem,
) -> Result<bool, ServiceError> {
    if let Some(c) = t.client {
        return Ok(t.roles.allows(Action::RespondFindings)
            && item.client_id == c
            && item.created_by_client == Some(c));
    }
    match item.audit_id {
        Some(id) => match audits::by_id(tx, AuditId(id)).await? {
            Some(a) => crate::fieldwork::may_conduct(tx, t, &a).await,
            None => Ok(false),
        },
        None => Ok(t.roles.allows(Action::ConductAudits) && t.roles.allows(Action::ScheduleAudits)),
    }
}

/// Who may see an evidence item: staff who view clients, or the client's own users.
fn may_see(t: &TenantCtx, item: &EvidenceItem) -> bool {
    match t.client {
        Some(c) => c == item.client_id,
        None => t.roles.allows(Action::ViewClients),
    }
}

/// A direct upload to make.
#[derive(Debug, Clone)]
pub struct UploadRequest {
    pub filename: String,
    pub size: u64,
    /// Lowercase hex SHA-256 of the file.
    pub sha256: String,
    pub content_type: String,
    pub target: Target,
    /// A new version of this evidence item, or a new item when `None`.
    pub item_id: Option<uuid::Uuid>,
    /// Title of a new item (the file name when empty).
    pub title: Option<String>,
    pub effective_date: Option<String>,
    pub valid_until: Option<String>,
}

/// Where to send the bytes.
#[derive(Debug, Clone)]
pub struct UploadTicket {
    pub id: uuid::Uuid,
    pub url: String,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

struct Prepared {
    title: String,
    filename: String,
    effective_date: Option<String>,
    valid_until: Option<String>,
}

fn prepare(
    filename: &str,
    title: Option<&str>,
    effective: Option<&str>,
    until: Option<&str>,
) -> Result<Prepared, ServiceError> {
    let filename = certa_storage::display_filename(filename);
    let title =
        certa_domain::clients::optional_name("title", title)?.unwrap_or_else(|| filename.clone());
    let date = |f: &'static str, v: Option<&str>| -> Result<Option<String>, ServiceError> {
        match v.map(str::trim).filter(|s| !s.is_empty()) {
            Some(d) => Ok(Some(certa_domain::personnel::date(f, d)?.to_string())),
            None => Ok(None),
        }
    };
    Ok(Prepared {
        title,
        filename,
        effective_date: date("effective_date", effective)?,
        valid_until: date("valid_until", until)?,
    })
}

/// The item to add a version to (checked to belong to the target's client), or a new one
/// linked to the target.
async fn item_for(
    tx: &TenantTx,
    p: &Principal,
    t: &TenantCtx,
    target: Target,
    item_id: Option<uuid::Uuid>,
    title: &str,
) -> Result<EvidenceItem, ServiceError> {
    let (client, audit_id) = resolve(tx, t, target).await?;
    let item = match item_id {
        Some(id) => {
            let i = ev::item(tx, id)
                .await?
                .filter(|i| i.client_id == client && may_see(t, i))
                .ok_or(ServiceError::not_found(
                    "evidence",
                    ErrorCode::EvidenceNotFound,
                ))?;
            if !may_change(tx, t, &i).await? {
                return Err(ServiceError::Forbidden);
            }
            if i.withdrawn_at.is_some() {
                return Err(ServiceError::conflict(
                    ErrorCode::EvidenceWithdrawn,
                    "this evidence was withdrawn",
                ));
            }
            i
        }
        None => {
            ev::create_item(
                tx,
                client,
                Some(audit_id),
                title,
                &p.actor().label,
                t.client,
            )
            .await?
        }
    };
    ev::link(tx, item.id, target.kind(), target.id()).await?;
    Ok(item)
}

/// Reserves a version and answers where to send the file (17021-1 9.4.4).
pub async fn start_upload(
    ctx: &Ctx,
    p: &Principal,
    r: UploadRequest,
) -> Result<UploadTicket, ServiceError> {
    let t = p.tenant()?;
    let sha = r.sha256.trim().to_ascii_lowercase();
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid(
            "sha256",
            ErrorCode::InvalidSha256,
            "sha256 must be 64 hexadecimal digits",
        ));
    }
    let declared = r
        .content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if !ALLOWED_TYPES.contains(&declared.as_str()) {
        return Err(invalid(
            "content_type",
            ErrorCode::TypeNotAllowed,
            "allowed: PDF, images (PNG, JPEG, GIF, WebP), office documents, text, CSV, ZIP",
        ));
    }
    let prep = prepare(
        &r.filename,
        r.title.as_deref(),
        r.effective_date.as_deref(),
        r.valid_until.as_deref(),
    )?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let limit = u64::from(crate::settings::load(&tx).await?.max_upload_mib) * 1024 * 1024;
    if r.size == 0 || r.size > limit {
        return Err(ServiceError::TooLarge {
            field: "size",
            message: format!("a file must have 1 byte to {} MiB", limit / (1024 * 1024)),
        });
    }
    let item = item_for(&tx, p, t, r.target, r.item_id, &prep.title).await?;
    let version_id = uuid::Uuid::now_v7();
    let key = ObjectKey::new(t.id().0, ObjectKind::Evidence, version_id);
    let expires_at =
        chrono::Utc::now() + chrono::Duration::from_std(UPLOAD_TTL).unwrap_or_default();
    ev::create_version(
        &tx,
        version_id,
        ev::NewVersion {
            item_id: item.id,
            object_key: key.to_string(),
            filename: prep.filename,
            size: i64::try_from(r.size).unwrap_or(i64::MAX),
            sha256: Some(sha.clone()),
            content_type: Some(declared.clone()),
            status: status::PENDING,
            uploaded_by: p.actor().label,
            uploaded_by_client: t.client,
            effective_date: prep.effective_date,
            valid_until: prep.valid_until,
            upload_expires_at: Some(expires_at),
        },
    )
    .await?;
    let ticket = if ctx.storage.supports_presign() {
        let pre = ctx
            .storage
            .presign_put(
                &key,
                UPLOAD_TTL,
                &UploadConstraints {
                    content_type: declared.clone(),
                    content_length: Some(r.size),
                    sha256_hex: Some(sha),
                },
            )
            .await
            .map_err(storage_error)?;
        UploadTicket {
            id: version_id,
            url: pre.url,
            method: pre.method,
            headers: pre.headers,
            expires_at: pre.expires_at,
        }
    } else {
        let subject = format!("{}/{version_id}", t.id().0);
        let token = ctx.signer.sign("upload", &subject, expires_at);
        UploadTicket {
            id: version_id,
            url: format!(
                "{}/uploads/{}/{version_id}?token={token}",
                ctx.config.public_url,
                t.id().0
            ),
            method: "PUT".into(),
            headers: vec![("content-type".into(), declared)],
            expires_at,
        }
    };
    audit::append(&tx, &p.actor(), "evidence.upload_started", &format!("evidence:{}", item.id),
        json!({"version": version_id, "size": r.size, "target": {"kind": r.target.kind(), "id": r.target.id()}})).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// Receives the bytes of a direct upload to the local store (the signed address stands in
/// for a presigned URL): once, within its time, at most the declared size.
///
/// The address is claimed before a byte is read (`pending` → `receiving`, one conditional
/// update), so of bodies sent at once exactly one is written; the others answer 409
/// (`upload_in_progress` while the first arrives, `upload_used` once it is stored). The
/// store never replaces an object, so what `complete` checks is what stays. A body that
/// fails releases the claim (back to `pending`, nothing kept) so the client may send again.
pub async fn receive_local_upload(
    ctx: &Ctx,
    tenant: uuid::Uuid,
    version_id: uuid::Uuid,
    token: &str,
    body: &mut (dyn tokio::io::AsyncRead + Unpin + Send),
) -> Result<(), ServiceError> {
    let subject = format!("{tenant}/{version_id}");
    let now = chrono::Utc::now();
    ctx.signer
        .verify("upload", &subject, token, now)
        .map_err(|e| ServiceError::Unauthorized {
            code: ErrorCode::UploadLinkInvalid,
            message: e.to_string(),
        })?;
    // The signature above vouches for the tenant in the address.
    let tenant = certa_store::TenantScope::system(
        certa_domain::TenantId(tenant),
        certa_store::SystemAccess::SignedAddress,
    );
    let nf = || ServiceError::not_found("upload", ErrorCode::UploadNotFound);
    let tx = ctx.db.tenant(tenant).await?;
    let v = ev::version(&tx, version_id).await?.ok_or_else(nf)?;
    let key: ObjectKey = v.object_key.parse().map_err(|_| nf())?;
    let claimed = ev::transition(
        &tx,
        version_id,
        status::PENDING,
        status::RECEIVING,
        Some(now),
    )
    .await?;
    // Not claimed: read the state again (a rival claim may have committed after the first
    // read) to say why.
    let now_status = if claimed {
        Some(v.status)
    } else {
        ev::version(&tx, version_id).await?.map(|v| v.status)
    };
    tx.commit().await?;
    if !claimed {
        return Err(match now_status {
            Some(status::PENDING) => ServiceError::Unauthorized {
                code: ErrorCode::UploadLinkInvalid,
                message: "the upload address expired".into(),
            },
            Some(status::RECEIVING) => upload_in_progress(),
            _ => ServiceError::conflict(
                ErrorCode::UploadUsed,
                "this upload address was already used",
            ),
        });
    }
    let mut claim = Claim {
        ctx: ctx.clone(),
        tenant,
        version_id,
        key: key.clone(),
        stored: false,
        settled: false,
    };
    let limit = u64::try_from(v.size).unwrap_or(0);
    let result = ctx.storage.put_stream(&key, body, limit).await;
    claim.stored = result.is_ok();
    claim.settled = true;
    let settled = settle_claim(ctx, tenant, version_id, &key, claim.stored).await;
    match (result, settled) {
        (Ok(_), Ok(true)) => Ok(()),
        (Ok(_), Ok(false)) => Err(ServiceError::conflict(
            ErrorCode::UploadExpired,
            "the upload address expired while the file arrived",
        )),
        (_, Err(e)) => Err(e),
        (Err(StorageError::AlreadyExists), Ok(_)) => Err(ServiceError::conflict(
            ErrorCode::UploadUsed,
            "this upload address was already used",
        )),
        (Err(e), Ok(_)) => Err(storage_error(e)),
    }
}

fn upload_in_progress() -> ServiceError {
    ServiceError::conflict(
        ErrorCode::UploadInProgress,
        "a file is still arriving at this upload address",
    )
}

/// Ends a claim on a direct upload: `receiving` → `received` when the body was stored,
/// back to `pending` otherwise. `Ok(false)` when the claim was lost meanwhile (the upload
/// expired and was swept): the stored object is then removed, as no row will refer to it.
async fn settle_claim(
    ctx: &Ctx,
    tenant: certa_store::TenantScope,
    version_id: uuid::Uuid,
    key: &ObjectKey,
    stored: bool,
) -> Result<bool, ServiceError> {
    let to = if stored {
        status::RECEIVED
    } else {
        status::PENDING
    };
    let tx = ctx.db.tenant(tenant).await?;
    let held = ev::transition(&tx, version_id, status::RECEIVING, to, None).await?;
    tx.commit().await?;
    // A stored body whose claim was lost has no row that will check it; and under a claim
    // that failed, only this claim could have written the key (a write cut short may
    // still have landed): either way the object must go.
    if !(stored && held) {
        ctx.storage.delete(key).await.map_err(storage_error)?;
    }
    Ok(held)
}

/// A claim on a direct upload that must be settled even when the request is dropped
/// halfway (the client went away and the server stopped the handler): then settling runs
/// in a task of its own.
struct Claim {
    ctx: Ctx,
    tenant: certa_store::TenantScope,
    version_id: uuid::Uuid,
    key: ObjectKey,
    stored: bool,
    settled: bool,
}

impl Drop for Claim {
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (ctx, tenant, id, key, stored) = (
            self.ctx.clone(),
            self.tenant,
            self.version_id,
            self.key.clone(),
            self.stored,
        );
        rt.spawn(async move {
            if let Err(e) = settle_claim(&ctx, tenant, id, &key, stored).await {
                tracing::error!(error = %e, version = %id, "could not release an upload claim");
            }
        });
    }
}

/// Checks what was stored against what was declared and makes the version visible, or
/// rejects it: deletes the object, records why, answers 422 with a code.
pub async fn complete_upload(
    ctx: &Ctx,
    p: &Principal,
    version_id: uuid::Uuid,
) -> Result<Version, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let v = ev::version(&tx, version_id)
        .await?
        .ok_or(ServiceError::not_found("upload", ErrorCode::UploadNotFound))?;
    let item = ev::item(&tx, v.item_id)
        .await?
        .filter(|i| may_see(t, i))
        .ok_or(ServiceError::not_found("upload", ErrorCode::UploadNotFound))?;
    // Completing makes the file visible: only those who may add it.
    if !may_change(&tx, t, &item).await? {
        return Err(ServiceError::Forbidden);
    }
    // What may be completed: on the local store a body Certa received (nothing arrived
    // while `pending`; one is arriving while `receiving`), on S3 a `pending` upload (the
    // bucket does not tell Certa when the body arrived).
    let local = !ctx.storage.supports_presign();
    match v.status {
        status::RECEIVING => return Err(upload_in_progress()),
        status::PENDING if local => {
            return Err(invalid(
                "file",
                ErrorCode::UploadMissing,
                "nothing was uploaded to the address yet",
            ));
        }
        status::PENDING | status::RECEIVED => {}
        other => {
            return Err(ServiceError::conflict(
                ErrorCode::UploadNotPending,
                format!("the upload is {other}"),
            ));
        }
    }
    tx.commit().await?;
    let upload_key: ObjectKey = v
        .object_key
        .parse()
        .map_err(|_| invalid("key", ErrorCode::InvalidKey, "bad key"))?;
    let Some(_) = ctx.storage.head(&upload_key).await.map_err(storage_error)? else {
        return Err(invalid(
            "file",
            ErrorCode::UploadMissing,
            "nothing was uploaded to the address yet",
        ));
    };
    // A presigned address stays usable until it expires, and an S3 server may let a later
    // PUT replace the object: what is checked and kept is a copy under a key no address
    // names. The local store's address is claimed once and its object never replaced.
    let key = if local {
        upload_key.clone()
    } else {
        let kept = ObjectKey::new(t.id().0, ObjectKind::Evidence, uuid::Uuid::now_v7());
        match ctx.storage.copy(&upload_key, &kept).await {
            Ok(()) => kept,
            Err(StorageError::NotFound) => {
                return Err(invalid(
                    "file",
                    ErrorCode::UploadMissing,
                    "nothing was uploaded to the address yet",
                ));
            }
            Err(e) => return Err(storage_error(e)),
        }
    };
    let stored = ctx.storage.sha256(&key).await.map_err(storage_error)?;
    let declared_size = u64::try_from(v.size).unwrap_or(0);
    if stored.size != declared_size {
        return reject(
            ctx,
            p,
            &v,
            &key,
            ErrorCode::SizeMismatch,
            format!(
                "{} bytes arrived, {} were declared",
                stored.size, declared_size
            ),
        )
        .await;
    }
    if Some(stored.sha256_hex.as_str()) != v.sha256.as_deref() {
        return reject(
            ctx,
            p,
            &v,
            &key,
            ErrorCode::Sha256Mismatch,
            "the SHA-256 of what arrived differs from the declared one".into(),
        )
        .await;
    }
    let Some(sniffed) = stored.sniffed else {
        return reject(
            ctx,
            p,
            &v,
            &key,
            ErrorCode::TypeNotAllowed,
            "the file is not of an allowed type (PDF, image, office document, text, CSV, ZIP)"
                .into(),
        )
        .await;
    };
    let declared = v.content_type.clone().unwrap_or_default();
    if declared != "application/octet-stream" && !sniffed.fits_declared(&declared) {
        return reject(
            ctx,
            p,
            &v,
            &key,
            ErrorCode::TypeMismatch,
            format!("the file is a {}, not {declared}", sniffed.label),
        )
        .await;
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    let from = [v.status];
    if !ev::complete_version(
        &tx,
        version_id,
        &from,
        key.as_str(),
        &stored.sha256_hex,
        v.size,
        sniffed.mime,
    )
    .await?
    {
        drop(tx);
        if key != upload_key {
            let _ = ctx.storage.delete(&key).await;
        }
        return Err(ServiceError::conflict(
            ErrorCode::UploadNotPending,
            "the upload was completed already",
        ));
    }
    audit::append(&tx, &p.actor(), "evidence.uploaded", &format!("evidence:{}", item.id),
        json!({"version": version_id, "size": v.size, "sha256": stored.sha256_hex, "type": sniffed.mime})).await?;
    let mailed = mail_uploaded(&tx, &item, &v.filename).await?;
    let v = ev::version(&tx, version_id)
        .await?
        .ok_or(ServiceError::not_found("upload", ErrorCode::UploadNotFound))?;
    tx.commit().await?;
    if key != upload_key {
        // The address's object is no longer needed; a failure leaves an orphan, not a fault.
        if let Err(e) = ctx.storage.delete(&upload_key).await {
            tracing::warn!(error = %e, "could not delete a completed upload's first object");
        }
    }
    if mailed {
        ctx.ring();
    }
    Ok(v)
}

/// Refuses a completed upload: deletes the object, records why, answers 422 with the code.
async fn reject(
    ctx: &Ctx,
    p: &Principal,
    v: &Version,
    key: &ObjectKey,
    code: certa_domain::ErrorCode,
    message: String,
) -> Result<Version, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    // Only the state that was checked is refused: a concurrent completion of the same
    // bytes came to the same verdict and does the work.
    if ev::reject_version(&tx, v.id, &[v.status], status::REJECTED, &message).await? {
        audit::append(
            &tx,
            &p.actor(),
            "evidence.upload_rejected",
            &format!("evidence:{}", v.item_id),
            json!({"version": v.id, "code": code, "reason": message}),
        )
        .await?;
        tx.commit().await?;
        if let Err(e) = ctx.storage.delete(key).await {
            tracing::error!(error = %e, key = %key, "could not delete a refused upload");
        }
        // On S3 `key` is Certa's copy; the object at the upload address goes too.
        if let Ok(first) = v.object_key.parse::<ObjectKey>()
            && &first != key
        {
            let _ = ctx.storage.delete(&first).await;
        }
    } else {
        tx.commit().await?;
        // Another request settled this upload; a copy made for this check is unused.
        if v.object_key != key.as_str() {
            let _ = ctx.storage.delete(key).await;
        }
    }
    Err(invalid("file", code, message))
}

/// A file streamed through Certa.
#[derive(Debug, Clone)]
pub struct StreamRequest {
    pub filename: String,
    pub target: Target,
    pub item_id: Option<uuid::Uuid>,
    pub title: Option<String>,
    pub effective_date: Option<String>,
    pub valid_until: Option<String>,
    /// The body's exact length when the transport announced it (`Content-Length`
    /// without a `Content-Encoding`): refused at once when too big, and a body of
    /// another length is refused. Lets the S3 backend send one streamed `PUT`.
    pub announced_size: Option<u64>,
}

/// Stores a body streamed through Certa (constant memory, SHA-256 while reading, the
/// limit enforced while reading), then records the version; a disallowed type is deleted.
pub async fn upload_stream(
    ctx: &Ctx,
    p: &Principal,
    r: StreamRequest,
    body: &mut (dyn tokio::io::AsyncRead + Unpin + Send),
) -> Result<Version, ServiceError> {
    let t = p.tenant()?;
    let prep = prepare(
        &r.filename,
        r.title.as_deref(),
        r.effective_date.as_deref(),
        r.valid_until.as_deref(),
    )?;
    // Check the target and the limit before reading a byte.
    let tx = ctx.db.tenant(t.scope()).await?;
    let limit = u64::from(crate::settings::load(&tx).await?.max_upload_mib) * 1024 * 1024;
    resolve(&tx, t, r.target).await?;
    tx.commit().await?;
    if r.announced_size.is_some_and(|n| n > limit) {
        return Err(storage_error(StorageError::TooLarge { limit }));
    }
    let version_id = uuid::Uuid::now_v7();
    let key = ObjectKey::new(t.id().0, ObjectKind::Evidence, version_id);
    let stored = match r.announced_size {
        Some(size) => ctx.storage.put_stream_sized(&key, body, size, limit).await,
        None => ctx.storage.put_stream(&key, body, limit).await,
    }
    .map_err(storage_error)?;
    let Some(sniffed) = stored.sniffed else {
        let _ = ctx.storage.delete(&key).await;
        return Err(invalid(
            "file",
            ErrorCode::TypeNotAllowed,
            "the file is not of an allowed type (PDF, image, office document, text, CSV, ZIP)",
        ));
    };
    let result = async {
        let tx = ctx.db.tenant(t.scope()).await?;
        let item = item_for(&tx, p, t, r.target, r.item_id, &prep.title).await?;
        ev::create_version(&tx, version_id, ev::NewVersion {
            item_id: item.id,
            object_key: key.to_string(),
            filename: prep.filename.clone(),
            size: i64::try_from(stored.size).unwrap_or(i64::MAX),
            sha256: Some(stored.sha256_hex.clone()),
            content_type: Some(sniffed.mime.to_string()),
            status: status::AVAILABLE,
            uploaded_by: p.actor().label,
            uploaded_by_client: t.client,
            effective_date: prep.effective_date.clone(),
            valid_until: prep.valid_until.clone(),
            upload_expires_at: None,
        }).await?;
        audit::append(&tx, &p.actor(), "evidence.uploaded", &format!("evidence:{}", item.id),
            json!({"version": version_id, "size": stored.size, "sha256": stored.sha256_hex, "type": sniffed.mime, "streamed": true})).await?;
        let mailed = mail_uploaded(&tx, &item, &prep.filename).await?;
        let v = ev::version(&tx, version_id).await?.ok_or(ServiceError::not_found("upload", ErrorCode::UploadNotFound))?;
        tx.commit().await?;
        Ok::<_, ServiceError>((v, mailed))
    }
    .await;
    match result {
        Ok((v, mailed)) => {
            if mailed {
                ctx.ring();
            }
            Ok(v)
        }
        Err(e) => {
            // No row refers to the object: remove it rather than leave an orphan.
            let _ = ctx.storage.delete(&key).await;
            Err(e)
        }
    }
}

/// Tells the lead auditor of the item's audit that evidence arrived.
async fn mail_uploaded(
    tx: &TenantTx,
    item: &EvidenceItem,
    filename: &str,
) -> Result<bool, ServiceError> {
    let Some(audit_id) = item.audit_id else {
        return Ok(false);
    };
    let Some(a) = audits::by_id(tx, AuditId(audit_id)).await? else {
        return Ok(false);
    };
    let client = clients::by_id(tx, ClientId(a.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    for m in audits::team(tx, AuditId(a.id)).await? {
        if m.role == TeamRole::Lead
            && let Some(r) = personnel::by_id(tx, AuditorId(m.auditor_id)).await?
        {
            crate::mail::enqueue(
                tx,
                &r.email,
                &crate::mail::Mail::EvidenceUploaded {
                    client_name: client,
                    kind: a.kind.label().to_string(),
                    title: item.title.clone(),
                    filename: filename.to_string(),
                    audit_id: a.id,
                },
            )
            .await?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// How to download a version.
pub enum Download {
    /// Send the client there (presigned, short-lived).
    Redirect(String),
    /// Stream these bytes with this type and file name.
    Stream {
        stream: certa_storage::ObjectStream,
        content_type: String,
        filename: String,
        size: u64,
    },
}

/// A download by someone who may see the evidence; recorded in the audit trail.
pub async fn download(
    ctx: &Ctx,
    p: &Principal,
    version_id: uuid::Uuid,
) -> Result<Download, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let nf = || ServiceError::not_found("evidence", ErrorCode::EvidenceNotFound);
    let v = ev::version(&tx, version_id)
        .await?
        .filter(|v| v.status == status::AVAILABLE)
        .ok_or_else(nf)?;
    let item = ev::item(&tx, v.item_id)
        .await?
        .filter(|i| may_see(t, i))
        .ok_or_else(nf)?;
    audit::append(
        &tx,
        &p.actor(),
        "evidence.downloaded",
        &format!("evidence:{}", item.id),
        json!({"version": version_id}),
    )
    .await?;
    tx.commit().await?;
    let key: ObjectKey = v.object_key.parse().map_err(|_| nf())?;
    let content_type = v
        .content_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".into());
    if ctx.storage.supports_presign() {
        let pre = ctx
            .storage
            .presign_get(&key, DOWNLOAD_TTL, &v.filename, &content_type)
            .await
            .map_err(storage_error)?;
        return Ok(Download::Redirect(pre.url));
    }
    let stream = ctx.storage.get_stream(&key).await.map_err(storage_error)?;
    Ok(Download::Stream {
        stream,
        content_type,
        filename: v.filename,
        size: u64::try_from(v.size).unwrap_or(0),
    })
}

/// Withdraws an evidence item: it disappears from lists; the record and the file stay
/// for the tenant's retention period.
pub async fn withdraw(
    ctx: &Ctx,
    p: &Principal,
    item_id: uuid::Uuid,
    reason: &str,
) -> Result<(), ServiceError> {
    let t = p.tenant()?;
    let reason = certa_domain::clients::required_text("reason", reason)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let item = ev::item(&tx, item_id)
        .await?
        .filter(|i| may_see(t, i))
        .ok_or(ServiceError::not_found(
            "evidence",
            ErrorCode::EvidenceNotFound,
        ))?;
    if !may_change(&tx, t, &item).await? {
        return Err(ServiceError::Forbidden);
    }
    if !ev::withdraw(&tx, item.id, &p.actor().label, &reason).await? {
        return Err(ServiceError::conflict(
            ErrorCode::EvidenceWithdrawn,
            "the evidence was already withdrawn",
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "evidence.withdrawn",
        &format!("evidence:{}", item.id),
        json!({"reason": reason}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Evidence of a target, for those who may see it.
pub async fn of_target(
    ctx: &Ctx,
    p: &Principal,
    target: Target,
) -> Result<Vec<(EvidenceItem, Vec<Version>)>, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let (client, _) = resolve_view(&tx, t, target).await?;
    let l = ev::for_targets(&tx, target.kind(), &[target.id()]).await?;
    tx.commit().await?;
    Ok(l.into_iter()
        .filter(|(_, i, v)| {
            i.client_id == client
                && i.withdrawn_at.is_none()
                && v.iter().any(|x| x.status == status::AVAILABLE)
        })
        .map(|(_, i, v)| (i, v))
        .collect())
}

async fn resolve_view(
    tx: &TenantTx,
    t: &TenantCtx,
    target: Target,
) -> Result<(uuid::Uuid, uuid::Uuid), ServiceError> {
    if t.client.is_none() {
        // Staff who view clients see evidence (as they see the audit's checklist).
        if !t.roles.allows(Action::ViewClients) {
            return Err(ServiceError::Forbidden);
        }
        let a = target_audit(tx, target).await?;
        return Ok((a.client_id, a.id));
    }
    resolve(tx, t, target).await
}

/// Evidence linked to the items and nonconformities of an audit, in one pass (the
/// workspace's evidence panel).
pub async fn of_audit(
    tx: &TenantTx,
    audit_id: uuid::Uuid,
) -> Result<Vec<(TargetKind, uuid::Uuid, EvidenceItem, Vec<Version>)>, ServiceError> {
    let items: Vec<uuid::Uuid> = fw::items(tx, audit_id)
        .await?
        .iter()
        .map(|i| i.id)
        .collect();
    let ncs: Vec<uuid::Uuid> = fw::ncs_of_audit(tx, audit_id)
        .await?
        .iter()
        .map(|n| n.id)
        .collect();
    let mut out = Vec::new();
    for (kind, ids) in [
        (TargetKind::ChecklistItem, items),
        (TargetKind::Nonconformity, ncs),
    ] {
        for (l, i, v) in ev::for_targets(tx, kind, &ids).await? {
            if i.withdrawn_at.is_none() && v.iter().any(|x| x.status == status::AVAILABLE) {
                out.push((kind, l.target_id, i, v));
            }
        }
    }
    Ok(out)
}

/// How far back the first visit of the dashboard looks for evidence that arrived.
pub const FIRST_VISIT_DAYS: i64 = 14;

/// Most uploads the dashboard lists at once.
pub const ARRIVED_LIMIT: u64 = 50;

/// Evidence that arrived since the auditor's previous visit of their dashboard.
#[derive(Debug, Clone)]
pub struct Arrivals {
    /// What client users uploaded on audits the person is on the team of, newest first
    /// (at most [`ARRIVED_LIMIT`]).
    pub items: Vec<Arrived>,
    /// More arrived than are listed.
    pub more: bool,
    /// Whether the member has a personnel record (and so may be on audit teams); without
    /// one nothing can arrive for them.
    pub on_team: bool,
    /// The previous visit; `None` on the first (the list then covers the last
    /// [`FIRST_VISIT_DAYS`] days).
    pub since: Option<chrono::DateTime<chrono::Utc>>,
}

/// The evidence client users uploaded since the member's previous visit of the dashboard
/// (the first time: the last [`FIRST_VISIT_DAYS`] days), for the checklist items and
/// nonconformities of audits they are on the team of; then records this visit.
///
/// The moment the list is read is the new mark, and the list stops there: an upload that
/// becomes available while the page is being made falls after the mark and shows at the
/// next visit. The mark is moved in one conditional statement that only moves it
/// forward, so two visits at once neither lose an upload nor turn it back. (An upload
/// stamped available just before the read but committed just after it, within the same
/// few milliseconds, is not listed; its lead auditor is mailed about every upload.)
pub async fn arrived_since_last_visit(ctx: &Ctx, p: &Principal) -> Result<Arrivals, ServiceError> {
    let t = p.authorize(Action::ConductAudits)?;
    if t.client.is_some() {
        return Err(ServiceError::Forbidden);
    }
    let read_at = chrono::Utc::now();
    let since = t.membership.dashboard_seen_at;
    let after = since.unwrap_or_else(|| read_at - chrono::Duration::days(FIRST_VISIT_DAYS));
    let tx = ctx.db.tenant(t.scope()).await?;
    let me = personnel::by_membership(&tx, t.membership_id()).await?;
    let mut items = match &me {
        Some(me) => ev::arrived(&tx, me.id, after, read_at, ARRIVED_LIMIT + 1).await?,
        None => Vec::new(),
    };
    certa_store::repo::memberships::mark_dashboard_seen(&tx, t.membership_id(), read_at).await?;
    tx.commit().await?;
    let more = items.len() as u64 > ARRIVED_LIMIT;
    items.truncate(ARRIVED_LIMIT as usize);
    Ok(Arrivals {
        items,
        more,
        on_team: me.is_some(),
        since,
    })
}

/// Removes the objects of direct uploads that were never completed (run daily, per
/// tenant): pending, stuck while a body arrived, or stored but never completed, an hour
/// after their address expired. Each is marked `expired` only if still in the state read
/// (a completion that got there first wins), in a short transaction; the objects are
/// deleted afterwards, outside any transaction.
pub async fn sweep_stale_uploads(
    ctx: &Ctx,
    tenant: certa_store::TenantScope,
) -> Result<usize, ServiceError> {
    sweep_stale_uploads_at(ctx, tenant, chrono::Utc::now()).await
}

/// [`sweep_stale_uploads`] as run at `now`.
pub async fn sweep_stale_uploads_at(
    ctx: &Ctx,
    tenant: certa_store::TenantScope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, ServiceError> {
    let before = now - chrono::Duration::hours(1);
    let tx = ctx.db.tenant(tenant).await?;
    let stale = ev::stale_uploads(&tx, before).await?;
    let mut expired = Vec::new();
    for v in stale {
        if ev::reject_version(
            &tx,
            v.id,
            &[v.status],
            status::EXPIRED,
            "the upload was not completed in time",
        )
        .await?
        {
            expired.push(v);
        }
    }
    tx.commit().await?;
    for v in &expired {
        if let Ok(key) = v.object_key.parse::<ObjectKey>() {
            // A partial file left behind is unreachable (its version is expired).
            let _ = ctx.storage.delete(&key).await;
        }
    }
    Ok(expired.len())
}

/// The evidence panel of an audit (staff who may see the client).
pub async fn audit_evidence(
    ctx: &Ctx,
    p: &Principal,
    audit_id: AuditId,
) -> Result<Vec<(TargetKind, uuid::Uuid, EvidenceItem, Vec<Version>)>, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    audits::by_id(&tx, audit_id)
        .await?
        .ok_or(ServiceError::not_found("audit", ErrorCode::AuditNotFound))?;
    let l = of_audit(&tx, audit_id.0).await?;
    tx.commit().await?;
    Ok(l)
}

/// Evidence for the portal's requests: the client's items linked to these checklist items.
pub async fn for_items(
    ctx: &Ctx,
    p: &Principal,
    items: &[uuid::Uuid],
) -> Result<Vec<(uuid::Uuid, EvidenceItem, Vec<Version>)>, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let l = ev::for_targets(&tx, TargetKind::ChecklistItem, items).await?;
    tx.commit().await?;
    Ok(l.into_iter()
        .filter(|(_, i, v)| {
            may_see(t, i)
                && i.withdrawn_at.is_none()
                && v.iter().any(|x| x.status == status::AVAILABLE)
        })
        .map(|(l, i, v)| (l.target_id, i, v))
        .collect())
}

/// Deletes the files of evidence withdrawn longer ago than the tenant's retention period
/// (run daily, per tenant); the records stay, marked `purged`. What to delete is read and
/// committed first, the files are deleted outside any transaction, and the deletions are
/// recorded in a new short transaction. A storage failure keeps what was deleted before
/// it and answers the error (the run is retried).
pub async fn purge_withdrawn(
    ctx: &Ctx,
    tenant: certa_store::TenantScope,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, ServiceError> {
    let tx = ctx.db.tenant(tenant).await?;
    let years = crate::settings::load(&tx).await?.retention_years;
    let Some(before) = now.checked_sub_months(chrono::Months::new(years.saturating_mul(12))) else {
        tx.commit().await?;
        return Ok(0);
    };
    let old = ev::withdrawn_before(&tx, before).await?;
    tx.commit().await?;
    let mut deleted = Vec::new();
    let mut failure = None;
    for v in &old {
        if let Ok(key) = v.object_key.parse::<ObjectKey>()
            && let Err(e) = ctx.storage.delete(&key).await
        {
            failure = Some(e);
            break;
        }
        deleted.push(v.id);
    }
    let mut purged = 0;
    if !deleted.is_empty() {
        let tx = ctx.db.tenant(tenant).await?;
        for id in &deleted {
            if ev::reject_version(
                &tx,
                *id,
                &[status::AVAILABLE],
                status::PURGED,
                "retention period ended after withdrawal",
            )
            .await?
            {
                purged += 1;
            }
        }
        tx.commit().await?;
    }
    match failure {
        Some(e) => Err(storage_error(e)),
        None => Ok(purged),
    }
}

/// Whether the portal's upload script sends files straight to the store: always for the
/// local store (Certa's own signed address, same origin), for S3 only when its CORS rules
/// allow Certa's origin (setting `CERTA_S3_BROWSER_DIRECT`); otherwise the script streams
/// the file through Certa.
pub fn browser_direct(ctx: &Ctx) -> bool {
    !ctx.storage.supports_presign() || ctx.config.s3_browser_direct
}
