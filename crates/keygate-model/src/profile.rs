use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::Extra;

/// A realm's user profile (`UPConfig`, `GET|PUT /users/profile`): the declared
/// attributes, their groups, and what happens to undeclared ones.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UPConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<UPAttribute>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<UPGroup>>,
    /// `ENABLED`, `ADMIN_VIEW` or `ADMIN_EDIT`; absent means disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmanaged_attribute_policy: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One declared attribute of a [`UPConfig`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UPAttribute {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Validator name to its settings (`{"length": {"min": 3, "max": 255}}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validations: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, serde_json::Value>>,
    /// `{"roles": [...], "scopes": [...]}`: when the attribute is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<serde_json::Value>,
    /// `{"view": [...], "edit": [...]}`: who may see and change it (`admin`, `user`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<serde_json::Value>,
    /// `{"scopes": [...]}`: the scopes that bring the attribute in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multivalued: Option<bool>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An attribute group of a [`UPConfig`], shown together in forms.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UPGroup {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_header: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, serde_json::Value>>,
}

/// `GET /users/profile/metadata` (`UserProfileMetadata`): the profile as forms render it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct UserProfileMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<UserProfileAttributeMetadata>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<UPGroup>>,
}

/// One attribute of [`UserProfileMetadata`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct UserProfileAttributeMetadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validators: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multivalued: Option<bool>,
}
