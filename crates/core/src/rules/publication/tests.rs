use jiff::Timestamp;
use proptest::prelude::*;

use super::*;
use crate::domain::{Lang, PublicationKind, RESERVED_KEYS};

/// The publication's own check, as every writer meets it.
fn check(p: &Publication) -> Result<()> {
    p.check()
}

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn key(s: &str) -> Key {
    Key::parse(s).unwrap()
}

fn press(of: &str) -> Viewer {
    Viewer::Press { publisher: Some(key(of)) }
}

fn any_status() -> impl Strategy<Value = PublicationStatus> {
    prop_oneof![
        Just(PublicationStatus::Draft),
        Just(PublicationStatus::Scheduled),
        Just(PublicationStatus::Published),
        Just(PublicationStatus::Withdrawn),
    ]
}

fn any_viewer() -> impl Strategy<Value = Viewer> {
    prop_oneof![
        Just(Viewer::Public),
        Just(Viewer::Secretariat),
        Just(Viewer::Press { publisher: None }),
        Just(press("mfa-russia-press")),
        Just(press("csto-press")),
        Just(Viewer::Delegate { state: crate::domain::StateCode::parse("RU").unwrap(), head: true }),
    ]
}

fn publication(status: PublicationStatus) -> Publication {
    Publication {
        key: key("comment"),
        publisher: key("mfa-russia-press"),
        kind: PublicationKind::Comment,
        category: key("press-release-newsletter"),
        language: Lang::parse("en").unwrap(),
        translation_of: None,
        title: "Comment".into(),
        lead: String::new(),
        body: "Text.".into(),
        author: "Vladimir I Poluektov".into(),
        status,
        scheduled_at: None,
        published_at: None,
        meetings: Vec::new(),
        documents: Vec::new(),
        hits: 0,
    }
}

#[test]
fn a_draft_published_now_is_published_at_this_instant_whatever_the_request_says() {
    let now = t("2018-06-09T12:36:00Z");
    let stage = next(None, PublicationStatus::Published, None, now).unwrap();
    assert_eq!(stage.published_at, Some(now));
    let draft = Stage { status: PublicationStatus::Draft, scheduled_at: None, published_at: None };
    assert_eq!(next(Some(draft), PublicationStatus::Published, None, now).unwrap().published_at, Some(now));
}

#[test]
fn a_withdrawn_item_keeps_the_instant_it_was_published() {
    let published = Stage {
        status: PublicationStatus::Published,
        scheduled_at: None,
        published_at: Some(t("2018-06-09T12:36:00Z")),
    };
    let withdrawn = next(Some(published), PublicationStatus::Withdrawn, None, t("2018-07-01T00:00:00Z")).unwrap();
    assert_eq!(withdrawn.status, PublicationStatus::Withdrawn);
    assert_eq!(withdrawn.published_at, published.published_at);
}

#[test]
fn a_published_item_is_withdrawn_never_taken_back_to_a_draft() {
    let now = t("2018-06-09T12:36:00Z");
    let published = Stage { status: PublicationStatus::Published, scheduled_at: None, published_at: Some(now) };
    let err = next(Some(published), PublicationStatus::Draft, None, now).unwrap_err();
    assert_eq!(err.code(), "publication_transition");
    let withdrawn = Stage { status: PublicationStatus::Withdrawn, ..published };
    assert_eq!(
        next(Some(withdrawn), PublicationStatus::Published, None, now).unwrap_err().code(),
        "publication_transition"
    );
    assert_eq!(next(None, PublicationStatus::Withdrawn, None, now).unwrap_err().code(), "publication_transition");
}

#[test]
fn a_schedule_needs_an_instant_later_than_now() {
    let now = t("2018-06-01T06:00:00Z");
    assert_eq!(next(None, PublicationStatus::Scheduled, None, now).unwrap_err().code(), "scheduled_at_required");
    assert_eq!(next(None, PublicationStatus::Scheduled, Some(now), now).unwrap_err().code(), "scheduled_in_past");
    let later = t("2018-06-09T12:36:00Z");
    let stage = next(None, PublicationStatus::Scheduled, Some(later), now).unwrap();
    assert_eq!((stage.scheduled_at, stage.published_at), (Some(later), None));
    assert!(!due(stage, now));
    assert!(due(stage, later));
}

#[test]
fn drafts_are_seen_by_their_own_press_office_and_the_secretariat_only() {
    let ru = key("mfa-russia-press");
    assert!(visible(&press("mfa-russia-press"), &ru, PublicationStatus::Draft));
    assert!(visible(&Viewer::Secretariat, &ru, PublicationStatus::Scheduled));
    assert!(!visible(&press("csto-press"), &ru, PublicationStatus::Draft));
    assert!(!visible(&Viewer::Public, &ru, PublicationStatus::Scheduled));
    assert!(visible(&Viewer::Public, &ru, PublicationStatus::Withdrawn));
}

#[test]
fn views_by_its_own_press_office_are_not_hits() {
    let ru = key("mfa-russia-press");
    assert!(counts_hit(&Viewer::Public, &ru, PublicationStatus::Published));
    assert!(counts_hit(&press("csto-press"), &ru, PublicationStatus::Published));
    assert!(!counts_hit(&press("mfa-russia-press"), &ru, PublicationStatus::Published));
    assert!(!counts_hit(&Viewer::Public, &ru, PublicationStatus::Withdrawn));
}

#[test]
fn a_published_publication_without_its_instant_is_refused() {
    assert_eq!(check(&publication(PublicationStatus::Published)).unwrap_err().code(), "invalid_publication_stage");
    assert!(check(&publication(PublicationStatus::Draft)).is_ok());
    let mut blank = publication(PublicationStatus::Draft);
    blank.title = "  ".into();
    assert_eq!(check(&blank).unwrap_err().code(), "publication_incomplete");
}

proptest! {
    #[test]
    fn every_stage_the_lifecycle_gives_passes_the_publications_own_check(
        from in proptest::option::of(any_status()),
        to in any_status(),
        offset in -1000i64..1000,
    ) {
        let now = t("2018-06-01T06:00:00Z");
        let before = from.map(|status| Stage {
            status,
            scheduled_at: (status == PublicationStatus::Scheduled).then(|| t("2018-06-09T12:36:00Z")),
            published_at: status.is_public().then(|| t("2018-05-01T00:00:00Z")),
        });
        let asked = now.checked_add(jiff::SignedDuration::from_secs(offset)).unwrap();
        if let Ok(stage) = next(before, to, Some(asked), now) {
            prop_assert!(may_move(from, to));
            prop_assert_eq!(stage.status, to);
            let mut p = publication(to);
            p.scheduled_at = stage.scheduled_at;
            p.published_at = stage.published_at;
            prop_assert!(check(&p).is_ok());
            // Once published, the instant never moves.
            if let Some(b) = before.filter(|b| b.status.is_public()) {
                prop_assert_eq!(stage.published_at, b.published_at);
            }
        } else {
            prop_assert!(!may_move(from, to) || to == PublicationStatus::Scheduled);
        }
    }

    #[test]
    fn whoever_a_view_counts_for_sees_the_publication(who in any_viewer(), status in any_status()) {
        let ru = key("mfa-russia-press");
        if counts_hit(&who, &ru, status) {
            prop_assert!(visible(&who, &ru, status));
        }
        if status.is_public() {
            prop_assert!(visible(&who, &ru, status));
        }
        prop_assert_eq!(may_write(&who, &ru), who == Viewer::Secretariat || is_own_press(&who, &ru));
    }
}

#[test]
fn the_press_office_may_draft_schedule_or_publish_a_new_item_and_nobody_else_is_offered_anything() {
    let ru = key("mfa-russia-press");
    let all = PublicationActions { edit: true, save_draft: true, schedule: true, publish: true, withdraw: false };
    assert_eq!(actions(&press("mfa-russia-press"), &ru, None), all);
    assert_eq!(actions(&Viewer::Secretariat, &ru, Some(PublicationStatus::Draft)), all);
    for other in [Viewer::Public, press("csto-press"), Viewer::Press { publisher: None }] {
        assert!(!actions(&other, &ru, None).any(), "{other:?}");
        assert!(!actions(&other, &ru, Some(PublicationStatus::Published)).any(), "{other:?}");
    }
}

#[test]
fn a_published_item_is_republished_or_withdrawn_and_a_withdrawn_one_is_left_as_it_is() {
    let ru = key("mfa-russia-press");
    let published = actions(&press("mfa-russia-press"), &ru, Some(PublicationStatus::Published));
    assert_eq!(
        published,
        PublicationActions { edit: true, save_draft: false, schedule: false, publish: true, withdraw: true }
    );
    assert!(!actions(&Viewer::Secretariat, &ru, Some(PublicationStatus::Withdrawn)).any());
}

#[test]
fn the_key_of_a_publication_from_an_announcement_names_the_meeting_and_the_language() {
    let en = Lang::parse("en").unwrap();
    assert_eq!(key_from_announcement(&key("cfm-2018-06-almaty"), &en).as_str(), "comment-cfm-2018-06-almaty-en");
    let long = key(&format!("m{}", "-x".repeat(39)));
    let cut = key_from_announcement(&long, &en);
    assert!(cut.as_str().len() <= 80 && cut.as_str().ends_with("-en") && !cut.as_str().contains("--"), "{cut}");
}

#[test]
fn a_publication_cannot_take_the_key_of_a_page_of_the_press_office() {
    for reserved in RESERVED_KEYS {
        let mut p = publication(PublicationStatus::Draft);
        p.key = key(reserved);
        assert_eq!(check(&p).unwrap_err().code(), "reserved_key");
    }
}

proptest! {
    #[test]
    fn an_action_is_offered_only_when_the_lifecycle_and_the_writer_allow_it(
        who in any_viewer(), status in proptest::option::of(any_status())
    ) {
        let ru = key("mfa-russia-press");
        let a = actions(&who, &ru, status);
        if a.any() {
            prop_assert!(may_write(&who, &ru));
        }
        prop_assert!(!a.save_draft || may_move(status, PublicationStatus::Draft));
        prop_assert!(!a.schedule || may_move(status, PublicationStatus::Scheduled));
        prop_assert!(!a.publish || may_move(status, PublicationStatus::Published));
        prop_assert!(!a.withdraw || (status == Some(PublicationStatus::Published) && may_write(&who, &ru)));
    }
}
