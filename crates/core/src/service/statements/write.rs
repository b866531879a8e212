//! The writes on a statements list: a delegate's proposal for her own state (the Secretariat's for the state it
//! names), the Secretariat's selection of the proposals, its collective instruction per forum and the deliveries.
//! Each is one transaction; the rules are in `rules::statements`.

use jiff::civil::Date;
use serde::Deserialize;
use tracing::instrument;

use super::CallContext;
use crate::account::Actor;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::statements::{self, Call, Proposer};
use crate::service::Secretariat;
use crate::store::{Filter, Stored, Tx};

/// A proposal for a joint statement, as a delegate or the Secretariat sends it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalInput {
    /// The state proposing: a delegate's own (she may leave it out); the Secretariat names it.
    #[serde(default)]
    pub state: Option<StateCode>,
    pub topic: Text,
    /// Where it is to be delivered (`UNGA`, `OSCE`).
    pub forum: Code,
    /// The draft text, if there is one yet.
    #[serde(default)]
    pub draft: Option<Text>,
}

/// The collective instruction to the permanent representatives at one forum.
#[derive(Debug, Clone)]
pub struct InstructionInput {
    pub forum: Code,
    pub text: Text,
}

/// A statement delivered.
#[derive(Debug, Clone)]
pub struct DeliveryInput {
    pub proposal: Key,
    pub on: Date,
    pub state: StateCode,
    /// The forum, when not the proposal's own.
    pub forum: Option<Code>,
}

fn require_keeper(actor: &Actor, what: &str) -> Result<()> {
    if actor.keeps_the_record() {
        Ok(())
    } else {
        Err(Error::forbidden(format!("only the Secretariat {what}")))
    }
}

/// The list, as the actor may see it: one she may not see answers as one that does not exist.
async fn list_of(tx: &mut dyn Tx, actor: &Actor, key: &Key) -> Result<(Id, StatementsList)> {
    // Visibility first, then the list as it stands (its document, whether or not the actor may see it).
    tx.find_visible(Kind::StatementsList, key.as_str(), &actor.viewer())
        .await?
        .ok_or(Error::NotFound { what: "statements list" })?;
    match tx.find(Kind::StatementsList, key.as_str()).await? {
        Some(Stored { id, record: Record::StatementsList(l), .. }) => Ok((id, l)),
        _ => Err(Error::NotFound { what: "statements list" }),
    }
}

async fn proposals_of(tx: &mut dyn Tx, list: &Key) -> Result<Vec<Stored<Proposal>>> {
    let mut filter = Filter::new(Viewer::Secretariat);
    filter.owner = Some(list.clone());
    filter.limit = u32::MAX;
    Ok(tx
        .list(Kind::Proposal, &filter)
        .await?
        .into_iter()
        .filter_map(|s| match s.record {
            Record::Proposal(p) => Some(Stored { id: s.id, version: s.version, record: p }),
            _ => None,
        })
        .collect())
}

/// A key no proposal of the list has: `<list>-<state>-<n>`.
fn proposal_key(list: &Key, state: &StateCode, taken: &[Stored<Proposal>]) -> Result<Key> {
    let stem: String = list.as_str().chars().take(70).collect();
    let stem = stem.trim_end_matches('-');
    let state = state.as_str().to_ascii_lowercase();
    let mut n = 1usize;
    loop {
        let key = Key::parse(&format!("{stem}-{state}-{n}"))?;
        if !taken.iter().any(|p| p.record.key == key) {
            return Ok(key);
        }
        n += 1;
    }
}

impl Secretariat {
    /// A proposal for a joint statement: a delegate's for her own state, the Secretariat's for the state it names,
    /// until the end of the cut-off day in the venue's time and before the list is compiled.
    #[instrument(skip_all, fields(list = %key))]
    pub async fn propose_statement(&self, actor: &Actor, key: &Key, input: ProposalInput) -> Result<Stored<Proposal>> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let (_, list) = list_of(tx.as_mut(), actor, key).await?;
        let proposer = if actor.keeps_the_record() { Proposer::Secretariat } else { Proposer::of(&actor.viewer()) };
        let context = CallContext::read(tx.as_mut(), &list, now).await?;
        let members = context.members_on(&list.body, context.today);
        let call = Call { cutoff: list.cutoff, compiled: list.document.is_some() };
        let state = statements::may_propose(&proposer, input.state.as_ref(), call, context.today, &members)?;
        let taken = proposals_of(tx.as_mut(), &list.key).await?;
        let proposal = Proposal {
            list: list.key.clone(),
            key: proposal_key(&list.key, &state, &taken)?,
            state,
            topic: input.topic,
            forum: input.forum,
            draft: input.draft,
            included: false,
        };
        let record = Record::Proposal(proposal.clone());
        crate::service::relations::check_relations(tx.as_mut(), &record).await?;
        let id = tx.insert(&record).await?;
        let stored = tx.get(Kind::Proposal, id).await?.map(|s| s.version).unwrap_or(1);
        tx.commit().await?;
        Ok(Stored { id, version: stored, record: proposal })
    }

    /// The Secretariat's selection: the list includes exactly the proposals named, until it is compiled.
    #[instrument(skip_all, fields(list = %key))]
    pub async fn select_proposals(&self, actor: &Actor, key: &Key, included: &[Key]) -> Result<()> {
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let (_, list) = list_of(tx.as_mut(), actor, key).await?;
        statements::may_select(&actor.viewer(), list.document.is_some())?;
        let proposals = proposals_of(tx.as_mut(), &list.key).await?;
        if let Some(unknown) = included.iter().find(|k| !proposals.iter().any(|p| p.record.key == **k)) {
            return Err(Error::invalid("unknown_proposal", format!("the list has no proposal `{unknown}`")));
        }
        for p in proposals {
            let wanted = included.contains(&p.record.key);
            if p.record.included != wanted {
                tx.update(p.id, p.version, &Record::Proposal(Proposal { included: wanted, ..p.record })).await?;
            }
        }
        tx.commit().await
    }

    /// The Secretariat's collective instruction for one forum: written, or rewritten (one per forum).
    #[instrument(skip_all, fields(list = %key))]
    pub async fn record_instruction(&self, actor: &Actor, key: &Key, input: InstructionInput) -> Result<()> {
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        let (_, list) = list_of(tx.as_mut(), actor, key).await?;
        require_keeper(actor, "instructs the permanent representatives")?;
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.owner = Some(list.key.clone());
        filter.limit = u32::MAX;
        let existing = tx.list(Kind::Instruction, &filter).await?.into_iter().find(|s| match &s.record {
            Record::Instruction(i) => i.forum == input.forum,
            _ => false,
        });
        let record = Record::Instruction(Instruction { list: list.key, forum: input.forum, text: input.text });
        match existing {
            Some(s) => {
                tx.update(s.id, s.version, &record).await?;
            }
            None => {
                tx.insert(&record).await?;
            }
        }
        tx.commit().await
    }

    /// A delivery of an included statement: on a day that has come, by a state taking part in the body that day,
    /// on behalf of all.
    #[instrument(skip_all, fields(list = %key))]
    pub async fn record_delivery(&self, actor: &Actor, key: &Key, input: DeliveryInput) -> Result<()> {
        let now = self.clock.now();
        let mut tx = self.store.begin(actor, now).await?;
        let (_, list) = list_of(tx.as_mut(), actor, key).await?;
        require_keeper(actor, "records deliveries")?;
        let proposals = proposals_of(tx.as_mut(), &list.key).await?;
        let proposal = proposals
            .into_iter()
            .find(|p| p.record.key == input.proposal)
            .ok_or_else(|| {
                Error::invalid("unknown_proposal", format!("the list has no proposal `{}`", input.proposal))
            })?
            .record;
        let context = CallContext::read(tx.as_mut(), &list, now).await?;
        statements::may_deliver(proposal.included, input.on, context.today)?;
        if !context.members_on(&list.body, input.on).contains(&input.state) {
            return Err(Error::invalid(
                "not_a_member_on_the_day",
                format!("{} takes no part in the body's decisions on {}", input.state, input.on),
            ));
        }
        let delivery = Delivery {
            forum: input.forum.unwrap_or_else(|| proposal.forum.clone()),
            proposal: proposal.key,
            on: input.on,
            state: input.state,
        };
        let record = Record::Delivery(delivery);
        crate::service::relations::check_relations(tx.as_mut(), &record).await?;
        tx.insert(&record).await?;
        tx.commit().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proposal_s_key_is_the_list_s_the_state_s_and_the_next_free_number() {
        let list = Key::parse("statements-2018").unwrap();
        let ru = StateCode::parse("RU").unwrap();
        assert_eq!(proposal_key(&list, &ru, &[]).unwrap().as_str(), "statements-2018-ru-1");
        let taken = Stored {
            id: 1,
            version: 1,
            record: Proposal {
                list: list.clone(),
                key: Key::parse("statements-2018-ru-1").unwrap(),
                state: ru.clone(),
                topic: Text::one("en", "t"),
                forum: Code::parse("UNGA").unwrap(),
                draft: None,
                included: false,
            },
        };
        assert_eq!(proposal_key(&list, &ru, &[taken]).unwrap().as_str(), "statements-2018-ru-2");
        let long = Key::parse(&"a".repeat(80)).unwrap();
        assert!(proposal_key(&long, &ru, &[]).unwrap().as_str().len() <= 80);
    }
}
