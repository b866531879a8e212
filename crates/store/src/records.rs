//! The records of the standing record: one SELECT per kind (joining codes and keys back in), the columns each
//! kind writes, and the filters each kind honours. Visibility is a condition of the query, never a later filter.

use jiff::civil::{Date, Time};
use secretariat_core::domain::*;
use secretariat_core::rules::visibility::{Viewer, Visibility};
use secretariat_core::store::{AgendaState, Filter, Id, Kind, Record, Stored};
use secretariat_core::{Error, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::error::db;

/// A value bound to a query parameter, typed so that a NULL has the column's type on PostgreSQL.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

impl Val {
    fn text(s: impl Into<String>) -> Self {
        Val::Text(Some(s.into()))
    }
}

/// Binds values in order to `$1, $2, …`.
pub(crate) fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    vals: &'q [Val],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for v in vals {
        q = match v {
            Val::Int(i) => q.bind(*i),
            Val::Text(t) => q.bind(t.clone()),
        };
    }
    q
}

pub(crate) fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn from_json<T: DeserializeOwned>(raw: &str) -> Result<T> {
    serde_json::from_str(raw).map_err(|e| Error::Storage(format!("stored JSON does not parse: {e}")))
}

/// The stored name of a unit enum (`regular`, `in_person`).
fn name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn from_name<T: DeserializeOwned>(raw: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned()))
        .map_err(|e| Error::Storage(format!("stored name `{raw}` does not parse: {e}")))
}

fn visibility(raw: &str) -> Result<Visibility> {
    Visibility::from_name(raw).ok_or_else(|| Error::Storage(format!("stored visibility `{raw}` does not parse")))
}

fn day(raw: Option<String>) -> Result<Option<Date>> {
    raw.map(|r| r.parse::<Date>().map_err(|e| Error::Storage(format!("stored day `{r}`: {e}")))).transpose()
}

fn day_val(d: Option<Date>) -> Val {
    Val::Text(d.map(|d| d.to_string()))
}

fn code<T, F: Fn(&str) -> Result<T>>(parse: F, raw: &str) -> Result<T> {
    parse(raw).map_err(|e| Error::Storage(format!("stored value: {e}")))
}

struct Spec {
    alias: &'static str,
    select: std::borrow::Cow<'static, str>,
}

/// The select of a kind as a viewer reads it: a statements list names its list document only to those who may see
/// that document.
fn spec_for(kind: Kind, viewer: &Viewer) -> Spec {
    match kind {
        Kind::StatementsList => Spec {
            alias: "sl",
            select: format!(
                "SELECT sl.id, sl.version, sl.key, o.code, b.code, sl.year, sl.cutoff, dc.key FROM statements_list sl \
                 JOIN organisation o ON o.id = sl.organisation_id JOIN body b ON b.id = sl.body_id \
                 LEFT JOIN document dc ON dc.id = sl.document_id AND {}",
                visibility_condition(Kind::Document, viewer).unwrap_or_else(|| "1 = 1".into())
            )
            .into(),
        },
        _ => spec(kind),
    }
}

fn spec(kind: Kind) -> Spec {
    let (alias, select) = match kind {
        Kind::State => ("s", "SELECT s.id, s.version, s.code, s.name, s.official_name FROM state s"),
        Kind::City => (
            "c",
            "SELECT c.id, c.version, c.key, s.code, c.time_zone, c.names FROM city c JOIN state s ON s.id = c.state_id",
        ),
        Kind::Person => ("pe", "SELECT pe.id, pe.version, pe.key, pe.names FROM person pe"),
        Kind::Post => (
            "p",
            "SELECT p.id, p.version, p.key, p.title, p.role, s.code, o.code FROM post p \
             LEFT JOIN state s ON s.id = p.state_id LEFT JOIN organisation o ON o.id = p.organisation_id",
        ),
        Kind::Mandate => (
            "m",
            "SELECT m.id, m.version, pe.key, p.key, m.starts_on, m.ends_on, m.acting FROM mandate m \
             JOIN person pe ON pe.id = m.person_id JOIN post p ON p.id = m.post_id",
        ),
        Kind::Organisation => (
            "o",
            "SELECT o.id, o.version, o.code, o.name, o.abbreviation, o.languages, o.authentic_language, \
             o.chairmanship, o.register FROM organisation o",
        ),
        Kind::Membership => (
            "ms",
            "SELECT ms.id, ms.version, o.code, s.code, ms.kind, ms.starts_on, ms.ends_on FROM membership ms \
             JOIN organisation o ON o.id = ms.organisation_id JOIN state s ON s.id = ms.state_id",
        ),
        Kind::Body => (
            "b",
            "SELECT b.id, b.version, o.code, b.code, b.name, b.abbreviation, pb.code, b.representative_role, \
             b.chair_rule, b.decision_rule, b.regular_meetings_per_year FROM body b \
             JOIN organisation o ON o.id = b.organisation_id LEFT JOIN body pb ON pb.id = b.parent_id",
        ),
        Kind::Meeting => (
            "mt",
            "SELECT mt.id, mt.version, mt.key, o.code, b.code, mt.joint_with, mt.kind, c.key, mt.starts_on, \
             mt.ends_on, mt.mode, mt.status, pe.key FROM meeting mt \
             JOIN organisation o ON o.id = mt.organisation_id JOIN body b ON b.id = mt.body_id \
             JOIN city c ON c.id = mt.city_id LEFT JOIN person pe ON pe.id = mt.chair_person_id",
        ),
        Kind::ProgrammeEvent => (
            "e",
            "SELECT e.id, e.version, mt.key, e.key, e.kind, e.format, e.title, e.on_day, e.at_time \
             FROM programme_event e JOIN meeting mt ON mt.id = e.meeting_id",
        ),
        Kind::Delegation => (
            "d",
            "SELECT d.id, d.version, mt.key, s.code, pe.key, d.members FROM delegation d \
             JOIN meeting mt ON mt.id = d.meeting_id JOIN state s ON s.id = d.state_id \
             JOIN person pe ON pe.id = d.head_person_id",
        ),
        Kind::AgendaItem => (
            "i",
            "SELECT i.id, i.version, mt.key, i.number, i.title, i.kind, i.sitting_key, i.visibility, i.documents \
             FROM agenda_item i JOIN meeting mt ON mt.id = i.meeting_id",
        ),
        Kind::Document => (
            "dc",
            "SELECT dc.id, dc.version, dc.key, o.code, b.code, dc.kind, dc.title, dc.sponsors, dc.original_language, \
             dc.visibility, am.key, dc.amendment, dc.period_from, dc.period_to, dc.in_force_on FROM document dc \
             JOIN organisation o ON o.id = dc.organisation_id JOIN body b ON b.id = dc.body_id \
             LEFT JOIN document am ON am.id = dc.amends_id",
        ),
        Kind::PlanItem => (
            "pi",
            "SELECT pi.id, pi.version, dc.key, pi.number, pi.title, pi.kind, pi.period_from, pi.period_to, \
             pi.responsible, pi.status, mt.key, pi.progress FROM plan_item pi JOIN document dc ON dc.id = pi.plan_id \
             LEFT JOIN meeting mt ON mt.id = pi.meeting_id",
        ),
        Kind::StatementsList => (
            "sl",
            "SELECT sl.id, sl.version, sl.key, o.code, b.code, sl.year, sl.cutoff, dc.key FROM statements_list sl \
             JOIN organisation o ON o.id = sl.organisation_id JOIN body b ON b.id = sl.body_id \
             LEFT JOIN document dc ON dc.id = sl.document_id",
        ),
        Kind::Proposal => (
            "pr",
            "SELECT pr.id, pr.version, sl.key, pr.key, s.code, pr.topic, pr.forum, pr.draft, pr.included \
             FROM proposal pr JOIN statements_list sl ON sl.id = pr.list_id JOIN state s ON s.id = pr.state_id",
        ),
        Kind::Instruction => (
            "ins",
            "SELECT ins.id, ins.version, sl.key, ins.forum, ins.text FROM instruction ins \
             JOIN statements_list sl ON sl.id = ins.list_id",
        ),
        Kind::Delivery => (
            "dl",
            "SELECT dl.id, dl.version, pr.key, dl.on_day, dl.forum, s.code FROM delivery dl \
             JOIN proposal pr ON pr.id = dl.proposal_id JOIN state s ON s.id = dl.state_id",
        ),
        Kind::Signature => (
            "sg",
            "SELECT sg.id, sg.version, dc.key, s.code, sg.signed_on, sg.ratified_on FROM signature sg \
             JOIN document dc ON dc.id = sg.document_id JOIN state s ON s.id = sg.state_id",
        ),
    };
    Spec { alias, select: select.into() }
}

/// The table a kind is stored in.
pub(crate) fn table(kind: Kind) -> &'static str {
    kind.as_str()
}

fn decode(kind: Kind, row: &AnyRow) -> Result<Stored<Record>> {
    let int = |i: usize| row.try_get::<i64, _>(i).map_err(db);
    let text = |i: usize| row.try_get::<String, _>(i).map_err(db);
    let opt = |i: usize| row.try_get::<Option<String>, _>(i).map_err(db);
    let record = match kind {
        Kind::State => Record::State(State {
            code: code(StateCode::parse, &text(2)?)?,
            name: from_json(&text(3)?)?,
            official_name: opt(4)?.map(|t| from_json(&t)).transpose()?,
        }),
        Kind::City => Record::City(City {
            key: code(Key::parse, &text(2)?)?,
            state: code(StateCode::parse, &text(3)?)?,
            time_zone: code(ZoneId::parse, &text(4)?)?,
            names: from_json(&text(5)?)?,
        }),
        Kind::Person => Record::Person(Person { key: code(Key::parse, &text(2)?)?, names: from_json(&text(3)?)? }),
        Kind::Post => Record::Post(Post {
            key: code(Key::parse, &text(2)?)?,
            title: from_json(&text(3)?)?,
            role: code(Role::parse, &text(4)?)?,
            state: opt(5)?.map(|s| code(StateCode::parse, &s)).transpose()?,
            organisation: opt(6)?.map(|s| code(Code::parse, &s)).transpose()?,
        }),
        Kind::Mandate => Record::Mandate(Mandate {
            person: code(Key::parse, &text(2)?)?,
            post: code(Key::parse, &text(3)?)?,
            period: Period { from: day(opt(4)?)?, to: day(opt(5)?)? },
            acting: int(6)? != 0,
        }),
        Kind::Organisation => Record::Organisation(Organisation {
            code: code(Code::parse, &text(2)?)?,
            name: from_json(&text(3)?)?,
            abbreviation: opt(4)?.map(|t| from_json(&t)).transpose()?,
            languages: from_json(&text(5)?)?,
            authentic_language: code(Lang::parse, &text(6)?)?,
            chairmanship: from_json(&text(7)?)?,
            register: from_json(&text(8)?)?,
        }),
        Kind::Membership => Record::Membership(Membership {
            organisation: code(Code::parse, &text(2)?)?,
            state: code(StateCode::parse, &text(3)?)?,
            kind: from_name(&text(4)?)?,
            period: Period { from: day(opt(5)?)?, to: day(opt(6)?)? },
        }),
        Kind::Body => Record::Body(Body {
            organisation: code(Code::parse, &text(2)?)?,
            code: code(Code::parse, &text(3)?)?,
            name: from_json(&text(4)?)?,
            abbreviation: opt(5)?.map(|t| from_json(&t)).transpose()?,
            parent: opt(6)?.map(|s| code(Code::parse, &s)).transpose()?,
            representative_role: code(Role::parse, &text(7)?)?,
            chair_rule: from_name(&text(8)?)?,
            decision_rule: from_name(&text(9)?)?,
            regular_meetings_per_year: u8::try_from(int(10)?).unwrap_or(u8::MAX),
        }),
        Kind::Meeting => Record::Meeting(Meeting {
            key: code(Key::parse, &text(2)?)?,
            organisation: code(Code::parse, &text(3)?)?,
            body: code(Code::parse, &text(4)?)?,
            joint_with: from_json(&text(5)?)?,
            kind: from_name(&text(6)?)?,
            city: code(Key::parse, &text(7)?)?,
            starts_on: day(Some(text(8)?))?.unwrap_or_default(),
            ends_on: day(Some(text(9)?))?.unwrap_or_default(),
            mode: from_name(&text(10)?)?,
            status: from_name(&text(11)?)?,
            chair: opt(12)?.map(|s| code(Key::parse, &s)).transpose()?,
        }),
        Kind::ProgrammeEvent => Record::ProgrammeEvent(ProgrammeEvent {
            meeting: code(Key::parse, &text(2)?)?,
            key: code(Key::parse, &text(3)?)?,
            kind: from_name(&text(4)?)?,
            format: opt(5)?.map(|f| from_name(&f)).transpose()?,
            title: opt(6)?.map(|t| from_json(&t)).transpose()?,
            on: day(Some(text(7)?))?.unwrap_or_default(),
            at: opt(8)?
                .map(|t| t.parse::<Time>().map_err(|e| Error::Storage(format!("stored time `{t}`: {e}"))))
                .transpose()?,
        }),
        Kind::Delegation => Record::Delegation(Delegation {
            meeting: code(Key::parse, &text(2)?)?,
            state: code(StateCode::parse, &text(3)?)?,
            head: code(Key::parse, &text(4)?)?,
            members: from_json(&text(5)?)?,
        }),
        Kind::AgendaItem => Record::AgendaItem(AgendaItem {
            meeting: code(Key::parse, &text(2)?)?,
            number: u16::try_from(int(3)?).unwrap_or(u16::MAX),
            title: from_json(&text(4)?)?,
            kind: from_name(&text(5)?)?,
            sitting: opt(6)?.map(|s| code(Key::parse, &s)).transpose()?,
            visibility: visibility(&text(7)?)?,
            documents: from_json(&text(8)?)?,
        }),
        Kind::Document => Record::Document(Document {
            key: code(Key::parse, &text(2)?)?,
            organisation: code(Code::parse, &text(3)?)?,
            body: code(Code::parse, &text(4)?)?,
            kind: from_name(&text(5)?)?,
            title: from_json(&text(6)?)?,
            sponsors: from_json(&text(7)?)?,
            original_language: code(Lang::parse, &text(8)?)?,
            visibility: visibility(&text(9)?)?,
            amends: match (opt(10)?, opt(11)?) {
                (Some(document), Some(kind)) => {
                    Some(Amends { document: code(Key::parse, &document)?, kind: from_name(&kind)? })
                }
                _ => None,
            },
            period: match (day(opt(12)?)?, day(opt(13)?)?) {
                (None, None) => None,
                (from, to) => Some(Period { from, to }),
            },
            in_force_on: day(opt(14)?)?,
        }),
        Kind::PlanItem => Record::PlanItem(PlanItem {
            plan: code(Key::parse, &text(2)?)?,
            number: u16::try_from(int(3)?).unwrap_or(u16::MAX),
            title: from_json(&text(4)?)?,
            kind: from_name(&text(5)?)?,
            period: Period { from: day(opt(6)?)?, to: day(opt(7)?)? },
            responsible: from_json(&text(8)?)?,
            status: from_name(&text(9)?)?,
            meeting: opt(10)?.map(|k| code(Key::parse, &k)).transpose()?,
            progress: from_json(&text(11)?)?,
        }),
        Kind::StatementsList => Record::StatementsList(StatementsList {
            key: code(Key::parse, &text(2)?)?,
            organisation: code(Code::parse, &text(3)?)?,
            body: code(Code::parse, &text(4)?)?,
            year: i16::try_from(int(5)?).unwrap_or_default(),
            cutoff: day(Some(text(6)?))?.unwrap_or_default(),
            document: opt(7)?.map(|k| code(Key::parse, &k)).transpose()?,
        }),
        Kind::Proposal => Record::Proposal(Proposal {
            list: code(Key::parse, &text(2)?)?,
            key: code(Key::parse, &text(3)?)?,
            state: code(StateCode::parse, &text(4)?)?,
            topic: from_json(&text(5)?)?,
            forum: code(Code::parse, &text(6)?)?,
            draft: opt(7)?.map(|t| from_json(&t)).transpose()?,
            included: int(8)? != 0,
        }),
        Kind::Instruction => Record::Instruction(Instruction {
            list: code(Key::parse, &text(2)?)?,
            forum: code(Code::parse, &text(3)?)?,
            text: from_json(&text(4)?)?,
        }),
        Kind::Delivery => Record::Delivery(Delivery {
            proposal: code(Key::parse, &text(2)?)?,
            on: day(Some(text(3)?))?.unwrap_or_default(),
            forum: code(Code::parse, &text(4)?)?,
            state: code(StateCode::parse, &text(5)?)?,
        }),
        Kind::Signature => Record::Signature(Signature {
            document: code(Key::parse, &text(2)?)?,
            state: code(StateCode::parse, &text(3)?)?,
            signed_on: day(opt(4)?)?,
            ratified_on: day(opt(5)?)?,
        }),
    };
    Ok(Stored { id: int(0)?, version: int(1)?, record })
}

fn param(binds: &mut Vec<Val>, v: Val) -> String {
    binds.push(v);
    format!("${}", binds.len())
}

/// The visibility condition of a kind, for a viewer. Levels are a closed set of names, written in as literals.
fn visibility_condition(kind: Kind, viewer: &Viewer) -> Option<String> {
    let levels: Vec<String> = viewer.levels().iter().map(|l| format!("'{}'", l.as_str())).collect();
    let levels = levels.join(", ");
    // A sponsors-only draft is seen by the delegates of its sponsoring states: the sponsors are a JSON list of
    // codes, so the quoted code matches exactly. State codes are parsed (two capital letters), never raw input.
    let document = |alias: &str| {
        match viewer.sponsor_state() {
        Some(state) => format!(
            "({alias}.visibility IN ({levels}) OR ({alias}.visibility = 'sponsors' AND {alias}.sponsors LIKE '%\"{state}\"%'))"
        ),
        None => format!("{alias}.visibility IN ({levels})"),
    }
    };
    match kind {
        Kind::AgendaItem => Some(format!("i.visibility IN ({levels})")),
        Kind::Document | Kind::PlanItem | Kind::Signature => Some(document("dc")),
        // Proposals, collective instructions and their deliveries are for the members until published otherwise.
        Kind::Proposal | Kind::Instruction | Kind::Delivery if !viewer.levels().contains(&Visibility::Members) => {
            Some("1 = 0".into())
        }
        _ => None,
    }
}

fn conditions(kind: Kind, f: &Filter, binds: &mut Vec<Val>) -> Vec<String> {
    let mut out = Vec::new();
    let add = |column: &str, v: Val, out: &mut Vec<String>, binds: &mut Vec<Val>| {
        let p = param(binds, v);
        out.push(format!("{column} = {p}"));
    };
    if let Some(org) = &f.organisation {
        let column = match kind {
            Kind::Post
            | Kind::Membership
            | Kind::Body
            | Kind::Meeting
            | Kind::Organisation
            | Kind::Document
            | Kind::StatementsList => Some("o.code"),
            _ => None,
        };
        if let Some(c) = column {
            add(c, Val::text(org.as_str()), &mut out, binds);
        }
    }
    if let (Some(body), Kind::Meeting | Kind::Document | Kind::StatementsList) = (&f.body, kind) {
        add("b.code", Val::text(body.as_str()), &mut out, binds);
    }
    if let Some(owner) = &f.owner {
        let column = match kind {
            Kind::PlanItem | Kind::Signature => Some("dc.key"),
            Kind::Proposal | Kind::Instruction => Some("sl.key"),
            Kind::Delivery => Some("pr.key"),
            _ => None,
        };
        if let Some(c) = column {
            add(c, Val::text(owner.as_str()), &mut out, binds);
        }
    }
    if let Some(meeting) = f.meeting {
        let column = match kind {
            Kind::ProgrammeEvent => Some("e.meeting_id"),
            Kind::Delegation => Some("d.meeting_id"),
            Kind::AgendaItem => Some("i.meeting_id"),
            Kind::Meeting => Some("mt.id"),
            _ => None,
        };
        if let Some(c) = column {
            add(c, Val::Int(Some(meeting)), &mut out, binds);
        }
    }
    if let Some(state) = &f.state {
        if matches!(
            kind,
            Kind::Post
                | Kind::Membership
                | Kind::Delegation
                | Kind::City
                | Kind::State
                | Kind::Proposal
                | Kind::Delivery
                | Kind::Signature
        ) {
            add("s.code", Val::text(state.as_str()), &mut out, binds);
        }
    }
    if let (Some(person), Kind::Mandate) = (&f.person, kind) {
        add("pe.key", Val::text(person.as_str()), &mut out, binds);
    }
    if let (Some(post), Kind::Mandate) = (&f.post, kind) {
        add("p.key", Val::text(post.as_str()), &mut out, binds);
    }
    if let (Some(role), Kind::Post) = (&f.role, kind) {
        add("p.role", Val::text(role.as_str()), &mut out, binds);
    }
    if kind == Kind::Meeting {
        if let Some(from) = f.from {
            let p = param(binds, Val::text(from.to_string()));
            out.push(format!("mt.ends_on >= {p}"));
        }
        if let Some(to) = f.to {
            let p = param(binds, Val::text(to.to_string()));
            out.push(format!("mt.starts_on <= {p}"));
        }
    }
    if let Some(after) = f.after {
        let p = param(binds, Val::Int(Some(after)));
        out.push(format!("{}.id > {p}", spec(kind).alias));
    }
    out.extend(visibility_condition(kind, &f.viewer));
    out
}

async fn query(
    conn: &mut AnyConnection,
    kind: Kind,
    viewer: &Viewer,
    conds: Vec<String>,
    binds: Vec<Val>,
    limit: Option<u32>,
) -> Result<Vec<Stored<Record>>> {
    let spec = spec_for(kind, viewer);
    let mut sql = spec.select.into_owned();
    if !conds.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conds.join(" AND "));
    }
    sql.push_str(&format!(" ORDER BY {}.id", spec.alias));
    if let Some(limit) = limit.filter(|l| *l < u32::MAX) {
        sql.push_str(&format!(" LIMIT {limit}"));
    }
    let rows = bind_all(sqlx::query(&sql), &binds).fetch_all(conn).await.map_err(db)?;
    rows.iter().map(|r| decode(kind, r)).collect()
}

/// Records of a kind that match the filter, in id order.
pub(crate) async fn list(conn: &mut AnyConnection, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>> {
    let mut binds = Vec::new();
    let conds = conditions(kind, filter, &mut binds);
    query(conn, kind, &filter.viewer, conds, binds, Some(filter.limit)).await
}

/// One record by id, if the viewer may see it.
pub(crate) async fn get(
    conn: &mut AnyConnection,
    kind: Kind,
    id: Id,
    viewer: &Viewer,
) -> Result<Option<Stored<Record>>> {
    let mut binds = Vec::new();
    let p = param(&mut binds, Val::Int(Some(id)));
    let mut conds = vec![format!("{}.id = {p}", spec(kind).alias)];
    conds.extend(visibility_condition(kind, viewer));
    Ok(query(conn, kind, viewer, conds, binds, Some(1)).await?.pop())
}

/// One record by its natural key (`ORG/BODY` for a body), if the viewer may see it.
pub(crate) async fn find(
    conn: &mut AnyConnection,
    kind: Kind,
    key: &str,
    viewer: &Viewer,
) -> Result<Option<Stored<Record>>> {
    let mut binds = Vec::new();
    let mut conds = match kind {
        Kind::State => vec![format!("s.code = {}", param(&mut binds, Val::text(key)))],
        Kind::City => vec![format!("c.key = {}", param(&mut binds, Val::text(key)))],
        Kind::Person => vec![format!("pe.key = {}", param(&mut binds, Val::text(key)))],
        Kind::Post => vec![format!("p.key = {}", param(&mut binds, Val::text(key)))],
        Kind::Organisation => vec![format!("o.code = {}", param(&mut binds, Val::text(key)))],
        Kind::Meeting => vec![format!("mt.key = {}", param(&mut binds, Val::text(key)))],
        Kind::Document => vec![format!("dc.key = {}", param(&mut binds, Val::text(key)))],
        Kind::StatementsList => vec![format!("sl.key = {}", param(&mut binds, Val::text(key)))],
        Kind::Proposal => vec![format!("pr.key = {}", param(&mut binds, Val::text(key)))],
        Kind::Body => {
            let Some((org, body)) = key.split_once('/') else { return Ok(None) };
            vec![
                format!("o.code = {}", param(&mut binds, Val::text(org))),
                format!("b.code = {}", param(&mut binds, Val::text(body))),
            ]
        }
        Kind::Mandate
        | Kind::Membership
        | Kind::ProgrammeEvent
        | Kind::Delegation
        | Kind::AgendaItem
        | Kind::PlanItem
        | Kind::Instruction
        | Kind::Delivery
        | Kind::Signature => return Ok(None),
    };
    conds.extend(visibility_condition(kind, viewer));
    Ok(query(conn, kind, viewer, conds, binds, Some(1)).await?.pop())
}

/// A meeting's agenda; provisional when nothing was recorded.
pub(crate) async fn agenda(conn: &mut AnyConnection, meeting: Id) -> Result<AgendaState> {
    let row = sqlx::query("SELECT status, adopted_at_us, adopted_by FROM agenda WHERE meeting_id = $1")
        .bind(meeting)
        .fetch_optional(conn)
        .await
        .map_err(db)?;
    match row {
        None => Ok(AgendaState { status: AgendaStatus::Provisional, adopted_at_us: None, adopted_by: None }),
        Some(r) => Ok(AgendaState {
            status: from_name(&r.try_get::<String, _>(0).map_err(db)?)?,
            adopted_at_us: r.try_get(1).map_err(db)?,
            adopted_by: r.try_get(2).map_err(db)?,
        }),
    }
}

async fn id_of(conn: &mut AnyConnection, sql: &str, keys: &[&str], what: &str) -> Result<i64> {
    let mut q = sqlx::query_scalar::<_, i64>(sql);
    for k in keys {
        q = q.bind(k.to_string());
    }
    q.fetch_optional(conn)
        .await
        .map_err(db)?
        .ok_or_else(|| Error::invalid("unknown_reference", format!("no {what} `{}`", keys.join("/"))))
}

async fn state_id(c: &mut AnyConnection, code: &StateCode) -> Result<i64> {
    id_of(c, "SELECT id FROM state WHERE code = $1", &[code.as_str()], "state").await
}
async fn person_id(c: &mut AnyConnection, key: &Key) -> Result<i64> {
    id_of(c, "SELECT id FROM person WHERE key = $1", &[key.as_str()], "person").await
}
async fn organisation_id(c: &mut AnyConnection, code: &Code) -> Result<i64> {
    id_of(c, "SELECT id FROM organisation WHERE code = $1", &[code.as_str()], "organisation").await
}
async fn body_id(c: &mut AnyConnection, org: &Code, code: &Code) -> Result<i64> {
    let sql =
        "SELECT b.id FROM body b JOIN organisation o ON o.id = b.organisation_id WHERE o.code = $1 AND b.code = $2";
    id_of(c, sql, &[org.as_str(), code.as_str()], "body").await
}
pub(crate) async fn document_id(c: &mut AnyConnection, key: &Key) -> Result<i64> {
    id_of(c, "SELECT id FROM document WHERE key = $1", &[key.as_str()], "document").await
}
async fn list_id(c: &mut AnyConnection, key: &Key) -> Result<i64> {
    id_of(c, "SELECT id FROM statements_list WHERE key = $1", &[key.as_str()], "statements list").await
}
pub(crate) async fn meeting_id(c: &mut AnyConnection, key: &Key) -> Result<i64> {
    id_of(c, "SELECT id FROM meeting WHERE key = $1", &[key.as_str()], "meeting").await
}

/// The columns a record writes, its references resolved to ids.
pub(crate) async fn columns(c: &mut AnyConnection, record: &Record) -> Result<Vec<(&'static str, Val)>> {
    let opt_json = |t: &Option<Text>| Val::Text(t.as_ref().map(json));
    Ok(match record {
        Record::State(r) => vec![
            ("code", Val::text(r.code.as_str())),
            ("name", Val::text(json(&r.name))),
            ("official_name", opt_json(&r.official_name)),
        ],
        Record::City(r) => vec![
            ("key", Val::text(r.key.as_str())),
            ("state_id", Val::Int(Some(state_id(c, &r.state).await?))),
            ("time_zone", Val::text(r.time_zone.as_str())),
            ("names", Val::text(json(&r.names))),
        ],
        Record::Person(r) => vec![("key", Val::text(r.key.as_str())), ("names", Val::text(json(&r.names)))],
        Record::Post(r) => {
            let state = match &r.state {
                Some(s) => Some(state_id(c, s).await?),
                None => None,
            };
            let org = match &r.organisation {
                Some(o) => Some(organisation_id(c, o).await?),
                None => None,
            };
            vec![
                ("key", Val::text(r.key.as_str())),
                ("title", Val::text(json(&r.title))),
                ("role", Val::text(r.role.as_str())),
                ("state_id", Val::Int(state)),
                ("organisation_id", Val::Int(org)),
            ]
        }
        Record::Mandate(r) => vec![
            ("person_id", Val::Int(Some(person_id(c, &r.person).await?))),
            (
                "post_id",
                Val::Int(Some(id_of(c, "SELECT id FROM post WHERE key = $1", &[r.post.as_str()], "post").await?)),
            ),
            ("starts_on", day_val(r.period.from)),
            ("ends_on", day_val(r.period.to)),
            ("acting", Val::Int(Some(i64::from(r.acting)))),
        ],
        Record::Organisation(r) => vec![
            ("code", Val::text(r.code.as_str())),
            ("name", Val::text(json(&r.name))),
            ("abbreviation", opt_json(&r.abbreviation)),
            ("languages", Val::text(json(&r.languages))),
            ("authentic_language", Val::text(r.authentic_language.as_str())),
            ("chairmanship", Val::text(json(&r.chairmanship))),
            ("register", Val::text(json(&r.register))),
        ],
        Record::Membership(r) => vec![
            ("organisation_id", Val::Int(Some(organisation_id(c, &r.organisation).await?))),
            ("state_id", Val::Int(Some(state_id(c, &r.state).await?))),
            ("kind", Val::text(name(&r.kind))),
            ("starts_on", day_val(r.period.from)),
            ("ends_on", day_val(r.period.to)),
        ],
        Record::Body(r) => {
            let parent = match &r.parent {
                Some(p) => Some(body_id(c, &r.organisation, p).await?),
                None => None,
            };
            vec![
                ("organisation_id", Val::Int(Some(organisation_id(c, &r.organisation).await?))),
                ("code", Val::text(r.code.as_str())),
                ("name", Val::text(json(&r.name))),
                ("abbreviation", opt_json(&r.abbreviation)),
                ("parent_id", Val::Int(parent)),
                ("representative_role", Val::text(r.representative_role.as_str())),
                ("chair_rule", Val::text(name(&r.chair_rule))),
                ("decision_rule", Val::text(name(&r.decision_rule))),
                ("regular_meetings_per_year", Val::Int(Some(i64::from(r.regular_meetings_per_year)))),
            ]
        }
        Record::Meeting(r) => {
            for joint in &r.joint_with {
                body_id(c, &r.organisation, joint).await?;
            }
            let chair = match &r.chair {
                Some(p) => Some(person_id(c, p).await?),
                None => None,
            };
            vec![
                ("key", Val::text(r.key.as_str())),
                ("organisation_id", Val::Int(Some(organisation_id(c, &r.organisation).await?))),
                ("body_id", Val::Int(Some(body_id(c, &r.organisation, &r.body).await?))),
                ("joint_with", Val::text(json(&r.joint_with))),
                ("kind", Val::text(name(&r.kind))),
                (
                    "city_id",
                    Val::Int(Some(id_of(c, "SELECT id FROM city WHERE key = $1", &[r.city.as_str()], "city").await?)),
                ),
                ("starts_on", Val::text(r.starts_on.to_string())),
                ("ends_on", Val::text(r.ends_on.to_string())),
                ("mode", Val::text(name(&r.mode))),
                ("status", Val::text(name(&r.status))),
                ("chair_person_id", Val::Int(chair)),
            ]
        }
        Record::ProgrammeEvent(r) => vec![
            ("meeting_id", Val::Int(Some(meeting_id(c, &r.meeting).await?))),
            ("key", Val::text(r.key.as_str())),
            ("kind", Val::text(name(&r.kind))),
            ("format", Val::Text(r.format.as_ref().map(name))),
            ("title", opt_json(&r.title)),
            ("on_day", Val::text(r.on.to_string())),
            ("at_time", Val::Text(r.at.map(|t| t.to_string()))),
        ],
        Record::Delegation(r) => {
            for member in &r.members {
                person_id(c, member).await?;
            }
            vec![
                ("meeting_id", Val::Int(Some(meeting_id(c, &r.meeting).await?))),
                ("state_id", Val::Int(Some(state_id(c, &r.state).await?))),
                ("head_person_id", Val::Int(Some(person_id(c, &r.head).await?))),
                ("members", Val::text(json(&r.members))),
            ]
        }
        Record::AgendaItem(r) => {
            for document in &r.documents {
                document_id(c, document).await?;
            }
            vec![
                ("meeting_id", Val::Int(Some(meeting_id(c, &r.meeting).await?))),
                ("number", Val::Int(Some(i64::from(r.number)))),
                ("title", Val::text(json(&r.title))),
                ("kind", Val::text(name(&r.kind))),
                ("sitting_key", Val::Text(r.sitting.as_ref().map(|k| k.as_str().to_owned()))),
                ("visibility", Val::text(r.visibility.as_str())),
                ("documents", Val::text(json(&r.documents))),
            ]
        }
        Record::Document(r) => {
            let amends = match &r.amends {
                Some(a) => Some(document_id(c, &a.document).await?),
                None => None,
            };
            vec![
                ("key", Val::text(r.key.as_str())),
                ("organisation_id", Val::Int(Some(organisation_id(c, &r.organisation).await?))),
                ("body_id", Val::Int(Some(body_id(c, &r.organisation, &r.body).await?))),
                ("kind", Val::text(name(&r.kind))),
                ("title", Val::text(json(&r.title))),
                ("sponsors", Val::text(json(&r.sponsors))),
                ("original_language", Val::text(r.original_language.as_str())),
                ("visibility", Val::text(r.visibility.as_str())),
                ("amends_id", Val::Int(amends)),
                ("amendment", Val::Text(r.amends.as_ref().map(|a| name(&a.kind)))),
                ("period_from", day_val(r.period.and_then(|p| p.from))),
                ("period_to", day_val(r.period.and_then(|p| p.to))),
                ("in_force_on", day_val(r.in_force_on)),
            ]
        }
        Record::PlanItem(r) => {
            let meeting = match &r.meeting {
                Some(m) => Some(meeting_id(c, m).await?),
                None => None,
            };
            vec![
                ("plan_id", Val::Int(Some(document_id(c, &r.plan).await?))),
                ("number", Val::Int(Some(i64::from(r.number)))),
                ("title", Val::text(json(&r.title))),
                ("kind", Val::text(name(&r.kind))),
                ("period_from", day_val(r.period.from)),
                ("period_to", day_val(r.period.to)),
                ("responsible", Val::text(json(&r.responsible))),
                ("status", Val::text(name(&r.status))),
                ("meeting_id", Val::Int(meeting)),
                ("progress", Val::text(json(&r.progress))),
            ]
        }
        Record::StatementsList(r) => {
            let document = match &r.document {
                Some(d) => Some(document_id(c, d).await?),
                None => None,
            };
            vec![
                ("key", Val::text(r.key.as_str())),
                ("organisation_id", Val::Int(Some(organisation_id(c, &r.organisation).await?))),
                ("body_id", Val::Int(Some(body_id(c, &r.organisation, &r.body).await?))),
                ("year", Val::Int(Some(i64::from(r.year)))),
                ("cutoff", Val::text(r.cutoff.to_string())),
                ("document_id", Val::Int(document)),
            ]
        }
        Record::Proposal(r) => vec![
            ("list_id", Val::Int(Some(list_id(c, &r.list).await?))),
            ("key", Val::text(r.key.as_str())),
            ("state_id", Val::Int(Some(state_id(c, &r.state).await?))),
            ("topic", Val::text(json(&r.topic))),
            ("forum", Val::text(r.forum.as_str())),
            ("draft", Val::Text(r.draft.as_ref().map(json))),
            ("included", Val::Int(Some(i64::from(r.included)))),
        ],
        Record::Instruction(r) => vec![
            ("list_id", Val::Int(Some(list_id(c, &r.list).await?))),
            ("forum", Val::text(r.forum.as_str())),
            ("text", Val::text(json(&r.text))),
        ],
        Record::Delivery(r) => vec![
            (
                "proposal_id",
                Val::Int(Some(
                    id_of(c, "SELECT id FROM proposal WHERE key = $1", &[r.proposal.as_str()], "proposal").await?,
                )),
            ),
            ("on_day", Val::text(r.on.to_string())),
            ("forum", Val::text(r.forum.as_str())),
            ("state_id", Val::Int(Some(state_id(c, &r.state).await?))),
        ],
        Record::Signature(r) => vec![
            ("document_id", Val::Int(Some(document_id(c, &r.document).await?))),
            ("state_id", Val::Int(Some(state_id(c, &r.state).await?))),
            ("signed_on", day_val(r.signed_on)),
            ("ratified_on", day_val(r.ratified_on)),
        ],
    })
}

/// Whether other records name this one by its code or key inside text or JSON columns (which foreign keys do not
/// guard): a delegation's members, an item's sitting and documents, a meeting's joint bodies, sponsors.
pub(crate) async fn named_elsewhere(c: &mut AnyConnection, record: &Record, id: Id) -> Result<bool> {
    let quoted = |s: &str| format!("%\"{s}\"%");
    let checks: Vec<(&str, Vec<Val>)> = match record {
        Record::Person(r) => vec![("SELECT COUNT(*) FROM delegation WHERE members LIKE $1", vec![Val::text(quoted(r.key.as_str()))])],
        Record::ProgrammeEvent(r) => vec![(
            "SELECT COUNT(*) FROM agenda_item i JOIN meeting mt ON mt.id = i.meeting_id WHERE mt.key = $1 AND i.sitting_key = $2",
            vec![Val::text(r.meeting.as_str()), Val::text(r.key.as_str())],
        )],
        Record::Body(r) => vec![
            (
                "SELECT COUNT(*) FROM meeting mt JOIN organisation o ON o.id = mt.organisation_id \
                 WHERE o.code = $1 AND mt.joint_with LIKE $2",
                vec![Val::text(r.organisation.as_str()), Val::text(quoted(r.code.as_str()))],
            ),
            ("SELECT COUNT(*) FROM document WHERE sponsors LIKE $1", vec![Val::text(quoted(&format!("body/{}", r.code)))]),
            ("SELECT COUNT(*) FROM plan_item WHERE responsible LIKE $1", vec![Val::text(quoted(&format!("body/{}", r.code)))]),
        ],
        Record::Document(r) => {
            vec![("SELECT COUNT(*) FROM agenda_item WHERE documents LIKE $1", vec![Val::text(quoted(r.key.as_str()))])]
        }
        Record::State(r) => vec![
            ("SELECT COUNT(*) FROM document WHERE sponsors LIKE $1", vec![Val::text(quoted(r.code.as_str()))]),
            ("SELECT COUNT(*) FROM plan_item WHERE responsible LIKE $1", vec![Val::text(quoted(r.code.as_str()))]),
            ("SELECT COUNT(*) FROM account WHERE state_code = $1", vec![Val::text(r.code.as_str())]),
            ("SELECT COUNT(*) FROM position WHERE state_code = $1", vec![Val::text(r.code.as_str())]),
        ],
        _ => vec![],
    };
    let _ = id;
    for (sql, vals) in checks {
        let n: i64 = bind_all(sqlx::query(sql), &vals).fetch_one(&mut *c).await.map_err(db)?.try_get(0).map_err(db)?;
        if n > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// What an audit entry of this record belongs to: a meeting's parts belong to the meeting.
pub(crate) async fn scope(c: &mut AnyConnection, record: &Record, id: Id) -> Result<String> {
    let meeting = match record {
        Record::ProgrammeEvent(r) => Some(&r.meeting),
        Record::Delegation(r) => Some(&r.meeting),
        Record::AgendaItem(r) => Some(&r.meeting),
        _ => None,
    };
    let document = match record {
        Record::PlanItem(r) => Some(&r.plan),
        Record::Signature(r) => Some(&r.document),
        _ => None,
    };
    Ok(match (meeting, document) {
        (Some(key), _) => format!("meeting:{}", meeting_id(c, key).await?),
        (_, Some(key)) => format!("document:{}", document_id(c, key).await?),
        _ => format!("{}:{id}", record.kind().as_str()),
    })
}
