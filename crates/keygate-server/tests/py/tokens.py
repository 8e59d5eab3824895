"""python-keycloak: the OpenID side — well-known, grants, refresh, introspect, userinfo, logout;
the same through its async (httpx) methods."""

import asyncio

from keycloak.exceptions import KeycloakAuthenticationError, KeycloakPostError

from common import admin, confidential_client, openid, user

kc = admin()
confidential_client(kc, "web", "web-secret")
user(kc, "heidi", password="heidi-pw")
oid = openid("web", "web-secret")

wk = oid.well_known()
assert wk["issuer"].endswith("/realms/" + oid.realm_name), wk["issuer"]
assert "authorization_code" in wk["grant_types_supported"]
auth = oid.auth_url(redirect_uri="http://127.0.0.1/cb", scope="openid", state="st")
assert auth.startswith(wk["authorization_endpoint"]) and "client_id=web" in auth, auth

tokens = oid.token("heidi", "heidi-pw", scope="openid profile email")
assert tokens["token_type"] == "Bearer" and tokens["id_token"], tokens.keys()
claims = oid.decode_token(tokens["access_token"])
assert claims["preferred_username"] == "heidi" and claims["azp"] == "web", claims

info = oid.userinfo(tokens["access_token"])
assert info["preferred_username"] == "heidi" and info["email"] == "heidi@example.com", info

live = oid.introspect(tokens["access_token"])
assert live["active"] is True and live["username"] == "heidi" and live["client_id"] == "web", live
rt = oid.introspect(tokens["refresh_token"], token_type_hint="refresh_token")
assert rt["active"] is True and rt["typ"] == "Refresh", rt

refreshed = oid.refresh_token(tokens["refresh_token"])
assert refreshed["access_token"] != tokens["access_token"], "refresh issues a new token"
assert oid.decode_token(refreshed["access_token"])["sid"] == claims["sid"], "same session"

sa = oid.token(grant_type="client_credentials")
assert "refresh_token" not in sa, "client credentials carry no refresh token by default"
assert oid.decode_token(sa["access_token"])["preferred_username"] == "service-account-web"

try:
    oid.token("heidi", "not-her-password")
    raise AssertionError("wrong password accepted")
except KeycloakAuthenticationError as e:
    assert e.response_code == 401 and b"invalid_grant" in e.response_body, e

oid.logout(refreshed["refresh_token"])
assert oid.introspect(refreshed["access_token"])["active"] is False, "logout ends the session"
try:
    oid.refresh_token(refreshed["refresh_token"])
    raise AssertionError("refresh after logout")
except KeycloakPostError as e:
    assert e.response_code == 400, e


async def over_httpx():
    t = await oid.a_token("heidi", "heidi-pw", scope="openid")
    assert (await oid.a_userinfo(t["access_token"]))["preferred_username"] == "heidi"
    assert (await oid.a_introspect(t["access_token"]))["active"] is True
    again = await oid.a_refresh_token(t["refresh_token"])
    assert (await oid.a_decode_token(again["access_token"]))["azp"] == "web"
    await oid.a_logout(again["refresh_token"])
    assert (await oid.a_introspect(again["access_token"]))["active"] is False


asyncio.run(over_httpx())
print("tokens: ok")
