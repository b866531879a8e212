//! List filters of the standing record: each filter keeps exactly the rows it names, and paging walks every kind.

use super::*;

/// `organisation` keeps the posts, memberships, bodies, meetings and organisations of that organisation; the
/// other kinds ignore it.
async fn the_organisation_filter_returns_exactly_the_rows_of_that_organisation(store: SqlStore) {
    seed(&store).await;
    for org in ["CSTO", "SCO"] {
        let code = Code::parse(org).unwrap();
        let mut f = everything(Viewer::Secretariat);
        f.organisation = Some(code.clone());
        let c = &code;
        let n = check_filter(
            &store,
            Kind::Post,
            &f,
            |r| matches!(r, Record::Post(p) if p.organisation.as_ref() == Some(c)),
        )
        .await;
        assert_eq!(n, if org == "CSTO" { 1 } else { 2 });
        let n =
            check_filter(&store, Kind::Membership, &f, |r| matches!(r, Record::Membership(m) if m.organisation == *c))
                .await;
        assert_eq!(n, if org == "CSTO" { 6 } else { 4 });
        let n = check_filter(&store, Kind::Body, &f, |r| matches!(r, Record::Body(b) if b.organisation == *c)).await;
        assert_eq!(n, if org == "CSTO" { 5 } else { 2 });
        let n =
            check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.organisation == *c)).await;
        assert_eq!(n, if org == "CSTO" { 3 } else { 2 });
        let n = check_filter(&store, Kind::Organisation, &f, |r| matches!(r, Record::Organisation(o) if o.code == *c))
            .await;
        assert_eq!(n, 1);
        for kind in [
            Kind::State,
            Kind::City,
            Kind::Person,
            Kind::Mandate,
            Kind::ProgrammeEvent,
            Kind::Delegation,
            Kind::AgendaItem,
        ] {
            check_filter(&store, kind, &f, |_| true).await;
        }
    }
    let mut f = everything(Viewer::Secretariat);
    f.organisation = Some(Code::parse("OSCE").unwrap());
    for kind in [Kind::Post, Kind::Membership, Kind::Body, Kind::Meeting, Kind::Organisation] {
        assert_eq!(store.list(kind, &f).await.unwrap(), vec![], "{kind:?} of an unknown organisation");
    }
}

/// `body` keeps the meetings of bodies of that code; with `organisation`, of that organisation's body only.
async fn the_body_filter_returns_exactly_the_meetings_of_that_body(store: SqlStore) {
    seed(&store).await;
    let cfm = Code::parse("CFM").unwrap();
    let mut f = everything(Viewer::Secretariat);
    f.body = Some(cfm.clone());
    let n = check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.body == cfm)).await;
    assert_eq!(n, 2, "the CFM of the CSTO and the CFM of the SCO");
    f.organisation = Some(Code::parse("CSTO").unwrap());
    let n = check_filter(
        &store,
        Kind::Meeting,
        &f,
        |r| matches!(r, Record::Meeting(m) if m.body == cfm && m.organisation.as_str() == "CSTO"),
    )
    .await;
    assert_eq!(n, 1);
    let mut f = everything(Viewer::Secretariat);
    f.body = Some(Code::parse("CSC").unwrap());
    let n =
        check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.body.as_str() == "CSC")).await;
    assert_eq!(n, 2);
    // A joint meeting is not a meeting "of" its other bodies.
    f.body = Some(Code::parse("HSC").unwrap());
    let n =
        check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.body.as_str() == "HSC")).await;
    assert_eq!(n, 1);
    for kind in [Kind::Body, Kind::Post, Kind::AgendaItem, Kind::Delegation] {
        check_filter(&store, kind, &f, |_| true).await;
    }
}

/// `meeting` keeps that meeting and its programme, delegations and agenda items.
async fn the_meeting_filter_returns_exactly_the_parts_of_that_meeting(store: SqlStore) {
    seed(&store).await;
    for key in ["cfm-2018-06-almaty", "csc-2018-11-astana", "csc-2017-11-minsk", "sco-cfm-2018-04-beijing"] {
        let meeting = find(&store, Kind::Meeting, key).await;
        let k = Key::parse(key).unwrap();
        let mut f = everything(Viewer::Secretariat);
        f.meeting = Some(meeting.id);
        let n = check_filter(&store, Kind::Meeting, &f, |r| matches!(r, Record::Meeting(m) if m.key == k)).await;
        assert_eq!(n, 1);
        let events = check_filter(
            &store,
            Kind::ProgrammeEvent,
            &f,
            |r| matches!(r, Record::ProgrammeEvent(e) if e.meeting == k),
        )
        .await;
        let delegations =
            check_filter(&store, Kind::Delegation, &f, |r| matches!(r, Record::Delegation(d) if d.meeting == k)).await;
        let items =
            check_filter(&store, Kind::AgendaItem, &f, |r| matches!(r, Record::AgendaItem(i) if i.meeting == k)).await;
        let file = merged(demo(), extra());
        let expected = (
            file.programme.iter().filter(|e| e.meeting.as_str() == key).count(),
            file.delegations.iter().filter(|d| d.meeting.as_str() == key).count(),
            file.agenda_items.iter().filter(|i| i.meeting.as_str() == key).count(),
        );
        assert_eq!((events, delegations, items), expected, "{key}");
        if key == "cfm-2018-06-almaty" {
            assert_eq!(expected, (4, 6, 12), "the Almaty meeting's four events, six delegations and twelve items");
        }
        for kind in [Kind::State, Kind::Person, Kind::Body, Kind::Mandate] {
            check_filter(&store, kind, &f, |_| true).await;
        }
    }
}

/// `state` keeps the posts, memberships, delegations, cities and states of that state.
async fn the_state_filter_returns_exactly_the_rows_of_that_state(store: SqlStore) {
    seed(&store).await;
    for code in ["KZ", "BY", "CN"] {
        let s = StateCode::parse(code).unwrap();
        let mut f = everything(Viewer::Secretariat);
        f.state = Some(s.clone());
        let s = &s;
        let posts =
            check_filter(&store, Kind::Post, &f, |r| matches!(r, Record::Post(p) if p.state.as_ref() == Some(s))).await;
        let memberships =
            check_filter(&store, Kind::Membership, &f, |r| matches!(r, Record::Membership(m) if m.state == *s)).await;
        let delegations =
            check_filter(&store, Kind::Delegation, &f, |r| matches!(r, Record::Delegation(d) if d.state == *s)).await;
        let cities = check_filter(&store, Kind::City, &f, |r| matches!(r, Record::City(c) if c.state == *s)).await;
        let states = check_filter(&store, Kind::State, &f, |r| matches!(r, Record::State(x) if x.code == *s)).await;
        let expected = match code {
            "KZ" => (3, 2, 3, 2, 1),
            "BY" => (3, 2, 2, 1, 1),
            _ => (1, 1, 0, 2, 1),
        };
        assert_eq!((posts, memberships, delegations, cities, states), expected, "{code}");
        for kind in [
            Kind::Person,
            Kind::Mandate,
            Kind::Organisation,
            Kind::Body,
            Kind::Meeting,
            Kind::ProgrammeEvent,
            Kind::AgendaItem,
        ] {
            check_filter(&store, kind, &f, |_| true).await;
        }
    }
}

/// `person`, `post` and `role` keep the mandates of a person or a post and the posts of a role.
async fn the_person_post_and_role_filters_return_exactly_their_rows(store: SqlStore) {
    seed(&store).await;
    for key in ["kairat-abdrakhmanov", "valery-semerikov", "wang-yi", "nobody-at-all"] {
        let k = Key::parse(key).unwrap();
        let mut f = everything(Viewer::Secretariat);
        f.person = Some(k.clone());
        let n = check_filter(&store, Kind::Mandate, &f, |r| matches!(r, Record::Mandate(m) if m.person == k)).await;
        assert_eq!(
            n,
            match key {
                "kairat-abdrakhmanov" => 2,
                "nobody-at-all" => 0,
                _ => 1,
            },
            "{key}"
        );
        check_filter(&store, Kind::Person, &f, |_| true).await;
    }
    for key in ["secretary-general-csto", "foreign-minister-kg", "foreign-minister-cn"] {
        let k = Key::parse(key).unwrap();
        let mut f = everything(Viewer::Secretariat);
        f.post = Some(k.clone());
        let n = check_filter(&store, Kind::Mandate, &f, |r| matches!(r, Record::Mandate(m) if m.post == k)).await;
        assert_eq!(
            n,
            match key {
                "foreign-minister-cn" => 1,
                _ => 2,
            },
            "{key}"
        );
        check_filter(&store, Kind::Post, &f, |_| true).await;
    }
    let role = Role::parse("foreign_minister").unwrap();
    let mut f = everything(Viewer::Secretariat);
    f.role = Some(role.clone());
    let n = check_filter(&store, Kind::Post, &f, |r| matches!(r, Record::Post(p) if p.role == role)).await;
    assert_eq!(n, 7);
    // Role and state together: what `Secretariat::holder` asks.
    f.state = Some(StateCode::parse("KZ").unwrap());
    let n = check_filter(
        &store,
        Kind::Post,
        &f,
        |r| matches!(r, Record::Post(p) if p.role == role && p.state.as_ref().is_some_and(|s| s.as_str() == "KZ")),
    )
    .await;
    assert_eq!(n, 1);
    check_filter(&store, Kind::Mandate, &f, |_| true).await;
}

/// `from` keeps meetings ending on or after the day, `to` those starting on or before it; both ends included.
async fn the_from_and_to_filters_return_exactly_the_meetings_that_overlap_the_days(store: SqlStore) {
    seed(&store).await;
    let days = [
        None,
        Some("2017-11-30"),
        Some("2018-04-23"),
        Some("2018-04-24"),
        Some("2018-06-09"),
        Some("2018-06-10"),
        Some("2018-06-11"),
        Some("2018-06-12"),
        Some("2018-11-08"),
        Some("2019-01-01"),
    ];
    let mut nonempty_and_partial = 0;
    let total = all(&store, Kind::Meeting).await.len();
    for from in days {
        for to in days {
            let from = from.map(|d| parse_date(d).unwrap());
            let to = to.map(|d| parse_date(d).unwrap());
            let mut f = everything(Viewer::Secretariat);
            f.from = from;
            f.to = to;
            let n = check_filter(&store, Kind::Meeting, &f, |r| match r {
                Record::Meeting(m) => from.is_none_or(|d| m.ends_on >= d) && to.is_none_or(|d| m.starts_on <= d),
                _ => false,
            })
            .await;
            if n > 0 && n < total {
                nonempty_and_partial += 1;
            }
            check_filter(&store, Kind::AgendaItem, &f, |_| true).await;
        }
    }
    assert!(nonempty_and_partial > 20, "the days cut the meetings in many ways");
    // The boundaries, spelled out: the Almaty meeting is the one day 2018-06-11.
    let almaty = |from: &str, to: &str| {
        let mut f = everything(Viewer::Secretariat);
        f.body = Some(Code::parse("CFM").unwrap());
        f.organisation = Some(Code::parse("CSTO").unwrap());
        f.from = Some(parse_date(from).unwrap());
        f.to = Some(parse_date(to).unwrap());
        f
    };
    assert_eq!(store.list(Kind::Meeting, &almaty("2018-06-11", "2018-06-11")).await.unwrap().len(), 1);
    assert_eq!(store.list(Kind::Meeting, &almaty("2018-06-12", "2018-12-31")).await.unwrap().len(), 0);
    assert_eq!(store.list(Kind::Meeting, &almaty("2018-01-01", "2018-06-10")).await.unwrap().len(), 0);
}

/// `after` and `limit` page through every kind in id order, without a gap or a repeat.
async fn after_and_limit_page_through_every_kind_without_gap_or_repeat(store: SqlStore) {
    seed(&store).await;
    for kind in Kind::ALL {
        let rows = all(&store, kind).await;
        for (i, row) in rows.iter().enumerate() {
            let mut f = everything(Viewer::Secretariat);
            f.after = Some(row.id);
            assert_eq!(store.list(kind, &f).await.unwrap(), rows[i + 1..].to_vec(), "{kind:?} after {}", row.id);
        }
        for limit in [0u32, 1, 2, 5, 500] {
            let mut f = everything(Viewer::Secretariat);
            f.limit = limit;
            let n = rows.len().min(limit as usize);
            assert_eq!(store.list(kind, &f).await.unwrap(), rows[..n].to_vec(), "{kind:?} limit {limit}");
        }
        let mut pages = Vec::new();
        let mut f = everything(Viewer::Secretariat);
        f.limit = 5;
        loop {
            let page = store.list(kind, &f).await.unwrap();
            assert!(page.len() <= 5);
            let Some(last) = page.last() else { break };
            f.after = Some(last.id);
            pages.extend(page);
        }
        assert_eq!(pages, rows, "{kind:?} paged by 5");
    }
    // Paging combines with the other filters.
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    let mut f = Filter::new(Viewer::Public);
    f.meeting = Some(almaty.id);
    f.limit = 4;
    let first = store.list(Kind::AgendaItem, &f).await.unwrap();
    f.after = first.last().map(|s| s.id);
    f.limit = 100;
    let rest = store.list(Kind::AgendaItem, &f).await.unwrap();
    let numbers: Vec<u16> = first
        .iter()
        .chain(&rest)
        .map(|s| match &s.record {
            Record::AgendaItem(i) => i.number,
            _ => 0,
        })
        .collect();
    assert_eq!(numbers, (1..=9).collect::<Vec<u16>>(), "the public pages through the nine public items");
}

checks!(
    the_organisation_filter_returns_exactly_the_rows_of_that_organisation,
    the_body_filter_returns_exactly_the_meetings_of_that_body,
    the_meeting_filter_returns_exactly_the_parts_of_that_meeting,
    the_state_filter_returns_exactly_the_rows_of_that_state,
    the_person_post_and_role_filters_return_exactly_their_rows,
    the_from_and_to_filters_return_exactly_the_meetings_that_overlap_the_days,
    after_and_limit_page_through_every_kind_without_gap_or_repeat,
);
