//! An OpenID Connect relying party nobody here wrote (the `openidconnect` crate) runs the
//! authorization code flow with PKCE against Keygate: discovery, the authorization URL,
//! the login form (posted with reqwest), the code exchange, id token and nonce checks,
//! and userinfo.

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, RedirectUrl, Scope, TokenResponse,
};
use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::both_stores;
use crate::support::Srv;

both_stores!(
    openidconnect_crate_code_flow_with_pkce,
    |srv: Srv| async move {
        let realm = setup(&srv, json!({})).await;
        let http = openidconnect::reqwest::Client::builder()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let issuer = IssuerUrl::new(format!("{}/realms/{realm}", srv.base)).unwrap();
        let metadata = CoreProviderMetadata::discover_async(issuer, &http)
            .await
            .expect("discovery");
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new("web".into()),
            Some(ClientSecret::new("web-secret".into())),
        )
        .set_redirect_uri(RedirectUrl::new(CB.into()).unwrap());
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (auth_url, csrf, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".into()))
            .add_scope(Scope::new("email".into()))
            .set_pkce_challenge(challenge)
            .url();

        // The user's side: open the URL, fill in the form, follow the redirect to the client.
        let mut b = Browser::new(&srv);
        let page = b.get(auth_url.as_str()).await;
        assert_eq!(page.status, StatusCode::OK);
        let done = b.sign_in(&page, "alice", PW).await;
        assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
        let back = done.redirect_params();
        assert_eq!(&back["state"], csrf.secret(), "state comes back");

        let tokens = client
            .exchange_code(AuthorizationCode::new(back["code"].clone()))
            .expect("token endpoint known")
            .set_pkce_verifier(verifier)
            .request_async(&http)
            .await
            .expect("code exchange with PKCE");
        let id_token = tokens.id_token().expect("id token");
        let verified = id_token
            .claims(&client.id_token_verifier(), &nonce)
            .expect("id token verifies: signature, issuer, audience, nonce");
        assert_eq!(
            verified.preferred_username().map(|u| u.as_str()),
            Some("alice")
        );
        assert!(verified.auth_time().is_some());
        let info: CoreUserInfoClaims = client
            .user_info(
                tokens.access_token().clone(),
                Some(verified.subject().clone()),
            )
            .expect("userinfo endpoint known")
            .request_async(&http)
            .await
            .expect("userinfo");
        assert_eq!(info.email().map(|e| e.as_str()), Some("alice@example.com"));

        // A wrong nonce is caught by the library too.
        assert!(id_token
            .claims(&client.id_token_verifier(), &Nonce::new("other".into()))
            .is_err());
    }
);
