//! Visibility (DESIGN §5): restricted agenda items of the Almaty meeting reach heads of delegation and the
//! Secretariat only, through every way in — the meeting, the list, the record, the page, the change log.

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{as_change, assert_error, en, item, items, numbers};

/// The meeting's agenda as a viewer sees it in the whole meeting.
async fn meeting_agenda(app: &TestApp, id: i64, token: Option<&str>) -> Vec<Value> {
    let (status, m) = app.get(&format!("/api/v1/meetings/{id}"), token).await;
    assert_eq!(status, 200, "{m}");
    m["agenda"]["items"].as_array().unwrap().clone()
}

/// The id of a numbered item of the Almaty agenda, read as the officer.
async fn item_id(app: &TestApp, id: i64, number: i64) -> i64 {
    let token = app.token("officer").await;
    item(&items(app, id, Some(&token)).await, number)["id"].as_i64().unwrap()
}

on_both_engines! {
    async fn the_public_sees_no_restricted_agenda_item_anywhere(app) {
        let id = app.almaty_id().await;
        let agenda = meeting_agenda(&app, id, None).await;
        assert_eq!(numbers(&agenda), (1..=9).collect::<Vec<_>>());
        assert!(agenda.iter().all(|i| i["visibility"] == "public"), "{agenda:?}");

        let listed = items(&app, id, None).await;
        assert_eq!(numbers(&listed), (1..=9).collect::<Vec<_>>());
        assert!(listed.iter().all(|i| i["visibility"] == "public"));
        let (_, everything) = app.get("/api/v1/agenda-items?limit=500", None).await;
        assert!(everything["items"].as_array().unwrap().iter().all(|i| i["visibility"] == "public"));

        // A restricted item is as absent as one that never existed.
        for number in [10, 11, 12] {
            let hidden = item_id(&app, id, number).await;
            let (status, body) = app.get(&format!("/api/v1/agenda-items/{hidden}"), None).await;
            assert_error((status, &body), 404, "not_found");
            let (_, never) = app.get("/api/v1/agenda-items/999999", None).await;
            assert_eq!(body, never, "the 404 of a hidden item must not differ from that of a missing one");
        }
        let (_, after_nine) = app.get(&format!("/api/v1/agenda-items?meeting={id}&limit=9"), None).await;
        assert!(after_nine["next"].is_null(), "the public's last page has no next cursor: {after_nine}");

        for path in [format!("/meetings/{id}"), "/meetings/cfm-2018-06-almaty".to_owned(), format!("/meetings/{id}?lang=ru")] {
            let (status, html) = app.page(&path).await;
            assert_eq!(status, 200, "{path}");
            for hidden in ["Item 10", "Item 11", "Item 12", "Пункт 10", "Пункт 11", "Пункт 12", "title not public", "название не опубликовано"] {
                assert!(!html.contains(hidden), "{path} shows `{hidden}`");
            }
        }
    }
}

on_both_engines! {
    async fn a_delegate_and_the_press_see_nine_items_and_a_head_of_delegation_and_the_officer_twelve(app) {
        let id = app.almaty_id().await;
        let hidden = item_id(&app, id, 10).await;
        for (account, seen) in [("press", 9), ("delegate-kz", 9), ("delegate-ru", 12), ("officer", 12), ("admin", 12)] {
            let token = app.token(account).await;
            let agenda = meeting_agenda(&app, id, Some(&token)).await;
            assert_eq!(numbers(&agenda), (1..=seen).collect::<Vec<_>>(), "{account} in the meeting");
            let listed = items(&app, id, Some(&token)).await;
            assert_eq!(numbers(&listed), (1..=seen).collect::<Vec<_>>(), "{account} in the list");
            let (status, body) = app.get(&format!("/api/v1/agenda-items/{hidden}"), Some(&token)).await;
            if seen == 12 {
                assert_eq!(status, 200, "{account}: {body}");
                assert_eq!(body["visibility"], "restricted");
                assert_eq!(en(&body["title"]), "Item 10 (title not public)");
            } else {
                assert_error((status, &body), 404, "not_found");
            }
        }
    }
}

on_both_engines! {
    async fn the_change_log_of_an_adopted_agenda_shows_a_restricted_change_only_to_those_who_may_see_it(app) {
        let token = app.token("officer").await;
        let id = app.almaty_id().await;
        let (status, adopted) = app.post(&format!("/api/v1/meetings/{id}/agenda/adoption"), &json!({}), Some(&token)).await;
        assert_eq!(status, 200, "{adopted}");
        app.clock.set("2018-06-11T04:00:00Z".parse().unwrap());

        let agenda = items(&app, id, Some(&token)).await;
        let mut ten = as_change(item(&agenda, 10));
        ten["title"] = json!({"en": "Item 10: the CSTO Secretariat's budget", "ru": "Пункт 10: бюджет Секретариата ОДКБ"});
        let (status, body) = app.put(&format!("/api/v1/agenda-items/{}", item(&agenda, 10)["id"]), &ten, Some(&token)).await;
        assert_eq!(status, 200, "{body}");
        let mut two = as_change(item(&agenda, 2));
        two["title"] = json!({"en": "Draft Statement on the INF Treaty", "ru": "Проект заявления по ДРСМД"});
        let (status, body) = app.put(&format!("/api/v1/agenda-items/{}", item(&agenda, 2)["id"]), &two, Some(&token)).await;
        assert_eq!(status, 200, "{body}");

        let path = format!("/api/v1/meetings/{id}/agenda/changes");
        let (status, officer) = app.get(&path, Some(&token)).await;
        assert_eq!(status, 200, "{officer}");
        let changes = officer["items"].as_array().unwrap();
        assert_eq!(changes.len(), 2, "{officer}");
        assert!(changes.iter().all(|c| c["actor"] == "officer" && c["action"] == "changed"));
        assert_eq!(en(&changes[0]["before"]["title"]), "Item 10 (title not public)");
        assert_eq!(en(&changes[0]["after"]["title"]), "Item 10: the CSTO Secretariat's budget");
        assert_eq!(en(&changes[1]["after"]["title"]), "Draft Statement on the INF Treaty");

        let (status, public) = app.get(&path, None).await;
        assert_eq!(status, 200, "{public}");
        let public = public["items"].as_array().unwrap();
        assert_eq!(public.len(), 1, "{public:?}");
        assert_eq!(public[0]["after"]["number"], 2);
        let text = serde_json::to_string(public).unwrap();
        assert!(!text.contains("budget") && !text.contains("Item 10"), "{text}");

        for (account, seen) in [("delegate-kz", 1), ("press", 1), ("delegate-ru", 2)] {
            let t = app.token(account).await;
            let (_, log) = app.get(&path, Some(&t)).await;
            assert_eq!(log["items"].as_array().unwrap().len(), seen, "{account}: {log}");
        }
    }
}
