//! Signing primitives for Certa's publicly verifiable certificates.
//!
//! Certa publishes each certificate as a W3C Verifiable Credential 2.0 that verifies offline.
//! This crate holds the pure, I/O-free building blocks; storing keys, serving the key set and
//! the status lists, and issuing the credentials belong to the crates that use it.
//!
//! - [`keys`]: Ed25519 keys, their `kid` and their Multikey encodings.
//! - [`mod@seal`]: encryption at rest of private keys (HKDF-SHA256 + XChaCha20-Poly1305).
//! - [`jwk`]: public keys as JWK and JWK Sets (RFC 7517, RFC 8037).
//! - [`jws`]: compact JWS signed with EdDSA (RFC 7515, RFC 8037).
//! - [`jcs`]: the JSON Canonicalization Scheme (RFC 8785).
//! - [`proof`]: Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite.
//! - [`status_list`]: the Bitstring Status List v1.0 encoding.
//! - [`verify`]: an offline verifier of a credential against an issuer's key set.
//! - [`bundle`]: sealed audit files (a ZIP with a SHA-256 manifest and a detached
//!   signature) and their offline verifier.
//!
//! No function panics on its input: malformed input is an [`Error`].

pub mod bundle;
pub mod error;
pub mod jcs;
pub mod jwk;
pub mod jws;
pub mod keys;
pub mod proof;
pub mod seal;
pub mod status_list;
pub mod verify;

mod encoding;

pub use bundle::{BundleReport, verify_bundle};
pub use error::Error;
pub use jwk::{Jwk, Jwks};
pub use jws::{
    JwsHeader, VerifiedJws, sign_compact, sign_detached, verify_compact, verify_compact_with,
    verify_detached,
};
pub use keys::{PublicKey, SigningKey};
pub use proof::{ProofOptions, add_proof, verify_proof};
pub use seal::{open, open_secret, seal, seal_secret};
pub use status_list::StatusList;
pub use verify::{VerifiedCredential, verify_credential};

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
