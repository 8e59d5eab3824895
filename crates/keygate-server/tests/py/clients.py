"""python-keycloak: clients — create, find, update, secrets, service account, delete."""

from keycloak.exceptions import KeycloakAuthenticationError, KeycloakGetError, KeycloakPostError

from common import admin, confidential_client, openid

kc = admin()
cid = confidential_client(kc, "billing", "first-secret")
assert kc.get_client_id("billing") == cid, "get_client_id maps clientId to id"
got = kc.get_client(cid)
assert got["clientId"] == "billing" and got["publicClient"] is False, got
assert "billing" in [c["clientId"] for c in kc.get_clients()]

try:
    confidential_client(kc, "billing", "x")
    raise AssertionError("duplicate clientId accepted")
except KeycloakPostError as e:
    assert e.response_code == 409, e
assert kc.create_client({"clientId": "billing"}, skip_exists=True) == cid

kc.update_client(cid, {"clientId": "billing", "description": "invoices"})
assert kc.get_client(cid)["description"] == "invoices"

secret = kc.get_client_secrets(cid)
assert secret == {"type": "secret", "value": "first-secret"}, secret
fresh = kc.generate_client_secrets(cid)
assert fresh["type"] == "secret" and fresh["value"] != "first-secret", fresh
assert kc.get_client_secrets(cid)["value"] == fresh["value"]

oid = openid("billing", fresh["value"])
assert oid.token(grant_type="client_credentials")["access_token"], "new secret works"
stale = openid("billing", "first-secret")
try:
    stale.token(grant_type="client_credentials")
    raise AssertionError("the replaced secret still works")
except KeycloakAuthenticationError as e:
    assert e.response_code == 401, e

sa = kc.get_client_service_account_user(cid)
assert sa["username"] == "service-account-billing", sa
assert kc.get_user(sa["id"])["username"] == "service-account-billing"

kc.add_mapper_to_client(
    cid,
    {
        "name": "tier",
        "protocol": "openid-connect",
        "protocolMapper": "oidc-hardcoded-claim-mapper",
        "config": {"claim.name": "tier", "claim.value": "gold", "access.token.claim": "true",
                   "jsonType.label": "String"},
    },
)
assert [m["name"] for m in kc.get_mappers_from_client(cid)] == ["tier"]
token = oid.token(grant_type="client_credentials")["access_token"]
assert oid.decode_token(token, validate=False)["tier"] == "gold", "hardcoded claim mapper"

kc.delete_client(cid)
try:
    kc.get_client(cid)
    raise AssertionError("deleted client still readable")
except KeycloakGetError as e:
    assert e.response_code == 404, e
assert kc.get_client_id("billing") is None
print("clients: ok")
