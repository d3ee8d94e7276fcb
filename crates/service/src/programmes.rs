//! Audit programmes (ISO/IEC 17021-1 9.1.3, 9.6): the cycle is planned from the
//! certification decision date and re-planned when it changes; every audit is flagged
//! upcoming, in window, at risk or overdue.

use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::programme::{self as plan, ProgrammeSettings, Progress};
use certa_domain::{Action, ClientId, ProgrammeId};
use certa_store::repo::applications::{self, CycleAudit, Programme, ProgrammeAudit};
use certa_store::repo::{audit, clients};
use chrono::NaiveDate;
use serde_json::json;

/// How far ahead the dashboard looks for due audits.
pub const DUE_HORIZON_DAYS: i64 = 90;

/// A programme with its audits and, once the decision date is known, their flags.
#[derive(Debug, Clone)]
pub struct ProgrammeFile {
    pub programme: Programme,
    pub client_name: String,
    pub audits: Vec<ProgrammeAudit>,
    pub flags: Vec<plan::AuditFlag>,
    /// Audits scheduled from the programme's entries.
    pub scheduled: Vec<certa_store::repo::audits::ScheduledAudit>,
}

fn not_found() -> ServiceError {
    ServiceError::not_found("programme", ErrorCode::ProgrammeNotFound)
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn flags_of(p: &Programme, on: NaiveDate, settings: &ProgrammeSettings) -> Vec<plan::AuditFlag> {
    let Some(decision) = p
        .decision_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    else {
        return Vec::new();
    };
    match plan::plan(decision, &Progress::default(), settings) {
        Ok(planned) => plan::flags(&planned, &Progress::default(), on, settings),
        Err(_) => Vec::new(),
    }
}

/// A programme with flags as of today.
pub async fn get(ctx: &Ctx, p: &Principal, id: ProgrammeId) -> Result<ProgrammeFile, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let tx = ctx.db.tenant(t.scope()).await?;
    let (programme, audits) = applications::programme(&tx, id)
        .await?
        .ok_or_else(not_found)?;
    let client_name = clients::by_id(&tx, ClientId(programme.client_id))
        .await?
        .map(|c| c.legal_name)
        .unwrap_or_default();
    let scheduled = certa_store::repo::audits::of_programme(&tx, programme.id).await?;
    let settings = crate::settings::load(&tx).await?.programme;
    tx.commit().await?;
    let flags = flags_of(&programme, today(), &settings);
    Ok(ProgrammeFile {
        programme,
        client_name,
        audits,
        flags,
        scheduled,
    })
}

/// Plans (or re-plans) the cycle from a certification decision date, in the caller's
/// transaction: surveillance 1 within 12 months, surveillance 2 the year after,
/// recertification before expiry (decision + 3 years − 1 day by default). Set only by a
/// grant or renewal decision. Returns the expiry date.
pub(crate) async fn plan_cycle(
    tx: &certa_store::TenantTx,
    actor: &certa_store::repo::audit::Actor,
    id: ProgrammeId,
    decision: NaiveDate,
) -> Result<NaiveDate, ServiceError> {
    let settings = crate::settings::load(tx).await?.programme;
    let planned = plan::plan(decision, &Progress::default(), &settings).map_err(|e| {
        ServiceError::Invalid {
            field: e.field,
            code: e.code,
            message: e.message,
        }
    })?;
    let (programme, _) = applications::programme(tx, id)
        .await?
        .ok_or_else(not_found)?;
    let before = programme.decision_date.clone();
    let audits: Vec<CycleAudit> = planned
        .audits
        .iter()
        .map(|a| CycleAudit {
            kind: a.kind.into(),
            window_start: a.window_start.to_string(),
            due_by: a.due_by.to_string(),
        })
        .collect();
    applications::replan(
        tx,
        programme,
        decision.to_string(),
        planned.expiry_date.to_string(),
        audits,
    )
    .await?;
    audit::append(
        tx,
        actor,
        if before.is_some() { "programme.replanned" } else { "programme.planned" },
        &format!("programme:{id}"),
        json!({"decision_date_before": before, "decision_date": decision.to_string(), "expiry_date": planned.expiry_date.to_string(),
            "due": planned.audits.iter().map(|a| json!({"kind": a.kind.as_str(), "due_by": a.due_by.to_string()})).collect::<Vec<_>>()}),
    )
    .await?;
    Ok(planned.expiry_date)
}

/// Records the decision date directly, outside a certification decision: for seeding
/// demonstration and volume data and for tests that set up a running cycle. Takes a
/// system scope, so no member can reach it.
pub async fn plan_from_decision(
    ctx: &Ctx,
    scope: certa_store::TenantScope,
    id: ProgrammeId,
    decision: NaiveDate,
) -> Result<NaiveDate, ServiceError> {
    let tx = ctx.db.tenant(scope).await?;
    let expiry = plan_cycle(
        &tx,
        &certa_store::repo::audit::Actor::system(),
        id,
        decision,
    )
    .await?;
    tx.commit().await?;
    Ok(expiry)
}

/// A row of the dashboard's due list.
#[derive(Debug, Clone)]
pub struct DueAudit {
    pub audit: ProgrammeAudit,
    pub programme: Programme,
    pub client_name: String,
    pub days_left: i64,
    /// Overdue, at risk or due.
    pub flag: certa_domain::programme::DueFlag,
}

/// Planned audits due within [`DUE_HORIZON_DAYS`] or overdue, earliest first.
pub async fn due_soon(ctx: &Ctx, p: &Principal) -> Result<Vec<DueAudit>, ServiceError> {
    let t = p.authorize(Action::ViewClients)?;
    let today = today();
    let until = (today + chrono::Duration::days(DUE_HORIZON_DAYS)).to_string();
    let tx = ctx.db.tenant(t.scope()).await?;
    let rows = applications::due_until(&tx, &until, 100).await?;
    let ids: Vec<uuid::Uuid> = rows.iter().map(|(_, p)| p.client_id).collect();
    let names = clients::names(&tx, &ids).await?;
    let mut out = Vec::new();
    let at_risk = crate::settings::load(&tx).await?.programme.at_risk_days;
    for (audit, programme) in rows {
        let client_name = names.get(&programme.client_id).cloned().unwrap_or_default();
        let days_left = audit
            .due_by
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| (d - today).num_days())
            .unwrap_or(0);
        let flag = plan::DueFlag::of(days_left, at_risk);
        out.push(DueAudit {
            audit,
            programme,
            client_name,
            days_left,
            flag,
        });
    }
    tx.commit().await?;
    Ok(out)
}
