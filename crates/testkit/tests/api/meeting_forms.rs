//! The Secretariat prepares a meeting with the page's forms, posted as a browser with a session and its CSRF token:
//! a new meeting, its programme, delegations and agenda, the agenda numbered anew and adopted, an item's outcome;
//! refused forms keep what was typed and write nothing; a stale edit says who changed the record meanwhile.

use reqwest::{Client, StatusCode};
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{get_html, hidden_csrf, post_form, signed_in_browser};

const NEW: &[(&str, &str)] = &[
    ("organisation", "CSTO"),
    ("key", "cfm-2018-12-astana"),
    ("body", "CFM"),
    ("kind", "regular"),
    ("city", "astana"),
    ("starts_on", "2018-11-07"),
    ("ends_on", "2018-11-08"),
    ("mode", "in_person"),
    ("status", "planned"),
];

/// The officer, signed in, with the CSRF token of her session.
async fn officer(app: &TestApp) -> (Client, String) {
    let b = signed_in_browser(app, "officer").await;
    let (_, page) = get_html(&b, app, "/organisations/CSTO/meetings/new").await;
    (b, hidden_csrf(&page))
}

/// A new meeting made with the form; its id.
async fn new_meeting(app: &TestApp, b: &Client, csrf: &str) -> i64 {
    let (status, location, _) = post_form(b, app, "/meetings", csrf, NEW).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/meetings/cfm-2018-12-astana"));
    let (_, m) = app.get("/api/v1/meetings/cfm-2018-12-astana", None).await;
    m["id"].as_i64().unwrap()
}

async fn meeting(app: &TestApp) -> Value {
    app.get("/api/v1/meetings/cfm-2018-12-astana", Some(&app.token("officer").await)).await.1
}

fn with<'a>(base: &[(&'a str, &'a str)], changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields: Vec<_> = base.iter().filter(|(k, _)| !changes.iter().any(|(c, _)| c == k)).copied().collect();
    fields.extend_from_slice(changes);
    fields
}

const ITEM: &[(&str, &str)] = &[
    ("title-en", "Foreign policy coordination"),
    ("title-ru", "О координации внешней политики"),
    ("kind", "discussion"),
    ("visibility", "public"),
];

on_both_engines! {
    async fn the_secretariat_creates_a_meeting_from_the_organisation_page_and_is_sent_to_it(app) {
        let (b, csrf) = officer(&app).await;
        let (_, org) = get_html(&b, &app, "/organisations/CSTO").await;
        assert!(org.contains("href=\"/organisations/CSTO/meetings/new\""), "the organisation page offers a new meeting");
        let (_, calendar) = get_html(&b, &app, "/organisations/CSTO/calendar").await;
        assert!(calendar.contains("href=\"/organisations/CSTO/meetings/new\""), "and so does its calendar");
        let (status, form) = get_html(&b, &app, "/organisations/CSTO/meetings/new?lang=ru").await;
        assert_eq!(status, 200);
        assert!(form.contains("Новое заседание") && form.contains("Совет министров иностранных дел"), "in Russian, with the bodies' names");
        new_meeting(&app, &b, &csrf).await;
        let (status, page) = get_html(&b, &app, "/meetings/cfm-2018-12-astana?lang=en").await;
        assert_eq!(status, 200);
        assert!(page.contains("Astana time, UTC+6"), "dates and times in the venue's time, named as people name it");
        // Nobody else is offered the form, and a delegate's post is refused.
        let (_, public) = app.page("/organisations/CSTO").await;
        assert!(!public.contains("/meetings/new\""));
        let (status, public) = app.page("/organisations/CSTO/meetings/new").await;
        assert_eq!(status, 200);
        assert!(public.contains("Only the Secretariat creates meetings") && !public.contains("action=\"/meetings\""));
        let d = signed_in_browser(&app, "delegate-ru").await;
        let (_, page) = get_html(&d, &app, "/organisations/CSTO/meetings/new").await;
        let other = with(NEW, &[("key", "cfm-2018-12-other")]);
        let (status, _, _) = post_form(&d, &app, "/meetings", &hidden_csrf(&page), &other).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(app.get("/api/v1/meetings/cfm-2018-12-other", None).await.0, 404, "nothing written");
    }
}

on_both_engines! {
    async fn a_meeting_that_ends_before_it_starts_is_refused_at_its_last_day_keeps_what_was_typed_and_writes_nothing(app) {
        let (b, csrf) = officer(&app).await;
        let typed = with(NEW, &[("ends_on", "2018-11-06")]);
        let (status, _, html) = post_form(&b, &app, "/meetings", &csrf, &typed).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("id=\"meeting-ends-error\">The last day cannot come before the first."), "{html}");
        assert!(html.contains("value=\"cfm-2018-12-astana\"") && html.contains("value=\"2018-11-06\""), "kept as typed");
        assert!(html.contains("<option value=\"astana\" selected>"), "the venue chosen is still chosen");
        assert_eq!(app.get("/api/v1/meetings/cfm-2018-12-astana", None).await.0, 404, "nothing written");
    }
}

on_both_engines! {
    async fn the_secretariat_adds_a_programme_delegations_and_an_agenda_numbers_it_anew_and_adopts_it(app) {
        let (b, csrf) = officer(&app).await;
        let id = new_meeting(&app, &b, &csrf).await;
        let url = "/meetings/cfm-2018-12-astana";
        let dinner = [("key", "working-dinner"), ("kind", "working_dinner"), ("on", "2018-11-07"), ("at", "19:30")];
        let (status, location, _) = post_form(&b, &app, &format!("{url}/programme"), &csrf, &dinner).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/meetings/cfm-2018-12-astana#programme-h"));
        let sitting = [("key", "restricted"), ("kind", "sitting"), ("format", "restricted"), ("on", "2018-11-08"), ("at", "10:00")];
        assert_eq!(post_form(&b, &app, &format!("{url}/programme"), &csrf, &sitting).await.0, StatusCode::SEE_OTHER);
        let kz = [("state", "KZ"), ("head", "kairat-abdrakhmanov")];
        assert_eq!(post_form(&b, &app, &format!("{url}/delegations"), &csrf, &kz).await.0, StatusCode::SEE_OTHER);
        let ru = [("state", "RU"), ("head", "sergey-lavrov"), ("members", "aibek-omokeev"), ("members", "valery-semerikov")];
        assert_eq!(post_form(&b, &app, &format!("{url}/delegations"), &csrf, &ru).await.0, StatusCode::SEE_OTHER);
        assert_eq!(post_form(&b, &app, &format!("{url}/agenda"), &csrf, ITEM).await.0, StatusCode::SEE_OTHER);
        let second = with(ITEM, &[("title-en", "Peacekeeping"), ("title-ru", "О миротворчестве"), ("sitting", "restricted")]);
        assert_eq!(post_form(&b, &app, &format!("{url}/agenda"), &csrf, &second).await.0, StatusCode::SEE_OTHER);

        let m = meeting(&app).await;
        assert_eq!(m["programme"].as_array().unwrap().len(), 2);
        assert_eq!(m["delegations"][1]["members"].as_array().unwrap().len(), 2, "members by person");
        let items = m["agenda"]["items"].as_array().unwrap().clone();
        assert_eq!(items[1]["format"], "restricted", "the item is taken at the restricted sitting");

        // Numbered anew in one form: the second item first.
        let (first, last) = (&items[0], &items[1]);
        let fields = [
            (format!("number-{}", first["id"]), "2".to_owned()), (format!("version-{}", first["id"]), first["version"].to_string()),
            (format!("number-{}", last["id"]), "1".to_owned()), (format!("version-{}", last["id"]), last["version"].to_string()),
        ];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(post_form(&b, &app, &format!("{url}/agenda/numbering"), &csrf, &fields).await.0, StatusCode::SEE_OTHER);
        let m = meeting(&app).await;
        assert_eq!(m["agenda"]["items"][0]["title"]["en"], "Peacekeeping");

        let (status, _, _) = post_form(&b, &app, &format!("{url}/agenda/adoption"), &csrf, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(meeting(&app).await["agenda"]["status"], "adopted");
        let (_, page) = get_html(&b, &app, &format!("/meetings/{id}?lang=ru")).await;
        assert!(page.contains("Утверждённая повестка дня"), "the page in Russian");
        assert!(!page.contains("/agenda/adoption\""), "an adopted agenda is not offered for adoption again");
        let (status, again, _) = post_form(&b, &app, &format!("{url}/agenda/adoption"), &csrf, &[]).await;
        assert_eq!((status, again.as_str()), (StatusCode::CONFLICT, ""));
    }
}

on_both_engines! {
    async fn an_item_number_beyond_the_agenda_is_refused_at_its_field_and_a_gap_in_a_new_numbering_writes_nothing(app) {
        let (b, csrf) = officer(&app).await;
        new_meeting(&app, &b, &csrf).await;
        let url = "/meetings/cfm-2018-12-astana";
        let typed = with(ITEM, &[("number", "5")]);
        let (status, _, html) = post_form(&b, &app, &format!("{url}/agenda"), &csrf, &typed).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("id=\"new-item-number-error\">Give a number from 1 to one past the last item."), "{html}");
        assert!(html.contains("value=\"О координации внешней политики\""), "the titles typed are kept");
        assert!(meeting(&app).await["agenda"]["items"].as_array().unwrap().is_empty(), "nothing written");

        post_form(&b, &app, &format!("{url}/agenda"), &csrf, ITEM).await;
        post_form(&b, &app, &format!("{url}/agenda"), &csrf, ITEM).await;
        let items = meeting(&app).await["agenda"]["items"].as_array().unwrap().clone();
        let body = json!({"items": [
            {"id": items[0]["id"], "version": items[0]["version"], "number": 1},
            {"id": items[1]["id"], "version": items[1]["version"], "number": 3},
        ]});
        let token = app.token("officer").await;
        let (status, error) = app.post("/api/v1/meetings/cfm-2018-12-astana/agenda/numbering", &body, Some(&token)).await;
        assert_eq!((status, error["error"]["code"].as_str()), (422, Some("invalid_agenda_numbering")));
        let stale = json!({"items": [
            {"id": items[0]["id"], "version": 99, "number": 2},
            {"id": items[1]["id"], "version": items[1]["version"], "number": 1},
        ]});
        let (status, error) = app.post("/api/v1/meetings/cfm-2018-12-astana/agenda/numbering", &stale, Some(&token)).await;
        assert_eq!((status, error["error"]["code"].as_str()), (409, Some("stale_version")));
        assert_eq!(meeting(&app).await["agenda"]["items"], json!(items), "nothing written");
    }
}

on_both_engines! {
    async fn an_edit_made_on_a_stale_version_says_who_changed_the_item_and_when_with_the_stored_text_beside_the_typed_one(app) {
        let (b, csrf) = officer(&app).await;
        new_meeting(&app, &b, &csrf).await;
        post_form(&b, &app, "/meetings/cfm-2018-12-astana/agenda", &csrf, ITEM).await;
        let item = meeting(&app).await["agenda"]["items"][0].clone();
        // Someone else changes the title meanwhile, through the API.
        let token = app.token("admin").await;
        let (_, stored) = app.get(&format!("/api/v1/agenda-items/{}", item["id"]), Some(&token)).await;
        let mut changed = stored.clone();
        changed.as_object_mut().unwrap().remove("id");
        changed["title"]["en"] = json!("Coordination of foreign policy");
        assert_eq!(app.put(&format!("/api/v1/agenda-items/{}", item["id"]), &changed, Some(&token)).await.0, 200);

        let path = format!("/agenda-items/{}", item["id"]);
        let version = item["version"].to_string();
        let typed = with(ITEM, &[("number", "1"), ("version", version.as_str()), ("title-en", "Policy coordination")]);
        let (status, _, html) = post_form(&b, &app, &path, &csrf, &typed).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(html.contains("Changed meanwhile by admin at 1 June 2018, 06:00 UTC."), "{html}");
        assert!(html.contains("<td data-label=\"Stored now\">Coordination of foreign policy</td>"), "the stored text");
        assert!(html.contains("<td data-label=\"What you typed\">Policy coordination</td>"), "beside the typed one");
        assert!(html.contains("value=\"Policy coordination\""), "the typed text is kept in the form");
        let now = meeting(&app).await["agenda"]["items"][0]["version"].to_string();
        assert!(html.contains(&format!("name=\"version\" value=\"{now}\"")), "the form now carries the current version");
        assert_eq!(meeting(&app).await["agenda"]["items"][0]["title"]["en"], "Coordination of foreign policy", "nothing written");
        // Sent again, the typed text is stored.
        let again = with(&typed, &[("version", now.as_str())]);
        assert_eq!(post_form(&b, &app, &path, &csrf, &again).await.0, StatusCode::SEE_OTHER);
        assert_eq!(meeting(&app).await["agenda"]["items"][0]["title"]["en"], "Policy coordination");
    }
}

on_both_engines! {
    async fn an_outcome_is_recorded_from_the_page_and_a_deferral_without_its_meeting_is_refused_at_that_field(app) {
        let (b, csrf) = officer(&app).await;
        new_meeting(&app, &b, &csrf).await;
        post_form(&b, &app, "/meetings/cfm-2018-12-astana/agenda", &csrf, ITEM).await;
        let item = meeting(&app).await["agenda"]["items"][0].clone();
        let path = format!("/agenda-items/{}/outcome", item["id"]);
        let (status, _, html) = post_form(&b, &app, &path, &csrf, &[("outcome", "deferred")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let field = format!("id=\"outcome-{}-meeting-error\">Name the meeting the item is deferred to.", item["id"]);
        assert!(html.contains(&field), "{html}");
        assert!(meeting(&app).await["agenda"]["items"][0].get("outcome").is_none(), "nothing written");
        assert_eq!(post_form(&b, &app, &path, &csrf, &[("outcome", "noted")]).await.0, StatusCode::SEE_OTHER);
        assert_eq!(meeting(&app).await["agenda"]["items"][0]["outcome"], "noted");
    }
}

on_both_engines! {
    async fn a_programme_event_and_a_delegation_are_changed_and_removed_from_the_page(app) {
        let (b, csrf) = officer(&app).await;
        new_meeting(&app, &b, &csrf).await;
        let url = "/meetings/cfm-2018-12-astana";
        post_form(&b, &app, &format!("{url}/programme"), &csrf, &[("key", "photo"), ("kind", "joint_photo"), ("on", "2018-11-08")]).await;
        post_form(&b, &app, &format!("{url}/delegations"), &csrf, &[("state", "KZ"), ("head", "kairat-abdrakhmanov")]).await;
        let m = meeting(&app).await;
        let (event, delegation) = (m["programme"][0].clone(), m["delegations"][0].clone());
        let moved = [("key", "photo"), ("kind", "joint_photo"), ("on", "2018-11-07"), ("version", &event["version"].to_string())];
        assert_eq!(post_form(&b, &app, &format!("/programme-events/{}", event["id"]), &csrf, &moved).await.0, StatusCode::SEE_OTHER);
        assert_eq!(meeting(&app).await["programme"][0]["on"], "2018-11-07");
        let deputy = [("state", "KZ"), ("head", "erlan-abdyldaev"), ("version", &delegation["version"].to_string())];
        assert_eq!(post_form(&b, &app, &format!("/delegations/{}", delegation["id"]), &csrf, &deputy).await.0, StatusCode::SEE_OTHER);
        let m = meeting(&app).await;
        assert_eq!(m["delegations"][0]["head"]["key"], "erlan-abdyldaev", "a deputy may lead");
        let remove = [("remove", "yes"), ("version", &m["delegations"][0]["version"].to_string())];
        assert_eq!(post_form(&b, &app, &format!("/delegations/{}", delegation["id"]), &csrf, &remove).await.0, StatusCode::SEE_OTHER);
        let remove = [("remove", "yes"), ("version", &m["programme"][0]["version"].to_string())];
        assert_eq!(post_form(&b, &app, &format!("/programme-events/{}", event["id"]), &csrf, &remove).await.0, StatusCode::SEE_OTHER);
        let m = meeting(&app).await;
        assert!(m["delegations"].as_array().unwrap().is_empty() && m["programme"].as_array().unwrap().is_empty());
    }
}

on_both_engines! {
    async fn the_public_is_told_how_many_agenda_items_are_not_public_and_the_agenda_prints(app) {
        let (status, page) = app.page("/meetings/cfm-2018-06-almaty").await;
        assert_eq!(status, 200);
        assert!(page.contains("The agenda has 12 items; 3 of them are not public and are not shown."), "{page}");
        assert!(!page.contains("Item 10"), "their titles are not");
        let (_, page) = app.page("/meetings/cfm-2018-06-almaty?lang=ru").await;
        assert!(page.contains("В повестке дня 12 вопросов; 3 из них не являются открытыми и не показаны."));
        let (status, agenda) = app.page("/meetings/cfm-2018-06-almaty/agenda").await;
        assert_eq!(status, 200);
        assert!(agenda.contains("class=\"agenda-print\"") && agenda.contains("<li value=\"9\">"), "numbered as on the agenda");
        assert!(agenda.contains("3 of them are not public"));
        assert!(!agenda.contains("<form method=\"post\" action=\"/agenda-items"), "no forms on paper");
        let (_, officer) = get_html(&signed_in_browser(&app, "officer").await, &app, "/meetings/cfm-2018-06-almaty").await;
        assert!(officer.contains("Item 10") && !officer.contains("are not public and are not shown"), "the Secretariat reads all");
    }
}
