"""What every script shares: where Keygate is, and an admin connection to the test realm.

The Rust test starts the server, creates a fresh realm and sets:
KEYGATE_URL (base URL, no trailing slash), KEYGATE_REALM, KEYGATE_ADMIN_USER,
KEYGATE_ADMIN_PASSWORD (the bootstrapped administrator of `master`).
"""

import os

from keycloak import KeycloakAdmin, KeycloakOpenID, KeycloakOpenIDConnection

URL = os.environ["KEYGATE_URL"] + "/"
REALM = os.environ["KEYGATE_REALM"]
ADMIN_USER = os.environ["KEYGATE_ADMIN_USER"]
ADMIN_PASSWORD = os.environ["KEYGATE_ADMIN_PASSWORD"]


def admin() -> KeycloakAdmin:
    """An admin client that signs in to master and manages the test realm."""
    conn = KeycloakOpenIDConnection(
        server_url=URL,
        username=ADMIN_USER,
        password=ADMIN_PASSWORD,
        realm_name=REALM,
        user_realm_name="master",
        client_id="admin-cli",
    )
    return KeycloakAdmin(connection=conn)


def openid(client_id: str, secret: str | None = None) -> KeycloakOpenID:
    """An OpenID client of the test realm."""
    return KeycloakOpenID(
        server_url=URL, realm_name=REALM, client_id=client_id, client_secret_key=secret
    )


def user(kc: KeycloakAdmin, username: str, password: str = "pw-secret", **extra) -> str:
    """Creates an enabled user with a password; returns its id."""
    payload = {
        "username": username,
        "enabled": True,
        "email": f"{username}@example.com",
        "firstName": "Test",
        "lastName": username.capitalize(),
        "credentials": [{"type": "password", "value": password, "temporary": False}],
    }
    payload.update(extra)
    return kc.create_user(payload)


def confidential_client(kc: KeycloakAdmin, client_id: str, secret: str) -> str:
    """Creates a confidential client with direct grants and a service account; returns id."""
    return kc.create_client(
        {
            "clientId": client_id,
            "secret": secret,
            "publicClient": False,
            "directAccessGrantsEnabled": True,
            "serviceAccountsEnabled": True,
            "redirectUris": ["http://127.0.0.1/cb"],
        }
    )


def names(items) -> set:
    return {i["name"] for i in items}
