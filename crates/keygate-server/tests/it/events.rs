//! Tests for the events admin API family.
