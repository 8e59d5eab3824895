"""python-keycloak: users — create, read, search, count, update, password, delete."""

from keycloak.exceptions import KeycloakGetError, KeycloakPostError

from common import admin, openid, confidential_client, user

kc = admin()
uid = user(kc, "alice", password="first-pw")
assert len(uid) == 36, f"create_user returns the new id, got {uid!r}"
assert kc.get_user_id("alice") == uid, "get_user_id finds alice"

got = kc.get_user(uid)
assert got["username"] == "alice" and got["email"] == "alice@example.com", got
assert got["enabled"] is True, got
assert "userProfileMetadata" not in got, "metadata only when asked for"
meta = kc.get_user(uid, user_profile_metadata=True)["userProfileMetadata"]
assert [a["name"] for a in meta["attributes"]] == ["username", "email", "firstName", "lastName"], meta

user(kc, "bob")
found = kc.get_users({"search": "ali"})
assert [u["username"] for u in found] == ["alice"], f"search 'ali': {found}"
assert kc.users_count() == 2, f"users_count: {kc.users_count()}"
assert kc.users_count({"username": "bob"}) == 1

try:
    user(kc, "alice")
    raise AssertionError("a second alice was created")
except KeycloakPostError as e:
    assert e.response_code == 409, f"duplicate username: {e.response_code} {e}"
assert kc.create_user({"username": "alice"}, exist_ok=True) == uid, "exist_ok returns the id"

kc.update_user(uid, {"firstName": "Alicia", "attributes": {"team": ["blue"]}})
got = kc.get_user(uid)
assert got["firstName"] == "Alicia", got
assert got["attributes"]["team"] == ["blue"], got

kc.disable_user(uid)
assert kc.get_user(uid)["enabled"] is False
kc.enable_user(uid)

kc.set_user_password(uid, "second-pw", temporary=False)
creds = kc.get_credentials(uid)
assert [c["type"] for c in creds] == ["password"], creds

confidential_client(kc, "app", "app-secret")
oid = openid("app", "app-secret")
tokens = oid.token("alice", "second-pw")
assert tokens["access_token"], "the new password signs in"

kc.delete_user(uid)
try:
    kc.get_user(uid)
    raise AssertionError("deleted user still readable")
except KeycloakGetError as e:
    assert e.response_code == 404, e
print("users: ok")
