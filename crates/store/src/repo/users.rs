//! Users (global identities).

use super::now;
use crate::entity::user;
use crate::{StoreError, Tx};
use certa_domain::{Email, UserId};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// A row of `users`: global identities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: uuid::Uuid,
    pub email: String,
    pub email_normalized: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// The person's own time zone for pages (IANA name), when they chose one.
    pub time_zone: Option<String>,
    /// The person's own language for pages and mails (`en`, `de`), when they chose one.
    pub language: Option<String>,
}

impl From<user::Model> for User {
    fn from(m: user::Model) -> Self {
        Self {
            id: m.id,
            email: m.email,
            email_normalized: m.email_normalized,
            name: m.name,
            password_hash: m.password_hash,
            disabled: m.disabled,
            created_at: m.created_at,
            updated_at: m.updated_at,
            time_zone: m.time_zone,
            language: m.language,
        }
    }
}

impl From<User> for user::Model {
    fn from(r: User) -> Self {
        Self {
            id: r.id,
            email: r.email,
            email_normalized: r.email_normalized,
            name: r.name,
            password_hash: r.password_hash,
            disabled: r.disabled,
            created_at: r.created_at,
            updated_at: r.updated_at,
            time_zone: r.time_zone,
            language: r.language,
        }
    }
}

/// Creates a user; the email must be unused (case-insensitively).
pub async fn create(
    tx: &impl Tx,
    email: &Email,
    name: &str,
    password_hash: Option<String>,
) -> Result<User, StoreError> {
    let t = now();
    let m = user::ActiveModel {
        id: Set(UserId::new().0),
        email: Set(email.as_str().to_string()),
        email_normalized: Set(email.normalized()),
        name: Set(name.to_string()),
        password_hash: Set(password_hash),
        disabled: Set(false),
        created_at: Set(t),
        updated_at: Set(t),
        time_zone: Set(None),
        language: Set(None),
    };
    Ok(m.insert(tx.conn()).await?.into())
}

/// Finds a user by email (case-insensitive).
pub async fn by_email(tx: &impl Tx, email: &Email) -> Result<Option<User>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::EmailNormalized.eq(email.normalized()))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Finds a user by id.
pub async fn by_id(tx: &impl Tx, id: UserId) -> Result<Option<User>, StoreError> {
    Ok(user::Entity::find_by_id(id.0)
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Finds several users by id.
pub async fn by_ids(tx: &impl Tx, ids: &[uuid::Uuid]) -> Result<Vec<User>, StoreError> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Replaces the password hash (and optionally the display name).
pub async fn set_password(
    tx: &impl Tx,
    id: UserId,
    password_hash: String,
    name: Option<String>,
) -> Result<(), StoreError> {
    let mut m: user::ActiveModel = user::Entity::find_by_id(id.0)
        .one(tx.conn())
        .await?
        .ok_or(StoreError::NotFound)?
        .into();
    m.password_hash = Set(Some(password_hash));
    if let Some(n) = name {
        m.name = Set(n);
    }
    m.updated_at = Set(now());
    m.update(tx.conn()).await?;
    Ok(())
}

/// Disables or re-enables a user; false when the user does not exist.
pub async fn set_disabled(tx: &impl Tx, id: UserId, disabled: bool) -> Result<bool, StoreError> {
    let res = user::Entity::update_many()
        .col_expr(
            user::Column::Disabled,
            sea_orm::sea_query::Expr::value(disabled),
        )
        .col_expr(
            user::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(user::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(res.rows_affected == 1)
}

/// Sets or clears the user's own time zone (an IANA name, checked by the caller).
pub async fn set_time_zone(tx: &impl Tx, id: UserId, zone: Option<&str>) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(
            user::Column::TimeZone,
            sea_orm::sea_query::Expr::value(zone.map(str::to_string)),
        )
        .filter(user::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// Sets or clears the user's own language (a tag Certa speaks, checked by the caller).
pub async fn set_language(tx: &impl Tx, id: UserId, lang: Option<&str>) -> Result<(), StoreError> {
    user::Entity::update_many()
        .col_expr(
            user::Column::Language,
            sea_orm::sea_query::Expr::value(lang.map(str::to_string)),
        )
        .filter(user::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(())
}
