//! Object keys: `t/{tenant}/{kind}/{id}`, built from ids only.

use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// What an object is; the third segment of its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    /// An evidence file (a version of an evidence record).
    Evidence,
    /// A document Certa produces (an audit report, an export).
    Report,
    /// An image a certification body prints on its documents (its logo, its
    /// accreditation mark).
    Image,
}

impl ObjectKind {
    /// The key segment.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Evidence => "evidence",
            ObjectKind::Report => "report",
            ObjectKind::Image => "image",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "evidence" => Some(ObjectKind::Evidence),
            "report" => Some(ObjectKind::Report),
            "image" => Some(ObjectKind::Image),
            _ => None,
        }
    }
}

/// The key of one stored object: `t/{tenant uuid}/{kind}/{object uuid}`.
///
/// Keys are made from the tenant id, a kind and a generated UUIDv7, never from anything a
/// user typed (file names are kept for display only, see
/// [`display_filename`](crate::display_filename)). Every key of a tenant starts with
/// [`ObjectKey::tenant_prefix`]. The string form is what the database keeps; read it back
/// with [`ObjectKey::from_str`], which accepts exactly this format and nothing else, so a
/// key can never name a path outside the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectKey {
    tenant: Uuid,
    kind: ObjectKind,
    id: Uuid,
    text: String,
}

impl ObjectKey {
    /// A new key with a fresh UUIDv7 id.
    pub fn generate(tenant: Uuid, kind: ObjectKind) -> Self {
        Self::new(tenant, kind, Uuid::now_v7())
    }

    /// The key for an id generated elsewhere (for example the id of the evidence row).
    pub fn new(tenant: Uuid, kind: ObjectKind, id: Uuid) -> Self {
        let text = format!(
            "{}{}/{}",
            Self::tenant_prefix(tenant),
            kind.as_str(),
            id.as_hyphenated()
        );
        Self {
            tenant,
            kind,
            id,
            text,
        }
    }

    /// `t/{tenant}/`: the prefix shared by every key of the tenant.
    pub fn tenant_prefix(tenant: Uuid) -> String {
        format!("t/{}/", tenant.as_hyphenated())
    }

    /// The owning tenant.
    pub fn tenant(&self) -> Uuid {
        self.tenant
    }

    /// The kind.
    pub fn kind(&self) -> ObjectKind {
        self.kind
    }

    /// The object id.
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// The key as stored: `t/{tenant}/{kind}/{id}`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A string that is not an object key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an object key: {0:?}")]
pub struct InvalidKey(pub String);

impl FromStr for ObjectKey {
    type Err = InvalidKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidKey(s.chars().take(120).collect());
        let mut parts = s.split('/');
        let (Some("t"), Some(tenant), Some(kind), Some(id), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(bad());
        };
        let tenant = Uuid::try_parse(tenant).map_err(|_| bad())?;
        let kind = ObjectKind::parse(kind).ok_or_else(bad)?;
        let id = Uuid::try_parse(id).map_err(|_| bad())?;
        let key = ObjectKey::new(tenant, kind, id);
        // Only the canonical spelling (lowercase, hyphenated) round-trips.
        if key.text != s {
            return Err(bad());
        }
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_tenant_prefixed_and_round_trip() {
        let tenant = Uuid::now_v7();
        let k = ObjectKey::generate(tenant, ObjectKind::Evidence);
        assert!(k.as_str().starts_with(&ObjectKey::tenant_prefix(tenant)));
        assert_eq!(
            k.as_str(),
            format!("t/{tenant}/evidence/{}", k.id().as_hyphenated())
        );
        assert_eq!(k.id().get_version_num(), 7);
        let back: ObjectKey = k.as_str().parse().unwrap();
        assert_eq!(back, k);
        assert_eq!(back.tenant(), tenant);
        assert_eq!(back.kind(), ObjectKind::Evidence);
        for kind in [ObjectKind::Evidence, ObjectKind::Report, ObjectKind::Image] {
            let k = ObjectKey::generate(tenant, kind);
            assert_eq!(k.as_str().split('/').nth(2), Some(kind.as_str()));
            assert_eq!(k.as_str().parse::<ObjectKey>().unwrap().kind(), kind);
        }
    }

    #[test]
    fn anything_else_is_refused() {
        let t = Uuid::now_v7();
        let id = Uuid::now_v7();
        for s in [
            String::new(),
            format!("t/{t}/evidence/{id}/"),
            format!("/t/{t}/evidence/{id}"),
            format!("t/{t}/evidence/../{id}"),
            format!("t/{t}/secrets/{id}"),
            format!("t/{t}/images/{id}"),
            format!("t/{t}/Image/{id}"),
            format!("t/{t}/evidence/{}", id.simple()),
            format!("t/{}/evidence/{id}", t.to_string().to_uppercase()),
            format!("t/{t}/evidence/report.pdf"),
            format!("x/{t}/evidence/{id}"),
        ] {
            assert!(s.parse::<ObjectKey>().is_err(), "{s}");
        }
    }
}
