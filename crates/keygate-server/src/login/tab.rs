//! Which pending login a login-action post is for, and the token it must carry.

use serde::Deserialize;

use crate::oidc::form::Params;

/// The query of the login-action endpoints: `session_code` (`{tab}.{token}`, what the
/// forms' actions carry) or the bare `tab_id` with the token in the form's `csrf` field.
#[derive(Debug, Deserialize)]
pub struct Tab {
    pub tab_id: Option<String>,
    pub session_code: Option<String>,
}

impl Tab {
    /// The pending login's id and the token the post must match. A `csrf` field in the form
    /// wins over the one in `session_code`, so a forged field is never overridden.
    pub fn resolve<'a>(&'a self, form: &'a Params) -> (Option<&'a str>, Option<&'a str>) {
        let code = self.session_code.as_deref().and_then(|c| c.split_once('.'));
        let tab = self.tab_id.as_deref().or(code.map(|c| c.0));
        let token = form.get("csrf").or(code.map(|c| c.1));
        (tab, token)
    }
}
