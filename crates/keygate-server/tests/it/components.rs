//! Tests for the components admin API family.
