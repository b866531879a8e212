//! Search: what each engine finds, how it ranks and quotes, and who may find what. The expected results are
//! computed here from the records as the Secretariat lists them, by the core's own rules (what is indexed, the
//! score, the visibility rule) and the documented order (rows holding every stem first, then newest, then kind
//! and id) and cap: an engine that agrees with them agrees with the other.

use std::collections::BTreeMap;

use secretariat_core::domain::{SearchKind, SearchQuery, Searchable, SEARCH_CAP};
use secretariat_core::rules::publication::visible as publication_visible;
use secretariat_core::rules::search::{self, index};

use super::*;

/// Whether a viewer may see a row, by the core's rule.
type MaySee = Box<dyn Fn(&Viewer) -> bool>;

/// Every searchable row as the core says it is indexed, with who may see it, read back through the Store.
async fn reference(store: &SqlStore) -> Vec<(Searchable, MaySee)> {
    let mut out: Vec<(Searchable, MaySee)> = Vec::new();
    let body = |bodies: &[Stored<Record>], org: &Code, code: &Code| {
        bodies.iter().find_map(|b| match &b.record {
            Record::Body(b) if b.organisation == *org && b.code == *code => Some(b.clone()),
            _ => None,
        })
    };
    let bodies = all(store, Kind::Body).await;
    let cities = all(store, Kind::City).await;
    let meetings = all(store, Kind::Meeting).await;
    for s in all(store, Kind::Document).await {
        let Record::Document(d) = &s.record else { continue };
        let detail = store.document_detail(s.id).await.unwrap();
        let current = detail.revisions.iter().max_by_key(|r| r.number);
        let texts: BTreeMap<Lang, String> = current
            .map(|r| r.language_versions.iter().map(|v| (v.language.clone(), v.text.clone())).collect())
            .unwrap_or_default();
        let at = current.map(|r| r.created_at.as_microsecond()).unwrap_or_default();
        let row = index::document(s.id, d, detail.state.symbol.as_deref(), &texts, at);
        let (visibility, sponsors) = (d.visibility, d.sponsor_states());
        out.push((row, Box::new(move |v: &Viewer| v.may_see(visibility, &sponsors))));
    }
    for s in &meetings {
        let Record::Meeting(m) = &s.record else { continue };
        let own = body(&bodies, &m.organisation, &m.body).unwrap();
        let joint: Vec<Body> = m.joint_with.iter().filter_map(|c| body(&bodies, &m.organisation, c)).collect();
        let city = cities.iter().find_map(|c| match &c.record {
            Record::City(c) if c.key == m.city => Some(c.clone()),
            _ => None,
        });
        out.push((index::meeting(s.id, m, &own, &joint, city.as_ref()), Box::new(|_: &Viewer| true)));
    }
    for s in all(store, Kind::AgendaItem).await {
        let Record::AgendaItem(i) = &s.record else { continue };
        let on = meetings
            .iter()
            .find_map(|m| match &m.record {
                Record::Meeting(m) if m.key == i.meeting => Some(m.starts_on),
                _ => None,
            })
            .unwrap();
        let visibility = i.visibility;
        out.push((index::agenda_item(s.id, i, on), Box::new(move |v: &Viewer| v.may_see(visibility, &[]))));
    }
    for s in all(store, Kind::Publication).await {
        let Record::Publication(p) = &s.record else { continue };
        let (publisher, status) = (p.publisher.clone(), p.status);
        out.push((index::publication(s.id, p), Box::new(move |v: &Viewer| publication_visible(v, &publisher, status))));
    }
    out
}

/// What the reference finds for a viewer: (kind, id, score) in the documented order, the first `cap` of them;
/// and how many it finds in all.
fn expected(
    rows: &[(Searchable, MaySee)],
    stems: &[String],
    viewer: &Viewer,
    cap: u32,
) -> (Vec<(SearchKind, Id, u32)>, usize) {
    let mut found: Vec<(bool, i64, SearchKind, Id, u32)> = rows
        .iter()
        .filter(|(_, may)| may(viewer))
        .filter_map(|(r, _)| {
            let score = r.entries.iter().map(|e| search::score(stems, &e.terms)).max().unwrap_or(0);
            (score > 0).then(|| (score == stems.len(), r.at_us, r.kind, r.id, u32::try_from(score).unwrap()))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)).then(b.3.cmp(&a.3)));
    let all = found.len();
    let shown = found.into_iter().take(cap as usize).map(|(_, _, kind, id, score)| (kind, id, score)).collect();
    (shown, all)
}

fn query(viewer: &Viewer, text: &str, offset: u32, limit: u32) -> SearchQuery {
    capped(viewer, text, offset, limit, SEARCH_CAP)
}

fn capped(viewer: &Viewer, text: &str, offset: u32, limit: u32, cap: u32) -> SearchQuery {
    SearchQuery { viewer: viewer.clone(), stems: search::query(text).unwrap(), offset, limit, cap, counted: true }
}

fn viewers() -> Vec<Viewer> {
    vec![
        Viewer::Public,
        Viewer::Press { publisher: None },
        delegate("KZ", false),
        delegate("RU", true),
        delegate("BY", false),
        Viewer::Secretariat,
    ]
}

const QUERIES: &[&str] = &[
    "заявление",
    "statements",
    "Almaty",
    "Алматы министров",
    "Council of Foreign Ministers",
    "peacekeeping roadmap",
    "ДРСМД договор",
    "CSTO/CFM/2018/STM/1",
    "collective security treaty",
    "Lavrov",
];

/// For every query and viewer, the store finds exactly the rows the core's rules find, in their order, with
/// their scores; `total` counts them; pages of two walk them all; and every entry of a found row is returned.
async fn the_demo_is_found_ranked_and_counted_as_the_rules_say(store: SqlStore) {
    seed(&store).await;
    let rows = reference(&store).await;
    let mut nonempty = 0;
    for text in QUERIES {
        let stems = search::query(text).unwrap();
        for viewer in viewers() {
            let (want, _) = expected(&rows, &stems, &viewer, SEARCH_CAP);
            let found = store.search(&query(&viewer, text, 0, 100)).await.unwrap();
            let got: Vec<(SearchKind, Id, u32)> =
                found.matches.iter().map(|m| (m.row.kind, m.row.id, m.score)).collect();
            assert_eq!(got, want, "{text:?} for {viewer:?}");
            assert_eq!(found.total, want.len() as u64, "{text:?} for {viewer:?}");
            assert!(!found.capped);
            for m in &found.matches {
                let (r, _) = rows.iter().find(|(r, _)| r.kind == m.row.kind && r.id == m.row.id).unwrap();
                assert_eq!(&m.row, r, "the row as indexed");
            }
            let mut paged = Vec::new();
            let mut offset = 0;
            loop {
                let page = store.search(&query(&viewer, text, offset, 2)).await.unwrap();
                assert_eq!(page.total, want.len() as u64);
                if page.matches.is_empty() {
                    break;
                }
                paged.extend(page.matches.iter().map(|m| (m.row.kind, m.row.id, m.score)));
                offset += 2;
            }
            assert_eq!(paged, want, "{text:?} for {viewer:?}, by pages of two");
            nonempty += usize::from(!want.is_empty());
        }
    }
    assert!(nonempty >= 50, "the queries find something for most viewers: {nonempty}");
}

/// "заявление" finds the INF statement by its Russian title; "statements" by its English one.
async fn inflected_words_find_the_inf_statement_in_russian_and_in_english(store: SqlStore) {
    seed(&store).await;
    let inf = find(&store, Kind::Document, "cfm-2018-inf-statement").await;
    for text in ["заявление", "ЗАЯВЛЕНИЯ", "statements", "Statement"] {
        let found = store.search(&query(&Viewer::Public, text, 0, 100)).await.unwrap();
        let m = found.matches.iter().find(|m| m.row.kind == SearchKind::Document && m.row.id == inf.id);
        let m = m.unwrap_or_else(|| panic!("{text:?} finds the INF statement: {found:?}"));
        let lang = if text.is_ascii() { "en" } else { "ru" };
        let entry = m.row.entries.iter().find(|e| e.language.as_str() == lang).unwrap();
        assert_eq!(search::score(&search::query(text).unwrap(), &entry.terms), 1, "{text:?} in the {lang} version");
    }
}

fn restricted_document(key: &str, visibility: Visibility, sponsor: &str) -> Record {
    let mut doc = match records_of(&demo(), Kind::Document).into_iter().next().unwrap() {
        Record::Document(d) => d,
        other => panic!("{other:?}"),
    };
    doc.key = Key::parse(key).unwrap();
    doc.title = Text::one("en", "Confidential memorandum on the quarantine of zeppelins");
    doc.visibility = visibility;
    doc.sponsors = vec![Sponsor::State(StateCode::parse(sponsor).unwrap())];
    Record::Document(doc)
}

/// A restricted document is found by the Secretariat and a head of delegation, and by nobody else: neither listed,
/// nor counted; a sponsors-only draft by its sponsor's delegates alone.
async fn what_a_viewer_may_not_see_is_neither_found_nor_counted(store: SqlStore) {
    seed(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.insert(&restricted_document("zeppelin-memo", Visibility::Restricted, "KZ")).await.unwrap();
    tx.insert(&restricted_document("ru-zeppelin-draft", Visibility::Sponsors, "RU")).await.unwrap();
    tx.commit().await.unwrap();
    let counts = |viewer: Viewer| {
        let store = store.clone();
        async move {
            let found = store.search(&query(&viewer, "zeppelins", 0, 100)).await.unwrap();
            let keys: Vec<String> = found.matches.iter().map(|m| m.row.key.clone()).collect();
            (found.total, keys)
        }
    };
    let both = (2, vec!["ru-zeppelin-draft".to_owned(), "zeppelin-memo".to_owned()]);
    assert_eq!(counts(Viewer::Secretariat).await, both);
    assert_eq!(counts(delegate("RU", true)).await, both);
    assert_eq!(counts(delegate("RU", false)).await, (1, vec!["ru-zeppelin-draft".to_owned()]));
    assert_eq!(counts(delegate("KZ", true)).await, (1, vec!["zeppelin-memo".to_owned()]));
    for viewer in [Viewer::Public, Viewer::Press { publisher: None }, delegate("KZ", false)] {
        assert_eq!(counts(viewer.clone()).await, (0, vec![]), "{viewer:?}");
    }
}

/// A text written is found as soon as its transaction commits, by its new words and no more by its old ones; a
/// transaction dropped leaves the index as it was.
async fn a_text_written_is_found_at_once_and_its_old_words_no_more(store: SqlStore) {
    seed(&store).await;
    let inf = find(&store, Kind::Document, "cfm-2018-inf-statement").await;
    let text = store.document_detail(inf.id).await.unwrap().revisions[0].language_versions[0].clone();
    let hits = |q: &'static str| {
        let store = store.clone();
        async move { store.search(&query(&Viewer::Public, q, 0, 100)).await.unwrap().total }
    };
    assert_eq!(hits("hovercraft").await, 0);
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.update_language_version(inf.id, text.id, text.version, "Hovercraft regulation", text.status).await.unwrap();
    drop(tx);
    assert_eq!(hits("hovercraft").await, 0, "a dropped transaction indexes nothing");
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    tx.update_language_version(inf.id, text.id, text.version, "Hovercraft regulation", text.status).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(hits("hovercrafts").await, 1);
    assert_eq!(hits("launchers").await, 0, "the English text's old words are gone");
}

/// Rows written before the index existed are indexed when the store opens the database.
async fn rows_the_index_lacks_are_indexed_when_the_store_opens(store: SqlStore) {
    seed(&store).await;
    let before = store.search(&query(&Viewer::Secretariat, "Almaty statements", 0, 100)).await.unwrap();
    assert!(before.total > 0);
    sqlx::query("DELETE FROM search_entry").execute(store.pool()).await.unwrap();
    assert_eq!(store.search(&query(&Viewer::Secretariat, "Almaty statements", 0, 100)).await.unwrap().total, 0);
    let url = store.pool().connect_options().database_url.to_string();
    let reopened = SqlStore::connect(&url).await.unwrap();
    let after = reopened.search(&query(&Viewer::Secretariat, "Almaty statements", 0, 100)).await.unwrap();
    assert_eq!(after, before);
    reopened.close().await;
}

/// With a cap below what a query finds, the store counts the cap and says there are more, and its pages — of
/// one, of two, of three — walk exactly the first `cap` rows of the documented order; at or above what it finds,
/// the cap changes nothing. Pages of one read down the recency index, pages of a hundred through the full-text
/// index, so both ways are held to the same answer.
async fn a_search_finding_more_than_its_cap_counts_the_cap_says_so_and_pages_through_the_first_only(store: SqlStore) {
    seed(&store).await;
    let rows = reference(&store).await;
    let mut beyond = 0;
    for text in QUERIES {
        let stems = search::query(text).unwrap();
        for viewer in viewers() {
            for cap in [1, 3, 7] {
                let (want, all) = expected(&rows, &stems, &viewer, cap);
                beyond += usize::from(all > cap as usize);
                for limit in [1, 2, 3, 100] {
                    let mut paged = Vec::new();
                    let mut offset = 0;
                    loop {
                        let q = capped(&viewer, text, offset, limit, cap);
                        let page = store.search(&q).await.unwrap();
                        assert_eq!(page.total, want.len() as u64, "{text:?} for {viewer:?}, cap {cap}");
                        assert_eq!(page.capped, all > cap as usize, "{text:?} for {viewer:?}, cap {cap}");
                        // Uncounted: the same page, and whether another follows; at the cap, whether it cut.
                        let loose = store.search(&SearchQuery { counted: false, ..q }).await.unwrap();
                        assert_eq!(loose.matches, page.matches, "{text:?} for {viewer:?}, cap {cap}, uncounted");
                        let shown = u64::from(offset) + page.matches.len() as u64;
                        assert_eq!(loose.total > shown, page.total > shown, "{text:?}: a next page, uncounted");
                        if offset + limit >= cap {
                            assert_eq!(loose.capped, page.capped, "{text:?}: capped, at the cap");
                        }
                        if page.matches.is_empty() {
                            break;
                        }
                        paged.extend(page.matches.iter().map(|m| (m.row.kind, m.row.id, m.score)));
                        offset += limit;
                    }
                    assert_eq!(paged, want, "{text:?} for {viewer:?}, cap {cap}, pages of {limit}");
                }
            }
        }
    }
    assert!(beyond >= 50, "most queries find more than a small cap: {beyond}");
}

/// A word more rows hold than [`SEARCH_CAP`]: the store counts the cap and says there are more, and its pages of
/// a hundred hold exactly the first `SEARCH_CAP` rows of the documented order, the same for a viewer who may see
/// fewer of them (a restricted one in every hundred is never among the public's); a second word that most of them
/// lack puts those holding both first.
async fn a_word_held_by_more_rows_than_the_cap_is_counted_to_the_cap_and_paged_to_it(store: SqlStore) {
    seed(&store).await;
    let mut tx = store.begin(&officer(), now()).await.unwrap();
    let n = SEARCH_CAP as usize + 20;
    for i in 0..n {
        let visibility = if i % 100 == 7 { Visibility::Restricted } else { Visibility::Public };
        let mut doc = restricted_document(&format!("zeppelin-{i}"), visibility, "KZ");
        if i % 250 == 3 {
            let Record::Document(d) = &mut doc else { unreachable!() };
            d.title = Text::one("en", "Zeppelins moored at Almaty");
        }
        tx.insert(&doc).await.unwrap();
    }
    tx.commit().await.unwrap();
    let rows = reference(&store).await;
    for text in ["zeppelins", "Almaty zeppelins"] {
        let stems = search::query(text).unwrap();
        for viewer in [Viewer::Public, Viewer::Secretariat] {
            let (want, all) = expected(&rows, &stems, &viewer, SEARCH_CAP);
            assert!(all > SEARCH_CAP as usize, "{all}");
            let mut paged = Vec::new();
            let mut offset = 0;
            loop {
                let page = store.search(&query(&viewer, text, offset, 100)).await.unwrap();
                assert_eq!((page.total, page.capped), (u64::from(SEARCH_CAP), true), "{text:?} for {viewer:?}");
                if page.matches.is_empty() {
                    break;
                }
                paged.extend(page.matches.iter().map(|m| (m.row.kind, m.row.id, m.score)));
                offset += 100;
            }
            assert_eq!(paged, want, "{text:?} for {viewer:?}");
        }
    }
}

checks!(
    the_demo_is_found_ranked_and_counted_as_the_rules_say,
    inflected_words_find_the_inf_statement_in_russian_and_in_english,
    what_a_viewer_may_not_see_is_neither_found_nor_counted,
    a_text_written_is_found_at_once_and_its_old_words_no_more,
    rows_the_index_lacks_are_indexed_when_the_store_opens,
    a_search_finding_more_than_its_cap_counts_the_cap_says_so_and_pages_through_the_first_only,
    a_word_held_by_more_rows_than_the_cap_is_counted_to_the_cap_and_paged_to_it,
);

/// The two engines, side by side over the same demo: every query and viewer finds the very same page.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_and_postgresql_find_the_same_results() {
    let Some(pg) = TestDb::new(Engine::Postgres).await else { return };
    let lite = TestDb::new(Engine::Sqlite).await.unwrap();
    let (a, b) = (SqlStore::connect(&lite.url).await.unwrap(), SqlStore::connect(&pg.url).await.unwrap());
    seed(&a).await;
    seed(&b).await;
    for text in QUERIES {
        for (viewer, (offset, limit, cap)) in viewers().into_iter().flat_map(|v| {
            [(0, 100, SEARCH_CAP), (0, 1, SEARCH_CAP), (1, 2, SEARCH_CAP), (0, 100, 3), (2, 1, 3)]
                .map(|p| (v.clone(), p))
        }) {
            let q = capped(&viewer, text, offset, limit, cap);
            let (x, y) = (a.search(&q).await.unwrap(), b.search(&q).await.unwrap());
            let keys = |f: &secretariat_core::domain::SearchFound| -> Vec<(SearchKind, String, Option<u16>, u32)> {
                f.matches.iter().map(|m| (m.row.kind, m.row.key.clone(), m.row.number, m.score)).collect()
            };
            assert_eq!(keys(&x), keys(&y), "{text:?} for {viewer:?}, {offset} {limit} {cap}");
            assert_eq!((x.total, x.capped), (y.total, y.capped));
        }
    }
    a.close().await;
    b.close().await;
}
