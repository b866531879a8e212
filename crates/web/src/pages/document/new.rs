//! `/documents/new`: drafting a document in the browser. A delegate drafts for her state (the key begins with its
//! code), the Secretariat for any sponsor. The body is chosen first, since its organisation's working languages
//! say which titles and texts the form asks for; the form then posts to `/documents`, the same use case as the API,
//! and lands on the new document's page.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use secretariat_core::domain::{Code, Document, DocumentKind, Kind, Lang, Record, Sponsor, Text, Visibility};
use secretariat_core::rules::actions::{drafting, Drafting};
use secretariat_core::service::NewDocument;
use secretariat_core::store::Filter;
use secretariat_core::Error;

use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::PageQuery;
use crate::i18n::UiLang;
use crate::pages::form::{done, FormView, Submitted};
use crate::pages::register::Names;
use crate::pages::{render, Layout};
use crate::AppState;

/// The error codes of the drafting form and the fields they concern.
const NEW_FIELDS: &[(&str, &str)] = &[
    ("invalid_key", "key"),
    ("key_prefix_required", "key"),
    ("key_of_another_state", "key"),
    ("duplicate", "key"),
    ("invalid_sponsor", "sponsor"),
    ("sponsor_required", "sponsor"),
    ("kind_not_used", "kind"),
    ("invalid_document_kind", "kind"),
    ("title_required", "title"),
    ("original_text_required", "text"),
    ("invalid_text", "text"),
    ("invalid_language", "original_language"),
    ("invalid_visibility", "visibility"),
    ("invisible_to_author", "visibility"),
];

/// A language the form asks a title and a text in.
struct LanguageFields {
    code: String,
    name: String,
}

#[derive(Template)]
#[template(path = "pages/new_document.html")]
struct NewDocumentPage {
    layout: Layout,
    form: FormView,
    /// Whether the reader may draft at all (the public is asked to sign in).
    may_draft: bool,
    /// The bodies, as `ORG/BODY` and a name, for the first step.
    bodies: Vec<(String, String)>,
    /// The chosen body (`ORG/BODY`) and its name, once chosen.
    body: Option<(String, String)>,
    /// The delegate's own state, named, the key's prefix (`ru-`) and its code; none for the Secretariat.
    own: Option<(String, String, String)>,
    sponsors: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    languages: Vec<LanguageFields>,
    language_options: Vec<(String, String)>,
    visibilities: Vec<(String, String)>,
    /// What it drafts, when it is a corrigendum or an addendum: "Corrigendum to CSTO/CFM/2018/STM/1 — …".
    amending: Option<String>,
}

/// The body field, `ORG/BODY`, parsed.
fn body_of(raw: Option<&str>) -> Option<(Code, Code)> {
    let (org, body) = raw?.split_once('/')?;
    Some((Code::parse(org).ok()?, Code::parse(body).ok()?))
}

async fn page(state: &AppState, auth: &Auth, lang: UiLang, form: FormView, body: Option<&str>) -> PageResult {
    let viewer = auth.viewer();
    let names = Names::load(state, auth, lang).await.map_err(PageError::new(lang))?;
    let (rows, _) = state.app.list(Kind::Body, &Filter::new(viewer.clone())).await.map_err(PageError::new(lang))?;
    let bodies: Vec<(String, String)> = rows
        .into_iter()
        .filter_map(|s| match s.record {
            Record::Body(b) => Some((format!("{}/{}", b.organisation, b.code), lang.text(&b.name))),
            _ => None,
        })
        .collect();
    let chosen = match body_of(body) {
        Some((org, code)) => {
            let value = format!("{org}/{code}");
            bodies.iter().find(|(v, _)| *v == value).cloned().map(|b| (b, org))
        }
        None => None,
    };
    let languages: Vec<Lang> = match &chosen {
        Some((_, org)) => state.app.organisation(org).await.map_err(PageError::new(lang))?.languages,
        None => Vec::new(),
    };
    let draft = drafting(&viewer);
    let own = match &draft {
        Drafting::State(s) => Some((names.state(s.as_str()), format!("{}-", s.as_str().to_lowercase()), s.to_string())),
        _ => None,
    };
    let visibilities = [Visibility::Public, Visibility::Members, Visibility::Restricted, Visibility::Sponsors]
        .into_iter()
        .filter(|v| viewer.levels().contains(v) || *v == Visibility::Sponsors)
        .map(|v| (v.as_str().to_owned(), lang.name_of(&v)))
        .collect();
    let mut form = form;
    if !form.failed() && form.value("visibility").is_empty() {
        form = FormView::with(&[("visibility", "sponsors"), ("kind", "statement")]);
    }
    let amending = super::amendments::heading(state, auth, lang, &form).await.map_err(PageError::new(lang))?;
    let status = form.status;
    let p = NewDocumentPage {
        amending,
        layout: Layout::new(lang, lang.t("draft-title"), "/documents/new", auth),
        may_draft: draft != Drafting::Nobody,
        bodies,
        body: chosen.map(|(b, _)| b),
        own,
        sponsors: names.sponsor_options(),
        kinds: DocumentKind::ALL.iter().map(|k| (secretariat_core::domain::name_of(k), lang.name_of(k))).collect(),
        language_options: languages.iter().map(|l| (l.to_string(), lang.language_name(l.as_str()))).collect(),
        languages: languages
            .iter()
            .map(|l| LanguageFields { code: l.to_string(), name: lang.language_name(l.as_str()) })
            .collect(),
        visibilities,
        form,
    };
    let mut response = render(&p, lang, false);
    *response.status_mut() = status;
    Ok(response)
}

/// The page's `lang` and chosen body.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NewQuery {
    pub lang: Option<String>,
    pub body: Option<String>,
    /// The document a corrigendum or addendum is drafted for, and which of the two (`amendment`).
    pub amends: Option<String>,
    pub amendment: Option<String>,
}

/// `GET /documents/new`: the drafting form (first the body, then the rest).
pub async fn new_document(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    PageQuery(q): PageQuery<NewQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    if let Some(key) = q.amends.as_deref() {
        // A corrigendum or addendum of a document she may not see: for her that document does not exist.
        let parent = super::amendments::visible(&state, &auth, key).await.map_err(PageError::new(lang))?;
        let parent = parent.ok_or(PageError { error: Error::NotFound { what: "document" }, lang })?;
        let kind = q.amendment.as_deref().and_then(super::amendments::kind_of);
        let form =
            super::amendments::prefilled(&parent, kind.unwrap_or(secretariat_core::domain::Amendment::Corrigendum));
        let body = form.value("body").to_owned();
        return page(&state, &auth, lang, form, Some(body.as_str())).await;
    }
    let form = FormView::with(&[("body", q.body.as_deref().unwrap_or_default())]);
    page(&state, &auth, lang, form, q.body.as_deref()).await
}

/// The draft as typed: the key (prefixed with the delegate's state), the body, the titles and texts by language.
fn draft_of(form: &Submitted, languages: &[Lang]) -> Result<NewDocument, Error> {
    form.checked()?;
    let (org, body) =
        body_of(form.get("body")).ok_or_else(|| Error::invalid("unknown_reference", "choose the body"))?;
    let typed_key = form.get("key").unwrap_or_default().to_lowercase();
    let sponsor = match (form.get("sponsor"), &form.actor.state) {
        (Some(raw), _) => Sponsor::parse(raw)?,
        (None, Some(own)) => Sponsor::State(own.clone()),
        (None, None) => return Err(Error::invalid("sponsor_required", "choose the sponsor")),
    };
    // A delegate types the key after her state's code; the form prefixes it (the core still checks the prefix).
    let key = match (&sponsor, form.actor.keeps_the_record()) {
        (Sponsor::State(s), false) => {
            let prefix = format!("{}-", s.as_str().to_lowercase());
            if typed_key.starts_with(&prefix) {
                typed_key
            } else {
                format!("{prefix}{typed_key}")
            }
        }
        _ => typed_key,
    };
    let sponsors = vec![sponsor];
    let mut titles = BTreeMap::new();
    let mut texts = BTreeMap::new();
    for l in languages {
        if let Some(t) = form.get(&format!("title-{l}")) {
            titles.insert(l.clone(), t.to_owned());
        }
        if let Some(t) = form.get(&format!("text-{l}")) {
            texts.insert(l.clone(), t.to_owned());
        }
    }
    let title = Text::try_from(titles).map_err(|_| Error::invalid("title_required", "give the title in a language"))?;
    let kind = secretariat_core::domain::variant_named(form.get("kind").unwrap_or_default())
        .ok_or_else(|| Error::invalid("invalid_document_kind", "choose a kind of document"))?;
    let visibility = Visibility::from_name(form.get("visibility").unwrap_or_default())
        .ok_or_else(|| Error::invalid("invalid_visibility", "choose who may see it"))?;
    let document = Document {
        key: secretariat_core::domain::Key::parse(&key)?,
        organisation: org,
        body,
        kind,
        title,
        sponsors,
        original_language: Lang::parse(form.get("original_language").unwrap_or_default())?,
        visibility,
        amends: super::amendments::typed(form.get("amends"), form.get("amendment"))?,
        period: None,
        in_force_on: None,
    };
    Ok(NewDocument { document, texts, at: None })
}

/// `POST /documents`: drafts the document; refused, the form is shown again as typed, the refusal at its field.
pub async fn create_document(State(state): State<AppState>, form: Submitted) -> Result<Response, PageError> {
    let lang = form.lang;
    let languages = match body_of(form.get("body")) {
        Some((org, _)) => state.app.organisation(&org).await.map(|o| o.languages).unwrap_or_default(),
        None => Vec::new(),
    };
    let result = match draft_of(&form, &languages) {
        Ok(new) => state.app.create_document(&form.actor, new).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(view) => Ok(done(&format!("/documents/{}", view.document.key))),
        Err(e) if crate::pages::form::shown_again(&e) => {
            let original = form.get("original_language").unwrap_or_default().to_owned();
            let text_field = format!("text-{original}");
            let fields: Vec<(&str, &str)> = NEW_FIELDS
                .iter()
                .map(|(c, f)| (*c, if *f == "text" && !original.is_empty() { text_field.as_str() } else { *f }))
                .collect();
            let view = form.rejected(&e, &fields);
            page(&state, &form.auth, lang, view, form.get("body")).await
        }
        Err(e) => Err(PageError { error: e, lang }),
    }
}
