//! Invitations of one tenant.

use super::lists::{INVITATION_ROLES, Listed, with_list};
use super::now;
use crate::db::Conn;
use crate::entity::invitation;
use crate::{StoreError, TenantTx};
use certa_domain::{Email, InvitationId, MembershipId, RoleSet};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Select, SelectModel,
    Selector, Set,
};

/// A row of `invitations`: single-use invitation links to join a tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub email: String,
    pub email_normalized: String,
    /// The roles (rows of `invitation_roles`), comma-joined: [`RoleSet::from_db`] reads it.
    pub roles: String,
    pub token_hash: String,
    pub invited_by_membership_id: uuid::Uuid,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub accepted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// For a client user: the organisation the membership will be bound to.
    pub client_id: Option<uuid::Uuid>,
}

impl From<Listed<invitation::Model>> for Invitation {
    fn from(Listed { model: m, list }: Listed<invitation::Model>) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            email: m.email,
            email_normalized: m.email_normalized,
            roles: list.join(","),
            token_hash: m.token_hash,
            invited_by_membership_id: m.invited_by_membership_id,
            expires_at: m.expires_at,
            accepted_at: m.accepted_at,
            revoked_at: m.revoked_at,
            created_at: m.created_at,
            client_id: m.client_id,
        }
    }
}

impl From<Invitation> for invitation::Model {
    fn from(r: Invitation) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            email: r.email,
            email_normalized: r.email_normalized,
            token_hash: r.token_hash,
            invited_by_membership_id: r.invited_by_membership_id,
            expires_at: r.expires_at,
            accepted_at: r.accepted_at,
            revoked_at: r.revoked_at,
            created_at: r.created_at,
            client_id: r.client_id,
        }
    }
}

/// Invitations with their roles, in one statement.
pub(crate) fn listed(
    q: Select<invitation::Entity>,
) -> Selector<SelectModel<Listed<invitation::Model>>> {
    with_list(q, &INVITATION_ROLES)
}

/// Stores an invitation.
pub async fn create(
    tx: &TenantTx,
    email: &Email,
    roles: &RoleSet,
    token_hash: String,
    invited_by: MembershipId,
    expires_at: DateTime<Utc>,
) -> Result<Invitation, StoreError> {
    let m = invitation::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(InvitationId::new().0),
        email: Set(email.as_str().to_string()),
        email_normalized: Set(email.normalized()),
        token_hash: Set(token_hash),
        invited_by_membership_id: Set(invited_by.0),
        expires_at: Set(expires_at),
        accepted_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now()),
        client_id: Set(None),
    };
    let m = m.insert(tx.conn()).await?;
    let list: Vec<String> = roles.names().into_iter().map(String::from).collect();
    INVITATION_ROLES
        .insert(tx, vec![(vec![m.id.into()], list.clone())])
        .await?;
    Ok(Listed { model: m, list }.into())
}

/// Finds an invitation by id in this tenant.
pub async fn by_id(tx: &TenantTx, id: InvitationId) -> Result<Option<Invitation>, StoreError> {
    Ok(listed(
        invitation::Entity::find()
            .filter(invitation::Column::TenantId.eq(tx.tid()))
            .filter(invitation::Column::Id.eq(id.0)),
    )
    .one(tx.conn())
    .await?
    .map(Into::into))
}

/// Invitations neither accepted nor revoked (expired ones included, flagged by the caller).
pub async fn pending(tx: &TenantTx) -> Result<Vec<Invitation>, StoreError> {
    Ok(listed(
        invitation::Entity::find()
            .filter(invitation::Column::TenantId.eq(tx.tid()))
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::RevokedAt.is_null())
            .order_by_desc(invitation::Column::CreatedAt),
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// Marks an open invitation revoked; false when it was no longer open.
pub async fn revoke(tx: &TenantTx, id: InvitationId) -> Result<bool, StoreError> {
    let res = invitation::Entity::update_many()
        .col_expr(
            invitation::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(invitation::Column::TenantId.eq(tx.tid()))
        .filter(invitation::Column::Id.eq(id.0))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Marks an open invitation accepted; false when it was already used (single use).
pub async fn accept(tx: &TenantTx, id: InvitationId) -> Result<bool, StoreError> {
    let res = invitation::Entity::update_many()
        .col_expr(
            invitation::Column::AcceptedAt,
            sea_orm::sea_query::Expr::value(Some(now())),
        )
        .filter(invitation::Column::TenantId.eq(tx.tid()))
        .filter(invitation::Column::Id.eq(id.0))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Binds an invitation to a client organisation: the membership it creates is a client
/// user of that organisation (client portal).
pub async fn bind_client(
    tx: &TenantTx,
    id: InvitationId,
    client: uuid::Uuid,
) -> Result<(), StoreError> {
    invitation::Entity::update_many()
        .col_expr(
            invitation::Column::ClientId,
            sea_orm::sea_query::Expr::value(Some(client)),
        )
        .filter(invitation::Column::TenantId.eq(tx.tid()))
        .filter(invitation::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}
