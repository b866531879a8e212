//! The rows of the matrix: one per `(method, path)` of the route table, saying what the target is, which
//! visibilities it takes, who the role rule lets write, and the request's body.

use reqwest::Method;
use secretariat_core::domain::Visibility::{self, Members, Public, Restricted, Sponsors};
use serde_json::{json, Value};

use super::fixtures::{collections, DocState, Fix, Target};
use super::{Role, Who};
use secretariat_testkit::PASSWORD;

/// What a read must show of its target.
#[derive(Debug, Clone, Copy)]
pub enum Shows {
    /// The path names the target: shown to whoever may see it, otherwise answered like a missing one.
    Target,
    /// The path answers a list or a whole (a meeting, a report): the target is in it exactly for those who see it.
    Listed,
    /// The path names the target but answers what happened to it, not its words (a document's history): an
    /// answer to whoever may see it, otherwise answered like a missing one.
    Past,
}

/// What a row does.
#[derive(Debug, Clone, Copy)]
pub enum Act {
    Read(Shows),
    /// A write on an existing target.
    Write(Who),
    /// A write that creates its target: nothing hidden to find, the role rule alone decides.
    Create(Who),
    /// A form of a page that writes on an existing target: as [`Act::Write`], answered as a page.
    Form(Who),
    /// A form of a page that creates its target: as [`Act::Create`], answered as a page.
    FormCreate(Who),
    /// A page that is a form (the press officer's): as [`Act::Form`], but a success shows the page (2xx).
    FormPage(Who),
    /// The session routes: the same status for everyone (no target, no role rule).
    Session(u16),
    /// A target that belongs to one account (an API token of Russia's delegate): its owner and the administrator
    /// see it; a write on it by anyone else answers like a missing one.
    Owned {
        write: bool,
    },
    /// A page or form of the reader's own account (`/account`): the public is sent to sign in (303); every
    /// account gets this status.
    Own(u16),
    /// A form on a target that belongs to one account (revoking Russia's delegate's token from her account page):
    /// as [`Act::Owned`], answered as a page.
    OwnedForm,
    /// The administration: administrators get this status; to everyone else it does not exist (404), except that
    /// a form sends the public to sign in first, as every form does.
    Admin(u16),
}

pub struct Row {
    pub method: Method,
    pub path: &'static str,
    pub act: Act,
    pub fixes: &'static [Fix],
    pub columns: &'static [Option<Visibility>],
    pub query: fn(&Target) -> String,
    pub body: fn(&Target, Role) -> Option<Value>,
    /// Whether the target's status lets the role's action happen.
    pub open: fn(&Target, Role) -> bool,
}

/// Targets without a visibility.
const NONE: &[Option<Visibility>] = &[None];
/// Documents take every visibility.
const ALL: &[Option<Visibility>] = &[Some(Public), Some(Members), Some(Restricted), Some(Sponsors)];
/// Agenda items, and documents under silence or decided, are never sponsors-only.
const WIDE: &[Option<Visibility>] = &[Some(Public), Some(Members), Some(Restricted)];
/// Proposals and instructions of a statements list are seen by the members and the Secretariat.
const MEMBERS: &[Option<Visibility>] = &[Some(Members)];

fn row(
    method: Method,
    path: &'static str,
    act: Act,
    fixes: &'static [Fix],
    columns: &'static [Option<Visibility>],
) -> Row {
    Row { method, path, act, fixes, columns, query: |_| String::new(), body: |_, _| None, open: |_, _| true }
}

fn read(path: &'static str, shows: Shows, fixes: &'static [Fix], columns: &'static [Option<Visibility>]) -> Row {
    row(Method::GET, path, Act::Read(shows), fixes, columns)
}

/// A subscription token nobody holds.
const UNKNOWN_TOKEN: &str = "00000000000000000000000000000000000000000000000000000000000000ff";

fn fixed(path: &'static str) -> Row {
    read(path, Shows::Target, &[Fix::Fixed("")], NONE)
}

impl Row {
    fn query(self, query: fn(&Target) -> String) -> Self {
        Self { query, ..self }
    }
    fn body(self, body: fn(&Target, Role) -> Option<Value>) -> Self {
        Self { body, ..self }
    }
    fn open(self, open: fn(&Target, Role) -> bool) -> Self {
        Self { open, ..self }
    }
}

/// Lists are read from just before the target, so that it is the one record asked for.
fn from_target(t: &Target) -> String {
    format!("?after={}&limit=1", t.view["id"].as_i64().unwrap_or(1) - 1)
}

/// A search for the target's marker, typed in capitals: any case finds it, and the page, which repeats what was
/// typed, shows the marker itself only in a result.
fn search_marker(t: &Target) -> String {
    format!("?q={}", t.marker.as_deref().unwrap_or_default().to_uppercase())
}

/// The record as read, to be written back (with its `version`).
fn as_read(t: &Target, _: Role) -> Option<Value> {
    let mut body = t.view.clone();
    body.as_object_mut()?.remove("id");
    Some(body)
}

/// The document's own fields as read, with another kind: a change to the record that is not its title, which a
/// decided document refuses as well (sponsorship changes have their own rules, tested in `trust.rs`).
fn changed_document(t: &Target, _: Role) -> Option<Value> {
    let mut body = json!({});
    for field in
        ["key", "organisation", "body", "kind", "title", "sponsors", "original_language", "visibility", "version"]
    {
        body[field] = t.view[field].clone();
    }
    body["kind"] = json!("declaration");
    Some(body)
}

fn text(t: &Target, _: Role) -> Option<Value> {
    let versions = t.view["revisions"].as_array()?.last()?["versions"].as_array()?;
    let en = versions.iter().find(|v| v["language"] == "en")?;
    Some(json!({"text": "A changed text", "version": en["version"]}))
}

/// A delegate speaks for her own state; the Secretariat names Russia.
fn speaking(role: Role, mut body: Value) -> Option<Value> {
    if role.keeps_the_record() {
        body["state"] = json!("RU");
    }
    Some(body)
}

/// A form's body, naming the state for the Secretariat (who speaks on a state's behalf).
/// A value as a form sends it.
fn form_value(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The publication of a target as the press officer's form sends it, with the step `action`.
fn publication_form(t: &Target, action: &str) -> Option<Value> {
    let v = &t.view;
    let mut fields = vec![("action".to_owned(), action.to_owned())];
    for name in ["key", "publisher", "kind", "category", "language", "title", "body", "author", "version"] {
        match &v[name] {
            Value::String(s) => fields.push((name.to_owned(), s.clone())),
            Value::Number(n) => fields.push((name.to_owned(), n.to_string())),
            _ => {}
        }
    }
    let meetings: Vec<&str> = v["meetings"].as_array()?.iter().filter_map(Value::as_str).collect();
    fields.push(("meetings".to_owned(), meetings.join(" ")));
    let form: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={}", form_value(v))).collect();
    Some(json!(form.join("&")))
}

fn speaking_form(role: Role, form: &str) -> Option<Value> {
    Some(json!(if role.keeps_the_record() { format!("{form}&state=RU") } else { form.to_owned() }))
}

/// Fields of the read target as a form's body (`key=value&…`): the values the fixtures give need no escaping.
fn form_of(t: &Target, fields: &[&str], extra: &str) -> Option<Value> {
    let value = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    let mut pairs: Vec<String> =
        fields.iter().filter(|f| !t.view[**f].is_null()).map(|f| format!("{f}={}", value(&t.view[*f]))).collect();
    if !extra.is_empty() {
        pairs.push(extra.to_owned());
    }
    Some(json!(pairs.join("&")))
}

/// Every item of the meeting read, at its own number: a numbering that changes nothing.
fn same_numbering(t: &Target) -> Vec<(i64, i64, i64)> {
    let items = t.view["agenda"]["items"].as_array().cloned().unwrap_or_default();
    items
        .iter()
        .map(|i| (i["id"].as_i64().unwrap(), i["version"].as_i64().unwrap(), i["number"].as_i64().unwrap()))
        .collect()
}

const EDITABLE: &[Fix] = &[Fix::Doc(DocState::Draft), Fix::Doc(DocState::Adopted)];

fn not_adopted(t: &Target, _: Role) -> bool {
    t.state != Some(DocState::Adopted)
}

/// The Secretariat keeps the register, so it may still correct a decided document's record; its sponsors may not.
fn record_open(t: &Target, role: Role) -> bool {
    role.keeps_the_record() || not_adopted(t, role)
}

/// The drafting form's fields for the document a [`Fix::NewDoc`] target would create (sponsored by Russia).
fn new_document_form(t: &Target, _: Role) -> Option<Value> {
    let v = &t.view;
    let field = |name: &str| v[name].as_str().unwrap_or_default().to_owned();
    Some(json!(format!(
        "body=CSTO%2FCFM&sponsor=RU&key={}&kind={}&original_language=ru&visibility={}&title-en={}&text-ru=Text&text-en=Text",
        field("key"),
        field("kind"),
        field("visibility"),
        v["title"]["en"].as_str().unwrap_or_default().replace(" ", "+"),
    )))
}

/// The text form of the English version, with the version it was read at.
fn text_form(t: &Target, _: Role) -> Option<Value> {
    let versions = t.view["revisions"].as_array()?.last()?["versions"].as_array()?;
    let en = versions.iter().find(|v| v["language"] == "en")?;
    Some(json!(format!("text=A+changed+text&status=draft&version={}", en["version"])))
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn leak_fix(fix: Fix) -> &'static [Fix] {
    Box::leak(Box::new([fix]))
}

/// The five rows of a collection. Agenda items carry a visibility; plan items and signatures take their
/// document's; proposals, instructions and deliveries are for the members; the other records are public.
fn collection(name: &'static str) -> Vec<Row> {
    let list = leak(format!("/api/v1/{name}"));
    let one = leak(format!("/api/v1/{name}/{{id}}"));
    let record = leak_fix(Fix::Record(name));
    let new = leak_fix(Fix::NewRecord(name));
    let keeper = Act::Write(Who::Keeper);
    let (list_row, one_row, written, columns) = match name {
        "agenda-items" => (
            read(list, Shows::Listed, &[Fix::Item], WIDE).query(from_target),
            read(one, Shows::Target, &[Fix::Item], WIDE),
            &[Fix::Item][..],
            WIDE,
        ),
        "meetings" => (fixed(list), read(one, Shows::Listed, &[Fix::ItemInMeeting], WIDE), record, NONE),
        "plan-items" | "signatures" => (fixed(list), read(one, Shows::Target, record, ALL), record, ALL),
        "proposals" | "instructions" | "deliveries" => {
            (fixed(list), read(one, Shows::Target, record, MEMBERS), record, MEMBERS)
        }
        _ => (fixed(list), read(one, Shows::Target, record, NONE), record, NONE),
    };
    vec![
        list_row,
        row(Method::POST, list, Act::Create(Who::Keeper), new, columns).body(|t, _| Some(t.view.clone())),
        one_row,
        row(Method::PUT, one, keeper, written, columns).body(as_read),
        row(Method::DELETE, one, keeper, written, columns).query(|t| format!("?version={}", t.view["version"])),
    ]
}

/// Every row. Their `(method, path)` set must be the route table's.
pub fn rows() -> Vec<Row> {
    use Who::{Author, Keeper, Speaker};
    let doc = &[Fix::Doc(DocState::Draft)];
    let mut rows = vec![
        fixed("/api/v1/openapi.json"),
        row(Method::POST, "/api/v1/meetings/{id}/agenda/adoption", Act::Write(Keeper), &[Fix::ProvisionalAgenda], NONE)
            .body(|_, _| Some(json!({}))),
        row(Method::POST, "/api/v1/meetings/{id}/agenda/numbering", Act::Write(Keeper), &[Fix::ItemInMeeting], NONE)
            .body(|t, _| {
                let items: Vec<Value> =
                    same_numbering(t).iter().map(|(id, v, n)| json!({"id": id, "version": v, "number": n})).collect();
                Some(json!({ "items": items }))
            }),
        read("/api/v1/meetings/{id}/agenda/changes", Shows::Listed, &[Fix::ItemChange], WIDE),
        // A comment is for the public: it names public items alone, to every reader (a hidden item is named to
        // nobody, the Secretariat included), so only the public column can show the item.
        read("/api/v1/meetings/{id}/announcement", Shows::Listed, &[Fix::ItemInMeeting], &[Some(Public)])
            .query(|_| "?language=en".into()),
        read("/api/v1/organisations/{code}/chairmanship", Shows::Target, &[Fix::Fixed("CSTO")], NONE),
        read("/api/v1/organisations/{code}/overview", Shows::Target, &[Fix::Fixed("CSTO")], NONE),
        read("/api/v1/organisations/{code}/legal-basis", Shows::Listed, &[Fix::Treaty], ALL),
        read("/api/v1/organisations/{code}/popolo", Shows::Target, &[Fix::Fixed("CSTO")], NONE),
        read("/api/v1/documents", Shows::Listed, doc, ALL).query(from_target),
        row(Method::POST, "/api/v1/documents", Act::Create(Author), &[Fix::NewDoc], ALL)
            .body(|t, _| Some(t.view.clone())),
        read("/api/v1/documents/{id}", Shows::Target, doc, ALL),
        row(Method::PUT, "/api/v1/documents/{id}", Act::Write(Author), EDITABLE, ALL)
            .body(changed_document)
            .open(record_open),
        row(Method::PUT, "/api/v1/documents/{id}/texts/{language}", Act::Write(Author), EDITABLE, ALL)
            .body(text)
            .open(not_adopted),
        row(Method::POST, "/api/v1/documents/{id}/revisions", Act::Write(Author), EDITABLE, ALL)
            .body(|_, _| Some(json!({"texts": {"ru": "Пересмотренный текст", "en": "A revised text"}})))
            .open(not_adopted),
        row(Method::POST, "/api/v1/documents/{id}/transitions", Act::Write(Keeper), doc, ALL)
            .body(|_, _| Some(json!({"to": "circulated"}))),
        row(
            Method::POST,
            "/api/v1/documents/{id}/positions",
            Act::Write(Speaker),
            &[Fix::Doc(DocState::Circulated)],
            ALL,
        )
        .body(|_, role| speaking(role, json!({"position": "support"})))
        .open(|t, _| t.state == Some(DocState::Circulated)),
        row(Method::POST, "/api/v1/documents/{id}/silence", Act::Write(Keeper), doc, ALL)
            .body(|_, _| Some(json!({"deadline": "2018-06-25T12:00:00Z"}))),
        row(Method::POST, "/api/v1/documents/{id}/referrals", Act::Write(Keeper), &[Fix::Doc(DocState::Adopted)], ALL)
            .body(|_, _| Some(json!({"meeting": "csc-2017-11-minsk"})))
            .open(|t, _| t.state == Some(DocState::Adopted)),
        row(Method::POST, "/api/v1/referrals/{id}/outcome", Act::Write(Keeper), &[Fix::Referral], WIDE)
            .body(|_, _| Some(json!({"outcome": "adopted", "at": "2018-06-01"}))),
        read("/api/v1/documents/{id}/diff", Shows::Target, doc, ALL).query(|_| "?from=0&to=0&language=ru".into()),
        read("/api/v1/documents/{id}/history", Shows::Past, doc, ALL),
        // A sponsors-only document is never adopted: the adopted ones take the other visibilities.
        read("/api/v1/documents/{id}/akn", Shows::Target, &[Fix::Doc(DocState::Adopted)], WIDE)
            .query(|_| "?language=ru".into()),
        row(Method::POST, "/api/v1/silence/{id}/objections", Act::Write(Speaker), &[Fix::Silence], WIDE)
            .body(|_, role| speaking(role, json!({"text": "An objection"}))),
        row(Method::POST, "/api/v1/agenda-items/{id}/outcome", Act::Write(Keeper), &[Fix::Item], WIDE)
            .body(|_, _| Some(json!({"outcome": "noted"}))),
        row(
            Method::POST,
            "/api/v1/statements-lists/{key}/compilation",
            Act::Write(Keeper),
            &[Fix::StatementsList],
            NONE,
        ),
        row(
            Method::POST,
            "/api/v1/statements-lists/{key}/proposals",
            Act::Write(Speaker),
            &[Fix::StatementsList],
            NONE,
        )
        .body(|_, role| speaking(role, json!({"topic": {"en": "A proposed statement"}, "forum": "UNGA"}))),
    ];
    // Published publications: everyone sees them. Drafts, seen by their press office and the Secretariat only, are
    // a visibility the columns do not speak; `publications.rs` checks them role by role.
    let publication = &[Fix::Publication];
    rows.extend([
        read("/api/v1/publications", Shows::Listed, publication, NONE).query(from_target),
        row(Method::POST, "/api/v1/publications", Act::Create(Who::Press), &[Fix::NewPublication], NONE)
            .body(|t, _| Some(t.view.clone())),
        read("/api/v1/publications/{id}", Shows::Target, publication, NONE),
        row(Method::PUT, "/api/v1/publications/{id}", Act::Write(Who::Press), publication, NONE).body(as_read),
    ]);
    for (name, _) in collections() {
        rows.extend(collection(name));
    }
    rows.extend([
        fixed("/"),
        read("/organisations/{code}", Shows::Target, &[Fix::Fixed("CSTO")], NONE),
        read("/organisations/{code}/calendar", Shows::Target, &[Fix::Fixed("CSTO")], NONE),
        read("/organisations/{code}/calendar.ics", Shows::Listed, &[Fix::ItemInCalendar], WIDE),
        read("/organisations/{code}/bodies/{body}/calendar.ics", Shows::Listed, &[Fix::ItemInCalendar], WIDE),
        // One's own calendar is read by its secret link, never by who asks: an unknown link is unknown to all
        // (what a link shows its owner: own_calendar.rs).
        row(Method::GET, "/calendar/{file}", Act::Session(404), &[Fix::Fixed("unknown.ics")], NONE),
        read("/organisations/{code}/bodies/{body}", Shows::Target, &[Fix::Fixed("CSTO")], NONE),
        // Russia's page lists the documents it sponsors that the reader may see, and no other.
        read("/states/{code}", Shows::Listed, &[Fix::Sponsored], ALL),
        read("/people/{key}", Shows::Target, &[Fix::Fixed("sergey-lavrov")], NONE),
        read("/organisations/{code}/meetings/new", Shows::Target, &[Fix::Fixed("CSTO")], NONE),
        read("/organisations/{code}/statements-lists", Shows::Target, &[Fix::Fixed("CSTO")], NONE),
        // The call is everyone's; its proposals (the marker) the members' and the Secretariat's.
        read("/statements-lists/{key}", Shows::Listed, &[Fix::StatementsList], MEMBERS),
        row(Method::POST, "/statements-lists/{key}/proposals", Act::Form(Speaker), &[Fix::StatementsList], NONE)
            .body(|_, role| speaking_form(role, "topic-en=A+proposed+statement&forum=UNGA")),
        row(Method::POST, "/statements-lists/{key}/inclusion", Act::Form(Keeper), &[Fix::StatementsList], NONE)
            .body(|_, _| Some(json!(""))),
        row(Method::POST, "/statements-lists/{key}/compilation", Act::Form(Keeper), &[Fix::StatementsList], NONE)
            .body(|_, _| Some(json!(""))),
        row(Method::POST, "/statements-lists/{key}/instructions", Act::Form(Keeper), &[Fix::StatementsList], NONE)
            .body(|_, _| Some(json!("forum=UNGA&text-en=An+instruction"))),
        row(Method::POST, "/statements-lists/{key}/deliveries", Act::Form(Keeper), &[Fix::StatementsList], NONE)
            .body(|t, _| Some(json!(format!("proposal={}-proposal&on=2018-05-20&state=RU", t.param)))),
        read("/organisations/{code}/plans", Shows::Listed, &[Fix::InOrganisation("plan")], ALL),
        read("/organisations/{code}/legal-basis", Shows::Listed, &[Fix::InOrganisation("protocol")], ALL),
        row(Method::POST, "/documents/{id}/plan-items", Act::Form(Keeper), &[Fix::OfKind("plan")], ALL).body(|_, _| {
            Some(json!("title-en=An+item&kind=action&to=2019-12-31&responsible=secretariat&status=planned"))
        }),
        row(Method::POST, "/plan-items/{id}", Act::Form(Keeper), &[Fix::Record("plan-items")], ALL).body(|t, _| {
            let extra = "title-en=A+changed+item&responsible=secretariat&status=done";
            form_of(t, &["number", "kind", "to", "version"], extra)
        }),
        row(Method::POST, "/plan-items/{id}/progress", Act::Form(Keeper), &[Fix::Record("plan-items")], ALL)
            .body(|_, _| Some(json!("on=2019-01-10&text-en=Consultations+held"))),
        row(Method::POST, "/documents/{id}/signatures", Act::Form(Keeper), &[Fix::OfKind("protocol")], ALL)
            .body(|_, _| Some(json!("state=KZ&signed_on=2018-11-08&ratified_on=2019-03-01"))),
        row(Method::POST, "/documents/{id}/entry-into-force", Act::Form(Keeper), &[Fix::OfKind("protocol")], ALL)
            .body(|t, _| Some(json!(format!("in_force_on=2021-01-19&version={}", t.view["version"])))),
        row(Method::POST, "/meetings", Act::Form(Keeper), &[Fix::NewRecord("meetings")], NONE).body(|t, _| {
            form_of(t, &["organisation", "key", "body", "kind", "city", "starts_on", "ends_on", "mode", "status"], "")
        }),
        read("/meetings/{id}", Shows::Listed, &[Fix::ItemInMeeting], WIDE),
        // As its API route: only public items are ever named in a comment.
        read("/meetings/{id}/announcement", Shows::Listed, &[Fix::ItemInMeeting], &[Some(Public)])
            .query(|_| "?language=en".into()),
        row(Method::POST, "/meetings/{id}", Act::Form(Keeper), &[Fix::Record("meetings")], NONE).body(|t, _| {
            let fields = ["organisation", "key", "body", "kind", "city", "starts_on", "ends_on", "mode", "version"];
            form_of(t, &fields, "status=convened")
        }),
        row(Method::POST, "/meetings/{id}/programme", Act::Form(Keeper), &[Fix::Record("meetings")], NONE)
            .body(|_, _| Some(json!("key=mx-photo&kind=joint_photo&on=2018-09-01"))),
        row(Method::POST, "/meetings/{id}/delegations", Act::Form(Keeper), &[Fix::Record("meetings")], NONE)
            .body(|_, _| Some(json!("state=AM&head=zohrab-mnatsakanyan"))),
        read("/meetings/{id}/agenda", Shows::Listed, &[Fix::ItemInMeeting], WIDE),
        row(Method::POST, "/meetings/{id}/agenda", Act::Form(Keeper), &[Fix::Record("meetings")], NONE)
            .body(|_, _| Some(json!("title-en=An+item&kind=decision&visibility=public"))),
        row(Method::POST, "/meetings/{id}/agenda/numbering", Act::Form(Keeper), &[Fix::ItemInMeeting], NONE).body(
            |t, _| {
                let fields: Vec<String> =
                    same_numbering(t).iter().map(|(id, v, n)| format!("number-{id}={n}&version-{id}={v}")).collect();
                Some(json!(fields.join("&")))
            },
        ),
        row(Method::POST, "/meetings/{id}/agenda/adoption", Act::Form(Keeper), &[Fix::ProvisionalAgenda], NONE)
            .body(|_, _| Some(json!(""))),
        row(Method::POST, "/programme-events/{id}", Act::Form(Keeper), &[Fix::Record("programme-events")], NONE)
            .body(|t, _| form_of(t, &["key", "kind", "version"], "on=2018-09-02")),
        row(Method::POST, "/delegations/{id}", Act::Form(Keeper), &[Fix::Record("delegations")], NONE)
            .body(|t, _| form_of(t, &["state", "version"], "head=erlan-abdyldaev")),
        row(Method::POST, "/agenda-items/{id}", Act::Form(Keeper), &[Fix::Item], WIDE).body(|t, _| {
            let title = format!("title-en={}", t.view["title"]["en"].as_str().unwrap_or("x"));
            form_of(t, &["number", "kind", "visibility", "version"], &title)
        }),
        row(Method::POST, "/agenda-items/{id}/outcome", Act::Form(Keeper), &[Fix::Item], WIDE)
            .body(|_, _| Some(json!("outcome=noted"))),
        read("/documents", Shows::Listed, doc, ALL),
        read("/documents.csv", Shows::Listed, doc, ALL),
        read("/search", Shows::Listed, doc, ALL).query(search_marker),
        row(Method::POST, "/documents", Act::FormCreate(Author), &[Fix::NewDoc], ALL).body(new_document_form),
        fixed("/documents/new"),
        read("/documents/{id}", Shows::Target, doc, ALL),
        row(Method::POST, "/documents/{id}/texts/{language}", Act::Form(Author), EDITABLE, ALL)
            .body(text_form)
            .open(not_adopted),
        row(Method::POST, "/documents/{id}/revisions", Act::Form(Author), EDITABLE, ALL)
            .body(|_, _| Some(json!("text-ru=A+revised+text&text-en=A+revised+text")))
            .open(not_adopted),
        row(Method::POST, "/documents/{id}/sponsors", Act::Form(Speaker), EDITABLE, ALL)
            .body(|t, role| speaking_form(role, &format!("action=join&version={}", t.view["version"])))
            .open(record_open),
        row(Method::POST, "/documents/{id}/positions", Act::Form(Speaker), &[Fix::Doc(DocState::Circulated)], ALL)
            .body(|_, role| speaking_form(role, "position=support"))
            .open(|t, _| t.state == Some(DocState::Circulated)),
        row(Method::POST, "/documents/{id}/silence", Act::Form(Keeper), doc, ALL)
            .body(|_, _| Some(json!("deadline=2018-06-25T12%3A00%3A00Z"))),
        row(Method::POST, "/documents/{id}/objections", Act::Form(Speaker), &[Fix::SilencedDoc], WIDE)
            .body(|_, role| speaking_form(role, "text=An+objection")),
        row(Method::POST, "/documents/{id}/transitions", Act::Form(Keeper), doc, ALL)
            .body(|_, _| Some(json!("to=circulated"))),
        row(Method::POST, "/documents/{id}/referrals", Act::Form(Keeper), &[Fix::Doc(DocState::Adopted)], ALL)
            .body(|_, _| Some(json!("meeting=csc-2017-11-minsk")))
            .open(|t, _| t.state == Some(DocState::Adopted)),
        row(Method::POST, "/referrals/{id}/outcome", Act::Form(Keeper), &[Fix::Referral], WIDE).body(|t, _| {
            let key = t.view["key"].as_str().unwrap_or_default();
            Some(json!(format!("document={key}&outcome=adopted&how=written&at=2018-06-01")))
        }),
        read("/feeds/publications.atom", Shows::Listed, publication, NONE),
        read("/publications", Shows::Listed, publication, NONE),
        row(Method::POST, "/publications", Act::Form(Who::Press), &[Fix::NewPublication], NONE)
            .body(|t, _| publication_form(t, "publish")),
        row(Method::GET, "/publications/new", Act::FormPage(Who::Press), &[Fix::Fixed("")], NONE),
        row(Method::GET, "/publications/drafts", Act::FormPage(Who::Press), &[Fix::Fixed("")], NONE),
        read("/publications/{key}", Shows::Target, publication, NONE),
        row(Method::GET, "/account", Act::Own(200), &[Fix::Fixed("")], NONE),
        row(Method::POST, "/account", Act::Own(303), &[Fix::Fixed("")], NONE)
            .body(|_, _| Some(json!("language=en&time_zone=Europe%2FMoscow&notifications=deadline_near"))),
        row(Method::POST, "/account/password", Act::Own(303), &[Fix::Fixed("")], NONE)
            .body(|_, _| Some(json!(format!("current={PASSWORD}&new={PASSWORD}")))),
        // The token made is shown on the page itself, once.
        row(Method::POST, "/account/tokens", Act::Own(200), &[Fix::Fixed("")], NONE)
            .body(|_, _| Some(json!("name=matrix+token&days=30"))),
        row(Method::POST, "/account/tokens/{id}/revocation", Act::OwnedForm, &[Fix::Token], NONE)
            .body(|_, _| Some(json!(""))),
        // The calendar link made is shown on the page itself, once; removing it goes back to the page.
        row(Method::POST, "/account/calendar", Act::Own(200), &[Fix::Fixed("")], NONE).body(|_, _| Some(json!(""))),
        row(Method::POST, "/account/calendar/removal", Act::Own(303), &[Fix::Fixed("")], NONE)
            .body(|_, _| Some(json!(""))),
        row(Method::GET, "/admin", Act::Admin(200), &[Fix::Fixed("")], NONE),
        row(Method::POST, "/admin/accounts", Act::Admin(303), &[Fix::Fixed("")], NONE)
            .body(|_, _| Some(json!(format!("username=matrix-made&password={PASSWORD}&role=press")))),
        row(Method::POST, "/admin/accounts/{name}", Act::Admin(303), &[Fix::Fixed("press")], NONE)
            .body(|_, _| Some(json!("role=press"))),
        row(Method::POST, "/admin/accounts/{name}/password", Act::Admin(303), &[Fix::Fixed("press")], NONE)
            .body(|_, _| Some(json!(format!("password={PASSWORD}")))),
        row(Method::POST, "/publications/{key}", Act::Form(Who::Press), publication, NONE)
            .body(|t, _| publication_form(t, "publish")),
        row(Method::GET, "/publications/{key}/edit", Act::FormPage(Who::Press), publication, NONE),
        read("/publishers/{key}/newsletter", Shows::Target, &[Fix::Fixed("mfa-russia-press")], NONE),
        // Anyone asks for the newsletter, signed in or not: the same answer whoever asks, and for any address.
        row(
            Method::POST,
            "/publishers/{key}/newsletter/subscribers",
            Act::Session(303),
            &[Fix::Fixed("mfa-russia-press")],
            NONE,
        )
        .body(|_, _| Some(json!("email=matrix%40example.org&language=en"))),
        row(
            Method::POST,
            "/publishers/{key}/newsletter/issues",
            Act::FormCreate(Who::Press),
            &[Fix::Fixed("mfa-russia-press")],
            NONE,
        )
        .body(|_, _| Some(json!("month=2018-06")))
        // Each month's newsletter goes once: the press office, asked first, sends June's; the Secretariat's and the
        // administrator's try after it is refused as already sent (409).
        .open(|_, role| role == Role::Press),
        // A subscription's pages are reached by its token alone: one nobody holds is not found, whoever asks.
        row(Method::GET, "/subscriptions/{token}", Act::Session(404), &[Fix::Fixed(UNKNOWN_TOKEN)], NONE),
        row(Method::POST, "/subscriptions/{token}/confirmation", Act::Session(404), &[Fix::Fixed(UNKNOWN_TOKEN)], NONE)
            .body(|_, _| Some(json!(""))),
        row(
            Method::POST,
            "/subscriptions/{token}/unsubscription",
            Act::Session(404),
            &[Fix::Fixed(UNKNOWN_TOKEN)],
            NONE,
        )
        .body(|_, _| Some(json!("List-Unsubscribe=One-Click"))),
        row(Method::GET, "/sign-in", Act::Session(200), &[Fix::Fixed("")], NONE),
        // Without the sign-in form's CSRF cookie, and without a session: refused alike for everyone.
        row(Method::POST, "/sign-in", Act::Session(403), &[Fix::Fixed("")], NONE)
            .body(|_, _| Some(json!("username=officer&password=wrong&csrf=none"))),
        row(Method::POST, "/sign-out", Act::Session(403), &[Fix::Fixed("")], NONE)
            .body(|_, _| Some(json!("csrf=none"))),
        read("/static/{file}", Shows::Target, &[Fix::Fixed("style.css")], NONE),
        fixed("/healthz"),
        row(Method::GET, "/api/v1/tokens", Act::Owned { write: false }, &[Fix::Token], NONE),
        row(Method::POST, "/api/v1/tokens", Act::Create(Who::Account), &[Fix::Fixed("")], NONE)
            .body(|_, _| Some(json!({"name": "matrix token", "days": 30}))),
        row(Method::DELETE, "/api/v1/tokens/{id}", Act::Owned { write: true }, &[Fix::Token], NONE),
        read("/api/v1/search", Shows::Listed, doc, ALL).query(search_marker),
    ]);
    rows
}
