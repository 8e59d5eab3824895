//! What a partial import takes (`PartialImportRepresentation`), plans for each resource that
//! exists, and answers (`PartialImportResults`).

use std::collections::{BTreeMap, HashMap};

use keygate_model::{
    ClientRepresentation, GroupRepresentation, RolesRepresentation, UserRepresentation,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

/// The body of `partialImport`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartialImportRepresentation {
    pub if_resource_exists: Option<String>,
    pub policy: Option<String>,
    pub users: Option<Vec<UserRepresentation>>,
    pub groups: Option<Vec<GroupRepresentation>>,
    pub clients: Option<Vec<ClientRepresentation>>,
    pub roles: Option<RolesRepresentation>,
    /// Not supported: identity providers are left alone.
    pub identity_providers: Option<Value>,
}

/// What to do with a resource that exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    Fail,
    Skip,
    Overwrite,
}

impl PartialImportRepresentation {
    /// `ifResourceExists` (or `policy`), `FAIL` when absent.
    pub fn policy(&self) -> Result<Policy> {
        match self
            .if_resource_exists
            .as_deref()
            .or(self.policy.as_deref())
        {
            None | Some("FAIL") => Ok(Policy::Fail),
            Some("SKIP") => Ok(Policy::Skip),
            Some("OVERWRITE") => Ok(Policy::Overwrite),
            Some(other) => Err(Error::bad_request(format!(
                "Invalid value for ifResourceExists: {other}"
            ))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Action {
    Added,
    Skipped,
    Overwritten,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResourceType {
    User,
    Group,
    Client,
    RealmRole,
    ClientRole,
}

/// One line of `PartialImportResults.results`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartialImportResult {
    pub action: Action,
    pub resource_type: ResourceType,
    pub resource_name: String,
    pub id: String,
}

/// The answer of `partialImport`.
#[derive(Debug, Default, Serialize)]
pub struct PartialImportResults {
    pub overwritten: usize,
    pub added: usize,
    pub skipped: usize,
    pub results: Vec<PartialImportResult>,
}

impl PartialImportResults {
    pub(super) fn push(&mut self, action: Action, t: ResourceType, name: String, id: String) {
        match action {
            Action::Added => self.added += 1,
            Action::Skipped => self.skipped += 1,
            Action::Overwritten => self.overwritten += 1,
        }
        self.results.push(PartialImportResult {
            action,
            resource_type: t,
            resource_name: name,
            id,
        });
    }
}

/// The decision for each resource that exists, by position in its list.
#[derive(Debug, Default)]
pub struct Plan {
    pub clients: Vec<Option<Action>>,
    pub realm_roles: Vec<Option<Action>>,
    pub client_roles: BTreeMap<String, Vec<Option<Action>>>,
    pub groups: Vec<Option<Action>>,
    pub users: Vec<Option<Action>>,
}

/// Client internal ids by `clientId`, for every client the realm holds.
pub type ClientIds = HashMap<String, String>;
