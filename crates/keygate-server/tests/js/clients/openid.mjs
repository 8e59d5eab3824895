// openid-client: discovery, client credentials, password via a generic grant, refresh,
// introspection, userinfo, revocation, end-session URL.
import assert from "node:assert/strict";
import * as oidc from "openid-client";
import { REALM, URL_BASE, admin, confidentialClient, user } from "./common.mjs";

const kc = await admin();
await confidentialClient(kc, "rp", "rp-secret", { redirectUris: ["http://127.0.0.1/cb"] });
await user(kc, "ivan", "ivan-pw");

const issuer = new URL(`${URL_BASE}/realms/${REALM}`);
// Plain http on loopback: openid-client insists on opting in.
const config = await oidc.discovery(issuer, "rp", "rp-secret", undefined, {
  execute: [oidc.allowInsecureRequests],
});
const meta = config.serverMetadata();
assert.equal(meta.issuer, issuer.href);
assert.ok(meta.code_challenge_methods_supported.includes("S256"));

const cc = await oidc.clientCredentialsGrant(config, { scope: "openid" });
assert.equal(cc.token_type.toLowerCase(), "bearer");
assert.equal(cc.claims().azp, "rp", "id token validated by openid-client");

const pw = await oidc.genericGrantRequest(config, "password", {
  username: "ivan",
  password: "ivan-pw",
  scope: "openid profile email",
});
const sub = pw.claims().sub;
assert.equal(pw.claims().preferred_username, "ivan");

const info = await oidc.fetchUserInfo(config, pw.access_token, sub);
assert.equal(info.email, "ivan@example.com");

const live = await oidc.tokenIntrospection(config, pw.access_token);
assert.equal(live.active, true);
assert.equal(live.username, "ivan");

const refreshed = await oidc.refreshTokenGrant(config, pw.refresh_token);
assert.notEqual(refreshed.access_token, pw.access_token);
assert.equal(refreshed.claims().sub, sub);

await oidc.tokenRevocation(config, refreshed.refresh_token, { token_type_hint: "refresh_token" });
await assert.rejects(oidc.refreshTokenGrant(config, refreshed.refresh_token), (e) => {
  assert.equal(e.error, "invalid_grant", String(e));
  return true;
}, "a revoked refresh token is refused");
await oidc.tokenRevocation(config, cc.access_token);
assert.equal((await oidc.tokenIntrospection(config, cc.access_token)).active, false, "revoked access token");

const end = oidc.buildEndSessionUrl(config, { id_token_hint: pw.id_token });
assert.equal(end.origin + end.pathname, meta.end_session_endpoint);
console.log("openid-client: ok");
