//! Programme events: the timed parts of a meeting, their kinds (built in, or configured by the organisation), the
//! format of a sitting, their mode and who is admitted.

use std::fmt;

use jiff::civil::{Date, Time};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};

use super::kind::Recorded;
use super::meeting::MeetingMode;
use super::values::{Key, Text, Word};
use crate::error::{Error, Result};

/// What a programme event is: a kind every organisation has, or one its organisation configures (`event_kinds`).
/// On the wire and in the database it is one snake_case word.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventKind {
    Sitting,
    WorkingDinner,
    JointPhoto,
    SigningCeremony,
    PressConference,
    Consultations,
    Videoconference,
    Briefing,
    BilateralMeeting,
    /// A kind of the organisation's own, named in its `event_kinds`.
    Configured(Word),
}

impl EventKind {
    /// The kinds every organisation has.
    pub const BUILT_IN: [EventKind; 9] = [
        EventKind::Sitting,
        EventKind::WorkingDinner,
        EventKind::JointPhoto,
        EventKind::SigningCeremony,
        EventKind::PressConference,
        EventKind::Consultations,
        EventKind::Videoconference,
        EventKind::Briefing,
        EventKind::BilateralMeeting,
    ];

    /// The kind's word.
    pub fn as_str(&self) -> &str {
        match self {
            EventKind::Sitting => "sitting",
            EventKind::WorkingDinner => "working_dinner",
            EventKind::JointPhoto => "joint_photo",
            EventKind::SigningCeremony => "signing_ceremony",
            EventKind::PressConference => "press_conference",
            EventKind::Consultations => "consultations",
            EventKind::Videoconference => "videoconference",
            EventKind::Briefing => "briefing",
            EventKind::BilateralMeeting => "bilateral_meeting",
            EventKind::Configured(word) => word.as_str(),
        }
    }

    /// A built-in kind by its word, or else a configured one (whether the organisation has it is checked on write).
    pub fn parse(raw: &str) -> Result<Self> {
        match Self::BUILT_IN.iter().find(|k| k.as_str() == raw) {
            Some(kind) => Ok(kind.clone()),
            None => Word::parse(raw).map(EventKind::Configured),
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventKind {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for EventKind {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[a-z][a-z0-9_]{0,63}$"))
            .description(Some(
                "sitting, working_dinner, joint_photo, signing_ceremony, press_conference, consultations, \
                 videoconference, briefing, bilateral_meeting, or a kind in the organisation's event_kinds",
            ))
            .examples(["sitting"])
            .into()
    }
}

impl utoipa::ToSchema for EventKind {}

// Named `SittingFormat` in code so that its `Restricted` is never read as `Visibility::Restricted`; its schema and
// its words on the wire stay `Format`, `restricted`, `expanded`.
/// The format of a sitting: who is admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = Format)]
pub enum SittingFormat {
    /// Heads of delegation and the Secretary General.
    Restricted,
    /// Full delegations.
    Expanded,
}

/// Who is admitted to a programme event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Admission {
    HeadsOfDelegation,
    FullDelegations,
    /// The two delegations of a bilateral meeting.
    TwoDelegations,
    /// No source says: a sitting whose format is not known.
    NotKnown,
}

/// A kind of programme event an organisation has beyond the built-in ones (`troika_meeting`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfiguredEventKind {
    pub kind: Word,
    /// Its name in the organisation's languages.
    pub names: Text,
    pub admits: Admission,
}

/// Checks an organisation's own kinds: each once, none a built-in kind's word.
pub fn check_event_kinds(kinds: &[ConfiguredEventKind]) -> Result<()> {
    for (i, k) in kinds.iter().enumerate() {
        if !matches!(EventKind::parse(k.kind.as_str()), Ok(EventKind::Configured(_))) {
            return Err(Error::invalid("invalid_event_kinds", format!("`{}` is a built-in kind of event", k.kind)));
        }
        if kinds[..i].iter().any(|earlier| earlier.kind == k.kind) {
            return Err(Error::invalid("invalid_event_kinds", format!("the kind `{}` is configured twice", k.kind)));
        }
    }
    Ok(())
}

/// A timed part of a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeEvent {
    pub meeting: Key,
    pub key: Key,
    pub kind: EventKind,
    /// Only sittings have a format; a sitting's may be unknown (left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<SittingFormat>,
    /// How delegations take part; left out, the meeting's mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<MeetingMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// The day, in the venue's time.
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    /// The start time in the venue's time, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = "partial-time")]
    pub at: Option<Time>,
}

impl ProgrammeEvent {
    /// Only a sitting has a format, and a sitting's format may be unknown.
    pub fn check(&self) -> Result<()> {
        if self.format.is_some() && self.kind != EventKind::Sitting {
            return Err(Error::invalid("invalid_format", "only a sitting has a format"));
        }
        Ok(())
    }
}

impl Recorded for ProgrammeEvent {
    fn identity(&self) -> Option<String> {
        Some(format!("{}/{}", self.meeting, self.key))
    }
    fn check(&self) -> Result<()> {
        ProgrammeEvent::check(self)
    }
    fn example(n: u32) -> Value {
        json!({"meeting": "cfm-2018-06-almaty", "key": format!("example-{n}"), "kind": "joint_photo",
            "on": "2018-06-11"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kind(word: &str, admits: Admission) -> ConfiguredEventKind {
        ConfiguredEventKind { kind: Word::parse(word).unwrap(), names: Text::one("en", word), admits }
    }

    #[test]
    fn every_built_in_kind_reads_back_from_its_word() {
        for k in EventKind::BUILT_IN {
            assert_eq!(EventKind::parse(k.as_str()).unwrap(), k);
            assert_eq!(serde_json::to_value(&k).unwrap(), serde_json::json!(k.as_str()));
        }
    }

    #[test]
    fn a_word_that_is_no_built_in_kind_is_a_configured_kind_and_a_malformed_one_is_refused() {
        assert_eq!(EventKind::parse("troika_meeting").unwrap().as_str(), "troika_meeting");
        assert!(matches!(EventKind::parse("troika_meeting"), Ok(EventKind::Configured(_))));
        for bad in ["", "Troika", "troika meeting", "9th", "x-y"] {
            assert_eq!(EventKind::parse(bad).unwrap_err().code(), "invalid_word", "{bad}");
        }
    }

    #[test]
    fn an_organisation_may_not_configure_a_built_in_kind_or_one_kind_twice() {
        assert!(check_event_kinds(&[kind("troika_meeting", Admission::HeadsOfDelegation)]).is_ok());
        let built_in = check_event_kinds(&[kind("briefing", Admission::FullDelegations)]).unwrap_err();
        assert_eq!(built_in.code(), "invalid_event_kinds");
        let twice = [kind("troika_meeting", Admission::HeadsOfDelegation), kind("troika_meeting", Admission::NotKnown)];
        assert_eq!(check_event_kinds(&twice).unwrap_err().code(), "invalid_event_kinds");
    }

    fn event(kind: EventKind, format: Option<SittingFormat>) -> ProgrammeEvent {
        ProgrammeEvent {
            meeting: Key::parse("m").unwrap(),
            key: Key::parse("e").unwrap(),
            kind,
            format,
            mode: None,
            title: None,
            on: jiff::civil::date(2018, 6, 11),
            at: None,
        }
    }

    #[test]
    fn a_sitting_may_have_no_known_format_but_only_a_sitting_has_one() {
        assert!(event(EventKind::Sitting, None).check().is_ok());
        assert!(event(EventKind::Sitting, Some(SittingFormat::Restricted)).check().is_ok());
        let dinner = event(EventKind::WorkingDinner, Some(SittingFormat::Restricted)).check().unwrap_err();
        assert_eq!(dinner.code(), "invalid_format");
    }

    proptest! {
        #[test]
        fn any_snake_case_word_round_trips_through_the_wire(word in "[a-z][a-z0-9_]{0,63}") {
            let kind = EventKind::parse(&word).unwrap();
            prop_assert_eq!(kind.as_str(), word.as_str());
            let back: EventKind = serde_json::from_value(serde_json::to_value(&kind).unwrap()).unwrap();
            prop_assert_eq!(back, kind);
        }
    }
}
