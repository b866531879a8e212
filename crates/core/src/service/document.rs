//! From draft to decision: documents, their texts and revisions, positions, consensus, silence procedures,
//! outcomes at meetings, and referral to a higher body.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tracing::instrument;

use super::Secretariat;
use crate::account::{AccountRole, Actor};
use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::consensus::{consensus, Consensus, Position};
use crate::rules::lifecycle::{self, DocumentStatus};
use crate::rules::silence::{check_deadline, silence_state, BreakKind, Received, SilenceState};
use crate::rules::symbols::{self, Suffix, SymbolParts};
use crate::rules::visibility::{Viewer, Visibility};
use crate::store::*;

/// A new document: the record and its texts, one per language (the original language among them).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDocument {
    #[serde(flatten)]
    pub document: Document,
    pub texts: std::collections::BTreeMap<Lang, String>,
}

/// A language version as read.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TextView {
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
    pub versions: Vec<TextView>,
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
    /// `open`, `adopted` or `broken`.
    pub status: String,
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
}

/// A language's status in the latest revision.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VersionSummary {
    pub language: Lang,
    pub status: VersionStatus,
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
    /// Where it is on agenda: (meeting key, item number).
    pub agenda_items: Vec<(Key, u16)>,
}

/// A position to record: a delegate's own state, or a state named by the Secretariat on its behalf.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PositionInput {
    #[serde(default)]
    pub state: Option<StateCode>,
    pub position: String,
    #[serde(default)]
    pub text: Option<String>,
}

/// An objection or amendment under silence.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionInput {
    #[serde(default)]
    pub state: Option<StateCode>,
    #[serde(default = "objection")]
    pub kind: BreakKind,
    pub text: String,
}

fn objection() -> BreakKind {
    BreakKind::Objection
}

/// An agenda item's outcome to record.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    pub outcome: ItemOutcome,
    #[serde(default)]
    pub deferred_to: Option<Key>,
}

fn ts(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn utc_day(t: Timestamp) -> Date {
    t.to_zoned(jiff::tz::TimeZone::UTC).date()
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

/// The member states of an organisation on a day (observers, partners and suspended members are not).
async fn members(tx: &mut dyn Tx, org: &Code, day: Date) -> Result<Vec<StateCode>> {
    let mut filter = Filter::new(Viewer::Secretariat);
    filter.organisation = Some(org.clone());
    filter.limit = u32::MAX;
    Ok(tx
        .list(Kind::Membership, &filter)
        .await?
        .into_iter()
        .filter_map(|s| match s.record {
            Record::Membership(m) if m.kind == MembershipKind::Member && m.period.contains(day) => Some(m.state),
            _ => None,
        })
        .collect())
}

/// What a delegate may say of sponsorship: she drafts for her own state alone, and on a document she may see she
/// adds or removes her own state only; other states join or leave through their own delegates or the Secretariat.
/// A key that begins with a state's code (`ru-…`) belongs to that state's drafts, and a delegate's draft has one,
/// so that no delegation can learn of another's draft by trying its key.
async fn require_sponsorship(tx: &mut dyn Tx, actor: &Actor, old: Option<&Document>, new: &Document) -> Result<()> {
    let owner = match crate::rules::visibility::key_state(new.key.as_str()) {
        // Only a recorded state owns a prefix: `mx-…` is anyone's key until Mexico is in the record.
        Some(state) if tx.find(Kind::State, state.as_str()).await?.is_some() => Some(state),
        _ => None,
    };
    if let Some(owner) = &owner {
        if !new.sponsor_states().contains(owner) {
            return Err(Error::invalid(
                "key_of_another_state",
                format!(
                    "a key that begins with `{}-` belongs to a draft that {owner} sponsors",
                    owner.as_str().to_lowercase()
                ),
            ));
        }
    }
    if actor.keeps_the_record() {
        return Ok(());
    }
    let Some(own) = actor.state.as_ref() else {
        return Err(Error::forbidden("only the sponsors and the Secretariat write this document"));
    };
    match old {
        None => {
            if new.sponsors.len() != 1 || new.sponsor_states() != [own.clone()] {
                return Err(Error::forbidden(
                    "a delegate drafts for her own state alone; co-sponsors join through their own delegates",
                ));
            }
            if owner.as_ref() != Some(own) {
                return Err(Error::invalid(
                    "key_prefix_required",
                    format!("the key of {own}'s draft begins with `{}-`", own.as_str().to_lowercase()),
                ));
            }
        }
        Some(old) => {
            let others = |d: &Document| -> std::collections::HashSet<Sponsor> {
                d.sponsors.iter().filter(|s| s.state() != Some(own)).cloned().collect()
            };
            if others(old) != others(new) {
                return Err(Error::forbidden("a delegate adds or removes only her own state among the sponsors"));
            }
        }
    }
    Ok(())
}

/// An author never makes a document she would not see herself (a delegate who is not a head of delegation drafts
/// no `restricted` text): her write would succeed and answer that the document does not exist.
fn require_seen_by_author(actor: &Actor, doc: &Document) -> Result<()> {
    if actor.viewer().may_see(doc.visibility, &doc.sponsor_states()) {
        Ok(())
    } else {
        Err(Error::invalid(
            "invisible_to_author",
            format!("a {} document would be hidden from you: choose a visibility you see", doc.visibility.as_str()),
        ))
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

/// Numbers a document in its series, if it has no symbol yet.
async fn numbered(tx: &mut dyn Tx, doc: &Document, mut state: DocumentState, at: Timestamp) -> Result<DocumentState> {
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
                year: utc_day(at).year(),
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

impl Secretariat {
    /// Creates a draft: the Secretariat, or a delegate of a sponsoring state (who sees it alone until circulation).
    #[instrument(skip_all)]
    pub async fn create_document(&self, actor: &Actor, new: NewDocument) -> Result<DocumentView> {
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let id = insert_document(tx.as_mut(), actor, self.clock.now(), new).await?;
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }

    /// Changes a document's record (title, co-sponsors, visibility, period), if unchanged since `version`.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn change_document(&self, actor: &Actor, id: Id, version: i64, doc: Document) -> Result<DocumentView> {
        doc.check()?;
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let old = visible_document(tx.as_mut(), actor, id).await?;
        // A delegate of a state that does not sponsor it may join as a co-sponsor, changing nothing else.
        let joining = actor.state.as_ref().is_some_and(|own| {
            !old.record.sponsor_states().contains(own)
                && doc.sponsor_states().contains(own)
                && Document { sponsors: old.record.sponsors.clone(), ..doc.clone() } == old.record
        });
        if !joining {
            require_author(actor, &old.record)?;
        }
        let detail = tx.document_detail(id).await?;
        if detail.state.status.settled() && !actor.keeps_the_record() {
            return Err(Error::conflict(
                "document_decided",
                "a decided document is corrected by the Secretariat only, and every correction is in its history",
            ));
        }
        require_author(actor, &doc)?;
        require_sponsorship(tx.as_mut(), actor, Some(&old.record), &doc).await?;
        require_seen_by_author(actor, &doc)?;
        if old.record.key != doc.key || old.record.organisation != doc.organisation || old.record.body != doc.body {
            return Err(Error::invalid("invalid_document", "a document keeps its key, organisation and body"));
        }
        if matches!(detail.state.status, DocumentStatus::Adopted | DocumentStatus::Referred | DocumentStatus::Withdrawn)
            && old.record.title != doc.title
        {
            return Err(Error::conflict("document_closed", "the title of a decided document does not change"));
        }
        if doc.visibility == Visibility::Sponsors && detail.state.status != DocumentStatus::Draft {
            return Err(Error::conflict("already_circulated", "a circulated document cannot go back to its sponsors"));
        }
        for (item, _, _) in &detail.items {
            if let Some(Stored { record: Record::AgendaItem(i), .. }) = tx.get(Kind::AgendaItem, *item).await? {
                if !crate::rules::visibility::covers(i.visibility, doc.visibility) {
                    return Err(Error::conflict(
                        "document_on_agenda",
                        "the document is on an agenda item that more people see",
                    ));
                }
            }
        }
        tx.update(id, version, &Record::Document(doc)).await?;
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }

    /// Changes or adds one language version of the current revision, if unchanged since `version`.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn edit_text(
        &self,
        actor: &Actor,
        id: Id,
        language: Lang,
        version: Option<i64>,
        text: String,
        status: VersionStatus,
    ) -> Result<DocumentView> {
        if text.trim().is_empty() || text.len() > MAX_TEXT_BYTES {
            return Err(Error::invalid("invalid_text", "a text needs 1 to 200,000 bytes"));
        }
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let doc = visible_document(tx.as_mut(), actor, id).await?.record;
        require_author(actor, &doc)?;
        if matches!(status, VersionStatus::Verified | VersionStatus::Authentic) {
            require_keeper(actor, "verifies and authenticates texts")?;
        }
        let org = organisation(tx.as_mut(), &doc.organisation).await?;
        if status == VersionStatus::Authentic && language != org.authentic_language {
            return Err(Error::invalid(
                "not_authentic_language",
                format!("only the {} text is authentic", org.authentic_language),
            ));
        }
        if !org.languages.contains(&language) {
            return Err(Error::invalid("invalid_language", format!("`{language}` is not a working language")));
        }
        let detail = tx.document_detail(id).await?;
        if !detail.state.status.editable() {
            return Err(Error::conflict("document_closed", "the text of this document no longer changes"));
        }
        let revision = detail.revisions.last().ok_or(Error::NotFound { what: "revision" })?;
        match (revision.texts.iter().find(|t| t.language == language), version) {
            (Some(existing), Some(v)) => {
                tx.update_text(id, existing.id, v, &text, status).await?;
            }
            (Some(existing), None) => return Err(Error::stale(existing.version)),
            (None, _) => {
                let row = TextRow { id: 0, version: 1, language, status, text };
                tx.insert_text(id, revision.id, &row).await?;
            }
        }
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }

    /// Issues a revised text (`Rev.n`): positions start afresh on it.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn revise(
        &self,
        actor: &Actor,
        id: Id,
        texts: std::collections::BTreeMap<Lang, String>,
    ) -> Result<DocumentView> {
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let doc = visible_document(tx.as_mut(), actor, id).await?.record;
        require_author(actor, &doc)?;
        let detail = tx.document_detail(id).await?;
        let mut state = detail.state.clone();
        match state.status {
            DocumentStatus::Returned | DocumentStatus::NotAdopted => {
                lifecycle::check(state.status, DocumentStatus::Draft)?;
                state.status = DocumentStatus::Draft;
                tx.set_document_state(id, &state, "reopened").await?;
            }
            s if s.editable() => {}
            _ => return Err(Error::conflict("document_closed", "a decided document is not revised")),
        }
        if !texts.contains_key(&doc.original_language) {
            return Err(Error::invalid(
                "original_text_required",
                "the revised text in the original language is needed",
            ));
        }
        check_texts(&organisation(tx.as_mut(), &doc.organisation).await?, &texts)?;
        let number = detail.revisions.last().map_or(0, |r| r.number + 1);
        if number >= MAX_REVISIONS {
            return Err(Error::conflict(
                "too_many_revisions",
                format!("a document has at most {MAX_REVISIONS} revisions; draft a new document instead"),
            ));
        }
        let revision = draft_revision(number, actor, self.clock.now(), texts);
        tx.insert_revision(id, &revision).await?;
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }

    /// Moves a document along its lifecycle: circulate (numbering it), agree, or withdraw.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn transition(&self, actor: &Actor, id: Id, to: DocumentStatus) -> Result<DocumentView> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let stored = visible_document(tx.as_mut(), actor, id).await?;
        let doc = stored.record;
        match to {
            DocumentStatus::Circulated => require_keeper(actor, "circulates documents")?,
            DocumentStatus::Agreed => require_keeper(actor, "records agreement")?,
            DocumentStatus::UnderAgreement => require_keeper(actor, "reopens agreement")?,
            DocumentStatus::Withdrawn => require_author(actor, &doc)?,
            _ => {}
        }
        let detail = tx.document_detail(id).await?;
        let mut state = detail.state.clone();
        lifecycle::check(state.status, to)?;
        match to {
            DocumentStatus::Circulated => {
                state = numbered(tx.as_mut(), &doc, state, now).await?;
                if doc.visibility == Visibility::Sponsors {
                    let widened = Document { visibility: Visibility::Members, ..doc.clone() };
                    tx.update(id, stored.version, &Record::Document(widened)).await?;
                }
            }
            DocumentStatus::Agreed => {
                let members = members(tx.as_mut(), &doc.organisation, utc_day(now)).await?;
                let c = current_consensus(&detail, &members);
                if !c.adoptable || !c.pending.is_empty() {
                    return Err(Error::conflict(
                        "consensus_not_reached",
                        format!(
                            "agreement needs every member's position without objection; pending: {:?}, blocking: {:?}",
                            c.pending, c.blocked_by
                        ),
                    ));
                }
            }
            DocumentStatus::Withdrawn | DocumentStatus::UnderAgreement => {}
            _ => {
                return Err(Error::conflict(
                    "invalid_transition",
                    "adoption and its alternatives are recorded as an agenda item's outcome or by silence",
                ))
            }
        }
        state.status = to;
        tx.set_document_state(id, &state, to.as_str()).await?;
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }

    /// Records a state's position on the current revision.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn record_position(&self, actor: &Actor, id: Id, input: PositionInput) -> Result<DocumentView> {
        let position = Position::parse(&input.position, input.text)?;
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let doc = visible_document(tx.as_mut(), actor, id).await?.record;
        let (state_code, on_behalf) = speaking_state(actor, input.state)?;
        if !members(tx.as_mut(), &doc.organisation, utc_day(now)).await?.contains(&state_code) {
            return Err(Error::invalid(
                "not_a_member",
                format!("{state_code} is not a member: observers and partners take no position"),
            ));
        }
        let detail = tx.document_detail(id).await?;
        if !detail.state.status.open_for_positions() {
            return Err(Error::conflict(
                "not_open_for_positions",
                "positions are taken once a document is circulated and until it is decided",
            ));
        }
        let revision = detail.revisions.last().ok_or(Error::NotFound { what: "revision" })?;
        let row = PositionRow {
            revision: revision.number,
            state: state_code,
            position: position.clone(),
            recorded_by: actor.name.clone(),
            on_behalf,
            at_us: now.as_microsecond(),
        };
        tx.set_position(id, revision.id, &row).await?;
        let mut state = detail.state.clone();
        let reopen = state.status == DocumentStatus::Agreed && matches!(position, Position::Objection { .. });
        if state.status == DocumentStatus::Circulated || reopen {
            state.status = DocumentStatus::UnderAgreement;
            tx.set_document_state(id, &state, "under_agreement").await?;
        }
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }

    /// Opens a silence procedure on the current revision, with an exact deadline. A draft goes out as a
    /// provisional text without a number (OSCE practice); it is numbered when adopted.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn open_silence(&self, actor: &Actor, id: Id, deadline: Timestamp) -> Result<SilenceView> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let stored = visible_document(tx.as_mut(), actor, id).await?;
        require_keeper(actor, "opens silence procedures")?;
        check_deadline(deadline, now)?;
        let detail = tx.document_detail(id).await?;
        if detail.silences.iter().any(|s| s.status == "open") {
            return Err(Error::conflict(
                "silence_already_open",
                "a silence procedure is already open on this document",
            ));
        }
        let mut state = detail.state.clone();
        if state.status == DocumentStatus::Draft {
            state.status = DocumentStatus::Circulated;
            tx.set_document_state(id, &state, "circulated_provisionally").await?;
            if stored.record.visibility == Visibility::Sponsors {
                let widened = Document { visibility: Visibility::Members, ..stored.record.clone() };
                tx.update(id, stored.version, &Record::Document(widened)).await?;
            }
        } else if !state.status.pending_decision() {
            return Err(Error::conflict("not_pending", "silence is used on a text still to be decided"));
        }
        let revision = detail.revisions.last().ok_or(Error::NotFound { what: "revision" })?;
        let row = SilenceRow {
            id: 0,
            document: id,
            revision: revision.number,
            opened_at_us: now.as_microsecond(),
            deadline_us: deadline.as_microsecond(),
            opened_by: actor.name.clone(),
            status: "open".into(),
            closed_at_us: None,
            received: Vec::new(),
        };
        let silence = tx.insert_silence(&row).await?;
        tx.commit().await?;
        Ok(silence_view(SilenceRow { id: silence, ..row }))
    }

    /// Receives an objection or amendment under silence: before the deadline it breaks the procedure and the
    /// text is not adopted; at or after the deadline it is too late.
    #[instrument(skip_all, fields(silence.id = silence))]
    pub async fn object(&self, actor: &Actor, silence: Id, input: ObjectionInput) -> Result<SilenceView> {
        if input.text.trim().is_empty() {
            return Err(Error::invalid("text_required", "an objection or amendment needs its text"));
        }
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let missing = || Error::NotFound { what: "silence procedure" };
        let procedure = tx.silence(silence).await?.ok_or_else(missing)?;
        // A procedure on a document the actor may not see does not exist for her.
        let doc = match tx.get_visible(Kind::Document, procedure.document, &actor.viewer()).await? {
            Some(Stored { record: Record::Document(d), .. }) => d,
            _ => return Err(missing()),
        };
        let (state_code, _) = speaking_state(actor, input.state)?;
        let deadline = ts(procedure.deadline_us);
        if procedure.status != "open" {
            return Err(Error::conflict(
                "silence_closed",
                format!("the silence procedure is closed: {}", procedure.status),
            ));
        }
        if now >= deadline {
            return Err(Error::conflict("silence_closed", "the deadline has passed: the text is deemed adopted"));
        }
        if !members(tx.as_mut(), &doc.organisation, utc_day(now)).await?.contains(&state_code) {
            return Err(Error::invalid("not_a_member", format!("{state_code} is not a member")));
        }
        let received = Received { state: state_code, at: now, kind: input.kind, text: input.text };
        tx.insert_received(silence, procedure.document, &received).await?;
        let mut all = procedure.received.clone();
        all.push(received);
        if let SilenceState::Broken { .. } = silence_state(deadline, &all, now) {
            tx.close_silence(silence, "broken", now.as_microsecond()).await?;
            let mut state = tx.document_detail(procedure.document).await?.state;
            lifecycle::check(state.status, DocumentStatus::NotAdopted)?;
            state.status = DocumentStatus::NotAdopted;
            tx.set_document_state(procedure.document, &state, "silence_broken").await?;
        }
        let closed = tx.silence(silence).await?.ok_or(Error::NotFound { what: "silence procedure" })?;
        tx.commit().await?;
        Ok(silence_view(closed))
    }

    /// Closes every silence procedure whose deadline has passed unbroken: the text is deemed adopted at the
    /// deadline. Safe to run from any number of instances at once, and again after a crash: each procedure is
    /// closed by one conditional update, so each outcome is recorded exactly once.
    pub async fn close_due_silences(&self) -> Result<usize> {
        let now = self.clock.now();
        let mut closed = 0;
        for id in self.store.due_silences(now.as_microsecond()).await? {
            let mut tx = self.store.begin(&Actor::system(), now).await?;
            let Some(procedure) = tx.silence(id).await? else { continue };
            if procedure.status != "open" {
                continue;
            }
            let deadline = ts(procedure.deadline_us);
            let SilenceState::Adopted { at } = silence_state(deadline, &procedure.received, now) else { continue };
            if !tx.close_silence(id, "adopted", at.as_microsecond()).await? {
                continue;
            }
            let doc = document_record(tx.as_mut(), procedure.document).await?.record;
            let state = tx.document_detail(procedure.document).await?.state;
            lifecycle::check(state.status, DocumentStatus::Adopted)?;
            let mut state = numbered(tx.as_mut(), &doc, state, at).await?;
            state.status = DocumentStatus::Adopted;
            state.outcome = Some(Outcome { at, meeting: None, procedure: Procedure::Silence });
            tx.set_document_state(procedure.document, &state, "adopted_by_silence").await?;
            tx.commit().await?;
            closed += 1;
            tracing::info!(silence.id = id, document.id = procedure.document, "silence procedure closed: adopted");
        }
        Ok(closed)
    }

    /// Records an agenda item's outcome, deciding its documents: a document of the meeting's body is adopted only
    /// if no member objects; a referred document gets the receiving body's decision reported back on it.
    #[instrument(skip_all, fields(agenda_item.id = item))]
    pub async fn record_outcome(&self, actor: &Actor, item: Id, input: OutcomeInput) -> Result<Vec<DocumentView>> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let agenda_item = match tx.get_visible(Kind::AgendaItem, item, &actor.viewer()).await? {
            Some(Stored { record: Record::AgendaItem(i), .. }) => i,
            _ => return Err(Error::NotFound { what: "agenda_item" }),
        };
        require_keeper(actor, "records outcomes")?;
        let (meeting_id, meeting) = match tx.find(Kind::Meeting, agenda_item.meeting.as_str()).await? {
            Some(Stored { id, record: Record::Meeting(m), .. }) => (id, m),
            _ => return Err(Error::NotFound { what: "meeting" }),
        };
        match (input.outcome, &input.deferred_to) {
            (ItemOutcome::Deferred, Some(to)) => {
                if tx.find(Kind::Meeting, to.as_str()).await?.is_none() {
                    return Err(Error::invalid("unknown_reference", format!("no meeting with key `{to}`")));
                }
            }
            (ItemOutcome::Deferred, None) => {
                return Err(Error::invalid("deferred_to_required", "name the meeting the item is deferred to"))
            }
            (_, Some(_)) => return Err(Error::invalid("invalid_outcome", "only a deferred item names a meeting")),
            (_, None) => {}
        }
        let mut decided = Vec::new();
        for key in &agenda_item.documents {
            let Some(stored) = tx.find(Kind::Document, key.as_str()).await? else { continue };
            let Record::Document(doc) = stored.record else { continue };
            let detail = tx.document_detail(stored.id).await?;
            if let Some(referral) = detail.referrals.iter().find(|r| r.meeting == meeting_id && r.outcome.is_none()) {
                tx.set_referral_outcome(referral.id, input.outcome, now.as_microsecond()).await?;
                decided.push(stored.id);
                continue;
            }
            if doc.body != meeting.body && !meeting.joint_with.contains(&doc.body) {
                continue;
            }
            let to = match input.outcome {
                ItemOutcome::Adopted => DocumentStatus::Adopted,
                ItemOutcome::Returned => DocumentStatus::Returned,
                ItemOutcome::NotAdopted => DocumentStatus::NotAdopted,
                ItemOutcome::Noted | ItemOutcome::Deferred => continue,
            };
            lifecycle::check(detail.state.status, to)?;
            let mut state = detail.state.clone();
            if to == DocumentStatus::Adopted {
                let members = members(tx.as_mut(), &doc.organisation, meeting.starts_on).await?;
                let c = current_consensus(&detail, &members);
                if !c.adoptable {
                    let names: Vec<String> = c.blocked_by.iter().map(ToString::to_string).collect();
                    return Err(Error::conflict(
                        "consensus_blocked",
                        format!("`{key}` cannot be adopted: objected to by {}", names.join(", ")),
                    ));
                }
                state = numbered(tx.as_mut(), &doc, state, now).await?;
                state.outcome =
                    Some(Outcome { at: now, meeting: Some(meeting.key.clone()), procedure: Procedure::Meeting });
            }
            state.status = to;
            tx.set_document_state(stored.id, &state, to.as_str()).await?;
            decided.push(stored.id);
        }
        let row =
            ItemOutcomeRow { outcome: input.outcome, deferred_to: input.deferred_to, at_us: now.as_microsecond() };
        tx.set_item_outcome(item, &row).await?;
        tx.commit().await?;
        let mut out = Vec::new();
        for id in decided {
            out.push(self.document(&actor.viewer(), id).await?);
        }
        Ok(out)
    }

    /// Refers an adopted document to a meeting of another body, where it becomes the last agenda item.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn refer(&self, actor: &Actor, id: Id, meeting: Key) -> Result<DocumentView> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let doc = visible_document(tx.as_mut(), actor, id).await?.record;
        require_keeper(actor, "refers documents")?;
        let (meeting_id, target) = match tx.find(Kind::Meeting, meeting.as_str()).await? {
            Some(Stored { id, record: Record::Meeting(m), .. }) => (id, m),
            _ => return Err(Error::invalid("unknown_reference", format!("no meeting with key `{meeting}`"))),
        };
        if target.body == doc.body || target.organisation != doc.organisation {
            return Err(Error::invalid(
                "invalid_referral",
                "a document is referred to a meeting of another body of its organisation",
            ));
        }
        let detail = tx.document_detail(id).await?;
        lifecycle::check(detail.state.status, DocumentStatus::Referred)?;
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.meeting = Some(meeting_id);
        filter.limit = u32::MAX;
        let count = tx.list(Kind::AgendaItem, &filter).await?.len();
        let item = AgendaItem {
            meeting: target.key.clone(),
            number: crate::rules::agenda::insertion_number(count, None)?,
            title: doc.title.clone(),
            kind: ItemKind::Decision,
            sitting: None,
            visibility: doc.visibility,
            documents: vec![doc.key.clone()],
        };
        let item_id = tx.insert(&Record::AgendaItem(item)).await?;
        let referral = ReferralRow {
            id: 0,
            document: id,
            meeting: meeting_id,
            agenda_item: Some(item_id),
            referred_at_us: now.as_microsecond(),
            referred_by: actor.name.clone(),
            outcome: None,
            decided_at_us: None,
        };
        tx.insert_referral(&referral).await?;
        let mut state = detail.state.clone();
        state.status = DocumentStatus::Referred;
        tx.set_document_state(id, &state, "referred").await?;
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }

    /// A whole document, if the viewer may see it.
    pub async fn document(&self, viewer: &Viewer, id: Id) -> Result<DocumentView> {
        let stored = match self.store.get(Kind::Document, id, viewer).await? {
            Some(Stored { id, version, record: Record::Document(d) }) => Stored { id, version, record: d },
            _ => return Err(Error::NotFound { what: "document" }),
        };
        let detail = self.store.document_detail(id).await?;
        let org = self.organisation(&stored.record.organisation).await?;
        let today = utc_day(self.clock.now());
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.organisation = Some(org.code.clone());
        filter.limit = u32::MAX;
        let members: Vec<StateCode> = self
            .store
            .list(Kind::Membership, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Membership(m) if m.kind == MembershipKind::Member && m.period.contains(today) => Some(m.state),
                _ => None,
            })
            .collect();
        let current = detail.revisions.last();
        let base = detail.state.symbol.clone();
        let symbol_of = |n: u32| base.as_ref().map(|b| symbols::with_suffix(b, Suffix::Rev(n)));
        let mut referrals = Vec::new();
        for r in &detail.referrals {
            if let Some(Stored { record: Record::Meeting(m), .. }) =
                self.store.get(Kind::Meeting, r.meeting, &Viewer::Secretariat).await?
            {
                referrals.push(ReferralView {
                    id: r.id,
                    meeting: m.key,
                    body: m.body,
                    agenda_item: r.agenda_item,
                    referred_at: ts(r.referred_at_us),
                    outcome: r.outcome,
                    decided_at: r.decided_at_us.map(ts),
                });
            }
        }
        let mut agenda_items = Vec::new();
        for (item, meeting, number) in &detail.items {
            // An agenda item the viewer may not see is not named, though the document under it is public.
            if self.store.get(Kind::AgendaItem, *item, viewer).await?.is_none() {
                continue;
            }
            if let Some(Stored { record: Record::Meeting(m), .. }) =
                self.store.get(Kind::Meeting, *meeting, &Viewer::Secretariat).await?
            {
                agenda_items.push((m.key, *number));
            }
        }
        let view = DocumentView {
            id: stored.id,
            version: stored.version,
            status: detail.state.status,
            symbol: current.and_then(|r| symbol_of(r.number)),
            versions: current
                .map(|r| {
                    r.texts
                        .iter()
                        .map(|t| VersionSummary {
                            language: t.language.clone(),
                            status: t.status,
                            authentic_language: t.language == org.authentic_language,
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
                    created_at: ts(r.created_at_us),
                    created_by: r.created_by.clone(),
                    versions: r
                        .texts
                        .iter()
                        .map(|t| TextView {
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
                    at: ts(p.at_us),
                })
                .collect(),
            consensus: current_consensus(&detail, &members),
            silence: detail.silences.iter().cloned().map(silence_view).collect(),
            outcome: detail.state.outcome.as_ref().map(|o| OutcomeView {
                adopted_at: o.at,
                meeting: o.meeting.clone(),
                procedure: o.procedure,
            }),
            referrals,
            agenda_items,
            document: stored.record,
        };
        self.document_as_seen(viewer, view).await
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
                let mut ids = Vec::new();
                for key in keys {
                    if let Some(d) = self.store.find(Kind::Document, key.as_str(), &filter.viewer).await? {
                        if !ids.contains(&d.id) && filter.after.is_none_or(|a| d.id > a) {
                            ids.push(d.id);
                        }
                    }
                }
                ids.sort_unstable();
                ids
            }
            None => {
                let mut probe = filter.clone();
                probe.limit = filter.limit.saturating_add(1);
                self.store.list(Kind::Document, &probe).await?.into_iter().map(|s| s.id).collect()
            }
        };
        let limit = usize::try_from(filter.limit).unwrap_or(usize::MAX);
        let next = (ids.len() > limit).then(|| ids[limit - 1]);
        let mut out = Vec::new();
        for id in ids.into_iter().take(limit) {
            out.push(self.document(&filter.viewer, id).await?);
        }
        Ok((out, next))
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
        super::offload::heavy(move || crate::rules::diff::bounded(&old, &new)).await
    }
}

/// Inserts a draft with its first revision, inside the caller's transaction.
pub(super) async fn insert_document(tx: &mut dyn Tx, actor: &Actor, now: Timestamp, new: NewDocument) -> Result<Id> {
    let doc = new.document;
    doc.check()?;
    require_author(actor, &doc)?;
    require_sponsorship(tx, actor, None, &doc).await?;
    require_seen_by_author(actor, &doc)?;
    if let Some(amends) = &doc.amends {
        // A document the actor may not see cannot be amended by her: for her it does not exist.
        if tx.find_visible(Kind::Document, amends.document.as_str(), &actor.viewer()).await?.is_none() {
            return Err(Error::invalid("unknown_reference", format!("no document `{}`", amends.document)));
        }
    }
    let org = organisation(tx, &doc.organisation).await?;
    org.register.code_of(doc.kind)?;
    if !new.texts.contains_key(&doc.original_language) {
        return Err(Error::invalid("original_text_required", "the text in the original language is needed"));
    }
    check_texts(&org, &new.texts)?;
    let id = tx.insert(&Record::Document(doc)).await?;
    tx.insert_revision(id, &draft_revision(0, actor, now, new.texts)).await?;
    Ok(id)
}

/// The largest language version, in bytes: a long treaty with its annexes fits.
pub const MAX_TEXT_BYTES: usize = 200_000;

/// The most revisions a document has (`Rev.1` … `Rev.99`).
pub const MAX_REVISIONS: u32 = 100;

/// Texts in working languages only, each of 1 to [`MAX_TEXT_BYTES`] bytes.
fn check_texts(org: &Organisation, texts: &std::collections::BTreeMap<Lang, String>) -> Result<()> {
    if let Some(lang) = texts.keys().find(|l| !org.languages.contains(l)) {
        return Err(Error::invalid("invalid_language", format!("`{lang}` is not a working language")));
    }
    if texts.values().any(|t| t.trim().is_empty() || t.len() > MAX_TEXT_BYTES) {
        return Err(Error::invalid("invalid_text", "each text needs 1 to 200,000 bytes"));
    }
    Ok(())
}

/// A new revision whose language versions are all drafts.
fn draft_revision(
    number: u32,
    actor: &Actor,
    at: Timestamp,
    texts: std::collections::BTreeMap<Lang, String>,
) -> RevisionRow {
    RevisionRow {
        id: 0,
        number,
        created_at_us: at.as_microsecond(),
        created_by: actor.name.clone(),
        texts: texts
            .into_iter()
            .map(|(language, text)| TextRow { id: 0, version: 1, language, status: VersionStatus::Draft, text })
            .collect(),
    }
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

fn silence_view(s: SilenceRow) -> SilenceView {
    SilenceView {
        id: s.id,
        revision: s.revision,
        opened_at: ts(s.opened_at_us),
        deadline: ts(s.deadline_us),
        opened_by: s.opened_by,
        status: s.status,
        closed_at: s.closed_at_us.map(ts),
        received: s.received,
    }
}
