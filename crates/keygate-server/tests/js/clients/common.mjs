// What every script shares. The Rust test starts Keygate, creates a fresh realm and sets
// KEYGATE_URL (no trailing slash), KEYGATE_REALM, KEYGATE_ADMIN_USER, KEYGATE_ADMIN_PASSWORD.
import KcAdminClient from "@keycloak/keycloak-admin-client";

export const URL_BASE = process.env.KEYGATE_URL;
export const REALM = process.env.KEYGATE_REALM;

/** An admin client signed in to master (admin-cli), working on the test realm. */
export async function admin() {
  const kc = new KcAdminClient({ baseUrl: URL_BASE, realmName: "master" });
  await kc.auth({
    grantType: "password",
    clientId: "admin-cli",
    username: process.env.KEYGATE_ADMIN_USER,
    password: process.env.KEYGATE_ADMIN_PASSWORD,
  });
  kc.setConfig({ realmName: REALM });
  return kc;
}

/** Creates an enabled user with a password; returns its id. */
export async function user(kc, username, password = "pw-secret") {
  const { id } = await kc.users.create({
    username,
    enabled: true,
    email: `${username}@example.com`,
    firstName: "Test",
    lastName: username,
    credentials: [{ type: "password", value: password, temporary: false }],
  });
  return id;
}

/** Creates a confidential client with direct grants and a service account; returns id. */
export async function confidentialClient(kc, clientId, secret, extra = {}) {
  const { id } = await kc.clients.create({
    clientId,
    secret,
    publicClient: false,
    directAccessGrantsEnabled: true,
    serviceAccountsEnabled: true,
    ...extra,
  });
  return id;
}

/** The token endpoint of the test realm, for a password or client-credentials grant. */
export async function token(form) {
  const r = await fetch(`${URL_BASE}/realms/${REALM}/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams(form),
  });
  return { status: r.status, body: await r.json() };
}

/** The HTTP status a rejected admin call carried. */
export async function statusOf(promise) {
  try {
    await promise;
  } catch (e) {
    return e.response?.status;
  }
  return 200;
}

export const names = (list) => list.map((x) => x.name).sort();
