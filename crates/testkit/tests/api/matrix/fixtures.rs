//! The targets of the authorization matrix, built as the officer through the API: each cell that may change
//! its target gets a fresh one, so that no success spoils a later cell.

use std::sync::atomic::{AtomicU32, Ordering};

use secretariat_core::domain::{Kind, Record, Visibility};
use secretariat_testkit::TestApp;
use secretariat_web::api::records::{visit_collections, Collection, CollectionVisitor};
use serde_json::{json, Value};

/// Every collection the kind table serves, with its kind, in the table's order.
pub fn collections() -> Vec<(&'static str, Kind)> {
    struct List(Vec<(&'static str, Kind)>);
    impl CollectionVisitor for List {
        fn visit<C: Collection>(&mut self) {
            self.0.push((C::PATH, C::KIND));
        }
    }
    let mut list = List(Vec::new());
    visit_collections(&mut list);
    list.0
}

fn kind_of(collection: &str) -> Kind {
    collections().into_iter().find(|(path, _)| *path == collection).map(|(_, kind)| kind).expect("a collection")
}

fn path_of(kind: Kind) -> &'static str {
    collections().into_iter().find(|(_, k)| *k == kind).map(|(path, _)| path).expect("a kind with a collection")
}

/// Where a document stands when a cell acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocState {
    Draft,
    Circulated,
    Adopted,
}

/// What a row's target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// No target: the path has no parameter, or a fixed one (the organisation `CSTO`, an asset).
    Fixed(&'static str),
    /// A document sponsored by Russia, of the column's visibility. A sponsors-only document is always a draft:
    /// circulating it widens it to the members.
    Doc(DocState),
    /// A protocol of the column's visibility, for the legal basis report (param: `CSTO`).
    Treaty,
    /// A draft of this kind (a plan, a protocol) sponsored by Russia, of the column's visibility (param: its id).
    OfKind(&'static str),
    /// The same, for a page of its organisation (param: `CSTO`).
    InOrganisation(&'static str),
    /// A draft of the column's visibility sponsored by Russia, for Russia's page (param: `RU`).
    Sponsored,
    /// An open silence procedure on a circulated document of the column's visibility (param: its id).
    Silence,
    /// The same, named by the document (param: the document's id), for the page's forms.
    SilencedDoc,
    /// An adopted document of the column's visibility referred to a meeting of another body (param: the
    /// referral's id).
    Referral,
    /// An agenda item of the column's visibility on the host meeting (param: its id).
    Item,
    /// The host meeting, with an agenda item of the column's visibility (param: the meeting's id).
    ItemInMeeting,
    /// The host meeting, with an agenda item of the column's visibility, in its organisation's calendar (param:
    /// `CSTO`; the host is a CFM meeting, so the CFM's calendar has it too).
    ItemInCalendar,
    /// A meeting whose adopted agenda changed an item of the column's visibility (param: the meeting's id).
    ItemChange,
    /// A record of a collection (`states`, …), created for the cell (param: its id).
    Record(&'static str),
    /// No record yet: the body creates one of a collection (agenda items take the column's visibility).
    NewRecord(&'static str),
    /// No document yet: the body drafts one sponsored by Russia, of the column's visibility.
    NewDoc,
    /// A meeting with a provisional agenda of one item (param: its id).
    ProvisionalAgenda,
    /// A statements list with one included proposal, `<list>-proposal`, titled by the marker (param: the list's key).
    StatementsList,
    /// An API token of Russia's delegate, named by the marker (param: its id).
    Token,
    /// A published publication of the press account's publisher, titled by the marker (param: its id).
    Publication,
    /// No publication yet: the body writes one of the press account's publisher.
    NewPublication,
}

/// One built target: what goes into the path, and what the body builders need.
#[derive(Debug, Clone, Default)]
pub struct Target {
    /// What replaces the path's one parameter (`{id}`, `{code}`, `{key}`, `{file}`).
    pub param: String,
    /// The target as the officer reads it (or the body that creates it, for `New…`).
    pub view: Value,
    /// A text that a viewer who may see the target finds in what the path answers.
    pub marker: Option<String>,
    /// Where a document target stands.
    pub state: Option<DocState>,
}

/// The demo application, the officer's token, and the meetings fixtures go to.
pub struct Ctx<'a> {
    pub app: &'a TestApp,
    pub officer: String,
    /// The key of a CFM meeting made for the matrix, so that its items do not renumber the demo's.
    host: String,
    n: AtomicU32,
}

impl<'a> Ctx<'a> {
    pub async fn new(app: &'a TestApp) -> Ctx<'a> {
        let officer = app.token("officer").await;
        let ctx = Ctx { app, officer, host: String::new(), n: AtomicU32::new(0) };
        let host = ctx.create("meetings", ctx.record_body("meetings", Visibility::Public).await).await;
        Ctx { host: host["key"].as_str().unwrap().to_owned(), ..ctx }
    }

    /// A number no other fixture has.
    pub fn next(&self) -> u32 {
        self.n.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// A text that appears nowhere else: `mx12x` is not inside `mx123x`.
    pub fn marker(&self) -> String {
        format!("mx{}x", self.next())
    }

    async fn ok(&self, method: reqwest::Method, path: &str, body: &Value) -> Value {
        let builder = self.app.request(method.clone(), path, Some(&self.officer)).json(body);
        let response = builder.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!((200..300).contains(&status), "fixture {method} {path} {body}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    pub async fn read(&self, path: &str) -> Value {
        let (status, body) = self.app.get(path, Some(&self.officer)).await;
        assert_eq!(status, 200, "fixture read {path}: {body}");
        body
    }

    async fn create(&self, collection: &str, body: Value) -> Value {
        self.ok(reqwest::Method::POST, &format!("/api/v1/{collection}"), &body).await
    }

    /// A body that creates a new record of a collection: the next example of its kind (`Recorded::example`,
    /// beside the kind's struct), after the examples of the same series that it names (a delegation's meeting, a
    /// delivery's proposal). Agenda items take `vis`, and so do plan items and signatures through their document;
    /// programme events and agenda items go to the host meeting, so that they do not renumber the demo's.
    pub async fn record_body(&self, collection: &str, vis: Visibility) -> Value {
        let n = self.next();
        let kind = kind_of(collection);
        let mut body = self.example(kind, n).await;
        match kind {
            Kind::ProgrammeEvent => {
                body["meeting"] = json!(self.host);
                body["on"] = json!("2018-09-01");
            }
            Kind::AgendaItem => {
                body["meeting"] = json!(self.host);
                body["visibility"] = json!(vis.as_str());
            }
            Kind::PlanItem => body["plan"] = self.document("plan", vis, &format!("plan {n}")).await["key"].clone(),
            Kind::Signature => {
                body["document"] = self.document("protocol", vis, &format!("protocol {n}")).await["key"].clone()
            }
            _ => {}
        }
        body
    }

    /// The `n`th example of a kind, once the examples of the same series it names exist.
    async fn example(&self, kind: Kind, n: u32) -> Value {
        let body = Record::example(kind, n);
        let series = json!(format!("example-{n}"));
        for (field, value) in body.as_object().into_iter().flatten() {
            if let Some(named) = Kind::ALL.iter().find(|k| k.as_str() == field.as_str()) {
                let parent = Record::example(*named, n);
                let own = [parent.get("key"), parent.get("code")].contains(&Some(value));
                if *value == series || own {
                    let parent = Box::pin(self.example(*named, n)).await;
                    self.create(path_of(*named), parent).await;
                }
            }
        }
        body
    }

    /// The body that drafts a document sponsored by Russia.
    pub fn document_body(&self, kind: &str, visibility: Visibility, title: &str) -> Value {
        let n = self.next();
        json!({"key": format!("ru-mx-doc-{n}"), "organisation": "CSTO", "body": "CFM", "kind": kind,
            "title": {"en": title, "ru": title}, "sponsors": ["RU"], "original_language": "ru",
            "visibility": visibility.as_str(), "texts": {"ru": format!("Текст {title}"), "en": format!("Text {title}")}})
    }

    async fn document(&self, kind: &str, visibility: Visibility, title: &str) -> Value {
        self.ok(reqwest::Method::POST, "/api/v1/documents", &self.document_body(kind, visibility, title)).await
    }

    async fn item(&self, meeting: &str, visibility: Visibility, title: &str, documents: Vec<Value>) -> Value {
        self.create(
            "agenda-items",
            json!({"meeting": meeting, "number": 1, "title": {"en": title}, "kind": "decision",
                "visibility": visibility.as_str(), "documents": documents}),
        )
        .await
    }

    /// A Russian draft of `visibility` brought to `state` (a sponsors-only one stays a draft).
    async fn doc_in(&self, state: DocState, visibility: Visibility, title: &str) -> (Value, DocState) {
        let doc = self.document("statement", visibility, title).await;
        let id = doc["id"].as_i64().unwrap();
        if state == DocState::Draft || visibility == Visibility::Sponsors {
            return (doc, DocState::Draft);
        }
        let path = format!("/api/v1/documents/{id}/transitions");
        self.ok(reqwest::Method::POST, &path, &json!({"to": "circulated"})).await;
        if state == DocState::Adopted {
            let item = self.item(&self.host, visibility, title, vec![doc["key"].clone()]).await;
            let path = format!("/api/v1/agenda-items/{}/outcome", item["id"]);
            self.ok(reqwest::Method::POST, &path, &json!({"outcome": "adopted"})).await;
        }
        (self.read(&format!("/api/v1/documents/{id}")).await, state)
    }

    /// The body that publishes a publication of the press account's publisher.
    fn publication_body(&self, title: &str) -> Value {
        json!({"key": format!("mx-publication-{}", self.next()), "publisher": secretariat_testkit::PRESS_PUBLISHER,
            "kind": "news", "category": "press-release-newsletter", "language": "en", "title": title,
            "body": "Text.", "author": "Press service", "status": "published", "meetings": ["cfm-2018-06-almaty"]})
    }

    /// Builds a row's target for a column's visibility.
    pub async fn build(&self, fix: Fix, v: Option<Visibility>) -> Target {
        let vis = v.unwrap_or(Visibility::Public);
        let marker = self.marker();
        let id = |view: &Value| view["id"].to_string();
        match fix {
            Fix::Fixed(param) => Target { param: param.to_owned(), ..Target::default() },
            Fix::Token => {
                let system = secretariat_core::account::Actor::system();
                let (token, _) = self.app.app.issue_token(&system, "matrix-delegate-ru", &marker, None).await.unwrap();
                Target { param: token.id.to_string(), marker: Some(marker), ..Target::default() }
            }
            Fix::Doc(state) => {
                let (view, state) = self.doc_in(state, vis, &marker).await;
                Target { param: id(&view), view, marker: Some(marker), state: Some(state) }
            }
            Fix::Treaty => {
                let view = self.document("protocol", vis, &marker).await;
                Target { param: "CSTO".into(), view, marker: Some(marker), state: Some(DocState::Draft) }
            }
            Fix::OfKind(kind) => {
                let view = self.document(kind, vis, &marker).await;
                Target { param: id(&view), view, marker: Some(marker), state: Some(DocState::Draft) }
            }
            Fix::InOrganisation(kind) => {
                let view = self.document(kind, vis, &marker).await;
                Target { param: "CSTO".into(), view, marker: Some(marker), state: Some(DocState::Draft) }
            }
            Fix::Sponsored => {
                let view = self.document("statement", vis, &marker).await;
                Target { param: "RU".into(), view, marker: Some(marker), state: Some(DocState::Draft) }
            }
            Fix::Silence => {
                let (doc, _) = self.doc_in(DocState::Circulated, vis, &marker).await;
                let path = format!("/api/v1/documents/{}/silence", doc["id"]);
                let view = self.ok(reqwest::Method::POST, &path, &json!({"deadline": "2018-06-20T12:00:00Z"})).await;
                Target { param: id(&view), view, marker: Some(marker), state: Some(DocState::Circulated) }
            }
            Fix::SilencedDoc => {
                let (doc, _) = self.doc_in(DocState::Circulated, vis, &marker).await;
                let path = format!("/api/v1/documents/{}/silence", doc["id"]);
                self.ok(reqwest::Method::POST, &path, &json!({"deadline": "2018-06-20T12:00:00Z"})).await;
                Target { param: id(&doc), view: doc, marker: Some(marker), state: Some(DocState::Circulated) }
            }
            Fix::Referral => {
                let (doc, state) = self.doc_in(DocState::Adopted, vis, &marker).await;
                let path = format!("/api/v1/documents/{}/referrals", doc["id"]);
                let view = self.ok(reqwest::Method::POST, &path, &json!({"meeting": "csc-2017-11-minsk"})).await;
                Target { param: view["referrals"][0]["id"].to_string(), view, marker: Some(marker), state: Some(state) }
            }
            Fix::Item => {
                let view = self.item(&self.host, vis, &marker, vec![]).await;
                Target { param: id(&view), view, marker: Some(marker), state: None }
            }
            Fix::ItemInMeeting => {
                self.item(&self.host, vis, &marker, vec![]).await;
                let view = self.read(&format!("/api/v1/meetings/{}", self.host)).await;
                Target { param: id(&view), view, marker: Some(marker), state: None }
            }
            Fix::ItemInCalendar => {
                self.item(&self.host, vis, &marker, vec![]).await;
                Target { param: "CSTO".into(), marker: Some(marker), ..Target::default() }
            }
            Fix::ItemChange => {
                let meeting = self.create("meetings", self.record_body("meetings", Visibility::Public).await).await;
                let key = meeting["key"].as_str().unwrap();
                let item = self.item(key, vis, "before the change", vec![]).await;
                let path = format!("/api/v1/meetings/{}/agenda/adoption", meeting["id"]);
                self.ok(reqwest::Method::POST, &path, &json!({})).await;
                let mut changed = item.clone();
                changed.as_object_mut().unwrap().remove("id");
                changed["title"] = json!({"en": marker});
                self.ok(reqwest::Method::PUT, &format!("/api/v1/agenda-items/{}", item["id"]), &changed).await;
                Target { param: id(&meeting), view: meeting, marker: Some(marker), state: None }
            }
            Fix::Record(collection) => {
                let view = self.create(collection, self.record_body(collection, vis).await).await;
                Target { param: id(&view), view, marker: None, state: None }
            }
            Fix::NewRecord(collection) => Target { view: self.record_body(collection, vis).await, ..Target::default() },
            Fix::Publication => {
                let view =
                    self.ok(reqwest::Method::POST, "/api/v1/publications", &self.publication_body(&marker)).await;
                Target { param: id(&view), view, marker: Some(marker), state: None }
            }
            Fix::NewPublication => Target { view: self.publication_body(&marker), ..Target::default() },
            Fix::NewDoc => Target { view: self.document_body("statement", vis, &marker), ..Target::default() },
            Fix::ProvisionalAgenda => {
                let meeting = self.create("meetings", self.record_body("meetings", Visibility::Public).await).await;
                self.item(meeting["key"].as_str().unwrap(), Visibility::Public, &marker, vec![]).await;
                Target { param: id(&meeting), view: meeting, ..Target::default() }
            }
            Fix::StatementsList => {
                let list = self
                    .create("statements-lists", self.record_body("statements-lists", Visibility::Public).await)
                    .await;
                let mut proposal = self.record_body("proposals", Visibility::Public).await;
                let key = list["key"].as_str().unwrap().to_owned();
                proposal["list"] = list["key"].clone();
                proposal["included"] = json!(true);
                // Named after its list, so that a row's body can name it; titled by the marker, which the list's
                // page shows to the members alone.
                proposal["key"] = json!(format!("{key}-proposal"));
                proposal["topic"] = json!({"en": marker});
                self.create("proposals", proposal).await;
                Target { param: key, view: list, marker: Some(marker), ..Target::default() }
            }
        }
    }
}
