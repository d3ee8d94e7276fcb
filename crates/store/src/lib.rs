#![doc = include_str!("../README.md")]
//!
//! Certa's persistence layer.
//!
//! Tenancy by construction: every repository function that touches a tenant-owned table
//! takes a [`TenantTx`], which on PostgreSQL sets `app.tenant_id` for the transaction
//! (row-level security is forced on those tables). The only way around it is
//! [`SystemTx`], which switches to the `certa_system` role for the few reviewed
//! cross-tenant reads (identity resolution) and for outbox dispatch.
//!
//! # Tenancy by type
//!
//! A [`TenantTx`] is opened only from a [`TenantScope`], which other crates get from
//! authentication, a verified secret link, or [`TenantScope::system`] with the reason
//! named ([`SystemAccess`]). The entities, the connection of a transaction and the pool's
//! raw connection are private to this crate, so every query outside it goes through a
//! repository function, which filters by the transaction's tenant (and on PostgreSQL,
//! row-level security applies as well). Records, not sea-orm models, come back.
//!
//! What other crates may write:
//!
//! ```no_run
//! use certa_store::{Db, StoreError, SystemAccess, TenantScope};
//! # async fn allowed(db: Db) -> Result<(), StoreError> {
//! let scope = TenantScope::system(certa_domain::TenantId::new(), SystemAccess::Test);
//! let tx = db.tenant(scope).await?;
//! let clients = certa_store::repo::clients::count(&tx).await?;
//! tx.commit().await?;
//! # let _ = clients;
//! # Ok(())
//! # }
//! ```
//!
//! What they cannot: an entity query of their own (which on SQLite would read every
//! tenant's rows),
//!
//! ```compile_fail,E0603
//! use sea_orm::EntityTrait;
//! let everyone = certa_store::entity::client::Entity::find();
//! ```
//!
//! the connection under a transaction, directly or through the [`Tx`] trait,
//!
//! ```compile_fail,E0599
//! use certa_store::{Db, StoreError, SystemAccess, TenantScope};
//! # async fn f(db: Db) -> Result<(), StoreError> {
//! let scope = TenantScope::system(certa_domain::TenantId::new(), SystemAccess::Test);
//! let tx = db.tenant(scope).await?;
//! let conn = tx.conn();
//! # Ok(())
//! # }
//! ```
//!
//! ```compile_fail,E0624
//! fn connection_of<T: certa_store::Tx>(tx: &T) {
//!     let conn = tx.conn();
//! }
//! ```
//!
//! a transaction type of their own,
//!
//! ```compile_fail,E0277
//! struct Unscoped;
//! impl certa_store::Tx for Unscoped {}
//! ```
//!
//! the pool's raw connection,
//!
//! ```compile_fail,E0624
//! # async fn f(db: certa_store::Db) {
//! let raw = db.raw();
//! # }
//! ```
//!
//! or a tenant transaction, or a scope, from a bare tenant id.
//!
//! ```compile_fail,E0308
//! # async fn f(db: certa_store::Db) -> Result<(), certa_store::StoreError> {
//! let tx = db.tenant(certa_domain::TenantId::new()).await?;
//! # Ok(())
//! # }
//! ```
//!
//! ```compile_fail,E0451
//! let scope = certa_store::TenantScope {
//!     tenant: certa_domain::TenantId::new(),
//! };
//! ```

mod dates;
pub mod db;
mod db_enum;
mod entity;
pub mod error;
pub mod notify;
pub mod repo;

pub use db::{
    Backend, Db, DbSettings, GlobalTx, SystemAccess, SystemTx, TenantScope, TenantTx, Tx,
    count_statements,
};
pub use db_enum::DbEnum;
pub use error::{ConstraintKind, DbFailure, StoreError, UniqueKey};
