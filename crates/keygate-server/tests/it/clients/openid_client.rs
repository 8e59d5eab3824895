//! openid-client 6: plain OpenID Connect from a relying party's side.

use super::admin_client::run_node;
use crate::both_stores;
use crate::support::Srv;

both_stores!(openid_client_grants_and_endpoints, |srv: Srv| run_node(
    srv,
    "openid.mjs"
));
both_stores!(openid_client_code_flow_with_pkce, |srv: Srv| run_node(
    srv,
    "openid_pkce.mjs"
));
