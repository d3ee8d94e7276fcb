//! Audit reports, technical reviews, certification decisions and certificates of one
//! tenant.
//!
//! Every change that must happen once is a conditional write that claims its row: a
//! report revision is a new primary key (two submissions of the same revision cannot both
//! land), a review updates only a report still `submitted`, a certificate changes only
//! from the status and revision the caller read, and a revision's PDF is recorded only
//! once. Sequence numbers come from an atomic per-tenant counter.

use super::lists::{self, CERTIFICATE_STANDARDS, Listed};
use super::now;
use crate::db::{Backend, Conn};
use crate::entity::{
    audit_report, certificate, certificate_event, certificate_revision, certification_decision,
    decision_audit,
};
use crate::{DbEnum, StoreError, TenantTx};
use certa_domain::certification::{
    CertificateStatus, DecisionKind, Recommendation, ReportStatus, RevisionReason,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, Func, LikeExpr, Query, Value};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};

/// A revision of an audit report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRevision {
    pub audit_id: uuid::Uuid,
    pub revision: i32,
    pub status: ReportStatus,
    pub recommendation: Recommendation,
    pub summary: String,
    /// The lead auditor's answer to the comments of the previous review.
    pub response: Option<String>,
    /// The report as submitted (locked).
    pub content: serde_json::Value,
    pub lead_auditor_id: Option<uuid::Uuid>,
    pub submitted_by: String,
    pub submitted_at: DateTime<Utc>,
    pub reviewer_id: Option<uuid::Uuid>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The review's comments per section, as a JSON object of section → text.
    pub review_comments: Option<String>,
}

impl From<audit_report::Model> for ReportRevision {
    fn from(m: audit_report::Model) -> Self {
        Self {
            audit_id: m.audit_id,
            revision: m.revision,
            status: m.status.0,
            recommendation: m.recommendation.0,
            summary: m.summary,
            response: m.response,
            content: m.content,
            lead_auditor_id: m.lead_auditor_id,
            submitted_by: m.submitted_by,
            submitted_at: m.submitted_at,
            reviewer_id: m.reviewer_id,
            reviewed_by: m.reviewed_by,
            reviewed_at: m.reviewed_at,
            review_comments: m.review_comments,
        }
    }
}

/// A new report revision.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub audit_id: uuid::Uuid,
    pub revision: i32,
    pub recommendation: Recommendation,
    pub summary: String,
    pub response: Option<String>,
    pub content: serde_json::Value,
    pub lead_auditor_id: Option<uuid::Uuid>,
    pub submitted_by: String,
}

/// The revisions of an audit's report, newest first.
pub async fn reports(tx: &TenantTx, audit: uuid::Uuid) -> Result<Vec<ReportRevision>, StoreError> {
    Ok(audit_report::Entity::find()
        .filter(audit_report::Column::TenantId.eq(tx.tid()))
        .filter(audit_report::Column::AuditId.eq(audit))
        .order_by_desc(audit_report::Column::Revision)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The latest revision of each of `audits` (one statement).
pub async fn latest_reports(
    tx: &TenantTx,
    audits: &[uuid::Uuid],
) -> Result<Vec<ReportRevision>, StoreError> {
    if audits.is_empty() {
        return Ok(Vec::new());
    }
    Ok(audit_report::Entity::find()
        .filter(audit_report::Column::TenantId.eq(tx.tid()))
        .filter(audit_report::Column::AuditId.is_in(audits.iter().copied()))
        .filter(Expr::cust(
            "revision = (SELECT max(r2.revision) FROM audit_reports r2 \
             WHERE r2.tenant_id = audit_reports.tenant_id AND r2.audit_id = audit_reports.audit_id)",
        ))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Stores a new revision; a revision already taken is a unique conflict.
pub async fn insert_report(tx: &TenantTx, n: NewReport) -> Result<ReportRevision, StoreError> {
    Ok(audit_report::ActiveModel {
        tenant_id: Set(tx.tid()),
        audit_id: Set(n.audit_id),
        revision: Set(n.revision),
        status: Set(DbEnum(ReportStatus::Submitted)),
        recommendation: Set(DbEnum(n.recommendation)),
        summary: Set(n.summary),
        response: Set(n.response),
        content: Set(n.content),
        lead_auditor_id: Set(n.lead_auditor_id),
        submitted_by: Set(n.submitted_by),
        submitted_at: Set(now()),
        reviewer_id: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        review_comments: Set(None),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Records the technical review of a submitted revision; false when the revision is no
/// longer waiting for review.
pub async fn review_report(
    tx: &TenantTx,
    audit: uuid::Uuid,
    revision: i32,
    outcome: ReportStatus,
    reviewer_id: Option<uuid::Uuid>,
    reviewed_by: &str,
    comments: Option<String>,
) -> Result<bool, StoreError> {
    let r = audit_report::Entity::update_many()
        .col_expr(audit_report::Column::Status, Expr::value(outcome.as_str()))
        .col_expr(audit_report::Column::ReviewerId, Expr::value(reviewer_id))
        .col_expr(audit_report::Column::ReviewedBy, Expr::value(reviewed_by))
        .col_expr(audit_report::Column::ReviewedAt, Expr::value(now()))
        .col_expr(audit_report::Column::ReviewComments, Expr::value(comments))
        .filter(audit_report::Column::TenantId.eq(tx.tid()))
        .filter(audit_report::Column::AuditId.eq(audit))
        .filter(audit_report::Column::Revision.eq(revision))
        .filter(audit_report::Column::Status.eq(ReportStatus::Submitted.as_str()))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// Audit files in the work queue: the latest revision of each report that waits for the
/// technical review or, reviewed, for a decision that has not been taken, oldest first.
pub async fn waiting_reports(tx: &TenantTx, limit: u64) -> Result<Vec<ReportRevision>, StoreError> {
    Ok(audit_report::Entity::find()
        .filter(audit_report::Column::TenantId.eq(tx.tid()))
        .filter(
            audit_report::Column::Status
                .is_in([ReportStatus::Submitted.as_str(), ReportStatus::Passed.as_str()]),
        )
        .filter(Expr::cust(
            "revision = (SELECT max(r2.revision) FROM audit_reports r2 \
             WHERE r2.tenant_id = audit_reports.tenant_id AND r2.audit_id = audit_reports.audit_id)",
        ))
        .filter(Expr::cust(
            "NOT EXISTS (SELECT 1 FROM decision_audits d \
             WHERE d.tenant_id = audit_reports.tenant_id AND d.audit_id = audit_reports.audit_id)",
        ))
        .order_by_asc(audit_report::Column::SubmittedAt)
        .limit(limit)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// A certification decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub id: uuid::Uuid,
    pub programme_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub kind: DecisionKind,
    pub decided_on: NaiveDate,
    pub effective_date: Option<NaiveDate>,
    pub decision_maker_id: Option<uuid::Uuid>,
    pub decided_by: String,
    pub reasons: String,
    pub application_confirmed: bool,
    /// What the decision rested on: audits with report revisions and recommendations,
    /// nonconformities with their states.
    pub inputs: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

impl From<certification_decision::Model> for Decision {
    fn from(m: certification_decision::Model) -> Self {
        Self {
            id: m.id,
            programme_id: m.programme_id,
            client_id: m.client_id,
            kind: m.kind.0,
            decided_on: m.decided_on,
            effective_date: m.effective_date,
            decision_maker_id: m.decision_maker_id,
            decided_by: m.decided_by,
            reasons: m.reasons,
            application_confirmed: m.application_confirmed,
            inputs: m.inputs,
            created_at: m.created_at,
        }
    }
}

/// A new decision and the audits (with report revisions) it rests on.
#[derive(Debug, Clone)]
pub struct NewDecision {
    pub programme_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub kind: DecisionKind,
    pub decided_on: NaiveDate,
    pub effective_date: Option<NaiveDate>,
    pub decision_maker_id: Option<uuid::Uuid>,
    pub decided_by: String,
    pub reasons: String,
    pub application_confirmed: bool,
    pub inputs: serde_json::Value,
    pub audits: Vec<(uuid::Uuid, i32)>,
}

/// Stores a decision. An audit already decided on (by a decision of the same kind of
/// certificate-issuing step) is refused by the caller; the rows here only link.
pub async fn insert_decision(tx: &TenantTx, n: NewDecision) -> Result<Decision, StoreError> {
    let id = uuid::Uuid::now_v7();
    let d: Decision = certification_decision::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(id),
        programme_id: Set(n.programme_id),
        client_id: Set(n.client_id),
        kind: Set(DbEnum(n.kind)),
        decided_on: Set(n.decided_on),
        effective_date: Set(n.effective_date),
        decision_maker_id: Set(n.decision_maker_id),
        decided_by: Set(n.decided_by),
        reasons: Set(n.reasons),
        application_confirmed: Set(n.application_confirmed),
        inputs: Set(n.inputs),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?
    .into();
    if !n.audits.is_empty() {
        decision_audit::Entity::insert_many(n.audits.into_iter().map(|(audit, revision)| {
            decision_audit::ActiveModel {
                tenant_id: Set(tx.tid()),
                decision_id: Set(id),
                audit_id: Set(audit),
                report_revision: Set(revision),
            }
        }))
        .exec(tx.conn())
        .await?;
    }
    Ok(d)
}

/// The decisions of a programme, newest first.
pub async fn decisions_of_programme(
    tx: &TenantTx,
    programme: uuid::Uuid,
) -> Result<Vec<Decision>, StoreError> {
    Ok(certification_decision::Entity::find()
        .filter(certification_decision::Column::TenantId.eq(tx.tid()))
        .filter(certification_decision::Column::ProgrammeId.eq(programme))
        .order_by_desc(certification_decision::Column::CreatedAt)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// One decision.
pub async fn decision(tx: &TenantTx, id: uuid::Uuid) -> Result<Option<Decision>, StoreError> {
    Ok(certification_decision::Entity::find()
        .filter(certification_decision::Column::TenantId.eq(tx.tid()))
        .filter(certification_decision::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Which of `audits` a decision already rests on.
pub async fn decided_audits(
    tx: &TenantTx,
    audits: &[uuid::Uuid],
) -> Result<Vec<uuid::Uuid>, StoreError> {
    if audits.is_empty() {
        return Ok(Vec::new());
    }
    Ok(decision_audit::Entity::find()
        .filter(decision_audit::Column::TenantId.eq(tx.tid()))
        .filter(decision_audit::Column::AuditId.is_in(audits.iter().copied()))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|r| r.audit_id)
        .collect())
}

/// A certificate and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub programme_id: uuid::Uuid,
    /// The base number (without the revision suffix).
    pub number: String,
    pub sequence: i64,
    pub status: CertificateStatus,
    /// The current revision (0 for the first issue).
    pub revision: i32,
    pub original_date: NaiveDate,
    pub decision_date: NaiveDate,
    pub effective_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub holder: String,
    pub scope: String,
    pub soa_version: Option<String>,
    pub suspended_on: Option<NaiveDate>,
    pub suspended_until: Option<NaiveDate>,
    pub status_reason: Option<String>,
    /// The standards covered, in order.
    pub standards: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Listed<certificate::Model>> for Certificate {
    fn from(Listed { model: m, list }: Listed<certificate::Model>) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            client_id: m.client_id,
            programme_id: m.programme_id,
            number: m.number,
            sequence: m.sequence,
            status: m.status.0,
            revision: m.revision,
            original_date: m.original_date,
            decision_date: m.decision_date,
            effective_date: m.effective_date,
            expiry_date: m.expiry_date,
            holder: m.holder,
            scope: m.scope,
            soa_version: m.soa_version,
            suspended_on: m.suspended_on,
            suspended_until: m.suspended_until,
            status_reason: m.status_reason,
            standards: list,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// A new certificate (its first revision is stored with [`insert_revision`]).
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub client_id: uuid::Uuid,
    pub programme_id: uuid::Uuid,
    pub number: String,
    pub sequence: i64,
    pub decision_date: NaiveDate,
    pub effective_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub holder: String,
    pub scope: String,
    pub soa_version: Option<String>,
    pub standards: Vec<String>,
}

/// Takes the next value of a per-tenant counter, atomically (first value 1).
pub async fn next_counter(tx: &TenantTx, name: &str) -> Result<i64, StoreError> {
    let sql = match tx.backend() {
        Backend::Sqlite => {
            "INSERT INTO tenant_counters (tenant_id, name, value) VALUES (?, ?, 1) \
             ON CONFLICT (tenant_id, name) DO UPDATE SET value = tenant_counters.value + 1 \
             RETURNING value"
        }
        Backend::Postgres => {
            "INSERT INTO tenant_counters (tenant_id, name, value) VALUES ($1, $2, 1) \
             ON CONFLICT (tenant_id, name) DO UPDATE SET value = tenant_counters.value + 1 \
             RETURNING value"
        }
    };
    let db = tx.conn().get_database_backend();
    let row = tx
        .conn()
        .query_one(Statement::from_sql_and_values(
            db,
            sql,
            [tx.tid().into(), name.into()],
        ))
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(row.try_get("", "value")?)
}

/// Sets a per-tenant counter to `value` (after a bulk load), unless it is already higher.
pub async fn set_counter(tx: &TenantTx, name: &str, value: i64) -> Result<(), StoreError> {
    let sql = match tx.backend() {
        Backend::Sqlite => {
            "INSERT INTO tenant_counters (tenant_id, name, value) VALUES (?, ?, ?) \
             ON CONFLICT (tenant_id, name) DO UPDATE SET value = MAX(tenant_counters.value, excluded.value)"
        }
        Backend::Postgres => {
            "INSERT INTO tenant_counters (tenant_id, name, value) VALUES ($1, $2, $3) \
             ON CONFLICT (tenant_id, name) DO UPDATE SET value = GREATEST(tenant_counters.value, excluded.value)"
        }
    };
    let db = tx.conn().get_database_backend();
    tx.conn()
        .execute(Statement::from_sql_and_values(
            db,
            sql,
            [tx.tid().into(), name.into(), value.into()],
        ))
        .await?;
    Ok(())
}

fn listed(
    q: sea_orm::Select<certificate::Entity>,
) -> sea_orm::Selector<sea_orm::SelectModel<Listed<certificate::Model>>> {
    lists::with_list(q, &CERTIFICATE_STANDARDS)
}

/// Stores a new active certificate with its standards.
pub async fn insert_certificate(
    tx: &TenantTx,
    n: NewCertificate,
) -> Result<Certificate, StoreError> {
    let id = uuid::Uuid::now_v7();
    let t = now();
    let m = certificate::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(id),
        client_id: Set(n.client_id),
        programme_id: Set(n.programme_id),
        number: Set(n.number),
        sequence: Set(n.sequence),
        status: Set(DbEnum(CertificateStatus::Active)),
        revision: Set(0),
        original_date: Set(n.effective_date),
        decision_date: Set(n.decision_date),
        effective_date: Set(n.effective_date),
        expiry_date: Set(n.expiry_date),
        holder: Set(n.holder),
        scope: Set(n.scope),
        soa_version: Set(n.soa_version),
        suspended_on: Set(None),
        suspended_until: Set(None),
        status_reason: Set(None),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(tx.conn())
    .await?;
    let standards = lists::normalize(&n.standards);
    CERTIFICATE_STANDARDS
        .insert(tx, vec![(vec![Value::from(id)], standards.clone())])
        .await?;
    Ok(Listed {
        model: m,
        list: standards,
    }
    .into())
}

/// One certificate.
pub async fn certificate(tx: &TenantTx, id: uuid::Uuid) -> Result<Option<Certificate>, StoreError> {
    Ok(listed(
        certificate::Entity::find()
            .filter(certificate::Column::TenantId.eq(tx.tid()))
            .filter(certificate::Column::Id.eq(id)),
    )
    .one(tx.conn())
    .await?
    .map(Into::into))
}

/// One certificate by its base number.
pub async fn by_number(tx: &TenantTx, number: &str) -> Result<Option<Certificate>, StoreError> {
    Ok(listed(
        certificate::Entity::find()
            .filter(certificate::Column::TenantId.eq(tx.tid()))
            .filter(certificate::Column::Number.eq(number)),
    )
    .one(tx.conn())
    .await?
    .map(Into::into))
}

/// The certificates of a programme, oldest first.
pub async fn of_programme(
    tx: &TenantTx,
    programme: uuid::Uuid,
) -> Result<Vec<Certificate>, StoreError> {
    Ok(listed(
        certificate::Entity::find()
            .filter(certificate::Column::TenantId.eq(tx.tid()))
            .filter(certificate::Column::ProgrammeId.eq(programme))
            .order_by_asc(certificate::Column::Sequence),
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// The certificates of a client, oldest first.
pub async fn of_client(tx: &TenantTx, client: uuid::Uuid) -> Result<Vec<Certificate>, StoreError> {
    Ok(listed(
        certificate::Entity::find()
            .filter(certificate::Column::TenantId.eq(tx.tid()))
            .filter(certificate::Column::ClientId.eq(client))
            .order_by_asc(certificate::Column::Sequence),
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// What the register shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub status: Option<CertificateStatus>,
    pub standard: Option<String>,
    /// Expiring on or before this day (and not yet expired).
    pub expiring_by: Option<NaiveDate>,
    pub client: Option<uuid::Uuid>,
    /// Part of the holder's name or of the number.
    pub search: Option<String>,
}

fn filtered(f: &Filter, tid: uuid::Uuid) -> sea_orm::Select<certificate::Entity> {
    let mut q = certificate::Entity::find().filter(certificate::Column::TenantId.eq(tid));
    if let Some(s) = f.status {
        q = q.filter(certificate::Column::Status.eq(s.as_str()));
    }
    if let Some(c) = f.client {
        q = q.filter(certificate::Column::ClientId.eq(c));
    }
    if let Some(d) = f.expiring_by {
        q = q.filter(certificate::Column::ExpiryDate.lte(d)).filter(
            certificate::Column::Status.is_in([
                CertificateStatus::Active.as_str(),
                CertificateStatus::Suspended.as_str(),
            ]),
        );
    }
    if let Some(std) = &f.standard {
        q = q.filter(
            certificate::Column::Id.in_subquery(
                Query::select()
                    .column(Alias::new("certificate_id"))
                    .from(Alias::new("certificate_standards"))
                    .and_where(Expr::col(Alias::new("tenant_id")).eq(tid))
                    .and_where(Expr::col(Alias::new("standard_code")).eq(std.clone()))
                    .to_owned(),
            ),
        );
    }
    if let Some(s) = &f.search {
        let like = format!("%{}%", s.to_lowercase().replace(['%', '_'], ""));
        q = q.filter(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(certificate::Column::Holder))).like(&like))
                .add(Expr::expr(Func::lower(Expr::col(certificate::Column::Number))).like(&like)),
        );
    }
    q
}

/// The number of certificates matching `f`.
pub async fn count(tx: &TenantTx, f: &Filter) -> Result<u64, StoreError> {
    Ok(filtered(f, tx.tid()).count(tx.conn()).await?)
}

/// A page of the register, ordered by number, and the number of certificates matching.
pub async fn list(
    tx: &TenantTx,
    f: &Filter,
    offset: u64,
    limit: u64,
) -> Result<(Vec<Certificate>, u64), StoreError> {
    let total = filtered(f, tx.tid()).count(tx.conn()).await?;
    let rows = listed(
        filtered(f, tx.tid())
            .order_by_asc(certificate::Column::Number)
            .offset(offset)
            .limit(limit),
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect();
    Ok((rows, total))
}

/// Active certificates whose expiry date is before `on` (the daily expiry).
pub async fn expired_by(tx: &TenantTx, on: NaiveDate) -> Result<Vec<Certificate>, StoreError> {
    Ok(listed(
        certificate::Entity::find()
            .filter(certificate::Column::TenantId.eq(tx.tid()))
            .filter(certificate::Column::Status.eq(CertificateStatus::Active.as_str()))
            .filter(certificate::Column::ExpiryDate.lt(on)),
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// Certificates in `status` whose `column` date falls in `from..=to`.
async fn dated_between(
    tx: &TenantTx,
    status: CertificateStatus,
    column: certificate::Column,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Certificate>, StoreError> {
    Ok(listed(
        certificate::Entity::find()
            .filter(certificate::Column::TenantId.eq(tx.tid()))
            .filter(certificate::Column::Status.eq(status.as_str()))
            .filter(column.gte(from))
            .filter(column.lte(to)),
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// Active certificates expiring in `from..=to`.
pub async fn expiring_between(
    tx: &TenantTx,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Certificate>, StoreError> {
    dated_between(
        tx,
        CertificateStatus::Active,
        certificate::Column::ExpiryDate,
        from,
        to,
    )
    .await
}

/// Suspended certificates whose suspension ends in `from..=to`.
pub async fn suspensions_ending_between(
    tx: &TenantTx,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Certificate>, StoreError> {
    dated_between(
        tx,
        CertificateStatus::Suspended,
        certificate::Column::SuspendedUntil,
        from,
        to,
    )
    .await
}

/// Suspended certificates whose suspension ends on or before `by` (or has ended), the
/// soonest end first — one statement.
pub async fn suspensions_ending_by(
    tx: &TenantTx,
    by: NaiveDate,
) -> Result<Vec<Certificate>, StoreError> {
    Ok(listed(
        certificate::Entity::find()
            .filter(certificate::Column::TenantId.eq(tx.tid()))
            .filter(certificate::Column::Status.eq(CertificateStatus::Suspended.as_str()))
            .filter(certificate::Column::SuspendedUntil.lte(by))
            .order_by_asc(certificate::Column::SuspendedUntil)
            .order_by_asc(certificate::Column::Number),
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// A change of status, claimed from the status and revision the caller read.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub from: CertificateStatus,
    pub revision: i32,
    pub to: CertificateStatus,
    pub suspended_on: Option<NaiveDate>,
    pub suspended_until: Option<NaiveDate>,
    pub reason: Option<String>,
}

/// Changes a certificate's status; false when it changed in between.
pub async fn change_status(
    tx: &TenantTx,
    id: uuid::Uuid,
    c: StatusChange,
) -> Result<bool, StoreError> {
    let r = certificate::Entity::update_many()
        .col_expr(certificate::Column::Status, Expr::value(c.to.as_str()))
        .col_expr(
            certificate::Column::SuspendedOn,
            Expr::value(c.suspended_on),
        )
        .col_expr(
            certificate::Column::SuspendedUntil,
            Expr::value(c.suspended_until),
        )
        .col_expr(certificate::Column::StatusReason, Expr::value(c.reason))
        .col_expr(certificate::Column::UpdatedAt, Expr::value(now()))
        .filter(certificate::Column::TenantId.eq(tx.tid()))
        .filter(certificate::Column::Id.eq(id))
        .filter(certificate::Column::Status.eq(c.from.as_str()))
        .filter(certificate::Column::Revision.eq(c.revision))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// A new revision of a certificate's content.
#[derive(Debug, Clone)]
pub struct Revise {
    pub from_status: CertificateStatus,
    pub from_revision: i32,
    pub status: CertificateStatus,
    pub decision_date: NaiveDate,
    pub effective_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub holder: String,
    pub scope: String,
    pub soa_version: Option<String>,
}

/// Moves a certificate to its next revision; false when it changed in between.
pub async fn revise(tx: &TenantTx, id: uuid::Uuid, r: Revise) -> Result<bool, StoreError> {
    let res = certificate::Entity::update_many()
        .col_expr(certificate::Column::Status, Expr::value(r.status.as_str()))
        .col_expr(
            certificate::Column::Revision,
            Expr::value(r.from_revision + 1),
        )
        .col_expr(
            certificate::Column::DecisionDate,
            Expr::value(r.decision_date),
        )
        .col_expr(
            certificate::Column::EffectiveDate,
            Expr::value(r.effective_date),
        )
        .col_expr(certificate::Column::ExpiryDate, Expr::value(r.expiry_date))
        .col_expr(certificate::Column::Holder, Expr::value(r.holder))
        .col_expr(certificate::Column::Scope, Expr::value(r.scope))
        .col_expr(certificate::Column::SoaVersion, Expr::value(r.soa_version))
        .col_expr(
            certificate::Column::SuspendedOn,
            Expr::value(Option::<NaiveDate>::None),
        )
        .col_expr(
            certificate::Column::SuspendedUntil,
            Expr::value(Option::<NaiveDate>::None),
        )
        .col_expr(
            certificate::Column::StatusReason,
            Expr::value(Option::<String>::None),
        )
        .col_expr(certificate::Column::UpdatedAt, Expr::value(now()))
        .filter(certificate::Column::TenantId.eq(tx.tid()))
        .filter(certificate::Column::Id.eq(id))
        .filter(certificate::Column::Status.eq(r.from_status.as_str()))
        .filter(certificate::Column::Revision.eq(r.from_revision))
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// A revision of a certificate: the content as issued.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub certificate_id: uuid::Uuid,
    pub revision: i32,
    pub reason: RevisionReason,
    pub decision_id: Option<uuid::Uuid>,
    /// The printed content (holder, sites, standards, scope, body, accreditation).
    pub content: serde_json::Value,
    pub effective_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub issued_on: NaiveDate,
    pub superseded_at: Option<DateTime<Utc>>,
    pub pdf_key: Option<String>,
    pub pdf_sha256: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The revision's credential with its Data Integrity proof, once signed.
    pub credential: Option<serde_json::Value>,
    /// The same credential as a compact JWS.
    pub credential_jwt: Option<String>,
    /// The revision's entry in the tenant's status lists: list number and index.
    pub status_entry: Option<(i32, i32)>,
}

impl From<certificate_revision::Model> for Revision {
    fn from(m: certificate_revision::Model) -> Self {
        Self {
            certificate_id: m.certificate_id,
            revision: m.revision,
            reason: m.reason.0,
            decision_id: m.decision_id,
            content: m.content,
            effective_date: m.effective_date,
            expiry_date: m.expiry_date,
            issued_on: m.issued_on,
            superseded_at: m.superseded_at,
            pdf_key: m.pdf_key,
            pdf_sha256: m.pdf_sha256,
            created_at: m.created_at,
            credential: m.credential,
            credential_jwt: m.credential_jwt,
            status_entry: m.status_list.zip(m.status_index),
        }
    }
}

/// A new revision.
#[derive(Debug, Clone)]
pub struct NewRevision {
    pub certificate_id: uuid::Uuid,
    pub revision: i32,
    pub reason: RevisionReason,
    pub decision_id: Option<uuid::Uuid>,
    pub content: serde_json::Value,
    pub effective_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub issued_on: NaiveDate,
}

/// Stores a revision and marks the previous one superseded.
pub async fn insert_revision(tx: &TenantTx, n: NewRevision) -> Result<Revision, StoreError> {
    let t = now();
    if n.revision > 0 {
        certificate_revision::Entity::update_many()
            .col_expr(certificate_revision::Column::SupersededAt, Expr::value(t))
            .filter(certificate_revision::Column::TenantId.eq(tx.tid()))
            .filter(certificate_revision::Column::CertificateId.eq(n.certificate_id))
            .filter(certificate_revision::Column::Revision.lt(n.revision))
            .filter(certificate_revision::Column::SupersededAt.is_null())
            .exec(tx.conn())
            .await?;
    }
    Ok(certificate_revision::ActiveModel {
        tenant_id: Set(tx.tid()),
        certificate_id: Set(n.certificate_id),
        revision: Set(n.revision),
        reason: Set(DbEnum(n.reason)),
        decision_id: Set(n.decision_id),
        content: Set(n.content),
        effective_date: Set(n.effective_date),
        expiry_date: Set(n.expiry_date),
        issued_on: Set(n.issued_on),
        superseded_at: Set(None),
        pdf_key: Set(None),
        pdf_sha256: Set(None),
        created_at: Set(t),
        credential: Set(None),
        credential_jwt: Set(None),
        status_list: Set(None),
        status_index: Set(None),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Records a revision's status entry and signed credential, once: a revision that already
/// has a credential keeps it (answers false).
pub async fn set_revision_credential(
    tx: &TenantTx,
    certificate: uuid::Uuid,
    revision: i32,
    status_entry: (i32, i32),
    credential: serde_json::Value,
    credential_jwt: String,
) -> Result<bool, StoreError> {
    use certificate_revision::Column as C;
    let r = certificate_revision::Entity::update_many()
        .col_expr(C::StatusList, Expr::value(status_entry.0))
        .col_expr(C::StatusIndex, Expr::value(status_entry.1))
        .col_expr(C::Credential, Expr::value(credential))
        .col_expr(C::CredentialJwt, Expr::value(credential_jwt))
        .filter(C::TenantId.eq(tx.tid()))
        .filter(C::CertificateId.eq(certificate))
        .filter(C::Revision.eq(revision))
        .filter(C::CredentialJwt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// The revisions of a certificate, newest first.
pub async fn revisions(tx: &TenantTx, id: uuid::Uuid) -> Result<Vec<Revision>, StoreError> {
    Ok(certificate_revision::Entity::find()
        .filter(certificate_revision::Column::TenantId.eq(tx.tid()))
        .filter(certificate_revision::Column::CertificateId.eq(id))
        .order_by_desc(certificate_revision::Column::Revision)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// One revision.
pub async fn revision(
    tx: &TenantTx,
    id: uuid::Uuid,
    revision: i32,
) -> Result<Option<Revision>, StoreError> {
    Ok(certificate_revision::Entity::find()
        .filter(certificate_revision::Column::TenantId.eq(tx.tid()))
        .filter(certificate_revision::Column::CertificateId.eq(id))
        .filter(certificate_revision::Column::Revision.eq(revision))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Whether the content of any certificate revision of the tenant contains `text` (an
/// object key: keys are UUID-based, so a match is a reference).
pub async fn revisions_mention(tx: &TenantTx, text: &str) -> Result<bool, StoreError> {
    let n = certificate_revision::Entity::find()
        .filter(certificate_revision::Column::TenantId.eq(tx.tid()))
        .filter(
            Expr::expr(Func::cast_as(
                Expr::col(certificate_revision::Column::Content),
                Alias::new("TEXT"),
            ))
            .like(
                LikeExpr::new(format!(
                    "%{}%",
                    text.replace('!', "!!")
                        .replace('%', "!%")
                        .replace('_', "!_")
                ))
                .escape('!'),
            ),
        )
        .count(tx.conn())
        .await?;
    Ok(n > 0)
}

/// Records the stored PDF of a revision, once; false when one is already recorded.
pub async fn set_revision_pdf(
    tx: &TenantTx,
    id: uuid::Uuid,
    revision: i32,
    key: &str,
    sha256: &str,
) -> Result<bool, StoreError> {
    let r = certificate_revision::Entity::update_many()
        .col_expr(certificate_revision::Column::PdfKey, Expr::value(key))
        .col_expr(certificate_revision::Column::PdfSha256, Expr::value(sha256))
        .filter(certificate_revision::Column::TenantId.eq(tx.tid()))
        .filter(certificate_revision::Column::CertificateId.eq(id))
        .filter(certificate_revision::Column::Revision.eq(revision))
        .filter(certificate_revision::Column::PdfKey.is_null())
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// A change in a certificate's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: uuid::Uuid,
    pub certificate_id: uuid::Uuid,
    /// issued, suspended, restored, withdrawn, expired, scope_extended, scope_reduced,
    /// renewed.
    pub event: String,
    pub from_status: Option<CertificateStatus>,
    pub to_status: CertificateStatus,
    pub revision: i32,
    pub reason: Option<String>,
    pub until: Option<NaiveDate>,
    pub decision_id: Option<uuid::Uuid>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

impl From<certificate_event::Model> for Event {
    fn from(m: certificate_event::Model) -> Self {
        Self {
            id: m.id,
            certificate_id: m.certificate_id,
            event: m.event,
            from_status: m.from_status.map(|s| s.0),
            to_status: m.to_status.0,
            revision: m.revision,
            reason: m.reason,
            until: m.until,
            decision_id: m.decision_id,
            actor: m.actor,
            at: m.at,
        }
    }
}

/// A new history entry.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub certificate_id: uuid::Uuid,
    pub event: &'static str,
    pub from_status: Option<CertificateStatus>,
    pub to_status: CertificateStatus,
    pub revision: i32,
    pub reason: Option<String>,
    pub until: Option<NaiveDate>,
    pub decision_id: Option<uuid::Uuid>,
    pub actor: String,
}

/// Appends to a certificate's history.
pub async fn insert_event(tx: &TenantTx, n: NewEvent) -> Result<(), StoreError> {
    certificate_event::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(uuid::Uuid::now_v7()),
        certificate_id: Set(n.certificate_id),
        event: Set(n.event.to_string()),
        from_status: Set(n.from_status.map(DbEnum)),
        to_status: Set(DbEnum(n.to_status)),
        revision: Set(n.revision),
        reason: Set(n.reason),
        until: Set(n.until),
        decision_id: Set(n.decision_id),
        actor: Set(n.actor),
        at: Set(now()),
    }
    .insert(tx.conn())
    .await?;
    Ok(())
}

/// A certificate's history, oldest first.
pub async fn events(tx: &TenantTx, id: uuid::Uuid) -> Result<Vec<Event>, StoreError> {
    Ok(certificate_event::Entity::find()
        .filter(certificate_event::Column::TenantId.eq(tx.tid()))
        .filter(certificate_event::Column::CertificateId.eq(id))
        .order_by_asc(certificate_event::Column::At)
        .order_by_asc(certificate_event::Column::Id)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The current revision of each of `certificates` (one statement).
pub async fn current_revisions(
    tx: &TenantTx,
    certificates: &[Certificate],
) -> Result<Vec<Revision>, StoreError> {
    if certificates.is_empty() {
        return Ok(Vec::new());
    }
    // Each term names a whole primary key, tenant first, so each is one index look-up: a
    // term without the tenant would make SQLite scan the tenant's revisions instead.
    let mut any = Condition::any();
    for c in certificates {
        any = any.add(
            Condition::all()
                .add(certificate_revision::Column::TenantId.eq(tx.tid()))
                .add(certificate_revision::Column::CertificateId.eq(c.id))
                .add(certificate_revision::Column::Revision.eq(c.revision)),
        );
    }
    Ok(certificate_revision::Entity::find()
        .filter(any)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}
