//! Matching a scenario's records with those the database already holds, so that organisations sharing states,
//! cities, people, posts and mandates can be imported one after the other: a record found equal is kept as it is,
//! one that names the same thing differently is refused, naming the record and the field.

use std::collections::HashMap;

use serde_json::Value;

use super::export::scenario_document;
use crate::domain::{Id, Key, Kind, Record, Viewer};
use crate::error::{Error, Result};
use crate::scenario::{first_difference, ScenarioDocument};
use crate::store::*;

/// Whether a record of the file is already recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// Not recorded: to be written.
    New,
    /// Recorded exactly so: kept as it is.
    Same,
}

/// The fields that name a record of a kind that has no code or key of its own.
fn naming_fields(kind: Kind) -> Option<&'static [&'static str]> {
    Some(match kind {
        Kind::Mandate => &["person", "post", "from"],
        Kind::Membership => &["organisation", "state", "from"],
        Kind::Delegation => &["meeting", "state"],
        Kind::AgendaItem => &["meeting", "number"],
        Kind::PlanItem => &["plan", "number"],
        Kind::Signature => &["document", "state"],
        _ => return None,
    })
}

/// What names a record in an error and matches it with the recorded one: its code or key, or the fields that
/// name it (`kairat-abdrakhmanov/foreign-minister-kz/-`); a kind with neither is named by all its fields.
pub(super) fn name_of(record: &Record) -> String {
    if let Some(identity) = record.identity() {
        return identity;
    }
    let value = serde_json::to_value(record).unwrap_or_default();
    let Some(fields) = naming_fields(record.kind()) else { return value.to_string() };
    let part = |field: &&str| match &value[*field] {
        Value::String(s) => s.clone(),
        Value::Null => "-".to_owned(),
        other => other.to_string(),
    };
    fields.iter().map(part).collect::<Vec<_>>().join("/")
}

/// The refusal of a record that the database holds otherwise: `state RU: name.en differs: "Russia" in the
/// database, "Russian Federation" in the file`.
pub(super) fn conflict(
    what: &str,
    name: &str,
    database: &impl serde::Serialize,
    file: &impl serde::Serialize,
) -> Error {
    let (database, file) = (serde_json::to_value(database), serde_json::to_value(file));
    let difference = match (database, file) {
        (Ok(d), Ok(f)) => first_difference(&d, &f).map(|d| d.describe()),
        _ => None,
    };
    let difference = difference.unwrap_or_else(|| "differs from the database".to_owned());
    Error::conflict("scenario_conflict", format!("{what} {name}: {difference}"))
}

/// The records already in the database, read once per kind where the store cannot find them by name.
#[derive(Default)]
pub(super) struct Recorded {
    by_name: HashMap<Kind, HashMap<String, Vec<Record>>>,
    meetings: Option<HashMap<Id, Key>>,
}

impl Recorded {
    /// Whether `record` is recorded; a recorded record of the same name that differs is a `scenario_conflict`.
    pub(super) async fn find(&mut self, tx: &mut dyn Tx, record: &Record) -> Result<Found> {
        let kind = record.kind();
        let name = name_of(record);
        let mut recorded: Vec<Record> = Vec::new();
        if record.identity().is_some() {
            recorded.extend(tx.find(kind, &name).await?.map(|s| s.record));
        }
        // Kinds that the store does not find by their name (a programme event is named within its meeting) are
        // matched among all the records of the kind, read once.
        if recorded.is_empty() {
            if let std::collections::hash_map::Entry::Vacant(slot) = self.by_name.entry(kind) {
                let mut by_name: HashMap<String, Vec<Record>> = HashMap::new();
                for stored in tx.list(kind, &everything()).await? {
                    by_name.entry(name_of(&stored.record)).or_default().push(stored.record);
                }
                slot.insert(by_name);
            }
            recorded = self.by_name.get(&kind).and_then(|m| m.get(&name)).cloned().unwrap_or_default();
        }
        if recorded.iter().any(|r| r == record) {
            return Ok(Found::Same);
        }
        match recorded.first() {
            None => Ok(Found::New),
            Some(other) => Err(conflict(kind.as_str(), &name, other, record)),
        }
    }

    /// Whether the file's document is recorded (as `stored`, the document of its key if any), with the same
    /// revisions, positions, referrals and silences.
    pub(super) async fn document(
        &mut self,
        tx: &mut dyn Tx,
        d: &ScenarioDocument,
        stored: Option<Stored<Record>>,
    ) -> Result<Found> {
        let Some(stored) = stored else { return Ok(Found::New) };
        let Record::Document(document) = stored.record else { return Ok(Found::New) };
        if self.meetings.is_none() {
            let mut keys = HashMap::new();
            for m in tx.list(Kind::Meeting, &everything()).await? {
                if let Record::Meeting(meeting) = m.record {
                    keys.insert(m.id, meeting.key);
                }
            }
            self.meetings = Some(keys);
        }
        let detail = tx.document_detail(stored.id).await?;
        let recorded = scenario_document(document, detail, self.meetings.as_ref().unwrap_or(&HashMap::new()))?;
        if recorded == *d {
            Ok(Found::Same)
        } else {
            Err(conflict("document", d.document.key.as_str(), &recorded, d))
        }
    }
}

/// A filter that lists every record of a kind.
pub(super) fn everything() -> Filter {
    let mut filter = Filter::new(Viewer::Secretariat);
    filter.limit = u32::MAX;
    filter
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn record(kind: Kind, json: Value) -> Record {
        Record::parse(kind, json).unwrap()
    }

    #[test]
    fn a_record_with_a_code_or_key_is_named_by_it_and_one_without_by_the_fields_that_name_it() {
        let state = record(Kind::State, serde_json::json!({"code": "AL", "name": {"en": "Albania"}}));
        assert_eq!(name_of(&state), "AL");
        let mandate = record(Kind::Mandate, serde_json::json!({"person": "edi-rama", "post": "pm-al"}));
        assert_eq!(name_of(&mandate), "edi-rama/pm-al/-");
        let dated =
            record(Kind::Mandate, serde_json::json!({"person": "edi-rama", "post": "pm-al", "from": "2013-09-15"}));
        assert_eq!(name_of(&dated), "edi-rama/pm-al/2013-09-15");
        let membership =
            record(Kind::Membership, serde_json::json!({"organisation": "OSCE", "state": "AL", "kind": "member"}));
        assert_eq!(name_of(&membership), "OSCE/AL/-");
    }

    #[test]
    fn a_conflict_names_the_kind_the_record_and_the_field() {
        let db = record(Kind::State, serde_json::json!({"code": "RU", "name": {"en": "Russia"}}));
        let file = record(Kind::State, serde_json::json!({"code": "RU", "name": {"en": "Russian Federation"}}));
        let e = conflict("state", "RU", &db, &file);
        assert_eq!(e.code(), "scenario_conflict");
        assert_eq!(
            e.to_string(),
            r#"state RU: name.en differs: "Russia" in the database, "Russian Federation" in the file"#
        );
    }
}
