//! [`ApiJson`]: the JSON body of an API request, held to a stricter contract than JSON
//! itself allows.
//!
//! - the media type is `application/json` (or `…+json`), else 415 `unsupported_media_type`;
//! - at most [`JSON_LIMIT`](crate::JSON_LIMIT) bytes, else 413 `body_too_large`;
//! - valid JSON, else 400 `malformed_json`;
//! - a JSON **object** at the top: serde would otherwise fill a struct from an array
//!   (`["label"]`), so anything else is 422 `body_not_object`;
//! - no key twice in any object (JSON parsers disagree on which one wins), else 422
//!   `duplicate_key`;
//! - then the shape of `T` (unknown, missing or mistyped fields), else 422 `invalid_body`.

use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use certa_domain::ErrorCode;
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;

/// A checked JSON object body of type `T`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T> ApiJson<T> {
    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for ApiJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

fn json_media_type(req: &HttpRequest) -> bool {
    matches!(req.mime_type(), Ok(Some(m))
        if m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
}

/// A checked JSON array body (bulk operations): the same contract with an array at the
/// top instead of an object (422 `body_not_array` otherwise).
#[derive(Debug)]
pub struct ApiJsonList<T>(pub Vec<T>);

impl<T> ApiJsonList<T> {
    /// The values.
    pub fn into_inner(self) -> Vec<T> {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read(req, payload);
        Box::pin(async move { parse(&body.await?, Top::Object).map(ApiJson) })
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJsonList<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read(req, payload);
        Box::pin(async move { parse(&body.await?, Top::Array).map(ApiJsonList) })
    }
}

/// Reads a JSON body within the limit.
fn read(
    req: &HttpRequest,
    payload: &mut Payload,
) -> LocalBoxFuture<'static, Result<Vec<u8>, ApiError>> {
    if !json_media_type(req) {
        return Box::pin(async {
            Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "send the body as application/json",
            ))
        });
    }
    let mut payload = payload.take();
    Box::pin(async move {
        let too_large = || {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BodyTooLarge,
                format!("the body is larger than {} bytes", crate::JSON_LIMIT),
            )
        };
        let mut body = Vec::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::BadBody, e.to_string())
            })?;
            if body.len() + chunk.len() > crate::JSON_LIMIT {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    })
}

/// What a body must hold at the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Top {
    /// A JSON object (every ordinary body).
    Object,
    /// A JSON array (bulk operations).
    Array,
}

/// Checks `body` against the contract in the module docs and deserialises it.
pub fn parse<T: DeserializeOwned>(body: &[u8], top: Top) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    if let Err(e) = Strict.deserialize(&mut de).and_then(|()| de.end()) {
        return Err(if e.is_data() {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::DuplicateKey,
                e.to_string(),
            )
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::MalformedJson,
                format!("the body is not valid JSON: {e}"),
            )
        });
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    match (top, first) {
        (Top::Object, Some(b'{')) | (Top::Array, Some(b'[')) => {}
        (Top::Object, _) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::BodyNotObject,
                "the body must be a JSON object",
            ));
        }
        (Top::Array, _) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::BodyNotArray,
                "the body must be a JSON array",
            ));
        }
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidBody,
            e.to_string(),
        )
    })
}

/// Walks a JSON value, refusing an object that names a key twice.
struct Strict;

impl<'de> DeserializeSeed<'de> for Strict {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Strict)
    }
}

impl<'de> Visitor<'de> for Strict {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Strict)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format!(
                    "the key {key:?} appears twice in one object"
                )));
            }
            map.next_value_seed(Strict)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Top, parse};
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Label {
        #[allow(dead_code, reason = "read by the tests through Debug")]
        label: String,
    }

    fn code(body: &str) -> &'static str {
        match parse::<Label>(body.as_bytes(), Top::Object) {
            Ok(_) => "ok",
            Err(e) => e.code.as_str(),
        }
    }

    #[test]
    fn only_objects_without_repeated_keys_pass() {
        assert_eq!(code(r#"{"label": "ci"}"#), "ok");
        assert_eq!(code(r#" ["ci"] "#), "body_not_object");
        assert_eq!(code("\"ci\""), "body_not_object");
        assert_eq!(code("null"), "body_not_object");
        assert_eq!(code(r#"{"label": "a", "label": "b"}"#), "duplicate_key");
        assert_eq!(
            code(r#"{"label": "a", "x": {"y": 1, "y": 2}}"#),
            "duplicate_key"
        );
        assert_eq!(code(r#"{"label": "a"} trailing"#), "malformed_json");
        assert_eq!(code("{\"label\": "), "malformed_json");
        assert_eq!(code("\u{0}"), "malformed_json");
        assert_eq!(code(r#"{"label": 3}"#), "invalid_body");
        assert_eq!(code(r#"{"label": "a", "other": 1}"#), "invalid_body");
        let list =
            |b: &str| parse::<Vec<Label>>(b.as_bytes(), Top::Array).map_err(|e| e.code.as_str());
        assert_eq!(list(r#"[{"label": "a"}]"#).map(|v| v.len()), Ok(1));
        assert_eq!(
            list(r#"{"label": "a"}"#).map(|v| v.len()),
            Err("body_not_array")
        );
    }
}
