//! The scenarios the checks start from, and what a scenario says each kind should hold.

use super::*;

/// A second organisation, imported after the demo. It fills in what the demo leaves out (names that change, a
/// joint meeting with a chair set, times of day, delegation members, an item taken in a sitting, `members` and
/// `sponsors` items, chairmanship overrides, an observer with an end date, a body's own seats, an adopted agenda) and gives every list
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
  "seats": [
    {"organisation": "SCO", "body": "CFM", "state": "CN", "kind": "member", "from": "2001-06-15"},
    {"organisation": "SCO", "body": "CFM", "state": "KZ", "kind": "member", "from": "2001-06-15", "to": "2019-12-31"}
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
        Kind::Seat => all(&s.seats, Record::Seat),
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
    const KEEP: [&str; 15] = [
        "format",
        "states",
        "cities",
        "people",
        "organisations",
        "posts",
        "mandates",
        "memberships",
        "bodies",
        "seats",
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
    s.seats.extend(more.seats);
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
        | Record::Seat(_)
        | Record::ProgrammeEvent(_)
        | Record::Delegation(_)
        | Record::AgendaItem(_)
        | Record::PlanItem(_)
        | Record::Instruction(_)
        | Record::Delivery(_)
        | Record::Signature(_) => None,
    }
}
