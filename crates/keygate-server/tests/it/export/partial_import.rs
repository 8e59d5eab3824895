//! partial_import
