//! The scenario file: a whole record (states, people, organisations, their bodies and meetings) as JSON.
//! The demo is such a file; `secretariat import` and `secretariat export` read and write it.
//! Each list holds records of one kind, referring to others by code or key, in the order they are imported.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::domain::*;
use crate::store::{Kind, Record};

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

/// The demo scenario: the CSTO in 2018, built from the sourced facts in `shared/`.
pub const DEMO: &str = include_str!("../../../data/csto-2018.scenario.json");

/// A document in a scenario: the record, where it stands, its texts, positions and referrals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDocument {
    pub document: Document,
    pub status: crate::rules::lifecycle::DocumentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Revisions in order: the original (0), then Rev.1, Rev.2, …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<ScenarioRevision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<ScenarioPosition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<ScenarioReferral>,
}

/// One revision's language versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioRevision {
    pub created_at: Timestamp,
    pub texts: Vec<ScenarioText>,
}

/// A language version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioText {
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
}
