//! The silence procedure: opened on a revision, broken by an objection before its deadline, or adopted at it.

use super::*;

/// An objection or amendment under silence.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionInput {
    #[serde(default)]
    pub state: Option<StateCode>,
    #[serde(default = "objection")]
    pub kind: BreakKind,
    pub text: String,
    /// When it was received, if not now (the Secretariat only): an instant or a day.
    #[serde(default)]
    pub at: Option<At>,
}

fn objection() -> BreakKind {
    BreakKind::Objection
}

impl Secretariat {
    /// Opens a silence procedure on the current revision, with an exact deadline. A draft goes out as a
    /// provisional text without a number (OSCE practice); it is numbered when adopted.
    #[instrument(skip_all, fields(document.id = id))]
    pub async fn open_silence(
        &self,
        actor: &Actor,
        id: Id,
        deadline: Timestamp,
        at: Option<At>,
    ) -> Result<SilenceView> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let stored = visible_document(tx.as_mut(), actor, id).await?;
        require_keeper(actor, "opens silence procedures")?;
        let detail = tx.document_detail(id).await?;
        let known = [("the current revision", revision_at(&detail)), ("the circulation", detail.state.circulated_at)];
        let act = record_act(tx.as_mut(), actor, at, now, None, &follows_all(&known))?;
        check_deadline(deadline, act.at)?;
        if detail.silences.iter().any(|s| s.status == SilenceStatus::Open) {
            return Err(Error::conflict(
                "silence_already_open",
                "a silence procedure is already open on this document",
            ));
        }
        let mut state = detail.state.clone();
        if state.status == DocumentStatus::Draft {
            state.status = DocumentStatus::Circulated;
            state.circulated_at = Some(act.at);
            tx.set_document_state(id, &state, "circulated_provisionally").await?;
            if stored.record.visibility == Visibility::Sponsors {
                let widened = Document { visibility: Visibility::Members, ..stored.record.clone() };
                tx.update(id, stored.version, &Record::Document(widened)).await?;
            }
        } else if !state.status.pending_decision() {
            return Err(Error::conflict("not_pending", "silence is used on a text still to be decided"));
        }
        let revision = detail.revisions.last().ok_or(Error::NotFound { what: "revision" })?;
        let row = SilenceProcedure {
            id: 0,
            document: id,
            revision: revision.number,
            opened_at: act.at,
            deadline,
            opened_by: actor.name.clone(),
            status: SilenceStatus::Open,
            closed_at: None,
            received: Vec::new(),
        };
        let silence = tx.insert_silence(&row).await?;
        let opened = Event {
            deadline: Some(deadline),
            ..event(NotificationKind::SilenceOpened, id, format!("silence:{silence}"), act.at, actor)
        };
        notify(tx.as_mut(), opened).await?;
        tx.commit().await?;
        Ok(silence_view(SilenceProcedure { id: silence, ..row }))
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
        let deadline = procedure.deadline;
        let opened = [("the opening of the procedure", Some(procedure.opened_at))];
        let act = record_act(tx.as_mut(), actor, input.at, now, None, &follows_all(&opened))?;
        if procedure.status != SilenceStatus::Open {
            return Err(Error::conflict(
                "silence_closed",
                format!("the silence procedure is closed: {}", name_of(&procedure.status)),
            ));
        }
        if act.at >= deadline {
            return Err(Error::conflict("silence_closed", "the deadline has passed: the text is deemed adopted"));
        }
        // A written procedure is no meeting: who may object is judged on the day of the objection.
        let participants = Participants::on(tx.as_mut(), &doc.organisation, &doc.body, act.day).await?;
        participants.require_position_taker(tx.as_mut(), &state_code).await?;
        let received = Received { state: state_code, at: act.at, kind: input.kind, text: input.text };
        tx.insert_received(silence, procedure.document, &received).await?;
        let mut all = procedure.received.clone();
        all.push(received);
        if let SilenceState::Broken { .. } = silence_state(deadline, &all, now) {
            tx.close_silence(silence, SilenceStatus::Broken, act.at).await?;
            let mut state = tx.document_detail(procedure.document).await?.state;
            lifecycle::check(state.status, DocumentStatus::NotAdopted)?;
            state.status = DocumentStatus::NotAdopted;
            tx.set_document_state(procedure.document, &state, "silence_broken").await?;
            let source = format!("silence:{silence}");
            let broken = Event {
                by_state: all.last().map(|r| r.state.clone()),
                ..event(NotificationKind::SilenceBroken, procedure.document, source, act.at, actor)
            };
            notify(tx.as_mut(), broken).await?;
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
        for id in self.store.due_silences(now).await? {
            let mut tx = self.store.begin(&Actor::system(), now).await?;
            let Some(procedure) = tx.silence(id).await? else { continue };
            // The text is deemed adopted at the deadline: that is when the act happened, whenever it is closed.
            tx.occurred(procedure.deadline);
            if procedure.status != SilenceStatus::Open {
                continue;
            }
            let deadline = procedure.deadline;
            let SilenceState::Adopted { at } = silence_state(deadline, &procedure.received, now) else { continue };
            if !tx.close_silence(id, SilenceStatus::Adopted, at).await? {
                continue;
            }
            let doc = document_record(tx.as_mut(), procedure.document).await?.record;
            let state = tx.document_detail(procedure.document).await?.state;
            lifecycle::check(state.status, DocumentStatus::Adopted)?;
            let mut state = numbered(tx.as_mut(), &doc, state, utc_day(at)).await?;
            state.status = DocumentStatus::Adopted;
            state.outcome = Some(Outcome { at, meeting: None, procedure: Procedure::Silence });
            tx.set_document_state(procedure.document, &state, "adopted_by_silence").await?;
            let system = Actor::system();
            let source = format!("silence:{id}");
            notify(tx.as_mut(), event(NotificationKind::SilenceConcluded, procedure.document, source, at, &system))
                .await?;
            tx.commit().await?;
            closed += 1;
            tracing::info!(silence.id = id, document.id = procedure.document, "silence procedure closed: adopted");
        }
        Ok(closed)
    }
}
