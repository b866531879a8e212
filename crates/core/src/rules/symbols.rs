//! Register symbols in the organisation's own scheme (`CSTO/CFM/2018/DEC/3`), with `Rev.n`, `Corr.n` and `Add.n`.
//! All language versions share one symbol; a provisional text under silence has none until adopted.

/// The parts of a base symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolParts<'a> {
    pub org: &'a str,
    pub body: &'a str,
    pub year: i16,
    pub kind: &'a str,
    pub number: u32,
}

/// A base symbol from the pattern: `{org}/{body}/{year}/{kind}/{n}` → `CSTO/CFM/2018/DEC/3`.
pub fn base_symbol(pattern: &str, parts: &SymbolParts<'_>) -> String {
    pattern
        .replace("{org}", parts.org)
        .replace("{body}", parts.body)
        .replace("{year}", &parts.year.to_string())
        .replace("{kind}", parts.kind)
        .replace("{n}", &parts.number.to_string())
}

/// A numbering series: the pattern with everything but the number filled in (`CSTO/CFM/2018/DEC/{n}`).
pub fn series(pattern: &str, parts: &SymbolParts<'_>) -> String {
    pattern
        .replace("{org}", parts.org)
        .replace("{body}", parts.body)
        .replace("{year}", &parts.year.to_string())
        .replace("{kind}", parts.kind)
}

/// The series of a document's corrigenda or addenda: `…/Corr.{n}`.
pub fn amendment_series(parent: &str, corrigendum: bool) -> String {
    if corrigendum {
        format!("{parent}/Corr.{{n}}")
    } else {
        format!("{parent}/Add.{{n}}")
    }
}

/// The symbol numbered `n` in a series.
pub fn in_series(series: &str, n: u32) -> String {
    series.replace("{n}", &n.to_string())
}

/// The series and number of a symbol: its trailing number is the number (`…/STM/3` → `…/STM/{n}`, 3;
/// `…/Corr.2` → `…/Corr.{n}`, 2).
pub fn series_of(symbol: &str) -> Option<(String, u32)> {
    let digits = symbol.len() - symbol.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (base, number) = symbol.split_at(symbol.len() - digits);
    Some((format!("{base}{{n}}"), number.parse().ok()?))
}

/// The next number in a series (per organisation, body, year and kind): one more than the highest.
pub fn next_number(taken: &[u32]) -> u32 {
    taken.iter().max().map_or(1, |n| n + 1)
}

/// A suffix of a symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    /// A revised text replacing the earlier one.
    Rev(u32),
    /// A corrigendum.
    Corr(u32),
    /// An addendum.
    Add(u32),
}

/// The symbol with a suffix: `…/Rev.1`; revision 0 is the base itself.
pub fn with_suffix(base: &str, suffix: Suffix) -> String {
    match suffix {
        Suffix::Rev(0) => base.to_owned(),
        Suffix::Rev(n) => format!("{base}/Rev.{n}"),
        Suffix::Corr(n) => format!("{base}/Corr.{n}"),
        Suffix::Add(n) => format!("{base}/Add.{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::check_pattern;
    use proptest::prelude::*;

    const CSTO: &str = "{org}/{body}/{year}/{kind}/{n}";

    #[test]
    fn the_csto_scheme_gives_org_body_year_kind_and_number() {
        let parts = SymbolParts { org: "CSTO", body: "CFM", year: 2018, kind: "DEC", number: 3 };
        assert_eq!(base_symbol(CSTO, &parts), "CSTO/CFM/2018/DEC/3");
    }

    #[test]
    fn a_series_numbers_its_documents_in_turn() {
        let parts = SymbolParts { org: "CSTO", body: "CFM", year: 2018, kind: "STM", number: 0 };
        let s = series(CSTO, &parts);
        assert_eq!(s, "CSTO/CFM/2018/STM/{n}");
        assert_eq!(in_series(&s, 2), "CSTO/CFM/2018/STM/2");
        assert_eq!(in_series(&amendment_series("CSTO/CFM/2018/STM/2", true), 1), "CSTO/CFM/2018/STM/2/Corr.1");
        assert_eq!(in_series(&amendment_series("CSTO/CFM/2018/STM/2", false), 1), "CSTO/CFM/2018/STM/2/Add.1");
    }

    #[test]
    fn suffixes_follow_un_practice() {
        assert_eq!(with_suffix("A/73/L.1", Suffix::Rev(1)), "A/73/L.1/Rev.1");
        assert_eq!(with_suffix("A/73/L.1", Suffix::Corr(2)), "A/73/L.1/Corr.2");
        assert_eq!(with_suffix("A/73/L.1", Suffix::Add(1)), "A/73/L.1/Add.1");
        assert_eq!(with_suffix("A/73/L.1", Suffix::Rev(0)), "A/73/L.1");
    }

    #[test]
    fn a_pattern_without_a_number_or_with_an_unknown_placeholder_is_refused() {
        assert!(check_pattern(CSTO).is_ok());
        assert_eq!(check_pattern("{org}/{year}").unwrap_err().code(), "invalid_symbol_pattern");
        assert!(check_pattern("{org}/{session}/{n}").is_err());
    }

    #[test]
    fn a_symbol_names_its_series_and_number() {
        assert_eq!(series_of("CSTO/CFM/2018/STM/3"), Some(("CSTO/CFM/2018/STM/{n}".into(), 3)));
        assert_eq!(series_of("CSTO/CFM/2018/STM/3/Corr.12"), Some(("CSTO/CFM/2018/STM/3/Corr.{n}".into(), 12)));
        assert_eq!(series_of("A/RES"), None);
    }

    proptest! {
        #[test]
        fn a_numbered_symbol_reads_back_as_its_series_and_number(n in 1u32..100_000) {
            let parts = SymbolParts { org: "CSTO", body: "CFM", year: 2018, kind: "DEC", number: 0 };
            let s = series(CSTO, &parts);
            prop_assert_eq!(series_of(&in_series(&s, n)), Some((s, n)));
        }

        #[test]
        fn the_next_number_is_never_taken(taken in proptest::collection::vec(1u32..1000, 0..20)) {
            let n = next_number(&taken);
            prop_assert!(!taken.contains(&n));
            prop_assert!(n >= 1);
        }
    }
}
