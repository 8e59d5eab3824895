//! The rest of gocloak's token helpers: any token request, permission requests, custom
//! claims, and attribute checks.

use std::collections::BTreeMap;

use keygate_model::TokenResponse;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::params::TokenOptions;
use crate::{seg, KeygateClient};

impl KeygateClient {
    /// Any token request, described by `options` (gocloak `GetToken`).
    pub async fn get_token(&self, realm: &str, options: &TokenOptions) -> Result<TokenResponse> {
        let url = format!(
            "{}/realms/{}/protocol/openid-connect/token",
            self.base,
            seg(realm)
        );
        Self::json(self.http.post(url).form(&options.form())).await
    }

    /// A password-grant token that asks for an authorization-services `permission`
    /// (gocloak `RequestPermission`).
    pub async fn request_permission(
        &self,
        client_id: &str,
        client_secret: &str,
        realm: &str,
        username: &str,
        password: &str,
        permission: &str,
    ) -> Result<TokenResponse> {
        let options = TokenOptions {
            grant_type: "password".into(),
            client_id: client_id.into(),
            client_secret: (!client_secret.is_empty()).then(|| client_secret.into()),
            username: Some(username.into()),
            password: Some(password.into()),
            permission: Some(permission.into()),
            ..Default::default()
        };
        self.get_token(realm, &options).await
    }

    /// Verifies an access token like [`KeygateClient::decode_access_token`] and reads its
    /// claims into the caller's own type (gocloak `DecodeAccessTokenCustomClaims`).
    pub async fn decode_access_token_custom_claims<T: DeserializeOwned>(
        &self,
        access_token: &str,
        realm: &str,
    ) -> Result<T> {
        let claims = self.decode_access_token(access_token, realm).await?;
        let value = serde_json::to_value(claims).map_err(|e| Error::Decode(e.to_string()))?;
        serde_json::from_value(value).map_err(|e| Error::Decode(e.to_string()))
    }

    /// Whether a user's `attribute` has `value` among its values (gocloak
    /// `UserAttributeContains`).
    pub fn user_attribute_contains(
        attributes: &BTreeMap<String, Vec<String>>,
        attribute: &str,
        value: &str,
    ) -> bool {
        attributes
            .get(attribute)
            .is_some_and(|vs| vs.iter().any(|v| v == value))
    }
}
