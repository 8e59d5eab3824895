"""python-keycloak: realm keys, the JWKS, the realm public key, offline token checks."""

from jwcrypto import jwk

from common import admin, confidential_client, openid

kc = admin()
keys = kc.get_keys()
rsa = [k for k in keys["keys"] if k["algorithm"] == "RS256" and k["use"] == "SIG"]
assert len(rsa) == 1 and rsa[0]["status"] == "ACTIVE", keys
assert keys["active"]["RS256"] == rsa[0]["kid"], keys["active"]

confidential_client(kc, "keys-app", "keys-secret")
oid = openid("keys-app", "keys-secret")
certs = oid.certs()
assert rsa[0]["kid"] in [k["kid"] for k in certs["keys"]], certs
assert rsa[0]["publicKey"] == oid.public_key(), "realm public key matches the admin view"

token = oid.token(grant_type="client_credentials")["access_token"]
# python-keycloak's own verification: fetches the JWKS and checks signature and expiry.
claims = oid.decode_token(token)
assert claims["azp"] == "keys-app", claims
# And with a key built from the realm's PEM public key.
pem = "-----BEGIN PUBLIC KEY-----\n" + oid.public_key() + "\n-----END PUBLIC KEY-----"
key = jwk.JWK.from_pem(pem.encode())
assert oid.decode_token(token, key=key)["azp"] == "keys-app"
try:
    oid.decode_token(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    raise AssertionError("a tampered token verified")
except Exception as e:  # jwcrypto's own error types: no key in the set verifies it
    assert type(e).__module__.startswith("jwcrypto"), repr(e)
print("keys: ok")
