//! The public registry (`public_certificates`): one row per certificate with what ISO/IEC
//! 17021-1 8.1.2 lets a certification body publish.
//!
//! Written only inside the tenant transaction that changes the certificate ([`put`]) or
//! the listing choices ([`relist_client`], [`relist_tenant`]), so the registry never shows
//! what was not committed. Read by anyone ([`by_numbers`], [`directory`]): each read is a
//! single statement on the pool, in no transaction and with no tenant, which on PostgreSQL
//! the registry's open read policy allows; the reads touch no other table.

use crate::db::Conn;
use crate::entity::public_certificate as pc;
use crate::{Db, DbEnum, StoreError, TenantTx};
use certa_domain::certification::CertificateStatus;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, LikeExpr, OnConflict, SimpleExpr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

/// A row of the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicCertificate {
    pub tenant_id: uuid::Uuid,
    pub certificate_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    /// The base number (without the revision suffix), unique across all tenants.
    pub number: String,
    /// The current revision.
    pub revision: i32,
    pub status: CertificateStatus,
    pub holder_name: String,
    pub holder_location: String,
    /// `[{name, location, scope}]`.
    pub sites: serde_json::Value,
    pub scope: String,
    /// `[{code, title}]`.
    pub standards: serde_json::Value,
    pub effective_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub original_date: NaiveDate,
    pub body_name: String,
    pub body_address: String,
    pub body_email: Option<String>,
    /// `[{standard, body, number}]`.
    pub accreditations: serde_json::Value,
    /// The client asked to be found by number only.
    pub confidential: bool,
    /// Shown by the directory search.
    pub listed: bool,
    /// The holder's name as the directory searches it.
    pub search_name: String,
    /// When the row last changed.
    pub as_of: DateTime<Utc>,
    /// The current revision's credential with its Data Integrity proof, once signed.
    pub credential: Option<serde_json::Value>,
    /// The same credential as a compact JWS.
    pub credential_jwt: Option<String>,
    /// A signed status assertion (compact JWS) per revision, indexed by revision.
    pub status_assertions: Vec<String>,
}

impl From<pc::Model> for PublicCertificate {
    fn from(m: pc::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            certificate_id: m.certificate_id,
            client_id: m.client_id,
            number: m.number,
            revision: m.revision,
            status: m.status.0,
            holder_name: m.holder_name,
            holder_location: m.holder_location,
            sites: m.sites,
            scope: m.scope,
            standards: m.standards,
            effective_date: m.effective_date,
            expiry_date: m.expiry_date,
            original_date: m.original_date,
            body_name: m.body_name,
            body_address: m.body_address,
            body_email: m.body_email,
            accreditations: m.accreditations,
            confidential: m.confidential,
            listed: m.listed,
            search_name: m.search_name,
            as_of: m.as_of,
            credential: m.credential,
            credential_jwt: m.credential_jwt,
            status_assertions: m
                .status_assertions
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default(),
        }
    }
}

/// What [`put`] writes (the tenant comes from the transaction, `as_of` is now).
#[derive(Debug, Clone)]
pub struct NewPublicCertificate {
    pub certificate_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub number: String,
    pub revision: i32,
    pub status: CertificateStatus,
    pub holder_name: String,
    pub holder_location: String,
    pub sites: serde_json::Value,
    pub scope: String,
    pub standards: serde_json::Value,
    pub effective_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub original_date: NaiveDate,
    pub body_name: String,
    pub body_address: String,
    pub body_email: Option<String>,
    pub accreditations: serde_json::Value,
    pub confidential: bool,
    pub listed: bool,
    pub search_name: String,
    /// When the row changes (the status assertions name this time).
    pub as_of: DateTime<Utc>,
    pub credential: Option<serde_json::Value>,
    pub credential_jwt: Option<String>,
    pub status_assertions: Vec<String>,
}

/// The row `n` becomes in tenant `tid`.
pub(crate) fn active(tid: uuid::Uuid, n: NewPublicCertificate) -> pc::ActiveModel {
    pc::ActiveModel {
        tenant_id: Set(tid),
        certificate_id: Set(n.certificate_id),
        client_id: Set(n.client_id),
        number: Set(n.number),
        revision: Set(n.revision),
        status: Set(DbEnum(n.status)),
        holder_name: Set(n.holder_name),
        holder_location: Set(n.holder_location),
        sites: Set(n.sites),
        scope: Set(n.scope),
        standards: Set(n.standards),
        effective_date: Set(n.effective_date),
        expiry_date: Set(n.expiry_date),
        original_date: Set(n.original_date),
        body_name: Set(n.body_name),
        body_address: Set(n.body_address),
        body_email: Set(n.body_email),
        accreditations: Set(n.accreditations),
        confidential: Set(n.confidential),
        listed: Set(n.listed),
        search_name: Set(n.search_name),
        as_of: Set(n.as_of),
        credential: Set(n.credential),
        credential_jwt: Set(n.credential_jwt),
        status_assertions: Set(Some(serde_json::Value::from(n.status_assertions))),
    }
}

/// Writes the row of a certificate (inserted the first time, replaced afterwards) in one
/// statement. A number another tenant's row holds is refused by the unique key
/// [`crate::UniqueKey::CertificateNumber`].
pub async fn put(tx: &TenantTx, n: NewPublicCertificate) -> Result<(), StoreError> {
    use pc::Column as C;
    pc::Entity::insert(active(tx.tid(), n))
        .on_conflict(
            OnConflict::columns([C::TenantId, C::CertificateId])
                .update_columns([
                    C::ClientId,
                    C::Number,
                    C::Revision,
                    C::Status,
                    C::HolderName,
                    C::HolderLocation,
                    C::Sites,
                    C::Scope,
                    C::Standards,
                    C::EffectiveDate,
                    C::ExpiryDate,
                    C::OriginalDate,
                    C::BodyName,
                    C::BodyAddress,
                    C::BodyEmail,
                    C::Accreditations,
                    C::Confidential,
                    C::Listed,
                    C::SearchName,
                    C::AsOf,
                    C::Credential,
                    C::CredentialJwt,
                    C::StatusAssertions,
                ])
                .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await?;
    Ok(())
}

/// A client's confidentiality changed: its rows are listed again, or no longer (one
/// statement). Answers the rows changed. `as_of` stays: it dates the certificate's
/// status, which the signed status assertions name.
pub async fn relist_client(
    tx: &TenantTx,
    client: uuid::Uuid,
    confidential: bool,
    tenant_publishes: bool,
) -> Result<u64, StoreError> {
    let r = pc::Entity::update_many()
        .col_expr(pc::Column::Confidential, Expr::value(confidential))
        .col_expr(
            pc::Column::Listed,
            Expr::value(tenant_publishes && !confidential),
        )
        .filter(pc::Column::TenantId.eq(tx.tid()))
        .filter(pc::Column::ClientId.eq(client))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected)
}

/// The tenant's choice to publish in the directory, or its contact address, changed:
/// every row of the tenant follows (one statement). Answers the rows changed. `as_of`
/// stays, as in [`relist_client`].
pub async fn relist_tenant(
    tx: &TenantTx,
    publishes: bool,
    body_email: Option<String>,
) -> Result<u64, StoreError> {
    let listed = if publishes {
        Expr::col(pc::Column::Confidential).not()
    } else {
        Expr::value(false)
    };
    let r = pc::Entity::update_many()
        .col_expr(pc::Column::Listed, listed)
        .col_expr(pc::Column::BodyEmail, Expr::value(body_email))
        .filter(pc::Column::TenantId.eq(tx.tid()))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected)
}

/// The rows whose number is one of `numbers` (at most a few): one statement on the pool,
/// outside any tenant.
pub async fn by_numbers(db: &Db, numbers: &[&str]) -> Result<Vec<PublicCertificate>, StoreError> {
    if numbers.is_empty() {
        return Ok(Vec::new());
    }
    Ok(pc::Entity::find()
        .filter(pc::Column::Number.is_in(numbers.iter().copied()))
        .all(db.raw())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The numbers (with their tenant) that start with `start` or end with `end`, at most
/// `limit`: the candidates a looked-up number that no body holds may resemble. One
/// statement on the pool, outside any tenant.
pub async fn numbers_near(
    db: &Db,
    start: &str,
    end: &str,
    limit: u64,
) -> Result<Vec<(uuid::Uuid, String)>, StoreError> {
    Ok(pc::Entity::find()
        .select_only()
        .column(pc::Column::TenantId)
        .column(pc::Column::Number)
        .filter(
            sea_orm::Condition::any()
                .add(
                    Expr::col(pc::Column::Number)
                        .like(LikeExpr::new(format!("{}%", like_escape(start))).escape('\\')),
                )
                .add(
                    Expr::col(pc::Column::Number)
                        .like(LikeExpr::new(format!("%{}", like_escape(end))).escape('\\')),
                ),
        )
        .limit(limit)
        .into_tuple()
        .all(db.raw())
        .await?)
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The directory: listed rows whose search name contains `fragment` (already in search
/// form), in (search name, number) order, after the position `after`, at most `limit`:
/// one statement on the pool, outside any tenant.
pub async fn directory(
    db: &Db,
    fragment: &str,
    after: Option<(&str, &str)>,
    limit: u64,
) -> Result<Vec<PublicCertificate>, StoreError> {
    let mut q = pc::Entity::find()
        .filter(SimpleExpr::from(Expr::col(pc::Column::Listed)))
        .filter(
            Expr::col(pc::Column::SearchName)
                .like(LikeExpr::new(format!("%{}%", like_escape(fragment))).escape('\\')),
        );
    if let Some((name, number)) = after {
        // A row comparison, which the index on (search_name, number) answers as a range.
        q = q.filter(
            Expr::tuple([
                Expr::col(pc::Column::SearchName).into(),
                Expr::col(pc::Column::Number).into(),
            ])
            .gt(Expr::tuple([
                Expr::value(name.to_string()),
                Expr::value(number.to_string()),
            ])),
        );
    }
    Ok(q.order_by_asc(pc::Column::SearchName)
        .order_by_asc(pc::Column::Number)
        .limit(limit)
        .all(db.raw())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(super::like_escape(r"50%_a\b"), r"50\%\_a\\b");
    }
}
