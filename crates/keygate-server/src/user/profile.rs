//! `/admin/realms/{realm}/users/profile`: the realm's declarative user profile (UPConfig)
//! and its metadata. Without a saved configuration the realm has Keycloak 24+'s default
//! (username, email, firstName, lastName and the `user-metadata` group), except that
//! Keygate keeps attributes outside the profile by default: `unmanagedAttributePolicy`
//! is `ENABLED`, where Keycloak leaves it unset (disabled).

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::http::auth::{Admin, Perm};
use crate::http::json::JsonBody;
use crate::realm::model::Realm;
use crate::state::{AppState, Change};
use crate::store;

pub fn routes() -> Router<AppState> {
    let base = "/admin/realms/{realm}/users/profile";
    Router::new()
        .route(base, get(read).put(update))
        .route(&format!("{base}/metadata"), get(metadata))
        .route(
            "/admin/realms/{realm}/users/{id}/unmanagedAttributes",
            get(unmanaged_attributes),
        )
}

fn view_edit() -> Value {
    json!({"view": ["admin", "user"], "edit": ["admin", "user"]})
}

/// Keycloak's default user profile configuration, with unmanaged attributes enabled.
pub fn default_config() -> Value {
    json!({
        "attributes": [
            {"name": "username", "displayName": "${username}",
             "validations": {"length": {"min": 3, "max": 255},
                             "username-prohibited-characters": {},
                             "up-username-not-idn-homograph": {}},
             "permissions": view_edit(), "multivalued": false},
            {"name": "email", "displayName": "${email}",
             "validations": {"email": {}, "length": {"max": 255}},
             "required": {"roles": ["user"]},
             "permissions": view_edit(), "multivalued": false},
            {"name": "firstName", "displayName": "${firstName}",
             "validations": {"length": {"max": 255}, "person-name-prohibited-characters": {}},
             "required": {"roles": ["user"]},
             "permissions": view_edit(), "multivalued": false},
            {"name": "lastName", "displayName": "${lastName}",
             "validations": {"length": {"max": 255}, "person-name-prohibited-characters": {}},
             "required": {"roles": ["user"]},
             "permissions": view_edit(), "multivalued": false}
        ],
        "groups": [
            {"name": "user-metadata", "displayHeader": "User metadata",
             "displayDescription": "Attributes, which refer to user metadata"}
        ],
        "unmanagedAttributePolicy": "ENABLED"
    })
}

/// The realm's configuration: the saved one or the default.
pub async fn config(state: &AppState, realm: &Realm) -> Result<Value> {
    let mut conn = state.db.conn().await?;
    match store::user_extras::profile_config(&mut conn, &realm.id).await? {
        Some(data) => Ok(serde_json::from_str(&data)?),
        None => Ok(default_config()),
    }
}

/// Any admin role of the realm may read the profile (Keycloak: `requireAnyAdminRole`).
fn require_read(admin: &Admin, realm: &Realm) -> Result<()> {
    [
        Perm::ViewRealm,
        Perm::QueryUsers,
        Perm::ViewClients,
        Perm::QueryGroups,
    ]
    .into_iter()
    .any(|p| admin.require(realm, p).is_ok())
    .then_some(())
    .ok_or(Error::Forbidden)
}

async fn read(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    require_read(&admin, &realm)?;
    Ok(Json(config(&state, &realm).await?))
}

async fn update(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
    JsonBody(body): JsonBody<Value>,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ManageRealm)?;
    validate(&body).map_err(Error::bad_request)?;
    let mut tx = state.begin().await?;
    store::user_extras::set_profile_config(&mut tx, &realm.id, &serde_json::to_string(&body)?)
        .await?;
    state.commit(tx, Change::Users).await?;
    Ok(Json(body))
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Checks a configuration as Keycloak's `UPConfigUtils.validate` does; `Err` is the reason.
pub fn validate(config: &Value) -> Result<(), String> {
    let obj = config
        .as_object()
        .ok_or("Invalid user profile configuration")?;
    let attrs = obj
        .get("attributes")
        .and_then(Value::as_array)
        .ok_or("UserProfile configuration without 'attributes' section is not allowed")?;
    let groups = validate_groups(obj)?;
    let mut names: Vec<&str> = Vec::new();
    for a in attrs {
        let name = a
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.trim().is_empty())
            .ok_or("Attribute configuration without 'name' is not allowed")?;
        if names.contains(&name) {
            return Err(format!(
                "Duplicit attribute configuration with 'name': '{name}'"
            ));
        }
        if !valid_name(name) {
            return Err(format!(
                "Invalid attribute name (only letters, numbers and '.' '_' '-' special characters allowed): {name}"
            ));
        }
        if let Some(v) = a.get("validations").filter(|v| !v.is_null()) {
            if !v.is_object() {
                return Err(format!("Invalid validations of attribute '{name}'"));
            }
        }
        if let Some(g) = a.get("group").and_then(Value::as_str) {
            if !groups.contains(&g) {
                return Err(format!("Attribute '{name}' references unknown group '{g}'"));
            }
        }
        names.push(name);
    }
    for required in ["username", "email"] {
        if !names.contains(&required) {
            return Err(format!(
                "The attribute '{required}' can not be removed from the configuration"
            ));
        }
    }
    match obj.get("unmanagedAttributePolicy") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(p)) if matches!(p.as_str(), "ENABLED" | "ADMIN_VIEW" | "ADMIN_EDIT") => {
            Ok(())
        }
        Some(_) => Err("Invalid unmanagedAttributePolicy".into()),
    }
}

fn validate_groups(obj: &Map<String, Value>) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let Some(groups) = obj.get("groups").filter(|g| !g.is_null()) else {
        return Ok(names);
    };
    let groups = groups.as_array().ok_or("Invalid 'groups' section")?;
    for g in groups {
        let name = g
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.trim().is_empty())
            .ok_or("Name is mandatory for groups, found 1 group(s) without name.")?;
        if names.contains(&name) {
            return Err(format!(
                "Duplicit group configuration with 'name': '{name}'"
            ));
        }
        names.push(name);
    }
    Ok(names)
}

/// `GET /users/profile/metadata`: the attributes as the admin console renders them for a
/// new user (an administrator's view: required only where required for admins).
async fn metadata(
    State(state): State<AppState>,
    Path(realm): Path<String>,
    admin: Admin,
) -> Result<Json<Value>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    require_read(&admin, &realm)?;
    Ok(Json(admin_metadata(&config(&state, &realm).await?)))
}

/// The profile's metadata in the administrator's context (Keycloak's `USER_API`).
pub fn admin_metadata(cfg: &Value) -> Value {
    let empty = Vec::new();
    let attrs = cfg
        .get("attributes")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let attributes: Vec<Value> = attrs.iter().map(attribute_metadata).collect();
    let groups: Vec<Value> = cfg
        .get("groups")
        .and_then(Value::as_array)
        .unwrap_or(&empty)
        .iter()
        .map(|g| {
            let mut m = Map::new();
            for k in ["name", "displayHeader", "displayDescription", "annotations"] {
                if let Some(v) = g.get(k).filter(|v| !v.is_null()) {
                    m.insert(k.into(), v.clone());
                }
            }
            Value::Object(m)
        })
        .collect();
    json!({"attributes": attributes, "groups": groups})
}

/// `GET /users/{id}/unmanagedAttributes`: the user's attributes the profile does not
/// declare (username and email excluded), with their values.
async fn unmanaged_attributes(
    State(state): State<AppState>,
    Path((realm, id)): Path<(String, String)>,
    admin: Admin,
) -> Result<Json<Map<String, Value>>> {
    let realm = state.realms.get(&state.db, &realm).await?;
    admin.require(&realm, Perm::ViewUsers)?;
    let cfg = config(&state, &realm).await?;
    let declared: Vec<&str> = cfg
        .get("attributes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| x.get("name")?.as_str()).collect())
        .unwrap_or_default();
    let mut conn = state.db.conn().await?;
    let user = store::users::by_id(&mut conn, &realm.id, &id)
        .await?
        .ok_or_else(|| Error::not_found("User not found"))?;
    let mut out = Map::new();
    for (name, value) in &user.attributes {
        let skip = declared.contains(&name.as_str())
            || matches!(name.as_str(), "username" | "email")
            || value.trim().is_empty();
        if skip {
            continue;
        }
        if let Value::Array(values) = out
            .entry(name.clone())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            values.push(Value::String(value.clone()));
        }
    }
    Ok(Json(out))
}

fn has_role(v: Option<&Value>, role: &str) -> bool {
    v.and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|r| r.as_str() == Some(role)))
}

fn attribute_metadata(a: &Value) -> Value {
    let name = a.get("name").cloned().unwrap_or(Value::Null);
    let required = a.get("required").filter(|r| !r.is_null()).is_some_and(|r| {
        let roles = r.get("roles");
        roles.and_then(Value::as_array).is_none_or(|x| x.is_empty()) || has_role(roles, "admin")
    });
    let perms = a.get("permissions");
    let read_only = !has_role(perms.and_then(|p| p.get("edit")), "admin");
    let mut m = Map::new();
    m.insert("name".into(), name.clone());
    m.insert(
        "displayName".into(),
        a.get("displayName").cloned().unwrap_or(name),
    );
    m.insert("required".into(), json!(required));
    m.insert("readOnly".into(), json!(read_only));
    for (from, to) in [
        ("validations", "validators"),
        ("annotations", "annotations"),
        ("group", "group"),
    ] {
        if let Some(v) = a.get(from).filter(|v| !v.is_null()) {
            m.insert(to.into(), v.clone());
        }
    }
    m.insert(
        "multivalued".into(),
        json!(a
            .get("multivalued")
            .and_then(Value::as_bool)
            .unwrap_or(false)),
    );
    Value::Object(m)
}
