//! A plan's period as people say it: whole years ("2018–2021"), halves of years ("H2 2018 – H1 2019"), or days;
//! an item's due day ("by 31 December 2019").

use secretariat_core::domain::Period;
use secretariat_core::rules::announcement::words::{span, Span};

use crate::i18n::{FluentValue, UiLang};

fn half(lang: UiLang, (year, half): (i16, u8)) -> String {
    let which = if half == 1 { "first" } else { "second" };
    lang.t_args("plans-half", &[("half", FluentValue::from(which)), ("year", FluentValue::from(year.to_string()))])
}

/// A period in words, the way the plan's title would say it.
pub fn period(lang: UiLang, p: &Period) -> String {
    let year = |y: i16| FluentValue::from(y.to_string());
    let day = |d: &jiff::civil::Date| FluentValue::from(lang.date(d));
    match span(p) {
        Span::Years(a, b) if a == b => lang.t_args("plans-year", &[("year", year(a))]),
        Span::Years(a, b) => lang.t_args("plans-years", &[("from", year(a)), ("to", year(b))]),
        Span::Halves(a, b) if a == b => half(lang, a),
        Span::Halves(a, b) => format!("{} – {}", half(lang, a), half(lang, b)),
        Span::Days(Some(a), Some(b)) if a == b => lang.date(&a),
        Span::Days(Some(a), Some(b)) => format!("{} – {}", lang.date(&a), lang.date(&b)),
        Span::Days(Some(a), None) => lang.t_args("period-since", &[("from", day(&a))]),
        Span::Days(None, Some(b)) => lang.t_args("plans-due", &[("to", day(&b))]),
        Span::Days(None, None) => lang.t("plans-undated"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn p(from: Option<jiff::civil::Date>, to: Option<jiff::civil::Date>) -> Period {
        Period { from, to }
    }

    #[test]
    fn a_period_reads_as_years_halves_or_days_in_both_languages() {
        let (en, ru) = (UiLang::english(), UiLang::of("ru").unwrap());
        let roadmap = p(Some(date(2018, 1, 1)), Some(date(2021, 12, 31)));
        assert_eq!(period(en, &roadmap), "2018–2021");
        assert_eq!(period(ru, &roadmap), "2018–2021 гг.");
        let consultations = p(Some(date(2018, 7, 1)), Some(date(2019, 6, 30)));
        assert_eq!(period(en, &consultations), "H2 2018 – H1 2019");
        assert_eq!(period(ru, &consultations), "II полугодие 2018 г. – I полугодие 2019 г.");
        assert_eq!(period(en, &p(Some(date(2019, 1, 1)), Some(date(2019, 12, 31)))), "2019");
        assert_eq!(period(en, &p(None, Some(date(2019, 12, 31)))), "by 31 December 2019");
        assert_eq!(period(ru, &p(None, Some(date(2019, 12, 31)))), "до 31 декабря 2019 г.");
        assert_eq!(period(en, &p(Some(date(2018, 9, 3)), Some(date(2018, 9, 3)))), "3 September 2018");
        assert_eq!(period(en, &p(None, None)), "no dates set");
    }
}
