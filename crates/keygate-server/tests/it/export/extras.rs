//! What the round trip adds to the built realm beyond users, groups and roles: client
//! scopes with mappers, realm and client default/optional scopes, role scope mappings on a
//! client and a client scope, client mappers, an extra key, a component tree, events config.

use reqwest::StatusCode;
use serde_json::json;

use super::{get_json, post_ok};
use crate::support::Srv;

async fn put_ok(srv: &Srv, token: &str, path: &str, body: serde_json::Value) {
    let r = srv.put(token, path, &body).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "PUT {path}");
}

fn claim_mapper(name: &str, claim: &str, value: &str) -> serde_json::Value {
    json!({"name": name, "protocol": "openid-connect",
           "protocolMapper": "oidc-hardcoded-claim-mapper",
           "config": {"claim.name": claim, "claim.value": value, "jsonType.label": "String",
                      "access.token.claim": "true", "id.token.claim": "true",
                      "userinfo.token.claim": "true"}})
}

pub async fn build_extras(srv: &Srv, token: &str, realm: &str, shop: &str, realm_id: &str) {
    let base = format!("/admin/realms/{realm}");
    let scopes = format!("{base}/client-scopes");
    let team = post_ok(
        srv,
        token,
        &scopes,
        json!({"name": "team", "protocol": "openid-connect",
               "attributes": {"include.in.token.scope": "true"},
               "protocolMappers": [claim_mapper("team", "team", "blue")]}),
    )
    .await
    .expect("scope id");
    post_ok(
        srv,
        token,
        &format!("{scopes}/{team}/protocol-mappers/models"),
        claim_mapper("floor", "floor", "3"),
    )
    .await;
    let extra = post_ok(
        srv,
        token,
        &scopes,
        json!({"name": "extra", "protocol": "openid-connect"}),
    )
    .await
    .expect("scope id");
    put_ok(
        srv,
        token,
        &format!("{base}/default-default-client-scopes/{team}"),
        json!({}),
    )
    .await;
    put_ok(
        srv,
        token,
        &format!("{base}/default-optional-client-scopes/{extra}"),
        json!({}),
    )
    .await;
    let client = format!("{base}/clients/{shop}");
    put_ok(
        srv,
        token,
        &format!("{client}/default-client-scopes/{team}"),
        json!({}),
    )
    .await;
    put_ok(
        srv,
        token,
        &format!("{client}/optional-client-scopes/{extra}"),
        json!({}),
    )
    .await;
    post_ok(
        srv,
        token,
        &format!("{client}/protocol-mappers/models"),
        claim_mapper("shop-tag", "shop_tag", "s1"),
    )
    .await;
    let reader = get_json(srv, token, &format!("{base}/roles/reader")).await;
    let buyer = get_json(srv, token, &format!("{client}/roles/buyer")).await;
    post_ok(
        srv,
        token,
        &format!("{client}/scope-mappings/realm"),
        json!([reader]),
    )
    .await;
    post_ok(
        srv,
        token,
        &format!("{scopes}/{team}/scope-mappings/clients/{shop}"),
        json!([buyer]),
    )
    .await;
    post_ok(
        srv,
        token,
        &format!("{scopes}/{team}/scope-mappings/realm"),
        json!([reader]),
    )
    .await;

    // Tokens of `shop` now carry only the roles its scope mappings (and its scopes') allow.
    put_ok(srv, token, &client, json!({"fullScopeAllowed": false})).await;

    let components = format!("{base}/components");
    post_ok(
        srv,
        token,
        &components,
        json!({"name": "ec-key", "providerId": "ecdsa-generated",
               "providerType": "org.keycloak.keys.KeyProvider", "parentId": realm_id,
               "config": {"priority": ["50"], "ecdsaEllipticCurveKey": ["P-256"]}}),
    )
    .await;
    let ldap = post_ok(
        srv,
        token,
        &components,
        json!({"name": "corp-ldap", "providerId": "ldap",
               "providerType": "org.keycloak.storage.UserStorageProvider", "parentId": realm_id,
               "config": {"priority": ["0"], "enabled": ["false"],
                          "connectionUrl": ["ldap://ldap.example.com"]}}),
    )
    .await
    .expect("component id");
    post_ok(
        srv,
        token,
        &components,
        json!({"name": "mail", "providerId": "user-attribute-ldap-mapper",
               "providerType": "org.keycloak.storage.ldap.mappers.LDAPStorageMapper",
               "parentId": ldap,
               "config": {"ldap.attribute": ["mail"], "user.model.attribute": ["email"]}}),
    )
    .await;
    put_ok(
        srv,
        token,
        &format!("{base}/events/config"),
        json!({"eventsEnabled": true, "eventsExpiration": 3600,
               "enabledEventTypes": ["LOGIN", "LOGOUT"],
               "adminEventsEnabled": true, "adminEventsDetailsEnabled": true}),
    )
    .await;
}
