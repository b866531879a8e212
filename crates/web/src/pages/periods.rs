//! Periods and spans as the pages show them: a period in words, and where a day falls on a picture of a span
//! (the membership timeline of the organisation's day, the chairmanship rotation).

use jiff::civil::Date;
use secretariat_core::domain::Period;

use crate::i18n::{FluentValue, UiLang};

/// A period in words: `16 August 2006 – 28 June 2012`, `since 11 April 2013`, `until …`, or that no dates are
/// recorded.
pub fn period_text(lang: UiLang, period: &Period) -> String {
    let day = |d: &Date| FluentValue::from(lang.date(d));
    match (&period.from, &period.to) {
        (Some(f), Some(t)) => format!("{} – {}", lang.date(f), lang.date(t)),
        (Some(f), None) => lang.t_args("period-since", &[("from", day(f))]),
        (None, Some(t)) => lang.t_args("period-until", &[("to", day(t))]),
        (None, None) => lang.t("period-undated"),
    }
}

/// Per cent of the span at which a day falls, with one decimal (the membership timeline, the rotation).
pub fn at(start: Date, end: Date, day: Date) -> f64 {
    let total = f64::from((end - start).get_days().max(1));
    let offset = f64::from((day.clamp(start, end) - start).get_days());
    (offset * 1000.0 / total).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_period_is_written_with_both_ends_since_until_or_as_undated() {
        let p = |from, to| Period::new(from, to).unwrap();
        let (f, t) = (Some(date(2006, 8, 16)), Some(date(2012, 6, 28)));
        assert_eq!(period_text(UiLang::english(), &p(f, t)), "16 August 2006 – 28 June 2012");
        assert_eq!(period_text(UiLang::english(), &p(f, None)), "since 16 August 2006");
        assert_eq!(period_text(UiLang::of("ru").unwrap(), &p(f, None)), "с 16 августа 2006 г.");
        assert_eq!(period_text(UiLang::english(), &p(None, t)), "until 28 June 2012");
        assert_eq!(period_text(UiLang::english(), &p(None, None)), "no dates recorded");
    }

    #[test]
    fn a_day_falls_at_its_share_of_the_span() {
        let (start, end) = (date(2000, 1, 1), date(2010, 1, 1));
        assert!((at(start, end, start) - 0.0).abs() < f64::EPSILON);
        assert!((at(start, end, end) - 100.0).abs() < f64::EPSILON);
        assert!((at(start, end, date(2005, 1, 1)) - 50.0).abs() < 0.1);
        assert!((at(start, end, date(1990, 1, 1)) - 0.0).abs() < f64::EPSILON, "a day before the span is at its start");
    }
}
