//! The Store: what the use cases need of storage. One implementation per engine lives in `secretariat-store`.
//!
//! Reads take the viewer, and the store filters by visibility in its queries. Writes go through a transaction
//! ([`Tx`]) that appends an audit entry for every change, in the same transaction.

mod accounts;
mod newsletter;

pub use accounts::{AccountStore, AccountTx};
pub use newsletter::{NewsletterStore, NewsletterTx};
mod rows;
pub use rows::{
    AgendaState, DocumentDetail, DocumentState, LanguageVersion, RecordedItemOutcome, RecordedPosition, Referral,
    Revision, SilenceProcedure,
};

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;

use crate::account::{Account, Actor, ApiToken, NewAccount, Session};
use crate::domain::*;
use crate::error::Result;
use crate::rules::audit::AuditEntry;
use crate::rules::silence::Received;
use crate::rules::throttle::Counter;

/// A stored record with its id and version (for optimistic concurrency).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Stored<T> {
    pub id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub record: T,
}

/// What to list. Each kind honours the filters that apply to it; visibility always applies.
#[derive(Debug, Clone)]
pub struct Filter {
    pub viewer: Viewer,
    pub organisation: Option<Code>,
    pub body: Option<Code>,
    pub meeting: Option<Id>,
    /// Any of these meetings (with `meeting`, or alone): one read for the parts of many meetings. At most
    /// [`MEETINGS_A_READ`] a list.
    pub meetings: Vec<Id>,
    pub state: Option<StateCode>,
    pub person: Option<Key>,
    /// Any of these persons (with `person`, or alone): one read for the mandates of a whole delegation.
    pub persons: Vec<Key>,
    pub post: Option<Key>,
    /// The record a child belongs to: a plan item's plan, a proposal's list, a delivery's proposal,
    /// a signature's document, a corrigendum's or addendum's document.
    pub owner: Option<Key>,
    pub role: Option<Role>,
    /// Meetings that end on or after this day.
    pub from: Option<Date>,
    /// Meetings that start on or before this day.
    pub to: Option<Date>,
    /// Meetings that start on or after this day.
    pub since: Option<Date>,
    /// Meetings that end before this day (those that have ended by it).
    pub before: Option<Date>,
    /// Publications of this category (by key).
    pub category: Option<Key>,
    /// Publications in this language.
    pub language: Option<Lang>,
    /// Publications about this meeting (by key).
    pub about_meeting: Option<Key>,
    /// Publications about this document (by key).
    pub about_document: Option<Key>,
    /// Keyset pagination: rows after this id (in [`Order::Recorded`] only).
    pub after: Option<Id>,
    pub order: Order,
    pub limit: u32,
}

/// How many meetings one list names in `Filter::meetings`: well under either engine's limit of bound parameters.
pub const MEETINGS_A_READ: usize = 400;

/// The order of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// By id: the order the records were made in.
    #[default]
    Recorded,
    /// By the kind's day (a meeting's last day), earliest first, then by id.
    Chronological,
    /// By the kind's day, latest first, then by id, latest first.
    ReverseChronological,
}

impl Filter {
    /// Everything the viewer may see, up to the page size.
    pub fn new(viewer: Viewer) -> Self {
        Self {
            viewer,
            organisation: None,
            body: None,
            meeting: None,
            meetings: Vec::new(),
            state: None,
            person: None,
            persons: Vec::new(),
            post: None,
            owner: None,
            role: None,
            from: None,
            to: None,
            since: None,
            before: None,
            category: None,
            language: None,
            about_meeting: None,
            about_document: None,
            after: None,
            order: Order::Recorded,
            limit: 500,
        }
    }
}

/// The storage of Secretariat.
#[async_trait]
pub trait Store: AccountStore + NewsletterStore + Send + Sync {
    /// `sqlite` or `postgres`.
    fn engine(&self) -> &'static str;

    /// Opens a write transaction for `actor`; its audit entries carry `at`.
    async fn begin(&self, actor: &Actor, at: Timestamp) -> Result<Box<dyn Tx>>;

    /// One record by id, if the viewer may see it.
    async fn get(&self, kind: Kind, id: Id, viewer: &Viewer) -> Result<Option<Stored<Record>>>;

    /// One record by its natural key (code, key; `ORG/BODY` for a body), if the viewer may see it.
    async fn find(&self, kind: Kind, key: &str, viewer: &Viewer) -> Result<Option<Stored<Record>>>;

    /// Records of a kind, in the filter's order, filtered by visibility in the query.
    async fn list(&self, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>>;

    /// Records of a kind by id, those the viewer may see, in id order: one read for many, never one per id.
    async fn get_many(&self, kind: Kind, ids: &[Id], viewer: &Viewer) -> Result<Vec<Stored<Record>>>;

    /// Records of a kind by natural key, those the viewer may see, in id order; unknown keys are left out.
    async fn find_many(&self, kind: Kind, keys: &[String], viewer: &Viewer) -> Result<Vec<Stored<Record>>>;

    /// The agenda of a meeting.
    async fn agenda(&self, meeting: Id) -> Result<AgendaState>;

    /// The organisation's meetings (or one body's) counted by body, year of their first day, kind and status, in
    /// that order: one grouped read, however many meetings. Meetings are public.
    async fn meeting_counts(&self, organisation: &Code, body: Option<&Code>) -> Result<Vec<MeetingCount>>;

    /// Each body's next meeting: of the organisation's meetings that end on or after `from`, the one of each body
    /// that ends first (the lower id on a tie), in id order; one read, however many bodies.
    async fn next_by_body(&self, organisation: &Code, from: Date) -> Result<Vec<Stored<Record>>>;

    /// The number and hash of the last audit entry, as the writers recorded them.
    async fn audit_head(&self) -> Result<(i64, String)>;

    /// The head as this process knows it without a read: moved by every commit through this store (before the
    /// commit returns) and by [`Store::poll_head`]; `None` before either.
    fn kept_head(&self) -> Option<(i64, String)>;

    /// Reads the head from the database and keeps it: how the writes of other processes are learnt. A plain read
    /// that never takes a write lock; its statement is not counted among those of the requests.
    async fn poll_head(&self) -> Result<(i64, String)>;

    /// Brings the query planner's statistics up to date after a bulk write (an import): without them, a planner
    /// that has never seen the tables' sizes may scan a table of millions of rows where an index finds a few.
    async fn refresh_statistics(&self) -> Result<()>;

    /// Audit entries in order, optionally of one scope and from an instant on.
    async fn audit_entries(&self, scope: Option<&str>, since_us: Option<i64>) -> Result<Vec<AuditEntry>>;

    /// At most `limit` audit entries after number `after`, in order of number: the whole log walked a page at a time.
    async fn audit_page(&self, after: i64, limit: i64) -> Result<Vec<AuditEntry>>;

    /// An account by user name.
    async fn account_by_name(&self, username: &str) -> Result<Option<Account>>;

    /// Accounts by user name, in one read; unknown names are left out.
    async fn accounts_by_names(&self, usernames: &[String]) -> Result<Vec<Account>>;

    /// The account of a live session, by the hash of its token.
    async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<(Account, Session)>>;

    /// Opens a session, removing sessions that expired by `now`.
    async fn create_session(&self, session: &Session, now: Timestamp) -> Result<()>;

    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> Result<()>;

    /// The account of an API token that is neither expired by `now` nor revoked, by the hash of the token.
    async fn account_by_token(&self, token_hash: &str, now: Timestamp) -> Result<Option<Account>>;

    /// API tokens, of one account or of all, in id order.
    async fn tokens(&self, account: Option<Id>) -> Result<Vec<ApiToken>>;

    /// A sign-in throttle counter by its key.
    async fn throttle_counter(&self, key: &str) -> Result<Option<Counter>>;

    /// Replaces a throttle counter if it is still `expected` (`None`: if there is none); whether it did. A new
    /// counter also sweeps away those whose last failure is older than `forget_before_us`.
    async fn swap_throttle_counter(
        &self,
        key: &str,
        expected: Option<&Counter>,
        new: &Counter,
        forget_before_us: i64,
    ) -> Result<bool>;

    /// Removes a throttle counter.
    async fn delete_throttle_counter(&self, key: &str) -> Result<()>;

    /// A document's state, revisions, positions, silence procedures, referrals and agenda items.
    async fn document_detail(&self, document: Id) -> Result<DocumentDetail>;

    /// Where a document stands (status, symbol, outcome), without the rest of its detail.
    async fn document_state(&self, document: Id) -> Result<DocumentState>;

    /// Where each of these documents stands, by id; an unknown id is left out.
    async fn document_states(&self, documents: &[Id]) -> Result<Vec<(Id, DocumentState)>>;

    /// The detail of each of these documents, by id, in a number of reads that does not grow with their number.
    async fn document_details(&self, documents: &[Id]) -> Result<Vec<(Id, DocumentDetail)>>;

    /// An agenda item's recorded outcome.
    async fn item_outcome(&self, item: Id) -> Result<Option<RecordedItemOutcome>>;

    /// The recorded outcomes of a meeting's agenda items, by item id.
    async fn item_outcomes(&self, meeting: Id) -> Result<Vec<(Id, RecordedItemOutcome)>>;

    /// Open silence procedures whose deadline has come by `now`.
    async fn due_silences(&self, now: Timestamp) -> Result<Vec<Id>>;

    /// Counts one view of a published publication, in one atomic update.
    async fn count_hit(&self, publication: Id) -> Result<()>;

    /// Scheduled publications whose instant has come (microseconds, UTC).
    async fn due_publications(&self, now_us: i64) -> Result<Vec<Id>>;
    /// A page of the register, newest first, and how many rows match: only what the viewer may see is read or
    /// counted.
    async fn register(&self, query: &RegisterQuery) -> Result<RegisterPage>;

    /// A page of the rows whose index entries hold the query's stems, best first (those holding every stem, then
    /// the others; newest first in each, then by kind and id), and how many rows match up to the query's cap: only
    /// what the viewer may see is read, counted or quoted.
    async fn search(&self, query: &SearchQuery) -> Result<SearchFound>;
}

/// A write transaction. Dropped without `commit`, it rolls back.
#[async_trait]
pub trait Tx: AccountTx + NewsletterTx + Send {
    /// The recorded act that the following writes make happened at `at`: their audit entries keep it beside the
    /// instant they are written.
    fn occurred(&mut self, at: Timestamp);

    /// Inserts a record, resolving its references; returns its id.
    async fn insert(&mut self, record: &Record) -> Result<Id>;

    /// Replaces a record if it is still at `version`; returns the new version.
    async fn update(&mut self, id: Id, version: i64, record: &Record) -> Result<i64>;

    /// Deletes a record if it is still at `version`.
    async fn delete(&mut self, kind: Kind, id: Id, version: i64) -> Result<()>;

    /// One record by id, as the transaction sees it.
    async fn get(&mut self, kind: Kind, id: Id) -> Result<Option<Stored<Record>>>;

    /// Records of a kind by id, as the transaction sees them, in id order.
    async fn get_many(&mut self, kind: Kind, ids: &[Id]) -> Result<Vec<Stored<Record>>>;

    /// One record by natural key, as the transaction sees it.
    async fn find(&mut self, kind: Kind, key: &str) -> Result<Option<Stored<Record>>>;

    /// Records of a kind by natural key, as the transaction sees them, in id order; unknown keys are left out.
    async fn find_many(&mut self, kind: Kind, keys: &[String]) -> Result<Vec<Stored<Record>>>;

    /// One record by id, if the viewer may see it (the same condition as the store's reads).
    async fn get_visible(&mut self, kind: Kind, id: Id, viewer: &Viewer) -> Result<Option<Stored<Record>>>;

    /// One record by natural key, if the viewer may see it.
    async fn find_visible(&mut self, kind: Kind, key: &str, viewer: &Viewer) -> Result<Option<Stored<Record>>>;

    /// Records of a kind, as the transaction sees them (no visibility filter: use cases decide).
    async fn list(&mut self, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>>;

    /// The agenda of a meeting.
    async fn agenda(&mut self, meeting: Id) -> Result<AgendaState>;

    /// Sets the agenda's status, with an audit entry of `action`.
    async fn set_agenda(&mut self, meeting: Id, agenda: &AgendaState, action: &str) -> Result<()>;

    /// Creates an account.
    async fn insert_account(&mut self, account: &NewAccount) -> Result<Id>;

    /// Stores an API token's hash for an account, valid until `expires_us` (microseconds, UTC).
    async fn insert_token(&mut self, account: Id, name: &str, token_hash: &str, expires_us: i64) -> Result<Id>;

    /// Marks a token revoked at the transaction's instant; not found if it is not there.
    async fn revoke_token(&mut self, token: Id) -> Result<()>;

    /// A document's state, revisions, positions, silence procedures, referrals and agenda items.
    async fn document_detail(&mut self, document: Id) -> Result<DocumentDetail>;

    /// Sets where a document stands, with an audit entry of `action`.
    async fn set_document_state(&mut self, document: Id, state: &DocumentState, action: &str) -> Result<()>;

    /// The numbers already taken in a numbering series.
    async fn series_numbers(&mut self, series: &str) -> Result<Vec<u32>>;

    /// Adds a revision with its language versions; returns its id.
    async fn insert_revision(&mut self, document: Id, revision: &Revision) -> Result<Id>;

    /// Adds a language version to a revision; returns its id.
    async fn insert_language_version(&mut self, document: Id, revision: Id, version: &LanguageVersion) -> Result<Id>;

    /// Changes one language version's text and status if it is still at `version`; returns the new version.
    async fn update_language_version(
        &mut self,
        document: Id,
        language_version: Id,
        version: i64,
        text: &str,
        status: VersionStatus,
    ) -> Result<i64>;

    /// Records (or replaces) a state's position on a revision.
    async fn set_position(&mut self, document: Id, revision: Id, position: &RecordedPosition) -> Result<()>;

    /// Records the positions on a revision that holds none yet (one just inserted), as `set_position` would one
    /// after the other (a state's later position replaces its earlier one, and each appends its entry), but
    /// written together: what an import uses.
    async fn insert_positions(&mut self, document: Id, revision: Id, positions: &[RecordedPosition]) -> Result<()>;

    /// Opens a silence procedure; returns its id.
    async fn insert_silence(&mut self, silence: &SilenceProcedure) -> Result<Id>;

    /// One silence procedure.
    async fn silence(&mut self, id: Id) -> Result<Option<SilenceProcedure>>;

    /// Records an objection or amendment received under silence.
    async fn insert_received(&mut self, silence: Id, document: Id, received: &Received) -> Result<()>;

    /// Closes an open procedure; false when it was already closed (by another instance, say).
    async fn close_silence(&mut self, silence: Id, status: SilenceStatus, closed_at: Timestamp) -> Result<bool>;

    /// Records a referral; returns its id.
    async fn insert_referral(&mut self, referral: &Referral) -> Result<Id>;

    /// One referral.
    async fn referral(&mut self, id: Id) -> Result<Option<Referral>>;

    /// Records the outcome of a referral as the receiving body decided it.
    async fn set_referral_outcome(&mut self, id: Id, outcome: ItemOutcome, at: Timestamp, by: Procedure) -> Result<()>;

    /// Records an agenda item's outcome.
    async fn set_item_outcome(&mut self, item: Id, outcome: &RecordedItemOutcome) -> Result<()>;

    /// An agenda item's recorded outcome.
    async fn item_outcome(&mut self, item: Id) -> Result<Option<RecordedItemOutcome>>;

    /// Publishes a scheduled publication at its instant, with an audit entry, if it is still scheduled and due
    /// at `now`: false when another instance published it first.
    async fn publish_scheduled(&mut self, publication: Id, now: Timestamp) -> Result<bool>;

    /// Gives an account the publisher it writes for, with an audit entry; not found if there is no such account.
    async fn set_account_publisher(&mut self, username: &str, publisher: Option<&Key>) -> Result<()>;

    /// Makes the transaction's writes durable.
    async fn commit(self: Box<Self>) -> Result<()>;
}
