//! Corrigenda and addenda. A document's page lists those of it the reader may see, linked, and names the document
//! a corrigendum or addendum corrects or adds to; the Secretariat starts one from the page, which opens the drafting
//! form (`/documents/new?amends=…&amendment=…`) filled in from the document: its body, kind, sponsor, languages,
//! visibility and titles. The core numbers it `…/Corr.n` or `…/Add.n` when it is circulated.

use secretariat_core::domain::{Amendment, Key};
use secretariat_core::service::DocumentView;
use secretariat_core::Error;

use crate::auth::Auth;
use crate::error::PageError;
use crate::i18n::UiLang;
use crate::pages::form::FormView;
use crate::AppState;

/// A corrigendum or addendum of the document, linked.
pub struct AmendmentLink {
    pub href: String,
    pub symbol: String,
    /// "Corrigendum" or "Addendum".
    pub kind: String,
    pub title: String,
    pub status: String,
}

/// The document a corrigendum or addendum amends: "Corrigendum to", and its symbol and title, linked.
pub struct Amended {
    pub what: String,
    pub href: String,
    pub name: String,
}

fn kind_name(lang: UiLang, kind: Amendment) -> String {
    lang.t(match kind {
        Amendment::Corrigendum => "amendment-corrigendum",
        Amendment::Addendum => "amendment-addendum",
    })
}

fn symbol_and_title(lang: UiLang, d: &DocumentView) -> String {
    let symbol = d.symbol.clone().unwrap_or_else(|| lang.t("document-provisional"));
    format!("{symbol} — {}", lang.text(&d.document.title))
}

/// The document `key` as the reader may see it; `None` if she may not (for her it does not exist).
pub async fn visible(state: &AppState, auth: &Auth, key: &str) -> secretariat_core::Result<Option<DocumentView>> {
    let found = match crate::api::documents::document_id(state, auth, key).await {
        Ok(id) => state.app.document(&auth.viewer(), id).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(view) => Ok(Some(view)),
        Err(Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The corrigenda and addenda of `d` the reader may see, and the document `d` amends, if it is one she may see.
pub(super) async fn of(
    state: &AppState,
    auth: &Auth,
    lang: UiLang,
    d: &DocumentView,
) -> Result<(Vec<AmendmentLink>, Option<Amended>), PageError> {
    let found = state.app.amendments(&auth.viewer(), &d.document.key).await.map_err(PageError::new(lang))?;
    let links = found
        .iter()
        .map(|a| AmendmentLink {
            href: format!("/documents/{}", a.document.key),
            symbol: a.symbol.clone().unwrap_or_else(|| lang.t("document-provisional")),
            kind: a.document.amends.as_ref().map(|x| kind_name(lang, x.kind)).unwrap_or_default(),
            title: lang.text(&a.document.title),
            status: lang.name_of(&a.status),
        })
        .collect();
    let amended = match &d.document.amends {
        Some(amends) => visible(state, auth, amends.document.as_str()).await.map_err(PageError::new(lang))?.map(|p| {
            let what = match amends.kind {
                Amendment::Corrigendum => lang.t("amendment-corrigendum-to"),
                Amendment::Addendum => lang.t("amendment-addendum-to"),
            };
            Amended { what, href: format!("/documents/{}", p.document.key), name: symbol_and_title(lang, &p) }
        }),
        None => None,
    };
    Ok((links, amended))
}

/// The kind of amendment asked for (`corrigendum`, `addendum`).
pub fn kind_of(raw: &str) -> Option<Amendment> {
    secretariat_core::domain::variant_named(raw)
}

/// The drafting form of a corrigendum or addendum of `parent`, filled in from it.
pub fn prefilled(parent: &DocumentView, kind: Amendment) -> FormView {
    let d = &parent.document;
    let suffix = match kind {
        Amendment::Corrigendum => "corr",
        Amendment::Addendum => "add",
    };
    let mut pairs = vec![
        ("body".to_owned(), format!("{}/{}", d.organisation, d.body)),
        ("amends".to_owned(), d.key.to_string()),
        ("amendment".to_owned(), secretariat_core::domain::name_of(&kind)),
        ("key".to_owned(), format!("{}-{suffix}", d.key)),
        ("kind".to_owned(), secretariat_core::domain::name_of(&d.kind)),
        ("original_language".to_owned(), d.original_language.to_string()),
        ("visibility".to_owned(), d.visibility.as_str().to_owned()),
    ];
    if let Some(sponsor) = d.sponsors.first() {
        pairs.push(("sponsor".to_owned(), sponsor.to_string()));
    }
    pairs.extend(d.title.iter().map(|(l, t)| (format!("title-{l}"), t.clone())));
    FormView::of_pairs(pairs)
}

/// What the drafting form drafts, when it drafts a corrigendum or addendum of a document the reader may see:
/// "Corrigendum to CSTO/CFM/2018/STM/1 — Statement …".
pub async fn heading(state: &AppState, auth: &Auth, lang: UiLang, form: &FormView) -> Result<Option<String>, Error> {
    let (Some(kind), false) = (kind_of(form.value("amendment")), form.value("amends").is_empty()) else {
        return Ok(None);
    };
    let what = match kind {
        Amendment::Corrigendum => lang.t("amendment-corrigendum-to"),
        Amendment::Addendum => lang.t("amendment-addendum-to"),
    };
    Ok(visible(state, auth, form.value("amends")).await?.map(|p| format!("{what} {}", symbol_and_title(lang, &p))))
}

/// The amendment the drafting form sends, if any: what it amends and how.
pub fn typed(amends: Option<&str>, amendment: Option<&str>) -> Result<Option<secretariat_core::domain::Amends>, Error> {
    let Some(document) = amends else { return Ok(None) };
    let kind = amendment
        .and_then(kind_of)
        .ok_or_else(|| Error::invalid("invalid_amendment", "a corrigendum or an addendum"))?;
    Ok(Some(secretariat_core::domain::Amends { document: Key::parse(document)?, kind }))
}
