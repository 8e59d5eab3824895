// @keycloak/keycloak-admin-client: sessions, logout, events config and listings, keys.
import assert from "node:assert/strict";
import { admin, confidentialClient, token, user } from "./common.mjs";

const kc = await admin();
await kc.realms.updateConfigEvents(
  { realm: kc.realmName },
  { eventsEnabled: true, adminEventsEnabled: true, adminEventsDetailsEnabled: true },
);
const config = await kc.realms.getConfigEvents({ realm: kc.realmName });
assert.equal(config.eventsEnabled, true);
assert.equal(config.adminEventsEnabled, true);

const cid = await confidentialClient(kc, "portal", "portal-secret");
const uid = await user(kc, "frank", "frank-pw");
const signIn = (password) =>
  token({ grant_type: "password", client_id: "portal", client_secret: "portal-secret", username: "frank", password });
const first = await signIn("frank-pw");
assert.equal(first.status, 200);
await signIn("frank-pw");
assert.equal((await signIn("wrong")).status, 401);

const sessions = await kc.users.listSessions({ id: uid });
assert.equal(sessions.length, 2, JSON.stringify(sessions));
assert.equal(sessions[0].clients[cid], "portal");
assert.equal((await kc.clients.listSessions({ id: cid })).length, 2);
assert.equal((await kc.clients.getSessionCount({ id: cid })).count, 2);
const stats = await kc.realms.getClientSessionStats({ realm: kc.realmName });
assert.ok(stats.some((s) => s.clientId === "portal" && s.active === "2"), JSON.stringify(stats));

await kc.realms.deleteSession({ realm: kc.realmName, session: sessions[0].id, isOffline: false });
assert.equal((await kc.users.listSessions({ id: uid })).length, 1);
await kc.users.logout({ id: uid });
assert.deepEqual(await kc.users.listSessions({ id: uid }), []);
const refresh = await token({
  grant_type: "refresh_token", client_id: "portal", client_secret: "portal-secret", refresh_token: first.body.refresh_token,
});
assert.equal(refresh.status, 400, "refresh after logout");

const logins = await kc.realms.findEvents({ realm: kc.realmName, type: "LOGIN", user: uid });
assert.equal(logins.length, 2, JSON.stringify(logins));
const errors = await kc.realms.findEvents({ realm: kc.realmName, type: "LOGIN_ERROR" });
assert.equal(errors[0].error, "invalid_user_credentials");
const created = await kc.realms.findAdminEvents({ realm: kc.realmName, operationTypes: "CREATE", resourceTypes: "USER" });
assert.deepEqual(created.map((e) => e.resourcePath), [`users/${uid}`]);
await kc.realms.clearEvents({ realm: kc.realmName });
assert.deepEqual(await kc.realms.findEvents({ realm: kc.realmName }), []);
await kc.realms.clearAdminEvents({ realm: kc.realmName });
assert.deepEqual(await kc.realms.findAdminEvents({ realm: kc.realmName }), []);

const keys = await kc.realms.getKeys({ realm: kc.realmName });
const rs = keys.keys.find((k) => k.algorithm === "RS256");
assert.equal(keys.active.RS256, rs.kid);
const jwks = await (await fetch(`${kc.baseUrl}/realms/${kc.realmName}/protocol/openid-connect/certs`)).json();
assert.ok(jwks.keys.some((k) => k.kid === rs.kid));
console.log("admin sessions + events + keys: ok");
