//! Tests for the export admin API family.
