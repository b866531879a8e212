//! Time: instants are kept in UTC with the venue's IANA zone; a day and time are shown with the offset of that day.

use jiff::civil::{Date, DateTime, Time};
use jiff::{Timestamp, Zoned};

use crate::domain::ZoneId;

/// The instant a local day and time (midnight when the time is unknown) stands for in `zone`.
pub fn local(zone: &ZoneId, day: Date, at: Option<Time>) -> Zoned {
    let civil = day.to_datetime(at.unwrap_or(Time::midnight()));
    civil.to_zoned(zone.zone()).unwrap_or_else(|_| Timestamp::UNIX_EPOCH.to_zoned(zone.zone()))
}

/// RFC 3339 with the zone's offset on that day: `2018-06-11T00:00:00+06:00`.
pub fn rfc3339(zoned: &Zoned) -> String {
    zoned.timestamp().display_with_offset(zoned.offset()).to_string()
}

/// The offset of `zone` on `day`, as `+06:00`.
pub fn offset_on(zone: &ZoneId, day: Date) -> String {
    let z = local(zone, day, Some(Time::constant(12, 0, 0, 0)));
    let secs = z.offset().seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", secs / 3600, secs / 60 % 60)
}

/// One observance of a zone: from `starts` (local time, read in the offset before it), the offset `to` with its
/// name; `from` is the offset before. What a calendar's time-zone definition lists (RFC 5545 `STANDARD`,
/// `DAYLIGHT`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observance {
    pub starts: DateTime,
    /// Seconds east of UTC before and from `starts`.
    pub from: i32,
    pub to: i32,
    pub name: String,
    pub dst: bool,
}

/// The observances of `zone` over the years `first..=last`: the one in force on 1 January of `first`, then one
/// per transition of the zone's rules until the end of `last`, from the zone database compiled in.
pub fn observances(zone: &ZoneId, first: i16, last: i16) -> Vec<Observance> {
    let tz = zone.zone();
    let start = local(zone, Date::new(first, 1, 1).unwrap_or(Date::MIN), None).timestamp();
    let end = local(zone, Date::new(last.saturating_add(1), 1, 1).unwrap_or(Date::MAX), None).timestamp();
    let info = tz.to_offset_info(start);
    let at_start = info.offset().seconds();
    let mut out = vec![Observance {
        starts: start.to_zoned(tz.clone()).datetime(),
        from: at_start,
        to: at_start,
        name: info.abbreviation().to_owned(),
        dst: info.dst().is_dst(),
    }];
    let mut before = at_start;
    for t in tz.following(start).take_while(|t| t.timestamp() < end) {
        let to = t.offset().seconds();
        let starts = t.timestamp().to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::Offset::constant(0))).datetime();
        let starts = starts.checked_add(jiff::SignedDuration::from_secs(i64::from(before))).unwrap_or(starts);
        out.push(Observance { starts, from: before, to, name: t.abbreviation().to_owned(), dst: t.dst().is_dst() });
        before = to;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn almaty() -> ZoneId {
        ZoneId::parse("Asia/Almaty").unwrap()
    }

    #[test]
    fn almaty_was_six_hours_ahead_in_june_2018() {
        assert_eq!(offset_on(&almaty(), date(2018, 6, 11)), "+06:00");
        assert_eq!(rfc3339(&local(&almaty(), date(2018, 6, 11), None)), "2018-06-11T00:00:00+06:00");
    }

    #[test]
    fn almaty_is_five_hours_ahead_from_march_2024() {
        assert_eq!(offset_on(&almaty(), date(2024, 6, 21)), "+05:00");
        assert_eq!(offset_on(&almaty(), date(2024, 2, 29)), "+06:00");
    }

    #[test]
    fn almaty_in_2018_is_one_observance_at_six_hours_ahead() {
        let o = observances(&almaty(), 2018, 2018);
        assert_eq!(o.len(), 1, "{o:?}");
        assert_eq!((o[0].from, o[0].to, o[0].dst), (6 * 3600, 6 * 3600, false));
        assert_eq!(o[0].starts, date(2018, 1, 1).at(0, 0, 0, 0));
    }

    #[test]
    fn almaty_changes_to_five_hours_ahead_at_midnight_on_1_march_2024() {
        let o = observances(&almaty(), 2023, 2024);
        assert_eq!(o.len(), 2, "{o:?}");
        assert_eq!((o[1].from, o[1].to), (6 * 3600, 5 * 3600));
        assert_eq!(o[1].starts, date(2024, 3, 1).at(0, 0, 0, 0));
    }

    #[test]
    fn a_zone_with_summer_time_has_two_transitions_a_year_read_in_the_offset_before_them() {
        let berlin = ZoneId::parse("Europe/Berlin").unwrap();
        let o = observances(&berlin, 2018, 2018);
        assert_eq!(o.len(), 3, "{o:?}");
        assert_eq!((o[1].starts, o[1].from, o[1].to, o[1].dst), (date(2018, 3, 25).at(2, 0, 0, 0), 3600, 7200, true));
        assert_eq!((o[2].starts, o[2].from, o[2].to, o[2].dst), (date(2018, 10, 28).at(3, 0, 0, 0), 7200, 3600, false));
        assert_eq!(o[1].name, "CEST");
    }

    #[test]
    fn a_known_time_is_kept_in_local_time() {
        let z = local(&almaty(), date(2018, 6, 11), Some(Time::constant(10, 30, 0, 0)));
        assert_eq!(rfc3339(&z), "2018-06-11T10:30:00+06:00");
        assert_eq!(z.timestamp().to_string(), "2018-06-11T04:30:00Z");
    }
}
