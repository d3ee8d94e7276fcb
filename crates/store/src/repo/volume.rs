//! Bulk inserts of prepared rows into one tenant (the volume seed of `certa admin
//! seed-bench`). Every row gets the transaction's tenant, whatever it carried, and rows
//! go in multi-row statements of [`CHUNK`] rows (their lists likewise).

use crate::db::Conn;
use crate::entity::{
    application, audit_team_member, auditor, auditor_absence, client, client_site, programme,
    programme_audit, scheduled_audit,
};
use crate::{StoreError, TenantTx};
use sea_orm::{EntityTrait, IntoActiveModel};

/// Rows per insert statement: below SQLite's and PostgreSQL's bound-parameter limits for
/// the widest table (15 columns).
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
