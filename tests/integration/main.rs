//! Certa's integration suite: one binary, the real server on port 0, a database per
//! test, real mail. Without variables it runs embedded (SQLite, .eml files); with
//! `CERTA_TEST_MODE=services` and the `CERTA_TEST_*` variables it runs against
//! PostgreSQL, a real SMTP server and a real S3 server (see README).

// Harness helpers panic on purpose: a panic is how a test reports a broken set-up.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test harness: panics are the failure report"
)]

mod support;

mod applications;
mod audit_file;
mod auth;
mod bad_input;
mod browser;
mod calculators;
mod calendar_updates;
mod certificate_images;
mod certification;
mod certsearch;
mod clients;
mod credentials;
mod dashboard;
mod dates;
mod evidence;
mod fieldwork;
mod hardening;
mod jobs;
mod languages;
mod mail;
mod members;
mod nc_register;
mod ops;
mod personnel;
mod planning;
mod public;
mod replicas;
mod scheduling;
mod signing;
mod sso;
mod storage;
mod tenancy;
mod tokens;
mod trail;
mod volume;
