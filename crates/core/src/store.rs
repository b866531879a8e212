//! The Store: what the use cases need of storage. One implementation per engine lives in `secretariat-store`.
//!
//! Reads take the viewer, and the store filters by visibility in its queries. Writes go through a transaction
//! ([`Tx`]) that appends an audit entry for every change, in the same transaction.

use async_trait::async_trait;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::account::{Account, Actor, NewAccount, Session};
use crate::domain::*;
use crate::error::Result;
use crate::rules::audit::AuditEntry;
use crate::rules::visibility::Viewer;

/// A row id.
pub type Id = i64;

/// The kinds of record of the council's standing record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    State,
    City,
    Person,
    Post,
    Mandate,
    Organisation,
    Membership,
    Body,
    Meeting,
    ProgrammeEvent,
    Delegation,
    AgendaItem,
}

impl Kind {
    /// Every kind, in the order a scenario is imported (what is referred to comes first).
    pub const ALL: [Kind; 12] = [
        Kind::State,
        Kind::City,
        Kind::Person,
        Kind::Organisation,
        Kind::Post,
        Kind::Mandate,
        Kind::Membership,
        Kind::Body,
        Kind::Meeting,
        Kind::ProgrammeEvent,
        Kind::Delegation,
        Kind::AgendaItem,
    ];

    /// The snake_case name: table, audit entity and error text.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::City => "city",
            Kind::Person => "person",
            Kind::Post => "post",
            Kind::Mandate => "mandate",
            Kind::Organisation => "organisation",
            Kind::Membership => "membership",
            Kind::Body => "body",
            Kind::Meeting => "meeting",
            Kind::ProgrammeEvent => "programme_event",
            Kind::Delegation => "delegation",
            Kind::AgendaItem => "agenda_item",
        }
    }
}

/// One record of any kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Record {
    State(State),
    City(City),
    Person(Person),
    Post(Post),
    Mandate(Mandate),
    Organisation(Organisation),
    Membership(Membership),
    Body(Body),
    Meeting(Meeting),
    ProgrammeEvent(ProgrammeEvent),
    Delegation(Delegation),
    AgendaItem(AgendaItem),
}

impl Record {
    /// The record's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Record::State(_) => Kind::State,
            Record::City(_) => Kind::City,
            Record::Person(_) => Kind::Person,
            Record::Post(_) => Kind::Post,
            Record::Mandate(_) => Kind::Mandate,
            Record::Organisation(_) => Kind::Organisation,
            Record::Membership(_) => Kind::Membership,
            Record::Body(_) => Kind::Body,
            Record::Meeting(_) => Kind::Meeting,
            Record::ProgrammeEvent(_) => Kind::ProgrammeEvent,
            Record::Delegation(_) => Kind::Delegation,
            Record::AgendaItem(_) => Kind::AgendaItem,
        }
    }

    /// Parses a record of `kind` from JSON, and checks what its types cannot say.
    pub fn parse(kind: Kind, value: serde_json::Value) -> Result<Self> {
        fn de<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T> {
            serde_json::from_value(v).map_err(|e| crate::Error::invalid("invalid_body", e.to_string()))
        }
        let record = match kind {
            Kind::State => Record::State(de(value)?),
            Kind::City => Record::City(de(value)?),
            Kind::Person => Record::Person(de(value)?),
            Kind::Post => Record::Post(de(value)?),
            Kind::Mandate => Record::Mandate(de(value)?),
            Kind::Organisation => Record::Organisation(de(value)?),
            Kind::Membership => Record::Membership(de(value)?),
            Kind::Body => Record::Body(de(value)?),
            Kind::Meeting => Record::Meeting(de(value)?),
            Kind::ProgrammeEvent => Record::ProgrammeEvent(de(value)?),
            Kind::Delegation => Record::Delegation(de(value)?),
            Kind::AgendaItem => Record::AgendaItem(de(value)?),
        };
        record.check()?;
        Ok(record)
    }

    /// Checks what the record's types cannot say.
    pub fn check(&self) -> Result<()> {
        match self {
            Record::City(r) => r.check(),
            Record::Person(r) => r.check(),
            Record::Organisation(r) => r.check(),
            Record::Meeting(r) => r.check(),
            Record::ProgrammeEvent(r) => r.check(),
            Record::Mandate(r) => Period::new(r.period.from, r.period.to).map(|_| ()),
            Record::Membership(r) => Period::new(r.period.from, r.period.to).map(|_| ()),
            Record::AgendaItem(r) if r.number == 0 => {
                Err(crate::Error::invalid("invalid_agenda_number", "agenda items are numbered from 1"))
            }
            _ => Ok(()),
        }
    }

    /// The record as JSON text, for the audit log.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A stored record with its id and version (for optimistic concurrency).
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    pub state: Option<StateCode>,
    pub person: Option<Key>,
    pub post: Option<Key>,
    pub role: Option<Role>,
    /// Meetings that end on or after this day.
    pub from: Option<Date>,
    /// Meetings that start on or before this day.
    pub to: Option<Date>,
    /// Keyset pagination: rows after this id.
    pub after: Option<Id>,
    pub limit: u32,
}

impl Filter {
    /// Everything the viewer may see, up to the page size.
    pub fn new(viewer: Viewer) -> Self {
        Self {
            viewer,
            organisation: None,
            body: None,
            meeting: None,
            state: None,
            person: None,
            post: None,
            role: None,
            from: None,
            to: None,
            after: None,
            limit: 500,
        }
    }
}

/// A meeting's agenda as a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaState {
    pub status: AgendaStatus,
    /// When it was adopted (microseconds, UTC).
    pub adopted_at_us: Option<i64>,
    pub adopted_by: Option<String>,
}

/// The storage of Secretariat.
#[async_trait]
pub trait Store: Send + Sync {
    /// `sqlite` or `postgres`.
    fn engine(&self) -> &'static str;

    /// Opens a write transaction for `actor`; its audit entries carry `at`.
    async fn begin(&self, actor: &Actor, at: Timestamp) -> Result<Box<dyn Tx>>;

    /// One record by id, if the viewer may see it.
    async fn get(&self, kind: Kind, id: Id, viewer: &Viewer) -> Result<Option<Stored<Record>>>;

    /// One record by its natural key (code, key; `ORG/BODY` for a body), if the viewer may see it.
    async fn find(&self, kind: Kind, key: &str, viewer: &Viewer) -> Result<Option<Stored<Record>>>;

    /// Records of a kind, in id order, filtered by visibility in the query.
    async fn list(&self, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>>;

    /// The agenda of a meeting.
    async fn agenda(&self, meeting: Id) -> Result<AgendaState>;

    /// Audit entries in order, optionally of one scope and from an instant on.
    async fn audit_entries(&self, scope: Option<&str>, since_us: Option<i64>) -> Result<Vec<AuditEntry>>;

    /// An account by user name.
    async fn account_by_name(&self, username: &str) -> Result<Option<Account>>;

    /// The account of a live session, by the hash of its token.
    async fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<(Account, Session)>>;

    /// Opens a session.
    async fn create_session(&self, session: &Session) -> Result<()>;

    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> Result<()>;

    /// The account of an API token, by the hash of the token.
    async fn account_by_token(&self, token_hash: &str) -> Result<Option<Account>>;
}

/// A write transaction. Dropped without `commit`, it rolls back.
#[async_trait]
pub trait Tx: Send {
    /// Inserts a record, resolving its references; returns its id.
    async fn insert(&mut self, record: &Record) -> Result<Id>;

    /// Replaces a record if it is still at `version`; returns the new version.
    async fn update(&mut self, id: Id, version: i64, record: &Record) -> Result<i64>;

    /// Deletes a record if it is still at `version`.
    async fn delete(&mut self, kind: Kind, id: Id, version: i64) -> Result<()>;

    /// One record by id, as the transaction sees it.
    async fn get(&mut self, kind: Kind, id: Id) -> Result<Option<Stored<Record>>>;

    /// One record by natural key, as the transaction sees it.
    async fn find(&mut self, kind: Kind, key: &str) -> Result<Option<Stored<Record>>>;

    /// Records of a kind, as the transaction sees them (no visibility filter: use cases decide).
    async fn list(&mut self, kind: Kind, filter: &Filter) -> Result<Vec<Stored<Record>>>;

    /// The agenda of a meeting.
    async fn agenda(&mut self, meeting: Id) -> Result<AgendaState>;

    /// Sets the agenda's status, with an audit entry of `action`.
    async fn set_agenda(&mut self, meeting: Id, agenda: &AgendaState, action: &str) -> Result<()>;

    /// Creates an account.
    async fn insert_account(&mut self, account: &NewAccount) -> Result<Id>;

    /// Stores an API token's hash for an account.
    async fn insert_token(&mut self, account: Id, name: &str, token_hash: &str) -> Result<Id>;

    /// Makes the transaction's writes durable.
    async fn commit(self: Box<Self>) -> Result<()>;
}
