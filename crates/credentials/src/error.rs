//! The errors of this crate.

/// Why an operation failed.
///
/// Verification failures are deliberately coarse where detail would help an attacker
/// (a bad signature is [`Error::BadSignature`], whatever the cause); malformed input says what
/// is wrong with it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,

    /// A byte string is not a valid Ed25519 public key.
    #[error("invalid Ed25519 public key")]
    InvalidPublicKey,

    /// A Multikey string (`publicKeyMultibase`, `privateKeyMultibase`) is malformed.
    #[error("invalid Multikey: {0}")]
    InvalidMultikey(&'static str),

    /// The master secret for sealing keys is too short.
    #[error("the master secret must be at least {min} bytes long")]
    WeakMasterSecret {
        /// The minimum length in bytes.
        min: usize,
    },

    /// A sealed key could not be opened: wrong master secret, wrong context, or tampered data.
    #[error("the sealed key cannot be opened with this master secret and context")]
    Unseal,

    /// A JWK or JWK Set is malformed or is not an Ed25519 signing key.
    #[error("invalid JWK: {0}")]
    InvalidJwk(&'static str),

    /// A compact JWS is malformed.
    #[error("malformed JWS: {0}")]
    MalformedJws(&'static str),

    /// A JWS names an algorithm other than `EdDSA` (including `none`).
    #[error("unsupported JWS algorithm {0:?}: only EdDSA is accepted")]
    UnsupportedAlgorithm(String),

    /// No key of the key set has this `kid`.
    #[error("no key with kid {0:?}")]
    UnknownKey(String),

    /// A signature does not verify.
    #[error("the signature does not verify")]
    BadSignature,

    /// JSON could not be parsed or serialized (including JCS canonicalization, which refuses
    /// numbers that are not finite).
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),

    /// A document or its Data Integrity proof is malformed or of an unsupported kind.
    #[error("invalid Data Integrity proof: {0}")]
    InvalidProof(&'static str),

    /// The proof's verification method cannot be resolved to a public key.
    #[error("unknown verification method {0:?}")]
    UnknownVerificationMethod(String),

    /// A Bitstring Status List is malformed.
    #[error("invalid status list: {0}")]
    InvalidStatusList(&'static str),

    /// A status list index is past the end of the list.
    #[error("status list index {index} is out of range (the list has {len} entries)")]
    StatusIndexOutOfRange {
        /// The index asked for.
        index: usize,
        /// The number of entries of the list.
        len: usize,
    },

    /// A credential is malformed or does not meet the verifier's rules.
    #[error("invalid credential: {0}")]
    InvalidCredential(&'static str),

    /// A sealed audit file cannot be read at all (not a ZIP archive, no readable manifest).
    #[error("invalid audit file: {0}")]
    InvalidBundle(&'static str),
}
