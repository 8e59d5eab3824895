//! A minimal `multipart/form-data` reader for the certificate uploads: named parts only,
//! bodies kept as bytes. The admin console and the client libraries send small forms
//! (`keystoreFormat`, `keyAlias`, passwords, `file`), well under the body limit.

use std::collections::HashMap;

use axum::http::{header, HeaderMap};

use crate::error::{Error, Result};

fn boundary(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    if !ct
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        return None;
    }
    ct.split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim_matches('"').to_string())
        .filter(|b| !b.is_empty())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn part_name(head: &str) -> Option<String> {
    let line = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
    line.split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| *k == "name")
        .map(|(_, v)| v.trim_matches('"').to_string())
}

/// The form's parts by name (the first of a repeated name wins).
pub fn parse(headers: &HeaderMap, body: &[u8]) -> Result<HashMap<String, Vec<u8>>> {
    let boundary = boundary(headers)
        .ok_or_else(|| Error::bad_request("Expected a multipart/form-data body"))?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = HashMap::new();
    let mut rest = match find(body, &delimiter) {
        Some(i) => &body[i + delimiter.len()..],
        None => return Err(Error::bad_request("Malformed multipart body")),
    };
    while !rest.starts_with(b"--") {
        let Some(next) = find(rest, &delimiter) else {
            return Err(Error::bad_request("Malformed multipart body"));
        };
        let part = &rest[..next];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let split = find(part, b"\r\n\r\n")
            .ok_or_else(|| Error::bad_request("Malformed multipart body"))?;
        let head = String::from_utf8_lossy(&part[..split]);
        if let Some(name) = part_name(&head) {
            parts
                .entry(name)
                .or_insert_with(|| part[split + 4..].to_vec());
        }
        rest = &rest[next + delimiter.len()..];
    }
    Ok(parts)
}
