//! An admin task: create a user with a password, and put it in a group, through a
//! self-refreshing admin token.
//!
//! Run with `cargo run -p keygate-client --example admin` against `keygate start-dev`.

use keygate_client::model::{GroupRepresentation, UserRepresentation};
use keygate_client::{Credentials, Error, KeygateClient, TokenSource};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = KeygateClient::new("http://127.0.0.1:8080");
    let admin = TokenSource::new(
        client.clone(),
        "master",
        Credentials::Password {
            client_id: "admin-cli".into(),
            client_secret: String::new(),
            username: "admin".into(),
            password: "admin".into(),
        },
    );
    let token = admin.access_token().await?;
    let realm = "master";

    let user = UserRepresentation {
        username: Some("bob".into()),
        email: Some("bob@example.com".into()),
        enabled: Some(true),
        ..Default::default()
    };
    let user_id = match client.create_user(&token, realm, &user).await {
        Ok(id) => id,
        Err(Error::Conflict(e)) => {
            eprintln!("bob already exists: {e}");
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    client
        .set_password(&token, &user_id, realm, "change-me", true)
        .await?;

    let group = GroupRepresentation {
        name: Some("staff".into()),
        ..Default::default()
    };
    let group_id = match client.create_group(&token, realm, &group).await {
        Ok(id) => id,
        // It exists: find it by its path instead.
        Err(Error::Conflict(_)) => client
            .get_group_by_path(&token, realm, "/staff")
            .await?
            .id
            .unwrap_or_default(),
        Err(e) => return Err(e),
    };
    client
        .add_user_to_group(&token, realm, &user_id, &group_id)
        .await?;
    println!("bob ({user_id}) is in /staff ({group_id})");
    Ok(())
}
