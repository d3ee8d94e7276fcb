//! Memberships of one tenant.

use super::now;
use crate::db::Conn;
use crate::entity::membership;
use crate::{StoreError, TenantTx};
use certa_domain::{MembershipId, RoleSet, UserId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};

/// A row of `memberships`: a user in one tenant, with roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub user_id: uuid::Uuid,
    pub roles: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<membership::Model> for Membership {
    fn from(m: membership::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            user_id: m.user_id,
            roles: m.roles,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

impl From<Membership> for membership::Model {
    fn from(r: Membership) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            user_id: r.user_id,
            roles: r.roles,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A membership with its user, for listings.
#[derive(Debug, Clone)]
pub struct Member {
    pub membership: Membership,
    pub user: crate::repo::users::User,
}

/// Adds a user to the tenant.
pub async fn create(
    tx: &TenantTx,
    user: UserId,
    roles: &RoleSet,
) -> Result<Membership, StoreError> {
    let t = now();
    let m = membership::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(MembershipId::new().0),
        user_id: Set(user.0),
        roles: Set(roles.to_db()),
        created_at: Set(t),
        updated_at: Set(t),
    };
    Ok(m.insert(tx.conn()).await?.into())
}

/// Finds a membership by id in this tenant.
pub async fn by_id(tx: &TenantTx, id: MembershipId) -> Result<Option<Membership>, StoreError> {
    Ok(membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tx.tid()))
        .filter(membership::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Finds the membership of a user in this tenant.
pub async fn by_user(tx: &TenantTx, user: UserId) -> Result<Option<Membership>, StoreError> {
    Ok(membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tx.tid()))
        .filter(membership::Column::UserId.eq(user.0))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Every member with their user record, by name.
pub async fn list(tx: &TenantTx) -> Result<Vec<Member>, StoreError> {
    let rows = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tx.tid()))
        .order_by_asc(membership::Column::CreatedAt)
        .all(tx.conn())
        .await?;
    let ids: Vec<uuid::Uuid> = rows.iter().map(|m| m.user_id).collect();
    let users = super::users::by_ids(tx, &ids).await?;
    let mut out: Vec<Member> = rows
        .into_iter()
        .filter_map(|m| {
            users
                .iter()
                .find(|u| u.id == m.user_id)
                .cloned()
                .map(|user| Member {
                    membership: m.into(),
                    user,
                })
        })
        .collect();
    out.sort_by_key(|a| a.user.name.to_lowercase());
    Ok(out)
}

/// Replaces the roles of a membership.
pub async fn set_roles(
    tx: &TenantTx,
    m: Membership,
    roles: &RoleSet,
) -> Result<Membership, StoreError> {
    let mut am = membership::Model::from(m).into_active_model();
    am.roles = Set(roles.to_db());
    am.updated_at = Set(now());
    Ok(am.update(tx.conn()).await?.into())
}

/// Removes a membership.
pub async fn delete(tx: &TenantTx, id: MembershipId) -> Result<(), StoreError> {
    let res = membership::Entity::delete_many()
        .filter(membership::Column::TenantId.eq(tx.tid()))
        .filter(membership::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    if res.rows_affected == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Number of memberships holding the admin role (a tenant must keep one).
pub async fn count_admins(tx: &TenantTx) -> Result<usize, StoreError> {
    let rows = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(tx.tid()))
        .all(tx.conn())
        .await?;
    Ok(rows
        .iter()
        .filter(|m| {
            RoleSet::from_db(&m.roles)
                .map(|r| r.contains(certa_domain::Role::Admin))
                .unwrap_or(false)
        })
        .count())
}
