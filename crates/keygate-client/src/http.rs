//! Sending requests and turning answers into values or typed errors.

use reqwest::{Method, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::KeygateClient;

impl KeygateClient {
    pub(crate) fn admin_url(&self, realm: &str, path: &str) -> String {
        format!("{}/admin/realms/{}{}", self.base, crate::seg(realm), path)
    }

    pub(crate) fn request(&self, method: Method, url: &str, token: &str) -> RequestBuilder {
        self.http.request(method, url).bearer_auth(token)
    }

    pub(crate) async fn check(resp: Response) -> Result<Response> {
        let status = resp.status();
        if status.is_success() {
            return Ok(resp);
        }
        let body = resp.text().await.unwrap_or_default();
        Err(Error::from_answer(status.as_u16(), &body))
    }

    pub(crate) async fn json<T: DeserializeOwned>(req: RequestBuilder) -> Result<T> {
        let resp = Self::check(req.send().await?).await?;
        let bytes = resp.bytes().await?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Decode(e.to_string()))
    }

    pub(crate) async fn empty(req: RequestBuilder) -> Result<()> {
        Self::check(req.send().await?).await.map(|_| ())
    }

    /// POSTs a body and returns the id (or name) at the end of the `Location` header,
    /// decoded.
    pub(crate) async fn create<B: Serialize + ?Sized>(
        &self,
        url: &str,
        token: &str,
        body: &B,
    ) -> Result<String> {
        let resp = Self::check(
            self.request(Method::POST, url, token)
                .json(body)
                .send()
                .await?,
        )
        .await?;
        let location = resp
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| Error::Decode("201 without Location".into()))?;
        Ok(crate::unseg(
            location.rsplit('/').next().unwrap_or_default(),
        ))
    }

    pub(crate) async fn get_json<T: DeserializeOwned>(&self, url: &str, token: &str) -> Result<T> {
        Self::json(self.request(Method::GET, url, token)).await
    }

    pub(crate) async fn put_json<B: Serialize + ?Sized>(
        &self,
        url: &str,
        token: &str,
        body: &B,
    ) -> Result<()> {
        Self::empty(self.request(Method::PUT, url, token).json(body)).await
    }

    /// PUTs a body and reads the answer's body, for updates that echo the new state.
    pub(crate) async fn put_for_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        url: &str,
        token: &str,
        body: &B,
    ) -> Result<T> {
        Self::json(self.request(Method::PUT, url, token).json(body)).await
    }

    pub(crate) async fn delete(&self, url: &str, token: &str) -> Result<()> {
        Self::empty(self.request(Method::DELETE, url, token)).await
    }
}

impl KeygateClient {
    pub(crate) async fn get_query<T: DeserializeOwned, Q: Serialize + ?Sized>(
        &self,
        url: &str,
        token: &str,
        query: &Q,
    ) -> Result<T> {
        Self::json(self.request(Method::GET, url, token).query(query)).await
    }

    /// A `{"count": n}` answer.
    pub(crate) async fn get_count<Q: Serialize + ?Sized>(
        &self,
        url: &str,
        token: &str,
        query: &Q,
    ) -> Result<i64> {
        let c: Count = self.get_query(url, token, query).await?;
        Ok(c.count)
    }

    /// POSTs a body, expecting no answer body worth reading.
    pub(crate) async fn post_json<B: Serialize + ?Sized>(
        &self,
        url: &str,
        token: &str,
        body: &B,
    ) -> Result<()> {
        Self::empty(self.request(Method::POST, url, token).json(body)).await
    }

    /// POSTs without a body.
    pub(crate) async fn post_no_body(&self, url: &str, token: &str) -> Result<()> {
        Self::empty(self.request(Method::POST, url, token)).await
    }

    /// PUTs without a body.
    pub(crate) async fn put_empty(&self, url: &str, token: &str) -> Result<()> {
        Self::empty(self.request(Method::PUT, url, token)).await
    }

    /// DELETE with a JSON body, as role-mapping and composite removals take.
    pub(crate) async fn delete_json<B: Serialize + ?Sized>(
        &self,
        url: &str,
        token: &str,
        body: &B,
    ) -> Result<()> {
        Self::empty(self.request(Method::DELETE, url, token).json(body)).await
    }
}

#[derive(serde::Deserialize)]
struct Count {
    count: i64,
}
