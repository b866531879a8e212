//! The yearly list of joint statements: who may propose a statement and until when, where a list stands, and what a
//! viewer may do on it. A member state's delegate proposes for her own state, the Secretariat for the state it names
//! (a proposal received by note); nobody once the cut-off day has passed in the venue's time or once the list is
//! compiled. The Secretariat alone selects, compiles, instructs and records deliveries.

use jiff::civil::Date;

use crate::domain::{DocumentStatus, StateCode, Viewer};
use crate::error::{Error, Result};

/// Where a list stands, as a reader is told: the call for proposals, then the list document and its adoption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Proposals are taken until the cut-off day, inclusive.
    Open { until: Date },
    /// The cut-off has passed and no list document is to be seen.
    Closed { since: Date },
    /// Compiled into its list document, which the body has not adopted (yet).
    Compiled { status: DocumentStatus },
    /// The list document is adopted: the body endorsed the list.
    Endorsed,
}

/// Whether proposals are still taken on `today` (the day in the venue's time): until the end of the cut-off day.
pub fn call_open(cutoff: Date, today: Date) -> bool {
    today <= cutoff
}

/// The stage of a list: its document's status when the viewer sees one (endorsement is the document's adoption,
/// and what follows it, a referral, keeps it endorsed), else the call by the day.
pub fn stage(cutoff: Date, today: Date, document: Option<DocumentStatus>) -> Stage {
    match document {
        Some(DocumentStatus::Adopted | DocumentStatus::Referred) => Stage::Endorsed,
        Some(status) => Stage::Compiled { status },
        None if call_open(cutoff, today) => Stage::Open { until: cutoff },
        None => Stage::Closed { since: cutoff },
    }
}

/// Who proposes: the roles the rule tells apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposer {
    /// A delegate, of her own state.
    Delegate(StateCode),
    /// The Secretariat, for the state it names.
    Secretariat,
    /// Anyone else (the press, a delegate account without a state): proposes nothing.
    Nobody,
}

impl Proposer {
    /// The proposer a viewer is.
    pub fn of(viewer: &Viewer) -> Self {
        match viewer {
            Viewer::Delegate { state, .. } => Proposer::Delegate(state.clone()),
            Viewer::Secretariat => Proposer::Secretariat,
            Viewer::Public | Viewer::Press { .. } => Proposer::Nobody,
        }
    }
}

/// The call as the rule needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    pub cutoff: Date,
    /// The list is compiled into its document.
    pub compiled: bool,
}

/// The state a proposal is made for, if `proposer` may propose for `named` (her own state when she names none)
/// today: by role first, then the list's standing, then membership on the day. `members` are the states that take
/// part in the endorsing body's decisions on `today`.
pub fn may_propose(
    proposer: &Proposer,
    named: Option<&StateCode>,
    call: Call,
    today: Date,
    members: &[StateCode],
) -> Result<StateCode> {
    let state = match (proposer, named) {
        (Proposer::Nobody, _) => {
            return Err(Error::forbidden("only a member state's delegate, or the Secretariat, proposes a statement"))
        }
        (Proposer::Delegate(own), None) => own.clone(),
        (Proposer::Delegate(own), Some(named)) if named == own => own.clone(),
        (Proposer::Delegate(_), Some(_)) => {
            return Err(Error::forbidden("a delegate proposes statements for her own state only"))
        }
        (Proposer::Secretariat, Some(named)) => named.clone(),
        (Proposer::Secretariat, None) => {
            return Err(Error::invalid("state_required", "name the state whose proposal this is"))
        }
    };
    if call.compiled {
        return Err(Error::conflict("already_compiled", "the list is already compiled: it takes no more proposals"));
    }
    if !call_open(call.cutoff, today) {
        return Err(Error::conflict(
            "call_closed",
            format!("proposals were taken until {}; today is {today}", call.cutoff),
        ));
    }
    if !members.contains(&state) {
        return Err(Error::invalid(
            "not_a_member_on_the_day",
            format!("{state} takes no part in the endorsing body's decisions on {today}"),
        ));
    }
    Ok(state)
}

/// The Secretariat alone changes which proposals the list includes, and only until it is compiled.
pub fn may_select(viewer: &Viewer, compiled: bool) -> Result<()> {
    if *viewer != Viewer::Secretariat {
        return Err(Error::forbidden("only the Secretariat selects the proposals of the list"));
    }
    if compiled {
        return Err(Error::conflict("already_compiled", "the list is compiled: its selection is its document's"));
    }
    Ok(())
}

/// A delivery is of a statement the list includes, on a day that has come.
pub fn may_deliver(included: bool, on: Date, today: Date) -> Result<()> {
    if !included {
        return Err(Error::conflict("not_included", "only a statement the list includes is delivered"));
    }
    if on > today {
        return Err(Error::invalid("delivery_in_future", "a delivery is recorded once it has happened"));
    }
    Ok(())
}

/// What a viewer may do on a list now: the forms its page offers. The use cases still decide every write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListActions {
    /// The states she may propose a statement for: her own, for a delegate of a member state; every member, for
    /// the Secretariat; none once the call is closed or the list compiled.
    pub propose_for: Vec<StateCode>,
    /// Change which proposals the list includes.
    pub select: bool,
    /// Compile the list into its document (some proposal is included).
    pub compile: bool,
    /// Write the collective instruction for a forum.
    pub instruct: bool,
    /// Record a delivery of an included statement.
    pub deliver: bool,
}

/// The actions `viewer` may take on a list called as `call`, on `today`, with `included` proposals selected.
pub fn list_actions(viewer: &Viewer, call: Call, today: Date, members: &[StateCode], included: usize) -> ListActions {
    let keeper = *viewer == Viewer::Secretariat;
    let proposer = Proposer::of(viewer);
    let propose_for = match &proposer {
        Proposer::Delegate(own) => vec![own.clone()],
        Proposer::Secretariat => members.to_vec(),
        Proposer::Nobody => Vec::new(),
    }
    .into_iter()
    .filter(|s| may_propose(&proposer, Some(s), call, today, members).is_ok())
    .collect();
    ListActions {
        propose_for,
        select: may_select(viewer, call.compiled).is_ok(),
        compile: keeper && !call.compiled && included > 0,
        instruct: keeper,
        deliver: keeper && included > 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn s(code: &str) -> StateCode {
        StateCode::parse(code).unwrap()
    }

    fn members() -> Vec<StateCode> {
        ["AM", "BY", "KZ", "KG", "RU", "TJ"].into_iter().map(s).collect()
    }

    const OPEN: Call = Call { cutoff: date(2018, 6, 10), compiled: false };

    fn delegate(state: &str) -> Viewer {
        Viewer::Delegate { state: s(state), head: false }
    }

    #[test]
    fn a_delegate_proposes_for_her_own_state_until_the_end_of_the_cut_off_day() {
        let ru = Proposer::Delegate(s("RU"));
        assert_eq!(may_propose(&ru, None, OPEN, date(2018, 6, 1), &members()).unwrap(), s("RU"));
        assert_eq!(may_propose(&ru, Some(&s("RU")), OPEN, date(2018, 6, 10), &members()).unwrap(), s("RU"));
        let late = may_propose(&ru, None, OPEN, date(2018, 6, 11), &members()).unwrap_err();
        assert_eq!(late.code(), "call_closed");
    }

    #[test]
    fn a_delegate_cannot_propose_for_another_state() {
        let ru = Proposer::Delegate(s("RU"));
        let e = may_propose(&ru, Some(&s("KZ")), OPEN, date(2018, 6, 1), &members()).unwrap_err();
        assert_eq!(e.code(), "forbidden");
    }

    #[test]
    fn the_press_and_the_public_propose_nothing() {
        for viewer in [Viewer::Public, Viewer::Press { publisher: None }] {
            let e = may_propose(&Proposer::of(&viewer), Some(&s("RU")), OPEN, date(2018, 6, 1), &members());
            assert_eq!(e.unwrap_err().code(), "forbidden");
        }
    }

    #[test]
    fn the_secretariat_names_the_state_it_records_a_proposal_for() {
        let e = may_propose(&Proposer::Secretariat, None, OPEN, date(2018, 6, 1), &members()).unwrap_err();
        assert_eq!(e.code(), "state_required");
        let kz = may_propose(&Proposer::Secretariat, Some(&s("KZ")), OPEN, date(2018, 6, 1), &members());
        assert_eq!(kz.unwrap(), s("KZ"));
    }

    #[test]
    fn a_state_outside_the_body_on_the_day_proposes_nothing() {
        let e = may_propose(&Proposer::Delegate(s("RS")), None, OPEN, date(2018, 6, 1), &members()).unwrap_err();
        assert_eq!(e.code(), "not_a_member_on_the_day");
    }

    #[test]
    fn a_compiled_list_takes_no_more_proposals_even_before_its_cut_off() {
        let compiled = Call { compiled: true, ..OPEN };
        let e = may_propose(&Proposer::Delegate(s("RU")), None, compiled, date(2018, 6, 1), &members()).unwrap_err();
        assert_eq!(e.code(), "already_compiled");
    }

    #[test]
    fn the_stage_is_the_call_until_a_document_is_seen_and_endorsement_is_its_adoption() {
        let cutoff = date(2018, 6, 10);
        assert_eq!(stage(cutoff, date(2018, 6, 10), None), Stage::Open { until: cutoff });
        assert_eq!(stage(cutoff, date(2018, 6, 11), None), Stage::Closed { since: cutoff });
        let circulated = stage(cutoff, date(2018, 6, 1), Some(DocumentStatus::Circulated));
        assert_eq!(circulated, Stage::Compiled { status: DocumentStatus::Circulated });
        assert_eq!(stage(cutoff, date(2018, 6, 1), Some(DocumentStatus::Adopted)), Stage::Endorsed);
        assert_eq!(stage(cutoff, date(2019, 1, 1), Some(DocumentStatus::Referred)), Stage::Endorsed);
    }

    #[test]
    fn only_the_secretariat_selects_and_only_before_compilation() {
        assert!(may_select(&Viewer::Secretariat, false).is_ok());
        assert_eq!(may_select(&Viewer::Secretariat, true).unwrap_err().code(), "already_compiled");
        assert_eq!(may_select(&delegate("RU"), false).unwrap_err().code(), "forbidden");
    }

    #[test]
    fn a_delivery_is_of_an_included_statement_on_a_day_that_has_come() {
        let today = date(2018, 10, 1);
        assert!(may_deliver(true, date(2018, 9, 25), today).is_ok());
        assert_eq!(may_deliver(false, date(2018, 9, 25), today).unwrap_err().code(), "not_included");
        assert_eq!(may_deliver(true, date(2018, 10, 2), today).unwrap_err().code(), "delivery_in_future");
    }

    #[test]
    fn a_delegate_is_offered_her_own_state_and_the_secretariat_every_member() {
        let a = list_actions(&delegate("RU"), OPEN, date(2018, 6, 1), &members(), 0);
        assert_eq!(a.propose_for, vec![s("RU")]);
        assert!(!a.select && !a.compile && !a.instruct && !a.deliver);
        let k = list_actions(&Viewer::Secretariat, OPEN, date(2018, 6, 1), &members(), 1);
        assert_eq!(k.propose_for, members());
        assert!(k.select && k.compile && k.instruct && k.deliver);
        let nothing_included = list_actions(&Viewer::Secretariat, OPEN, date(2018, 6, 1), &members(), 0);
        assert!(!nothing_included.compile && !nothing_included.deliver);
        let compiled =
            list_actions(&Viewer::Secretariat, Call { compiled: true, ..OPEN }, date(2018, 6, 1), &members(), 1);
        assert!(compiled.propose_for.is_empty() && !compiled.select && !compiled.compile && compiled.deliver);
        assert_eq!(list_actions(&Viewer::Public, OPEN, date(2018, 6, 1), &members(), 1), ListActions::default());
    }

    fn any_viewer() -> impl Strategy<Value = Viewer> {
        prop_oneof![
            Just(Viewer::Public),
            Just(Viewer::Press { publisher: None }),
            Just(Viewer::Secretariat),
            (prop::sample::select(vec!["RU", "KZ", "RS"]), any::<bool>())
                .prop_map(|(state, head)| Viewer::Delegate { state: s(state), head }),
        ]
    }

    proptest! {
        #[test]
        fn the_states_offered_are_exactly_those_the_rule_accepts(
            who in any_viewer(), day in 0i16..40, compiled in any::<bool>(), named in prop::sample::select(vec!["RU", "KZ", "RS"]),
        ) {
            let today = date(2018, 5, 20).checked_add(jiff::Span::new().days(day)).unwrap();
            let call = Call { cutoff: date(2018, 6, 10), compiled };
            let offered = list_actions(&who, call, today, &members(), 1).propose_for;
            let named = s(named);
            let accepted = may_propose(&Proposer::of(&who), Some(&named), call, today, &members()).is_ok();
            prop_assert_eq!(offered.contains(&named), accepted);
            // A delegate is never offered another state's proposal.
            if let Viewer::Delegate { state, .. } = &who {
                prop_assert!(offered.iter().all(|o| o == state));
            }
        }
    }
}
