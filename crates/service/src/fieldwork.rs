//! Audit fieldwork (ISO/IEC 17021-1 9.4): checklists from templates, answers and evidence
//! requests, nonconformities and the client's corrective-action loop (9.4.9, 9.4.10), and
//! what a client user of the portal may see.
//!
//! Who may act: staff with [`Action::ConductAudits`] on an audit they are on the team of
//! (administrators and schedulers on any audit); client users ([`Action::RespondFindings`])
//! only for their own organisation — anything else answers not-found.

use crate::{Ctx, Principal, ServiceError, TenantCtx};
use certa_domain::checklists::{self, AuditType, Template};
use certa_domain::nonconformity::{self as ncd, Event, Grade, Status};
use certa_domain::{Action, AuditId, AuditorId, ClientId};
use certa_store::TenantTx;
use certa_store::repo::audits::ScheduledAudit;
use certa_store::repo::fieldwork::{self as fw, Item, Nonconformity};
use certa_store::repo::{audit, audits, clients, outbox, personnel};
use chrono::NaiveDate;
use serde_json::json;

/// Item results an auditor records.
pub const RESULTS: [&str; 6] = [
    "conforming",
    "minor_nc",
    "major_nc",
    "observation",
    "ofi",
    "not_applicable",
];

fn not_found() -> ServiceError {
    ServiceError::not_found("audit", "audit_not_found")
}

fn nc_not_found() -> ServiceError {
    ServiceError::not_found("nonconformity", "nonconformity_not_found")
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> ServiceError {
    ServiceError::Invalid {
        field,
        code,
        message: message.into(),
    }
}

/// Whether the principal may work this audit: administrators and schedulers always,
/// auditors when their personnel record is on the team. Evidence follows the same rule.
pub(crate) async fn may_conduct(
    tx: &TenantTx,
    t: &TenantCtx,
    a: &ScheduledAudit,
) -> Result<bool, ServiceError> {
    if !t.roles.allows(Action::ConductAudits) {
        return Ok(false);
    }
    if t.roles.allows(Action::ScheduleAudits) {
        return Ok(true);
    }
    let team = audits::team(tx, AuditId(a.id)).await?;
    for m in team {
        if let Some(r) = personnel::by_id(tx, AuditorId(m.auditor_id)).await?
            && r.membership_id == Some(t.membership.id)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Loads an audit the principal may see: staff who view clients see all; a client user
/// sees only their organisation's audits.
async fn visible_audit(
    tx: &TenantTx,
    t: &TenantCtx,
    id: AuditId,
) -> Result<ScheduledAudit, ServiceError> {
    let a = audits::by_id(tx, id).await?.ok_or_else(not_found)?;
    if let Some(c) = t.client {
        if a.client_id != c {
            return Err(not_found());
        }
    } else if !t.roles.allows(Action::ViewClients) {
        return Err(ServiceError::Forbidden);
    }
    Ok(a)
}

async fn conduct_audit(
    tx: &TenantTx,
    t: &TenantCtx,
    id: AuditId,
) -> Result<ScheduledAudit, ServiceError> {
    let a = visible_audit(tx, t, id).await?;
    if t.client.is_some() {
        return Err(not_found());
    }
    if !may_conduct(tx, t, &a).await? {
        return Err(ServiceError::Forbidden);
    }
    Ok(a)
}

// ---------------------------------------------------------------------------
// Templates.

/// A template as listed: built-in ones have no id.
#[derive(Debug, Clone)]
pub struct TemplateView {
    pub id: Option<uuid::Uuid>,
    pub template: Template,
}

/// Every built-in template, then the tenant's own.
pub async fn templates(ctx: &Ctx, p: &Principal) -> Result<Vec<TemplateView>, ServiceError> {
    let t = p.authorize(Action::ConductAudits)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let own = own_templates(&tx).await?;
    tx.commit().await?;
    let mut out: Vec<TemplateView> = checklists::builtin_all()
        .into_iter()
        .map(|template| TemplateView { id: None, template })
        .collect();
    out.extend(own);
    Ok(out)
}

async fn own_templates(tx: &TenantTx) -> Result<Vec<TemplateView>, ServiceError> {
    let mut out = Vec::new();
    for s in fw::templates(tx).await? {
        let Some(audit_type) = AuditType::parse(&s.audit_type) else {
            continue;
        };
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
    let tx = ctx.db.tenant(t.id()).await?;
    let v = own_templates(&tx)
        .await?
        .into_iter()
        .find(|v| v.id == Some(id))
        .ok_or(ServiceError::not_found(
            "checklist template",
            "template_not_found",
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
            "invalid_audit_type",
            "audit_type must be stage_1 or stage_2",
        )
    })?;
    let mut tpl = checklists::builtin(standard.trim(), at).ok_or_else(|| {
        invalid(
            "standard",
            "unknown_standard",
            format!("no built-in checklist for '{}'", standard.trim()),
        )
    })?;
    tpl.name = format!("{} (copy)", tpl.name);
    let items = serde_json::to_string(&tpl.items)
        .map_err(|e| invalid("items", "template_invalid", e.to_string()))?;
    let tx = ctx.db.tenant(t.id()).await?;
    let s = fw::create_template(&tx, &tpl.standard, at.as_str(), &tpl.name, items).await?;
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
    let tx = ctx.db.tenant(t.id()).await?;
    let s = fw::template(&tx, id).await?.ok_or(ServiceError::not_found(
        "checklist template",
        "template_not_found",
    ))?;
    let at = AuditType::parse(&s.audit_type).unwrap_or(AuditType::Stage2);
    let tpl = Template {
        standard: s.standard_code.clone(),
        audit_type: at,
        name: name.trim().to_string(),
        items,
    };
    tpl.validate()?;
    let doc = serde_json::to_string(&tpl.items)
        .map_err(|e| invalid("items", "template_invalid", e.to_string()))?;
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

// ---------------------------------------------------------------------------
// Checklists.

/// An audit's checklist with its progress.
#[derive(Debug, Clone)]
pub struct Checklist {
    pub audit: ScheduledAudit,
    pub client_name: String,
    pub items: Vec<Item>,
    pub answered: usize,
    pub total: usize,
    pub nonconformities: Vec<Nonconformity>,
    /// Whether the principal may record answers.
    pub can_conduct: bool,
}

/// Filters of the checklist.
#[derive(Debug, Clone, Default)]
pub struct ChecklistFilter {
    /// A result, or `unanswered`.
    pub result: Option<String>,
    /// Reference prefix, e.g. `8` or `A.6`.
    pub reference: Option<String>,
    pub site: Option<uuid::Uuid>,
}

/// Creates the checklist of an audit from the tenant's template for each standard (or the
/// built-in one), merging the shared clauses of an integrated audit, with the open
/// nonconformities and observations of earlier audits of the programme carried in first.
pub async fn create_checklist(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
) -> Result<usize, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.id()).await?;
    let a = conduct_audit(&tx, t, id).await?;
    let at = AuditType::for_audit_kind(&a.kind).ok_or_else(|| {
        invalid(
            "kind",
            "no_checklist",
            "this kind of audit has no checklist",
        )
    })?;
    if fw::has_items(&tx, a.id).await? {
        return Err(ServiceError::conflict(
            "checklist_exists",
            "the audit already has its checklist",
        ));
    }
    let own = own_templates(&tx).await?;
    let mut chosen = Vec::new();
    for code in a.standards.split(',').filter(|s| !s.is_empty()) {
        let mine = own
            .iter()
            .rev()
            .find(|v| v.template.standard == code && v.template.audit_type == at)
            .map(|v| v.template.clone());
        match mine.or_else(|| checklists::builtin(code, at)) {
            Some(tpl) => chosen.push(tpl),
            None => {
                return Err(invalid(
                    "standards",
                    "no_template",
                    format!("no checklist template for {code}"),
                ));
            }
        }
    }
    let mut new_items = carried_items(&tx, &a).await?;
    new_items.extend(checklists::instantiate(&chosen).into_iter().map(|i| {
        fw::NewItem {
            standards: i.standards.join(","),
            section: serde_json::to_value(i.section)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            reference: i.reference,
            title: i.title,
            question: i.question,
            carried_from: None,
        }
    }));
    let n = fw::create_items(&tx, a.id, new_items).await?;
    audit::append(
        &tx,
        &p.actor(),
        "audit.checklist_created",
        &format!("audit:{}", a.id),
        json!({"items": n, "templates": chosen.iter().map(|c| &c.name).collect::<Vec<_>>()}),
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// Open nonconformities and observations of the programme's earlier audits, as follow-up
/// items (17021-1 9.4.8 r: verification of corrective actions on earlier nonconformities).
async fn carried_items(
    tx: &TenantTx,
    a: &ScheduledAudit,
) -> Result<Vec<fw::NewItem>, ServiceError> {
    let mut out = Vec::new();
    for earlier in audits::of_programme(tx, a.programme_id).await? {
        if earlier.id == a.id || earlier.starts_on > a.starts_on {
            continue;
        }
        for nc in fw::ncs_of_audit(tx, earlier.id).await? {
            if nc.status == "closed" {
                continue;
            }
            out.push(fw::NewItem {
                standards: a.standards.clone(),
                section: "follow_up".into(),
                reference: format!("NC {}-{}", earlier.kind.replace('_', " "), nc.number),
                title: format!("Follow-up of the {} nonconformity: {}", nc.grade, nc.statement),
                question: "Was the correction made and is the corrective action implemented and effective? Verify it and record how.".into(),
                carried_from: Some(nc.id),
            });
        }
        for it in fw::items(tx, earlier.id).await? {
            if it.result.as_deref() == Some("observation") {
                out.push(fw::NewItem {
                    standards: it.standards.clone(),
                    section: "follow_up".into(),
                    reference: format!("Obs. {}", it.reference),
                    title: format!(
                        "Follow-up of an observation: {}",
                        it.notes.clone().unwrap_or(it.title.clone())
                    ),
                    question:
                        "Has the area of concern been addressed, or has it become a nonconformity?"
                            .into(),
                    carried_from: Some(it.id),
                });
            }
        }
    }
    Ok(out)
}

/// The checklist of an audit, filtered, with its progress and nonconformities.
pub async fn checklist(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    filter: &ChecklistFilter,
) -> Result<Checklist, ServiceError> {
    let t = p.tenant()?;
    if let Some(r) = filter.result.as_deref().filter(|r| !r.is_empty())
        && r != "unanswered"
        && !RESULTS.contains(&r)
    {
        return Err(ServiceError::Invalid {
            field: "result",
            code: "unknown_result",
            message: format!("result must be unanswered or one of {}", RESULTS.join(", ")),
        });
    }
    let tx = ctx.db.tenant(t.id()).await?;
    let a = visible_audit(&tx, t, id).await?;
    if t.client.is_some() {
        return Err(not_found());
    }
    let can_conduct = may_conduct(&tx, t, &a).await?;
    let all = fw::items(&tx, a.id).await?;
    let total = all.len();
    let answered = all.iter().filter(|i| i.result.is_some()).count();
    let items = all
        .into_iter()
        .filter(|i| match filter.result.as_deref() {
            None | Some("") => true,
            Some("unanswered") => i.result.is_none(),
            Some(r) => i.result.as_deref() == Some(r),
        })
        .filter(|i| {
            filter
                .reference
                .as_deref()
                .is_none_or(|r| r.trim().is_empty() || i.reference.starts_with(r.trim()))
        })
        .filter(|i| filter.site.is_none_or(|s| i.site_id == Some(s)))
        .collect();
    let client_name = clients::by_id(&tx, ClientId(a.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let nonconformities = fw::ncs_of_audit(&tx, a.id).await?;
    tx.commit().await?;
    Ok(Checklist {
        audit: a,
        client_name,
        items,
        answered,
        total,
        nonconformities,
        can_conduct,
    })
}

/// An answer to one item.
#[derive(Debug, Clone, Default)]
pub struct AnswerInput {
    pub item_id: uuid::Uuid,
    /// One of [`RESULTS`], or empty to clear.
    pub result: Option<String>,
    pub notes: Option<String>,
    pub site_id: Option<uuid::Uuid>,
    pub evidence_requested: bool,
    /// `YYYY-MM-DD`, required when evidence is requested.
    pub evidence_due: Option<String>,
}

/// Records answers (one or many: the bulk entry of the workspace), all or nothing. A new
/// evidence request mails the client's contacts and client users.
pub async fn answer(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    answers: &[AnswerInput],
) -> Result<usize, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.id()).await?;
    let a = conduct_audit(&tx, t, id).await?;
    let sites = clients::sites(&tx, ClientId(a.client_id)).await?;
    let mut requested = Vec::new();
    for (i, ans) in answers.iter().enumerate() {
        let line = i + 1;
        let result = ans
            .result
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if let Some(r) = result
            && !RESULTS.contains(&r)
        {
            return Err(invalid(
                "result",
                "invalid_result",
                format!("item {line}: result must be one of {}", RESULTS.join(", ")),
            ));
        }
        let notes = certa_domain::clients::optional_text("notes", ans.notes.as_deref())?;
        if matches!(result, Some("minor_nc" | "major_nc" | "observation")) && notes.is_none() {
            return Err(invalid(
                "notes",
                "notes_required",
                format!(
                    "item {line}: a nonconformity or observation needs notes with the objective evidence"
                ),
            ));
        }
        if let Some(s) = ans.site_id
            && !sites.iter().any(|x| x.id == s)
        {
            return Err(invalid(
                "site_id",
                "unknown_site",
                format!("item {line}: not a site of this client"),
            ));
        }
        let due = match (
            ans.evidence_requested,
            ans.evidence_due
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty()),
        ) {
            (true, Some(d)) => Some(certa_domain::personnel::date("evidence_due", d)?.to_string()),
            (true, None) => {
                return Err(invalid(
                    "evidence_due",
                    "evidence_due_required",
                    format!("item {line}: an evidence request needs a due date"),
                ));
            }
            (false, _) => None,
        };
        let it = fw::item(&tx, a.id, ans.item_id)
            .await?
            .ok_or(ServiceError::not_found("checklist item", "item_not_found"))?;
        let newly = ans.evidence_requested && !it.evidence_requested;
        let saved = fw::answer(
            &tx,
            it,
            fw::Answer {
                result: result.map(String::from),
                notes,
                site_id: ans.site_id,
                evidence_requested: ans.evidence_requested,
                evidence_due: due,
            },
            &p.actor().label,
        )
        .await?;
        if newly {
            requested.push(saved);
        }
    }
    audit::append(
        &tx,
        &p.actor(),
        "audit.checklist_answered",
        &format!("audit:{}", a.id),
        json!({"items": answers.iter().map(|x| x.item_id).collect::<Vec<_>>()}),
    )
    .await?;
    let mailed = if requested.is_empty() {
        0
    } else {
        mail_evidence_requested(&tx, &a, &requested).await?
    };
    tx.commit().await?;
    if mailed > 0 {
        ctx.ring();
    }
    Ok(answers.len())
}

/// The client's contacts who receive mail, and its client users.
pub async fn client_recipients(
    tx: &TenantTx,
    client: uuid::Uuid,
) -> Result<Vec<String>, ServiceError> {
    let mut out: Vec<String> = clients::contacts(tx, ClientId(client))
        .await?
        .into_iter()
        .filter(|c| c.receives_mail)
        .map(|c| c.email)
        .collect();
    for m in certa_store::repo::memberships::list(tx).await? {
        if clients::client_of_membership(tx, certa_domain::MembershipId(m.membership.id)).await?
            == Some(client)
        {
            out.push(m.user.email);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The lead auditor's address, if the audit has a lead with a personnel record.
async fn lead_email(tx: &TenantTx, a: &ScheduledAudit) -> Result<Option<String>, ServiceError> {
    for m in audits::team(tx, AuditId(a.id)).await? {
        if m.role == "lead" {
            return Ok(personnel::by_id(tx, AuditorId(m.auditor_id))
                .await?
                .map(|r| r.email));
        }
    }
    Ok(None)
}

async fn mail_evidence_requested(
    tx: &TenantTx,
    a: &ScheduledAudit,
    items: &[Item],
) -> Result<usize, ServiceError> {
    let client = clients::by_id(tx, ClientId(a.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let lines: Vec<String> = items
        .iter()
        .map(|i| {
            format!(
                "{} {} (by {})",
                i.reference,
                i.title,
                i.evidence_due.clone().unwrap_or_default()
            )
        })
        .collect();
    let to = client_recipients(tx, a.client_id).await?;
    for r in &to {
        outbox::enqueue(
            tx,
            crate::mail::EVIDENCE_REQUESTED,
            r,
            json!({
                "client_name": client, "kind": a.kind.replace('_', " "), "items": lines,
            }),
        )
        .await?;
    }
    Ok(to.len())
}

// ---------------------------------------------------------------------------
// Nonconformities.

/// A new nonconformity, raised from a checklist item.
#[derive(Debug, Clone)]
pub struct RaiseInput {
    pub grade: String,
    /// Clause or control; the item's reference when empty.
    pub reference: Option<String>,
    pub statement: String,
    pub evidence: String,
    pub site_id: Option<uuid::Uuid>,
}

/// Raises a nonconformity from an item: its result becomes minor or major NC, the
/// response is due after the tenant's period, and the client's contacts are told.
pub async fn raise(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    item: uuid::Uuid,
    input: RaiseInput,
) -> Result<Nonconformity, ServiceError> {
    let t = p.tenant()?;
    let grade = Grade::parse(&input.grade)?;
    let statement = certa_domain::clients::required_text("statement", &input.statement)?;
    let evidence = certa_domain::clients::required_text("evidence", &input.evidence)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let a = conduct_audit(&tx, t, id).await?;
    let it = fw::item(&tx, a.id, item)
        .await?
        .ok_or(ServiceError::not_found("checklist item", "item_not_found"))?;
    if let Some(s) = input.site_id
        && !clients::sites(&tx, ClientId(a.client_id))
            .await?
            .iter()
            .any(|x| x.id == s)
    {
        return Err(invalid(
            "site_id",
            "unknown_site",
            "not a site of this client",
        ));
    }
    let settings = crate::settings::load(&tx).await?;
    let reference = certa_domain::clients::optional_text("reference", input.reference.as_deref())?
        .unwrap_or_else(|| it.reference.clone());
    let nc = fw::create_nc(
        &tx,
        fw::NewNc {
            audit_id: a.id,
            client_id: a.client_id,
            checklist_item_id: Some(it.id),
            grade: grade.as_str().into(),
            reference,
            statement,
            evidence,
            site_id: input.site_id.or(it.site_id),
            response_due: ncd::response_due(today(), settings.nc_response_days).to_string(),
            raised_by: p.actor().label,
        },
    )
    .await?;
    fw::set_result(
        &tx,
        it.id,
        if grade == Grade::Major {
            "major_nc"
        } else {
            "minor_nc"
        },
        &p.actor().label,
    )
    .await?;
    audit::append(&tx, &p.actor(), "nonconformity.raised", &format!("nonconformity:{}", nc.id),
        json!({"audit": a.id, "number": nc.number, "grade": nc.grade, "reference": nc.reference, "statement": nc.statement})).await?;
    let n = mail_client(&tx, &a, &nc, crate::mail::NC_RAISED).await?;
    tx.commit().await?;
    if n > 0 {
        ctx.ring();
    }
    Ok(nc)
}

async fn mail_client(
    tx: &TenantTx,
    a: &ScheduledAudit,
    nc: &Nonconformity,
    kind: &str,
) -> Result<usize, ServiceError> {
    let client = clients::by_id(tx, ClientId(a.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let to = client_recipients(tx, a.client_id).await?;
    for r in &to {
        outbox::enqueue(tx, kind, r, nc_payload(&client, a, nc)).await?;
    }
    Ok(to.len())
}

fn nc_payload(client: &str, a: &ScheduledAudit, nc: &Nonconformity) -> serde_json::Value {
    json!({"client_name": client, "kind": a.kind.replace('_', " "), "number": nc.number,
        "grade": nc.grade, "reference": nc.reference, "statement": nc.statement,
        "response_due": nc.response_due, "review_comment": nc.review_comment,
        "verification_comment": nc.verification_comment, "nc_id": nc.id})
}

/// A nonconformity with its audit, as the principal may see it.
#[derive(Debug, Clone)]
pub struct NcFile {
    pub nc: Nonconformity,
    pub audit: ScheduledAudit,
    pub client_name: String,
    /// Whether the principal may review and verify (staff on the audit).
    pub can_conduct: bool,
    /// Whether the principal may answer (a client user of this client, or staff who may
    /// conduct, recording on the client's behalf).
    pub can_respond: bool,
}

async fn nc_file(tx: &TenantTx, t: &TenantCtx, id: uuid::Uuid) -> Result<NcFile, ServiceError> {
    let nc = fw::nc(tx, id).await?.ok_or_else(nc_not_found)?;
    let audit = visible_audit(tx, t, AuditId(nc.audit_id))
        .await
        .map_err(|e| match e {
            ServiceError::NotFound { .. } => nc_not_found(),
            other => other,
        })?;
    let can_conduct = t.client.is_none() && may_conduct(tx, t, &audit).await?;
    let can_respond =
        (t.client == Some(nc.client_id) && t.roles.allows(Action::RespondFindings)) || can_conduct;
    let client_name = clients::by_id(tx, ClientId(nc.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    Ok(NcFile {
        nc,
        audit,
        client_name,
        can_conduct,
        can_respond,
    })
}

/// One nonconformity.
pub async fn nonconformity(
    ctx: &Ctx,
    p: &Principal,
    id: uuid::Uuid,
) -> Result<NcFile, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.id()).await?;
    let f = nc_file(&tx, t, id).await?;
    tx.commit().await?;
    Ok(f)
}

/// The nonconformities of a client (all its audits).
pub async fn client_ncs(
    ctx: &Ctx,
    p: &Principal,
    client: ClientId,
) -> Result<Vec<Nonconformity>, ServiceError> {
    let t = p.tenant()?;
    if let Some(c) = t.client {
        if c != client.0 {
            return Err(ServiceError::not_found("client", "client_not_found"));
        }
    } else {
        p.authorize(Action::ViewClients)?;
    }
    let tx = ctx.db.tenant(t.id()).await?;
    clients::by_id(&tx, client)
        .await?
        .ok_or(ServiceError::not_found("client", "client_not_found"))?;
    let l = fw::ncs_of_client(&tx, client.0).await?;
    tx.commit().await?;
    Ok(l)
}

/// What moves a nonconformity on.
#[derive(Debug, Clone)]
pub enum NcAction {
    /// Correction, root cause, corrective-action plan and its planned date (9.4.9).
    Respond {
        correction: String,
        root_cause: String,
        corrective_action: String,
        planned_date: String,
    },
    /// The plan is accepted or rejected, with a comment (required when rejected).
    Review {
        accept: bool,
        comment: Option<String>,
    },
    /// What was done to implement the plan.
    Implement { statement: String },
    /// How it was verified, and whether the action is effective (9.4.10).
    Verify {
        method: String,
        effective: bool,
        comment: Option<String>,
    },
    /// A minor becomes major, with the reason.
    Escalate { reason: String },
}

/// Applies an action; illegal ones answer 409 `illegal_transition`.
pub async fn act(
    ctx: &Ctx,
    p: &Principal,
    id: uuid::Uuid,
    action: NcAction,
) -> Result<Nonconformity, ServiceError> {
    let t = p.tenant()?;
    let tx = ctx.db.tenant(t.id()).await?;
    let f = nc_file(&tx, t, id).await?;
    let mut nc = f.nc.clone();
    let status = Status::parse(&nc.status).unwrap_or(Status::Open);
    let grade = Grade::parse(&nc.grade)?;
    let (event, mail_kind, to_client) = match &action {
        NcAction::Respond { .. } => (
            Event::SubmitResponse,
            crate::mail::NC_RESPONSE_SUBMITTED,
            false,
        ),
        NcAction::Review { accept: true, .. } => {
            (Event::AcceptPlan, crate::mail::NC_PLAN_ACCEPTED, true)
        }
        NcAction::Review { accept: false, .. } => {
            (Event::RejectPlan, crate::mail::NC_PLAN_REJECTED, true)
        }
        NcAction::Implement { .. } => (
            Event::SubmitImplementation,
            crate::mail::NC_RESPONSE_SUBMITTED,
            false,
        ),
        NcAction::Verify {
            effective: true, ..
        } => (Event::VerifyEffective, crate::mail::NC_CLOSED, true),
        NcAction::Verify {
            effective: false, ..
        } => (Event::VerifyIneffective, crate::mail::NC_REOPENED, true),
        NcAction::Escalate { .. } => (Event::Escalate, crate::mail::NC_ESCALATED, true),
    };
    let by_client_side = matches!(
        action,
        NcAction::Respond { .. } | NcAction::Implement { .. }
    );
    let allowed = if by_client_side {
        f.can_respond
    } else {
        f.can_conduct
    };
    if !allowed {
        return Err(ServiceError::Forbidden);
    }
    let (next, next_grade) = ncd::transition(status, grade, event)
        .map_err(|e| ServiceError::conflict(e.code, e.message))?;
    let txt = |field: &'static str, v: &str| certa_domain::clients::required_text(field, v);
    match &action {
        NcAction::Respond {
            correction,
            root_cause,
            corrective_action,
            planned_date,
        } => {
            nc.correction = Some(txt("correction", correction)?);
            nc.root_cause = Some(txt("root_cause", root_cause)?);
            nc.corrective_action = Some(txt("corrective_action", corrective_action)?);
            nc.planned_date = Some(
                certa_domain::personnel::date("planned_date", planned_date.trim())?.to_string(),
            );
            nc.responded_by = Some(p.actor().label);
            nc.responded_at = Some(certa_store::repo::now());
        }
        NcAction::Review { accept, comment } => {
            let c = certa_domain::clients::optional_text("comment", comment.as_deref())?;
            if !accept && c.is_none() {
                return Err(invalid(
                    "comment",
                    "comment_required",
                    "say why the plan is rejected",
                ));
            }
            nc.review_comment = c;
        }
        NcAction::Implement { statement } => nc.implementation = Some(txt("statement", statement)?),
        NcAction::Verify {
            method, comment, ..
        } => {
            nc.verification_method = Some(txt("method", method)?);
            nc.verification_comment =
                certa_domain::clients::optional_text("comment", comment.as_deref())?;
            if next == Status::Closed {
                nc.closed_at = Some(certa_store::repo::now());
            }
        }
        NcAction::Escalate { reason } => nc.escalation_reason = Some(txt("reason", reason)?),
    }
    if next.awaits_client() && status != next {
        // Back with the client: a new response period starts.
        let s = crate::settings::load(&tx).await?;
        nc.response_due = ncd::response_due(today(), s.nc_response_days).to_string();
    }
    nc.status = next.as_str().into();
    nc.grade = next_grade.as_str().into();
    let nc = fw::save_nc(&tx, nc).await?;
    if let Some(item) = nc.checklist_item_id
        && next_grade != grade
    {
        fw::set_result(&tx, item, "major_nc", &p.actor().label).await?;
    }
    audit::append(
        &tx,
        &p.actor(),
        &format!("nonconformity.{}", event.as_str()),
        &format!("nonconformity:{}", nc.id),
        json!({"from": status.as_str(), "to": next.as_str(), "grade": nc.grade}),
    )
    .await?;
    let mailed = if to_client {
        mail_client(&tx, &f.audit, &nc, mail_kind).await?
    } else if let Some(lead) = lead_email(&tx, &f.audit).await? {
        outbox::enqueue(
            &tx,
            mail_kind,
            &lead,
            nc_payload(&f.client_name, &f.audit, &nc),
        )
        .await?;
        1
    } else {
        0
    };
    tx.commit().await?;
    if mailed > 0 {
        ctx.ring();
    }
    Ok(nc)
}

/// Whether the certification decision may be taken on this audit's findings (17021-1
/// 9.5), with the reasons when not; for an initial audit also the 6-month limit for the
/// majors (domain reference §1.7).
pub fn decision_blockers(
    audit: &ScheduledAudit,
    ncs: &[Nonconformity],
    on: NaiveDate,
) -> Vec<String> {
    let mut out = Vec::new();
    for nc in ncs {
        let (Ok(g), Some(s)) = (Grade::parse(&nc.grade), Status::parse(&nc.status)) else {
            continue;
        };
        if ncd::blocks_decision(g, s) {
            out.push(format!(
                "{} nonconformity {} ({}) is {}",
                nc.grade,
                nc.number,
                nc.reference,
                nc.status.replace('_', " ")
            ));
        }
    }
    if audit.kind == "stage_2"
        && let Ok(last) = NaiveDate::parse_from_str(&audit.ends_on, "%Y-%m-%d")
        && let Some(limit) = ncd::major_verification_limit(last)
        && on > limit
        && ncs
            .iter()
            .any(|n| n.grade == "major" && n.status != "closed")
    {
        out.push(format!(
            "a major nonconformity was not verified by {limit} (6 months after stage 2): stage 2 must be repeated"
        ));
    }
    out
}

// ---------------------------------------------------------------------------
// The client portal.

/// What a client user sees.
#[derive(Debug, Clone)]
pub struct Portal {
    pub client_id: uuid::Uuid,
    pub client_name: String,
    pub audits: Vec<ScheduledAudit>,
    pub requests: Vec<Item>,
    pub nonconformities: Vec<Nonconformity>,
}

/// The portal of a client user: their organisation's audits, evidence requests and
/// nonconformities.
pub async fn portal(ctx: &Ctx, p: &Principal) -> Result<Portal, ServiceError> {
    let t = p.authorize(Action::RespondFindings)?;
    let client = t.client.ok_or(ServiceError::Forbidden)?;
    let tx = ctx.db.tenant(t.id()).await?;
    let c = clients::by_id(&tx, ClientId(client))
        .await?
        .ok_or(ServiceError::not_found("client", "client_not_found"))?;
    let audits: Vec<ScheduledAudit> = audits::of_client(&tx, client).await?;
    let ids: Vec<uuid::Uuid> = audits.iter().map(|a| a.id).collect();
    let requests = fw::evidence_requests(&tx, &ids).await?;
    let nonconformities = fw::ncs_of_client(&tx, client).await?;
    tx.commit().await?;
    Ok(Portal {
        client_id: client,
        client_name: c.legal_name,
        audits,
        requests,
        nonconformities,
    })
}
