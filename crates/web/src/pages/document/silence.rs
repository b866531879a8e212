//! A silence procedure as the document page shows it: its deadline in the venue's time and in UTC, the time left,
//! and, once broken, who broke it, when, and with what text.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use secretariat_core::domain::SilenceStatus;
use secretariat_core::rules::silence::BreakKind;
use secretariat_core::service::SilenceView;

use super::StateNames;
use crate::i18n::{FluentValue, UiLang};
pub use crate::pages::venue::{day_and_time, Venue};

/// One procedure, in words.
pub struct SilenceBlock {
    pub status: String,
    /// The deadline in the venue's time ("20 June 2018, 18:00 Almaty time"), when the venue is known.
    pub deadline_local: Option<String>,
    pub deadline_utc: String,
    /// The deadline in the reader's own zone, when she chose one.
    pub deadline_reader: Option<String>,
    /// The deadline as an instant, for `<time datetime>`.
    pub deadline_iso: String,
    /// "2 days 3 hours left", while open.
    pub left: Option<String>,
    pub opened: String,
    pub received: Vec<Break>,
}

/// An objection or amendment received.
pub struct Break {
    pub what: String,
    pub text: String,
}

/// The time left until `deadline`, in days, hours and minutes (the two largest that are not zero).
pub fn time_left(lang: UiLang, now: Timestamp, deadline: Timestamp) -> String {
    let minutes = (deadline.as_second() - now.as_second()).max(0) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let arg = |n: i64| FluentValue::from(n);
    let parts = [("duration-days", days), ("duration-hours", hours), ("duration-minutes", mins)];
    let shown: Vec<String> = parts
        .iter()
        .skip_while(|(_, n)| *n == 0)
        .take(2)
        .filter(|(_, n)| *n > 0)
        .map(|(key, n)| lang.t_args(key, &[("n", arg(*n))]))
        .collect();
    let span = if shown.is_empty() { lang.t_args("duration-minutes", &[("n", arg(0))]) } else { shown.join(" ") };
    lang.t_args("silence-left", &[("span", FluentValue::from(span))])
}

/// Whose times a deadline is written in besides UTC: the venue's, and the reader's own zone.
#[derive(Clone, Copy)]
pub struct Place<'a> {
    pub venue: Option<&'a Venue>,
    pub reader: Option<&'a secretariat_core::domain::ZoneId>,
}

/// The procedure in the reader's words.
pub fn block(lang: UiLang, s: &SilenceView, place: Place<'_>, now: Timestamp, names: &StateNames) -> SilenceBlock {
    let Place { venue, reader } = place;
    let name = |code: &dyn ToString| {
        let code = code.to_string();
        names.get(&code).cloned().unwrap_or(code)
    };
    let open = s.status == SilenceStatus::Open && s.deadline > now;
    SilenceBlock {
        status: lang.name_of(&s.status),
        deadline_local: venue
            .map(|v| format!("{} ({})", day_and_time(lang, s.deadline, &v.zone), v.label(lang, s.deadline))),
        deadline_utc: format!("{} UTC", day_and_time(lang, s.deadline, &TimeZone::UTC)),
        deadline_reader: reader.map(|z| crate::pages::zone::in_reader_zone(lang, s.deadline, z)),
        deadline_iso: s.deadline.to_string(),
        left: open.then(|| time_left(lang, now, s.deadline)),
        opened: lang.t_args(
            "silence-opened",
            &[
                ("at", FluentValue::from(format!("{} UTC", day_and_time(lang, s.opened_at, &TimeZone::UTC)))),
                ("by", FluentValue::from(super::history::actor_in_words(lang, &s.opened_by, names))),
            ],
        ),
        received: s
            .received
            .iter()
            .map(|r| Break {
                what: lang.t_args(
                    match r.kind {
                        BreakKind::Objection => "silence-objection-by",
                        BreakKind::Amendment => "silence-amendment-by",
                    },
                    &[
                        ("state", FluentValue::from(name(&r.state))),
                        ("at", FluentValue::from(format!("{} UTC", day_and_time(lang, r.at, &TimeZone::UTC)))),
                    ],
                ),
                text: r.text.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn the_time_left_names_the_two_largest_units_in_both_languages() {
        let en = UiLang::of("en").unwrap();
        let now = at("2018-06-18T12:00:00Z");
        assert_eq!(time_left(en, now, at("2018-06-20T15:30:00Z")), "2 days 3 hours left");
        assert_eq!(time_left(en, now, at("2018-06-18T12:45:00Z")), "45 minutes left");
        let ru = UiLang::of("ru").unwrap();
        assert_eq!(time_left(ru, now, at("2018-06-20T15:30:00Z")), "осталось 2 дня 3 часа");
        assert_eq!(time_left(ru, now, at("2018-06-23T13:00:00Z")), "осталось 5 дней 1 час");
    }
}
