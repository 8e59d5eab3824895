//! Tests for the sessions admin API family.
