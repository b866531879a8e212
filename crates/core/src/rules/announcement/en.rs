//! The English grammar of an announcement, in the register of a foreign ministry's comment.

use jiff::civil::Date;

use super::words::{halves_between, list, span, Span};
use super::{BodyFacts, DocumentFacts, Facts, Name, PersonFacts, Publisher, SponsorFacts};
use crate::domain::{Admission, EventKind, MeetingKind, MeetingMode, Period, SittingFormat, Text};

const LANG: &str = "en";
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The title and the paragraphs.
pub fn write(f: &Facts) -> (String, Vec<String>) {
    let body = body_phrase(&f.body, &f.organisation);
    let title = match &f.publisher {
        Publisher::State { head: Some(head), .. } => {
            format!("Comment on the participation of {} in the meeting of {body}", person_within(head))
        }
        _ => format!("Comment on the meeting of {body}"),
    };
    let mut out = vec![lead(f, &body)];
    if let Publisher::State { head: Some(head), .. } = &f.publisher {
        out.push(capitalise(&format!("{} will take part in the meeting.", person_within(head))));
    }
    out.push(before(f));
    out.push(formats(f));
    out.push(match f.agenda_size {
        Some(1) => "The meeting's agenda consists of one item.".to_owned(),
        Some(n) => format!("The meeting's agenda consists of {n} items."),
        None => String::new(),
    });
    out.push(discussion(f));
    out.push(documents(f));
    out.push(statements_lists(f));
    out.push(onward(f));
    (title, out)
}

fn t(text: &Text) -> &str {
    text.get(LANG)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|first| first.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// "the CSTO Council of Foreign Ministers", or "the Council … of the …" without an abbreviation.
fn body_phrase(body: &BodyFacts, org: &BodyFacts) -> String {
    match &org.abbreviation {
        Some(abbr) => format!("the {} {}", t(abbr), t(&body.name)),
        None => format!("the {} of the {}", t(&body.name), t(&org.name)),
    }
}

/// "the Minister of Foreign Affairs of Kazakhstan, Kairat Abdrakhmanov".
fn person(p: &PersonFacts) -> String {
    let name = t(&p.name.text);
    match (&p.post, p.acting) {
        (Some(post), true) => format!("the acting {}, {name}", t(&post.text)),
        (Some(post), false) => format!("the {}, {name}", t(&post.text)),
        (None, _) => name.to_owned(),
    }
}

/// A person inside a sentence: the apposition of the name closed by a comma.
fn person_within(p: &PersonFacts) -> String {
    let phrase = person(p);
    if p.post.is_some() {
        format!("{phrase},")
    } else {
        phrase
    }
}

fn date(d: Date) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month() as usize - 1], d.year())
}

fn day_month(d: Date) -> String {
    format!("{} {}", d.day(), MONTHS[d.month() as usize - 1])
}

/// "on 11 June 2018", "on 11–12 June 2018", "from 30 June to 1 July 2018".
fn days(from: Date, to: Date) -> String {
    if from == to {
        format!("on {}", date(from))
    } else if (from.year(), from.month()) == (to.year(), to.month()) {
        format!("on {}–{}", from.day(), date(to))
    } else if from.year() == to.year() {
        format!("from {} to {}", day_month(from), date(to))
    } else {
        format!("from {} to {}", date(from), date(to))
    }
}

fn lead(f: &Facts, body: &str) -> String {
    let kind = match f.kind {
        MeetingKind::Regular => "A regular meeting",
        MeetingKind::Extraordinary => "An extraordinary meeting",
        MeetingKind::Informal => "An informal meeting",
    };
    let place = f.city.as_ref().map(|c| format!(" in {}", t(&c.text))).unwrap_or_default();
    let chair = match f.chairs.as_slice() {
        [] => String::new(),
        [one] => format!(" under the chairmanship of {}", person(one)),
        many => format!(" under the co-chairmanship of {}", list(&many.iter().map(person).collect::<Vec<_>>(), "and")),
    };
    let mut s = format!("{kind} of {body} will take place{place} {}{chair}.", days(f.starts_on, f.ends_on));
    if f.kind == MeetingKind::Regular && f.regular_meetings_per_year > 0 {
        let times = match f.regular_meetings_per_year {
            1 => "once".to_owned(),
            2 => "twice".to_owned(),
            n => format!("{n} times"),
        };
        s.push_str(&format!(
            " In accordance with the established procedures, such meetings are usually held {times} a year."
        ));
    }
    s
}

fn event_name(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Sitting => "a sitting",
        EventKind::WorkingDinner => "a working dinner",
        EventKind::JointPhoto => "a joint photograph",
        EventKind::SigningCeremony => "a signing ceremony",
        EventKind::PressConference => "a press conference",
        EventKind::Consultations => "consultations",
        EventKind::Videoconference => "a videoconference",
        EventKind::Briefing => "a briefing",
        EventKind::BilateralMeeting => "a bilateral meeting",
        EventKind::Configured(_) => "an event",
    }
}

fn before(f: &Facts) -> String {
    let mut out = Vec::new();
    let eve = f.starts_on.yesterday().ok();
    for e in &f.before {
        let when = if Some(e.on) == eve {
            format!("On the eve of the meeting, on {}", day_month(e.on))
        } else {
            format!("Before the meeting, on {}", day_month(e.on))
        };
        let who = match e.admitted {
            Admission::HeadsOfDelegation => Some("the heads of the delegations"),
            Admission::FullDelegations => Some("the delegations"),
            Admission::TwoDelegations | Admission::NotKnown => None,
        };
        out.push(match (&e.kind, who) {
            (EventKind::WorkingDinner, Some(who)) => {
                format!("{when}, {who} will meet for a working dinner to discuss issues of mutual interest.")
            }
            _ => {
                let what = e.title.as_ref().map(|t| format!("“{}”", t.get(LANG))).unwrap_or(event_name(&e.kind).into());
                format!("{when}, the programme includes {what}.")
            }
        });
    }
    out.join(" ")
}

fn formats(f: &Facts) -> String {
    let mut out = Vec::new();
    let name = |format: &SittingFormat| match format {
        SittingFormat::Restricted => "restricted",
        SittingFormat::Expanded => "expanded",
    };
    match f.formats.as_slice() {
        [] => {}
        [one] => out.push(format!("The meeting will be held in the {} format.", name(one))),
        [a, b, ..] => out.push(format!("The meeting will be held both in the {} and {} formats.", name(a), name(b))),
    }
    match f.mode {
        MeetingMode::InPerson => {}
        MeetingMode::Online => out.push("The meeting will be held online.".into()),
        MeetingMode::Hybrid => out.push("The meeting will be held in a hybrid format, in person and online.".into()),
    }
    out.join(" ")
}

fn quoted(titles: &[Text]) -> String {
    list(&titles.iter().map(|t| format!("“{}”", t.get(LANG))).collect::<Vec<_>>(), "and")
}

fn discussion(f: &Facts) -> String {
    let mut out = Vec::new();
    if !f.discussed.is_empty() {
        out.push(format!("The participants will discuss {}.", quoted(&f.discussed)));
    }
    if !f.information.is_empty() {
        let also = if f.discussed.is_empty() { "" } else { " also" };
        out.push(format!("The participants will{also} hear information on {}.", quoted(&f.information)));
    }
    out.join(" ")
}

/// "2018 to 2021", "the second half of 2018 and the first half of 2019", "1 March 2018 to 30 May 2019".
fn period(p: &Period) -> String {
    let halfname = |(y, h): (i16, u8)| format!("the {} half of {y}", if h == 1 { "first" } else { "second" });
    match span(p) {
        Span::Years(a, b) if a == b => format!("for {a}"),
        Span::Years(a, b) => format!("from {a} to {b}"),
        Span::Halves(a, b) if a == b => format!("for {}", halfname(a)),
        Span::Halves(a, b) if halves_between(a, b) == 2 => format!("for {} and {}", halfname(a), halfname(b)),
        Span::Halves(a, b) => format!("from {} to {}", halfname(a), halfname(b)),
        Span::Days(Some(a), Some(b)) => format!("from {} to {}", date(a), date(b)),
        Span::Days(Some(a), None) => format!("from {}", date(a)),
        Span::Days(None, Some(b)) => format!("until {}", date(b)),
        Span::Days(None, None) => String::new(),
    }
}

fn sponsor(s: &SponsorFacts, org: &BodyFacts) -> String {
    match s {
        SponsorFacts::State(name) => t(name).to_owned(),
        SponsorFacts::Secretariat => match &org.abbreviation {
            Some(abbr) => format!("the {} Secretariat", t(abbr)),
            None => format!("the Secretariat of the {}", t(&org.name)),
        },
        SponsorFacts::Body(b) => format!("the {}", t(&b.name)),
    }
}

/// "“Statement …” (drafted by Russia)": a title is quoted, since not every title takes an article.
fn document(d: &DocumentFacts, org: &BodyFacts) -> String {
    let title = t(&d.title);
    let mut notes = Vec::new();
    // A period the title already states is not said twice.
    if let Some(p) = d.period.as_ref().map(period).filter(|p| !p.is_empty() && !title.contains(p.as_str())) {
        notes.push(p);
    }
    if !d.sponsors.is_empty() {
        notes.push(format!(
            "drafted by {}",
            list(&d.sponsors.iter().map(|s| sponsor(s, org)).collect::<Vec<_>>(), "and")
        ));
    }
    let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
    format!("“{title}”{notes}")
}

fn documents_list(docs: &[DocumentFacts], org: &BodyFacts) -> String {
    match docs {
        [one] => document(one, org),
        many => {
            format!("the following documents: {}", many.iter().map(|d| document(d, org)).collect::<Vec<_>>().join("; "))
        }
    }
}

fn documents(f: &Facts) -> String {
    let mut out = Vec::new();
    if !f.adopting.is_empty() {
        out.push(format!("They are expected to adopt {}.", documents_list(&f.adopting, &f.organisation)));
    }
    if !f.decisions.is_empty() {
        let also = if f.adopting.is_empty() { "" } else { " also" };
        let s = if f.decisions.len() == 1 { "A decision" } else { "Decisions" };
        let verb = if f.decisions.len() == 1 { "is" } else { "are" };
        out.push(format!("{s} {verb}{also} to be taken on {}.", quoted(&f.decisions)));
    }
    out.join(" ")
}

fn statements_lists(f: &Facts) -> String {
    if f.statements_lists.is_empty() {
        return String::new();
    }
    format!(
        "The participants are also expected to endorse {}. Such a list is drafted every year on the basis of the member \
         states' proposals and carried out as collective instructions to their permanent representatives at \
         international organisations.",
        documents_list(&f.statements_lists, &f.organisation)
    )
}

fn onward(f: &Facts) -> String {
    let mut out = Vec::new();
    for o in &f.onward {
        let at = o
            .meeting
            .as_ref()
            .map(|m| {
                let place = m.city.as_ref().map(|c: &Name| format!(" in {}", t(&c.text))).unwrap_or_default();
                format!(" at its meeting{place} on {}", date(m.starts_on))
            })
            .unwrap_or_default();
        let docs: Vec<String> = o.documents.iter().map(|d| document(d, &f.organisation)).collect();
        let (what, which) = if docs.len() == 1 { ("a document", "that") } else { ("documents", "that") };
        out.push(format!(
            "The participants also plan to approve {what} {which} will be submitted for consideration by the {}{at}: {}.",
            t(&o.body.name),
            docs.join("; ")
        ));
    }
    out.join(" ")
}
