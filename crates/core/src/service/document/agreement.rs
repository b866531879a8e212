//! Agreement: circulation and the lifecycle's steps, and the positions of the states.

use super::*;

/// A position to record: a delegate's own state, or a state named by the Secretariat on its behalf.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PositionInput {
    #[serde(default)]
    pub state: Option<StateCode>,
    pub position: String,
    #[serde(default)]
    pub text: Option<String>,
    /// When the state took it, if not now (the Secretariat only): an instant or a day.
    #[serde(default)]
    pub at: Option<At>,
}

impl Secretariat {
    /// Moves a document along its lifecycle: circulate (numbering it), agree, or withdraw.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn transition(&self, actor: &Actor, id: Id, to: DocumentStatus, at: Option<At>) -> Result<DocumentView> {
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
        let last_position = detail.positions.iter().map(|p| p.at).max();
        let act = record_act(
            tx.as_mut(),
            actor,
            at,
            now,
            None,
            &follows_all(&[
                ("the current revision", revision_at(&detail)),
                ("the circulation", state.circulated_at),
                ("the agreement", state.agreed_at),
                ("the last position", last_position.filter(|_| to == DocumentStatus::Agreed)),
            ]),
        )?;
        match to {
            DocumentStatus::Circulated => {
                state = numbered(tx.as_mut(), &doc, state, act.day).await?;
                state.circulated_at = Some(act.at);
                if doc.visibility == Visibility::Sponsors {
                    let widened = Document { visibility: Visibility::Members, ..doc.clone() };
                    tx.update(id, stored.version, &Record::Document(widened)).await?;
                }
            }
            DocumentStatus::Agreed => {
                let counting = Participants::of_document(tx.as_mut(), &doc, &detail, act.day).await?.counting();
                let c = current_consensus(&detail, &counting);
                if !c.adoptable || !c.pending.is_empty() {
                    return Err(Error::conflict(
                        "consensus_not_reached",
                        format!(
                            "agreement needs every member's position without objection; pending: {:?}, blocking: {:?}",
                            c.pending, c.blocked_by
                        ),
                    ));
                }
                state.agreed_at = Some(act.at);
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
        if to == DocumentStatus::Circulated {
            notify(tx.as_mut(), event(NotificationKind::DraftCirculated, id, format!("document:{id}"), act.at, actor))
                .await?;
        }
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
        let detail = tx.document_detail(id).await?;
        let known = [("the current revision", revision_at(&detail)), ("the circulation", detail.state.circulated_at)];
        let act = record_act(tx.as_mut(), actor, input.at, now, None, &follows_all(&known))?;
        let participants = Participants::of_document(tx.as_mut(), &doc, &detail, act.day).await?;
        participants.require_position_taker(tx.as_mut(), &state_code).await?;
        if !detail.state.status.open_for_positions() {
            return Err(Error::conflict(
                "not_open_for_positions",
                "positions are taken once a document is circulated and until it is decided",
            ));
        }
        let revision = detail.revisions.last().ok_or(Error::NotFound { what: "revision" })?;
        let row = RecordedPosition {
            revision: revision.number,
            state: state_code,
            position: position.clone(),
            recorded_by: actor.name.clone(),
            on_behalf,
            at: act.at,
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
}
