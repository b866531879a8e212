//! The shipped locales, negotiation and the formats of dates and names in each language.
use super::*;

fn lang(code: &str) -> UiLang {
    UiLang::of(code).unwrap_or_else(|| panic!("no locale {code}"))
}

/// The message identifiers of a Fluent text: a line that starts a message is `id = …` at the margin.
fn message_ids(ftl: &str) -> std::collections::BTreeSet<String> {
    ftl.lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()) && l.contains(" ="))
        .map(|l| l.split(" =").next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_interface_s_languages_are_the_folders_of_locales() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut folders: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    folders.sort();
    let served: Vec<&str> = Locales::ui().all().map(|l| l.code()).collect();
    assert_eq!(served, folders);
    assert!(served.contains(&"en") && served.contains(&"ru"));
    assert_eq!(lang("ru").own_name(), "Русский");
    assert_eq!(UiLang::english().own_name(), "English");
}

#[test]
fn every_shipped_locale_parses_and_has_every_message_of_english() {
    let ids = |code: &str| -> std::collections::BTreeSet<String> {
        let (_, files) = EMBEDDED.iter().find(|(c, _)| *c == code).unwrap();
        for text in *files {
            assert!(FluentResource::try_new((*text).to_owned()).is_ok(), "{code}: a Fluent file does not parse");
        }
        files.iter().flat_map(|f| message_ids(f)).collect()
    };
    let english = ids("en");
    for (code, _) in EMBEDDED {
        let theirs = ids(code);
        let missing: Vec<&String> = english.difference(&theirs).collect();
        assert!(missing.is_empty(), "{code} lacks {missing:?}");
    }
}

#[test]
fn no_message_is_written_in_two_files_of_a_language() {
    // With two, the bundle keeps one of them by the order of the files, and the other is never read.
    for (code, files) in EMBEDDED {
        let mut seen = std::collections::BTreeSet::new();
        let twice: Vec<String> =
            files.iter().flat_map(|f| message_ids(f)).filter(|id| !seen.insert(id.clone())).collect();
        assert!(twice.is_empty(), "{code}: written twice: {twice:?}");
    }
}

#[test]
fn a_third_locale_is_served_and_falls_back_to_english_message_by_message() {
    let french = "language-own-name = Français\nnav-calendar = Calendrier\nmonth-6 = juin\n";
    let with_french = EMBEDDED.iter().map(|(c, f)| (*c, f.to_vec())).chain([("fr", vec![french])]);
    let set: &'static Locales = Box::leak(Box::new(Locales::from_sources(with_french)));
    let codes: Vec<&str> = set.all().map(|l| l.code()).collect();
    assert_eq!(codes, ["en", "fr", "ru"]);

    let fr = set.negotiate(Some("fr"), &HeaderMap::new());
    assert_eq!(fr.code(), "fr");
    assert_eq!(fr.own_name(), "Français");
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT_LANGUAGE, "fr-CH, fr;q=0.9, en;q=0.5".parse().unwrap());
    assert_eq!(set.negotiate(None, &headers), fr, "the browser's French is served");

    assert_eq!(fr.t("nav-calendar"), "Calendrier");
    assert_eq!(fr.t("sign-in"), "Sign in", "a message French lacks is English");
    assert_eq!(fr.date(&jiff::civil::date(2018, 6, 11)), "11 juin 2018", "French month, English pattern");
    assert_eq!(fr.t("no-such-message"), "no-such-message");
    assert_eq!(set.get("ru").unwrap().t("nav-calendar"), Locales::ui().get("ru").unwrap().t("nav-calendar"));
}

#[test]
fn a_set_without_english_still_answers_with_keys() {
    let set: &'static Locales = Box::leak(Box::new(Locales::from_sources([("de", vec!["a = b\n"]), ("x!", vec![])])));
    let codes: Vec<&str> = set.all().map(|l| l.code()).collect();
    assert_eq!(codes, ["de", "en"], "a folder that is no language tag is left out");
    assert_eq!(set.get("de").unwrap().t("a"), "b");
    assert_eq!(set.get("de").unwrap().t("c"), "c");
}

#[test]
fn a_day_is_written_out_in_each_language() {
    let day = jiff::civil::date(2018, 6, 11);
    assert_eq!(UiLang::english().date(&day), "11 June 2018");
    assert_eq!(lang("ru").date(&day), "11 июня 2018 г.");
}

#[test]
fn a_span_of_days_writes_the_shared_month_and_year_once() {
    let d = jiff::civil::date;
    let en = UiLang::english();
    assert_eq!(en.date_range(&d(2020, 12, 3), &d(2020, 12, 4)), "3–4 December 2020");
    assert_eq!(en.date_range(&d(2020, 11, 30), &d(2020, 12, 1)), "30 November – 1 December 2020");
    assert_eq!(en.date_range(&d(2020, 12, 30), &d(2021, 1, 2)), "30 December 2020 – 2 January 2021");
    assert_eq!(en.date_range(&d(2018, 6, 11), &d(2018, 6, 11)), "11 June 2018");
    assert_eq!(lang("ru").date_range(&d(2020, 12, 3), &d(2020, 12, 4)), "3–4 декабря 2020 г.");
    assert_eq!(lang("ru").date_range(&d(2020, 11, 30), &d(2020, 12, 1)), "30 ноября – 1 декабря 2020 г.");
}

#[test]
fn the_query_beats_the_browser() {
    let mut headers = HeaderMap::new();
    headers.insert(header::ACCEPT_LANGUAGE, "ru-RU,ru;q=0.9".parse().unwrap());
    assert_eq!(UiLang::negotiate(None, &headers), lang("ru"));
    assert_eq!(UiLang::negotiate(Some("en"), &headers), lang("en"));
    assert_eq!(UiLang::negotiate(Some("xx"), &HeaderMap::new()), lang("en"));
}

#[test]
fn the_browser_s_first_language_the_interface_speaks_is_chosen() {
    let ui = Locales::ui();
    assert_eq!(ui.accepted("de-DE, ru;q=0.8, en;q=0.5"), Some(lang("ru")));
    assert_eq!(ui.accepted("EN-gb,ru"), Some(lang("en")));
    assert_eq!(ui.accepted("de, fr;q=0.9"), None);
    assert_eq!(ui.accepted("*"), None);
    assert_eq!(ui.accepted(""), None);
}
