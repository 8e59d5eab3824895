//! Several nodes on one PostgreSQL database: each keeps realms in memory, so each must
//! hear of every change another node commits. A change bumps the store's change stamp and
//! notifies on one channel in the writing transaction (`store::stamp`); every node
//! listens (`listen`) and drops its cached realms on a notification, polls the stamp as a
//! backstop for a notification it missed, and stops serving from its cache while it
//! cannot listen. SQLite is one node: nothing to follow.

pub mod listen;

use std::sync::atomic::{AtomicI64, Ordering};

/// This node's identity on the change channel and the newest stamp it has seen.
pub struct Node {
    pub id: String,
    /// The change channel (PostgreSQL), empty on SQLite.
    pub channel: String,
    seen: AtomicI64,
}

impl Node {
    pub fn new(channel: String) -> Node {
        Node {
            id: uuid::Uuid::new_v4().simple().to_string(),
            channel,
            seen: AtomicI64::new(0),
        }
    }

    /// Records a stamp; true when it is newer than any seen before.
    pub fn saw(&self, stamp: i64) -> bool {
        self.seen.fetch_max(stamp, Ordering::AcqRel) < stamp
    }
}
