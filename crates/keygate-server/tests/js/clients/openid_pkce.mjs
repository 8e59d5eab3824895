// openid-client: the authorization-code flow with PKCE. The login form is driven with plain
// HTTP (GET the authorization URL, POST the form it holds with its cookies); openid-client
// builds the request and redeems the code.
import assert from "node:assert/strict";
import * as oidc from "openid-client";
import { REALM, URL_BASE, admin, confidentialClient, user } from "./common.mjs";

const REDIRECT = "http://127.0.0.1:9/cb";
const kc = await admin();
await confidentialClient(kc, "web", "web-secret", { redirectUris: [REDIRECT], standardFlowEnabled: true });
await user(kc, "judy", "judy-pw");

const config = await oidc.discovery(new URL(`${URL_BASE}/realms/${REALM}`), "web", "web-secret", undefined, {
  execute: [oidc.allowInsecureRequests],
});
/** Signs judy in through the login form; returns the redirect back and what was sent. */
async function signIn() {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const authUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: "openid profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const page = await fetch(authUrl, { redirect: "manual" });
  assert.equal(page.status, 200, `login page: ${page.status}`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const html = await page.text();
  const unescape = (s) => s.replace(/&amp;/g, "&").replace(/&#x2F;/g, "/").replace(/&quot;/g, '"');
  const action = unescape(html.match(/<form id="kc-form-login" action="([^"]+)"/)[1]);
  const form = new URLSearchParams({ username: "judy", password: "judy-pw" });
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    form.set(name, unescape(value));
  }
  const posted = await fetch(new URL(action, authUrl), {
    method: "POST",
    body: form,
    headers: { cookie: cookies },
    redirect: "manual",
  });
  assert.equal(posted.status, 302, `login POST: ${posted.status} ${await posted.text()}`);
  const back = new URL(posted.headers.get("location"));
  assert.equal(back.origin + back.pathname, REDIRECT);
  return { back, verifier, state, nonce };
}

const { back, verifier, state, nonce } = await signIn();
const tokens = await oidc.authorizationCodeGrant(config, back, {
  pkceCodeVerifier: verifier,
  expectedState: state,
  expectedNonce: nonce,
  idTokenExpected: true,
});
assert.equal(tokens.claims().preferred_username, "judy");
const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims().sub);
assert.equal(info.preferred_username, "judy");

// The code is single use.
await assert.rejects(
  oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state }),
  (e) => e.error === "invalid_grant",
);
// A code redeemed with another verifier than the challenge's is refused.
const second = await signIn();
await assert.rejects(
  oidc.authorizationCodeGrant(config, second.back, {
    pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
    expectedState: second.state,
  }),
  (e) => e.error === "invalid_grant",
);
console.log("openid-client PKCE: ok");
