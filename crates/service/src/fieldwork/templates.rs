//! Templates.

use super::*;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::Action;
use certa_domain::ErrorCode;
use certa_domain::checklists::{self, AuditType, Template};
use certa_store::TenantTx;
use certa_store::repo::audit;
use certa_store::repo::fieldwork::{self as fw};
use serde_json::json;

/// A template as listed: built-in ones have no id.
#[derive(Debug, Clone)]
pub struct TemplateView {
    pub id: Option<uuid::Uuid>,
    pub template: Template,
}

/// Every built-in template, then the tenant's own.
pub async fn templates(ctx: &Ctx, p: &Principal) -> Result<Vec<TemplateView>, ServiceError> {
    let t = p.authorize(Action::ConductAudits)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let own = own_templates(&tx).await?;
    tx.commit().await?;
    let mut out: Vec<TemplateView> = checklists::builtin_all()
        .into_iter()
        .map(|template| TemplateView { id: None, template })
        .collect();
    out.extend(own);
    Ok(out)
}

pub(crate) async fn own_templates(tx: &TenantTx) -> Result<Vec<TemplateView>, ServiceError> {
    let mut out = Vec::new();
    for s in fw::templates(tx).await? {
        let audit_type = s.audit_type;
        let items = serde_json::from_str(&s.items).unwrap_or_default();
        out.push(TemplateView {
            id: Some(s.id),
            template: Template {
                standard: s.standard_code,
                audit_type,
                name: s.name,
                items,
            },
        });
    }
    Ok(out)
}

/// One of the tenant's templates.
pub async fn template(
    ctx: &Ctx,
    p: &Principal,
    id: uuid::Uuid,
) -> Result<TemplateView, ServiceError> {
    let t = p.authorize(Action::ConductAudits)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let v = own_templates(&tx)
        .await?
        .into_iter()
        .find(|v| v.id == Some(id))
        .ok_or(ServiceError::not_found(
            "checklist template",
            ErrorCode::TemplateNotFound,
        ))?;
    tx.commit().await?;
    Ok(v)
}

/// Copies a built-in template into the tenant's own, to edit.
pub async fn copy_template(
    ctx: &Ctx,
    p: &Principal,
    standard: &str,
    audit_type: &str,
) -> Result<TemplateView, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let at = AuditType::parse(audit_type).ok_or_else(|| {
        invalid(
            "audit_type",
            ErrorCode::InvalidAuditType,
            "audit_type must be stage_1 or stage_2",
        )
    })?;
    let mut tpl = checklists::builtin(standard.trim(), at).ok_or_else(|| {
        invalid(
            "standard",
            ErrorCode::UnknownStandard,
            format!("no built-in checklist for '{}'", standard.trim()),
        )
    })?;
    tpl.name = format!("{} (copy)", tpl.name);
    let items = serde_json::to_string(&tpl.items)
        .map_err(|e| invalid("items", ErrorCode::TemplateInvalid, e.to_string()))?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let s = fw::create_template(&tx, &tpl.standard, at, &tpl.name, items).await?;
    audit::append(
        &tx,
        &p.actor(),
        "checklist_template.copied",
        &format!("checklist_template:{}", s.id),
        json!({"standard": tpl.standard, "audit_type": at.as_str()}),
    )
    .await?;
    tx.commit().await?;
    Ok(TemplateView {
        id: Some(s.id),
        template: tpl,
    })
}

/// Replaces the name and items of one of the tenant's templates (validated as a whole).
pub async fn update_template(
    ctx: &Ctx,
    p: &Principal,
    id: uuid::Uuid,
    name: &str,
    items: Vec<checklists::TemplateItem>,
) -> Result<TemplateView, ServiceError> {
    let t = p.authorize(Action::ManageSettings)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let s = fw::template(&tx, id).await?.ok_or(ServiceError::not_found(
        "checklist template",
        ErrorCode::TemplateNotFound,
    ))?;
    let at = s.audit_type;
    let tpl = Template {
        standard: s.standard_code.clone(),
        audit_type: at,
        name: name.trim().to_string(),
        items,
    };
    tpl.validate()?;
    let doc = serde_json::to_string(&tpl.items)
        .map_err(|e| invalid("items", ErrorCode::TemplateInvalid, e.to_string()))?;
    fw::update_template(&tx, s, &tpl.name, doc).await?;
    audit::append(
        &tx,
        &p.actor(),
        "checklist_template.changed",
        &format!("checklist_template:{id}"),
        json!({"items": tpl.items.len()}),
    )
    .await?;
    tx.commit().await?;
    Ok(TemplateView {
        id: Some(id),
        template: tpl,
    })
}
