"""python-keycloak: user and client sessions, logging a user out everywhere."""

from keycloak.exceptions import KeycloakPostError

from common import admin, confidential_client, openid, user

kc = admin()
cid = confidential_client(kc, "portal", "portal-secret")
uid = user(kc, "frank", password="frank-pw")
oid = openid("portal", "portal-secret")
first = oid.token("frank", "frank-pw")
oid.token("frank", "frank-pw")

sessions = kc.get_sessions(uid)
assert len(sessions) == 2, f"two sign-ins, two sessions: {sessions}"
assert all(s["username"] == "frank" for s in sessions), sessions
assert all(cid in s["clients"] and s["clients"][cid] == "portal" for s in sessions), sessions

client_sessions = kc.get_client_all_sessions(cid)
assert len(client_sessions) == 2, client_sessions
stats = kc.get_client_sessions_stats()
assert any(s["clientId"] == "portal" and s["active"] == "2" for s in stats), stats

kc.user_logout(uid)
assert kc.get_sessions(uid) == [], "user_logout ends every session"
try:
    oid.refresh_token(first["refresh_token"])
    raise AssertionError("refresh token outlived the logout")
except KeycloakPostError as e:
    assert e.response_code == 400 and b"invalid_grant" in e.response_body, e
print("sessions: ok")
