//! Words both grammars share: lists, dates, the halves and years of a period.

use jiff::civil::Date;

use crate::domain::Period;

/// `a`, `a and b`, `a, b and c`, with the language's `and`.
pub fn list(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// How a period reads: whole calendar years, whole halves of years, or days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// From the first to the last year, whole.
    Years(i16, i16),
    /// From a half to a half: (year, 1 or 2).
    Halves((i16, u8), (i16, u8)),
    Days(Option<Date>, Option<Date>),
}

/// Reads a period as whole years, whole halves of years, or else days.
pub fn span(p: &Period) -> Span {
    let (Some(from), Some(to)) = (p.from, p.to) else { return Span::Days(p.from, p.to) };
    let half_start = |d: Date| (d.day() == 1 && (d.month() == 1 || d.month() == 7)).then(|| (d.year(), half(d)));
    let half_end = |d: Date| {
        ((d.month() == 6 && d.day() == 30) || (d.month() == 12 && d.day() == 31)).then(|| (d.year(), half(d)))
    };
    match (half_start(from), half_end(to)) {
        (Some((fy, 1)), Some((ty, 2))) => Span::Years(fy, ty),
        (Some(a), Some(b)) => Span::Halves(a, b),
        _ => Span::Days(Some(from), Some(to)),
    }
}

fn half(d: Date) -> u8 {
    if d.month() <= 6 {
        1
    } else {
        2
    }
}

/// The halves a span of halves covers, counting both ends.
pub fn halves_between(a: (i16, u8), b: (i16, u8)) -> i32 {
    (i32::from(b.0) * 2 + i32::from(b.1)) - (i32::from(a.0) * 2 + i32::from(a.1)) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn p(from: Date, to: Date) -> Period {
        Period { from: Some(from), to: Some(to) }
    }

    #[test]
    fn a_period_of_whole_years_halves_or_days_reads_as_such() {
        assert_eq!(span(&p(date(2018, 1, 1), date(2021, 12, 31))), Span::Years(2018, 2021));
        assert_eq!(span(&p(date(2018, 7, 1), date(2019, 6, 30))), Span::Halves((2018, 2), (2019, 1)));
        assert_eq!(span(&p(date(2018, 1, 1), date(2018, 6, 30))), Span::Halves((2018, 1), (2018, 1)));
        let days = p(date(2018, 3, 2), date(2018, 6, 30));
        assert_eq!(span(&days), Span::Days(days.from, days.to));
        assert_eq!(halves_between((2018, 2), (2019, 1)), 2);
    }

    #[test]
    fn a_list_joins_its_last_item_with_and() {
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(list(&items, "and"), "a, b and c");
        assert_eq!(list(&items[..1], "and"), "a");
        assert_eq!(list(&items[..2], "и"), "a и b");
    }
}
