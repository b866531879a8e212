//! Search through the API and the page: stemming in both languages, visibility, a write found at once, queries
//! that find nothing, queries refused.

use secretariat_testkit::on_both_engines;
use serde_json::{json, Value};

use crate::support::{get_html, signed_in_browser};

fn items(body: &Value) -> &Vec<Value> {
    body["items"].as_array().unwrap_or_else(|| panic!("no items in {body}"))
}

fn urls(body: &Value) -> Vec<&str> {
    items(body).iter().map(|i| i["url"].as_str().unwrap()).collect()
}

fn restricted(key: &str, title: &str) -> Value {
    json!({
        "key": key, "organisation": "CSTO", "body": "CFM", "kind": "statement",
        "title": {"en": title, "ru": title}, "sponsors": ["secretariat"], "original_language": "ru",
        "visibility": "restricted", "texts": {"ru": format!("Текст: {title}"), "en": format!("Text of {title}")}
    })
}

on_both_engines! {
    async fn a_russian_word_finds_the_inf_statement_by_its_russian_title_in_another_form(app) {
        let (status, body) = app.get("/api/v1/search?q=%D0%B7%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D0%B5&lang=ru", None).await;
        assert_eq!(status, 200, "{body}");
        let inf = items(&body).iter().find(|i| i["url"] == "/documents/cfm-2018-inf-statement").unwrap_or_else(|| panic!("{body}"));
        assert_eq!(inf["kind"], "document");
        assert_eq!(inf["title"], "Заявление министров иностранных дел государств — членов ОДКБ по ДРСМД");
        assert!(inf["id"].as_i64().is_some());
        // Only the title holds the word: the snippet quotes the title, in the reader's language, the word marked.
        assert_eq!(inf["snippet"], "[[Заявление]] министров иностранных дел государств — членов ОДКБ по ДРСМД");
        let (_, by_form) = app.get("/api/v1/search?q=%D0%97%D0%B0%D1%8F%D0%B2%D0%BB%D0%B5%D0%BD%D0%B8%D1%8F", None).await;
        assert!(urls(&by_form).contains(&"/documents/cfm-2018-inf-statement"), "«Заявления» finds it too: {by_form}");
        assert_eq!(body.as_object().unwrap().keys().collect::<Vec<_>>(), ["items", "next"]);
        assert_eq!(inf.as_object().unwrap().keys().collect::<Vec<_>>(), ["id", "kind", "snippet", "title", "url"]);
    }
}

on_both_engines! {
    async fn an_english_plural_finds_the_singular_and_the_snippet_marks_each_match(app) {
        let (status, body) = app.get("/api/v1/search?q=launchers&lang=en", None).await;
        assert_eq!(status, 200, "{body}");
        let first = &items(&body)[0];
        assert_eq!(first["url"], "/documents/cfm-2018-inf-statement");
        assert!(first["snippet"].as_str().unwrap().contains("ground-based universal [[launchers]]"), "{first}");
        let (_, statements) = app.get("/api/v1/search?q=statements", None).await;
        let inf = items(&statements).iter().find(|i| i["url"] == "/documents/cfm-2018-inf-statement").unwrap();
        assert_eq!(inf["title"], "Statement of the Ministers of Foreign Affairs of the CSTO member states on the INF Treaty");
    }
}

on_both_engines! {
    async fn a_restricted_document_is_found_by_the_officer_and_neither_found_nor_counted_by_the_public(app) {
        let officer = app.token("officer").await;
        let (status, body) = app.post("/api/v1/documents", &restricted("zeppelin-note", "Note on zeppelin quarantine"), Some(&officer)).await;
        assert_eq!(status, 201, "{body}");
        let (_, mine) = app.get("/api/v1/search?q=zeppelins", Some(&officer)).await;
        assert_eq!(urls(&mine), ["/documents/zeppelin-note"]);
        let (_, theirs) = app.get("/api/v1/search?q=zeppelins", None).await;
        assert_eq!(theirs, json!({"items": [], "next": null}));
        let kz = app.token("delegate-kz").await;
        let (_, delegate) = app.get("/api/v1/search?q=zeppelins", Some(&kz)).await;
        assert_eq!(delegate, json!({"items": [], "next": null}));
        // The page neither lists nor counts it for the public.
        let (status, html) = app.page("/search?q=zeppelins").await;
        assert_eq!(status, 200);
        assert!(!html.contains("zeppelin-note") && !html.contains("quarantine"));
        assert!(html.contains("No results for “zeppelins”"), "{html}");
        let browser = signed_in_browser(&app, "officer").await;
        let (_, html) = get_html(&browser, &app, "/search?q=zeppelins").await;
        assert!(html.contains("One result for “zeppelins”") && html.contains(r#"href="/documents/zeppelin-note""#), "{html}");
        assert!(html.contains("<mark>zeppelin</mark>"), "{html}");
    }
}

on_both_engines! {
    async fn a_new_text_is_found_at_once(app) {
        let officer = app.token("officer").await;
        let mut draft = restricted("hover-draft", "Draft on air cushions");
        draft["visibility"] = json!("public");
        let (status, doc) = app.post("/api/v1/documents", &draft, Some(&officer)).await;
        assert_eq!(status, 201, "{doc}");
        let id = doc["id"].as_i64().unwrap();
        let en = doc["revisions"][0]["versions"].as_array().unwrap().iter().find(|v| v["language"] == "en").unwrap().clone();
        let (_, before) = app.get("/api/v1/search?q=hovercraft", None).await;
        assert!(items(&before).is_empty());
        let (_, cushions) = app.get("/api/v1/search?q=cushion", None).await;
        assert_eq!(urls(&cushions), ["/documents/hover-draft"], "a new document is found at once");
        let text = json!({"text": "The ministers discussed hovercraft.", "version": en["version"]});
        let (status, body) = app.put(&format!("/api/v1/documents/{id}/texts/en"), &text, Some(&officer)).await;
        assert_eq!(status, 200, "{body}");
        let (_, after) = app.get("/api/v1/search?q=hovercrafts&lang=en", None).await;
        assert_eq!(urls(&after), ["/documents/hover-draft"]);
        assert_eq!(items(&after)[0]["snippet"], "The ministers discussed [[hovercraft]].");
    }
}

on_both_engines! {
    async fn a_query_of_stop_words_or_punctuation_finds_nothing_and_is_no_error(app) {
        for q in ["the%20of%20and", "%D0%B8%20%D0%B2%20%D0%BD%D0%B0", "%3F!%E2%80%A6%20%C2%AB%C2%BB", ""] {
            let (status, body) = app.get(&format!("/api/v1/search?q={q}"), None).await;
            assert_eq!((status, &body), (200, &json!({"items": [], "next": null})), "q={q}");
        }
        let (_, body) = app.get("/api/v1/search", None).await;
        assert_eq!(body, json!({"items": [], "next": null}));
        let (status, html) = app.page("/search?q=the+of").await;
        assert_eq!(status, 200);
        assert!(html.contains("holds only words too common to search for"), "{html}");
        let (status, html) = app.page("/search?q=%D0%B8+%D0%B2&lang=ru").await;
        assert_eq!(status, 200);
        assert!(html.contains("слишком общеупотребительных слов"), "{html}");
    }
}

on_both_engines! {
    async fn a_query_of_two_thousand_characters_an_empty_language_or_a_cursor_beyond_int32_is_a_400_with_its_code_and_the_page_keeps_it_at_the_field(app) {
        let long = "a".repeat(2_000);
        let (status, body) = app.get(&format!("/api/v1/search?q={long}"), None).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("query_too_long")), "{body}");
        let many: Vec<String> = (0..20).map(|i| format!("w{i}")).collect();
        let (status, body) = app.get(&format!("/api/v1/search?q={}", many.join("+")), None).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("query_too_many_words")));
        let (status, body) = app.get("/api/v1/search?q=almaty&limit=0", None).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("invalid_limit")));
        let (status, body) = app.get("/api/v1/search?q=almaty&lang=", None).await;
        assert_eq!(status, 400, "an empty language is not a language: {body}");
        let (status, body) = app.get("/api/v1/search?q=almaty&after=2147483648", None).await;
        assert_eq!((status, body["error"]["code"].as_str()), (400, Some("invalid_cursor")), "beyond the schema's int32");
        let (status, html) = app.page(&format!("/search?q={long}")).await;
        assert_eq!(status, 422);
        assert!(html.contains("The search is too long: at most 200 characters."), "{html}");
        assert!(html.contains(&format!(r#"value="{long}""#)), "what was typed is kept");
        let (status, html) = app.page(&format!("/search?q={long}&lang=ru")).await;
        assert_eq!(status, 422);
        assert!(html.contains("Слишком длинный запрос"));
    }
}

on_both_engines! {
    async fn results_come_a_page_at_a_time_and_the_pages_hold_every_result_once(app) {
        let (_, all) = app.get("/api/v1/search?q=csto+almaty+ministers&limit=100", None).await;
        let all = urls(&all).into_iter().map(str::to_owned).collect::<Vec<_>>();
        assert!(all.len() >= 4, "{all:?}");
        let mut walked = Vec::new();
        let mut path = "/api/v1/search?q=csto+almaty+ministers&limit=3".to_owned();
        loop {
            let (status, page) = app.get(&path, None).await;
            assert_eq!(status, 200);
            walked.extend(urls(&page).into_iter().map(str::to_owned));
            match page["next"].as_i64() {
                Some(n) => path = format!("/api/v1/search?q=csto+almaty+ministers&limit=3&after={n}"),
                None => break,
            }
        }
        assert_eq!(walked, all);
        let (status, html) = app.page("/search?q=almaty").await;
        assert_eq!(status, 200);
        assert!(html.contains("Meeting") && html.contains(r#"href="/meetings/cfm-2018-06-almaty""#), "{html}");
        assert!(html.contains("<mark>Almaty</mark>"), "{html}");
    }
}

on_both_engines! {
    async fn the_search_page_speaks_russian_and_every_page_has_the_search_box(app) {
        let (status, html) = app.page("/search?q=%D0%90%D0%BB%D0%BC%D0%B0%D1%82%D1%8B&lang=ru").await;
        assert_eq!(status, 200);
        assert!(html.contains("<h1 id=\"search-h\">Поиск</h1>"), "{html}");
        assert!(html.contains("Заседание") && html.contains("<mark>Алматы</mark>"), "{html}");
        for path in ["/", "/documents", "/publications", "/meetings/cfm-2018-06-almaty"] {
            let (_, html) = app.page(path).await;
            assert!(html.contains(r#"<form class="site-search" method="get" action="/search" role="search""#), "{path}");
            assert!(html.contains(r#"<label for="site-search-q""#), "{path}");
        }
        let (status, html) = app.page("/search").await;
        assert_eq!(status, 200);
        assert!(html.contains("Search documents in every language version"));
    }
}

on_both_engines! {
    async fn a_word_found_more_than_a_thousand_times_pages_through_the_first_thousand_and_says_so_at_the_last(app) {
        use secretariat_core::account::Actor;
        use secretariat_core::domain::{Key, Kind, Record, Text, Viewer};
        use secretariat_core::store::Store;
        let inf = app.store.find(Kind::Document, "cfm-2018-inf-statement", &Viewer::Secretariat).await.unwrap().unwrap();
        let Record::Document(doc) = inf.record else { panic!("{:?}", inf.record) };
        let mut tx = app.store.begin(&Actor::system(), "2018-06-05T12:00:00Z".parse().unwrap()).await.unwrap();
        for i in 0..1_001 {
            let mut d = doc.clone();
            d.key = Key::parse(&format!("airship-{i}")).unwrap();
            d.title = Text::one("en", "Airship mooring");
            tx.insert(&Record::Document(d)).await.unwrap();
        }
        tx.commit().await.unwrap();
        let (status, first) = app.get("/api/v1/search?q=airships&limit=100", None).await;
        assert_eq!(status, 200, "{first}");
        assert_eq!((items(&first).len(), &first["next"]), (100, &json!(100)));
        assert!(first.get("total_capped").is_none(), "the API counts no further than a page needs: {}", first["next"]);
        let (_, last) = app.get("/api/v1/search?q=airships&limit=100&after=900", None).await;
        assert_eq!((items(&last).len(), &last["next"], &last["total_capped"]), (100, &Value::Null, &json!(true)), "the 1,000th is the last, and says more were found");
        let (_, beyond) = app.get("/api/v1/search?q=airships&after=1000", None).await;
        assert_eq!(beyond, json!({"items": [], "next": null, "total_capped": true}));
        let (_, few) = app.get("/api/v1/search?q=launchers", None).await;
        assert_eq!(few.as_object().unwrap().keys().collect::<Vec<_>>(), ["items", "next"], "absent when not capped");
        let (status, html) = app.page("/search?q=airships").await;
        assert_eq!(status, 200);
        assert!(html.contains("More than 1000 results for “airships”; the first 1000 are shown."), "{html}");
        let (_, html) = app.page("/search?q=airships&lang=ru").await;
        assert!(html.contains("найдено более 1000 результатов"), "{html}");
    }
}
