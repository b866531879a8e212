//! The yearly statements list compiled into a document, and the status of the legal contractual basis.

use jiff::civil::Date;
use serde::Serialize;

use super::document::NewDocument;
use super::{DocumentView, Secretariat};
use crate::account::Actor;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::store::{Filter, Stored};

/// One state's signature and ratification of a treaty.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SignatureView {
    pub state: StateCode,
    #[schema(value_type = Option<String>, format = Date)]
    pub signed_on: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub ratified_on: Option<Date>,
}

/// A treaty in the register: who signed and ratified, and whether it is in force.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TreatyView {
    pub id: i64,
    pub key: Key,
    pub symbol: Option<String>,
    pub kind: DocumentKind,
    pub title: Text,
    pub status: DocumentStatus,
    #[schema(value_type = Option<String>, format = Date)]
    pub in_force_on: Option<Date>,
    pub signatures: Vec<SignatureView>,
    /// Member states that have signed but not ratified.
    pub awaiting_ratification: Vec<StateCode>,
}

/// The status of the legal contractual basis, as a meeting takes note of it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LegalBasisReport {
    pub organisation: Code,
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    pub treaties: Vec<TreatyView>,
    pub in_force: usize,
    pub not_yet_in_force: usize,
}

impl Secretariat {
    /// The agreements and protocols of an organisation with their signatures, ratifications and entry into force,
    /// as the viewer may see them.
    pub async fn legal_basis(&self, viewer: &Viewer, code: &Code, on: Date) -> Result<LegalBasisReport> {
        self.organisation(code).await?;
        let mut filter = Filter::new(viewer.clone());
        filter.organisation = Some(code.clone());
        filter.limit = u32::MAX;
        let mut treaties = Vec::new();
        for stored in self.store.list(Kind::Document, &filter).await? {
            let Record::Document(doc) = stored.record else { continue };
            if doc.kind.is_treaty() {
                treaties.push(self.treaty_of(viewer, stored.id, doc, on).await?);
            }
        }
        let in_force = treaties.iter().filter(|t| t.in_force_on.is_some_and(|d| d <= on)).count();
        Ok(LegalBasisReport {
            organisation: code.clone(),
            on,
            not_yet_in_force: treaties.len() - in_force,
            in_force,
            treaties,
        })
    }

    /// A document's standing as a treaty as of `on` — its signatures, ratifications and entry into force — read
    /// beside its view; none for a document that is no agreement or protocol.
    pub async fn treaty(&self, viewer: &Viewer, d: &DocumentView, on: Date) -> Result<Option<TreatyView>> {
        if !d.document.kind.is_treaty() {
            return Ok(None);
        }
        let signatures = self.signatures(viewer, &d.document.key).await?;
        Ok(Some(treaty_view(d.id, d.document.clone(), d.symbol.clone(), d.status, signatures, on)))
    }

    async fn treaty_of(&self, viewer: &Viewer, id: Id, doc: Document, on: Date) -> Result<TreatyView> {
        let state = self.store.document_state(id).await?;
        let signatures = self.signatures(viewer, &doc.key).await?;
        Ok(treaty_view(id, doc, state.symbol, state.status, signatures, on))
    }

    /// The states' signatures and ratifications of the treaty `key`, as the viewer may see them.
    async fn signatures(&self, viewer: &Viewer, key: &Key) -> Result<Vec<SignatureView>> {
        let mut filter = Filter::new(viewer.clone());
        filter.owner = Some(key.clone());
        filter.limit = u32::MAX;
        Ok(self
            .store
            .list(Kind::Signature, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Signature(s) => {
                    Some(SignatureView { state: s.state, signed_on: s.signed_on, ratified_on: s.ratified_on })
                }
                _ => None,
            })
            .collect())
    }

    /// Compiles a statements list into its list document from the proposals included, for the body to endorse.
    pub async fn compile_statements_list(&self, actor: &Actor, key: &Key) -> Result<DocumentView> {
        if !actor.keeps_the_record() {
            return Err(Error::forbidden("only the Secretariat compiles the statements list"));
        }
        let (list_id, list_version, list) =
            match self.store.find(Kind::StatementsList, key.as_str(), &Viewer::Secretariat).await? {
                Some(Stored { id, version, record: Record::StatementsList(l) }) => (id, version, l),
                _ => return Err(Error::NotFound { what: "statements list" }),
            };
        if list.document.is_some() {
            return Err(Error::conflict("already_compiled", "the list is already compiled"));
        }
        let org = self.organisation(&list.organisation).await?;
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.owner = Some(key.clone());
        filter.limit = u32::MAX;
        let proposals: Vec<Proposal> = self
            .store
            .list(Kind::Proposal, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Proposal(p) if p.included => Some(p),
                _ => None,
            })
            .collect();
        if proposals.is_empty() {
            return Err(Error::conflict("no_proposals", "no proposal is included in the list"));
        }
        let mut texts = std::collections::BTreeMap::new();
        for lang in &org.languages {
            let lines: Vec<String> = proposals
                .iter()
                .enumerate()
                .map(|(i, p)| format!("{}. {} ({}; {})", i + 1, p.topic.get(lang.as_str()), p.forum, p.state))
                .collect();
            texts.insert(lang.clone(), lines.join("\n"));
        }
        let title = match (
            org.languages.iter().any(|l| l.as_str() == "ru"),
            org.languages.iter().any(|l| l.as_str() == "en"),
        ) {
            (true, true) => serde_json::from_value(serde_json::json!({
                "en": format!("List of joint statements for {}", list.year),
                "ru": format!("Перечень совместных заявлений на {} год", list.year),
            })),
            _ => serde_json::from_value(
                serde_json::json!({ org.languages[0].as_str(): format!("{} {}", list.key, list.year) }),
            ),
        }
        .map_err(|e| Error::Storage(e.to_string()))?;
        let document = Document {
            key: Key::parse(&format!("{}-list", list.key))?,
            organisation: list.organisation.clone(),
            body: list.body.clone(),
            kind: DocumentKind::List,
            title,
            sponsors: vec![Sponsor::Secretariat],
            original_language: org.authentic_languages.first().unwrap_or(&org.languages[0]).clone(),
            visibility: Visibility::Members,
            amends: None,
            period: Some(Period {
                from: Some(
                    Date::new(list.year, 1, 1)
                        .map_err(|_| Error::invalid("invalid_year", "the year is outside the calendar"))?,
                ),
                to: Date::new(list.year, 12, 31).ok(),
            }),
            in_force_on: None,
        };
        // The list document and the list's link to it are written in one transaction: both or neither.
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let key = document.key.clone();
        let id = super::document::insert_document(
            tx.as_mut(),
            actor,
            self.clock.now(),
            NewDocument { document, texts, at: None },
        )
        .await?;
        let linked = StatementsList { document: Some(key), ..list };
        tx.update(list_id, list_version, &Record::StatementsList(linked)).await?;
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }
}

/// A treaty as the register shows it on `on`: who signed and has not ratified by then is awaited.
fn treaty_view(
    id: Id,
    doc: Document,
    symbol: Option<String>,
    status: DocumentStatus,
    signatures: Vec<SignatureView>,
    on: Date,
) -> TreatyView {
    TreatyView {
        id,
        awaiting_ratification: signatures
            .iter()
            .filter(|s| s.signed_on.is_some_and(|d| d <= on) && s.ratified_on.is_none_or(|d| d > on))
            .map(|s| s.state.clone())
            .collect(),
        key: doc.key,
        symbol,
        kind: doc.kind,
        title: doc.title,
        status,
        in_force_on: doc.in_force_on,
        signatures,
    }
}
