//! Programme events: who is admitted, how delegations take part, and whether the organisation has the kind.

use crate::domain::{Admission, ConfiguredEventKind, EventKind, MeetingMode, ProgrammeEvent, SittingFormat};
use crate::error::{Error, Result};

/// Who is admitted: what the kind says, and for a sitting what its format says (not known without one). A
/// configured kind admits whom the organisation says; one it no longer configures, nobody knows.
pub fn admitted(event: &ProgrammeEvent, configured: &[ConfiguredEventKind]) -> Admission {
    match (&event.kind, event.format) {
        (EventKind::Sitting, Some(SittingFormat::Restricted)) | (EventKind::WorkingDinner, _) => {
            Admission::HeadsOfDelegation
        }
        (EventKind::Sitting, None) => Admission::NotKnown,
        (EventKind::BilateralMeeting, _) => Admission::TwoDelegations,
        (EventKind::Configured(word), _) => {
            configured.iter().find(|k| k.kind == *word).map_or(Admission::NotKnown, |k| k.admits)
        }
        _ => Admission::FullDelegations,
    }
}

/// How delegations take part in the event: its own mode, or else the meeting's.
pub fn mode(event: &ProgrammeEvent, meeting: MeetingMode) -> MeetingMode {
    event.mode.unwrap_or(meeting)
}

/// The configured kind an event names, if it names one; `unknown_event_kind` when its organisation has no such kind.
pub fn configured_kind<'a>(
    kind: &EventKind,
    configured: &'a [ConfiguredEventKind],
) -> Result<Option<&'a ConfiguredEventKind>> {
    let EventKind::Configured(word) = kind else { return Ok(None) };
    configured.iter().find(|k| k.kind == *word).map(Some).ok_or_else(|| {
        Error::invalid(
            "unknown_event_kind",
            format!("`{word}` is neither a built-in kind of event nor one of the organisation's event_kinds"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Key, Text, Word};
    use proptest::prelude::*;

    fn event(kind: EventKind, format: Option<SittingFormat>, mode: Option<MeetingMode>) -> ProgrammeEvent {
        ProgrammeEvent {
            meeting: Key::parse("m").unwrap(),
            key: Key::parse("e").unwrap(),
            kind,
            format,
            mode,
            title: None,
            on: jiff::civil::date(2018, 6, 11),
            at: None,
        }
    }

    fn troika() -> ConfiguredEventKind {
        ConfiguredEventKind {
            kind: Word::parse("troika_meeting").unwrap(),
            names: Text::one("en", "Troika meeting"),
            admits: Admission::HeadsOfDelegation,
        }
    }

    fn configured(word: &str) -> EventKind {
        EventKind::Configured(Word::parse(word).unwrap())
    }

    #[test]
    fn a_sitting_admits_what_its_format_says_and_without_a_format_nobody_knows_whom() {
        let restricted = event(EventKind::Sitting, Some(SittingFormat::Restricted), None);
        assert_eq!(admitted(&restricted, &[]), Admission::HeadsOfDelegation);
        assert_eq!(
            admitted(&event(EventKind::Sitting, Some(SittingFormat::Expanded), None), &[]),
            Admission::FullDelegations
        );
        assert_eq!(admitted(&event(EventKind::Sitting, None, None), &[]), Admission::NotKnown);
    }

    #[test]
    fn the_other_kinds_admit_what_their_kind_says() {
        assert_eq!(admitted(&event(EventKind::WorkingDinner, None, None), &[]), Admission::HeadsOfDelegation);
        assert_eq!(admitted(&event(EventKind::BilateralMeeting, None, None), &[]), Admission::TwoDelegations);
        assert_eq!(admitted(&event(EventKind::Videoconference, None, None), &[]), Admission::FullDelegations);
        assert_eq!(admitted(&event(EventKind::Briefing, None, None), &[]), Admission::FullDelegations);
    }

    #[test]
    fn a_configured_kind_admits_whom_the_organisation_says_and_a_dropped_one_nobody_knows_whom() {
        let e = event(configured("troika_meeting"), None, None);
        assert_eq!(admitted(&e, &[troika()]), Admission::HeadsOfDelegation);
        assert_eq!(admitted(&e, &[]), Admission::NotKnown);
    }

    #[test]
    fn an_event_takes_the_meetings_mode_unless_it_has_its_own() {
        assert_eq!(mode(&event(EventKind::Sitting, None, None), MeetingMode::Hybrid), MeetingMode::Hybrid);
        let online = event(EventKind::Videoconference, None, Some(MeetingMode::Online));
        assert_eq!(mode(&online, MeetingMode::InPerson), MeetingMode::Online);
    }

    #[test]
    fn a_kind_the_organisation_does_not_configure_is_an_unknown_event_kind() {
        assert!(configured_kind(&EventKind::Briefing, &[]).unwrap().is_none());
        assert_eq!(configured_kind(&configured("troika_meeting"), &[troika()]).unwrap(), Some(&troika()));
        let unknown = configured_kind(&configured("summit_walk"), &[troika()]).unwrap_err();
        assert_eq!(unknown.code(), "unknown_event_kind");
    }

    fn any_mode() -> impl Strategy<Value = MeetingMode> {
        prop_oneof![Just(MeetingMode::InPerson), Just(MeetingMode::Online), Just(MeetingMode::Hybrid)]
    }

    proptest! {
        #[test]
        fn the_format_decides_only_for_sittings_and_only_a_sitting_without_one_is_not_known(
            i in 1usize..9,
            format in prop_oneof![Just(None), Just(Some(SittingFormat::Restricted)), Just(Some(SittingFormat::Expanded))],
        ) {
            let kind = EventKind::BUILT_IN[i].clone();
            prop_assert_eq!(admitted(&event(kind.clone(), format, None), &[]), admitted(&event(kind, None, None), &[]));
            prop_assert_ne!(admitted(&event(EventKind::BUILT_IN[i].clone(), None, None), &[]), Admission::NotKnown);
        }

        #[test]
        fn an_events_own_mode_always_wins(own in any_mode(), meeting in any_mode()) {
            prop_assert_eq!(mode(&event(EventKind::Sitting, None, Some(own)), meeting), own);
            prop_assert_eq!(mode(&event(EventKind::Sitting, None, None), meeting), meeting);
        }
    }
}
