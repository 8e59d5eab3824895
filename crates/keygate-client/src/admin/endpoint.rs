//! `endpoints!`: admin-API methods of [`crate::KeygateClient`] declared one per entry,
//! because most of the API is the same shape: path arguments percent-encoded into a
//! path under `/admin/realms/{realm}`, maybe a body or query, one verb, one answer type.
//!
//! An entry reads
//!
//! ```text
//! /// rustdoc, naming the gocloak method
//! verb name(path_arg, ...; input: Type) -> Answer = "/path/{path_arg}";
//! ```
//!
//! or, for updates whose representation names its target, ends in
//! `= "/path/{id}", id = input.id;` (a missing field is an empty segment, which the
//! server answers with a 404 or 405), and generates `pub async fn name(&self, token: &str, realm: &str, path_arg: &str, ...,
//! input: Type) -> Result<Answer>`: the signature a hand-written method has, with its
//! rustdoc. The `; input` part is optional. Verbs, by what they send and read:
//!
//! | verb | without input | with input |
//! |---|---|---|
//! | `get` | GET, JSON answer | GET with `input` as query |
//! | `count` | GET `{"count": n}` | the same with a query |
//! | `create` | - | POST `input`, id from `Location` |
//! | `post` | POST, no body | POST `input` |
//! | `act` | POST, no body, JSON answer | - |
//! | `put` | PUT, no body | PUT `input` |
//! | `update` | - | PUT `input`, JSON answer |
//! | `delete` | DELETE | DELETE with `input` as body |
//!
//! A path argument the path does not use is an unused-variable warning, so a typo in a
//! placeholder does not pass `clippy -D warnings`.

macro_rules! endpoints {
    ($(
        $(#[$doc:meta])*
        $verb:ident $name:ident($($arg:ident),* $(; $input:ident: $ity:ty)?) -> $out:ty
            = $path:literal $(, $key:ident = $src:ident . $field:ident)?;
    )*) => {
        impl $crate::KeygateClient {
            $(
                $(#[$doc])*
                pub async fn $name(
                    &self,
                    token: &str,
                    realm: &str,
                    $($arg: &str,)*
                    $($input: $ity,)?
                ) -> $crate::error::Result<$out> {
                    $(let $arg = $crate::seg($arg);)*
                    $(let $key = $crate::seg($src.$field.as_deref().unwrap_or_default());)?
                    let url = self.admin_url(realm, &format!($path));
                    endpoints!(@send self, $verb, &url, token $(, $input)?)
                }
            )*
        }
    };
    (@send $c:ident, get, $url:expr, $t:ident) => { $c.get_json($url, $t).await };
    (@send $c:ident, get, $url:expr, $t:ident, $q:ident) => { $c.get_query($url, $t, $q).await };
    (@send $c:ident, count, $url:expr, $t:ident) => {
        $c.get_count($url, $t, &[] as &[(&str, &str)]).await
    };
    (@send $c:ident, count, $url:expr, $t:ident, $q:ident) => { $c.get_count($url, $t, $q).await };
    (@send $c:ident, create, $url:expr, $t:ident, $b:ident) => { $c.create($url, $t, $b).await };
    (@send $c:ident, post, $url:expr, $t:ident) => { $c.post_no_body($url, $t).await };
    (@send $c:ident, post, $url:expr, $t:ident, $b:ident) => { $c.post_json($url, $t, $b).await };
    (@send $c:ident, act, $url:expr, $t:ident) => {
        $crate::KeygateClient::json($c.request(reqwest::Method::POST, $url, $t)).await
    };
    (@send $c:ident, put, $url:expr, $t:ident) => { $c.put_empty($url, $t).await };
    (@send $c:ident, put, $url:expr, $t:ident, $b:ident) => { $c.put_json($url, $t, $b).await };
    (@send $c:ident, update, $url:expr, $t:ident, $b:ident) => {
        $c.put_for_json($url, $t, $b).await
    };
    (@send $c:ident, delete, $url:expr, $t:ident) => { $c.delete($url, $t).await };
    (@send $c:ident, delete, $url:expr, $t:ident, $b:ident) => {
        $c.delete_json($url, $t, $b).await
    };
}
