//! From draft to decision: documents, their texts and revisions, positions, consensus, silence procedures,
//! outcomes at meetings, and referral to a higher body. One module per stage; the helpers they share are here.

mod agreement;
mod decision;
mod draft;
mod history;
pub(super) mod participants;
mod passage;
mod related;
mod silence;
mod view;

pub use agreement::PositionInput;
pub use decision::{OutcomeInput, ReferralInput, ReferralOutcomeInput};
pub(in crate::service) use draft::insert_document;
pub use draft::NewDocument;
pub(crate) use participants::require_position_taker;
use participants::Participants;
pub use passage::PathStep;
pub use silence::ObjectionInput;
use view::silence_view;
pub use view::{DocumentView, ReferralView, SilenceView};

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::acts::{at_meeting, record_act};
use super::notification::{notify, Event};
use super::Secretariat;
use crate::account::{AccountRole, Actor};
use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::acts::Follows;
use crate::rules::consensus::consensus;
use crate::rules::lifecycle;
use crate::rules::silence::{check_deadline, silence_state, BreakKind, Received, SilenceState};
use crate::rules::symbols::{self, Suffix, SymbolParts};
use crate::store::*;

/// An event on a document, with no deadline and no state named.
fn event(kind: NotificationKind, document: Id, source: String, at: Timestamp, actor: &Actor) -> Event<'_> {
    Event { kind, document, source, at, deadline: None, by_state: None, actor }
}

fn ts(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(Timestamp::UNIX_EPOCH)
}

pub(super) fn utc_day(t: Timestamp) -> Date {
    t.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// The earlier acts, of those known, that a new one follows.
fn follows_all(known: &[(&'static str, Option<Timestamp>)]) -> Vec<Follows> {
    known.iter().filter_map(|&(what, at)| super::acts::follows(what, at)).collect()
}

/// When the current revision was issued.
fn revision_at(detail: &DocumentDetail) -> Option<Timestamp> {
    detail.revisions.last().map(|r| r.created_at)
}

async fn document_record(tx: &mut dyn Tx, id: Id) -> Result<Stored<Document>> {
    match tx.get(Kind::Document, id).await? {
        Some(Stored { id, version, record: Record::Document(d) }) => Ok(Stored { id, version, record: d }),
        _ => Err(Error::NotFound { what: "document" }),
    }
}

/// A document as the actor may see it: one she may not see is, for her, a document that does not exist. Every use
/// case that acts on a document reads it so, before any check of role, state or status.
async fn visible_document(tx: &mut dyn Tx, actor: &Actor, id: Id) -> Result<Stored<Document>> {
    match tx.get_visible(Kind::Document, id, &actor.viewer()).await? {
        Some(Stored { id, version, record: Record::Document(d) }) => Ok(Stored { id, version, record: d }),
        _ => Err(Error::NotFound { what: "document" }),
    }
}

async fn organisation(tx: &mut dyn Tx, code: &Code) -> Result<Organisation> {
    match tx.find(Kind::Organisation, code.as_str()).await? {
        Some(Stored { record: Record::Organisation(o), .. }) => Ok(o),
        _ => Err(Error::invalid("unknown_reference", format!("no organisation `{code}`"))),
    }
}

/// Who may write a document's text: the Secretariat, or a delegate of a sponsoring state.
fn require_author(actor: &Actor, doc: &Document) -> Result<()> {
    if actor.keeps_the_record() || actor.state.as_ref().is_some_and(|s| doc.sponsor_states().contains(s)) {
        Ok(())
    } else {
        Err(Error::forbidden("only the sponsors and the Secretariat write this document"))
    }
}

fn require_keeper(actor: &Actor, what: &str) -> Result<()> {
    if actor.keeps_the_record() {
        Ok(())
    } else {
        Err(Error::forbidden(format!("only the Secretariat {what}")))
    }
}

/// The state an actor speaks for: a delegate's own state (naming another is refused), or the state the Secretariat
/// names on its behalf.
fn speaking_state(actor: &Actor, named: Option<StateCode>) -> Result<(StateCode, bool)> {
    match (actor.role, &actor.state, named) {
        (Some(AccountRole::Delegate), Some(own), None) => Ok((own.clone(), false)),
        (Some(AccountRole::Delegate), Some(own), Some(named)) if *own == named => Ok((named, false)),
        (Some(AccountRole::Delegate), _, _) => Err(Error::forbidden("a delegate speaks only for their own state")),
        (_, _, Some(named)) if actor.keeps_the_record() => Ok((named, true)),
        (_, _, None) if actor.keeps_the_record() => {
            Err(Error::invalid("state_required", "name the state on whose behalf this is recorded"))
        }
        _ => Err(Error::forbidden("only delegates, or the Secretariat on their behalf, speak for a state")),
    }
}

/// Numbers a document in its series, if it has no symbol yet: in the year of the act that numbers it (`day`).
async fn numbered(tx: &mut dyn Tx, doc: &Document, mut state: DocumentState, day: Date) -> Result<DocumentState> {
    if state.symbol.is_some() {
        return Ok(state);
    }
    let org = organisation(tx, &doc.organisation).await?;
    let series = match &doc.amends {
        Some(amends) => {
            let parent = match tx.find(Kind::Document, amends.document.as_str()).await? {
                Some(p) => tx.document_detail(p.id).await?.state.symbol,
                None => None,
            }
            .ok_or_else(|| Error::conflict("parent_not_numbered", "the document amended has no symbol yet"))?;
            symbols::amendment_series(&parent, amends.kind == Amendment::Corrigendum)
        }
        None => symbols::series(
            &org.register.pattern,
            &SymbolParts {
                org: org.code.as_str(),
                body: doc.body.as_str(),
                year: day.year(),
                kind: &org.register.code_of(doc.kind)?,
                number: 0,
            },
        ),
    };
    let n = symbols::next_number(&tx.series_numbers(&series).await?);
    state.symbol = Some(symbols::in_series(&series, n));
    state.series = Some((series, n));
    Ok(state)
}

fn current_consensus(detail: &DocumentDetail, members: &[StateCode]) -> Consensus {
    let current = detail.revisions.last().map(|r| r.number);
    let positions: Vec<(StateCode, Position)> = detail
        .positions
        .iter()
        .filter(|p| Some(p.revision) == current)
        .map(|p| (p.state.clone(), p.position.clone()))
        .collect();
    consensus(members, &positions)
}
