//! Akoma Ntoso 3.0 (OASIS LegalDocML) of an adopted document, one language version: `statement` for statements
//! and declarations, `doc` for the other kinds; FRBR Work, Expression and Manifestation; the organisation's code
//! as the jurisdiction (`FRBRcountry`). Written with quick-xml, never by formatting strings.

use std::io;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use quick_xml::events::{BytesDecl, BytesText};
use quick_xml::Writer;
use secretariat_core::domain::{DocumentKind, DocumentStatus, Lang};
use secretariat_core::service::DocumentView;
use serde::Deserialize;

use super::documents::document_id;
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery};
use crate::AppState;

/// The namespace of Akoma Ntoso 3.0.
pub const AKN_NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// The media type of Akoma Ntoso documents.
pub const AKN_XML: &str = "application/akn+xml";

/// The language version asked for.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AknParams {
    /// The language version (`ru`, `en`); the document's original language when left out.
    #[param(pattern = "^[a-z]{2}$")]
    pub language: Option<String>,
}

/// The ISO 639-2 code that Akoma Ntoso names use for a language (`ru` → `rus`); a code without one is kept.
pub fn iso639_2(lang: &Lang) -> String {
    let primary = lang.as_str().split('-').next().unwrap_or_default();
    match primary {
        "ar" => "ara",
        "de" => "deu",
        "en" => "eng",
        "es" => "spa",
        "fr" => "fra",
        "hy" => "hye",
        "kk" => "kaz",
        "ky" => "kir",
        "ru" => "rus",
        "sq" => "sqi",
        "tg" => "tgk",
        "be" => "bel",
        "zh" => "zho",
        other => other,
    }
    .to_owned()
}

/// The Akoma Ntoso element a kind of document is written as.
pub fn element_of(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Statement | DocumentKind::JointStatement | DocumentKind::Declaration => "statement",
        _ => "doc",
    }
}

/// What one language version of an adopted document needs to be written.
pub struct AknInput<'a> {
    pub view: &'a DocumentView,
    pub language: &'a Lang,
    pub text: &'a str,
    pub adopted_on: Date,
    /// The day the manifestation is written.
    pub generated_on: Date,
}

fn lower(code: &str) -> String {
    code.to_ascii_lowercase()
}

/// Writes the XML of one language version.
pub fn write(input: &AknInput<'_>) -> io::Result<Vec<u8>> {
    let d = &input.view.document;
    let country = lower(d.organisation.as_str());
    let element = element_of(d.kind);
    let kind = secretariat_core::domain::name_of(&d.kind);
    let author = format!("#{}", lower(d.body.as_str()));
    let date = input.adopted_on.to_string();
    let work = format!("/akn/{country}/{element}/{kind}/{}/{date}/{}", lower(d.body.as_str()), d.key);
    let lang = iso639_2(input.language);
    let expression = format!("{work}/{lang}@");
    let title = d.title.get(input.language.as_str()).to_owned();
    let generated = input.generated_on.to_string();

    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(quick_xml::events::Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("akomaNtoso").with_attribute(("xmlns", AKN_NAMESPACE)).write_inner_content(|w| {
        w.create_element(element).with_attribute(("name", kind.as_str())).write_inner_content(|w| {
            w.create_element("meta").write_inner_content(|w| {
                w.create_element("identification").with_attribute(("source", "#secretariat")).write_inner_content(
                    |w| {
                        w.create_element("FRBRWork").write_inner_content(|w| {
                            empty(w, "FRBRthis", &[("value", &format!("{work}/!main"))])?;
                            empty(w, "FRBRuri", &[("value", &work)])?;
                            if let Some(symbol) = &input.view.symbol {
                                empty(w, "FRBRalias", &[("value", symbol), ("name", "symbol")])?;
                            }
                            empty(w, "FRBRdate", &[("date", &date), ("name", "adoption")])?;
                            empty(w, "FRBRauthor", &[("href", &author)])?;
                            empty(w, "FRBRcountry", &[("value", &country)])?;
                            empty(w, "FRBRnumber", &[("value", d.key.as_str())])?;
                            Ok::<(), io::Error>(())
                        })?;
                        w.create_element("FRBRExpression").write_inner_content(|w| {
                            empty(w, "FRBRthis", &[("value", &format!("{expression}/!main"))])?;
                            empty(w, "FRBRuri", &[("value", &expression)])?;
                            empty(w, "FRBRdate", &[("date", &date), ("name", "adoption")])?;
                            empty(w, "FRBRauthor", &[("href", &author)])?;
                            empty(w, "FRBRlanguage", &[("language", &lang)])?;
                            Ok::<(), io::Error>(())
                        })?;
                        w.create_element("FRBRManifestation").write_inner_content(|w| {
                            empty(w, "FRBRthis", &[("value", &format!("{expression}/!main.xml"))])?;
                            empty(w, "FRBRuri", &[("value", &format!("{expression}.akn"))])?;
                            empty(w, "FRBRdate", &[("date", &generated), ("name", "generation")])?;
                            empty(w, "FRBRauthor", &[("href", "#secretariat")])?;
                            Ok::<(), io::Error>(())
                        })?;
                        Ok::<(), io::Error>(())
                    },
                )?;
                w.create_element("references").with_attribute(("source", "#secretariat")).write_inner_content(|w| {
                    empty(
                        w,
                        "TLCOrganization",
                        &[
                            ("eId", "secretariat"),
                            ("href", &format!("/ontology/organization/{country}/secretariat")),
                            ("showAs", "Secretariat"),
                        ],
                    )?;
                    empty(
                        w,
                        "TLCOrganization",
                        &[
                            ("eId", &lower(d.body.as_str())),
                            ("href", &format!("/ontology/organization/{country}/{}", lower(d.body.as_str()))),
                            ("showAs", d.body.as_str()),
                        ],
                    )?;
                    Ok::<(), io::Error>(())
                })?;
                Ok::<(), io::Error>(())
            })?;
            w.create_element("preface").write_inner_content(|w| {
                if let Some(symbol) = &input.view.symbol {
                    w.create_element("p").write_inner_content(|w| {
                        w.create_element("docNumber").write_text_content(BytesText::new(symbol))?;
                        Ok::<(), io::Error>(())
                    })?;
                }
                w.create_element("p").write_inner_content(|w| {
                    w.create_element("docTitle").write_text_content(BytesText::new(&title))?;
                    Ok::<(), io::Error>(())
                })?;
                Ok::<(), io::Error>(())
            })?;
            w.create_element("mainBody").write_inner_content(|w| {
                let paragraphs: Vec<&str> = input.text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
                // The schema wants at least one block in the main body.
                for p in if paragraphs.is_empty() { vec![""] } else { paragraphs } {
                    w.create_element("p").write_text_content(BytesText::new(p))?;
                }
                Ok::<(), io::Error>(())
            })?;
            Ok::<(), io::Error>(())
        })?;
        Ok::<(), io::Error>(())
    })?;
    Ok(w.into_inner())
}

fn empty(w: &mut Writer<Vec<u8>>, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
    w.create_element(name).with_attributes(attributes.iter().copied()).write_empty()?;
    Ok(())
}

/// Whether a document stands adopted: adopted, or adopted and referred on.
fn adopted(status: DocumentStatus) -> bool {
    matches!(status, DocumentStatus::Adopted | DocumentStatus::Referred)
}

/// One language version of an adopted document the viewer may see, in Akoma Ntoso 3.0.
#[utoipa::path(get, path = "/api/v1/documents/{id}/akn", tag = "documents",
    params(("id" = String, Path, description = "the document's id or key"), AknParams),
    responses((status = 200, description = "Akoma Ntoso 3.0 XML (`application/akn+xml`)", content_type = "application/akn+xml", body = String),
        (status = 400, description = "malformed language"),
        (status = 404, description = "no such adopted document, or no such language version")))]
pub async fn get_akn(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(reference): ApiPath<String>,
    ApiQuery(p): ApiQuery<AknParams>,
) -> ApiResult<Response> {
    let id = document_id(&state, &auth, &reference).await?;
    let view = state.app.document(&auth.viewer(), id).await?;
    let not_found = || ApiError::from(secretariat_core::Error::NotFound { what: "adopted document" });
    if !adopted(view.status) {
        return Err(not_found());
    }
    let language = match p.language.as_deref() {
        Some(raw) => Lang::parse(raw).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.code(), e.to_string()))?,
        None => view.document.original_language.clone(),
    };
    let text = view
        .revisions
        .last()
        .and_then(|r| r.versions.iter().find(|v| v.language == language))
        .map(|v| v.text.clone())
        .ok_or_else(|| ApiError::from(secretariat_core::Error::NotFound { what: "language version" }))?;
    let utc = |t: jiff::Timestamp| t.to_zoned(jiff::tz::TimeZone::UTC).date();
    let adopted_on = view.outcome.as_ref().map_or_else(|| utc(state.app.now()), |o| utc(o.adopted_at));
    let input = AknInput { view: &view, language: &language, text: &text, adopted_on, generated_on: state.app.today() };
    let xml = write(&input).map_err(|e| ApiError::from(secretariat_core::Error::Storage(e.to_string())))?;
    let mut response = xml.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(AKN_XML));
    Ok(response)
}
