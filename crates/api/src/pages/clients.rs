//! Client pages: the list with search, the client file with sites and contacts.

use super::{
    Done, Fields, Flash, NoFields, SessionForm, Signed, blank_none, checkbox, page, redirect,
};
use crate::AppState;
use crate::render::Tr;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::clients::SiteKind;
use certa_domain::{Action, ClientId, ContactId, SiteId};
use certa_domain::{ErrorCode, FieldProblem};
use certa_service::clients::{self, ClientInput, ContactInput, SiteInput};
use certa_service::{Principal, ServiceError};
use serde::Deserialize;
use serde_json::{Value, json};

fn client_input(f: &Fields) -> ClientInput {
    ClientInput {
        reference: f.opt("reference"),
        legal_name: f.get("legal_name"),
        trading_name: f.opt("trading_name"),
        registration_number: f.opt("registration_number"),
        website: f.opt("website"),
        consultancy_by: f.opt("consultancy_by"),
        consultancy_until: f.opt("consultancy_until"),
        outsourced_processes: f.opt("outsourced_processes"),
        notes: f.opt("notes"),
        // Only the edit form carries the checkbox (with its marker field).
        confidential: f
            .opt("confidential_shown")
            .map(|_| f.checked("confidential")),
    }
}

/// A whole number field; when it is not one, its problem is added and 1 stands in (so
/// that the other fields are still checked).
fn int_field(f: &Fields, name: &'static str, problems: &mut Vec<FieldProblem>) -> i32 {
    f.get(name).trim().parse().unwrap_or_else(|_| {
        problems.push(FieldProblem {
            field: name,
            code: ErrorCode::InvalidNumber,
            message: format!("{name} must be a whole number"),
        });
        1
    })
}

/// The site form's input; when a number is not one, every problem of the form at once.
fn site_input(f: &Fields) -> Result<SiteInput, ServiceError> {
    let mut problems = Vec::new();
    let input = SiteInput {
        name: f.get("name"),
        address: f.opt("address"),
        city: f.opt("city"),
        country: f.get("country"),
        kind: f.get("kind"),
        headcount: int_field(f, "headcount", &mut problems),
        shifts: int_field(f, "shifts", &mut problems),
        central_function: f.checked("central_function"),
        processes: f.opt("processes"),
    };
    if problems.is_empty() {
        return Ok(input);
    }
    problems.extend(input.problems());
    Err(ServiceError::Fields { errors: problems })
}

fn opt_str(v: &Option<String>) -> Value {
    v.as_ref().map(|s| json!(s)).unwrap_or(Value::Null)
}

/// The choices of a site's kind: the stored value and its label.
fn site_kinds(tr: &Tr<'_>) -> Vec<Value> {
    SiteKind::VARIANTS
        .iter()
        .map(|k| json!({"value": k.as_str(), "label": tr.label(*k)}))
        .collect()
}

/// Search form of the list page.
#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    country: Option<String>,
    after: Option<uuid::Uuid>,
}

/// Clients per page on the list page.
const PAGE_SIZE: u64 = 50;

/// `GET /clients`.
#[get("/clients")]
pub async fn list_page(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    q: web::Query<ListQuery>,
) -> HttpResponse {
    let q = q.into_inner();
    let rows = match clients::search(
        &st.ctx,
        &p,
        q.q.clone(),
        q.country.clone(),
        q.after.map(ClientId),
        PAGE_SIZE,
    )
    .await
    {
        Ok(r) => r,
        Err(ServiceError::Invalid { message, .. }) => {
            return redirect(&st, "/clients", Some(Flash::err(message)));
        }
        Err(e) => return super::service_error(&st, &req, &p, "/", e),
    };
    let next = (rows.len() as u64 == PAGE_SIZE)
        .then(|| rows.last().map(|r| r.client.id))
        .flatten();
    let list: Vec<_> = rows
        .into_iter()
        .map(|r| json!({
            "id": r.client.id, "reference": r.client.reference, "legal_name": r.client.legal_name,
            "trading_name": r.client.trading_name, "sites": r.sites, "headcount": r.headcount,
        }))
        .collect();
    let can_manage = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ManageClients));
    let next_link = next.map(|n| {
        serde_urlencoded::to_string([
            ("q", q.q.clone().unwrap_or_default()),
            ("country", q.country.clone().unwrap_or_default()),
            ("after", n.to_string()),
        ])
        .unwrap_or_default()
    });
    let tr = super::tr(&st, &req, Some(&p));
    page(
        &st,
        &req,
        Some(&p),
        "pages/clients",
        &tr.t("msg-clients-title"),
        "clients",
        json!({"clients": list, "q": q.q, "country": q.country, "can_manage": can_manage, "next": next_link}),
    )
}

/// `POST /clients`: register a client.
#[post("/clients")]
pub async fn create(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let tr = super::tr(&st, &req, Some(&p));
    let result = clients::create(&st.ctx, &p, client_input(&f)).await;
    super::outcome(&st, &req, &p, "/clients", result, |c| {
        Done::to(
            format!("/clients/{}", c.id),
            tr.f(
                "msg-clients-registered",
                &[
                    ("client", c.legal_name.as_str().into()),
                    ("reference", c.reference.as_str().into()),
                ],
            ),
        )
    })
}

async fn file_page(st: &AppState, req: &HttpRequest, p: &Principal, id: ClientId) -> HttpResponse {
    let f = match clients::get(&st.ctx, p, id).await {
        Ok(f) => f,
        Err(e) => return super::service_error(st, req, p, "/clients", e),
    };
    let tr = super::tr(st, req, Some(p));
    let can_manage = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ManageClients));
    let c = &f.client;
    let sites: Vec<_> = f
        .sites
        .iter()
        .map(|s| json!({
            "id": s.id, "name": s.name, "address": s.address, "city": s.city, "country": s.country,
            "kind": tr.label(s.kind), "headcount": s.headcount, "shifts": s.shifts, "central": s.central_function,
            "processes": s.processes,
        }))
        .collect();
    let contacts: Vec<_> = f
        .contacts
        .iter()
        .map(|k| json!({"id": k.id, "name": k.name, "email": k.email, "phone": k.phone, "role": k.role, "receives_mail": k.receives_mail}))
        .collect();
    let headcount: i32 = f.sites.iter().map(|s| s.headcount).sum();
    let ai_systems: Vec<_> = f
        .ai_systems
        .iter()
        .map(|a| json!({"id": a.id, "name": a.name, "purpose": a.purpose, "ai_role": tr.label(a.ai_role), "data_used": a.data_used,
            "decisions": a.decisions_influenced, "impact": tr.label(a.impact_level)}))
        .collect();
    let apps: Vec<_> = super::panel(
        "client applications",
        certa_service::applications::list(&st.ctx, p, None, Some(id)).await,
    )
    .into_iter()
    .map(|(a, _)| {
        json!({"id": a.id, "standards": a.standards.join(", "),
            "status": super::applications::status_words(&tr, a.status),
            "created": a.created_at.format("%Y-%m-%d").to_string()})
    })
    .collect();
    let ncs = super::panel(
        "client nonconformities",
        certa_service::fieldwork::client_ncs(&st.ctx, p, ClientId(c.id)).await,
    );
    let can_apply = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ReviewApplications));
    let certificates = if p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ViewCertificates))
    {
        super::certification::certificate_rows_in(
            &tr,
            &super::panel(
                "client certificates",
                certa_service::certification::certificates::of_client(&st.ctx, p, ClientId(c.id))
                    .await,
            ),
        )
    } else {
        Vec::new()
    };
    // The record's work, latest first, and what the header says at a glance.
    let audits = super::panel(
        "client audits",
        certa_service::audits::of_client(&st.ctx, p, ClientId(c.id)).await,
    );
    let next_audit = super::next_audit(&audits).map(|a| json!({"id": a.id, "kind": tr.label(a.kind), "starts_on": a.starts_on, "ends_on": a.ends_on}));
    let open = ncs
        .iter()
        .filter(|n| n.status != certa_domain::nonconformity::Status::Closed)
        .count();
    let mut cert_chips: Vec<Value> = Vec::new();
    for status in ["active", "suspended"] {
        let n = certificates
            .iter()
            .filter(|c| c["status"]["class"] == status)
            .count();
        if n > 0 {
            cert_chips.push(json!({"class": status, "label": tr.f(
                "msg-clients-certificates",
                &[("status", status.into()), ("count", n.into())],
            )}));
        }
    }
    let site_count = f.sites.len();
    page(
        st,
        req,
        Some(p),
        "pages/client",
        &c.legal_name,
        "clients",
        json!({
            "client": {
                "id": c.id, "reference": c.reference, "legal_name": c.legal_name,
                "trading_name": opt_str(&c.trading_name), "registration_number": opt_str(&c.registration_number),
                "website": opt_str(&c.website), "consultancy_by": opt_str(&c.consultancy_by),
                "consultancy_until": opt_str(&c.consultancy_until),
                "outsourced_processes": opt_str(&c.outsourced_processes), "notes": opt_str(&c.notes),
                "confidential": c.confidential,
            },
            "sites": sites, "contacts": contacts, "headcount": headcount, "can_manage": can_manage,
            "headcount_words": match site_count {
                0 => tr.t("msg-clients-no-site"),
                n => tr.f("msg-clients-people-at-sites", &[("people", headcount.into()), ("sites", n.into())]),
            },
            "audits": audits.iter().map(|a| json!({"id": a.id, "kind": super::capitalised(&tr.label(a.kind)),
                "starts_on": a.starts_on, "ends_on": a.ends_on, "standards": a.standards.join(", "),
                "status": tr.label(a.status), "status_key": a.status.as_str()})).collect::<Vec<_>>(),
            "next_audit": next_audit,
            "open_ncs": match open {
                0 => String::new(),
                n => tr.f("msg-clients-open-ncs", &[("count", n.into())]),
            },
            "cert_chips": cert_chips,
            "kinds": site_kinds(&tr),
            "applications": apps, "can_apply": can_apply, "ai_systems": ai_systems,
            "certificates": certificates,
            "standards": certa_domain::personnel::KNOWN_STANDARDS,
            "ncs": ncs.iter()
                .map(|n| json!({"id": n.id, "number": n.number, "grade": tr.label(n.grade), "reference": n.reference, "statement": n.statement,
                    "status": tr.label(n.status), "due": n.response_due})).collect::<Vec<_>>(),
            "scopes": f.scopes.iter().map(|s| json!({"standard": s.standard_code, "scope": s.scope,
                "areas": s.technical_areas.join(", ")})).collect::<Vec<_>>(),
        }),
    )
}

/// `GET /clients/{id}`: the client file.
#[get("/clients/{id}")]
pub async fn file(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    id: web::Path<uuid::Uuid>,
) -> HttpResponse {
    file_page(&st, &req, &p, ClientId(*id)).await
}

/// `POST /clients/{id}`: edit the details.
#[post("/clients/{id}")]
pub async fn update(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let tr = super::tr(&st, &req, Some(&p));
    let back = format!("/clients/{}", *id);
    let result = clients::update(&st.ctx, &p, ClientId(*id), client_input(&f)).await;
    super::outcome(&st, &req, &p, &back, result, |_| tr.t("msg-clients-saved"))
}

/// `POST /clients/{id}/sites`: add a site.
#[post("/clients/{id}/sites")]
pub async fn add_site(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let result = match site_input(&f) {
        Ok(input) => clients::add_site(&st.ctx, &p, ClientId(*id), input).await,
        Err(e) => Err(e),
    };
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |site| {
        tr.f("msg-clients-site-added", &[("site", site.name.into())])
    })
}

/// `GET /clients/{id}/sites/{site_id}`: the site form.
#[get("/clients/{id}/sites/{site_id}")]
pub async fn site_form(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> HttpResponse {
    let (cid, sid) = path.into_inner();
    let f = match clients::get(&st.ctx, &p, ClientId(cid)).await {
        Ok(f) => f,
        Err(e) => return super::service_error(&st, &req, &p, "/clients", e),
    };
    let tr = super::tr(&st, &req, Some(&p));
    let Some(site) = f.sites.iter().find(|s| s.id == sid) else {
        return super::service_error(
            &st,
            &req,
            &p,
            "/clients",
            ServiceError::not_found("site", ErrorCode::SiteNotFound),
        );
    };
    page(
        &st,
        &req,
        Some(&p),
        "pages/site",
        &tr.f(
            "msg-clients-site-title",
            &[("site", site.name.as_str().into())],
        ),
        "clients",
        json!({
            "client": {"id": f.client.id, "legal_name": f.client.legal_name},
            "site": {"id": site.id, "name": site.name, "address": site.address, "city": site.city, "country": site.country,
                "kind": site.kind, "headcount": site.headcount, "shifts": site.shifts, "central": site.central_function,
                "processes": site.processes},
            "kinds": site_kinds(&tr),
        }),
    )
}

/// `POST /clients/{id}/sites/{site_id}`: save a site.
#[post("/clients/{id}/sites/{site_id}")]
pub async fn update_site(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm<Fields>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let (cid, sid) = path.into_inner();
    let back = format!("/clients/{cid}/sites/{sid}");
    let result = match site_input(&f) {
        Ok(input) => clients::update_site(&st.ctx, &p, ClientId(cid), SiteId(sid), input).await,
        Err(e) => Err(e),
    };
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |site| {
        Done::to(
            format!("/clients/{cid}"),
            tr.f("msg-clients-site-saved", &[("site", site.name.into())]),
        )
    })
}

/// `POST /clients/{id}/sites/{site_id}/remove`.
#[post("/clients/{id}/sites/{site_id}/remove")]
pub async fn remove_site(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let (cid, sid) = path.into_inner();
    let back = format!("/clients/{cid}");
    let result = clients::remove_site(&st.ctx, &p, ClientId(cid), SiteId(sid)).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |()| {
        tr.t("msg-clients-site-removed")
    })
}

/// A contact of the client.
#[derive(Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default, deserialize_with = "blank_none")]
    phone: Option<String>,
    #[serde(default, deserialize_with = "blank_none")]
    role: Option<String>,
    #[serde(default, deserialize_with = "checkbox")]
    receives_mail: bool,
}

/// `POST /clients/{id}/contacts`: add a contact.
#[post("/clients/{id}/contacts")]
pub async fn add_contact(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<ContactForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let input = ContactInput {
        name: f.name,
        email: f.email,
        phone: f.phone,
        role: f.role,
        receives_mail: f.receives_mail,
    };
    let result = clients::add_contact(&st.ctx, &p, ClientId(*id), input).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |c| {
        tr.f("msg-clients-contact-added", &[("contact", c.name.into())])
    })
}

/// `POST /clients/{id}/contacts/{contact_id}/remove`.
#[post("/clients/{id}/contacts/{contact_id}/remove")]
pub async fn remove_contact(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let (cid, kid) = path.into_inner();
    let back = format!("/clients/{cid}");
    let result = clients::remove_contact(&st.ctx, &p, ClientId(cid), ContactId(kid)).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |()| {
        tr.t("msg-clients-contact-removed")
    })
}

fn import_page(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    csv: &str,
    errors: Value,
    status: actix_web::http::StatusCode,
) -> HttpResponse {
    let tr = super::tr(st, req, Some(p));
    let mut r = page(
        st,
        req,
        Some(p),
        "pages/clients_import",
        &tr.t("msg-clients-import-title"),
        "clients",
        json!({"csv": csv, "errors": errors, "columns": clients::IMPORT_COLUMNS.join(",")}),
    );
    *r.status_mut() = status;
    r
}

/// `GET /clients/import`: paste a CSV.
#[get("/clients/import")]
pub async fn import_form(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
) -> HttpResponse {
    if let Err(e) = p.authorize(Action::ManageClients) {
        return super::service_error(&st, &req, &p, "/clients", e);
    }
    import_page(
        &st,
        &req,
        &p,
        "",
        Value::Null,
        actix_web::http::StatusCode::OK,
    )
}

/// The import form: the CSV text.
#[derive(Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    csv: String,
}

/// Largest import form: the largest CSV with room for the other fields and encoding.
const IMPORT_FORM_LIMIT: usize = crate::v1::clients::IMPORT_LIMIT + 4096;

/// `POST /clients/import`: all or nothing; a refused file comes back with every problem
/// listed by line and column, and the text kept for correction.
#[post("/clients/import")]
pub async fn import(
    st: web::Data<AppState>,
    req: HttpRequest,
    form: SessionForm<ImportForm, { IMPORT_FORM_LIMIT }>,
) -> HttpResponse {
    let SessionForm {
        p,
        f: ImportForm { csv },
    } = form;
    match clients::import_csv(&st.ctx, &p, &csv).await {
        Err(ServiceError::InvalidRows { errors }) => import_page(
            &st,
            &req,
            &p,
            &csv,
            serde_json::to_value(&errors).unwrap_or(Value::Null),
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        ),
        result => {
            let tr = super::tr(&st, &req, Some(&p));
            super::outcome(&st, &req, &p, "/clients/import", result, |sum| {
                Done::to(
                    "/clients",
                    tr.f(
                        "msg-clients-imported",
                        &[("clients", sum.clients.into()), ("sites", sum.sites.into())],
                    ),
                )
            })
        }
    }
}

/// An AI system of the client.
#[derive(Deserialize)]
pub struct AiSystemForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    ai_role: String,
    #[serde(default, deserialize_with = "blank_none")]
    data_used: Option<String>,
    #[serde(default, deserialize_with = "blank_none")]
    decisions_influenced: Option<String>,
    #[serde(default)]
    impact_level: String,
}

/// `POST /clients/{id}/ai-systems`: add an AI system.
#[post("/clients/{id}/ai-systems")]
pub async fn add_ai_system(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<AiSystemForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let input = clients::AiSystemInput {
        name: f.name,
        purpose: f.purpose,
        ai_role: f.ai_role,
        data_used: f.data_used,
        decisions_influenced: f.decisions_influenced,
        impact_level: f.impact_level,
    };
    let result = clients::add_ai_system(&st.ctx, &p, ClientId(*id), input).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |a| {
        tr.f("msg-clients-ai-added", &[("system", a.name.into())])
    })
}

/// `POST /clients/{id}/ai-systems/{system_id}/remove`.
#[post("/clients/{id}/ai-systems/{system_id}/remove")]
pub async fn remove_ai_system(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm<NoFields>,
) -> HttpResponse {
    let p = form.p;
    let (cid, aid) = path.into_inner();
    let back = format!("/clients/{cid}");
    let result = clients::remove_ai_system(&st.ctx, &p, ClientId(cid), aid).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |()| {
        tr.t("msg-clients-ai-removed")
    })
}

/// The requested scope for one standard, with its technical areas separated by commas.
#[derive(Deserialize)]
pub struct ScopeForm {
    #[serde(default)]
    standard: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    technical_areas: String,
}

/// `POST /clients/{id}/scopes`: set the requested scope for one standard.
#[post("/clients/{id}/scopes")]
pub async fn put_scope(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<ScopeForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let input = clients::ScopeInput {
        standard: f.standard,
        scope: f.scope,
        technical_areas: f.technical_areas.split(',').map(str::to_string).collect(),
    };
    let standard = input.standard.clone();
    let result = clients::put_scope(&st.ctx, &p, ClientId(*id), input).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |_| {
        tr.f("msg-clients-scope-saved", &[("standard", standard.into())])
    })
}

/// Which standard's scope to remove.
#[derive(Deserialize)]
pub struct StandardForm {
    #[serde(default)]
    standard: String,
}

/// `POST /clients/{id}/scopes/remove`.
#[post("/clients/{id}/scopes/remove")]
pub async fn remove_scope(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm<StandardForm>,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let result = clients::remove_scope(&st.ctx, &p, ClientId(*id), &f.standard).await;
    let tr = super::tr(&st, &req, Some(&p));
    super::outcome(&st, &req, &p, &back, result, |_| {
        tr.t("msg-clients-scope-removed")
    })
}

#[cfg(test)]
mod tests {
    use crate::render::{Catalogue, Lang};

    #[test]
    fn header_chips_read_as_before_in_english() {
        let cat = Catalogue::load().unwrap();
        let tr = cat.tr(Lang::En);
        let people = |h: i32, n: usize| {
            tr.f(
                "msg-clients-people-at-sites",
                &[("people", h.into()), ("sites", n.into())],
            )
        };
        assert_eq!(people(12, 1), "12 people at 1 site");
        assert_eq!(people(40, 3), "40 people at 3 sites");
        let open = |n: usize| tr.f("msg-clients-open-ncs", &[("count", n.into())]);
        assert_eq!(open(1), "1 open nonconformity");
        assert_eq!(open(2), "2 open nonconformities");
        let certs = |status: &str, n: usize| {
            tr.f(
                "msg-clients-certificates",
                &[("status", status.into()), ("count", n.into())],
            )
        };
        assert_eq!(certs("active", 1), "1 active certificate");
        assert_eq!(certs("active", 2), "2 active certificates");
        assert_eq!(certs("suspended", 1), "1 suspended certificate");
        assert_eq!(certs("suspended", 3), "3 suspended certificates");
        assert_eq!(
            tr.f(
                "msg-clients-imported",
                &[("clients", 2.into()), ("sites", 5.into())]
            ),
            "Imported 2 client(s) with 5 site(s)"
        );
    }
}
