//! Hand-written queries, one module per aggregate. Tenant-owned aggregates take a
//! [`crate::TenantTx`]; identity lookups across tenants take a [`crate::SystemTx`].

pub mod applications;
pub mod audit;
pub mod audits;
pub mod certification;
pub mod certsearch;
pub mod clients;
pub mod evidence;
pub mod fieldwork;
pub mod identity;
pub mod invitations;
pub(crate) mod lists;
pub mod login_attempts;
pub mod memberships;
pub mod outbox;
pub mod personnel;
pub mod public;
pub mod sessions;
pub mod settings;
pub mod sign_in;
pub mod signing_keys;
pub mod status_lists;
pub mod tenants;
pub mod tokens;
pub mod users;
pub mod verification;
pub mod volume;

/// Current time truncated to microseconds (what both databases store).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    certa_domain::audit::truncate_to_micros(chrono::Utc::now())
}
