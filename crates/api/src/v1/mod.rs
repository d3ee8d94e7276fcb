//! The JSON API, one module per resource. Every handler takes an [`ApiPrincipal`]
//! (bearer token or session) and answers JSON or problem+json.
//!
//! [`ApiPrincipal`]: crate::extract::ApiPrincipal

pub mod applications;
pub mod audit_events;
pub mod audit_time;
pub mod auditors;
pub mod audits;
pub mod certificates;
pub mod certsearch;
pub mod clients;
pub mod evidence;
pub mod fieldwork;
pub mod me;
pub mod members;
pub mod openapi;
pub mod outbox;
pub mod programmes;
pub mod public;
pub mod settings;
pub mod signing_keys;
pub mod standards;
pub mod tokens;

use actix_web::web;

/// Registers the `/api/v1` routes (the scope is added by the caller).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(openapi::document);
    register(&mut utoipa_actix_web::service_config::ServiceConfig::new(
        cfg,
    ));
}

/// Registers every documented `/api/v1` route. The OpenAPI document takes its paths from
/// this one list ([`openapi::openapi`]), so a route cannot be missing from it.
pub fn register(cfg: &mut utoipa_actix_web::service_config::ServiceConfig<'_>) {
    cfg.service(me::get_me)
        .service(me::put_preferences)
        .service(public::search_public_certificates)
        .service(public::get_public_credential_jwt)
        .service(public::get_public_credential)
        .service(public::get_public_certificate)
        .service(certificates::submit_report)
        .service(certificates::technical_review)
        .service(certificates::pending)
        .service(certificates::decide)
        .service(certificates::list_decisions)
        .service(certificates::list_certificates)
        .service(certificates::get_certificate)
        .service(certificates::suspend)
        .service(certificates::restore)
        .service(certificates::withdraw)
        .service(certificates::certificate_pdf)
        .service(certificates::report_pdf)
        .service(members::list_members)
        .service(members::invite_member)
        .service(members::update_member)
        .service(members::remove_member)
        .service(members::list_invitations)
        .service(members::revoke_invitation)
        .service(tokens::list_tokens)
        .service(tokens::create_token)
        .service(tokens::revoke_token)
        .service(audit_events::list_events)
        .service(audit_events::verify_events)
        .service(outbox::list_outbox)
        .service(outbox::retry_outbox)
        .service(audit_time::calculate)
        .service(evidence::start_upload)
        .service(evidence::complete_upload)
        .service(evidence::stream_upload)
        .service(evidence::download)
        .service(evidence::withdraw)
        .service(evidence::list)
        .service(fieldwork::list_templates)
        .service(fieldwork::copy_template)
        .service(fieldwork::get_template)
        .service(fieldwork::update_template)
        .service(fieldwork::create_checklist)
        .service(fieldwork::get_checklist)
        .service(fieldwork::answer_item)
        .service(fieldwork::answer_many)
        .service(fieldwork::raise)
        .service(fieldwork::audit_ncs)
        .service(fieldwork::get_report)
        .service(fieldwork::client_ncs)
        .service(fieldwork::get_nc)
        .service(fieldwork::respond)
        .service(fieldwork::review)
        .service(fieldwork::implement)
        .service(fieldwork::verify)
        .service(fieldwork::escalate)
        .service(fieldwork::invite_client_user)
        .service(fieldwork::portal)
        .service(settings::get_settings)
        .service(settings::put_settings)
        .service(settings::get_locale)
        .service(settings::put_locale)
        .service(settings::get_sign_in)
        .service(settings::put_sign_in)
        .service(settings::test_sign_in)
        .service(settings::put_certificate_image)
        .service(settings::get_certificate_image)
        .service(settings::delete_certificate_image)
        .service(settings::list_tables)
        .service(settings::put_table)
        .service(settings::delete_table)
        .service(settings::application_audit_time)
        .service(signing_keys::list_keys)
        .service(signing_keys::rotate_key)
        .service(signing_keys::verification_lookups)
        .service(certsearch::get_certsearch)
        .service(certsearch::put_certsearch)
        .service(certsearch::dry_run)
        .service(certsearch::export_json)
        .service(certsearch::export_xlsx)
        .service(certsearch::push)
        .service(standards::list_standards)
        .service(standards::get_standard)
        .service(programmes::preview)
        .service(programmes::get_programme)
        .service(programmes::audit_file)
        .service(audits::schedule_audit)
        .service(audits::get_audit)
        .service(audits::propose_team)
        .service(audits::confirm_audit)
        .service(audits::reschedule_audit)
        .service(audits::cancel_audit)
        .service(audits::put_plan)
        .service(audits::raise_objection)
        .service(audits::resolve_objection)
        .service(auditors::list_auditors)
        .service(auditors::create_auditor)
        .service(auditors::auditor_calendar)
        .service(auditors::create_calendar_link)
        .service(auditors::get_auditor)
        .service(auditors::update_auditor)
        .service(auditors::add_qualification)
        .service(auditors::remove_qualification)
        .service(auditors::add_conflict)
        .service(auditors::remove_conflict)
        .service(auditors::add_absence)
        .service(auditors::remove_absence)
        .service(applications::submit_application)
        .service(applications::list_applications)
        .service(applications::get_application)
        .service(applications::accept_application)
        .service(applications::decline_application)
        .service(clients::import_clients)
        .service(clients::list_clients)
        .service(clients::create_client)
        .service(clients::get_client)
        .service(clients::update_client)
        .service(clients::add_site)
        .service(clients::update_site)
        .service(clients::remove_site)
        .service(clients::add_contact)
        .service(clients::remove_contact)
        .service(clients::add_ai_system)
        .service(clients::remove_ai_system)
        .service(clients::put_scope)
        .service(clients::remove_scope);
}

/// RFC 3339 UTC timestamp with seconds precision.
pub fn ts(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
