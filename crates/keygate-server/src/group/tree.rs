//! Changes to the group tree that `/groups` and `/groups/{id}/children` both make: a new
//! group's row, moving a group, and where a created group lives.

use keygate_model::GroupRepresentation;

use super::rules;
use crate::error::{Error, Result};
use crate::http::base::Base;
use crate::store::groups::GroupRow;
use crate::store::{self, Conn};

/// Moves `g` under `parent` (None: top level), keeping its name; `taken` is the 409 for a
/// sibling already holding the name. Moving a group into itself changes nothing, as in
/// Keycloak; into its own subtree is refused.
pub async fn move_group(
    c: &mut Conn,
    realm_id: &str,
    g: &GroupRow,
    parent: Option<&GroupRow>,
    taken: Error,
) -> Result<()> {
    if let Some(p) = parent {
        if p.id == g.id {
            return Ok(());
        }
        if rules::in_subtree(g, p) {
            return Err(Error::bad_request(
                "Cannot move a group into one of its subgroups",
            ));
        }
    }
    let path = rules::child_path(parent.map(|p| p.path.as_str()), &g.name);
    if store::groups::by_path(c, realm_id, &path).await?.is_some() {
        return Err(taken);
    }
    store::groups::relocate(
        c,
        realm_id,
        g,
        parent.map(|p| p.id.as_str()),
        &g.name,
        &path,
    )
    .await
}

/// A new group row from a representation.
pub fn new_row(
    rep: &GroupRepresentation,
    name: String,
    parent: Option<&GroupRow>,
) -> Result<GroupRow> {
    Ok(GroupRow {
        id: uuid::Uuid::new_v4().to_string(),
        parent_id: parent.map(|p| p.id.clone()),
        path: rules::child_path(parent.map(|p| p.path.as_str()), &name),
        name,
        attributes: serde_json::to_string(&rep.attributes.clone().unwrap_or_default())?,
    })
}

/// The `Location` of a group.
pub fn location(base: &Base, realm: &str, id: &str) -> String {
    format!("{}/admin/realms/{realm}/groups/{id}", base.0)
}
