//! Tests for the scopes admin API family.
