//! The policy engine: a resource server snapshot and an identity in, decisions out. Pure
//! code (no I/O); time comes in as a number so tests can move it.

mod decide;
mod permissions;
mod time;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

pub use decide::{Verdict, DEFAULT_JS};
pub use permissions::{evaluate, Ask, Outcome, PolicyVerdict};
pub use time::FORMAT as TIME_FORMAT;

use crate::store::authz::model::Strategy;

/// Who is asking, as the engine sees them.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    /// The subject (user id).
    pub user_id: Option<String>,
    /// Effective realm and client role ids, composites expanded.
    pub role_ids: HashSet<String>,
    /// Full paths of the groups the user is a direct member of.
    pub group_paths: Vec<String>,
    /// Internal id of the client the identity's token is for.
    pub client_id: Option<String>,
    /// Ids of the client scopes in that token.
    pub client_scope_ids: HashSet<String>,
    /// The token's claims (regex policies read them).
    pub claims: Map<String, Value>,
    /// Attributes of the request context (`context.attributes`).
    pub attributes: BTreeMap<String, String>,
}

/// What a decision needs besides the identity.
pub struct Env<'a> {
    pub snapshot: &'a crate::store::authz::model::Snapshot,
    pub identity: &'a Identity,
    /// Seconds since the epoch.
    pub now: i64,
    /// Paths of the groups group policies name, by id.
    pub group_paths: &'a HashMap<String, String>,
}

/// Combines votes as a decision strategy does. UNANIMOUS needs at least one vote.
pub fn combine(strategy: Strategy, votes: &[bool]) -> bool {
    let grants = votes.iter().filter(|v| **v).count();
    match strategy {
        Strategy::Unanimous => !votes.is_empty() && grants == votes.len(),
        Strategy::Affirmative => grants > 0,
        Strategy::Consensus => grants > votes.len() - grants,
    }
}

#[cfg(test)]
mod tests;
