//! Browser login: the authorization endpoint, login pages (scraped like a browser would,
//! CSRF token included), the code grant with PKCE, SSO, logout, brute-force protection;
//! an OIDC library nobody here wrote, and a real headless Chromium.

mod actions;
mod brute_force;
mod chromium;
mod code_grant;
mod errors;
mod flow;
mod keycloak_js;
mod keycloak_js_api;
mod library;
mod logout;
mod webdriver;

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::{realm_name, Srv};

pub const CB: &str = "http://127.0.0.1:9/cb";
pub const PW: &str = "s3cret-Pw";

/// A realm with user `alice` (password `PW`), a confidential client `web` (secret
/// `web-secret`, redirect `CB`, post-logout redirects `+`) and a public client `spa`.
pub async fn setup(srv: &Srv, extra: Value) -> String {
    let admin = srv.admin_token().await;
    let realm = realm_name("login");
    let mut rep = json!({"realm": realm, "enabled": true, "displayName": "Acme <Corp>"});
    if let (Some(r), Some(e)) = (rep.as_object_mut(), extra.as_object()) {
        r.extend(e.clone());
    }
    srv.create_realm(&admin, rep).await;
    srv.create_user(&admin, &realm, "alice", PW).await;
    for (id, public) in [("web", false), ("spa", true)] {
        let body = json!({
            "clientId": id, "secret": "web-secret", "publicClient": public,
            "standardFlowEnabled": true, "directAccessGrantsEnabled": true,
            "redirectUris": [CB, "http://app.example/wild/*"],
            "attributes": {"post.logout.redirect.uris": "+##http://app.example/bye"}
        });
        let r = srv
            .post(&admin, &format!("/admin/realms/{realm}/clients"), &body)
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "client {id}");
    }
    realm
}

/// A PKCE verifier and its S256 challenge.
pub fn pkce() -> (String, String) {
    let verifier = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

/// A browser: a cookie jar over the harness's client, following no redirects.
pub struct Browser<'a> {
    pub srv: &'a Srv,
    pub jar: HashMap<String, String>,
    /// Every `Set-Cookie` seen, for attribute checks.
    pub set_cookies: Vec<String>,
}

/// A fetched page.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub html: String,
}

impl Page {
    /// The first form's `action`.
    pub fn action(&self) -> String {
        attr_after(&self.html, "<form", "action").expect("form action")
    }

    /// A hidden input's value.
    pub fn hidden(&self, name: &str) -> Option<String> {
        attr_after(&self.html, &format!(r#"name="{name}""#), "value")
    }

    /// The query parameters of the `Location` header.
    pub fn redirect_params(&self) -> HashMap<String, String> {
        let loc = self.location.as_deref().expect("Location");
        url::Url::parse(loc)
            .expect("absolute Location")
            .query_pairs()
            .into_owned()
            .collect()
    }
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of `attr="..."` in the tag that starts at the first `marker`.
fn attr_after(html: &str, marker: &str, attr: &str) -> Option<String> {
    let start = html.find(marker)?;
    let tag_end = html[start..].find('>')? + start;
    let tag_start = html[..start].rfind('<').unwrap_or(start);
    let tag = &html[tag_start..tag_end];
    let key = format!(r#"{attr}=""#);
    let v = tag.find(&key)? + key.len();
    let end = tag[v..].find('"')? + v;
    Some(unescape(&tag[v..end]))
}

impl<'a> Browser<'a> {
    pub fn new(srv: &'a Srv) -> Browser<'a> {
        Browser {
            srv,
            jar: HashMap::new(),
            set_cookies: Vec::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.jar
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn absorb(&mut self, r: Response) -> Page {
        for v in r.headers().get_all("set-cookie") {
            let v = v.to_str().expect("ascii cookie").to_string();
            let (pair, _) = v.split_once(';').unwrap_or((&v, ""));
            let (name, value) = pair.split_once('=').expect("cookie pair");
            if v.contains("Max-Age=0") {
                self.jar.remove(name);
            } else {
                self.jar.insert(name.to_string(), value.to_string());
            }
            self.set_cookies.push(v);
        }
        Page {
            status: r.status(),
            location: r
                .headers()
                .get("location")
                .map(|l| l.to_str().expect("ascii").to_string()),
            html: r.text().await.expect("body"),
        }
    }

    pub async fn get(&mut self, url: &str) -> Page {
        let r = self
            .srv
            .http
            .get(url)
            .header("cookie", self.cookie_header())
            .send()
            .await
            .expect("GET");
        self.absorb(r).await
    }

    pub async fn post(&mut self, url: &str, form: &[(&str, &str)]) -> Page {
        let r = self
            .srv
            .http
            .post(url)
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .await
            .expect("POST");
        self.absorb(r).await
    }

    /// `GET .../auth` with `params`.
    pub async fn authorize(&mut self, realm: &str, params: &[(&str, &str)]) -> Page {
        let mut url = url::Url::parse(
            &self
                .srv
                .url(&format!("/realms/{realm}/protocol/openid-connect/auth")),
        )
        .expect("url");
        url.query_pairs_mut().extend_pairs(params);
        self.get(url.as_str()).await
    }

    /// Submits the sign-in form of `page` (its action and CSRF token).
    pub async fn sign_in(&mut self, page: &Page, username: &str, password: &str) -> Page {
        let csrf = page.hidden("csrf").expect("csrf token in the form");
        self.post(
            &page.action(),
            &[
                ("csrf", &csrf),
                ("username", username),
                ("password", password),
            ],
        )
        .await
    }

    /// The whole browser flow for `client`: returns the code and the redirect's params.
    pub async fn login_code(
        &mut self,
        realm: &str,
        client: &str,
        extra: &[(&str, &str)],
    ) -> HashMap<String, String> {
        let mut params = vec![
            ("client_id", client),
            ("response_type", "code"),
            ("redirect_uri", CB),
            ("scope", "openid"),
        ];
        params.extend_from_slice(extra);
        let page = self.authorize(realm, &params).await;
        let done = if page.status == StatusCode::OK {
            self.sign_in(&page, "alice", PW).await
        } else {
            page
        };
        assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
        done.redirect_params()
    }
}

/// Redeems a code at the token endpoint.
pub async fn exchange(srv: &Srv, realm: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let mut f = vec![("grant_type", "authorization_code")];
    f.extend_from_slice(form);
    let r = srv.oidc_form(realm, "token", &f).await;
    let status = r.status();
    (status, r.json().await.expect("json"))
}

/// Redeems a code for `web` with its secret.
pub async fn exchange_web(
    srv: &Srv,
    realm: &str,
    code: &str,
    extra: &[(&str, &str)],
) -> (StatusCode, Value) {
    let mut f = vec![
        ("code", code),
        ("client_id", "web"),
        ("client_secret", "web-secret"),
        ("redirect_uri", CB),
    ];
    f.extend_from_slice(extra);
    exchange(srv, realm, &f).await
}

/// `error` / `error_description` of a failed token request.
pub fn oauth_error(v: &Value) -> (&str, &str) {
    (
        v["error"].as_str().unwrap_or_default(),
        v["error_description"].as_str().unwrap_or_default(),
    )
}
