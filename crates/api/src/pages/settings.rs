//! Pages: the certification body's settings (with the logo and accreditation mark printed
//! on certificates), its audit-time tables (review, add a band, revert), the audit-time
//! calculator with its breakdown, and the calculation kept with an application.

use super::{Fields, Flash, NoFields, SessionForm, Signed, capitalised, page, redirect};
use crate::AppState;
use crate::render::Lang;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::ErrorCode;
use certa_domain::audit_time::{
    Adjustment, Fraction, Request, StandardRequest, parse_ai_role, parse_complexity,
};
use certa_domain::certification::{Accreditation, CertificateImage, MAX_IMAGE_BYTES};
use certa_domain::programme::ExpiryConvention;
use certa_domain::settings::TenantSettings;
use certa_domain::{Action, ApplicationId};
use certa_service::certification::images;
use certa_service::{ServiceError, settings, signing};
use serde::Deserialize;
use serde_json::{Value, json};

fn invalid(field: &'static str, message: impl Into<String>) -> ServiceError {
    ServiceError::Invalid {
        field,
        code: ErrorCode::InvalidNumber,
        message: message.into(),
    }
}

fn num<T: std::str::FromStr>(
    f: &Fields,
    name: &'static str,
    label: &str,
) -> Result<T, ServiceError> {
    f.get(name)
        .trim()
        .parse()
        .map_err(|_| invalid(name, format!("{label} must be a number")))
}

/// Reads the calculator form (also used on the application page): up to two standards,
/// one common adjustment, the integration reduction.
fn request_from(f: &Fields) -> Result<Request, ServiceError> {
    let mut standards = Vec::new();
    for i in 0..2 {
        let Some(code) = f.opt(&format!("standard_{i}")) else {
            continue;
        };
        let complexity = f
            .opt(&format!("complexity_{i}"))
            .map(|c| parse_complexity(&c))
            .transpose()
            .map_err(certa_domain::DomainError::from)?;
        let ai_role = f
            .opt(&format!("ai_role_{i}"))
            .map(|r| parse_ai_role(&r))
            .transpose()
            .map_err(certa_domain::DomainError::from)?;
        standards.push(StandardRequest {
            code,
            complexity,
            ai_role,
            adjustments: Vec::new(),
        });
    }
    let mut adjustments = Vec::new();
    if let Some(pc) = f.opt("adjustment_percent") {
        let percent: f64 = pc.trim().parse().map_err(|_| {
            invalid(
                "adjustment_percent",
                "the adjustment must be a number of percent",
            )
        })?;
        adjustments.push(Adjustment {
            percent,
            justification: f.get("adjustment_justification"),
        });
    }
    Ok(Request {
        standards,
        effective_personnel: num(f, "effective_personnel", "Effective personnel")?,
        sites: f.opt("sites").map_or(Ok(1), |_| num(f, "sites", "Sites"))?,
        sampling_allowed: f.checked("sampling_allowed"),
        adjustments,
        integration_reduction_percent: f.opt("integration_reduction_percent").map_or(
            Ok(0.0),
            |_| {
                num(
                    f,
                    "integration_reduction_percent",
                    "The integration reduction",
                )
            },
        )?,
    })
}

fn calc_json(c: &certa_domain::audit_time::Calculation) -> Value {
    serde_json::to_value(c).unwrap_or(Value::Null)
}

async fn standard_codes(st: &AppState, p: &certa_service::Principal) -> Vec<String> {
    super::panel("audit-time tables", settings::tables(&st.ctx, p).await)
        .into_iter()
        .flat_map(|v| v.table.standards)
        .collect()
}

/// `GET /audit-time`: the calculator; with a filled form in the query it shows the
/// result and its breakdown (nothing is stored).
#[get("/audit-time")]
pub async fn calculator(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    // Staff only, even before a calculation is asked for: client users get not-found.
    if let Err(e) = p.authorize_or_hide(
        Action::ViewSettings,
        "settings",
        ErrorCode::SettingsNotFound,
    ) {
        return super::service_error(&st, &req, &p, "/", e);
    }
    let f = Fields::parse(req.query_string().as_bytes());
    let (result, error) = if f.opt("effective_personnel").is_some() {
        match request_from(&f) {
            Ok(r) => match settings::calculate(&st.ctx, &p, &r).await {
                Ok(c) => (Some(calc_json(&c)), None),
                Err(ServiceError::Invalid { message, .. }) => (None, Some(message)),
                Err(e) => return super::service_error(&st, &req, &p, "/", e),
            },
            Err(ServiceError::Invalid { message, .. }) => (None, Some(message)),
            Err(e) => return super::service_error(&st, &req, &p, "/", e),
        }
    } else {
        (None, None)
    };
    let codes = standard_codes(&st, &p).await;
    page(
        &st,
        &req,
        Some(&p),
        "pages/audit_time",
        "Audit-time calculator",
        "audit-time",
        json!({"result": result, "error": error, "codes": codes, "form": form_echo(&f),
            "action": "/audit-time", "method": "get"}),
    )
}

fn form_echo(f: &Fields) -> Value {
    json!({
        "standard_0": f.get("standard_0"), "standard_1": f.get("standard_1"),
        "complexity_0": f.get("complexity_0"), "complexity_1": f.get("complexity_1"),
        "ai_role_0": f.get("ai_role_0"), "ai_role_1": f.get("ai_role_1"),
        "effective_personnel": f.get("effective_personnel"), "sites": f.get("sites"),
        "sampling_allowed": f.checked("sampling_allowed") || f.opt("effective_personnel").is_none(),
        "adjustment_percent": f.get("adjustment_percent"),
        "adjustment_justification": f.get("adjustment_justification"),
        "integration_reduction_percent": f.get("integration_reduction_percent"),
    })
}

/// `POST /applications/{id}/audit-time`: calculate and keep the result with the
/// application.
#[post("/applications/{id}/audit-time")]
pub async fn application_audit_time(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/applications/{}", *id);
    let result = match request_from(&f) {
        Ok(r) => settings::keep_with_application(&st.ctx, &p, ApplicationId(*id), &r).await,
        Err(e) => Err(e),
    };
    super::outcome(&st, &req, &p, &back, result, |c| {
        format!(
            "Audit time kept with the application: {} days initial ({} stage 1, {} stage 2)",
            c.initial_days, c.stage1_days, c.stage2_days
        )
    })
}

/// `GET /settings`.
#[get("/settings")]
pub async fn settings_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    render_settings(&st, &req, &p, None).await
}

/// The fields of the settings form: the form's name (also the element id), where the
/// value sits in the settings document, the service's name of the field, and its label.
const SETTINGS_FIELDS: &[(&str, &str, &str, &str)] = &[
    (
        "stage1_numerator",
        "/audit_time/stage1_share/numerator",
        "stage1_numerator",
        "The stage 1 share",
    ),
    (
        "stage1_denominator",
        "/audit_time/stage1_share/denominator",
        "stage1_denominator",
        "The stage 1 share",
    ),
    (
        "stage1_min_days",
        "/audit_time/stage1_min_days",
        "stage1_min_days",
        "The least stage 1 time",
    ),
    (
        "at_risk_days",
        "/programme/at_risk_days",
        "at_risk_days",
        "At-risk days",
    ),
    (
        "rotation_limit",
        "/rotation_limit",
        "rotation_limit",
        "The rotation limit",
    ),
    (
        "objection_days",
        "/objection_days",
        "objection_days",
        "The objection period",
    ),
    (
        "nc_response_days",
        "/nc_response_days",
        "nc_response_days",
        "The time to answer a nonconformity",
    ),
    (
        "max_upload_mib",
        "/max_upload_mib",
        "max_upload_mib",
        "The largest evidence file",
    ),
    (
        "retention_years",
        "/retention_years",
        "retention_years",
        "The retention of withdrawn evidence",
    ),
    (
        "outbox_retention_days",
        "/outbox_retention_days",
        "outbox_retention_days",
        "The outbox retention",
    ),
    (
        "cert_address",
        "/certificates/address",
        "address",
        "The address",
    ),
    (
        "cert_prefix",
        "/certificates/prefix",
        "prefix",
        "The number prefix",
    ),
    (
        "cert_number_pattern",
        "/certificates/number_pattern",
        "number_pattern",
        "The numbering pattern",
    ),
    (
        "cert_suspension_months",
        "/certificates/suspension_months",
        "suspension_months",
        "The longest suspension",
    ),
    (
        "cert_contact_email",
        "/certificates/contact_email",
        "contact_email",
        "The contact address",
    ),
    (
        "cert_verification_alert",
        "/certificates/verification_alert_per_day",
        "verification_alert_per_day",
        "The alert threshold",
    ),
];

/// The checkboxes of the settings form and where they sit in the settings document.
const SETTINGS_CHECKBOXES: &[(&str, &str)] = &[
    (
        "interpolate_within_band",
        "/audit_time/interpolate_within_band",
    ),
    ("cert_integrated", "/certificates/integrated"),
    ("cert_public_directory", "/certificates/public_directory"),
];

/// The settings page; after a refused save (`typed`), with what was typed in every field
/// and the problem at its field (answered 422).
async fn render_settings(
    st: &AppState,
    req: &HttpRequest,
    p: &certa_service::Principal,
    typed: Option<(&Fields, ServiceError)>,
) -> HttpResponse {
    let s = match settings::get(&st.ctx, p).await {
        Ok(s) => s,
        Err(e) => return super::service_error(st, req, p, "/", e),
    };
    let can_manage = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ManageSettings));
    let keys = match signing::list(&st.ctx, p).await {
        Ok(keys) => keys,
        Err(e) => return super::service_error(st, req, p, "/", e),
    };
    let issuer = p
        .tenant
        .as_ref()
        .map(|t| format!("/t/{}", t.tenant.slug))
        .unwrap_or_default();
    let human = |t: chrono::DateTime<chrono::Utc>| t.format("%-d %B %Y, %H:%M UTC").to_string();
    let keys: Vec<Value> = keys
        .iter()
        .map(|k| {
            json!({"kid": k.kid, "active": k.status == "active", "status": k.status,
                "created": human(k.created_at), "retired": k.retired_at.map(human)})
        })
        .collect();
    let mut doc = serde_json::to_value(&s).unwrap_or(Value::Null);
    let mut minus_one = s.programme.expiry == ExpiryConvention::ThreeYearsMinusOneDay;
    let mut accreditations = accreditations_text(&s.certificates.accreditations);
    let mut errors = serde_json::Map::new();
    let mut summary = Vec::new();
    if let Some((f, e)) = &typed {
        // What was typed replaces what is stored, as text, so nothing is lost.
        for (name, pointer, _, _) in SETTINGS_FIELDS {
            if let Some(v) = doc.pointer_mut(pointer) {
                *v = json!(f.get(name));
            }
        }
        for (name, pointer) in SETTINGS_CHECKBOXES {
            if let Some(v) = doc.pointer_mut(pointer) {
                *v = json!(f.checked(name));
            }
        }
        minus_one = f.get("expiry") != "three_years";
        accreditations = f.get("cert_accreditations");
        let (field, message) = match e {
            ServiceError::Invalid { field, message, .. } => (*field, message.clone()),
            other => ("", other.to_string()),
        };
        let (id, message) = match SETTINGS_FIELDS
            .iter()
            .find(|(n, _, f, _)| *f == field || *n == field)
        {
            Some((id, _, service_name, label)) => (*id, message.replace(service_name, label)),
            None if matches!(
                field,
                "cert_accreditations" | "standard_code" | "body" | "number"
            ) =>
            {
                ("cert_accreditations", message)
            }
            None => ("settings-form", message),
        };
        let message = capitalised(&message);
        errors.insert(id.to_string(), json!(message));
        summary.push(json!({"id": id, "message": message}));
    }
    let mut resp = page(
        st,
        req,
        Some(p),
        "pages/settings",
        "Settings",
        "settings",
        json!({"s": doc, "can_manage": can_manage, "keys": keys,
            "jwks_url": format!("{issuer}/.well-known/jwks.json"),
            "issuer_url": format!("{issuer}/issuer"),
            "minus_one": minus_one,
            "accreditations": accreditations,
            "images": images_view(&s),
            "errors": errors, "error_summary": summary,
            "max_suspension": certa_domain::certification::MAX_SUSPENSION_MONTHS,
            "time_zone": p.tenant.as_ref().map(|t| t.tenant.time_zone.clone()),
            "languages": super::security::languages(p.tenant.as_ref().map(|t| t.tenant.language.as_str())),
            "zones": super::zone_names()}),
    );
    if typed.is_some() {
        *resp.status_mut() = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    resp
}

fn settings_from(f: &Fields, mut s: TenantSettings) -> Result<TenantSettings, ServiceError> {
    s.rotation_limit = num(f, "rotation_limit", "The rotation limit")?;
    s.objection_days = num(f, "objection_days", "The objection period")?;
    s.audit_time.interpolate_within_band = f.checked("interpolate_within_band");
    s.audit_time.stage1_share = Fraction::new(
        num(f, "stage1_numerator", "The stage 1 share")?,
        num(f, "stage1_denominator", "The stage 1 share")?,
    );
    s.audit_time.stage1_min_days = num(f, "stage1_min_days", "The least stage 1 time")?;
    s.programme.expiry = if f.get("expiry") == "three_years" {
        ExpiryConvention::ThreeYears
    } else {
        ExpiryConvention::ThreeYearsMinusOneDay
    };
    s.programme.at_risk_days = num(f, "at_risk_days", "At-risk days")?;
    // Kept as they are when a form does not carry them.
    let kept = |name: &'static str, label: &str, current: u32| match f.opt(name) {
        Some(_) => num(f, name, label),
        None => Ok(current),
    };
    s.nc_response_days = kept(
        "nc_response_days",
        "The time to answer a nonconformity",
        s.nc_response_days,
    )?;
    s.max_upload_mib = kept(
        "max_upload_mib",
        "The largest evidence file",
        s.max_upload_mib,
    )?;
    s.retention_years = kept(
        "retention_years",
        "The retention of withdrawn evidence",
        s.retention_years,
    )?;
    s.outbox_retention_days = kept(
        "outbox_retention_days",
        "The outbox retention",
        s.outbox_retention_days,
    )?;
    // The certificate settings, when the form carries them.
    if f.opt("cert_number_pattern").is_some() {
        let c = &mut s.certificates;
        c.address = f.get("cert_address").trim().to_string();
        c.prefix = f.get("cert_prefix").trim().to_string();
        c.number_pattern = f.get("cert_number_pattern").trim().to_string();
        c.integrated = f.checked("cert_integrated");
        c.suspension_months = num(
            f,
            "cert_suspension_months",
            "The longest suspension, in months,",
        )?;
        c.accreditations = accreditations(&f.get("cert_accreditations"))?;
        c.public_directory = f.checked("cert_public_directory");
        c.contact_email = f.get("cert_contact_email").trim().to_string();
        if f.opt("cert_verification_alert").is_some() {
            c.verification_alert_per_day = num(
                f,
                "cert_verification_alert",
                "The alert threshold, in look-ups a day,",
            )?;
        }
    }
    Ok(s)
}

/// The accreditations typed one per line: `standard | accreditation body | number`.
fn accreditations(text: &str) -> Result<Vec<Accreditation>, ServiceError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let [standard, body, number] = parts[..] else {
            return Err(ServiceError::Invalid {
                field: "cert_accreditations",
                code: ErrorCode::InvalidAccreditation,
                message: format!(
                    "Accreditation line {} must read: standard | accreditation body | number",
                    n + 1
                ),
            });
        };
        out.push(Accreditation {
            standard: standard.to_string(),
            body: body.to_string(),
            number: number.to_string(),
        });
    }
    Ok(out)
}

/// The accreditations as the form shows them, one per line.
fn accreditations_text(list: &[Accreditation]) -> String {
    list.iter()
        .map(|a| format!("{} | {} | {}", a.standard, a.body, a.number))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `POST /settings`.
#[post("/settings")]
pub async fn save_settings(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let result = match settings::get(&st.ctx, &p).await {
        Ok(current) => match settings_from(&f, current) {
            Ok(s) => settings::put(&st.ctx, &p, s).await,
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    match result {
        Err(e @ ServiceError::Invalid { .. }) => {
            render_settings(&st, &req, &p, Some((&f, e))).await
        }
        result => super::outcome(&st, &req, &p, "/settings", result, |_| {
            "Settings saved".to_string()
        }),
    }
}

/// The time zone form.
#[derive(serde::Deserialize)]
pub struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

/// `POST /settings/time-zone`: the body's time zone.
#[post("/settings/time-zone")]
pub async fn save_time_zone(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<TimeZoneForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let result = settings::set_time_zone(&st.ctx, &p, &f.time_zone).await;
    super::outcome(&st, &req, &p, "/settings", result, |z| {
        format!("Times are shown in {z}")
    })
}

/// The language form.
#[derive(serde::Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    language: String,
}

/// `POST /settings/language`: the body's language, for members and contacts who did not
/// choose their own. The notice is in the language the page now speaks.
#[post("/settings/language")]
pub async fn save_language(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<LanguageForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let result = settings::set_language(&st.ctx, &p, &f.language).await;
    let own = p.user.language.clone();
    super::outcome(&st, &req, &p, "/settings", result, |l| {
        let shown = own
            .as_deref()
            .and_then(Lang::parse)
            .or(Lang::parse(l))
            .unwrap_or_default();
        let chosen = Lang::parse(l).unwrap_or_default();
        st.renderer.tr(shown).f(
            "msg-body-language-set",
            &[("language", chosen.name().into())],
        )
    })
}

/// `POST /settings/signing-keys/rotate`: a new signing key; the old one is retired and
/// stays published.
#[post("/settings/signing-keys/rotate")]
pub async fn rotate_signing_key(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let SessionForm { p, .. } = form;
    let result = signing::rotate(&st.ctx, &p).await;
    super::outcome(
        &st,
        &req,
        &p,
        "/settings#signing-keys",
        result,
        |keys| match keys.first() {
            Some(k) => format!("Signing key rotated: the new key is {}", k.kid),
            None => "Signing key rotated".to_string(),
        },
    )
}

/// `GET /settings/audit-time-tables`: every table with its origin and verification flags.
/// `GET /settings/verification`: the public look-ups the body should hear about (admins),
/// over the last `days` days (7, 30 or 90; 30 by default).
#[get("/settings/verification")]
pub async fn verification_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    use certa_domain::public::LookupKind;
    let days =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.get("days").and_then(|d| d.parse::<u32>().ok()))
            .filter(|d| [7, 30, 90].contains(d))
            .unwrap_or(30);
    let rows = match certa_service::certification::verification::recent(&st.ctx, &p, days).await {
        Ok(r) => r,
        Err(e) => return super::service_error(&st, &req, &p, "/settings", e),
    };
    let totals: Vec<Value> = LookupKind::ALL
        .iter()
        .map(|k| {
            json!({"label": k.label(), "kind": k.as_str(),
                "count": rows.iter().filter(|r| r.kind == k.as_str()).map(|r| r.lookups).sum::<i64>()})
        })
        .collect();
    let periods: Vec<Value> = [7u32, 30, 90]
        .iter()
        .map(|d| json!({"days": d, "selected": *d == days}))
        .collect();
    let view: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "day": certa_service::certification::long_date(r.day),
                "day_iso": r.day.to_string(),
                "kind": LookupKind::parse(&r.kind).map_or_else(|| r.kind.clone(), |k| k.label().to_string()),
                "number": r.number,
                "near": r.near_number,
                "lookups": r.lookups,
                "network": r.network,
            })
        })
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/verification",
        "Verification look-ups",
        "settings",
        json!({"rows": view, "totals": totals, "days": days, "periods": periods}),
    )
}

#[get("/settings/audit-time-tables")]
pub async fn tables_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    let tables = match settings::tables(&st.ctx, &p).await {
        Ok(t) => t,
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let can_manage = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ManageSettings));
    let view: Vec<Value> = tables
        .iter()
        .map(|v| {
            let t = &v.table;
            json!({
                "id": t.id, "name": t.name, "clause": t.clause, "source": t.source, "derivation": t.derivation,
                "standards": t.standards.join(", "), "tenant": v.origin == "tenant",
                "columns": t.columns.iter().map(|c| json!({"name": c.column.as_str(), "verified": c.verified})).collect::<Vec<_>>(),
                "rows": t.rows.iter().map(|r| json!({"min": r.min, "max": r.max,
                    "days": r.days.iter().map(f64::to_string).collect::<Vec<_>>(), "verified": r.verified})).collect::<Vec<_>>(),
                "next_min": t.rows.last().map_or(1, |r| r.max + 1),
                "unverified": t.rows.iter().filter(|r| !r.verified).count(),
            })
        })
        .collect();
    page(
        &st,
        &req,
        Some(&p),
        "pages/audit_time_tables",
        "Audit-time tables",
        "settings",
        json!({"tables": view, "can_manage": can_manage}),
    )
}

/// A band of an audit-time table: its limits and the days of each column, separated by
/// commas.
#[derive(Deserialize)]
pub struct BandForm {
    #[serde(default)]
    min: String,
    #[serde(default)]
    max: String,
    #[serde(default)]
    days: String,
}

/// `POST /settings/audit-time-tables/{id}/bands`: add a band after the last one.
#[post("/settings/audit-time-tables/{id}/bands")]
pub async fn add_band(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    form: SessionForm<BandForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = "/settings/audit-time-tables";
    let days: Result<Vec<f64>, _> = f.days.split(',').map(|d| d.trim().parse::<f64>()).collect();
    let (min, max) = match (f.min.trim().parse::<u64>(), f.max.trim().parse::<u64>()) {
        (Ok(a), Ok(b)) => (a, b),
        _ => {
            return redirect(
                &st,
                back,
                Some(Flash::err("the band's limits must be whole numbers")),
            );
        }
    };
    let Ok(days) = days else {
        return redirect(
            &st,
            back,
            Some(Flash::err(
                "days must be numbers separated by commas, one per column",
            )),
        );
    };
    let result = settings::add_band(&st.ctx, &p, &id, min, max, days).await;
    super::outcome(&st, &req, &p, back, result, |v| {
        format!("Band added to {}; it is flagged unverified", v.table.name)
    })
}

/// `POST /settings/audit-time-tables/{id}/revert`: back to the built-in table.
#[post("/settings/audit-time-tables/{id}/revert")]
pub async fn revert_table(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let result = settings::delete_table(&st.ctx, &p, &id).await;
    super::outcome(&st, &req, &p, "/settings/audit-time-tables", result, |()| {
        "The built-in table applies again".to_string()
    })
}

/// The images of the settings page: each with its name, label, whether one is kept, and
/// its format.
fn images_view(s: &TenantSettings) -> Vec<Value> {
    CertificateImage::ALL
        .into_iter()
        .map(|which| {
            let stored = s.certificates.image(which);
            json!({
                "name": which.as_str(),
                "label": match which {
                    CertificateImage::Logo => "Logo",
                    CertificateImage::AccreditationMark => "Accreditation mark",
                },
                "lower": which.label(),
                "present": stored.is_some(),
                "format": stored.map(|i| i.format.label()),
                "src": format!("/api/v1/settings/certificate-images/{}", which.as_str()),
            })
        })
        .collect()
}

/// `POST /settings/certificate-images/{image}`: upload the logo or the accreditation mark
/// (multipart: the CSRF token first, then the file, at most 1 MiB, read in memory and
/// refused as soon as it is larger).
#[post("/settings/certificate-images/{image}")]
pub async fn upload_image(
    st: web::Data<AppState>,
    req: HttpRequest,
    image: web::Path<String>,
    upload: super::evidence::SessionMultipart,
) -> HttpResponse {
    use futures_util::StreamExt;
    let super::evidence::SessionMultipart { p, mut form, .. } = upload;
    let back = "/settings";
    let Some(which) = CertificateImage::parse(&image) else {
        return super::not_found_page(&st, &req);
    };
    let refused = |message: &str| {
        super::page_with_status(
            &st,
            &req,
            Some(&p),
            actix_web::http::StatusCode::BAD_REQUEST,
            "The form was refused",
            message,
        )
    };
    let mut field = match form.next().await {
        Some(Ok(field)) if field.name() == Some("file") => field,
        Some(Ok(_)) => return refused("the form must send the image after its CSRF token"),
        Some(Err(_)) => return refused("the form could not be read"),
        None => return redirect(&st, back, Some(Flash::err("choose an image to upload"))),
    };
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let Ok(chunk) = chunk else {
            return refused("the form could not be read");
        };
        if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
            return redirect(
                &st,
                back,
                Some(Flash::err(format!(
                    "the {} is larger than {} MiB",
                    which.label(),
                    MAX_IMAGE_BYTES / (1024 * 1024)
                ))),
            );
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.is_empty() {
        return redirect(&st, back, Some(Flash::err("choose an image to upload")));
    }
    let result = images::put(&st.ctx, &p, which, None, bytes).await;
    super::outcome(&st, &req, &p, back, result, |_| {
        format!(
            "{} saved: certificates issued from now on show it",
            capitalised(which.label())
        )
    })
}

/// `POST /settings/certificate-images/{image}/remove`: remove the logo or the
/// accreditation mark.
#[post("/settings/certificate-images/{image}/remove")]
pub async fn remove_image(
    st: web::Data<AppState>,
    req: HttpRequest,
    image: web::Path<String>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let Some(which) = CertificateImage::parse(&image) else {
        return super::not_found_page(&st, &req);
    };
    let result = images::remove(&st.ctx, &p, which).await;
    super::outcome(&st, &req, &p, "/settings", result, |()| {
        format!(
            "{} removed: certificates issued from now on are printed without it",
            capitalised(which.label())
        )
    })
}
