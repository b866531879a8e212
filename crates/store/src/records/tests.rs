//! The shelves against the kind table: one per kind, each with the columns it names in its own SELECT.

use secretariat_core::domain::{Kind, Viewer};

use super::{shelf, AGGREGATES};

#[test]
fn every_kind_of_the_table_has_exactly_one_shelf() {
    for kind in Kind::ALL {
        let shelves = AGGREGATES.iter().flat_map(|s| s.iter()).filter(|t| t.kind() == kind).count();
        assert_eq!(shelves, 1, "{kind:?} has {shelves} shelves");
    }
    let all: usize = AGGREGATES.iter().map(|s| s.len()).sum();
    assert_eq!(all, Kind::ALL.len(), "a shelf of no kind");
}

#[test]
fn every_shelf_keys_and_filters_on_aliases_its_select_joins() {
    for kind in Kind::ALL {
        let t = shelf(kind).unwrap();
        let select = t.select(&Viewer::Public);
        assert!(select.starts_with(&format!("SELECT {a}.id, {a}.version, ", a = t.alias())), "{select}");
        let from = &select[select.find(" FROM ").unwrap()..];
        assert!(from.contains(&format!(" {} {}", kind.as_str(), t.alias())), "{kind:?} reads its own table: {from}");
        for column in t.key().iter().chain(t.filters().iter().map(|(_, c)| c)) {
            // A subquery names its own table; the alias it correlates on (`… = dc.organisation_id)`) is the one
            // the shelf's SELECT must join.
            let outer = match column.strip_prefix('(') {
                Some(sub) => sub.rsplit("= ").next().unwrap(),
                None => column,
            };
            let alias = outer.split('.').next().unwrap();
            assert!(from.contains(&format!(" {alias} ")) || from.ends_with(&format!(" {alias}")), "{kind:?}: {column}");
        }
    }
}
