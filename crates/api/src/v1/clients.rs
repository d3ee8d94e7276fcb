//! `/api/v1/clients`: client organisations with their sites and contacts.

use super::ts;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::ApiPrincipal;
use actix_web::{HttpResponse, delete, get, post, put, web};
use certa_domain::ErrorCode;
use certa_domain::{ClientId, ContactId, SiteId};
use certa_service::clients::{self, ClientFile, ClientInput, ClientRow, ContactInput, SiteInput};
use certa_service::records::{Client, Contact, Site};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A client organisation (the certified entity).
#[derive(Serialize, ToSchema)]
pub struct ClientOut {
    pub id: uuid::Uuid,
    /// Stable reference, used in registry exports.
    pub reference: String,
    pub legal_name: String,
    pub trading_name: Option<String>,
    pub registration_number: Option<String>,
    pub website: Option<String>,
    /// Who gave management-system consultancy, if anyone (ISO/IEC 17021-1 9.1.1).
    pub consultancy_by: Option<String>,
    pub consultancy_until: Option<String>,
    pub outsourced_processes: Option<String>,
    pub notes: Option<String>,
    /// Its certificates are found in the public registry by number only, never listed in
    /// the public directory (ISO/IEC 17021-1 8.1.3).
    pub confidential: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<Client> for ClientOut {
    fn from(c: Client) -> Self {
        Self {
            id: c.id,
            reference: c.reference,
            legal_name: c.legal_name,
            trading_name: c.trading_name,
            registration_number: c.registration_number,
            website: c.website,
            consultancy_by: c.consultancy_by,
            consultancy_until: c.consultancy_until,
            outsourced_processes: c.outsourced_processes,
            notes: c.notes,
            confidential: c.confidential,
            created_at: ts(c.created_at),
            updated_at: ts(c.updated_at),
        }
    }
}

/// A site.
#[derive(Serialize, ToSchema)]
pub struct SiteOut {
    pub id: uuid::Uuid,
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// permanent, temporary or virtual.
    pub kind: String,
    pub headcount: i32,
    pub shifts: i32,
    /// Whether the site hosts the central function (IAF MD 1).
    pub central_function: bool,
    pub processes: Option<String>,
}

impl From<Site> for SiteOut {
    fn from(s: Site) -> Self {
        Self {
            id: s.id,
            name: s.name,
            address: s.address,
            city: s.city,
            country: s.country,
            kind: s.kind.to_string(),
            headcount: s.headcount,
            shifts: s.shifts,
            central_function: s.central_function,
            processes: s.processes,
        }
    }
}

/// A contact person.
#[derive(Serialize, ToSchema)]
pub struct ContactOut {
    pub id: uuid::Uuid,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub role: Option<String>,
    /// Whether the contact receives Certa's mails about this client.
    pub receives_mail: bool,
}

impl From<Contact> for ContactOut {
    fn from(c: Contact) -> Self {
        Self {
            id: c.id,
            name: c.name,
            email: c.email,
            phone: c.phone,
            role: c.role,
            receives_mail: c.receives_mail,
        }
    }
}

/// A client file: details, sites, contacts and AI systems.
#[derive(Serialize, ToSchema)]
pub struct ClientFileOut {
    #[serde(flatten)]
    pub client: ClientOut,
    pub sites: Vec<SiteOut>,
    pub contacts: Vec<ContactOut>,
    pub ai_systems: Vec<AiSystemOut>,
    /// Requested scope per standard.
    pub scopes: Vec<ScopeOut>,
}

/// The requested scope for one standard.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScopeOut {
    /// A standard code of the catalogue, e.g. "ISO/IEC 42001:2023".
    #[schema(value_type = super::openapi::StandardCode)]
    pub standard: String,
    /// What the client asks to have certified.
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub scope: String,
    /// Technical-area codes, e.g. ["IAF 33"].
    #[serde(default)]
    #[schema(value_type = Vec<super::openapi::TechnicalArea>)]
    pub technical_areas: Vec<String>,
}

/// Which scope to remove.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ScopeQuery {
    #[serde(default)]
    #[param(
        pattern = "^(ISO 9001:2015|ISO 14001:2015|ISO 45001:2018|ISO/IEC 27001:2022|ISO/IEC 42001:2023)$"
    )]
    pub standard: String,
}

/// An AI system of the client (ISO/IEC 42001 inventory).
#[derive(Serialize, ToSchema)]
pub struct AiSystemOut {
    pub id: uuid::Uuid,
    pub name: String,
    pub purpose: String,
    /// producer, developer, provider or user.
    pub ai_role: String,
    pub data_used: Option<String>,
    pub decisions_influenced: Option<String>,
    /// low, medium or high.
    pub impact_level: String,
}

impl From<certa_service::records::AiSystem> for AiSystemOut {
    fn from(a: certa_service::records::AiSystem) -> Self {
        Self {
            id: a.id,
            name: a.name,
            purpose: a.purpose,
            ai_role: a.ai_role.to_string(),
            data_used: a.data_used,
            decisions_influenced: a.decisions_influenced,
            impact_level: a.impact_level.to_string(),
        }
    }
}

/// A new AI system.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AiSystemIn {
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub name: String,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub purpose: String,
    /// producer, developer, provider or user.
    #[schema(pattern = "^(producer|developer|provider|user)$")]
    pub ai_role: String,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub data_used: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub decisions_influenced: Option<String>,
    /// low, medium or high.
    #[schema(pattern = "^(low|medium|high)$")]
    pub impact_level: String,
}

impl From<ClientFile> for ClientFileOut {
    fn from(f: ClientFile) -> Self {
        Self {
            client: f.client.into(),
            sites: f.sites.into_iter().map(SiteOut::from).collect(),
            contacts: f.contacts.into_iter().map(ContactOut::from).collect(),
            ai_systems: f.ai_systems.into_iter().map(AiSystemOut::from).collect(),
            scopes: f
                .scopes
                .into_iter()
                .map(|s| ScopeOut {
                    standard: s.standard_code,
                    scope: s.scope,
                    technical_areas: s.technical_areas,
                })
                .collect(),
        }
    }
}

/// A row of the client list.
#[derive(Serialize, ToSchema)]
pub struct ClientRowOut {
    #[serde(flatten)]
    pub client: ClientOut,
    pub site_count: i64,
    pub total_headcount: i64,
}

impl From<ClientRow> for ClientRowOut {
    fn from(r: ClientRow) -> Self {
        Self {
            client: r.client.into(),
            site_count: r.sites,
            total_headcount: r.headcount,
        }
    }
}

/// A page of clients, by legal name.
#[derive(Serialize, ToSchema)]
pub struct ClientPage {
    pub clients: Vec<ClientRowOut>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next_after: Option<uuid::Uuid>,
}

/// Search and paging.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ClientQueryIn {
    /// Text in the legal or trading name, reference or registration number (at most 200
    /// characters).
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Only clients with a site in this country (ISO 3166-1 alpha-2).
    #[param(pattern = "^\\s*([A-Za-z]{2})?\\s*$")]
    pub country: Option<String>,
    /// Cursor: the last client id of the previous page.
    pub after: Option<uuid::Uuid>,
    /// Page size, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// Client details (create or replace).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientIn {
    /// Stable reference; generated (CL-00001, …) when absent on create.
    pub reference: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub legal_name: String,
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub trading_name: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub registration_number: Option<String>,
    pub website: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub consultancy_by: Option<String>,
    /// YYYY-MM-DD.
    #[schema(pattern = "^((19[0-9]{2}|2[01][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8]))?$")]
    pub consultancy_until: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub outsourced_processes: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub notes: Option<String>,
    /// Found in the public registry by certificate number only, not listed in the public
    /// directory (default false; unchanged on replace when absent).
    pub confidential: Option<bool>,
}

impl From<ClientIn> for ClientInput {
    fn from(c: ClientIn) -> Self {
        Self {
            reference: c.reference,
            legal_name: c.legal_name,
            trading_name: c.trading_name,
            registration_number: c.registration_number,
            website: c.website,
            consultancy_by: c.consultancy_by,
            consultancy_until: c.consultancy_until,
            outsourced_processes: c.outsourced_processes,
            notes: c.notes,
            confidential: c.confidential,
        }
    }
}

/// A site (create or replace).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteIn {
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub name: String,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub address: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[schema(pattern = "^\\s*[A-Za-z]{2}\\s*$")]
    pub country: String,
    /// permanent, temporary or virtual.
    #[schema(pattern = "^(permanent|temporary|virtual)$")]
    pub kind: String,
    #[schema(minimum = 0, maximum = 1000000)]
    pub headcount: i32,
    /// 1–4 (default 1).
    #[schema(minimum = 1, maximum = 4)]
    pub shifts: Option<i32>,
    #[serde(default)]
    pub central_function: bool,
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 4000
    )]
    pub processes: Option<String>,
}

impl From<SiteIn> for SiteInput {
    fn from(s: SiteIn) -> Self {
        Self {
            name: s.name,
            address: s.address,
            city: s.city,
            country: s.country,
            kind: s.kind,
            headcount: s.headcount,
            shifts: s.shifts.unwrap_or(1),
            central_function: s.central_function,
            processes: s.processes,
        }
    }
}

/// A contact.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactIn {
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*[^\\u0000-\\u001f\\u007f-\\u009f\\s\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0][^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub name: String,
    #[schema(
        pattern = "^\\s*[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]+@[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@.][^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]*\\.[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@]*[^\\s\\u0000-\\u001f\\u007f-\\u009f<>,;\"@.]\\s*$",
        max_length = 254
    )]
    pub email: String,
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub phone: Option<String>,
    #[schema(
        pattern = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$",
        max_length = 200
    )]
    pub role: Option<String>,
    /// Default true.
    pub receives_mail: Option<bool>,
}

/// Search clients.
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", params(ClientQueryIn),
    responses((status = 200, body = ClientPage), (status = 403, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/clients")]
pub async fn list_clients(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ViewClients>,
    q: web::Query<ClientQueryIn>,
) -> Result<HttpResponse, ApiError> {
    let q = q.into_inner();
    let limit = certa_domain::values::page_limit("limit", q.limit, 50, clients::MAX_PAGE)
        .map_err(certa_service::ServiceError::from)?;
    let rows = clients::search(&st.ctx, &p.0, q.q, q.country, q.after.map(ClientId), limit).await?;
    let next_after = (rows.len() as u64 == limit)
        .then(|| rows.last().map(|r| r.client.id))
        .flatten();
    Ok(HttpResponse::Ok().json(ClientPage {
        clients: rows.into_iter().map(ClientRowOut::from).collect(),
        next_after,
    }))
}

/// Register a client.
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", request_body = ClientIn,
    responses((status = 201, body = ClientOut), (status = 409, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/clients")]
pub async fn create_client(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageClients>,
    body: crate::json::ApiJson<ClientIn>,
) -> Result<HttpResponse, ApiError> {
    let c = clients::create(&st.ctx, &p.0, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(ClientOut::from(c)))
}

/// A client's file.
#[utoipa::path(get, path = "/api/v1/clients/{id}", tag = "clients",
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses((status = 200, body = ClientFileOut), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[get("/clients/{id}")]
pub async fn get_client(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    id: web::Path<uuid::Uuid>,
) -> Result<HttpResponse, ApiError> {
    let f = clients::get(&st.ctx, &p.0, ClientId(*id)).await?;
    Ok(HttpResponse::Ok().json(ClientFileOut::from(f)))
}

/// Replace a client's details.
#[utoipa::path(put, path = "/api/v1/clients/{id}", tag = "clients", request_body = ClientIn,
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses((status = 200, body = ClientOut), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/clients/{id}")]
pub async fn update_client(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageClients>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ClientIn>,
) -> Result<HttpResponse, ApiError> {
    let c = clients::update(&st.ctx, &p.0, ClientId(*id), body.into_inner().into()).await?;
    Ok(HttpResponse::Ok().json(ClientOut::from(c)))
}

/// Add a site.
#[utoipa::path(post, path = "/api/v1/clients/{id}/sites", tag = "clients", request_body = SiteIn,
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses((status = 201, body = SiteOut), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/clients/{id}/sites")]
pub async fn add_site(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageClients>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<SiteIn>,
) -> Result<HttpResponse, ApiError> {
    let s = clients::add_site(&st.ctx, &p.0, ClientId(*id), body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(SiteOut::from(s)))
}

/// Replace a site.
#[utoipa::path(put, path = "/api/v1/clients/{id}/sites/{site_id}", tag = "clients", request_body = SiteIn,
    params(("id" = uuid::Uuid, Path, description = "client id"), ("site_id" = uuid::Uuid, Path, description = "site id")),
    responses((status = 200, body = SiteOut), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/clients/{id}/sites/{site_id}")]
pub async fn update_site(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageClients>,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
    body: crate::json::ApiJson<SiteIn>,
) -> Result<HttpResponse, ApiError> {
    let (c, s) = path.into_inner();
    let s = clients::update_site(
        &st.ctx,
        &p.0,
        ClientId(c),
        SiteId(s),
        body.into_inner().into(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(SiteOut::from(s)))
}

/// Remove a site.
#[utoipa::path(delete, path = "/api/v1/clients/{id}/sites/{site_id}", tag = "clients",
    params(("id" = uuid::Uuid, Path, description = "client id"), ("site_id" = uuid::Uuid, Path, description = "site id")),
    responses((status = 204), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[delete("/clients/{id}/sites/{site_id}")]
pub async fn remove_site(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (c, s) = path.into_inner();
    clients::remove_site(&st.ctx, &p.0, ClientId(c), SiteId(s)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Add a contact.
#[utoipa::path(post, path = "/api/v1/clients/{id}/contacts", tag = "clients", request_body = ContactIn,
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses((status = 201, body = ContactOut), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/clients/{id}/contacts")]
pub async fn add_contact(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageClients>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ContactIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let c = clients::add_contact(
        &st.ctx,
        &p.0,
        ClientId(*id),
        ContactInput {
            name: b.name,
            email: b.email,
            phone: b.phone,
            role: b.role,
            receives_mail: b.receives_mail.unwrap_or(true),
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(ContactOut::from(c)))
}

/// Remove a contact.
#[utoipa::path(delete, path = "/api/v1/clients/{id}/contacts/{contact_id}", tag = "clients",
    params(("id" = uuid::Uuid, Path, description = "client id"), ("contact_id" = uuid::Uuid, Path, description = "contact id")),
    responses((status = 204), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[delete("/clients/{id}/contacts/{contact_id}")]
pub async fn remove_contact(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (c, k) = path.into_inner();
    clients::remove_contact(&st.ctx, &p.0, ClientId(c), ContactId(k)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Largest CSV accepted by the import.
pub const IMPORT_LIMIT: usize = 2 * 1024 * 1024;

/// Reads a request body up to `limit` bytes, refusing more while reading (never buffers
/// beyond the limit).
pub async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<Vec<u8>, ApiError> {
    use futures_util::StreamExt;
    let mut buf = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::new(
                actix_web::http::StatusCode::BAD_REQUEST,
                ErrorCode::BadBody,
                e.to_string(),
            )
        })?;
        if buf.len() + chunk.len() > limit {
            return Err(ApiError::new(
                actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BodyTooLarge,
                format!("the body is larger than {limit} bytes"),
            ));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// What an import created.
#[derive(Serialize, ToSchema)]
pub struct ImportOut {
    pub clients: usize,
    pub sites: usize,
}

/// Import clients and their sites from CSV (`text/csv`, UTF-8, at most 2 MiB and 10,000
/// rows), all or nothing. Columns: `client_reference, legal_name, trading_name,
/// registration_number, website, consultancy_until, site_name, site_address, site_city,
/// site_country, site_kind, site_headcount, site_shifts, site_central_function` (dates
/// YYYY-MM-DD, years 1900–2200); rows sharing a
/// `client_reference` add sites to one client. A refused file answers 422 with every
/// problem in `errors` (line and column).
#[utoipa::path(post, path = "/api/v1/clients/import", tag = "clients",
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = ImportOut), (status = 413, body = crate::error::Problem),
        (status = 415, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/clients/import")]
pub async fn import_clients(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageClients>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let ct = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.starts_with("text/csv") {
        return Err(ApiError::new(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "send the file as text/csv",
        ));
    }
    let bytes = read_limited(payload, IMPORT_LIMIT).await?;
    let text = String::from_utf8(bytes).map_err(|_| {
        ApiError::new(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::CsvNotUtf8,
            "the file must be UTF-8 text",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let s = clients::import_csv(&st.ctx, &p.0, text).await?;
    Ok(HttpResponse::Created().json(ImportOut {
        clients: s.clients,
        sites: s.sites,
    }))
}

/// Add an AI system to the client's inventory.
#[utoipa::path(post, path = "/api/v1/clients/{id}/ai-systems", tag = "clients", request_body = AiSystemIn,
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses((status = 201, body = AiSystemOut), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[post("/clients/{id}/ai-systems")]
pub async fn add_ai_system(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageClients>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<AiSystemIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let a = clients::add_ai_system(
        &st.ctx,
        &p.0,
        ClientId(*id),
        clients::AiSystemInput {
            name: b.name,
            purpose: b.purpose,
            ai_role: b.ai_role,
            data_used: b.data_used,
            decisions_influenced: b.decisions_influenced,
            impact_level: b.impact_level,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(AiSystemOut::from(a)))
}

/// Remove an AI system.
#[utoipa::path(delete, path = "/api/v1/clients/{id}/ai-systems/{system_id}", tag = "clients",
    params(("id" = uuid::Uuid, Path, description = "client id"), ("system_id" = uuid::Uuid, Path, description = "AI system id")),
    responses((status = 204), (status = 404, body = crate::error::Problem)), security(("bearer" = [])))]
#[delete("/clients/{id}/ai-systems/{system_id}")]
pub async fn remove_ai_system(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    path: web::Path<(uuid::Uuid, uuid::Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (c, a) = path.into_inner();
    clients::remove_ai_system(&st.ctx, &p.0, ClientId(c), a).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Set the requested scope of the client for one standard (replaces that standard's).
#[utoipa::path(put, path = "/api/v1/clients/{id}/scopes", tag = "clients", request_body = ScopeOut,
    params(("id" = uuid::Uuid, Path, description = "client id")),
    responses((status = 200, body = ClientFileOut), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[put("/clients/{id}/scopes")]
pub async fn put_scope(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageClients>,
    id: web::Path<uuid::Uuid>,
    body: crate::json::ApiJson<ScopeOut>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let f = clients::put_scope(
        &st.ctx,
        &p.0,
        ClientId(*id),
        clients::ScopeInput {
            standard: b.standard,
            scope: b.scope,
            technical_areas: b.technical_areas,
        },
    )
    .await?;
    Ok(HttpResponse::Ok().json(ClientFileOut::from(f)))
}

/// Remove the requested scope of the client for one standard.
#[utoipa::path(delete, path = "/api/v1/clients/{id}/scopes", tag = "clients", params(("id" = uuid::Uuid, Path, description = "client id"), ScopeQuery),
    responses((status = 200, body = ClientFileOut), (status = 404, body = crate::error::Problem)),
    security(("bearer" = [])))]
#[delete("/clients/{id}/scopes")]
pub async fn remove_scope(
    st: web::Data<AppState>,
    p: ApiPrincipal,
    _allowed: crate::extract::Allowed<crate::extract::act::ManageClients>,
    id: web::Path<uuid::Uuid>,
    q: web::Query<ScopeQuery>,
) -> Result<HttpResponse, ApiError> {
    let f = clients::remove_scope(&st.ctx, &p.0, ClientId(*id), &q.standard).await?;
    Ok(HttpResponse::Ok().json(ClientFileOut::from(f)))
}
