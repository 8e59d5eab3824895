//! Which client scopes are in effect for a token, which mappers they bring, and which of
//! the user's roles the client may see (Keycloak's `TokenManager.getAccess`).

use keygate_model::{ClientScopeRepresentation, ProtocolMapperRepresentation};

use crate::realm::model::{Client, Realm};
use crate::store::roles::EffectiveRole;

/// The client's default scopes plus the optional ones `requested` names, in that order;
/// also whether `openid` was requested.
pub fn in_effect<'r>(
    realm: &'r Realm,
    client: &Client,
    requested: Option<&str>,
) -> (Vec<&'r ClientScopeRepresentation>, bool) {
    let requested: Vec<&str> = requested.unwrap_or_default().split_whitespace().collect();
    let mut out = Vec::new();
    for s in client.rep.default_client_scopes.iter().flatten() {
        if let Some(scope) = realm.scopes.get(s) {
            out.push(scope);
        }
    }
    for s in client.rep.optional_client_scopes.iter().flatten() {
        if requested.contains(&s.as_str()) {
            if let Some(scope) = realm.scopes.get(s) {
                out.push(scope);
            }
        }
    }
    (out, requested.contains(&"openid"))
}

/// Drops the scopes the user may not have: a scope with role scope mappings applies only
/// to users holding one of those roles (Keycloak's `isClientScopePermittedForUser`).
pub fn permitted<'r>(
    realm: &Realm,
    scopes: Vec<&'r ClientScopeRepresentation>,
    roles: &[EffectiveRole],
) -> Vec<&'r ClientScopeRepresentation> {
    scopes
        .into_iter()
        .filter(
            |s| match s.id.as_ref().and_then(|id| realm.scope_roles.get(id)) {
                Some(mapped) if !mapped.is_empty() => mapped.iter().any(|r| roles.contains(r)),
                _ => true,
            },
        )
        .collect()
}

/// The mappers in effect: the client's own, then each scope's.
pub fn mappers<'a>(
    client: &'a Client,
    scopes: &[&'a ClientScopeRepresentation],
) -> Vec<&'a ProtocolMapperRepresentation> {
    let mut out: Vec<&ProtocolMapperRepresentation> =
        client.rep.protocol_mappers.iter().flatten().collect();
    for s in scopes {
        out.extend(s.protocol_mappers.iter().flatten());
    }
    out
}

/// The user's roles the token may carry. With `fullScopeAllowed` all of them; otherwise
/// those among the client's own roles and the (composite-expanded) role scope mappings of
/// the client and of its scopes in effect. Roles from hardcoded-role mappers are added.
pub fn scoped_roles(
    realm: &Realm,
    client: &Client,
    scopes: &[&ClientScopeRepresentation],
    roles: &[EffectiveRole],
    hardcoded: Vec<EffectiveRole>,
) -> Vec<EffectiveRole> {
    let mut out: Vec<EffectiveRole> = if client.rep.full_scope_allowed.unwrap_or(true) {
        roles.to_vec()
    } else {
        let mut allowed: Vec<&EffectiveRole> = Vec::new();
        let holders = std::iter::once(client.id.as_str())
            .chain(scopes.iter().filter_map(|s| s.id.as_deref()));
        for h in holders {
            allowed.extend(realm.scope_roles.get(h).into_iter().flatten());
        }
        roles
            .iter()
            .filter(|r| r.client.as_deref() == Some(client.client_id()) || allowed.contains(r))
            .cloned()
            .collect()
    };
    for r in hardcoded {
        if !out.contains(&r) {
            out.push(r);
        }
    }
    out
}
