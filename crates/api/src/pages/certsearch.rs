//! `/certsearch`: the IAF CertSearch export for administrators (IAF MD 28): the dry run (each
//! certificate held back with its missing fields and where to complete them), downloads of
//! the JSON batches and the workbook, the endpoint and API key, and the push with its last
//! result.

use super::form::{NoFields, SessionForm, blank_none};
use super::{Signed, service_error};
use crate::AppState;
use crate::render::{Lang, format};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::certsearch::{FixAt, Record};
use certa_service::certsearch;
use certa_service::{Principal, ServiceError};
use serde::Deserialize;
use serde_json::{Value, json};
use zeroize::Zeroizing;

/// The media type of the workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The workbook's columns: the CertSearch field names (nested lists joined by `; `).
const COLUMNS: &[&str] = &[
    "certificate_number",
    "certificate_identity_number",
    "certification_status",
    "certificate_accreditation_status",
    "certification_type",
    "certification_scope",
    "certification_original_issue_date",
    "certification_issue_date",
    "certification_expiry_date",
    "certified_entity_name",
    "certified_entity_trading_name",
    "certified_entity_unique_id",
    "certified_entity_website",
    "certified_entity_street",
    "certified_entity_city",
    "certified_entity_country",
    "accreditation_body_name",
    "accreditation_body_acronym_name",
    "schemes",
    "standards",
    "sites",
    "technical_sectors",
];

fn row(r: &Record) -> Vec<String> {
    let join = |v: Vec<String>| v.join("; ");
    vec![
        r.certificate_number.clone(),
        r.certificate_identity_number.clone(),
        r.certification_status.clone(),
        r.certificate_accreditation_status.clone(),
        r.certification_type.clone(),
        r.certification_scope.clone(),
        r.certification_original_issue_date.clone(),
        r.certification_issue_date.clone(),
        r.certification_expiry_date.clone(),
        r.certified_entity_name.clone(),
        r.certified_entity_trading_name.clone().unwrap_or_default(),
        r.certified_entity_unique_id.clone(),
        r.certified_entity_website.clone().unwrap_or_default(),
        r.certified_entity_street.clone(),
        r.certified_entity_city.clone(),
        r.certified_entity_country.clone(),
        r.accreditation_body_name.clone(),
        r.accreditation_body_acronym_name.clone(),
        join(r.schemes.iter().map(|s| s.scheme_name.clone()).collect()),
        join(
            r.schemes
                .iter()
                .flat_map(|s| s.standard_list.iter().map(|x| x.standards_name.clone()))
                .collect(),
        ),
        join(
            r.sites
                .iter()
                .map(|s| {
                    format!(
                        "{}, {}, {}: {}",
                        s.street, s.city, s.country, s.scope_description
                    )
                })
                .collect(),
        ),
        join(
            r.technical_sectors
                .iter()
                .map(|s| s.sector_code.clone())
                .collect(),
        ),
    ]
}

/// The export as a workbook: one sheet, the field names as a bold frozen header, every cell
/// text (dates stay `YYYYMMDD`, as CertSearch takes them).
pub fn workbook(records: &[Record]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Certifications")?;
    let bold = Format::new().set_bold();
    for (i, h) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, i as u16, *h, &bold)?;
        sheet.set_column_width(i as u16, 20.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (n, r) in records.iter().enumerate() {
        for (i, v) in row(r).iter().enumerate() {
            sheet.write_string((n + 1) as u32, i as u16, v)?;
        }
    }
    book.save_to_buffer()
}

/// The workbook as a download.
pub fn xlsx_attachment(body: Vec<u8>) -> HttpResponse {
    let name = format!(
        "certsearch-{}.xlsx",
        chrono::Utc::now().date_naive().format("%Y-%m-%d")
    );
    HttpResponse::Ok()
        .content_type(XLSX)
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-store"))
        .body(body)
}

/// A moment of the export in UTC: `7 December 2026, 14:05 UTC`.
fn human(lang: Lang, t: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "{}, {}",
        format::long_day(lang, t.date_naive()),
        t.format("%H:%M UTC")
    )
}

/// What was typed in the link form after a refusal.
struct Typed {
    endpoint: String,
    error: ServiceError,
}

async fn render(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    typed: Option<Typed>,
) -> HttpResponse {
    let dry = match certsearch::dry_run(&st.ctx, p).await {
        Ok(d) => d,
        Err(e) => return service_error(st, req, p, "/", e),
    };
    let state = match certsearch::state(&st.ctx, p).await {
        Ok(s) => s,
        Err(e) => return service_error(st, req, p, "/", e),
    };
    let tr = super::tr(st, req, Some(p));
    let problems: Vec<Value> = dry
        .problems
        .iter()
        .map(|pr| {
            let missing: Vec<Value> = pr
                .missing
                .iter()
                .map(|m| {
                    let (fix, fix_label) = match m.fix_at {
                        FixAt::Settings => (
                            "/settings#cert_accreditations".to_string(),
                            tr.t("msg-certsearch-fix-settings"),
                        ),
                        FixAt::Client => (
                            format!("/clients/{}", pr.client_id),
                            tr.f(
                                "msg-certsearch-fix-client",
                                &[("client", pr.client_name.as_str().into())],
                            ),
                        ),
                    };
                    json!({
                        "field": m.field,
                        // The domain's label of the field (`cs::field_label`), in words of
                        // the reader's language.
                        "label": tr.f("msg-certsearch-field", &[("field", m.field.as_str().into())]),
                        "message": tr.reword(&m.message),
                        "fix": fix,
                        "fix_label": fix_label,
                    })
                })
                .collect();
            json!({
                "certificate_id": pr.certificate_id,
                "number": pr.certificate_number,
                "client_name": pr.client_name,
                "missing": missing,
            })
        })
        .collect();
    let batches: Vec<usize> = (1..=dry.batches).collect();
    let mut errors = serde_json::Map::new();
    let mut summary = Vec::new();
    let mut status = StatusCode::OK;
    let endpoint = match typed {
        Some(t) => {
            status = StatusCode::UNPROCESSABLE_ENTITY;
            if let ServiceError::Invalid { field, message, .. } = &t.error {
                errors.insert((*field).to_string(), json!(message));
                summary.push(json!({"id": field, "message": message}));
            }
            t.endpoint
        }
        None => state.endpoint.clone().unwrap_or_default(),
    };
    let mut r = super::page(
        st,
        req,
        Some(p),
        "pages/certsearch",
        &tr.t("msg-certsearch-title"),
        "settings",
        json!({
            "dry": {
                "certificates": dry.certificates,
                "ready": dry.ready,
                "held_back": dry.problems.len(),
                "batches": batches,
            },
            "problems": problems,
            "endpoint": endpoint,
            "api_key_set": state.api_key_set,
            "configured": state.endpoint.is_some() && state.api_key_set,
            "last_export": state.last_export_at.map(|t| human(tr.lang(), t)),
            "last_push": state.last_push_at.map(|t| human(tr.lang(), t)),
            "last_push_ok": state.last_push_ok,
            "last_push_result": state.last_push_result,
            "errors": errors,
            "error_summary": summary,
        }),
    );
    if status != StatusCode::OK {
        *r.status_mut() = status;
    }
    r
}

/// `GET /certsearch`: the dry run, the downloads and the link to CertSearch.
#[get("/certsearch")]
pub async fn certsearch_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    render(&st, &req, &p, None).await
}

/// The link form.
#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default, deserialize_with = "blank_none")]
    endpoint: Option<String>,
    #[serde(default, deserialize_with = "blank_none")]
    api_key: Option<String>,
    #[serde(default, deserialize_with = "blank_none")]
    remove_api_key: Option<String>,
}

/// `POST /certsearch/link`: the endpoint and API key; a refusal shows the form again with
/// what was typed (never the key) and the problem at its field.
#[post("/certsearch/link")]
pub async fn save_link(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<LinkForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let tr = super::tr(&st, &req, Some(&p));
    let endpoint = f.endpoint.clone().unwrap_or_default();
    let c = certsearch::Configure {
        endpoint: f.endpoint,
        api_key: f.api_key.map(Zeroizing::new),
        remove_api_key: f.remove_api_key.is_some(),
    };
    match certsearch::configure(&st.ctx, &p, c).await {
        Ok(_) => super::redirect(
            &st,
            "/certsearch#link",
            Some(super::Flash::ok(tr.t("msg-certsearch-saved"))),
        ),
        Err(e @ ServiceError::Invalid { .. }) => {
            render(&st, &req, &p, Some(Typed { endpoint, error: e })).await
        }
        Err(e) => service_error(&st, &req, &p, "/certsearch", e),
    }
}

/// `POST /certsearch/push`: sends the export to the configured endpoint.
#[post("/certsearch/push")]
pub async fn push(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let SessionForm { p, .. } = form;
    let tr = super::tr(&st, &req, Some(&p));
    match certsearch::push(&st.ctx, &p).await {
        Ok(r) if r.ok => super::redirect(
            &st,
            "/certsearch#push",
            Some(super::Flash::ok(
                tr.f("msg-certsearch-sent", &[("result", r.message.into())]),
            )),
        ),
        Ok(r) => super::redirect(
            &st,
            "/certsearch#push",
            Some(super::Flash::err(tr.f(
                "msg-certsearch-not-sent",
                &[("result", r.message.into())],
            ))),
        ),
        Err(e) => service_error(&st, &req, &p, "/certsearch", e),
    }
}

#[cfg(test)]
mod tests {
    use crate::render::{Catalogue, Lang};

    #[test]
    fn fields_read_in_english_as_the_domain_names_them() {
        let cat = Catalogue::load().unwrap();
        let tr = cat.tr(Lang::En);
        for field in super::COLUMNS.iter().chain(&["schemes", "unknown_field"]) {
            assert_eq!(
                tr.f("msg-certsearch-field", &[("field", (*field).into())]),
                certa_domain::certsearch::field_label(field),
                "{field}"
            );
        }
    }
}
