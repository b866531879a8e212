//! Every form of the pages, submitted as a browser would submit it (the fields the page gives it, with the values
//! it shows, one of them made wrong): each refuses the bad input with a message at its field — or, for a form with
//! no field to type in, above the form —, shows again what was typed, and writes nothing. The list of forms is
//! checked against the route table: a form posted to a path that no case here covers fails the walk.

use reqwest::{Client, StatusCode};
use scraper::{ElementRef, Html, Selector};
use secretariat_core::store::Store;
use secretariat_testkit::{on_both_engines, TestApp};
use serde_json::json;

use crate::support::{get_html, signed_in_browser};

/// One form, found on a page by the route its `action` follows, and the bad input it is sent.
struct Case {
    /// Who fills it in.
    account: &'static str,
    /// The page that shows the form.
    page: &'static str,
    /// The route of its `action`, as `router.rs` writes it.
    route: &'static str,
    /// The fields changed from what the page gives: the bad value and what else was typed.
    typed: &'static [(&'static str, &'static str)],
    /// The field whose message is expected (a field named with a language suffix, such as `title-en`, counts for
    /// `title`); `None` for a form without a field to type in, whose refusal is said above it.
    at: Option<&'static str>,
    /// The typed values the refused form must show again (passwords are never shown again).
    kept: &'static [&'static str],
}

const ALMATY: &str = "/meetings/cfm-2018-06-almaty";
const DRAFT: &str = "/documents/ru-form-walk";
const CIRCULATED: &str = "/documents/ru-form-circulated";
const SILENT: &str = "/documents/ru-form-silent";
const ADOPTED: &str = "/documents/cfm-2018-inf-statement";
const REFERRED: &str = "/documents/ru-form-referred";
const PLANS: &str = "/organisations/CSTO/plans";
const LEGAL_BASIS: &str = "/organisations/CSTO/legal-basis";
const LIST: &str = "/statements-lists/statements-2019";

const CASES: &[Case] = &[
    Case {
        account: "delegate-kz",
        page: "/publishers/mfa-russia-press/newsletter",
        route: "/publishers/{key}/newsletter/subscribers",
        typed: &[("email", "kept-not-an-address")],
        at: Some("email"),
        kept: &["kept-not-an-address"],
    },
    Case {
        account: "press",
        page: "/publishers/mfa-russia-press/newsletter",
        route: "/publishers/{key}/newsletter/issues",
        typed: &[("month", "2018-13")],
        at: None,
        kept: &[],
    },
    Case {
        account: "officer",
        page: "/organisations/CSTO/meetings/new",
        route: "/meetings",
        typed: &[("key", "cfm-kept-4711"), ("starts_on", "2018-11-08"), ("ends_on", "2018-11-07")],
        at: Some("ends_on"),
        kept: &["cfm-kept-4711", "2018-11-07"],
    },
    Case {
        account: "officer",
        page: ALMATY,
        route: "/meetings/{id}",
        typed: &[("starts_on", "2018-06-12"), ("ends_on", "2018-06-10")],
        at: Some("ends_on"),
        kept: &["2018-06-12", "2018-06-10"],
    },
    Case {
        account: "officer",
        page: ALMATY,
        route: "/meetings/{id}/programme",
        typed: &[("key", "kept-event-4711"), ("on", "not-a-day")],
        at: Some("on"),
        kept: &["kept-event-4711"],
    },
    Case {
        account: "officer",
        page: ALMATY,
        route: "/programme-events/{id}",
        typed: &[("on", "2018-02-30")],
        at: Some("on"),
        kept: &["2018-02-30"],
    },
    Case {
        account: "officer",
        page: ALMATY,
        route: "/meetings/{id}/delegations",
        // Russia has its delegation already: the refusal concerns the delegation, not a field of it.
        typed: &[("state", "RU")],
        at: None,
        kept: &[],
    },
    Case {
        account: "officer",
        page: ALMATY,
        route: "/delegations/{id}",
        // A person the list does not offer (a list tampered with): the core names no field, so it is said above.
        typed: &[("head", "nobody-4711")],
        at: None,
        kept: &[],
    },
    Case {
        account: "officer",
        page: ALMATY,
        route: "/meetings/{id}/agenda",
        typed: &[("number", "99"), ("title-en", "Kept item title 4711")],
        at: Some("number"),
        kept: &["99", "Kept item title 4711"],
    },
    Case {
        account: "officer",
        page: ALMATY,
        route: "/agenda-items/{id}",
        typed: &[("number", "0"), ("title-en", "Kept changed title 4711")],
        at: Some("number"),
        kept: &["Kept changed title 4711"],
    },
    Case {
        account: "officer",
        page: ALMATY,
        route: "/agenda-items/{id}/outcome",
        typed: &[("outcome", "deferred"), ("meeting", "no-such-meeting-4711")],
        at: Some("meeting"),
        kept: &["no-such-meeting-4711"],
    },
    Case {
        account: "officer",
        page: ALMATY,
        route: "/meetings/{id}/agenda/numbering",
        // The first item moved beyond the end leaves a gap: the numbering as a whole is refused, above the form.
        typed: &[("number-*", "99")],
        at: None,
        kept: &[],
    },
    Case {
        account: "delegate-ru",
        page: "/documents/new?body=CSTO%2FCFM",
        route: "/documents",
        typed: &[("key", "kept-draft-4711"), ("title-en", "Kept draft title 4711")],
        at: Some("text-ru"),
        kept: &["kept-draft-4711", "Kept draft title 4711"],
    },
    Case {
        account: "delegate-ru",
        page: DRAFT,
        route: "/documents/{id}/texts/{language}",
        typed: &[("text", "   ")],
        at: Some("text"),
        kept: &[],
    },
    Case {
        account: "delegate-ru",
        page: DRAFT,
        route: "/documents/{id}/revisions",
        typed: &[("text-en", "A kept revision 4711"), ("text-ru", "")],
        at: Some("text-ru"),
        kept: &["A kept revision 4711"],
    },
    Case {
        account: "delegate-kz",
        page: CIRCULATED,
        route: "/documents/{id}/sponsors",
        // Joining from a page of a version the document never had: refused as changed meanwhile.
        typed: &[("version", "0")],
        at: None,
        kept: &[],
    },
    Case {
        account: "delegate-ru",
        page: DRAFT,
        route: "/documents/{id}/transitions",
        typed: &[("to", "adopted")],
        at: None,
        kept: &[],
    },
    Case {
        account: "delegate-kz",
        page: CIRCULATED,
        route: "/documents/{id}/positions",
        typed: &[("position", "objection"), ("text", "")],
        at: Some("text"),
        kept: &[],
    },
    Case {
        account: "officer",
        page: CIRCULATED,
        route: "/documents/{id}/silence",
        typed: &[("deadline", "2018-05-01T18:00")],
        at: Some("deadline"),
        kept: &["2018-05-01T18:00"],
    },
    Case {
        account: "delegate-kz",
        page: SILENT,
        route: "/documents/{id}/objections",
        typed: &[("kind", "amendment"), ("text", " ")],
        at: Some("text"),
        kept: &[],
    },
    Case {
        account: "officer",
        page: ADOPTED,
        route: "/documents/{id}/referrals",
        typed: &[("meeting", "csc-2018-11-astana"), ("at", "2018-06-31")],
        at: Some("at"),
        kept: &["2018-06-31"],
    },
    Case {
        account: "officer",
        page: REFERRED,
        route: "/referrals/{id}/outcome",
        // By written procedure, but on no day.
        typed: &[("outcome", "noted"), ("how", "written"), ("at", "")],
        at: Some("at"),
        kept: &[],
    },
    Case {
        account: "press",
        page: "/publications/new",
        route: "/publications",
        typed: &[("key", "kept-release-4711"), ("title", ""), ("action", "draft")],
        at: Some("title"),
        kept: &["kept-release-4711"],
    },
    Case {
        account: "press",
        page: "/publications/comment-lavrov-cfm-2018-06-almaty/edit",
        route: "/publications/{key}",
        typed: &[("lead", "A kept lead 4711"), ("author", ""), ("action", "publish")],
        at: Some("author"),
        kept: &["A kept lead 4711"],
    },
    Case {
        account: "delegate-kz",
        page: "/account",
        route: "/account",
        typed: &[("time_zone", "Mars/Olympus_Mons"), ("email", "kept-4711@example.org")],
        at: Some("time_zone"),
        kept: &["Mars/Olympus_Mons", "kept-4711@example.org"],
    },
    Case {
        account: "delegate-kz",
        page: "/account",
        route: "/account/password",
        typed: &[("current", "not-the-password"), ("new", "a-new-password-4711")],
        at: Some("current"),
        kept: &[],
    },
    Case {
        account: "delegate-kz",
        page: "/account",
        route: "/account/tokens",
        typed: &[("name", "kept token 4711"), ("days", "0")],
        at: Some("days"),
        kept: &["kept token 4711"],
    },
    Case {
        account: "admin",
        page: "/admin",
        route: "/admin/accounts",
        typed: &[("username", "Bad Name!"), ("password", "a-password-4711")],
        at: Some("username"),
        kept: &["Bad Name!"],
    },
    Case {
        account: "admin",
        page: "/admin",
        route: "/admin/accounts/{name}",
        typed: &[("role", "delegate"), ("state", "")],
        at: Some("state"),
        kept: &[],
    },
    Case {
        account: "admin",
        page: "/admin",
        route: "/admin/accounts/{name}/password",
        typed: &[("password", "short")],
        at: Some("password"),
        kept: &[],
    },
    Case {
        account: "officer",
        page: PLANS,
        route: "/documents/{id}/plan-items",
        typed: &[("number", "0"), ("title-en", "A kept plan item 4711")],
        at: Some("number"),
        kept: &["A kept plan item 4711"],
    },
    Case {
        account: "officer",
        page: PLANS,
        route: "/plan-items/{id}",
        typed: &[("from", "2019-12-31"), ("to", "2019-01-01")],
        at: Some("to"),
        kept: &["2019-12-31", "2019-01-01"],
    },
    Case {
        account: "officer",
        page: PLANS,
        route: "/plan-items/{id}/progress",
        typed: &[("on", "2019-01-10"), ("text-en", "  ")],
        at: Some("text"),
        kept: &["2019-01-10"],
    },
    Case {
        account: "officer",
        page: LEGAL_BASIS,
        route: "/documents/{id}/signatures",
        typed: &[("state", "KZ"), ("signed_on", ""), ("ratified_on", "2019-03-01")],
        at: Some("ratified_on"),
        kept: &["2019-03-01"],
    },
    Case {
        account: "officer",
        page: LEGAL_BASIS,
        route: "/documents/{id}/entry-into-force",
        typed: &[("in_force_on", "2018-02-30")],
        at: Some("in_force_on"),
        kept: &["2018-02-30"],
    },
    Case {
        account: "delegate-kz",
        page: LIST,
        route: "/statements-lists/{key}/proposals",
        typed: &[("topic-en", ""), ("draft-en", "A kept draft statement 4711")],
        at: Some("topic"),
        kept: &["A kept draft statement 4711"],
    },
    Case {
        account: "officer",
        page: LIST,
        route: "/statements-lists/{key}/inclusion",
        // A proposal the list does not hold (a list tampered with): said above the form.
        typed: &[("included", "no-such-proposal-4711")],
        at: None,
        kept: &[],
    },
    Case {
        account: "officer",
        page: LIST,
        route: "/statements-lists/{key}/instructions",
        typed: &[("text-en", " ")],
        at: Some("text"),
        kept: &[],
    },
    Case {
        account: "officer",
        page: LIST,
        route: "/statements-lists/{key}/deliveries",
        typed: &[("on", "2018-02-30")],
        at: Some("on"),
        kept: &["2018-02-30"],
    },
];

/// Forms that take nothing but the click: no input can be wrong. Each says why it is not a case.
const NO_INPUT: &[(&str, &str)] = &[
    ("/subscriptions/{token}/confirmation", "a button on the page of a subscription; its refusals: newsletter.rs"),
    ("/subscriptions/{token}/unsubscription", "a button, and one click from a mail program: newsletter.rs"),
    ("/sign-out", "a button; signing out of no session is a redirect to the start page"),
    ("/account/tokens/{id}/revocation", "a button beside a token; a token not one's own is not found"),
    ("/account/calendar", "a button: makes her calendar link, or replaces the one she had"),
    ("/account/calendar/removal", "a button: removes her calendar link; with none, nothing changes"),
    ("/meetings/{id}/agenda/adoption", "a button: the agenda is adopted as it stands (refusals: agenda.rs)"),
    (
        "/statements-lists/{key}/compilation",
        "a button: the list is compiled from what it includes (statements_pages.rs)",
    ),
];

/// The sign-in form is walked by `sign_in.rs` (its refusals are throttled and say nothing of which field).
const ELSEWHERE: &[(&str, &str)] = &[("/sign-in", "sign_in.rs: a wrong name or password is said above the form")];

/// Whether a concrete path follows a route of the table (`{…}` takes one segment).
fn follows(path: &str, route: &str) -> bool {
    let path = path.split(['#', '?']).next().unwrap_or_default();
    let (a, b): (Vec<_>, Vec<_>) = (path.split('/').collect(), route.split('/').collect());
    a.len() == b.len() && a.iter().zip(&b).all(|(p, r)| (r.starts_with('{') && !p.is_empty()) || p == r)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The first form of the page posted to the route, with the fields it would send as it stands.
fn form_on(html: &str, route: &str) -> Option<(String, Vec<(String, String)>)> {
    let doc = Html::parse_document(html);
    let form =
        doc.select(&sel("form[method=post]")).find(|f| follows(f.value().attr("action").unwrap_or(""), route))?;
    let action = form.value().attr("action")?.split('#').next()?.to_owned();
    let mut fields = Vec::new();
    for el in form.select(&sel("input, select, textarea")) {
        let v = el.value();
        let Some(name) = v.attr("name") else { continue };
        match (v.name(), v.attr("type").unwrap_or("text")) {
            ("input", "submit" | "button" | "image" | "reset") => {}
            ("input", "checkbox" | "radio") if v.attr("checked").is_none() => {}
            ("input", _) => fields.push((name.to_owned(), v.attr("value").unwrap_or("").to_owned())),
            ("textarea", _) => fields.push((name.to_owned(), el.text().collect())),
            _ => {
                let options: Vec<ElementRef> = el.select(&sel("option")).collect();
                let chosen: Vec<&ElementRef> =
                    options.iter().filter(|o| o.value().attr("selected").is_some()).collect();
                let chosen = if chosen.is_empty() && v.attr("multiple").is_none() {
                    options.first().into_iter().collect()
                } else {
                    chosen
                };
                for o in chosen {
                    fields.push((name.to_owned(), o.value().attr("value").unwrap_or("").to_owned()));
                }
            }
        }
    }
    // The form's first button is the one a reader presses; it sends its value if it has a name.
    let pressed = form.select(&sel("button")).find(|b| b.value().attr("type").is_none_or(|t| t == "submit"));
    if let Some(name) = pressed.and_then(|b| b.value().attr("name")) {
        let value = pressed.and_then(|b| b.value().attr("value")).unwrap_or("");
        fields.push((name.to_owned(), value.to_owned()));
    }
    Some((action, fields))
}

/// The fields with the typed values put in: a typed field replaces every value of its name; a name ending in `*`
/// stands for the first field of the form whose name begins so (`number-*`: the first item's number).
fn with_typed(mut fields: Vec<(String, String)>, typed: &[(&str, &str)]) -> Vec<(String, String)> {
    for (name, value) in typed {
        let name = match name.strip_suffix('*') {
            Some(prefix) => fields.iter().map(|(n, _)| n.clone()).find(|n| n.starts_with(prefix)).unwrap_or_default(),
            None => (*name).to_owned(),
        };
        fields.retain(|(n, _)| *n != name);
        fields.push((name, (*value).to_owned()));
    }
    fields
}

/// Whether the answer marks the field as refused: the field (or the group of choices it is in) points at a message
/// that is on the page.
fn marked_at(html: &str, field: &str) -> bool {
    let doc = Html::parse_document(html);
    let named = |n: &str| match field.strip_suffix('*') {
        Some(prefix) => n.starts_with(prefix),
        None => n == field || n.strip_prefix(field).is_some_and(|rest| rest.starts_with('-')),
    };
    let points_at_message = |el: ElementRef| {
        el.value().attr("aria-describedby").is_some_and(|ids| {
            ids.split_whitespace().any(|id| {
                doc.select(&sel(&format!("[id=\"{id}\"]"))).any(|m| {
                    m.value().classes().any(|c| c == "field-error") && !m.text().collect::<String>().trim().is_empty()
                })
            })
        })
    };
    doc.select(&sel("input, select, textarea")).filter(|el| el.value().attr("name").is_some_and(named)).any(|el| {
        el.value().attr("aria-invalid") == Some("true") && points_at_message(el)
            || el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| a.value().name() == "fieldset" && points_at_message(a))
    })
}

/// A message above the form: the alert of a refusal that concerns no one field.
fn said_above(html: &str) -> bool {
    Html::parse_document(html).select(&sel("[role=alert]")).any(|a| !a.text().collect::<String>().trim().is_empty())
}

/// A plan item on the roadmap, and a statements list open for proposals with one included, through the API.
async fn plans_and_lists(app: &TestApp) {
    let officer = app.token("officer").await;
    let item = json!({"plan": "cfm-2018-peacekeeping-roadmap", "number": 1, "title": {"en": "Consultations with the UN"},
        "kind": "action", "to": "2019-12-31", "responsible": ["secretariat"], "status": "planned"});
    let list =
        json!({"key": "statements-2019", "organisation": "CSTO", "body": "CFM", "year": 2019, "cutoff": "2019-06-01"});
    let proposal = json!({"list": "statements-2019", "key": "statement-2019-unga", "state": "RU",
        "topic": {"en": "On strengthening the UN's role"}, "forum": "UNGA", "included": true});
    for (path, body) in
        [("/api/v1/plan-items", item), ("/api/v1/statements-lists", list), ("/api/v1/proposals", proposal)]
    {
        let (status, reply) = app.post(path, &body, Some(&officer)).await;
        assert_eq!(status, 201, "{path}: {reply}");
    }
}

/// Drafts, circulates, puts under silence, and adopts and refers the documents the document forms are found on,
/// through the API.
async fn documents(app: &TestApp) {
    let ru = app.token("delegate-ru").await;
    let officer = app.token("officer").await;
    for key in ["form-walk", "form-circulated", "form-silent", "form-referred"] {
        let draft = json!({
            "key": format!("ru-{key}"), "organisation": "CSTO", "body": "CFM", "kind": "statement",
            "title": {"en": format!("Statement {key}"), "ru": format!("Заявление {key}")},
            "sponsors": ["RU"], "original_language": "ru", "visibility": "members",
            "texts": {"ru": "Министры иностранных дел заявляют", "en": "The foreign ministers state"}
        });
        let (status, doc) = app.post("/api/v1/documents", &draft, Some(&ru)).await;
        assert_eq!(status, 201, "{doc}");
        if key == "form-walk" {
            continue;
        }
        let id = doc["id"].as_i64().unwrap();
        let path = format!("/api/v1/documents/{id}/transitions");
        let (status, body) = app.post(&path, &json!({"to": "circulated"}), Some(&officer)).await;
        assert_eq!(status, 200, "{body}");
        if key == "form-referred" {
            let item = json!({"meeting": "cfm-2018-06-almaty", "number": 13, "title": {"en": "Statement form-referred"},
                "kind": "decision", "visibility": "members", "documents": ["ru-form-referred"]});
            let (status, item) = app.post("/api/v1/agenda-items", &item, Some(&officer)).await;
            assert_eq!(status, 201, "{item}");
            let path = format!("/api/v1/agenda-items/{}/outcome", item["id"]);
            let (status, body) = app.post(&path, &json!({"outcome": "adopted"}), Some(&officer)).await;
            assert_eq!(status, 200, "{body}");
            let path = format!("/api/v1/documents/{id}/referrals");
            let (status, body) = app.post(&path, &json!({"meeting": "csc-2018-11-astana"}), Some(&officer)).await;
            assert_eq!(status, 201, "{body}");
        }
        if key == "form-silent" {
            let path = format!("/api/v1/documents/{id}/silence");
            let (status, body) =
                app.post(&path, &json!({"deadline": "2018-06-05T18:00:00+06:00"}), Some(&officer)).await;
            assert_eq!(status, 201, "{body}");
        }
    }
}

async fn walk(app: &TestApp, b: &Client, case: &Case) {
    let what = format!("{} on {} as {}", case.route, case.page, case.account);
    let (status, page) = get_html(b, app, case.page).await;
    assert_eq!(status, StatusCode::OK, "{what}: the page");
    let (action, fields) = form_on(&page, case.route).unwrap_or_else(|| panic!("{what}: no such form on the page"));
    let fields = with_typed(fields, case.typed);
    let head = app.store.audit_head().await.unwrap();
    let r = b.post(format!("{}{action}", app.address)).form(&fields).send().await.unwrap();
    let status = r.status();
    let html = r.text().await.unwrap();
    assert!(
        matches!(status, StatusCode::UNPROCESSABLE_ENTITY | StatusCode::CONFLICT),
        "{what}: refused with 422 or 409, not {status}:\n{html}"
    );
    match case.at {
        Some(field) => assert!(marked_at(&html, field), "{what}: {status}, no message at `{field}`:\n{html}"),
        None => assert!(said_above(&html), "{what}: {status}, no message above the form:\n{html}"),
    }
    for value in case.kept {
        let shown = Html::parse_document(&html).root_element().html();
        assert!(shown.contains(value), "{what}: «{value}» was typed and is not shown again:\n{html}");
    }
    assert_eq!(app.store.audit_head().await.unwrap(), head, "{what}: nothing written");
}

on_both_engines! {
    async fn every_form_refuses_bad_input_at_its_field_keeps_what_was_typed_and_writes_nothing(app) {
        documents(&app).await;
        plans_and_lists(&app).await;
        let mut browsers = std::collections::BTreeMap::new();
        for case in CASES {
            if !browsers.contains_key(case.account) {
                browsers.insert(case.account, signed_in_browser(&app, case.account).await);
            }
            walk(&app, &browsers[case.account], case).await;
        }
    }
}

#[test]
fn every_form_route_of_the_table_is_walked_or_says_why_not() {
    let covered: Vec<&str> = CASES
        .iter()
        .map(|c| c.route)
        .chain(NO_INPUT.iter().map(|(r, _)| *r))
        .chain(ELSEWHERE.iter().map(|(r, _)| *r))
        .collect();
    let missing: Vec<String> = secretariat_web::router::routes()
        .into_iter()
        .filter(|(m, p)| m.as_str() == "POST" && !p.starts_with("/api/"))
        .map(|(_, p)| p)
        .filter(|p| !covered.contains(&p.as_str()))
        .collect();
    assert!(missing.is_empty(), "forms no case walks: {missing:?}");
}
