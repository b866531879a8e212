//! The store conformance suite: one async function per behaviour of the Store contract (`secretariat_core::store`),
//! each given a freshly connected, empty [`SqlStore`] and asserting through the `Store` and `Tx` traits only (plus
//! raw row counts, to prove that nothing was written). `tests/conformance.rs` runs every function on SQLite, and on
//! PostgreSQL when a server answers (always under `CI=true`).
//!
//! Expected rows are derived from the scenario files, never from the store under test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::Arc;

use jiff::Timestamp;
use secretariat_core::account::{token_hash, Account, AccountRole, Actor, NewAccount, Session};
use secretariat_core::clock::FixedClock;
use secretariat_core::domain::*;
use secretariat_core::rules::audit::{verify, AuditEntry, GENESIS};
use secretariat_core::rules::visibility::{Viewer, Visibility};
use secretariat_core::scenario::{Scenario, DEMO};
use secretariat_core::service::Secretariat;
use secretariat_core::store::{AgendaState, Filter, Kind, Record, Store, Stored};
use secretariat_core::Error;
use secretariat_store::SqlStore;
use sqlx::Row;

// ----------------------------------------------------------------------------------------------------------------
// Fixtures
// ----------------------------------------------------------------------------------------------------------------

/// A second organisation, imported after the demo. It fills in what the demo leaves out (names that change, a
/// joint meeting with a chair set, times of day, delegation members, an item taken in a sitting, `members` and
/// `sponsors` items, chairmanship overrides, an observer with an end date, an adopted agenda) and gives every list
/// filter rows to leave out.
pub const EXTRA: &str = r#"{
  "format": "secretariat-scenario/1",
  "states": [
    {"code": "CN", "name": {"en": "China", "ru": "Китай"}, "official_name": {"en": "People's Republic of China"}}
  ],
  "cities": [
    {"key": "beijing", "state": "CN", "time_zone": "Asia/Shanghai",
     "names": [{"name": {"en": "Peking"}}, {"from": "1958-01-01", "name": {"en": "Beijing", "ru": "Пекин"}}]},
    {"key": "qingdao", "state": "CN", "time_zone": "Asia/Shanghai", "names": [{"name": {"en": "Qingdao"}}]}
  ],
  "people": [
    {"key": "rashid-alimov", "names": [{"name": {"en": "Rashid Alimov", "ru": "Рашид Алимов"}}]},
    {"key": "wang-yi",
     "names": [{"name": {"en": "Wang Yi"}}, {"from": "2013-03-16", "name": {"en": "Wang Yi", "zh": "王毅"}}]}
  ],
  "organisations": [
    {"code": "SCO", "name": {"en": "Shanghai Cooperation Organisation", "ru": "Шанхайская организация сотрудничества"},
     "languages": ["ru", "zh"], "authentic_language": "ru",
     "chairmanship": {"rotation": ["CN", "KZ", "RU"], "anchor": {"term": 2018, "state": "CN"}, "top_body": "HSC",
                      "changeovers": [{"from_term": 2001, "rule": "at_top_body_session"}],
                      "overrides": [{"term": 2019, "state": "KZ"}]}}
  ],
  "posts": [
    {"key": "secretary-general-sco", "title": {"en": "Secretary-General of the SCO"}, "role": "secretary_general",
     "organisation": "SCO"},
    {"key": "foreign-minister-cn", "title": {"en": "Minister of Foreign Affairs of China"}, "role": "foreign_minister",
     "state": "CN"},
    {"key": "national-coordinator-kz-sco", "title": {"en": "National Coordinator of Kazakhstan for the SCO"},
     "role": "national_coordinator", "state": "KZ", "organisation": "SCO"}
  ],
  "mandates": [
    {"person": "rashid-alimov", "post": "secretary-general-sco", "from": "2016-01-01", "to": "2018-12-31"},
    {"person": "wang-yi", "post": "foreign-minister-cn", "from": "2013-03-16"},
    {"person": "kairat-abdrakhmanov", "post": "national-coordinator-kz-sco", "to": "2018-12-31", "acting": true}
  ],
  "memberships": [
    {"organisation": "SCO", "state": "CN", "kind": "member", "from": "2001-06-15"},
    {"organisation": "SCO", "state": "KZ", "kind": "member", "from": "2001-06-15"},
    {"organisation": "SCO", "state": "RU", "kind": "member", "from": "2001-06-15"},
    {"organisation": "SCO", "state": "BY", "kind": "observer", "from": "2015-07-10", "to": "2024-07-03"}
  ],
  "bodies": [
    {"organisation": "SCO", "code": "HSC", "name": {"en": "Council of Heads of State"},
     "representative_role": "head_of_state", "chair_rule": "host_state", "decision_rule": "consensus",
     "regular_meetings_per_year": 1},
    {"organisation": "SCO", "code": "CFM", "name": {"en": "Council of Foreign Ministers"},
     "abbreviation": {"en": "CFM"},
     "parent": "HSC", "representative_role": "foreign_minister", "chair_rule": "chairing_state",
     "decision_rule": "consensus", "regular_meetings_per_year": 1}
  ],
  "meetings": [
    {"key": "sco-cfm-2018-04-beijing", "organisation": "SCO", "body": "CFM", "kind": "regular", "city": "beijing",
     "starts_on": "2018-04-23", "ends_on": "2018-04-24", "mode": "in_person", "status": "held", "chair": "wang-yi"},
    {"key": "sco-hsc-2018-06-qingdao", "organisation": "SCO", "body": "HSC", "joint_with": ["CFM"], "kind": "regular",
     "city": "qingdao", "starts_on": "2018-06-09", "ends_on": "2018-06-10", "mode": "hybrid", "status": "held"}
  ],
  "programme": [
    {"meeting": "sco-cfm-2018-04-beijing", "key": "plenary", "kind": "sitting", "format": "expanded",
     "on": "2018-04-24", "at": "10:30:00"},
    {"meeting": "sco-cfm-2018-04-beijing", "key": "press", "kind": "press_conference",
     "title": {"en": "Press conference"}, "on": "2018-04-24", "at": "13:05:30"}
  ],
  "delegations": [
    {"meeting": "sco-cfm-2018-04-beijing", "state": "KZ", "head": "kairat-abdrakhmanov",
     "members": ["rashid-alimov"]},
    {"meeting": "sco-cfm-2018-04-beijing", "state": "RU", "head": "sergey-lavrov"}
  ],
  "agenda_items": [
    {"meeting": "sco-cfm-2018-04-beijing", "number": 1, "title": {"en": "Preparations for the Qingdao summit"},
     "kind": "discussion", "sitting": "plenary", "visibility": "public"},
    {"meeting": "sco-cfm-2018-04-beijing", "number": 2, "title": {"en": "Draft joint communiqué"},
     "kind": "decision", "visibility": "members"},
    {"meeting": "sco-cfm-2018-04-beijing", "number": 3, "title": {"en": "A sponsors' draft"},
     "kind": "information", "visibility": "sponsors"}
  ],
  "adopted_agendas": [{"meeting": "sco-cfm-2018-04-beijing", "adopted_at": "2018-04-24T02:30:00Z"}]
}"#;

/// The instant the suite's clock stands at.
pub fn now() -> Timestamp {
    "2018-06-01T06:00:00Z".parse().unwrap()
}

/// The demo scenario, parsed from the file.
pub fn demo() -> Scenario {
    serde_json::from_str(DEMO).unwrap()
}

/// The extra organisation, parsed.
pub fn extra() -> Scenario {
    serde_json::from_str(EXTRA).unwrap()
}

/// The use cases over a store, with the suite's clock.
pub fn app(store: &SqlStore) -> Secretariat {
    Secretariat::new(Arc::new(store.clone()), Arc::new(FixedClock::at(now())))
}

/// Imports the demo, then the extra organisation.
pub async fn seed(store: &SqlStore) -> Secretariat {
    let app = app(store);
    app.import_demo().await.unwrap();
    app.import(&Actor::system(), &extra()).await.unwrap();
    app
}

/// A scenario's records of one kind, in file order.
pub fn records_of(s: &Scenario, kind: Kind) -> Vec<Record> {
    fn all<T: Clone>(v: &[T], f: fn(T) -> Record) -> Vec<Record> {
        v.iter().cloned().map(f).collect()
    }
    match kind {
        Kind::State => all(&s.states, Record::State),
        Kind::City => all(&s.cities, Record::City),
        Kind::Person => all(&s.people, Record::Person),
        Kind::Post => all(&s.posts, Record::Post),
        Kind::Mandate => all(&s.mandates, Record::Mandate),
        Kind::Organisation => all(&s.organisations, Record::Organisation),
        Kind::Membership => all(&s.memberships, Record::Membership),
        Kind::Body => all(&s.bodies, Record::Body),
        Kind::Meeting => all(&s.meetings, Record::Meeting),
        Kind::ProgrammeEvent => all(&s.programme, Record::ProgrammeEvent),
        Kind::Delegation => all(&s.delegations, Record::Delegation),
        Kind::AgendaItem => all(&s.agenda_items, Record::AgendaItem),
        Kind::Document => s.documents.iter().map(|d| Record::Document(d.document.clone())).collect(),
        Kind::PlanItem => all(&s.plan_items, Record::PlanItem),
        Kind::StatementsList => all(&s.statements_lists, Record::StatementsList),
        Kind::Proposal => all(&s.proposals, Record::Proposal),
        Kind::Instruction => all(&s.instructions, Record::Instruction),
        Kind::Delivery => all(&s.deliveries, Record::Delivery),
        Kind::Signature => all(&s.signatures, Record::Signature),
    }
}

/// The scenario with only its standing record (DESIGN §2: states to agenda items) and adopted agendas, whatever
/// else a scenario may carry, for the tests that count one audit entry per record.
pub fn standing_only(s: &Scenario) -> Scenario {
    const KEEP: [&str; 14] = [
        "format",
        "states",
        "cities",
        "people",
        "organisations",
        "posts",
        "mandates",
        "memberships",
        "bodies",
        "meetings",
        "programme",
        "delegations",
        "agenda_items",
        "adopted_agendas",
    ];
    let mut value = serde_json::to_value(s).unwrap();
    if let Some(fields) = value.as_object_mut() {
        fields.retain(|k, _| KEEP.contains(&k.as_str()));
    }
    let mut standing: Scenario = serde_json::from_value(value).unwrap();
    for item in &mut standing.agenda_items {
        item.documents.clear();
    }
    standing
}

/// The scenario with `more` appended to each list.
pub fn merged(mut s: Scenario, more: Scenario) -> Scenario {
    s.states.extend(more.states);
    s.cities.extend(more.cities);
    s.people.extend(more.people);
    s.organisations.extend(more.organisations);
    s.posts.extend(more.posts);
    s.mandates.extend(more.mandates);
    s.memberships.extend(more.memberships);
    s.bodies.extend(more.bodies);
    s.meetings.extend(more.meetings);
    s.programme.extend(more.programme);
    s.delegations.extend(more.delegations);
    s.documents.extend(more.documents);
    s.agenda_items.extend(more.agenda_items);
    s.plan_items.extend(more.plan_items);
    s.statements_lists.extend(more.statements_lists);
    s.proposals.extend(more.proposals);
    s.instructions.extend(more.instructions);
    s.deliveries.extend(more.deliveries);
    s.signatures.extend(more.signatures);
    s.adopted_agendas.extend(more.adopted_agendas);
    s
}

/// The natural key `Store::find` takes for a record, for the kinds that have one.
pub fn natural_key(record: &Record) -> Option<String> {
    match record {
        Record::State(r) => Some(r.code.to_string()),
        Record::City(r) => Some(r.key.to_string()),
        Record::Person(r) => Some(r.key.to_string()),
        Record::Post(r) => Some(r.key.to_string()),
        Record::Organisation(r) => Some(r.code.to_string()),
        Record::Body(r) => Some(format!("{}/{}", r.organisation, r.code)),
        Record::Meeting(r) => Some(r.key.to_string()),
        Record::Document(r) => Some(r.key.to_string()),
        Record::StatementsList(r) => Some(r.key.to_string()),
        Record::Proposal(r) => Some(r.key.to_string()),
        Record::Mandate(_)
        | Record::Membership(_)
        | Record::ProgrammeEvent(_)
        | Record::Delegation(_)
        | Record::AgendaItem(_)
        | Record::PlanItem(_)
        | Record::Instruction(_)
        | Record::Delivery(_)
        | Record::Signature(_) => None,
    }
}

fn person(key: &str, name: &str) -> Record {
    Record::Person(Person {
        key: Key::parse(key).unwrap(),
        names: vec![Named { from: None, name: Text::one("en", name) }],
    })
}

fn state(code: &str, name: &str) -> Record {
    Record::State(State { code: StateCode::parse(code).unwrap(), name: Text::one("en", name), official_name: None })
}

fn item(meeting: &str, number: u16, visibility: Visibility) -> AgendaItem {
    AgendaItem {
        meeting: Key::parse(meeting).unwrap(),
        number,
        title: Text::one("en", &format!("Item {number} ({})", visibility.as_str())),
        kind: ItemKind::Information,
        sitting: None,
        visibility,
        documents: vec![],
    }
}

fn delegate(state: &str, head: bool) -> Viewer {
    Viewer::Delegate { state: StateCode::parse(state).unwrap(), head }
}

fn officer() -> Actor {
    Actor {
        account: None,
        name: "officer".into(),
        role: Some(AccountRole::Secretariat),
        state: None,
        head_of_delegation: false,
    }
}

fn everything(viewer: Viewer) -> Filter {
    let mut f = Filter::new(viewer);
    f.limit = u32::MAX;
    f
}

/// Every record of a kind, as the Secretariat sees them.
async fn all(store: &SqlStore, kind: Kind) -> Vec<Stored<Record>> {
    store.list(kind, &everything(Viewer::Secretariat)).await.unwrap()
}

async fn find(store: &SqlStore, kind: Kind, key: &str) -> Stored<Record> {
    store.find(kind, key, &Viewer::Secretariat).await.unwrap().unwrap_or_else(|| panic!("no {kind:?} `{key}`"))
}

async fn audit(store: &SqlStore) -> Vec<AuditEntry> {
    store.audit_entries(None, None).await.unwrap()
}

/// The single `audit_head` row: the last entry's number and hash.
async fn head(store: &SqlStore) -> (i64, String) {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(store.pool()).await.unwrap();
    (row.try_get(0).unwrap(), row.try_get(1).unwrap())
}

const TABLES: [&str; 17] = [
    "state",
    "city",
    "person",
    "organisation",
    "post",
    "mandate",
    "membership",
    "body",
    "meeting",
    "programme_event",
    "delegation",
    "agenda",
    "agenda_item",
    "account",
    "session",
    "api_token",
    "audit_log",
];

/// The number of rows of every table.
async fn row_counts(store: &SqlStore) -> BTreeMap<&'static str, i64> {
    let mut counts = BTreeMap::new();
    for table in TABLES {
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(store.pool())
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        counts.insert(table, n);
    }
    counts
}

/// Everything the database holds that a failed write must leave alone.
async fn snapshot(store: &SqlStore) -> (BTreeMap<&'static str, i64>, Vec<AuditEntry>, (i64, String)) {
    (row_counts(store).await, audit(store).await, head(store).await)
}

fn conflict<T: Debug>(result: secretariat_core::Result<T>) -> (&'static str, Option<i64>) {
    match result {
        Err(Error::Conflict { code, current_version, .. }) => (code, current_version),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// Lists `kind` with `filter` and checks the rows are exactly those of `everything` the predicate keeps, in order.
/// Returns how many rows matched.
async fn check_filter(store: &SqlStore, kind: Kind, filter: &Filter, keep: impl Fn(&Record) -> bool) -> usize {
    let expected: Vec<Stored<Record>> = all(store, kind).await.into_iter().filter(|s| keep(&s.record)).collect();
    let actual = store.list(kind, filter).await.unwrap();
    assert_eq!(actual, expected, "{kind:?} listed with {filter:?}");
    expected.len()
}

// ----------------------------------------------------------------------------------------------------------------
// Round trips
// ----------------------------------------------------------------------------------------------------------------

/// The demo imported and exported again is the demo file (but for its notes, which are not imported).
pub async fn the_demo_scenario_round_trips_exactly_through_import_and_export(store: SqlStore) {
    let app = app(&store);
    let report = app.import_demo().await.unwrap();
    let file = demo();
    let total: usize = Kind::ALL.iter().map(|k| records_of(&file, *k).len()).sum();
    assert_eq!(report.records, total);
    let mut exported = app.export().await.unwrap();
    assert!(exported.notes.is_empty(), "notes are not imported, so they are not exported");
    exported.notes.clone_from(&file.notes);
    assert_eq!(exported, file);
}

/// Every optional field (changing names, joint meetings, set chairs, times of day, delegation members, sittings,
/// overrides, adopted agendas) survives the round trip as well.
pub async fn a_scenario_with_every_optional_field_round_trips_exactly(store: SqlStore) {
    let app = seed(&store).await;
    let expected = merged(demo(), extra());
    let mut exported = app.export().await.unwrap();
    exported.notes.clone_from(&expected.notes);
    assert_eq!(exported, expected);
    assert_eq!(exported.adopted_agendas.len(), 1);
}

/// Each record reads back exactly, at version 1, by id, by natural key, and in id order in lists, from the store
/// and from inside a transaction.
pub async fn every_record_reads_back_by_id_by_key_and_in_lists_as_it_was_written(store: SqlStore) {
    seed(&store).await;
    let file = merged(demo(), extra());
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    for kind in Kind::ALL {
        let listed = all(&store, kind).await;
        let records: Vec<Record> = listed.iter().map(|s| s.record.clone()).collect();
        assert_eq!(records, records_of(&file, kind), "{kind:?} in id order");
        assert!(listed.windows(2).all(|w| w[0].id < w[1].id), "{kind:?} ids ascend");
        assert_eq!(tx.list(kind, &everything(Viewer::Secretariat)).await.unwrap(), listed, "{kind:?} in the tx");
        for stored in &listed {
            assert_eq!(stored.version, 1);
            assert_eq!(stored.record.kind(), kind);
            let got = store.get(kind, stored.id, &Viewer::Secretariat).await.unwrap();
            assert_eq!(got.as_ref(), Some(stored), "{kind:?} {} by id", stored.id);
            assert_eq!(tx.get(kind, stored.id).await.unwrap().as_ref(), Some(stored));
            match natural_key(&stored.record) {
                Some(key) => {
                    assert_eq!(store.find(kind, &key, &Viewer::Secretariat).await.unwrap().as_ref(), Some(stored));
                    assert_eq!(tx.find(kind, &key).await.unwrap().as_ref(), Some(stored));
                }
                None => assert_eq!(store.find(kind, "anything", &Viewer::Secretariat).await.unwrap(), None),
            }
        }
    }
    drop(tx);
    let missing = all(&store, Kind::Person).await.iter().map(|s| s.id).max().unwrap() + 1000;
    assert_eq!(store.get(Kind::Person, missing, &Viewer::Secretariat).await.unwrap(), None);
    assert_eq!(store.find(Kind::Person, "nobody-at-all", &Viewer::Secretariat).await.unwrap(), None);
    assert_eq!(store.find(Kind::Body, "CFM", &Viewer::Secretariat).await.unwrap(), None, "a body's key is ORG/BODY");
    // The same code in two organisations is two bodies.
    let csto = find(&store, Kind::Body, "CSTO/CFM").await;
    let sco = find(&store, Kind::Body, "SCO/CFM").await;
    assert_ne!(csto.id, sco.id);
}

/// An update replaces the whole record and bumps its version by one.
pub async fn an_update_replaces_the_record_and_bumps_its_version(store: SqlStore) {
    seed(&store).await;
    let meeting = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let Record::Meeting(mut m) = meeting.record.clone() else { panic!("not a meeting") };
    m.status = MeetingStatus::Postponed;
    m.chair = Some(Key::parse("sergey-lavrov").unwrap());
    m.joint_with = vec![Code::parse("CSC").unwrap()];
    m.city = Key::parse("astana").unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update(meeting.id, 1, &Record::Meeting(m.clone())).await.unwrap(), 2);
    tx.commit().await.unwrap();
    let after = store.get(Kind::Meeting, meeting.id, &Viewer::Secretariat).await.unwrap().unwrap();
    assert_eq!(after, Stored { id: meeting.id, version: 2, record: Record::Meeting(m.clone()) });
    // And back: optional fields cleared.
    m.chair = None;
    m.joint_with = vec![];
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update(meeting.id, 2, &Record::Meeting(m.clone())).await.unwrap(), 3);
    tx.commit().await.unwrap();
    let after = store.get(Kind::Meeting, meeting.id, &Viewer::Secretariat).await.unwrap().unwrap();
    assert_eq!(after, Stored { id: meeting.id, version: 3, record: Record::Meeting(m) });
}

// ----------------------------------------------------------------------------------------------------------------
// Filters
// ----------------------------------------------------------------------------------------------------------------

/// `organisation` keeps the posts, memberships, bodies, meetings and organisations of that organisation; the
/// other kinds ignore it.
pub async fn the_organisation_filter_returns_exactly_the_rows_of_that_organisation(store: SqlStore) {
    seed(&store).await;
    for org in ["CSTO", "SCO"] {
        let code = Code::parse(org).unwrap();
        let mut f = everything(Viewer::Secretariat);
        f.organisation = Some(code.clone());
        let c = &code;
        let n = check_filter(
            &store,
            Kind::Post,
            &f,
            |r| matches!(r, Record::Post(p) if p.organisation.as_ref() == Some(c)),
        )
        .await;
        assert_eq!(n, if org == "CSTO" { 1 } else { 2 });
        let n =
            check_filter(&store, Kind::Membership, &f, |r| matches!(r, Record::Membership(m) if m.organisation == *c))
                .await;
        assert_eq!(n, if org == "CSTO" { 6 } else { 4 });
        let n = check_filter(&store, Kind::Body, &f, |r| matches!(r, Record::Body(b) if b.organisation == *c)).await;
        assert_eq!(n, if org == "CSTO" { 5 } else { 2 });
        let n =
            check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.organisation == *c)).await;
        assert_eq!(n, if org == "CSTO" { 3 } else { 2 });
        let n = check_filter(&store, Kind::Organisation, &f, |r| matches!(r, Record::Organisation(o) if o.code == *c))
            .await;
        assert_eq!(n, 1);
        for kind in [
            Kind::State,
            Kind::City,
            Kind::Person,
            Kind::Mandate,
            Kind::ProgrammeEvent,
            Kind::Delegation,
            Kind::AgendaItem,
        ] {
            check_filter(&store, kind, &f, |_| true).await;
        }
    }
    let mut f = everything(Viewer::Secretariat);
    f.organisation = Some(Code::parse("OSCE").unwrap());
    for kind in [Kind::Post, Kind::Membership, Kind::Body, Kind::Meeting, Kind::Organisation] {
        assert_eq!(store.list(kind, &f).await.unwrap(), vec![], "{kind:?} of an unknown organisation");
    }
}

/// `body` keeps the meetings of bodies of that code; with `organisation`, of that organisation's body only.
pub async fn the_body_filter_returns_exactly_the_meetings_of_that_body(store: SqlStore) {
    seed(&store).await;
    let cfm = Code::parse("CFM").unwrap();
    let mut f = everything(Viewer::Secretariat);
    f.body = Some(cfm.clone());
    let n = check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.body == cfm)).await;
    assert_eq!(n, 2, "the CFM of the CSTO and the CFM of the SCO");
    f.organisation = Some(Code::parse("CSTO").unwrap());
    let n = check_filter(
        &store,
        Kind::Meeting,
        &f,
        |r| matches!(r, Record::Meeting(m) if m.body == cfm && m.organisation.as_str() == "CSTO"),
    )
    .await;
    assert_eq!(n, 1);
    let mut f = everything(Viewer::Secretariat);
    f.body = Some(Code::parse("CSC").unwrap());
    let n =
        check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.body.as_str() == "CSC")).await;
    assert_eq!(n, 2);
    // A joint meeting is not a meeting "of" its other bodies.
    f.body = Some(Code::parse("HSC").unwrap());
    let n =
        check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.body.as_str() == "HSC")).await;
    assert_eq!(n, 1);
    for kind in [Kind::Body, Kind::Post, Kind::AgendaItem, Kind::Delegation] {
        check_filter(&store, kind, &f, |_| true).await;
    }
}

/// `meeting` keeps that meeting and its programme, delegations and agenda items.
pub async fn the_meeting_filter_returns_exactly_the_parts_of_that_meeting(store: SqlStore) {
    seed(&store).await;
    for key in ["cfm-2018-06-almaty", "csc-2018-11-astana", "csc-2017-11-minsk", "sco-cfm-2018-04-beijing"] {
        let meeting = find(&store, Kind::Meeting, key).await;
        let k = Key::parse(key).unwrap();
        let mut f = everything(Viewer::Secretariat);
        f.meeting = Some(meeting.id);
        let n = check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.key == k)).await;
        assert_eq!(n, 1);
        let events = check_filter(
            &store,
            Kind::ProgrammeEvent,
            &f,
            |r| matches!(r, Record::ProgrammeEvent(e) if e.meeting == k),
        )
        .await;
        let delegations =
            check_filter(&store, Kind::Delegation, &f, |r| matches!(r, Record::Delegation(d) if d.meeting == k)).await;
        let items =
            check_filter(&store, Kind::AgendaItem, &f, |r| matches!(r, Record::AgendaItem(i) if i.meeting == k)).await;
        let file = merged(demo(), extra());
        let expected = (
            file.programme.iter().filter(|e| e.meeting.as_str() == key).count(),
            file.delegations.iter().filter(|d| d.meeting.as_str() == key).count(),
            file.agenda_items.iter().filter(|i| i.meeting.as_str() == key).count(),
        );
        assert_eq!((events, delegations, items), expected, "{key}");
        if key == "cfm-2018-06-almaty" {
            assert_eq!(expected, (4, 6, 12), "the Almaty meeting's four events, six delegations and twelve items");
        }
        for kind in [Kind::State, Kind::Person, Kind::Body, Kind::Mandate] {
            check_filter(&store, kind, &f, |_| true).await;
        }
    }
}

/// `state` keeps the posts, memberships, delegations, cities and states of that state.
pub async fn the_state_filter_returns_exactly_the_rows_of_that_state(store: SqlStore) {
    seed(&store).await;
    for code in ["KZ", "BY", "CN"] {
        let s = StateCode::parse(code).unwrap();
        let mut f = everything(Viewer::Secretariat);
        f.state = Some(s.clone());
        let s = &s;
        let posts =
            check_filter(&store, Kind::Post, &f, |r| matches!(r, Record::Post(p) if p.state.as_ref() == Some(s))).await;
        let memberships =
            check_filter(&store, Kind::Membership, &f, |r| matches!(r, Record::Membership(m) if m.state == *s)).await;
        let delegations =
            check_filter(&store, Kind::Delegation, &f, |r| matches!(r, Record::Delegation(d) if d.state == *s)).await;
        let cities = check_filter(&store, Kind::City, &f, |r| matches!(r, Record::City(c) if c.state == *s)).await;
        let states = check_filter(&store, Kind::State, &f, |r| matches!(r, Record::State(x) if x.code == *s)).await;
        let expected = match code {
            "KZ" => (3, 2, 3, 2, 1),
            "BY" => (3, 2, 2, 1, 1),
            _ => (1, 1, 0, 2, 1),
        };
        assert_eq!((posts, memberships, delegations, cities, states), expected, "{code}");
        for kind in [
            Kind::Person,
            Kind::Mandate,
            Kind::Organisation,
            Kind::Body,
            Kind::Meeting,
            Kind::ProgrammeEvent,
            Kind::AgendaItem,
        ] {
            check_filter(&store, kind, &f, |_| true).await;
        }
    }
}

/// `person`, `post` and `role` keep the mandates of a person or a post and the posts of a role.
pub async fn the_person_post_and_role_filters_return_exactly_their_rows(store: SqlStore) {
    seed(&store).await;
    for key in ["kairat-abdrakhmanov", "valery-semerikov", "wang-yi", "nobody-at-all"] {
        let k = Key::parse(key).unwrap();
        let mut f = everything(Viewer::Secretariat);
        f.person = Some(k.clone());
        let n = check_filter(&store, Kind::Mandate, &f, |r| matches!(r, Record::Mandate(m) if m.person == k)).await;
        assert_eq!(
            n,
            match key {
                "kairat-abdrakhmanov" => 2,
                "nobody-at-all" => 0,
                _ => 1,
            },
            "{key}"
        );
        check_filter(&store, Kind::Person, &f, |_| true).await;
    }
    for key in ["secretary-general-csto", "foreign-minister-kg", "foreign-minister-cn"] {
        let k = Key::parse(key).unwrap();
        let mut f = everything(Viewer::Secretariat);
        f.post = Some(k.clone());
        let n = check_filter(&store, Kind::Mandate, &f, |r| matches!(r, Record::Mandate(m) if m.post == k)).await;
        assert_eq!(
            n,
            match key {
                "foreign-minister-cn" => 1,
                _ => 2,
            },
            "{key}"
        );
        check_filter(&store, Kind::Post, &f, |_| true).await;
    }
    let role = Role::parse("foreign_minister").unwrap();
    let mut f = everything(Viewer::Secretariat);
    f.role = Some(role.clone());
    let n = check_filter(&store, Kind::Post, &f, |r| matches!(r, Record::Post(p) if p.role == role)).await;
    assert_eq!(n, 7);
    // Role and state together: what `Secretariat::holder` asks.
    f.state = Some(StateCode::parse("KZ").unwrap());
    let n = check_filter(
        &store,
        Kind::Post,
        &f,
        |r| matches!(r, Record::Post(p) if p.role == role && p.state.as_ref().is_some_and(|s| s.as_str() == "KZ")),
    )
    .await;
    assert_eq!(n, 1);
    check_filter(&store, Kind::Mandate, &f, |_| true).await;
}

/// `from` keeps meetings ending on or after the day, `to` those starting on or before it; both ends included.
pub async fn the_from_and_to_filters_return_exactly_the_meetings_that_overlap_the_days(store: SqlStore) {
    seed(&store).await;
    let days = [
        None,
        Some("2017-11-30"),
        Some("2018-04-23"),
        Some("2018-04-24"),
        Some("2018-06-09"),
        Some("2018-06-10"),
        Some("2018-06-11"),
        Some("2018-06-12"),
        Some("2018-11-08"),
        Some("2019-01-01"),
    ];
    let mut nonempty_and_partial = 0;
    let total = all(&store, Kind::Meeting).await.len();
    for from in days {
        for to in days {
            let from = from.map(|d| parse_date(d).unwrap());
            let to = to.map(|d| parse_date(d).unwrap());
            let mut f = everything(Viewer::Secretariat);
            f.from = from;
            f.to = to;
            let n = check_filter(&store, Kind::Meeting, &f, |r| match r {
                Record::Meeting(m) => from.is_none_or(|d| m.ends_on >= d) && to.is_none_or(|d| m.starts_on <= d),
                _ => false,
            })
            .await;
            if n > 0 && n < total {
                nonempty_and_partial += 1;
            }
            check_filter(&store, Kind::AgendaItem, &f, |_| true).await;
        }
    }
    assert!(nonempty_and_partial > 20, "the days cut the meetings in many ways");
    // The boundaries, spelled out: the Almaty meeting is the one day 2018-06-11.
    let almaty = |from: &str, to: &str| {
        let mut f = everything(Viewer::Secretariat);
        f.body = Some(Code::parse("CFM").unwrap());
        f.organisation = Some(Code::parse("CSTO").unwrap());
        f.from = Some(parse_date(from).unwrap());
        f.to = Some(parse_date(to).unwrap());
        f
    };
    assert_eq!(store.list(Kind::Meeting, &almaty("2018-06-11", "2018-06-11")).await.unwrap().len(), 1);
    assert_eq!(store.list(Kind::Meeting, &almaty("2018-06-12", "2018-12-31")).await.unwrap().len(), 0);
    assert_eq!(store.list(Kind::Meeting, &almaty("2018-01-01", "2018-06-10")).await.unwrap().len(), 0);
}

/// `after` and `limit` page through every kind in id order, without a gap or a repeat.
pub async fn after_and_limit_page_through_every_kind_without_gap_or_repeat(store: SqlStore) {
    seed(&store).await;
    for kind in Kind::ALL {
        let rows = all(&store, kind).await;
        for (i, row) in rows.iter().enumerate() {
            let mut f = everything(Viewer::Secretariat);
            f.after = Some(row.id);
            assert_eq!(store.list(kind, &f).await.unwrap(), rows[i + 1..].to_vec(), "{kind:?} after {}", row.id);
        }
        for limit in [0u32, 1, 2, 5, 500] {
            let mut f = everything(Viewer::Secretariat);
            f.limit = limit;
            let n = rows.len().min(limit as usize);
            assert_eq!(store.list(kind, &f).await.unwrap(), rows[..n].to_vec(), "{kind:?} limit {limit}");
        }
        let mut pages = Vec::new();
        let mut f = everything(Viewer::Secretariat);
        f.limit = 5;
        loop {
            let page = store.list(kind, &f).await.unwrap();
            assert!(page.len() <= 5);
            let Some(last) = page.last() else { break };
            f.after = Some(last.id);
            pages.extend(page);
        }
        assert_eq!(pages, rows, "{kind:?} paged by 5");
    }
    // Paging combines with the other filters.
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let mut f = Filter::new(Viewer::Public);
    f.meeting = Some(almaty.id);
    f.limit = 4;
    let first = store.list(Kind::AgendaItem, &f).await.unwrap();
    f.after = first.last().map(|s| s.id);
    f.limit = 100;
    let rest = store.list(Kind::AgendaItem, &f).await.unwrap();
    let numbers: Vec<u16> = first
        .iter()
        .chain(&rest)
        .map(|s| match &s.record {
            Record::AgendaItem(i) => i.number,
            _ => 0,
        })
        .collect();
    assert_eq!(numbers, (1..=9).collect::<Vec<u16>>(), "the public pages through the nine public items");
}

// ----------------------------------------------------------------------------------------------------------------
// Visibility
// ----------------------------------------------------------------------------------------------------------------

/// `list`, `get` and `find` of agenda items show each viewer only the levels it may see: never a restricted item
/// to the public, the press or an ordinary delegate; everything to the Secretariat.
pub async fn agenda_items_are_shown_to_each_viewer_only_at_its_visibility(store: SqlStore) {
    seed(&store).await;
    // One item of every level on the Astana meeting too.
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    for (n, v) in
        [Visibility::Public, Visibility::Members, Visibility::Restricted, Visibility::Sponsors].into_iter().enumerate()
    {
        tx.insert(&Record::AgendaItem(item("csc-2018-11-astana", u16::try_from(n).unwrap() + 1, v))).await.unwrap();
    }
    tx.commit().await.unwrap();
    let items = all(&store, Kind::AgendaItem).await;
    let level = |s: &Stored<Record>| match &s.record {
        Record::AgendaItem(i) => i.visibility,
        other => panic!("not an agenda item: {other:?}"),
    };
    let count = |v: Visibility| items.iter().filter(|s| level(s) == v).count();
    assert_eq!(
        [
            count(Visibility::Public),
            count(Visibility::Members),
            count(Visibility::Restricted),
            count(Visibility::Sponsors)
        ],
        {
            let file = merged(demo(), extra());
            let of = |v: Visibility| file.agenda_items.iter().filter(|i| i.visibility == v).count();
            [
                of(Visibility::Public) + 1,
                of(Visibility::Members) + 1,
                of(Visibility::Restricted) + 1,
                of(Visibility::Sponsors) + 1,
            ]
        }
    );
    let viewers = [
        Viewer::Public,
        Viewer::Press,
        delegate("KZ", false),
        delegate("RU", true),
        delegate("CN", false),
        Viewer::Secretariat,
    ];
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    for viewer in &viewers {
        let listed = store.list(Kind::AgendaItem, &everything(viewer.clone())).await.unwrap();
        let expected: Vec<_> = items.iter().filter(|s| viewer.may_see(level(s), &[])).cloned().collect();
        assert_eq!(listed, expected, "{viewer:?}");
        let mut of_almaty = everything(viewer.clone());
        of_almaty.meeting = Some(almaty.id);
        let listed_almaty = store.list(Kind::AgendaItem, &of_almaty).await.unwrap();
        let expected_almaty: Vec<_> = expected
            .iter()
            .filter(|s| matches!(&s.record, Record::AgendaItem(i) if i.meeting.as_str() == "cfm-2018-06-almaty"))
            .cloned()
            .collect();
        assert_eq!(listed_almaty, expected_almaty, "{viewer:?} on the Almaty agenda");
        for stored in &items {
            let got = store.get(Kind::AgendaItem, stored.id, viewer).await.unwrap();
            if viewer.may_see(level(stored), &[]) {
                assert_eq!(got.as_ref(), Some(stored), "{viewer:?} sees item {}", stored.id);
            } else {
                assert_eq!(got, None, "{viewer:?} must not see item {} ({:?})", stored.id, level(stored));
            }
            for key in
                [stored.id.to_string(), "cfm-2018-06-almaty".to_owned(), format!("cfm-2018-06-almaty/{}", stored.id)]
            {
                let found = store.find(Kind::AgendaItem, &key, viewer).await.unwrap();
                assert!(found.is_none_or(|f| viewer.may_see(level(&f), &[])), "find `{key}` for {viewer:?}");
            }
        }
    }
    let levels = |viewer: Viewer| {
        let store = store.clone();
        async move {
            let rows = store.list(Kind::AgendaItem, &everything(viewer)).await.unwrap();
            rows.iter().map(level).collect::<Vec<_>>()
        }
    };
    let at = |v: Visibility| items.iter().filter(|s| level(s) == v).count();
    let public = levels(Viewer::Public).await;
    assert_eq!(public.len(), at(Visibility::Public));
    assert!(public.iter().all(|v| *v == Visibility::Public));
    let ordinary = levels(delegate("KZ", false)).await;
    assert_eq!(ordinary.len(), at(Visibility::Public) + at(Visibility::Members));
    assert!(!ordinary.contains(&Visibility::Restricted) && !ordinary.contains(&Visibility::Sponsors));
    let head = levels(delegate("RU", true)).await;
    assert_eq!(head.len(), items.len() - at(Visibility::Sponsors));
    assert!(!head.contains(&Visibility::Sponsors));
    assert_eq!(levels(Viewer::Secretariat).await.len(), items.len());
    // Inside a transaction there is no visibility filter: use cases decide.
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.list(Kind::AgendaItem, &everything(Viewer::Public)).await.unwrap(), items);
}

// ----------------------------------------------------------------------------------------------------------------
// Conflicts
// ----------------------------------------------------------------------------------------------------------------

/// An update or a delete at an old version is refused with the current version, and changes nothing.
pub async fn a_stale_version_is_refused_with_the_current_one(store: SqlStore) {
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let id = tx.insert(&person("sergey-lavrov", "Sergey Lavrov")).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update(id, 1, &person("sergey-lavrov", "Sergei Lavrov")).await.unwrap(), 2);
    tx.commit().await.unwrap();
    let before = snapshot(&store).await;

    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(conflict(tx.update(id, 1, &person("sergey-lavrov", "S. Lavrov")).await), ("stale_version", Some(2)));
    drop(tx);
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(conflict(tx.update(id, 3, &person("sergey-lavrov", "S. Lavrov")).await), ("stale_version", Some(2)));
    drop(tx);
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(conflict(tx.delete(Kind::Person, id, 1).await), ("stale_version", Some(2)));
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
    let stored = store.get(Kind::Person, id, &Viewer::Secretariat).await.unwrap().unwrap();
    assert_eq!(stored, Stored { id, version: 2, record: person("sergey-lavrov", "Sergei Lavrov") });

    // Within one transaction the version moves on with each write.
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update(id, 2, &person("sergey-lavrov", "Lavrov")).await.unwrap(), 3);
    assert_eq!(conflict(tx.update(id, 2, &person("sergey-lavrov", "Lavrov!")).await), ("stale_version", Some(3)));
}

/// An update or a delete of an id that does not exist is `NotFound`, and changes nothing.
pub async fn an_update_or_delete_of_a_missing_id_is_not_found(store: SqlStore) {
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let id = tx.insert(&person("sergey-lavrov", "Sergey Lavrov")).await.unwrap();
    tx.commit().await.unwrap();
    let before = snapshot(&store).await;
    let missing = id + 1000;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let r = tx.update(missing, 1, &person("nobody", "Nobody")).await;
    assert!(matches!(r, Err(Error::NotFound { .. })), "update: {r:?}");
    drop(tx);
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let r = tx.delete(Kind::Person, missing, 1).await;
    assert!(matches!(r, Err(Error::NotFound { .. })), "delete: {r:?}");
    drop(tx);
    // An id of another kind is not found either.
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let r = tx.update(id, 1, &state("KZ", "Kazakhstan")).await;
    assert!(matches!(r, Err(Error::NotFound { .. })), "a person's id as a state's: {r:?}");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
}

/// A second record with the same code or key is refused as `duplicate`, and nothing is written.
pub async fn a_duplicate_code_or_key_is_refused_as_duplicate(store: SqlStore) {
    seed(&store).await;
    let before = snapshot(&store).await;
    let dupes = [
        state("KZ", "Kazakhstan again"),
        person("sergey-lavrov", "Another Lavrov"),
        find(&store, Kind::Organisation, "CSTO").await.record,
        find(&store, Kind::Body, "CSTO/CFM").await.record,
        find(&store, Kind::Meeting, "cfm-2018-06-almaty").await.record,
        find(&store, Kind::Post, "foreign-minister-kz").await.record,
        find(&store, Kind::City, "almaty").await.record,
        all(&store, Kind::Delegation).await[0].record.clone(),
        all(&store, Kind::ProgrammeEvent).await[0].record.clone(),
    ];
    for record in &dupes {
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        assert_eq!(conflict(tx.insert(record).await).0, "duplicate", "{record:?}");
    }
    // Renaming a record onto another's key is refused before it could be a duplicate: codes never change.
    let kz = find(&store, Kind::State, "KZ").await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.update(kz.id, kz.version, &state("RU", "Russia")).await.unwrap_err().code(), "key_immutable");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
    // The same body code in another organisation is no duplicate.
    let Record::Body(mut body) = find(&store, Kind::Body, "CSTO/PC").await.record else { panic!("not a body") };
    body.organisation = Code::parse("SCO").unwrap();
    body.parent = None;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.insert(&Record::Body(body)).await.unwrap();
    tx.commit().await.unwrap();
}

/// Deleting a record that others refer to is refused as `in_use`; the record, its version, every table and the
/// audit log stay as they were. An unreferenced record deletes.
pub async fn deleting_a_referenced_record_is_refused_as_in_use_and_changes_nothing(store: SqlStore) {
    seed(&store).await;
    let before = snapshot(&store).await;
    let targets = [
        (Kind::State, "KZ"),
        (Kind::Person, "sergey-lavrov"),
        (Kind::Organisation, "CSTO"),
        (Kind::Body, "CSTO/CSC"),
        (Kind::Meeting, "cfm-2018-06-almaty"),
        (Kind::City, "almaty"),
        (Kind::Post, "foreign-minister-ru"),
    ];
    for (kind, key) in targets {
        let stored = find(&store, kind, key).await;
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        assert_eq!(conflict(tx.delete(kind, stored.id, stored.version).await), ("in_use", None), "{key}");
        drop(tx);
        assert_eq!(
            store.get(kind, stored.id, &Viewer::Secretariat).await.unwrap(),
            Some(stored),
            "{key} is still there"
        );
    }
    assert_eq!(snapshot(&store).await, before);
    // A record nothing refers to goes, with one audit entry.
    let minsk = find(&store, Kind::Meeting, "csc-2017-11-minsk").await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.delete(Kind::Meeting, minsk.id, minsk.version).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.get(Kind::Meeting, minsk.id, &Viewer::Secretariat).await.unwrap(), None);
    let entries = audit(&store).await;
    assert_eq!(entries.len(), before.1.len() + 1);
    let last = entries.last().unwrap();
    assert_eq!((last.action.as_str(), last.entity.as_str(), last.entity_id), ("deleted", "meeting", minsk.id));
    assert_eq!(last.before.as_deref(), Some(minsk.record.to_json().as_str()));
    assert_eq!(last.after, None);
}

// ----------------------------------------------------------------------------------------------------------------
// Transactions and the audit log
// ----------------------------------------------------------------------------------------------------------------

/// A transaction dropped without commit leaves no record, no account, no agenda change and no audit entry; the
/// audit head is unchanged and the next write links to it.
pub async fn a_transaction_dropped_without_commit_leaves_nothing(store: SqlStore) {
    seed(&store).await;
    let before = snapshot(&store).await;
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let lavrov = find(&store, Kind::Person, "sergey-lavrov").await;
    {
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        let id = tx.insert(&person("ghost", "Ghost")).await.unwrap();
        assert!(tx.get(Kind::Person, id).await.unwrap().is_some(), "the transaction sees its own write");
        tx.update(lavrov.id, lavrov.version, &person("sergey-lavrov", "Changed")).await.unwrap();
        let adopted =
            AgendaState { status: AgendaStatus::Adopted, adopted_at_us: Some(1), adopted_by: Some("x".into()) };
        tx.set_agenda(almaty.id, &adopted, "adopted").await.unwrap();
        let account = tx.insert_account(&new_account("ghost-user", AccountRole::Press, None)).await.unwrap();
        tx.insert_token(account, "ghost", &token_hash("ghost-token"), i64::MAX).await.unwrap();
        assert_eq!(store.find(Kind::Person, "ghost", &Viewer::Secretariat).await.unwrap(), None, "not seen outside");
    }
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(store.find(Kind::Person, "ghost", &Viewer::Secretariat).await.unwrap(), None);
    assert_eq!(store.get(Kind::Person, lavrov.id, &Viewer::Secretariat).await.unwrap(), Some(lavrov));
    assert_eq!(store.agenda(almaty.id).await.unwrap().status, AgendaStatus::Provisional);
    assert_eq!(store.account_by_name("ghost-user").await.unwrap(), None);
    assert_eq!(store.account_by_token(&token_hash("ghost-token"), jiff::Timestamp::UNIX_EPOCH).await.unwrap(), None);
    // An error in the middle and a drop: the same.
    {
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        tx.insert(&person("ghost", "Ghost")).await.unwrap();
        assert!(tx.insert(&person("ghost", "Ghost")).await.is_err());
    }
    assert_eq!(snapshot(&store).await, before);
    // The next committed write follows the head as it was.
    let (seq, hash) = before.2;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.insert(&person("real", "Real")).await.unwrap();
    tx.commit().await.unwrap();
    let entries = audit(&store).await;
    let last = entries.last().unwrap();
    assert_eq!((last.seq, last.prev_hash.as_str()), (seq + 1, hash.as_str()));
    assert_eq!(verify(&entries), Ok(u64::try_from(seq + 1).unwrap()));
}

/// An import whose last record is bad writes nothing at all: not one row in any table, not one audit entry.
pub async fn an_import_whose_last_record_is_bad_writes_nothing_at_all(store: SqlStore) {
    let app = app(&store);
    app.import(&Actor::system(), &extra_without_references()).await.unwrap();
    let before = snapshot(&store).await;
    assert!(before.0["state"] > 0);

    // The last agenda item names a meeting that does not exist.
    let mut bad = demo();
    bad.agenda_items.push(item("cfm-2099-01-nowhere", 1, Visibility::Public));
    let r = app.import(&Actor::system(), &bad).await;
    assert!(matches!(r, Err(Error::Invalid { code: "unknown_reference", .. })), "{r:?}");
    assert_eq!(snapshot(&store).await, before);

    // The last agenda item names a sitting the meeting does not have.
    let mut bad = demo();
    let mut last = bad.agenda_items.last().unwrap().clone();
    last.number = 13;
    last.sitting = Some(Key::parse("no-such-sitting").unwrap());
    bad.agenda_items.push(last);
    let r = app.import(&Actor::system(), &bad).await;
    assert!(matches!(r, Err(Error::Invalid { code: "unknown_reference", .. })), "{r:?}");
    assert_eq!(snapshot(&store).await, before);

    // The database itself refuses a late record (a second delegation of one state to one meeting).
    let mut bad = demo();
    let dup = bad.delegations[0].clone();
    bad.delegations.push(dup);
    let r = app.import(&Actor::system(), &bad).await;
    assert_eq!(conflict(r).0, "duplicate");
    assert_eq!(snapshot(&store).await, before);

    // The last adopted agenda names an unknown meeting.
    let mut bad = demo();
    bad.adopted_agendas.push(secretariat_core::scenario::AdoptedAgenda {
        meeting: Key::parse("cfm-2099-01-nowhere").unwrap(),
        adopted_at: now(),
    });
    assert!(app.import(&Actor::system(), &bad).await.is_err());
    assert_eq!(snapshot(&store).await, before);

    // And the good file still imports whole afterwards.
    app.import_demo().await.unwrap();
    assert_eq!(all(&store, Kind::AgendaItem).await.len(), demo().agenda_items.len());
    assert_eq!(verify(&audit(&store).await).map(|n| n > 104), Ok(true));
}

/// Only the parts of the extra organisation that refer to nothing of the demo: a state, its cities and a person.
fn extra_without_references() -> Scenario {
    let mut e = extra();
    e.organisations.clear();
    e.posts.clear();
    e.mandates.clear();
    e.memberships.clear();
    e.bodies.clear();
    e.meetings.clear();
    e.programme.clear();
    e.delegations.clear();
    e.agenda_items.clear();
    e.adopted_agendas.clear();
    e
}

fn new_account(username: &str, role: AccountRole, state: Option<&str>) -> NewAccount {
    NewAccount {
        username: username.to_owned(),
        display_name: format!("{username} (display)"),
        role,
        state: state.map(|s| StateCode::parse(s).unwrap()),
        head_of_delegation: role == AccountRole::Delegate,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo".to_owned(),
    }
}

/// Each committed change appends exactly one audit entry (who, when, what, before, after) and the chain verifies.
pub async fn every_committed_write_appends_one_audit_entry_per_change_and_the_chain_verifies(store: SqlStore) {
    assert_eq!(head(&store).await, (0, GENESIS.to_owned()));
    assert_eq!(audit(&store).await, vec![]);
    let app = app(&store);
    let file = standing_only(&demo());
    let report = app.import(&Actor::system(), &file).await.unwrap();
    let entries = audit(&store).await;
    assert_eq!(entries.len(), report.records);
    let mut expected = Vec::new();
    for kind in Kind::ALL {
        for stored in all(&store, kind).await {
            expected.push((kind.as_str().to_owned(), stored.id, stored.record.to_json()));
        }
    }
    for (i, (e, (entity, id, json))) in entries.iter().zip(&expected).enumerate() {
        assert_eq!(e.seq, i64::try_from(i).unwrap() + 1);
        assert_eq!((e.action.as_str(), e.actor.as_str(), e.at_us), ("created", "system", now().as_microsecond()));
        assert_eq!((&e.entity, e.entity_id), (entity, *id));
        assert_eq!((e.before.as_deref(), e.after.as_deref()), (None, Some(json.as_str())));
    }
    assert_eq!(expected.len(), Kind::ALL.iter().map(|k| records_of(&file, *k).len()).sum::<usize>());
    assert_eq!(verify(&entries), Ok(u64::try_from(entries.len()).unwrap()));
    let last = entries.last().unwrap();
    assert_eq!(head(&store).await, (last.seq, last.hash.clone()));

    // One transaction of five changes of five sorts: five entries, in order.
    let n = entries.len();
    let later: Timestamp = "2018-06-11T09:00:00Z".parse().unwrap();
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let lavrov = find(&store, Kind::Person, "sergey-lavrov").await;
    let items = {
        let mut f = everything(Viewer::Secretariat);
        f.meeting = Some(almaty.id);
        store.list(Kind::AgendaItem, &f).await.unwrap()
    };
    let twelfth = items.last().unwrap().clone();
    let adopted = AgendaState {
        status: AgendaStatus::Adopted,
        adopted_at_us: Some(later.as_microsecond()),
        adopted_by: Some("officer".into()),
    };
    let mut tx = store.begin(&officer(), later).await.unwrap();
    tx.update(lavrov.id, 1, &person("sergey-lavrov", "Sergei Lavrov")).await.unwrap();
    tx.delete(Kind::AgendaItem, twelfth.id, 1).await.unwrap();
    tx.set_agenda(almaty.id, &adopted, "adopted").await.unwrap();
    let account = tx.insert_account(&new_account("officer", AccountRole::Secretariat, None)).await.unwrap();
    let token = tx.insert_token(account, "cli", &token_hash("a-token"), i64::MAX).await.unwrap();
    tx.commit().await.unwrap();
    let entries = audit(&store).await;
    assert_eq!(entries.len(), n + 5);
    let new = &entries[n..];
    let what: Vec<(&str, &str, i64)> =
        new.iter().map(|e| (e.action.as_str(), e.entity.as_str(), e.entity_id)).collect();
    assert_eq!(
        what,
        [
            ("changed", "person", lavrov.id),
            ("deleted", "agenda_item", twelfth.id),
            ("adopted", "agenda", almaty.id),
            ("created", "account", account),
            ("created", "api_token", token),
        ]
    );
    assert!(new.iter().all(|e| e.actor == "officer" && e.at_us == later.as_microsecond()));
    assert_eq!(new[0].before.as_deref(), Some(lavrov.record.to_json().as_str()));
    assert_eq!(new[0].after.as_deref(), Some(person("sergey-lavrov", "Sergei Lavrov").to_json().as_str()));
    assert_eq!((new[1].before.as_deref(), new[1].after.as_deref()), (Some(twelfth.record.to_json().as_str()), None));
    assert_eq!(new[1].scope, format!("meeting:{}", almaty.id));
    assert_eq!(new[2].scope, format!("meeting:{}", almaty.id));
    assert!(new[3].after.as_deref().is_some_and(|a| !a.contains("argon2")), "no password hash in the log");
    assert_eq!(verify(&entries), Ok(u64::try_from(n + 5).unwrap()));
    let last = entries.last().unwrap();
    assert_eq!(head(&store).await, (last.seq, last.hash.clone()));

    // Entries by scope and from an instant on.
    let scope = format!("meeting:{}", almaty.id);
    let of_almaty = store.audit_entries(Some(&scope), None).await.unwrap();
    let expected: Vec<AuditEntry> = entries.iter().filter(|e| e.scope == scope).cloned().collect();
    assert_eq!(of_almaty, expected);
    assert_eq!(
        of_almaty.len(),
        1 + 4 + 6 + 12 + 2,
        "the meeting, its programme, delegations, items, a deletion, the adoption"
    );
    assert_eq!(store.audit_entries(None, Some(later.as_microsecond())).await.unwrap(), new.to_vec());
    assert_eq!(store.audit_entries(Some(&scope), Some(later.as_microsecond())).await.unwrap(), new[1..3].to_vec());
    assert_eq!(store.audit_entries(None, Some(later.as_microsecond() + 1)).await.unwrap(), vec![]);
    let person_scope = format!("person:{}", lavrov.id);
    assert_eq!(store.audit_entries(Some(&person_scope), None).await.unwrap().len(), 2);
}

/// Eight tasks, each writing five people in its own transaction, all at once: every one commits (SQLite's busy
/// timeout and PostgreSQL's row lock serialise them), each transaction's entries stay together, the chain verifies.
pub async fn concurrent_writers_all_commit_and_the_chain_stays_whole(store: SqlStore) {
    const TASKS: usize = 8;
    const EACH: usize = 5;
    let barrier = Arc::new(tokio::sync::Barrier::new(TASKS));
    let mut handles = Vec::new();
    for t in 0..TASKS {
        let store = store.clone();
        let barrier = barrier.clone();
        handles.push(tokio::spawn(async move {
            let actor = Actor {
                account: None,
                name: format!("writer-{t}"),
                role: Some(AccountRole::Secretariat),
                state: None,
                head_of_delegation: false,
            };
            barrier.wait().await;
            let mut tx = store.begin(&actor, now()).await?;
            for p in 0..EACH {
                tx.insert(&person(&format!("writer-{t}-person-{p}"), &format!("Person {p} of writer {t}"))).await?;
                tokio::task::yield_now().await;
            }
            tx.commit().await
        }));
    }
    for h in handles {
        h.await.unwrap().unwrap();
    }
    let people = all(&store, Kind::Person).await;
    assert_eq!(people.len(), TASKS * EACH);
    let entries = audit(&store).await;
    assert_eq!(entries.len(), TASKS * EACH);
    assert_eq!(verify(&entries), Ok(u64::try_from(TASKS * EACH).unwrap()));
    for chunk in entries.chunks(EACH) {
        let actor = &chunk[0].actor;
        assert!(chunk.iter().all(|e| &e.actor == actor), "one transaction's entries are not interleaved");
        let keys: Vec<String> = chunk
            .iter()
            .map(|e| serde_json::from_str::<serde_json::Value>(e.after.as_deref().unwrap()).unwrap()["key"].to_string())
            .collect();
        let expected: Vec<String> = (0..EACH).map(|p| format!("\"{actor}-person-{p}\"")).collect();
        assert_eq!(keys, expected);
    }
    let last = entries.last().unwrap();
    assert_eq!(head(&store).await, (i64::try_from(TASKS * EACH).unwrap(), last.hash.clone()));
}

/// Eight tasks each changing the same record at the same version: exactly one wins, the others get a stale
/// version naming the winner's, and the chain verifies.
pub async fn concurrent_updates_of_one_version_let_exactly_one_win(store: SqlStore) {
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let id = tx.insert(&person("sergey-lavrov", "Sergey Lavrov")).await.unwrap();
    tx.commit().await.unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let mut handles = Vec::new();
    for t in 0..8 {
        let store = store.clone();
        let barrier = barrier.clone();
        handles.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut tx = store.begin(&officer(), now()).await?;
            tx.update(id, 1, &person("sergey-lavrov", &format!("Lavrov {t}"))).await?;
            tx.commit().await
        }));
    }
    let mut won = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(()) => won += 1,
            other => assert_eq!(conflict(other), ("stale_version", Some(2))),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(store.get(Kind::Person, id, &Viewer::Secretariat).await.unwrap().unwrap().version, 2);
    let entries = audit(&store).await;
    assert_eq!(verify(&entries), Ok(2));
}

/// A meeting's agenda is provisional until set otherwise; the state set reads back exactly, and is exported.
pub async fn the_agenda_is_provisional_until_adopted_and_its_state_round_trips(store: SqlStore) {
    let app = app(&store);
    app.import_demo().await.unwrap();
    let provisional = AgendaState { status: AgendaStatus::Provisional, adopted_at_us: None, adopted_by: None };
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let astana = find(&store, Kind::Meeting, "csc-2018-11-astana").await;
    assert_eq!(store.agenda(almaty.id).await.unwrap(), provisional);
    let at: Timestamp = "2018-06-11T04:15:00.123456Z".parse().unwrap();
    let adopted = AgendaState {
        status: AgendaStatus::Adopted,
        adopted_at_us: Some(at.as_microsecond()),
        adopted_by: Some("officer".into()),
    };
    let mut tx = store.begin(&officer(), at).await.unwrap();
    assert_eq!(tx.agenda(almaty.id).await.unwrap(), provisional);
    tx.set_agenda(almaty.id, &adopted, "adopted").await.unwrap();
    assert_eq!(tx.agenda(almaty.id).await.unwrap(), adopted, "the transaction sees its own change");
    assert_eq!(store.agenda(almaty.id).await.unwrap(), provisional, "others do not, before commit");
    tx.commit().await.unwrap();
    assert_eq!(store.agenda(almaty.id).await.unwrap(), adopted);
    assert_eq!(store.agenda(astana.id).await.unwrap(), provisional, "other meetings keep theirs");
    let exported = app.export().await.unwrap();
    assert_eq!(exported.adopted_agendas.len(), 1);
    assert_eq!(exported.adopted_agendas[0].meeting.as_str(), "cfm-2018-06-almaty");
    assert_eq!(exported.adopted_agendas[0].adopted_at, at);
    let entry = audit(&store).await.pop().unwrap();
    assert_eq!((entry.action.as_str(), entry.entity.as_str(), entry.entity_id), ("adopted", "agenda", almaty.id));
    assert_eq!(entry.scope, format!("meeting:{}", almaty.id));
    let json = |a: &AgendaState| serde_json::to_value(a).unwrap();
    let before: serde_json::Value = serde_json::from_str(entry.before.as_deref().unwrap()).unwrap();
    let after: serde_json::Value = serde_json::from_str(entry.after.as_deref().unwrap()).unwrap();
    assert_eq!((before, after), (json(&provisional), json(&adopted)));

    // Set again (reopened), it reads back again.
    let mut tx = store.begin(&officer(), at).await.unwrap();
    tx.set_agenda(almaty.id, &provisional, "reopened").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.agenda(almaty.id).await.unwrap(), provisional);
    assert_eq!(app.export().await.unwrap().adopted_agendas, vec![]);
    assert_eq!(verify(&audit(&store).await).map(|n| n > 104), Ok(true));
}

// ----------------------------------------------------------------------------------------------------------------
// Accounts, sessions and tokens
// ----------------------------------------------------------------------------------------------------------------

/// An account reads back by name exactly; a second account of the same name is a duplicate.
pub async fn an_account_reads_back_by_name_and_a_second_of_the_same_name_is_a_duplicate(store: SqlStore) {
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    let new = new_account("delegate-ru", AccountRole::Delegate, Some("RU"));
    let id = tx.insert_account(&new).await.unwrap();
    let press = tx.insert_account(&new_account("press", AccountRole::Press, None)).await.unwrap();
    assert_ne!(id, press);
    tx.commit().await.unwrap();
    let account = store.account_by_name("delegate-ru").await.unwrap().unwrap();
    assert_eq!(
        account,
        Account {
            id,
            username: new.username.clone(),
            display_name: new.display_name.clone(),
            role: AccountRole::Delegate,
            state: Some(StateCode::parse("RU").unwrap()),
            head_of_delegation: true,
            language: None,
            password_hash: new.password_hash.clone(),
        }
    );
    assert_eq!(account.viewer(), delegate("RU", true));
    let p = store.account_by_name("press").await.unwrap().unwrap();
    assert_eq!((p.id, p.role, p.state, p.head_of_delegation), (press, AccountRole::Press, None, false));
    assert_eq!(store.account_by_name("nobody").await.unwrap(), None);
    assert_eq!(store.account_by_name("DELEGATE-RU").await.unwrap(), None, "names are exact");
    let before = snapshot(&store).await;
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    assert_eq!(conflict(tx.insert_account(&new).await).0, "duplicate");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
}

/// A session is found by its token hash until it expires, never after, and not once deleted.
pub async fn a_session_is_found_until_it_expires_or_is_deleted(store: SqlStore) {
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    let id = tx.insert_account(&new_account("officer", AccountRole::Secretariat, None)).await.unwrap();
    tx.commit().await.unwrap();
    let account = store.account_by_name("officer").await.unwrap().unwrap();
    // Sessions are created at the real time (the store sweeps those already expired by the wall clock).
    let real_now = Timestamp::now();
    let expires_us = real_now.as_microsecond() + 3_600_000_000;
    let session =
        Session { token_hash: token_hash("session-token"), account: id, csrf: "csrf-token".into(), expires_us };
    store.create_session(&session, real_now).await.unwrap();
    let other = Session { token_hash: token_hash("other-token"), account: id, csrf: "other-csrf".into(), expires_us };
    store.create_session(&other, real_now).await.unwrap();

    assert_eq!(store.session(&session.token_hash, real_now).await.unwrap(), Some((account.clone(), session.clone())));
    let just_before = Timestamp::from_microsecond(expires_us - 1).unwrap();
    assert_eq!(
        store.session(&session.token_hash, just_before).await.unwrap(),
        Some((account.clone(), session.clone()))
    );
    let at_expiry = Timestamp::from_microsecond(expires_us).unwrap();
    assert_eq!(store.session(&session.token_hash, at_expiry).await.unwrap(), None, "expired at its instant");
    let later = Timestamp::from_microsecond(expires_us + 86_400_000_000).unwrap();
    assert_eq!(store.session(&session.token_hash, later).await.unwrap(), None);
    assert_eq!(store.session(&token_hash("unknown"), real_now).await.unwrap(), None);
    assert_eq!(store.session("session-token", real_now).await.unwrap(), None, "found by hash, not by token");

    store.delete_session(&session.token_hash).await.unwrap();
    assert_eq!(store.session(&session.token_hash, real_now).await.unwrap(), None);
    store.delete_session(&session.token_hash).await.unwrap();
    assert_eq!(
        store.session(&other.token_hash, real_now).await.unwrap(),
        Some((account.clone(), other)),
        "others live"
    );

    // A session that has already expired is never returned.
    let stale = Session {
        token_hash: token_hash("stale-token"),
        account: id,
        csrf: "stale".into(),
        expires_us: real_now.as_microsecond() - 1,
    };
    store.create_session(&stale, real_now).await.unwrap();
    assert_eq!(store.session(&stale.token_hash, real_now).await.unwrap(), None);
    assert_eq!(store.session(&stale.token_hash, Timestamp::now()).await.unwrap(), None);
}

/// An API token's hash finds its account; an unknown token finds nothing; a hash is stored once.
pub async fn an_api_token_finds_its_account_by_hash(store: SqlStore) {
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    let kz = tx.insert_account(&new_account("delegate-kz", AccountRole::Delegate, Some("KZ"))).await.unwrap();
    let officer = tx.insert_account(&new_account("officer", AccountRole::Secretariat, None)).await.unwrap();
    tx.insert_token(kz, "cli", &token_hash("kz-token"), i64::MAX).await.unwrap();
    tx.insert_token(kz, "second", &token_hash("kz-token-2"), i64::MAX).await.unwrap();
    tx.insert_token(officer, "cli", &token_hash("officer-token"), i64::MAX).await.unwrap();
    assert_eq!(
        store.account_by_token(&token_hash("kz-token"), jiff::Timestamp::UNIX_EPOCH).await.unwrap(),
        None,
        "not before commit"
    );
    tx.commit().await.unwrap();
    let account = store.account_by_name("delegate-kz").await.unwrap().unwrap();
    assert_eq!(
        store.account_by_token(&token_hash("kz-token"), jiff::Timestamp::UNIX_EPOCH).await.unwrap(),
        Some(account.clone())
    );
    assert_eq!(
        store.account_by_token(&token_hash("kz-token-2"), jiff::Timestamp::UNIX_EPOCH).await.unwrap(),
        Some(account)
    );
    assert_eq!(
        store.account_by_token(&token_hash("officer-token"), jiff::Timestamp::UNIX_EPOCH).await.unwrap().map(|a| a.id),
        Some(officer)
    );
    assert_eq!(store.account_by_token(&token_hash("unknown"), jiff::Timestamp::UNIX_EPOCH).await.unwrap(), None);
    assert_eq!(
        store.account_by_token("kz-token", jiff::Timestamp::UNIX_EPOCH).await.unwrap(),
        None,
        "found by hash, not by token"
    );
    let before = snapshot(&store).await;
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    assert_eq!(conflict(tx.insert_token(officer, "again", &token_hash("kz-token"), i64::MAX).await).0, "duplicate");
    drop(tx);
    assert_eq!(snapshot(&store).await, before);
}

/// The store ends sessions by the caller's clock (`session(…, now)`), so creating a session must not end another
/// that is still live by that clock (the clock is injected: DESIGN §4, "Time").
pub async fn a_new_session_never_ends_one_that_is_live_by_the_callers_clock(store: SqlStore) {
    let mut tx = store.begin(&Actor::system(), now()).await.unwrap();
    let id = tx.insert_account(&new_account("officer", AccountRole::Secretariat, None)).await.unwrap();
    tx.commit().await.unwrap();
    let account = store.account_by_name("officer").await.unwrap().unwrap();
    // As `Secretariat::sign_in` does under a test clock: twelve hours from the clock's now.
    let expires_us = now().as_microsecond() + 12 * 3_600_000_000;
    let first = Session { token_hash: token_hash("first"), account: id, csrf: "a".into(), expires_us };
    store.create_session(&first, now()).await.unwrap();
    let an_hour_later = Timestamp::from_microsecond(now().as_microsecond() + 3_600_000_000).unwrap();
    assert_eq!(store.session(&first.token_hash, an_hour_later).await.unwrap(), Some((account.clone(), first.clone())));
    let second = Session { token_hash: token_hash("second"), account: id, csrf: "b".into(), expires_us };
    store.create_session(&second, an_hour_later).await.unwrap();
    assert_eq!(
        store.session(&first.token_hash, an_hour_later).await.unwrap(),
        Some((account.clone(), first)),
        "the first session is still live an hour after the clock's now, whatever the wall clock says"
    );
    assert_eq!(store.session(&second.token_hash, an_hour_later).await.unwrap(), Some((account, second)));
}

/// Some references are kept by key rather than by row id: an agenda item's sitting, a delegation's members, a
/// joint meeting's other bodies. Deleting what they name must be refused as `in_use` like any other reference,
/// or the record would name something that no longer exists (and its export would no longer import).
pub async fn deleting_a_record_referred_to_by_key_is_refused_as_in_use(store: SqlStore) {
    seed(&store).await;
    // A person who is only a member of a delegation, and a body that only meets jointly.
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.insert(&person("aide-kz", "An aide")).await.unwrap();
    let delegations = all(&store, Kind::Delegation).await;
    let almaty_kz = |d: &&Stored<Record>| match &d.record {
        Record::Delegation(x) => x.meeting.as_str() == "cfm-2018-06-almaty" && x.state.as_str() == "KZ",
        _ => false,
    };
    let delegation = delegations.iter().find(almaty_kz).unwrap();
    let Record::Delegation(mut d) = delegation.record.clone() else { panic!("not a delegation") };
    d.members.push(Key::parse("aide-kz").unwrap());
    tx.update(delegation.id, delegation.version, &Record::Delegation(d)).await.unwrap();
    let qingdao = find(&store, Kind::Meeting, "sco-hsc-2018-06-qingdao").await;
    let Record::Meeting(mut m) = qingdao.record.clone() else { panic!("not a meeting") };
    let mut joint = find(&store, Kind::Body, "SCO/CFM").await.record;
    if let Record::Body(b) = &mut joint {
        b.code = Code::parse("RATS").unwrap();
        b.parent = None;
    }
    tx.insert(&joint).await.unwrap();
    m.joint_with = vec![Code::parse("RATS").unwrap()];
    tx.update(qingdao.id, qingdao.version, &Record::Meeting(m)).await.unwrap();
    tx.commit().await.unwrap();

    let before = snapshot(&store).await;
    let beijing = find(&store, Kind::Meeting, "sco-cfm-2018-04-beijing").await;
    let mut f = everything(Viewer::Secretariat);
    f.meeting = Some(beijing.id);
    let plenary = store
        .list(Kind::ProgrammeEvent, &f)
        .await
        .unwrap()
        .into_iter()
        .find(|e| matches!(&e.record, Record::ProgrammeEvent(x) if x.key.as_str() == "plenary"))
        .unwrap();
    let targets = [
        ("the sitting agenda item 1 is taken in", plenary),
        ("a member of the KZ delegation", find(&store, Kind::Person, "aide-kz").await),
        ("the other body of the joint meeting", find(&store, Kind::Body, "SCO/RATS").await),
    ];
    let mut not_refused = Vec::new();
    for (what, stored) in targets {
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        match tx.delete(stored.record.kind(), stored.id, stored.version).await {
            Err(Error::Conflict { code: "in_use", .. }) => {}
            other => not_refused.push(format!("{what}: {other:?}")),
        }
        // Dropped: whatever the answer, nothing is committed here.
    }
    assert_eq!(snapshot(&store).await, before);
    assert!(not_refused.is_empty(), "deletes that were not refused as in_use: {not_refused:?}");
}

/// Codes and keys name records across the store (in foreign keys and inside JSON lists), so a record's code or key
/// never changes: a rename is refused and nothing changes; names change over time instead.
pub async fn renaming_a_record_is_refused_so_that_every_reference_stays_whole(store: SqlStore) {
    seed(&store).await;
    let alimov = find(&store, Kind::Person, "rashid-alimov").await;
    let beijing = find(&store, Kind::Meeting, "sco-cfm-2018-04-beijing").await;
    let mut f = everything(Viewer::Secretariat);
    f.meeting = Some(beijing.id);
    let plenary = store
        .list(Kind::ProgrammeEvent, &f)
        .await
        .unwrap()
        .into_iter()
        .find(|e| matches!(&e.record, Record::ProgrammeEvent(x) if x.key.as_str() == "plenary"))
        .unwrap();
    let Record::ProgrammeEvent(mut renamed_sitting) = plenary.record.clone() else { panic!("not an event") };
    renamed_sitting.key = Key::parse("plenary-sitting").unwrap();
    let sco_cfm = find(&store, Kind::Body, "SCO/CFM").await;
    let Record::Body(mut renamed_body) = sco_cfm.record.clone() else { panic!("not a body") };
    renamed_body.code = Code::parse("CMFA").unwrap();
    let renames: [(&Stored<Record>, Record); 3] = [
        (&alimov, person("alimov", "Rashid Alimov")),
        (&plenary, Record::ProgrammeEvent(renamed_sitting)),
        (&sco_cfm, Record::Body(renamed_body)),
    ];
    for (stored, renamed) in renames {
        let before = snapshot(&store).await;
        let mut tx = store.begin(&officer(), now()).await.unwrap();
        let err = tx.update(stored.id, stored.version, &renamed).await.unwrap_err();
        assert_eq!(err.code(), "key_immutable", "{renamed:?}");
        drop(tx);
        assert_eq!(snapshot(&store).await, before, "a refused rename changes nothing");
    }
}

/// A deleted record's id is never given to another: the audit log, change logs and links name records by id, so a
/// reused id would mix two records' histories (and the engines would differ: DESIGN §4, "two engines, one
/// behaviour").
pub async fn the_id_of_a_deleted_record_is_never_given_to_another(store: SqlStore) {
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.insert(&person("first", "First")).await.unwrap();
    let gone = tx.insert(&person("gone", "Gone")).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.delete(Kind::Person, gone, 1).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let next = tx.insert(&person("next", "Next")).await.unwrap();
    tx.commit().await.unwrap();
    assert_ne!(next, gone, "the id of the deleted person was given to another");
    let history: Vec<String> = audit(&store)
        .await
        .into_iter()
        .filter(|e| e.entity == "person" && e.entity_id == next)
        .map(|e| e.action)
        .collect();
    assert_eq!(history, ["created"], "the new person's history is its own");
}

/// A sign-in throttle counter is replaced only while it is still the one read, so that concurrent attempts cannot
/// both count from the same value; a new counter sweeps away the long-quiet ones.
pub async fn a_throttle_counter_is_replaced_only_while_it_is_the_one_read(store: SqlStore) {
    use secretariat_core::rules::throttle::Counter;
    let c = |failures, at| Counter { failures, last_failure_us: at, next_attempt_us: at };
    let key = "account:127.0.0.1:officer";
    assert_eq!(store.throttle_counter(key).await.unwrap(), None);
    assert!(store.swap_throttle_counter(key, None, &c(1, 100), 0).await.unwrap());
    assert!(!store.swap_throttle_counter(key, None, &c(1, 101), 0).await.unwrap(), "a second first counter loses");
    assert!(store.swap_throttle_counter(key, Some(&c(1, 100)), &c(2, 200), 0).await.unwrap());
    assert!(!store.swap_throttle_counter(key, Some(&c(1, 100)), &c(2, 201), 0).await.unwrap(), "a stale read loses");
    assert_eq!(store.throttle_counter(key).await.unwrap(), Some(c(2, 200)));
    assert!(store.swap_throttle_counter("address:10.0.0.1", None, &c(1, 5_000), 1_000).await.unwrap());
    assert_eq!(store.throttle_counter(key).await.unwrap(), None, "quiet since before 1,000 µs: swept");
    store.delete_throttle_counter("address:10.0.0.1").await.unwrap();
    assert_eq!(store.throttle_counter("address:10.0.0.1").await.unwrap(), None);
}

/// A token finds its account only until it expires or is revoked; revoking writes an audit entry and keeps the row.
pub async fn an_expired_or_revoked_token_finds_no_account_and_stays_listed(store: SqlStore) {
    let at = now();
    let mut tx = store.begin(&Actor::system(), at).await.unwrap();
    let kz = tx.insert_account(&new_account("delegate-kz", AccountRole::Delegate, Some("KZ"))).await.unwrap();
    let expires = at.as_microsecond() + 1_000_000;
    let short = tx.insert_token(kz, "short", &token_hash("short-token"), expires).await.unwrap();
    let revoked = tx.insert_token(kz, "revoked", &token_hash("revoked-token"), i64::MAX).await.unwrap();
    tx.commit().await.unwrap();
    let found = |token: &'static str, when: Timestamp| {
        let store = store.clone();
        async move { store.account_by_token(&token_hash(token), when).await.unwrap().map(|a| a.id) }
    };
    assert_eq!(found("short-token", at).await, Some(kz));
    assert_eq!(found("short-token", Timestamp::from_microsecond(expires).unwrap()).await, None, "expired");
    let mut tx = store.begin(&Actor::system(), at).await.unwrap();
    tx.revoke_token(revoked).await.unwrap();
    assert_eq!(tx.revoke_token(999_999).await.unwrap_err().code(), "not_found");
    drop(tx);
    assert_eq!(found("revoked-token", at).await, Some(kz), "a rolled-back revocation revokes nothing");
    let mut tx = store.begin(&Actor::system(), at).await.unwrap();
    tx.revoke_token(revoked).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(found("revoked-token", at).await, None);
    let listed = store.tokens(Some(kz)).await.unwrap();
    assert_eq!(
        listed.iter().map(|t| (t.id, t.revoked_at.is_some())).collect::<Vec<_>>(),
        [(short, false), (revoked, true)]
    );
    assert_eq!(store.tokens(Some(kz + 1000)).await.unwrap(), []);
    assert_eq!(
        audit(&store).await.last().map(|e| (e.action.clone(), e.entity.clone())),
        Some(("revoked".into(), "api_token".into()))
    );
}
