use jiff::civil::date;
use proptest::prelude::*;

use super::*;
use crate::domain::{Case, Forms};

fn text(en: &str, ru: &str) -> Text {
    serde_json::from_value(serde_json::json!({"en": en, "ru": ru})).unwrap()
}

fn lang(l: &str) -> Lang {
    Lang::parse(l).unwrap()
}

fn chair(declined: bool) -> PersonFacts {
    PersonFacts {
        name: Name {
            text: text("Kairat Abdrakhmanov", "Кайрат Абдрахманов"),
            forms: declined.then(|| Forms::of("ru", &[(Case::Genitive, "Кайрата Абдрахманова")])),
        },
        post: Some(Name {
            text: text("Minister of Foreign Affairs of Kazakhstan", "Министр иностранных дел Республики Казахстан"),
            forms: declined
                .then(|| Forms::of("ru", &[(Case::Genitive, "Министра иностранных дел Республики Казахстан")])),
        }),
        acting: false,
    }
}

fn document(title: &str, kind: DocumentKind, period: Option<Period>) -> DocumentFacts {
    DocumentFacts {
        title: text(title, title),
        kind,
        sponsors: vec![SponsorFacts::State(text("Russia", "Россия"))],
        period,
    }
}

fn almaty(declined: bool) -> Name {
    Name {
        text: text("Almaty", "Алматы"),
        forms: declined.then(|| Forms::of("ru", &[(Case::Prepositional, "Алматы")])),
    }
}

fn bare() -> Facts {
    Facts {
        publisher: Publisher::PressService,
        organisation: BodyFacts {
            name: text("Collective Security Treaty Organization", "ОДКБ полностью"),
            abbreviation: Some(text("CSTO", "ОДКБ")),
        },
        body: BodyFacts {
            name: text("Council of Foreign Ministers", "Совет министров иностранных дел"),
            abbreviation: Some(text("CFM", "СМИД")),
        },
        kind: MeetingKind::Regular,
        mode: MeetingMode::InPerson,
        city: None,
        starts_on: date(2018, 6, 11),
        ends_on: date(2018, 6, 11),
        chairs: vec![],
        regular_meetings_per_year: 0,
        before: vec![],
        formats: vec![],
        agenda_size: None,
        discussed: vec![],
        information: vec![],
        decisions: vec![],
        adopting: vec![],
        statements_lists: vec![],
        onward: vec![],
    }
}

fn draft_in(f: &Facts, l: &str) -> Announcement {
    draft(f, &lang(l)).unwrap()
}

#[test]
fn a_language_without_a_grammar_is_refused_with_a_stable_code() {
    assert_eq!(draft(&bare(), &lang("fr")).unwrap_err().code(), "no_grammar");
}

#[test]
fn the_russian_draft_declines_the_chair_and_the_city_when_the_record_holds_their_forms() {
    let mut f = bare();
    f.city = Some(almaty(true));
    f.chairs = vec![chair(true)];
    f.regular_meetings_per_year = 2;
    f.agenda_size = Some(12);
    let ru = draft_in(&f, "ru").body;
    assert!(
        ru.starts_with(
            "11 июня 2018 года в Алматы под председательством Министра иностранных дел Республики Казахстан Кайрата \
         Абдрахманова состоится очередное заседание СМИД ОДКБ."
        ),
        "{ru}"
    );
    assert!(ru.contains("проводятся, как правило, 2 раза в год."), "{ru}");
    assert!(ru.contains("Повестка дня заседания включает 12 вопросов."), "{ru}");
}

#[test]
fn without_the_forms_the_russian_draft_keeps_names_in_the_nominative() {
    let mut f = bare();
    f.city = Some(almaty(false));
    f.chairs = vec![chair(false)];
    let ru = draft_in(&f, "ru").body;
    assert!(ru.contains("в городе Алматы состоится"), "{ru}");
    assert!(
        ru.contains("Председательствовать будет Министр иностранных дел Республики Казахстан Кайрат Абдрахманов."),
        "{ru}"
    );
    assert!(!ru.contains("под председательством"), "{ru}");
}

#[test]
fn russian_numerals_agree_with_their_nouns() {
    let cases = [
        (1, "вопрос"),
        (2, "вопроса"),
        (4, "вопроса"),
        (5, "вопросов"),
        (11, "вопросов"),
        (12, "вопросов"),
        (21, "вопрос"),
        (22, "вопроса"),
        (111, "вопросов"),
    ];
    for (n, word) in cases {
        assert_eq!(ru::plural(n, "вопрос", "вопроса", "вопросов"), word, "{n}");
    }
    let mut f = bare();
    f.regular_meetings_per_year = 1;
    assert!(draft_in(&f, "ru").body.contains("один раз в год"));
    f.regular_meetings_per_year = 5;
    assert!(draft_in(&f, "ru").body.contains("5 раз в год"));
    assert!(draft_in(&f, "en").body.contains("usually held 5 times a year"));
}

#[test]
fn plans_carry_their_periods_in_years_or_halves() {
    let mut f = bare();
    let years = Period { from: Some(date(2018, 1, 1)), to: Some(date(2021, 12, 31)) };
    let halves = Period { from: Some(date(2018, 7, 1)), to: Some(date(2019, 6, 30)) };
    f.adopting = vec![
        document("Roadmap", DocumentKind::Roadmap, Some(years)),
        document("Plan", DocumentKind::Plan, Some(halves)),
    ];
    let en = draft_in(&f, "en").body;
    assert!(en.contains("“Roadmap” (from 2018 to 2021; drafted by Russia)"), "{en}");
    assert!(en.contains("“Plan” (for the second half of 2018 and the first half of 2019; drafted by Russia)"), "{en}");
    let ru = draft_in(&f, "ru").body;
    assert!(ru.contains("«Roadmap» (на 2018–2021 годы; автор проекта — Россия)"), "{ru}");
    assert!(ru.contains("на второе полугодие 2018 года и первое полугодие 2019 года"), "{ru}");
}

#[test]
fn paragraphs_are_separated_by_one_blank_line_and_none_is_empty() {
    let mut f = bare();
    f.formats = vec![SittingFormat::Restricted, SittingFormat::Expanded];
    f.agenda_size = Some(3);
    for l in LANGUAGES {
        let body = draft_in(&f, l).body;
        assert!(!body.contains("\n\n\n") && !body.starts_with('\n') && !body.ends_with('\n'), "{body}");
        assert_eq!(body.split("\n\n").count(), 3, "{body}");
    }
}

/// Facts of which each part is there or not, with titles that can be looked for in the text.
fn facts() -> impl Strategy<Value = Facts> {
    (any::<[bool; 12]>(), 0u8..4, 1usize..40).prop_map(|(on, cadence, size)| {
        let mut f = bare();
        if on[0] {
            f.city = Some(almaty(on[1]));
        }
        if on[2] {
            f.chairs = vec![chair(on[1])];
        }
        f.regular_meetings_per_year = cadence;
        if on[3] {
            f.before = vec![EventFacts {
                on: date(2018, 6, 10),
                kind: EventKind::WorkingDinner,
                title: None,
                admitted: Admission::HeadsOfDelegation,
            }];
        }
        if on[4] {
            f.formats = vec![SittingFormat::Restricted, SittingFormat::Expanded];
        }
        if on[5] {
            f.agenda_size = Some(size);
        }
        if on[6] {
            f.discussed = vec![text("DISCUSSED-ITEM", "DISCUSSED-ITEM")];
        }
        if on[7] {
            f.information = vec![text("INFORMATION-ITEM", "INFORMATION-ITEM")];
        }
        if on[8] {
            f.adopting = vec![document("ADOPTED-DOC", DocumentKind::Statement, None)];
        }
        if on[9] {
            f.statements_lists = vec![document("LIST-DOC", DocumentKind::List, None)];
        }
        if on[10] {
            f.onward = vec![Onward {
                body: BodyFacts {
                    name: text("Collective Security Council", "Совет коллективной безопасности"),
                    abbreviation: None,
                },
                meeting: None,
                documents: vec![document("ONWARD-DOC", DocumentKind::Declaration, None)],
            }];
        }
        if on[11] {
            f.publisher = Publisher::State {
                name: text("Russia", "Россия"),
                head: Some(PersonFacts {
                    name: Name { text: text("Sergey Lavrov", "Сергей Лавров"), forms: None },
                    post: None,
                    acting: false,
                }),
            };
        }
        f
    })
}

proptest! {
    #[test]
    fn a_draft_states_each_fact_exactly_when_the_record_holds_it(f in facts()) {
        for l in LANGUAGES {
            let a = draft(&f, &lang(l)).unwrap();
            let all = format!("{}\n{}", a.title, a.body);
            let says = |en: &str, ru: &str| all.contains(if l == "en" { en } else { ru });
            prop_assert_eq!(says("Almaty", "Алматы"), f.city.is_some());
            prop_assert_eq!(says("Abdrakhmanov", "Абдрахманов"), !f.chairs.is_empty());
            prop_assert_eq!(says("chairmanship", "редседательств"), !f.chairs.is_empty());
            prop_assert_eq!(says("a year", "в год"), f.regular_meetings_per_year > 0);
            prop_assert_eq!(says("working dinner", "рабочим ужином"), !f.before.is_empty());
            prop_assert_eq!(says("the eve of", "Накануне"), !f.before.is_empty());
            prop_assert_eq!(says("restricted and expanded formats", "узком и расширенном составах"), !f.formats.is_empty());
            prop_assert_eq!(says("agenda consists", "Повестка дня"), f.agenda_size.is_some());
            if let Some(n) = f.agenda_size {
                prop_assert!(all.contains(&format!(" {n} ")) || (n == 1 && l == "en"), "{}", all);
            }
            prop_assert_eq!(all.contains("DISCUSSED-ITEM"), !f.discussed.is_empty());
            prop_assert_eq!(all.contains("INFORMATION-ITEM"), !f.information.is_empty());
            prop_assert_eq!(all.contains("ADOPTED-DOC"), !f.adopting.is_empty());
            prop_assert_eq!(all.contains("LIST-DOC"), !f.statements_lists.is_empty());
            prop_assert_eq!(says("collective instructions", "коллективных поручений"), !f.statements_lists.is_empty());
            prop_assert_eq!(all.contains("ONWARD-DOC"), !f.onward.is_empty());
            prop_assert_eq!(says("Collective Security Council", "органа «Совет коллективной безопасности»"), !f.onward.is_empty());
            prop_assert_eq!(says("Lavrov", "Лавров"), matches!(f.publisher, Publisher::State { .. }));
            prop_assert_eq!(says("Russia", "Россия"), !f.adopting.is_empty() || !f.statements_lists.is_empty()
                || !f.onward.is_empty());
            prop_assert!(!all.contains("{") && !all.contains("  ") && !all.contains(" ."), "{}", all);
        }
    }
}
