//! Instants in the reader's own time: every page that writes an instant may add it in the zone the signed-in
//! reader chose on her account page, beside the venue's time.

use jiff::Timestamp;
use secretariat_core::domain::ZoneId;

use super::venue::{day_and_time, offset};
use crate::auth::Auth;
use crate::i18n::{FluentValue, UiLang};

/// The zone the reader chose, if she is signed in and chose one.
pub fn reader_zone(auth: &Auth) -> Option<&ZoneId> {
    auth.account.as_ref().and_then(|a| a.time_zone.as_ref())
}

/// An instant in the reader's zone: "20 June 2018, 15:00 (your time: Europe/Moscow, UTC+3)".
pub fn in_reader_zone(lang: UiLang, at: Timestamp, zone: &ZoneId) -> String {
    let label = lang.t_args(
        "your-time",
        &[
            ("zone", FluentValue::from(zone.as_str().to_owned())),
            ("offset", FluentValue::from(offset(&zone.zone(), at))),
        ],
    );
    format!("{} ({label})", day_and_time(lang, at, &zone.zone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_is_written_in_the_readers_zone_with_its_offset_that_day() {
        let lang = UiLang::english();
        let at: Timestamp = "2018-06-20T12:00:00Z".parse().unwrap();
        let moscow = ZoneId::parse("Europe/Moscow").unwrap();
        let written = in_reader_zone(lang, at, &moscow);
        assert!(written.starts_with("20 June 2018, 15:00"), "{written}");
        assert!(written.contains("Europe/Moscow") && written.contains("+3"), "{written}");
        let ru = UiLang::of("ru").unwrap();
        assert!(
            in_reader_zone(ru, at, &moscow).starts_with("20 июня 2018 г., 15:00"),
            "{}",
            in_reader_zone(ru, at, &moscow)
        );
    }
}
