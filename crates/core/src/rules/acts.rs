//! Recorded acts: when an act happened (its `at`), which may be days or years before it is entered, and the one
//! day it is judged on (membership, chairmanship and mandates on the day of the act).
//!
//! - Omitted, `at` is the instant the act is entered.
//! - A bare day stands for the start of that day in the act's zone (the venue's zone at a meeting, UTC otherwise),
//!   or, when what the act follows happened later that same day, for that instant: "on that day, after it".
//! - An act is never in the future and never before what it follows.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::domain::{At, ZoneId};
use crate::error::{Error, Result};

/// A meeting an act happens at: its days, in its venue's zone.
#[derive(Debug, Clone, Copy)]
pub struct MeetingDays<'a> {
    pub zone: &'a ZoneId,
    pub starts_on: Date,
    pub ends_on: Date,
}

impl MeetingDays<'_> {
    /// The instant the meeting opens: the start of its first day in the venue's zone.
    pub fn opens(&self) -> Timestamp {
        start_of(self.starts_on, &self.zone.zone())
    }
}

/// An earlier act that a new one follows (the circulation, the adoption referred, the meeting's opening), and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Follows {
    pub what: &'static str,
    pub at: Timestamp,
}

fn zone(meeting: Option<&MeetingDays>) -> TimeZone {
    meeting.map_or(TimeZone::UTC, |m| m.zone.zone())
}

fn start_of(day: Date, zone: &TimeZone) -> Timestamp {
    day.to_zoned(zone.clone()).map_or(Timestamp::UNIX_EPOCH, |z| z.timestamp())
}

/// The day of an act: for what happens at a meeting, the day of its instant in the venue's zone, kept within the
/// meeting's days (an act entered after the meeting without its instant is judged on the meeting's last day, one
/// entered before it on its first); otherwise the day of its instant in UTC.
pub fn act_day(at: Timestamp, meeting: Option<&MeetingDays>) -> Date {
    let day = at.to_zoned(zone(meeting)).date();
    match meeting {
        Some(m) => day.clamp(m.starts_on, m.ends_on.max(m.starts_on)),
        None => day,
    }
}

/// The instant an act happened: `at` as recorded, or `now` when it was not given (see the module's notes).
pub fn instant(at: Option<At>, now: Timestamp, meeting: Option<&MeetingDays>, follows: &[Follows]) -> Timestamp {
    match at {
        None => now,
        Some(At::Instant(t)) => t,
        Some(At::Day(day)) => {
            let zone = zone(meeting);
            let start = start_of(day, &zone);
            follows.iter().map(|f| f.at).filter(|t| t.to_zoned(zone.clone()).date() == day).fold(start, Ord::max)
        }
    }
}

/// Checks an act's instant: not after `now`, not before anything it follows.
pub fn check(at: Timestamp, now: Timestamp, follows: &[Follows]) -> Result<()> {
    if at > now {
        return Err(Error::invalid(
            "at_in_future",
            format!("an act cannot be recorded as happening later than now ({at})"),
        ));
    }
    if let Some(f) = follows.iter().filter(|f| at < f.at).max_by_key(|f| f.at) {
        return Err(Error::invalid(
            "at_out_of_order",
            format!("this act ({at}) cannot have happened before {} ({})", f.what, f.at),
        ));
    }
    Ok(())
}

/// Who may say when an act happened: only the Secretariat, which keeps the record.
pub fn check_recorder(keeps_the_record: bool, at: Option<&At>) -> Result<()> {
    match at {
        Some(_) if !keeps_the_record => {
            Err(Error::invalid("at_not_allowed", "only the Secretariat records when an act happened; leave out `at`"))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn almaty() -> ZoneId {
        ZoneId::parse("Asia/Almaty").unwrap()
    }

    #[test]
    fn an_act_without_at_happened_when_it_was_entered() {
        let now = t("2026-12-02T10:00:00Z");
        assert_eq!(instant(None, now, None, &[]), now);
    }

    #[test]
    fn a_bare_day_at_a_meeting_is_the_start_of_that_day_in_the_venue_zone() {
        let zone = almaty();
        let m = MeetingDays { zone: &zone, starts_on: date(2020, 12, 1), ends_on: date(2020, 12, 2) };
        let at = instant(Some(At::Day(date(2020, 12, 2))), t("2026-01-01T00:00:00Z"), Some(&m), &[]);
        assert_eq!(at, t("2020-12-01T18:00:00Z"));
        assert_eq!(act_day(at, Some(&m)), date(2020, 12, 2));
    }

    #[test]
    fn a_bare_day_elsewhere_is_the_start_of_that_day_in_utc() {
        assert_eq!(
            instant(Some(At::Day(date(2020, 6, 10))), t("2026-01-01T00:00:00Z"), None, &[]),
            t("2020-06-10T00:00:00Z")
        );
    }

    #[test]
    fn a_bare_day_comes_after_what_it_follows_on_that_same_day() {
        let circulated = Follows { what: "the circulation", at: t("2020-06-10T09:30:00Z") };
        let at = instant(Some(At::Day(date(2020, 6, 10))), t("2026-01-01T00:00:00Z"), None, &[circulated]);
        assert_eq!(at, circulated.at);
        assert!(check(at, t("2026-01-01T00:00:00Z"), &[circulated]).is_ok());
    }

    #[test]
    fn an_act_in_the_future_is_refused() {
        let err = check(t("2026-12-03T00:00:00Z"), t("2026-12-02T10:00:00Z"), &[]).unwrap_err();
        assert_eq!(err.code(), "at_in_future");
    }

    #[test]
    fn today_as_a_bare_day_is_not_in_the_future() {
        let now = t("2026-12-02T00:00:01Z");
        assert!(check(instant(Some(At::Day(date(2026, 12, 2))), now, None, &[]), now, &[]).is_ok());
    }

    #[test]
    fn a_referral_before_the_adoption_it_refers_is_refused_naming_the_adoption() {
        let adopted = Follows { what: "the adoption", at: t("2020-12-02T08:00:00Z") };
        let err = check(t("2020-12-01T00:00:00Z"), t("2026-12-02T10:00:00Z"), &[adopted]).unwrap_err();
        assert_eq!(err.code(), "at_out_of_order");
        assert!(err.to_string().contains("the adoption"));
    }

    #[test]
    fn an_outcome_entered_long_after_its_meeting_is_judged_on_the_meeting_s_last_day() {
        let zone = almaty();
        let m = MeetingDays { zone: &zone, starts_on: date(2020, 12, 1), ends_on: date(2020, 12, 2) };
        assert_eq!(act_day(t("2026-12-02T10:00:00Z"), Some(&m)), date(2020, 12, 2));
        assert_eq!(act_day(t("2020-11-01T10:00:00Z"), Some(&m)), date(2020, 12, 1));
        assert_eq!(m.opens(), t("2020-11-30T18:00:00Z"));
    }

    #[test]
    fn only_the_secretariat_says_when_an_act_happened() {
        let at = At::Day(date(2020, 1, 1));
        assert_eq!(check_recorder(false, Some(&at)).unwrap_err().code(), "at_not_allowed");
        assert!(check_recorder(true, Some(&at)).is_ok());
        assert!(check_recorder(false, None).is_ok());
    }

    fn instant_in(range: std::ops::Range<i64>) -> impl Strategy<Value = Timestamp> {
        range.prop_map(|s| Timestamp::from_second(s).unwrap())
    }

    const YEARS_2000_2030: std::ops::Range<i64> = 946_684_800..1_893_456_000;

    proptest! {
        #[test]
        fn an_act_passes_exactly_when_it_lies_between_what_it_follows_and_now(
            at in instant_in(YEARS_2000_2030),
            now in instant_in(YEARS_2000_2030),
            before in proptest::collection::vec(instant_in(YEARS_2000_2030), 0..4),
        ) {
            let follows: Vec<Follows> = before.iter().map(|&at| Follows { what: "an earlier act", at }).collect();
            let ok = at <= now && before.iter().all(|b| *b <= at);
            prop_assert_eq!(check(at, now, &follows).is_ok(), ok);
        }

        #[test]
        fn a_bare_day_is_on_that_day_and_never_before_what_it_follows_that_day(
            day in instant_in(YEARS_2000_2030),
            before in proptest::collection::vec(instant_in(YEARS_2000_2030), 0..4),
        ) {
            let day = day.to_zoned(TimeZone::UTC).date();
            let follows: Vec<Follows> = before.iter().map(|&at| Follows { what: "an earlier act", at }).collect();
            let at = instant(Some(At::Day(day)), Timestamp::MAX, None, &follows);
            prop_assert_eq!(act_day(at, None), day);
            for b in &before {
                if b.to_zoned(TimeZone::UTC).date() == day {
                    prop_assert!(at >= *b);
                }
            }
        }

        #[test]
        fn the_day_of_an_act_at_a_meeting_is_one_of_the_meeting_s_days(
            at in instant_in(YEARS_2000_2030),
            start in instant_in(YEARS_2000_2030),
            length in 0i32..5,
        ) {
            let zone = almaty();
            let starts_on = start.to_zoned(TimeZone::UTC).date();
            let ends_on = starts_on.checked_add(jiff::Span::new().days(length)).unwrap();
            let m = MeetingDays { zone: &zone, starts_on, ends_on };
            let day = act_day(at, Some(&m));
            prop_assert!(starts_on <= day && day <= ends_on);
        }
    }
}
