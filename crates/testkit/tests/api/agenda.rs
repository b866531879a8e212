//! The agenda of the Almaty meeting: adoption, numbering kept 1…n through insertions, moves and deletions, and the
//! change log of an adopted agenda.

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{as_change, assert_error, en, item, items, numbers};

fn new_item(number: i64, title: &str) -> Value {
    json!({"meeting": "cfm-2018-06-almaty", "number": number, "title": {"en": title, "ru": title}, "kind": "information", "visibility": "public"})
}

/// The English titles of the agenda, in number order.
fn titles(items: &[Value]) -> Vec<String> {
    items.iter().map(|i| en(&i["title"]).to_owned()).collect()
}

async fn adopt(app: &TestApp, id: i64, token: &str) -> (u16, Value) {
    app.post(&format!("/api/v1/meetings/{id}/agenda/adoption"), &json!({}), Some(token)).await
}

on_both_engines! {
    async fn adopting_the_almaty_agenda_records_it_once_and_an_empty_agenda_cannot_be_adopted(app) {
        let token = app.token("officer").await;
        let id = app.almaty_id().await;
        let (status, adopted) = adopt(&app, id, &token).await;
        assert_eq!(status, 200, "{adopted}");
        assert_eq!(adopted["status"], "adopted");
        assert_eq!(adopted["adopted_by"], "officer");
        assert_eq!(adopted["adopted_at"], "2018-06-01T06:00:00Z", "adopted at the clock's instant");
        assert!(adopted.get("adopted_at_us").is_none(), "every instant in the API is RFC 3339");

        let (_, m) = app.get(&format!("/api/v1/meetings/{id}"), None).await;
        assert_eq!(m["agenda"]["status"], "adopted");
        assert_eq!(m["agenda"]["adopted_at"], "2018-06-01T06:00:00Z");

        let (status, body) = adopt(&app, id, &token).await;
        assert_error((status, &body), 409, "agenda_already_adopted");
        let (status, body) = app.post("/api/v1/meetings/cfm-2018-06-almaty/agenda/adoption", &json!({}), Some(&token)).await;
        assert_error((status, &body), 409, "agenda_already_adopted");
        let (_, changes) = app.get(&format!("/api/v1/meetings/{id}/agenda/changes"), Some(&token)).await;
        assert!(changes["items"].as_array().unwrap().is_empty(), "adoption is not a change: {changes}");

        // An agenda without items cannot be adopted.
        let meeting = json!({
            "key": "cfm-2018-11-astana", "organisation": "CSTO", "body": "CFM", "kind": "regular", "city": "astana",
            "starts_on": "2018-11-07", "ends_on": "2018-11-07", "mode": "in_person", "status": "planned"
        });
        let (status, body) = app.post("/api/v1/meetings", &meeting, Some(&token)).await;
        assert_eq!(status, 201, "{body}");
        let (status, body) = app.post("/api/v1/meetings/cfm-2018-11-astana/agenda/adoption", &json!({}), Some(&token)).await;
        assert_error((status, &body), 409, "agenda_empty");
        let (_, m) = app.get("/api/v1/meetings/cfm-2018-11-astana", None).await;
        assert_eq!(m["agenda"]["status"], "provisional");
    }
}

on_both_engines! {
    async fn a_new_item_moves_the_later_items_down_one_place_even_when_two_arrive_at_once(app) {
        let token = app.token("officer").await;
        let id = app.almaty_id().await;
        let before = titles(&items(&app, id, Some(&token)).await);

        let (status, created) = app.post("/api/v1/agenda-items", &new_item(3, "Information of the Secretary General"), Some(&token)).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["number"], 3);
        let after = items(&app, id, Some(&token)).await;
        assert_eq!(numbers(&after), (1..=13).collect::<Vec<_>>());
        let mut expected = before.clone();
        expected.insert(2, "Information of the Secretary General".to_owned());
        assert_eq!(titles(&after), expected);
        assert_eq!(numbers(&meeting_items(&app, id, &token).await), (1..=13).collect::<Vec<_>>());

        // Right after the last is allowed; further is not, and moves nothing.
        let (status, last) = app.post("/api/v1/agenda-items", &new_item(14, "Any other business"), Some(&token)).await;
        assert_eq!(status, 201, "{last}");
        let (status, body) = app.post("/api/v1/agenda-items", &new_item(16, "Too far"), Some(&token)).await;
        assert_error((status, &body), 422, "invalid_agenda_number");
        let now = items(&app, id, Some(&token)).await;
        assert_eq!(numbers(&now), (1..=14).collect::<Vec<_>>());
        assert_eq!(en(&item(&now, 14)["title"]), "Any other business");

        // The public sees its items numbered as they are: the new one at 3, the old third at 4.
        let public = items(&app, id, None).await;
        assert_eq!(numbers(&public), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14]);

        // Two insertions at number 1 at once: both land, numbers stay 1..n.
        let (first, second) = (new_item(1, "Opening A"), new_item(1, "Opening B"));
        let (a, b) = tokio::join!(
            app.post("/api/v1/agenda-items", &first, Some(&token)),
            app.post("/api/v1/agenda-items", &second, Some(&token)),
        );
        assert_eq!((a.0, b.0), (201, 201), "{} / {}", a.1, b.1);
        let now = items(&app, id, Some(&token)).await;
        assert_eq!(numbers(&now), (1..=16).collect::<Vec<_>>());
        let mut first_two = titles(&now)[..2].to_vec();
        first_two.sort();
        assert_eq!(first_two, ["Opening A", "Opening B"]);
    }
}

async fn meeting_items(app: &TestApp, id: i64, token: &str) -> Vec<Value> {
    let (_, m) = app.get(&format!("/api/v1/meetings/{id}"), Some(token)).await;
    m["agenda"]["items"].as_array().unwrap().clone()
}

on_both_engines! {
    async fn moving_an_item_to_a_new_number_keeps_the_numbers_one_to_n(app) {
        let token = app.token("officer").await;
        let id = app.almaty_id().await;
        let original = titles(&items(&app, id, Some(&token)).await);

        // Down: item 2 becomes 9; items 3..9 move up one place.
        let agenda = items(&app, id, Some(&token)).await;
        let mut change = as_change(item(&agenda, 2));
        change["number"] = json!(9);
        let (status, moved) = app.put(&format!("/api/v1/agenda-items/{}", item(&agenda, 2)["id"]), &change, Some(&token)).await;
        assert_eq!(status, 200, "{moved}");
        assert_eq!(moved["number"], 9);
        let now = items(&app, id, Some(&token)).await;
        assert_eq!(numbers(&now), (1..=12).collect::<Vec<_>>());
        let mut expected = original.clone();
        let two = expected.remove(1);
        expected.insert(8, two);
        assert_eq!(titles(&now), expected);

        // Up: the last item becomes the first.
        let mut change = as_change(item(&now, 12));
        change["number"] = json!(1);
        let (status, body) = app.put(&format!("/api/v1/agenda-items/{}", item(&now, 12)["id"]), &change, Some(&token)).await;
        assert_eq!(status, 200, "{body}");
        let now = items(&app, id, Some(&token)).await;
        assert_eq!(numbers(&now), (1..=12).collect::<Vec<_>>());
        let twelve = expected.remove(11);
        expected.insert(0, twelve);
        assert_eq!(titles(&now), expected);

        // Out of range: refused, nothing moves.
        let mut change = as_change(item(&now, 5));
        change["number"] = json!(13);
        let (status, body) = app.put(&format!("/api/v1/agenda-items/{}", item(&now, 5)["id"]), &change, Some(&token)).await;
        assert_error((status, &body), 422, "invalid_agenda_number");
        assert_eq!(titles(&items(&app, id, Some(&token)).await), expected);

        // An item cannot move to another meeting.
        let mut change = as_change(item(&now, 5));
        change["meeting"] = json!("csc-2018-11-astana");
        let (status, body) = app.put(&format!("/api/v1/agenda-items/{}", item(&now, 5)["id"]), &change, Some(&token)).await;
        assert_error((status, &body), 422, "invalid_agenda_item");
    }
}

on_both_engines! {
    async fn deleting_an_item_moves_the_later_items_up_one_place(app) {
        let token = app.token("officer").await;
        let id = app.almaty_id().await;
        let agenda = items(&app, id, Some(&token)).await;
        let mut expected = titles(&agenda);
        let four = item(&agenda, 4);
        let (status, body) = app.delete(&format!("/api/v1/agenda-items/{}?version={}", four["id"], four["version"]), Some(&token)).await;
        assert_eq!(status, 204, "{body}");
        expected.remove(3);
        let now = items(&app, id, Some(&token)).await;
        assert_eq!(numbers(&now), (1..=11).collect::<Vec<_>>());
        assert_eq!(titles(&now), expected);

        // A later item's version moved with its number: the old version is stale.
        let old_twelve = item(&agenda, 12);
        let (status, body) = app.delete(&format!("/api/v1/agenda-items/{}?version={}", old_twelve["id"], old_twelve["version"]), Some(&token)).await;
        assert_error((status, &body), 409, "stale_version");
        let first = item(&now, 1);
        let (status, _) = app.delete(&format!("/api/v1/agenda-items/{}?version={}", first["id"], first["version"]), Some(&token)).await;
        assert_eq!(status, 204);
        expected.remove(0);
        let now = items(&app, id, Some(&token)).await;
        assert_eq!(numbers(&now), (1..=10).collect::<Vec<_>>());
        assert_eq!(titles(&now), expected);
    }
}

on_both_engines! {
    async fn every_change_to_an_adopted_agenda_is_logged_with_the_officer_as_actor(app) {
        let token = app.token("officer").await;
        let id = app.almaty_id().await;
        // A change before adoption is not logged.
        let agenda = items(&app, id, Some(&token)).await;
        let mut one = as_change(item(&agenda, 1));
        one["kind"] = json!("decision");
        let (status, _) = app.put(&format!("/api/v1/agenda-items/{}", item(&agenda, 1)["id"]), &one, Some(&token)).await;
        assert_eq!(status, 200);

        let (status, _) = adopt(&app, id, &token).await;
        assert_eq!(status, 200);
        app.clock.set("2018-06-11T03:30:00Z".parse().unwrap());

        let (status, created) = app.post("/api/v1/agenda-items", &new_item(13, "Any other business"), Some(&token)).await;
        assert_eq!(status, 201, "{created}");
        let agenda = items(&app, id, Some(&token)).await;
        let mut five = as_change(item(&agenda, 5));
        five["title"] = json!({"en": "The CSTO legal basis", "ru": "О договорно-правовой базе ОДКБ"});
        let (status, _) = app.put(&format!("/api/v1/agenda-items/{}", item(&agenda, 5)["id"]), &five, Some(&token)).await;
        assert_eq!(status, 200);
        let thirteen = item(&agenda, 13);
        let (status, _) = app.delete(&format!("/api/v1/agenda-items/{}?version={}", thirteen["id"], thirteen["version"]), Some(&token)).await;
        assert_eq!(status, 204);

        let (status, log) = app.get(&format!("/api/v1/meetings/{id}/agenda/changes"), Some(&token)).await;
        assert_eq!(status, 200, "{log}");
        let changes = log["items"].as_array().unwrap();
        let summary: Vec<(&str, Option<i64>, Option<i64>)> = changes
            .iter()
            .map(|c| (c["action"].as_str().unwrap(), c["before"]["number"].as_i64(), c["after"]["number"].as_i64()))
            .collect();
        assert_eq!(summary, [("created", None, Some(13)), ("changed", Some(5), Some(5)), ("deleted", Some(13), None)]);
        for c in changes {
            assert_eq!(c["actor"], "officer", "{c}");
            assert_eq!(c["at"], "2018-06-11T03:30:00Z", "{c}");
        }
        assert_eq!(en(&changes[0]["after"]["title"]), "Any other business");
        assert_eq!(en(&changes[1]["before"]["title"]), "Status of the work on developing the CSTO legal contractual basis");
        assert_eq!(en(&changes[1]["after"]["title"]), "The CSTO legal basis");
    }
}

on_both_engines! {
    async fn a_change_made_in_the_same_instant_as_the_adoption_is_still_logged(app) {
        // Clocks do not always move between two writes (a coarse or a stopped clock, or another instance whose
        // clock is behind): a change recorded after the adoption belongs to the log whatever its time stamp.
        let token = app.token("officer").await;
        let id = app.almaty_id().await;
        let (status, _) = adopt(&app, id, &token).await;
        assert_eq!(status, 200);
        let agenda = items(&app, id, Some(&token)).await;
        let mut two = as_change(item(&agenda, 2));
        two["title"] = json!({"en": "Draft Statement on the INF Treaty"});
        let (status, _) = app.put(&format!("/api/v1/agenda-items/{}", item(&agenda, 2)["id"]), &two, Some(&token)).await;
        assert_eq!(status, 200);
        let (_, log) = app.get(&format!("/api/v1/meetings/{id}/agenda/changes"), Some(&token)).await;
        let changes = log["items"].as_array().unwrap();
        assert_eq!(changes.len(), 1, "the change after the adoption is missing from the log: {log}");
        assert_eq!(en(&changes[0]["after"]["title"]), "Draft Statement on the INF Treaty");
    }
}
