//! Who takes part in deciding a document: its body's composition (its seats, else its organisation's memberships)
//! on the day membership is judged — the day of its body's meeting when its agenda carries the document, else the
//! day of the act. One rule (`rules::membership`) for positions, agreement, silence and adoption at a meeting.

use super::*;
use crate::rules::membership::{self, Composition, Source};

/// A body's composition from the organisation's memberships and seats as listed.
pub(in crate::service) fn composition_of(
    memberships: &[Stored<Record>],
    seats: &[Stored<Record>],
    body: &Code,
) -> Composition {
    let memberships: Vec<Membership> = memberships
        .iter()
        .filter_map(|s| match &s.record {
            Record::Membership(m) => Some(m.clone()),
            _ => None,
        })
        .collect();
    let seats: Vec<Seat> = seats
        .iter()
        .filter_map(|s| match &s.record {
            Record::Seat(seat) => Some(seat.clone()),
            _ => None,
        })
        .collect();
    membership::composition(&memberships, &seats, body)
}

/// Everything of an organisation, for the Secretariat's eyes: its memberships and seats are public facts.
pub(super) fn of_organisation(code: &Code) -> Filter {
    let mut filter = Filter::new(Viewer::Secretariat);
    filter.organisation = Some(code.clone());
    filter.limit = u32::MAX;
    filter
}

/// Whether a meeting is one of the document's own body (alone or jointly).
pub(super) fn meets_for(meeting: &Meeting, doc: &Document) -> bool {
    meeting.body == doc.body || meeting.joint_with.contains(&doc.body)
}

/// The body's composition and the organisation's kinds, on the day membership is judged.
pub(super) struct Participants {
    pub day: Date,
    composition: Composition,
    organisation: Organisation,
    body: Code,
}

impl Participants {
    /// The participants in the body's decisions on `day`.
    pub(super) async fn on(tx: &mut dyn Tx, org: &Code, body: &Code, day: Date) -> Result<Self> {
        let organisation = organisation(tx, org).await?;
        let filter = of_organisation(org);
        let memberships = tx.list(Kind::Membership, &filter).await?;
        let seats = tx.list(Kind::Seat, &filter).await?;
        let composition = composition_of(&memberships, &seats, body);
        Ok(Self { day, composition, organisation, body: body.clone() })
    }

    /// The participants in deciding a document: on the day of its body's latest meeting whose agenda carries it,
    /// else on the day of the act.
    pub(super) async fn of_document(
        tx: &mut dyn Tx,
        doc: &Document,
        detail: &DocumentDetail,
        act: Date,
    ) -> Result<Self> {
        let meetings: Vec<Id> = detail.items.iter().map(|(_, meeting, _)| *meeting).collect();
        // One read for the meetings of all the items that carry it, rather than one per item.
        let days: Vec<Date> = tx
            .get_many(Kind::Meeting, &meetings)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Meeting(m) if meets_for(&m, doc) => Some(m.starts_on),
                _ => None,
            })
            .collect();
        let day = membership::day_of_judgement(&days, Some(act), act);
        Self::on(tx, &doc.organisation, &doc.body, day).await
    }

    /// The states that count in consensus on the day.
    pub(super) fn counting(&self) -> Vec<StateCode> {
        membership::counting(&self.composition.ties, &self.organisation.membership_kinds_or_built_in(), self.day)
    }

    /// Refuses a state that may not take a position on the day, naming the real reason.
    pub(super) async fn require_position_taker(&self, tx: &mut dyn Tx, state: &StateCode) -> Result<()> {
        let kinds = self.organisation.membership_kinds_or_built_in();
        let Err(refusal) = membership::may_take_position(&self.composition.ties, &kinds, state, self.day) else {
            return Ok(());
        };
        let state_name = match tx.find(Kind::State, state.as_str()).await? {
            Some(Stored { record: Record::State(s), .. }) => s.name.get("en").to_owned(),
            _ => state.to_string(),
        };
        let whole = match self.composition.source {
            Source::Organisation => the(self.organisation.abbreviation.as_ref().unwrap_or(&self.organisation.name)),
            Source::Body => match tx.find(Kind::Body, &format!("{}/{}", self.organisation.code, self.body)).await? {
                Some(Stored { record: Record::Body(b), .. }) => the(b.abbreviation.as_ref().unwrap_or(&b.name)),
                _ => format!("the {}", self.body),
            },
        };
        Err(Error::invalid(refusal.code(), refusal.message(&state_name, &whole, self.day)))
    }
}

/// Refuses a state that could not take a position on a document of its body on `day` (an imported act, judged by
/// the API's rule).
pub(crate) async fn require_position_taker(
    tx: &mut dyn Tx,
    doc: &Document,
    state: &StateCode,
    day: Date,
) -> Result<()> {
    Participants::on(tx, &doc.organisation, &doc.body, day).await?.require_position_taker(tx, state).await
}

/// "the CSTO", "the Permanent Council": a name in English with its article.
fn the(name: &Text) -> String {
    let name = name.get("en");
    if name.starts_with("the ") || name.starts_with("The ") {
        name.to_owned()
    } else {
        format!("the {name}")
    }
}
