//! The scenario file: a whole record (states, people, organisations, their bodies and meetings) as JSON.
//! The demo is such a file; `secretariat import` and `secretariat export` read and write it.
//! Each list holds records of one kind, referring to others by code or key, in the order they are imported.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::domain::*;

/// The format's name and version, the first field of every file.
pub const FORMAT: &str = "secretariat-scenario/1";

/// Leaves no section out of a written scenario, even an empty one.
pub(crate) fn never<T>(_: &T) -> bool {
    false
}

/// An item of a scenario's section: a record of the section's kind, or a shape of its own (a document with its
/// texts and positions).
pub trait SectionItem: Sized {
    /// The item as a plain record, when the section holds plain records.
    fn record(&self) -> Option<Record>;
    /// Whether the section holds plain records (a document's section holds a shape of its own).
    const PLAIN: bool;
    /// The item made of a stored record of the section's kind.
    fn from_record(record: Record) -> Option<Self>;
}

impl<T: RecordKind + Clone> SectionItem for T {
    fn record(&self) -> Option<Record> {
        Some(self.clone().into_record())
    }
    const PLAIN: bool = true;
    fn from_record(record: Record) -> Option<Self> {
        T::from_record(record)
    }
}

impl SectionItem for ScenarioDocument {
    fn record(&self) -> Option<Record> {
        None
    }
    const PLAIN: bool = false;
    fn from_record(_: Record) -> Option<Self> {
        None
    }
}

/// Expands the kind table into the scenario's sections, one list per kind, in import order.
macro_rules! sections {
    ($($kind:ident, $table:literal, $section:ident: $section_ty:ty, $skip:tt $(, api $path:literal $($own:ident)?)?;)*) => {
        /// A whole record.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Scenario {
            pub format: String,
            /// Where the facts come from; kept with the file, not imported.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub notes: Vec<String>,
            $(
                #[serde(default, skip_serializing_if = $skip)]
                pub $section: Vec<$section_ty>,
            )*
            /// Adopted agendas; an agenda not listed is provisional.
            #[serde(default)]
            pub adopted_agendas: Vec<AdoptedAgenda>,
            /// The recorded outcomes of agenda items; an item not listed has none yet.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub agenda_outcomes: Vec<AgendaOutcome>,
        }

        impl Scenario {
            /// Each kind's section in import order, as plain records; a section of its own shape (documents) is
            /// left empty here, for the importer to write in its place.
            pub fn sections(&self) -> Vec<(Kind, Vec<Record>)> {
                vec![$((Kind::$kind, self.$section.iter().filter_map(SectionItem::record).collect()),)*]
            }

            /// Adds a stored record to its section; gives it back when its section has a shape of its own.
            pub fn push(&mut self, record: Record) -> Option<Record> {
                match record {
                    $(Record::$kind(r) if <$section_ty as SectionItem>::PLAIN => {
                        self.$section.extend(<$section_ty as SectionItem>::from_record(Record::$kind(r)))
                    })*
                    other => return Some(other),
                }
                None
            }
        }
    };
}

crate::record_kinds!(sections);

/// An agenda that was adopted, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdoptedAgenda {
    pub meeting: Key,
    pub adopted_at: Timestamp,
}

/// An agenda item's recorded outcome, and when it was recorded as happening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaOutcome {
    pub meeting: Key,
    pub number: u16,
    pub outcome: ItemOutcome,
    /// The meeting a deferred item goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferred_to: Option<Key>,
    /// The higher body's meeting an approved item's documents are submitted to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_to: Option<Key>,
    pub at: Timestamp,
}

/// The demo scenario: the CSTO in 2018, built from the sourced facts in `shared/`.
pub const DEMO: &str = include_str!("../../../data/csto-2018.scenario.json");

/// A second organisation: the OSCE around its Ministerial Council of December 2020 in Tirana, sharing six states,
/// people, posts and mandates with the demo.
pub const OSCE_2020: &str = include_str!("../../../data/osce-2020.scenario.json");

/// A document in a scenario: the record, where it stands, its texts, positions and referrals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDocument {
    pub document: Document,
    pub status: crate::domain::DocumentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// When it was circulated and when agreement was recorded, where known: later acts cannot precede them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circulated_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_at: Option<Timestamp>,
    /// Its steps through bodies: agreed at a preparatory body's meeting, approved and submitted to a higher body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Revisions in order: the original (0), then Rev.1, Rev.2, …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<ScenarioRevision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<ScenarioPosition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<ScenarioReferral>,
    /// Silence procedures on its revisions, in the order they were opened.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub silences: Vec<ScenarioSilence>,
}

/// One revision's language versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRevision {
    pub created_at: Timestamp,
    pub texts: Vec<ScenarioLanguageVersion>,
}

/// A language version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioLanguageVersion {
    pub language: Lang,
    pub status: VersionStatus,
    pub text: String,
}

/// A state's position on a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioPosition {
    pub revision: u32,
    pub state: StateCode,
    /// `support`, `no_objection`, `reservation`, `non_participation`, `objection` or `pending`.
    pub position: String,
    /// The text of a reservation or an objection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub at: Timestamp,
}

/// A referral to a meeting of another body, and that body's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioReferral {
    pub meeting: Key,
    pub referred_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ItemOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<Timestamp>,
    /// How the receiving body decided; at its meeting when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<crate::domain::Procedure>,
}

/// A silence procedure on one revision: its deadline, what it received and how it closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSilence {
    pub revision: u32,
    pub opened_at: Timestamp,
    pub deadline: Timestamp,
    pub status: SilenceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
    /// The objections and amendments received, in the order they came.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub received: Vec<ScenarioReceived>,
}

/// An objection or an amendment received under silence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioReceived {
    pub state: StateCode,
    pub kind: crate::rules::silence::BreakKind,
    pub text: String,
    pub at: Timestamp,
}

/// The first place where a record in the database and the same record in a file differ: the dotted path of the
/// field (`name.en`, `names[1].from`), and each side's value as JSON (`None`: the side has no such field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub path: String,
    pub database: Option<serde_json::Value>,
    pub file: Option<serde_json::Value>,
}

impl Difference {
    /// `name.en differs: "Russia" in the database, "Russian Federation" in the file`.
    pub fn describe(&self) -> String {
        let side = |v: &Option<serde_json::Value>| v.as_ref().map_or_else(|| "nothing".to_owned(), |v| v.to_string());
        let path = if self.path.is_empty() { "the record" } else { &self.path };
        format!("{path} differs: {} in the database, {} in the file", side(&self.database), side(&self.file))
    }
}

/// The first difference between two JSON values, fields in name order, list entries in their order; `None` when
/// they are equal.
pub fn first_difference(database: &serde_json::Value, file: &serde_json::Value) -> Option<Difference> {
    use serde_json::Value;
    fn walk(path: &str, a: Option<&Value>, b: Option<&Value>) -> Option<Difference> {
        let join = |field: &str| if path.is_empty() { field.to_owned() } else { format!("{path}.{field}") };
        match (a, b) {
            (Some(Value::Object(x)), Some(Value::Object(y))) => {
                let fields: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                fields.into_iter().find_map(|f| walk(&join(f), x.get(f), y.get(f)))
            }
            (Some(Value::Array(x)), Some(Value::Array(y))) => {
                (0..x.len().max(y.len())).find_map(|i| walk(&format!("{path}[{i}]"), x.get(i), y.get(i)))
            }
            (a, b) if a == b => None,
            (a, b) => Some(Difference { path: path.to_owned(), database: a.cloned(), file: b.cloned() }),
        }
    }
    walk("", Some(database), Some(file))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    fn demo() -> Scenario {
        serde_json::from_str(DEMO).unwrap()
    }

    #[test]
    fn a_scenario_gives_its_sections_in_the_import_order_of_the_kinds() {
        let s = demo();
        let sections = s.sections();
        let kinds: Vec<Kind> = sections.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, Kind::ALL.to_vec());
        for (kind, records) in &sections {
            assert!(records.iter().all(|r| r.kind() == *kind), "{kind:?}");
        }
        let count = |kind| sections.iter().find(|(k, _)| *k == kind).map(|(_, r)| r.len()).unwrap();
        assert_eq!(count(Kind::State), s.states.len());
        assert_eq!(count(Kind::AgendaItem), s.agenda_items.len());
        // A document's section has a shape of its own: the importer writes it with its texts and positions.
        assert!(!s.documents.is_empty());
        assert_eq!(count(Kind::Document), 0);
    }

    #[test]
    fn a_record_pushed_lands_in_its_section_and_a_document_is_given_back() {
        let s = demo();
        let mut rebuilt = Scenario { format: FORMAT.into(), ..Scenario::default() };
        for (_, records) in s.sections() {
            for record in records {
                assert_eq!(rebuilt.push(record), None);
            }
        }
        assert_eq!(rebuilt.states, s.states);
        assert_eq!(rebuilt.programme, s.programme);
        assert_eq!(rebuilt.signatures, s.signatures);
        let document = Record::Document(s.documents[0].document.clone());
        assert_eq!(rebuilt.push(document.clone()), Some(document));
        assert!(rebuilt.documents.is_empty());
    }

    #[test]
    fn the_first_difference_names_the_field_and_both_values() {
        let db = serde_json::json!({"code": "RU", "name": {"en": "Russia", "ru": "Россия"}});
        let file = serde_json::json!({"code": "RU", "name": {"en": "Russian Federation", "ru": "Россия"}});
        let d = first_difference(&db, &file).unwrap();
        assert_eq!(d.path, "name.en");
        assert_eq!(d.describe(), r#"name.en differs: "Russia" in the database, "Russian Federation" in the file"#);
        assert_eq!(first_difference(&db, &db), None);
    }

    #[test]
    fn a_field_on_one_side_only_and_a_list_entry_are_named_by_their_path() {
        let db = serde_json::json!({"names": [{"name": {"en": "Astana"}}]});
        let file = serde_json::json!({"names": [{"name": {"en": "Astana"}}, {"from": "2019-03-23"}]});
        let d = first_difference(&db, &file).unwrap();
        assert_eq!(d.path, "names[1]");
        assert_eq!(d.database, None);
        assert!(d.describe().starts_with("names[1] differs: nothing in the database, {"), "{}", d.describe());
        let extra = serde_json::json!({"code": "AL", "official_name": {"en": "Republic of Albania"}});
        let d = first_difference(&serde_json::json!({"code": "AL"}), &extra).unwrap();
        assert_eq!(d.path, "official_name");
    }

    fn json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i32>().prop_map(serde_json::Value::from),
            "[a-c]{0,3}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                proptest::collection::btree_map("[a-d]", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Follows a dotted path (`a.b[2].c`) into a value.
    fn at_path<'v>(mut v: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
        for part in path.split('.').filter(|p| !p.is_empty()) {
            let (field, indexes) = part.split_once('[').map_or((part, ""), |(f, rest)| (f, rest));
            if !field.is_empty() {
                v = v.get(field)?;
            }
            for i in indexes.split('[').filter(|i| !i.is_empty()) {
                v = v.get(i.trim_end_matches(']').parse::<usize>().ok()?)?;
            }
        }
        Some(v)
    }

    proptest::proptest! {
        /// Two values have no difference exactly when they are equal, and a difference found points at the two
        /// values that really differ there.
        #[test]
        fn a_difference_is_found_exactly_when_the_values_differ_and_points_at_them(a in json(), b in json()) {
            let d = first_difference(&a, &b);
            proptest::prop_assert_eq!(d.is_none(), a == b);
            if let Some(d) = d {
                proptest::prop_assert_ne!(&d.database, &d.file);
                proptest::prop_assert_eq!(at_path(&a, &d.path).cloned(), d.database);
                proptest::prop_assert_eq!(at_path(&b, &d.path).cloned(), d.file);
            }
        }
    }
}
