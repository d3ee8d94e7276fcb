//! Personnel records of one tenant.

use super::now;
use crate::dates::{day, day_opt, iso, iso_opt};
use crate::db::Conn;
use crate::entity::{auditor, auditor_absence, auditor_conflict, auditor_qualification};
use crate::{DbEnum, StoreError, TenantTx};
use certa_domain::personnel::{AuditorStatus, ConflictKind, Function};
use certa_domain::{AbsenceId, AuditorId, ConflictId, MembershipId, QualificationId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};

/// A row of `auditors`: personnel records (optionally linked to a member's login).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Auditor {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub membership_id: Option<uuid::Uuid>,
    pub name: String,
    pub email: String,
    pub status: AuditorStatus,
    pub notes: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<auditor::Model> for Auditor {
    fn from(m: auditor::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            membership_id: m.membership_id,
            name: m.name,
            email: m.email,
            status: m.status.0,
            notes: m.notes,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

impl From<Auditor> for auditor::Model {
    fn from(r: Auditor) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            membership_id: r.membership_id,
            name: r.name,
            email: r.email,
            status: DbEnum(r.status),
            notes: r.notes,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A row of `auditor_absences`: periods an auditor is unavailable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Absence {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub auditor_id: uuid::Uuid,
    pub starts_on: String,
    pub ends_on: String,
    pub reason: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<auditor_absence::Model> for Absence {
    fn from(m: auditor_absence::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            auditor_id: m.auditor_id,
            starts_on: iso(m.starts_on),
            ends_on: iso(m.ends_on),
            reason: m.reason,
            created_at: m.created_at,
        }
    }
}

impl TryFrom<Absence> for auditor_absence::Model {
    type Error = StoreError;

    fn try_from(r: Absence) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            id: r.id,
            auditor_id: r.auditor_id,
            starts_on: day(&r.starts_on)?,
            ends_on: day(&r.ends_on)?,
            reason: r.reason,
            created_at: r.created_at,
        })
    }
}

/// A row of `auditor_conflicts`: conflict-of-interest declarations towards a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub auditor_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub kind: ConflictKind,
    pub ended_on: Option<String>,
    pub note: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<auditor_conflict::Model> for Conflict {
    fn from(m: auditor_conflict::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            auditor_id: m.auditor_id,
            client_id: m.client_id,
            kind: m.kind.0,
            ended_on: iso_opt(m.ended_on),
            note: m.note,
            created_at: m.created_at,
        }
    }
}

impl TryFrom<Conflict> for auditor_conflict::Model {
    type Error = StoreError;

    fn try_from(r: Conflict) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            id: r.id,
            auditor_id: r.auditor_id,
            client_id: r.client_id,
            kind: DbEnum(r.kind),
            ended_on: day_opt(r.ended_on.as_deref())?,
            note: r.note,
            created_at: r.created_at,
        })
    }
}

/// A row of `auditor_qualifications`: standard × technical area × function, with validity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qualification {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub auditor_id: uuid::Uuid,
    pub standard_code: String,
    pub technical_area: String,
    pub function: Function,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub evidence: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<auditor_qualification::Model> for Qualification {
    fn from(m: auditor_qualification::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            auditor_id: m.auditor_id,
            standard_code: m.standard_code,
            technical_area: m.technical_area,
            function: m.function.0,
            valid_from: iso(m.valid_from),
            valid_until: iso_opt(m.valid_until),
            evidence: m.evidence,
            created_at: m.created_at,
        }
    }
}

impl TryFrom<Qualification> for auditor_qualification::Model {
    type Error = StoreError;

    fn try_from(r: Qualification) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            id: r.id,
            auditor_id: r.auditor_id,
            standard_code: r.standard_code,
            technical_area: r.technical_area,
            function: DbEnum(r.function),
            valid_from: day(&r.valid_from)?,
            valid_until: day_opt(r.valid_until.as_deref())?,
            evidence: r.evidence,
            created_at: r.created_at,
        })
    }
}

/// Editable fields of a personnel record.
#[derive(Debug, Clone)]
pub struct AuditorFields {
    pub membership_id: Option<uuid::Uuid>,
    pub name: String,
    pub email: String,
    pub status: AuditorStatus,
    pub notes: Option<String>,
}

/// Creates a record.
pub async fn create(tx: &TenantTx, f: AuditorFields) -> Result<Auditor, StoreError> {
    let t = now();
    Ok(auditor::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(AuditorId::new().0),
        membership_id: Set(f.membership_id),
        name: Set(f.name),
        email: Set(f.email),
        status: Set(f.status.into()),
        notes: Set(f.notes),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Replaces a record's fields.
pub async fn update(tx: &TenantTx, a: Auditor, f: AuditorFields) -> Result<Auditor, StoreError> {
    let mut m = auditor::Model::from(a).into_active_model();
    m.membership_id = Set(f.membership_id);
    m.name = Set(f.name);
    m.email = Set(f.email);
    m.status = Set(f.status.into());
    m.notes = Set(f.notes);
    m.updated_at = Set(now());
    Ok(m.update(tx.conn()).await?.into())
}

/// Every record, by name.
pub async fn list(tx: &TenantTx) -> Result<Vec<Auditor>, StoreError> {
    Ok(auditor::Entity::find()
        .filter(auditor::Column::TenantId.eq(tx.tid()))
        .order_by_asc(auditor::Column::Name)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The personnel record linked to a member's login, if any.
pub async fn by_membership(
    tx: &TenantTx,
    membership: MembershipId,
) -> Result<Option<Auditor>, StoreError> {
    Ok(auditor::Entity::find()
        .filter(auditor::Column::TenantId.eq(tx.tid()))
        .filter(auditor::Column::MembershipId.eq(membership.0))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Finds a record.
pub async fn by_id(tx: &TenantTx, id: AuditorId) -> Result<Option<Auditor>, StoreError> {
    Ok(auditor::Entity::find()
        .filter(auditor::Column::TenantId.eq(tx.tid()))
        .filter(auditor::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Unlinks a membership from its personnel record (before the membership is removed;
/// the record itself stays, as 17021-1 7.4 records must).
pub async fn unlink_membership(tx: &TenantTx, membership: MembershipId) -> Result<(), StoreError> {
    auditor::Entity::update_many()
        .col_expr(
            auditor::Column::MembershipId,
            Expr::value(Option::<uuid::Uuid>::None),
        )
        .filter(auditor::Column::TenantId.eq(tx.tid()))
        .filter(auditor::Column::MembershipId.eq(membership.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Qualifications of a record.
pub async fn qualifications(tx: &TenantTx, a: AuditorId) -> Result<Vec<Qualification>, StoreError> {
    Ok(auditor_qualification::Entity::find()
        .filter(auditor_qualification::Column::TenantId.eq(tx.tid()))
        .filter(auditor_qualification::Column::AuditorId.eq(a.0))
        .order_by_asc(auditor_qualification::Column::StandardCode)
        .order_by_asc(auditor_qualification::Column::Function)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Adds a qualification.
#[expect(
    clippy::too_many_arguments,
    reason = "one row, one argument per column"
)]
pub async fn add_qualification(
    tx: &TenantTx,
    a: AuditorId,
    standard_code: String,
    technical_area: String,
    function: Function,
    valid_from: String,
    valid_until: Option<String>,
    evidence: Option<String>,
) -> Result<Qualification, StoreError> {
    Ok(auditor_qualification::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(QualificationId::new().0),
        auditor_id: Set(a.0),
        standard_code: Set(standard_code),
        technical_area: Set(technical_area),
        function: Set(function.into()),
        valid_from: Set(day(&valid_from)?),
        valid_until: Set(day_opt(valid_until.as_deref())?),
        evidence: Set(evidence),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Removes a qualification of a record; false when there was none.
pub async fn remove_qualification(
    tx: &TenantTx,
    a: AuditorId,
    id: QualificationId,
) -> Result<bool, StoreError> {
    let r = auditor_qualification::Entity::delete_many()
        .filter(auditor_qualification::Column::TenantId.eq(tx.tid()))
        .filter(auditor_qualification::Column::AuditorId.eq(a.0))
        .filter(auditor_qualification::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// Conflict declarations of a record.
pub async fn conflicts(tx: &TenantTx, a: AuditorId) -> Result<Vec<Conflict>, StoreError> {
    Ok(auditor_conflict::Entity::find()
        .filter(auditor_conflict::Column::TenantId.eq(tx.tid()))
        .filter(auditor_conflict::Column::AuditorId.eq(a.0))
        .order_by_desc(auditor_conflict::Column::CreatedAt)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Declares a conflict of interest.
pub async fn add_conflict(
    tx: &TenantTx,
    a: AuditorId,
    client: uuid::Uuid,
    kind: ConflictKind,
    ended_on: Option<String>,
    note: Option<String>,
) -> Result<Conflict, StoreError> {
    Ok(auditor_conflict::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(ConflictId::new().0),
        auditor_id: Set(a.0),
        client_id: Set(client),
        kind: Set(kind.into()),
        ended_on: Set(day_opt(ended_on.as_deref())?),
        note: Set(note),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Removes a conflict declaration; false when there was none.
pub async fn remove_conflict(
    tx: &TenantTx,
    a: AuditorId,
    id: ConflictId,
) -> Result<bool, StoreError> {
    let r = auditor_conflict::Entity::delete_many()
        .filter(auditor_conflict::Column::TenantId.eq(tx.tid()))
        .filter(auditor_conflict::Column::AuditorId.eq(a.0))
        .filter(auditor_conflict::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// Unavailability periods of a record, by start.
pub async fn absences(tx: &TenantTx, a: AuditorId) -> Result<Vec<Absence>, StoreError> {
    Ok(auditor_absence::Entity::find()
        .filter(auditor_absence::Column::TenantId.eq(tx.tid()))
        .filter(auditor_absence::Column::AuditorId.eq(a.0))
        .order_by_asc(auditor_absence::Column::StartsOn)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Unavailability periods of a record that overlap `from..=to` (ISO dates), by start.
pub async fn absences_overlapping(
    tx: &TenantTx,
    a: AuditorId,
    from: &str,
    to: &str,
) -> Result<Vec<Absence>, StoreError> {
    Ok(auditor_absence::Entity::find()
        .filter(auditor_absence::Column::TenantId.eq(tx.tid()))
        .filter(auditor_absence::Column::AuditorId.eq(a.0))
        .filter(auditor_absence::Column::StartsOn.lte(day(to)?))
        .filter(auditor_absence::Column::EndsOn.gte(day(from)?))
        .order_by_asc(auditor_absence::Column::StartsOn)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Records an unavailability period.
pub async fn add_absence(
    tx: &TenantTx,
    a: AuditorId,
    starts_on: String,
    ends_on: String,
    reason: Option<String>,
) -> Result<Absence, StoreError> {
    Ok(auditor_absence::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(AbsenceId::new().0),
        auditor_id: Set(a.0),
        starts_on: Set(day(&starts_on)?),
        ends_on: Set(day(&ends_on)?),
        reason: Set(reason),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Removes an unavailability period; false when there was none.
pub async fn remove_absence(
    tx: &TenantTx,
    a: AuditorId,
    id: AbsenceId,
) -> Result<bool, StoreError> {
    let r = auditor_absence::Entity::delete_many()
        .filter(auditor_absence::Column::TenantId.eq(tx.tid()))
        .filter(auditor_absence::Column::AuditorId.eq(a.0))
        .filter(auditor_absence::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// Replaces an auditor's secret calendar link (the old one stops working).
pub async fn replace_calendar_link(
    tx: &TenantTx,
    a: AuditorId,
    token_hash: String,
) -> Result<(), StoreError> {
    use crate::entity::calendar_link as cl;
    cl::Entity::delete_many()
        .filter(cl::Column::TenantId.eq(tx.tid()))
        .filter(cl::Column::AuditorId.eq(a.0))
        .exec(tx.conn())
        .await?;
    cl::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(uuid::Uuid::now_v7()),
        auditor_id: Set(a.0),
        token_hash: Set(token_hash),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?;
    Ok(())
}

/// Qualifications whose validity ends between `from` and `until` (ISO dates, inclusive),
/// with their holder.
pub async fn qualifications_expiring(
    tx: &TenantTx,
    from: &str,
    until: &str,
) -> Result<Vec<(Qualification, Auditor)>, StoreError> {
    use crate::entity::{auditor, auditor_qualification as q};
    let rows = q::Entity::find()
        .filter(q::Column::TenantId.eq(tx.tid()))
        .filter(q::Column::ValidUntil.is_not_null())
        .filter(q::Column::ValidUntil.gte(day(from)?))
        .filter(q::Column::ValidUntil.lte(day(until)?))
        .all(tx.conn())
        .await?;
    let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.auditor_id).collect();
    let people = auditor::Entity::find()
        .filter(auditor::Column::TenantId.eq(tx.tid()))
        .filter(auditor::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let a = people.iter().find(|p| p.id == r.auditor_id)?.clone();
            Some((r.into(), a.into()))
        })
        .collect())
}
