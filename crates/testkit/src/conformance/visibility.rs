//! Visibility in the store's queries: each viewer reads only the agenda items it may see.

use super::*;

/// `list`, `get` and `find` of agenda items show each viewer only the levels it may see: never a restricted item
/// to the public, the press or an ordinary delegate; everything to the Secretariat.
async fn agenda_items_are_shown_to_each_viewer_only_at_its_visibility(store: SqlStore) {
    seed(&store).await;
    // One item of every level on the Astana meeting too.
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    for (n, v) in
        [Visibility::Public, Visibility::Members, Visibility::Restricted, Visibility::Sponsors].into_iter().enumerate()
    {
        tx.insert(&Record::AgendaItem(item("csc-2018-11-astana", u16::try_from(n).unwrap() + 1, v))).await.unwrap();
    }
    tx.commit().await.unwrap();
    let items = all(&store, Kind::AgendaItem).await;
    let level = |s: &Stored<Record>| match &s.record {
        Record::AgendaItem(i) => i.visibility,
        other => panic!("not an agenda item: {other:?}"),
    };
    let count = |v: Visibility| items.iter().filter(|s| level(s) == v).count();
    assert_eq!(
        [
            count(Visibility::Public),
            count(Visibility::Members),
            count(Visibility::Restricted),
            count(Visibility::Sponsors)
        ],
        {
            let file = merged(demo(), extra());
            let of = |v: Visibility| file.agenda_items.iter().filter(|i| i.visibility == v).count();
            [
                of(Visibility::Public) + 1,
                of(Visibility::Members) + 1,
                of(Visibility::Restricted) + 1,
                of(Visibility::Sponsors) + 1,
            ]
        }
    );
    let viewers = [
        Viewer::Public,
        Viewer::Press { publisher: None },
        delegate("KZ", false),
        delegate("RU", true),
        delegate("CN", false),
        Viewer::Secretariat,
    ];
    let almaty = find(&store, Kind::Meeting, "cfm-2018-06-almaty").await;
    for viewer in &viewers {
        let listed = store.list(Kind::AgendaItem, &everything(viewer.clone())).await.unwrap();
        let expected: Vec<_> = items.iter().filter(|s| viewer.may_see(level(s), &[])).cloned().collect();
        assert_eq!(listed, expected, "{viewer:?}");
        let mut of_almaty = everything(viewer.clone());
        of_almaty.meeting = Some(almaty.id);
        let listed_almaty = store.list(Kind::AgendaItem, &of_almaty).await.unwrap();
        let expected_almaty: Vec<_> = expected
            .iter()
            .filter(|s| matches!(&s.record, Record::AgendaItem(i) if i.meeting.as_str() == "cfm-2018-06-almaty"))
            .cloned()
            .collect();
        assert_eq!(listed_almaty, expected_almaty, "{viewer:?} on the Almaty agenda");
        for stored in &items {
            let got = store.get(Kind::AgendaItem, stored.id, viewer).await.unwrap();
            if viewer.may_see(level(stored), &[]) {
                assert_eq!(got.as_ref(), Some(stored), "{viewer:?} sees item {}", stored.id);
            } else {
                assert_eq!(got, None, "{viewer:?} must not see item {} ({:?})", stored.id, level(stored));
            }
            for key in
                [stored.id.to_string(), "cfm-2018-06-almaty".to_owned(), format!("cfm-2018-06-almaty/{}", stored.id)]
            {
                let found = store.find(Kind::AgendaItem, &key, viewer).await.unwrap();
                assert!(found.is_none_or(|f| viewer.may_see(level(&f), &[])), "find `{key}` for {viewer:?}");
            }
        }
    }
    let levels = |viewer: Viewer| {
        let store = store.clone();
        async move {
            let rows = store.list(Kind::AgendaItem, &everything(viewer)).await.unwrap();
            rows.iter().map(level).collect::<Vec<_>>()
        }
    };
    let at = |v: Visibility| items.iter().filter(|s| level(s) == v).count();
    let public = levels(Viewer::Public).await;
    assert_eq!(public.len(), at(Visibility::Public));
    assert!(public.iter().all(|v| *v == Visibility::Public));
    let ordinary = levels(delegate("KZ", false)).await;
    assert_eq!(ordinary.len(), at(Visibility::Public) + at(Visibility::Members));
    assert!(!ordinary.contains(&Visibility::Restricted) && !ordinary.contains(&Visibility::Sponsors));
    let head = levels(delegate("RU", true)).await;
    assert_eq!(head.len(), items.len() - at(Visibility::Sponsors));
    assert!(!head.contains(&Visibility::Sponsors));
    assert_eq!(levels(Viewer::Secretariat).await.len(), items.len());
    // Inside a transaction there is no visibility filter: use cases decide.
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    assert_eq!(tx.list(Kind::AgendaItem, &everything(Viewer::Public)).await.unwrap(), items);
}

checks!(agenda_items_are_shown_to_each_viewer_only_at_its_visibility,);
