//! Bulk inserts of prepared rows into one tenant (the volume seed of `certa admin
//! seed-bench`). Every row gets the transaction's tenant, whatever it carried, and rows
//! go in multi-row statements of [`CHUNK`] rows (their lists likewise).

use crate::db::Conn;
use crate::entity::{
    application, audit_team_member, auditor, auditor_absence, certificate, certificate_revision,
    client, client_site, programme, programme_audit, public_certificate, scheduled_audit,
};
use crate::{StoreError, TenantTx};
use sea_orm::{EntityTrait, IntoActiveModel};

/// Rows per insert statement: below SQLite's and PostgreSQL's bound-parameter limits for
/// the widest table (22 columns).
pub const CHUNK: usize = 1000;

macro_rules! bulk_insert {
    ($(#[$doc:meta])* $name:ident, $m:ident, $rec:ty $(, $list:ident => $field:ident)*) => {
        $(#[$doc])*
        pub async fn $name(tx: &TenantTx, rows: Vec<$rec>) -> Result<u64, StoreError> {
            let tid = tx.tid();
            let mut inserted = 0;
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                $(let mut $field = Vec::new();)*
                let chunk: Vec<$m::ActiveModel> = rows
                    .by_ref()
                    .take(CHUNK)
                    .map(|r| {
                        $($field.push((vec![r.id.into()], r.$field.clone()));)*
                        let mut r = $m::Model::try_from(r)?;
                        r.tenant_id = tid;
                        Ok(r.into_active_model())
                    })
                    .collect::<Result<_, StoreError>>()?;
                inserted += chunk.len() as u64;
                $m::Entity::insert_many(chunk)
                    .exec_without_returning(tx.conn())
                    .await?;
                $(super::lists::$list.insert(tx, $field).await?;)*
            }
            Ok(inserted)
        }
    };
}

bulk_insert!(
    /// Inserts clients.
    clients,
    client,
    super::clients::Client
);
bulk_insert!(
    /// Inserts client sites.
    sites,
    client_site,
    super::clients::Site
);
bulk_insert!(
    /// Inserts applications.
    applications,
    application,
    super::applications::Application,
    APPLICATION_STANDARDS => standards
);
bulk_insert!(
    /// Inserts programmes.
    programmes,
    programme,
    super::applications::Programme,
    PROGRAMME_STANDARDS => standards
);
bulk_insert!(
    /// Inserts programme entries.
    programme_audits,
    programme_audit,
    super::applications::ProgrammeAudit
);
bulk_insert!(
    /// Inserts scheduled audits.
    audits,
    scheduled_audit,
    super::audits::ScheduledAudit,
    AUDIT_STANDARDS => standards,
    AUDIT_TECHNICAL_AREAS => technical_areas
);
bulk_insert!(
    /// Inserts audit team members.
    team_members,
    audit_team_member,
    super::audits::TeamMember
);
bulk_insert!(
    /// Inserts personnel records.
    auditors,
    auditor,
    super::personnel::Auditor
);
bulk_insert!(
    /// Inserts unavailability periods.
    absences,
    auditor_absence,
    super::personnel::Absence
);

/// Inserts certificates as they stand (status, revision, dates), with their standards.
pub async fn certificates(
    tx: &TenantTx,
    rows: Vec<super::certification::Certificate>,
) -> Result<u64, StoreError> {
    use crate::DbEnum;
    use sea_orm::Set;
    use sea_orm::sea_query::Value;
    let tid = tx.tid();
    let mut inserted = 0;
    for chunk in rows.chunks(CHUNK) {
        let mut standards = Vec::new();
        let models: Vec<certificate::ActiveModel> = chunk
            .iter()
            .map(|c| {
                standards.push((
                    vec![Value::from(c.id)],
                    super::lists::normalize(&c.standards),
                ));
                certificate::ActiveModel {
                    tenant_id: Set(tid),
                    id: Set(c.id),
                    client_id: Set(c.client_id),
                    programme_id: Set(c.programme_id),
                    number: Set(c.number.clone()),
                    sequence: Set(c.sequence),
                    status: Set(DbEnum(c.status)),
                    revision: Set(c.revision),
                    original_date: Set(c.original_date),
                    decision_date: Set(c.decision_date),
                    effective_date: Set(c.effective_date),
                    expiry_date: Set(c.expiry_date),
                    holder: Set(c.holder.clone()),
                    scope: Set(c.scope.clone()),
                    soa_version: Set(c.soa_version.clone()),
                    suspended_on: Set(c.suspended_on),
                    suspended_until: Set(c.suspended_until),
                    status_reason: Set(c.status_reason.clone()),
                    created_at: Set(c.created_at),
                    updated_at: Set(c.updated_at),
                }
            })
            .collect();
        inserted += models.len() as u64;
        certificate::Entity::insert_many(models)
            .exec_without_returning(tx.conn())
            .await?;
        super::lists::CERTIFICATE_STANDARDS
            .insert(tx, standards)
            .await?;
    }
    Ok(inserted)
}

/// Inserts certificate revisions as they stand (superseded or current).
pub async fn certificate_revisions(
    tx: &TenantTx,
    rows: Vec<super::certification::Revision>,
) -> Result<u64, StoreError> {
    use crate::DbEnum;
    use sea_orm::Set;
    let tid = tx.tid();
    let mut inserted = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let models: Vec<certificate_revision::ActiveModel> = rows
            .by_ref()
            .take(CHUNK)
            .map(|r| certificate_revision::ActiveModel {
                tenant_id: Set(tid),
                certificate_id: Set(r.certificate_id),
                revision: Set(r.revision),
                reason: Set(DbEnum(r.reason)),
                decision_id: Set(r.decision_id),
                content: Set(r.content),
                effective_date: Set(r.effective_date),
                expiry_date: Set(r.expiry_date),
                issued_on: Set(r.issued_on),
                superseded_at: Set(r.superseded_at),
                pdf_key: Set(r.pdf_key),
                pdf_sha256: Set(r.pdf_sha256),
                created_at: Set(r.created_at),
                credential: Set(r.credential),
                credential_jwt: Set(r.credential_jwt),
                status_list: Set(r.status_entry.map(|e| e.0)),
                status_index: Set(r.status_entry.map(|e| e.1)),
            })
            .collect();
        inserted += models.len() as u64;
        certificate_revision::Entity::insert_many(models)
            .exec_without_returning(tx.conn())
            .await?;
    }
    Ok(inserted)
}

/// Inserts rows of the public registry.
pub async fn public_certificates(
    tx: &TenantTx,
    rows: Vec<super::public::NewPublicCertificate>,
) -> Result<u64, StoreError> {
    let tid = tx.tid();
    let mut inserted = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let models: Vec<public_certificate::ActiveModel> = rows
            .by_ref()
            .take(CHUNK)
            .map(|n| super::public::active(tid, n))
            .collect();
        inserted += models.len() as u64;
        public_certificate::Entity::insert_many(models)
            .exec_without_returning(tx.conn())
            .await?;
    }
    Ok(inserted)
}
