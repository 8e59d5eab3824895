//! An OpenID Connect library nobody here wrote (the `openidconnect` crate) discovers a
//! realm, gets tokens by client credentials and by password, and verifies their
//! signatures against the JWKS.

use jsonwebtoken::{decode, decode_header, DecodingKey, Validation};
use openidconnect::core::{CoreClient, CoreProviderMetadata};
use openidconnect::{
    ClientId, ClientSecret, IssuerUrl, Nonce, OAuth2TokenResponse, ResourceOwnerPassword,
    ResourceOwnerUsername, Scope,
};
use serde_json::{json, Value};

use crate::both_stores;
use crate::support::{realm_name, Srv};

both_stores!(
    openidconnect_crate_discovers_and_verifies,
    |srv: Srv| async move {
        let admin = srv.admin_token().await;
        let realm = realm_name("oidc-lib");
        srv.create_realm(&admin, json!({"realm": realm})).await;
        srv.create_user(&admin, &realm, "judy", "pw").await;
        srv.create_client(&admin, &realm, "rp", "rp-secret").await;

        let http = openidconnect::reqwest::Client::builder()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let issuer = IssuerUrl::new(format!("{}/realms/{realm}", srv.base)).unwrap();
        let metadata = CoreProviderMetadata::discover_async(issuer, &http)
            .await
            .expect("discovery");
        let jwks = metadata.jwks().clone();
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new("rp".into()),
            Some(ClientSecret::new("rp-secret".into())),
        );

        let by_password = client
            .exchange_password(
                &ResourceOwnerUsername::new("judy".into()),
                &ResourceOwnerPassword::new("pw".into()),
            )
            .expect("token endpoint known")
            .add_scope(Scope::new("openid".into()))
            .request_async(&http)
            .await
            .expect("password grant");
        let id_token = by_password.extra_fields().id_token().expect("id_token");
        let verified = id_token
            .claims(&client.id_token_verifier(), |_: Option<&Nonce>| Ok(()))
            .expect("id token signature and claims verify against the JWKS");
        assert_eq!(
            verified.preferred_username().map(|u| u.as_str()),
            Some("judy")
        );

        let by_client = client
            .exchange_client_credentials()
            .expect("token endpoint known")
            .add_scope(Scope::new("openid".into()))
            .request_async(&http)
            .await
            .expect("client credentials grant");
        let id_token = by_client.extra_fields().id_token().expect("id_token");
        id_token
            .claims(&client.id_token_verifier(), |_: Option<&Nonce>| Ok(()))
            .expect("service-account id token verifies");

        // Access tokens verify against the discovered JWKS too.
        let jwks_json: Value = serde_json::to_value(&jwks).unwrap();
        for access in [
            by_password.access_token().secret(),
            by_client.access_token().secret(),
        ] {
            let kid = decode_header(access).unwrap().kid.unwrap();
            let jwk = jwks_json["keys"]
                .as_array()
                .unwrap()
                .iter()
                .find(|k| k["kid"] == json!(kid))
                .unwrap();
            let key = DecodingKey::from_rsa_components(
                jwk["n"].as_str().unwrap(),
                jwk["e"].as_str().unwrap(),
            )
            .unwrap();
            let mut v = Validation::new(jsonwebtoken::Algorithm::RS256);
            v.validate_aud = false;
            v.set_issuer(&[format!("{}/realms/{realm}", srv.base)]);
            decode::<Value>(access, &key, &v).expect("access token verifies");
        }
    }
);
