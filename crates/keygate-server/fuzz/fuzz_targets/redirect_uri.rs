//! `redirect_uri` and `post_logout_redirect_uri` against a client's registered URIs. Besides
//! "no panic", it checks the rule the matcher exists for: whatever it accepts for a client
//! registered only under `https://app.example.com/cb/*` stays on that origin and under `/cb/`.
#![no_main]

use keygate_model::ClientRepresentation;
use keygate_server::login::redirect;
use keygate_server::realm::model::Client;
use libfuzzer_sys::fuzz_target;

fn client() -> Client {
    let rep: ClientRepresentation = serde_json::from_value(serde_json::json!({
        "clientId": "app",
        "redirectUris": ["https://app.example.com/cb/*", "/relative/*", "http://127.0.0.1/native"]
    }))
    .unwrap_or_default();
    Client {
        id: "id".into(),
        rep,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(uri) = std::str::from_utf8(data) else {
        return;
    };
    let c = client();
    let registered = vec!["https://app.example.com/cb/*".to_string()];
    if let Some(to) = redirect::verify_against(&registered, &c, "https://id.example.com", uri) {
        let parsed = url::Url::parse(&to).expect("an accepted redirect is a URL");
        assert_eq!(
            parsed.host_str(),
            Some("app.example.com"),
            "{uri:?} -> {to}"
        );
        assert!(parsed.path().starts_with("/cb"), "{uri:?} -> {to}");
    }
    let regs = c.rep.redirect_uris.clone().unwrap_or_default();
    let _ = redirect::verify_against(&regs, &c, "https://id.example.com", uri);
});
