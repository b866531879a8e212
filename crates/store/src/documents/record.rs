//! The shelf of documents: the record as the register keeps it, visible by level or to its sponsors.

use secretariat_core::domain::{Amends, Code, Document, Key, Kind, Lang, Period, Visibility};
use secretariat_core::Result;

use crate::shelf::{Col, Cols, Field, Mapping, Shelf, Shown, Table, Val};

pub(crate) const SHELVES: &[&dyn Table] = &[&Shelf::<Documents>::NEW];

pub(crate) struct Documents;

impl Mapping for Documents {
    type Record = Document;
    const ALIAS: &'static str = "dc";
    const SELECT: &'static str = "SELECT dc.id, dc.version, dc.key, o.code, b.code, dc.kind, dc.title, dc.sponsors, \
         dc.original_language, dc.visibility, am.key, dc.amendment, dc.period_from, dc.period_to, dc.in_force_on \
         FROM document dc JOIN organisation o ON o.id = dc.organisation_id JOIN body b ON b.id = dc.body_id \
         LEFT JOIN document am ON am.id = dc.amends_id";
    const KEY: &'static [&'static str] = &["dc.key"];
    const FILTERS: &'static [(Field, &'static str)] =
        &[(Field::Organisation, "o.code"), (Field::Body, "b.code"), (Field::Owner, "am.key")];
    const SHOWN: Shown = Shown::Document("dc");

    fn decode(row: &Cols<'_>) -> Result<Document> {
        Ok(Document {
            key: row.parse(2, Key::parse)?,
            organisation: row.parse(3, Code::parse)?,
            body: row.parse(4, Code::parse)?,
            kind: row.name(5)?,
            title: row.json(6)?,
            sponsors: row.json(7)?,
            original_language: row.parse(8, Lang::parse)?,
            visibility: row.parse(9, |s| Visibility::from_name(s).ok_or("unknown visibility"))?,
            amends: match (row.opt_parse(10, Key::parse)?, row.opt_name(11)?) {
                (Some(document), Some(kind)) => Some(Amends { document, kind }),
                _ => None,
            },
            period: match (row.day(12)?, row.day(13)?) {
                (None, None) => None,
                (from, to) => Some(Period { from, to }),
            },
            in_force_on: row.day(14)?,
        })
    }

    fn columns(r: &Document) -> Vec<(&'static str, Col)> {
        vec![
            ("key", Col::text(&r.key)),
            ("organisation_id", Col::to(Kind::Organisation, &r.organisation)),
            ("body_id", Col::to(Kind::Body, format!("{}/{}", r.organisation, r.body))),
            ("kind", Col::name(&r.kind)),
            ("title", Col::json(&r.title)),
            ("sponsors", Col::json(&r.sponsors)),
            ("original_language", Col::text(r.original_language.as_str())),
            ("visibility", Col::text(r.visibility.as_str())),
            ("amends_id", Col::opt_to(Kind::Document, r.amends.as_ref().map(|a| &a.document))),
            ("amendment", Col::opt_name(r.amends.as_ref().map(|a| &a.kind))),
            ("period_from", Col::day(r.period.and_then(|p| p.from))),
            ("period_to", Col::day(r.period.and_then(|p| p.to))),
            ("in_force_on", Col::day(r.in_force_on)),
        ]
    }

    fn used_by(r: &Document) -> Vec<(&'static str, Vec<Val>)> {
        vec![(
            "SELECT COUNT(*) FROM agenda_item_document WHERE document_key = $1",
            vec![Val::Text(Some(r.key.to_string()))],
        )]
    }
}
