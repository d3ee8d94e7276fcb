#!/usr/bin/env python3
"""Verifies a sealed audit file written by Certa with independent implementations.

    python3 independent_bundle.py JWKS_FILE AUDIT_FILE.zip

Checks, in this order: the detached JWS in `manifest.sig` (RFC 7515 appendix F, EdDSA of
RFC 8037) over the exact bytes of `manifest.json`, with the JWK of JWKS_FILE whose `kid` is the
header's; the manifest's format, version and kid; every listed file's size and SHA-256; and that
the archive holds no file the manifest does not list.

Nothing here is shared with the Rust code: ZIP, JSON, base64 and SHA-256 from the standard
library, Ed25519 from `cryptography` (`pip install cryptography`).

Prints `OK <n> files kid=<kid>` and exits 0 when everything matches; prints
`FAIL <path>: <reason>` for the first file that does not match and exits 1; exits 2 on a usage
error or a missing module.
"""

import base64
import hashlib
import json
import sys
import zipfile

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError as missing:  # pragma: no cover
    print(f"missing module: {missing.name} (pip install cryptography)")
    sys.exit(2)

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"


class Failure(Exception):
    def __init__(self, path, reason):
        super().__init__(f"{path}: {reason}")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    if "=" in text:
        raise ValueError("base64url with padding")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_for(jwks, kid):
    matches = [k for k in jwks.get("keys", []) if k.get("kid") == kid]
    if len(matches) != 1:
        raise Failure(MANIFEST, f"{len(matches)} keys with kid {kid!r} in the key set")
    jwk = matches[0]
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise Failure(MANIFEST, "the key is not an Ed25519 JWK")
    return Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))


def check(jwks, archive):
    names = archive.namelist()
    if len(names) != len(set(names)):
        raise Failure("(archive)", "a name appears twice")
    for required in (MANIFEST, SIGNATURE):
        if required not in names:
            raise Failure(required, "missing from the archive")
    manifest_bytes = archive.read(MANIFEST)
    signature = archive.read(SIGNATURE).decode("ascii").strip()
    parts = signature.split(".")
    if len(parts) != 3 or parts[1] != "":
        raise Failure(MANIFEST, "manifest.sig is not a detached JWS")
    header = json.loads(b64url_decode(parts[0]))
    if header.get("alg") != "EdDSA" or "crit" in header:
        raise Failure(MANIFEST, f"unsupported JWS header {header}")
    kid = header.get("kid")
    key = key_for(jwks, kid)
    signing_input = (parts[0] + "." + b64url(manifest_bytes)).encode("ascii")
    try:
        key.verify(b64url_decode(parts[2]), signing_input)
    except InvalidSignature:
        raise Failure(MANIFEST, "the signature does not verify") from None
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") != "certa-audit-file" or manifest.get("version") != 1:
        raise Failure(MANIFEST, "unknown format or version")
    if manifest.get("kid") != kid:
        raise Failure(MANIFEST, "the manifest names another key than the signature's")
    listed = set()
    for entry in manifest["files"]:
        path = entry["path"]
        if path in listed:
            raise Failure(path, "listed twice")
        listed.add(path)
        if path not in names:
            raise Failure(path, "listed in the manifest but missing from the archive")
        digest = hashlib.sha256()
        size = 0
        with archive.open(path) as f:
            while True:
                chunk = f.read(1 << 16)
                if not chunk:
                    break
                size += len(chunk)
                digest.update(chunk)
        if size != entry["size"]:
            raise Failure(path, f"{size} bytes where the manifest lists {entry['size']}")
        if digest.hexdigest() != entry["sha256"]:
            raise Failure(path, "its SHA-256 differs from the manifest's")
    extra = sorted(n for n in names if n not in listed and n not in (MANIFEST, SIGNATURE)
                   and not n.endswith("/"))
    if extra:
        raise Failure(extra[0], "in the archive but not listed in the manifest")
    return len(listed), kid


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip())
        return 2
    with open(argv[1], encoding="utf-8") as f:
        jwks = json.load(f)
    try:
        with zipfile.ZipFile(argv[2]) as archive:
            count, kid = check(jwks, archive)
    except Failure as failure:
        print(f"FAIL {failure}")
        return 1
    except (zipfile.BadZipFile, ValueError, KeyError) as error:
        print(f"FAIL (archive): {error}")
        return 1
    print(f"OK {count} files kid={kid}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
