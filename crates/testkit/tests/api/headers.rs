//! Security and cache headers: what a signed-in viewer was shown is never stored; a public answer says which
//! request headers it depends on; HTTPS is pinned with HSTS only when cookies are `Secure`; the CSP stays strict.

use reqwest::header::HeaderMap;
use reqwest::Method;
use secretariat_testkit::{on_both_engines, TestApp, PASSWORD};

use crate::support::raw;

/// One page and one API answer, of the same meeting.
const PAGE: &str = "/meetings/cfm-2018-06-almaty";
const API: &str = "/api/v1/meetings/cfm-2018-06-almaty";

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap())
}

/// The names listed by `Vary`, lowercased.
fn vary(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("vary")
        .iter()
        .flat_map(|v| v.to_str().unwrap().split(','))
        .map(|n| n.trim().to_ascii_lowercase())
        .collect()
}

#[track_caller]
fn assert_private(headers: &HeaderMap, what: &str) {
    assert_eq!(header(headers, "cache-control"), Some("private, no-store"), "{what}");
}

#[track_caller]
fn assert_cacheable_by_viewer(headers: &HeaderMap, what: &str) {
    let cache = header(headers, "cache-control").unwrap_or_default();
    assert!(!cache.contains("no-store") && !cache.contains("private"), "{what} is public: {cache}");
    let vary = vary(headers);
    assert!(vary.contains(&"cookie".into()) && vary.contains(&"authorization".into()), "{what} varies: {vary:?}");
}

/// The same application served with `secure_cookies = true`, as behind HTTPS; its base URL.
async fn secure_twin(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = secretariat_web::AppState::new(app.app.clone(), true);
    tokio::spawn(secretariat_web::launch_with_tcp_listener(listener, state, std::future::pending()));
    address
}

on_both_engines! {
    async fn a_signed_out_answer_may_be_cached_but_varies_on_the_cookie_and_the_token(app) {
        for path in [PAGE, API, "/nothing-here", "/api/v1/nothing-here"] {
            let (_, headers, _) = raw(&app, Method::GET, path, None, &[], None).await;
            assert_cacheable_by_viewer(&headers, path);
        }
        // A page keeps the names it varies on itself.
        let (_, headers, _) = raw(&app, Method::GET, PAGE, None, &[], None).await;
        assert!(vary(&headers).contains(&"hx-request".into()), "{:?}", vary(&headers));
        // A cookie that names no session is a signed-out viewer: the public answer.
        let stale = [("cookie", "secretariat_session=no-such-session")];
        let (status, headers, _) = raw(&app, Method::GET, PAGE, None, &stale, None).await;
        assert_eq!(status, 200);
        assert_cacheable_by_viewer(&headers, "a page with a stale session cookie");
        // Static files are the same for everyone and stay cacheable as their handler says.
        let (_, headers, _) = raw(&app, Method::GET, "/static/style.css", None, &[], None).await;
        assert_eq!(header(&headers, "cache-control"), Some("public, max-age=86400"));
        assert!(!vary(&headers).contains(&"authorization".into()));
    }
}

on_both_engines! {
    async fn an_answer_made_for_a_signed_in_viewer_is_private_and_never_stored(app) {
        // An API token, on a page, a read, a write, and an error.
        let token = app.token("officer").await;
        for path in [PAGE, API, "/api/v1/meetings/no-such-meeting"] {
            let (_, headers, _) = raw(&app, Method::GET, path, Some(&token), &[], None).await;
            assert_private(&headers, &format!("{path} with a token"));
        }
        let city = br#"{"key": "osh", "state": "KG", "time_zone": "Asia/Bishkek", "names": [{"name": {"en": "Osh"}}]}"#;
        let json = [("content-type", "application/json")];
        let (status, headers, body) =
            raw(&app, Method::POST, "/api/v1/cities", Some(&token), &json, Some(city.to_vec())).await;
        assert_eq!(status, 201, "{body}");
        assert_private(&headers, "a write with a token");

        // A browser session, on a page and through the API.
        let (session, _, _) = app.app.sign_in("delegate-ru", PASSWORD, "127.0.0.1").await.unwrap();
        let cookie = format!("secretariat_session={session}");
        for path in [PAGE, API, "/organisations/CSTO"] {
            let (status, headers, _) = raw(&app, Method::GET, path, None, &[("cookie", &cookie)], None).await;
            assert_eq!(status, 200, "{path}");
            assert_private(&headers, &format!("{path} with a session"));
        }

        // A token that names no account is refused; the refusal is the same for everyone.
        let (status, headers, _) = raw(&app, Method::GET, API, Some("not-a-token"), &[], None).await;
        assert_eq!(status, 401);
        assert_cacheable_by_viewer(&headers, "a refused token");
    }
}

on_both_engines! {
    async fn hsts_is_sent_on_every_answer_when_cookies_are_secure_and_never_otherwise(app) {
        for path in [PAGE, API, "/nothing-here", "/static/style.css"] {
            let (_, headers, _) = raw(&app, Method::GET, path, None, &[], None).await;
            assert_eq!(header(&headers, "strict-transport-security"), None, "{path} over plain HTTP");
        }
        let secure = secure_twin(&app).await;
        let token = app.token("officer").await;
        for path in [PAGE, API, "/nothing-here", "/static/style.css"] {
            for token in [None, Some(token.as_str())] {
                let mut request = app.client.get(format!("{secure}{path}"));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                let r = request.send().await.unwrap();
                assert_eq!(
                    header(r.headers(), "strict-transport-security"),
                    Some("max-age=31536000; includeSubDomains"),
                    "{path}"
                );
            }
        }
    }
}

on_both_engines! {
    async fn the_content_security_policy_allows_nothing_from_elsewhere_nothing_inline_and_no_framing(app) {
        for path in [PAGE, API, "/nothing-here", "/sign-in"] {
            let (_, headers, _) = raw(&app, Method::GET, path, None, &[], None).await;
            let csp = header(&headers, "content-security-policy").unwrap_or_else(|| panic!("no CSP on {path}"));
            let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
            for wanted in ["default-src 'self'", "base-uri 'none'", "object-src 'none'", "frame-ancestors 'none'", "form-action 'self'"] {
                assert!(directives.contains(&wanted), "{path}: `{wanted}` in {csp}");
            }
            for loose in ["unsafe-", "*", "data:", "http:", "https:"] {
                assert!(!csp.contains(loose), "{path}: `{loose}` in {csp}");
            }
            assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"), "{path}");
        }
    }
}
