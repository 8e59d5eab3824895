//! Redirect URI rules, as Keycloak applies them: exact match, or a registered URI ending in
//! `*` as a prefix (query and fragment ignored then); relative registered URIs resolve
//! against the client's `rootUrl` (or the server's origin); a loopback redirect may use any
//! port (RFC 8252); `*` alone allows everything.

use crate::realm::model::Client;

/// The client's `rootUrl`, with Keycloak's `${authBaseUrl}` placeholders filled in.
fn root_url(client: &Client, base: &str) -> Option<String> {
    let root = client.rep.extra.get("rootUrl")?.as_str()?;
    if root.is_empty() {
        return None;
    }
    Some(
        root.replace("${authBaseUrl}", base)
            .replace("${authAdminUrl}", base),
    )
}

/// `scheme://host[:port]` of the server's base URL.
fn origin(base: &str) -> String {
    match url::Url::parse(base) {
        Ok(u) => u.origin().ascii_serialization(),
        Err(_) => base.to_string(),
    }
}

fn absolute(relative: &str, root: Option<&str>, base: &str) -> String {
    match root {
        Some(r) => format!("{}{relative}", r.trim_end_matches('/')),
        None => format!("{}{relative}", origin(base)),
    }
}

/// Registered URIs plus the absolute form of each relative one.
fn resolve(registered: &[String], root: Option<&str>, base: &str) -> Vec<String> {
    let mut out = Vec::new();
    for r in registered {
        out.push(r.clone());
        if r.starts_with('/') {
            out.push(absolute(r, root, base));
        }
    }
    out
}

fn lower_case_host(uri: &str) -> String {
    let start = uri.find("://").map(|i| i + 3).unwrap_or(0);
    let end = uri[start..]
        .find(['/', '?', '#'])
        .map(|i| i + start)
        .unwrap_or(uri.len());
    format!("{}{}", uri[..end].to_lowercase(), &uri[end..])
}

fn strip_query_and_fragment(uri: &str) -> &str {
    let end = uri.find(['?', '#']).unwrap_or(uri.len());
    &uri[..end]
}

/// Whether a wildcard may match this URI: none for one with user info in its authority,
/// which would let `https://good.example*` reach another host.
fn wildcards_allowed(uri: &str) -> bool {
    let start = uri.find("://").map(|i| i + 3).unwrap_or(0);
    let authority_end = uri[start..]
        .find(['/', '?', '#'])
        .map(|i| i + start)
        .unwrap_or(uri.len());
    !uri[start..authority_end].contains('@')
}

fn matches(valid: &[String], redirect: &str, wildcards: bool) -> bool {
    for v in valid {
        if v == "*" {
            return true;
        }
        if let Some(prefix) = v.strip_suffix('*') {
            if !wildcards || v.contains('?') {
                continue;
            }
            let r = strip_query_and_fragment(redirect);
            if r.starts_with(prefix) {
                return true;
            }
            let trimmed = if prefix.len() > 1 {
                prefix.strip_suffix('/').unwrap_or(prefix)
            } else {
                prefix
            };
            if trimmed == r {
                return true;
            }
        } else if v == redirect {
            return true;
        }
    }
    false
}

/// A loopback redirect (`http://127.0.0.1:PORT/..`, `http://localhost:PORT/..`) without
/// its port, to match a registration without one.
fn without_loopback_port(uri: &str) -> Option<String> {
    for host in ["http://localhost:", "http://127.0.0.1:", "http://[::1]:"] {
        if let Some(rest) = uri.strip_prefix(host) {
            let path = rest.find(['/', '?', '#']).map(|i| &rest[i..]).unwrap_or("");
            return Some(format!("{}{path}", host.trim_end_matches(':')));
        }
    }
    None
}

/// Checks `redirect` against `registered`; returns the absolute URI to send the browser to.
pub fn verify_against(
    registered: &[String],
    client: &Client,
    base: &str,
    redirect: &str,
) -> Option<String> {
    if registered.is_empty() || redirect.contains('#') {
        return None;
    }
    let root = root_url(client, base);
    let valid = resolve(registered, root.as_deref(), base);
    let candidate = lower_case_host(redirect);
    let wildcards = wildcards_allowed(&candidate);
    let ok = matches(&valid, &candidate, wildcards)
        || without_loopback_port(&candidate).is_some_and(|r| matches(&valid, &r, wildcards));
    if !ok {
        return None;
    }
    Some(if redirect.starts_with('/') {
        absolute(redirect, root.as_deref(), base)
    } else {
        redirect.to_string()
    })
}

/// The authorization request's `redirect_uri`, checked against the client's `redirectUris`.
/// Without the parameter, a plain OAuth request (no `openid` scope) may fall back to the
/// client's only registered URI when it has no wildcard.
pub fn verify(client: &Client, base: &str, param: Option<&str>, openid: bool) -> Option<String> {
    let registered = client.rep.redirect_uris.clone().unwrap_or_default();
    match param {
        Some(p) => verify_against(&registered, client, base, p),
        None if !openid => match registered.as_slice() {
            [only] if !only.contains('*') => verify_against(&registered, client, base, only),
            _ => None,
        },
        None => None,
    }
}

/// The client's allowed post-logout redirect URIs: the `post.logout.redirect.uris`
/// attribute, `##`-separated, where `+` stands for the redirect URIs.
pub fn post_logout_uris(client: &Client) -> Vec<String> {
    let attr = client
        .rep
        .attributes
        .as_ref()
        .and_then(|a| a.get("post.logout.redirect.uris"))
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for part in attr.split("##").map(str::trim).filter(|p| !p.is_empty()) {
        if part == "+" {
            out.extend(client.rep.redirect_uris.clone().unwrap_or_default());
        } else {
            out.push(part.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use keygate_model::ClientRepresentation;
    use serde_json::json;

    fn client(uris: &[&str], root: Option<&str>) -> Client {
        let mut rep = ClientRepresentation {
            redirect_uris: Some(uris.iter().map(|s| s.to_string()).collect()),
            ..Default::default()
        };
        if let Some(r) = root {
            rep.extra.insert("rootUrl".into(), json!(r));
        }
        Client {
            id: "c".into(),
            rep,
        }
    }

    const BASE: &str = "http://id.example:8080";

    #[test]
    fn exact_and_wildcard() {
        let c = client(
            &["https://app.example/cb", "https://wild.example/app/*"],
            None,
        );
        let v = |r: &str| verify(&c, BASE, Some(r), true);
        assert_eq!(
            v("https://app.example/cb").as_deref(),
            Some("https://app.example/cb")
        );
        assert!(v("https://app.example/cb/x").is_none());
        assert!(v("https://app.example/cb?x=1").is_none());
        assert!(v("https://wild.example/app/deep/x?y=1").is_some());
        assert!(v("https://wild.example/app").is_some());
        assert!(v("https://wild.example/other").is_none());
        assert!(v("https://APP.example/cb").is_some());
        assert!(v("https://app.example/cb#frag").is_none());
    }

    #[test]
    fn relative_uris_use_root_url_or_origin() {
        let c = client(&["/cb/*"], Some("https://root.example"));
        assert!(verify(&c, BASE, Some("https://root.example/cb/x"), true).is_some());
        assert_eq!(
            verify(&c, BASE, Some("/cb/x"), true).as_deref(),
            Some("https://root.example/cb/x")
        );
        let c = client(&["/cb"], None);
        assert!(verify(&c, BASE, Some("http://id.example:8080/cb"), true).is_some());
        let c = client(&["/realms/r/account/*"], Some("${authBaseUrl}"));
        let base = "http://id.example/auth";
        assert!(verify(
            &c,
            base,
            Some("http://id.example/auth/realms/r/account/x"),
            true
        )
        .is_some());
    }

    #[test]
    fn user_info_defeats_wildcards() {
        let c = client(&["https://good.example*"], None);
        assert!(verify(&c, BASE, Some("https://good.example.evil/x"), true).is_some());
        assert!(verify(&c, BASE, Some("https://good.example@evil.example/"), true).is_none());
    }

    #[test]
    fn loopback_any_port_and_missing_param() {
        let c = client(&["http://127.0.0.1/cb"], None);
        assert!(verify(&c, BASE, Some("http://127.0.0.1:4711/cb"), true).is_some());
        assert!(verify(&c, BASE, Some("http://127.0.0.2:4711/cb"), true).is_none());
        assert!(verify(&c, BASE, None, true).is_none());
        assert_eq!(
            verify(&c, BASE, None, false).as_deref(),
            Some("http://127.0.0.1/cb")
        );
        assert!(verify(&client(&[], None), BASE, Some("http://x/"), true).is_none());
    }
}
