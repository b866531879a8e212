//! The register of documents and the start page: what the viewer may see, filtered and paged by the store's query,
//! and what needs her now, gathered in one use case.

use serde::Serialize;

use super::{MeetingSummary, Secretariat};
use crate::domain::*;
use crate::error::Result;
use crate::store::Filter;

/// How many lines each list of the start page holds.
pub const START_LINES: u32 = 10;

/// What the start page shows its viewer. Each list holds only what she may see; lists that are not hers are empty.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct StartView {
    /// The organisations kept here: (code, name).
    pub organisations: Vec<(Code, Text)>,
    /// Meetings that have not ended, soonest first.
    pub next_meetings: Vec<MeetingSummary>,
    /// The latest adopted documents.
    pub adopted: Vec<RegisterRow>,
    /// A delegate's: documents open for positions on which her state has said nothing yet.
    pub awaiting_position: Vec<RegisterRow>,
    /// Silence procedures open, soonest deadline first: for a delegate, to object to; for the Secretariat, due.
    pub open_silence: Vec<RegisterRow>,
    /// A delegate's: her state's drafts, not yet circulated.
    pub own_drafts: Vec<RegisterRow>,
    /// The Secretariat's: drafts to circulate.
    pub to_circulate: Vec<RegisterRow>,
    /// The Secretariat's: coming meetings whose agenda is still provisional.
    pub agendas_to_adopt: Vec<MeetingSummary>,
}

impl Secretariat {
    /// A page of the register as `query` asks, and how many rows all its pages hold.
    pub async fn register(&self, query: &RegisterQuery) -> Result<RegisterPage> {
        let limit = query.limit.clamp(1, REGISTER_EXPORT);
        self.store.register(&RegisterQuery { limit, ..query.clone() }).await
    }

    /// How many rows of the register `query` finds, without reading a page of them.
    pub async fn register_count(&self, query: &RegisterQuery) -> Result<u64> {
        Ok(self.store.register(&RegisterQuery { limit: 0, ..query.clone() }).await?.total)
    }

    async fn lines(&self, viewer: &Viewer, shape: impl FnOnce(&mut RegisterQuery)) -> Result<Vec<RegisterRow>> {
        let mut query = RegisterQuery::new(viewer.clone(), RegisterFilters::default());
        query.limit = START_LINES;
        shape(&mut query);
        Ok(self.register(&query).await?.rows)
    }

    /// What needs the viewer now: for a delegate, drafts awaiting her state's position, open silence procedures
    /// and her state's drafts; for the Secretariat, drafts to circulate, procedures due and agendas to adopt; for
    /// everyone, the next meetings, the latest adopted documents and the organisations.
    pub async fn start(&self, viewer: &Viewer) -> Result<StartView> {
        let mut view = StartView::default();
        let (organisations, _) = self.list(Kind::Organisation, &Filter::new(viewer.clone())).await?;
        view.organisations = organisations
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Organisation(o) => Some((o.code, o.name)),
                _ => None,
            })
            .collect();
        let mut filter = Filter::new(viewer.clone());
        filter.from = Some(self.today());
        let (mut meetings, _) = self.meetings(&filter).await?;
        meetings.retain(|m| !matches!(m.status, MeetingStatus::Held | MeetingStatus::Cancelled));
        meetings.sort_by_key(|m| (m.starts_on, m.id));
        meetings.truncate(usize::try_from(START_LINES).unwrap_or(10));
        view.adopted =
            self.lines(viewer, |q| q.statuses = vec![DocumentStatus::Adopted, DocumentStatus::Referred]).await?;
        match viewer {
            Viewer::Delegate { state, .. } => {
                let awaiting = self.lines(viewer, |q| q.awaiting = Some(state.clone())).await?;
                // Only where her state takes a position: a member of the document's body on the day that counts,
                // as the consensus rule judges it (an observer's delegate is awaited on nothing).
                let ids: Vec<Id> = awaiting.iter().map(|r| r.id).collect();
                let views = self.document_views(viewer, &ids).await?;
                let awaited = |id: Id| views.iter().any(|v| v.id == id && v.consensus.pending.contains(state));
                view.awaiting_position = awaiting.into_iter().filter(|r| awaited(r.id)).collect();
                view.own_drafts = self
                    .lines(viewer, |q| {
                        q.filters.sponsor = Some(Sponsor::State(state.clone()));
                        q.filters.status = Some(DocumentStatus::Draft);
                    })
                    .await?;
            }
            Viewer::Secretariat => {
                view.to_circulate = self.lines(viewer, |q| q.filters.status = Some(DocumentStatus::Draft)).await?;
                for m in &meetings {
                    if self.store.agenda(m.id).await?.status == AgendaStatus::Provisional {
                        view.agendas_to_adopt.push(m.clone());
                    }
                }
            }
            Viewer::Public | Viewer::Press { .. } => {}
        }
        if matches!(viewer, Viewer::Delegate { .. } | Viewer::Secretariat) {
            let mut open = self.lines(viewer, |q| q.silence_open = true).await?;
            open.sort_by_key(|r| (r.silence_deadline, r.id));
            view.open_silence = open;
        }
        view.next_meetings = meetings;
        Ok(view)
    }
}
