//! A document's way through bodies: agreed at a preparatory body's meeting and sent on to the body it prepares
//! for; approved at its own body's meeting and submitted to a higher body's; and the referral to a meeting of a
//! higher body, which an approval and `refer` share.

use super::*;

/// The meeting where an outcome is recorded.
pub(super) struct Sitting<'a> {
    pub meeting: &'a Meeting,
    /// The body that meets.
    pub body: &'a Body,
    pub at: Timestamp,
    /// The day the outcome is judged on (and numbered in).
    pub day: jiff::civil::Date,
}

/// A body of an organisation, read inside the write.
pub(super) async fn body_of(tx: &mut dyn Tx, org: &Code, code: &Code) -> Result<Body> {
    match tx.find(Kind::Body, &format!("{org}/{code}")).await? {
        Some(Stored { record: Record::Body(b), .. }) => Ok(b),
        _ => Err(Error::invalid("unknown_reference", format!("no body `{code}` in `{org}`"))),
    }
}

/// Refers a document to a meeting of one of its body's higher bodies, where it becomes the last agenda item;
/// answers the body that meets there. The caller sets the document's status.
pub(super) async fn refer_to_meeting(
    tx: &mut dyn Tx,
    actor: &Actor,
    id: Id,
    doc: &Document,
    meeting: &Key,
    at: Timestamp,
) -> Result<Code> {
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
    let own = body_of(tx, &doc.organisation, &doc.body).await?;
    if !own.parents.contains(&target.body) {
        let higher: Vec<String> = own.parents.iter().map(ToString::to_string).collect();
        let higher = if higher.is_empty() { "none".to_owned() } else { higher.join(", ") };
        return Err(Error::invalid(
            "not_a_higher_body",
            format!("`{}` is not a higher body of `{}` (its higher bodies: {higher})", target.body, doc.body),
        ));
    }
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
    let referral = Referral {
        id: 0,
        document: id,
        meeting: meeting_id,
        agenda_item: Some(item_id),
        referred_at: at,
        referred_by: actor.name.clone(),
        outcome: None,
        decided_at: None,
        decided_by: None,
    };
    tx.insert_referral(&referral).await?;
    Ok(target.body)
}

/// What `agreed` and `approved` do to a document under the item: agreed at a meeting of its own body or of a
/// body that prepares for it (then sent on to that body), approved at its own body's meeting and submitted to
/// a higher body's. Answers whether the document was decided here; `false` leaves it to the other outcomes.
pub(super) async fn agree_or_approve(
    tx: &mut dyn Tx,
    actor: &Actor,
    sitting: &Sitting<'_>,
    input: &OutcomeInput,
    id: Id,
    doc: &Document,
    detail: &DocumentDetail,
) -> Result<bool> {
    let meeting = sitting.meeting;
    let own = doc.body == meeting.body || meeting.joint_with.contains(&doc.body);
    let prepares = sitting.body.prepares_for.as_ref() == Some(&doc.body);
    let approving = match input.outcome {
        ItemOutcome::Agreed if own || prepares => false,
        ItemOutcome::Approved if own => true,
        _ => return Ok(false),
    };
    let mut state = detail.state.clone();
    if !state.status.pending_decision() {
        return Err(Error::conflict(
            "invalid_transition",
            format!(
                "`{}` is {}: only a circulated document not yet decided is agreed or approved",
                doc.key,
                state.status.as_str()
            ),
        ));
    }
    let counting = Participants::on(tx, &doc.organisation, &meeting.body, meeting.starts_on).await?.counting();
    let c = current_consensus(detail, &counting);
    if !c.adoptable {
        let names: Vec<String> = c.blocked_by.iter().map(ToString::to_string).collect();
        return Err(Error::conflict(
            "consensus_blocked",
            format!("`{}` cannot be agreed: objected to by {}", doc.key, names.join(", ")),
        ));
    }
    let (at, body) = (sitting.at, meeting.body.clone());
    if approving {
        let to = input.submitted_to.as_ref().ok_or_else(|| {
            Error::invalid("submitted_to_required", "name the higher body's meeting the document is submitted to")
        })?;
        state = numbered(tx, doc, state, sitting.day).await?;
        let submitted_to = refer_to_meeting(tx, actor, id, doc, to, at).await?;
        state.steps.push(Step::Approved { at, meeting: meeting.key.clone(), body, submitted_to });
        state.status = DocumentStatus::Referred;
    } else {
        let sent_to = (prepares && !own).then(|| doc.body.clone());
        state.steps.push(Step::Agreed { at, meeting: meeting.key.clone(), body, sent_to });
        state.agreed_at = Some(at);
        state.status = DocumentStatus::Agreed;
    }
    tx.set_document_state(id, &state, state.status.as_str()).await?;
    Ok(true)
}

/// One step of a document's way through bodies, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PathStep {
    /// `agreed`, `approved` (and submitted), `adopted`, `referred` or `decided` (the higher body's outcome).
    pub step: &'static str,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// The meeting it happened at; none for adoption by silence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting: Option<Key>,
    /// The body that acted (that agreed, approved, adopted, or received and decided).
    pub body: Code,
    /// The body it went on to: sent on to after an agreement, submitted to after an approval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Code>,
    /// A higher body's outcome, for `decided`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ItemOutcome>,
}

/// A document's path from what its state and referrals record, in the order things happened.
pub(super) fn path(body: &Code, state: &DocumentState, referrals: &[view::ReferralView]) -> Vec<PathStep> {
    let step = |step, at, meeting: Option<&Key>, body: &Code| PathStep {
        step,
        at,
        meeting: meeting.cloned(),
        body: body.clone(),
        to: None,
        outcome: None,
    };
    let mut path: Vec<PathStep> = state
        .steps
        .iter()
        .map(|s| match s {
            Step::Agreed { at, meeting, body, sent_to } => {
                PathStep { to: sent_to.clone(), ..step("agreed", *at, Some(meeting), body) }
            }
            Step::Approved { at, meeting, body, submitted_to } => {
                PathStep { to: Some(submitted_to.clone()), ..step("approved", *at, Some(meeting), body) }
            }
        })
        .collect();
    if let Some(o) = &state.outcome {
        path.push(step("adopted", o.at, o.meeting.as_ref(), body));
    }
    for r in referrals {
        path.push(step("referred", r.referred_at, Some(&r.meeting), &r.body));
        if let (Some(outcome), Some(at)) = (r.outcome, r.decided_at) {
            path.push(PathStep { outcome: Some(outcome), ..step("decided", at, Some(&r.meeting), &r.body) });
        }
    }
    // Stable: an approval and the referral it makes share their instant, and stay in that order.
    path.sort_by_key(|s| s.at);
    path
}
