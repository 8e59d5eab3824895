//! The OpenID Connect side: logins, refresh, logout, introspection, userinfo, discovery.

use jsonwebtoken::jwk::JwkSet;
use keygate_model::{IntrospectionResponse, PublishedRealm, TokenResponse, UserInfo};
use reqwest::Method;

use crate::error::Result;
use crate::{seg, KeygateClient};

impl KeygateClient {
    fn oidc_url(&self, realm: &str, endpoint: &str) -> String {
        format!(
            "{}/realms/{}/protocol/openid-connect/{endpoint}",
            self.base,
            seg(realm)
        )
    }

    async fn token_form(&self, realm: &str, form: &[(&str, &str)]) -> Result<TokenResponse> {
        let req = self.http.post(self.oidc_url(realm, "token")).form(form);
        Self::json(req).await
    }

    /// Password grant with a (possibly confidential) client (gocloak `Login`).
    pub async fn login(
        &self,
        client_id: &str,
        client_secret: &str,
        realm: &str,
        username: &str,
        password: &str,
    ) -> Result<TokenResponse> {
        let form = vec![
            ("grant_type", "password"),
            ("client_id", client_id),
            ("username", username),
            ("password", password),
        ];
        self.token_form(realm, &with_secret(form, client_secret))
            .await
    }

    /// Client-credentials grant (gocloak `LoginClient`).
    pub async fn login_client(
        &self,
        client_id: &str,
        client_secret: &str,
        realm: &str,
    ) -> Result<TokenResponse> {
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", client_secret),
        ];
        self.token_form(realm, &form).await
    }

    /// Password grant through the realm's `admin-cli` client (gocloak `LoginAdmin`).
    pub async fn login_admin(
        &self,
        username: &str,
        password: &str,
        realm: &str,
    ) -> Result<TokenResponse> {
        self.login("admin-cli", "", realm, username, password).await
    }

    /// Refresh-token grant (gocloak `RefreshToken`).
    pub async fn refresh_token(
        &self,
        refresh_token: &str,
        client_id: &str,
        client_secret: &str,
        realm: &str,
    ) -> Result<TokenResponse> {
        let form = vec![
            ("grant_type", "refresh_token"),
            ("client_id", client_id),
            ("refresh_token", refresh_token),
        ];
        self.token_form(realm, &with_secret(form, client_secret))
            .await
    }

    /// Ends the session behind a refresh token (gocloak `Logout`).
    pub async fn logout(
        &self,
        client_id: &str,
        client_secret: &str,
        realm: &str,
        refresh_token: &str,
    ) -> Result<()> {
        let form = vec![("client_id", client_id), ("refresh_token", refresh_token)];
        let form = with_secret(form, client_secret);
        Self::empty(self.http.post(self.oidc_url(realm, "logout")).form(&form)).await
    }

    /// Logout for a public client, authenticated by its access token (gocloak
    /// `LogoutPublicClient`).
    pub async fn logout_public_client(
        &self,
        client_id: &str,
        realm: &str,
        access_token: &str,
        refresh_token: &str,
    ) -> Result<()> {
        let form = [("client_id", client_id), ("refresh_token", refresh_token)];
        let req = self
            .request(Method::POST, &self.oidc_url(realm, "logout"), access_token)
            .form(&form);
        Self::empty(req).await
    }

    /// RFC 7662 introspection (gocloak `RetrospectToken`).
    pub async fn introspect_token(
        &self,
        token: &str,
        client_id: &str,
        client_secret: &str,
        realm: &str,
    ) -> Result<IntrospectionResponse> {
        let req = self
            .http
            .post(self.oidc_url(realm, "token/introspect"))
            .basic_auth(client_id, Some(client_secret))
            .form(&[
                ("token", token),
                ("token_type_hint", "requesting_party_token"),
            ]);
        Self::json(req).await
    }

    /// RFC 7009 revocation of an access or refresh token.
    pub async fn revoke_token(
        &self,
        token: &str,
        client_id: &str,
        client_secret: &str,
        realm: &str,
    ) -> Result<()> {
        let form = with_secret(
            vec![("client_id", client_id), ("token", token)],
            client_secret,
        );
        Self::empty(self.http.post(self.oidc_url(realm, "revoke")).form(&form)).await
    }

    /// The userinfo endpoint (gocloak `GetUserInfo`).
    pub async fn get_user_info(&self, access_token: &str, realm: &str) -> Result<UserInfo> {
        self.get_json(&self.oidc_url(realm, "userinfo"), access_token)
            .await
    }

    /// `GET /realms/{realm}` (gocloak `GetIssuer`).
    pub async fn get_issuer(&self, realm: &str) -> Result<PublishedRealm> {
        Self::json(self.http.get(self.issuer_url(realm))).await
    }

    /// The realm's JWKS (gocloak `GetCerts`).
    pub async fn get_certs(&self, realm: &str) -> Result<JwkSet> {
        Self::json(self.http.get(self.oidc_url(realm, "certs"))).await
    }

    /// The realm's OpenID configuration document.
    pub async fn get_openid_configuration(&self, realm: &str) -> Result<serde_json::Value> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            self.issuer_url(realm)
        );
        Self::json(self.http.get(url)).await
    }

    /// Verifies an access token against the realm's current keys and returns its claims
    /// (gocloak `DecodeAccessToken`). For many calls, keep a [`crate::TokenVerifier`].
    pub async fn decode_access_token(
        &self,
        access_token: &str,
        realm: &str,
    ) -> Result<keygate_model::AccessTokenClaims> {
        let verifier = crate::TokenVerifier::new(self.clone(), crate::VerifierConfig::new(realm));
        Ok(verifier.verify(access_token).await?)
    }
}

/// The form with `client_secret` added when there is one: public clients send none.
fn with_secret<'a>(mut form: Vec<(&'a str, &'a str)>, secret: &'a str) -> Vec<(&'a str, &'a str)> {
    if !secret.is_empty() {
        form.push(("client_secret", secret));
    }
    form
}
