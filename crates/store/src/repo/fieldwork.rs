//! Checklist templates, audit checklists and nonconformities (one tenant).

use super::lists::{self, ITEM_STANDARDS, Listed};
use super::now;
use crate::dates::{day, day_opt, iso, iso_opt};
use crate::db::Conn;
use crate::entity::{checklist_item, checklist_template, nonconformity};
use crate::{DbEnum, StoreError, TenantTx};
use certa_domain::checklists::{AuditType, ItemResult, ItemSection};
use certa_domain::nonconformity::{Grade, Status};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// A row of `checklist_items`: an item of an audit's checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub audit_id: uuid::Uuid,
    pub position: i32,
    /// The standards the item belongs to.
    pub standards: Vec<String>,
    pub section: ItemSection,
    pub reference: String,
    pub title: String,
    pub question: String,
    pub result: Option<ItemResult>,
    pub notes: Option<String>,
    pub site_id: Option<uuid::Uuid>,
    pub evidence_requested: bool,
    pub evidence_due: Option<String>,
    pub carried_from: Option<uuid::Uuid>,
    pub updated_by: Option<String>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<Listed<checklist_item::Model>> for Item {
    fn from(Listed { model: m, list }: Listed<checklist_item::Model>) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            audit_id: m.audit_id,
            position: m.position,
            standards: list,
            section: m.section.0,
            reference: m.reference,
            title: m.title,
            question: m.question,
            result: m.result.map(|x| x.0),
            notes: m.notes,
            site_id: m.site_id,
            evidence_requested: m.evidence_requested,
            evidence_due: iso_opt(m.evidence_due),
            carried_from: m.carried_from,
            updated_by: m.updated_by,
            updated_at: m.updated_at,
        }
    }
}

impl TryFrom<Item> for checklist_item::Model {
    type Error = StoreError;

    fn try_from(r: Item) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            id: r.id,
            audit_id: r.audit_id,
            position: r.position,
            section: DbEnum(r.section),
            reference: r.reference,
            title: r.title,
            question: r.question,
            result: r.result.map(DbEnum),
            notes: r.notes,
            site_id: r.site_id,
            evidence_requested: r.evidence_requested,
            evidence_due: day_opt(r.evidence_due.as_deref())?,
            carried_from: r.carried_from,
            updated_by: r.updated_by,
            updated_at: r.updated_at,
        })
    }
}

/// A row of `checklist_templates`: a tenant's own checklist template (items as JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredTemplate {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub standard_code: String,
    pub audit_type: AuditType,
    pub name: String,
    pub items: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<checklist_template::Model> for StoredTemplate {
    fn from(m: checklist_template::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            standard_code: m.standard_code,
            audit_type: m.audit_type.0,
            name: m.name,
            items: m.items,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

impl From<StoredTemplate> for checklist_template::Model {
    fn from(r: StoredTemplate) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            standard_code: r.standard_code,
            audit_type: DbEnum(r.audit_type),
            name: r.name,
            items: r.items,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A row of `nonconformities`: a graded nonconformity and its corrective-action loop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nonconformity {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub number: i32,
    pub audit_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub checklist_item_id: Option<uuid::Uuid>,
    pub grade: Grade,
    pub reference: String,
    pub statement: String,
    pub evidence: String,
    pub site_id: Option<uuid::Uuid>,
    pub status: Status,
    pub response_due: String,
    pub correction: Option<String>,
    pub root_cause: Option<String>,
    pub corrective_action: Option<String>,
    pub planned_date: Option<String>,
    pub responded_by: Option<String>,
    pub responded_at: Option<chrono::DateTime<chrono::Utc>>,
    pub review_comment: Option<String>,
    pub implementation: Option<String>,
    pub verification_method: Option<String>,
    pub verification_comment: Option<String>,
    pub escalation_reason: Option<String>,
    pub raised_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<nonconformity::Model> for Nonconformity {
    fn from(m: nonconformity::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            number: m.number,
            audit_id: m.audit_id,
            client_id: m.client_id,
            checklist_item_id: m.checklist_item_id,
            grade: m.grade.0,
            reference: m.reference,
            statement: m.statement,
            evidence: m.evidence,
            site_id: m.site_id,
            status: m.status.0,
            response_due: iso(m.response_due),
            correction: m.correction,
            root_cause: m.root_cause,
            corrective_action: m.corrective_action,
            planned_date: iso_opt(m.planned_date),
            responded_by: m.responded_by,
            responded_at: m.responded_at,
            review_comment: m.review_comment,
            implementation: m.implementation,
            verification_method: m.verification_method,
            verification_comment: m.verification_comment,
            escalation_reason: m.escalation_reason,
            raised_by: m.raised_by,
            created_at: m.created_at,
            updated_at: m.updated_at,
            closed_at: m.closed_at,
        }
    }
}

impl TryFrom<Nonconformity> for nonconformity::Model {
    type Error = StoreError;

    fn try_from(r: Nonconformity) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            id: r.id,
            number: r.number,
            audit_id: r.audit_id,
            client_id: r.client_id,
            checklist_item_id: r.checklist_item_id,
            grade: DbEnum(r.grade),
            reference: r.reference,
            statement: r.statement,
            evidence: r.evidence,
            site_id: r.site_id,
            status: DbEnum(r.status),
            response_due: day(&r.response_due)?,
            correction: r.correction,
            root_cause: r.root_cause,
            corrective_action: r.corrective_action,
            planned_date: day_opt(r.planned_date.as_deref())?,
            responded_by: r.responded_by,
            responded_at: r.responded_at,
            review_comment: r.review_comment,
            implementation: r.implementation,
            verification_method: r.verification_method,
            verification_comment: r.verification_comment,
            escalation_reason: r.escalation_reason,
            raised_by: r.raised_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
            closed_at: r.closed_at,
        })
    }
}

/// The tenant's own templates.
pub async fn templates(tx: &TenantTx) -> Result<Vec<StoredTemplate>, StoreError> {
    Ok(checklist_template::Entity::find()
        .filter(checklist_template::Column::TenantId.eq(tx.tid()))
        .order_by_asc(checklist_template::Column::StandardCode)
        .order_by_asc(checklist_template::Column::AuditType)
        .order_by_asc(checklist_template::Column::CreatedAt)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// One of the tenant's templates.
pub async fn template(tx: &TenantTx, id: uuid::Uuid) -> Result<Option<StoredTemplate>, StoreError> {
    Ok(checklist_template::Entity::find()
        .filter(checklist_template::Column::TenantId.eq(tx.tid()))
        .filter(checklist_template::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Stores a new template.
pub async fn create_template(
    tx: &TenantTx,
    standard: &str,
    audit_type: AuditType,
    name: &str,
    items_json: String,
) -> Result<StoredTemplate, StoreError> {
    let t = now();
    Ok(checklist_template::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(uuid::Uuid::now_v7()),
        standard_code: Set(standard.to_string()),
        audit_type: Set(audit_type.into()),
        name: Set(name.to_string()),
        items: Set(items_json),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Replaces a template's name and items.
pub async fn update_template(
    tx: &TenantTx,
    t: StoredTemplate,
    name: &str,
    items_json: String,
) -> Result<StoredTemplate, StoreError> {
    let mut am = checklist_template::Model::from(t).into_active_model();
    am.name = Set(name.to_string());
    am.items = Set(items_json);
    am.updated_at = Set(now());
    Ok(am.update(tx.conn()).await?.into())
}

/// Deletes a template; `false` when there was none.
pub async fn delete_template(tx: &TenantTx, id: uuid::Uuid) -> Result<bool, StoreError> {
    let r = checklist_template::Entity::delete_many()
        .filter(checklist_template::Column::TenantId.eq(tx.tid()))
        .filter(checklist_template::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected > 0)
}

/// Fields of a new checklist item.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub standards: Vec<String>,
    pub section: ItemSection,
    pub reference: String,
    pub title: String,
    pub question: String,
    pub carried_from: Option<uuid::Uuid>,
}

/// Stores the checklist of an audit (positions in the given order).
pub async fn create_items(
    tx: &TenantTx,
    audit: uuid::Uuid,
    items: Vec<NewItem>,
) -> Result<usize, StoreError> {
    let t = now();
    let n = items.len();
    let mut standards = Vec::with_capacity(n);
    let models: Vec<checklist_item::ActiveModel> = items
        .into_iter()
        .enumerate()
        .map(|(i, mut it)| {
            let id = uuid::Uuid::now_v7();
            standards.push((vec![id.into()], std::mem::take(&mut it.standards)));
            checklist_item::ActiveModel {
                tenant_id: Set(tx.tid()),
                id: Set(id),
                audit_id: Set(audit),
                position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
                section: Set(it.section.into()),
                reference: Set(it.reference),
                title: Set(it.title),
                question: Set(it.question),
                result: Set(None),
                notes: Set(None),
                site_id: Set(None),
                evidence_requested: Set(false),
                evidence_due: Set(None),
                carried_from: Set(it.carried_from),
                updated_by: Set(None),
                updated_at: Set(t),
            }
        })
        .collect();
    // Batches keep each statement under the databases' parameter limits.
    for chunk in models.chunks(100) {
        checklist_item::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(tx.conn())
            .await?;
    }
    ITEM_STANDARDS.insert(tx, standards).await?;
    Ok(n)
}

/// The checklist of an audit, in order.
pub async fn items(tx: &TenantTx, audit: uuid::Uuid) -> Result<Vec<Item>, StoreError> {
    Ok(lists::with_list(
        checklist_item::Entity::find()
            .filter(checklist_item::Column::TenantId.eq(tx.tid()))
            .filter(checklist_item::Column::AuditId.eq(audit))
            .order_by_asc(checklist_item::Column::Position),
        &ITEM_STANDARDS,
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// Whether the audit has a checklist.
pub async fn has_items(tx: &TenantTx, audit: uuid::Uuid) -> Result<bool, StoreError> {
    Ok(checklist_item::Entity::find()
        .filter(checklist_item::Column::TenantId.eq(tx.tid()))
        .filter(checklist_item::Column::AuditId.eq(audit))
        .limit(1)
        .one(tx.conn())
        .await?
        .is_some())
}

/// One item of an audit's checklist.
pub async fn item(
    tx: &TenantTx,
    audit: uuid::Uuid,
    id: uuid::Uuid,
) -> Result<Option<Item>, StoreError> {
    Ok(lists::with_list(
        checklist_item::Entity::find()
            .filter(checklist_item::Column::TenantId.eq(tx.tid()))
            .filter(checklist_item::Column::AuditId.eq(audit))
            .filter(checklist_item::Column::Id.eq(id)),
        &ITEM_STANDARDS,
    )
    .one(tx.conn())
    .await?
    .map(Into::into))
}

/// What an auditor records on an item.
#[derive(Debug, Clone)]
pub struct Answer {
    pub result: Option<ItemResult>,
    pub notes: Option<String>,
    pub site_id: Option<uuid::Uuid>,
    pub evidence_requested: bool,
    pub evidence_due: Option<String>,
}

/// Records an answer.
pub async fn answer(tx: &TenantTx, it: Item, a: Answer, by: &str) -> Result<Item, StoreError> {
    let list = it.standards.clone();
    let mut am = checklist_item::Model::try_from(it)?.into_active_model();
    am.result = Set(a.result.map(DbEnum));
    am.notes = Set(a.notes);
    am.site_id = Set(a.site_id);
    am.evidence_requested = Set(a.evidence_requested);
    am.evidence_due = Set(day_opt(a.evidence_due.as_deref())?);
    am.updated_by = Set(Some(by.to_string()));
    am.updated_at = Set(now());
    Ok(Listed {
        model: am.update(tx.conn()).await?,
        list,
    }
    .into())
}

/// Sets only the result of an item (raising a nonconformity from it).
pub async fn set_result(
    tx: &TenantTx,
    id: uuid::Uuid,
    result: ItemResult,
    by: &str,
) -> Result<(), StoreError> {
    checklist_item::Entity::update_many()
        .col_expr(
            checklist_item::Column::Result,
            Expr::value(Some(DbEnum(result))),
        )
        .col_expr(checklist_item::Column::UpdatedBy, Expr::value(Some(by)))
        .col_expr(checklist_item::Column::UpdatedAt, Expr::value(now()))
        .filter(checklist_item::Column::TenantId.eq(tx.tid()))
        .filter(checklist_item::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Items with evidence requested, across the given audits.
pub async fn evidence_requests(
    tx: &TenantTx,
    audits: &[uuid::Uuid],
) -> Result<Vec<Item>, StoreError> {
    Ok(lists::with_list(
        checklist_item::Entity::find()
            .filter(checklist_item::Column::TenantId.eq(tx.tid()))
            .filter(checklist_item::Column::AuditId.is_in(audits.to_vec()))
            .filter(checklist_item::Column::EvidenceRequested.eq(true))
            .order_by_asc(checklist_item::Column::EvidenceDue),
        &ITEM_STANDARDS,
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// Fields of a new nonconformity.
#[derive(Debug, Clone)]
pub struct NewNc {
    pub audit_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub checklist_item_id: Option<uuid::Uuid>,
    pub grade: Grade,
    pub reference: String,
    pub statement: String,
    pub evidence: String,
    pub site_id: Option<uuid::Uuid>,
    pub response_due: String,
    pub raised_by: String,
}

/// Stores a nonconformity with the next number of its audit.
pub async fn create_nc(tx: &TenantTx, n: NewNc) -> Result<Nonconformity, StoreError> {
    let last: Option<i32> = nonconformity::Entity::find()
        .select_only()
        .column_as(nonconformity::Column::Number.max(), "max")
        .filter(nonconformity::Column::TenantId.eq(tx.tid()))
        .filter(nonconformity::Column::AuditId.eq(n.audit_id))
        .into_tuple::<Option<i32>>()
        .one(tx.conn())
        .await?
        .flatten();
    let t = now();
    Ok(nonconformity::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(uuid::Uuid::now_v7()),
        number: Set(last.unwrap_or(0) + 1),
        audit_id: Set(n.audit_id),
        client_id: Set(n.client_id),
        checklist_item_id: Set(n.checklist_item_id),
        grade: Set(n.grade.into()),
        reference: Set(n.reference),
        statement: Set(n.statement),
        evidence: Set(n.evidence),
        site_id: Set(n.site_id),
        status: Set(Status::Open.into()),
        response_due: Set(day(&n.response_due)?),
        correction: Set(None),
        root_cause: Set(None),
        corrective_action: Set(None),
        planned_date: Set(None),
        responded_by: Set(None),
        responded_at: Set(None),
        review_comment: Set(None),
        implementation: Set(None),
        verification_method: Set(None),
        verification_comment: Set(None),
        escalation_reason: Set(None),
        raised_by: Set(n.raised_by),
        created_at: Set(t),
        updated_at: Set(t),
        closed_at: Set(None),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// One nonconformity.
pub async fn nc(tx: &TenantTx, id: uuid::Uuid) -> Result<Option<Nonconformity>, StoreError> {
    Ok(nonconformity::Entity::find()
        .filter(nonconformity::Column::TenantId.eq(tx.tid()))
        .filter(nonconformity::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Saves a nonconformity changed by a transition.
pub async fn save_nc(tx: &TenantTx, n: Nonconformity) -> Result<Nonconformity, StoreError> {
    let mut am = nonconformity::Model::try_from(n)?.into_active_model();
    am = am.reset_all();
    am.tenant_id = sea_orm::ActiveValue::Unchanged(tx.tid());
    am.updated_at = Set(now());
    Ok(am.update(tx.conn()).await?.into())
}

/// The nonconformities of an audit, by number.
pub async fn ncs_of_audit(
    tx: &TenantTx,
    audit: uuid::Uuid,
) -> Result<Vec<Nonconformity>, StoreError> {
    Ok(nonconformity::Entity::find()
        .filter(nonconformity::Column::TenantId.eq(tx.tid()))
        .filter(nonconformity::Column::AuditId.eq(audit))
        .order_by_asc(nonconformity::Column::Number)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The nonconformities of a client, newest first.
pub async fn ncs_of_client(
    tx: &TenantTx,
    client: uuid::Uuid,
) -> Result<Vec<Nonconformity>, StoreError> {
    Ok(nonconformity::Entity::find()
        .filter(nonconformity::Column::TenantId.eq(tx.tid()))
        .filter(nonconformity::Column::ClientId.eq(client))
        .order_by_desc(nonconformity::Column::CreatedAt)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Nonconformities waiting for the client with a response due on or before `until`.
pub async fn ncs_awaiting_client(
    tx: &TenantTx,
    until: &str,
) -> Result<Vec<Nonconformity>, StoreError> {
    Ok(nonconformity::Entity::find()
        .filter(nonconformity::Column::TenantId.eq(tx.tid()))
        .filter(nonconformity::Column::Status.is_in(AWAITING_CLIENT.map(DbEnum)))
        .filter(nonconformity::Column::ResponseDue.lte(day(until)?))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The nonconformities the dashboard counts: those not closed, and those closed since
/// `closed_since`.
pub async fn ncs_for_summary(
    tx: &TenantTx,
    closed_since: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Nonconformity>, StoreError> {
    Ok(nonconformity::Entity::find()
        .filter(nonconformity::Column::TenantId.eq(tx.tid()))
        .filter(
            sea_orm::Condition::any()
                .add(nonconformity::Column::ClosedAt.is_null())
                .add(nonconformity::Column::ClosedAt.gte(closed_since)),
        )
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The statuses in which an answer waits for the certification body: a response to accept
/// or reject, an implementation to verify.
pub const TO_REVIEW: [Status; 2] = [Status::ResponseSubmitted, Status::Implemented];

/// The statuses in which the client has to answer (and is overdue once the answer's due
/// date has passed).
pub const AWAITING_CLIENT: [Status; 2] = [Status::Open, Status::PlanRejected];

/// The audits `auditor` is on the team of (a subquery).
fn audits_on_team(tx: &TenantTx, auditor: uuid::Uuid) -> sea_orm::sea_query::SelectStatement {
    use crate::entity::audit_team_member;
    sea_orm::sea_query::Query::select()
        .column(audit_team_member::Column::AuditId)
        .from(audit_team_member::Entity)
        .and_where(audit_team_member::Column::TenantId.eq(tx.tid()))
        .and_where(audit_team_member::Column::AuditorId.eq(auditor))
        .to_owned()
}

/// Nonconformities whose answer waits for the certification body (a response or an
/// implementation to review) on audits where `auditor` is on the team, the oldest answer
/// first.
pub async fn ncs_to_review_by(
    tx: &TenantTx,
    auditor: uuid::Uuid,
) -> Result<Vec<Nonconformity>, StoreError> {
    Ok(nonconformity::Entity::find()
        .filter(nonconformity::Column::TenantId.eq(tx.tid()))
        .filter(nonconformity::Column::Status.is_in(TO_REVIEW.map(DbEnum)))
        .filter(nonconformity::Column::AuditId.in_subquery(audits_on_team(tx, auditor)))
        .order_by_asc(nonconformity::Column::UpdatedAt)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// One checklist item, whatever its audit.
pub async fn item_by_id(tx: &TenantTx, id: uuid::Uuid) -> Result<Option<Item>, StoreError> {
    Ok(lists::with_list(
        checklist_item::Entity::find()
            .filter(checklist_item::Column::TenantId.eq(tx.tid()))
            .filter(checklist_item::Column::Id.eq(id)),
        &ITEM_STANDARDS,
    )
    .one(tx.conn())
    .await?
    .map(Into::into))
}

/// What the register of nonconformities shows (every filter narrows).
#[derive(Debug, Clone, Default)]
pub struct NcFilter {
    /// Only these statuses; every status when empty.
    pub statuses: Vec<Status>,
    pub grade: Option<Grade>,
    pub client: Option<uuid::Uuid>,
    /// Only those waiting for the client whose answer was due before this day (ISO).
    pub overdue_on: Option<String>,
    /// Only answers waiting for the certification body on audits where this auditor is
    /// on the team (as the dashboard's "Answers to review" counts them).
    pub to_review_by: Option<uuid::Uuid>,
}

/// A nonconformity of the register, with its client's name and its audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterNc {
    pub nc: Nonconformity,
    pub client_name: String,
    pub audit_kind: certa_domain::programme::EntryKind,
    pub audit_starts_on: String,
    pub audit_ends_on: String,
}

/// [`RegisterNc`] as read: the nonconformity's columns and those of the joined rows.
struct RegisterRow {
    nc: nonconformity::Model,
    client_name: String,
    audit_kind: DbEnum<certa_domain::programme::EntryKind>,
    audit_starts_on: crate::dates::DbDate,
    audit_ends_on: crate::dates::DbDate,
}

impl sea_orm::FromQueryResult for RegisterRow {
    fn from_query_result(res: &sea_orm::QueryResult, pre: &str) -> Result<Self, sea_orm::DbErr> {
        Ok(Self {
            nc: nonconformity::Model::from_query_result(res, pre)?,
            client_name: res.try_get(pre, "client_name")?,
            audit_kind: res.try_get(pre, "audit_kind")?,
            audit_starts_on: res.try_get(pre, "audit_starts_on")?,
            audit_ends_on: res.try_get(pre, "audit_ends_on")?,
        })
    }
}

impl From<RegisterRow> for RegisterNc {
    fn from(r: RegisterRow) -> Self {
        Self {
            nc: r.nc.into(),
            client_name: r.client_name,
            audit_kind: r.audit_kind.0,
            audit_starts_on: iso(r.audit_starts_on),
            audit_ends_on: iso(r.audit_ends_on),
        }
    }
}

/// From a nonconformity to its client.
fn nc_client() -> sea_orm::RelationDef {
    use crate::entity::client;
    nonconformity::Entity::belongs_to(client::Entity)
        .from((
            nonconformity::Column::TenantId,
            nonconformity::Column::ClientId,
        ))
        .to((client::Column::TenantId, client::Column::Id))
        .into()
}

/// From a nonconformity to its audit.
fn nc_audit() -> sea_orm::RelationDef {
    use crate::entity::scheduled_audit;
    nonconformity::Entity::belongs_to(scheduled_audit::Entity)
        .from((
            nonconformity::Column::TenantId,
            nonconformity::Column::AuditId,
        ))
        .to((
            scheduled_audit::Column::TenantId,
            scheduled_audit::Column::Id,
        ))
        .into()
}

/// The nonconformities `f` selects; the statuses of `f` only when `by_status`.
fn register_query(
    tx: &TenantTx,
    f: &NcFilter,
    by_status: bool,
) -> Result<sea_orm::Select<nonconformity::Entity>, StoreError> {
    use nonconformity::Column as C;
    let mut q = nonconformity::Entity::find().filter(C::TenantId.eq(tx.tid()));
    if by_status && !f.statuses.is_empty() {
        q = q.filter(C::Status.is_in(f.statuses.iter().copied().map(DbEnum)));
    }
    if let Some(g) = f.grade {
        q = q.filter(C::Grade.eq(DbEnum(g)));
    }
    if let Some(c) = f.client {
        q = q.filter(C::ClientId.eq(c));
    }
    if let Some(on) = &f.overdue_on {
        q = q
            .filter(C::Status.is_in(AWAITING_CLIENT.map(DbEnum)))
            .filter(C::ResponseDue.lt(day(on)?));
    }
    if let Some(a) = f.to_review_by {
        q = q
            .filter(C::Status.is_in(TO_REVIEW.map(DbEnum)))
            .filter(C::AuditId.in_subquery(audits_on_team(tx, a)));
    }
    Ok(q)
}

/// How many nonconformities `f` selects in each status, whatever the statuses of `f`
/// (one statement); statuses without any are left out.
pub async fn nc_status_counts(
    tx: &TenantTx,
    f: &NcFilter,
) -> Result<Vec<(Status, u64)>, StoreError> {
    let rows: Vec<(DbEnum<Status>, i64)> = register_query(tx, f, false)?
        .select_only()
        .column(nonconformity::Column::Status)
        .column_as(Expr::col(nonconformity::Column::Id).count(), "n")
        .group_by(nonconformity::Column::Status)
        .into_tuple()
        .all(tx.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(s, n)| (s.0, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// A page of the register (one statement, with the clients' names and the audits): those
/// whose answer is overdue on `today` (ISO) first, then by answer due date.
pub async fn nc_register(
    tx: &TenantTx,
    f: &NcFilter,
    today: &str,
    offset: u64,
    limit: u64,
) -> Result<Vec<RegisterNc>, StoreError> {
    use crate::entity::{client, scheduled_audit};
    use nonconformity::Column as C;
    let overdue: sea_orm::sea_query::SimpleExpr = Expr::case(
        Expr::col((nonconformity::Entity, C::Status))
            .is_in(AWAITING_CLIENT.map(DbEnum))
            .and(Expr::col((nonconformity::Entity, C::ResponseDue)).lt(day(today)?)),
        0,
    )
    .finally(1)
    .into();
    Ok(register_query(tx, f, true)?
        .column_as(client::Column::LegalName, "client_name")
        .column_as(scheduled_audit::Column::Kind, "audit_kind")
        .column_as(scheduled_audit::Column::StartsOn, "audit_starts_on")
        .column_as(scheduled_audit::Column::EndsOn, "audit_ends_on")
        .join(sea_orm::JoinType::InnerJoin, nc_client())
        .join(sea_orm::JoinType::InnerJoin, nc_audit())
        .order_by(overdue, sea_orm::Order::Asc)
        .order_by_asc(C::ResponseDue)
        .order_by_asc(client::Column::LegalName)
        .order_by_asc(scheduled_audit::Column::StartsOn)
        .order_by_asc(C::Number)
        .order_by_asc(C::Id)
        .offset(offset)
        .limit(limit)
        .into_model::<RegisterRow>()
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The clients that have nonconformities, by name (one statement).
pub async fn clients_with_ncs(tx: &TenantTx) -> Result<Vec<(uuid::Uuid, String)>, StoreError> {
    use crate::entity::client;
    let with_ncs = sea_orm::sea_query::Query::select()
        .column(nonconformity::Column::ClientId)
        .from(nonconformity::Entity)
        .and_where(nonconformity::Column::TenantId.eq(tx.tid()))
        .to_owned();
    Ok(client::Entity::find()
        .select_only()
        .column(client::Column::Id)
        .column(client::Column::LegalName)
        .filter(client::Column::TenantId.eq(tx.tid()))
        .filter(client::Column::Id.in_subquery(with_ncs))
        .order_by_asc(client::Column::LegalName)
        .order_by_asc(client::Column::Id)
        .into_tuple()
        .all(tx.conn())
        .await?)
}
