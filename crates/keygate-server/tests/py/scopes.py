"""python-keycloak: client scopes, their mappers, realm and client default/optional scopes."""

from common import admin, confidential_client, openid, user

kc = admin()
sid = kc.create_client_scope(
    {"name": "orders", "protocol": "openid-connect", "attributes": {"include.in.token.scope": "true"}}
)
assert kc.get_client_scope(sid)["name"] == "orders"
assert kc.get_client_scope_by_name("orders")["id"] == sid
assert kc.create_client_scope({"name": "orders"}, skip_exists=True) == sid
assert {"profile", "email", "orders"} <= {s["name"] for s in kc.get_client_scopes()}

kc.update_client_scope(sid, {"name": "orders", "description": "order history"})
assert kc.get_client_scope(sid)["description"] == "order history"

kc.add_mapper_to_client_scope(
    sid,
    {
        "name": "shop",
        "protocol": "openid-connect",
        "protocolMapper": "oidc-hardcoded-claim-mapper",
        "config": {"claim.name": "shop", "claim.value": "north", "access.token.claim": "true",
                   "jsonType.label": "String"},
    },
)
assert [m["name"] for m in kc.get_mappers_from_client_scope(sid)] == ["shop"]

kc.add_default_optional_client_scope(sid)
assert "orders" in {s["name"] for s in kc.get_default_optional_client_scopes()}
kc.delete_default_optional_client_scope(sid)
kc.add_default_default_client_scope(sid)
assert "orders" in {s["name"] for s in kc.get_default_default_client_scopes()}
kc.delete_default_default_client_scope(sid)
assert "orders" not in {s["name"] for s in kc.get_default_default_client_scopes()}

cid = confidential_client(kc, "shop-ui", "ui-secret")
user(kc, "erin", password="erin-pw")
oid = openid("shop-ui", "ui-secret")
first = oid.decode_token(oid.token("erin", "erin-pw")["access_token"], validate=False)
assert "shop" not in first, "scope not yet on the client"

kc.add_client_optional_client_scope(cid, sid, {})
assert "orders" in {s["name"] for s in kc.get_client_optional_client_scopes(cid)}
plain = oid.decode_token(oid.token("erin", "erin-pw")["access_token"], validate=False)
assert "shop" not in plain, "optional scope applies only when asked for"
asked = oid.decode_token(
    oid.token("erin", "erin-pw", scope="openid orders")["access_token"], validate=False
)
assert asked["shop"] == "north" and "orders" in asked["scope"].split(), asked
kc.delete_client_optional_client_scope(cid, sid)

kc.add_client_default_client_scope(cid, sid, {})
assert "orders" in {s["name"] for s in kc.get_client_default_client_scopes(cid)}
always = oid.decode_token(oid.token("erin", "erin-pw")["access_token"], validate=False)
assert always["shop"] == "north", "default scope applies without asking"
kc.delete_client_default_client_scope(cid, sid)
assert "orders" not in {s["name"] for s in kc.get_client_default_client_scopes(cid)}

kc.delete_client_scope(sid)
assert kc.get_client_scope_by_name("orders") is None
print("scopes: ok")
