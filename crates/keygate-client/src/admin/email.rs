//! Emails the server sends a user: required actions, email verification.

use std::collections::BTreeMap;

use reqwest::Method;

use crate::error::Result;
use crate::params::{ExecuteActionsEmail, SendVerifyEmailParams};
use crate::{seg, KeygateClient};

impl KeygateClient {
    /// Emails the user a link through the listed required actions (gocloak
    /// `ExecuteActionsEmail`).
    pub async fn execute_actions_email(
        &self,
        token: &str,
        realm: &str,
        params: &ExecuteActionsEmail,
    ) -> Result<()> {
        let path = format!("/users/{}/execute-actions-email", seg(&params.user_id));
        let req = self
            .request(Method::PUT, &self.admin_url(realm, &path), token)
            .query(&params.query())
            .json(&params.actions);
        Self::empty(req).await
    }

    /// Emails the user a link that verifies the address (gocloak `SendVerifyEmail`).
    pub async fn send_verify_email(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        params: &SendVerifyEmailParams,
    ) -> Result<()> {
        let path = format!("/users/{}/send-verify-email", seg(user_id));
        let req = self
            .request(Method::PUT, &self.admin_url(realm, &path), token)
            .query(params);
        Self::empty(req).await
    }

    /// Sends Keycloak's test message with these SMTP settings (`host`, `port`, `from`,
    /// `auth`, `user`, `password`...) to the calling admin's own address; a password of
    /// `**********` stands for the realm's stored one (gocloak-style `TestSMTPConnection`).
    pub async fn test_smtp_connection(
        &self,
        token: &str,
        realm: &str,
        settings: &BTreeMap<String, String>,
    ) -> Result<()> {
        let url = self.admin_url(realm, "/testSMTPConnection");
        self.post_json(&url, token, settings).await
    }
}
