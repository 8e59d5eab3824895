//! The rules of sessions and revocation, free of HTTP and storage: who gets an offline
//! token, which tokens a not-before makes stale, and how credentials reorder.

use crate::realm::model::{Client, Realm};
use crate::store::roles::EffectiveRole;
use crate::store::sessions::Live;

/// The client scope and the realm role that offline tokens need.
pub const OFFLINE_ACCESS: &str = "offline_access";

/// Whether a token request asks for an offline token: `offline_access` in the `scope`
/// parameter, and the realm's `offline_access` scope among the client's scopes.
pub fn offline_requested(realm: &Realm, client: &Client, scope: Option<&str>) -> bool {
    let asked = scope
        .unwrap_or_default()
        .split_whitespace()
        .any(|s| s == OFFLINE_ACCESS);
    let of_client = [
        &client.rep.optional_client_scopes,
        &client.rep.default_client_scopes,
    ]
    .into_iter()
    .flatten()
    .flatten()
    .any(|s| s == OFFLINE_ACCESS);
    asked && of_client && realm.scopes.contains_key(OFFLINE_ACCESS)
}

/// Whether the user holds the realm's `offline_access` role (directly or through a
/// composite or group, as `effective_for_user` expands them).
pub fn offline_allowed(roles: &[EffectiveRole]) -> bool {
    roles
        .iter()
        .any(|r| r.client.is_none() && r.name == OFFLINE_ACCESS)
}

/// The cut-offs that make an online (or offline) session of the realm alive at `now`,
/// matching `oidc::validate::session_alive`.
pub fn live(realm: &Realm, offline: bool, now: i64) -> Live {
    if offline {
        let idle = realm.rep.offline_session_idle_timeout.unwrap_or(2_592_000);
        Live {
            idle_after: now - idle,
            started_after: 0,
        }
    } else {
        Live {
            idle_after: now - realm.sso_idle(),
            started_after: now - realm.sso_max(),
        }
    }
}

/// A client's not-before (`notBefore` in its representation), 0 when unset.
pub fn client_not_before(client: &Client) -> i64 {
    client
        .rep
        .extra
        .get("notBefore")
        .and_then(|v| v.as_i64())
        .unwrap_or(0)
}

/// Whether a token issued at `iat` for `client` predates the realm's, the client's or
/// the user's not-before. A token issued in the same second as the policy stays good, as
/// in Keycloak.
pub fn stale(iat: i64, realm: &Realm, client: Option<&Client>, user_not_before: i64) -> bool {
    iat < realm.not_before() || iat < client.map_or(0, client_not_before) || iat < user_not_before
}

/// The credential ids in their new order after moving `id` behind `after` (to the front
/// when `after` is `None`). `None` when either id is unknown, which Keycloak ignores.
pub fn move_after(order: &[String], id: &str, after: Option<&str>) -> Option<Vec<String>> {
    let from = order.iter().position(|c| c == id)?;
    let mut out: Vec<String> = order.to_vec();
    let moved = out.remove(from);
    let to = match after {
        None => 0,
        Some(prev) => out.iter().position(|c| c == prev)? + 1,
    };
    out.insert(to, moved);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn moves_credentials() {
        let order = ids(&["a", "b", "c"]);
        assert_eq!(move_after(&order, "c", None), Some(ids(&["c", "a", "b"])));
        assert_eq!(
            move_after(&order, "a", Some("b")),
            Some(ids(&["b", "a", "c"]))
        );
        assert_eq!(
            move_after(&order, "a", Some("c")),
            Some(ids(&["b", "c", "a"]))
        );
        assert_eq!(
            move_after(&order, "c", Some("a")),
            Some(ids(&["a", "c", "b"]))
        );
        assert_eq!(move_after(&order, "a", Some("a")), None);
        assert_eq!(move_after(&order, "x", None), None);
        assert_eq!(move_after(&order, "a", Some("x")), None);
    }
}
