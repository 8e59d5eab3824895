//! From stored groups to `GroupRepresentation`, in the shapes Keycloak's endpoints return.

use std::collections::BTreeMap;

use keygate_model::GroupRepresentation;

use super::rules::Tree;
use crate::store::groups::{Found, GroupRow};

/// What a representation carries beyond id, name, path and parentId.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// Attributes (Keycloak's "full" representation).
    pub full: bool,
    /// `subGroupCount`.
    pub count: bool,
    /// `access`: what the caller may do with the group.
    pub access: Option<BTreeMap<String, bool>>,
}

/// The attributes stored with a group.
pub fn attributes(g: &GroupRow) -> BTreeMap<String, Vec<String>> {
    serde_json::from_str(&g.attributes).unwrap_or_default()
}

/// One group, `subGroups` empty.
pub fn to_rep(f: &Found, shape: &Shape) -> GroupRepresentation {
    let g = &f.group;
    GroupRepresentation {
        id: Some(g.id.clone()),
        name: Some(g.name.clone()),
        path: Some(g.path.clone()),
        parent_id: g.parent_id.clone(),
        sub_group_count: shape.count.then_some(f.sub_count),
        sub_groups: Some(Vec::new()),
        attributes: shape.full.then(|| attributes(g)),
        access: shape.access.clone(),
        ..Default::default()
    }
}

/// A tree of groups, each child in its parent's `subGroups`.
pub fn tree_to_rep(t: &Tree, shape: &Shape) -> GroupRepresentation {
    let mut rep = to_rep(&t.found, shape);
    rep.sub_groups = Some(t.children.iter().map(|c| tree_to_rep(c, shape)).collect());
    rep
}
