//! A tenant's verification look-ups (`verification_lookups`): counted per day, kind and
//! number, added to in bulk ([`add`]) and read back for the body's page ([`recent`]).

use super::now;
use crate::db::Conn;
use crate::entity::verification_lookup as vl;
use crate::{StoreError, TenantTx};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

/// Look-ups to add to a day's count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub day: NaiveDate,
    pub kind: String,
    pub number: String,
    pub near_number: Option<String>,
    pub lookups: i64,
    /// The network of the last verifier.
    pub network: Option<String>,
}

/// A day's count of one kind and number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub day: NaiveDate,
    pub kind: String,
    pub number: String,
    pub near_number: Option<String>,
    pub lookups: i64,
    pub network: Option<String>,
}

/// Adds `tallies` to the tenant's counts (one statement per tally, each an upsert that adds
/// to what is there, so concurrent writers never lose a count).
pub async fn add(tx: &TenantTx, tallies: Vec<Tally>) -> Result<(), StoreError> {
    for t in tallies {
        vl::Entity::insert(vl::ActiveModel {
            tenant_id: Set(tx.tid()),
            day: Set(t.day),
            kind: Set(t.kind),
            number: Set(t.number),
            near_number: Set(t.near_number),
            lookups: Set(t.lookups),
            network: Set(t.network),
            updated_at: Set(now()),
        })
        .on_conflict(
            OnConflict::columns([
                vl::Column::TenantId,
                vl::Column::Day,
                vl::Column::Kind,
                vl::Column::Number,
            ])
            .value(
                vl::Column::Lookups,
                Expr::col((vl::Entity, vl::Column::Lookups)).add(Expr::col((
                    sea_orm::sea_query::Alias::new("excluded"),
                    vl::Column::Lookups,
                ))),
            )
            .update_columns([
                vl::Column::Network,
                vl::Column::NearNumber,
                vl::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await?;
    }
    Ok(())
}

/// The tenant's counts since `since`, newest day first, most look-ups first, at most `limit`.
pub async fn recent(
    tx: &TenantTx,
    since: NaiveDate,
    limit: u64,
) -> Result<Vec<Counted>, StoreError> {
    Ok(vl::Entity::find()
        .filter(vl::Column::TenantId.eq(tx.tid()))
        .filter(vl::Column::Day.gte(since))
        .order_by_desc(vl::Column::Day)
        .order_by_desc(vl::Column::Lookups)
        .order_by_asc(vl::Column::Number)
        .limit(limit)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|m| Counted {
            day: m.day,
            kind: m.kind,
            number: m.number,
            near_number: m.near_number,
            lookups: m.lookups,
            network: m.network,
        })
        .collect())
}

/// The tenant's look-ups on `day`, all kinds together.
pub async fn total_on(tx: &TenantTx, day: NaiveDate) -> Result<i64, StoreError> {
    let n: Option<Option<i64>> = vl::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(SUM(lookups) AS BIGINT)"), "n")
        .filter(vl::Column::TenantId.eq(tx.tid()))
        .filter(vl::Column::Day.eq(day))
        .into_tuple()
        .one(tx.conn())
        .await?;
    Ok(n.flatten().unwrap_or(0))
}
