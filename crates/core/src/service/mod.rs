//! Use cases: each checks who may act, applies the rules, and writes in one transaction through the Store.

mod account;
mod actors;
mod acts;
mod admin;
mod agenda;
mod announcement;
mod calendar;
mod calendar_link;
mod composition;
mod credentials;
mod document;
mod health;
mod meeting;
mod newsletter;
mod notification;
mod offload;
mod organisation;
mod plan;
mod plan_items;
mod profile;
mod publication;
mod record;
mod register;
mod relations;
mod scenario;
mod search;
mod session;
mod statements;
mod token;

use std::sync::Arc;

pub use account::AccountSettings;
pub use admin::{administers, AccountChange};
pub use agenda::{AgendaChange, ItemNumber};
pub use calendar::{Calendar, CalendarEvent, CalendarMeeting, CalendarZone};
pub use document::{
    DocumentView, NewDocument, ObjectionInput, OutcomeInput, PathStep, PositionInput, ReferralInput,
    ReferralOutcomeInput, ReferralView, SilenceView,
};
pub use health::Health;
pub use meeting::{
    BodyRef, ChairView, DelegationView, EventView, ItemView, LastChange, MeetingPart, MeetingSummary, MeetingView,
    PersonRef, Venue, MEETINGS_AROUND,
};
pub use newsletter::NewsletterView;
pub use notification::{DEADLINE_NEAR, SHOWN_NOTIFICATIONS};
pub use organisation::{
    ChairOnDay, ChairmanshipView, CoChairView, MemberView, MembershipHistory, MembershipPeriod, OrganisationOnDay,
    OrganisationView,
};
pub use plan::{LegalBasisReport, SignatureView, TreatyView};
pub use plan_items::{keeps_plans, next_number, PlanItemInput, PlanView, PlansView};
pub use profile::{
    Attendance, BodyChairView, BodyProfile, ChairSeat, MandateView, PersonProfile, PostHolding, RotationTermView,
    StateChairmanship, StateDelegation, StateMembership, StateProfile,
};
pub use publication::{PublicationView, RelatedRef, TranslationRef, FEED_LENGTH};
pub use register::{StartView, START_LINES};
pub use scenario::{ImportProgress, ImportReport, Quiet};
pub use search::{SearchHit, SearchResults};
pub use session::SESSION_HOURS;
pub use statements::{DeliveryInput, InstructionInput, ListDocument, ListSummary, ProposalInput, StatementsListView};
pub use token::{MAX_TOKEN_DAYS, TOKEN_DAYS};

use crate::clock::Clock;
use crate::store::Store;

/// Secretariat's use cases over one store and one clock.
#[derive(Clone)]
pub struct Secretariat {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    /// Who the credentials of lately signed-in requests named.
    credentials: Arc<credentials::Credentials>,
}

impl Secretariat {
    /// The use cases over `store`, telling time by `clock`.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock, credentials: Arc::default() }
    }

    /// The instant now, by the injected clock (what feeds are stamped with and countdowns count from).
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Today's date in UTC, by the injected clock: the day a question like "who chairs?" is asked about when the
    /// caller names none.
    pub fn today(&self) -> jiff::civil::Date {
        self.clock.now().to_zoned(jiff::tz::TimeZone::UTC).date()
    }
}
