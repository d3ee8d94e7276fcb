//! Checklist templates, audit checklists and nonconformities (one tenant).

use super::now;
use crate::entity::{checklist_item, checklist_template, nonconformity};
use crate::{DbEnum, StoreError, TenantTx, Tx};
use certa_domain::checklists::{AuditType, ItemResult, ItemSection};
use certa_domain::nonconformity::{Grade, Status};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

pub use checklist_item::Model as Item;
pub use checklist_template::Model as StoredTemplate;
pub use nonconformity::Model as Nonconformity;

/// The tenant's own templates.
pub async fn templates(tx: &TenantTx) -> Result<Vec<StoredTemplate>, StoreError> {
    Ok(checklist_template::Entity::find()
        .filter(checklist_template::Column::TenantId.eq(tx.tid()))
        .order_by_asc(checklist_template::Column::StandardCode)
        .order_by_asc(checklist_template::Column::AuditType)
        .order_by_asc(checklist_template::Column::CreatedAt)
        .all(tx.conn())
        .await?)
}

/// One of the tenant's templates.
pub async fn template(tx: &TenantTx, id: uuid::Uuid) -> Result<Option<StoredTemplate>, StoreError> {
    Ok(checklist_template::Entity::find()
        .filter(checklist_template::Column::TenantId.eq(tx.tid()))
        .filter(checklist_template::Column::Id.eq(id))
        .one(tx.conn())
        .await?)
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
    .await?)
}

/// Replaces a template's name and items.
pub async fn update_template(
    tx: &TenantTx,
    t: StoredTemplate,
    name: &str,
    items_json: String,
) -> Result<StoredTemplate, StoreError> {
    let mut am = t.into_active_model();
    am.name = Set(name.to_string());
    am.items = Set(items_json);
    am.updated_at = Set(now());
    Ok(am.update(tx.conn()).await?)
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
    pub standards: String,
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
    let models: Vec<checklist_item::ActiveModel> = items
        .into_iter()
        .enumerate()
        .map(|(i, it)| checklist_item::ActiveModel {
            tenant_id: Set(tx.tid()),
            id: Set(uuid::Uuid::now_v7()),
            audit_id: Set(audit),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            standards: Set(it.standards),
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
        })
        .collect();
    // Batches keep each statement under the databases' parameter limits.
    for chunk in models.chunks(100) {
        checklist_item::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(tx.conn())
            .await?;
    }
    Ok(n)
}

/// The checklist of an audit, in order.
pub async fn items(tx: &TenantTx, audit: uuid::Uuid) -> Result<Vec<Item>, StoreError> {
    Ok(checklist_item::Entity::find()
        .filter(checklist_item::Column::TenantId.eq(tx.tid()))
        .filter(checklist_item::Column::AuditId.eq(audit))
        .order_by_asc(checklist_item::Column::Position)
        .all(tx.conn())
        .await?)
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
    Ok(checklist_item::Entity::find()
        .filter(checklist_item::Column::TenantId.eq(tx.tid()))
        .filter(checklist_item::Column::AuditId.eq(audit))
        .filter(checklist_item::Column::Id.eq(id))
        .one(tx.conn())
        .await?)
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
    let mut am = it.into_active_model();
    am.result = Set(a.result.map(DbEnum));
    am.notes = Set(a.notes);
    am.site_id = Set(a.site_id);
    am.evidence_requested = Set(a.evidence_requested);
    am.evidence_due = Set(a.evidence_due);
    am.updated_by = Set(Some(by.to_string()));
    am.updated_at = Set(now());
    Ok(am.update(tx.conn()).await?)
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
    Ok(checklist_item::Entity::find()
        .filter(checklist_item::Column::TenantId.eq(tx.tid()))
        .filter(checklist_item::Column::AuditId.is_in(audits.to_vec()))
        .filter(checklist_item::Column::EvidenceRequested.eq(true))
        .order_by_asc(checklist_item::Column::EvidenceDue)
        .all(tx.conn())
        .await?)
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
        response_due: Set(n.response_due),
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
    .await?)
}

/// One nonconformity.
pub async fn nc(tx: &TenantTx, id: uuid::Uuid) -> Result<Option<Nonconformity>, StoreError> {
    Ok(nonconformity::Entity::find()
        .filter(nonconformity::Column::TenantId.eq(tx.tid()))
        .filter(nonconformity::Column::Id.eq(id))
        .one(tx.conn())
        .await?)
}

/// Saves a nonconformity changed by a transition.
pub async fn save_nc(tx: &TenantTx, n: Nonconformity) -> Result<Nonconformity, StoreError> {
    let mut am: nonconformity::ActiveModel = n.into();
    am = am.reset_all();
    am.tenant_id = sea_orm::ActiveValue::Unchanged(tx.tid());
    am.updated_at = Set(now());
    Ok(am.update(tx.conn()).await?)
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
        .await?)
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
        .await?)
}

/// Nonconformities waiting for the client with a response due on or before `until`.
pub async fn ncs_awaiting_client(
    tx: &TenantTx,
    until: &str,
) -> Result<Vec<Nonconformity>, StoreError> {
    Ok(nonconformity::Entity::find()
        .filter(nonconformity::Column::TenantId.eq(tx.tid()))
        .filter(
            nonconformity::Column::Status
                .is_in([DbEnum(Status::Open), DbEnum(Status::PlanRejected)]),
        )
        .filter(nonconformity::Column::ResponseDue.lte(until))
        .all(tx.conn())
        .await?)
}

/// One checklist item, whatever its audit.
pub async fn item_by_id(tx: &TenantTx, id: uuid::Uuid) -> Result<Option<Item>, StoreError> {
    Ok(checklist_item::Entity::find()
        .filter(checklist_item::Column::TenantId.eq(tx.tid()))
        .filter(checklist_item::Column::Id.eq(id))
        .one(tx.conn())
        .await?)
}
