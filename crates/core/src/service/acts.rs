//! When a recorded act happened: the one place where a use case turns the `at` it was given into the act's instant
//! (checked by `rules::acts`) and learns the day the act is judged on.

use jiff::civil::Date;
use jiff::Timestamp;

use crate::account::Actor;
use crate::domain::{At, Kind, Meeting, Record, ZoneId};
use crate::error::{Error, Result};
use crate::rules::acts::{self, Follows, MeetingDays};
use crate::store::{Stored, Tx};

/// A meeting's days and the zone of its venue, for the acts that happen at it.
#[derive(Debug, Clone)]
pub(crate) struct AtMeeting {
    pub zone: ZoneId,
    pub starts_on: Date,
    pub ends_on: Date,
}

impl AtMeeting {
    pub(crate) fn days(&self) -> MeetingDays<'_> {
        MeetingDays { zone: &self.zone, starts_on: self.starts_on, ends_on: self.ends_on }
    }
}

/// A meeting's days in its venue's zone.
pub(crate) async fn at_meeting(tx: &mut dyn Tx, meeting: &Meeting) -> Result<AtMeeting> {
    let zone = match tx.find(Kind::City, meeting.city.as_str()).await? {
        Some(Stored { record: Record::City(c), .. }) => c.time_zone,
        _ => return Err(Error::NotFound { what: "city" }),
    };
    Ok(AtMeeting { zone, starts_on: meeting.starts_on, ends_on: meeting.ends_on })
}

/// An act as it will be recorded: the instant it happened and the day it is judged on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Act {
    pub at: Timestamp,
    pub day: Date,
}

/// The act the actor records: `at` as given (only the Secretariat may give it) or now, neither in the future nor
/// before what it follows; at a meeting, a given `at` cannot precede the meeting's opening either. The
/// transaction's audit entries keep its instant beside the instant they are written.
pub(crate) fn record_act(
    tx: &mut dyn Tx,
    actor: &Actor,
    at: Option<At>,
    now: Timestamp,
    meeting: Option<&AtMeeting>,
    follows: &[Follows],
) -> Result<Act> {
    acts::check_recorder(actor.keeps_the_record(), at.as_ref())?;
    let days = meeting.map(AtMeeting::days);
    let mut follows = follows.to_vec();
    // An act entered without its instant takes the instant it is entered, which may precede a meeting still to
    // come (a planned outcome keyed in early); an instant the Secretariat gives is held to the meeting's opening.
    if let (Some(d), Some(_)) = (&days, &at) {
        follows.push(Follows { what: "the opening of the meeting", at: d.opens() });
    }
    let instant = acts::instant(at, now, days.as_ref(), &follows);
    acts::check(instant, now, &follows)?;
    tx.occurred(instant);
    Ok(Act { at: instant, day: acts::act_day(instant, days.as_ref()) })
}

/// What an act follows, when that is known.
pub(crate) fn follows(what: &'static str, at: Option<Timestamp>) -> Option<Follows> {
    at.map(|at| Follows { what, at })
}
