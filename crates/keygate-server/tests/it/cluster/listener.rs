//! A node whose change listener is cut off (its PostgreSQL backend terminated, as a
//! network blip or a failover would) still converges: it reads the store while it
//! cannot listen and follows again once it has reconnected.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{client_token, fixture, pair, within, SECOND};

/// Runs `sql` (with the channel's LISTEN statement as `$1`) on the test database.
async fn count(sql: &str, channel: &str) -> i64 {
    let url = std::env::var("KEYGATE_TEST_DATABASE_URL").unwrap();
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let row: (i64,) = sqlx::query_as(sql)
        .bind(format!("LISTEN \"{channel}\""))
        .fetch_one(&mut conn)
        .await
        .unwrap();
    row.0
}

const LISTENING: &str = "SELECT COUNT(*) FROM pg_stat_activity WHERE query = $1";
const CUT: &str = "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = $1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn converges_after_losing_the_listener() {
    let Some((a, b)) = pair().await else { return };
    let (admin, realm, _, client) = fixture(&a).await;
    let channel = b.state.node.channel.clone();
    assert_eq!(
        client_token(&b, &realm, "svc-secret").await.0,
        StatusCode::OK
    );

    for round in 0..3 {
        // Both nodes listen (again, after the previous cut).
        within(SECOND * 5, "both nodes listening", || async {
            count(LISTENING, &channel).await == 2
        })
        .await;
        assert_eq!(count(CUT, &channel).await, 2);
        let path = format!("/admin/realms/{realm}/clients/{client}/client-secret");
        let r: Value = a
            .post(&admin, &path, &json!({}))
            .await
            .json()
            .await
            .unwrap();
        let new = r["value"].as_str().unwrap().to_string();
        within(
            SECOND * 2,
            &format!("round {round}: B takes the new secret"),
            || async { client_token(&b, &realm, &new).await.0 == StatusCode::OK },
        )
        .await;
    }
}
