//! The start page, the register and drafting in the browser's terms (forms posted, pages read): each list says
//! only what its reader may see, the register's filters combine and its CSV holds what they show, and the drafting
//! forms call the API's use cases, keeping what was typed when they refuse it.

use reqwest::Method;
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::json;

/// A form posted with an API token (no session, so no CSRF token): its status, `Location` and body.
async fn form(app: &TestApp, path: &str, token: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    let r = app.request(Method::POST, path, Some(token)).form(fields).send().await.unwrap();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default();
    (r.status().as_u16(), location, r.text().await.unwrap())
}

async fn page(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String) {
    let r = app.request(Method::GET, path, token).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Russia's sponsors-only draft, drafted through the page's form.
async fn secret_draft(app: &TestApp, ru: &str) {
    let fields = [
        ("body", "CSTO/CFM"),
        ("key", "secret-statement"),
        ("kind", "statement"),
        ("original_language", "ru"),
        ("visibility", "sponsors"),
        ("title-ru", "Заявление ЯЩИК-17"),
        ("title-en", "Statement BOX-17"),
        ("text-ru", "Министры заявляют"),
    ];
    let (status, location, body) = form(app, "/documents", ru, &fields).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location, "/documents/ru-secret-statement", "the key is prefixed with the state's code");
}

fn count(html: &str) -> String {
    let at = html.find("id=\"register-count\"").expect("a count");
    let rest = &html[at..];
    rest[rest.find('>').unwrap() + 1..rest.find(" · ").unwrap()].to_owned()
}

on_both_engines! {
    async fn a_delegate_drafts_in_a_form_and_the_register_its_count_and_csv_show_it_only_to_whom_may_see_it(app) {
        let ru = app.token("delegate-ru").await;
        let kz = app.token("delegate-kz").await;
        let (_, before_public) = page(&app, "/documents", None).await;
        let (_, before_kz) = page(&app, "/documents", Some(&kz)).await;
        let (_, before_ru) = page(&app, "/documents", Some(&ru)).await;
        secret_draft(&app, &ru).await;

        let (status, mine) = page(&app, "/documents?sponsor=RU&status=draft&kind=statement", Some(&ru)).await;
        assert_eq!(status, 200);
        assert!(mine.contains("Statement BOX-17") && mine.contains("Russia"), "{mine}");
        let (_, after_ru) = page(&app, "/documents", Some(&ru)).await;
        assert_ne!(count(&after_ru), count(&before_ru), "Russia counts its own draft");
        for (token, before) in [(None, &before_public), (Some(kz.as_str()), &before_kz)] {
            let (_, html) = page(&app, "/documents", token).await;
            assert!(!html.contains("BOX-17"), "{html}");
            assert_eq!(count(&html), count(before), "the count says nothing of a draft she may not see");
            let (status, csv) = page(&app, "/documents.csv?sponsor=RU", token).await;
            assert_eq!(status, 200);
            assert!(!csv.contains("BOX-17") && !csv.contains("ЯЩИК"), "{csv}");
        }
        let (_, csv) = page(&app, "/documents.csv?sponsor=RU&status=draft", Some(&ru)).await;
        assert!(csv.starts_with("Symbol,Key,Title,Kind,Body,Status,Sponsors,Languages,Year"), "{csv}");
        assert!(csv.contains("ru-secret-statement,Statement BOX-17,statement,"), "{csv}");

        // The filters combine: a draft is not adopted, and not of 2017.
        let (_, adopted) = page(&app, "/documents?sponsor=RU&status=adopted&symbol=secret", Some(&ru)).await;
        assert!(!adopted.contains("BOX-17"));
        let (_, older) = page(&app, "/documents?year=2017&symbol=SECRET", Some(&ru)).await;
        assert!(!older.contains("BOX-17"));
        let (_, found) = page(&app, "/documents?year=2018&symbol=SECRET&language=ru&lang=ru", Some(&ru)).await;
        assert!(found.contains("Заявление ЯЩИК-17") && found.contains("1 документ"), "{found}");
        // A bad filter is said at its field, in the reader's language.
        let (status, refused) = page(&app, "/documents?year=eighteen&lang=ru", Some(&ru)).await;
        assert_eq!(status, 422);
        assert!(refused.contains("id=\"filter-year-error\"") && refused.contains("Укажите год"), "{refused}");
    }

}

on_both_engines! {
    async fn the_start_page_gives_each_reader_what_needs_her_now(app) {
        let ru = app.token("delegate-ru").await;
        let kz = app.token("delegate-kz").await;
        let officer = app.token("officer").await;
        secret_draft(&app, &ru).await;

        let (status, start) = page(&app, "/", Some(&ru)).await;
        assert_eq!(status, 200);
        let own = &start[start.find("id=\"own-drafts\"").unwrap()..];
        assert!(own.contains("Statement BOX-17"), "{start}");
        let (_, secretariat) = page(&app, "/", Some(&officer)).await;
        let to_circulate = &secretariat[secretariat.find("id=\"to-circulate\"").unwrap()..];
        assert!(to_circulate.contains("Statement BOX-17"), "{secretariat}");
        let (_, other) = page(&app, "/", Some(&kz)).await;
        assert!(!other.contains("BOX-17"));
        let (_, public) = page(&app, "/", None).await;
        assert!(!public.contains("BOX-17") && public.contains("Next meetings") && public.contains("Organisations"));

        // Circulated, it awaits Kazakhstan's position, and Russia's draft list no longer holds it.
        let (_, doc) = app.get("/api/v1/documents/ru-secret-statement", Some(&officer)).await;
        let (id, version) = (doc["id"].as_i64().unwrap(), doc["version"].as_i64().unwrap());
        let mut record = doc.clone();
        for field in ["id", "status", "symbol", "versions", "revisions", "positions", "consensus", "silence",
                      "outcome", "referrals", "path", "agenda_items"] {
            record.as_object_mut().unwrap().remove(field);
        }
        record["visibility"] = json!("members");
        record["version"] = json!(version);
        let (status, body) = app.put(&format!("/api/v1/documents/{id}"), &record, Some(&officer)).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) =
            app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
        assert_eq!(status, 200);
        let (_, other) = page(&app, "/", Some(&kz)).await;
        let awaiting = &other[other.find("id=\"awaiting\"").unwrap()..other.find("id=\"silence\"").unwrap()];
        assert!(awaiting.contains("Statement BOX-17"), "{other}");
        let (_, start) = page(&app, "/", Some(&ru)).await;
        let own = &start[start.find("id=\"own-drafts\"").unwrap()..];
        assert!(!own[..own.find("</section>").unwrap()].contains("BOX-17"));
    }

}

on_both_engines! {
    async fn a_stale_edit_of_a_text_shows_who_changed_it_meanwhile_and_keeps_both_texts(app) {
        let ru = app.token("delegate-ru").await;
        let officer = app.token("officer").await;
        secret_draft(&app, &ru).await;
        let (_, doc) = app.get("/api/v1/documents/ru-secret-statement", Some(&ru)).await;
        let read_at = doc["revisions"][0]["versions"][0]["version"].as_i64().unwrap().to_string();
        let path = "/documents/ru-secret-statement/texts/ru";
        let fields = [("text", "Министры твёрдо заявляют"), ("version", read_at.as_str()), ("status", "draft")];
        let (status, location, _) = form(&app, path, &officer, &fields).await;
        assert_eq!((status, location.as_str()), (303, "/documents/ru-secret-statement#texts"));

        let mine = "Министры иностранных дел заявляют";
        let fields = [("text", mine), ("version", read_at.as_str()), ("status", "draft")];
        let (status, _, html) = form(&app, path, &ru, &fields).await;
        assert_eq!(status, 409);
        assert!(html.contains("Changed meanwhile by officer at 1 June 2018, 06:00 UTC"), "{html}");
        assert!(html.contains("Министры твёрдо заявляют") && html.contains(mine), "both texts are shown");
        let (_, doc) = app.get("/api/v1/documents/ru-secret-statement", Some(&ru)).await;
        assert_eq!(doc["revisions"][0]["versions"][0]["text"], "Министры твёрдо заявляют", "nothing was written");

        // A revision, then the history compares the two word by word.
        let (status, _, body) =
            form(&app, "/documents/ru-secret-statement/revisions", &ru, &[("text-ru", "Министры решительно заявляют")]).await;
        assert_eq!(status, 303, "{body}");
        let (_, html) = page(&app, "/documents/ru-secret-statement?from=0&to=1&language=ru", Some(&ru)).await;
        assert!(html.contains("<del>твёрдо</del>") && html.contains("<ins>решительно</ins>"), "{html}");
        // Without the original language's text, the revision is refused at that field and nothing is issued.
        let (status, _, html) = form(&app, "/documents/ru-secret-statement/revisions", &ru, &[("text-en", "Only English")]).await;
        assert_eq!(status, 422);
        assert!(html.contains("id=\"revision-text-ru-error\"") && html.contains("Only English"), "{html}");
    }

}

on_both_engines! {
    async fn a_delegate_joins_a_circulated_document_as_co_sponsor_and_leaves_it(app) {
        let ru = app.token("delegate-ru").await;
        let kz = app.token("delegate-kz").await;
        let officer = app.token("officer").await;
        let fields = [("body", "CSTO/CFM"), ("key", "joint"), ("kind", "statement"), ("original_language", "ru"),
                      ("visibility", "members"), ("title-en", "Joint statement J-5"), ("text-ru", "Текст")];
        let (status, location, body) = form(&app, "/documents", &ru, &fields).await;
        assert_eq!((status, location.as_str()), (303, "/documents/ru-joint"), "{body}");
        let (_, doc) = app.get("/api/v1/documents/ru-joint", Some(&officer)).await;
        let id = doc["id"].as_i64().unwrap();
        app.post(&format!("/api/v1/documents/{id}/transitions"), &json!({"to": "circulated"}), Some(&officer)).await;
        let (_, html) = page(&app, "/documents/ru-joint", Some(&kz)).await;
        assert!(html.contains("Join as co-sponsor: Kazakhstan"), "{html}");
        let (_, doc) = app.get("/api/v1/documents/ru-joint", Some(&kz)).await;
        let version = doc["version"].as_i64().unwrap().to_string();
        let (status, _, body) =
            form(&app, "/documents/ru-joint/sponsors", &kz, &[("action", "join"), ("version", &version)]).await;
        assert_eq!(status, 303, "{body}");
        let (_, doc) = app.get("/api/v1/documents/ru-joint", Some(&kz)).await;
        assert_eq!(doc["sponsors"], json!(["RU", "KZ"]));
        // The version read before joining is stale now: refused, nothing changes.
        let (status, _, _) =
            form(&app, "/documents/ru-joint/sponsors", &kz, &[("action", "leave"), ("version", &version)]).await;
        assert_eq!(status, 409);
        let version = doc["version"].as_i64().unwrap().to_string();
        let (status, _, _) =
            form(&app, "/documents/ru-joint/sponsors", &kz, &[("action", "leave"), ("version", &version)]).await;
        assert_eq!(status, 303);
        let (_, doc) = app.get("/api/v1/documents/ru-joint", Some(&kz)).await;
        assert_eq!(doc["sponsors"], json!(["RU"]));
    }

}

on_both_engines! {
    async fn a_refused_draft_keeps_what_was_typed_and_writes_nothing(app) {
        let ru = app.token("delegate-ru").await;
        let fields = [("body", "CSTO/CFM"), ("key", "no-text"), ("kind", "statement"), ("original_language", "ru"),
                      ("visibility", "members"), ("title-en", "Typed title T-9"), ("text-en", "Only English")];
        let (status, _, html) = form(&app, "/documents", &ru, &fields).await;
        assert_eq!(status, 422);
        assert!(html.contains("id=\"draft-text-ru-error\"") && html.contains("Typed title T-9"), "{html}");
        let (status, _) = app.get("/api/v1/documents/ru-no-text", Some(&ru)).await;
        assert_eq!(status, 404, "nothing was written");
        let (status, html) = page(&app, "/documents/new", None).await;
        assert_eq!(status, 200);
        assert!(html.contains("Sign in to draft a document."));
    }
}
