use proptest::prelude::*;

use super::*;

fn stems_of(text: &str) -> Vec<String> {
    words(text).into_iter().filter_map(|w| w.stem).collect()
}

#[test]
fn the_russian_inflections_of_a_word_share_its_stem() {
    let forms = ["заявление", "заявления", "заявлению", "заявлением", "заявлении", "Заявление", "ЗАЯВЛЕНИЯ"];
    let stem = super::stem("заявление").unwrap();
    for f in forms {
        assert_eq!(super::stem(f).as_deref(), Some(stem.as_str()), "{f}");
    }
    assert_eq!(super::stem("министров"), super::stem("министры"));
    assert_eq!(super::stem("государств"), super::stem("государства"));
}

#[test]
fn the_english_inflections_of_a_word_share_its_stem() {
    assert_eq!(super::stem("statements"), super::stem("statement"));
    assert_eq!(super::stem("Ministers"), super::stem("minister"));
    assert_eq!(super::stem("consultations"), super::stem("consultation"));
    assert_eq!(super::stem("meetings"), super::stem("meeting"));
}

#[test]
fn yo_is_written_as_ye_so_either_spelling_finds_the_other() {
    assert_eq!(super::stem("сообщённого"), super::stem("сообщенного"));
    assert_eq!(super::stem("Соединённых"), super::stem("Соединенных"));
}

#[test]
fn stop_words_are_left_out_of_the_index_and_of_queries() {
    assert_eq!(super::stem("the"), None);
    assert_eq!(super::stem("И"), None);
    assert_eq!(query("the of and, по и для").unwrap(), Vec::<String>::new());
    assert_eq!(terms(["of the"]), "");
}

#[test]
fn a_query_of_punctuation_alone_searches_for_nothing_and_is_no_error() {
    assert_eq!(query("").unwrap(), Vec::<String>::new());
    assert_eq!(query("?!… — «» ... %_*").unwrap(), Vec::<String>::new());
}

#[test]
fn a_long_query_is_refused_with_its_own_code() {
    let long = "a".repeat(2_000);
    match query(&long) {
        Err(Error::Invalid { code, .. }) => assert_eq!(code, "query_too_long"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let many: Vec<String> = (0..13).map(|i| format!("word{i}")).collect();
    match query(&many.join(" ")) {
        Err(Error::Invalid { code, .. }) => assert_eq!(code, "query_too_many_words"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(query(&"слово ".repeat(33)).is_ok(), "a repeated word counts once, and 198 characters pass");
}

#[test]
fn a_query_keeps_each_stem_once_in_the_order_typed() {
    assert_eq!(query("Statements statement INF").unwrap(), vec!["statement".to_owned(), "inf".to_owned()]);
}

#[test]
fn terms_are_the_distinct_stems_sorted_and_single_spaced() {
    let t = terms(["Statement of the Ministers", "statements; ministers — CSTO/CFM/2018/STM/1"]);
    assert_eq!(t, "1 2018 cfm csto minist statement stm");
    assert!(!t.contains("  ") && !t.starts_with(' ') && !t.ends_with(' '));
}

#[test]
fn the_score_counts_the_query_stems_an_entry_holds() {
    let t = terms(["Заявление министров иностранных дел по ДРСМД"]);
    assert_eq!(score(&query("заявления министров").unwrap(), &t), 2);
    assert_eq!(score(&query("заявления послов").unwrap(), &t), 1);
    assert_eq!(score(&query("декларация").unwrap(), &t), 0);
    // A stem is matched whole, never as a part of a longer one.
    assert_eq!(score(&["мин".to_owned()], &t), 0);
}

#[test]
fn a_snippet_marks_each_matched_word_in_the_original_text() {
    let text = "The ministers adopted a Statement. Statements follow.";
    let pieces = snippet(text, &query("statement").unwrap());
    let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(joined, text);
    let matched: Vec<&str> = pieces.iter().filter(|p| p.matched).map(|p| p.text.as_str()).collect();
    assert_eq!(matched, ["Statement", "Statements"]);
    assert_eq!(marked(&pieces), "The ministers adopted a [[Statement]]. [[Statements]] follow.");
}

#[test]
fn a_snippet_of_a_long_text_starts_near_the_first_match_and_is_short() {
    let text = format!("{} Заявление министров {}", "слово ".repeat(200), "конец ".repeat(200));
    let pieces = snippet(&text, &query("заявления").unwrap());
    let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
    assert!(joined.starts_with("… слово"), "{joined}");
    assert!(joined.ends_with(" …"), "{joined}");
    assert!(joined.chars().count() <= SNIPPET_CHARS + 4, "{}", joined.chars().count());
    assert!(pieces.iter().any(|p| p.matched && p.text == "Заявление"));
}

#[test]
fn a_snippet_without_a_match_is_the_beginning_of_the_text() {
    let pieces = snippet("Line one.\n\nLine   two.", &query("absent").unwrap());
    assert_eq!(pieces, vec![Piece { text: "Line one. Line two.".into(), matched: false }]);
    assert!(snippet("", &query("absent").unwrap()).is_empty());
}

#[test]
fn brackets_of_the_text_never_read_as_the_marks_of_a_match() {
    let pieces = snippet("See [[note]] and [statement]", &query("statement").unwrap());
    let m = marked(&pieces);
    assert_eq!(m, "See [ [note] ] and [ [[statement]] ]");
    assert_eq!(m.matches("[[").count(), 1);
    assert_eq!(m.matches("]]").count(), 1);
}

#[test]
fn the_stop_word_lists_are_sorted_lowercase_and_without_yo() {
    for list in [stop::ENGLISH, stop::RUSSIAN] {
        assert!(list.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        assert!(list.iter().all(|w| *w == fold(w)), "folded");
    }
}

/// Russian nouns of the first declension and their case endings, and English nouns with their plurals.
const RU_STEMS: &[&str] = &["заявлени", "управлени", "соглашени", "решени", "положени"];
const RU_ENDINGS: &[&str] = &["е", "я", "ю", "ем", "и", "й", "ям", "ями", "ях"];
const EN_WORDS: &[&str] = &["statement", "minister", "consultation", "declaration", "agreement", "decision"];

proptest! {
    #[test]
    fn a_russian_inflection_finds_the_text_of_another(
        stem in prop::sample::select(RU_STEMS), a in prop::sample::select(RU_ENDINGS),
        b in prop::sample::select(RU_ENDINGS), upper in any::<bool>(),
    ) {
        let typed = format!("{stem}{a}");
        let typed = if upper { typed.to_uppercase() } else { typed };
        let text = format!("Текст: {stem}{b} министров.");
        let q = query(&typed).unwrap();
        prop_assert_eq!(score(&q, &terms([text.as_str()])), 1, "{} in {}", typed, text);
        prop_assert!(snippet(&text, &q).iter().any(|p| p.matched));
    }

    #[test]
    fn an_english_plural_finds_the_singular_and_back(
        word in prop::sample::select(EN_WORDS), plural_typed in any::<bool>(),
    ) {
        let (typed, text) = if plural_typed { (format!("{word}s"), word.to_owned()) } else { (word.to_owned(), format!("{word}s")) };
        prop_assert_eq!(score(&query(&typed).unwrap(), &terms([text.as_str()])), 1);
    }

    #[test]
    fn every_word_of_a_text_is_found_by_itself(text in "[a-zA-Zа-яА-ЯёЁ0-9 ,.;:!?«»—-]{0,120}") {
        let t = terms([text.as_str()]);
        for w in stems_of(&text) {
            prop_assert!(t.split(' ').any(|s| s == w));
            prop_assert_eq!(score(std::slice::from_ref(&w), &t), 1);
        }
    }

    #[test]
    fn terms_and_stems_are_letters_and_digits_only(text in "\\PC{0,200}") {
        let t = terms([text.as_str()]);
        prop_assert!(t.split(' ').all(|s| t.is_empty() || (!s.is_empty() && s.chars().all(char::is_alphanumeric))));
        prop_assert!(!t.contains("  "));
        for s in stems_of(&text) {
            prop_assert_eq!(s.to_lowercase(), s);
        }
    }

    #[test]
    fn a_snippet_is_a_passage_of_the_text_with_its_matches_marked(text in "\\PC{0,600}", q in "[a-zа-я]{1,8}") {
        let stems = query(&q).unwrap();
        let pieces = snippet(&text, &stems);
        let joined: String = pieces.iter().map(|p| p.text.as_str()).collect();
        let inner = joined.trim_start_matches("… ").trim_end_matches(" …");
        prop_assert!(squash(&text).contains(inner), "{:?} not in {:?}", inner, text);
        prop_assert!(inner.chars().count() <= SNIPPET_CHARS);
        for p in pieces.iter().filter(|p| p.matched) {
            prop_assert!(stem(&p.text).is_some_and(|s| stems.contains(&s)));
        }
    }

    #[test]
    fn any_query_is_parsed_or_refused_never_a_panic(text in "\\PC{0,300}") {
        match query(&text) {
            Ok(stems) => prop_assert!(stems.len() <= MAX_QUERY_WORDS),
            Err(Error::Invalid { code, .. }) => prop_assert!(code == "query_too_long" || code == "query_too_many_words"),
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}
