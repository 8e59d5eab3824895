"""python-keycloak: events configuration, login events and admin events."""

from keycloak.exceptions import KeycloakAuthenticationError

from common import REALM, admin, confidential_client, openid, user

kc = admin()
kc.set_events({"eventsEnabled": True, "adminEventsEnabled": True, "adminEventsDetailsEnabled": True})
config = kc.connection.raw_get(f"admin/realms/{REALM}/events/config").json()
assert config["eventsEnabled"] is True and config["adminEventsEnabled"] is True, config

confidential_client(kc, "events-app", "ev-secret")
uid = user(kc, "grace", password="grace-pw")
oid = openid("events-app", "ev-secret")
oid.token("grace", "grace-pw")
try:
    oid.token("grace", "wrong-pw")
    raise AssertionError("a wrong password signed in")
except KeycloakAuthenticationError:
    pass

logins = kc.get_events({"type": "LOGIN", "user": uid})
assert len(logins) == 1 and logins[0]["clientId"] == "events-app", logins
errors = kc.get_events({"type": "LOGIN_ERROR"})
assert len(errors) == 1 and errors[0]["error"] == "invalid_user_credentials", errors
assert len(kc.get_events({"first": 0, "max": 1})) == 1, "paging"

created = kc.get_admin_events({"operationTypes": "CREATE", "resourceTypes": "USER"})
assert [e["resourcePath"] for e in created] == [f"users/{uid}"], created
assert '"grace"' in created[0]["representation"], "details enabled: representation kept"

kc.set_events({"eventsEnabled": False, "adminEventsEnabled": False})
oid.token("grace", "grace-pw")
assert len(kc.get_events({"type": "LOGIN"})) == 1, "disabled: no new login events"
print("events: ok")
