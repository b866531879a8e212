//! Drafting: a new document and its texts, changes to its record and language versions, revisions.

use super::*;

/// A new document: the record and its texts, one per language (the original language among them).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDocument {
    #[serde(flatten)]
    pub document: Document,
    pub texts: std::collections::BTreeMap<Lang, String>,
    /// When the draft was tabled, if not now (the Secretariat only): an instant or a day.
    #[serde(default)]
    pub at: Option<At>,
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
        // A delegate may join as a co-sponsor, or take her state off the sponsors, changing nothing else.
        let own_sponsorship = actor.state.as_ref().is_some_and(|own| {
            old.record.sponsor_states().contains(own) != doc.sponsor_states().contains(own)
                && Document { sponsors: old.record.sponsors.clone(), ..doc.clone() } == old.record
        });
        if !own_sponsorship {
            require_author(actor, &old.record)?;
        }
        let detail = tx.document_detail(id).await?;
        if detail.state.status.settled() && !actor.keeps_the_record() {
            return Err(Error::conflict(
                "document_decided",
                "a decided document is corrected by the Secretariat only, and every correction is in its history",
            ));
        }
        if !own_sponsorship {
            require_author(actor, &doc)?;
        }
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

    /// Adds a state to a document's sponsors (`join`) or takes it off, if the record is unchanged since `version`:
    /// a delegate for her own state, the Secretariat for the state it names; under the rules of any change of the
    /// record.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn cosponsor(
        &self,
        actor: &Actor,
        id: Id,
        version: i64,
        state: Option<StateCode>,
        join: bool,
    ) -> Result<DocumentView> {
        let doc = self.document(&actor.viewer(), id).await?.document;
        let (state, _) = speaking_state(actor, state)?;
        let mut sponsors: Vec<Sponsor> = doc.sponsors.iter().filter(|s| s.state() != Some(&state)).cloned().collect();
        if join {
            sponsors.push(Sponsor::State(state));
        }
        self.change_document(actor, id, version, Document { sponsors, ..doc }).await
    }

    /// Who last wrote a language version of the document and when: its last change, else the revision that
    /// brought it. What a refused stale write shows beside the text the writer typed.
    pub async fn language_version_written(
        &self,
        viewer: &Viewer,
        id: Id,
        language_version: Id,
    ) -> Result<Option<(String, Timestamp)>> {
        let view = self.document(viewer, id).await?;
        let entries = self.store.audit_entries(Some(&format!("document:{id}")), None).await?;
        let changed = entries.iter().rev().find(|e| e.entity == "document_text" && e.entity_id == language_version);
        if let Some(e) = changed {
            return Ok(Some((e.actor.clone(), ts(e.occurred_at_us.unwrap_or(e.at_us)))));
        }
        Ok(view
            .revisions
            .iter()
            .find(|r| r.versions.iter().any(|v| v.id == language_version))
            .map(|r| (r.created_by.clone(), r.created_at)))
    }

    /// Changes or adds one language version of the current revision, if unchanged since `version`.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn edit_language_version(
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
        if status == VersionStatus::Authentic && !org.is_authentic(&language) {
            let authentic: Vec<&str> = org.authentic_languages.iter().map(Lang::as_str).collect();
            return Err(Error::invalid(
                "not_authentic_language",
                format!("`{language}` is not a language of authentic texts ({})", authentic.join(", ")),
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
        match (revision.language_versions.iter().find(|v| v.language == language), version) {
            (Some(existing), Some(v)) => {
                tx.update_language_version(id, existing.id, v, &text, status).await?;
            }
            (Some(existing), None) => return Err(Error::stale(existing.version)),
            (None, _) => {
                let new = LanguageVersion { id: 0, version: 1, language, status, text };
                tx.insert_language_version(id, revision.id, &new).await?;
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
        at: Option<At>,
    ) -> Result<DocumentView> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let doc = visible_document(tx.as_mut(), actor, id).await?.record;
        require_author(actor, &doc)?;
        let detail = tx.document_detail(id).await?;
        let last = detail.revisions.last().map(|r| r.created_at);
        let act = record_act(tx.as_mut(), actor, at, now, None, &follows_all(&[("the previous revision", last)]))?;
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
        let revision = draft_revision(number, actor, act.at, texts);
        tx.insert_revision(id, &revision).await?;
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }
}

/// Inserts a draft with its first revision, inside the caller's transaction.
pub(in crate::service) async fn insert_document(
    tx: &mut dyn Tx,
    actor: &Actor,
    now: Timestamp,
    new: NewDocument,
) -> Result<Id> {
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
    let act = record_act(tx, actor, new.at, now, None, &[])?;
    let id = tx.insert(&Record::Document(doc)).await?;
    tx.insert_revision(id, &draft_revision(0, actor, act.at, new.texts)).await?;
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
) -> Revision {
    Revision {
        id: 0,
        number,
        created_at: at,
        created_by: actor.name.clone(),
        language_versions: texts
            .into_iter()
            .map(|(language, text)| LanguageVersion { id: 0, version: 1, language, status: VersionStatus::Draft, text })
            .collect(),
    }
}
