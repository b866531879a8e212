//! The picture of an organisation's chairmanship rotation over the years: a row per state with a bar for each term
//! it chairs (an SVG that needs no script, hidden from screen readers), and the same terms in order as a list of
//! words, each derived chair marked as derived.

use jiff::civil::Date;
use secretariat_core::domain::StateCode;
use secretariat_core::service::RotationTermView;

use super::{state_href, Link};
use crate::i18n::{FluentValue, UiLang};
use crate::pages::periods::at;

/// A term's bar on a state's row, in per cent of the picture's width.
pub struct Bar {
    pub x: String,
    pub width: String,
    /// `chair-derived` or `chair-set`.
    pub class: &'static str,
}

/// A state's row of the picture.
pub struct Row {
    pub state: Link,
    pub bars: Vec<Bar>,
}

/// A term in words: its years, the chairing states linked, how it was decided, its days.
pub struct TermLine {
    /// `2017–2018`, or one year.
    pub years: String,
    pub states: Vec<Link>,
    /// "(derived)" or "(set by decision)".
    pub source: String,
    /// "Term 2018: 1 December 2017 – 8 November 2018".
    pub days: String,
    /// The term in force today.
    pub current: bool,
}

/// The whole picture.
pub struct Rotation {
    pub first_year: i16,
    pub last_year: i16,
    pub rows: Vec<Row>,
    pub terms: Vec<TermLine>,
    /// Where today falls, in per cent of the width.
    pub marker: String,
}

/// A term's years: `2017–2018` when it spans two, else the one.
fn years(from: Date, to: Date) -> String {
    if from.year() == to.year() {
        from.year().to_string()
    } else {
        format!("{}–{}", from.year(), to.year())
    }
}

/// How a term was decided, in words: "(derived)", "(set by decision)".
pub fn source(lang: UiLang, source: &str) -> String {
    lang.named("rotation-source", source)
}

/// A term's days in words.
fn days(lang: UiLang, t: &RotationTermView) -> String {
    lang.t_args(
        "chair-term",
        &[
            ("term", FluentValue::from(t.term)),
            ("from", FluentValue::from(lang.date(&t.from))),
            ("to", FluentValue::from(lang.date(&t.to))),
        ],
    )
}

/// The chairing states of a term, linked: the presiding one first.
fn chairs(lang: UiLang, t: &RotationTermView) -> Vec<Link> {
    std::iter::once((&t.state, &t.state_name))
        .chain(t.co_chairs.iter().map(|c| (&c.state, &c.state_name)))
        .map(|(code, name)| Link { href: state_href(code), name: lang.text(name) })
        .collect()
}

/// A term in words, today being `today`.
pub fn line(lang: UiLang, t: &RotationTermView, today: Date) -> TermLine {
    TermLine {
        years: years(t.from, t.to),
        states: chairs(lang, t),
        source: source(lang, t.source),
        days: days(lang, t),
        current: t.from <= today && today <= t.to,
    }
}

/// The picture of `terms` (in order), with today marked; none when there is no term to draw.
pub fn picture(lang: UiLang, terms: &[RotationTermView], today: Date) -> Option<Rotation> {
    let (first, last) = (terms.first()?, terms.last()?);
    let start = Date::new(first.from.year(), 1, 1).unwrap_or(first.from);
    let end = Date::new(last.to.year().saturating_add(1), 1, 1).unwrap_or(last.to);
    let mut rows: Vec<(StateCode, Row)> = Vec::new();
    for t in terms {
        let x = at(start, end, t.from);
        let width = (at(start, end, t.to.tomorrow().unwrap_or(t.to)) - x).max(0.5);
        let class = if t.source == "set" { "chair-set" } else { "chair-derived" };
        let codes = std::iter::once(&t.state).chain(t.co_chairs.iter().map(|c| &c.state));
        for (code, state) in codes.zip(chairs(lang, t)) {
            let bar = Bar { x: format!("{x:.1}"), width: format!("{width:.1}"), class };
            match rows.iter_mut().find(|(c, _)| c == code) {
                Some((_, row)) => row.bars.push(bar),
                None => rows.push((code.clone(), Row { state, bars: vec![bar] })),
            }
        }
    }
    let lines = terms.iter().map(|t| line(lang, t, today)).collect();
    Some(Rotation {
        first_year: start.year(),
        last_year: end.year().saturating_sub(1),
        rows: rows.into_iter().map(|(_, r)| r).collect(),
        terms: lines,
        marker: format!("{:.1}", at(start, end, today)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use secretariat_core::domain::Text;

    fn term(n: i16, state: &str, from: Date, to: Date, source: &'static str) -> RotationTermView {
        RotationTermView {
            term: n,
            state: StateCode::parse(state).unwrap(),
            state_name: Text::one("en", state),
            co_chairs: vec![],
            from,
            to,
            source,
        }
    }

    #[test]
    fn the_picture_has_a_row_per_state_and_the_terms_in_order_with_how_each_was_decided() {
        let terms = [
            term(2017, "BY", date(2017, 1, 1), date(2017, 11, 30), "derived"),
            term(2018, "KZ", date(2017, 12, 1), date(2018, 11, 8), "derived"),
            term(2019, "KG", date(2018, 11, 9), date(2019, 11, 28), "set"),
            term(2020, "BY", date(2019, 11, 29), date(2020, 12, 2), "derived"),
        ];
        let p = picture(UiLang::english(), &terms, date(2018, 6, 1)).unwrap();
        assert_eq!((p.first_year, p.last_year), (2017, 2020));
        let rows: Vec<(&str, usize)> = p.rows.iter().map(|r| (r.state.name.as_str(), r.bars.len())).collect();
        assert_eq!(rows, [("BY", 2), ("KZ", 1), ("KG", 1)]);
        assert_eq!(p.rows[2].bars[0].class, "chair-set");
        let years: Vec<&str> = p.terms.iter().map(|t| t.years.as_str()).collect();
        assert_eq!(years, ["2017", "2017–2018", "2018–2019", "2019–2020"]);
        assert_eq!(p.terms[1].source, "(derived)");
        assert_eq!(p.terms[2].source, "(set by decision)");
        assert!(p.terms[1].current && !p.terms[0].current);
        assert_eq!(p.terms[1].states[0].href, "/states/KZ");
        assert!(picture(UiLang::english(), &[], date(2018, 6, 1)).is_none());
    }
}
