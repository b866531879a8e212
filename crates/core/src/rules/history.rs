//! A document's history read from its audit entries: which entry records which step, in the domain's words.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::audit::AuditEntry;
use crate::domain::{DocumentEvent, HistoryEntry, Id, SilenceStatus};

/// The step an audit entry of a document's scope records, if it records one a reader is told of (the bookkeeping
/// of symbols and series, say, is not).
pub fn event_of(entry: &AuditEntry) -> Option<DocumentEvent> {
    let after = entry.after.as_deref().and_then(|a| serde_json::from_str::<Value>(a).ok());
    let field = |name: &str| after.as_ref().and_then(|a| a.get(name)).cloned();
    fn read<T: DeserializeOwned>(v: Option<Value>) -> Option<T> {
        v.and_then(|v| serde_json::from_value(v).ok())
    }
    Some(match (entry.entity.as_str(), entry.action.as_str()) {
        ("document", "created") => DocumentEvent::Drafted,
        ("document", "changed") => {
            let before = entry.before.as_deref().and_then(|b| serde_json::from_str::<Value>(b).ok());
            let was = before.as_ref().and_then(|b| b.get("in_force_on")).cloned();
            match read::<Date>(field("in_force_on")) {
                Some(on) if read::<Date>(was) != Some(on) => DocumentEvent::InForce { on },
                _ => DocumentEvent::Changed,
            }
        }
        // Imported with no decision of its own: when it came to stand so is not known, only when it was entered.
        ("document_state", "imported") if field("outcome").is_none_or(|o| o.is_null()) => {
            DocumentEvent::Entered { status: read(field("status"))? }
        }
        ("document_state", _) => DocumentEvent::Status { status: read(field("status"))? },
        ("document_revision", _) => DocumentEvent::Revised { number: read(field("number"))? },
        ("document_text", action) => {
            DocumentEvent::LanguageVersion { language: read(field("language"))?, added: action == "translated" }
        }
        ("position", _) => {
            DocumentEvent::PositionRecorded { state: read(field("state"))?, position: read(field("position"))? }
        }
        ("silence_procedure", "silence_opened") => DocumentEvent::SilenceOpened,
        ("silence_procedure", "silence_received") => DocumentEvent::SilenceBroken {
            state: read(field("state"))?,
            amendment: field("kind").and_then(|k| k.as_str().map(|k| k == "amendment"))?,
        },
        ("silence_procedure", "silence_closed") => {
            let status: SilenceStatus = read(field("status"))?;
            DocumentEvent::SilenceEnded { status }
        }
        ("referral", "referred") => DocumentEvent::Referred { meeting: None },
        ("referral", "referral_decided") => DocumentEvent::ReferralDecided { outcome: read(field("outcome"))? },
        ("signature", _) => DocumentEvent::Signature {
            state: read(field("state"))?,
            signed_on: read(field("signed_on")).flatten(),
            ratified_on: read(field("ratified_on")).flatten(),
        },
        _ => return None,
    })
}

/// The meeting a referral entry sends the document to.
pub fn referred_to(entry: &AuditEntry) -> Option<Id> {
    let after: Value = serde_json::from_str(entry.after.as_deref()?).ok()?;
    after.get("meeting")?.as_i64()
}

/// When the act an entry records happened: the instant its record keeps (a position's, a revision's, a
/// decision's; the day of a signature or ratification), else the one the Secretariat gave when keying it in,
/// else when it was entered. Entries written before instants were RFC 3339 keep microseconds, which are read too.
pub fn act_at(entry: &AuditEntry) -> Timestamp {
    let after = entry.after.as_deref().and_then(|a| serde_json::from_str::<Value>(a).ok());
    let instant = |v: &Value| match v {
        Value::String(s) => s.parse::<Timestamp>().ok(),
        Value::Number(n) => n.as_i64().and_then(|us| Timestamp::from_microsecond(us).ok()),
        _ => None,
    };
    let day = |v: &Value| v.as_str().and_then(|d| d.parse::<Date>().ok()).and_then(|d| d.to_zoned(TimeZone::UTC).ok());
    let own = after.as_ref().and_then(|a| {
        const FIELDS: [&str; 10] = [
            "at",
            "created_at",
            "referred_at",
            "decided_at",
            "closed_at",
            "at_us",
            "created_at_us",
            "referred_at_us",
            "decided_at_us",
            "closed_at_us",
        ];
        let outcome = a.get("outcome").and_then(|o| o.get("at").or_else(|| o.get("at_us")));
        FIELDS.iter().filter_map(|f| a.get(*f)).chain(outcome).find_map(instant).or_else(|| {
            let days = ["ratified_on", "signed_on"].into_iter().filter_map(|f| a.get(f));
            days.filter_map(day).map(|z| z.timestamp()).next()
        })
    });
    own.or_else(|| entry.occurred_at_us.and_then(|us| Timestamp::from_microsecond(us).ok()))
        .unwrap_or_else(|| Timestamp::from_microsecond(entry.at_us).unwrap_or(Timestamp::UNIX_EPOCH))
}

/// A history in the order its acts happened: a draft was made before anything else happened to it (an import gives
/// no instant of its own for it), and acts of one instant keep the order they were written in.
pub fn in_order(mut history: Vec<HistoryEntry>) -> Vec<HistoryEntry> {
    let first = history.iter().filter(|h| h.event != DocumentEvent::Drafted).map(|h| h.at).min();
    for h in history.iter_mut().filter(|h| h.event == DocumentEvent::Drafted) {
        h.at = first.map_or(h.at, |f| f.min(h.at));
    }
    history.sort_by_key(|h| h.at);
    history
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DocumentStatus, Position, StateCode};
    use serde_json::json;

    fn entry(entity: &str, action: &str, after: Option<Value>) -> AuditEntry {
        AuditEntry {
            seq: 1,
            at_us: 1_000,
            occurred_at_us: None,
            actor: "officer".into(),
            action: action.into(),
            entity: entity.into(),
            entity_id: 7,
            scope: "document:7".into(),
            before: None,
            after: after.map(|a| a.to_string()),
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn a_status_entry_reads_as_the_status_the_document_came_to() {
        let e = entry("document_state", "circulated", Some(json!({"status": "circulated", "symbol": null})));
        assert_eq!(event_of(&e), Some(DocumentEvent::Status { status: DocumentStatus::Circulated }));
    }

    #[test]
    fn a_position_entry_names_the_state_and_its_position() {
        let after = json!({"revision": 0, "state": "RU", "position": {"position": "support"}, "recorded_by": "ru",
            "on_behalf": false, "at": "2018-06-01T10:00:00Z"});
        let got = event_of(&entry("position", "position", Some(after)));
        let state = StateCode::parse("RU").unwrap();
        assert_eq!(got, Some(DocumentEvent::PositionRecorded { state, position: Position::Support }));
    }

    #[test]
    fn what_silence_received_says_whether_it_was_an_amendment() {
        let after = json!({"state": "AM", "at": "2018-06-01T10:00:00Z", "kind": "amendment", "text": "…"});
        let got = event_of(&entry("silence_procedure", "silence_received", Some(after)));
        assert_eq!(got, Some(DocumentEvent::SilenceBroken { state: StateCode::parse("AM").unwrap(), amendment: true }));
    }

    #[test]
    fn a_language_version_added_is_told_from_one_changed() {
        let added = event_of(&entry("document_text", "translated", Some(json!({"language": "en"})))).unwrap();
        let changed = event_of(&entry("document_text", "changed", Some(json!({"language": "en"})))).unwrap();
        assert!(matches!(added, DocumentEvent::LanguageVersion { added: true, .. }));
        assert!(matches!(changed, DocumentEvent::LanguageVersion { added: false, .. }));
    }

    #[test]
    fn an_entry_that_records_no_step_or_cannot_be_read_is_left_out() {
        assert_eq!(event_of(&entry("agenda_item", "created", None)), None);
        assert_eq!(event_of(&entry("document_state", "adopted", Some(json!({"status": "no such status"})))), None);
        assert_eq!(event_of(&entry("position", "position", None)), None);
    }

    #[test]
    fn a_change_that_sets_the_entry_into_force_reads_as_it_and_any_other_as_a_change() {
        let mut e = entry("document", "changed", Some(json!({"key": "t", "in_force_on": "2021-01-19"})));
        e.before = Some(json!({"key": "t"}).to_string());
        let on: Date = "2021-01-19".parse().unwrap();
        assert_eq!(event_of(&e), Some(DocumentEvent::InForce { on }));
        e.before = e.after.clone();
        assert_eq!(event_of(&e), Some(DocumentEvent::Changed), "the day was already recorded");
    }

    #[test]
    fn a_referral_entry_names_its_meeting() {
        let e = entry("referral", "referred", Some(json!({"meeting": 12, "document": 7})));
        assert_eq!(referred_to(&e), Some(12));
    }

    #[test]
    fn an_act_happened_when_its_record_says_else_when_the_secretariat_said_else_when_entered() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let position = json!({"state": "RU", "position": {"position": "support"}, "at": "2018-06-11T06:00:00Z"});
        let mut e = entry("position", "position", Some(position));
        e.occurred_at_us = Some(5);
        assert_eq!(act_at(&e), at("2018-06-11T06:00:00Z"), "the record's own instant");
        let old = entry(
            "document_revision",
            "revised",
            Some(json!({"number": 1, "created_at_us": 1_528_700_400_000_000_i64})),
        );
        assert_eq!(act_at(&old), at("2018-06-11T07:00:00Z"), "microseconds, as older entries keep them");
        let signed = entry("signature", "created", Some(json!({"state": "KZ", "signed_on": "2018-11-08"})));
        assert_eq!(act_at(&signed), at("2018-11-08T00:00:00Z"), "a signature's day");
        let mut changed = entry("document", "changed", Some(json!({"key": "x"})));
        assert_eq!(act_at(&changed), Timestamp::from_microsecond(1_000).unwrap(), "when it was entered");
        changed.occurred_at_us = Some(500);
        assert_eq!(act_at(&changed), Timestamp::from_microsecond(500).unwrap(), "the instant the Secretariat gave");
    }

    #[test]
    fn a_status_imported_with_no_decision_is_entered_not_come_to() {
        let entered = entry("document_state", "imported", Some(json!({"status": "circulated", "outcome": null})));
        assert_eq!(event_of(&entered), Some(DocumentEvent::Entered { status: DocumentStatus::Circulated }));
        let decided = json!({"status": "adopted", "outcome": {"at": "2018-06-11T06:00:00Z"}});
        let decided = entry("document_state", "imported", Some(decided));
        assert_eq!(event_of(&decided), Some(DocumentEvent::Status { status: DocumentStatus::Adopted }));
    }

    #[test]
    fn a_draft_comes_first_and_acts_of_one_instant_keep_the_order_they_were_written_in() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let step = |t: &str, event: DocumentEvent| HistoryEntry { at: at(t), by: "system".into(), event };
        let imported = vec![
            step("2026-12-03T16:00:00Z", DocumentEvent::Drafted),
            step("2018-06-11T06:00:00Z", DocumentEvent::SilenceOpened),
            step("2018-06-11T06:00:00Z", DocumentEvent::Revised { number: 1 }),
            step("2018-06-09T00:00:00Z", DocumentEvent::Revised { number: 0 }),
        ];
        let got: Vec<(Timestamp, DocumentEvent)> = in_order(imported).into_iter().map(|h| (h.at, h.event)).collect();
        assert_eq!(
            got,
            vec![
                (at("2018-06-09T00:00:00Z"), DocumentEvent::Drafted),
                (at("2018-06-09T00:00:00Z"), DocumentEvent::Revised { number: 0 }),
                (at("2018-06-11T06:00:00Z"), DocumentEvent::SilenceOpened),
                (at("2018-06-11T06:00:00Z"), DocumentEvent::Revised { number: 1 }),
            ]
        );
    }
}
