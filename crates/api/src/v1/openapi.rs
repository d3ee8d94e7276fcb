//! The OpenAPI 3.1 document.

use actix_web::{HttpResponse, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Certa's API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "Certa API", description = "Multi-tenant platform for certification bodies. Errors are RFC 9457 problem+json with a stable `code`. Authenticate with `Authorization: Bearer <token>` (create tokens with `certa admin create-token` or on the API tokens page)."),
    paths(
        super::me::get_me,
        super::members::list_members,
        super::members::invite_member,
        super::members::update_member,
        super::members::remove_member,
        super::members::list_invitations,
        super::members::revoke_invitation,
        super::tokens::list_tokens,
        super::tokens::create_token,
        super::tokens::revoke_token,
        super::audit_events::list_events,
        super::audit_events::verify_events,
        super::outbox::list_outbox,
        super::outbox::retry_outbox,
        super::audit_time::calculate,
        super::evidence::start_upload,
        super::evidence::complete_upload,
        super::evidence::stream_upload,
        super::evidence::download,
        super::evidence::withdraw,
        super::evidence::list,
        super::fieldwork::list_templates,
        super::fieldwork::copy_template,
        super::fieldwork::get_template,
        super::fieldwork::update_template,
        super::fieldwork::create_checklist,
        super::fieldwork::get_checklist,
        super::fieldwork::answer_item,
        super::fieldwork::answer_many,
        super::fieldwork::raise,
        super::fieldwork::audit_ncs,
        super::fieldwork::client_ncs,
        super::fieldwork::get_nc,
        super::fieldwork::respond,
        super::fieldwork::review,
        super::fieldwork::implement,
        super::fieldwork::verify,
        super::fieldwork::escalate,
        super::fieldwork::invite_client_user,
        super::fieldwork::portal,
        super::settings::get_settings,
        super::settings::put_settings,
        super::settings::list_tables,
        super::settings::put_table,
        super::settings::delete_table,
        super::settings::application_audit_time,
        super::standards::list_standards,
        super::standards::get_standard,
        super::programmes::preview,
        super::programmes::get_programme,
        super::programmes::set_decision,
        super::audits::schedule_audit,
        super::audits::get_audit,
        super::audits::propose_team,
        super::audits::confirm_audit,
        super::audits::reschedule_audit,
        super::audits::cancel_audit,
        super::audits::put_plan,
        super::audits::raise_objection,
        super::audits::resolve_objection,
        super::auditors::list_auditors,
        super::auditors::create_auditor,
        super::auditors::get_auditor,
        super::auditors::auditor_calendar,
        super::auditors::create_calendar_link,
        super::auditors::update_auditor,
        super::auditors::add_qualification,
        super::auditors::remove_qualification,
        super::auditors::add_conflict,
        super::auditors::remove_conflict,
        super::auditors::add_absence,
        super::auditors::remove_absence,
        super::applications::submit_application,
        super::applications::list_applications,
        super::applications::get_application,
        super::applications::accept_application,
        super::applications::decline_application,
        super::clients::list_clients,
        super::clients::import_clients,
        super::clients::create_client,
        super::clients::get_client,
        super::clients::update_client,
        super::clients::add_site,
        super::clients::update_site,
        super::clients::remove_site,
        super::clients::add_contact,
        super::clients::remove_contact,
        super::clients::add_ai_system,
        super::clients::remove_ai_system,
        super::clients::put_scope,
        super::clients::remove_scope,
    ),
    components(schemas(crate::error::Problem)),
    modifiers(&Bearer)
)]
pub struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(c) = openapi.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

/// `GET /api/v1/openapi.json`.
#[get("/openapi.json")]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
