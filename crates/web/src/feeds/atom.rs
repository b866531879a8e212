//! The Atom 1.0 feed (RFC 4287) of the press's publications: what the public may see and is published, newest
//! first, in a category and a language if asked. Texts are XML-escaped by quick-xml's writer; a body is the one
//! sanitised rendering of its Markdown (`crate::markdown`), carried as escaped HTML (`type="html"`). Links are
//! relative to the feed's own address, so a forged `Host` cannot point them elsewhere.

use std::io;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::IntoResponse;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use secretariat_core::domain::{Key, Lang, Publication, Publisher, Viewer};
use secretariat_core::store::{Filter, Stored};
use serde::Deserialize;

use crate::error::{PageError, PageResult};
use crate::extract::PageQuery;
use crate::i18n::UiLang;
use crate::AppState;

/// The namespace of Atom 1.0.
pub const ATOM_NAMESPACE: &str = "http://www.w3.org/2005/Atom";

/// The media type of an Atom feed.
pub const ATOM_XML: &str = "application/atom+xml; charset=utf-8";

/// The feed's path, which outside readers rely on.
pub const PATH: &str = "/feeds/publications.atom";

/// The feed's filters, and the language of its own texts.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AtomQuery {
    pub lang: Option<String>,
    /// A category's key.
    pub category: Option<String>,
    /// The publications' language.
    pub language: Option<String>,
}

/// What the feed was asked for: its own address and id say it, so that each filtered feed is a feed of its own.
struct Asked {
    category: Option<Key>,
    language: Option<Lang>,
}

impl Asked {
    fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = &self.category {
            parts.push(format!("category={c}"));
        }
        if let Some(l) = &self.language {
            parts.push(format!("language={l}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    fn id(&self) -> String {
        let mut id = "urn:secretariat:feed:publications".to_owned();
        if let Some(c) = &self.category {
            id.push_str(&format!(":category:{c}"));
        }
        if let Some(l) = &self.language {
            id.push_str(&format!(":language:{l}"));
        }
        id
    }
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, attributes: &[(&str, &str)], value: &str) -> io::Result<()> {
    w.create_element(name).with_attributes(attributes.iter().copied()).write_text_content(BytesText::new(value))?;
    Ok(())
}

fn empty(w: &mut Writer<Vec<u8>>, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
    w.create_element(name).with_attributes(attributes.iter().copied()).write_empty()?;
    Ok(())
}

fn entry(w: &mut Writer<Vec<u8>>, p: &Publication, publishers: &[Publisher]) -> io::Result<()> {
    let href = format!("/publications/{}", p.key);
    let published = p.published_at.map(|t| t.to_string()).unwrap_or_default();
    let publisher = publishers.iter().find(|x| x.key == p.publisher);
    // The category's name in the publication's own language (else English, else any).
    let category = publisher
        .and_then(|x| x.category(&p.category))
        .map_or_else(|| p.category.to_string(), |c| c.name.get(p.language.as_str()).to_owned());
    let language = p.language.to_string();
    w.create_element("entry").with_attribute(("xml:lang", language.as_str())).write_inner_content(|w| {
        text(w, "id", &[], &format!("urn:secretariat:publication:{}", p.key))?;
        text(w, "title", &[("type", "text")], &p.title)?;
        let link =
            [("rel", "alternate"), ("type", "text/html"), ("href", href.as_str()), ("hreflang", language.as_str())];
        empty(w, "link", &link)?;
        text(w, "published", &[], &published)?;
        text(w, "updated", &[], &published)?;
        w.create_element("author").write_inner_content(|w| text(w, "name", &[], &p.author))?;
        empty(w, "category", &[("term", p.category.as_str()), ("label", category.as_str())])?;
        if !p.lead.trim().is_empty() {
            text(w, "summary", &[("type", "text")], &p.lead)?;
        }
        text(w, "content", &[("type", "html")], &crate::markdown::render(&p.body))?;
        Ok(())
    })?;
    Ok(())
}

/// The feed as XML, dated by its newest item (or by `now` when it has none).
fn write(
    lang: UiLang,
    asked: &Asked,
    rows: &[Stored<Publication>],
    publishers: &[Publisher],
    now: jiff::Timestamp,
) -> io::Result<Vec<u8>> {
    let updated = rows.iter().filter_map(|r| r.record.published_at).max().unwrap_or(now).to_string();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let attributes = [("xmlns", ATOM_NAMESPACE), ("xml:lang", lang.code())];
    w.create_element("feed").with_attributes(attributes).write_inner_content(|w| {
        text(w, "id", &[], &asked.id())?;
        text(w, "title", &[("type", "text")], &format!("{} · {}", lang.t("publications-title"), lang.t("app-name")))?;
        text(w, "updated", &[], &updated)?;
        let own = format!("{PATH}{}", asked.query());
        empty(w, "link", &[("rel", "self"), ("type", "application/atom+xml"), ("href", own.as_str())])?;
        let page = format!("/publications{}", asked.query());
        empty(w, "link", &[("rel", "alternate"), ("type", "text/html"), ("href", page.as_str())])?;
        text(w, "generator", &[], &lang.t("app-name"))?;
        for row in rows {
            entry(w, &row.record, publishers)?;
        }
        Ok(())
    })?;
    Ok(w.into_inner())
}

/// `GET /feeds/publications.atom`: the published items the public may see, whoever asks (a feed is read by
/// programs that share it), in a category (`?category=`) and a language (`?language=`) if asked.
pub async fn get_publications_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageQuery(q): PageQuery<AtomQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let bad = |e| PageError { error: e, lang };
    let asked = Asked {
        category: q.category.as_deref().map(Key::parse).transpose().map_err(bad)?,
        language: q.language.as_deref().map(Lang::parse).transpose().map_err(bad)?,
    };
    let mut filter = Filter::new(Viewer::Public);
    filter.category = asked.category.clone();
    filter.language = asked.language.clone();
    let rows = state.app.publication_feed(filter).await.map_err(PageError::new(lang))?;
    let publishers = state.app.publishers().await.map_err(PageError::new(lang))?;
    let xml = write(lang, &asked, &rows, &publishers, state.app.now())
        .map_err(|e| PageError { error: secretariat_core::Error::Storage(format!("atom feed: {e}")), lang })?;
    let mut response = xml.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ATOM_XML));
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    headers.insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    Ok(response)
}
