//! Signed-JWT client authentication, client certificates, the adapter installation,
//! signed userinfo and the discovery document.

mod assertions;
mod certificates;
mod endpoints;
mod support;
