//! The press officer's forms as a browser without JavaScript sends them: refused at the field with everything
//! typed kept and nothing written, previewed without a write, scheduled in the publisher's zone, a stale edit
//! shown with who changed it meanwhile and the stored text beside hers, withdrawn; and the drafted comment as the
//! start of a new publication.

use secretariat_testkit::on_both_engines;

use crate::support::{page_as, post_with_token};
use serde_json::json;

fn fields<'a>(key: &'a str, title: &'a str, action: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("key", key),
        ("publisher", "mfa-russia-press"),
        ("kind", "news"),
        ("category", "press-release-newsletter"),
        ("language", "en"),
        ("title", title),
        ("lead", "A lead"),
        ("body", "A *body* <script>alert(1)</script>"),
        ("author", "Information and Press Department"),
        ("meetings", "cfm-2018-06-almaty"),
        ("action", action),
    ]
}

on_both_engines! {
    async fn a_refused_form_keeps_what_was_typed_says_why_at_the_field_and_writes_nothing(app) {
        let press = app.token("press").await;
        let (status, _, html) = post_with_token(&app, "/publications", &press, &fields("refused-one", "", "publish")).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("id=\"pub-title-error\""), "the message is at the title");
        assert!(html.contains("A publication needs a title, a text and an author."));
        assert!(html.contains("A *body* &#60;script&#62;alert(1)&#60;/script&#62;"), "the body as typed, escaped");
        assert!(html.contains("value=\"refused-one\""), "the key as typed");
        let (status, _) = app.get("/api/v1/publications/refused-one", Some(&press)).await;
        assert_eq!(status, 404, "nothing written");

        let (status, _, html) = post_with_token(&app, "/publications", &press,
            &fields("new", "Reserved", "draft")).await;
        assert_eq!(status, 422);
        assert!(html.contains("id=\"pub-key-error\""), "a page's key is refused at the key");

        let mut scheduled = fields("refused-two", "Scheduled", "schedule");
        scheduled.push(("scheduled_at", "2018-05-01T10:00"));
        let (status, _, html) = post_with_token(&app, "/publications", &press, &scheduled).await;
        assert_eq!(status, 422);
        assert!(html.contains("id=\"pub-scheduled-error\"") && html.contains("later than now"), "{html}");
    }
}

on_both_engines! {
    async fn a_preview_shows_the_sanitised_text_and_writes_nothing_then_a_draft_is_scheduled_in_moscow_time(app) {
        let press = app.token("press").await;
        let (status, _, html) = post_with_token(&app, "/publications", &press, &fields("form-one", "Form one", "preview")).await;
        assert_eq!(status, 200);
        assert!(html.contains("<p>A <em>body</em> </p>") || html.contains("<p>A <em>body</em></p>"), "{html}");
        assert!(!html.contains("<script>alert(1)"), "the preview is sanitised");
        let (status, _) = app.get("/api/v1/publications/form-one", Some(&press)).await;
        assert_eq!(status, 404, "a preview writes nothing");

        let (status, location, _) = post_with_token(&app, "/publications", &press, &fields("form-one", "Form one", "draft")).await;
        assert_eq!((status, location.as_str()), (303, "/publications/form-one"));
        let (_, p) = app.get("/api/v1/publications/form-one", Some(&press)).await;
        assert_eq!(p["status"], "draft");
        let (_, drafts) = page_as(&app, "/publications/drafts", &press).await;
        assert!(drafts.contains("href=\"/publications/form-one/edit\""), "her drafts list it");

        // Scheduled at 09:00 Moscow time (UTC+3): 06:00 UTC, on the next day of the test clock.
        let version = p["version"].to_string();
        let mut scheduled = fields("form-one", "Form one", "schedule");
        scheduled.extend([("version", version.as_str()), ("scheduled_at", "2018-06-02T09:00")]);
        let (status, _, html) = post_with_token(&app, "/publications/form-one", &press, &scheduled).await;
        assert_eq!(status, 303, "{html}");
        let (_, p) = app.get("/api/v1/publications/form-one", Some(&press)).await;
        assert_eq!((p["status"].as_str(), p["scheduled_at"].as_str()), (Some("scheduled"), Some("2018-06-02T06:00:00Z")));
        let (_, form) = page_as(&app, "/publications/form-one/edit", &press).await;
        assert!(form.contains("value=\"2018-06-02T09:00\""), "shown again in Moscow time");
    }
}

on_both_engines! {
    async fn a_stale_edit_shows_who_changed_it_meanwhile_and_the_stored_text_beside_hers_and_loses_nothing(app) {
        let press = app.token("press").await;
        let officer = app.token("officer").await;
        let (status, _, _) = post_with_token(&app, "/publications", &press, &fields("form-two", "First title", "publish")).await;
        assert_eq!(status, 303);
        let (_, p) = app.get("/api/v1/publications/form-two", Some(&press)).await;
        let read_at = p["version"].to_string();
        let mut changed = p.clone();
        changed.as_object_mut().unwrap().remove("id");
        changed["title"] = json!("The officer's title");
        let (status, _) = app.put(&format!("/api/v1/publications/{}", p["id"]), &changed, Some(&officer)).await;
        assert_eq!(status, 200);

        let mut mine = fields("form-two", "Her own title", "publish");
        mine.push(("version", read_at.as_str()));
        let (status, _, html) = post_with_token(&app, "/publications/form-two", &press, &mine).await;
        assert_eq!(status, 409, "{html}");
        assert!(html.contains("Changed meanwhile by officer at 1 June 2018, 09:00 (UTC+03:00)."), "{html}");
        assert!(html.contains("The officer&#x27;s title") || html.contains("The officer&#39;s title"), "the stored text");
        assert!(html.contains("value=\"Her own title\""), "her text kept in the form");
        let (_, now) = app.get("/api/v1/publications/form-two", Some(&press)).await;
        assert_eq!(now["title"], "The officer's title", "nothing overwritten");
        let current = now["version"].to_string();
        assert!(html.contains(&format!("name=\"version\" value=\"{current}\"")), "saving again replaces it");

        // She saves again, then withdraws it: it keeps its address, with a notice.
        let mut again = fields("form-two", "Her own title", "publish");
        again.push(("version", current.as_str()));
        assert_eq!(post_with_token(&app, "/publications/form-two", &press, &again).await.0, 303);
        let (_, now) = app.get("/api/v1/publications/form-two", Some(&press)).await;
        let version = now["version"].to_string();
        let mut withdraw = fields("form-two", "Her own title", "withdraw");
        withdraw.push(("version", version.as_str()));
        assert_eq!(post_with_token(&app, "/publications/form-two", &press, &withdraw).await.0, 303);
        let (status, html) = app.page("/publications/form-two").await;
        assert_eq!(status, 200);
        assert!(html.contains("This publication has been withdrawn.") && html.contains("Her own title"));
        let (status, _) = page_as(&app, "/publications/form-two/edit", &press).await;
        assert_eq!(status, 409, "a withdrawn publication is no longer changed");
    }
}

on_both_engines! {
    async fn the_drafted_comment_of_almaty_opens_the_new_publication_form_filled_in_russian(app) {
        let press = app.token("press").await;
        let (_, draft) = app.get("/api/v1/meetings/cfm-2018-06-almaty/announcement?language=ru", Some(&press)).await;
        let (status, html) =
            page_as(&app, "/publications/new?meeting=cfm-2018-06-almaty&language=ru&lang=ru", &press).await;
        assert_eq!(status, 200, "{html}");
        let title = draft["title"].as_str().unwrap().replace('"', "&quot;");
        assert!(html.contains(&format!("value=\"{title}\"")), "the draft's title: {title}");
        let first = draft["body"].as_str().unwrap().split("\n\n").next().unwrap().to_owned();
        assert!(html.contains(first.split(' ').take(4).collect::<Vec<_>>().join(" ").as_str()), "the draft's body");
        assert!(html.contains("value=\"comment-cfm-2018-06-almaty-ru\"") && html.contains("value=\"cfm-2018-06-almaty\""));
        assert!(html.contains("Подготовить материал") || html.contains("Новый материал"), "in Russian");
        let (_, announcement) = page_as(&app, "/meetings/cfm-2018-06-almaty/announcement?language=ru", &press).await;
        assert!(announcement.contains("action=\"/publications/new\""), "the draft offers it to the press");
        let (_, public) = app.page("/meetings/cfm-2018-06-almaty/announcement?language=ru").await;
        assert!(!public.contains("action=\"/publications/new\""), "and not to the public");
    }
}
