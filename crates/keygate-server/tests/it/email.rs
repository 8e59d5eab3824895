//! Tests for the email admin API family.
