#![doc = include_str!("../README.md")]
//!
//! Certa's background work. The outbox dispatcher is, with the CLI, the only code that
//! acts across tenants, through [`certa_store::SystemTx`].

pub mod mailer;
pub mod templates;
pub mod worker;

#[cfg(test)]
mod mail_snapshots;

pub use mailer::{MailSettings, Mailer, SendError};
pub use templates::MailRenderer;
pub use worker::{Worker, WorkerSettings};
