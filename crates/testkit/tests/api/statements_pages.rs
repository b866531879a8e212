//! The yearly list of joint statements in the browser: the demo's list as everyone reads it, a delegate's proposal
//! for her own state until the cut-off day in the venue's time, what the press and the public are not shown, and the
//! Secretariat's selection, compilation, instruction and delivery — each form posted as a browser with its CSRF
//! token, refused ones shown again as typed with nothing written.

use reqwest::{Client, StatusCode};
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{assert_error, get_html, hidden_csrf, post_form, signed_in_browser};

/// A list of 2018 that is not compiled, proposals taken until 10 June (the eve of the Almaty meeting).
const LIST: &str = "statements-2018-second";

async fn open_list(app: &TestApp) {
    let body = json!({"key": LIST, "organisation": "CSTO", "body": "CFM", "year": 2018, "cutoff": "2018-06-10"});
    let (status, made) = app.post("/api/v1/statements-lists", &body, Some(&app.token("officer").await)).await;
    assert_eq!(status, 201, "{made}");
}

/// A signed-in browser and its session's CSRF token.
async fn browser_of(app: &TestApp, name: &str) -> (Client, String) {
    let b = signed_in_browser(app, name).await;
    let (_, page) = get_html(&b, app, &format!("/statements-lists/{LIST}")).await;
    let csrf = hidden_csrf(&page);
    (b, csrf)
}

async fn proposals(app: &TestApp) -> Vec<Value> {
    let (_, all) = app.get("/api/v1/proposals?limit=100", Some(&app.token("officer").await)).await;
    all["items"].as_array().unwrap().iter().filter(|p| p["list"] == LIST).cloned().collect()
}

const PROPOSAL: &[(&str, &str)] = &[
    ("topic-en", "On the Treaty on Intermediate-Range Nuclear Forces"),
    ("topic-ru", "О Договоре о ракетах средней и меньшей дальности"),
    ("forum", "UNGA"),
    ("draft-en", "The member states support the Treaty."),
];

fn path(tail: &str) -> String {
    format!("/statements-lists/{LIST}{tail}")
}

on_both_engines! {
    async fn the_demo_list_shows_its_call_cut_off_and_compiled_list_in_english_and_russian(app) {
        let (status, en) = app.page("/statements-lists/statements-2018?lang=en").await;
        assert_eq!(status, 200);
        for fact in ["List of joint statements for 2018", "Council of Foreign Ministers", "10 June 2018", "in Almaty time",
            "it has not passed yet", "CSTO/CFM/2018/LIST/1", "href=\"/documents/statements-2018-list\"",
            "compiled; the list document is circulated", "How the list is drawn up"] {
            assert!(en.contains(fact), "the page says {fact}");
        }
        // The public is told whose the proposals are, not shown an empty list as if there were none.
        assert!(en.contains("are shown to the member states"));
        assert!(!en.contains("action=\"/statements-lists/statements-2018/proposals\""), "no form for the public");
        let (status, ru) = app.page("/statements-lists/statements-2018?lang=ru").await;
        assert_eq!(status, 200);
        for fact in ["Перечень совместных заявлений на 2018 год", "10 июня 2018", "Сводный перечень", "CSTO/CFM/2018/LIST/1",
            "Как составляется перечень"] {
            assert!(ru.contains(fact), "the Russian page says {fact}");
        }
        let (_, org) = app.page("/organisations/CSTO").await;
        assert!(org.contains("href=\"/organisations/CSTO/statements-lists\""), "the organisation page links its lists");
        let (status, lists) = app.page("/organisations/CSTO/statements-lists?lang=en").await;
        assert_eq!(status, 200);
        assert!(lists.contains("href=\"/statements-lists/statements-2018\"") && lists.contains("compiled; the list document is circulated"));
        assert_eq!(app.page("/statements-lists/no-such-list").await.0, 404);
        assert_eq!(app.page("/organisations/NOPE/statements-lists").await.0, 404);
    }
}

on_both_engines! {
    async fn a_russian_delegate_proposes_for_russia_before_the_cut_off_and_sees_it(app) {
        open_list(&app).await;
        let (b, csrf) = browser_of(&app, "delegate-ru").await;
        let (_, page) = get_html(&b, &app, &path("")).await;
        assert!(page.contains("Propose a statement for Russia"), "her own state, named");
        assert!(!page.contains("name=\"state\""), "no choice of state for a delegate");
        let (status, location, _) = post_form(&b, &app, &path("/proposals"), &csrf, PROPOSAL).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/statements-lists/statements-2018-second#proposals"));
        let (_, page) = get_html(&b, &app, &path("?lang=en")).await;
        assert!(page.contains("On the Treaty on Intermediate-Range Nuclear Forces") && page.contains("UN General Assembly"));
        assert!(page.contains("not included"), "a proposal waits for the Secretariat's selection");
        let made = proposals(&app).await;
        assert_eq!(made.len(), 1);
        assert_eq!((made[0]["state"].as_str(), made[0]["included"].as_bool()), (Some("RU"), Some(false)));
        // Her colleague from Kazakhstan sees it too: proposals are the members'.
        let (k, _) = browser_of(&app, "delegate-kz").await;
        let (_, theirs) = get_html(&k, &app, &path("?lang=ru")).await;
        assert!(theirs.contains("О Договоре о ракетах средней и меньшей дальности") && theirs.contains("Генеральная Ассамблея ООН"));
        // The API twin, for a program with her token.
        let token = app.token("delegate-ru").await;
        let body = json!({"topic": {"en": "On information security"}, "forum": "OSCE"});
        let api = "/api/v1/statements-lists/statements-2018-second/proposals";
        let (status, made) = app.post(api, &body, Some(&token)).await;
        assert_eq!(status, 201, "{made}");
        assert_eq!((made["state"].as_str(), made["key"].as_str()), (Some("RU"), Some("statements-2018-second-ru-2")));
    }
}

on_both_engines! {
    async fn a_delegate_cannot_propose_for_another_state_and_nothing_is_written(app) {
        open_list(&app).await;
        let (b, csrf) = browser_of(&app, "delegate-ru").await;
        let mut fields = PROPOSAL.to_vec();
        fields.push(("state", "KZ"));
        let (status, _, page) = post_form(&b, &app, &path("/proposals"), &csrf, &fields).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(page.contains("role=\"alert\"") && page.contains("On the Treaty on Intermediate-Range Nuclear Forces"), "said, and typed kept");
        let token = app.token("delegate-ru").await;
        let body = json!({"state": "KZ", "topic": {"en": "A topic"}, "forum": "UNGA"});
        let api = "/api/v1/statements-lists/statements-2018-second/proposals";
        let (status, err) = app.post(api, &body, Some(&token)).await;
        assert_error((status, &err), 403, "forbidden");
        // Nor do the press.
        let (status, err) = app.post(api, &json!({"topic": {"en": "A topic"}, "forum": "UNGA"}), Some(&app.token("press").await)).await;
        assert_error((status, &err), 403, "forbidden");
        assert!(proposals(&app).await.is_empty(), "nothing written");
    }
}

on_both_engines! {
    async fn proposals_close_at_the_end_of_the_cut_off_day_in_the_venue_s_time(app) {
        open_list(&app).await;
        let token = app.token("delegate-ru").await;
        let api = "/api/v1/statements-lists/statements-2018-second/proposals";
        let body = json!({"topic": {"en": "A topic"}, "forum": "UNGA"});
        // 23:59 in Almaty on 10 June: still the cut-off day.
        app.clock.set("2018-06-10T17:59:00Z".parse().unwrap());
        assert_eq!(app.post(api, &body, Some(&token)).await.0, 201);
        // 00:30 in Almaty on 11 June, though still 10 June in UTC: closed.
        app.clock.set("2018-06-10T18:30:00Z".parse().unwrap());
        let (status, err) = app.post(api, &body, Some(&token)).await;
        assert_error((status, &err), 409, "call_closed");
        let (b, csrf) = browser_of(&app, "delegate-ru").await;
        let (_, page) = get_html(&b, &app, &path("")).await;
        assert!(!page.contains("action=\"/statements-lists/statements-2018-second/proposals\""), "no longer offered");
        let (status, _, page) = post_form(&b, &app, &path("/proposals"), &csrf, PROPOSAL).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(page.contains("The last day for proposals has passed."));
        assert_eq!(proposals(&app).await.len(), 1, "only the one in time");
    }
}

on_both_engines! {
    async fn a_compiled_list_takes_no_proposal_even_before_its_cut_off(app) {
        // The demo's list is compiled; its cut-off (10 June) is still to come on 1 June.
        let token = app.token("delegate-ru").await;
        let body = json!({"topic": {"en": "A topic"}, "forum": "UNGA"});
        let (status, err) = app.post("/api/v1/statements-lists/statements-2018/proposals", &body, Some(&token)).await;
        assert_error((status, &err), 409, "already_compiled");
        let b = signed_in_browser(&app, "delegate-ru").await;
        let (_, page) = get_html(&b, &app, "/statements-lists/statements-2018").await;
        assert!(!page.contains("/statements-lists/statements-2018/proposals\""), "no form offered");
        assert!(page.contains("No proposal has been made for this list."), "a delegate sees the empty part as empty");
        assert_eq!(app.post("/api/v1/statements-lists/no-such-list/proposals", &body, Some(&token)).await.0, 404);
    }
}

on_both_engines! {
    async fn the_press_and_the_public_are_not_shown_proposals_instructions_or_deliveries(app) {
        open_list(&app).await;
        let token = app.token("delegate-ru").await;
        let body = json!({"topic": {"en": "A members-only topic"}, "forum": "UNGA"});
        assert_eq!(app.post("/api/v1/statements-lists/statements-2018-second/proposals", &body, Some(&token)).await.0, 201);
        let (status, public) = app.page(&path("")).await;
        assert_eq!(status, 200, "the call itself is public");
        assert!(!public.contains("A members-only topic") && !public.contains("id=\"instructions-h\""));
        let (press, _) = browser_of(&app, "press").await;
        let (_, page) = get_html(&press, &app, &path("")).await;
        assert!(!page.contains("A members-only topic") && !page.contains("id=\"deliveries-h\""));
        assert!(!page.contains("/proposals\""), "nor offered a proposal");
    }
}

on_both_engines! {
    async fn bad_input_is_refused_at_its_field_with_everything_typed_kept_and_nothing_written(app) {
        open_list(&app).await;
        let (b, csrf) = browser_of(&app, "delegate-ru").await;
        let fields = [("topic-en", "  "), ("forum", "UNGA"), ("draft-en", "A draft kept as typed")];
        let (status, _, page) = post_form(&b, &app, &path("/proposals"), &csrf, &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("id=\"proposal-topic-error\"") && page.contains("at least one language"));
        assert!(page.contains("aria-invalid=\"true\" aria-describedby=\"proposal-topic-error\""));
        assert!(page.contains("A draft kept as typed"));
        let fields = [("topic-en", "A topic"), ("forum", "un general assembly")];
        let (status, _, page) = post_form(&b, &app, &path("/proposals"), &csrf, &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("id=\"proposal-forum-error\"") && page.contains("value=\"A topic\""));
        let (status, _, page) = post_form(&b, &app, &path("/proposals"), &csrf, &[("topic-en", "A\u{7}bell"), ("forum", "UNGA")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("control character"));
        assert!(proposals(&app).await.is_empty(), "nothing written");
        // The Secretariat names the state it records a proposal for.
        let (o, csrf) = browser_of(&app, "officer").await;
        let (status, _, page) = post_form(&o, &app, &path("/proposals"), &csrf, PROPOSAL).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("id=\"proposal-state-error\""));
        assert!(proposals(&app).await.is_empty());
    }
}

on_both_engines! {
    async fn the_secretariat_includes_compiles_instructs_and_records_a_delivery(app) {
        open_list(&app).await;
        let (d, csrf) = browser_of(&app, "delegate-ru").await;
        assert_eq!(post_form(&d, &app, &path("/proposals"), &csrf, PROPOSAL).await.0, StatusCode::SEE_OTHER);
        // A delegate selects nothing.
        let key = proposals(&app).await[0]["key"].as_str().unwrap().to_owned();
        let (status, _, _) = post_form(&d, &app, &path("/inclusion"), &csrf, &[("included", &key)]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (o, csrf) = browser_of(&app, "officer").await;
        let (status, location, _) = post_form(&o, &app, &path("/inclusion"), &csrf, &[("included", &key)]).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/statements-lists/statements-2018-second#proposals"));
        assert_eq!(proposals(&app).await[0]["included"], true);
        let (status, _, _) = post_form(&o, &app, &path("/compilation"), &csrf, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = get_html(&o, &app, &path("?lang=en")).await;
        assert!(page.contains("href=\"/documents/statements-2018-second-list\""), "the list document, linked");
        assert!(!page.contains("/compilation\""), "compiled once");
        let (status, _, page) = post_form(&o, &app, &path("/compilation"), &csrf, &[]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(page.contains("already compiled"));
        let fields = [("forum", "UNGA"), ("text-en", "Deliver the statement at the 73rd session."), ("text-ru", "Огласить заявление на 73-й сессии.")];
        let (status, location, _) = post_form(&o, &app, &path("/instructions"), &csrf, &fields).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/statements-lists/statements-2018-second#instructions"));
        // A delivery is recorded once it has happened.
        let delivery = [("proposal", key.as_str()), ("on", "2018-09-28"), ("state", "BY")];
        let (status, _, page) = post_form(&o, &app, &path("/deliveries"), &csrf, &delivery).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("id=\"delivery-on-error\"") && page.contains("value=\"2018-09-28\""));
        app.clock.set("2018-10-01T08:00:00Z".parse().unwrap());
        // Months later: sessions have ended, so sign in again.
        let (o, csrf) = browser_of(&app, "officer").await;
        let (d, _) = browser_of(&app, "delegate-ru").await;
        let (status, location, _) = post_form(&o, &app, &path("/deliveries"), &csrf, &delivery).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/statements-lists/statements-2018-second#deliveries"));
        let (_, page) = get_html(&d, &app, &path("?lang=en")).await;
        assert!(page.contains("Deliver the statement at the 73rd session."));
        assert!(page.contains("28 September 2018") && page.contains("delivered by Belarus on behalf of all"));
        let (_, ru) = get_html(&d, &app, &path("?lang=ru")).await;
        assert!(ru.contains("Огласить заявление на 73-й сессии.") && ru.contains("оглашено государством Беларусь от имени всех"));
    }
}
