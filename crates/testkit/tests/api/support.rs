//! Small helpers the HTTP tests share: the error contract, agenda snapshots, raw requests.

use reqwest::header::HeaderMap;
use reqwest::{Client, Method, StatusCode};
use secretariat_testkit::{TestApp, PASSWORD};
use serde_json::Value;

/// The English text of a multilingual text.
pub fn en(v: &Value) -> &str {
    v["en"].as_str().unwrap_or_default()
}

/// The codes of the states tied to an organisation by one kind on an overview's day, in the answer's order.
pub fn codes_of_kind<'a>(day: &'a Value, kind: &str) -> Vec<&'a str> {
    day["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == kind)
        .map(|m| m["state"].as_str().unwrap())
        .collect()
}

/// Asserts the API's error contract: the status, `{"error": {"code", "message"}}` with the code, a message.
#[track_caller]
pub fn assert_error(got: (u16, &Value), status: u16, code: &str) {
    let (got_status, body) = got;
    assert_eq!(got_status, status, "status of {body}");
    let error = body.get("error").unwrap_or_else(|| panic!("no `error` object in {body}"));
    assert_eq!(error["code"], code, "code of {body}");
    let message = error["message"].as_str().unwrap_or_else(|| panic!("no `message` text in {body}"));
    assert!(!message.is_empty(), "an empty message in {body}");
}

/// A request with full control over headers and body; returns the status, the headers and the body text.
pub async fn raw(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> (u16, HeaderMap, String) {
    let mut builder = app.request(method, path, token);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    if let Some(body) = body {
        builder = builder.body(body);
    }
    let response = builder.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap())
}

/// The agenda items of a meeting as a viewer sees them through the list, sorted by number.
pub async fn items(app: &TestApp, meeting: i64, token: Option<&str>) -> Vec<Value> {
    let (status, list) = app.get(&format!("/api/v1/agenda-items?meeting={meeting}&limit=500"), token).await;
    assert_eq!(status, 200, "{list}");
    let mut items = list["items"].as_array().unwrap().clone();
    items.sort_by_key(|i| i["number"].as_i64());
    items
}

/// The numbers of a meeting's items, in order.
pub fn numbers(items: &[Value]) -> Vec<i64> {
    items.iter().map(|i| i["number"].as_i64().unwrap()).collect()
}

/// The item of a number.
#[track_caller]
pub fn item(items: &[Value], number: i64) -> &Value {
    items.iter().find(|i| i["number"] == number).unwrap_or_else(|| panic!("no item {number}"))
}

/// A stored record as a change body: without `id`, with the `version` it was read at.
pub fn as_change(stored: &Value) -> Value {
    let mut body = stored.clone();
    body.as_object_mut().unwrap().remove("id");
    body
}

/// A record as the client sent it: without `id` and `version`.
pub fn bare(stored: &Value) -> Value {
    let mut body = stored.clone();
    let o = body.as_object_mut().unwrap();
    o.remove("id");
    o.remove("version");
    body
}

/// A browser: keeps cookies, does not follow redirects.
pub fn browser() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// The value of the hidden `csrf` input of the first form on a page.
#[track_caller]
pub fn hidden_csrf(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).unwrap_or_else(|| panic!("no csrf input in {html}"));
    let rest = &html[at + r#"name="csrf" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

pub async fn get_html(browser: &Client, app: &TestApp, path: &str) -> (StatusCode, String) {
    let r = browser.get(format!("{}{path}", app.address)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

/// Posts the sign-in form as a browser that has just loaded it; returns the response.
pub async fn sign_in(browser: &Client, app: &TestApp, csrf: &str, username: &str, password: &str) -> reqwest::Response {
    browser
        .post(format!("{}/sign-in", app.address))
        .form(&[("username", username), ("password", password), ("csrf", csrf)])
        .send()
        .await
        .unwrap()
}

pub async fn signed_in_browser(app: &TestApp, username: &str) -> Client {
    let b = browser();
    let (_, form) = get_html(&b, app, "/sign-in").await;
    let r = sign_in(&b, app, &hidden_csrf(&form), username, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    b
}

/// Posts a form as a signed-in browser would: the page's CSRF token added to the fields.
pub async fn post_form(
    b: &Client,
    app: &TestApp,
    path: &str,
    csrf: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf", csrf));
    let r = b.post(format!("{}{path}", app.address)).form(&form).send().await.unwrap();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default();
    (r.status(), location, r.text().await.unwrap())
}

/// A form as a browser encodes it.
pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .bytes()
                .map(|b| match b {
                    b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
                    b' ' => "+".to_owned(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Posts a form with an API token (no CSRF token needed): the status, `Location`, and the page.
pub async fn post_with_token(app: &TestApp, path: &str, token: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    post_encoded(app, path, Some(token), fields).await
}

/// Posts a form as a browser encodes it, with an API token or as the public: the status, `Location`, the page.
pub async fn post_encoded(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let r = app
        .request(reqwest::Method::POST, path, token)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(fields))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

pub async fn page_as(app: &TestApp, path: &str, token: &str) -> (u16, String) {
    let r = app.request(reqwest::Method::GET, path, Some(token)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}
