//! Roles and the permission matrix (role × action).
//!
//! ISO/IEC 17021-1 7.2 asks the certification body to define who may do what; the
//! matrix below is that definition for the platform's own functions. It is checked in
//! the service layer before any use case touches data.

use crate::DomainError;
use crate::ErrorCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A role a membership can hold inside one certification body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages the certification body's members, tokens and settings.
    Admin,
    /// Programme manager: plans programmes and schedules audits.
    Scheduler,
    /// Performs audits.
    Auditor,
    /// Reviews reports and takes certification decisions.
    Reviewer,
    /// A client organisation's user, limited to its own organisation.
    Client,
    /// Read-only access (for example an accreditation-body assessor).
    Viewer,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Scheduler,
        Role::Auditor,
        Role::Reviewer,
        Role::Client,
        Role::Viewer,
    ];

    /// The stable snake_case name used in the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Scheduler => "scheduler",
            Role::Auditor => "auditor",
            Role::Reviewer => "reviewer",
            Role::Client => "client",
            Role::Viewer => "viewer",
        }
    }

    /// Parses a role name.
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| {
                DomainError::invalid(
                    "roles",
                    ErrorCode::UnknownRole,
                    format!(
                        "unknown role '{s}'; expected one of admin, scheduler, auditor, reviewer, client, viewer"
                    ),
                )
            })
    }

    /// Whether this role may perform `action`. The single source of truth.
    pub fn allows(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Admin => true,
            Role::Scheduler => matches!(
                action,
                ViewDashboard
                    | ViewSettings
                    | ViewMembers
                    | ManageOwnTokens
                    | ViewClients
                    | ManageClients
                    | ViewPersonnel
                    | ManagePersonnel
                    | ReviewApplications
                    | ScheduleAudits
                    | ConductAudits
                    | ViewCertificates
            ),
            Role::Auditor => matches!(
                action,
                ViewDashboard
                    | ViewSettings
                    | ViewMembers
                    | ManageOwnTokens
                    | ViewClients
                    | ViewPersonnel
                    | ConductAudits
                    | ViewCertificates
            ),
            Role::Reviewer => matches!(
                action,
                ViewDashboard
                    | ViewSettings
                    | ViewMembers
                    | ManageOwnTokens
                    | ViewClients
                    | ViewPersonnel
                    | ViewCertificates
                    | ReviewAuditFiles
                    | DecideCertification
                    | ExportAuditFile
            ),
            Role::Viewer => matches!(
                action,
                ViewDashboard
                    | ViewSettings
                    | ViewMembers
                    | ManageOwnTokens
                    | ViewClients
                    | ViewPersonnel
                    | ViewCertificates
            ),
            Role::Client => matches!(action, ViewDashboard | RespondFindings),
        }
    }
}

/// Something a member may try to do. New use cases add their action here and a row in
/// [`Role::allows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// See the tenant dashboard.
    ViewDashboard,
    /// List the members of the tenant.
    ViewMembers,
    /// Invite members, change their roles, remove them, revoke invitations.
    ManageMembers,
    /// Create, list and revoke one's own API tokens.
    ManageOwnTokens,
    /// List and revoke every member's API tokens.
    ManageAllTokens,
    /// Read the audit trail and check its integrity.
    ViewAuditTrail,
    /// See the mail outbox and retry dead mails.
    ManageOutbox,
    /// See client organisations, their sites and contacts.
    ViewClients,
    /// Register and edit client organisations, their sites and contacts.
    ManageClients,
    /// See personnel records (qualifications, conflicts, unavailability).
    ViewPersonnel,
    /// Keep personnel records.
    ManagePersonnel,
    /// Register applications and review them (accept or decline, ISO/IEC 17021-1 9.1.2).
    ReviewApplications,
    /// Schedule audits, propose and confirm teams (ISO/IEC 17021-1 9.2).
    ScheduleAudits,
    /// Read the certification body's settings and audit-time tables, and calculate audit
    /// time with them (staff only: client users never see the body's configuration).
    ViewSettings,
    /// Change the certification body's settings and audit-time tables.
    ManageSettings,
    /// Work audit checklists, raise and review nonconformities, request evidence
    /// (17021-1 9.4).
    ConductAudits,
    /// Answer nonconformities and upload evidence for one's own organisation (client
    /// users, 17021-1 9.4.9).
    RespondFindings,
    /// See the certificate register and certificates (staff).
    ViewCertificates,
    /// Review audit files before the decision (ISO/IEC 17021-1 9.5.1).
    ReviewAuditFiles,
    /// Take certification decisions and suspend, restore or withdraw certificates
    /// (17021-1 9.5, 9.6.5).
    DecideCertification,
    /// Export a programme's whole file (reports, decisions, nonconformities, evidence,
    /// certificates and their audit-trail extract) as a sealed audit file, for an
    /// accreditation assessment (17021-1 9.9).
    ExportAuditFile,
}

/// A non-empty set of roles held by one membership.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoleSet(BTreeSet<Role>);

impl RoleSet {
    /// Builds a set, refusing an empty one (a membership without a role means nothing).
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Result<Self, DomainError> {
        let set: BTreeSet<Role> = roles.into_iter().collect();
        if set.is_empty() {
            return Err(DomainError::invalid(
                "roles",
                ErrorCode::RolesEmpty,
                "at least one role is required",
            ));
        }
        Ok(Self(set))
    }

    /// Parses role names (as sent by the API or a form).
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Self, DomainError> {
        let roles = names
            .iter()
            .map(|n| Role::parse(n.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(roles)
    }

    /// Reads the comma-separated storage form; unknown names are an error.
    pub fn from_db(s: &str) -> Result<Self, DomainError> {
        let names: Vec<&str> = s.split(',').filter(|p| !p.is_empty()).collect();
        Self::parse(&names)
    }

    /// The comma-separated storage form, in a stable order.
    pub fn to_db(&self) -> String {
        self.0
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Whether the set contains `role`.
    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    /// Whether any role in the set allows `action`.
    pub fn allows(&self, action: Action) -> bool {
        self.0.iter().any(|r| r.allows(action))
    }

    /// The roles, in stable order.
    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    /// Role names, in stable order.
    pub fn names(&self) -> Vec<&'static str> {
        self.iter().map(Role::as_str).collect()
    }
}

crate::stored::stored_labels! {
    Role ("role") {
        Admin => "admin",
        Scheduler => "scheduler",
        Auditor => "auditor",
        Reviewer => "reviewer",
        Client => "client",
        Viewer => "viewer",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_can_do_everything_client_almost_nothing() {
        for action in [
            Action::ViewDashboard,
            Action::ViewMembers,
            Action::ManageMembers,
            Action::ManageOwnTokens,
            Action::ManageAllTokens,
            Action::ViewAuditTrail,
            Action::ManageOutbox,
            Action::ViewClients,
            Action::ManageClients,
        ] {
            assert!(Role::Admin.allows(action), "{action:?}");
        }
        assert!(Role::Scheduler.allows(Action::ManageClients));
        assert!(Role::Auditor.allows(Action::ViewClients));
        assert!(!Role::Auditor.allows(Action::ManageClients));
        assert!(!Role::Client.allows(Action::ViewClients));
        assert!(Role::Client.allows(Action::ViewDashboard));
        assert!(!Role::Client.allows(Action::ViewMembers));
        assert!(!Role::Client.allows(Action::ManageOwnTokens));
        assert!(!Role::Auditor.allows(Action::ManageMembers));
        assert!(!Role::Viewer.allows(Action::ViewAuditTrail));
        for staff in [Role::Scheduler, Role::Auditor, Role::Reviewer, Role::Viewer] {
            assert!(staff.allows(Action::ViewSettings), "{staff:?}");
            assert!(!staff.allows(Action::ManageSettings) || staff == Role::Admin);
        }
        assert!(!Role::Client.allows(Action::ViewSettings));
        assert!(Role::Admin.allows(Action::ExportAuditFile));
        assert!(Role::Reviewer.allows(Action::ExportAuditFile));
        for other in [Role::Scheduler, Role::Auditor, Role::Viewer, Role::Client] {
            assert!(!other.allows(Action::ExportAuditFile), "{other:?}");
        }
    }

    #[test]
    fn role_set_round_trips_and_rejects_empty_or_unknown() {
        let set = RoleSet::parse(&["viewer", "admin"]).unwrap();
        assert_eq!(set.to_db(), "admin,viewer");
        assert_eq!(RoleSet::from_db(&set.to_db()).unwrap(), set);
        assert!(RoleSet::parse::<&str>(&[]).is_err());
        let err = RoleSet::parse(&["owner"]).unwrap_err();
        assert!(matches!(
            err,
            DomainError::Invalid {
                code: ErrorCode::UnknownRole,
                ..
            }
        ));
    }

    #[test]
    fn set_allows_if_any_role_allows() {
        let set = RoleSet::parse(&["client", "admin"]).unwrap();
        assert!(set.allows(Action::ManageOutbox));
        let set = RoleSet::parse(&["client"]).unwrap();
        assert!(!set.allows(Action::ManageOutbox));
    }
}
