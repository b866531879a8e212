//! Decision: an agenda item's outcome on the documents under it, and referral to a higher body.

use super::*;

/// An agenda item's outcome to record.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    pub outcome: ItemOutcome,
    #[serde(default)]
    pub deferred_to: Option<Key>,
}

impl Secretariat {
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
                let participants =
                    Participants::on(tx.as_mut(), &doc.organisation, &doc.body, meeting.starts_on).await?;
                let c = current_consensus(&detail, &participants.counting());
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
}
