//! The one schema both engines run. Only portable types are used (TEXT, BIGINT; flags are
//! BIGINT 0/1 because sqlx's Any driver cannot decode SQLite booleans),
//! so SQLite and PostgreSQL share every statement; JSON documents are TEXT.

/// Ordered migrations: `(version, statements)`. Append only; never edit a shipped step.
pub const MIGRATIONS: &[(i64, &[&str])] = &[
    (1, V1),
    (2, V2_GROUPS),
    (3, V3_LOGIN),
    (4, V4_SCOPES),
    (5, V5_SESSIONS),
    (6, V6_COMPONENTS),
    (7, V7_EVENTS),
    (8, V8_USER_EXTRAS),
    (9, V9_PERF),
    (10, V10_USER_COUNTS),
    (11, V11_MEMBER_NAMES),
    (12, V12_EMAIL_KEYS),
    (13, V13_DEVICE_CODES),
    (14, V14_CHANGE_STAMP),
    (15, V15_AUTHZ),
];

const V1: &[&str] = &[
    "CREATE TABLE realms (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        data TEXT NOT NULL,
        created BIGINT NOT NULL
    )",
    "CREATE TABLE realm_keys (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        kid TEXT NOT NULL,
        algorithm TEXT NOT NULL,
        key_use TEXT NOT NULL,
        private_key TEXT NOT NULL,
        public_key TEXT NOT NULL,
        priority BIGINT NOT NULL,
        enabled BIGINT NOT NULL,
        active BIGINT NOT NULL,
        provider_id TEXT NOT NULL,
        created BIGINT NOT NULL
    )",
    "CREATE INDEX realm_keys_realm ON realm_keys(realm_id)",
    "CREATE TABLE clients (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        client_id TEXT NOT NULL,
        data TEXT NOT NULL,
        CONSTRAINT clients_client_id_key UNIQUE (realm_id, client_id)
    )",
    "CREATE TABLE client_scopes (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        CONSTRAINT client_scopes_name_key UNIQUE (realm_id, name)
    )",
    "CREATE TABLE roles (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        container_id TEXT NOT NULL,
        client_role BIGINT NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        attributes TEXT NOT NULL,
        CONSTRAINT roles_name_key UNIQUE (container_id, name)
    )",
    "CREATE INDEX roles_realm ON roles(realm_id)",
    "CREATE TABLE role_composites (
        parent_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
        child_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
        PRIMARY KEY (parent_id, child_id)
    )",
    "CREATE INDEX role_composites_child ON role_composites(child_id)",
    "CREATE TABLE users (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        username TEXT NOT NULL,
        email TEXT,
        first_name TEXT,
        last_name TEXT,
        enabled BIGINT NOT NULL,
        email_verified BIGINT NOT NULL,
        created BIGINT NOT NULL,
        not_before BIGINT NOT NULL,
        service_account_client_id TEXT,
        required_actions TEXT NOT NULL,
        extra TEXT NOT NULL,
        CONSTRAINT users_username_key UNIQUE (realm_id, username)
    )",
    "CREATE INDEX users_email ON users(realm_id, email)",
    "CREATE INDEX users_first_name ON users(realm_id, first_name)",
    "CREATE INDEX users_last_name ON users(realm_id, last_name)",
    "CREATE TABLE user_attributes (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        realm_id TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        position BIGINT NOT NULL
    )",
    "CREATE INDEX user_attributes_user ON user_attributes(user_id)",
    "CREATE INDEX user_attributes_value ON user_attributes(realm_id, name, value)",
    "CREATE TABLE credentials (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        user_label TEXT,
        created BIGINT NOT NULL,
        secret_data TEXT NOT NULL,
        credential_data TEXT NOT NULL,
        priority BIGINT NOT NULL
    )",
    "CREATE INDEX credentials_user ON credentials(user_id)",
    "CREATE TABLE user_roles (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, role_id)
    )",
    "CREATE INDEX user_roles_role ON user_roles(role_id)",
    "CREATE TABLE realm_groups (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES realm_groups(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        attributes TEXT NOT NULL,
        CONSTRAINT realm_groups_path_key UNIQUE (realm_id, path)
    )",
    "CREATE INDEX realm_groups_parent ON realm_groups(parent_id)",
    "CREATE TABLE group_roles (
        group_id TEXT NOT NULL REFERENCES realm_groups(id) ON DELETE CASCADE,
        role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, role_id)
    )",
    "CREATE INDEX group_roles_role ON group_roles(role_id)",
    "CREATE TABLE group_members (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        group_id TEXT NOT NULL REFERENCES realm_groups(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, group_id)
    )",
    "CREATE INDEX group_members_group ON group_members(group_id)",
    "CREATE TABLE user_sessions (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        started BIGINT NOT NULL,
        last_access BIGINT NOT NULL,
        offline BIGINT NOT NULL,
        ip_address TEXT
    )",
    "CREATE INDEX user_sessions_user ON user_sessions(user_id)",
    "CREATE INDEX user_sessions_realm ON user_sessions(realm_id)",
    "CREATE TABLE client_sessions (
        session_id TEXT NOT NULL REFERENCES user_sessions(id) ON DELETE CASCADE,
        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        started BIGINT NOT NULL,
        PRIMARY KEY (session_id, client_id)
    )",
    "CREATE INDEX client_sessions_client ON client_sessions(client_id)",
    "CREATE TABLE revoked_tokens (
        jti TEXT PRIMARY KEY,
        expires BIGINT NOT NULL
    )",
];

/// Groups: ordered listing indexes (top level and children of one parent page by name
/// without sorting), searchable attributes (`q=key:value`) and the realm's default groups.
const V2_GROUPS: &[&str] = &[
    "CREATE INDEX realm_groups_realm_parent_name ON realm_groups(realm_id, parent_id, name)",
    "CREATE INDEX realm_groups_realm_name ON realm_groups(realm_id, name)",
    "CREATE TABLE group_attributes (
        group_id TEXT NOT NULL REFERENCES realm_groups(id) ON DELETE CASCADE,
        realm_id TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        position BIGINT NOT NULL
    )",
    "CREATE INDEX group_attributes_group ON group_attributes(group_id)",
    "CREATE INDEX group_attributes_value ON group_attributes(realm_id, name, value)",
    "CREATE TABLE realm_default_groups (
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        group_id TEXT NOT NULL REFERENCES realm_groups(id) ON DELETE CASCADE,
        PRIMARY KEY (realm_id, group_id)
    )",
    "CREATE INDEX realm_default_groups_group ON realm_default_groups(group_id)",
];

/// Browser login: pending authentications (one per browser tab, bound to the browser's
/// `AUTH_SESSION_ID` cookie), one-time authorization codes (kept past use so a replay is
/// recognised) and brute-force failure records.
const V3_LOGIN: &[&str] = &[
    "CREATE TABLE auth_sessions (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        browser TEXT NOT NULL,
        csrf TEXT NOT NULL,
        request TEXT NOT NULL,
        user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
        remember_me BIGINT NOT NULL,
        created BIGINT NOT NULL,
        expires BIGINT NOT NULL
    )",
    "CREATE INDEX auth_sessions_expires ON auth_sessions(expires)",
    "CREATE TABLE auth_codes (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        session_id TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        redirect_uri TEXT NOT NULL,
        scope TEXT,
        nonce TEXT,
        code_challenge TEXT,
        code_challenge_method TEXT,
        used BIGINT NOT NULL,
        created BIGINT NOT NULL,
        expires BIGINT NOT NULL
    )",
    "CREATE INDEX auth_codes_expires ON auth_codes(expires)",
    "CREATE TABLE login_failures (
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        num_failures BIGINT NOT NULL,
        last_failure BIGINT NOT NULL,
        last_ip TEXT,
        not_before BIGINT NOT NULL,
        PRIMARY KEY (realm_id, user_id)
    )",
];

/// Login events and admin events, each paged newest first by `(realm_id, event_time)`;
/// expired login events are purged by the same index.
const V7_EVENTS: &[&str] = &[
    "CREATE TABLE events (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        event_time BIGINT NOT NULL,
        type TEXT NOT NULL,
        client_id TEXT,
        user_id TEXT,
        session_id TEXT,
        ip_address TEXT,
        error TEXT,
        details TEXT
    )",
    "CREATE INDEX events_realm_time ON events(realm_id, event_time)",
    "CREATE TABLE admin_events (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        event_time BIGINT NOT NULL,
        operation_type TEXT NOT NULL,
        resource_type TEXT,
        resource_path TEXT,
        auth_realm_id TEXT,
        auth_client_id TEXT,
        auth_user_id TEXT,
        auth_ip_address TEXT,
        representation TEXT,
        error TEXT
    )",
    "CREATE INDEX admin_events_realm_time ON admin_events(realm_id, event_time)",
];

/// Role scope mappings of clients and client scopes (`holder_id` is either's id): which
/// roles a client with `fullScopeAllowed=false` may put in its tokens.
const V4_SCOPES: &[&str] = &[
    "CREATE TABLE scope_mappings (
        holder_id TEXT NOT NULL,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
        PRIMARY KEY (holder_id, role_id)
    )",
    "CREATE INDEX scope_mappings_role ON scope_mappings(role_id)",
    "CREATE INDEX scope_mappings_realm ON scope_mappings(realm_id)",
];

/// Sessions admin API: a user's online or offline sessions, a client's sessions paged by
/// start, per-realm counts by kind; a user's credentials in priority order.
const V5_SESSIONS: &[&str] = &[
    "CREATE INDEX user_sessions_user_kind ON user_sessions(user_id, offline, started, id)",
    "CREATE INDEX user_sessions_realm_kind ON user_sessions(realm_id, offline)",
    "CREATE INDEX client_sessions_client_started ON client_sessions(client_id, started, session_id)",
    "CREATE INDEX credentials_user_priority ON credentials(user_id, priority)",
];

/// Components (key providers and any other component a client stores). A key provider's
/// key row in `realm_keys` shares its id. Existing keys are backfilled as components, and
/// keys gain their X.509 certificate.
const V6_COMPONENTS: &[&str] = &[
    "CREATE TABLE components (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        provider_id TEXT NOT NULL,
        provider_type TEXT NOT NULL,
        parent_id TEXT NOT NULL,
        sub_type TEXT,
        config TEXT NOT NULL,
        created BIGINT NOT NULL
    )",
    "CREATE INDEX components_realm_parent ON components(realm_id, parent_id, provider_type, name)",
    "CREATE INDEX components_realm_type ON components(realm_id, provider_type, name)",
    "ALTER TABLE realm_keys ADD COLUMN certificate TEXT",
    "INSERT INTO components (id, realm_id, name, provider_id, provider_type, parent_id, sub_type,
                             config, created)
     SELECT id, realm_id,
            CASE WHEN provider_id = 'hmac-generated'
                 THEN 'hmac-generated-' || LOWER(algorithm) ELSE provider_id END,
            provider_id, 'org.keycloak.keys.KeyProvider', realm_id, NULL,
            '{\"priority\":[\"' || CAST(priority AS TEXT) || '\"],\"algorithm\":[\"'
              || algorithm || '\"]}',
            created
     FROM realm_keys",
];

/// User extras: the realm's user profile configuration (one JSON document per realm), the
/// consents users granted to clients, and links to identity-provider accounts.
const V8_USER_EXTRAS: &[&str] = &[
    "CREATE TABLE user_profile_configs (
        realm_id TEXT PRIMARY KEY REFERENCES realms(id) ON DELETE CASCADE,
        data TEXT NOT NULL
    )",
    "CREATE TABLE user_consents (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        scopes TEXT NOT NULL,
        created BIGINT NOT NULL,
        last_updated BIGINT NOT NULL,
        PRIMARY KEY (user_id, client_id)
    )",
    "CREATE INDEX user_consents_client ON user_consents(client_id)",
    "CREATE TABLE federated_identities (
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        fed_user_id TEXT NOT NULL,
        fed_username TEXT NOT NULL,
        PRIMARY KEY (user_id, provider)
    )",
    "CREATE INDEX federated_identities_link ON federated_identities(realm_id, provider, fed_user_id)",
];

/// Admin listings at scale (issue 5). Users: pages and counts skip service accounts
/// index-only (partial index on the same predicate; the filtered column is in it so
/// SQLite sees it as covering), and prefix searches on the
/// lower-cased names are range scans. Groups: the tree listings order by `(name, id)`
/// without a sort; these indexes supersede the V2 `(realm_id, parent_id, name)` and
/// `(realm_id, name)` ones, and the lower-cased name indexes the V1 raw-name ones.
const V9_PERF: &[&str] = &[
    "CREATE INDEX users_human_username
     ON users(realm_id, username, id, service_account_client_id)
     WHERE service_account_client_id IS NULL",
    "CREATE INDEX users_lower_first_name ON users(realm_id, lower(first_name))",
    "CREATE INDEX users_lower_last_name ON users(realm_id, lower(last_name))",
    "DROP INDEX users_first_name",
    "DROP INDEX users_last_name",
    "CREATE INDEX realm_groups_parent_page ON realm_groups(realm_id, parent_id, name, id)",
    "CREATE INDEX realm_groups_name_page ON realm_groups(realm_id, name, id)",
    // PostgreSQL cannot take the order from `parent_id IS NULL` in the index above.
    "CREATE INDEX realm_groups_top_page ON realm_groups(realm_id, name, id, parent_id)
     WHERE parent_id IS NULL",
    "DROP INDEX realm_groups_realm_parent_name",
    "DROP INDEX realm_groups_realm_name",
];

/// A maintained count of each realm's users (service accounts excluded), so an unfiltered
/// `/users/count` is one row read instead of an index walk over the whole realm.
const V10_USER_COUNTS: &[&str] = &[
    "CREATE TABLE realm_user_counts (
        realm_id TEXT PRIMARY KEY REFERENCES realms(id) ON DELETE CASCADE,
        n BIGINT NOT NULL
    )",
    "INSERT INTO realm_user_counts (realm_id, n)
     SELECT realm_id, COUNT(*) FROM users WHERE service_account_client_id IS NULL
     GROUP BY realm_id",
];

/// Each membership carries its user's username (kept on rename by `users::update`), so a
/// group's members page is cut from the index in username order instead of looking up
/// and sorting every member's user row.
const V11_MEMBER_NAMES: &[&str] = &[
    "ALTER TABLE group_members ADD COLUMN username TEXT",
    "UPDATE group_members SET username =
       (SELECT u.username FROM users u WHERE u.id = group_members.user_id)",
    "CREATE INDEX group_members_page ON group_members(group_id, username, user_id)",
];

/// One email per user in realms that disallow duplicates, enforced by the database so
/// concurrent writers cannot both pass a check: `email_key` holds the lower-cased email
/// only while the realm's `duplicateEmailsAllowed` is off (NULL otherwise, and NULLs never
/// collide), and `realms.unique_emails` mirrors that setting for the user writes to read.
/// A realm whose users already share an email keeps them; only one of each holds the key.
const V12_EMAIL_KEYS: &[&str] = &[
    "ALTER TABLE realms ADD COLUMN unique_emails BIGINT NOT NULL DEFAULT 1",
    // Realm settings are compact JSON written by serde_json.
    "UPDATE realms SET unique_emails = 0 WHERE data LIKE '%\"duplicateEmailsAllowed\":true%'",
    "ALTER TABLE users ADD COLUMN email_key TEXT",
    "UPDATE users SET email_key = lower(email)
     WHERE id IN (SELECT MIN(u.id) FROM users u JOIN realms r ON r.id = u.realm_id
                  WHERE r.unique_emails = 1 AND u.email IS NOT NULL
                  GROUP BY u.realm_id, lower(u.email))",
    "CREATE UNIQUE INDEX users_email_key ON users(realm_id, email_key)",
];

/// Pending device authorizations (RFC 8628), keyed by the SHA-256 of the device code so a
/// leaked table holds no usable codes. Expired rows are kept an hour to answer
/// `expired_token` rather than "not valid".
const V13_DEVICE_CODES: &[&str] = &[
    "CREATE TABLE device_codes (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        user_code TEXT NOT NULL,
        scope TEXT,
        nonce TEXT,
        status TEXT NOT NULL,
        user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
        session_id TEXT,
        verify_key TEXT,
        poll_interval BIGINT NOT NULL,
        last_poll BIGINT,
        created BIGINT NOT NULL,
        expires BIGINT NOT NULL,
        CONSTRAINT device_codes_user_code_key UNIQUE (realm_id, user_code)
    )",
    "CREATE INDEX device_codes_expires ON device_codes(expires)",
    "CREATE INDEX device_codes_verify ON device_codes(verify_key)",
];

/// The change stamp nodes compare to know whether their caches are stale (`stamp.rs`).
const V14_CHANGE_STAMP: &[&str] = &[
    "CREATE TABLE change_stamp (id BIGINT PRIMARY KEY, stamp BIGINT NOT NULL)",
    "INSERT INTO change_stamp (id, stamp) VALUES (1, 0)",
];

/// Authorization services: a resource server per client, its resources, scopes and
/// policies; links in their own tables so deletes cascade.
const V15_AUTHZ: &[&str] = &[
    "CREATE TABLE authz_servers (
        id TEXT PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
        realm_id TEXT NOT NULL REFERENCES realms(id) ON DELETE CASCADE,
        data TEXT NOT NULL
    )",
    "CREATE TABLE authz_resources (
        id TEXT PRIMARY KEY,
        server_id TEXT NOT NULL REFERENCES authz_servers(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        owner TEXT NOT NULL,
        data TEXT NOT NULL,
        CONSTRAINT authz_resources_name_key UNIQUE (server_id, name, owner)
    )",
    "CREATE TABLE authz_scopes (
        id TEXT PRIMARY KEY,
        server_id TEXT NOT NULL REFERENCES authz_servers(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        CONSTRAINT authz_scopes_name_key UNIQUE (server_id, name)
    )",
    "CREATE TABLE authz_resource_scopes (
        resource_id TEXT NOT NULL REFERENCES authz_resources(id) ON DELETE CASCADE,
        scope_id TEXT NOT NULL REFERENCES authz_scopes(id) ON DELETE CASCADE,
        PRIMARY KEY (resource_id, scope_id)
    )",
    "CREATE TABLE authz_policies (
        id TEXT PRIMARY KEY,
        server_id TEXT NOT NULL REFERENCES authz_servers(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        CONSTRAINT authz_policies_name_key UNIQUE (server_id, name)
    )",
    "CREATE TABLE authz_policy_resources (
        policy_id TEXT NOT NULL REFERENCES authz_policies(id) ON DELETE CASCADE,
        resource_id TEXT NOT NULL REFERENCES authz_resources(id) ON DELETE CASCADE,
        PRIMARY KEY (policy_id, resource_id)
    )",
    "CREATE TABLE authz_policy_scopes (
        policy_id TEXT NOT NULL REFERENCES authz_policies(id) ON DELETE CASCADE,
        scope_id TEXT NOT NULL REFERENCES authz_scopes(id) ON DELETE CASCADE,
        PRIMARY KEY (policy_id, scope_id)
    )",
    "CREATE TABLE authz_policy_policies (
        policy_id TEXT NOT NULL REFERENCES authz_policies(id) ON DELETE CASCADE,
        associated_id TEXT NOT NULL REFERENCES authz_policies(id) ON DELETE CASCADE,
        PRIMARY KEY (policy_id, associated_id)
    )",
    "CREATE INDEX authz_resource_scopes_scope ON authz_resource_scopes(scope_id)",
    "CREATE INDEX authz_policy_resources_resource ON authz_policy_resources(resource_id)",
    "CREATE INDEX authz_policy_scopes_scope ON authz_policy_scopes(scope_id)",
    "CREATE INDEX authz_policy_policies_associated ON authz_policy_policies(associated_id)",
];
