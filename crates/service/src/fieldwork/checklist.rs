//! Checklists.

use super::*;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::checklists::{self, AuditType};
use certa_domain::checklists::{ItemResult, ItemSection};
use certa_domain::nonconformity::Status as NcStatus;
use certa_domain::team::TeamRole;
use certa_domain::{AuditId, AuditorId, ClientId};
use certa_store::TenantTx;
use certa_store::repo::audits::ScheduledAudit;
use certa_store::repo::fieldwork::{self as fw, Item, Nonconformity};
use certa_store::repo::{audit, audits, clients, personnel};
use serde_json::json;

/// An audit's checklist with its progress.
#[derive(Debug, Clone)]
pub struct Checklist {
    pub audit: ScheduledAudit,
    pub client_name: String,
    pub items: Vec<Item>,
    pub answered: usize,
    pub total: usize,
    /// How many items of the whole checklist have each result (results with none left
    /// out), in the order of the results.
    pub counts: Vec<(ItemResult, usize)>,
    pub nonconformities: Vec<Nonconformity>,
    /// Whether the principal may record answers.
    pub can_conduct: bool,
    /// What stands in the way of the certification decision today (17021-1 9.5).
    pub decision_blockers: Vec<String>,
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = conduct_audit(&tx, t, id).await?;
    let n = build_checklist(&tx, &p.actor(), &a).await?;
    tx.commit().await?;
    Ok(n)
}

/// Stores the checklist of an audit that has none, in the caller's transaction, with its
/// audit-trail event (see [`create_checklist`]). Returns the number of items.
pub(crate) async fn build_checklist(
    tx: &TenantTx,
    actor: &audit::Actor,
    a: &ScheduledAudit,
) -> Result<usize, ServiceError> {
    let at = AuditType::for_kind(a.kind);
    if fw::has_items(tx, a.id).await? {
        return Err(ServiceError::conflict(
            ErrorCode::ChecklistExists,
            "the audit already has its checklist",
        ));
    }
    let own = own_templates(tx).await?;
    let mut chosen = Vec::new();
    for code in a.standards.iter().map(String::as_str) {
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
                    ErrorCode::NoTemplate,
                    format!("no checklist template for {code}"),
                ));
            }
        }
    }
    let mut new_items = carried_items(tx, a).await?;
    new_items.extend(
        checklists::instantiate(&chosen)
            .into_iter()
            .map(|i| fw::NewItem {
                standards: i.standards,
                section: i.section.into(),
                reference: i.reference,
                title: i.title,
                question: i.question,
                carried_from: None,
            }),
    );
    let n = fw::create_items(tx, a.id, new_items).await?;
    audit::append(
        tx,
        actor,
        "audit.checklist_created",
        &format!("audit:{}", a.id),
        json!({"items": n, "templates": chosen.iter().map(|c| &c.name).collect::<Vec<_>>()}),
    )
    .await?;
    Ok(n)
}

/// Open nonconformities and observations of the programme's earlier audits, as follow-up
/// items (17021-1 9.4.8 r: verification of corrective actions on earlier nonconformities).
pub(crate) async fn carried_items(
    tx: &TenantTx,
    a: &ScheduledAudit,
) -> Result<Vec<fw::NewItem>, ServiceError> {
    let mut out = Vec::new();
    for earlier in audits::of_programme(tx, a.programme_id).await? {
        if earlier.id == a.id || earlier.starts_on > a.starts_on {
            continue;
        }
        for nc in fw::ncs_of_audit(tx, earlier.id).await? {
            if nc.status == NcStatus::Closed {
                continue;
            }
            out.push(fw::NewItem {
                standards: a.standards.clone(),
                section: ItemSection::FollowUp,
                reference: format!("NC {}-{}", earlier.kind.label(), nc.number),
                title: format!("Follow-up of the {} nonconformity: {}", nc.grade, nc.statement),
                question: "Was the correction made and is the corrective action implemented and effective? Verify it and record how.".into(),
                carried_from: Some(nc.id),
            });
        }
        for it in fw::items(tx, earlier.id).await? {
            if it.result == Some(ItemResult::Observation) {
                out.push(fw::NewItem {
                    standards: it.standards.clone(),
                    section: ItemSection::FollowUp,
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
    // `None`: every item; `Some(None)`: unanswered ones; `Some(Some(r))`: those with `r`.
    let wanted: Option<Option<ItemResult>> = match filter.result.as_deref() {
        None | Some("") => None,
        Some("unanswered") => Some(None),
        Some(r) => Some(Some(r.parse().map_err(|_| ServiceError::Invalid {
            field: "result",
            code: ErrorCode::UnknownResult,
            message: format!("result must be unanswered or one of {}", results_list()),
        })?)),
    };
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = visible_audit(&tx, t, id).await?;
    if t.client.is_some() {
        return Err(not_found());
    }
    let can_conduct = may_conduct(&tx, t, &a).await?;
    let all = fw::items(&tx, a.id).await?;
    let total = all.len();
    let answered = all.iter().filter(|i| i.result.is_some()).count();
    let counts = ItemResult::VARIANTS
        .iter()
        .map(|r| (*r, all.iter().filter(|i| i.result == Some(*r)).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let items = all
        .into_iter()
        .filter(|i| wanted.is_none_or(|w| i.result == w))
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
    let decision_blockers = decision_blockers(&a, &nonconformities, today());
    Ok(Checklist {
        decision_blockers,
        audit: a,
        client_name,
        items,
        answered,
        total,
        counts,
        nonconformities,
        can_conduct,
    })
}

/// An answer to one item.
#[derive(Debug, Clone, Default)]
pub struct AnswerInput {
    pub item_id: uuid::Uuid,
    /// A result's stable name, or empty to clear.
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
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = conduct_audit(&tx, t, id).await?;
    let sites = clients::sites(&tx, ClientId(a.client_id)).await?;
    let mut requested = Vec::new();
    for (i, ans) in answers.iter().enumerate() {
        let line = i + 1;
        let result: Option<ItemResult> = ans
            .result
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| {
                r.parse().map_err(|_| {
                    invalid(
                        "result",
                        ErrorCode::InvalidResult,
                        format!("item {line}: result must be one of {}", results_list()),
                    )
                })
            })
            .transpose()?;
        let notes = certa_domain::clients::optional_text("notes", ans.notes.as_deref())?;
        if result.is_some_and(ItemResult::needs_notes) && notes.is_none() {
            return Err(invalid(
                "notes",
                ErrorCode::NotesRequired,
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
                ErrorCode::UnknownSite,
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
                    ErrorCode::EvidenceDueRequired,
                    format!("item {line}: an evidence request needs a due date"),
                ));
            }
            (false, _) => None,
        };
        let it = fw::item(&tx, a.id, ans.item_id)
            .await?
            .ok_or(ServiceError::not_found(
                "checklist item",
                ErrorCode::ItemNotFound,
            ))?;
        let newly = ans.evidence_requested && !it.evidence_requested;
        let saved = fw::answer(
            &tx,
            it,
            fw::Answer {
                result,
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
        mail_evidence_requested(ctx, &tx, p, &a, &requested).await?
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
pub(crate) async fn lead_email(
    tx: &TenantTx,
    a: &ScheduledAudit,
) -> Result<Option<String>, ServiceError> {
    for m in audits::team(tx, AuditId(a.id)).await? {
        if m.role == TeamRole::Lead {
            return Ok(personnel::by_id(tx, AuditorId(m.auditor_id))
                .await?
                .map(|r| r.email));
        }
    }
    Ok(None)
}

pub(crate) async fn mail_evidence_requested(
    ctx: &Ctx,
    tx: &TenantTx,
    p: &Principal,
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
    let invited = crate::members::invite_contacts(ctx, tx, p, ClientId(a.client_id)).await?;
    for r in &to {
        crate::mail::enqueue(
            tx,
            r,
            &crate::mail::Mail::EvidenceRequested {
                client_name: client.clone(),
                kind: a.kind.label().to_string(),
                items: lines.clone(),
                invitation_link: invited.get(r).cloned(),
            },
        )
        .await?;
    }
    Ok(to.len())
}
