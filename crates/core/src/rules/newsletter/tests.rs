use jiff::tz::TimeZone;
use jiff::Timestamp;
use proptest::prelude::*;

use super::*;
use crate::domain::PublicationKind;

fn key(k: &str) -> Key {
    Key::parse(k).unwrap()
}

fn lang(l: &str) -> Lang {
    Lang::parse(l).unwrap()
}

fn moscow() -> TimeZone {
    TimeZone::get("Europe/Moscow").unwrap()
}

fn published(k: &str, language: &str, of: Option<&str>, at: &str) -> Publication {
    Publication {
        key: key(k),
        publisher: key("mfa-russia-press"),
        kind: PublicationKind::Comment,
        category: key("press-release-newsletter"),
        language: lang(language),
        translation_of: of.map(key),
        title: k.into(),
        lead: String::new(),
        body: "Text.".into(),
        author: "Vladimir I Poluektov".into(),
        status: PublicationStatus::Published,
        scheduled_at: None,
        published_at: Some(at.parse().unwrap()),
        meetings: Vec::new(),
        documents: Vec::new(),
        hits: 0,
    }
}

fn keys(items: &[&Publication]) -> Vec<String> {
    items.iter().map(|p| p.key.to_string()).collect()
}

#[test]
fn a_months_newsletter_holds_what_was_published_in_that_month_of_the_publishers_zone_oldest_first() {
    let all = [
        published("second", "en", None, "2018-06-20T09:00:00Z"),
        published("first", "en", None, "2018-06-09T12:36:00Z"),
        // 1 July 00:30 in Moscow is still 30 June in UTC: July's, not June's.
        published("july", "en", None, "2018-06-30T21:30:00Z"),
        published("may", "en", None, "2018-05-31T12:00:00Z"),
    ];
    let june = Month::parse("2018-06").unwrap();
    assert_eq!(keys(&digest(june, &moscow(), &lang("en"), &all)), ["first", "second"]);
    assert_eq!(keys(&digest(Month::parse("2018-07").unwrap(), &moscow(), &lang("en"), &all)), ["july"]);
}

#[test]
fn a_draft_a_scheduled_and_a_withdrawn_publication_are_in_no_newsletter() {
    let mut draft = published("draft", "en", None, "2018-06-09T12:36:00Z");
    draft.status = PublicationStatus::Draft;
    let mut withdrawn = published("withdrawn", "en", None, "2018-06-09T12:36:00Z");
    withdrawn.status = PublicationStatus::Withdrawn;
    let june = Month::parse("2018-06").unwrap();
    assert!(digest(june, &moscow(), &lang("en"), &[draft, withdrawn]).is_empty());
}

#[test]
fn a_translated_publication_appears_once_in_the_readers_language_and_else_as_written() {
    let all = [
        published("comment", "en", None, "2018-06-09T12:36:00Z"),
        published("comment-ru", "ru", Some("comment"), "2018-06-09T12:40:00Z"),
        published("only-english", "en", None, "2018-06-10T12:00:00Z"),
    ];
    let june = Month::parse("2018-06").unwrap();
    assert_eq!(keys(&digest(june, &moscow(), &lang("ru"), &all)), ["comment-ru", "only-english"]);
    assert_eq!(keys(&digest(june, &moscow(), &lang("en"), &all)), ["comment", "only-english"]);
    assert_eq!(keys(&digest(june, &moscow(), &lang("kk"), &all)), ["comment", "only-english"], "the original");
}

#[test]
fn the_archive_lists_each_month_with_a_publication_once_newest_first() {
    let all = [
        published("a", "en", None, "2018-06-09T12:36:00Z"),
        published("b", "en", None, "2018-06-20T12:36:00Z"),
        published("c", "en", None, "2018-11-08T12:00:00Z"),
    ];
    let months: Vec<String> = months(&moscow(), &all).iter().map(ToString::to_string).collect();
    assert_eq!(months, ["2018-11", "2018-06"]);
}

#[test]
fn a_newsletter_of_a_month_to_come_or_of_an_empty_month_cannot_be_sent() {
    let now: Timestamp = "2018-06-11T06:00:00Z".parse().unwrap();
    let july = Month::parse("2018-07").unwrap();
    let june = Month::parse("2018-06").unwrap();
    assert_eq!(check_sendable(july, &moscow(), now, 3).unwrap_err().code(), "month_to_come");
    assert_eq!(check_sendable(june, &moscow(), now, 0).unwrap_err().code(), "empty_newsletter");
    assert!(check_sendable(june, &moscow(), now, 1).is_ok(), "a month under way may be sent");
}

proptest! {
    #[test]
    fn a_newsletter_never_holds_two_languages_of_one_publication_nor_one_of_another_month(
        items in proptest::collection::vec((0usize..4, any::<bool>(), 0usize..3, 0i64..90), 0..20),
        reader in 0usize..3,
    ) {
        let langs = ["en", "ru", "kk"];
        let all: Vec<Publication> = items
            .iter()
            .enumerate()
            .map(|(i, (family, translated, l, day))| {
                let at = Timestamp::from_second(1_527_811_200 + day * 86_400).unwrap().to_string();
                let original = format!("family-{family}");
                match translated {
                    true => published(&format!("t-{i}"), langs[*l], Some(&original), &at),
                    false => published(&original, langs[*l], None, &at),
                }
            })
            .collect();
        let june = Month::parse("2018-06").unwrap();
        let chosen = digest(june, &moscow(), &lang(langs[reader]), &all);
        let mut families: Vec<&Key> = chosen.iter().map(|p| p.translation_of.as_ref().unwrap_or(&p.key)).collect();
        let n = families.len();
        families.sort();
        families.dedup();
        prop_assert_eq!(families.len(), n, "one line per publication");
        for p in &chosen {
            prop_assert!(june.holds(p.published_at.unwrap().to_zoned(moscow()).date()));
        }
        for pair in chosen.windows(2) {
            prop_assert!(pair[0].published_at <= pair[1].published_at, "oldest first");
        }
    }
}

#[test]
fn a_confirmation_mailed_less_than_an_hour_ago_keeps_another_from_being_queued() {
    let now: Timestamp = "2018-07-01T10:00:00Z".parse().unwrap();
    let quiet = confirmation_quiet_since(now);
    assert_eq!(quiet, "2018-07-01T09:00:00Z".parse::<Timestamp>().unwrap());
    assert_eq!(confirmation_quiet_since(Timestamp::MIN), Timestamp::MIN, "never before the first instant");
}
