//! Pages: the certification body's settings (with the logo and accreditation mark printed
//! on certificates), its audit-time tables (review, add a band, revert), the audit-time
//! calculator with its breakdown, and the calculation kept with an application.

use super::{Fields, Flash, NoFields, SessionForm, Signed, capitalised, page, redirect};
use crate::AppState;
use crate::render::{Lang, Tr};
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

/// The number typed in the field `name`; `label` is the message naming the field.
fn num<T: std::str::FromStr>(
    tr: &Tr<'_>,
    f: &Fields,
    name: &'static str,
    label: &str,
) -> Result<T, ServiceError> {
    f.get(name).trim().parse().map_err(|_| {
        invalid(
            name,
            tr.f(
                "msg-settings-not-a-number",
                &[("field", tr.t(label).into())],
            ),
        )
    })
}

/// A number of days as the reader's language writes it (`1.5` / `1,5`).
fn days_text(tr: &Tr<'_>, d: f64) -> String {
    let s = d.to_string();
    match tr.lang() {
        Lang::De => s.replace('.', ","),
        _ => s,
    }
}

/// Reads the calculator form (also used on the application page): up to two standards,
/// one common adjustment, the integration reduction.
fn request_from(tr: &Tr<'_>, f: &Fields) -> Result<Request, ServiceError> {
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
                tr.t("msg-settings-adjustment-not-a-number"),
            )
        })?;
        adjustments.push(Adjustment {
            percent,
            justification: f.get("adjustment_justification"),
        });
    }
    Ok(Request {
        standards,
        effective_personnel: num(
            tr,
            f,
            "effective_personnel",
            "msg-settings-field-effective-personnel",
        )?,
        sites: f
            .opt("sites")
            .map_or(Ok(1), |_| num(tr, f, "sites", "msg-settings-field-sites"))?,
        sampling_allowed: f.checked("sampling_allowed"),
        adjustments,
        integration_reduction_percent: f.opt("integration_reduction_percent").map_or(
            Ok(0.0),
            |_| {
                num(
                    tr,
                    f,
                    "integration_reduction_percent",
                    "msg-settings-field-integration-reduction",
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
    let tr = super::tr(&st, &req, Some(&p));
    let f = Fields::parse(req.query_string().as_bytes());
    let (result, error) = if f.opt("effective_personnel").is_some() {
        match request_from(&tr, &f) {
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
        &tr.t("msg-settings-calculator-title"),
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
    let tr = super::tr(&st, &req, Some(&p));
    let result = match request_from(&tr, &f) {
        Ok(r) => settings::keep_with_application(&st.ctx, &p, ApplicationId(*id), &r).await,
        Err(e) => Err(e),
    };
    super::outcome(&st, &req, &p, &back, result, |c| {
        tr.f(
            "msg-settings-audit-time-kept",
            &[
                ("initial", days_text(&tr, c.initial_days).into()),
                ("stage1", days_text(&tr, c.stage1_days).into()),
                ("stage2", days_text(&tr, c.stage2_days).into()),
            ],
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
/// value sits in the settings document, the service's name of the field, and the message
/// of its label.
const SETTINGS_FIELDS: &[(&str, &str, &str, &str)] = &[
    (
        "stage1_numerator",
        "/audit_time/stage1_share/numerator",
        "stage1_numerator",
        "msg-settings-field-stage1-share",
    ),
    (
        "stage1_denominator",
        "/audit_time/stage1_share/denominator",
        "stage1_denominator",
        "msg-settings-field-stage1-share",
    ),
    (
        "stage1_min_days",
        "/audit_time/stage1_min_days",
        "stage1_min_days",
        "msg-settings-field-stage1-min-days",
    ),
    (
        "at_risk_days",
        "/programme/at_risk_days",
        "at_risk_days",
        "msg-settings-field-at-risk-days",
    ),
    (
        "rotation_limit",
        "/rotation_limit",
        "rotation_limit",
        "msg-settings-field-rotation-limit",
    ),
    (
        "objection_days",
        "/objection_days",
        "objection_days",
        "msg-settings-field-objection-days",
    ),
    (
        "nc_response_days",
        "/nc_response_days",
        "nc_response_days",
        "msg-settings-field-nc-response-days",
    ),
    (
        "max_upload_mib",
        "/max_upload_mib",
        "max_upload_mib",
        "msg-settings-field-max-upload",
    ),
    (
        "retention_years",
        "/retention_years",
        "retention_years",
        "msg-settings-field-retention",
    ),
    (
        "outbox_retention_days",
        "/outbox_retention_days",
        "outbox_retention_days",
        "msg-settings-field-outbox-retention",
    ),
    (
        "cert_address",
        "/certificates/address",
        "address",
        "msg-settings-field-address",
    ),
    (
        "cert_prefix",
        "/certificates/prefix",
        "prefix",
        "msg-settings-field-prefix",
    ),
    (
        "cert_number_pattern",
        "/certificates/number_pattern",
        "number_pattern",
        "msg-settings-field-number-pattern",
    ),
    (
        "cert_suspension_months",
        "/certificates/suspension_months",
        "suspension_months",
        "msg-settings-field-suspension",
    ),
    (
        "cert_contact_email",
        "/certificates/contact_email",
        "contact_email",
        "msg-settings-field-contact-email",
    ),
    (
        "cert_verification_alert",
        "/certificates/verification_alert_per_day",
        "verification_alert_per_day",
        "msg-settings-field-alert",
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
    let tr = super::tr(st, req, Some(p));
    let human = |t: chrono::DateTime<chrono::Utc>| {
        format!(
            "{}, {}",
            crate::render::format::long_day(tr.lang(), t.date_naive()),
            t.format("%H:%M UTC")
        )
    };
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
            Some((id, _, service_name, label)) => {
                (*id, message.replace(service_name, &tr.t(label)))
            }
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
        &tr.t("msg-settings-title"),
        "settings",
        json!({"s": doc, "can_manage": can_manage, "keys": keys,
            "jwks_url": format!("{issuer}/.well-known/jwks.json"),
            "issuer_url": format!("{issuer}/issuer"),
            "minus_one": minus_one,
            "accreditations": accreditations,
            "images": images_view(&tr, &s),
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

fn settings_from(
    tr: &Tr<'_>,
    f: &Fields,
    mut s: TenantSettings,
) -> Result<TenantSettings, ServiceError> {
    s.rotation_limit = num(tr, f, "rotation_limit", "msg-settings-field-rotation-limit")?;
    s.objection_days = num(tr, f, "objection_days", "msg-settings-field-objection-days")?;
    s.audit_time.interpolate_within_band = f.checked("interpolate_within_band");
    s.audit_time.stage1_share = Fraction::new(
        num(tr, f, "stage1_numerator", "msg-settings-field-stage1-share")?,
        num(
            tr,
            f,
            "stage1_denominator",
            "msg-settings-field-stage1-share",
        )?,
    );
    s.audit_time.stage1_min_days = num(
        tr,
        f,
        "stage1_min_days",
        "msg-settings-field-stage1-min-days",
    )?;
    s.programme.expiry = if f.get("expiry") == "three_years" {
        ExpiryConvention::ThreeYears
    } else {
        ExpiryConvention::ThreeYearsMinusOneDay
    };
    s.programme.at_risk_days = num(tr, f, "at_risk_days", "msg-settings-field-at-risk-days")?;
    // Kept as they are when a form does not carry them.
    let kept = |name: &'static str, label: &str, current: u32| match f.opt(name) {
        Some(_) => num(tr, f, name, label),
        None => Ok(current),
    };
    s.nc_response_days = kept(
        "nc_response_days",
        "msg-settings-field-nc-response-days",
        s.nc_response_days,
    )?;
    s.max_upload_mib = kept(
        "max_upload_mib",
        "msg-settings-field-max-upload",
        s.max_upload_mib,
    )?;
    s.retention_years = kept(
        "retention_years",
        "msg-settings-field-retention",
        s.retention_years,
    )?;
    s.outbox_retention_days = kept(
        "outbox_retention_days",
        "msg-settings-field-outbox-retention",
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
            tr,
            f,
            "cert_suspension_months",
            "msg-settings-field-suspension-months",
        )?;
        c.accreditations = accreditations(tr, &f.get("cert_accreditations"))?;
        c.public_directory = f.checked("cert_public_directory");
        c.contact_email = f.get("cert_contact_email").trim().to_string();
        if f.opt("cert_verification_alert").is_some() {
            c.verification_alert_per_day = num(
                tr,
                f,
                "cert_verification_alert",
                "msg-settings-field-alert-per-day",
            )?;
        }
    }
    Ok(s)
}

/// The accreditations typed one per line: `standard | accreditation body | number`.
fn accreditations(tr: &Tr<'_>, text: &str) -> Result<Vec<Accreditation>, ServiceError> {
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
                message: tr.f(
                    "msg-settings-accreditation-line",
                    &[("line", (n + 1).into())],
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
    let tr = super::tr(&st, &req, Some(&p));
    let result = match settings::get(&st.ctx, &p).await {
        Ok(current) => match settings_from(&tr, &f, current) {
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
            tr.t("msg-settings-saved")
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
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/settings", result, |z| {
        tr.f("msg-settings-time-zone-set", &[("zone", z.into())])
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
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(
        &st,
        &req,
        &p,
        "/settings#signing-keys",
        result,
        |keys| match keys.first() {
            Some(k) => tr.f("msg-settings-key-rotated-new", &[("kid", (&k.kid).into())]),
            None => tr.t("msg-settings-key-rotated"),
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
    let tr = super::tr(&st, &req, Some(&p));
    let totals: Vec<Value> = LookupKind::ALL
        .iter()
        .map(|k| {
            json!({"label": lookup_label(&tr, *k), "kind": k.as_str(),
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
                "day": crate::render::format::long_day(tr.lang(), r.day),
                "day_iso": r.day.to_string(),
                "kind": LookupKind::parse(&r.kind).map_or_else(|| r.kind.clone(), |k| lookup_label(&tr, k)),
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
        &tr.t("msg-settings-verification-title"),
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
    let tr = super::tr(&st, &req, Some(&p));
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
                "columns": t.columns.iter().map(|c| json!({"name": tr.t(&format!("msg-settings-column-{}", c.column.as_str())), "verified": c.verified})).collect::<Vec<_>>(),
                "rows": t.rows.iter().map(|r| json!({"min": r.min, "max": r.max,
                    "days": r.days.iter().map(f64::to_string).collect::<Vec<_>>(), "verified": r.verified})).collect::<Vec<_>>(),
                "next_min": t.rows.last().map_or(1, |r| r.max + 1),
                "unverified": t.rows.iter().filter(|r| !r.verified).count(),
            })
        })
        .collect();
    let tr = super::tr(&st, &req, Some(&p));
    page(
        &st,
        &req,
        Some(&p),
        "pages/audit_time_tables",
        &tr.t("msg-settings-tables-title"),
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
    let tr = super::tr(&st, &req, Some(&p));
    let days: Result<Vec<f64>, _> = f.days.split(',').map(|d| d.trim().parse::<f64>()).collect();
    let (min, max) = match (f.min.trim().parse::<u64>(), f.max.trim().parse::<u64>()) {
        (Ok(a), Ok(b)) => (a, b),
        _ => {
            return redirect(
                &st,
                back,
                Some(Flash::err(tr.t("msg-settings-band-limits-invalid"))),
            );
        }
    };
    let Ok(days) = days else {
        return redirect(
            &st,
            back,
            Some(Flash::err(tr.t("msg-settings-band-days-invalid"))),
        );
    };
    let result = settings::add_band(&st.ctx, &p, &id, min, max, days).await;
    super::outcome(&st, &req, &p, back, result, |v| {
        tr.f("msg-settings-band-added", &[("table", v.table.name.into())])
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
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, "/settings/audit-time-tables", result, |()| {
        tr.t("msg-settings-table-reverted")
    })
}

/// What a kind of public look-up is called.
fn lookup_label(tr: &Tr<'_>, k: certa_domain::public::LookupKind) -> String {
    use certa_domain::public::LookupKind;
    tr.t(match k {
        LookupKind::Unknown => "msg-settings-lookup-unknown",
        LookupKind::LookAlike => "msg-settings-lookup-look-alike",
        LookupKind::Suspended => "msg-settings-lookup-suspended",
        LookupKind::Withdrawn => "msg-settings-lookup-withdrawn",
    })
}

/// What an image printed on certificates is called: as a heading (`Logo`), and inside a
/// sentence (`logo`).
fn image_names(tr: &Tr<'_>, which: CertificateImage) -> (String, String) {
    let (heading, lower) = match which {
        CertificateImage::Logo => ("msg-settings-image-logo", "msg-settings-image-logo-lower"),
        CertificateImage::AccreditationMark => (
            "msg-settings-image-accreditation-mark",
            "msg-settings-image-accreditation-mark-lower",
        ),
    };
    (tr.t(heading), tr.t(lower))
}

/// The images of the settings page: each with its name, label, whether one is kept, and
/// its format.
fn images_view(tr: &Tr<'_>, s: &TenantSettings) -> Vec<Value> {
    CertificateImage::ALL
        .into_iter()
        .map(|which| {
            let stored = s.certificates.image(which);
            let (label, lower) = image_names(tr, which);
            json!({
                "name": which.as_str(),
                "label": label,
                "lower": lower,
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
    let tr = super::tr(&st, &req, Some(&p));
    let (name, lower) = image_names(&tr, which);
    let refused = |message: &str| {
        super::page_with_status(
            &st,
            &req,
            Some(&p),
            actix_web::http::StatusCode::BAD_REQUEST,
            &tr.t("msg-settings-image-refused-title"),
            &tr.t(message),
        )
    };
    let mut field = match form.next().await {
        Some(Ok(field)) if field.name() == Some("file") => field,
        Some(Ok(_)) => return refused("msg-settings-image-after-csrf"),
        Some(Err(_)) => return refused("msg-settings-image-unreadable"),
        None => {
            return redirect(
                &st,
                back,
                Some(Flash::err(tr.t("msg-settings-image-missing"))),
            );
        }
    };
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let Ok(chunk) = chunk else {
            return refused("msg-settings-image-unreadable");
        };
        if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
            return redirect(
                &st,
                back,
                Some(Flash::err(tr.f(
                    "msg-settings-image-too-large",
                    &[
                        ("image", (&lower).into()),
                        ("mib", (MAX_IMAGE_BYTES / (1024 * 1024)).into()),
                    ],
                ))),
            );
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.is_empty() {
        return redirect(
            &st,
            back,
            Some(Flash::err(tr.t("msg-settings-image-missing"))),
        );
    }
    let result = images::put(&st.ctx, &p, which, None, bytes).await;
    super::outcome(&st, &req, &p, back, result, |_| {
        tr.f("msg-settings-image-saved", &[("image", name.into())])
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
    let tr = super::tr(&st, &req, Some(&p));
    let (name, _) = image_names(&tr, which);
    super::outcome(&st, &req, &p, "/settings", result, |()| {
        tr.f("msg-settings-image-removed", &[("image", name.into())])
    })
}
