// @keycloak/keycloak-admin-client: clients, secrets, service accounts, client scopes.
import assert from "node:assert/strict";
import { admin, confidentialClient, statusOf, token, user } from "./common.mjs";

const kc = await admin();
const cid = await confidentialClient(kc, "billing", "first-secret");
assert.deepEqual((await kc.clients.find({ clientId: "billing" })).map((c) => c.id), [cid]);
assert.equal((await kc.clients.findOne({ id: cid })).publicClient, false);
assert.equal(await statusOf(confidentialClient(kc, "billing", "x")), 409);
await kc.clients.update({ id: cid }, { clientId: "billing", description: "invoices" });
assert.equal((await kc.clients.findOne({ id: cid })).description, "invoices");

assert.deepEqual(await kc.clients.getClientSecret({ id: cid }), { type: "secret", value: "first-secret" });
const fresh = await kc.clients.generateNewClientSecret({ id: cid });
assert.notEqual(fresh.value, "first-secret");
const cc = (secret) => token({ grant_type: "client_credentials", client_id: "billing", client_secret: secret });
assert.equal((await cc(fresh.value)).status, 200);
assert.equal((await cc("first-secret")).status, 401, "the old secret is gone");

const sa = await kc.clients.getServiceAccountUser({ id: cid });
assert.equal(sa.username, "service-account-billing");

const { id: sid } = await kc.clientScopes.create({
  name: "orders",
  protocol: "openid-connect",
  attributes: { "include.in.token.scope": "true" },
});
assert.equal((await kc.clientScopes.findOne({ id: sid })).name, "orders");
await kc.clientScopes.update({ id: sid }, { name: "orders", description: "order history" });
assert.equal((await kc.clientScopes.findOne({ id: sid })).description, "order history");
await kc.clientScopes.addProtocolMapper({ id: sid }, {
  name: "shop",
  protocol: "openid-connect",
  protocolMapper: "oidc-hardcoded-claim-mapper",
  config: { "claim.name": "shop", "claim.value": "north", "access.token.claim": "true", "jsonType.label": "String" },
});
assert.deepEqual((await kc.clientScopes.listProtocolMappers({ id: sid })).map((m) => m.name), ["shop"]);

await kc.clientScopes.addDefaultOptionalClientScope({ id: sid });
assert.ok((await kc.clientScopes.listDefaultOptionalClientScopes()).some((s) => s.name === "orders"));
await kc.clientScopes.delDefaultOptionalClientScope({ id: sid });
await kc.clientScopes.addDefaultClientScope({ id: sid });
assert.ok((await kc.clientScopes.listDefaultClientScopes()).some((s) => s.name === "orders"));
await kc.clientScopes.delDefaultClientScope({ id: sid });
assert.ok(!(await kc.clientScopes.listDefaultClientScopes()).some((s) => s.name === "orders"));

await user(kc, "erin", "erin-pw");
const claims = async (scope) => {
  const form = { grant_type: "password", client_id: "billing", client_secret: fresh.value, username: "erin", password: "erin-pw" };
  const r = await token(scope ? { ...form, scope } : form);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return JSON.parse(Buffer.from(r.body.access_token.split(".")[1], "base64url"));
};
await kc.clients.addOptionalClientScope({ id: cid, clientScopeId: sid });
assert.ok((await kc.clients.listOptionalClientScopes({ id: cid })).some((s) => s.name === "orders"));
assert.equal((await claims()).shop, undefined, "optional scope only when asked");
assert.equal((await claims("openid orders")).shop, "north");
await kc.clients.delOptionalClientScope({ id: cid, clientScopeId: sid });
await kc.clients.addDefaultClientScope({ id: cid, clientScopeId: sid });
assert.ok((await kc.clients.listDefaultClientScopes({ id: cid })).some((s) => s.name === "orders"));
assert.equal((await claims()).shop, "north", "default scope always");
await kc.clients.delDefaultClientScope({ id: cid, clientScopeId: sid });

await kc.clientScopes.del({ id: sid });
assert.equal(await kc.clientScopes.findOne({ id: sid }), null);
await kc.clients.del({ id: cid });
assert.deepEqual(await kc.clients.find({ clientId: "billing" }), []);
console.log("admin clients + scopes: ok");
