//! Groups: the tree, members and memberships, and the realm's default groups.

use keygate_model::{GroupRepresentation, UserRepresentation};

use crate::error::Result;
use crate::params::{GetGroupsParams, GetMembersParams};
use crate::{seg, KeygateClient};

endpoints! {
    /// Creates a top-level group; returns its id (gocloak `CreateGroup`).
    create create_group(; group: &GroupRepresentation) -> String = "/groups";

    /// Creates a subgroup of `group_id`; returns its id (gocloak `CreateChildGroup`).
    create create_child_group(group_id; group: &GroupRepresentation) -> String
        = "/groups/{group_id}/children";

    /// The direct subgroups of a group, paged (gocloak `GetChildGroups`).
    get get_child_groups(group_id; params: &GetGroupsParams) -> Vec<GroupRepresentation>
        = "/groups/{group_id}/children";

    /// One group with its attributes and role names (gocloak `GetGroup`).
    get get_group(group_id) -> GroupRepresentation = "/groups/{group_id}";

    /// Top-level groups, or those matching `search`/`q`, with their hierarchy (gocloak
    /// `GetGroups`).
    get get_groups(; params: &GetGroupsParams) -> Vec<GroupRepresentation> = "/groups";

    /// How many groups match: all, `top` level only, or names containing `search`
    /// (gocloak `GetGroupsCount`).
    count get_groups_count(; params: &GetGroupsParams) -> i64 = "/groups/count";

    /// The group's direct members, by username (gocloak `GetGroupMembers`).
    get get_group_members(group_id; params: &GetMembersParams) -> Vec<UserRepresentation>
        = "/groups/{group_id}/members";

    /// Renames a group or replaces its attributes; the representation's `id` names the
    /// group (gocloak `UpdateGroup`).
    put update_group(; group: &GroupRepresentation) -> () = "/groups/{id}", id = group.id;

    /// Deletes a group, its subgroups and their memberships (gocloak `DeleteGroup`).
    delete delete_group(group_id) -> () = "/groups/{group_id}";
}

impl KeygateClient {
    /// A group by its path, e.g. `/parent/child` (gocloak `GetGroupByPath`).
    pub async fn get_group_by_path(
        &self,
        token: &str,
        realm: &str,
        path: &str,
    ) -> Result<GroupRepresentation> {
        let segments: Vec<String> = path.trim_start_matches('/').split('/').map(seg).collect();
        let url = self.admin_url(realm, &format!("/group-by-path/{}", segments.join("/")));
        self.get_json(&url, token).await
    }
}

// --- memberships ---

endpoints! {
    /// Makes the user a member of the group (gocloak `AddUserToGroup`).
    put add_user_to_group(user_id, group_id) -> () = "/users/{user_id}/groups/{group_id}";

    /// Ends the user's membership of the group (gocloak `DeleteUserFromGroup`).
    delete delete_user_from_group(user_id, group_id) -> ()
        = "/users/{user_id}/groups/{group_id}";

    /// The groups the user is a direct member of (gocloak `GetUserGroups`).
    get get_user_groups(user_id; params: &GetGroupsParams) -> Vec<GroupRepresentation>
        = "/users/{user_id}/groups";

    /// How many groups the user is a direct member of, optionally matching `search`.
    count get_user_groups_count(user_id; params: &GetGroupsParams) -> i64
        = "/users/{user_id}/groups/count";
}

// --- default groups ---

endpoints! {
    /// The groups every new user joins (gocloak `GetDefaultGroups`).
    get get_default_groups() -> Vec<GroupRepresentation> = "/default-groups";

    /// Adds a group to the realm's default groups (gocloak `AddDefaultGroup`).
    put add_default_group(group_id) -> () = "/default-groups/{group_id}";

    /// Removes a group from the realm's default groups (gocloak `RemoveDefaultGroup`).
    delete remove_default_group(group_id) -> () = "/default-groups/{group_id}";
}
