#!/usr/bin/env python3
"""Verifies a credential signed by certa-credentials with independent implementations.

    python3 independent.py JWKS_FILE CREDENTIAL_FILE
    python3 independent.py --status JWKS_FILE STATUS_LIST_FILE INDEX

CREDENTIAL_FILE holds either a compact JWS (RFC 7515, EdDSA of RFC 8037) or a JSON credential
with an `eddsa-jcs-2022` Data Integrity proof (W3C VC Data Integrity EdDSA Cryptosuites v1.0,
section 3.3). The key is the JWK of JWKS_FILE whose `kid` is the JWS header's `kid`, or the
fragment of the proof's `verificationMethod` (`did:key:` methods are decoded from the method
itself, and JWKS_FILE may then be `-`).

With `--status`, STATUS_LIST_FILE is a status list credential as a compact JWS (W3C Bitstring
Status List v1.0): its signature is checked, its `encodedList` decoded (multibase `u`,
base64url, GZIP) and the bit at INDEX printed (`OK purpose=<purpose> bit=<0|1> length=<bits>`).

Nothing here is shared with the Rust code: JSON, GZIP and base64 from the standard library,
JWS from `jwcrypto`, Ed25519 from `cryptography`, JCS from `rfc8785`, base58 from `base58`
(`pip install jwcrypto cryptography rfc8785 base58`).

Prints `OK <kind> kid=<kid>` and exits 0 when the signature verifies; prints `FAIL <reason>` and
exits 1 when it does not; exits 2 on a usage error or a missing module.
"""

import base64
import hashlib
import json
import sys

import gzip

try:
    import base58
    import rfc8785
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from jwcrypto import jwk as jose_jwk
    from jwcrypto import jws as jose_jws
    from jwcrypto.common import JWException
except ImportError as missing:  # pragma: no cover
    print(f"missing module: {missing.name} (pip install jwcrypto cryptography rfc8785 base58)")
    sys.exit(2)


class Failure(Exception):
    pass


def b64url_decode(text):
    if "=" in text:
        raise Failure("base64url with padding")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwk_key(jwks, kid):
    if jwks is None:
        raise Failure("no JWKS given")
    matches = [k for k in jwks.get("keys", []) if k.get("kid") == kid]
    if len(matches) != 1:
        raise Failure(f"{len(matches)} keys with kid {kid!r}")
    jwk = matches[0]
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise Failure("not an Ed25519 JWK")
    if jwk.get("alg", "EdDSA") != "EdDSA" or jwk.get("use", "sig") != "sig":
        raise Failure("JWK alg or use")
    x = b64url_decode(jwk["x"])
    if len(x) != 32:
        raise Failure("x is not 32 bytes")
    return Ed25519PublicKey.from_public_bytes(x)


def multikey(multibase):
    if not multibase.startswith("z"):
        raise Failure("not base58btc")
    raw = base58.b58decode(multibase[1:])
    if raw[:2] != b"\xed\x01" or len(raw) != 34:
        raise Failure("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def verify_jws(compact, jwks):
    """Checks a compact JWS with jwcrypto against the key of the JWK Set its `kid` names;
    answers (description, payload)."""
    if jwks is None:
        raise Failure("no JWKS given")
    try:
        keyset = jose_jwk.JWKSet.from_json(json.dumps(jwks))
    except JWException as e:
        raise Failure(f"not a JWK Set: {e!r}")
    token = jose_jws.JWS()
    token.allowed_algs = ["EdDSA"]
    try:
        token.deserialize(compact)
    except JWException as e:
        raise Failure(f"not a compact JWS: {e}")
    header = token.jose_header
    if header.get("alg") != "EdDSA":
        raise Failure(f"alg {header.get('alg')!r}")
    kid = header.get("kid")
    key = keyset.get_key(kid)
    if key is None:
        raise Failure(f"no key with kid {kid!r}")
    try:
        token.verify(key, alg="EdDSA")
    except JWException:
        raise InvalidSignature()
    payload = json.loads(token.payload)
    return f"jws typ={header.get('typ')} kid={kid}", payload


def verify_data_integrity(document, jwks):
    proof = document.pop("proof")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != "eddsa-jcs-2022":
        raise Failure("not an eddsa-jcs-2022 DataIntegrityProof")
    proof_value = proof.pop("proofValue")
    if not proof_value.startswith("z"):
        raise Failure("proofValue is not base58btc")
    signature = base58.b58decode(proof_value[1:])
    if "@context" in proof and proof["@context"] != document.get("@context"):
        raise Failure("the proof's @context is not the document's")
    if "@context" in document:
        proof["@context"] = document["@context"]
    hash_data = (
        hashlib.sha256(rfc8785.dumps(proof)).digest()
        + hashlib.sha256(rfc8785.dumps(document)).digest()
    )
    method = proof["verificationMethod"]
    if method.startswith("did:key:"):
        kid = method.split("#", 1)[1]
        key = multikey(kid)
    else:
        kid = method.rsplit("#", 1)[1]
        key = jwk_key(jwks, kid)
    key.verify(signature, hash_data)
    return f"eddsa-jcs-2022 kid={kid}"


def status_bit(jwks, compact, index):
    description, credential = verify_jws(compact, jwks)
    if "BitstringStatusListCredential" not in credential.get("type", []):
        raise Failure("not a BitstringStatusListCredential")
    subject = credential["credentialSubject"]
    encoded = subject["encodedList"]
    if not encoded.startswith("u"):
        raise Failure("encodedList is not multibase base64url")
    bits = gzip.decompress(b64url_decode(encoded[1:]))
    if len(bits) * 8 < 131072:
        raise Failure("the list is shorter than 131,072 entries")
    # Index 0 is the most significant bit of the first byte.
    bit = (bits[index // 8] >> (7 - index % 8)) & 1
    return f"purpose={subject['statusPurpose']} bit={bit} length={len(bits) * 8}"


def main(argv):
    if len(argv) == 5 and argv[1] == "--status":
        with open(argv[2], encoding="utf-8") as f:
            jwks = json.load(f)
        with open(argv[3], encoding="utf-8") as f:
            compact = f.read().strip()
        try:
            print(f"OK {status_bit(jwks, compact, int(argv[4]))}")
            return 0
        except InvalidSignature:
            print("FAIL the signature does not verify")
            return 1
        except (Failure, KeyError, ValueError, OSError) as reason:
            print(f"FAIL {reason!r}")
            return 1
    if len(argv) != 3:
        print(__doc__)
        return 2
    jwks = None
    if argv[1] != "-":
        with open(argv[1], encoding="utf-8") as f:
            jwks = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        text = f.read().strip()
    try:
        if text.startswith("{"):
            result = verify_data_integrity(json.loads(text), jwks)
        else:
            result, _ = verify_jws(text, jwks)
    except InvalidSignature:
        print("FAIL the signature does not verify")
        return 1
    except (Failure, KeyError, ValueError) as reason:
        print(f"FAIL {reason!r}")
        return 1
    print(f"OK {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
