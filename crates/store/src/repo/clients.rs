//! Client organisations, their sites and contacts (one tenant).

use super::now;
use crate::dates::{day_opt, iso_opt};
use crate::db::Conn;
use crate::entity::{client, client_contact, client_site};
use crate::{DbEnum, StoreError, TenantTx};
use certa_domain::clients::{ImpactLevel, SiteKind, SystemAiRole};
use certa_domain::{ClientId, ContactId, SiteId};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

/// A row of `clients`: client organisations (certified entities) of a tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub reference: String,
    pub legal_name: String,
    pub legal_name_normalized: String,
    pub trading_name: Option<String>,
    pub registration_number: Option<String>,
    pub website: Option<String>,
    pub consultancy_by: Option<String>,
    pub consultancy_until: Option<String>,
    pub outsourced_processes: Option<String>,
    pub notes: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    pub archived_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Found in the public registry by certificate number only, never listed in the
    /// directory (17021-1 8.1.3).
    pub confidential: bool,
}

impl From<client::Model> for Client {
    fn from(m: client::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            reference: m.reference,
            legal_name: m.legal_name,
            legal_name_normalized: m.legal_name_normalized,
            trading_name: m.trading_name,
            registration_number: m.registration_number,
            website: m.website,
            consultancy_by: m.consultancy_by,
            consultancy_until: iso_opt(m.consultancy_until),
            outsourced_processes: m.outsourced_processes,
            notes: m.notes,
            created_at: m.created_at,
            updated_at: m.updated_at,
            archived_at: m.archived_at,
            confidential: m.confidential,
        }
    }
}

impl TryFrom<Client> for client::Model {
    type Error = StoreError;

    fn try_from(r: Client) -> Result<Self, StoreError> {
        Ok(Self {
            tenant_id: r.tenant_id,
            id: r.id,
            reference: r.reference,
            legal_name: r.legal_name,
            legal_name_normalized: r.legal_name_normalized,
            trading_name: r.trading_name,
            registration_number: r.registration_number,
            website: r.website,
            consultancy_by: r.consultancy_by,
            consultancy_until: day_opt(r.consultancy_until.as_deref())?,
            outsourced_processes: r.outsourced_processes,
            notes: r.notes,
            created_at: r.created_at,
            updated_at: r.updated_at,
            archived_at: r.archived_at,
            confidential: r.confidential,
        })
    }
}

/// A row of `client_contacts`: people of a client organisation (who receives mails).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub role: Option<String>,
    pub receives_mail: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<client_contact::Model> for Contact {
    fn from(m: client_contact::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            client_id: m.client_id,
            name: m.name,
            email: m.email,
            phone: m.phone,
            role: m.role,
            receives_mail: m.receives_mail,
            created_at: m.created_at,
        }
    }
}

impl From<Contact> for client_contact::Model {
    fn from(r: Contact) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            client_id: r.client_id,
            name: r.name,
            email: r.email,
            phone: r.phone,
            role: r.role,
            receives_mail: r.receives_mail,
            created_at: r.created_at,
        }
    }
}

/// A row of `client_sites`: the sites of a client organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: String,
    pub kind: SiteKind,
    pub headcount: i32,
    pub shifts: i32,
    pub central_function: bool,
    pub processes: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<client_site::Model> for Site {
    fn from(m: client_site::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            client_id: m.client_id,
            name: m.name,
            address: m.address,
            city: m.city,
            country: m.country,
            kind: m.kind.0,
            headcount: m.headcount,
            shifts: m.shifts,
            central_function: m.central_function,
            processes: m.processes,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

impl From<Site> for client_site::Model {
    fn from(r: Site) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            client_id: r.client_id,
            name: r.name,
            address: r.address,
            city: r.city,
            country: r.country,
            kind: DbEnum(r.kind),
            headcount: r.headcount,
            shifts: r.shifts,
            central_function: r.central_function,
            processes: r.processes,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// The editable fields of a client.
#[derive(Debug, Clone, Default)]
pub struct ClientFields {
    pub reference: String,
    pub legal_name: String,
    pub trading_name: Option<String>,
    pub registration_number: Option<String>,
    pub website: Option<String>,
    pub consultancy_by: Option<String>,
    pub consultancy_until: Option<String>,
    pub outsourced_processes: Option<String>,
    pub notes: Option<String>,
    /// Looked up by certificate number only, not listed in the public directory.
    pub confidential: bool,
}

/// The editable fields of a site.
#[derive(Debug, Clone)]
pub struct SiteFields {
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub country: String,
    pub kind: SiteKind,
    pub headcount: i32,
    pub shifts: i32,
    pub central_function: bool,
    pub processes: Option<String>,
}

/// The fields of a contact.
#[derive(Debug, Clone)]
pub struct ContactFields {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub role: Option<String>,
    pub receives_mail: bool,
}

/// Number of clients of the tenant (to propose the next reference).
pub async fn count(tx: &TenantTx) -> Result<u64, StoreError> {
    Ok(client::Entity::find()
        .filter(client::Column::TenantId.eq(tx.tid()))
        .count(tx.conn())
        .await?)
}

/// Registers a client.
pub async fn create(tx: &TenantTx, f: ClientFields) -> Result<Client, StoreError> {
    let t = now();
    Ok(client::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(ClientId::new().0),
        reference: Set(f.reference),
        legal_name_normalized: Set(f.legal_name.to_lowercase()),
        legal_name: Set(f.legal_name),
        trading_name: Set(f.trading_name),
        registration_number: Set(f.registration_number),
        website: Set(f.website),
        consultancy_by: Set(f.consultancy_by),
        consultancy_until: Set(day_opt(f.consultancy_until.as_deref())?),
        outsourced_processes: Set(f.outsourced_processes),
        notes: Set(f.notes),
        created_at: Set(t),
        updated_at: Set(t),
        archived_at: Set(None),
        confidential: Set(f.confidential),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Replaces the editable fields of a client.
pub async fn update(tx: &TenantTx, c: Client, f: ClientFields) -> Result<Client, StoreError> {
    let mut m = client::Model::try_from(c)?.into_active_model();
    m.reference = Set(f.reference);
    m.legal_name_normalized = Set(f.legal_name.to_lowercase());
    m.legal_name = Set(f.legal_name);
    m.trading_name = Set(f.trading_name);
    m.registration_number = Set(f.registration_number);
    m.website = Set(f.website);
    m.consultancy_by = Set(f.consultancy_by);
    m.consultancy_until = Set(day_opt(f.consultancy_until.as_deref())?);
    m.outsourced_processes = Set(f.outsourced_processes);
    m.notes = Set(f.notes);
    m.confidential = Set(f.confidential);
    m.updated_at = Set(now());
    Ok(m.update(tx.conn()).await?.into())
}

/// Finds a client of this tenant.
pub async fn by_id(tx: &TenantTx, id: ClientId) -> Result<Option<Client>, StoreError> {
    Ok(client::Entity::find()
        .filter(client::Column::TenantId.eq(tx.tid()))
        .filter(client::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// The legal names of the given clients, in one statement.
pub async fn names(
    tx: &TenantTx,
    ids: &[uuid::Uuid],
) -> Result<std::collections::HashMap<uuid::Uuid, String>, StoreError> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows: Vec<(uuid::Uuid, String)> = client::Entity::find()
        .select_only()
        .column(client::Column::Id)
        .column(client::Column::LegalName)
        .filter(client::Column::TenantId.eq(tx.tid()))
        .filter(client::Column::Id.is_in(ids.iter().copied()))
        .into_tuple()
        .all(tx.conn())
        .await?;
    Ok(rows.into_iter().collect())
}

/// A search over clients.
#[derive(Debug, Clone, Default)]
pub struct ClientQuery {
    /// Matches the legal name, trading name, reference or registration number.
    pub text: Option<String>,
    /// Only clients with a site in this country.
    pub country: Option<String>,
    /// Only clients whose legal name sorts after this one (keyset pagination).
    pub after_name: Option<(String, uuid::Uuid)>,
    pub limit: u64,
}

/// Searches clients by name, ordered by legal name (keyset-paginated).
pub async fn search(tx: &TenantTx, q: &ClientQuery) -> Result<Vec<Client>, StoreError> {
    let mut s = client::Entity::find().filter(client::Column::TenantId.eq(tx.tid()));
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = format!("%{}%", strip_like_wildcards(&text.to_lowercase()));
        s = s.filter(
            Condition::any()
                .add(Expr::col(client::Column::LegalNameNormalized).like(pattern.clone()))
                .add(
                    Expr::expr(Func::lower(Expr::col(client::Column::TradingName)))
                        .like(pattern.clone()),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col(client::Column::Reference)))
                        .like(pattern.clone()),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col(client::Column::RegistrationNumber)))
                        .like(pattern),
                ),
        );
    }
    if let Some(country) = &q.country {
        let ids = client_site::Entity::find()
            .select_only()
            .column(client_site::Column::ClientId)
            .filter(client_site::Column::TenantId.eq(tx.tid()))
            .filter(client_site::Column::Country.eq(country.as_str()))
            .into_tuple::<uuid::Uuid>()
            .all(tx.conn())
            .await?;
        s = s.filter(client::Column::Id.is_in(ids));
    }
    if let Some((name, id)) = &q.after_name {
        s = s.filter(
            Condition::any()
                .add(client::Column::LegalNameNormalized.gt(name.as_str()))
                .add(
                    Condition::all()
                        .add(client::Column::LegalNameNormalized.eq(name.as_str()))
                        .add(client::Column::Id.gt(*id)),
                ),
        );
    }
    Ok(s.order_by_asc(client::Column::LegalNameNormalized)
        .order_by_asc(client::Column::Id)
        .limit(q.limit)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

fn strip_like_wildcards(s: &str) -> String {
    s.replace(['\\', '%', '_'], "")
}

/// Sites of a client, central function first.
pub async fn sites(tx: &TenantTx, client: ClientId) -> Result<Vec<Site>, StoreError> {
    Ok(client_site::Entity::find()
        .filter(client_site::Column::TenantId.eq(tx.tid()))
        .filter(client_site::Column::ClientId.eq(client.0))
        .order_by_desc(client_site::Column::CentralFunction)
        .order_by_asc(client_site::Column::Name)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Site counts and headcounts per client (for listings), in one query.
pub async fn site_totals(
    tx: &TenantTx,
    clients: &[uuid::Uuid],
) -> Result<Vec<(uuid::Uuid, i64, i64)>, StoreError> {
    if clients.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(uuid::Uuid, i64, Option<i64>)> = client_site::Entity::find()
        .select_only()
        .column(client_site::Column::ClientId)
        .expr(Expr::col(client_site::Column::Id).count())
        .expr(
            Expr::col(client_site::Column::Headcount)
                .sum()
                .cast_as(sea_orm::sea_query::Alias::new("bigint")),
        )
        .filter(client_site::Column::TenantId.eq(tx.tid()))
        .filter(client_site::Column::ClientId.is_in(clients.iter().copied()))
        .group_by(client_site::Column::ClientId)
        .into_tuple()
        .all(tx.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(c, n, h)| (c, n, h.unwrap_or(0)))
        .collect())
}

/// Finds a site of a given client of this tenant.
pub async fn site(tx: &TenantTx, client: ClientId, id: SiteId) -> Result<Option<Site>, StoreError> {
    Ok(client_site::Entity::find()
        .filter(client_site::Column::TenantId.eq(tx.tid()))
        .filter(client_site::Column::ClientId.eq(client.0))
        .filter(client_site::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Adds a site.
pub async fn add_site(tx: &TenantTx, client: ClientId, f: SiteFields) -> Result<Site, StoreError> {
    let t = now();
    Ok(client_site::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(SiteId::new().0),
        client_id: Set(client.0),
        name: Set(f.name),
        address: Set(f.address),
        city: Set(f.city),
        country: Set(f.country),
        kind: Set(f.kind.into()),
        headcount: Set(f.headcount),
        shifts: Set(f.shifts),
        central_function: Set(f.central_function),
        processes: Set(f.processes),
        created_at: Set(t),
        updated_at: Set(t),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Replaces a site's fields.
pub async fn update_site(tx: &TenantTx, s: Site, f: SiteFields) -> Result<Site, StoreError> {
    let mut m = client_site::Model::from(s).into_active_model();
    m.name = Set(f.name);
    m.address = Set(f.address);
    m.city = Set(f.city);
    m.country = Set(f.country);
    m.kind = Set(f.kind.into());
    m.headcount = Set(f.headcount);
    m.shifts = Set(f.shifts);
    m.central_function = Set(f.central_function);
    m.processes = Set(f.processes);
    m.updated_at = Set(now());
    Ok(m.update(tx.conn()).await?.into())
}

/// Removes a site.
pub async fn remove_site(tx: &TenantTx, client: ClientId, id: SiteId) -> Result<bool, StoreError> {
    let r = client_site::Entity::delete_many()
        .filter(client_site::Column::TenantId.eq(tx.tid()))
        .filter(client_site::Column::ClientId.eq(client.0))
        .filter(client_site::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// The name of whoever the body knows at `email`: a client's contact, else a member of
/// its personnel (exact address, as mails are addressed from these records). Mails greet
/// their recipient with it.
pub async fn addressee_name(tx: &TenantTx, email: &str) -> Result<Option<String>, StoreError> {
    use crate::entity::auditor;
    if let Some(c) = client_contact::Entity::find()
        .filter(client_contact::Column::TenantId.eq(tx.tid()))
        .filter(client_contact::Column::Email.eq(email))
        .one(tx.conn())
        .await?
    {
        return Ok(Some(c.name));
    }
    Ok(auditor::Entity::find()
        .filter(auditor::Column::TenantId.eq(tx.tid()))
        .filter(auditor::Column::Email.eq(email))
        .one(tx.conn())
        .await?
        .map(|a| a.name))
}

/// Contacts of a client.
pub async fn contacts(tx: &TenantTx, client: ClientId) -> Result<Vec<Contact>, StoreError> {
    Ok(client_contact::Entity::find()
        .filter(client_contact::Column::TenantId.eq(tx.tid()))
        .filter(client_contact::Column::ClientId.eq(client.0))
        .order_by_asc(client_contact::Column::Name)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Adds a contact.
pub async fn add_contact(
    tx: &TenantTx,
    client: ClientId,
    f: ContactFields,
) -> Result<Contact, StoreError> {
    Ok(client_contact::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(ContactId::new().0),
        client_id: Set(client.0),
        name: Set(f.name),
        email: Set(f.email),
        phone: Set(f.phone),
        role: Set(f.role),
        receives_mail: Set(f.receives_mail),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Finds a contact of a given client.
pub async fn contact(
    tx: &TenantTx,
    client: ClientId,
    id: ContactId,
) -> Result<Option<Contact>, StoreError> {
    Ok(client_contact::Entity::find()
        .filter(client_contact::Column::TenantId.eq(tx.tid()))
        .filter(client_contact::Column::ClientId.eq(client.0))
        .filter(client_contact::Column::Id.eq(id.0))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// Removes a contact.
pub async fn remove_contact(
    tx: &TenantTx,
    client: ClientId,
    id: ContactId,
) -> Result<bool, StoreError> {
    let r = client_contact::Entity::delete_many()
        .filter(client_contact::Column::TenantId.eq(tx.tid()))
        .filter(client_contact::Column::ClientId.eq(client.0))
        .filter(client_contact::Column::Id.eq(id.0))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// Finds a client by its reference.
pub async fn by_reference(tx: &TenantTx, reference: &str) -> Result<Option<Client>, StoreError> {
    Ok(client::Entity::find()
        .filter(client::Column::TenantId.eq(tx.tid()))
        .filter(client::Column::Reference.eq(reference))
        .one(tx.conn())
        .await?
        .map(Into::into))
}

/// A row of `client_ai_systems`: a client's AI systems (ISO/IEC 42001 scope).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AiSystem {
    pub tenant_id: uuid::Uuid,
    pub id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub name: String,
    pub purpose: String,
    pub ai_role: SystemAiRole,
    pub data_used: Option<String>,
    pub decisions_influenced: Option<String>,
    pub impact_level: ImpactLevel,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<crate::entity::client_ai_system::Model> for AiSystem {
    fn from(m: crate::entity::client_ai_system::Model) -> Self {
        Self {
            tenant_id: m.tenant_id,
            id: m.id,
            client_id: m.client_id,
            name: m.name,
            purpose: m.purpose,
            ai_role: m.ai_role.0,
            data_used: m.data_used,
            decisions_influenced: m.decisions_influenced,
            impact_level: m.impact_level.0,
            created_at: m.created_at,
        }
    }
}

impl From<AiSystem> for crate::entity::client_ai_system::Model {
    fn from(r: AiSystem) -> Self {
        Self {
            tenant_id: r.tenant_id,
            id: r.id,
            client_id: r.client_id,
            name: r.name,
            purpose: r.purpose,
            ai_role: DbEnum(r.ai_role),
            data_used: r.data_used,
            decisions_influenced: r.decisions_influenced,
            impact_level: DbEnum(r.impact_level),
            created_at: r.created_at,
        }
    }
}

/// The fields of an AI system.
#[derive(Debug, Clone)]
pub struct AiSystemFields {
    pub name: String,
    pub purpose: String,
    pub ai_role: SystemAiRole,
    pub data_used: Option<String>,
    pub decisions_influenced: Option<String>,
    pub impact_level: ImpactLevel,
}

/// A client's AI systems, by name.
pub async fn ai_systems(tx: &TenantTx, client: ClientId) -> Result<Vec<AiSystem>, StoreError> {
    use crate::entity::client_ai_system as ai;
    Ok(ai::Entity::find()
        .filter(ai::Column::TenantId.eq(tx.tid()))
        .filter(ai::Column::ClientId.eq(client.0))
        .order_by_asc(ai::Column::Name)
        .all(tx.conn())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

/// Adds an AI system.
pub async fn add_ai_system(
    tx: &TenantTx,
    client: ClientId,
    f: AiSystemFields,
) -> Result<AiSystem, StoreError> {
    use crate::entity::client_ai_system as ai;
    Ok(ai::ActiveModel {
        tenant_id: Set(tx.tid()),
        id: Set(uuid::Uuid::now_v7()),
        client_id: Set(client.0),
        name: Set(f.name),
        purpose: Set(f.purpose),
        ai_role: Set(f.ai_role.into()),
        data_used: Set(f.data_used),
        decisions_influenced: Set(f.decisions_influenced),
        impact_level: Set(f.impact_level.into()),
        created_at: Set(now()),
    }
    .insert(tx.conn())
    .await?
    .into())
}

/// Removes an AI system; false when there was none.
pub async fn remove_ai_system(
    tx: &TenantTx,
    client: ClientId,
    id: uuid::Uuid,
) -> Result<bool, StoreError> {
    use crate::entity::client_ai_system as ai;
    let r = ai::Entity::delete_many()
        .filter(ai::Column::TenantId.eq(tx.tid()))
        .filter(ai::Column::ClientId.eq(client.0))
        .filter(ai::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected == 1)
}

/// A row of `client_scopes`: the requested scope of a client per standard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub tenant_id: uuid::Uuid,
    pub client_id: uuid::Uuid,
    pub standard_code: String,
    pub scope: String,
    /// The technical areas of the scope, in the order given.
    pub technical_areas: Vec<String>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl From<super::lists::Listed<crate::entity::client_scope::Model>> for Scope {
    fn from(
        super::lists::Listed { model: m, list }: super::lists::Listed<
            crate::entity::client_scope::Model,
        >,
    ) -> Self {
        Self {
            tenant_id: m.tenant_id,
            client_id: m.client_id,
            standard_code: m.standard_code,
            scope: m.scope,
            technical_areas: list,
            updated_at: m.updated_at,
        }
    }
}

impl From<Scope> for crate::entity::client_scope::Model {
    fn from(r: Scope) -> Self {
        Self {
            tenant_id: r.tenant_id,
            client_id: r.client_id,
            standard_code: r.standard_code,
            scope: r.scope,
            updated_at: r.updated_at,
        }
    }
}

/// The requested scope of a client, per standard.
pub async fn scopes(tx: &TenantTx, client: ClientId) -> Result<Vec<Scope>, StoreError> {
    use crate::entity::client_scope;
    Ok(super::lists::with_list(
        client_scope::Entity::find()
            .filter(client_scope::Column::TenantId.eq(tx.tid()))
            .filter(client_scope::Column::ClientId.eq(client.0))
            .order_by_asc(client_scope::Column::StandardCode),
        &super::lists::SCOPE_TECHNICAL_AREAS,
    )
    .all(tx.conn())
    .await?
    .into_iter()
    .map(Into::into)
    .collect())
}

/// Sets the requested scope of a client for one standard (replacing an earlier one).
pub async fn put_scope(
    tx: &TenantTx,
    client: ClientId,
    standard: &str,
    scope: &str,
    technical_areas: &[String],
) -> Result<(), StoreError> {
    use crate::entity::client_scope;
    client_scope::Entity::insert(client_scope::ActiveModel {
        tenant_id: Set(tx.tid()),
        client_id: Set(client.0),
        standard_code: Set(standard.to_string()),
        scope: Set(scope.to_string()),
        updated_at: Set(now()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([
            client_scope::Column::TenantId,
            client_scope::Column::ClientId,
            client_scope::Column::StandardCode,
        ])
        .update_columns([client_scope::Column::Scope, client_scope::Column::UpdatedAt])
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    super::lists::SCOPE_TECHNICAL_AREAS
        .replace(
            tx,
            vec![client.0.into(), standard.to_string().into()],
            technical_areas.to_vec(),
        )
        .await
}

/// Removes the requested scope of a client for one standard; `false` when there was none.
pub async fn remove_scope(
    tx: &TenantTx,
    client: ClientId,
    standard: &str,
) -> Result<bool, StoreError> {
    use crate::entity::client_scope;
    let r = client_scope::Entity::delete_many()
        .filter(client_scope::Column::TenantId.eq(tx.tid()))
        .filter(client_scope::Column::ClientId.eq(client.0))
        .filter(client_scope::Column::StandardCode.eq(standard))
        .exec(tx.conn())
        .await?;
    Ok(r.rows_affected > 0)
}

/// The client organisation a membership is bound to (client users), if any.
pub async fn client_of_membership(
    tx: &TenantTx,
    membership: certa_domain::MembershipId,
) -> Result<Option<uuid::Uuid>, StoreError> {
    use crate::entity::client_user;
    Ok(client_user::Entity::find()
        .filter(client_user::Column::TenantId.eq(tx.tid()))
        .filter(client_user::Column::MembershipId.eq(membership.0))
        .one(tx.conn())
        .await?
        .map(|c| c.client_id))
}

/// Binds a membership to a client organisation.
pub async fn bind_client_user(
    tx: &TenantTx,
    membership: certa_domain::MembershipId,
    client: ClientId,
) -> Result<(), StoreError> {
    use crate::entity::client_user;
    client_user::ActiveModel {
        tenant_id: Set(tx.tid()),
        membership_id: Set(membership.0),
        client_id: Set(client.0),
    }
    .insert(tx.conn())
    .await?;
    Ok(())
}
