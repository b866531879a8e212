//! What the index keeps of each searchable row: one entry per language, its title (in that language, or the
//! nearest) and its text, stemmed. The store reads the rows and their texts; what is indexed of them is decided
//! here, so that every engine indexes alike.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::terms;
use crate::domain::{
    name_on, AgendaItem, Body, City, Document, Id, Lang, Meeting, Publication, SearchEntry, SearchKind, Searchable,
    Text,
};

/// The entries of a row: for each language of its title or of its texts, the title in that language with the text
/// of that language and the words every language shares (a register symbol).
fn entries(title: &Text, texts: &BTreeMap<Lang, String>, shared: &[&str]) -> Vec<SearchEntry> {
    let mut languages: Vec<Lang> = title.iter().map(|(l, _)| l.clone()).collect();
    languages.extend(texts.keys().cloned());
    languages.sort();
    languages.dedup();
    languages
        .into_iter()
        .map(|language| {
            let body = texts.get(&language).cloned().unwrap_or_default();
            let mut all = vec![title.get(language.as_str()), body.as_str()];
            all.extend_from_slice(shared);
            SearchEntry { terms: terms(all), body, language }
        })
        .collect()
}

/// A document: its title, its register symbol and the language versions of its current revision. `at_us`: when
/// its current revision was made (or, with none, 0).
pub fn document(
    id: Id,
    doc: &Document,
    symbol: Option<&str>,
    texts: &BTreeMap<Lang, String>,
    at_us: i64,
) -> Searchable {
    let shared: Vec<&str> = symbol.into_iter().collect();
    Searchable {
        kind: SearchKind::Document,
        id,
        key: doc.key.to_string(),
        number: None,
        title: doc.title.clone(),
        on: None,
        at_us,
        entries: entries(&doc.title, texts, &shared),
    }
}

/// Microseconds UTC of a day's start: what meetings and items are ordered by.
fn day_us(day: Date) -> i64 {
    day.to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp().as_microsecond()).unwrap_or_default()
}

/// A meeting's title in the index: its body's name, and the city's name on its first day, per language of the
/// body's name.
pub fn meeting_title(body: &Body, city: Option<&City>, on: Date) -> Text {
    let city_name = city.and_then(|c| name_on(&c.names, on));
    let map: BTreeMap<Lang, String> = body
        .name
        .iter()
        .map(|(l, name)| {
            let text = match city_name {
                Some(c) => format!("{name}, {}", c.get(l.as_str())),
                None => name.clone(),
            };
            (l.clone(), text)
        })
        .collect();
    Text::try_from(map).unwrap_or_else(|_| body.name.clone())
}

/// A meeting: searched by its body's name and abbreviation, the names of the bodies it meets jointly with, and its
/// city's name.
pub fn meeting(id: Id, m: &Meeting, body: &Body, joint: &[Body], city: Option<&City>) -> Searchable {
    let title = meeting_title(body, city, m.starts_on);
    let mut words: Vec<String> = Vec::new();
    for b in std::iter::once(body).chain(joint) {
        words.extend(b.name.iter().map(|(_, n)| n.clone()));
        words.extend(b.abbreviation.iter().flat_map(|a| a.iter().map(|(_, n)| n.clone())));
    }
    let shared: Vec<&str> = words.iter().map(String::as_str).collect();
    Searchable {
        kind: SearchKind::Meeting,
        id,
        key: m.key.to_string(),
        number: None,
        on: Some(m.starts_on),
        at_us: day_us(m.starts_on),
        entries: entries(&title, &BTreeMap::new(), &shared),
        title,
    }
}

/// An agenda item: its title, found on its meeting's page; ordered by its meeting's first day.
pub fn agenda_item(id: Id, item: &AgendaItem, meeting_on: Date) -> Searchable {
    Searchable {
        kind: SearchKind::AgendaItem,
        id,
        key: item.meeting.to_string(),
        number: Some(item.number),
        title: item.title.clone(),
        on: Some(meeting_on),
        at_us: day_us(meeting_on),
        entries: entries(&item.title, &BTreeMap::new(), &[]),
    }
}

/// A publication: its title, lead and body, in its one language; ordered by when it was published.
pub fn publication(id: Id, p: &Publication) -> Searchable {
    let title = Text::one(p.language.as_str(), &p.title);
    let body = if p.lead.trim().is_empty() { p.body.clone() } else { format!("{}\n\n{}", p.lead, p.body) };
    let texts = BTreeMap::from([(p.language.clone(), body)]);
    Searchable {
        kind: SearchKind::Publication,
        id,
        key: p.key.to_string(),
        number: None,
        on: None,
        at_us: p.published_at.or(p.scheduled_at).map(|t| t.as_microsecond()).unwrap_or_default(),
        entries: entries(&title, &texts, &[]),
        title,
    }
}
