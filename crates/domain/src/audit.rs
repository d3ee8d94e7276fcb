//! The tamper-evident audit trail's hashing rule.
//!
//! Records must let an accreditation body reconstruct who did what and when
//! (ISO/IEC 17021-1 9.9, and the append-only, hash-chained trail recommended in the
//! domain reference §6). Each event's hash is SHA-256 over a canonical encoding of its
//! fields *and the previous event's hash*, so altering or deleting any row breaks the
//! chain from that sequence number on.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The hash that precedes the first event of every tenant's chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of one audit event that the hash covers.
#[derive(Debug, Clone)]
pub struct EventFields<'a> {
    pub tenant_id: uuid::Uuid,
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<uuid::Uuid>,
    pub actor_label: &'a str,
    pub action: &'a str,
    pub subject: &'a str,
    pub data: &'a Value,
    pub prev_hash: &'a str,
}

/// Serialises JSON with object keys sorted and no insignificant whitespace, so the
/// same value always gives the same bytes whatever map order a library used.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push(':');
                if let Some(inner) = map.get(*k) {
                    write_canonical(inner, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Truncates a timestamp to microseconds, the precision both databases keep.
pub fn truncate_to_micros(t: DateTime<Utc>) -> DateTime<Utc> {
    let micros = t.timestamp_micros();
    DateTime::from_timestamp_micros(micros).unwrap_or(t)
}

/// Computes the hex SHA-256 of an event. The encoding is a canonical JSON array of the
/// fields in a fixed order; timestamps are RFC 3339 with microseconds.
pub fn event_hash(f: &EventFields<'_>) -> String {
    let encoded = Value::Array(vec![
        Value::String("certa.audit.v1".into()),
        Value::String(f.tenant_id.to_string()),
        Value::from(f.seq),
        Value::String(
            truncate_to_micros(f.occurred_at).to_rfc3339_opts(SecondsFormat::Micros, true),
        ),
        f.actor_id
            .map(|a| Value::String(a.to_string()))
            .unwrap_or(Value::Null),
        Value::String(f.actor_label.to_string()),
        Value::String(f.action.to_string()),
        Value::String(f.subject.to_string()),
        f.data.clone(),
        Value::String(f.prev_hash.to_string()),
    ]);
    hex::encode(Sha256::digest(canonical_json(&encoded).as_bytes()))
}

/// Keys that must never be stored in an audit event's data.
pub const FORBIDDEN_DATA_KEYS: [&str; 5] =
    ["password", "token", "secret", "password_hash", "token_hash"];

/// Whether `data` contains a forbidden key at any depth.
pub fn contains_secret_keys(data: &Value) -> bool {
    match data {
        Value::Object(map) => map.iter().any(|(k, v)| {
            FORBIDDEN_DATA_KEYS.contains(&k.to_ascii_lowercase().as_str())
                || contains_secret_keys(v)
        }),
        Value::Array(items) => items.iter().any(contains_secret_keys),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields<'a>(data: &'a Value, prev: &'a str) -> EventFields<'a> {
        EventFields {
            tenant_id: uuid::Uuid::nil(),
            seq: 1,
            occurred_at: DateTime::from_timestamp(1_700_000_000, 123_456_789).unwrap(),
            actor_id: None,
            actor_label: "system",
            action: "member.invited",
            subject: "invitation:x",
            data,
            prev_hash: prev,
        }
    }

    #[test]
    fn canonical_json_sorts_keys_recursively() {
        let a = json!({"b": 1, "a": {"d": [1, {"z": 0, "y": 1}], "c": null}});
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}"#
        );
    }

    #[test]
    fn hash_depends_on_every_field_and_the_chain() {
        let data = json!({"email_domain": "example.org"});
        let h = event_hash(&fields(&data, GENESIS_HASH));
        assert_eq!(h.len(), 64);
        assert_eq!(h, event_hash(&fields(&data, GENESIS_HASH)));
        let other = json!({"email_domain": "example.com"});
        assert_ne!(h, event_hash(&fields(&other, GENESIS_HASH)));
        assert_ne!(h, event_hash(&fields(&data, &h)));
        let mut f = fields(&data, GENESIS_HASH);
        f.seq = 2;
        assert_ne!(h, event_hash(&f));
    }

    #[test]
    fn nanoseconds_beyond_micros_do_not_change_the_hash() {
        let data = json!({});
        let mut f = fields(&data, GENESIS_HASH);
        let h = event_hash(&f);
        f.occurred_at = DateTime::from_timestamp(1_700_000_000, 123_456_000).unwrap();
        assert_eq!(h, event_hash(&f));
    }

    #[test]
    fn secret_keys_are_detected_at_any_depth() {
        assert!(contains_secret_keys(&json!({"a": [{"Password": "x"}]})));
        assert!(!contains_secret_keys(&json!({"roles": ["admin"]})));
    }
}
