//! partial_export
