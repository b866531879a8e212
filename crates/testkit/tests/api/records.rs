//! Records through the API as the Secretariat keeps them: create, read by id and by code or key, change with the
//! version read, delete; list filters and pages; two writers at once.

use std::collections::BTreeSet;

use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::{json, Value};

use crate::support::{as_change, assert_error, bare, en};

/// Every record of a collection the viewer may see, following the `next` cursor with pages of `limit`.
async fn all_pages(app: &TestApp, collection_and_filter: &str, limit: u32, token: Option<&str>) -> (Vec<i64>, usize) {
    let sep = if collection_and_filter.contains('?') { '&' } else { '?' };
    let mut ids = Vec::new();
    let mut pages = 0;
    let mut after: Option<i64> = None;
    loop {
        let cursor = after.map(|a| format!("&after={a}")).unwrap_or_default();
        let (status, page) =
            app.get(&format!("/api/v1/{collection_and_filter}{sep}limit={limit}{cursor}"), token).await;
        assert_eq!(status, 200, "{page}");
        pages += 1;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= limit as usize, "a page holds at most `limit` items");
        ids.extend(items.iter().map(|i| i["id"].as_i64().unwrap()));
        match page["next"].as_i64() {
            Some(next) => {
                assert_eq!(
                    Some(next),
                    items.last().map(|i| i["id"].as_i64().unwrap()),
                    "`next` is the last id of the page"
                );
                after = Some(next);
            }
            None => return (ids, pages),
        }
        assert!(pages < 100, "the cursor does not end");
    }
}

on_both_engines! {
    async fn a_state_is_created_read_by_id_and_code_changed_with_its_version_and_deleted(app) {
        let token = app.token("officer").await;
        let uz = json!({"code": "UZ", "name": {"en": "Uzbekistan", "ru": "Узбекистан"}});
        let (status, created) = app.post("/api/v1/states", &uz, Some(&token)).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["version"], 1);
        assert_eq!(bare(&created), uz);
        let id = created["id"].as_i64().unwrap();

        let (status, by_id) = app.get(&format!("/api/v1/states/{id}"), None).await;
        assert_eq!((status, &by_id), (200, &created));
        let (status, by_code) = app.get("/api/v1/states/UZ", None).await;
        assert_eq!((status, &by_code), (200, &created));

        let mut change = as_change(&created);
        change["official_name"] = json!({"en": "Republic of Uzbekistan", "ru": "Республика Узбекистан"});
        let (status, changed) = app.put(&format!("/api/v1/states/{id}"), &change, Some(&token)).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["version"], 2);
        assert_eq!(changed["id"], id);
        assert_eq!(en(&changed["official_name"]), "Republic of Uzbekistan");
        let (_, read) = app.get("/api/v1/states/UZ", None).await;
        assert_eq!(read, changed);

        let (status, body) = app.delete(&format!("/api/v1/states/{id}?version=1"), Some(&token)).await;
        assert_error((status, &body), 409, "stale_version");
        let (status, _) = app.delete(&format!("/api/v1/states/{id}?version=2"), Some(&token)).await;
        assert_eq!(status, 204);
        let (status, body) = app.get("/api/v1/states/UZ", None).await;
        assert_error((status, &body), 404, "not_found");
        let (status, body) = app.get(&format!("/api/v1/states/{id}"), None).await;
        assert_error((status, &body), 404, "not_found");
        let (status, body) = app.delete(&format!("/api/v1/states/{id}?version=2"), Some(&token)).await;
        assert_error((status, &body), 404, "not_found");
    }
}

on_both_engines! {
    async fn a_person_and_a_city_are_created_read_by_key_changed_and_deleted(app) {
        let token = app.token("officer").await;
        let zas = json!({"key": "stanislav-zas", "names": [{"name": {"en": "Stanislav Zas", "ru": "Станислав Зась"}}]});
        let (status, created) = app.post("/api/v1/people", &zas, Some(&token)).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(bare(&created), zas);
        let id = created["id"].as_i64().unwrap();
        let (status, by_key) = app.get("/api/v1/people/stanislav-zas", None).await;
        assert_eq!((status, &by_key), (200, &created));

        let mut change = as_change(&created);
        change["names"].as_array_mut().unwrap().push(json!({"from": "2020-01-01", "name": {"en": "S. Zas"}}));
        let (status, changed) = app.put(&format!("/api/v1/people/{id}"), &change, Some(&token)).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["version"], 2);
        assert_eq!(changed["names"].as_array().unwrap().len(), 2);
        let (_, read) = app.get(&format!("/api/v1/people/{id}"), None).await;
        assert_eq!(read, changed);

        let (status, _) = app.delete(&format!("/api/v1/people/{id}?version=2"), Some(&token)).await;
        assert_eq!(status, 204);
        let (status, _) = app.get("/api/v1/people/stanislav-zas", None).await;
        assert_eq!(status, 404);

        // A city.
        let bishkek = json!({"key": "bishkek", "state": "KG", "time_zone": "Asia/Bishkek", "names": [{"name": {"en": "Bishkek", "ru": "Бишкек"}}]});
        let (status, created) = app.post("/api/v1/cities", &bishkek, Some(&token)).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(bare(&created), bishkek);
        let (_, by_key) = app.get("/api/v1/cities/bishkek", None).await;
        assert_eq!(by_key, created);
        let (_, kg) = app.get("/api/v1/cities?state=KG", None).await;
        let keys: Vec<&str> = kg["items"].as_array().unwrap().iter().map(|c| c["key"].as_str().unwrap()).collect();
        assert_eq!(keys, ["bishkek"]);

        let mut change = as_change(&created);
        change["state"] = json!("ZZ");
        let (status, body) = app.put(&format!("/api/v1/cities/{}", created["id"]), &change, Some(&token)).await;
        assert_error((status, &body), 422, "unknown_reference");
        let (_, unchanged) = app.get("/api/v1/cities/bishkek", None).await;
        assert_eq!(unchanged, created);

        let (status, _) = app.delete(&format!("/api/v1/cities/{}?version=1", created["id"]), Some(&token)).await;
        assert_eq!(status, 204);
    }
}

on_both_engines! {
    async fn a_meeting_with_a_programme_event_a_delegation_and_an_agenda_item_is_kept_through_the_api(app) {
        let token = app.token("officer").await;
        let meeting = json!({
            "key": "cfm-2018-11-astana", "organisation": "CSTO", "body": "CFM", "kind": "regular", "city": "astana",
            "starts_on": "2018-11-07", "ends_on": "2018-11-07", "mode": "in_person", "status": "planned"
        });
        let (status, created) = app.post("/api/v1/meetings", &meeting, Some(&token)).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(bare(&created), meeting);
        let id = created["id"].as_i64().unwrap();

        let sitting = json!({"meeting": "cfm-2018-11-astana", "key": "restricted", "kind": "sitting", "format": "restricted",
            "title": {"en": "Sitting in restricted format"}, "on": "2018-11-07", "at": "10:00:00"});
        let (status, event) = app.post("/api/v1/programme-events", &sitting, Some(&token)).await;
        assert_eq!(status, 201, "{event}");
        let delegation = json!({"meeting": "cfm-2018-11-astana", "state": "KG", "head": "chingiz-aidarbekov", "members": ["aibek-omokeev"]});
        let (status, deleg) = app.post("/api/v1/delegations", &delegation, Some(&token)).await;
        assert_eq!(status, 201, "{deleg}");
        let item = json!({"meeting": "cfm-2018-11-astana", "number": 1, "title": {"en": "Date and venue of the next meeting", "ru": "О дате и месте"},
            "kind": "decision", "sitting": "restricted", "visibility": "public"});
        let (status, agenda_item) = app.post("/api/v1/agenda-items", &item, Some(&token)).await;
        assert_eq!(status, 201, "{agenda_item}");
        assert_eq!(bare(&agenda_item), item);

        let (status, m) = app.get("/api/v1/meetings/cfm-2018-11-astana", None).await;
        assert_eq!(status, 200, "{m}");
        assert_eq!(m["id"], id);
        assert_eq!(en(&m["venue"]["city"]), "Astana");
        assert_eq!(m["venue"]["utc_offset"], "+06:00");
        assert_eq!(m["starts_at"], "2018-11-07T00:00:00+06:00");
        assert_eq!(m["chairing_state"], "KZ");
        assert_eq!(en(&m["chair"]["person"]["name"]), "Kairat Abdrakhmanov");
        let programme = m["programme"].as_array().unwrap();
        assert_eq!(programme.len(), 1);
        assert_eq!(programme[0]["starts_at"], "2018-11-07T10:00:00+06:00");
        assert_eq!(programme[0]["admitted"], "heads_of_delegation");
        let delegations = m["delegations"].as_array().unwrap();
        assert_eq!(delegations.len(), 1);
        assert_eq!(en(&delegations[0]["head"]["name"]), "Chingiz Aidarbekov");
        assert_eq!(en(&delegations[0]["head"]["post"]), "Minister of Foreign Affairs of Kyrgyzstan");
        assert_eq!(en(&delegations[0]["members"][0]["name"]), "Aibek Omokeev");
        let items = m["agenda"]["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["format"], "restricted");
        assert_eq!(m["agenda"]["status"], "provisional");

        // The meeting moves a day: the change keeps its parts.
        let mut change = as_change(&created);
        change["starts_on"] = json!("2018-11-08");
        change["ends_on"] = json!("2018-11-08");
        let (status, changed) = app.put(&format!("/api/v1/meetings/{id}"), &change, Some(&token)).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["version"], 2);
        let (_, m) = app.get(&format!("/api/v1/meetings/{id}"), None).await;
        assert_eq!(m["starts_on"], "2018-11-08");
        assert_eq!(m["version"], 2);
        assert_eq!(m["delegations"].as_array().unwrap().len(), 1);

        // A meeting with parts cannot go; its parts can, then it can.
        let (status, body) = app.delete(&format!("/api/v1/meetings/{id}?version=2"), Some(&token)).await;
        assert_error((status, &body), 409, "in_use");
        for (collection, record) in [("agenda-items", &agenda_item), ("delegations", &deleg), ("programme-events", &event)] {
            let (status, body) = app.delete(&format!("/api/v1/{collection}/{}?version={}", record["id"], record["version"]), Some(&token)).await;
            assert_eq!(status, 204, "{collection}: {body}");
        }
        let (status, _) = app.delete(&format!("/api/v1/meetings/{id}?version=2"), Some(&token)).await;
        assert_eq!(status, 204);
        let (status, body) = app.get("/api/v1/meetings/cfm-2018-11-astana", None).await;
        assert_error((status, &body), 404, "not_found");
    }
}

on_both_engines! {
    async fn lists_are_filtered_by_organisation_meeting_and_state(app) {
        let token = app.token("officer").await;
        let id = app.almaty_id().await;
        let almaty = "cfm-2018-06-almaty";
        // Each filter keeps exactly the records that match it, and the demo's known ones are among them.
        for (filter, keep, known) in [
            ("bodies?organisation=CSTO", Check::Is("organisation", "CSTO"), &["CSC", "CFM", "CDM", "CSSC", "PC"][..]),
            ("meetings?organisation=CSTO", Check::Is("organisation", "CSTO"), &["csc-2017-11-minsk", almaty, "csc-2018-11-astana"]),
            ("memberships?organisation=CSTO", Check::Is("organisation", "CSTO"), &["AM", "BY", "KZ", "KG", "RU", "TJ"]),
            ("meetings?body=CSC", Check::Is("body", "CSC"), &["csc-2017-11-minsk", "csc-2018-11-astana"]),
            ("meetings?body=CSC&from=2018-01-01", Check::Is("body", "CSC"), &["csc-2018-11-astana"]),
            ("programme-events?meeting=ID", Check::Is("meeting", almaty), &["working-dinner", "joint-photo", "restricted", "expanded"]),
            ("delegations?meeting=ID", Check::Is("meeting", almaty), &["AM", "BY", "KZ", "KG", "RU", "TJ"]),
            ("agenda-items?meeting=ID", Check::Is("meeting", almaty), &[]),
            ("cities?state=KZ", Check::Is("state", "KZ"), &["almaty", "astana"]),
            ("delegations?state=KZ", Check::Is("state", "KZ"), &["KZ"]),
            ("posts?state=KZ", Check::Is("state", "KZ"), &["foreign-minister-kz", "head-of-state-kz"]),
            ("posts?state=KZ&role=head_of_state", Check::Is("role", "head_of_state"), &["head-of-state-kz"]),
            ("mandates?person=kairat-abdrakhmanov", Check::Is("person", "kairat-abdrakhmanov"), &[]),
        ] {
            let path = format!("/api/v1/{}", filter.replace("ID", &id.to_string()));
            let (status, list) = app.get(&path, Some(&token)).await;
            assert_eq!(status, 200, "{path}: {list}");
            let items = list["items"].as_array().unwrap();
            assert!(!items.is_empty(), "{path} is empty");
            let Check::Is(field, value) = keep;
            for i in items {
                assert_eq!(i[field], value, "{path} lists {i}");
            }
            let keys: Vec<&str> = items.iter().map(natural_key).collect();
            let mut rest = keys.iter();
            assert!(known.iter().all(|k| rest.any(|key| key == k)), "{path} lacks some of {known:?}, in order: {keys:?}");
            // The filter did filter: the whole list holds more (the demo has one organisation only).
            if !filter.contains("organisation=") {
                let collection = filter.split('?').next().unwrap();
                let (_, all) = app.get(&format!("/api/v1/{collection}?limit=500"), Some(&token)).await;
                assert!(all["items"].as_array().unwrap().len() > items.len(), "{path} keeps everything");
            }
        }
        let (_, items) = app.get(&format!("/api/v1/agenda-items?meeting={id}"), Some(&token)).await;
        assert_eq!(items["items"].as_array().unwrap().len(), 12);
        let (_, kz) = app.get("/api/v1/delegations?state=KZ", None).await;
        let heads: Vec<&str> = kz["items"].as_array().unwrap().iter().map(|d| d["head"].as_str().unwrap()).collect();
        assert!(heads.contains(&"kairat-abdrakhmanov") && heads.contains(&"nursultan-nazarbayev"), "{heads:?}");
        let (_, both) = app.get("/api/v1/posts?state=KZ&role=head_of_state", None).await;
        assert!(both["items"].as_array().unwrap().iter().all(|p| p["state"] == "KZ"), "filters combine");
        let (_, none) = app.get("/api/v1/bodies?organisation=SCO", None).await;
        assert!(none["items"].as_array().unwrap().is_empty());
        let (_, mandates) = app.get("/api/v1/mandates?person=kairat-abdrakhmanov", None).await;
        assert_eq!(mandates["items"][0]["post"], "foreign-minister-kz");
    }
}

/// What every item of a filtered list must have.
enum Check {
    Is(&'static str, &'static str),
}

/// A record's natural key: its key, else its code, else its state.
fn natural_key(i: &Value) -> &str {
    i["key"].as_str().or(i["code"].as_str()).or(i["state"].as_str()).unwrap_or_default()
}

on_both_engines! {
    async fn pages_of_a_list_cover_every_record_exactly_once_in_order(app) {
        let token = app.token("officer").await;
        for (collection, viewer) in
            [("people", None), ("delegations?state=KZ", None), ("meetings?organisation=CSTO", None), ("agenda-items", Some(token.as_str())), ("agenda-items", None)]
        {
            let sep = if collection.contains('?') { '&' } else { '?' };
            let (status, whole) = app.get(&format!("/api/v1/{collection}{sep}limit=500"), viewer).await;
            assert_eq!(status, 200);
            assert!(whole["next"].is_null());
            let all: Vec<i64> = whole["items"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
            assert!(all.len() >= 2, "{collection}");
            assert!(all.windows(2).all(|w| w[0] < w[1]), "{collection} is in id order");
            let n = u32::try_from(all.len()).unwrap();
            for limit in [1, 2, 5, n - 1, n, n + 1] {
                let (ids, pages) = all_pages(&app, collection, limit, viewer).await;
                assert_eq!(ids, all, "{collection} in pages of {limit}");
                let unique: BTreeSet<i64> = ids.iter().copied().collect();
                assert_eq!(unique.len(), ids.len(), "{collection} in pages of {limit} repeats an item");
                assert_eq!(pages, all.len().div_ceil(limit as usize), "{collection} in pages of {limit}");
            }
        }
        let (_, public) = app.get("/api/v1/agenda-items?limit=500", None).await;
        assert!(public["items"].as_array().unwrap().iter().all(|i| i["visibility"] == "public"), "the public's pages hold only what it may see");
        let (_, people) = app.get("/api/v1/people?limit=500", None).await;
        let last = people["items"].as_array().unwrap().last().unwrap()["id"].as_i64().unwrap();
        let (_, past_the_end) = app.get(&format!("/api/v1/people?after={last}"), None).await;
        assert!(past_the_end["items"].as_array().unwrap().is_empty());
        assert!(past_the_end["next"].is_null());
    }
}

on_both_engines! {
    async fn concurrent_changes_of_one_version_give_one_200_and_409s_and_lose_nothing(app) {
        let token = app.token("officer").await;
        let (_, kz) = app.get("/api/v1/states/KZ", None).await;
        let path = format!("/api/v1/states/{}", kz["id"]);
        let mut first = as_change(&kz);
        first["name"] = json!({"en": "Kazakhstan", "ru": "Казахстан", "kk": "Қазақстан"});
        let mut second = as_change(&kz);
        second["official_name"] = json!({"en": "The Republic of Kazakhstan"});

        let (a, b) = tokio::join!(app.put(&path, &first, Some(&token)), app.put(&path, &second, Some(&token)));
        let mut statuses = [a.0, b.0];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "{} / {}", a.1, b.1);
        let (winner, winner_body, loser) = if a.0 == 200 { (&first, &a.1, &b.1) } else { (&second, &b.1, &a.1) };
        assert_error((409, loser), 409, "stale_version");
        assert_eq!(loser["error"]["current_version"], 2);

        let (_, now) = app.get(&path, None).await;
        assert_eq!(&now, winner_body);
        assert_eq!(now["version"], 2);
        assert_eq!(bare(&now), bare(winner), "the stored record is the winner's, whole");

        // Eight writers at once.
        let (_, person) = app.get("/api/v1/people/vladimir-makei", None).await;
        let path = format!("/api/v1/people/{}", person["id"]);
        // Eight writers each retry on 409 until their own name is added: none is lost.
        let writer = |n: u32| {
            let (app, token, path) = (&app, &token, &path);
            async move {
                let mut conflicts = 0;
                loop {
                    let (_, current) = app.get(path, None).await;
                    let mut change = as_change(&current);
                    change["names"].as_array_mut().unwrap().push(json!({"from": format!("2030-01-{:02}", n + 1), "name": {"en": format!("Writer {n}")}}));
                    let (status, body) = app.put(path, &change, Some(token)).await;
                    match status {
                        200 => return conflicts,
                        409 => conflicts += 1,
                        _ => panic!("writer {n}: {status} {body}"),
                    }
                    assert!(conflicts < 50, "writer {n} never wins");
                }
            }
        };
        let (c0, c1, c2, c3, c4, c5, c6, c7) = tokio::join!(writer(0), writer(1), writer(2), writer(3), writer(4), writer(5), writer(6), writer(7));
        let _conflicts = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7;
        let (_, done) = app.get(&path, None).await;
        assert_eq!(done["version"], 9);
        let names: BTreeSet<String> = done["names"].as_array().unwrap().iter().map(|n| en(&n["name"]).to_owned()).collect();
        for n in 0..8 {
            assert!(names.contains(&format!("Writer {n}")), "writer {n}'s change was lost: {names:?}");
        }
    }
}

on_both_engines! {
    async fn a_programme_event_reads_by_its_meeting_and_key_as_a_body_reads_by_its_organisation_and_code(app) {
        let (status, event) = app.get("/api/v1/programme-events/cfm-2018-06-almaty%2Fjoint-photo", None).await;
        assert_eq!(status, 200, "{event}");
        assert_eq!((event["meeting"].as_str(), event["key"].as_str()), (Some("cfm-2018-06-almaty"), Some("joint-photo")));
        let (status, _) = app.get("/api/v1/programme-events/cfm-2018-06-almaty%2Fno-such-event", None).await;
        assert_eq!(status, 404);
    }
}
