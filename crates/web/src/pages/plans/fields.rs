//! The plans' and the register's forms as fields, and back: each field parsed into the domain's own types (the
//! same the API parses), each failure named at its field; a stored record as the fields its edit form shows.

use std::collections::BTreeMap;

use jiff::civil::Date;
use secretariat_core::domain::{parse_date, Key, Lang, Period, PlanItem, Progress, Sponsor, StateCode, Text};
use secretariat_core::service::PlanItemInput;
use secretariat_core::Error;

pub use crate::pages::form::Refused;
use crate::pages::form::{at, choice, required, FormView, Submitted};

impl Refused {
    /// The form as typed, with the refusal at its field: the one the reading named, else the one `FIELDS` names
    /// for its code, else above the form.
    pub fn shown(&self, form: &Submitted) -> FormView {
        match self.field {
            Some(field) => form.rejected(&self.error, &[(self.error.code(), field)]),
            None => form.rejected(&self.error, FIELDS),
        }
    }
}

/// The core's refusals of these forms and the fields they concern.
pub const FIELDS: &[(&str, &str)] = &[
    ("invalid_period", "to"),
    ("plan_item_number_taken", "number"),
    ("invalid_plan_item", "meeting"),
    ("unknown_reference", "meeting"),
    ("progress_before_plan", "on"),
    ("invalid_sponsor", "responsible"),
    ("invalid_signature", "ratified_on"),
    ("invalid_document", "in_force_on"),
    ("invalid_state", "state"),
];

fn day(form: &Submitted, field: &'static str) -> Result<Option<Date>, Refused> {
    form.get(field).map(parse_date).transpose().map_err(at(field))
}

/// A text typed in each of the organisation's languages (`<prefix>-en`, `<prefix>-ru`), the empty ones left out;
/// at least one is needed.
fn text(form: &Submitted, prefix: &str, field: &'static str, languages: &[Lang]) -> Result<Text, Refused> {
    let mut map = BTreeMap::new();
    for lang in languages {
        if let Some(t) = form.get(&format!("{prefix}-{lang}")) {
            map.insert(lang.clone(), t.to_owned());
        }
    }
    if map.is_empty() {
        return Err(at(field)(Error::invalid("text_required", "write it in at least one language")));
    }
    Text::try_from(map).map_err(at(field))
}

/// The version a form was read at.
pub fn version(form: &Submitted) -> Result<i64, Refused> {
    required(form, "version")?
        .parse()
        .map_err(|_| Refused::from(Error::invalid("invalid_version", "the form carries no version")))
}

/// A plan item from its form: no number means the next one.
pub fn plan_item(form: &Submitted, languages: &[Lang]) -> Result<PlanItemInput, Refused> {
    form.checked()?;
    let number = match form.get("number") {
        None => None,
        Some(n) => match n.parse::<u16>() {
            Ok(0) | Err(_) => {
                return Err(at("number")(Error::invalid(
                    "invalid_plan_item_number",
                    format!("`{n}` is not an item number: items are numbered from 1"),
                )))
            }
            Ok(n) => Some(n),
        },
    };
    let title = text(form, "title", "title", languages)?;
    let kind = choice(form, "kind")?;
    let period = Period::new(day(form, "from")?, day(form, "to")?).map_err(at("to"))?;
    let responsible = form
        .all("responsible")
        .into_iter()
        .map(|r| Sponsor::parse(r).map_err(at("responsible")))
        .collect::<Result<Vec<_>, _>>()?;
    if responsible.is_empty() {
        return Err(at("responsible")(Error::invalid("responsible_required", "name who is responsible")));
    }
    let status = choice(form, "status")?;
    let meeting = form.get("meeting").map(Key::parse).transpose().map_err(at("meeting"))?;
    Ok(PlanItemInput { number, title, kind, period, responsible, status, meeting })
}

/// A plan item as its edit form's fields.
pub fn plan_item_fields(i: &PlanItem) -> FormView {
    let mut f = vec![
        ("number".to_owned(), i.number.to_string()),
        ("kind".to_owned(), word(&i.kind)),
        ("status".to_owned(), word(&i.status)),
    ];
    f.extend(i.title.iter().map(|(l, t)| (format!("title-{l}"), t.clone())));
    f.extend(i.period.from.map(|d| ("from".to_owned(), d.to_string())));
    f.extend(i.period.to.map(|d| ("to".to_owned(), d.to_string())));
    f.extend(i.responsible.iter().map(|r| ("responsible".to_owned(), r.to_string())));
    f.extend(i.meeting.iter().map(|m| ("meeting".to_owned(), m.to_string())));
    FormView::of_pairs(f)
}

/// A progress report from its form: its day and its text.
pub fn progress(form: &Submitted, languages: &[Lang]) -> Result<Progress, Refused> {
    form.checked()?;
    let on =
        day(form, "on")?.ok_or_else(|| at("on")(Error::invalid("field_required", "give the day of the report")))?;
    Ok(Progress { on, text: text(form, "text", "text", languages)? })
}

/// A state's signature and ratification from its form: (state, signed on, ratified on).
pub fn signature(form: &Submitted) -> Result<(StateCode, Option<Date>, Option<Date>), Refused> {
    form.checked()?;
    let state = StateCode::parse(required(form, "state")?).map_err(at("state"))?;
    Ok((state, day(form, "signed_on")?, day(form, "ratified_on")?))
}

/// The day of entry into force from its form; empty: not in force.
pub fn entry_into_force(form: &Submitted) -> Result<Option<Date>, Refused> {
    form.checked()?;
    day(form, "in_force_on")
}

/// An enum's word on the wire.
pub fn word<T: serde::Serialize>(v: &T) -> String {
    secretariat_core::domain::name_of(v)
}
