//! Domain errors: a rule was broken or a value is invalid.

/// A value or rule violation detected without touching any IO.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// A field failed validation. `field` names it for the client, `code` is stable.
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        code: &'static str,
        message: String,
    },
}

impl DomainError {
    /// Shorthand for a validation failure on one field.
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            code,
            message: message.into(),
        }
    }
}
