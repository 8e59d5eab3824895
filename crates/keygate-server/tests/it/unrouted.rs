//! Requests no route takes answer with Keycloak's JSON error body, at `/` and under `/auth`.

use reqwest::StatusCode;
use serde_json::Value;

use crate::both_stores;
use crate::support::Srv;

both_stores!(
    unknown_paths_and_methods_answer_json,
    |srv: Srv| async move {
        let token = srv.admin_token().await;
        let http = reqwest::Client::new();
        for prefix in ["", "/auth"] {
            let r = srv
                .get(
                    &token,
                    &format!("{prefix}/admin/realms/master/no-such-thing"),
                )
                .await;
            assert_eq!(r.status(), StatusCode::NOT_FOUND);
            let body: Value = r.json().await.unwrap();
            assert_eq!(
                body["error"], "Unable to find matching target resource method",
                "{prefix}: {body}"
            );

            let url = srv.url(&format!(
                "{prefix}/realms/master/protocol/openid-connect/token"
            ));
            let r = http.get(&url).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["error"], "HTTP 405 Method Not Allowed", "{prefix}");
        }
        // A realm route that exists still answers as before.
        let r = srv.get(&token, "/admin/realms/master").await;
        assert_eq!(r.status(), StatusCode::OK);
    }
);
