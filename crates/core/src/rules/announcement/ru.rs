//! The Russian grammar of an announcement. Names and titles go into the case a sentence needs only when the record
//! holds that form (`Forms`); otherwise the sentence is built so that they stay in the nominative ("в городе …",
//! "Председательствовать будет …", "автор проекта — …"). Numerals agree with their nouns.

use jiff::civil::Date;

use super::words::{halves_between, list, span, Span};
use super::{BodyFacts, DocumentFacts, Facts, Name, PersonFacts, Publisher, SponsorFacts};
use crate::domain::{Admission, Case, EventKind, MeetingKind, MeetingMode, Period, SittingFormat, Text};

const LANG: &str = "ru";
const MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// The title and the paragraphs.
pub fn write(f: &Facts) -> (String, Vec<String>) {
    let body = body_genitive(&f.body, &f.organisation);
    let title = match &f.publisher {
        Publisher::State { head: Some(head), .. } => match person_in(head, Case::Genitive) {
            Some(who) => format!("Комментарий в связи с участием {who} в заседании {body}"),
            None => format!("Комментарий в связи с заседанием {body}"),
        },
        _ => format!("Комментарий в связи с предстоящим заседанием {body}"),
    };
    let mut out = vec![lead(f, &body)];
    if let Publisher::State { head: Some(head), .. } = &f.publisher {
        out.push(format!("В заседании примет участие {}.", person_nominative(head)));
    }
    out.push(before(f));
    out.push(formats(f));
    out.push(match f.agenda_size {
        Some(n) => {
            format!("Повестка дня заседания включает {n} {}.", plural(n as u64, "вопрос", "вопроса", "вопросов"))
        }
        None => String::new(),
    });
    out.push(discussion(f));
    out.push(documents(f));
    out.push(statements_lists(f));
    out.push(onward(f));
    (title, out)
}

/// The form of a Russian noun after a numeral: 1 вопрос, 2 вопроса, 5 вопросов, 21 вопрос, 12 вопросов.
pub fn plural<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match (n % 10, n % 100) {
        (_, 11..=14) => many,
        (1, _) => one,
        (2..=4, _) => few,
        _ => many,
    }
}

fn t(text: &Text) -> &str {
    text.get(LANG)
}

fn form(name: &Name, case: Case) -> Option<&str> {
    name.forms.as_ref().and_then(|f| f.get(LANG, case))
}

/// "СМИД ОДКБ": abbreviations do not decline; without one, the name stays in the nominative after «органа».
fn body_genitive(body: &BodyFacts, org: &BodyFacts) -> String {
    let own = match body.abbreviation.as_ref().filter(|a| a.has(LANG)) {
        Some(abbr) => t(abbr).to_owned(),
        None => format!("органа «{}»", t(&body.name)),
    };
    match org.abbreviation.as_ref().filter(|a| a.has(LANG)) {
        Some(abbr) => format!("{own} {}", t(abbr)),
        None => format!("{own} ({})", t(&org.name)),
    }
}

/// The chair in a case, when the record holds every form needed: "Министра иностранных дел … Кайрата Абдрахманова".
fn person_in(p: &PersonFacts, case: Case) -> Option<String> {
    let name = form(&p.name, case)?;
    let post = match &p.post {
        Some(post) => Some(form(post, case)?),
        None => None,
    };
    // "исполняющего обязанности Министра": the post itself then stands in the genitive.
    let acting = match (p.acting, case, &p.post) {
        (true, Case::Genitive, Some(post)) => Some(format!("исполняющего обязанности {}", form(post, Case::Genitive)?)),
        _ => None,
    };
    Some(match (acting, post) {
        (Some(acting), _) => format!("{acting} {name}"),
        (None, Some(post)) => format!("{post} {name}"),
        (None, None) => name.to_owned(),
    })
}

fn person_nominative(p: &PersonFacts) -> String {
    let name = t(&p.name.text);
    match (&p.post, p.acting) {
        (Some(post), true) => format!("{} {name} (исполняющий обязанности)", t(&post.text)),
        (Some(post), false) => format!("{} {name}", t(&post.text)),
        (None, _) => name.to_owned(),
    }
}

fn date(d: Date) -> String {
    format!("{} {} {} года", d.day(), MONTHS[d.month() as usize - 1], d.year())
}

fn day_month(d: Date) -> String {
    format!("{} {}", d.day(), MONTHS[d.month() as usize - 1])
}

/// "11 июня 2018 года", "11–12 июня 2018 года", "с 30 июня по 1 июля 2018 года".
fn days(from: Date, to: Date) -> String {
    if from == to {
        date(from)
    } else if (from.year(), from.month()) == (to.year(), to.month()) {
        format!("{}–{}", from.day(), date(to))
    } else if from.year() == to.year() {
        format!("с {} по {}", day_month(from), date(to))
    } else {
        format!("с {} по {}", date(from), date(to))
    }
}

/// "в Алматы" with the recorded prepositional form, else "в городе Алматы".
fn in_city(city: &Name) -> String {
    match form(city, Case::Prepositional) {
        Some(prep) => format!("в {prep}"),
        None => format!("в городе {}", t(&city.text)),
    }
}

fn lead(f: &Facts, body: &str) -> String {
    let kind = match f.kind {
        MeetingKind::Regular => "очередное",
        MeetingKind::Extraordinary => "внеочередное",
        MeetingKind::Informal => "неформальное",
    };
    let place = f.city.as_ref().map(|c| format!(" {}", in_city(c))).unwrap_or_default();
    let declined: Option<Vec<String>> = f.chairs.iter().map(|c| person_in(c, Case::Genitive)).collect();
    let (chair, separate) = match (f.chairs.as_slice(), declined) {
        ([], _) => (String::new(), String::new()),
        ([_], Some(d)) => (format!(" под председательством {}", d.join("")), String::new()),
        (_, Some(d)) => (format!(" под сопредседательством {}", list(&d, "и")), String::new()),
        ([one], None) => (String::new(), format!(" Председательствовать будет {}.", person_nominative(one))),
        (many, None) => {
            let names: Vec<String> = many.iter().map(person_nominative).collect();
            (String::new(), format!(" Сопредседательствовать будут {}.", list(&names, "и")))
        }
    };
    let mut s = format!("{}{place}{chair} состоится {kind} заседание {body}.{separate}", days(f.starts_on, f.ends_on));
    if f.kind == MeetingKind::Regular && f.regular_meetings_per_year > 0 {
        let n = f.regular_meetings_per_year;
        let times = if n == 1 {
            "один раз".to_owned()
        } else {
            format!("{n} {}", plural(u64::from(n), "раз", "раза", "раз"))
        };
        s.push_str(&format!(
            " В соответствии с установившейся практикой такие заседания проводятся, как правило, {times} в год."
        ));
    }
    s
}

fn event_name(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Sitting => "заседание",
        EventKind::WorkingDinner => "рабочий ужин",
        EventKind::JointPhoto => "совместное фотографирование",
        EventKind::SigningCeremony => "церемония подписания",
        EventKind::PressConference => "пресс-конференция",
        EventKind::Consultations => "консультации",
        EventKind::Videoconference => "видеоконференция",
        EventKind::Briefing => "брифинг",
        EventKind::BilateralMeeting => "двусторонняя встреча",
        EventKind::Configured(_) => "мероприятие",
    }
}

fn before(f: &Facts) -> String {
    let mut out = Vec::new();
    let eve = f.starts_on.yesterday().ok();
    for e in &f.before {
        let when = if Some(e.on) == eve {
            format!("Накануне заседания, {},", day_month(e.on))
        } else {
            format!("До начала заседания, {},", day_month(e.on))
        };
        let who = match e.admitted {
            Admission::HeadsOfDelegation => Some("главы делегаций"),
            Admission::FullDelegations => Some("делегации"),
            Admission::TwoDelegations | Admission::NotKnown => None,
        };
        out.push(match (&e.kind, who) {
            (EventKind::WorkingDinner, Some(who)) => {
                format!("{when} {who} встретятся за рабочим ужином для обсуждения вопросов, представляющих взаимный интерес.")
            }
            _ => {
                let what = e.title.as_ref().map(|t| format!("«{}»", t.get(LANG))).unwrap_or(event_name(&e.kind).into());
                format!("{when} в программе: {what}.")
            }
        });
    }
    out.join(" ")
}

fn formats(f: &Facts) -> String {
    let mut out = Vec::new();
    let name = |format: &SittingFormat| match format {
        SittingFormat::Restricted => "узком",
        SittingFormat::Expanded => "расширенном",
    };
    match f.formats.as_slice() {
        [] => {}
        [one] => out.push(format!("Заседание пройдёт в {} составе.", name(one))),
        [a, b, ..] => out.push(format!("Заседание пройдёт в {} и {} составах.", name(a), name(b))),
    }
    match f.mode {
        MeetingMode::InPerson => {}
        MeetingMode::Online => out.push("Заседание пройдёт в режиме видеоконференции.".into()),
        MeetingMode::Hybrid => {
            out.push("Заседание пройдёт в смешанном формате — очно и в режиме видеоконференции.".into())
        }
    }
    out.join(" ")
}

fn quoted(titles: &[Text]) -> String {
    list(&titles.iter().map(|t| format!("«{}»", inner_quotes(t.get(LANG)))).collect::<Vec<_>>(), "и")
}

/// Quotes inside «…» are „…“.
fn inner_quotes(title: &str) -> String {
    title.replace('«', "„").replace('»', "“")
}

/// "вопрос «…»" or "вопросы «…» и «…»", in the case the verb asks for.
fn questions(titles: &[Text], one: &str, many: &str) -> String {
    format!("{} {}", if titles.len() == 1 { one } else { many }, quoted(titles))
}

fn discussion(f: &Facts) -> String {
    let mut out = Vec::new();
    if !f.discussed.is_empty() {
        out.push(format!("Участники обсудят {}.", questions(&f.discussed, "вопрос", "вопросы")));
    }
    if !f.information.is_empty() {
        let also = if f.discussed.is_empty() { "" } else { " также" };
        out.push(format!(
            "Участники{also} заслушают информацию по {}.",
            questions(&f.information, "вопросу", "вопросам")
        ));
    }
    out.join(" ")
}

/// "на 2018–2021 годы", "на второе полугодие 2018 года и первое полугодие 2019 года".
fn period(p: &Period) -> String {
    let half = |h: u8| if h == 1 { "первое" } else { "второе" };
    let half_gen = |h: u8| if h == 1 { "первого" } else { "второго" };
    match span(p) {
        Span::Years(a, b) if a == b => format!("на {a} год"),
        Span::Years(a, b) => format!("на {a}–{b} годы"),
        Span::Halves(a, b) if a == b => format!("на {} полугодие {} года", half(a.1), a.0),
        Span::Halves(a, b) if halves_between(a, b) == 2 => {
            format!("на {} полугодие {} года и {} полугодие {} года", half(a.1), a.0, half(b.1), b.0)
        }
        Span::Halves(a, b) => {
            format!("со {} полугодия {} года по {} полугодие {} года", half_gen(a.1), a.0, half(b.1), b.0)
        }
        Span::Days(Some(a), Some(b)) => format!("с {} по {}", date(a), date(b)),
        Span::Days(Some(a), None) => format!("с {}", date(a)),
        Span::Days(None, Some(b)) => format!("до {}", date(b)),
        Span::Days(None, None) => String::new(),
    }
}

fn sponsor(s: &SponsorFacts, org: &BodyFacts) -> String {
    match s {
        SponsorFacts::State(name) => t(name).to_owned(),
        SponsorFacts::Secretariat => match org.abbreviation.as_ref().filter(|a| a.has(LANG)) {
            Some(abbr) => format!("Секретариат {}", t(abbr)),
            None => format!("Секретариат ({})", t(&org.name)),
        },
        SponsorFacts::Body(b) => t(&b.name).to_owned(),
    }
}

/// "«Заявление …» (автор проекта — Россия)".
fn document(d: &DocumentFacts, org: &BodyFacts) -> String {
    let mut notes = Vec::new();
    let title = t(&d.title);
    // A period the title already states is not said twice.
    let stated = |p: &String| title.contains(p.trim_start_matches("на "));
    if let Some(p) = d.period.as_ref().map(period).filter(|p| !p.is_empty() && !stated(p)) {
        notes.push(p);
    }
    if !d.sponsors.is_empty() {
        let who = if d.sponsors.len() == 1 { "автор проекта" } else { "авторы проекта" };
        notes.push(format!("{who} — {}", list(&d.sponsors.iter().map(|s| sponsor(s, org)).collect::<Vec<_>>(), "и")));
    }
    let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
    format!("«{}»{notes}", inner_quotes(title))
}

/// "документа «…»" or "следующих документов: «…»; «…»", in the genitive.
fn documents_genitive(docs: &[DocumentFacts], org: &BodyFacts) -> String {
    match docs {
        [one] => format!("документа {}", document(one, org)),
        many => {
            format!("следующих документов: {}", many.iter().map(|d| document(d, org)).collect::<Vec<_>>().join("; "))
        }
    }
}

fn documents(f: &Facts) -> String {
    let mut out = Vec::new();
    if !f.adopting.is_empty() {
        out.push(format!("Ожидается принятие {}.", documents_genitive(&f.adopting, &f.organisation)));
    }
    if !f.decisions.is_empty() {
        let also = if f.adopting.is_empty() { "" } else { " также" };
        out.push(if f.decisions.len() == 1 {
            format!("Будет{also} принято решение по вопросу {}.", quoted(&f.decisions))
        } else {
            format!("Будут{also} приняты решения по вопросам {}.", quoted(&f.decisions))
        });
    }
    out.join(" ")
}

fn statements_lists(f: &Facts) -> String {
    if f.statements_lists.is_empty() {
        return String::new();
    }
    format!(
        "Ожидается также одобрение {}. Такой перечень ежегодно составляется на основе предложений государств-членов и \
         выполняется в виде коллективных поручений их постоянным представителям при международных организациях.",
        documents_genitive(&f.statements_lists, &f.organisation)
    )
}

fn onward(f: &Facts) -> String {
    let mut out = Vec::new();
    for o in &f.onward {
        let body = body_genitive(&o.body, &f.organisation);
        let at = o
            .meeting
            .as_ref()
            .map(|m| {
                let place = m.city.as_ref().map(|c| format!(" {}", in_city(c))).unwrap_or_default();
                format!(" на заседании {}{place}", date(m.starts_on))
            })
            .unwrap_or_default();
        let docs: Vec<String> = o.documents.iter().map(|d| document(d, &f.organisation)).collect();
        out.push(if docs.len() == 1 {
            format!("Участники также одобрят документ {}, который будет внесён на рассмотрение {body}{at}.", docs[0])
        } else {
            format!(
                "Участники также одобрят документы, которые будут внесены на рассмотрение {body}{at}: {}.",
                docs.join("; ")
            )
        });
    }
    out.join(" ")
}
