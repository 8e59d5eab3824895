//! python-keycloak 7.1.1: one script per family of admin and OpenID calls.

use super::{python, run_script, tests_dir};
use crate::both_stores;
use crate::support::Srv;

async fn run(srv: Srv, script: &str) {
    let py = tokio::task::spawn_blocking(python).await.expect("install");
    run_script(&srv, py, tests_dir().join("py"), script).await;
}

both_stores!(python_keycloak_users, |srv: Srv| run(srv, "users.py"));
both_stores!(python_keycloak_groups, |srv: Srv| run(srv, "groups.py"));
both_stores!(python_keycloak_roles, |srv: Srv| run(srv, "roles.py"));
both_stores!(python_keycloak_clients, |srv: Srv| run(srv, "clients.py"));
both_stores!(python_keycloak_client_scopes, |srv: Srv| run(
    srv,
    "scopes.py"
));
both_stores!(python_keycloak_sessions, |srv: Srv| run(srv, "sessions.py"));
both_stores!(python_keycloak_events, |srv: Srv| run(srv, "events.py"));
both_stores!(python_keycloak_keys, |srv: Srv| run(srv, "keys.py"));
both_stores!(python_keycloak_tokens, |srv: Srv| run(srv, "tokens.py"));
