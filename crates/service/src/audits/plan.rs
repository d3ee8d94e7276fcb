//! Audit plan (ISO/IEC 17021-1 9.2.3; ICT use: IAF MD 4).

use super::*;
use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::personnel::date;
use certa_domain::{Action, AuditId};
use certa_store::TenantTx;
use certa_store::repo::audit;
use certa_store::repo::audits::{self, ScheduledAudit};
use serde_json::json;

/// One line of the agenda.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// `YYYY-MM-DD`, within the audit's dates.
    pub date: String,
    /// `HH:MM`.
    pub time: String,
    /// What happens (process, clause, meeting).
    pub activity: String,
    /// Who is interviewed or attends, if said.
    #[serde(default)]
    pub auditees: Option<String>,
    /// Site visited, if any (one of the plan's sites).
    #[serde(default)]
    pub site_id: Option<uuid::Uuid>,
}

/// The plan as submitted.
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub site_ids: Vec<uuid::Uuid>,
    /// `none`, `partial` or `full`.
    pub remote: String,
    pub ict_risk_note: Option<String>,
    pub agenda: Vec<AgendaItem>,
}

/// The plan as stored.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub sites: Vec<certa_store::repo::clients::Site>,
    pub remote: Remote,
    pub ict_risk_note: Option<String>,
    pub agenda: Vec<AgendaItem>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

pub(crate) fn plan_invalid(
    field: &'static str,
    code: certa_domain::ErrorCode,
    message: impl Into<String>,
) -> ServiceError {
    ServiceError::Invalid {
        field,
        code,
        message: message.into(),
    }
}

/// Sets (or replaces) the plan of an audit: the client's sites it visits, whether and how
/// far it is done remotely — any use of ICT needs a note of its risks and how they are
/// handled (IAF MD 4) — and the agenda, each line inside the audit's dates.
pub async fn put_plan(
    ctx: &Ctx,
    p: &Principal,
    id: AuditId,
    input: PlanInput,
) -> Result<AuditFile, ServiceError> {
    let t = p.authorize(Action::ScheduleAudits)?;
    let Ok(remote) = input.remote.parse::<Remote>() else {
        return Err(plan_invalid(
            "remote",
            ErrorCode::InvalidRemote,
            "remote must be none, partial or full",
        ));
    };
    let note =
        certa_domain::clients::optional_text("ict_risk_note", input.ict_risk_note.as_deref())?;
    if remote != Remote::None && note.is_none() {
        return Err(plan_invalid(
            "ict_risk_note",
            ErrorCode::IctRiskNoteRequired,
            "a remote or partly remote audit needs a note of the ICT risks and how they are handled (IAF MD 4)",
        ));
    }
    if input.site_ids.is_empty() {
        return Err(plan_invalid(
            "site_ids",
            ErrorCode::SitesRequired,
            "name at least one site of the client",
        ));
    }
    let tx = ctx.db.tenant(t.scope()).await?;
    let a = audits::by_id(&tx, id).await?.ok_or_else(not_found)?;
    not_cancelled(&a)?;
    let client_sites =
        certa_store::repo::clients::sites(&tx, certa_domain::ClientId(a.client_id)).await?;
    let mut sites = input.site_ids.clone();
    sites.sort();
    sites.dedup();
    if let Some(bad) = sites
        .iter()
        .find(|s| !client_sites.iter().any(|c| c.id == **s))
    {
        return Err(plan_invalid(
            "site_ids",
            ErrorCode::UnknownSite,
            format!("{bad} is not a site of this client"),
        ));
    }
    let (from, to) = (
        date("starts_on", &a.starts_on)?,
        date("ends_on", &a.ends_on)?,
    );
    let mut agenda = Vec::new();
    for (i, item) in input.agenda.into_iter().enumerate() {
        let line = i + 1;
        let d = certa_domain::values::parse_date("agenda.date", &item.date).map_err(|e| {
            let (code, message) = (e.code(), e.message().to_string());
            let code = if code == ErrorCode::InvalidDate {
                ErrorCode::DateInvalid
            } else {
                code
            };
            plan_invalid("agenda.date", code, format!("line {line}: {message}"))
        })?;
        if d < from || d > to {
            return Err(plan_invalid(
                "agenda.date",
                ErrorCode::DateOutsideAudit,
                format!("line {line}: {d} is outside the audit ({from} to {to})"),
            ));
        }
        let time = item.time.trim();
        if chrono::NaiveTime::parse_from_str(time, "%H:%M").is_err() {
            return Err(plan_invalid(
                "agenda.time",
                ErrorCode::TimeInvalid,
                format!("line {line}: the time must be HH:MM"),
            ));
        }
        let activity = certa_domain::clients::required_text("agenda.activity", &item.activity)?;
        if let Some(s) = item.site_id
            && !sites.contains(&s)
        {
            return Err(plan_invalid(
                "agenda.site_id",
                ErrorCode::UnknownSite,
                format!("line {line}: the site is not one of the plan's sites"),
            ));
        }
        agenda.push(AgendaItem {
            date: d.to_string(),
            time: time.to_string(),
            activity,
            auditees: certa_domain::clients::optional_text(
                "agenda.auditees",
                item.auditees.as_deref(),
            )?,
            site_id: item.site_id,
        });
    }
    agenda.sort_by(|x, y| (&x.date, &x.time).cmp(&(&y.date, &y.time)));
    let doc = serde_json::to_string(&agenda)
        .map_err(|e| plan_invalid("agenda", ErrorCode::AgendaInvalid, e.to_string()))?;
    audits::put_plan(&tx, id, remote, note.clone(), doc, &sites).await?;
    audits::bump_sequence(&tx, id).await?;
    audit::append(
        &tx,
        &p.actor(),
        "audit.plan_saved",
        &format!("audit:{id}"),
        json!({"sites": sites, "remote": remote, "ict_risk_note": note, "agenda_lines": agenda.len()}),
    )
    .await?;
    let f = file(&tx, a).await?;
    tx.commit().await?;
    Ok(f)
}

pub(crate) async fn plan_of(
    tx: &TenantTx,
    a: &ScheduledAudit,
) -> Result<Option<PlanView>, ServiceError> {
    let Some((plan, site_ids)) = audits::plan(tx, AuditId(a.id)).await? else {
        return Ok(None);
    };
    let sites = certa_store::repo::clients::sites(tx, certa_domain::ClientId(a.client_id))
        .await?
        .into_iter()
        .filter(|s| site_ids.contains(&s.id))
        .collect();
    Ok(Some(PlanView {
        sites,
        remote: plan.remote,
        ict_risk_note: plan.ict_risk_note,
        agenda: serde_json::from_str(&plan.agenda).unwrap_or_default(),
        updated_at: plan.updated_at,
    }))
}
