#![doc = include_str!("../README.md")]
//!
//! The Certa application: settings, telemetry and the [`Application`] that serves HTTP
//! and runs the outbox worker. `main.rs` holds the command line; the tests build an
//! [`Application`] directly from [`Settings`].

pub mod settings;
pub mod startup;
pub mod telemetry;
pub mod verify_bundle;
pub mod verify_credential;

pub use settings::{LogFormat, Settings};
pub use startup::{Application, connect_app_db, migrate};
