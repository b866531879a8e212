//! The shelves of the press: publishers and their publications, seen by the public once published; the hit
//! counter and the publishing of scheduled items.

use jiff::Timestamp;
use secretariat_core::domain::{Code, Id, Key, Kind, Lang, Publication, Publisher, StateCode, ZoneId};
use secretariat_core::{Error, Result};
use sqlx::{AnyPool, Row};

use crate::error::db;
use crate::shelf::{Col, Cols, Field, Mapping, Shelf, Shown, Table, Val};

pub(crate) const SHELVES: &[&dyn Table] = &[&Shelf::<Publishers>::NEW, &Shelf::<Publications>::NEW];

pub(crate) struct Publishers;

impl Mapping for Publishers {
    type Record = Publisher;
    const ALIAS: &'static str = "pr";
    const SELECT: &'static str = "SELECT pr.id, pr.version, pr.key, pr.name, o.code, s.code, pr.time_zone, \
         pr.categories FROM publisher pr JOIN organisation o ON o.id = pr.organisation_id \
         LEFT JOIN state s ON s.id = pr.state_id";
    const KEY: &'static [&'static str] = &["pr.key"];
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Organisation, "o.code"), (Field::State, "s.code")];

    fn decode(row: &Cols<'_>) -> Result<Publisher> {
        Ok(Publisher {
            key: row.parse(2, Key::parse)?,
            name: row.json(3)?,
            organisation: row.parse(4, Code::parse)?,
            state: row.opt_parse(5, StateCode::parse)?,
            time_zone: row.parse(6, ZoneId::parse)?,
            categories: row.json(7)?,
        })
    }

    fn columns(r: &Publisher) -> Vec<(&'static str, Col)> {
        vec![
            ("key", Col::text(&r.key)),
            ("name", Col::json(&r.name)),
            ("organisation_id", Col::to(Kind::Organisation, &r.organisation)),
            ("state_id", Col::opt_to(Kind::State, r.state.as_ref())),
            ("time_zone", Col::text(&r.time_zone)),
            ("categories", Col::json(&r.categories)),
        ]
    }

    fn used_by(r: &Publisher) -> Vec<(&'static str, Vec<Val>)> {
        vec![("SELECT COUNT(*) FROM account WHERE publisher = $1", vec![Val::text(r.key.as_str())])]
    }
}

pub(crate) struct Publications;

/// An instant stored as microseconds, as a column.
fn instant(t: Option<Timestamp>) -> Col {
    Col::Val(Val::Int(t.map(|t| t.as_microsecond())))
}

fn read_instant(row: &Cols<'_>, i: usize) -> Result<Option<Timestamp>> {
    row.0
        .try_get::<Option<i64>, _>(i)
        .map_err(db)?
        .map(|us| Timestamp::from_microsecond(us).map_err(|e| Error::Storage(format!("stored instant: {e}"))))
        .transpose()
}

impl Mapping for Publications {
    type Record = Publication;
    const ALIAS: &'static str = "pb";
    const SELECT: &'static str = "SELECT pb.id, pb.version, pb.key, pr.key, pb.kind, pb.category, pb.language, \
         pb.translation_of, pb.title, pb.lead, pb.body, pb.author, pb.status, pb.scheduled_at_us, \
         pb.published_at_us, pb.meetings, pb.documents, pb.hits \
         FROM publication pb JOIN publisher pr ON pr.id = pb.publisher_id";
    const KEY: &'static [&'static str] = &["pb.key"];
    const FILTERS: &'static [(Field, &'static str)] = &[
        (Field::Owner, "pr.key"),
        (Field::Category, "pb.category"),
        (Field::Language, "pb.language"),
        (Field::AboutMeeting, "pb.meetings"),
        (Field::AboutDocument, "pb.documents"),
    ];
    const SHOWN: Shown = Shown::Publication { status: "pb.status", publisher: "pr.key" };
    /// Counted by views alone, never replaced by a change of the record.
    const INSERT_ONLY: &'static [&'static str] = &["hits"];

    fn decode(row: &Cols<'_>) -> Result<Publication> {
        Ok(Publication {
            key: row.parse(2, Key::parse)?,
            publisher: row.parse(3, Key::parse)?,
            kind: row.name(4)?,
            category: row.parse(5, Key::parse)?,
            language: row.parse(6, Lang::parse)?,
            translation_of: row.opt_parse(7, Key::parse)?,
            title: row.text(8)?,
            lead: row.text(9)?,
            body: row.text(10)?,
            author: row.text(11)?,
            status: row.name(12)?,
            scheduled_at: read_instant(row, 13)?,
            published_at: read_instant(row, 14)?,
            meetings: row.json(15)?,
            documents: row.json(16)?,
            hits: u64::try_from(row.int(17)?).unwrap_or(0),
        })
    }

    fn columns(r: &Publication) -> Vec<(&'static str, Col)> {
        vec![
            ("key", Col::text(&r.key)),
            ("publisher_id", Col::to(Kind::Publisher, &r.publisher)),
            ("kind", Col::name(&r.kind)),
            ("category", Col::text(&r.category)),
            ("language", Col::text(r.language.as_str())),
            ("translation_of", Col::opt_text(r.translation_of.as_ref())),
            ("title", Col::text(&r.title)),
            ("lead", Col::text(&r.lead)),
            ("body", Col::text(&r.body)),
            ("author", Col::text(&r.author)),
            ("status", Col::name(&r.status)),
            ("scheduled_at_us", instant(r.scheduled_at)),
            ("published_at_us", instant(r.published_at)),
            ("meetings", Col::json(&r.meetings)),
            ("documents", Col::json(&r.documents)),
            ("hits", Col::int(i64::try_from(r.hits).unwrap_or(i64::MAX))),
        ]
    }

    fn references(r: &Publication) -> Vec<(Kind, String)> {
        let mut refs: Vec<(Kind, String)> = r.meetings.iter().map(|m| (Kind::Meeting, m.to_string())).collect();
        refs.extend(r.documents.iter().map(|d| (Kind::Document, d.to_string())));
        refs.extend(r.translation_of.iter().map(|t| (Kind::Publication, t.to_string())));
        refs
    }

    fn used_by(r: &Publication) -> Vec<(&'static str, Vec<Val>)> {
        vec![("SELECT COUNT(*) FROM publication WHERE translation_of = $1", vec![Val::text(r.key.as_str())])]
    }
}

/// Counts one view of a published item: one atomic update, exact however many views run at once on any number
/// of instances. Whether the view counts is the core's rule; the status condition keeps a withdrawn item's count.
pub(crate) async fn count_hit(pool: &AnyPool, publication: Id) -> Result<()> {
    sqlx::query("UPDATE publication SET hits = hits + 1 WHERE id = $1 AND status = 'published'")
        .bind(publication)
        .execute(pool)
        .await
        .map_err(db)?;
    Ok(())
}

/// Scheduled publications whose instant has come.
pub(crate) async fn due(pool: &AnyPool, now_us: i64) -> Result<Vec<Id>> {
    let rows =
        sqlx::query("SELECT id FROM publication WHERE status = 'scheduled' AND scheduled_at_us <= $1 ORDER BY id")
            .bind(now_us)
            .fetch_all(pool)
            .await
            .map_err(db)?;
    rows.iter().map(|r| r.try_get::<i64, _>(0).map_err(db)).collect()
}

/// Publishes a scheduled item at its instant if it is still scheduled: false when another instance did first.
pub(crate) async fn publish(conn: &mut crate::counted::Db<'_>, publication: Id, now_us: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE publication SET status = 'published', published_at_us = scheduled_at_us, version = version + 1 \
         WHERE id = $1 AND status = 'scheduled' AND scheduled_at_us <= $2",
    )
    .bind(publication)
    .bind(now_us)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(done.rows_affected() == 1)
}
