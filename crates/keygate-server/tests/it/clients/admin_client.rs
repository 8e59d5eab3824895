//! @keycloak/keycloak-admin-client 26: the admin families, one script each.

use super::{node_packages, run_script};
use crate::both_stores;
use crate::support::Srv;

pub(super) async fn run_node(srv: Srv, script: &str) {
    let js = tokio::task::spawn_blocking(node_packages)
        .await
        .expect("install");
    run_script(&srv, "node".into(), js.join("clients"), script).await;
}

both_stores!(admin_client_users_and_groups, |srv: Srv| run_node(
    srv,
    "admin_users_groups.mjs"
));
both_stores!(admin_client_roles, |srv: Srv| run_node(
    srv,
    "admin_roles.mjs"
));
both_stores!(admin_client_clients_and_scopes, |srv: Srv| run_node(
    srv,
    "admin_clients_scopes.mjs"
));
both_stores!(admin_client_sessions_events_keys, |srv: Srv| run_node(
    srv,
    "admin_sessions_events.mjs"
));
