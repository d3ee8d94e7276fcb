//! Evidence items, their versions (files) and links (one tenant).

use super::now;
use crate::dates::{day_opt, iso_opt};
use crate::db::Conn;
use crate::entity::{
    audit_team_member, checklist_item, client, evidence_item, evidence_link, evidence_version,
    nonconformity, scheduled_audit,
};
use crate::{DbEnum, StoreError, TenantTx};
use certa_domain::evidence::{Classification, TargetKind, VersionStatus};
use certa_domain::programme::EntryKind;
use sea_orm::sea_query::{Expr, Func, IntoCondition, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationDef, Set,
};

/// A row of `evidence_items`: an evidence item of a client (its files are versions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceItem {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub audit_id: Option<uuid::Uuid>,
    pub title: String,
    pub classification: Classification,
    pub created_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub withdrawn_at: Option<chrono::DateTime<chrono::Utc>>,
    pub withdrawn_by: Option<String>,
    pub withdrawn_reason: Option<String>,
    /// The client organisation whose user created the item; `None` when the
    /// certification body attached it.
    pub created_by_client: Option<uuid::Uuid>,
}

impl From<evidence_item::Model> for EvidenceItem {
    fn from(m: evidence_item::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            client_id: m.client_id,
            audit_id: m.audit_id,
            title: m.title,
            classification: m.classification.0,
            created_by: m.created_by,
            created_at: m.created_at,
            withdrawn_at: m.withdrawn_at,
            withdrawn_by: m.withdrawn_by,
            withdrawn_reason: m.withdrawn_reason,
            created_by_client: m.created_by_client,
        }
    }
}

impl From<EvidenceItem> for evidence_item::Model {
    fn from(r: EvidenceItem) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            client_id: r.client_id,
            audit_id: r.audit_id,
            title: r.title,
            classification: DbEnum(r.classification),
            created_by: r.created_by,
            created_at: r.created_at,
            withdrawn_at: r.withdrawn_at,
            withdrawn_by: r.withdrawn_by,
            withdrawn_reason: r.withdrawn_reason,
            created_by_client: r.created_by_client,
        }
    }
}

/// A row of `evidence_links`: links of evidence to checklist items and nonconformities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub tenant_id: uuid::Uuid,
    pub evidence_item_id: uuid::Uuid,
    pub target_kind: TargetKind,
    pub target_id: uuid::Uuid,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<evidence_link::Model> for Link {
    fn from(m: evidence_link::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            evidence_item_id: m.evidence_item_id,
            target_kind: m.target_kind.0,
            target_id: m.target_id,
            created_at: m.created_at,
        }
    }
}

impl From<Link> for evidence_link::Model {
    fn from(r: Link) -> Self {
        Self {
            tenant_id: r.tenant_id,
            evidence_item_id: r.evidence_item_id,
            target_kind: DbEnum(r.target_kind),
            target_id: r.target_id,
            created_at: r.created_at,
        }
    }
}

/// A row of `evidence_versions`: one uploaded file of an evidence item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub item_id: uuid::Uuid,
    pub version: i32,
    pub object_key: String,
    pub filename: String,
    pub size: i64,
    pub sha256: Option<String>,
    pub content_type: Option<String>,
    pub status: VersionStatus,
    pub reject_reason: Option<String>,
    pub uploaded_by: String,
    pub effective_date: Option<String>,
    pub valid_until: Option<String>,
    pub upload_expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The client organisation whose user uploaded it; `None` when staff did.
    pub uploaded_by_client: Option<uuid::Uuid>,
}

impl From<evidence_version::Model> for Version {
    fn from(m: evidence_version::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            item_id: m.item_id,
            version: m.version,
            object_key: m.object_key,
            filename: m.filename,
            size: m.size,
            sha256: m.sha256,
            content_type: m.content_type,
            status: m.status.0,
            reject_reason: m.reject_reason,
            uploaded_by: m.uploaded_by,
            effective_date: iso_opt(m.effective_date),
            valid_until: iso_opt(m.valid_until),
            upload_expires_at: m.upload_expires_at,
            created_at: m.created_at,
            completed_at: m.completed_at,
            uploaded_by_client: m.uploaded_by_client,
        }
    }
}

impl TryFrom<Version> for evidence_version::Model {
    type Error = StoreError;

    fn try_from(r: Version) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            id: r.id,
            item_id: r.item_id,
            version: r.version,
            object_key: r.object_key,
            filename: r.filename,
            size: r.size,
            sha256: r.sha256,
            content_type: r.content_type,
            status: DbEnum(r.status),
            reject_reason: r.reject_reason,
            uploaded_by: r.uploaded_by,
            effective_date: day_opt(r.effective_date.as_deref())?,
            valid_until: day_opt(r.valid_until.as_deref())?,
            upload_expires_at: r.upload_expires_at,
            created_at: r.created_at,
            completed_at: r.completed_at,
            uploaded_by_client: r.uploaded_by_client,
        })
    }
}

/// Version states. A direct upload goes `pending` → (`receiving` → `received`, local
/// store only) → `available`, or ends `rejected` / `expired`; a streamed one is
/// `available` at once; the file of a withdrawn item ends `purged`.
pub mod status {
    use certa_domain::evidence::VersionStatus;

    /// Reserved; no bytes yet (or, on S3, maybe sent straight to the bucket).
    pub const PENDING: VersionStatus = VersionStatus::Pending;
    /// A body is being written to the local store under a claim; nothing else may write.
    pub const RECEIVING: VersionStatus = VersionStatus::Receiving;
    /// The local store holds the body; waiting for the completion check.
    pub const RECEIVED: VersionStatus = VersionStatus::Received;
    /// Checked and visible.
    pub const AVAILABLE: VersionStatus = VersionStatus::Available;
    /// The completion check refused it (the object is deleted).
    pub const REJECTED: VersionStatus = VersionStatus::Rejected;
    /// Never completed in time (the object is deleted).
    pub const EXPIRED: VersionStatus = VersionStatus::Expired;
    /// Withdrawn and kept past the retention period (the object is deleted).
    pub const PURGED: VersionStatus = VersionStatus::Purged;
    /// Upload states that end `expired` when left past their window.
    pub const UNFINISHED: [VersionStatus; 3] = [PENDING, RECEIVING, RECEIVED];
}

/// A new evidence item; `by_client` is the client organisation whose user creates it
/// (`None` for the certification body's staff).
pub async fn create_item(
    tx: &TenantTx,
    client: uuid::Uuid,
    audit: Option<uuid::Uuid>,
    title: &str,
    by: &str,
    by_client: Option<uuid::Uuid>,
) -> Result<EvidenceItem, StoreError> {
    Ok(evidence_item::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(uuid::Uuid::now_v7()),
        client_id: Set(client),
        audit_id: Set(audit),
        title: Set(title.to_string()),
        classification: Set(Classification::ClientConfidential.into()),
        created_by: Set(by.to_string()),
        created_at: Set(now()),
        withdrawn_at: Set(None),
        withdrawn_by: Set(None),
        withdrawn_reason: Set(None),
        created_by_client: Set(by_client),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// One item.
pub async fn item(tx: &TenantTx, id: uuid::Uuid) -> Result<Option<EvidenceItem>, StoreError> {
    Ok(evidence_item::Entity::find()
        .filter(evidence_item::Column::TenantId.eq(tx.tid()))
        .filter(evidence_item::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Links an item to a checklist item or a nonconformity (idempotent).
pub async fn link(
    tx: &TenantTx,
    item: uuid::Uuid,
    kind: TargetKind,
    target: uuid::Uuid,
) -> Result<(), StoreError> {
    evidence_link::Entity::insert(evidence_link::ActiveModel {
        tenant_id: Set(tx.tid()),
        evidence_item_id: Set(item),
        target_kind: Set(kind.into()),
        target_id: Set(target),
        created_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([
            evidence_link::Column::TenantId,
            evidence_link::Column::EvidenceItemId,
            evidence_link::Column::TargetKind,
            evidence_link::Column::TargetId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    Ok(())
}

/// Fields of a new version.
#[derive(Debug, Clone)]
pub struct NewVersion {
    pub item_id: uuid::Uuid,
    pub object_key: String,
    pub filename: String,
    pub size: i64,
    pub sha256: Option<String>,
    pub content_type: Option<String>,
    /// `pending` (direct upload under way) or `available`.
    pub status: VersionStatus,
    pub uploaded_by: String,
    /// The client organisation whose user uploads it; `None` for staff.
    pub uploaded_by_client: Option<uuid::Uuid>,
    pub effective_date: Option<String>,
    pub valid_until: Option<String>,
    pub upload_expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Stores a version with the item's next number.
pub async fn create_version(
    tx: &TenantTx,
    id: uuid::Uuid,
    v: NewVersion,
) -> Result<Version, StoreError> {
    let last: Option<i32> = evidence_version::Entity::find()
        .select_only()
        .column_as(evidence_version::Column::Version.max(), "max")
        .filter(evidence_version::Column::TenantId.eq(tx.tid()))
        .filter(evidence_version::Column::ItemId.eq(v.item_id))
        .into_tuple::<Option<i32>>()
        .one(tx.conn())
        .await?
        .flatten();
    let available = v.status == status::AVAILABLE;
    Ok(evidence_version::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(id),
        item_id: Set(v.item_id),
        version: Set(last.unwrap_or(0) + 1),
        object_key: Set(v.object_key),
        filename: Set(v.filename),
        size: Set(v.size),
        sha256: Set(v.sha256),
        content_type: Set(v.content_type),
        status: Set(v.status.into()),
        reject_reason: Set(None),
        uploaded_by: Set(v.uploaded_by),
        effective_date: Set(day_opt(v.effective_date.as_deref())?),
        valid_until: Set(day_opt(v.valid_until.as_deref())?),
        upload_expires_at: Set(v.upload_expires_at),
        created_at: Set(now()),
        completed_at: Set(available.then(now)),
        uploaded_by_client: Set(v.uploaded_by_client),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// One version.
pub async fn version(tx: &TenantTx, id: uuid::Uuid) -> Result<Option<Version>, StoreError> {
    Ok(evidence_version::Entity::find()
        .filter(evidence_version::Column::TenantId.eq(tx.tid()))
        .filter(evidence_version::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Moves a version from the state `from` to `to`, atomically: `false` when it was no longer
/// in `from` (someone else moved it first). An upload to the local store is claimed this
/// way (`pending` → `receiving`) before a byte is written, and only while its window is
/// open (`open_at` before `upload_expires_at`).
pub async fn transition(
    tx: &TenantTx,
    id: uuid::Uuid,
    from: VersionStatus,
    to: VersionStatus,
    open_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<bool, StoreError> {
    let mut q = evidence_version::Entity::update_many()
        .col_expr(evidence_version::Column::Status, Expr::value(DbEnum(to)))
        .filter(evidence_version::Column::TenantId.eq(tx.tid()))
        .filter(evidence_version::Column::Id.eq(id))
        .filter(evidence_version::Column::Status.eq(DbEnum(from)));
    if let Some(at) = open_at {
        q = q.filter(evidence_version::Column::UploadExpiresAt.gt(at));
    }
    Ok(q.exec(tx.conn()).await?.rows_affected > 0)
}

/// Marks a version available with what was found in storage, if it is still in one of the
/// states `from`; `false` otherwise (completed twice, rejected or expired meanwhile, or a
/// body is still arriving).
pub async fn complete_version(
    tx: &TenantTx,
    id: uuid::Uuid,
    from: &[VersionStatus],
    object_key: &str,
    sha256: &str,
    size: i64,
    content_type: &str,
) -> Result<bool, StoreError> {
    let r = evidence_version::Entity::update_many()
        .col_expr(evidence_version::Column::ObjectKey, Expr::value(object_key))
        .col_expr(
            evidence_version::Column::Status,
            Expr::value(DbEnum(status::AVAILABLE)),
        )
        .col_expr(evidence_version::Column::Sha256, Expr::value(Some(sha256)))
        .col_expr(evidence_version::Column::Size, Expr::value(size))
        .col_expr(
            evidence_version::Column::ContentType,
            Expr::value(Some(content_type)),
        )
        .col_expr(
            evidence_version::Column::CompletedAt,
            Expr::value(Some(now())),
        )
        .filter(evidence_version::Column::TenantId.eq(tx.tid()))
        .filter(evidence_version::Column::Id.eq(id))
        .filter(evidence_version::Column::Status.is_in(from.iter().copied().map(DbEnum)))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected > 0)
}

/// Marks a version rejected, expired or purged (`to`) with the reason, if it is still in
/// one of the states `from`; `false` otherwise.
pub async fn reject_version(
    tx: &TenantTx,
    id: uuid::Uuid,
    from: &[VersionStatus],
    to: VersionStatus,
    reason: &str,
) -> Result<bool, StoreError> {
    let r = evidence_version::Entity::update_many()
        .col_expr(evidence_version::Column::Status, Expr::value(DbEnum(to)))
        .col_expr(
            evidence_version::Column::RejectReason,
            Expr::value(Some(reason)),
        )
        .filter(evidence_version::Column::TenantId.eq(tx.tid()))
        .filter(evidence_version::Column::Id.eq(id))
        .filter(evidence_version::Column::Status.is_in(from.iter().copied().map(DbEnum)))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected > 0)
}

/// Items linked to any of the targets, with their versions (newest first), in one pass.
pub async fn for_targets(
    tx: &TenantTx,
    kind: TargetKind,
    targets: &[uuid::Uuid],
) -> Result<Vec<(Link, EvidenceItem, Vec<Version>)>, StoreError> {
    let links = evidence_link::Entity::find()
        .filter(evidence_link::Column::TenantId.eq(tx.tid()))
        .filter(evidence_link::Column::TargetKind.eq(DbEnum(kind)))
        .filter(evidence_link::Column::TargetId.is_in(targets.to_vec()))
        .all(tx.conn())
        .await?;
    let ids: Vec<uuid::Uuid> = links.iter().map(|l| l.evidence_item_id).collect();
    let items = evidence_item::Entity::find()
        .filter(evidence_item::Column::TenantId.eq(tx.tid()))
        .filter(evidence_item::Column::Id.is_in(ids.clone()))
        .all(tx.conn())
        .await?;
    let versions = evidence_version::Entity::find()
        .filter(evidence_version::Column::TenantId.eq(tx.tid()))
        .filter(evidence_version::Column::ItemId.is_in(ids))
        .order_by_desc(evidence_version::Column::Version)
        .all(tx.conn())
        .await?;
    Ok(links
        .into_iter()
        .filter_map(|l| {
            let item = items.iter().find(|i| i.id == l.evidence_item_id)?.clone();
            let vs = versions
                .iter()
                .filter(|v| v.item_id == item.id)
                .cloned()
                .map(Into::into)
                .collect();
            Some((l.into(), item.into(), vs))
        })
        .collect())
}

/// Withdraws an item (kept, with the reason).
pub async fn withdraw(
    tx: &TenantTx,
    id: uuid::Uuid,
    by: &str,
    reason: &str,
) -> Result<bool, StoreError> {
    let r = evidence_item::Entity::update_many()
        .col_expr(evidence_item::Column::WithdrawnAt, Expr::value(Some(now())))
        .col_expr(evidence_item::Column::WithdrawnBy, Expr::value(Some(by)))
        .col_expr(
            evidence_item::Column::WithdrawnReason,
            Expr::value(Some(reason)),
        )
        .filter(evidence_item::Column::TenantId.eq(tx.tid()))
        .filter(evidence_item::Column::Id.eq(id))
        .filter(evidence_item::Column::WithdrawnAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected > 0)
}

/// Unfinished uploads (pending, a body stuck arriving, or stored but never completed)
/// whose window closed before `before`.
pub async fn stale_uploads(
    tx: &TenantTx,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Version>, StoreError> {
    Ok(evidence_version::Entity::find()
        .filter(evidence_version::Column::TenantId.eq(tx.tid()))
        .filter(evidence_version::Column::Status.is_in(status::UNFINISHED.map(DbEnum)))
        .filter(evidence_version::Column::UploadExpiresAt.lt(before))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Versions of items withdrawn before `before` whose files are still kept.
pub async fn withdrawn_before(
    tx: &TenantTx,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Version>, StoreError> {
    let items: Vec<uuid::Uuid> = evidence_item::Entity::find()
        .filter(evidence_item::Column::TenantId.eq(tx.tid()))
        .filter(evidence_item::Column::WithdrawnAt.lt(before))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|i| i.id)
        .collect();
    Ok(evidence_version::Entity::find()
        .filter(evidence_version::Column::TenantId.eq(tx.tid()))
        .filter(evidence_version::Column::ItemId.is_in(items))
        .filter(evidence_version::Column::Status.eq(DbEnum(status::AVAILABLE)))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// A version a client uploaded, with what it answers and where (the auditor's dashboard).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrived {
    pub version_id: uuid::Uuid,
    pub filename: String,
    /// When it became available.
    pub completed_at: chrono::DateTime<chrono::Utc>,
    pub target_kind: TargetKind,
    pub target_id: uuid::Uuid,
    /// The checklist item's reference and title, when it answers one.
    pub item_reference: Option<String>,
    pub item_title: Option<String>,
    /// The nonconformity's number and reference, when it answers one.
    pub nc_number: Option<i32>,
    pub nc_reference: Option<String>,
    pub audit_id: uuid::Uuid,
    pub audit_kind: EntryKind,
    /// The audit's first day (ISO date).
    pub audit_starts_on: String,
    pub client_name: String,
}

/// [`Arrived`] as read.
#[derive(FromQueryResult)]
struct ArrivedRow {
    version_id: uuid::Uuid,
    filename: String,
    completed_at: chrono::DateTime<chrono::Utc>,
    target_kind: DbEnum<TargetKind>,
    target_id: uuid::Uuid,
    item_reference: Option<String>,
    item_title: Option<String>,
    nc_number: Option<i32>,
    nc_reference: Option<String>,
    audit_id: uuid::Uuid,
    audit_kind: DbEnum<EntryKind>,
    audit_starts_on: crate::dates::DbDate,
    client_name: String,
}

impl From<ArrivedRow> for Arrived {
    fn from(r: ArrivedRow) -> Self {
        Self {
            version_id: r.version_id,
            filename: r.filename,
            completed_at: r.completed_at,
            target_kind: r.target_kind.0,
            target_id: r.target_id,
            item_reference: r.item_reference,
            item_title: r.item_title,
            nc_number: r.nc_number,
            nc_reference: r.nc_reference,
            audit_id: r.audit_id,
            audit_kind: r.audit_kind.0,
            audit_starts_on: crate::dates::iso(r.audit_starts_on),
            client_name: r.client_name,
        }
    }
}

/// From a version to its item.
fn version_item() -> RelationDef {
    evidence_version::Entity::belongs_to(evidence_item::Entity)
        .from((
            evidence_version::Column::TenantId,
            evidence_version::Column::ItemId,
        ))
        .to((evidence_item::Column::TenantId, evidence_item::Column::Id))
        .into()
}

/// From an item to its links.
fn item_links() -> RelationDef {
    evidence_link::Entity::belongs_to(evidence_item::Entity)
        .from((
            evidence_link::Column::TenantId,
            evidence_link::Column::EvidenceItemId,
        ))
        .to((evidence_item::Column::TenantId, evidence_item::Column::Id))
        .into()
}

/// From a link to the checklist item it names (none for a nonconformity's link).
fn link_checklist_item() -> RelationDef {
    evidence_link::Entity::belongs_to(checklist_item::Entity)
        .from((
            evidence_link::Column::TenantId,
            evidence_link::Column::TargetId,
        ))
        .to((checklist_item::Column::TenantId, checklist_item::Column::Id))
        .on_condition(|link, _| {
            Expr::col((link, evidence_link::Column::TargetKind))
                .eq(DbEnum(TargetKind::ChecklistItem))
                .into_condition()
        })
        .into()
}

/// From a link to the nonconformity it names (none for a checklist item's link).
fn link_nonconformity() -> RelationDef {
    evidence_link::Entity::belongs_to(nonconformity::Entity)
        .from((
            evidence_link::Column::TenantId,
            evidence_link::Column::TargetId,
        ))
        .to((nonconformity::Column::TenantId, nonconformity::Column::Id))
        .on_condition(|link, _| {
            Expr::col((link, evidence_link::Column::TargetKind))
                .eq(DbEnum(TargetKind::Nonconformity))
                .into_condition()
        })
        .into()
}

/// From a link to the audit of its checklist item or nonconformity.
fn link_audit() -> RelationDef {
    evidence_link::Entity::belongs_to(scheduled_audit::Entity)
        .from(evidence_link::Column::TenantId)
        .to(scheduled_audit::Column::TenantId)
        .on_condition(|_, audit| {
            Expr::col((audit, scheduled_audit::Column::Id))
                .eq(Func::coalesce([
                    Expr::col((checklist_item::Entity, checklist_item::Column::AuditId)).into(),
                    Expr::col((nonconformity::Entity, nonconformity::Column::AuditId)).into(),
                ]))
                .into_condition()
        })
        .into()
}

fn audit_client() -> RelationDef {
    scheduled_audit::Entity::belongs_to(client::Entity)
        .from((
            scheduled_audit::Column::TenantId,
            scheduled_audit::Column::ClientId,
        ))
        .to((client::Column::TenantId, client::Column::Id))
        .into()
}

/// Versions client users uploaded that became available in `after..=until`, for the
/// checklist items and nonconformities of audits `auditor` is on the team of, the newest
/// first, at most `limit` — one statement. A version answering two targets is listed for
/// each; withdrawn items are left out.
pub async fn arrived(
    tx: &TenantTx,
    auditor: uuid::Uuid,
    after: chrono::DateTime<chrono::Utc>,
    until: chrono::DateTime<chrono::Utc>,
    limit: u64,
) -> Result<Vec<Arrived>, StoreError> {
    let teams = Query::select()
        .column(audit_team_member::Column::AuditId)
        .from(audit_team_member::Entity)
        .and_where(audit_team_member::Column::TenantId.eq(tx.tid()))
        .and_where(audit_team_member::Column::AuditorId.eq(auditor))
        .to_owned();
    Ok(evidence_version::Entity::find()
        .select_only()
        .column_as(evidence_version::Column::Id, "version_id")
        .column_as(evidence_version::Column::Filename, "filename")
        .column_as(evidence_version::Column::CompletedAt, "completed_at")
        .column_as(evidence_link::Column::TargetKind, "target_kind")
        .column_as(evidence_link::Column::TargetId, "target_id")
        .column_as(checklist_item::Column::Reference, "item_reference")
        .column_as(checklist_item::Column::Title, "item_title")
        .column_as(nonconformity::Column::Number, "nc_number")
        .column_as(nonconformity::Column::Reference, "nc_reference")
        .column_as(scheduled_audit::Column::Id, "audit_id")
        .column_as(scheduled_audit::Column::Kind, "audit_kind")
        .column_as(scheduled_audit::Column::StartsOn, "audit_starts_on")
        .column_as(client::Column::LegalName, "client_name")
        .join(JoinType::InnerJoin, version_item())
        .join(JoinType::InnerJoin, item_links().rev())
        .join(JoinType::LeftJoin, link_checklist_item())
        .join(JoinType::LeftJoin, link_nonconformity())
        .join(JoinType::InnerJoin, link_audit())
        .join(JoinType::InnerJoin, audit_client())
        .filter(evidence_version::Column::TenantId.eq(tx.tid()))
        .filter(evidence_version::Column::Status.eq(DbEnum(status::AVAILABLE)))
        .filter(evidence_version::Column::UploadedByClient.is_not_null())
        .filter(evidence_version::Column::CompletedAt.gt(after))
        .filter(evidence_version::Column::CompletedAt.lte(until))
        .filter(evidence_item::Column::WithdrawnAt.is_null())
        .filter(scheduled_audit::Column::Id.in_subquery(teams))
        .order_by_desc(evidence_version::Column::CompletedAt)
        .order_by_desc(evidence_version::Column::Id)
        .limit(limit)
        .into_model::<ArrivedRow>()
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}
