//! Scheduled audits and their teams (one tenant).

use super::lists::{self, AUDIT_STANDARDS, AUDIT_TECHNICAL_AREAS, Listed2};
use super::now;
use crate::dates::{day, day_opt, iso, iso_opt};
use crate::db::Conn;
use crate::entity::{audit_team_member, auditor, client, programme_audit, scheduled_audit};
use crate::{DbEnum, StoreError, TenantTx};
use certa_domain::audit_status::{AuditStatus, Remote};
use certa_domain::programme::{EntryKind, EntryStatus};
use certa_domain::team::{ObjectionStatus, TeamRole};
use certa_domain::{AuditId, AuditorId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, RelationDef, Select, Set,
};

/// A row of `audit_team`: the proposed team of an audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamMember {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub audit_id: uuid::Uuid,
    pub auditor_id: uuid::Uuid,
    pub role: TeamRole,
    pub days: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<audit_team_member::Model> for TeamMember {
    fn from(m: audit_team_member::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            audit_id: m.audit_id,
            auditor_id: m.auditor_id,
            role: m.role.0,
            days: m.days,
            created_at: m.created_at,
        }
    }
}

impl From<TeamMember> for audit_team_member::Model {
    fn from(r: TeamMember) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            audit_id: r.audit_id,
            auditor_id: r.auditor_id,
            role: DbEnum(r.role),
            days: r.days,
            created_at: r.created_at,
        }
    }
}

/// A row of `audits`: a scheduled audit of a programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduledAudit {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub programme_id: uuid::Uuid,
    pub programme_audit_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub kind: EntryKind,
    /// The standards audited, in the order of the programme.
    pub standards: Vec<String>,
    /// The technical areas covered, in the order given.
    pub technical_areas: Vec<String>,
    pub starts_on: String,
    pub ends_on: String,
    pub status: AuditStatus,
    pub override_justification: Option<String>,
    pub objection_deadline: Option<String>,
    /// The iCalendar `SEQUENCE`: incremented on every change of the audit.
    pub sequence: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<Listed2<scheduled_audit::Model>> for ScheduledAudit {
    fn from(
        Listed2 {
            model: m,
            lists: (standards, technical_areas),
        }: Listed2<scheduled_audit::Model>,
    ) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            programme_id: m.programme_id,
            programme_audit_id: m.programme_audit_id,
            client_id: m.client_id,
            kind: m.kind.0,
            standards,
            technical_areas,
            starts_on: iso(m.starts_on),
            ends_on: iso(m.ends_on),
            status: m.status.0,
            override_justification: m.override_justification,
            objection_deadline: iso_opt(m.objection_deadline),
            sequence: m.sequence,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

impl TryFrom<ScheduledAudit> for scheduled_audit::Model {
    type Error = StoreError;

    fn try_from(r: ScheduledAudit) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            id: r.id,
            programme_id: r.programme_id,
            programme_audit_id: r.programme_audit_id,
            client_id: r.client_id,
            kind: DbEnum(r.kind),
            starts_on: day(&r.starts_on)?,
            ends_on: day(&r.ends_on)?,
            status: DbEnum(r.status),
            override_justification: r.override_justification,
            objection_deadline: day_opt(r.objection_deadline.as_deref())?,
            sequence: r.sequence,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

/// Fields of a new audit.
#[derive(Debug, Clone)]
pub struct NewAudit {
    pub programme_id: uuid::Uuid,
    pub programme_audit_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub kind: EntryKind,
    pub standards: Vec<String>,
    pub technical_areas: Vec<String>,
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
        kind: Set(n.kind.into()),
        starts_on: Set(day(&n.starts_on)?),
        ends_on: Set(day(&n.ends_on)?),
        status: Set(AuditStatus::Planned.into()),
        override_justification: Set(None),
        objection_deadline: Set(None),
        sequence: Set(0),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(tx.conn())
    .await?;
    programme_audit::Entity::update_many()
        .col_expr(
            programme_audit::Column::Status,
            Expr::value(DbEnum(EntryStatus::Scheduled)),
        )
        .filter(programme_audit::Column::TenantId.eq(tx.tid()))
        .filter(programme_audit::Column::Id.eq(n.programme_audit_id))
        .exec(tx.conn())
        .await?;
    let lists = (
        lists::normalize(&n.standards),
        lists::normalize(&n.technical_areas),
    );
    AUDIT_STANDARDS
        .insert(tx, vec![(vec![a.id.into()], lists.0.clone())])
        .await?;
    AUDIT_TECHNICAL_AREAS
        .insert(tx, vec![(vec![a.id.into()], lists.1.clone())])
        .await?;
    Ok(Listed2 { model: a, lists }.into())
}

/// Adds the audit's lists to a query of audits.
fn listed(
    q: Select<scheduled_audit::Entity>,
) -> sea_orm::Selector<sea_orm::SelectModel<Listed2<scheduled_audit::Model>>> {
    lists::with_lists(q, &AUDIT_STANDARDS, &AUDIT_TECHNICAL_AREAS)
}

/// Finds an audit.
pub async fn by_id(tx: &TenantTx, id: AuditId) -> Result<Option<ScheduledAudit>, StoreError> {
    Ok(listed(
        scheduled_audit::Entity::find()
            .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
            .filter(scheduled_audit::Column::Id.eq(id.0)),
    )
    .one(tx.conn())
    .await?
    .map(Into::into))
}

/// The team of an audit.
pub async fn team(tx: &TenantTx, id: AuditId) -> Result<Vec<TeamMember>, StoreError> {
    Ok(audit_team_member::Entity::find()
        .filter(audit_team_member::Column::TenantId.eq(tx.tid()))
        .filter(audit_team_member::Column::AuditId.eq(id.0))
        .order_by_asc(audit_team_member::Column::CreatedAt)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Replaces the team of an audit and sets its status.
pub async fn set_team(
    tx: &TenantTx,
    id: AuditId,
    members: &[(uuid::Uuid, TeamRole, String)],
    status: AuditStatus,
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
            role: Set((*role).into()),
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
    status: AuditStatus,
    justification: Option<String>,
) -> Result<(), StoreError> {
    let mut q = scheduled_audit::Entity::update_many()
        .col_expr(scheduled_audit::Column::Status, Expr::value(DbEnum(status)))
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

/// Other audits an auditor is on (for double-booking checks), with their dates; cancelled
/// audits book nobody.
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
    Ok(listed(
        scheduled_audit::Entity::find()
            .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
            .filter(scheduled_audit::Column::Id.is_in(ids))
            .filter(scheduled_audit::Column::Status.ne(DbEnum(AuditStatus::Cancelled))),
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// The scheduled audits of a programme.
pub async fn of_programme(
    tx: &TenantTx,
    programme: uuid::Uuid,
) -> Result<Vec<ScheduledAudit>, StoreError> {
    Ok(listed(
        scheduled_audit::Entity::find()
            .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
            .filter(scheduled_audit::Column::ProgrammeId.eq(programme))
            .order_by_asc(scheduled_audit::Column::StartsOn),
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// A row of `audit_plans`: the plan of an audit (remote use, agenda).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub tenant_id: uuid::Uuid,
    pub audit_id: uuid::Uuid,
    pub remote: Remote,
    pub ict_risk_note: Option<String>,
    pub agenda: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<crate::entity::audit_plan::Model> for Plan {
    fn from(m: crate::entity::audit_plan::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            audit_id: m.audit_id,
            remote: m.remote.0,
            ict_risk_note: m.ict_risk_note,
            agenda: m.agenda,
            updated_at: m.updated_at,
        }
    }
}

impl From<Plan> for crate::entity::audit_plan::Model {
    fn from(r: Plan) -> Self {
        Self {
            tenant_id: r.tenant_id,
            audit_id: r.audit_id,
            remote: DbEnum(r.remote),
            ict_risk_note: r.ict_risk_note,
            agenda: r.agenda,
            updated_at: r.updated_at,
        }
    }
}

/// A row of `team_objections`: a client's objection to a proposed team member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Objection {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub audit_id: uuid::Uuid,
    pub auditor_id: uuid::Uuid,
    pub reason: String,
    pub raised_by: String,
    pub status: ObjectionStatus,
    pub resolution_note: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub resolved_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<crate::entity::team_objection::Model> for Objection {
    fn from(m: crate::entity::team_objection::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            audit_id: m.audit_id,
            auditor_id: m.auditor_id,
            reason: m.reason,
            raised_by: m.raised_by,
            status: m.status.0,
            resolution_note: m.resolution_note,
            created_at: m.created_at,
            resolved_at: m.resolved_at,
        }
    }
}

impl From<Objection> for crate::entity::team_objection::Model {
    fn from(r: Objection) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            audit_id: r.audit_id,
            auditor_id: r.auditor_id,
            reason: r.reason,
            raised_by: r.raised_by,
            status: DbEnum(r.status),
            resolution_note: r.resolution_note,
            created_at: r.created_at,
            resolved_at: r.resolved_at,
        }
    }
}

/// The plan of an audit with the ids of the sites it visits.
pub async fn plan(
    tx: &TenantTx,
    id: AuditId,
) -> Result<Option<(Plan, Vec<uuid::Uuid>)>, StoreError> {
    use crate::entity::{audit_plan, audit_plan_site};
    let Some(p) = audit_plan::Entity::find()
        .filter(audit_plan::Column::TenantId.eq(tx.tid()))
        .filter(audit_plan::Column::AuditId.eq(id.0))
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    let sites = audit_plan_site::Entity::find()
        .filter(audit_plan_site::Column::TenantId.eq(tx.tid()))
        .filter(audit_plan_site::Column::AuditId.eq(id.0))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|s| s.site_id)
        .collect();
    Ok(Some((p.into(), sites)))
}

/// Replaces the plan of an audit.
pub async fn put_plan(
    tx: &TenantTx,
    id: AuditId,
    remote: Remote,
    ict_risk_note: Option<String>,
    agenda_json: String,
    sites: &[uuid::Uuid],
) -> Result<(), StoreError> {
    use crate::entity::{audit_plan, audit_plan_site};
    audit_plan::Entity::delete_many()
        .filter(audit_plan::Column::TenantId.eq(tx.tid()))
        .filter(audit_plan::Column::AuditId.eq(id.0))
        .exec(tx.conn())
        .await?;
    audit_plan::ActiveModel {
        tenant_id: Set(tx.tid()),
        audit_id: Set(id.0),
        remote: Set(remote.into()),
        ict_risk_note: Set(ict_risk_note),
        agenda: Set(agenda_json),
        updated_at: Set(now()),
    }
    .insert(tx.conn())
    .await?;
    for s in sites {
        audit_plan_site::ActiveModel {
            tenant_id: Set(tx.tid()),
            audit_id: Set(id.0),
            site_id: Set(*s),
        }
        .insert(tx.conn())
        .await?;
    }
    Ok(())
}

/// Records a change of the audit (dates, team, plan, status): increments its iCalendar
/// `SEQUENCE` in the database (`sequence = sequence + 1`, so concurrent changes each
/// count) and returns the new value.
pub async fn bump_sequence(tx: &TenantTx, id: AuditId) -> Result<i32, StoreError> {
    scheduled_audit::Entity::update_many()
        .col_expr(
            scheduled_audit::Column::Sequence,
            Expr::col(scheduled_audit::Column::Sequence).add(1),
        )
        .col_expr(scheduled_audit::Column::UpdatedAt, Expr::value(now()))
        .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
        .filter(scheduled_audit::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(by_id(tx, id).await?.map_or(0, |a| a.sequence))
}

/// Puts a programme entry back to planned (its audit was cancelled): it is due again
/// and can be scheduled anew.
pub async fn reopen_programme_audit(
    tx: &TenantTx,
    programme_audit_id: uuid::Uuid,
) -> Result<(), StoreError> {
    programme_audit::Entity::update_many()
        .col_expr(
            programme_audit::Column::Status,
            Expr::value(DbEnum(EntryStatus::Planned)),
        )
        .filter(programme_audit::Column::TenantId.eq(tx.tid()))
        .filter(programme_audit::Column::Id.eq(programme_audit_id))
        .filter(programme_audit::Column::Status.eq(DbEnum(EntryStatus::Scheduled)))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Moves an audit to new dates.
pub async fn set_dates(
    tx: &TenantTx,
    id: AuditId,
    starts_on: &str,
    ends_on: &str,
) -> Result<(), StoreError> {
    scheduled_audit::Entity::update_many()
        .col_expr(
            scheduled_audit::Column::StartsOn,
            Expr::value(day(starts_on)?),
        )
        .col_expr(scheduled_audit::Column::EndsOn, Expr::value(day(ends_on)?))
        .col_expr(scheduled_audit::Column::UpdatedAt, Expr::value(now()))
        .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
        .filter(scheduled_audit::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Sets the date until which the client may object to the proposed team.
pub async fn set_objection_deadline(
    tx: &TenantTx,
    id: AuditId,
    deadline: Option<String>,
) -> Result<(), StoreError> {
    scheduled_audit::Entity::update_many()
        .col_expr(
            scheduled_audit::Column::ObjectionDeadline,
            Expr::value(day_opt(deadline.as_deref())?),
        )
        .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
        .filter(scheduled_audit::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// The objections raised against members of an audit's teams, oldest first.
pub async fn objections(tx: &TenantTx, id: AuditId) -> Result<Vec<Objection>, StoreError> {
    use crate::entity::team_objection;
    Ok(team_objection::Entity::find()
        .filter(team_objection::Column::TenantId.eq(tx.tid()))
        .filter(team_objection::Column::AuditId.eq(id.0))
        .order_by_asc(team_objection::Column::CreatedAt)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The audits that have open objections, each with how many — one statement.
pub async fn open_objection_counts(tx: &TenantTx) -> Result<Vec<(uuid::Uuid, i64)>, StoreError> {
    use crate::entity::team_objection;
    Ok(team_objection::Entity::find()
        .select_only()
        .column(team_objection::Column::AuditId)
        .column_as(team_objection::Column::Id.count(), "n")
        .filter(team_objection::Column::TenantId.eq(tx.tid()))
        .filter(team_objection::Column::Status.eq(DbEnum(ObjectionStatus::Open)))
        .group_by(team_objection::Column::AuditId)
        .into_tuple::<(uuid::Uuid, i64)>()
        .all(tx.conn())
        .await?)
}

/// Records an objection.
pub async fn add_objection(
    tx: &TenantTx,
    id: AuditId,
    auditor: AuditorId,
    reason: &str,
    raised_by: &str,
) -> Result<Objection, StoreError> {
    use crate::entity::team_objection;
    Ok(team_objection::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(uuid::Uuid::now_v7()),
        audit_id: Set(id.0),
        auditor_id: Set(auditor.0),
        reason: Set(reason.to_string()),
        raised_by: Set(raised_by.to_string()),
        status: Set(ObjectionStatus::Open.into()),
        resolution_note: Set(None),
        created_at: Set(now()),
        resolved_at: Set(None),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Resolves an open objection (`upheld` or `dismissed`); `false` when it is not open.
pub async fn resolve_objection(
    tx: &TenantTx,
    audit_id: AuditId,
    id: uuid::Uuid,
    status: ObjectionStatus,
    note: &str,
) -> Result<bool, StoreError> {
    use crate::entity::team_objection;
    let r = team_objection::Entity::update_many()
        .col_expr(team_objection::Column::Status, Expr::value(DbEnum(status)))
        .col_expr(team_objection::Column::ResolutionNote, Expr::value(note))
        .col_expr(team_objection::Column::ResolvedAt, Expr::value(now()))
        .filter(team_objection::Column::TenantId.eq(tx.tid()))
        .filter(team_objection::Column::AuditId.eq(audit_id.0))
        .filter(team_objection::Column::Id.eq(id))
        .filter(team_objection::Column::Status.eq(DbEnum(ObjectionStatus::Open)))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected > 0)
}

/// Stores the hash of a client contact's objection link.
pub async fn add_objection_link(
    tx: &TenantTx,
    id: AuditId,
    token_hash: String,
    email: &str,
    expires_on: &str,
) -> Result<(), StoreError> {
    use crate::entity::objection_link;
    objection_link::ActiveModel {
        tenant_id: Set(tx.tid()),
        token_hash: Set(token_hash),
        audit_id: Set(id.0),
        email: Set(email.to_string()),
        expires_on: Set(day(expires_on)?),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?;
    Ok(())
}

/// Drops the objection links of an audit (a new proposal sends new ones).
pub async fn drop_objection_links(tx: &TenantTx, id: AuditId) -> Result<(), StoreError> {
    use crate::entity::objection_link;
    objection_link::Entity::delete_many()
        .filter(objection_link::Column::TenantId.eq(tx.tid()))
        .filter(objection_link::Column::AuditId.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// The audits of a client, latest first.
pub async fn of_client(
    tx: &TenantTx,
    client: uuid::Uuid,
) -> Result<Vec<ScheduledAudit>, StoreError> {
    Ok(listed(
        scheduled_audit::Entity::find()
            .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
            .filter(scheduled_audit::Column::ClientId.eq(client))
            .order_by_desc(scheduled_audit::Column::StartsOn),
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// An audit on a calendar, with its client's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarAudit {
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub client_name: String,
    pub kind: DbEnum<EntryKind>,
    pub status: DbEnum<AuditStatus>,
    pub starts_on: String,
    pub ends_on: String,
}

/// [`CalendarAudit`] as read, with its dates.
#[derive(FromQueryResult)]
struct CalendarRow {
    id: uuid::Uuid,
    client_id: uuid::Uuid,
    client_name: String,
    kind: DbEnum<EntryKind>,
    status: DbEnum<AuditStatus>,
    starts_on: crate::dates::DbDate,
    ends_on: crate::dates::DbDate,
}

impl From<CalendarRow> for CalendarAudit {
    fn from(r: CalendarRow) -> Self {
        Self {
            id: r.id,
            client_id: r.client_id,
            client_name: r.client_name,
            kind: r.kind,
            status: r.status,
            starts_on: iso(r.starts_on),
            ends_on: iso(r.ends_on),
        }
    }
}

/// A team member of an audit on a calendar, with the person's name.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct CalendarMember {
    pub audit_id: uuid::Uuid,
    pub auditor_id: uuid::Uuid,
    pub name: String,
    pub role: DbEnum<TeamRole>,
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

/// Audits of this tenant that overlap `from..=to` (ISO dates), cancelled ones left out.
fn overlapping_audits(
    tx: &TenantTx,
    from: &str,
    to: &str,
) -> Result<Select<scheduled_audit::Entity>, StoreError> {
    Ok(scheduled_audit::Entity::find()
        .filter(scheduled_audit::Column::TenantId.eq(tx.tid()))
        .filter(scheduled_audit::Column::Status.ne(DbEnum(AuditStatus::Cancelled)))
        .filter(scheduled_audit::Column::EndsOn.gte(day(from)?))
        .filter(scheduled_audit::Column::StartsOn.lte(day(to)?)))
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
    let mut q = overlapping_audits(tx, from, to)?;
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
        .into_model::<CalendarRow>()
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
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
    let audits = overlapping_audits(tx, from, to)?
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
