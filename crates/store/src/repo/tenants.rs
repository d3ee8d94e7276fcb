//! Tenants (global table).

use super::now;
use crate::entity::tenant;
use crate::{StoreError, Tx};
use certa_domain::TenantId;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

pub use tenant::Model as Tenant;

/// Creates a tenant.
pub async fn create(tx: &impl Tx, slug: &str, name: &str) -> Result<Tenant, StoreError> {
    let m = tenant::ActiveModel {
        id: Set(TenantId::new().0),
        slug: Set(slug.to_string()),
        name: Set(name.to_string()),
        created_at: Set(now()),
    };
    Ok(m.insert(tx.conn()).await?)
}

/// Finds a tenant by slug.
pub async fn by_slug(tx: &impl Tx, slug: &str) -> Result<Option<Tenant>, StoreError> {
    Ok(tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(slug))
        .one(tx.conn())
        .await?)
}

/// Finds a tenant by id.
pub async fn by_id(tx: &impl Tx, id: TenantId) -> Result<Option<Tenant>, StoreError> {
    Ok(tenant::Entity::find_by_id(id.0).one(tx.conn()).await?)
}

/// Every tenant, by name.
pub async fn all(tx: &impl Tx) -> Result<Vec<Tenant>, StoreError> {
    Ok(tenant::Entity::find()
        .order_by_asc(tenant::Column::Name)
        .all(tx.conn())
        .await?)
}
