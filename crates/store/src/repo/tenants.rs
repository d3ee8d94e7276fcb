//! Tenants (global table).

use super::now;
use crate::entity::tenant;
use crate::{StoreError, Tx};
use certa_domain::TenantId;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// A row of `tenants`: one row per certification body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    pub id: uuid::Uuid,
    pub slug: String,
    pub name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The body's time zone for pages (IANA name), `UTC` until set.
    pub time_zone: String,
    /// The body's language for pages and mails (`en`, `de`), `en` until set.
    pub language: String,
}

impl From<tenant::Model> for Tenant {
    fn from(m: tenant::Model) -> Self {
        Self {
            id: m.id,
            slug: m.slug,
            name: m.name,
            created_at: m.created_at,
            time_zone: m.time_zone,
            language: m.language,
        }
    }
}

impl From<Tenant> for tenant::Model {
    fn from(r: Tenant) -> Self {
        Self {
            id: r.id,
            slug: r.slug,
            name: r.name,
            created_at: r.created_at,
            time_zone: r.time_zone,
            language: r.language,
        }
    }
}

/// Creates a tenant.
pub async fn create(tx: &impl Tx, slug: &str, name: &str) -> Result<Tenant, StoreError> {
    let m = tenant::ActiveModel {
        id: Set(TenantId::new().0),
        slug: Set(slug.to_string()),
        name: Set(name.to_string()),
        created_at: Set(now()),
        time_zone: Set("UTC".to_string()),
        language: Set("en".to_string()),
    };
    Ok(m.insert(tx.conn()).await?.into())
}

/// Finds a tenant by slug.
pub async fn by_slug(tx: &impl Tx, slug: &str) -> Result<Option<Tenant>, StoreError> {
    Ok(tenant::Entity::find()
        .filter(tenant::Column::Slug.eq(slug))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Finds a tenant by id.
pub async fn by_id(tx: &impl Tx, id: TenantId) -> Result<Option<Tenant>, StoreError> {
    Ok(tenant::Entity::find_by_id(id.0)
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Every tenant, by name.
pub async fn all(tx: &impl Tx) -> Result<Vec<Tenant>, StoreError> {
    Ok(tenant::Entity::find()
        .order_by_asc(tenant::Column::Name)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Sets the tenant's time zone (an IANA name, checked by the caller).
pub async fn set_time_zone(tx: &impl Tx, id: TenantId, zone: &str) -> Result<(), StoreError> {
    tenant::Entity::update_many()
        .col_expr(
            tenant::Column::TimeZone,
            sea_orm::sea_query::Expr::value(zone.to_string()),
        )
        .filter(tenant::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Sets the tenant's language (a tag Certa speaks, checked by the caller).
pub async fn set_language(tx: &impl Tx, id: TenantId, lang: &str) -> Result<(), StoreError> {
    tenant::Entity::update_many()
        .col_expr(
            tenant::Column::Language,
            sea_orm::sea_query::Expr::value(lang.to_string()),
        )
        .filter(tenant::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}
