//! Redirect URI rules, as Keycloak applies them: exact match, or a registered URI ending in
//! `*` as a prefix (query and fragment ignored then); relative registered URIs resolve
//! against the client's `rootUrl` (or the server's origin); a loopback redirect may use any
//! port (RFC 8252); `*` alone allows everything.
//!
//! The URI is normalised before it is matched (backslashes, encoded unreserved characters,
//! dot segments), and the browser is sent to that normalised form: matching one string and
//! redirecting to another would let `/cb/../../evil` leave a `/cb/*` wildcard.

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

/// Whether RFC 3986 calls `b` unreserved: its percent-encoded form means the same.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Decodes `%XX` escapes; only those of unreserved characters unless `all`.
fn percent_decode(s: &str, all: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let decoded = match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h)
                .zip(hex(l))
                .map(|(h, l)| h * 16 + l)
                .filter(|&c| all || is_unreserved(c)),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// RFC 3986 section 5.2.4 on an absolute path: `.` and `..` segments resolved, never
/// above the root.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." | ".." => {
                if *seg == ".." {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// Whether the path, decoded as often as it was encoded (at most five times, as Keycloak
/// does), still holds a dot segment: something downstream may decode it once more.
fn hides_dot_segments(path: &str) -> bool {
    let mut d = path.to_string();
    for _ in 0..5 {
        let next = percent_decode(&d, true).replace('\\', "/");
        if next == d {
            return d.split('/').any(|s| s == "." || s == "..");
        }
        d = next;
    }
    true
}

/// A valid URI scheme (RFC 3986 section 3.1).
fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The URI as a browser would resolve it, or `None` when it cannot be normalised: control
/// characters or spaces, a bad scheme, a dot segment hidden by repeated encoding, or an
/// absolute URI that does not parse. The query is kept as sent.
fn normalize(uri: &str) -> Option<String> {
    if uri.chars().any(|c| c.is_control() || c == ' ') {
        return None;
    }
    let (head, query) = uri.split_at(uri.find('?').unwrap_or(uri.len()));
    let head = percent_decode(&head.replace('\\', "/"), false);
    let (prefix, path) = match head.find("://") {
        Some(i) if is_scheme(&head[..i]) => {
            let auth_end = head[i + 3..].find('/').map_or(head.len(), |j| i + 3 + j);
            head.split_at(auth_end)
        }
        Some(_) => return None,
        None => ("", head.as_str()),
    };
    let path = if path.starts_with('/') {
        remove_dot_segments(path)
    } else {
        path.to_string()
    };
    if hides_dot_segments(&path) {
        return None;
    }
    let out = format!("{prefix}{path}{query}");
    if !out.starts_with('/') && url::Url::parse(&out).is_err() {
        return None;
    }
    Some(out)
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
    let candidate = lower_case_host(&normalize(redirect)?);
    let wildcards = wildcards_allowed(&candidate);
    let ok = matches(&valid, &candidate, wildcards)
        || without_loopback_port(&candidate).is_some_and(|r| matches(&valid, &r, wildcards));
    if !ok {
        return None;
    }
    Some(if candidate.starts_with('/') {
        absolute(&candidate, root.as_deref(), base)
    } else {
        candidate
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

    #[test]
    fn normalised_before_matching() {
        let n = |u: &str| normalize(u);
        assert_eq!(
            n("https://a/cb/../../evil").as_deref(),
            Some("https://a/evil")
        );
        assert_eq!(n("https://a/cb/%2E%2e/x").as_deref(), Some("https://a/x"));
        assert_eq!(n("https://a/cb\\..\\x").as_deref(), Some("https://a/x"));
        assert_eq!(n("https://a/cb/./x/.").as_deref(), Some("https://a/cb/x/"));
        assert_eq!(
            n("https://a/%7euser?q=../..").as_deref(),
            Some("https://a/~user?q=../..")
        );
        assert_eq!(n("https://a/b%20c").as_deref(), Some("https://a/b%20c"));
        assert_eq!(n("https://a").as_deref(), Some("https://a"));
        assert_eq!(n("/cb/../x").as_deref(), Some("/x"));
        assert_eq!(
            n("urn:ietf:wg:oauth:2.0:oob").as_deref(),
            Some("urn:ietf:wg:oauth:2.0:oob")
        );
        for bad in [
            "https://a/cb/%252e%252e/x",
            "https://a/cb/..%2fx",
            "https://a/cb/..%5cx",
            "https://a/cb/x y",
            "https://a/cb/\u{0}",
            "1nvalid://a/",
            "https://a:99999/",
        ] {
            assert!(n(bad).is_none(), "{bad}");
        }
        let c = client(&["https://a/cb/*"], None);
        assert!(verify(&c, BASE, Some("https://a/cb/../evil"), true).is_none());
        assert_eq!(
            verify(&c, BASE, Some("https://A/cb/x/../y"), true).as_deref(),
            Some("https://a/cb/y")
        );
    }
}
