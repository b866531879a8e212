//! The organisation as of a day, in the reader's language: the states tied to it that day by kind, each with its
//! period; who chaired and how that was decided; a way to the terms before and after; and the timeline of
//! memberships as a picture that needs no script (an SVG of bars beside the same facts in words).

use crate::i18n::FluentValue;
use jiff::civil::Date;
use secretariat_core::domain::{MembershipKind, Organisation, Term, Text};
use secretariat_core::service::OrganisationOnDay;

use super::periods::{at, period_text};
use crate::i18n::UiLang;

/// How a kind of membership is named in the reader's language: the name the organisation configures for it, else
/// a built-in kind's own message, else its code. The one place the interface names a kind of membership.
pub fn kind_name(lang: UiLang, org: &Organisation, kind: &MembershipKind) -> String {
    let configured = org.membership_kinds.iter().find(|k| k.kind == *kind).and_then(|k| k.name.as_ref());
    match configured {
        Some(name) => lang.text(name),
        None if kind.is_built_in() => lang.named(crate::names::MEMBERSHIP, kind.as_str()),
        None => kind.to_string(),
    }
}

/// The heading of a group of states of one kind ("Member states", "Observers"); a configured kind's own name.
pub fn kind_group(lang: UiLang, org: &Organisation, kind: &MembershipKind) -> String {
    let configured = org.membership_kinds.iter().any(|k| k.kind == *kind && k.name.is_some());
    if kind.is_built_in() && !configured {
        lang.named("membership-group", kind.as_str())
    } else {
        kind_name(lang, org, kind)
    }
}

/// The CSS class of a kind's bars: a built-in kind's own, any other kind's shared one.
fn kind_class(kind: &MembershipKind) -> String {
    if kind.is_built_in() {
        format!("membership-{kind}")
    } else {
        "membership-other".to_owned()
    }
}

pub struct StateRow {
    pub name: String,
    pub code: String,
    pub period: String,
}

pub struct KindGroup {
    pub heading: String,
    pub states: Vec<StateRow>,
}

pub struct ChairPanel {
    pub state: String,
    /// The state's page.
    pub href: String,
    /// The states chairing together with it over the term: (name, page).
    pub co_chairs: Vec<(String, String)>,
    pub term: String,
    /// Derived from the rotation, or set by a recorded override.
    pub source: String,
    /// The next chair, its page and its term.
    pub next: Option<(String, String, String)>,
}

/// A link to another day: (href, label).
pub struct DayLink {
    pub href: String,
    pub label: String,
}

pub struct Bar {
    pub x: String,
    pub width: String,
    pub class: String,
}

pub struct TimelineRow {
    pub name: String,
    pub code: String,
    pub bars: Vec<Bar>,
    pub periods: Vec<String>,
}

pub struct Timeline {
    pub first_year: i16,
    pub last_year: i16,
    /// Where the day asked about falls, in per cent of the width.
    pub marker: String,
    pub rows: Vec<TimelineRow>,
    /// Some period has a recorded day: without one every bar would be the same full line, so none is drawn.
    pub dated: bool,
}

/// Everything the page shows of the organisation on its day.
pub struct DayPanel {
    /// `YYYY-MM-DD`, for the date picker.
    pub on: String,
    /// "Chairs now", or "Chair on 8 November 2018" for a day the reader asked for (`?on=`).
    pub chair_heading: String,
    /// What the page says when no chairmanship is recorded for the day.
    pub no_chair: String,
    pub heading: String,
    pub groups: Vec<KindGroup>,
    pub chair: Option<ChairPanel>,
    pub before: Option<DayLink>,
    pub after: Option<DayLink>,
    pub timeline: Timeline,
}

fn term_text(lang: UiLang, term: &Term) -> String {
    lang.t_args(
        "chair-term",
        &[
            ("term", FluentValue::from(term.term)),
            ("from", FluentValue::from(lang.date(&term.from))),
            ("to", FluentValue::from(lang.date(&term.to))),
        ],
    )
}

fn day_link(lang: UiLang, path: &str, key: &str, term: &Term, day: Date) -> DayLink {
    DayLink {
        href: format!("{path}?on={day}"),
        label: lang.t_args(key, &[("term", FluentValue::from(term.term)), ("day", FluentValue::from(lang.date(&day)))]),
    }
}

/// The page's panel for the organisation on `view.on`; `asked` when the reader named the day.
pub fn panel(
    lang: UiLang,
    org: &Organisation,
    view: &OrganisationOnDay,
    asked: bool,
    today: Date,
    next_name: Option<&Text>,
    path: &str,
) -> DayPanel {
    let mut groups: Vec<(MembershipKind, KindGroup)> = Vec::new();
    for m in &view.members {
        let row =
            StateRow { name: lang.text(&m.name), code: m.state.to_string(), period: period_text(lang, &m.period) };
        match groups.iter_mut().find(|(k, _)| *k == m.kind) {
            Some((_, g)) => g.states.push(row),
            None => {
                groups.push((m.kind.clone(), KindGroup { heading: kind_group(lang, org, &m.kind), states: vec![row] }))
            }
        }
    }
    let chair = view.chair.as_ref().map(|c| {
        let current = Term {
            term: c.chairmanship.term,
            state: c.chairmanship.state.clone(),
            from: c.chairmanship.from,
            to: c.chairmanship.to,
            co_chairs: c.chairmanship.co_chairs.iter().map(|co| co.state.clone()).collect(),
        };
        ChairPanel {
            state: lang.text(&c.chairmanship.state_name),
            href: super::who::state_href(&c.chairmanship.state),
            co_chairs: c
                .chairmanship
                .co_chairs
                .iter()
                .map(|co| (lang.text(&co.state_name), super::who::state_href(&co.state)))
                .collect(),
            term: term_text(lang, &current),
            source: lang.named("chair-source", c.source),
            next: c
                .chairmanship
                .next
                .as_ref()
                .zip(next_name)
                .map(|(n, name)| (lang.text(name), super::who::state_href(&n.state), term_text(lang, n))),
        }
    });
    let before = view.chair.as_ref().and_then(|c| {
        let previous = c.previous.as_ref()?;
        Some(day_link(lang, path, "term-before", previous, c.chairmanship.from.yesterday().ok()?))
    });
    let after = view.chair.as_ref().and_then(|c| {
        let next = c.chairmanship.next.as_ref()?;
        Some(day_link(lang, path, "term-after", next, next.from))
    });
    let on_text = || FluentValue::from(lang.date(&view.on));
    DayPanel {
        on: view.on.to_string(),
        chair_heading: if asked { lang.t_args("chair-on", &[("day", on_text())]) } else { lang.t("chair-now") },
        no_chair: lang.t(if asked { "no-chair-on" } else { "no-chair" }),
        heading: lang.t_args("states-on", &[("day", on_text())]),
        groups: groups.into_iter().map(|(_, g)| g).collect(),
        chair,
        before,
        after,
        timeline: timeline(lang, org, view, today),
    }
}

/// The years the timeline spans: from the first recorded start to the year after the last day it must show.
fn span(view: &OrganisationOnDay, today: Date) -> (Date, Date) {
    let periods = view.timeline.iter().flat_map(|h| h.periods.iter().map(|p| p.period));
    let days: Vec<Date> = periods.flat_map(|p| [p.from, p.to]).flatten().collect();
    let first = days.iter().min().copied().unwrap_or(view.on).min(view.on);
    let last = days.iter().max().copied().unwrap_or(view.on).max(view.on).max(today);
    let start = Date::new(first.year(), 1, 1).unwrap_or(first);
    let end = Date::new(last.year().saturating_add(1), 1, 1).unwrap_or(last);
    (start, end)
}

fn timeline(lang: UiLang, org: &Organisation, view: &OrganisationOnDay, today: Date) -> Timeline {
    let (start, end) = span(view, today);
    let rows = view
        .timeline
        .iter()
        .map(|h| TimelineRow {
            name: lang.text(&h.name),
            code: h.state.to_string(),
            bars: h
                .periods
                .iter()
                .map(|p| {
                    let x = at(start, end, p.period.from.unwrap_or(start));
                    let to = p.period.to.and_then(|t| t.tomorrow().ok()).unwrap_or(end);
                    let width = (at(start, end, to) - x).max(0.5);
                    Bar { x: format!("{x:.1}"), width: format!("{width:.1}"), class: kind_class(&p.kind) }
                })
                .collect(),
            periods: h
                .periods
                .iter()
                .map(|p| format!("{}: {}", kind_name(lang, org, &p.kind), period_text(lang, &p.period)))
                .collect(),
        })
        .collect();
    let dated = view.timeline.iter().flat_map(|h| &h.periods).any(|p| p.period.from.is_some() || p.period.to.is_some());
    Timeline {
        dated,
        first_year: start.year(),
        last_year: end.year().saturating_sub(1),
        marker: format!("{:.1}", at(start, end, view.on)),
        rows,
    }
}
