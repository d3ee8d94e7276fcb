//! The reviewed cross-tenant reads: resolving who a request is before its tenant is known.
//! Only these functions take a [`SystemTx`].

use crate::entity::{api_token, invitation, membership, tenant};
use crate::{StoreError, SystemTx, Tx};
use certa_domain::UserId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The tenants a user belongs to, with the membership in each, by tenant name.
pub async fn memberships_of(
    tx: &SystemTx,
    user: UserId,
) -> Result<Vec<(tenant::Model, membership::Model)>, StoreError> {
    let ms = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user.0))
        .all(tx.conn())
        .await?;
    let ids: Vec<uuid::Uuid> = ms.iter().map(|m| m.tenant_id).collect();
    let tenants = tenant::Entity::find()
        .filter(tenant::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?;
    let mut out: Vec<_> = ms
        .into_iter()
        .filter_map(|m| {
            tenants
                .iter()
                .find(|t| t.id == m.tenant_id)
                .cloned()
                .map(|t| (t, m))
        })
        .collect();
    out.sort_by_key(|a| a.0.name.to_lowercase());
    Ok(out)
}

/// Finds an API token by the hash of its secret.
pub async fn token_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<api_token::Model>, StoreError> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?)
}

/// Finds an invitation by the hash of its link token.
pub async fn invitation_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<invitation::Model>, StoreError> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?)
}

/// Finds a secret calendar link by the hash of its secret.
pub async fn calendar_link_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<crate::entity::calendar_link::Model>, StoreError> {
    use crate::entity::calendar_link as cl;
    Ok(cl::Entity::find()
        .filter(cl::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?)
}

/// Resolves an objection link's secret hash (cross-tenant: the tenant is not known yet).
pub async fn objection_link_by_hash(
    tx: &SystemTx,
    hash: &str,
) -> Result<Option<crate::entity::objection_link::Model>, StoreError> {
    use crate::entity::objection_link;
    Ok(objection_link::Entity::find()
        .filter(objection_link::Column::TokenHash.eq(hash))
        .one(tx.conn())
        .await?)
}
