//! The rules of the group tree: names, paths, the `q` syntax and how search results are
//! hung under their ancestors. Plain functions, no HTTP, no store.

use std::collections::{HashMap, HashSet};

use crate::error::{Error, Result};
use crate::store::groups::{Found, GroupRow};

/// The name a representation asks for, or 400 as Keycloak answers a blank one.
pub fn required_name(name: Option<&str>) -> Result<String> {
    match name {
        Some(n) if !n.trim().is_empty() => Ok(n.to_string()),
        _ => Err(Error::bad_request("Group name is missing")),
    }
}

/// The path of a group named `name` under a parent at `parent_path` (None: top level).
pub fn child_path(parent_path: Option<&str>, name: &str) -> String {
    format!("{}/{name}", parent_path.unwrap_or_default())
}

/// The path of a group's parent (None for a top-level group), from the group's own path.
pub fn parent_path(g: &GroupRow) -> Option<&str> {
    g.parent_id.as_ref()?;
    g.path.strip_suffix(g.name.as_str())?.strip_suffix('/')
}

/// A `group-by-path` argument as a stored path: one leading `/`, no trailing `/`.
pub fn normalize_path(raw: &str) -> Option<String> {
    let trimmed = raw.strip_prefix('/').unwrap_or(raw);
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    (!trimmed.is_empty()).then(|| format!("/{trimmed}"))
}

/// Whether `candidate` lies inside the subtree rooted at `root` (itself included).
pub fn in_subtree(root: &GroupRow, candidate: &GroupRow) -> bool {
    candidate.id == root.id || candidate.path.starts_with(&format!("{}/", root.path))
}

/// Keycloak's `q` syntax: space-separated `key:value` pairs; a key or value may be
/// double-quoted, with `\` escaping inside quotes. Pairs with an empty key are dropped.
pub fn parse_q(q: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = q.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let key = token(&mut chars, true);
        if chars.peek() != Some(&':') {
            // Not a pair: skip to the next whitespace.
            while chars.peek().is_some_and(|c| !c.is_whitespace()) {
                chars.next();
            }
            continue;
        }
        chars.next();
        let value = token(&mut chars, false);
        if !key.is_empty() {
            out.push((key, value));
        }
    }
    out
}

fn token(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, stop_at_colon: bool) -> String {
    let mut out = String::new();
    if chars.peek() == Some(&'"') {
        chars.next();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.extend(chars.next()),
                '"' => break,
                c => out.push(c),
            }
        }
        return out;
    }
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || (stop_at_colon && c == ':') {
            break;
        }
        out.push(c);
        chars.next();
    }
    out
}

/// A group with the children a hierarchy shows under it.
#[derive(Debug, Clone)]
pub struct Tree {
    pub found: Found,
    pub children: Vec<Tree>,
}

/// Hangs each matched group under its ancestors, as Keycloak's `populateHierarchy` does:
/// every root leads down to the matches and nothing else; roots are sorted by name, and
/// children keep the order in which matches reached them. `known` must hold every
/// ancestor of every match.
pub fn hierarchy(matched: &[Found], known: &HashMap<String, Found>) -> Vec<Tree> {
    let mut roots: Vec<String> = Vec::new();
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    let mut attached: HashSet<String> = HashSet::new();
    for m in matched {
        let mut current = &m.group;
        loop {
            if !attached.insert(current.id.clone()) {
                break;
            }
            match current.parent_id.as_deref().and_then(|p| known.get(p)) {
                Some(parent) => {
                    children
                        .entry(parent.group.id.clone())
                        .or_default()
                        .push(current.id.clone());
                    current = &parent.group;
                }
                None => {
                    roots.push(current.id.clone());
                    break;
                }
            }
        }
    }
    let mut trees: Vec<Tree> = roots
        .iter()
        .filter_map(|id| build(id, known, &children))
        .collect();
    trees.sort_by(|a, b| a.found.group.name.cmp(&b.found.group.name));
    trees
}

fn build(
    id: &str,
    known: &HashMap<String, Found>,
    children: &HashMap<String, Vec<String>>,
) -> Option<Tree> {
    let found = known.get(id)?.clone();
    let kids = children
        .get(id)
        .map(|ids| {
            ids.iter()
                .filter_map(|c| build(c, known, children))
                .collect()
        })
        .unwrap_or_default();
    Some(Tree {
        found,
        children: kids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(id: &str, parent: Option<&str>, name: &str, path: &str) -> Found {
        Found {
            group: GroupRow {
                id: id.into(),
                parent_id: parent.map(Into::into),
                name: name.into(),
                path: path.into(),
                attributes: "{}".into(),
            },
            sub_count: 0,
        }
    }

    #[test]
    fn names_and_paths() {
        assert!(required_name(None).is_err());
        assert!(required_name(Some("  ")).is_err());
        assert_eq!(required_name(Some("a b")).ok().as_deref(), Some("a b"));
        assert_eq!(child_path(None, "a"), "/a");
        assert_eq!(child_path(Some("/a"), "b"), "/a/b");
        assert_eq!(
            parent_path(&g("2", Some("1"), "b", "/a/b").group),
            Some("/a")
        );
        assert_eq!(parent_path(&g("1", None, "a", "/a").group), None);
        assert_eq!(normalize_path("a/b/").as_deref(), Some("/a/b"));
        assert_eq!(normalize_path("/a").as_deref(), Some("/a"));
        assert_eq!(normalize_path("/"), None);
        let a = g("1", None, "a", "/a").group;
        assert!(in_subtree(&a, &g("2", Some("1"), "b", "/a/b").group));
        assert!(in_subtree(&a, &a));
        assert!(!in_subtree(&a, &g("3", None, "ab", "/ab").group));
    }

    #[test]
    fn q_pairs() {
        assert_eq!(
            parse_q(r#"dept:eng  "cost center":"12 34" a:"x\"y" junk :novalue"#),
            vec![
                ("dept".to_string(), "eng".to_string()),
                ("cost center".to_string(), "12 34".to_string()),
                ("a".to_string(), "x\"y".to_string()),
            ]
        );
        assert!(parse_q("").is_empty());
    }

    #[test]
    fn hierarchy_merges_paths_to_matches() {
        let a = g("a", None, "a", "/a");
        let b = g("b", Some("a"), "b", "/a/b");
        let c = g("c", Some("b"), "c", "/a/b/c");
        let z = g("z", None, "z", "/z");
        let known: HashMap<String, Found> = [&a, &b, &c, &z]
            .iter()
            .map(|f| (f.group.id.clone(), (*f).clone()))
            .collect();
        let trees = hierarchy(&[b.clone(), c.clone(), z.clone()], &known);
        assert_eq!(trees.len(), 2);
        assert_eq!(trees[0].found.group.id, "a");
        assert_eq!(trees[0].children.len(), 1);
        assert_eq!(trees[0].children[0].found.group.id, "b");
        assert_eq!(trees[0].children[0].children[0].found.group.id, "c");
        assert_eq!(trees[1].found.group.id, "z");
        assert!(trees[1].children.is_empty());
    }
}
