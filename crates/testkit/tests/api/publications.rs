//! The press's publications through the API and the pages: the origin comment in the demo, hits counted exactly
//! under concurrency (also across two instances on one PostgreSQL), drafts that exist only for their press office,
//! the lifecycle, the scheduled publication published once, and no script through any field.

use std::sync::Arc;

use secretariat_core::clock::FixedClock;
use secretariat_core::service::Secretariat;
use secretariat_core::store::Store;
use secretariat_testkit::{on_both_engines, Engine, TestApp, TestDb};
use serde_json::{json, Value};

const ORIGIN: &str = "/api/v1/publications/comment-lavrov-cfm-2018-06-almaty";
const ORIGIN_PAGE: &str = "/publications/comment-lavrov-cfm-2018-06-almaty";

/// A publication of the demo's press department, in `status`.
fn new_publication(key: &str, status: &str) -> Value {
    json!({"key": key, "publisher": "mfa-russia-press", "kind": "press_release",
        "category": "press-release-newsletter", "language": "en", "title": format!("Title of {key}"),
        "lead": "A lead.", "body": "A *body*.", "author": "Information and Press Department", "status": status,
        "meetings": ["cfm-2018-06-almaty"], "documents": ["cfm-2018-inf-statement"]})
}

/// The hits of the origin comment, read by its own press office (which does not count).
async fn origin_hits(app: &TestApp, press: &str) -> i64 {
    let (status, p) = app.get(ORIGIN, Some(press)).await;
    assert_eq!(status, 200, "{p}");
    p["hits"].as_i64().unwrap()
}

on_both_engines! {
    async fn the_origin_comment_is_the_russian_mfas_published_press_release_with_hits_from_477(app) {
        let (status, list) = app.get("/api/v1/publications", None).await;
        assert_eq!(status, 200);
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
        let (status, p) = app.get(ORIGIN, None).await;
        assert_eq!(status, 200, "{p}");
        assert_eq!(p["kind"], "comment");
        assert_eq!(p["category"], "press-release-newsletter");
        assert_eq!(p["publisher"], "mfa-russia-press");
        assert_eq!(p["language"], "en");
        assert_eq!(p["status"], "published");
        assert_eq!(p["author"], "Vladimir I Poluektov");
        assert_eq!(p["published_at"], "2018-06-09T12:36:00Z");
        assert_eq!(p["meetings"], json!(["cfm-2018-06-almaty"]));
        assert_eq!(p["documents"], json!([]));
        assert!(p["title"].as_str().unwrap().starts_with("Comment by the Information and Press Department"));
        assert!(p["body"].as_str().unwrap().contains("The meeting's agenda consists of 12 items."));
        assert_eq!(p["hits"], 478, "the public read is the first hit after the 477 of the file");

        let (status, html) = app.page(ORIGIN_PAGE).await;
        assert_eq!(status, 200);
        for fact in ["Press Release (Newsletter)", "9 June 2018, 15:36 (UTC+03:00)", "Vladimir I Poluektov",
            "<dd>479</dd>", "href=\"/meetings/cfm-2018-06-almaty\"", "<p>On the eve of the meeting, on June 10,"] {
            assert!(html.contains(fact), "{fact} on the page");
        }
        let (_, html) = app.page("/publications?lang=ru").await;
        assert!(html.contains("Июнь 2018 г."), "the Russian list is by month");
        let (_, meeting) = app.page("/meetings/cfm-2018-06-almaty").await;
        assert!(meeting.contains("href=\"/publications/comment-lavrov-cfm-2018-06-almaty\""), "the meeting links it");
        for filter in ["category=press-release-newsletter", "meeting=cfm-2018-06-almaty", "language=en"] {
            let (_, list) = app.get(&format!("/api/v1/publications?{filter}"), None).await;
            assert_eq!(list["items"].as_array().unwrap().len(), 1, "{filter}");
        }
        let id = app.almaty_id().await;
        let (_, list) = app.get(&format!("/api/v1/publications?meeting={id}"), None).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "the meeting by id");
        for filter in ["language=ru", "category=news", "meeting=csc-2017-11-minsk", "meeting=no-such-meeting"] {
            let (_, list) = app.get(&format!("/api/v1/publications?{filter}"), None).await;
            assert_eq!(list["items"].as_array().unwrap().len(), 0, "{filter}");
        }
    }
}

on_both_engines! {
    async fn forty_concurrent_views_give_forty_hits_and_its_own_press_offices_views_none(app) {
        let press = app.token("press").await;
        assert_eq!(origin_hits(&app, &press).await, 477);
        all_at_once((0..40).map(|i| {
            let path = if i % 2 == 0 { ORIGIN_PAGE } else { ORIGIN };
            app.request(reqwest::Method::GET, path, None)
        }))
        .await;
        let (status, _) = app.get(ORIGIN, Some(&press)).await;
        assert_eq!(status, 200);
        assert_eq!(origin_hits(&app, &press).await, 517);
    }
}

/// Sends every request at once, each on a task of its own.
async fn all_at_once(requests: impl Iterator<Item = reqwest::RequestBuilder>) {
    let handles: Vec<_> = requests.map(|r| tokio::spawn(r.send())).collect();
    for handle in handles {
        assert_eq!(handle.await.unwrap().unwrap().status(), 200);
    }
}

on_both_engines! {
    async fn a_draft_exists_only_for_its_press_office_and_the_secretariat(app) {
        let press = app.token("press").await;
        let officer = app.token("officer").await;
        let (status, draft) = app.post("/api/v1/publications", &new_publication("draft-one", "draft"), Some(&press)).await;
        assert_eq!(status, 201, "{draft}");
        assert_eq!(draft["hits"], 0);
        assert!(draft["published_at"].is_null());
        let id = draft["id"].as_i64().unwrap();
        let (_, missing) = app.get("/api/v1/publications/999999", None).await;
        for who in [None, Some(app.token("delegate-ru").await), Some(app.token("delegate-kz").await)] {
            let (status, body) = app.get(&format!("/api/v1/publications/{id}"), who.as_deref()).await;
            assert_eq!((status, &body), (404, &missing), "a draft is not there for {who:?}");
            let (_, list) = app.get("/api/v1/publications", who.as_deref()).await;
            assert_eq!(list["items"].as_array().unwrap().len(), 1, "only the origin comment is listed");
        }
        let (status, _) = app.page("/publications/draft-one").await;
        assert_eq!(status, 404);
        let (_, list) = app.page("/publications").await;
        assert!(!list.contains("draft-one"));
        for who in [&press, &officer] {
            let (status, _) = app.get("/api/v1/publications/draft-one", Some(who)).await;
            assert_eq!(status, 200);
            let (_, list) = app.get("/api/v1/publications", Some(who)).await;
            assert_eq!(list["items"].as_array().unwrap().len(), 2);
        }
        // The draft is not listed for a meeting's public page either.
        let (_, meeting) = app.page("/meetings/cfm-2018-06-almaty").await;
        assert!(!meeting.contains("draft-one"));
        // A hidden draft cannot be changed: the same 404 as a missing one.
        let delegate = app.token("delegate-ru").await;
        let mut body = draft.clone();
        body.as_object_mut().unwrap().remove("id");
        let (status, answer) = app.put(&format!("/api/v1/publications/{id}"), &body, Some(&delegate)).await;
        assert_eq!((status, answer), (404, missing));
    }
}

on_both_engines! {
    async fn writers_are_the_press_office_of_the_publisher_and_the_secretariat(app) {
        let body = new_publication("who-writes", "draft");
        let (status, answer) = app.post("/api/v1/publications", &body, None).await;
        assert_eq!((status, answer["error"]["code"].as_str()), (401, Some("unauthenticated")));
        let delegate = app.token("delegate-ru").await;
        let (status, answer) = app.post("/api/v1/publications", &body, Some(&delegate)).await;
        assert_eq!((status, answer["error"]["code"].as_str()), (403, Some("forbidden")));
        let officer = app.token("officer").await;
        let (status, _) = app.post("/api/v1/publishers", &json!({"key": "csto-press", "name": {"en": "CSTO press service"},
            "organisation": "CSTO", "time_zone": "Europe/Moscow", "categories": [{"key": "news", "name": {"en": "News"}}]}),
            Some(&officer)).await;
        assert_eq!(status, 201);
        let press = app.token("press").await;
        let mut other = new_publication("of-another", "draft");
        other["publisher"] = json!("csto-press");
        other["category"] = json!("news");
        let (status, answer) = app.post("/api/v1/publications", &other, Some(&press)).await;
        assert_eq!((status, answer["error"]["code"].as_str()), (403, Some("forbidden")));
        let (status, _) = app.post("/api/v1/publications", &other, Some(&officer)).await;
        assert_eq!(status, 201);
        let mut wrong = new_publication("wrong-category", "draft");
        wrong["category"] = json!("news");
        let (status, answer) = app.post("/api/v1/publications", &wrong, Some(&press)).await;
        assert_eq!((status, answer["error"]["code"].as_str()), (422, Some("unknown_category")));
        let mut hidden = new_publication("names-a-draft", "draft");
        hidden["documents"] = json!(["cfm-2018-consultations-plan-x"]);
        let (status, _) = app.post("/api/v1/publications", &hidden, Some(&press)).await;
        assert_eq!(status, 422);
    }
}

on_both_engines! {
    async fn a_stale_change_is_a_409_and_a_withdrawn_item_keeps_its_url_with_a_notice(app) {
        let press = app.token("press").await;
        let (_, p) = app.post("/api/v1/publications", &new_publication("to-withdraw", "published"), Some(&press)).await;
        assert_eq!(p["status"], "published");
        assert_eq!(p["published_at"], "2018-06-01T06:00:00Z", "published at the instant it was published");
        let id = p["id"].as_i64().unwrap();
        let mut change = p.clone();
        change.as_object_mut().unwrap().remove("id");
        change["title"] = json!("A new title");
        change["hits"] = json!(1_000_000);
        let (status, changed) = app.put(&format!("/api/v1/publications/{id}"), &change, Some(&press)).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["hits"], 0, "hits are counted, never written");
        let (status, stale) = app.put(&format!("/api/v1/publications/{id}"), &change, Some(&press)).await;
        assert_eq!((status, stale["error"]["code"].as_str()), (409, Some("stale_version")));

        let mut withdraw = changed.clone();
        withdraw.as_object_mut().unwrap().remove("id");
        withdraw["status"] = json!("withdrawn");
        let (status, withdrawn) = app.put(&format!("/api/v1/publications/{id}"), &withdraw, Some(&press)).await;
        assert_eq!(status, 200, "{withdrawn}");
        assert_eq!(withdrawn["published_at"], "2018-06-01T06:00:00Z");
        let (status, html) = app.page("/publications/to-withdraw").await;
        assert_eq!(status, 200);
        assert!(html.contains("This publication has been withdrawn."));
        let mut back = withdrawn.clone();
        back.as_object_mut().unwrap().remove("id");
        back["status"] = json!("draft");
        let (status, refused) = app.put(&format!("/api/v1/publications/{id}"), &back, Some(&press)).await;
        assert_eq!((status, refused["error"]["code"].as_str()), (409, Some("publication_transition")));
        let (_, doc) = app.page("/documents/cfm-2018-inf-statement").await;
        assert!(doc.contains("href=\"/publications/to-withdraw\""), "the document page links it");
    }
}

/// A scheduled publication of the demo's press department, due at `at`.
async fn schedule(app: &TestApp, key: &str, at: &str) -> i64 {
    let press = app.token("press").await;
    let mut body = new_publication(key, "scheduled");
    body["scheduled_at"] = json!(at);
    let (status, p) = app.post("/api/v1/publications", &body, Some(&press)).await;
    assert_eq!(status, 201, "{p}");
    assert!(p["published_at"].is_null());
    let (status, _) = app.get(&format!("/api/v1/publications/{key}"), None).await;
    assert_eq!(status, 404, "not public before its instant");
    p["id"].as_i64().unwrap()
}

/// A second instance of the use cases over the same database, with its own store and clock.
async fn second_instance(url: &str, at: &str) -> Secretariat {
    let store = secretariat_store::SqlStore::connect(url).await.unwrap();
    Secretariat::new(Arc::new(store), Arc::new(FixedClock::at(at.parse().unwrap())))
}

async fn published_once(engine: Engine) {
    let Some(app) = TestApp::spawn_demo(engine).await else { return };
    let id = schedule(&app, "scheduled-one", "2018-06-09T12:00:00Z").await;
    assert_eq!(app.app.publish_due_publications().await.unwrap(), 0, "not before its instant");
    app.clock.set("2018-06-09T12:00:00Z".parse().unwrap());
    let second = second_instance(&app.db.url, "2018-06-09T12:00:00Z").await;
    let third = second_instance(&app.db.url, "2018-06-09T12:00:01Z").await;
    let (a, b, c) = tokio::join!(
        app.app.publish_due_publications(),
        second.publish_due_publications(),
        third.publish_due_publications()
    );
    assert!(a.unwrap() + b.unwrap() + c.unwrap() <= 1);
    assert_eq!(app.app.publish_due_publications().await.unwrap(), 0, "running again publishes nothing");
    let (status, p) = app.get("/api/v1/publications/scheduled-one", None).await;
    assert_eq!(status, 200, "public from its instant on");
    assert_eq!(p["status"], "published");
    assert_eq!(p["published_at"], "2018-06-09T12:00:00Z", "published at its instant, whenever the task ran");
    let entries = app.store.audit_entries(None, None).await.unwrap();
    let published = entries.iter().filter(|e| e.action == "published" && e.entity_id == id).count();
    assert_eq!(published, 1, "published exactly once");
    assert!(secretariat_core::rules::audit::verify(&entries).is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_publication_is_published_once_at_its_instant_by_three_instances_on_sqlite() {
    published_once(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_publication_is_published_once_at_its_instant_by_three_instances_on_postgres() {
    published_once(Engine::Postgres).await;
}

/// A second server over the same database: its address.
async fn second_server(db: &TestDb) -> String {
    let app = second_instance(&db.url, "2018-06-01T06:00:00Z").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let state = secretariat_web::AppState::new(app, false);
    tokio::spawn(secretariat_web::launch_with_tcp_listener(listener, state, std::future::pending()));
    address
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_views_split_over_two_instances_on_one_postgresql_give_sixty_hits() {
    let Some(app) = TestApp::spawn_demo(Engine::Postgres).await else { return };
    let other = second_server(&app.db).await;
    let client = reqwest::Client::new();
    all_at_once((0..60).map(|i| {
        let base = if i % 2 == 0 { &app.address } else { &other };
        client.get(format!("{base}{ORIGIN_PAGE}"))
    }))
    .await;
    let press = app.token("press").await;
    assert_eq!(origin_hits(&app, &press).await, 477 + 60);
}

/// Whether an HTML text holds a live tag of the payloads: a script, an element with an event handler, or a
/// `javascript:` link. Escaped text (`&lt;script&gt;`) is harmless and passes.
fn live_payload(html: &str) -> Option<String> {
    let lower = html.to_lowercase();
    for tag in lower.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let inline_script = tag.starts_with("script") && !tag.contains("src=\"/static/");
        let handler = tag.split_whitespace().skip(1).any(|attr| attr.starts_with("on") && attr.contains('='));
        if inline_script || handler || tag.contains("javascript:") {
            return Some(tag.to_owned());
        }
    }
    None
}

/// Whether an Atom feed holds a live tag: an element that is not Atom's, an event-handler attribute, or a link
/// that is not a path of the site. Attribute values are text to a feed reader, so they are read only as links.
fn live_in_feed(xml: &str) -> Option<String> {
    const ATOM: [&str; 14] = [
        "?xml",
        "feed",
        "id",
        "title",
        "updated",
        "link",
        "generator",
        "entry",
        "published",
        "author",
        "name",
        "category",
        "summary",
        "content",
    ];
    for tag in xml.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let name =
            tag.trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or_default();
        // Quoted values blanked: what is left are the element's name and its attributes' names.
        let bare: String = tag.split('"').step_by(2).collect::<Vec<_>>().join("\"\"");
        let handler = bare.split_whitespace().any(|attr| attr.to_lowercase().starts_with("on"));
        let foreign_link = tag.split("href=\"").skip(1).any(|v| !v.starts_with('/'));
        if !ATOM.contains(&name) || handler || foreign_link {
            return Some(tag.to_owned());
        }
    }
    None
}

/// The HTML an Atom reader shows: each `<content type="html">` of a feed, unescaped once.
fn html_contents(xml: &str) -> Vec<String> {
    xml.split("<content type=\"html\">")
        .skip(1)
        .map(|rest| {
            let escaped = rest.split("</content>").next().unwrap_or_default();
            escaped
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        })
        .collect()
}

on_both_engines! {
    async fn script_and_event_handler_payloads_in_every_field_reach_no_page_and_no_feed(app) {
        let officer = app.token("officer").await;
        let payload = "<script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a>";
        let (status, _) = app.post("/api/v1/publishers", &json!({"key": "payload-press", "name": {"en": payload, "ru": payload},
            "organisation": "CSTO", "time_zone": "Europe/Moscow",
            "categories": [{"key": "payloads", "name": {"en": payload, "ru": payload}}]}), Some(&officer)).await;
        assert_eq!(status, 201);
        let body = format!("{payload}\n\n[link](javascript:alert(4)) <svg onload=alert(5)></svg>\n\n\
            <iframe src=\"javascript:alert(6)\"></iframe> <p onclick=\"alert(7)\">p</p>");
        let publication = json!({"key": "payloads", "publisher": "payload-press", "kind": "news", "category": "payloads",
            "language": "en", "title": payload, "lead": payload, "body": body, "author": payload, "status": "published",
            "meetings": ["cfm-2018-06-almaty"], "documents": ["cfm-2018-inf-statement"]});
        let (status, answer) = app.post("/api/v1/publications", &publication, Some(&officer)).await;
        assert_eq!(status, 201, "{answer}");
        for lang in ["en", "ru"] {
            for path in ["/publications/payloads", "/publications", "/publications?category=payloads",
                "/meetings/cfm-2018-06-almaty", "/documents/cfm-2018-inf-statement"] {
                let (status, html) = app.page(&format!("{path}{}lang={lang}", if path.contains('?') { '&' } else { '?' })).await;
                assert_eq!(status, 200, "{path}");
                assert!(html.contains("alert(1)"), "{path} shows the payload as text");
                assert_eq!(live_payload(&html), None, "{path} in {lang}");
            }
        }
        for path in ["/feeds/publications.atom", "/feeds/publications.atom?category=payloads&language=en"] {
            let (status, xml) = app.page(path).await;
            assert_eq!(status, 200, "{path}");
            assert!(xml.contains("alert(1)"), "{path} carries the payload as text");
            assert_eq!(live_in_feed(&xml), None, "{path}: no live tag in the feed itself");
            let contents = html_contents(&xml);
            assert!(!contents.is_empty(), "{path} has the item's content");
            for html in contents {
                assert_eq!(live_payload(&html), None, "{path}: the content a reader shows as HTML");
            }
        }
        assert_eq!(live_in_feed("<feed><script>alert(1)</script></feed>"), Some("script".into()), "the check can fail");
        assert_eq!(live_in_feed("<link href=\"javascript:x\"/>"), Some("link href=\"javascript:x\"/".into()));
        assert_eq!(html_contents("<content type=\"html\">&lt;p onclick=&quot;x&quot;&gt;</content>"),
            vec!["<p onclick=\"x\">".to_owned()], "the feed's check can fail");
        assert_eq!(live_payload("<p onclick=\"x\">"), Some("p onclick=\"x\"".into()), "the check can fail");
        assert_eq!(live_payload("<script>alert(1)</script>"), Some("script".into()));
    }
}
