//! Typed identifiers. Every id is a UUIDv7 (time-ordered, so indexes stay compact).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
            /// The raw UUID.
            pub fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl From<Uuid> for $name {
            fn from(u: Uuid) -> Self {
                Self(u)
            }
        }
    };
}

typed_id!(
    /// One certification body (tenant).
    TenantId
);
typed_id!(
    /// A global user identity.
    UserId
);
typed_id!(
    /// A user's membership in one tenant.
    MembershipId
);
typed_id!(
    /// An invitation to join a tenant.
    InvitationId
);
typed_id!(
    /// An API bearer token.
    TokenId
);
typed_id!(
    /// A queued side effect (mail) in the outbox.
    OutboxId
);
typed_id!(
    /// A browser session.
    SessionId
);
typed_id!(
    /// A client organisation (the certified entity).
    ClientId
);
typed_id!(
    /// A site of a client organisation.
    SiteId
);
typed_id!(
    /// A contact person of a client organisation.
    ContactId
);
typed_id!(
    /// A personnel record (auditor, technical expert, reviewer, decision maker).
    AuditorId
);
typed_id!(
    /// A qualification of an auditor.
    QualificationId
);
typed_id!(
    /// A conflict-of-interest declaration.
    ConflictId
);
typed_id!(
    /// An unavailability period of an auditor.
    AbsenceId
);
typed_id!(
    /// An application for certification.
    ApplicationId
);
typed_id!(
    /// A client's audit programme for one certification cycle.
    ProgrammeId
);
typed_id!(
    /// A scheduled audit.
    AuditId
);
typed_id!(
    /// A certificate (all its revisions).
    CertificateId
);
