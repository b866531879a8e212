//! Decision: an agenda item's outcome on the documents under it, and referral to a higher body.

use super::*;
use crate::service::document::passage;

/// An agenda item's outcome to record.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeInput {
    pub outcome: ItemOutcome,
    #[serde(default)]
    pub deferred_to: Option<Key>,
    /// For `approved`: the meeting of a higher body the documents are submitted to.
    #[serde(default)]
    pub submitted_to: Option<Key>,
    /// When the meeting decided, if not now (the Secretariat only): an instant or a day, not before the meeting
    /// opens.
    #[serde(default)]
    pub at: Option<At>,
}

/// A referral to record: the meeting of the other body it goes to, and when it was referred.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralInput {
    /// The meeting's key.
    pub meeting: Key,
    /// When it was referred, if not now (the Secretariat only): not before the adoption it refers.
    #[serde(default)]
    pub at: Option<At>,
}

/// The receiving body's outcome on a referral: at the meeting it was referred to, or by the body's written
/// procedure on a date (`meeting` left out, `at` then required).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralOutcomeInput {
    pub outcome: ItemOutcome,
    /// The meeting that decided: the one the document was referred to.
    #[serde(default)]
    pub meeting: Option<Key>,
    #[serde(default)]
    pub at: Option<At>,
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
        let venue = at_meeting(tx.as_mut(), &meeting).await?;
        let act = record_act(tx.as_mut(), actor, input.at, now, Some(&venue), &[])?;
        crate::rules::agenda::check_outcome_targets(
            input.outcome,
            input.deferred_to.as_ref(),
            input.submitted_to.as_ref(),
        )?;
        if let Some(to) = &input.deferred_to {
            if tx.find(Kind::Meeting, to.as_str()).await?.is_none() {
                return Err(Error::invalid("unknown_reference", format!("no meeting with key `{to}`")));
            }
        }
        let meeting_body = passage::body_of(tx.as_mut(), &meeting.organisation, &meeting.body).await?;
        let sitting = passage::Sitting { meeting: &meeting, body: &meeting_body, at: act.at, day: act.day };
        let mut decided = Vec::new();
        let mut counting_by_body: Vec<(Code, Vec<StateCode>)> = Vec::new();
        for key in &agenda_item.documents {
            let Some(stored) = tx.find(Kind::Document, key.as_str()).await? else { continue };
            let Record::Document(doc) = stored.record else { continue };
            let detail = tx.document_detail(stored.id).await?;
            if let Some(referral) = detail.referrals.iter().find(|r| r.meeting == meeting_id && r.outcome.is_none()) {
                crate::rules::acts::check(act.at, now, &follows_all(&[("the referral", Some(referral.referred_at))]))?;
                tx.set_referral_outcome(referral.id, input.outcome, act.at, Procedure::Meeting).await?;
                decided.push(stored.id);
                continue;
            }
            if passage::agree_or_approve(tx.as_mut(), actor, &sitting, &input, stored.id, &doc, &detail).await? {
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
                ItemOutcome::Noted | ItemOutcome::Deferred | ItemOutcome::Agreed | ItemOutcome::Approved => continue,
            };
            lifecycle::check(detail.state.status, to)?;
            let mut state = detail.state.clone();
            let known = [
                ("the current revision", revision_at(&detail)),
                ("the circulation", state.circulated_at),
                ("the agreement", state.agreed_at),
            ];
            crate::rules::acts::check(act.at, now, &follows_all(&known))?;
            if to == DocumentStatus::Adopted {
                // Who counts is read once per body of the documents under the item, not once per document.
                let counting = match counting_by_body.iter().find(|(body, _)| *body == doc.body) {
                    Some((_, counting)) => counting.clone(),
                    None => {
                        let on = Participants::on(tx.as_mut(), &doc.organisation, &doc.body, meeting.starts_on);
                        let counting = on.await?.counting();
                        counting_by_body.push((doc.body.clone(), counting.clone()));
                        counting
                    }
                };
                let c = current_consensus(&detail, &counting);
                if !c.adoptable {
                    let names: Vec<String> = c.blocked_by.iter().map(ToString::to_string).collect();
                    return Err(Error::conflict(
                        "consensus_blocked",
                        format!("`{key}` cannot be adopted: objected to by {}", names.join(", ")),
                    ));
                }
                state = numbered(tx.as_mut(), &doc, state, act.day).await?;
                state.outcome =
                    Some(Outcome { at: act.at, meeting: Some(meeting.key.clone()), procedure: Procedure::Meeting });
            }
            state.status = to;
            tx.set_document_state(stored.id, &state, to.as_str()).await?;
            decided.push(stored.id);
        }
        let row = RecordedItemOutcome {
            outcome: input.outcome,
            deferred_to: input.deferred_to,
            submitted_to: input.submitted_to,
            at: act.at,
        };
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
    pub async fn refer(&self, actor: &Actor, id: Id, input: ReferralInput) -> Result<DocumentView> {
        let ReferralInput { meeting, at } = input;
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let doc = visible_document(tx.as_mut(), actor, id).await?.record;
        require_keeper(actor, "refers documents")?;
        let detail = tx.document_detail(id).await?;
        lifecycle::check(detail.state.status, DocumentStatus::Referred)?;
        let adopted = detail.state.outcome.as_ref().map(|o| o.at);
        let act = record_act(tx.as_mut(), actor, at, now, None, &follows_all(&[("the adoption", adopted)]))?;
        // Dropped without a commit on any refusal, the transaction writes nothing of what the referral inserted.
        passage::refer_to_meeting(tx.as_mut(), actor, id, &doc, &meeting, act.at).await?;
        let mut state = detail.state.clone();
        state.status = DocumentStatus::Referred;
        tx.set_document_state(id, &state, "referred").await?;
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }

    /// Records the receiving body's outcome on a referral: at the meeting it was referred to, or by the body's
    /// written procedure on a date. The document stays referred; the outcome is reported back on it.
    /// A referral of a document the actor may not see does not exist for her.
    #[instrument(skip_all, fields(referral.id = referral))]
    pub async fn decide_referral(
        &self,
        actor: &Actor,
        referral: Id,
        input: ReferralOutcomeInput,
    ) -> Result<DocumentView> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let missing = || Error::NotFound { what: "referral" };
        let row = tx.referral(referral).await?.ok_or_else(missing)?;
        let id = row.document;
        visible_document(tx.as_mut(), actor, id).await.map_err(|e| match e {
            Error::NotFound { .. } => missing(),
            other => other,
        })?;
        require_keeper(actor, "records a higher body's outcome")?;
        if row.outcome.is_some() {
            return Err(Error::conflict("referral_decided", "the receiving body's outcome is already recorded"));
        }
        if !crate::rules::actions::decides_a_referral(input.outcome) {
            return Err(Error::invalid("invalid_outcome", "a deferral is recorded on the agenda item of the meeting"));
        }
        let (venue, by) = match &input.meeting {
            Some(key) => match tx.find(Kind::Meeting, key.as_str()).await? {
                Some(Stored { id, record: Record::Meeting(m), .. }) if id == row.meeting => {
                    (Some(at_meeting(tx.as_mut(), &m).await?), Procedure::Meeting)
                }
                _ => {
                    return Err(Error::invalid(
                        "invalid_referral",
                        "the outcome at a meeting is recorded at the meeting the document was referred to",
                    ))
                }
            },
            None if input.at.is_none() => {
                return Err(Error::invalid("at_required", "an outcome by written procedure needs its date: give `at`"))
            }
            None => (None, Procedure::WrittenProcedure),
        };
        let referred = [("the referral", Some(row.referred_at))];
        let act = record_act(tx.as_mut(), actor, input.at, now, venue.as_ref(), &follows_all(&referred))?;
        tx.set_referral_outcome(referral, input.outcome, act.at, by).await?;
        tx.commit().await?;
        self.document(&actor.viewer(), id).await
    }
}
