//! Memberships of one tenant.

use super::lists::{Listed, MEMBERSHIP_ROLES, with_list};
use super::now;
use crate::db::Conn;
use crate::entity::membership;
use crate::{StoreError, TenantTx};
use certa_domain::{MembershipId, RoleSet, UserId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Select,
    SelectModel, Selector, Set,
};

/// A row of `memberships`: a user in one tenant, with roles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub user_id: uuid::Uuid,
    /// The roles (rows of `membership_roles`), comma-joined: [`RoleSet::from_db`] reads it.
    pub roles: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// When the person last read their dashboard here (`None` before the first visit).
    pub dashboard_seen_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<Listed<membership::Model>> for Membership {
    fn from(Listed { model: m, list }: Listed<membership::Model>) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            user_id: m.user_id,
            roles: list.join(","),
            created_at: m.created_at,
            updated_at: m.updated_at,
            dashboard_seen_at: m.dashboard_seen_at,
        }
    }
}

impl From<Membership> for membership::Model {
    fn from(r: Membership) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            user_id: r.user_id,
            created_at: r.created_at,
            updated_at: r.updated_at,
            dashboard_seen_at: r.dashboard_seen_at,
        }
    }
}

/// Memberships with their roles, in one statement.
pub(crate) fn listed(
    q: Select<membership::Entity>,
) -> Selector<SelectModel<Listed<membership::Model>>> {
    with_list(q, &MEMBERSHIP_ROLES)
}

/// The rows of `membership_roles` for a set of roles, in its stable order.
fn role_names(roles: &RoleSet) -> Vec<String> {
    roles.names().into_iter().map(String::from).collect()
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
        created_at: Set(t),
        updated_at: Set(t),
        dashboard_seen_at: Set(None),
    };
    let m = m.insert(tx.conn()).await?;
    let list = role_names(roles);
    MEMBERSHIP_ROLES
        .insert(tx, vec![(vec![m.id.into()], list.clone())])
        .await?;
    Ok(Listed { model: m, list }.into())
}

/// Finds a membership by id in this tenant.
pub async fn by_id(tx: &TenantTx, id: MembershipId) -> Result<Option<Membership>, StoreError> {
    Ok(listed(
        membership::Entity::find()
            .filter(membership::Column::TenantId.eq(tx.tid()))
            .filter(membership::Column::Id.eq(id.0)),
    )
    .one(tx.conn())
    .await?
    .map(Into::into))
}

/// Finds the membership of a user in this tenant.
pub async fn by_user(tx: &TenantTx, user: UserId) -> Result<Option<Membership>, StoreError> {
    Ok(listed(
        membership::Entity::find()
            .filter(membership::Column::TenantId.eq(tx.tid()))
            .filter(membership::Column::UserId.eq(user.0)),
    )
    .one(tx.conn())
    .await?
    .map(Into::into))
}

/// Every member with their user record, by name.
pub async fn list(tx: &TenantTx) -> Result<Vec<Member>, StoreError> {
    let rows = listed(
        membership::Entity::find()
            .filter(membership::Column::TenantId.eq(tx.tid()))
            .order_by_asc(membership::Column::CreatedAt),
    )
    .all(tx.conn())
    .await?;
    let ids: Vec<uuid::Uuid> = rows.iter().map(|m| m.model.user_id).collect();
    let users = super::users::by_ids(tx, &ids).await?;
    let mut out: Vec<Member> = rows
        .into_iter()
        .filter_map(|m| {
            users
                .iter()
                .find(|u| u.id == m.model.user_id)
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
    am.updated_at = Set(now());
    let m = am.update(tx.conn()).await?;
    let list = role_names(roles);
    MEMBERSHIP_ROLES
        .replace(tx, vec![m.id.into()], list.clone())
        .await?;
    Ok(Listed { model: m, list }.into())
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
    let rows = listed(membership::Entity::find().filter(membership::Column::TenantId.eq(tx.tid())))
        .all(tx.conn())
        .await?;
    Ok(rows
        .iter()
        .filter(|m| {
            RoleSet::parse(&m.list)
                .map(|r| r.contains(certa_domain::Role::Admin))
                .unwrap_or(false)
        })
        .count())
}

/// Records that the member read their dashboard as of `at`: one conditional statement
/// that only moves the mark forward (of two visits at once, the later read wins and
/// nothing read by either is skipped). `false` when the mark was already at or past `at`.
pub async fn mark_dashboard_seen(
    tx: &TenantTx,
    id: MembershipId,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<bool, StoreError> {
    use sea_orm::sea_query::{Condition, Expr};
    let r = membership::Entity::update_many()
        .col_expr(membership::Column::DashboardSeenAt, Expr::value(Some(at)))
        .filter(membership::Column::TenantId.eq(tx.tid()))
        .filter(membership::Column::Id.eq(id.0))
        .filter(
            Condition::any()
                .add(membership::Column::DashboardSeenAt.is_null())
                .add(membership::Column::DashboardSeenAt.lt(at)),
        )
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected > 0)
}
