//! A wildcard redirect URI (`http://app.example/wild/*`) must not be escaped with dot
//! segments, encoded dots, backslashes or double encoding: the URI is normalised before it
//! is matched, and the browser goes exactly where the match was made.

use reqwest::StatusCode;
use serde_json::json;

use crate::both_stores;
use crate::login::{setup, Browser, Page};
use crate::support::Srv;

/// Ways out of `/wild/` that a browser (or the client's server) would follow.
const ESCAPES: &[&str] = &[
    "http://app.example/wild/../../evil",
    "http://app.example/wild/../evil",
    "http://app.example/wild/%2e%2e/%2e%2e/evil",
    "http://app.example/wild/%2E%2E/evil",
    "http://app.example/wild/.%2e/evil",
    "http://app.example/wild\\..\\..\\evil",
    "http://app.example/wild/..\\evil",
    "http://app.example/wild/..%2f..%2fevil",
    "http://app.example/wild/..%5c..%5cevil",
    "http://app.example/wild/%252e%252e/evil",
    "http://app.example/wild/./../evil",
    "http://app.example/wild/x/../../evil?q=1",
];

fn assert_error_page(p: &Page, text: &str, uri: &str) {
    assert_eq!(p.status, StatusCode::BAD_REQUEST, "{uri}: {}", p.html);
    assert!(p.location.is_none(), "{uri}: never a redirect");
    assert!(p.html.contains(text), "{uri}: want {text:?} in {}", p.html);
}

fn auth_params(uri: &str) -> Vec<(&str, &str)> {
    vec![
        ("client_id", "web"),
        ("response_type", "code"),
        ("scope", "openid"),
        ("redirect_uri", uri),
    ]
}

both_stores!(
    authorization_redirect_cannot_escape,
    |srv: Srv| async move {
        let realm = setup(&srv, json!({})).await;
        let mut b = Browser::new(&srv);
        for uri in ESCAPES {
            let p = b.authorize(&realm, &auth_params(uri)).await;
            assert_error_page(&p, "Invalid parameter: redirect_uri", uri);
        }
        // Below the wildcard still works, and a dot segment that stays below it is resolved:
        // the code goes to the normalised URI, the one that was matched.
        let p = b
            .authorize(&realm, &auth_params("http://app.example/wild/x"))
            .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.html);
        let p = b
            .authorize(&realm, &auth_params("http://app.example/wild/a/%2e%2e/b"))
            .await;
        assert_eq!(p.status, StatusCode::OK, "{}", p.html);
        let done = b.sign_in(&p, "alice", crate::login::PW).await;
        assert_eq!(done.status, StatusCode::FOUND, "{}", done.html);
        let loc = done.location.expect("Location");
        assert!(
            loc.starts_with("http://app.example/wild/b?"),
            "sent to {loc}"
        );
    }
);

both_stores!(post_logout_redirect_cannot_escape, |srv: Srv| async move {
    let realm = setup(&srv, json!({})).await;
    let mut b = Browser::new(&srv);
    let logout = srv.url(&format!("/realms/{realm}/protocol/openid-connect/logout"));
    let url = |uri: &str| {
        let mut u = url::Url::parse(&logout).expect("url");
        u.query_pairs_mut()
            .extend_pairs([("client_id", "web"), ("post_logout_redirect_uri", uri)]);
        u.to_string()
    };
    for uri in ESCAPES {
        let p = b.get(&url(uri)).await;
        assert_error_page(&p, "Invalid redirect uri", uri);
    }
    let p = b.get(&url("http://app.example/wild/x")).await;
    assert_eq!(p.status, StatusCode::FOUND, "{}", p.html);
    assert_eq!(p.location.as_deref(), Some("http://app.example/wild/x"));
    let p = b.get(&url("http://app.example/wild/a/../b")).await;
    assert_eq!(p.status, StatusCode::FOUND, "{}", p.html);
    assert_eq!(p.location.as_deref(), Some("http://app.example/wild/b"));
});
