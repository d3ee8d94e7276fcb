//! Applications and the programmes their acceptance creates (one tenant).

use super::lists::{self, APPLICATION_STANDARDS, Listed, PROGRAMME_STANDARDS};
use super::now;
use crate::dates::{day, day_opt, iso_opt};
use crate::db::Conn;
use crate::entity::{application, programme, programme_audit};
use crate::{DbEnum, StoreError, TenantTx};
use certa_domain::applications::ApplicationStatus;
use certa_domain::programme::{EntryKind, EntryStatus, ProgrammeStatus};
use certa_domain::{ApplicationId, ClientId, ProgrammeId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// A row of `applications`: applications for certification and their review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    /// The standards applied for, in the order given.
    pub standards: Vec<String>,
    pub scope: String,
    pub effective_personnel: i32,
    pub consultancy_by: Option<String>,
    pub status: ApplicationStatus,
    pub competences_needed: Option<String>,
    pub review_note: Option<String>,
    pub decline_reason: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The audit-time calculation kept with the application (request and result, JSON).
    pub audit_time: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<Listed<application::Model>> for Application {
    fn from(Listed { model: m, list }: Listed<application::Model>) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            client_id: m.client_id,
            standards: list,
            scope: m.scope,
            effective_personnel: m.effective_personnel,
            consultancy_by: m.consultancy_by,
            status: m.status.0,
            competences_needed: m.competences_needed,
            review_note: m.review_note,
            decline_reason: m.decline_reason,
            reviewed_by: m.reviewed_by,
            reviewed_at: m.reviewed_at,
            audit_time: m.audit_time,
            created_at: m.created_at,
        }
    }
}

impl From<Application> for application::Model {
    fn from(r: Application) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            client_id: r.client_id,
            scope: r.scope,
            effective_personnel: r.effective_personnel,
            consultancy_by: r.consultancy_by,
            status: DbEnum(r.status),
            competences_needed: r.competences_needed,
            review_note: r.review_note,
            decline_reason: r.decline_reason,
            reviewed_by: r.reviewed_by,
            reviewed_at: r.reviewed_at,
            audit_time: r.audit_time,
            created_at: r.created_at,
        }
    }
}

/// A row of `programmes`: the audit programme of one certification cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programme {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub application_id: uuid::Uuid,
    /// The standards of the cycle, in the order of the application.
    pub standards: Vec<String>,
    pub status: ProgrammeStatus,
    pub decision_date: Option<String>,
    pub expiry_date: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<Listed<programme::Model>> for Programme {
    fn from(Listed { model: m, list }: Listed<programme::Model>) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            client_id: m.client_id,
            application_id: m.application_id,
            standards: list,
            status: m.status.0,
            decision_date: iso_opt(m.decision_date),
            expiry_date: iso_opt(m.expiry_date),
            created_at: m.created_at,
        }
    }
}

impl TryFrom<Programme> for programme::Model {
    type Error = StoreError;

    fn try_from(r: Programme) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            id: r.id,
            client_id: r.client_id,
            application_id: r.application_id,
            status: DbEnum(r.status),
            decision_date: day_opt(r.decision_date.as_deref())?,
            expiry_date: day_opt(r.expiry_date.as_deref())?,
            created_at: r.created_at,
        })
    }
}

/// A row of `programme_audits`: the planned audits of a programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeAudit {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub programme_id: uuid::Uuid,
    pub kind: EntryKind,
    pub position: i32,
    pub due_by: Option<String>,
    pub window_start: Option<String>,
    pub status: EntryStatus,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<programme_audit::Model> for ProgrammeAudit {
    fn from(m: programme_audit::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            programme_id: m.programme_id,
            kind: m.kind.0,
            position: m.position,
            due_by: iso_opt(m.due_by),
            window_start: iso_opt(m.window_start),
            status: m.status.0,
            created_at: m.created_at,
        }
    }
}

impl TryFrom<ProgrammeAudit> for programme_audit::Model {
    type Error = StoreError;

    fn try_from(r: ProgrammeAudit) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            id: r.id,
            programme_id: r.programme_id,
            kind: DbEnum(r.kind),
            position: r.position,
            due_by: day_opt(r.due_by.as_deref())?,
            window_start: day_opt(r.window_start.as_deref())?,
            status: DbEnum(r.status),
            created_at: r.created_at,
        })
    }
}

/// Registers a submitted application.
pub async fn create(
    tx: &TenantTx,
    client: ClientId,
    standards: &[String],
    scope: String,
    effective_personnel: i32,
    consultancy_by: Option<String>,
) -> Result<Application, StoreError> {
    let m = application::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(ApplicationId::new().0),
        client_id: Set(client.0),
        scope: Set(scope),
        effective_personnel: Set(effective_personnel),
        consultancy_by: Set(consultancy_by),
        status: Set(ApplicationStatus::Submitted.into()),
        competences_needed: Set(None),
        review_note: Set(None),
        decline_reason: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        audit_time: Set(None),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?;
    let list = lists::normalize(standards);
    APPLICATION_STANDARDS
        .insert(tx, vec![(vec![m.id.into()], list.clone())])
        .await?;
    Ok(Listed { model: m, list }.into())
}

/// Finds an application.
pub async fn by_id(tx: &TenantTx, id: ApplicationId) -> Result<Option<Application>, StoreError> {
    Ok(lists::with_list(
        application::Entity::find()
            .filter(application::Column::TenantId.eq(tx.tid()))
            .filter(application::Column::Id.eq(id.0)),
        &APPLICATION_STANDARDS,
    )
    .one(tx.conn())
    .await?
    .map(Into::into))
}

/// Applications, newest first, optionally one status or one client only.
pub async fn list(
    tx: &TenantTx,
    status: Option<&str>,
    client: Option<ClientId>,
    limit: u64,
) -> Result<Vec<Application>, StoreError> {
    let mut q = application::Entity::find().filter(application::Column::TenantId.eq(tx.tid()));
    if let Some(s) = status {
        q = q.filter(application::Column::Status.eq(s));
    }
    if let Some(c) = client {
        q = q.filter(application::Column::ClientId.eq(c.0));
    }
    let q = q.order_by_desc(application::Column::CreatedAt).limit(limit);
    Ok(lists::with_list(q, &APPLICATION_STANDARDS)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Records the review outcome, only if the application is still submitted (so two
/// reviewers cannot both decide it). Returns whether it was updated.
pub async fn review(
    tx: &TenantTx,
    id: ApplicationId,
    status: ApplicationStatus,
    competences_needed: Option<String>,
    review_note: Option<String>,
    decline_reason: Option<String>,
    reviewed_by: String,
) -> Result<bool, StoreError> {
    let r = application::Entity::update_many()
        .col_expr(application::Column::Status, Expr::value(DbEnum(status)))
        .col_expr(
            application::Column::CompetencesNeeded,
            Expr::value(competences_needed),
        )
        .col_expr(application::Column::ReviewNote, Expr::value(review_note))
        .col_expr(
            application::Column::DeclineReason,
            Expr::value(decline_reason),
        )
        .col_expr(
            application::Column::ReviewedBy,
            Expr::value(Some(reviewed_by)),
        )
        .col_expr(application::Column::ReviewedAt, Expr::value(Some(now())))
        .filter(application::Column::TenantId.eq(tx.tid()))
        .filter(application::Column::Id.eq(id.0))
        .filter(application::Column::Status.eq(DbEnum(ApplicationStatus::Submitted)))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// Creates the programme of an accepted application with its initial audits
/// (stage 1 and stage 2, dates to be planned).
pub async fn create_programme(
    tx: &TenantTx,
    app: &Application,
) -> Result<(Programme, Vec<ProgrammeAudit>), StoreError> {
    let p = programme::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(ProgrammeId::new().0),
        client_id: Set(app.client_id),
        application_id: Set(app.id),
        status: Set(ProgrammeStatus::Planning.into()),
        decision_date: Set(None),
        expiry_date: Set(None),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?;
    let list = app.standards.clone();
    PROGRAMME_STANDARDS
        .insert(tx, vec![(vec![p.id.into()], list.clone())])
        .await?;
    let p = Listed { model: p, list };
    let mut audits = Vec::new();
    for (position, kind) in [EntryKind::Stage1, EntryKind::Stage2]
        .into_iter()
        .enumerate()
    {
        audits.push(
            programme_audit::ActiveModel {
                tenant_id: Set(tx.tid()),
                id: Set(uuid::Uuid::now_v7()),
                programme_id: Set(p.model.id),
                kind: Set(kind.into()),
                position: Set(i32::try_from(position).unwrap_or(0)),
                due_by: Set(None),
                window_start: Set(None),
                status: Set(EntryStatus::Planned.into()),
                created_at: Set(now()),
            }
            .insert(tx.conn())
            .await?,
        );
    }
    Ok((p.into(), audits.into_iter().map(Into::into).collect()))
}

/// The programme created from an application, with its audits.
pub async fn programme_of(
    tx: &TenantTx,
    app: ApplicationId,
) -> Result<Option<(Programme, Vec<ProgrammeAudit>)>, StoreError> {
    let p = lists::with_list(
        programme::Entity::find()
            .filter(programme::Column::TenantId.eq(tx.tid()))
            .filter(programme::Column::ApplicationId.eq(app.0)),
        &PROGRAMME_STANDARDS,
    )
    .one(tx.conn())
    .await?;
    with_audits(tx, p.map(Into::into)).await
}

async fn with_audits(
    tx: &TenantTx,
    p: Option<Programme>,
) -> Result<Option<(Programme, Vec<ProgrammeAudit>)>, StoreError> {
    let Some(p) = p else {
        return Ok(None);
    };
    let audits = programme_audit::Entity::find()
        .filter(programme_audit::Column::TenantId.eq(tx.tid()))
        .filter(programme_audit::Column::ProgrammeId.eq(p.id))
        .order_by_asc(programme_audit::Column::Position)
        .all(tx.conn())
        .await?;
    Ok(Some((p, audits.into_iter().map(Into::into).collect())))
}

/// Finds a programme.
pub async fn programme(
    tx: &TenantTx,
    id: ProgrammeId,
) -> Result<Option<(Programme, Vec<ProgrammeAudit>)>, StoreError> {
    let p = lists::with_list(
        programme::Entity::find()
            .filter(programme::Column::TenantId.eq(tx.tid()))
            .filter(programme::Column::Id.eq(id.0)),
        &PROGRAMME_STANDARDS,
    )
    .one(tx.conn())
    .await?;
    with_audits(tx, p.map(Into::into)).await
}

/// One planned cycle audit to store.
#[derive(Debug, Clone)]
pub struct CycleAudit {
    pub kind: EntryKind,
    pub window_start: String,
    pub due_by: String,
}

/// Records the decision date and replaces the cycle's surveillance and recertification
/// audits with a new plan (stage audits stay).
pub async fn replan(
    tx: &TenantTx,
    p: Programme,
    decision_date: String,
    expiry_date: String,
    audits: Vec<CycleAudit>,
) -> Result<(), StoreError> {
    programme_audit::Entity::delete_many()
        .filter(programme_audit::Column::TenantId.eq(tx.tid()))
        .filter(programme_audit::Column::ProgrammeId.eq(p.id))
        .filter(programme_audit::Column::Kind.is_in([
            DbEnum(EntryKind::Surveillance1),
            DbEnum(EntryKind::Surveillance2),
            DbEnum(EntryKind::Recertification),
        ]))
        .exec(tx.conn())
        .await?;
    for (i, a) in audits.into_iter().enumerate() {
        programme_audit::ActiveModel {
            tenant_id: Set(tx.tid()),
            id: Set(uuid::Uuid::now_v7()),
            programme_id: Set(p.id),
            kind: Set(a.kind.into()),
            position: Set(i32::try_from(i + 2).unwrap_or(i32::MAX)),
            due_by: Set(Some(day(&a.due_by)?)),
            window_start: Set(Some(day(&a.window_start)?)),
            status: Set(EntryStatus::Planned.into()),
            created_at: Set(now()),
        }
        .insert(tx.conn())
        .await?;
    }
    programme::Entity::update_many()
        .col_expr(
            programme::Column::DecisionDate,
            Expr::value(Some(day(&decision_date)?)),
        )
        .col_expr(
            programme::Column::ExpiryDate,
            Expr::value(Some(day(&expiry_date)?)),
        )
        .col_expr(
            programme::Column::Status,
            Expr::value(DbEnum(ProgrammeStatus::Active)),
        )
        .filter(programme::Column::TenantId.eq(tx.tid()))
        .filter(programme::Column::Id.eq(p.id))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Planned audits due on or before `until` (ISO date), earliest first, with their
/// programme's client: the dashboard's due, at-risk and overdue list.
pub async fn due_until(
    tx: &TenantTx,
    until: &str,
    limit: u64,
) -> Result<Vec<(ProgrammeAudit, Programme)>, StoreError> {
    let audits = programme_audit::Entity::find()
        .filter(programme_audit::Column::TenantId.eq(tx.tid()))
        .filter(programme_audit::Column::Status.eq(DbEnum(EntryStatus::Planned)))
        .filter(programme_audit::Column::DueBy.is_not_null())
        .filter(programme_audit::Column::DueBy.lte(day(until)?))
        .order_by_asc(programme_audit::Column::DueBy)
        .limit(limit)
        .all(tx.conn())
        .await?;
    let ids: Vec<uuid::Uuid> = audits.iter().map(|a| a.programme_id).collect();
    let programmes: Vec<Programme> = lists::with_list(
        programme::Entity::find()
            .filter(programme::Column::TenantId.eq(tx.tid()))
            .filter(programme::Column::Id.is_in(ids)),
        &PROGRAMME_STANDARDS,
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect();
    Ok(audits
        .into_iter()
        .filter_map(|a| {
            programmes
                .iter()
                .find(|p| p.id == a.programme_id)
                .cloned()
                .map(|p| (a.into(), p))
        })
        .collect())
}

/// Finds one planned audit of a programme, with its programme.
pub async fn programme_audit(
    tx: &TenantTx,
    id: uuid::Uuid,
) -> Result<Option<(ProgrammeAudit, Programme)>, StoreError> {
    let Some(a) = programme_audit::Entity::find()
        .filter(programme_audit::Column::TenantId.eq(tx.tid()))
        .filter(programme_audit::Column::Id.eq(id))
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    let p = lists::with_list(
        programme::Entity::find()
            .filter(programme::Column::TenantId.eq(tx.tid()))
            .filter(programme::Column::Id.eq(a.programme_id)),
        &PROGRAMME_STANDARDS,
    )
    .one(tx.conn())
    .await?;
    Ok(p.map(|p| (a.into(), p.into())))
}

/// Locks a programme's row until the transaction ends (`FOR UPDATE` on PostgreSQL; SQLite
/// has one writer at a time), so that changes to its audits that depend on each other (the
/// order of the stages) take turns instead of each reading the other's old state.
pub async fn lock_programme(tx: &TenantTx, id: ProgrammeId) -> Result<(), StoreError> {
    programme::Entity::find()
        .select_only()
        .column(programme::Column::Id)
        .filter(programme::Column::TenantId.eq(tx.tid()))
        .filter(programme::Column::Id.eq(id.0))
        .lock_exclusive()
        .into_tuple::<uuid::Uuid>()
        .one(tx.conn())
        .await?;
    Ok(())
}

/// Keeps an audit-time calculation (request and result, JSON) with an application.
pub async fn set_audit_time(
    tx: &TenantTx,
    id: ApplicationId,
    json: String,
) -> Result<(), StoreError> {
    application::Entity::update_many()
        .col_expr(
            application::Column::AuditTime,
            sea_orm::sea_query::Expr::value(Some(json)),
        )
        .filter(application::Column::TenantId.eq(tx.tid()))
        .filter(application::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}
