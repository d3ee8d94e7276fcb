//! Certa's persistence layer.
//!
//! Tenancy by construction: every repository function that touches a tenant-owned table
//! takes a [`TenantTx`], which on PostgreSQL sets `app.tenant_id` for the transaction
//! (row-level security is forced on those tables). The only way around it is
//! [`SystemTx`], which switches to the `certa_system` role for the few reviewed
//! cross-tenant reads (identity resolution) and for outbox dispatch.

pub mod db;
mod db_enum;
pub mod entity;
pub mod error;
pub mod repo;

pub use db::{Backend, Db, DbSettings, GlobalTx, SystemTx, TenantTx, Tx, count_statements};
pub use db_enum::DbEnum;
pub use error::StoreError;
pub use sea_orm::DbErr;
