//! Time: instants are kept in UTC with the venue's IANA zone; a day and time are shown with the offset of that day.

use jiff::civil::{Date, Time};
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
    fn a_known_time_is_kept_in_local_time() {
        let z = local(&almaty(), date(2018, 6, 11), Some(Time::constant(10, 30, 0, 0)));
        assert_eq!(rfc3339(&z), "2018-06-11T10:30:00+06:00");
        assert_eq!(z.timestamp().to_string(), "2018-06-11T04:30:00Z");
    }
}
