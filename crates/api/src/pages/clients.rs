//! Client pages: the list with search, the client file with sites and contacts.

use super::{Flash, SessionForm, Signed, csrf_ok, page, redirect};
use crate::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use certa_domain::{Action, ClientId, ContactId, SiteId};
use certa_service::clients::{self, ClientInput, ContactInput, SiteInput};
use certa_service::{Principal, ServiceError};
use serde::Deserialize;
use serde_json::{Value, json};

/// A urlencoded form whose fields may repeat or be absent (checkboxes).
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Parses a form body; an unparseable body is an empty form (validation then says
    /// what is missing).
    pub fn parse(body: &web::Bytes) -> Self {
        Self(serde_urlencoded::from_bytes(body).unwrap_or_default())
    }
    /// A field, or "".
    pub fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    /// A field, `None` when absent or blank.
    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name)).filter(|v| !v.trim().is_empty())
    }
    /// Every value of a repeated field (checkboxes with one name).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
    /// Whether a checkbox was checked.
    pub fn checked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && !v.is_empty())
    }
}

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
    }
}

fn int_field(f: &Fields, name: &'static str) -> Result<i32, ServiceError> {
    f.get(name)
        .trim()
        .parse()
        .map_err(|_| ServiceError::Invalid {
            field: name,
            code: "invalid_number",
            message: format!("{name} must be a whole number"),
        })
}

fn site_input(f: &Fields) -> Result<SiteInput, ServiceError> {
    Ok(SiteInput {
        name: f.get("name"),
        address: f.opt("address"),
        city: f.opt("city"),
        country: f.get("country"),
        kind: f.get("kind"),
        headcount: int_field(f, "headcount")?,
        shifts: int_field(f, "shifts")?,
        central_function: f.checked("central_function"),
        processes: f.opt("processes"),
    })
}

fn opt_str(v: &Option<String>) -> Value {
    v.as_ref().map(|s| json!(s)).unwrap_or(Value::Null)
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
    page(
        &st,
        &req,
        Some(&p),
        "pages/clients",
        "Clients",
        "clients",
        json!({"clients": list, "q": q.q, "country": q.country, "can_manage": can_manage, "next": next_link}),
    )
}

/// `POST /clients`: register a client.
#[post("/clients")]
pub async fn create(st: web::Data<AppState>, req: HttpRequest, form: SessionForm) -> HttpResponse {
    let SessionForm { p, f } = form;
    match clients::create(&st.ctx, &p, client_input(&f)).await {
        Ok(c) => redirect(
            &st,
            &format!("/clients/{}", c.id),
            Some(Flash::ok(format!(
                "Client {} registered as {}",
                c.legal_name, c.reference
            ))),
        ),
        Err(e) => super::service_error(&st, &req, &p, "/clients", e),
    }
}

async fn file_page(st: &AppState, req: &HttpRequest, p: &Principal, id: ClientId) -> HttpResponse {
    let f = match clients::get(&st.ctx, p, id).await {
        Ok(f) => f,
        Err(e) => return super::service_error(st, req, p, "/clients", e),
    };
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
            "kind": s.kind, "headcount": s.headcount, "shifts": s.shifts, "central": s.central_function,
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
        .map(|a| json!({"id": a.id, "name": a.name, "purpose": a.purpose, "ai_role": a.ai_role, "data_used": a.data_used,
            "decisions": a.decisions_influenced, "impact": a.impact_level}))
        .collect();
    let apps: Vec<_> = certa_service::applications::list(&st.ctx, p, None, Some(id))
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(a, _)| {
            json!({"id": a.id, "standards": a.standards.replace(',', ", "), "status": a.status,
            "created": a.created_at.format("%Y-%m-%d").to_string()})
        })
        .collect();
    let can_apply = p
        .tenant
        .as_ref()
        .is_some_and(|t| t.roles.allows(Action::ReviewApplications));
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
            },
            "sites": sites, "contacts": contacts, "headcount": headcount, "can_manage": can_manage,
            "kinds": ["permanent", "temporary", "virtual"],
            "applications": apps, "can_apply": can_apply, "ai_systems": ai_systems,
            "standards": certa_domain::personnel::KNOWN_STANDARDS,
            "ncs": certa_service::fieldwork::client_ncs(&st.ctx, p, certa_domain::ClientId(c.id)).await.unwrap_or_default().iter()
                .map(|n| json!({"id": n.id, "number": n.number, "grade": n.grade, "reference": n.reference, "statement": n.statement,
                    "status": n.status.label(), "due": n.response_due})).collect::<Vec<_>>(),
            "scopes": f.scopes.iter().map(|s| json!({"standard": s.standard_code, "scope": s.scope,
                "areas": s.technical_areas.replace(',', ", ")})).collect::<Vec<_>>(),
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
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let result = clients::update(&st.ctx, &p, ClientId(*id), client_input(&f)).await;
    super::outcome(&st, &req, &p, &back, result, |_| {
        "Client details saved".to_string()
    })
}

/// `POST /clients/{id}/sites`: add a site.
#[post("/clients/{id}/sites")]
pub async fn add_site(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let result = match site_input(&f) {
        Ok(input) => clients::add_site(&st.ctx, &p, ClientId(*id), input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(site) => redirect(
            &st,
            &back,
            Some(Flash::ok(format!("Site {} added", site.name))),
        ),
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
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
    let Some(site) = f.sites.iter().find(|s| s.id == sid) else {
        return super::service_error(
            &st,
            &req,
            &p,
            "/clients",
            ServiceError::not_found("site", "site_not_found"),
        );
    };
    page(
        &st,
        &req,
        Some(&p),
        "pages/site",
        &format!("Site {}", site.name),
        "clients",
        json!({
            "client": {"id": f.client.id, "legal_name": f.client.legal_name},
            "site": {"id": site.id, "name": site.name, "address": site.address, "city": site.city, "country": site.country,
                "kind": site.kind, "headcount": site.headcount, "shifts": site.shifts, "central": site.central_function,
                "processes": site.processes},
            "kinds": ["permanent", "temporary", "virtual"],
        }),
    )
}

/// `POST /clients/{id}/sites/{site_id}`: save a site.
#[post("/clients/{id}/sites/{site_id}")]
pub async fn update_site(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let (cid, sid) = path.into_inner();
    let back = format!("/clients/{cid}/sites/{sid}");
    let result = match site_input(&f) {
        Ok(input) => clients::update_site(&st.ctx, &p, ClientId(cid), SiteId(sid), input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(site) => redirect(
            &st,
            &format!("/clients/{cid}"),
            Some(Flash::ok(format!("Site {} saved", site.name))),
        ),
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
}

/// `POST /clients/{id}/sites/{site_id}/remove`.
#[post("/clients/{id}/sites/{site_id}/remove")]
pub async fn remove_site(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, .. } = form;
    let (cid, sid) = path.into_inner();
    let back = format!("/clients/{cid}");
    match clients::remove_site(&st.ctx, &p, ClientId(cid), SiteId(sid)).await {
        Ok(()) => redirect(&st, &back, Some(Flash::ok("Site removed"))),
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
}

/// `POST /clients/{id}/contacts`: add a contact.
#[post("/clients/{id}/contacts")]
pub async fn add_contact(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let input = ContactInput {
        name: f.get("name"),
        email: f.get("email"),
        phone: f.opt("phone"),
        role: f.opt("role"),
        receives_mail: f.checked("receives_mail"),
    };
    {
        let result = clients::add_contact(&st.ctx, &p, ClientId(*id), input).await;
        super::outcome(&st, &req, &p, &back, result, |c| {
            format!("Contact {} added", c.name)
        })
    }
}

/// `POST /clients/{id}/contacts/{contact_id}/remove`.
#[post("/clients/{id}/contacts/{contact_id}/remove")]
pub async fn remove_contact(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, .. } = form;
    let (cid, kid) = path.into_inner();
    let back = format!("/clients/{cid}");
    match clients::remove_contact(&st.ctx, &p, ClientId(cid), ContactId(kid)).await {
        Ok(()) => redirect(&st, &back, Some(Flash::ok("Contact removed"))),
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
}

fn import_page(
    st: &AppState,
    req: &HttpRequest,
    p: &Principal,
    csv: &str,
    errors: Value,
    status: actix_web::http::StatusCode,
) -> HttpResponse {
    let mut r = page(
        st,
        req,
        Some(p),
        "pages/clients_import",
        "Import clients",
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

/// `POST /clients/import`: all or nothing; a refused file comes back with every problem
/// listed by line and column, and the text kept for correction.
#[post("/clients/import")]
pub async fn import(
    st: web::Data<AppState>,
    req: HttpRequest,
    Signed(p): Signed,
    payload: web::Payload,
) -> HttpResponse {
    let body =
        match crate::v1::clients::read_limited(payload, crate::v1::clients::IMPORT_LIMIT + 4096)
            .await
        {
            Ok(b) => web::Bytes::from(b),
            Err(e) => {
                return super::page_with_status(
                    &st,
                    &req,
                    Some(&p),
                    e.status,
                    "File too large",
                    &e.detail,
                );
            }
        };
    let f = Fields::parse(&body);
    if !csrf_ok(&p, &f.get("csrf")) {
        return super::csrf_failed(&st, &req, Some(&p));
    }
    let csv = f.get("csv");
    match clients::import_csv(&st.ctx, &p, &csv).await {
        Ok(sum) => redirect(
            &st,
            "/clients",
            Some(Flash::ok(format!(
                "Imported {} client(s) with {} site(s)",
                sum.clients, sum.sites
            ))),
        ),
        Err(ServiceError::InvalidRows { errors }) => import_page(
            &st,
            &req,
            &p,
            &csv,
            serde_json::to_value(&errors).unwrap_or(Value::Null),
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => super::service_error(&st, &req, &p, "/clients/import", e),
    }
}

/// `POST /clients/{id}/ai-systems`: add an AI system.
#[post("/clients/{id}/ai-systems")]
pub async fn add_ai_system(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let input = clients::AiSystemInput {
        name: f.get("name"),
        purpose: f.get("purpose"),
        ai_role: f.get("ai_role"),
        data_used: f.opt("data_used"),
        decisions_influenced: f.opt("decisions_influenced"),
        impact_level: f.get("impact_level"),
    };
    {
        let result = clients::add_ai_system(&st.ctx, &p, ClientId(*id), input).await;
        super::outcome(&st, &req, &p, &back, result, |a| {
            format!("AI system {} added", a.name)
        })
    }
}

/// `POST /clients/{id}/ai-systems/{system_id}/remove`.
#[post("/clients/{id}/ai-systems/{system_id}/remove")]
pub async fn remove_ai_system(
    st: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, .. } = form;
    let (cid, aid) = path.into_inner();
    let back = format!("/clients/{cid}");
    match clients::remove_ai_system(&st.ctx, &p, ClientId(cid), aid).await {
        Ok(()) => redirect(&st, &back, Some(Flash::ok("AI system removed"))),
        Err(e) => super::service_error(&st, &req, &p, &back, e),
    }
}

/// `POST /clients/{id}/scopes`: set the requested scope for one standard.
#[post("/clients/{id}/scopes")]
pub async fn put_scope(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let input = clients::ScopeInput {
        standard: f.get("standard"),
        scope: f.get("scope"),
        technical_areas: f
            .get("technical_areas")
            .split(',')
            .map(str::to_string)
            .collect(),
    };
    let standard = input.standard.clone();
    let result = clients::put_scope(&st.ctx, &p, ClientId(*id), input).await;
    super::outcome(&st, &req, &p, &back, result, |_| {
        format!("Scope for {standard} saved")
    })
}

/// `POST /clients/{id}/scopes/remove`.
#[post("/clients/{id}/scopes/remove")]
pub async fn remove_scope(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<uuid::Uuid>,
    form: SessionForm,
) -> HttpResponse {
    let SessionForm { p, f } = form;
    let back = format!("/clients/{}", *id);
    let result = clients::remove_scope(&st.ctx, &p, ClientId(*id), &f.get("standard")).await;
    super::outcome(&st, &req, &p, &back, result, |_| {
        "Scope removed".to_string()
    })
}
