//! HTML pages in English and Russian, the calendar's htmx fragment, static files, and signing in with a browser
//! session whose writes need the session's CSRF token.

use reqwest::{Client, StatusCode};
use secretariat_testkit::{on_both_engines, TestApp, PASSWORD};
use serde_json::{json, Value};

use crate::support::{assert_error, browser, get_html, hidden_csrf, sign_in, signed_in_browser};

async fn post_json(browser: &Client, app: &TestApp, path: &str, body: &Value, csrf: Option<&str>) -> (u16, Value) {
    let mut request = browser.post(format!("{}{path}", app.address)).json(body);
    if let Some(csrf) = csrf {
        request = request.header("x-csrf-token", csrf);
    }
    let r = request.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

on_both_engines! {
    async fn the_organisation_page_names_the_member_states_in_english_and_in_russian(app) {
        let (status, html) = app.page("/organisations/CSTO").await;
        assert_eq!(status, 200);
        for text in [
            "<html lang=\"en\"", "Collective Security Treaty Organization", "Member states", "Kazakhstan", "Kyrgyzstan",
            "Council of Foreign Ministers",
        ] {
            assert!(html.contains(text), "English page lacks `{text}`");
        }
        let r = app.request(reqwest::Method::GET, "/organisations/CSTO?lang=ru", None).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-language"], "ru");
        assert!(r.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("lang=ru")), "the choice is remembered");
        let html = r.text().await.unwrap();
        for text in ["<html lang=\"ru\"", "Организация Договора о коллективной безопасности", "Государства-члены", "Казахстан", "Кыргызстан"] {
            assert!(html.contains(text), "Russian page lacks `{text}`");
        }
        let r = app.request(reqwest::Method::GET, "/organisations/CSTO", None).header("accept-language", "ru-RU,ru;q=0.9,en;q=0.8").send().await.unwrap();
        assert!(r.text().await.unwrap().contains("Государства-члены"), "Accept-Language chooses Russian");
        let (status, _) = app.page("/").await;
        assert_eq!(status, 200);
    }
}

on_both_engines! {
    async fn the_meeting_page_shows_chair_programme_formats_and_local_time_in_english_and_russian_escaped(app) {
        let id = app.almaty_id().await;
        let (status, html) = app.page(&format!("/meetings/{id}")).await;
        assert_eq!(status, 200);
        for text in [
            "Kairat Abdrakhmanov", "Working dinner", "restricted format", "expanded format", "Asia/Almaty", "Almaty time, UTC+6",
            "10 June 2018", "11 June 2018", "Sergey Lavrov", "Andrei Dapkiunas", "Sirojiddin Muhriddin",
        ] {
            assert!(html.contains(text), "English meeting page lacks `{text}`");
        }
        let (status, html) = app.page(&format!("/meetings/{id}?lang=ru")).await;
        assert_eq!(status, 200);
        for text in ["Кайрат Абдрахманов", "Рабочий ужин", "узкий состав", "расширенный состав", "10 июня 2018 г.", "11 июня 2018 г.", "время г. Алматы, UTC+6"] {
            assert!(html.contains(text), "Russian meeting page lacks `{text}`");
        }
        let (status, by_key) = app.page("/meetings/cfm-2018-06-almaty").await;
        assert_eq!(status, 200);
        assert!(by_key.contains("Kairat Abdrakhmanov"));
        let token = app.token("officer").await;

        // Text from the record is escaped.
        let (_, kairat) = app.get("/api/v1/people/kairat-abdrakhmanov", None).await;
        let change = json!({"key": "kairat-abdrakhmanov", "names": [{"name": {"en": "<script>alert('x')</script> & Co"}}], "version": kairat["version"]});
        let (status, body) = app.put(&format!("/api/v1/people/{}", kairat["id"]), &change, Some(&token)).await;
        assert_eq!(status, 200, "{body}");
        let (_, html) = app.page("/meetings/cfm-2018-06-almaty").await;
        assert!(!html.contains("<script>alert"), "unescaped record text on the page");
        assert!(html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;"), "the name is not shown escaped");
    }
}

on_both_engines! {
    async fn the_calendar_lists_the_almaty_meeting_under_june_and_gives_htmx_a_fragment(app) {
        let id = app.almaty_id().await;
        let (status, html) = app.page("/organisations/CSTO/calendar?year=2018").await;
        assert_eq!(status, 200);
        assert!(html.contains("<html"));
        let june = html.find("<h2>June</h2>").expect("a June heading");
        let link = html.find(&format!("href=\"/meetings/{id}\"")).expect("a link to the Almaty meeting");
        assert!(link > june, "the meeting is listed under June");
        let november = html.find("<h2>November</h2>").expect("the Astana session in November");
        assert!(link < november);
        assert!(!html.contains("<h2>July</h2>"), "months without meetings are not shown");

        let r = app.request(reqwest::Method::GET, "/organisations/CSTO/calendar?year=2018", None).header("HX-Request", "true").send().await.unwrap();
        assert_eq!(r.status(), 200);
        let fragment = r.text().await.unwrap();
        assert!(!fragment.contains("<html"), "{fragment}");
        assert!(fragment.contains("June") && fragment.contains(&format!("/meetings/{id}")));

        let (_, ru) = app.page("/organisations/CSTO/calendar?year=2018&lang=ru").await;
        assert!(ru.contains("Июнь"));
        let (_, empty) = app.page("/organisations/CSTO/calendar?year=2016").await;
        assert!(empty.contains("None recorded."));
    }
}

on_both_engines! {
    async fn an_unknown_page_is_a_404_page_and_health_and_static_files_answer(app) {
        for path in ["/nothing-here", "/meetings/999999", "/meetings/no-such-meeting", "/organisations/NATO", "/organisations/NATO/calendar"] {
            let r = app.request(reqwest::Method::GET, path, None).send().await.unwrap();
            assert_eq!(r.status(), 404, "{path}");
            assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{path}");
            let html = r.text().await.unwrap();
            assert!(html.contains("<html"), "{path}");
        }

        // Health, static files and security headers.
        let r = app.request(reqwest::Method::GET, "/healthz", None).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let health: Value = r.json().await.unwrap();
        assert_eq!(health["status"], "ok");
        assert_eq!(health["engine"], match app.engine { secretariat_testkit::Engine::Sqlite => "sqlite", secretariat_testkit::Engine::Postgres => "postgres" });

        let r = app.request(reqwest::Method::GET, "/static/style.css", None).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        let r = app.request(reqwest::Method::GET, "/static/htmx.min.js", None).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
        let (status, _) = app.page("/static/secret.txt").await;
        assert_eq!(status, 404);

        let r = app.request(reqwest::Method::GET, "/organisations/CSTO", None).send().await.unwrap();
        assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    }
}

on_both_engines! {
    async fn a_browser_session_writes_through_the_api_only_with_its_csrf_token(app) {
        // The sign-in form carries its own token: a forged one is refused.
        let b = browser();
        let (_, _) = get_html(&b, &app, "/sign-in").await;
        let r = sign_in(&b, &app, "forged", "officer", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        // A browser that never loaded the form has no token cookie at all.
        let r = sign_in(&browser(), &app, "forged", "officer", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);

        // Signing in for real opens an HttpOnly, SameSite session.
        let b = browser();
        let r = b.get(format!("{}/sign-in", app.address)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-store");
        let csrf = hidden_csrf(&r.text().await.unwrap());

        let r = sign_in(&b, &app, &csrf, "officer", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/");
        let session_cookie = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|c| c.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("secretariat_session="))
            .expect("a session cookie");
        assert!(session_cookie.contains("HttpOnly") && session_cookie.contains("SameSite=Lax"), "{session_cookie}");

        let uz = json!({"code": "UZ", "name": {"en": "Uzbekistan"}});
        let (status, body) = post_json(&b, &app, "/api/v1/states", &uz, None).await;
        assert_error((status, &body), 403, "csrf_mismatch");
        let (status, body) = post_json(&b, &app, "/api/v1/states", &uz, Some("not-the-token")).await;
        assert_error((status, &body), 403, "csrf_mismatch");
        let (status, body) = post_json(&b, &app, "/api/v1/states", &uz, Some(&csrf)).await;
        assert_error((status, &body), 403, "csrf_mismatch");

        let (status, home) = get_html(&b, &app, "/").await;
        assert_eq!(status, 200);
        assert!(home.contains("action=\"/sign-out\""), "a signed-in page has the sign-out form");
        let session_csrf = hidden_csrf(&home);
        let (status, created) = post_json(&b, &app, "/api/v1/states", &uz, Some(&session_csrf)).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["code"], "UZ");

        // The officer's meeting page shows what the public's does not.
        let (_, meeting) = get_html(&b, &app, "/meetings/cfm-2018-06-almaty").await;
        assert!(meeting.contains("Item 10"));

        // Signing out needs the form's token, and ends the session on the server: the old cookie no longer writes.
        let sign_out = format!("{}/sign-out", app.address);
        let r = b.post(&sign_out).form(&[("csrf", "forged")]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = b.post(&sign_out).form(&[("csrf", session_csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let old_cookie = session_cookie.split(';').next().unwrap().to_owned();
        let tm = json!({"code": "TM", "name": {"en": "Turkmenistan"}});
        let r = browser()
            .post(format!("{}/api/v1/states", app.address))
            .header("cookie", old_cookie)
            .header("x-csrf-token", &session_csrf)
            .json(&tm)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        assert_error((status, &r.json().await.unwrap()), 401, "unauthenticated");

        // A session ends by itself after twelve hours.
        let b = signed_in_browser(&app, "officer").await;
        let (_, home) = get_html(&b, &app, "/").await;
        let csrf = hidden_csrf(&home);
        app.clock.set("2018-06-01T18:01:00Z".parse().unwrap());
        let (status, body) = post_json(&b, &app, "/api/v1/states", &tm, Some(&csrf)).await;
        assert_error((status, &body), 401, "unauthenticated");
        let (status, _) = app.get("/api/v1/states/TM", None).await;
        assert_eq!(status, 404);
    }
}

on_both_engines! {
    async fn a_wrong_password_is_a_401_page_and_the_sixth_failure_in_a_row_a_429(app) {
        let b = browser();
        let (_, form) = get_html(&b, &app, "/sign-in").await;
        let mut csrf = hidden_csrf(&form);
        for attempt in 1..=6 {
            let r = sign_in(&b, &app, &csrf, "officer", "wrong-password").await;
            let status = r.status();
            let html = r.text().await.unwrap();
            assert!(!html.contains("secretariat_session"), "attempt {attempt}");
            if attempt < 6 {
                assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
                assert!(html.contains("name=\"password\""), "the form is shown again");
            } else {
                assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "attempt {attempt}");
            }
            csrf = hidden_csrf(&html);
        }
        // Throttled: even the right password waits; another account does not.
        let r = sign_in(&b, &app, &csrf, "officer", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        let other = signed_in_browser(&app, "delegate-kz").await;
        let (status, home) = get_html(&other, &app, "/").await;
        assert_eq!(status, 200);
        assert!(home.contains("action=\"/sign-out\""));
    }
}

on_both_engines! {
    async fn a_malformed_query_or_form_sent_to_a_page_is_a_4xx_html_page(app) {
        // error.rs: a rejected input is JSON under /api, and a page everywhere else, in the reader's language.
        let mut not_pages = Vec::new();
        for path in ["/organisations/CSTO/calendar?year=abc", "/organisations/CSTO/calendar?year=99999"] {
            let r = app.request(reqwest::Method::GET, path, None).send().await.unwrap();
            let (status, kind) = (r.status().as_u16(), r.headers()["content-type"].to_str().unwrap().to_owned());
            if !(400..500).contains(&status) || !kind.starts_with("text/html") {
                not_pages.push(format!("GET {path}: {status} {kind}"));
            }
        }
        let b = browser();
        let (_, form) = get_html(&b, &app, "/sign-in").await;
        let csrf = hidden_csrf(&form);
        for (path, body) in [("/sign-in", format!("username=officer&csrf={csrf}")), ("/sign-out", String::new())] {
            let r = b
                .post(format!("{}{path}", app.address))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap();
            let (status, kind) = (r.status().as_u16(), r.headers()["content-type"].to_str().unwrap().to_owned());
            if !(400..500).contains(&status) || !kind.starts_with("text/html") {
                not_pages.push(format!("POST {path} without a field: {status} {kind}"));
            }
        }
        assert!(not_pages.is_empty(), "{not_pages:#?}");
    }
}

on_both_engines! {
    async fn the_live_part_of_a_document_page_is_served_alone_to_htmx_and_stops_refreshing_once_it_cannot_be_shown(app) {
        let live = |path: &str| {
            app.client
                .get(format!("{}{path}", app.address))
                .header("HX-Request", "true")
                .header("HX-Target", "live")
                .send()
        };
        let part = live("/documents/cfm-2018-inf-statement").await.unwrap();
        assert_eq!(part.status(), 200);
        let html = part.text().await.unwrap();
        assert!(html.trim_start().starts_with("<div id=\"live\"") && !html.contains("<html"), "{html}");
        // Gone, or hidden from this reader (a session that ended): htmx is told to stop (286), and gets no page.
        let gone = live("/documents/mx-no-such-document").await.unwrap();
        assert_eq!(gone.status().as_u16(), 286);
        assert!(gone.text().await.unwrap().is_empty());
        // A whole page for a boosted link, and the same URL says it varies by htmx.
        let whole = app.client.get(format!("{}/documents/cfm-2018-inf-statement", app.address))
            .header("HX-Request", "true").header("HX-Boosted", "true").header("HX-Target", "live").send().await.unwrap();
        assert!(whole.headers()["vary"].to_str().unwrap().contains("HX-Request"));
        assert!(whole.text().await.unwrap().contains("<html"));
    }
}
