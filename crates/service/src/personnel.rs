//! Personnel records: auditors, technical experts, reviewers and decision makers, with
//! their qualifications (ISO/IEC 17021-1 7.1, Annex A), conflict-of-interest
//! declarations (5.2) and unavailability. Each certification body keeps its own records,
//! even for a person who works for several.

use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::clients::optional_text;
use certa_domain::personnel::AuditorStatus;
use certa_domain::personnel::{
    ConflictKind, Function, date, period, standard_code, technical_area,
};
use certa_domain::values::display_name;
use certa_domain::{
    AbsenceId, Action, AuditorId, ClientId, ConflictId, Email, MembershipId, QualificationId,
};
use certa_store::repo::personnel::{
    self, Absence, Auditor, AuditorFields, Conflict, Qualification,
};
use certa_store::repo::{audit, clients, memberships};
use serde_json::json;

/// A personnel record with everything attached.
#[derive(Debug, Clone)]
pub struct AuditorFile {
    pub auditor: Auditor,
    pub qualifications: Vec<Qualification>,
    pub conflicts: Vec<(Conflict, String)>,
    pub absences: Vec<Absence>,
}

/// Input of a record.
#[derive(Debug, Clone)]
pub struct AuditorInput {
    pub membership_id: Option<uuid::Uuid>,
    pub name: String,
    pub email: String,
    /// active (default) or inactive.
    pub status: Option<String>,
    pub notes: Option<String>,
}

fn not_found() -> ServiceError {
    ServiceError::not_found("auditor", ErrorCode::AuditorNotFound)
}

async fn fields(
    tx: &certa_store::TenantTx,
    input: AuditorInput,
) -> Result<AuditorFields, ServiceError> {
    let status = match input.status.as_deref().map(str::trim) {
        None => AuditorStatus::Active,
        Some(s) => s.parse().map_err(|_| ServiceError::Invalid {
            field: "status",
            code: ErrorCode::InvalidStatus,
            message: "status must be active or inactive".into(),
        })?,
    };
    if let Some(m) = input.membership_id
        && memberships::by_id(tx, MembershipId(m)).await?.is_none()
    {
        return Err(ServiceError::Invalid {
            field: "membership_id",
            code: ErrorCode::UnknownMember,
            message: "membership_id does not name a member of this certification body".into(),
        });
    }
    Ok(AuditorFields {
        membership_id: input.membership_id,
        name: display_name("name", &input.name)?,
        email: Email::parse(&input.email)?.as_str().to_string(),
        status,
        notes: optional_text("notes", input.notes.as_deref())?,
    })
}

fn linked_conflict(e: certa_store::StoreError) -> ServiceError {
    if e.violates(certa_store::UniqueKey::AuditorMembership) {
        ServiceError::conflict(
            ErrorCode::MemberAlreadyLinked,
            "this member is already linked to another personnel record",
        )
    } else {
        e.into()
    }
}

/// Creates a personnel record.
pub async fn create(
    ctx: &Ctx,
    p: &Principal,
    input: AuditorInput,
) -> Result<Auditor, ServiceError> {
    let t = p.authorize(Action::ManagePersonnel)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let f = fields(&tx, input).await?;
    let a = personnel::create(&tx, f).await.map_err(linked_conflict)?;
    audit::append(
        &tx,
        &p.actor(),
        "auditor.created",
        &format!("auditor:{}", a.id),
        json!({"name": a.name, "email": a.email}),
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}

/// Replaces a record's details.
pub async fn update(
    ctx: &Ctx,
    p: &Principal,
    id: AuditorId,
    input: AuditorInput,
) -> Result<Auditor, ServiceError> {
    let t = p.authorize(Action::ManagePersonnel)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = personnel::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let f = fields(&tx, input).await?;
    let a = personnel::update(&tx, a, f)
        .await
        .map_err(linked_conflict)?;
    audit::append(
        &tx,
        &p.actor(),
        "auditor.updated",
        &format!("auditor:{id}"),
        json!({"name": a.name, "status": a.status}),
    )
    .await?;
    tx.commit().await?;
    Ok(a)
}

/// Every record, by name.
pub async fn list(ctx: &Ctx, p: &Principal) -> Result<Vec<Auditor>, ServiceError> {
    let t = p.authorize(Action::ViewPersonnel)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let l = personnel::list(&tx).await?;
    tx.commit().await?;
    Ok(l)
}

/// A record with qualifications, conflicts (with the client's name) and absences.
pub async fn get(ctx: &Ctx, p: &Principal, id: AuditorId) -> Result<AuditorFile, ServiceError> {
    let t = p.authorize(Action::ViewPersonnel)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let auditor = personnel::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let qualifications = personnel::qualifications(&tx, id).await?;
    let mut conflicts = Vec::new();
    for c in personnel::conflicts(&tx, id).await? {
        let name = clients::by_id(&tx, ClientId(c.client_id))
            .await?
            .map(|c| c.legal_name)
            .unwrap_or_default();
        conflicts.push((c, name));
    }
    let absences = personnel::absences(&tx, id).await?;
    tx.commit().await?;
    Ok(AuditorFile {
        auditor,
        qualifications,
        conflicts,
        absences,
    })
}

/// Input of a qualification.
#[derive(Debug, Clone)]
pub struct QualificationInput {
    pub standard_code: String,
    pub technical_area: String,
    pub function: String,
    pub valid_from: String,
    pub valid_until: Option<String>,
    pub evidence: Option<String>,
}

/// Adds a qualification (standard × technical area × function, with validity).
pub async fn add_qualification(
    ctx: &Ctx,
    p: &Principal,
    id: AuditorId,
    q: QualificationInput,
) -> Result<Qualification, ServiceError> {
    let t = p.authorize(Action::ManagePersonnel)?;
    let standard = standard_code(&q.standard_code)?;
    let area = technical_area(&q.technical_area)?;
    let function = Function::parse(&q.function)?;
    let from = date("valid_from", &q.valid_from)?;
    let until = match q
        .valid_until
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(u) => Some(date("valid_until", u)?),
        None => None,
    };
    period("valid_from", from, until)?;
    let evidence = optional_text("evidence", q.evidence.as_deref())?;
    let tx = ctx.db.tenant(t.scope()).await?;
    personnel::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let row = personnel::add_qualification(
        &tx,
        id,
        standard,
        area,
        function,
        from.to_string(),
        until.map(|u| u.to_string()),
        evidence,
    )
    .await?;
    audit::append(
        &tx,
        &p.actor(),
        "auditor.qualification_added",
        &format!("auditor:{id}/qualification:{}", row.id),
        json!({"standard": row.standard_code, "technical_area": row.technical_area, "function": row.function, "valid_from": row.valid_from, "valid_until": row.valid_until}),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Removes a qualification.
pub async fn remove_qualification(
    ctx: &Ctx,
    p: &Principal,
    id: AuditorId,
    q: QualificationId,
) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManagePersonnel)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    if !personnel::remove_qualification(&tx, id, q).await? {
        return Err(ServiceError::not_found(
            "qualification",
            ErrorCode::QualificationNotFound,
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "auditor.qualification_removed",
        &format!("auditor:{id}/qualification:{q}"),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Declares a conflict of interest towards a client of this certification body.
pub async fn add_conflict(
    ctx: &Ctx,
    p: &Principal,
    id: AuditorId,
    client: uuid::Uuid,
    kind: &str,
    ended_on: Option<&str>,
    note: Option<&str>,
) -> Result<(Conflict, String), ServiceError> {
    let t = p.authorize(Action::ManagePersonnel)?;
    let kind = ConflictKind::parse(kind)?;
    let ended = match ended_on.map(str::trim).filter(|s| !s.is_empty()) {
        Some(e) => Some(date("ended_on", e)?),
        None => None,
    };
    let note = optional_text("note", note)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    personnel::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let c = clients::by_id(&tx, ClientId(client))
        .await?
        .ok_or(ServiceError::Invalid {
            field: "client_id",
            code: ErrorCode::UnknownClient,
            message: "client_id does not name a client of this certification body".into(),
        })?;
    let row =
        personnel::add_conflict(&tx, id, client, kind, ended.map(|e| e.to_string()), note).await?;
    audit::append(
        &tx,
        &p.actor(),
        "auditor.conflict_declared",
        &format!("auditor:{id}/conflict:{}", row.id),
        json!({"client": c.reference, "kind": row.kind, "ended_on": row.ended_on}),
    )
    .await?;
    tx.commit().await?;
    Ok((row, c.legal_name))
}

/// Removes a conflict declaration.
pub async fn remove_conflict(
    ctx: &Ctx,
    p: &Principal,
    id: AuditorId,
    c: ConflictId,
) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManagePersonnel)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    if !personnel::remove_conflict(&tx, id, c).await? {
        return Err(ServiceError::not_found(
            "conflict",
            ErrorCode::ConflictNotFound,
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "auditor.conflict_removed",
        &format!("auditor:{id}/conflict:{c}"),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records an unavailability period (inclusive dates).
pub async fn add_absence(
    ctx: &Ctx,
    p: &Principal,
    id: AuditorId,
    starts_on: &str,
    ends_on: &str,
    reason: Option<&str>,
) -> Result<Absence, ServiceError> {
    let t = p.authorize(Action::ManagePersonnel)?;
    let from = date("starts_on", starts_on)?;
    let to = date("ends_on", ends_on)?;
    period("starts_on", from, Some(to))?;
    let reason = optional_text("reason", reason)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    personnel::by_id(&tx, id).await?.ok_or_else(not_found)?;
    let row = personnel::add_absence(&tx, id, from.to_string(), to.to_string(), reason).await?;
    audit::append(
        &tx,
        &p.actor(),
        "auditor.absence_added",
        &format!("auditor:{id}/absence:{}", row.id),
        json!({"starts_on": row.starts_on, "ends_on": row.ends_on}),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Removes an unavailability period.
pub async fn remove_absence(
    ctx: &Ctx,
    p: &Principal,
    id: AuditorId,
    a: AbsenceId,
) -> Result<(), ServiceError> {
    let t = p.authorize(Action::ManagePersonnel)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    if !personnel::remove_absence(&tx, id, a).await? {
        return Err(ServiceError::not_found(
            "absence",
            ErrorCode::AbsenceNotFound,
        ));
    }
    audit::append(
        &tx,
        &p.actor(),
        "auditor.absence_removed",
        &format!("auditor:{id}/absence:{a}"),
        json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
