//! The venue's time as people name it: "Almaty time, UTC+6", with the zone rules of the day (Almaty was UTC+6 in
//! 2018 and UTC+5 from 2024). Meeting and document pages write their dates and times in it.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::i18n::{FluentValue, UiLang};

/// The venue whose time deadlines are written in: its city's name and zone.
pub struct Venue {
    pub city: String,
    pub zone: TimeZone,
}

impl Venue {
    /// "Almaty time, UTC+6" as of an instant (the offset may change with the seasons).
    pub fn label(&self, lang: UiLang, at: Timestamp) -> String {
        lang.t_args(
            "venue-time",
            &[("city", FluentValue::from(self.city.clone())), ("offset", FluentValue::from(offset(&self.zone, at)))],
        )
    }
}

/// A zone's offset at an instant as people write it: `+6`, `+5:30`, `−3`, `0`.
pub fn offset(zone: &TimeZone, at: Timestamp) -> String {
    let seconds = zone.to_offset(at).seconds();
    let sign = if seconds < 0 { "−" } else { "+" };
    let (h, m) = (seconds.abs() / 3600, seconds.abs() % 3600 / 60);
    match (h, m) {
        (0, 0) => "".to_owned(),
        (h, 0) => format!("{sign}{h}"),
        (h, m) => format!("{sign}{h}:{m:02}"),
    }
}

/// A day and a time in a zone: "20 June 2018, 18:00".
pub fn day_and_time(lang: UiLang, at: Timestamp, zone: &TimeZone) -> String {
    let z = at.to_zoned(zone.clone());
    format!("{}, {}", lang.date(&z.date()), z.time().strftime("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn an_offset_is_written_as_people_write_it() {
        let almaty = TimeZone::get("Asia/Almaty").unwrap();
        assert_eq!(offset(&almaty, at("2018-06-11T04:00:00Z")), "+6");
        let delhi = TimeZone::get("Asia/Kolkata").unwrap();
        assert_eq!(offset(&delhi, at("2018-06-11T04:00:00Z")), "+5:30");
        let ny = TimeZone::get("America/New_York").unwrap();
        assert_eq!(offset(&ny, at("2018-01-11T04:00:00Z")), "−5");
        assert_eq!(offset(&TimeZone::UTC, at("2018-01-11T04:00:00Z")), "");
    }

    #[test]
    fn the_venue_s_time_is_named_by_its_city_and_the_offset_of_the_day() {
        let almaty = Venue { city: "Almaty".into(), zone: TimeZone::get("Asia/Almaty").unwrap() };
        let en = UiLang::of("en").unwrap();
        assert_eq!(almaty.label(en, at("2018-06-11T04:00:00Z")), "Almaty time, UTC+6");
        assert_eq!(almaty.label(en, at("2024-06-11T04:00:00Z")), "Almaty time, UTC+5");
    }
}
