//! The meetings around a day, as the organisation's and a body's pages read them: ended before a day, in the
//! order of their last day either way, counted by body and year, and each body's next.

use super::*;
use secretariat_core::store::Order;

/// The seed's meetings and, beside them, meetings of the CSTO's ministers that end on the same days as others (so
/// that the order's tie by id is tried) and one cancelled, over three years.
async fn seed_with_more_meetings(store: &SqlStore) -> Vec<Stored<Record>> {
    seed(store).await;
    let almaty = find(store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let Record::Meeting(template) = almaty.record else { panic!("a meeting") };
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    for (key, starts, ends, kind, status) in [
        ("cfm-extra-1", "2018-06-10", "2018-06-11", MeetingKind::Regular, MeetingStatus::Held),
        ("cfm-extra-2", "2019-05-20", "2019-05-21", MeetingKind::Regular, MeetingStatus::Held),
        ("cfm-extra-3", "2019-05-21", "2019-05-21", MeetingKind::Informal, MeetingStatus::Held),
        ("cfm-extra-4", "2019-11-02", "2019-11-02", MeetingKind::Regular, MeetingStatus::Cancelled),
        ("cfm-extra-5", "2020-03-01", "2020-03-03", MeetingKind::Regular, MeetingStatus::Planned),
    ] {
        let meeting = Meeting {
            key: Key::parse(key).unwrap(),
            starts_on: parse_date(starts).unwrap(),
            ends_on: parse_date(ends).unwrap(),
            kind,
            status,
            ..template.clone()
        };
        tx.insert(&Record::Meeting(meeting)).await.unwrap();
    }
    tx.commit().await.unwrap();
    all(store, Kind::Meeting).await
}

fn meeting(s: &Stored<Record>) -> &Meeting {
    match &s.record {
        Record::Meeting(m) => m,
        other => panic!("a meeting, not {other:?}"),
    }
}

/// `before` keeps the meetings that ended before the day, `since` those that start on or after it; the
/// chronological orders sort by the last day, ties by id, in either direction; and a limit takes the first of
/// that order.
async fn before_and_the_chronological_orders_keep_and_sort_the_meetings_by_their_last_day(store: SqlStore) {
    let meetings = seed_with_more_meetings(&store).await;
    let days = ["2017-01-01", "2018-06-11", "2018-06-12", "2019-05-21", "2019-05-22", "2020-03-03", "2030-01-01"];
    let mut partial = 0;
    for day in days {
        let day = parse_date(day).unwrap();
        let mut f = everything(Viewer::Public);
        f.before = Some(day);
        let n = check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.ends_on < day)).await;
        if n > 0 && n < meetings.len() {
            partial += 1;
        }
        let mut f = everything(Viewer::Public);
        f.since = Some(day);
        check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.starts_on >= day)).await;
        for (order, limit) in [(Order::Chronological, 3), (Order::ReverseChronological, 2), (Order::Chronological, 99)]
        {
            let mut expected: Vec<Stored<Record>> =
                meetings.iter().filter(|s| meeting(s).ends_on >= day).cloned().collect();
            expected.sort_by_key(|s| (meeting(s).ends_on, s.id));
            if order == Order::ReverseChronological {
                expected.reverse();
            }
            expected.truncate(limit);
            let mut f = Filter::new(Viewer::Public);
            f.from = Some(day);
            f.order = order;
            f.limit = u32::try_from(limit).unwrap();
            assert_eq!(store.list(Kind::Meeting, &f).await.unwrap(), expected, "{order:?} from {day}, {limit}");
        }
    }
    assert!(partial >= 4, "the days cut the meetings in many ways");
    // Kinds with no day keep their id order whatever is asked.
    let mut f = everything(Viewer::Secretariat);
    f.order = Order::ReverseChronological;
    assert_eq!(store.list(Kind::Person, &f).await.unwrap(), all(&store, Kind::Person).await);
}

/// The counts of the organisation's meetings by body, year, kind and status, recounted from the meetings.
fn recount(meetings: &[Stored<Record>], code: &Code) -> Vec<MeetingCount> {
    let mut expected: Vec<MeetingCount> = Vec::new();
    for m in meetings.iter().map(meeting).filter(|m| m.organisation == *code) {
        let year = m.starts_on.year();
        match expected
            .iter_mut()
            .find(|c| c.body == m.body && c.year == year && c.kind == m.kind && c.status == m.status)
        {
            Some(c) => c.meetings += 1,
            None => {
                expected.push(MeetingCount { body: m.body.clone(), year, kind: m.kind, status: m.status, meetings: 1 })
            }
        }
    }
    expected.sort_by_key(|c| (c.body.clone(), c.year, name_of(&c.kind), name_of(&c.status)));
    expected
}

/// Every organisation's counts, and each of its bodies', are the recount of its meetings.
async fn assert_counts_are_the_recount(store: &SqlStore) {
    let meetings = all(store, Kind::Meeting).await;
    for org in ["CSTO", "SCO"] {
        let code = Code::parse(org).unwrap();
        let expected = recount(&meetings, &code);
        assert_eq!(store.meeting_counts(&code, None).await.unwrap(), expected, "{org}");
        for body in expected.iter().map(|c| c.body.clone()) {
            let of_body: Vec<MeetingCount> = expected.iter().filter(|c| c.body == body).cloned().collect();
            assert_eq!(store.meeting_counts(&code, Some(&body)).await.unwrap(), of_body, "{org} {body}");
        }
    }
}

/// The counts by body, year, kind and status hold every meeting of the organisation once, and one body's are
/// that body's — as imported, and after a meeting moves to another year and status and another is deleted.
async fn meeting_counts_hold_every_meeting_once_by_body_year_kind_and_status(store: SqlStore) {
    seed_with_more_meetings(&store).await;
    assert_counts_are_the_recount(&store).await;
    let cfm = store.meeting_counts(&Code::parse("CSTO").unwrap(), Some(&Code::parse("CFM").unwrap())).await.unwrap();
    let in_2019: u32 = cfm.iter().filter(|c| c.year == 2019).map(|c| c.meetings).sum();
    assert_eq!(in_2019, 3, "three meetings of the ministers start in 2019");
    assert!(store.meeting_counts(&Code::parse("NONE").unwrap(), None).await.unwrap().is_empty());

    let moved = find(&store, Kind::Meeting, "cfm-extra-2").await;
    let gone = find(&store, Kind::Meeting, "cfm-extra-3").await;
    let Record::Meeting(mut m) = moved.record.clone() else { panic!("a meeting") };
    m.starts_on = parse_date("2021-05-20").unwrap();
    m.ends_on = parse_date("2021-05-21").unwrap();
    m.status = MeetingStatus::Planned;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.update(moved.id, moved.version, &Record::Meeting(m)).await.unwrap();
    tx.delete(Kind::Meeting, gone.id, gone.version).await.unwrap();
    tx.commit().await.unwrap();
    assert_counts_are_the_recount(&store).await;
    let cfm = store.meeting_counts(&Code::parse("CSTO").unwrap(), Some(&Code::parse("CFM").unwrap())).await.unwrap();
    assert!(cfm.iter().all(|c| c.year != 2019 || c.kind != MeetingKind::Informal), "a count of none is gone");

    // A transaction dropped without commit leaves the counts as they were.
    let before = store.meeting_counts(&Code::parse("CSTO").unwrap(), None).await.unwrap();
    let kept = find(&store, Kind::Meeting, "cfm-extra-1").await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.delete(Kind::Meeting, kept.id, kept.version).await.unwrap();
    drop(tx);
    assert_eq!(store.meeting_counts(&Code::parse("CSTO").unwrap(), None).await.unwrap(), before);
}

/// Each body's next meeting from a day is the one of its meetings ending on or after the day that ends first.
async fn each_body_s_next_meeting_is_the_one_that_ends_first_from_the_day(store: SqlStore) {
    let meetings = seed_with_more_meetings(&store).await;
    let code = Code::parse("CSTO").unwrap();
    for day in ["2017-01-01", "2018-06-11", "2018-06-12", "2019-05-21", "2020-03-04"] {
        let day = parse_date(day).unwrap();
        let mut expected: Vec<Stored<Record>> = Vec::new();
        for s in &meetings {
            let m = meeting(s);
            if m.organisation != code || m.ends_on < day {
                continue;
            }
            match expected.iter_mut().find(|e| meeting(e).body == m.body) {
                Some(e) if (m.ends_on, s.id) < (meeting(e).ends_on, e.id) => *e = s.clone(),
                Some(_) => {}
                None => expected.push(s.clone()),
            }
        }
        expected.sort_by_key(|s| s.id);
        assert_eq!(store.next_by_body(&code, day).await.unwrap(), expected, "from {day}");
    }
}

/// `meetings` keeps the programme events, delegations and agenda items of exactly those meetings, with
/// `meeting` or alone, and the viewer's visibility still applies.
async fn the_meetings_filter_keeps_the_parts_of_exactly_those_meetings(store: SqlStore) {
    let meetings = seed_with_more_meetings(&store).await;
    let ids: Vec<Id> = meetings.iter().map(|s| s.id).collect();
    let key_of = |id: Id| meeting(meetings.iter().find(|s| s.id == id).unwrap()).key.clone();
    let mut nonempty = 0;
    for pick in [vec![ids[0]], vec![ids[0], ids[1]], ids.clone(), ids[1..].to_vec()] {
        let keys: Vec<Key> = pick.iter().map(|id| key_of(*id)).collect();
        for viewer in [Viewer::Public, Viewer::Secretariat] {
            let mut f = everything(viewer);
            f.meetings = pick.clone();
            let of = |k: &Key| keys.contains(k);
            nonempty += check_filter(
                &store,
                Kind::ProgrammeEvent,
                &f,
                |r| matches!(r, Record::ProgrammeEvent(e) if of(&e.meeting)),
            )
            .await;
            check_filter(&store, Kind::Delegation, &f, |r| matches!(r, Record::Delegation(d) if of(&d.meeting))).await;
            let visible: Vec<Stored<Record>> =
                store.list(Kind::AgendaItem, &everything(f.viewer.clone())).await.unwrap();
            let expected: Vec<Stored<Record>> =
                visible.into_iter().filter(|s| matches!(&s.record, Record::AgendaItem(i) if of(&i.meeting))).collect();
            assert_eq!(store.list(Kind::AgendaItem, &f).await.unwrap(), expected, "{pick:?}");
        }
    }
    assert!(nonempty > 0, "some meetings have programme events");
}

checks!(
    the_meetings_filter_keeps_the_parts_of_exactly_those_meetings,
    before_and_the_chronological_orders_keep_and_sort_the_meetings_by_their_last_day,
    meeting_counts_hold_every_meeting_once_by_body_year_kind_and_status,
    each_body_s_next_meeting_is_the_one_that_ends_first_from_the_day,
);
