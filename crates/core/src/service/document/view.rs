//! Reading: a whole document as a viewer may see it, lists of documents, and the difference between revisions.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::rules::membership::{counting, day_of_judgement};

/// A language version as read.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = TextView)]
pub struct LanguageVersionView {
    pub id: Id,
    pub version: i64,
    pub language: Lang,
    pub status: VersionStatus,
    pub text: String,
}

/// A revision as read: `Rev.n` of the symbol.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RevisionView {
    pub number: u32,
    pub symbol: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    pub created_by: String,
    pub versions: Vec<LanguageVersionView>,
}

/// A position as read.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PositionView {
    pub state: StateCode,
    pub position: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub revision: u32,
    pub recorded_by: String,
    pub on_behalf: bool,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// A silence procedure as read.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SilenceView {
    pub id: Id,
    pub revision: u32,
    #[schema(value_type = String, format = DateTime)]
    pub opened_at: Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub deadline: Timestamp,
    pub opened_by: String,
    pub status: SilenceStatus,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<Timestamp>,
    pub received: Vec<Received>,
}

/// The decision on the document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutcomeView {
    #[schema(value_type = String, format = DateTime)]
    pub adopted_at: Timestamp,
    pub meeting: Option<Key>,
    pub procedure: Procedure,
}

/// A referral and the receiving body's outcome.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReferralView {
    pub id: Id,
    pub meeting: Key,
    pub body: Code,
    pub agenda_item: Option<Id>,
    #[schema(value_type = String, format = DateTime)]
    pub referred_at: Timestamp,
    pub outcome: Option<ItemOutcome>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub decided_at: Option<Timestamp>,
    /// How the receiving body decided: `meeting` (at the meeting referred to) or `written_procedure`.
    pub decided_by: Option<Procedure>,
}

/// A language's status in the latest revision.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VersionSummary {
    pub language: Lang,
    pub status: VersionStatus,
    /// Whether the language is one of the organisation's languages of authentic texts (the version is authentic
    /// once its status is `authentic`).
    pub authentic_language: bool,
}

/// A whole document as a viewer may see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentView {
    pub id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub document: Document,
    pub status: DocumentStatus,
    /// The symbol of the current revision (`…/Rev.1`); none while provisional.
    pub symbol: Option<String>,
    pub versions: Vec<VersionSummary>,
    pub revisions: Vec<RevisionView>,
    /// Positions on the current revision.
    pub positions: Vec<PositionView>,
    pub consensus: Consensus,
    pub silence: Vec<SilenceView>,
    pub outcome: Option<OutcomeView>,
    pub referrals: Vec<ReferralView>,
    /// Its whole way through bodies, in order: agreed (prepared) at …, approved at … and submitted to …, adopted,
    /// referred, decided.
    pub path: Vec<super::passage::PathStep>,
    /// Where it is on agenda: (meeting key, item number).
    pub agenda_items: Vec<(Key, u16)>,
}

impl DocumentView {
    /// What `viewer` may do on it now: the forms a page offers (the use cases still decide each write).
    pub fn actions(&self, viewer: &Viewer) -> crate::rules::actions::DocumentActions {
        let mut takers: Vec<StateCode> =
            self.consensus.pending.iter().cloned().chain(self.positions.iter().map(|p| p.state.clone())).collect();
        takers.sort();
        takers.dedup();
        let standing = crate::rules::actions::Standing {
            status: self.status,
            sponsors: self.document.sponsor_states(),
            takers,
            open_silence: self.silence.iter().find(|s| s.status == SilenceStatus::Open).map(|s| s.id),
            owner: crate::rules::visibility::key_state(self.document.key.as_str()),
            sponsor_count: self.document.sponsors.len(),
            numbered: self.symbol.is_some(),
            undecided_referrals: self.referrals.iter().filter(|r| r.outcome.is_none()).map(|r| r.id).collect(),
        };
        crate::rules::actions::document_actions(viewer, &standing)
    }
}

/// An organisation with its memberships and seats: who decides its documents, read once for a page of them.
struct Deciders {
    org: Organisation,
    memberships: Vec<Stored<Record>>,
    seats: Vec<Stored<Record>>,
}

impl Secretariat {
    /// A whole document, if the viewer may see it.
    pub async fn document(&self, viewer: &Viewer, id: Id) -> Result<DocumentView> {
        self.document_views(viewer, &[id]).await?.pop().ok_or(Error::NotFound { what: "document" })
    }

    /// Whole documents by id, those the viewer may see, in id order: the same few reads for one or for a page.
    pub(in crate::service) async fn document_views(&self, viewer: &Viewer, ids: &[Id]) -> Result<Vec<DocumentView>> {
        let docs: Vec<Stored<Document>> = self
            .store
            .get_many(Kind::Document, ids, viewer)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Document(d) => Some(Stored { id: s.id, version: s.version, record: d }),
                _ => None,
            })
            .collect();
        let ids: Vec<Id> = docs.iter().map(|d| d.id).collect();
        let mut details: HashMap<Id, DocumentDetail> = self.store.document_details(&ids).await?.into_iter().collect();
        let mut orgs: HashMap<Code, Deciders> = HashMap::new();
        for d in &docs {
            if !orgs.contains_key(&d.record.organisation) {
                let org = self.organisation(&d.record.organisation).await?;
                let filter = participants::of_organisation(&org.code);
                let memberships = self.store.list(Kind::Membership, &filter).await?;
                let seats = self.store.list(Kind::Seat, &filter).await?;
                orgs.insert(org.code.clone(), Deciders { org, memberships, seats });
            }
        }
        let meeting_ids: Vec<Id> = details
            .values()
            .flat_map(|d| d.referrals.iter().map(|r| r.meeting).chain(d.items.iter().map(|(_, m, _)| *m)))
            .collect();
        let meetings: HashMap<Id, Meeting> = self
            .store
            .get_many(Kind::Meeting, &meeting_ids, &Viewer::Secretariat)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Meeting(m) => Some((s.id, m)),
                _ => None,
            })
            .collect();
        // An agenda item the viewer may not see is not named, though the document under it is public.
        let item_ids: Vec<Id> = details.values().flat_map(|d| d.items.iter().map(|(i, _, _)| *i)).collect();
        let visible_items: HashSet<Id> =
            self.store.get_many(Kind::AgendaItem, &item_ids, viewer).await?.into_iter().map(|s| s.id).collect();
        let mut shown = Vec::new();
        for stored in docs {
            let Some(detail) = details.remove(&stored.id) else { continue };
            let Some(deciders) = orgs.get(&stored.record.organisation) else { continue };
            shown.push(self.document_view(stored, detail, deciders, &meetings, &visible_items));
        }
        self.documents_as_seen(viewer, shown).await
    }

    /// One document's view from what was read for the whole page.
    fn document_view(
        &self,
        stored: Stored<Document>,
        detail: DocumentDetail,
        deciders: &Deciders,
        meetings: &HashMap<Id, Meeting>,
        visible_items: &HashSet<Id>,
    ) -> DocumentView {
        let Deciders { org, memberships, seats } = deciders;
        let composition = participants::composition_of(memberships, seats, &stored.record.body);
        let mut referrals = Vec::new();
        for r in &detail.referrals {
            if let Some(m) = meetings.get(&r.meeting) {
                referrals.push(ReferralView {
                    id: r.id,
                    meeting: m.key.clone(),
                    body: m.body.clone(),
                    agenda_item: r.agenda_item,
                    referred_at: r.referred_at,
                    outcome: r.outcome,
                    decided_at: r.decided_at,
                    decided_by: r.decided_by,
                });
            }
        }
        let mut agenda_items = Vec::new();
        let mut meeting_days = Vec::new();
        for (item, meeting, number) in &detail.items {
            let Some(m) = meetings.get(meeting) else { continue };
            if participants::meets_for(m, &stored.record) {
                meeting_days.push(m.starts_on);
            }
            if visible_items.contains(item) {
                agenda_items.push((m.key.clone(), *number));
            }
        }
        // Judged on the day of its meeting, else of its decision; only an undecided text off any agenda on today.
        let decided = detail.state.outcome.as_ref().map(|o| utc_day(o.at));
        let day = day_of_judgement(&meeting_days, decided, utc_day(self.clock.now()));
        let members = counting(&composition.ties, &org.membership_kinds_or_built_in(), day);
        let current = detail.revisions.last();
        let base = detail.state.symbol.clone();
        let symbol_of = |n: u32| base.as_ref().map(|b| symbols::with_suffix(b, Suffix::Rev(n)));
        DocumentView {
            id: stored.id,
            version: stored.version,
            status: detail.state.status,
            symbol: current.and_then(|r| symbol_of(r.number)),
            versions: current
                .map(|r| {
                    r.language_versions
                        .iter()
                        .map(|t| VersionSummary {
                            language: t.language.clone(),
                            status: t.status,
                            authentic_language: org.is_authentic(&t.language),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            revisions: detail
                .revisions
                .iter()
                .map(|r| RevisionView {
                    number: r.number,
                    symbol: symbol_of(r.number),
                    created_at: r.created_at,
                    created_by: r.created_by.clone(),
                    versions: r
                        .language_versions
                        .iter()
                        .map(|t| LanguageVersionView {
                            id: t.id,
                            version: t.version,
                            language: t.language.clone(),
                            status: t.status,
                            text: t.text.clone(),
                        })
                        .collect(),
                })
                .collect(),
            positions: detail
                .positions
                .iter()
                .filter(|p| current.is_some_and(|r| r.number == p.revision))
                .map(|p| PositionView {
                    state: p.state.clone(),
                    position: p.position.name(),
                    text: p.position.text().map(str::to_owned),
                    revision: p.revision,
                    recorded_by: p.recorded_by.clone(),
                    on_behalf: p.on_behalf,
                    at: p.at,
                })
                .collect(),
            consensus: current_consensus(&detail, &members),
            silence: detail.silences.iter().cloned().map(silence_view).collect(),
            outcome: detail.state.outcome.as_ref().map(|o| OutcomeView {
                adopted_at: o.at,
                meeting: o.meeting.clone(),
                procedure: o.procedure,
            }),
            path: super::passage::path(&stored.record.body, &detail.state, &referrals),
            referrals,
            agenda_items,
            document: stored.record,
        }
    }

    /// Documents the viewer may see: those of a meeting's agenda, or of an organisation, a page at a time.
    pub async fn documents(&self, filter: &Filter) -> Result<(Vec<DocumentView>, Option<Id>)> {
        let ids: Vec<Id> = match filter.meeting {
            Some(_) => {
                let mut items = filter.clone();
                items.after = None;
                items.limit = u32::MAX;
                let mut keys = Vec::new();
                for item in self.store.list(Kind::AgendaItem, &items).await? {
                    if let Record::AgendaItem(i) = item.record {
                        keys.extend(i.documents);
                    }
                }
                let keys: Vec<String> = keys.iter().map(|k| k.as_str().to_owned()).collect();
                // One read for all the items' documents; the store's query decides which the viewer may see.
                let found = self.store.find_many(Kind::Document, &keys, &filter.viewer).await?;
                found.into_iter().map(|d| d.id).filter(|id| filter.after.is_none_or(|a| *id > a)).collect()
            }
            None => {
                let mut probe = filter.clone();
                probe.limit = filter.limit.saturating_add(1);
                self.store.list(Kind::Document, &probe).await?.into_iter().map(|s| s.id).collect()
            }
        };
        let limit = usize::try_from(filter.limit).unwrap_or(usize::MAX);
        let next = (ids.len() > limit).then(|| ids[limit - 1]);
        let page: Vec<Id> = ids.into_iter().take(limit).collect();
        Ok((self.document_views(&filter.viewer, &page).await?, next))
    }

    /// Where the document is worked on: the city of the last meeting on whose agenda it stands, as the viewer
    /// may see it, with its time zone (deadlines are written in the venue's time); none off every agenda.
    pub async fn venue_of(&self, viewer: &Viewer, d: &DocumentView) -> Result<Option<City>> {
        let Some((meeting, _)) = d.agenda_items.last() else { return Ok(None) };
        let Some(Stored { record: Record::Meeting(m), .. }) =
            self.store.find(Kind::Meeting, meeting.as_str(), viewer).await?
        else {
            return Ok(None);
        };
        match self.store.find(Kind::City, m.city.as_str(), viewer).await? {
            Some(Stored { record: Record::City(c), .. }) => Ok(Some(c)),
            _ => Ok(None),
        }
    }

    /// The difference of one language between two revisions: word by word, or line by line for long texts.
    pub async fn diff(
        &self,
        viewer: &Viewer,
        id: Id,
        from: u32,
        to: u32,
        language: &Lang,
    ) -> Result<crate::rules::diff::Diff> {
        let doc = self.document(viewer, id).await?;
        let text = |n: u32| {
            doc.revisions
                .iter()
                .find(|r| r.number == n)
                .and_then(|r| r.versions.iter().find(|v| v.language == *language))
                .map(|v| v.text.clone())
                .ok_or(Error::NotFound { what: "language version" })
        };
        let (old, new) = (text(from)?, text(to)?);
        crate::service::offload::heavy(move || crate::rules::diff::bounded(&old, &new)).await
    }
}

pub(super) fn silence_view(s: SilenceProcedure) -> SilenceView {
    SilenceView {
        id: s.id,
        revision: s.revision,
        opened_at: s.opened_at,
        deadline: s.deadline,
        opened_by: s.opened_by,
        status: s.status,
        closed_at: s.closed_at,
        received: s.received,
    }
}
