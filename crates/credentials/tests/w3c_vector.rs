//! The W3C test vector of the `eddsa-jcs-2022` cryptosuite (tests/vectors/README.md):
//! signing the vector's credential with its proof options and key gives its `proofValue` byte
//! for byte, and the vector verifies.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use certa_credentials::{
    Error, ProofOptions, PublicKey, SigningKey, add_proof, proof::canonical_inputs, verify_proof,
};
use serde_json::Value;

fn vector(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Resolves a `did:key` verification method `did:key:<mb>#<mb>` to its key (the did:key
/// Method v0.7 §3.1.2: the fragment is the key's `publicKeyMultibase`).
fn did_key(vm: &str) -> Option<PublicKey> {
    let (did, fragment) = vm.split_once('#')?;
    (did.strip_prefix("did:key:")? == fragment)
        .then(|| PublicKey::from_multibase(fragment).ok())
        .flatten()
}

#[test]
fn the_key_pair_is_read() {
    let pair = vector("keyPair.json");
    let key =
        SigningKey::from_private_multibase(pair["privateKeyMultibase"].as_str().unwrap()).unwrap();
    assert_eq!(
        key.public_key().to_multibase(),
        pair["publicKeyMultibase"].as_str().unwrap()
    );
}

#[test]
fn signing_reproduces_the_proof_value() {
    let pair = vector("keyPair.json");
    let key =
        SigningKey::from_private_multibase(pair["privateKeyMultibase"].as_str().unwrap()).unwrap();
    let signed = vector("signedJCS.json");
    let proof = signed["proof"].clone();
    let mut unsigned = signed.clone();
    unsigned.as_object_mut().unwrap().remove("proof");

    let options = ProofOptions {
        verification_method: proof["verificationMethod"].as_str().unwrap().to_owned(),
        proof_purpose: proof["proofPurpose"].as_str().unwrap().to_owned(),
        created: proof["created"].as_str().unwrap().parse().unwrap(),
    };
    let ours = add_proof(unsigned, &options, &key).unwrap();
    assert_eq!(
        ours["proof"]["proofValue"].as_str().unwrap(),
        "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
    );
    // Not only the proof value: the whole signed credential is the vector's.
    assert_eq!(ours, signed);
}

#[test]
fn the_vector_verifies() {
    let signed = vector("signedJCS.json");
    verify_proof(&signed, did_key).unwrap();
}

#[test]
fn one_changed_character_of_the_subject_fails() {
    let mut signed = vector("signedJCS.json");
    assert_eq!(
        signed["credentialSubject"]["alumniOf"],
        "The School of Examples"
    );
    signed["credentialSubject"]["alumniOf"] = "The School of Examplez".into();
    assert!(matches!(
        verify_proof(&signed, did_key),
        Err(Error::BadSignature)
    ));
}

#[test]
fn the_canonical_inputs_are_the_specifications() {
    // The canonical proof configuration and document that are hashed (EdDSA Cryptosuites
    // §3.3.4), in JCS form: sorted members, no whitespace.
    let (config, document) = canonical_inputs(&vector("signedJCS.json")).unwrap();
    assert_eq!(
        config,
        r#"{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],"created":"2023-02-24T23:36:38Z","cryptosuite":"eddsa-jcs-2022","proofPurpose":"assertionMethod","type":"DataIntegrityProof","verificationMethod":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}"#
    );
    assert!(document.starts_with(r#"{"@context":["#));
    assert!(document.ends_with(r#""validFrom":"2023-01-01T00:00:00Z"}"#));
}
