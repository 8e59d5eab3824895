//! Server-rendered pages: plain HTML that works without JavaScript, labelled for screen
//! readers, themed through realm attributes. Every interpolated value goes through
//! `escape`; theme values are validated before they reach CSS.

pub mod forms;
pub mod pages;

use crate::realm::model::Realm;

/// HTML-escapes text for element content and double-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The realm's look: display name, logo and colours from its attributes
/// (`keygate.theme.logoUrl`, `keygate.theme.primaryColor`, `keygate.theme.backgroundColor`).
#[derive(Debug, Clone)]
pub struct Theme {
    pub realm_name: String,
    pub logo_url: Option<String>,
    pub primary: String,
    pub background: String,
}

/// A colour CSS can take verbatim: `#rgb`/`#rrggbb`/`#rrggbbaa` or a plain colour name.
fn css_color(v: &str) -> Option<String> {
    let hex = v.strip_prefix('#').is_some_and(|h| {
        matches!(h.len(), 3 | 4 | 6 | 8) && h.chars().all(|c| c.is_ascii_hexdigit())
    });
    let name = !v.is_empty() && v.len() <= 30 && v.chars().all(|c| c.is_ascii_alphabetic());
    (hex || name).then(|| v.to_string())
}

/// A logo address: https/http or a path on this server.
fn logo(v: &str) -> Option<String> {
    let ok = v.starts_with("https://") || v.starts_with("http://") || v.starts_with('/');
    (ok && !v.starts_with("//")).then(|| v.to_string())
}

impl Theme {
    pub fn of(realm: &Realm) -> Theme {
        let attr = |k: &str| {
            realm
                .rep
                .extra
                .get("attributes")
                .and_then(|a| a.get(k))
                .and_then(|v| v.as_str())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let display = realm
            .rep
            .display_name
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| realm.name.clone());
        Theme {
            realm_name: display,
            logo_url: attr("keygate.theme.logoUrl").and_then(|v| logo(&v)),
            primary: attr("keygate.theme.primaryColor")
                .and_then(|v| css_color(&v))
                .unwrap_or_else(|| "#0066cc".into()),
            background: attr("keygate.theme.backgroundColor")
                .and_then(|v| css_color(&v))
                .unwrap_or_else(|| "#f2f4f7".into()),
        }
    }

    /// A neutral theme for pages shown before a realm is known.
    pub fn plain() -> Theme {
        Theme {
            realm_name: "Keygate".into(),
            logo_url: None,
            primary: "#0066cc".into(),
            background: "#f2f4f7".into(),
        }
    }
}

const CSS: &str = "*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,\
'Segoe UI',Roboto,sans-serif;background:var(--bg);color:#1d2329}main{max-width:26rem;\
margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px \
rgba(0,0,0,.15)}header{text-align:center;margin-bottom:1.5rem}header img{max-height:4rem;\
max-width:100%}.realm{font-size:1.1rem;color:#4a5260;margin:.5rem 0 0}h1{font-size:1.5rem;\
margin:.5rem 0 1rem}label{display:block;font-weight:600;margin:1rem 0 .3rem}\
input[type=text],input[type=password],input[type=email]{width:100%;padding:.6rem;\
font-size:1rem;border:1px solid #8a8d90;border-radius:4px}input:focus,button:focus{\
outline:3px solid var(--primary);outline-offset:1px}.check{display:flex;gap:.5rem;\
align-items:center;margin:1rem 0;font-weight:normal}.check input{margin:0}button{\
width:100%;margin-top:1.5rem;padding:.7rem;font-size:1rem;border:0;border-radius:4px;\
background:var(--primary);color:#fff;cursor:pointer}button.secondary{background:#fff;\
color:var(--primary);border:1px solid var(--primary)}.alert{padding:.8rem;border-radius:4px;\
margin-bottom:1rem}.alert-error{background:#fdecea;border:1px solid #c9190b;color:#7d1007}\
.alert-info{background:#e7f1fa;border:1px solid #2b9af3;color:#002952}a{color:var(--primary)}\
p{line-height:1.5}";

/// A whole page: `title` for the tab and heading, `body` already-escaped HTML.
pub fn layout(theme: &Theme, title: &str, body: &str) -> String {
    let logo = match &theme.logo_url {
        Some(url) => format!(r#"<img src="{}" alt="">"#, escape(url)),
        None => String::new(),
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title} - {realm}</title>
<style>:root{{--primary:{primary};--bg:{bg}}}{CSS}</style>
</head>
<body>
<main>
<header>{logo}<p class="realm" id="kc-header">{realm}</p></header>
<h1 id="kc-page-title">{title}</h1>
{body}
</main>
</body>
</html>
"#,
        title = escape(title),
        realm = escape(&theme.realm_name),
        primary = theme.primary,
        bg = theme.background,
    )
}

/// An error or information banner, announced to screen readers.
pub fn alert(kind: Alert, message: &str) -> String {
    let (class, role) = match kind {
        Alert::Error => ("alert alert-error", "alert"),
        Alert::Info => ("alert alert-info", "status"),
    };
    format!(
        r#"<div class="{class}" role="{role}" id="input-error">{}</div>"#,
        escape(message)
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    Error,
    Info,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_validates_theme_values() {
        assert_eq!(
            escape(r#"<a href="x">'&'"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;"
        );
        assert_eq!(css_color("#abc").as_deref(), Some("#abc"));
        assert_eq!(css_color("rebeccapurple").as_deref(), Some("rebeccapurple"));
        assert!(css_color("red;}body{display:none").is_none());
        assert!(css_color("#12345").is_none());
        assert!(logo("javascript:alert(1)").is_none());
        assert!(logo("//evil.example/x.png").is_none());
        assert!(logo("https://cdn.example/logo.svg").is_some());
    }
}
