//! The yearly list of joint statements as people read it: the call (year, endorsing body, cut-off in the venue's
//! time), the proposals, the compiled list document and its status, the instructions per forum and the deliveries,
//! with what the viewer may do on it ([`ListActions`]). The writes are in [`write`].

mod write;

use jiff::civil::Date;

pub use write::{DeliveryInput, InstructionInput, ProposalInput};

use super::Secretariat;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::membership;
use crate::rules::statements::{self, Call, ListActions, Stage};
use crate::store::{Filter, Stored, Tx};

/// The list document as the list page names it.
#[derive(Debug, Clone)]
pub struct ListDocument {
    pub id: Id,
    pub key: Key,
    pub symbol: Option<String>,
    pub title: Text,
    pub status: DocumentStatus,
}

/// A list as a line of an organisation's lists.
#[derive(Debug, Clone)]
pub struct ListSummary {
    pub list: StatementsList,
    pub stage: Stage,
    /// The venue day the stage is judged on.
    pub today: Date,
}

/// A statements list with everything the viewer may see of it, and the actions she may take.
#[derive(Debug, Clone)]
pub struct StatementsListView {
    pub id: Id,
    pub version: i64,
    pub list: StatementsList,
    /// The endorsing body, as recorded.
    pub body: Body,
    /// The city of the body's meeting that is to endorse the list (its first in the year that ends on or after the
    /// cut-off): the cut-off day is a day there. None known: a day in UTC.
    pub venue: Option<City>,
    /// Today, in the venue's time.
    pub today: Date,
    pub stage: Stage,
    pub document: Option<ListDocument>,
    pub proposals: Vec<Stored<Proposal>>,
    pub instructions: Vec<Instruction>,
    pub deliveries: Vec<Delivery>,
    /// The states that take part in the body's decisions today.
    pub members: Vec<StateCode>,
    /// Whether the viewer sees what is the members' (proposals, instructions, deliveries): a delegate or the
    /// Secretariat. To anyone else those parts do not exist, empty or not.
    pub sees_members_parts: bool,
    pub actions: ListActions,
}

fn meetings_filter(list: &StatementsList) -> Filter {
    let mut filter = Filter::new(Viewer::Secretariat);
    filter.organisation = Some(list.organisation.clone());
    filter.body = Some(list.body.clone());
    filter.from = Some(list.cutoff);
    filter.to = Date::new(list.year, 12, 31).ok();
    filter.limit = u32::MAX;
    filter
}

fn of_organisation(code: &Code) -> Filter {
    let mut filter = Filter::new(Viewer::Secretariat);
    filter.organisation = Some(code.clone());
    filter.limit = u32::MAX;
    filter
}

/// The endorsing meeting's city among the meetings listed: the first to start.
fn first_city(meetings: Vec<Stored<Record>>) -> Option<Key> {
    meetings
        .into_iter()
        .filter_map(|s| match s.record {
            Record::Meeting(m) => Some(m),
            _ => None,
        })
        .min_by_key(|m| m.starts_on)
        .map(|m| m.city)
}

/// The states that take part in the body's decisions on `day` (members of a kind that takes positions).
fn members_on(
    org: &Organisation,
    body: &Code,
    memberships: &[Stored<Record>],
    seats: &[Stored<Record>],
    day: Date,
) -> Vec<StateCode> {
    let ties = super::document::participants::composition_of(memberships, seats, body).ties;
    let kinds = org.membership_kinds_or_built_in();
    membership::states_on(&ties, day)
        .into_iter()
        .filter(|s| membership::may_take_position(&ties, &kinds, s, day).is_ok())
        .collect()
}

/// The day `now` is in a city's zone, else in UTC.
fn day_in(now: jiff::Timestamp, venue: Option<&City>) -> Date {
    let zone = venue.map_or(jiff::tz::TimeZone::UTC, |c| c.time_zone.zone());
    now.to_zoned(zone).date()
}

/// What a write on a list needs to know of its call, read inside the write's transaction.
pub(super) struct CallContext {
    pub today: Date,
    pub org: Organisation,
    memberships: Vec<Stored<Record>>,
    seats: Vec<Stored<Record>>,
}

impl CallContext {
    pub(super) async fn read(tx: &mut dyn Tx, list: &StatementsList, now: jiff::Timestamp) -> Result<Self> {
        let city = first_city(tx.list(Kind::Meeting, &meetings_filter(list)).await?);
        let venue = match city {
            Some(key) => match tx.find(Kind::City, key.as_str()).await? {
                Some(Stored { record: Record::City(c), .. }) => Some(c),
                _ => None,
            },
            None => None,
        };
        let org = match tx.find(Kind::Organisation, list.organisation.as_str()).await? {
            Some(Stored { record: Record::Organisation(o), .. }) => o,
            _ => return Err(Error::NotFound { what: "organisation" }),
        };
        let filter = of_organisation(&list.organisation);
        let memberships = tx.list(Kind::Membership, &filter).await?;
        let seats = tx.list(Kind::Seat, &filter).await?;
        Ok(Self { today: day_in(now, venue.as_ref()), org, memberships, seats })
    }

    /// The states that take part in the list's body's decisions on `day`.
    pub(super) fn members_on(&self, body: &Code, day: Date) -> Vec<StateCode> {
        members_on(&self.org, body, &self.memberships, &self.seats, day)
    }
}

impl Secretariat {
    /// The endorsing meeting's city, read as anyone may (meetings and cities are public).
    async fn venue_of_list(&self, list: &StatementsList) -> Result<Option<City>> {
        let Some(key) = first_city(self.store.list(Kind::Meeting, &meetings_filter(list)).await?) else {
            return Ok(None);
        };
        Ok(match self.store.find(Kind::City, key.as_str(), &Viewer::Secretariat).await? {
            Some(Stored { record: Record::City(c), .. }) => Some(c),
            _ => None,
        })
    }

    /// The list document, if the viewer may see it (the store names it only then).
    async fn list_document(&self, viewer: &Viewer, list: &StatementsList) -> Result<Option<ListDocument>> {
        let Some(key) = &list.document else { return Ok(None) };
        let Some(Stored { id, record: Record::Document(doc), .. }) =
            self.store.find(Kind::Document, key.as_str(), viewer).await?
        else {
            return Ok(None);
        };
        let state = self.store.document_state(id).await?;
        Ok(Some(ListDocument { id, key: doc.key, symbol: state.symbol, title: doc.title, status: state.status }))
    }

    /// An organisation's statements lists, latest year first, each with its stage as the viewer may see it.
    pub async fn statements_lists(&self, viewer: &Viewer, code: &Code) -> Result<Vec<ListSummary>> {
        self.organisation(code).await?;
        let mut filter = Filter::new(viewer.clone());
        filter.organisation = Some(code.clone());
        filter.limit = u32::MAX;
        let mut out = Vec::new();
        for stored in self.store.list(Kind::StatementsList, &filter).await? {
            let Record::StatementsList(list) = stored.record else { continue };
            let venue = self.venue_of_list(&list).await?;
            let today = day_in(self.clock.now(), venue.as_ref());
            let document = self.list_document(viewer, &list).await?;
            let stage = statements::stage(list.cutoff, today, document.map(|d| d.status));
            out.push(ListSummary { list, stage, today });
        }
        out.sort_by(|a, b| b.list.year.cmp(&a.list.year).then_with(|| a.list.key.cmp(&b.list.key)));
        Ok(out)
    }

    /// A statements list as the viewer may see it: proposals, instructions and deliveries are the members' and the
    /// Secretariat's (the store filters them), the list document shown only to whoever may see it.
    pub async fn statements_list(&self, viewer: &Viewer, key: &Key) -> Result<StatementsListView> {
        let Some(Stored { id, version, record: Record::StatementsList(list) }) =
            self.store.find(Kind::StatementsList, key.as_str(), viewer).await?
        else {
            return Err(Error::NotFound { what: "statements list" });
        };
        let org = self.organisation(&list.organisation).await?;
        let body = match self.store.find(Kind::Body, &format!("{}/{}", list.organisation, list.body), viewer).await? {
            Some(Stored { record: Record::Body(b), .. }) => b,
            _ => return Err(Error::NotFound { what: "body" }),
        };
        let venue = self.venue_of_list(&list).await?;
        let today = day_in(self.clock.now(), venue.as_ref());
        let document = self.list_document(viewer, &list).await?;
        let mut children = Filter::new(viewer.clone());
        children.owner = Some(list.key.clone());
        children.limit = u32::MAX;
        let proposals: Vec<Stored<Proposal>> = self
            .store
            .list(Kind::Proposal, &children)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Proposal(p) => Some(Stored { id: s.id, version: s.version, record: p }),
                _ => None,
            })
            .collect();
        let instructions = self
            .store
            .list(Kind::Instruction, &children)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Instruction(i) => Some(i),
                _ => None,
            })
            .collect();
        // One read of the deliveries the viewer may see, rather than one per proposal: a few a year.
        let mut all = Filter::new(viewer.clone());
        all.limit = u32::MAX;
        let keys: Vec<&Key> = proposals.iter().map(|p| &p.record.key).collect();
        let mut deliveries: Vec<Delivery> = self
            .store
            .list(Kind::Delivery, &all)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Delivery(d) if keys.contains(&&d.proposal) => Some(d),
                _ => None,
            })
            .collect();
        deliveries.sort_by(|a, b| a.on.cmp(&b.on).then_with(|| a.proposal.cmp(&b.proposal)));
        let filter = of_organisation(&list.organisation);
        let memberships = self.store.list(Kind::Membership, &filter).await?;
        let seats = self.store.list(Kind::Seat, &filter).await?;
        let members = members_on(&org, &list.body, &memberships, &seats, today);
        let call = Call { cutoff: list.cutoff, compiled: list.document.is_some() };
        let included = proposals.iter().filter(|p| p.record.included).count();
        let actions = statements::list_actions(viewer, call, today, &members, included);
        let stage = statements::stage(list.cutoff, today, document.as_ref().map(|d| d.status));
        Ok(StatementsListView {
            id,
            version,
            list,
            body,
            venue,
            today,
            stage,
            document,
            proposals,
            instructions,
            deliveries,
            members,
            sees_members_parts: viewer.levels().contains(&Visibility::Members),
            actions,
        })
    }
}
