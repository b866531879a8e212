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

/// The instant `us` microseconds after the Unix epoch, UTC: how the store keeps every instant.
pub fn instant(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap()
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

/// A scenario's records of one kind, in file order: its section of the kind table, or, for documents (a section
/// of its own shape), the documents' records.
pub fn records_of(s: &Scenario, kind: Kind) -> Vec<Record> {
    if kind == Kind::Document {
        return s.documents.iter().map(|d| Record::Document(d.document.clone())).collect();
    }
    s.sections().into_iter().find(|(k, _)| *k == kind).map(|(_, records)| records).unwrap_or_default()
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

/// The scenario with `more` appended to each list (every section, and the adopted agendas).
pub fn merged(s: Scenario, more: Scenario) -> Scenario {
    let mut value = serde_json::to_value(s).unwrap();
    let serde_json::Value::Object(more) = serde_json::to_value(more).unwrap() else { unreachable!("a scenario") };
    for (section, items) in more {
        if section == "notes" {
            continue;
        }
        if let serde_json::Value::Array(items) = items {
            match value.get_mut(&section) {
                Some(serde_json::Value::Array(list)) => list.extend(items),
                _ => value[&section] = serde_json::Value::Array(items),
            }
        }
    }
    serde_json::from_value(value).unwrap()
}
