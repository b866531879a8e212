//! The press's pages: the list of publications by category and by month, and one publication with its category,
//! date and time in its publisher's zone, author, hits, the meetings and documents it is about, and its other
//! languages. Bodies are Markdown, shown through the one sanitising renderer (`crate::markdown`).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use secretariat_core::domain::{Key, Lang, Publication, PublicationStatus, Publisher};
use secretariat_core::service::PublicationView;
use secretariat_core::store::{Filter, Stored};
use serde::Deserialize;

use super::{render, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::{FluentValue, UiLang};
use crate::AppState;

/// A publication as a line of a list: where it goes, its title, when and in what category.
pub struct PublicationLink {
    pub href: String,
    pub title: String,
    pub when: String,
    pub category: String,
}

/// The date and time of an instant in a publisher's zone: `9 June 2018, 15:36 (UTC+03:00)`.
pub fn local_time(lang: UiLang, publisher: Option<&Publisher>, at: &jiff::Timestamp) -> String {
    let zone = publisher.map_or(jiff::tz::TimeZone::UTC, |p| p.time_zone.zone());
    let local = at.to_zoned(zone);
    format!("{}, {} (UTC{})", lang.date(&local.date()), local.strftime("%H:%M"), local.strftime("%:z"))
}

fn category_name(lang: UiLang, publisher: Option<&Publisher>, key: &Key) -> String {
    publisher.and_then(|p| p.category(key)).map_or_else(|| key.to_string(), |c| lang.text(&c.name))
}

/// The lines of a list of publications, each dated in its publisher's zone.
pub fn links(lang: UiLang, rows: &[Stored<Publication>], publishers: &[Publisher]) -> Vec<PublicationLink> {
    rows.iter()
        .map(|row| {
            let p = &row.record;
            let publisher = publishers.iter().find(|x| x.key == p.publisher);
            PublicationLink {
                href: format!("/publications/{}", p.key),
                title: p.title.clone(),
                when: p.published_at.map_or_else(|| lang.name_of(&p.status), |t| local_time(lang, publisher, &t)),
                category: category_name(lang, publisher, &p.category),
            }
        })
        .collect()
}

/// The publications about a meeting or a document, for its page.
pub async fn about(
    state: &AppState,
    auth: &Auth,
    lang: UiLang,
    kind: secretariat_core::domain::Kind,
    key: &Key,
) -> Result<Vec<PublicationLink>, PageError> {
    let rows = state.app.publications_about(&auth.viewer(), kind, key).await.map_err(PageError::new(lang))?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let publishers = state.app.publishers().await.map_err(PageError::new(lang))?;
    Ok(links(lang, &rows, &publishers))
}

struct Month {
    heading: String,
    items: Vec<PublicationLink>,
}

#[derive(Template)]
#[template(path = "pages/publications.html")]
struct PublicationsPage {
    layout: Layout,
    /// (href, name, current) of each category, "all" first.
    categories: Vec<(String, String, bool)>,
    months: Vec<Month>,
    /// The reader writes for a press office: the links to a new publication and to her drafts.
    writes: bool,
    /// The Atom feed of what is listed.
    feed: String,
    /// (href, publisher's name) of each publisher's newsletter.
    newsletters: Vec<(String, String)>,
}

/// Filters of the list page.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub lang: Option<String>,
    pub category: Option<String>,
    pub language: Option<String>,
}

/// `GET /publications`: what the reader may see, newest first, by month; a category filter above.
pub async fn list_publications(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    PageQuery(q): PageQuery<ListQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let bad = |e| PageError { error: e, lang };
    let mut filter = Filter::new(auth.viewer());
    filter.category = q.category.as_deref().map(Key::parse).transpose().map_err(bad)?;
    filter.language = q.language.as_deref().map(Lang::parse).transpose().map_err(bad)?;
    let (mut rows, _) = state.app.publications(&filter).await.map_err(PageError::new(lang))?;
    rows.sort_by(|a, b| b.record.published_at.cmp(&a.record.published_at).then(b.id.cmp(&a.id)));
    let publishers = state.app.publishers().await.map_err(PageError::new(lang))?;

    let mut categories = vec![("/publications".to_owned(), lang.t("publications-all"), filter.category.is_none())];
    let mut seen = BTreeMap::new();
    for p in &publishers {
        for c in &p.categories {
            seen.entry(c.key.clone()).or_insert_with(|| lang.text(&c.name));
        }
    }
    for (key, name) in seen {
        let current = filter.category.as_ref() == Some(&key);
        categories.push((format!("/publications?category={key}"), name, current));
    }

    let mut months: Vec<Month> = Vec::new();
    for row in &rows {
        let publisher = publishers.iter().find(|x| x.key == row.record.publisher);
        let heading = match row.record.published_at {
            Some(t) => {
                let day = t.to_zoned(publisher.map_or(jiff::tz::TimeZone::UTC, |p| p.time_zone.zone())).date();
                lang.t_args(
                    "publications-month",
                    &[
                        ("month", FluentValue::from(lang.named("month-name", &day.month().to_string()))),
                        ("year", FluentValue::from(day.year())),
                    ],
                )
            }
            None => lang.t("publications-unpublished"),
        };
        let link = links(lang, std::slice::from_ref(row), &publishers).remove(0);
        match months.last_mut() {
            Some(m) if m.heading == heading => m.items.push(link),
            _ => months.push(Month { heading, items: vec![link] }),
        }
    }
    let writes = !state.app.publishers_written_by(&auth.viewer()).await.map_err(PageError::new(lang))?.is_empty();
    let mut query = Vec::new();
    if let Some(c) = &filter.category {
        query.push(format!("category={c}"));
    }
    if let Some(l) = &filter.language {
        query.push(format!("language={l}"));
    }
    let feed = match query.is_empty() {
        true => crate::feeds::atom::PATH.to_owned(),
        false => format!("{}?{}", crate::feeds::atom::PATH, query.join("&")),
    };
    let mut layout = Layout::new(lang, lang.t("publications-title"), "/publications", &auth);
    layout.atom_feed = Some((feed.clone(), lang.t("publications-feed")));
    let newsletters =
        publishers.iter().map(|p| (format!("/publishers/{}/newsletter", p.key), lang.text(&p.name))).collect();
    Ok(render(&PublicationsPage { layout, categories, months, writes, feed, newsletters }, lang, q.lang.is_some()))
}

#[derive(Template)]
#[template(path = "pages/publication.html")]
struct PublicationPage {
    layout: Layout,
    language: String,
    title: String,
    lead: String,
    /// Sanitised HTML from `crate::markdown::render`, the one value a template shows unescaped.
    body_html: String,
    category: String,
    publisher: String,
    /// The publisher's newsletter.
    newsletter: String,
    when: String,
    author: String,
    hits: u64,
    kind: String,
    /// Shown to the press office while not public.
    status: Option<String>,
    withdrawn: bool,
    /// Where its press office changes it, when the reader may.
    edit: Option<String>,
    /// (href, text) of the meetings and documents it is about.
    meetings: Vec<(String, String)>,
    documents: Vec<(String, String)>,
    /// (href, language code, language name) of its other languages.
    translations: Vec<(String, String, String)>,
}

fn page(lang: UiLang, v: &PublicationView, auth: &Auth) -> PublicationPage {
    let p = &v.publication.record;
    let publisher = Some(&v.publisher);
    let language_name = |l: &Lang| lang.language_name(l.as_str());
    PublicationPage {
        layout: Layout::new(lang, p.title.clone(), &format!("/publications/{}", p.key), auth),
        language: p.language.to_string(),
        title: p.title.clone(),
        lead: p.lead.clone(),
        body_html: crate::markdown::render(&p.body),
        category: category_name(lang, publisher, &p.category),
        publisher: lang.text(&v.publisher.name),
        newsletter: format!("/publishers/{}/newsletter", v.publisher.key),
        when: p.published_at.map_or_else(String::new, |t| local_time(lang, publisher, &t)),
        author: p.author.clone(),
        hits: p.hits,
        kind: lang.name_of(&p.kind),
        status: (!p.status.is_public()).then(|| lang.name_of(&p.status)),
        withdrawn: p.status == PublicationStatus::Withdrawn,
        edit: secretariat_core::rules::publication::actions(&auth.viewer(), &p.publisher, Some(p.status))
            .edit
            .then(|| format!("/publications/{}/edit", p.key)),
        meetings: v
            .related_meetings
            .iter()
            .map(|m| {
                let on = m.on.map(|d| format!(", {}", lang.date(&d))).unwrap_or_default();
                (format!("/meetings/{}", m.key), format!("{}{on}", lang.text(&m.name)))
            })
            .collect(),
        documents: v.related_documents.iter().map(|d| (format!("/documents/{}", d.key), lang.text(&d.name))).collect(),
        translations: v
            .translations
            .iter()
            .map(|t| (format!("/publications/{}", t.key), t.language.to_string(), language_name(&t.language)))
            .collect(),
    }
}

/// `GET /publications/{key}`: one publication; a view by anyone but its own press office is a hit. A draft the
/// reader may not see is a 404; a withdrawn one keeps its URL, with a notice.
pub async fn get_publication(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(reference): ApiPath<String>,
    PageQuery(q): PageQuery<super::LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let view = state.app.read_publication(&auth.viewer(), &reference).await.map_err(PageError::new(lang))?;
    Ok(render(&page(lang, &view, &auth), lang, q.lang.is_some()))
}
