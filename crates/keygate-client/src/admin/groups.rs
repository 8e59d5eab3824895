//! Groups: the tree, members and memberships, and the realm's default groups.

use keygate_model::{GroupRepresentation, UserRepresentation};

use crate::error::Result;
use crate::params::{GetGroupsParams, GetMembersParams};
use crate::{seg, KeygateClient};

impl KeygateClient {
    fn group_url(&self, realm: &str, group_id: &str, rest: &str) -> String {
        self.admin_url(realm, &format!("/groups/{}{rest}", seg(group_id)))
    }

    /// Creates a top-level group; returns its id (gocloak `CreateGroup`).
    pub async fn create_group(
        &self,
        token: &str,
        realm: &str,
        group: &GroupRepresentation,
    ) -> Result<String> {
        self.create(&self.admin_url(realm, "/groups"), token, group)
            .await
    }

    /// Creates a subgroup of `group_id`; returns its id (gocloak `CreateChildGroup`).
    pub async fn create_child_group(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
        group: &GroupRepresentation,
    ) -> Result<String> {
        let url = self.group_url(realm, group_id, "/children");
        self.create(&url, token, group).await
    }

    /// The direct subgroups of a group, paged (gocloak `GetChildGroups`).
    pub async fn get_child_groups(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
        params: &GetGroupsParams,
    ) -> Result<Vec<GroupRepresentation>> {
        let url = self.group_url(realm, group_id, "/children");
        self.get_query(&url, token, params).await
    }

    /// One group with its attributes and role names (gocloak `GetGroup`).
    pub async fn get_group(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
    ) -> Result<GroupRepresentation> {
        self.get_json(&self.group_url(realm, group_id, ""), token)
            .await
    }

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

    /// Top-level groups, or those matching `search`/`q`, with their hierarchy (gocloak
    /// `GetGroups`).
    pub async fn get_groups(
        &self,
        token: &str,
        realm: &str,
        params: &GetGroupsParams,
    ) -> Result<Vec<GroupRepresentation>> {
        self.get_query(&self.admin_url(realm, "/groups"), token, params)
            .await
    }

    /// How many groups match: all, `top` level only, or names containing `search`
    /// (gocloak `GetGroupsCount`).
    pub async fn get_groups_count(
        &self,
        token: &str,
        realm: &str,
        params: &GetGroupsParams,
    ) -> Result<i64> {
        self.get_count(&self.admin_url(realm, "/groups/count"), token, params)
            .await
    }

    /// The group's direct members, by username (gocloak `GetGroupMembers`).
    pub async fn get_group_members(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
        params: &GetMembersParams,
    ) -> Result<Vec<UserRepresentation>> {
        let url = self.group_url(realm, group_id, "/members");
        self.get_query(&url, token, params).await
    }

    /// Renames a group or replaces its attributes; the representation's `id` names the
    /// group (gocloak `UpdateGroup`).
    pub async fn update_group(
        &self,
        token: &str,
        realm: &str,
        group: &GroupRepresentation,
    ) -> Result<()> {
        let id = group.id.as_deref().unwrap_or_default();
        self.put_json(&self.group_url(realm, id, ""), token, group)
            .await
    }

    /// Deletes a group, its subgroups and their memberships (gocloak `DeleteGroup`).
    pub async fn delete_group(&self, token: &str, realm: &str, group_id: &str) -> Result<()> {
        self.delete(&self.group_url(realm, group_id, ""), token)
            .await
    }

    fn user_group_url(&self, realm: &str, user_id: &str, rest: &str) -> String {
        self.admin_url(realm, &format!("/users/{}/groups{rest}", seg(user_id)))
    }

    /// Makes the user a member of the group (gocloak `AddUserToGroup`).
    pub async fn add_user_to_group(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        group_id: &str,
    ) -> Result<()> {
        let url = self.user_group_url(realm, user_id, &format!("/{}", seg(group_id)));
        self.put_empty(&url, token).await
    }

    /// Ends the user's membership of the group (gocloak `DeleteUserFromGroup`).
    pub async fn delete_user_from_group(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        group_id: &str,
    ) -> Result<()> {
        let url = self.user_group_url(realm, user_id, &format!("/{}", seg(group_id)));
        self.delete(&url, token).await
    }

    /// The groups the user is a direct member of (gocloak `GetUserGroups`).
    pub async fn get_user_groups(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        params: &GetGroupsParams,
    ) -> Result<Vec<GroupRepresentation>> {
        let url = self.user_group_url(realm, user_id, "");
        self.get_query(&url, token, params).await
    }

    /// How many groups the user is a direct member of, optionally matching `search`.
    pub async fn get_user_groups_count(
        &self,
        token: &str,
        realm: &str,
        user_id: &str,
        params: &GetGroupsParams,
    ) -> Result<i64> {
        let url = self.user_group_url(realm, user_id, "/count");
        self.get_count(&url, token, params).await
    }

    /// The groups every new user joins (gocloak `GetDefaultGroups`).
    pub async fn get_default_groups(
        &self,
        token: &str,
        realm: &str,
    ) -> Result<Vec<GroupRepresentation>> {
        self.get_json(&self.admin_url(realm, "/default-groups"), token)
            .await
    }

    /// Adds a group to the realm's default groups (gocloak `AddDefaultGroup`).
    pub async fn add_default_group(&self, token: &str, realm: &str, group_id: &str) -> Result<()> {
        let url = self.admin_url(realm, &format!("/default-groups/{}", seg(group_id)));
        self.put_empty(&url, token).await
    }

    /// Removes a group from the realm's default groups (gocloak `RemoveDefaultGroup`).
    pub async fn remove_default_group(
        &self,
        token: &str,
        realm: &str,
        group_id: &str,
    ) -> Result<()> {
        let url = self.admin_url(realm, &format!("/default-groups/{}", seg(group_id)));
        self.delete(&url, token).await
    }
}
