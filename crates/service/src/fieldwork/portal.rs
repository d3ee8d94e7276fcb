//! The client portal.

use crate::{Ctx, Principal, ServiceError};
use certa_domain::ErrorCode;
use certa_domain::{Action, ClientId};
use certa_store::repo::audits::ScheduledAudit;
use certa_store::repo::fieldwork::{self as fw, Item, Nonconformity};
use certa_store::repo::{audits, clients};

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
    let tx = ctx.db.tenant(t.scope()).await?;
    let c = clients::by_id(&tx, ClientId(client))
        .await?
        .ok_or(ServiceError::not_found("client", ErrorCode::ClientNotFound))?;
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
