//! Users: the admin API over them and the representation mapping.

pub mod admin;
pub mod convert;
