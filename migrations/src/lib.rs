#![doc = include_str!("../README.md")]
//!
//! Certa's schema migrations.
//!
//! The same migrations run on SQLite (embedded mode) and PostgreSQL. Tenant-owned tables
//! lead every key and foreign key with `tenant_id`, so the database refuses cross-tenant
//! references on both backends. On PostgreSQL the migration also applies `sql/*.sql`:
//! grants to the application role and forced row-level security with fail-closed
//! policies. Migrations run as the owner role; the application connects as `certa_app`.

pub use sea_orm_migration::prelude::*;

#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261128_000001_foundation;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261128_000002_clients;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261128_000003_personnel;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261128_000004_applications;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261128_000005_audits;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261128_000006_ai_systems;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261128_000007_calendar_links;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261128_000008_plans_settings;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261128_000009_listing_indexes;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261128_000010_fieldwork;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261206_000011_evidence_origin;
mod m20261206_000012_outbox_leases;
mod m20261206_000013_job_runs_sequence;
mod m20261206_000014_typed_columns;
mod m20261206_000015_list_tables;
mod m20261206_000016_date_columns;
mod m20261206_000017_role_tables;
mod m20261206_000018_mail_kinds;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261207_000020_certification;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261207_000025_public_registry;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261207_000026_signing_keys;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261207_000027_credentials;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261207_000028_certsearch;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261207_000029_verification_lookups;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261207_000030_verification_alerts;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261207_000031_sign_in;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261207_000032_time_zones;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261208_000033_languages;
#[expect(
    elided_lifetimes_in_paths,
    reason = "async_trait requires the trait's exact elided signature"
)]
mod m20261209_000034_dashboard_visits;

/// The migrator used by `certa migrate`, `certa serve` and the tests.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_foundation::Migration),
            Box::new(m20261128_000002_clients::Migration),
            Box::new(m20261128_000003_personnel::Migration),
            Box::new(m20261128_000004_applications::Migration),
            Box::new(m20261128_000005_audits::Migration),
            Box::new(m20261128_000006_ai_systems::Migration),
            Box::new(m20261128_000007_calendar_links::Migration),
            Box::new(m20261128_000008_plans_settings::Migration),
            Box::new(m20261128_000009_listing_indexes::Migration),
            Box::new(m20261128_000010_fieldwork::Migration),
            Box::new(m20261206_000011_evidence_origin::Migration),
            Box::new(m20261206_000012_outbox_leases::Migration),
            Box::new(m20261206_000013_job_runs_sequence::Migration),
            Box::new(m20261206_000014_typed_columns::Migration),
            Box::new(m20261206_000015_list_tables::Migration),
            Box::new(m20261206_000016_date_columns::Migration),
            Box::new(m20261206_000017_role_tables::Migration),
            Box::new(m20261206_000018_mail_kinds::Migration),
            Box::new(m20261207_000020_certification::Migration),
            Box::new(m20261207_000025_public_registry::Migration),
            Box::new(m20261207_000026_signing_keys::Migration),
            Box::new(m20261207_000027_credentials::Migration),
            Box::new(m20261207_000028_certsearch::Migration),
            Box::new(m20261207_000029_verification_lookups::Migration),
            Box::new(m20261207_000030_verification_alerts::Migration),
            Box::new(m20261207_000031_sign_in::Migration),
            Box::new(m20261207_000032_time_zones::Migration),
            Box::new(m20261208_000033_languages::Migration),
            Box::new(m20261209_000034_dashboard_visits::Migration),
        ]
    }
}

/// Global tables whose rows each belong to one tenant: everyone reads them (the public
/// registry, with no tenant in the transaction), only the owning tenant's transaction
/// writes them. They carry `tenant_id` and forced RLS on PostgreSQL, like
/// [`TENANT_TABLES`], but their read policy is open.
pub const PUBLIC_TABLES: &[&str] = &["public_certificates", "status_lists", "sso_domains"];

/// Tables that hold tenant-owned rows (and so carry `tenant_id` and RLS on PostgreSQL).
pub const TENANT_TABLES: &[&str] = &[
    "memberships",
    "invitations",
    "api_tokens",
    "audit_heads",
    "audit_events",
    "outbox",
    "clients",
    "client_sites",
    "client_contacts",
    "auditors",
    "auditor_qualifications",
    "auditor_conflicts",
    "auditor_absences",
    "applications",
    "programmes",
    "programme_audits",
    "audits",
    "audit_team",
    "client_ai_systems",
    "calendar_links",
    "tenant_settings",
    "audit_time_tables",
    "client_scopes",
    "audit_plans",
    "audit_plan_sites",
    "team_objections",
    "objection_links",
    "reminders_sent",
    "checklist_templates",
    "checklist_items",
    "nonconformities",
    "evidence_items",
    "evidence_versions",
    "evidence_links",
    "client_users",
    "job_runs",
    "application_standards",
    "programme_standards",
    "audit_standards",
    "audit_technical_areas",
    "checklist_item_standards",
    "client_scope_technical_areas",
    "audit_reports",
    "certificates",
    "certificate_standards",
    "certification_decisions",
    "decision_audits",
    "certificate_revisions",
    "certificate_events",
    "tenant_counters",
    "membership_roles",
    "invitation_roles",
    "signing_keys",
    "certsearch_state",
    "verification_lookups",
    "tenant_sign_in",
    "sso_identities",
    "sso_requests",
];
