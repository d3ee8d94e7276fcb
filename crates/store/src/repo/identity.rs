//! The reviewed cross-tenant reads: resolving who a request is before its tenant is known.
//! Only these functions take a [`SystemTx`].

use crate::entity::{api_token, invitation, membership, tenant};
use crate::repo::invitations::Invitation;
use crate::repo::memberships::Membership;
use crate::repo::tenants::Tenant;
use crate::repo::tokens::ApiToken;
use crate::{StoreError, SystemTx, Tx};
use certa_domain::UserId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// A row of `calendar_links`: secret calendar-feed links (secret stored hashed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarLink {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub auditor_id: uuid::Uuid,
    pub token_hash: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<crate::entity::calendar_link::Model> for CalendarLink {
    fn from(m: crate::entity::calendar_link::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            auditor_id: m.auditor_id,
            token_hash: m.token_hash,
            created_at: m.created_at,
        }
    }
}

impl From<CalendarLink> for crate::entity::calendar_link::Model {
    fn from(r: CalendarLink) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            auditor_id: r.auditor_id,
            token_hash: r.token_hash,
            created_at: r.created_at,
        }
    }
}

/// A row of `objection_links`: secret links by which client contacts object (secret stored hashed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectionLink {
    pub tenant_id: uuid::Uuid,
    pub token_hash: String,
    pub audit_id: uuid::Uuid,
    pub email: String,
    pub expires_on: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<crate::entity::objection_link::Model> for ObjectionLink {
    fn from(m: crate::entity::objection_link::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            token_hash: m.token_hash,
            audit_id: m.audit_id,
            email: m.email,
            expires_on: m.expires_on,
            created_at: m.created_at,
        }
    }
}

impl From<ObjectionLink> for crate::entity::objection_link::Model {
    fn from(r: ObjectionLink) -> Self {
        Self {
            tenant_id: r.tenant_id,
            token_hash: r.token_hash,
            audit_id: r.audit_id,
            email: r.email,
            expires_on: r.expires_on,
            created_at: r.created_at,
        }
    }
}

/// The tenants a user belongs to, with the membership in each, by tenant name.
pub async fn memberships_of(
    tx: &SystemTx,
    user: UserId,
) -> Result<Vec<(Tenant, Membership)>, StoreError> {
    let ms = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user.0))
        .all(tx.conn())
        .await?;
    let ids: Vec<uuid::Uuid> = ms.iter().map(|m| m.tenant_id).collect();
    let tenants = tenant::Entity::find()
        .filter(tenant::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?;
    let mut out: Vec<(Tenant, Membership)> = ms
        .into_iter()
        .filter_map(|m| {
            tenants
                .iter()
                .find(|t| t.id == m.tenant_id)
                .cloned()
                .map(|t| (t.into(), m.into()))
        })
        .collect();
    out.sort_by_key(|a| a.0.name.to_lowercase());
    Ok(out)
}

/// Finds an API token by the hash of its secret.
pub async fn token_by_hash(tx: &SystemTx, hash: &str) -> Result<Option<ApiToken>, StoreError> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Finds an invitation by the hash of its link token.
pub async fn invitation_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<Invitation>, StoreError> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Finds a secret calendar link by the hash of its secret.
pub async fn calendar_link_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<CalendarLink>, StoreError> {
    use crate::entity::calendar_link as cl;
    Ok(cl::Entity::find()
        .filter(cl::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Resolves an objection link's secret hash (cross-tenant: the tenant is not known yet).
pub async fn objection_link_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<ObjectionLink>, StoreError> {
    use crate::entity::objection_link;
    Ok(objection_link::Entity::find()
        .filter(objection_link::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?
        .map(Into::into))
}
