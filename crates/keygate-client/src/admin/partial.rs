//! Partial import and export of a realm.

use keygate_model::{PartialImportRepresentation, PartialImportResults, RealmRepresentation};
use reqwest::Method;

use crate::error::Result;
use crate::params::PartialExportParams;
use crate::KeygateClient;

impl KeygateClient {
    /// Imports users, clients, groups and roles into an existing realm (`POST
    /// /partialImport`); `ifResourceExists` decides what happens to those that exist.
    pub async fn partial_import(
        &self,
        token: &str,
        realm: &str,
        rep: &PartialImportRepresentation,
    ) -> Result<PartialImportResults> {
        let url = self.admin_url(realm, "/partialImport");
        Self::json(self.request(Method::POST, &url, token).json(rep)).await
    }

    /// Exports the realm's settings and, as asked, its clients, groups and roles, with
    /// secrets masked (`POST /partial-export`).
    pub async fn partial_export(
        &self,
        token: &str,
        realm: &str,
        params: &PartialExportParams,
    ) -> Result<RealmRepresentation> {
        let url = self.admin_url(realm, "/partial-export");
        Self::json(self.request(Method::POST, &url, token).query(params)).await
    }
}
