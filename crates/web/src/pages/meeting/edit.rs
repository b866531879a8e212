//! The meeting's records as the fields of its forms, and back: a form's fields are parsed into the domain record
//! itself (the same types the API parses), each failure named at its field.

use std::collections::BTreeMap;

use jiff::civil::{Date, Time};
use secretariat_core::domain::{
    parse_date, AgendaItem, Code, Delegation, EventKind, Key, Lang, Meeting, ProgrammeEvent, StateCode, Text,
};
use secretariat_core::Error;
use serde::de::DeserializeOwned;

pub use crate::pages::form::Refused;
use crate::pages::form::{at, choice, required, Submitted};

/// The core's refusals of the meeting's forms, and the fields they concern.
pub const FIELDS: &[(&str, &str)] = &[
    ("invalid_period", "ends_on"),
    ("invalid_joint_meeting", "body"),
    ("duplicate", "key"),
    ("invalid_agenda_number", "number"),
    ("invalid_format", "format"),
    ("invalid_text", "title"),
    ("document_less_visible", "documents"),
    ("deferred_to_required", "meeting"),
    ("submitted_to_required", "meeting"),
    ("invalid_outcome", "meeting"),
    ("unknown_reference", "meeting"),
];

fn key(form: &Submitted, field: &'static str) -> Result<Key, Refused> {
    Key::parse(required(form, field)?).map_err(at(field))
}

fn date(form: &Submitted, field: &'static str) -> Result<Date, Refused> {
    parse_date(required(form, field)?).map_err(at(field))
}

fn optional_choice<T: DeserializeOwned>(form: &Submitted, field: &'static str) -> Result<Option<T>, Refused> {
    form.get(field).map(|_| choice(form, field)).transpose()
}

fn keys(form: &Submitted, field: &'static str) -> Result<Vec<Key>, Refused> {
    form.all(field).into_iter().map(|k| Key::parse(k).map_err(at(field))).collect()
}

/// A title typed in each of the organisation's languages (`title-en`, `title-ru`); the empty ones left out.
fn title(form: &Submitted, languages: &[Lang], required: bool) -> Result<Option<Text>, Refused> {
    let mut map = BTreeMap::new();
    for lang in languages {
        if let Some(t) = form.get(&format!("title-{lang}")) {
            map.insert(lang.clone(), t.to_owned());
        }
    }
    if map.is_empty() {
        return match required {
            true => Err(at("title")(Error::invalid("title_required", "give the title in at least one language"))),
            false => Ok(None),
        };
    }
    Text::try_from(map).map(Some).map_err(at("title"))
}

/// The version a form was read at.
pub fn version(form: &Submitted) -> Result<i64, Refused> {
    required(form, "version")?
        .parse()
        .map_err(|_| Refused::from(Error::invalid("invalid_version", "the form carries no version")))
}

/// A meeting from its form.
pub fn meeting(form: &Submitted) -> Result<Meeting, Refused> {
    let m = Meeting {
        key: key(form, "key")?,
        organisation: Code::parse(required(form, "organisation")?).map_err(at("organisation"))?,
        body: Code::parse(required(form, "body")?).map_err(at("body"))?,
        joint_with: form
            .all("joint_with")
            .into_iter()
            .map(|c| Code::parse(c).map_err(at("body")))
            .collect::<Result<_, _>>()?,
        kind: choice(form, "kind")?,
        city: key(form, "city")?,
        starts_on: date(form, "starts_on")?,
        ends_on: date(form, "ends_on")?,
        mode: choice(form, "mode")?,
        status: choice(form, "status")?,
        chair: form.get("chair").map(Key::parse).transpose().map_err(at("chair"))?,
    };
    m.check()?;
    Ok(m)
}

/// A meeting as its form's fields.
pub fn meeting_fields(m: &Meeting) -> Vec<(String, String)> {
    let mut f = pairs(&[
        ("key", m.key.to_string()),
        ("organisation", m.organisation.to_string()),
        ("body", m.body.to_string()),
        ("kind", word(&m.kind)),
        ("city", m.city.to_string()),
        ("starts_on", m.starts_on.to_string()),
        ("ends_on", m.ends_on.to_string()),
        ("mode", word(&m.mode)),
        ("status", word(&m.status)),
    ]);
    f.extend(m.joint_with.iter().map(|c| ("joint_with".to_owned(), c.to_string())));
    f.extend(m.chair.iter().map(|c| ("chair".to_owned(), c.to_string())));
    f
}

/// A programme event of `meeting` from its form.
pub fn event(form: &Submitted, meeting: &Key, languages: &[Lang]) -> Result<ProgrammeEvent, Refused> {
    let kind = EventKind::parse(required(form, "kind")?).map_err(at("kind"))?;
    let e = ProgrammeEvent {
        meeting: meeting.clone(),
        key: key(form, "key")?,
        kind,
        format: optional_choice(form, "format")?,
        mode: optional_choice(form, "mode")?,
        title: title(form, languages, false)?,
        on: date(form, "on")?,
        at: form
            .get("at")
            .map(|t| t.parse::<Time>())
            .transpose()
            .map_err(|_| at("at")(Error::invalid("invalid_time", "give the time as HH:MM")))?,
    };
    e.check().map_err(at("format"))?;
    Ok(e)
}

/// A programme event as its form's fields.
pub fn event_fields(e: &ProgrammeEvent) -> Vec<(String, String)> {
    let mut f = pairs(&[("key", e.key.to_string()), ("kind", e.kind.to_string()), ("on", e.on.to_string())]);
    f.extend(e.format.iter().map(|x| ("format".to_owned(), word(x))));
    f.extend(e.mode.iter().map(|x| ("mode".to_owned(), word(x))));
    f.extend(e.at.iter().map(|t| ("at".to_owned(), t.strftime("%H:%M").to_string())));
    f.extend(titles(e.title.as_ref()));
    f
}

/// A delegation to `meeting` from its form.
pub fn delegation(form: &Submitted, meeting: &Key) -> Result<Delegation, Refused> {
    Ok(Delegation {
        meeting: meeting.clone(),
        state: StateCode::parse(required(form, "state")?).map_err(at("state"))?,
        head: key(form, "head")?,
        members: keys(form, "members")?,
    })
}

/// A delegation as its form's fields.
pub fn delegation_fields(d: &Delegation) -> Vec<(String, String)> {
    let mut f = pairs(&[("state", d.state.to_string()), ("head", d.head.to_string())]);
    f.extend(d.members.iter().map(|m| ("members".to_owned(), m.to_string())));
    f
}

/// An agenda item of `meeting` from its form; a new one without a number goes last.
pub fn item(form: &Submitted, meeting: &Key, languages: &[Lang], last: u16) -> Result<AgendaItem, Refused> {
    let number = match form.get("number") {
        None => last,
        Some(n) => n.parse::<u16>().map_err(|_| {
            at("number")(Error::invalid("invalid_agenda_number", format!("`{n}` is not an item number")))
        })?,
    };
    let item = AgendaItem {
        meeting: meeting.clone(),
        number,
        title: title(form, languages, true)?.unwrap_or_default(),
        kind: choice(form, "kind")?,
        sitting: form.get("sitting").map(Key::parse).transpose().map_err(at("sitting"))?,
        visibility: choice(form, "visibility")?,
        documents: keys(form, "documents")?,
    };
    if item.number == 0 {
        return Err(at("number")(Error::invalid("invalid_agenda_number", "agenda items are numbered from 1")));
    }
    Ok(item)
}

/// An agenda item as its form's fields.
pub fn item_fields(i: &AgendaItem) -> Vec<(String, String)> {
    let mut f = pairs(&[
        ("number", i.number.to_string()),
        ("kind", word(&i.kind)),
        ("visibility", i.visibility.as_str().to_owned()),
    ]);
    f.extend(i.sitting.iter().map(|s| ("sitting".to_owned(), s.to_string())));
    f.extend(i.documents.iter().map(|d| ("documents".to_owned(), d.to_string())));
    f.extend(titles(Some(&i.title)));
    f
}

fn titles(t: Option<&Text>) -> impl Iterator<Item = (String, String)> + '_ {
    t.into_iter().flat_map(|t| t.iter().map(|(l, v)| (format!("title-{l}"), v.clone())))
}

fn pairs(p: &[(&str, String)]) -> Vec<(String, String)> {
    p.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

/// An enum's word on the wire.
pub fn word<T: serde::Serialize>(v: &T) -> String {
    secretariat_core::domain::name_of(v)
}
