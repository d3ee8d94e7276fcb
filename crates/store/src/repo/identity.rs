//! The reviewed cross-tenant reads: resolving who a request is before its tenant is known.
//! Only these functions take a [`SystemTx`]; [`enter`] opens a tenant for one of its members.

use crate::dates::{day, iso};
use crate::db::Conn;
use crate::entity::{api_token, invitation, membership, tenant};
use crate::repo::invitations::Invitation;
use crate::repo::memberships::Membership;
use crate::repo::tenants::Tenant;
use crate::repo::tokens::ApiToken;
use crate::{Db, StoreError, SystemTx, TenantScope, TenantTx};
use certa_domain::{TenantId, UserId};
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
            expires_on: iso(m.expires_on),
            created_at: m.created_at,
        }
    }
}

impl TryFrom<ObjectionLink> for crate::entity::objection_link::Model {
    type Error = StoreError;

    fn try_from(r: ObjectionLink) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            token_hash: r.token_hash,
            audit_id: r.audit_id,
            email: r.email,
            expires_on: day(&r.expires_on)?,
            created_at: r.created_at,
        })
    }
}

/// The tenants a user belongs to, with the membership in each and the scope it grants,
/// by tenant name.
pub async fn memberships_of(
    tx: &SystemTx,
    user: UserId,
) -> Result<Vec<(Tenant, Membership, TenantScope)>, StoreError> {
    let ms = super::memberships::listed(
        membership::Entity::find().filter(membership::Column::UserId.eq(user.0)),
    )
    .all(tx.conn())
    .await?;
    let ids: Vec<uuid::Uuid> = ms.iter().map(|m| m.model.tenant_id).collect();
    let tenants = tenant::Entity::find()
        .filter(tenant::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?;
    let mut out: Vec<(Tenant, Membership, TenantScope)> = ms
        .into_iter()
        .filter_map(|m| {
            tenants
                .iter()
                .find(|t| t.id == m.model.tenant_id)
                .cloned()
                .map(|t| {
                    let scope = TenantScope::resolved(TenantId(m.model.tenant_id));
                    (t.into(), m.into(), scope)
                })
        })
        .collect();
    out.sort_by_key(|a| a.0.name.to_lowercase());
    Ok(out)
}

/// Finds an API token by the hash of its secret, with the scope of its tenant (the
/// caller decides whether the token is still valid).
pub async fn token_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<(ApiToken, TenantScope)>, StoreError> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?
        .map(|t| {
            let scope = TenantScope::resolved(TenantId(t.tenant_id));
            (t.into(), scope)
        }))
}

/// Finds an invitation by the hash of its link token, with the scope of its tenant.
pub async fn invitation_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<(Invitation, TenantScope)>, StoreError> {
    Ok(super::invitations::listed(
        invitation::Entity::find().filter(invitation::Column::TokenHash.eq(hash)),
    )
    .one(tx.conn())
    .await?
    .map(|i| {
        let scope = TenantScope::resolved(TenantId(i.model.tenant_id));
        (i.into(), scope)
    }))
}

/// Finds a secret calendar link by the hash of its secret, with the scope of its tenant.
pub async fn calendar_link_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<(CalendarLink, TenantScope)>, StoreError> {
    use crate::entity::calendar_link as cl;
    Ok(cl::Entity::find()
        .filter(cl::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?
        .map(|l| {
            let scope = TenantScope::resolved(TenantId(l.tenant_id));
            (l.into(), scope)
        }))
}

/// Resolves an objection link's secret hash (cross-tenant: the tenant is not known yet),
/// with the scope of its tenant.
pub async fn objection_link_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<(ObjectionLink, TenantScope)>, StoreError> {
    use crate::entity::objection_link;
    Ok(objection_link::Entity::find()
        .filter(objection_link::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?
        .map(|l| {
            let scope = TenantScope::resolved(TenantId(l.tenant_id));
            (l.into(), scope)
        }))
}

/// Enters `tenant` as `user`: begins the tenant's transaction and reads the user's
/// membership there, in that transaction. `None`, and no transaction, when the user is
/// not a member; otherwise the transaction (whose [`TenantTx::scope`] is the user's to
/// use for further work in the tenant) and the membership.
pub async fn enter(
    db: &Db,
    tenant: TenantId,
    user: UserId,
) -> Result<Option<(TenantTx, Membership)>, StoreError> {
    let tx = db.tenant(TenantScope::resolved(tenant)).await?;
    match super::memberships::by_user(&tx, user).await? {
        Some(m) => Ok(Some((tx, m))),
        None => {
            tx.rollback().await?;
            Ok(None)
        }
    }
}
