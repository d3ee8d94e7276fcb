//! Scheduled audits and their teams (one tenant).

use super::now;
use crate::entity::{audit_team_member, auditor, client, programme_audit, scheduled_audit};
use crate::{StoreError, TenantTx, Tx};
use certa_domain::{AuditId, AuditorId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, RelationDef, Select, Set,
};

pub use audit_team_member::Model as TeamMember;
pub use scheduled_audit::Model as ScheduledAudit;

/// Fields of a new audit.
#[derive(Debug, Clone)]
pub struct NewAudit {
    pub programme_id: uuid::Uuid,
    pub programme_audit_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub kind: String,
    pub standards: String,
    pub technical_areas: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// Creates an audit and marks its programme entry scheduled.
pub async fn create(tx: &TenantTx, n: NewAudit) -> Result<ScheduledAudit, StoreError> {
    let t = now();
    let a = scheduled_audit::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(AuditId::new().0),
        programme_id: Set(n.programme_id),
        programme_audit_id: Set(n.programme_audit_id),
        client_id: Set(n.client_id),
        kind: Set(n.kind),
        standards: Set(n.standards),
        technical_areas: Set(n.technical_areas),
        starts_on: Set(n.starts_on),
        ends_on: Set(n.ends_on),
        status: Set("planned".into()),
        override_justification: Set(None),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(tx.conn())
    .await?;
    programme_audit::Entity::update_many()
        .col_expr(programme_audit::Column::Status, Expr::value("scheduled"))
        .filter(programme_audit::Column::TenantId.eq(tx.tid()))
        .filter(programme_audit::Column::Id.eq(n.programme_audit_id))
        .exec(tx.conn())
        .await?;
    Ok(a)
}

/// Finds an audit.
pub async fn by_id(tx: &TenantTx, id: AuditId) -> Result<Option<ScheduledAudit>, StoreError> {
    Ok(scheduled_audit::Entity::find()
        .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
        .filter(scheduled_audit::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?)
}

/// The team of an audit.
pub async fn team(tx: &TenantTx, id: AuditId) -> Result<Vec<TeamMember>, StoreError> {
    Ok(audit_team_member::Entity::find()
        .filter(audit_team_member::Column::TenantId.eq(tx.tid()))
        .filter(audit_team_member::Column::AuditId.eq(id.0))
        .order_by_asc(audit_team_member::Column::CreatedAt)
        .all(tx.conn())
        .await?)
}

/// Replaces the team of an audit and sets its status.
pub async fn set_team(
    tx: &TenantTx,
    id: AuditId,
    members: &[(uuid::Uuid, String, String)],
    status: &str,
) -> Result<(), StoreError> {
    audit_team_member::Entity::delete_many()
        .filter(audit_team_member::Column::TenantId.eq(tx.tid()))
        .filter(audit_team_member::Column::AuditId.eq(id.0))
        .exec(tx.conn())
        .await?;
    for (auditor, role, days) in members {
        audit_team_member::ActiveModel {
            tenant_id: Set(tx.tid()),
            id: Set(uuid::Uuid::now_v7()),
            audit_id: Set(id.0),
            auditor_id: Set(*auditor),
            role: Set(role.clone()),
            days: Set(days.clone()),
            created_at: Set(now()),
        }
        .insert(tx.conn())
        .await?;
    }
    set_status(tx, id, status, None).await
}

/// Sets an audit's status (and the override justification, when confirming over
/// blocking findings).
pub async fn set_status(
    tx: &TenantTx,
    id: AuditId,
    status: &str,
    justification: Option<String>,
) -> Result<(), StoreError> {
    let mut q = scheduled_audit::Entity::update_many()
        .col_expr(scheduled_audit::Column::Status, Expr::value(status))
        .col_expr(scheduled_audit::Column::UpdatedAt, Expr::value(now()));
    if justification.is_some() {
        q = q.col_expr(
            scheduled_audit::Column::OverrideJustification,
            Expr::value(justification),
        );
    }
    q.filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
        .filter(scheduled_audit::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Other audits an auditor is on (for double-booking checks), with their dates.
pub async fn bookings_of(
    tx: &TenantTx,
    auditor: AuditorId,
    except: AuditId,
) -> Result<Vec<ScheduledAudit>, StoreError> {
    let ids: Vec<uuid::Uuid> = audit_team_member::Entity::find()
        .filter(audit_team_member::Column::TenantId.eq(tx.tid()))
        .filter(audit_team_member::Column::AuditorId.eq(auditor.0))
        .filter(audit_team_member::Column::AuditId.ne(except.0))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|m| m.audit_id)
        .collect();
    Ok(scheduled_audit::Entity::find()
        .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
        .filter(scheduled_audit::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?)
}

/// The scheduled audits of a programme.
pub async fn of_programme(
    tx: &TenantTx,
    programme: uuid::Uuid,
) -> Result<Vec<ScheduledAudit>, StoreError> {
    Ok(scheduled_audit::Entity::find()
        .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
        .filter(scheduled_audit::Column::ProgrammeId.eq(programme))
        .order_by_asc(scheduled_audit::Column::StartsOn)
        .all(tx.conn())
        .await?)
}

/// An audit on a calendar, with its client's name.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct CalendarAudit {
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub client_name: String,
    pub kind: String,
    pub status: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// A team member of an audit on a calendar, with the person's name.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct CalendarMember {
    pub audit_id: uuid::Uuid,
    pub auditor_id: uuid::Uuid,
    pub name: String,
    pub role: String,
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

/// From a team member to its audit.
fn team_audit() -> RelationDef {
    audit_team_member::Entity::belongs_to(scheduled_audit::Entity)
        .from((
            audit_team_member::Column::TenantId,
            audit_team_member::Column::AuditId,
        ))
        .to((
            scheduled_audit::Column::TenantId,
            scheduled_audit::Column::Id,
        ))
        .into()
}

fn team_auditor() -> RelationDef {
    audit_team_member::Entity::belongs_to(auditor::Entity)
        .from((
            audit_team_member::Column::TenantId,
            audit_team_member::Column::AuditorId,
        ))
        .to((auditor::Column::TenantId, auditor::Column::Id))
        .into()
}

/// Audits of this tenant that overlap `from..=to` (ISO dates).
fn overlapping_audits(tx: &TenantTx, from: &str, to: &str) -> Select<scheduled_audit::Entity> {
    scheduled_audit::Entity::find()
        .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
        .filter(scheduled_audit::Column::EndsOn.gte(from))
        .filter(scheduled_audit::Column::StartsOn.lte(to))
}

/// The audits that overlap `from..=to` (ISO dates) with their clients' names, by start
/// date — one statement whatever the number of audits. With `auditor`, only the audits
/// that person is on.
pub async fn overlapping(
    tx: &TenantTx,
    from: &str,
    to: &str,
    auditor: Option<AuditorId>,
) -> Result<Vec<CalendarAudit>, StoreError> {
    let mut q = overlapping_audits(tx, from, to);
    if let Some(a) = auditor {
        q = q
            .join(JoinType::InnerJoin, team_audit().rev())
            .filter(audit_team_member::Column::AuditorId.eq(a.0));
    }
    Ok(q.select_only()
        .column(scheduled_audit::Column::Id)
        .column(scheduled_audit::Column::ClientId)
        .column_as(client::Column::LegalName, "client_name")
        .column(scheduled_audit::Column::Kind)
        .column(scheduled_audit::Column::Status)
        .column(scheduled_audit::Column::StartsOn)
        .column(scheduled_audit::Column::EndsOn)
        .join(JoinType::InnerJoin, audit_client())
        .order_by_asc(scheduled_audit::Column::StartsOn)
        .order_by_asc(client::Column::LegalName)
        .order_by_asc(scheduled_audit::Column::Id)
        .into_model::<CalendarAudit>()
        .all(tx.conn())
        .await?)
}

/// The team members of the audits [`overlapping`] answers, with their names — one
/// statement. With `auditor`, only that person's own places (their roles).
pub async fn team_overlapping(
    tx: &TenantTx,
    from: &str,
    to: &str,
    auditor: Option<AuditorId>,
) -> Result<Vec<CalendarMember>, StoreError> {
    // Driven by the audits of the period (an index range), not by every team row.
    let audits = overlapping_audits(tx, from, to)
        .select_only()
        .column(scheduled_audit::Column::Id)
        .into_query();
    let mut q = audit_team_member::Entity::find()
        .select_only()
        .column(audit_team_member::Column::AuditId)
        .column(audit_team_member::Column::AuditorId)
        .column_as(auditor::Column::Name, "name")
        .column(audit_team_member::Column::Role)
        .join(JoinType::InnerJoin, team_auditor())
        .filter(audit_team_member::Column::TenantId.eq(tx.tid()))
        .filter(audit_team_member::Column::AuditId.in_subquery(audits));
    if let Some(a) = auditor {
        q = q.filter(audit_team_member::Column::AuditorId.eq(a.0));
    }
    Ok(q.order_by_asc(audit_team_member::Column::AuditId)
        .order_by_asc(audit_team_member::Column::CreatedAt)
        .into_model::<CalendarMember>()
        .all(tx.conn())
        .await?)
}
