//! Personnel records of one tenant.

use super::now;
use crate::entity::{auditor, auditor_absence, auditor_conflict, auditor_qualification};
use crate::{StoreError, TenantTx, Tx};
use certa_domain::personnel::{AuditorStatus, ConflictKind, Function};
use certa_domain::{AbsenceId, AuditorId, ConflictId, MembershipId, QualificationId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};

pub use auditor::Model as Auditor;
pub use auditor_absence::Model as Absence;
pub use auditor_conflict::Model as Conflict;
pub use auditor_qualification::Model as Qualification;

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
    .await?)
}

/// Replaces a record's fields.
pub async fn update(tx: &TenantTx, a: Auditor, f: AuditorFields) -> Result<Auditor, StoreError> {
    let mut m = a.into_active_model();
    m.membership_id = Set(f.membership_id);
    m.name = Set(f.name);
    m.email = Set(f.email);
    m.status = Set(f.status.into());
    m.notes = Set(f.notes);
    m.updated_at = Set(now());
    Ok(m.update(tx.conn()).await?)
}

/// Every record, by name.
pub async fn list(tx: &TenantTx) -> Result<Vec<Auditor>, StoreError> {
    Ok(auditor::Entity::find()
        .filter(auditor::Column::TenantId.eq(tx.tid()))
        .order_by_asc(auditor::Column::Name)
        .all(tx.conn())
        .await?)
}

/// Finds a record.
pub async fn by_id(tx: &TenantTx, id: AuditorId) -> Result<Option<Auditor>, StoreError> {
    Ok(auditor::Entity::find()
        .filter(auditor::Column::TenantId.eq(tx.tid()))
        .filter(auditor::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?)
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
        .await?)
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
        valid_from: Set(valid_from),
        valid_until: Set(valid_until),
        evidence: Set(evidence),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?)
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
        .await?)
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
        ended_on: Set(ended_on),
        note: Set(note),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?)
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
        .await?)
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
        .filter(auditor_absence::Column::StartsOn.lte(to))
        .filter(auditor_absence::Column::EndsOn.gte(from))
        .order_by_asc(auditor_absence::Column::StartsOn)
        .all(tx.conn())
        .await?)
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
        starts_on: Set(starts_on),
        ends_on: Set(ends_on),
        reason: Set(reason),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?)
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
        .filter(q::Column::ValidUntil.gte(from))
        .filter(q::Column::ValidUntil.lte(until))
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
            Some((r, a))
        })
        .collect())
}
