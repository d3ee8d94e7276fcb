//! Server-rendered pages. Forms post back with a CSRF token and redirect (post/redirect/
//! get), with a one-shot flash message in a cookie. Everything works without JavaScript.

pub mod account;
pub mod admin;
pub mod applications;
pub mod auditors;
pub mod audits;
pub mod calendar;
pub mod certification;
pub mod certsearch;
pub mod charts;
pub mod clients;
pub mod docs;
pub mod evidence;
pub mod fieldwork;
pub mod form;
pub mod home;
pub mod issuer;
pub mod members;
pub mod public;
pub mod refill;
pub mod register;
pub mod security;
pub mod settings;
mod standards;
pub mod tokens;

pub use form::{
    AnonForm, AnonymousForm, Fields, NoFields, SessionForm, SessionQuery, blank_none, checkbox,
};

use crate::AppState;
use crate::extract::{ANON_CSRF_COOKIE, csrf_of, secrets_equal};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use certa_domain::Action;
use certa_service::{Principal, ServiceError};
use serde_json::{Value, json};

/// Cookie carrying a one-shot message to the next page.
pub const FLASH_COOKIE: &str = "certa_flash";

/// Registers the page routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(crate::render::static_file)
        .service(public::verify_page)
        .service(issuer::jwks)
        .service(issuer::controller)
        .service(issuer::status_list)
        .service(settings::rotate_signing_key)
        .service(settings::save_time_zone)
        .service(settings::save_language)
        .service(security::save_own_language)
        .service(security::save_own_time_zone)
        .service(certsearch::certsearch_page)
        .service(certsearch::save_link)
        .service(certsearch::push)
        .service(home::dashboard)
        .service(home::tenant_picker)
        .service(home::switch_tenant)
        .service(account::login_form)
        .service(account::login)
        .service(account::logout)
        .service(account::forgot_form)
        .service(account::forgot)
        .service(account::reset_form)
        .service(account::reset)
        .service(account::accept_form)
        .service(account::accept)
        .service(security::second_factor_form)
        .service(security::second_factor)
        .service(security::sso_by_slug)
        .service(security::sso_callback)
        .service(security::sso_start)
        .service(security::security)
        .service(security::totp_start)
        .service(security::totp_confirm)
        .service(security::totp_remove)
        .service(security::recovery_codes)
        .service(security::end_session)
        .service(security::sign_in_settings)
        .service(security::save_sign_in_settings)
        .service(security::test_sign_in)
        .service(security::reset_member_factor)
        .service(members::page_members)
        .service(members::invite)
        .service(members::change_roles)
        .service(members::remove)
        .service(members::revoke_invitation)
        .service(tokens::page_tokens)
        .service(tokens::create)
        .service(tokens::revoke)
        .service(admin::audit_page)
        .service(admin::outbox_page)
        .service(admin::outbox_retry)
        .service(docs::api_docs)
        .service(applications::list_page)
        .service(applications::review_page)
        .service(applications::submit)
        .service(applications::accept)
        .service(applications::decline)
        .service(calendar::feed)
        .service(calendar::month_page)
        .service(calendar::auditor_month_page)
        .service(standards::list_page)
        .service(standards::edition_page)
        .service(audits::schedule)
        .service(audits::audit_page)
        .service(audits::propose)
        .service(audits::confirm)
        .service(audits::move_dates)
        .service(audits::cancel)
        .service(audits::save_plan)
        .service(audits::raise_objection)
        .service(audits::resolve_objection)
        .service(audits::objection_form)
        .service(audits::submit_objection)
        .service(auditors::list_page)
        .service(auditors::create)
        .service(auditors::file)
        .service(auditors::update)
        .service(auditors::add_qualification)
        .service(auditors::remove_qualification)
        .service(auditors::add_conflict)
        .service(auditors::remove_conflict)
        .service(auditors::add_absence)
        .service(auditors::remove_absence)
        .service(clients::import_form)
        .service(clients::import)
        .service(clients::list_page)
        .service(clients::create)
        .service(clients::file)
        .service(clients::update)
        .service(clients::add_site)
        .service(clients::site_form)
        .service(clients::update_site)
        .service(clients::remove_site)
        .service(clients::add_contact)
        .service(clients::remove_contact)
        .service(clients::add_ai_system)
        .service(clients::remove_ai_system)
        .service(evidence::start)
        .service(evidence::form_upload)
        .service(evidence::complete)
        .service(evidence::stream)
        .service(evidence::receive)
        .service(evidence::download)
        .service(evidence::withdraw)
        .service(fieldwork::workspace)
        .service(fieldwork::templates_page)
        .service(fieldwork::copy_template)
        .service(fieldwork::template_page)
        .service(fieldwork::save_template)
        .service(fieldwork::create_checklist)
        .service(fieldwork::save_answers)
        .service(fieldwork::raise_form)
        .service(fieldwork::raise)
        .service(register::register_page)
        .service(fieldwork::nc_page)
        .service(fieldwork::nc_step)
        .service(fieldwork::report)
        .service(fieldwork::portal)
        .service(fieldwork::invite_client_user)
        .service(settings::calculator)
        .service(settings::application_audit_time)
        .service(settings::settings_page)
        .service(settings::save_settings)
        .service(settings::upload_image)
        .service(settings::remove_image)
        .service(settings::verification_page)
        .service(settings::tables_page)
        .service(settings::add_band)
        .service(settings::revert_table)
        .service(certification::queue_page)
        .service(certification::file_page)
        .service(certification::submit)
        .service(certification::review)
        .service(certification::report_pdf)
        .service(certification::decide_page)
        .service(certification::audit_file)
        .service(certification::decide)
        .service(certification::register_page)
        .service(certification::export_csv)
        .service(certification::export_xlsx)
        .service(certification::certificate_page)
        .service(certification::certificate_pdf)
        .service(certification::lifecycle)
        .service(clients::put_scope)
        .service(clients::remove_scope);
}

/// The time zone pages show times in for `p`: their own choice, else their certification
/// body's, else UTC.
pub fn zone(p: &Principal) -> chrono_tz::Tz {
    p.user
        .time_zone
        .as_deref()
        .or(p.tenant.as_ref().map(|t| t.tenant.time_zone.as_str()))
        .and_then(|z| z.parse().ok())
        .unwrap_or(chrono_tz::UTC)
}

/// The language pages speak to a reader: their own choice, else their certification
/// body's, else (nobody signed in, or no body chosen yet) the browser's
/// `Accept-Language`, else English.
pub fn lang(req: &HttpRequest, p: Option<&Principal>) -> crate::render::Lang {
    p.and_then(chosen_lang)
        .or_else(|| browser_lang(req))
        .unwrap_or_default()
}

/// The language `p` chose, or their certification body's.
fn chosen_lang(p: &Principal) -> Option<crate::render::Lang> {
    p.user
        .language
        .as_deref()
        .or(p.tenant.as_ref().map(|t| t.tenant.language.as_str()))
        .and_then(crate::render::Lang::parse)
}

/// The language the browser asks for (`Accept-Language`), if Certa speaks it.
pub fn browser_lang(req: &HttpRequest) -> Option<crate::render::Lang> {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|h| h.to_str().ok())
        .and_then(crate::render::Lang::negotiate)
}

/// Words in the reader's language (see [`lang`]).
pub fn tr<'a>(st: &'a AppState, req: &HttpRequest, p: Option<&Principal>) -> crate::render::Tr<'a> {
    st.renderer.tr(lang(req, p))
}

/// The next audit of a list: the earliest not cancelled that has not ended yet.
pub fn next_audit(
    audits: &[certa_service::records::ScheduledAudit],
) -> Option<&certa_service::records::ScheduledAudit> {
    let today = chrono::Utc::now().date_naive().to_string();
    audits
        .iter()
        .filter(|a| {
            a.status != certa_domain::AuditStatus::Cancelled && a.ends_on.as_str() >= today.as_str()
        })
        .min_by(|a, b| a.starts_on.cmp(&b.starts_on))
}

/// Every time zone a person may choose, by its IANA name.
pub fn zone_names() -> Vec<&'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect()
}

/// A moment to the second as `p` reads it (records such as the audit trail).
pub fn when_exact(p: &Principal, t: chrono::DateTime<chrono::Utc>) -> String {
    let lang = chosen_lang(p).unwrap_or_default();
    crate::render::format::moment_exact(lang, &t.with_timezone(&zone(p)))
}

/// A moment as `p` reads it: `7 Dec 2026, 14:05 CET` in their time zone.
pub fn when(p: &Principal, t: chrono::DateTime<chrono::Utc>) -> String {
    let lang = chosen_lang(p).unwrap_or_default();
    crate::render::format::moment(lang, &t.with_timezone(&zone(p)))
}

/// `s` with its first letter in upper case (a message that starts a sentence).
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// A one-shot message.
pub struct Flash {
    pub kind: &'static str,
    pub text: String,
}

impl Flash {
    /// A success notice (role=status).
    pub fn ok(text: impl Into<String>) -> Self {
        Self {
            kind: "ok",
            text: text.into(),
        }
    }
    /// An error notice (role=alert).
    pub fn err(text: impl Into<String>) -> Self {
        Self {
            kind: "error",
            text: text.into(),
        }
    }
}

fn cookie<'a>(st: &AppState, name: &'a str, value: String) -> Cookie<'a> {
    let mut c = Cookie::new(name, value);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_path("/");
    c.set_secure(st.secure_cookies);
    c
}

/// A session cookie (no Max-Age: the server enforces idle and absolute expiry).
pub fn session_cookie(st: &AppState, token: String) -> Cookie<'static> {
    cookie(st, crate::extract::SESSION_COOKIE, token)
}

/// A cookie that deletes `name`.
pub fn removal(st: &AppState, name: &'static str) -> Cookie<'static> {
    let mut c = cookie(st, name, String::new());
    c.set_max_age(CookieDuration::ZERO);
    c
}

/// 303 to `to`, optionally with a flash message.
/// A "back to the page" target a form may name: a path on this site only. Refuses what a
/// browser could read as another origin or a script: anything not starting with one `/`,
/// `//` and `/\` (browsers treat a backslash like a slash), any backslash, and control
/// characters or white space (browsers drop tabs and line
/// breaks from URLs, so `/\t/evil.example` would become `//evil.example`).
pub fn local_path(candidate: &str) -> Option<&str> {
    let rest = candidate.strip_prefix('/')?;
    let refused = rest.starts_with('/')
        || candidate.contains('\\')
        || candidate
            .chars()
            .any(|c| c.is_control() || c.is_whitespace())
        || candidate.len() > 2048;
    (!refused).then_some(candidate)
}

/// [`local_path`] or `fallback`.
pub fn local_path_or(candidate: Option<&str>, fallback: &str) -> String {
    candidate
        .and_then(local_path)
        .unwrap_or(fallback)
        .to_string()
}

pub fn redirect(st: &AppState, to: &str, flash: Option<Flash>) -> HttpResponse {
    let mut b = HttpResponse::SeeOther();
    b.insert_header((header::LOCATION, to.to_string()));
    if let Some(f) = flash {
        let v = serde_urlencoded::to_string([("k", f.kind), ("t", f.text.as_str())])
            .unwrap_or_default();
        b.cookie(cookie(st, FLASH_COOKIE, v));
    }
    b.finish()
}

fn read_flash(req: &HttpRequest) -> Option<Value> {
    let c = req.cookie(FLASH_COOKIE)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(c.value()).ok()?;
    let kind = pairs
        .iter()
        .find(|(k, _)| k == "k")
        .map(|(_, v)| v.clone())?;
    let text = pairs
        .iter()
        .find(|(k, _)| k == "t")
        .map(|(_, v)| v.clone())?;
    let kind = if kind == "ok" { "ok" } else { "error" };
    Some(json!({"kind": kind, "text": text, "is_error": kind == "error"}))
}

/// Renders a page inside the base layout. `active` marks the current nav entry.
pub fn page(
    st: &AppState,
    req: &HttpRequest,
    p: Option<&Principal>,
    template: &str,
    title: &str,
    active: &str,
    data: Value,
) -> HttpResponse {
    // A refused form coming back to this page (see [`refill`]): its own user's only.
    let (kept, had_kept) = refill::read(req);
    let here = match req.query_string() {
        "" => req.path().to_string(),
        q => format!("{}?{q}", req.path()),
    };
    let lang = lang(req, p);
    let kept = kept.filter(|k| {
        k.u == p.map(|p| p.user.id.to_string())
            && req.method() == actix_web::http::Method::GET
            && (k.b == here || k.b.split('?').next() == Some(req.path()))
    });
    let mut ctx = json!({
        "title": title,
        "active": active,
        "flash": read_flash(req),
    });
    if let Some(p) = p {
        ctx["user"] = json!({"name": p.user.name, "email": p.user.email});
        ctx["csrf"] = json!(csrf_of(p));
        if let Some(t) = &p.tenant {
            ctx["tenant"] =
                json!({"name": t.tenant.name, "slug": t.tenant.slug, "roles": t.roles.names()});
            ctx["can"] = json!({
                "members": t.roles.allows(Action::ViewMembers),
                "manage_members": t.roles.allows(Action::ManageMembers),
                "tokens": t.roles.allows(Action::ManageOwnTokens),
                "audit": t.roles.allows(Action::ViewAuditTrail),
                "outbox": t.roles.allows(Action::ManageOutbox),
                "clients": t.roles.allows(Action::ViewClients),
                "calendar": t.roles.allows(Action::ViewClients),
                "nonconformities": t.client.is_none() && t.roles.allows(Action::ViewClients),
                "auditors": t.roles.allows(Action::ViewPersonnel),
                "settings": t.roles.allows(Action::ViewSettings),
                "portal": t.client.is_some(),
                "decisions": t.client.is_none()
                    && (t.roles.allows(Action::ReviewAuditFiles)
                        || t.roles.allows(Action::DecideCertification)),
                "certificates": t.client.is_none() && t.roles.allows(Action::ViewCertificates),
            });
        }
    }
    if let (Value::Object(base), Value::Object(extra)) = (&mut ctx, data) {
        base.extend(extra);
    }
    let had_flash = req.cookie(FLASH_COOKIE).is_some();
    let rendered = st
        .renderer
        .render(lang, template, ctx.clone())
        .map(|html| match &kept {
            None => html,
            Some(k) => match refill::apply(&html, k, &st.renderer.tr(lang).t("msg-refill-heading"))
            {
                Some(filled) => filled,
                // The page does not show the form: its problems become the notice.
                None => {
                    ctx["flash"] =
                        json!({"kind": "error", "text": refill::notice(k), "is_error": true});
                    st.renderer.render(lang, template, ctx).unwrap_or(html)
                }
            },
        });
    match rendered {
        Ok(html) => {
            let mut b = HttpResponse::Ok();
            b.content_type("text/html; charset=utf-8");
            if had_flash {
                b.cookie(removal(st, FLASH_COOKIE));
            }
            let mut r = b.body(html);
            if had_kept {
                refill::clear(st, &mut r, req);
            }
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "page rendering failed");
            HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body(st.renderer.tr(lang).t("msg-mod-render-failed"))
        }
    }
}

/// A page with a status code other than 200 (errors). `title` and `message` are shown as
/// they are: the caller words them in the reader's language (see [`tr`]).
pub fn page_with_status(
    st: &AppState,
    req: &HttpRequest,
    p: Option<&Principal>,
    status: actix_web::http::StatusCode,
    title: &str,
    message: &str,
) -> HttpResponse {
    let mut r = page(
        st,
        req,
        p,
        "pages/error",
        title,
        "",
        json!({"message": message}),
    );
    *r.status_mut() = status;
    r
}

/// The 404 page for unknown paths, in the browser's language.
pub fn not_found_page(st: &AppState, req: &HttpRequest) -> HttpResponse {
    let lang = browser_lang(req).unwrap_or_default();
    let tr = st.renderer.tr(lang);
    let html = st
        .renderer
        .render(
            lang,
            "pages/error",
            json!({"title": tr.t("msg-not-found-title"), "message": tr.t("msg-not-found")}),
        )
        .unwrap_or_else(|_| tr.t("msg-not-found-title"));
    HttpResponse::NotFound()
        .content_type("text/html; charset=utf-8")
        .body(html)
}

/// Where an unauthenticated page request goes: the sign-in page, which brings a `GET`
/// back to the address asked for (a link from a mail or a bookmark) once signed in.
pub fn to_login(st: &AppState, req: &HttpRequest) -> HttpResponse {
    let asked = match req.query_string() {
        "" => req.path().to_string(),
        q => format!("{}?{q}", req.path()),
    };
    match local_path(&asked).filter(|p| req.method() == actix_web::http::Method::GET && *p != "/") {
        Some(p) => {
            let q = serde_urlencoded::to_string([("next", p)]).unwrap_or_default();
            redirect(st, &format!("/login?{q}"), None)
        }
        None => redirect(st, "/login", None),
    }
}

/// Checks a form's CSRF token against the session's (see [`form::require_csrf`]).
fn csrf_ok(p: &Principal, sent: &str) -> bool {
    let expected = csrf_of(p);
    !expected.is_empty() && secrets_equal(expected, sent)
}

/// Checks an anonymous form's CSRF token against its cookie (double submit; see
/// [`AnonForm`]).
fn anon_csrf_ok(req: &HttpRequest, sent: &str) -> bool {
    req.cookie(ANON_CSRF_COOKIE)
        .is_some_and(|c| !c.value().is_empty() && secrets_equal(c.value(), sent))
}

/// The anonymous CSRF token for a form page: the cookie's, or a new one to set.
pub fn anon_csrf(req: &HttpRequest) -> (String, bool) {
    match req.cookie(ANON_CSRF_COOKIE) {
        Some(c) if c.value().len() >= 32 => (c.value().to_string(), false),
        _ => (certa_service::secrets::random_token(), true),
    }
}

/// Adds the anonymous CSRF cookie to a response when it is new.
pub fn with_anon_csrf(
    st: &AppState,
    mut resp: HttpResponse,
    token: String,
    new: bool,
) -> HttpResponse {
    if new {
        let _ = resp.add_cookie(&cookie(st, ANON_CSRF_COOKIE, token));
    }
    resp
}

/// Field problems in the reader's language: English keeps the use case's own words;
/// another language says what its catalogue says for the problem's code, naming the field
/// (which the page then replaces by the field's label).
fn localised_problems(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    problems: Vec<certa_domain::FieldProblem>,
) -> Vec<certa_domain::FieldProblem> {
    let tr = tr(st, req, Some(p));
    if tr.lang() == crate::render::Lang::En {
        return problems;
    }
    problems
        .into_iter()
        .map(|mut pr| {
            let id = format!("problem-{}", pr.code.as_str().replace('_', "-"));
            if tr.catalogue().has(tr.lang(), &id) {
                pr.message = tr.f(&id, &[("field", pr.field.into())]);
            }
            pr
        })
        .collect()
}

/// A refusal that concerns the whole request (a conflict, a refused sign-in) in the
/// reader's language: English keeps the use case's own words; another language says what
/// its catalogue says for the refusal's code.
pub fn localised_error(tr: &crate::render::Tr<'_>, e: ServiceError) -> ServiceError {
    if tr.lang() == crate::render::Lang::En {
        return e;
    }
    let words = |code: certa_domain::ErrorCode| -> Option<String> {
        let id = format!("problem-{}", code.as_str().replace('_', "-"));
        tr.catalogue().has(tr.lang(), &id).then(|| {
            // Messages name their field first; a whole refusal has none.
            let m = tr.f(&id, &[("field", "".into())]);
            capitalised(m.trim_start_matches([':', ' ']))
        })
    };
    let at_field = |code: certa_domain::ErrorCode, field: &'static str| -> Option<String> {
        if field.is_empty() {
            return words(code);
        }
        let id = format!("problem-{}", code.as_str().replace('_', "-"));
        tr.catalogue()
            .has(tr.lang(), &id)
            .then(|| tr.f(&id, &[("field", field.into())]))
    };
    match e {
        ServiceError::Invalid {
            field,
            code,
            message,
        } => ServiceError::Invalid {
            field,
            code,
            message: at_field(code, field).unwrap_or(message),
        },
        ServiceError::Fields { errors } => ServiceError::Fields {
            errors: errors
                .into_iter()
                .map(|mut p| {
                    if let Some(m) = at_field(p.code, p.field) {
                        p.message = m;
                    }
                    p
                })
                .collect(),
        },
        ServiceError::Conflict { code, message } => ServiceError::Conflict {
            code,
            message: words(code).unwrap_or(message),
        },
        ServiceError::Unauthorized { code, message } => ServiceError::Unauthorized {
            code,
            message: words(code).unwrap_or(message),
        },
        other => other,
    }
}

/// The page answer to a failed use case: a flash on the given page, or an error page.
pub fn service_error(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    back: &str,
    e: ServiceError,
) -> HttpResponse {
    use actix_web::http::StatusCode;
    let tr = tr(st, req, Some(p));
    let e = localised_error(&tr, e);
    // A refused form goes back to its page with what was typed and every problem at its
    // field.
    let problems = localised_problems(st, req, p, e.field_problems());
    let whole = match &e {
        ServiceError::Conflict { message, .. }
        | ServiceError::Unauthorized { message, .. }
        | ServiceError::Throttled { message, .. } => Some(message.clone()),
        _ => None,
    };
    if (!problems.is_empty() || whole.is_some())
        && let Some(r) = refill::keep(st, req, back, Some(p.user.id.to_string()), problems, whole)
    {
        return r;
    }
    match e {
        ServiceError::Invalid { message, .. }
        | ServiceError::TooLarge { message, .. }
        | ServiceError::Conflict { message, .. }
        | ServiceError::Unauthorized { message, .. }
        | ServiceError::Throttled { message, .. } => redirect(st, back, Some(Flash::err(message))),
        ServiceError::Fields { errors } => redirect(
            st,
            back,
            Some(Flash::err(
                errors
                    .iter()
                    .map(|p| p.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )),
        ),
        ServiceError::InvalidRows { errors } => redirect(
            st,
            back,
            Some(Flash::err(tr.f(
                "msg-mod-invalid-rows",
                &[("count", errors.len().into())],
            ))),
        ),
        ServiceError::NoTenant => match security::gate_redirect(st, p) {
            Some(r) => r,
            None => redirect(st, "/tenants", None),
        },
        ServiceError::Forbidden => page_with_status(
            st,
            req,
            Some(p),
            StatusCode::FORBIDDEN,
            &tr.t("msg-mod-forbidden-title"),
            &tr.t("msg-mod-forbidden"),
        ),
        ServiceError::NotFound { what, .. } => page_with_status(
            st,
            req,
            Some(p),
            StatusCode::NOT_FOUND,
            &tr.t("msg-not-found-title"),
            &not_found_message(&tr, what),
        ),
        e if e.is_unavailable() => unavailable_page(st, req, Some(p), &e),
        e @ (ServiceError::Storage(_) | ServiceError::Unexpected(_)) => {
            if let Some(inner) = e.internal() {
                crate::error::log_unexpected(inner);
            }
            page_with_status(
                st,
                req,
                Some(p),
                StatusCode::INTERNAL_SERVER_ERROR,
                &tr.t("msg-mod-failed-title"),
                &tr.t("msg-mod-failed"),
            )
        }
    }
}

/// "The client does not exist.": the sentence of a [`ServiceError::NotFound`] for `what`
/// (one message per thing, so that each language can decline it; a thing without its own
/// message gets the general one).
fn not_found_message(tr: &crate::render::Tr<'_>, what: &str) -> String {
    let id = certa_i18n::label_id("msg-mod-not-found", what);
    if tr.catalogue().has(crate::render::Lang::En, &id) {
        tr.t(&id)
    } else {
        tr.f("msg-mod-not-found", &[("what", what.into())])
    }
}

/// The page answer when the database cannot be reached: 503 with `Retry-After` (logged
/// as [`crate::error::unavailable`] does).
fn unavailable_page(
    st: &AppState,
    req: &HttpRequest,
    p: Option<&Principal>,
    e: &ServiceError,
) -> HttpResponse {
    let api = crate::error::unavailable(e);
    let tr = tr(st, req, p);
    let mut r = page_with_status(
        st,
        req,
        p,
        api.status,
        &tr.t("msg-mod-unavailable-title"),
        &tr.t("msg-mod-unavailable"),
    );
    if let Ok(v) = actix_web::http::header::HeaderValue::from_str(
        &crate::error::UNAVAILABLE_RETRY_AFTER_SECS.to_string(),
    ) {
        r.headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, v);
    }
    r
}

/// What a secondary panel of a page reads, or its default when the read failed (see
/// [`panel_opt`]).
pub fn panel<T: Default>(panel: &'static str, result: Result<T, ServiceError>) -> T {
    panel_opt(panel, result).unwrap_or_default()
}

/// What a secondary panel of a page reads, or `None` when the read failed: the page still
/// renders (without the panel), and the failure is logged with the panel's name (the kind
/// of error, and for an unexpected one its chain of causes; never the messages of refused
/// input, which may quote what a user typed).
pub fn panel_opt<T>(panel: &'static str, result: Result<T, ServiceError>) -> Option<T> {
    let e = match result {
        Ok(v) => return Some(v),
        Err(e) => e,
    };
    match &e {
        ServiceError::Unexpected(inner) => {
            // `{:#}` of an anyhow error is its chain of causes, outermost first.
            let chain = format!("{inner:#}");
            tracing::warn!(panel, error.chain = %chain, "a panel of the page could not be read");
        }
        ServiceError::Forbidden | ServiceError::NotFound { .. } | ServiceError::NoTenant => {
            tracing::warn!(panel, error = %e, "a panel of the page could not be read");
        }
        _ => tracing::warn!(
            panel,
            error = "refused",
            "a panel of the page could not be read"
        ),
    }
    None
}

/// Answers a page request whose session lacks a CSRF match.
pub fn csrf_failed(st: &AppState, req: &HttpRequest, p: Option<&Principal>) -> HttpResponse {
    let tr = tr(st, req, p);
    page_with_status(
        st,
        req,
        p,
        actix_web::http::StatusCode::FORBIDDEN,
        &tr.t("msg-mod-csrf-title"),
        &tr.t("msg-mod-csrf"),
    )
}

/// The page answer to a failed use case on an anonymous page.
pub fn service_error_anon(st: &AppState, req: &HttpRequest, e: ServiceError) -> HttpResponse {
    use actix_web::http::StatusCode;
    let tr = tr(st, req, None);
    let refused = tr.t("msg-mod-refused-title");
    match localised_error(&tr, e) {
        ServiceError::Invalid { message, .. }
        | ServiceError::TooLarge { message, .. }
        | ServiceError::Conflict { message, .. }
        | ServiceError::Unauthorized { message, .. }
        | ServiceError::Throttled { message, .. } => {
            page_with_status(st, req, None, StatusCode::BAD_REQUEST, &refused, &message)
        }
        ServiceError::Fields { errors } => page_with_status(
            st,
            req,
            None,
            StatusCode::BAD_REQUEST,
            &refused,
            &errors
                .iter()
                .map(|p| p.message.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        e if e.is_unavailable() => unavailable_page(st, req, None, &e),
        e @ (ServiceError::Storage(_) | ServiceError::Unexpected(_)) => {
            if let Some(inner) = e.internal() {
                crate::error::log_unexpected(inner);
            }
            page_with_status(
                st,
                req,
                None,
                StatusCode::INTERNAL_SERVER_ERROR,
                &tr.t("msg-mod-failed-title"),
                &tr.t("msg-mod-failed"),
            )
        }
        other => page_with_status(
            st,
            req,
            None,
            StatusCode::BAD_REQUEST,
            &refused,
            &other.to_string(),
        ),
    }
}

/// A signed-in page request; anyone else is sent to the login page.
pub struct Signed(pub Principal);

impl actix_web::FromRequest for Signed {
    type Error = actix_web::Error;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { form::signed_in(&req).await.map(|(_, p)| Signed(p)) })
    }
}

fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, actix_web::Error> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| actix_web::error::ErrorInternalServerError("application state missing"))
}

/// Where a successful form post goes, with its notice: back to the form's page (from a
/// `String` or `&str`: the notice) or elsewhere ([`Done::to`]). The notice is shown as it
/// is: word it in the reader's language, e.g. `|c| tr.f("msg-x-saved", &[("name", c.name.into())])`
/// with `let tr = super::tr(&st, &req, Some(&p));` (see [`tr`]).
pub struct Done {
    to: Option<String>,
    notice: String,
}

impl Done {
    /// Go to `to` (a new resource's page) with the notice.
    pub fn to(to: impl Into<String>, notice: impl Into<String>) -> Self {
        Self {
            to: Some(to.into()),
            notice: notice.into(),
        }
    }
}

impl From<String> for Done {
    fn from(notice: String) -> Self {
        Self { to: None, notice }
    }
}

impl From<&str> for Done {
    fn from(notice: &str) -> Self {
        notice.to_string().into()
    }
}

/// The answer to a form post: on success a redirect with `notice(value)` (back to `back`,
/// or where [`Done::to`] says); on failure back to `back` with the error explained, or
/// an error page (see [`service_error`]).
pub fn outcome<T, D: Into<Done>>(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    back: &str,
    result: Result<T, ServiceError>,
    notice: impl FnOnce(T) -> D,
) -> HttpResponse {
    match result {
        Ok(v) => {
            let done = notice(v).into();
            redirect(
                st,
                done.to.as_deref().unwrap_or(back),
                Some(Flash::ok(done.notice)),
            )
        }
        Err(e) => service_error(st, req, p, back, e),
    }
}

#[cfg(test)]
mod local_path_tests {
    use super::{local_path, local_path_or};

    #[test]
    fn only_paths_on_this_site_are_kept() {
        for ok in ["/", "/audits/1", "/clients?q=a%2Fb&x=1", "/a/b#part"] {
            assert_eq!(local_path(ok), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "audits",
            "//evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/x\\y",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "/\u{0}x",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path_or(Some("//evil.example"), "/home"), "/home");
        assert_eq!(local_path_or(None, "/home"), "/home");
        assert_eq!(local_path_or(Some("/audits"), "/home"), "/audits");
    }
}
