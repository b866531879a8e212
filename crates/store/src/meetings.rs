//! The shelves of meetings: meetings, their programme events, delegations and agenda items; and the agenda.

use jiff::civil::Date;
use secretariat_core::domain::{
    AgendaItem, AgendaStatus, Code, Delegation, Id, Key, Kind, Meeting, MeetingCount, ProgrammeEvent, Record,
    StateCode, Visibility,
};
use secretariat_core::store::{AgendaState, Stored};
use secretariat_core::{Error, Result};
use sqlx::Row;

use crate::counted::Db;
use crate::error::db;
use crate::shelf::{from_name, insert_rows, Col, Cols, Field, Mapping, Shelf, Shown, Table, Val};

pub(crate) const SHELVES: &[&dyn Table] =
    &[&Shelf::<Meetings>::NEW, &Shelf::<ProgrammeEvents>::NEW, &Shelf::<Delegations>::NEW, &Shelf::<AgendaItems>::NEW];

pub(crate) struct Meetings;

impl Mapping for Meetings {
    type Record = Meeting;
    const ALIAS: &'static str = "mt";
    const SELECT: &'static str = "SELECT mt.id, mt.version, mt.key, o.code, b.code, mt.joint_with, mt.kind, c.key, \
         mt.starts_on, mt.ends_on, mt.mode, mt.status, pe.key FROM meeting mt \
         JOIN organisation o ON o.id = mt.organisation_id JOIN body b ON b.id = mt.body_id \
         JOIN city c ON c.id = mt.city_id LEFT JOIN person pe ON pe.id = mt.chair_person_id";
    const KEY: &'static [&'static str] = &["mt.key"];
    const FILTERS: &'static [(Field, &'static str)] = &[
        (Field::Organisation, "o.code"),
        (Field::Body, "b.code"),
        (Field::Meeting, "mt.id"),
        (Field::From, "mt.ends_on"),
        (Field::To, "mt.starts_on"),
        (Field::Before, "mt.ends_on"),
        (Field::Since, "mt.starts_on"),
    ];
    const DAY: Option<&'static str> = Some("mt.ends_on");

    fn decode(row: &Cols<'_>) -> Result<Meeting> {
        Ok(Meeting {
            key: row.parse(2, Key::parse)?,
            organisation: row.parse(3, Code::parse)?,
            body: row.parse(4, Code::parse)?,
            joint_with: row.json(5)?,
            kind: row.name(6)?,
            city: row.parse(7, Key::parse)?,
            starts_on: row.on(8)?,
            ends_on: row.on(9)?,
            mode: row.name(10)?,
            status: row.name(11)?,
            chair: row.opt_parse(12, Key::parse)?,
        })
    }

    fn columns(r: &Meeting) -> Vec<(&'static str, Col)> {
        vec![
            ("key", Col::text(&r.key)),
            ("organisation_id", Col::to(Kind::Organisation, &r.organisation)),
            ("body_id", Col::to(Kind::Body, format!("{}/{}", r.organisation, r.body))),
            ("joint_with", Col::json(&r.joint_with)),
            ("kind", Col::name(&r.kind)),
            ("city_id", Col::to(Kind::City, &r.city)),
            ("starts_on", Col::text(r.starts_on)),
            ("ends_on", Col::text(r.ends_on)),
            ("mode", Col::name(&r.mode)),
            ("status", Col::name(&r.status)),
            ("chair_person_id", Col::opt_to(Kind::Person, r.chair.as_ref())),
        ]
    }

    fn references(r: &Meeting) -> Vec<(Kind, String)> {
        r.joint_with.iter().map(|joint| (Kind::Body, format!("{}/{joint}", r.organisation))).collect()
    }
}

pub(crate) struct ProgrammeEvents;

impl Mapping for ProgrammeEvents {
    type Record = ProgrammeEvent;
    const ALIAS: &'static str = "e";
    const SELECT: &'static str = "SELECT e.id, e.version, mt.key, e.key, e.kind, e.format, e.title, e.on_day, \
         e.at_time, e.mode FROM programme_event e JOIN meeting mt ON mt.id = e.meeting_id";
    /// `MEETING/EVENT`, its identity.
    const KEY: &'static [&'static str] = &["mt.key", "e.key"];
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Meeting, "e.meeting_id")];

    fn decode(row: &Cols<'_>) -> Result<ProgrammeEvent> {
        Ok(ProgrammeEvent {
            meeting: row.parse(2, Key::parse)?,
            key: row.parse(3, Key::parse)?,
            kind: row.name(4)?,
            format: row.opt_name(5)?,
            title: row.opt_json(6)?,
            on: row.on(7)?,
            at: row.time(8)?,
            mode: row.opt_name(9)?,
        })
    }

    fn columns(r: &ProgrammeEvent) -> Vec<(&'static str, Col)> {
        vec![
            ("meeting_id", Col::to(Kind::Meeting, &r.meeting)),
            ("key", Col::text(&r.key)),
            ("kind", Col::name(&r.kind)),
            ("format", Col::opt_name(r.format.as_ref())),
            ("title", Col::opt_json(r.title.as_ref())),
            ("on_day", Col::text(r.on)),
            ("at_time", Col::opt_text(r.at.as_ref())),
            ("mode", Col::opt_name(r.mode.as_ref())),
        ]
    }

    fn used_by(r: &ProgrammeEvent) -> Vec<(&'static str, Vec<Val>)> {
        vec![(
            "SELECT COUNT(*) FROM agenda_item i JOIN meeting mt ON mt.id = i.meeting_id \
             WHERE mt.key = $1 AND i.sitting_key = $2",
            vec![Val::text(r.meeting.as_str()), Val::text(r.key.as_str())],
        )]
    }

    fn owner(r: &ProgrammeEvent) -> Option<(Kind, String)> {
        Some((Kind::Meeting, r.meeting.to_string()))
    }
}

pub(crate) struct Delegations;

impl Mapping for Delegations {
    type Record = Delegation;
    const ALIAS: &'static str = "d";
    const SELECT: &'static str = "SELECT d.id, d.version, mt.key, s.code, pe.key, d.members FROM delegation d \
         JOIN meeting mt ON mt.id = d.meeting_id JOIN state s ON s.id = d.state_id \
         JOIN person pe ON pe.id = d.head_person_id";
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Meeting, "d.meeting_id"), (Field::State, "s.code")];

    fn decode(row: &Cols<'_>) -> Result<Delegation> {
        Ok(Delegation {
            meeting: row.parse(2, Key::parse)?,
            state: row.parse(3, StateCode::parse)?,
            head: row.parse(4, Key::parse)?,
            members: row.json(5)?,
        })
    }

    fn columns(r: &Delegation) -> Vec<(&'static str, Col)> {
        vec![
            ("meeting_id", Col::to(Kind::Meeting, &r.meeting)),
            ("state_id", Col::to(Kind::State, &r.state)),
            ("head_person_id", Col::to(Kind::Person, &r.head)),
            ("members", Col::json(&r.members)),
        ]
    }

    fn references(r: &Delegation) -> Vec<(Kind, String)> {
        r.members.iter().map(|m| (Kind::Person, m.to_string())).collect()
    }

    fn owner(r: &Delegation) -> Option<(Kind, String)> {
        Some((Kind::Meeting, r.meeting.to_string()))
    }
}

pub(crate) struct AgendaItems;

impl Mapping for AgendaItems {
    type Record = AgendaItem;
    const ALIAS: &'static str = "i";
    const SELECT: &'static str = "SELECT i.id, i.version, mt.key, i.number, i.title, i.kind, i.sitting_key, \
         i.visibility, i.documents FROM agenda_item i JOIN meeting mt ON mt.id = i.meeting_id";
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Meeting, "i.meeting_id")];
    const SHOWN: Shown = Shown::Level("i.visibility");

    fn decode(row: &Cols<'_>) -> Result<AgendaItem> {
        Ok(AgendaItem {
            meeting: row.parse(2, Key::parse)?,
            number: u16::try_from(row.int(3)?).unwrap_or(u16::MAX),
            title: row.json(4)?,
            kind: row.name(5)?,
            sitting: row.opt_parse(6, Key::parse)?,
            visibility: row.parse(7, |s| Visibility::from_name(s).ok_or("unknown visibility"))?,
            documents: row.json(8)?,
        })
    }

    fn columns(r: &AgendaItem) -> Vec<(&'static str, Col)> {
        vec![
            ("meeting_id", Col::to(Kind::Meeting, &r.meeting)),
            ("number", Col::int(r.number)),
            ("title", Col::json(&r.title)),
            ("kind", Col::name(&r.kind)),
            ("sitting_key", Col::opt_text(r.sitting.as_ref())),
            ("visibility", Col::text(r.visibility.as_str())),
            ("documents", Col::json(&r.documents)),
        ]
    }

    fn references(r: &AgendaItem) -> Vec<(Kind, String)> {
        r.documents.iter().map(|d| (Kind::Document, d.to_string())).collect()
    }

    fn owner(r: &AgendaItem) -> Option<(Kind, String)> {
        Some((Kind::Meeting, r.meeting.to_string()))
    }
}

/// Writes which documents an agenda item carries into `agenda_item_document`, the index by document key of its
/// JSON list: after the item's row is inserted or changed, in the same transaction (a deleted item's go with it).
pub(crate) async fn index_item_documents(conn: &mut Db<'_>, item: Id, documents: &[Key]) -> Result<()> {
    sqlx::query("DELETE FROM agenda_item_document WHERE agenda_item_id = $1")
        .bind(item)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    let mut keys: Vec<&str> = documents.iter().map(Key::as_str).collect();
    keys.sort_unstable();
    keys.dedup();
    let rows: Vec<_> = keys.into_iter().map(|key| [Val::Int(Some(item)), Val::text(key)]).collect();
    insert_rows(conn, "agenda_item_document (agenda_item_id, document_key)", rows).await?;
    Ok(())
}

/// Counts the meeting `id`, as its row stands, into its body's tally (`by` 1) or out of it (`by` -1); a count
/// that falls to nothing goes. Days are stored as `YYYY-MM-DD` text on both engines, so the year is their first
/// four characters.
pub(crate) async fn tally(conn: &mut Db<'_>, id: Id, by: i64) -> Result<()> {
    if by > 0 {
        sqlx::query(
            "INSERT INTO meeting_tally (organisation_id, body_id, year, kind, status, meetings) \
             SELECT organisation_id, body_id, SUBSTR(starts_on, 1, 4), kind, status, $2 FROM meeting WHERE id = $1 \
             ON CONFLICT (organisation_id, body_id, year, kind, status) \
             DO UPDATE SET meetings = meeting_tally.meetings + excluded.meetings",
        )
        .bind(id)
        .bind(by)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
        return Ok(());
    }
    let this = "(SELECT organisation_id, body_id, SUBSTR(starts_on, 1, 4), kind, status FROM meeting WHERE id = $1)";
    sqlx::query(&format!(
        "UPDATE meeting_tally SET meetings = meetings + $2 WHERE (organisation_id, body_id, year, kind, status) = {this}"
    ))
    .bind(id)
    .bind(by)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    sqlx::query(&format!(
        "DELETE FROM meeting_tally WHERE meetings <= 0 AND (organisation_id, body_id, year, kind, status) = {this}"
    ))
    .bind(id)
    .execute(&mut *conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// The organisation's meetings, or one body's, counted by body, year, kind and status (see
/// `Store::meeting_counts`), from the tally the writes keep.
pub(crate) async fn counts(conn: &mut Db<'_>, organisation: &Code, body: Option<&Code>) -> Result<Vec<MeetingCount>> {
    let of_body = if body.is_some() { " AND b.code = $2" } else { "" };
    let sql = format!(
        "SELECT b.code, t.year, t.kind, t.status, t.meetings FROM meeting_tally t JOIN body b ON b.id = t.body_id \
         WHERE t.organisation_id = (SELECT id FROM organisation WHERE code = $1){of_body} \
         ORDER BY b.code, t.year, t.kind, t.status"
    );
    let mut query = sqlx::query(&sql).bind(organisation.as_str());
    if let Some(body) = body {
        query = query.bind(body.as_str());
    }
    let rows = query.fetch_all(conn).await.map_err(db)?;
    rows.iter()
        .map(|r| {
            let row = Cols(r);
            let year: String = r.try_get(1).map_err(db)?;
            Ok(MeetingCount {
                body: row.parse(0, Code::parse)?,
                year: year.parse().map_err(|_| Error::Storage(format!("stored meeting year `{year}`")))?,
                kind: row.name(2)?,
                status: row.name(3)?,
                meetings: u32::try_from(r.try_get::<i64, _>(4).map_err(db)?).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

/// Each body's next meeting from `from` (see `Store::next_by_body`), by the index `meeting_organisation_ends`.
pub(crate) async fn next_by_body(conn: &mut Db<'_>, organisation: &Code, from: Date) -> Result<Vec<Stored<Record>>> {
    let sql = format!(
        "{} WHERE mt.id IN (SELECT n.id FROM (SELECT id, \
         ROW_NUMBER() OVER (PARTITION BY body_id ORDER BY ends_on, id) AS place FROM meeting \
         WHERE organisation_id = (SELECT id FROM organisation WHERE code = $1) AND ends_on >= $2) n \
         WHERE n.place = 1) ORDER BY mt.id",
        Meetings::SELECT
    );
    let rows =
        sqlx::query(&sql).bind(organisation.as_str()).bind(from.to_string()).fetch_all(conn).await.map_err(db)?;
    rows.iter()
        .map(|r| {
            let row = Cols(r);
            Ok(Stored { id: row.int(0)?, version: row.int(1)?, record: Record::Meeting(Meetings::decode(&row)?) })
        })
        .collect()
}

/// A meeting's agenda; provisional when nothing was recorded.
pub(crate) async fn agenda(conn: &mut Db<'_>, meeting: Id) -> Result<AgendaState> {
    let row = sqlx::query("SELECT status, adopted_at_us, adopted_by FROM agenda WHERE meeting_id = $1")
        .bind(meeting)
        .fetch_optional(conn)
        .await
        .map_err(db)?;
    match row {
        None => Ok(AgendaState { status: AgendaStatus::Provisional, adopted_at: None, adopted_by: None }),
        Some(r) => Ok(AgendaState {
            status: from_name(&r.try_get::<String, _>(0).map_err(db)?)?,
            adopted_at: r
                .try_get::<Option<i64>, _>(1)
                .map_err(db)?
                .map(|us| jiff::Timestamp::from_microsecond(us).map_err(|e| Error::Storage(e.to_string())))
                .transpose()?,
            adopted_by: r.try_get(2).map_err(db)?,
        }),
    }
}
