//! What a viewer may do on a document now: the forms a page offers. The use cases still decide every write; these
//! rules only say which of them would be accepted, so that a page never offers a form the core would refuse for who
//! she is or where the document stands.

use std::cmp::Ordering;

use jiff::civil::Date;

use crate::domain::{DocumentStatus, Id, ItemOutcome, StateCode, Viewer};

/// Where a document stands, as far as its actions depend on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub status: DocumentStatus,
    /// Its sponsoring states.
    pub sponsors: Vec<StateCode>,
    /// The states that take positions on it.
    pub takers: Vec<StateCode>,
    /// The silence procedure open on it, if any.
    pub open_silence: Option<Id>,
    /// The state its key belongs to (`ru-…`), which stays among its sponsors.
    pub owner: Option<StateCode>,
    /// How many sponsors it has (states, the Secretariat, bodies).
    pub sponsor_count: usize,
    /// Whether it has a register symbol (it was circulated or decided): only such a document is corrected or added
    /// to, since a corrigendum's symbol is its own followed by `Corr.n`.
    pub numbered: bool,
    /// Its referrals on which the receiving body's outcome is not recorded yet.
    pub undecided_referrals: Vec<Id>,
}

/// The actions a viewer may take on a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentActions {
    /// The states she may record a position for: her own, if it takes positions; any that does, for the
    /// Secretariat (on a state's behalf).
    pub position_for: Vec<StateCode>,
    /// The open silence procedure she may break, and the states she may break it for.
    pub object: Option<(Id, Vec<StateCode>)>,
    /// Circulate a draft (numbering it).
    pub circulate: bool,
    /// Open a silence procedure.
    pub open_silence: bool,
    /// Record that the states agree.
    pub agree: bool,
    /// Issue a revision.
    pub revise: bool,
    /// Write a language version of the current revision.
    pub edit_language_versions: bool,
    /// Join as a co-sponsor: the delegate's own state.
    pub join: Option<StateCode>,
    /// Leave the sponsors: the delegate's own state, when others remain and the key is not her state's.
    pub leave: Option<StateCode>,
    /// Withdraw it.
    pub withdraw: bool,
    /// Refer it, adopted, to a meeting of a higher body.
    pub refer: bool,
    /// The referrals she may record the receiving body's outcome on.
    pub decide_referrals: Vec<Id>,
    /// Start a corrigendum or an addendum of it.
    pub amend: bool,
}

impl DocumentActions {
    /// Whether any form is offered at all.
    pub fn any(&self) -> bool {
        *self != Self::default()
    }
}

/// The actions `viewer` may take on a document standing as `d`.
pub fn document_actions(viewer: &Viewer, d: &Standing) -> DocumentActions {
    let keeper = matches!(viewer, Viewer::Secretariat);
    let own = match viewer {
        Viewer::Delegate { state, .. } => Some(state),
        _ => None,
    };
    let speaks_for: Vec<StateCode> = match own {
        Some(state) => d.takers.iter().filter(|t| *t == state).cloned().collect(),
        None if keeper => d.takers.clone(),
        None => Vec::new(),
    };
    let sponsor = own.is_some_and(|s| d.sponsors.contains(s));
    let author = keeper || sponsor;
    let positions_open = d.status.open_for_positions();
    DocumentActions {
        position_for: if positions_open { speaks_for.clone() } else { Vec::new() },
        object: match d.open_silence {
            Some(id) if !speaks_for.is_empty() => Some((id, speaks_for)),
            _ => None,
        },
        circulate: keeper && d.status == DocumentStatus::Draft,
        // Silence on a draft circulates it provisionally.
        open_silence: keeper
            && d.open_silence.is_none()
            && (d.status == DocumentStatus::Draft || d.status.pending_decision()),
        agree: keeper && d.open_silence.is_none() && d.status == DocumentStatus::UnderAgreement,
        revise: author && d.status.editable(),
        edit_language_versions: author && d.status.editable(),
        join: own.filter(|s| !d.sponsors.contains(s) && !d.status.settled()).cloned(),
        leave: own
            .filter(|s| sponsor && d.sponsor_count > 1 && d.owner.as_ref() != Some(*s) && !d.status.settled())
            .cloned(),
        withdraw: author && !d.status.settled() && d.status != DocumentStatus::Withdrawn,
        refer: keeper && d.status == DocumentStatus::Adopted,
        decide_referrals: if keeper { d.undecided_referrals.clone() } else { Vec::new() },
        amend: keeper && d.numbered && d.status != DocumentStatus::Withdrawn,
    }
}

/// Whether a higher body's outcome on a referral may be `outcome`: anything it decides, but a deferral, which is
/// recorded on the agenda item of its meeting instead.
pub fn decides_a_referral(outcome: ItemOutcome) -> bool {
    outcome != ItemOutcome::Deferred
}

/// The order meetings are offered to refer a document to, by their first and last days: those not over on `today`
/// first, the soonest first; then those over, the latest first.
pub fn upcoming_first(today: Date, a: (Date, Date), b: (Date, Date)) -> Ordering {
    let over = |(_, ends_on): (Date, Date)| ends_on < today;
    match (over(a), over(b)) {
        (false, true) => Ordering::Less,
        (true, false) => Ordering::Greater,
        (false, false) => a.0.cmp(&b.0),
        (true, true) => b.0.cmp(&a.0),
    }
}

/// For whom a viewer may draft a new document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drafting {
    /// Nobody: the public and the press draft nothing.
    Nobody,
    /// A delegate drafts for her own state alone, under a key that begins with its code.
    State(StateCode),
    /// The Secretariat drafts for any sponsor.
    AnySponsor,
}

/// For whom `viewer` may draft.
pub fn drafting(viewer: &Viewer) -> Drafting {
    match viewer {
        Viewer::Secretariat => Drafting::AnySponsor,
        Viewer::Delegate { state, .. } => Drafting::State(state.clone()),
        Viewer::Public | Viewer::Press { .. } => Drafting::Nobody,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(s: &str) -> StateCode {
        StateCode::parse(s).unwrap()
    }

    fn standing(status: DocumentStatus, open_silence: Option<Id>) -> Standing {
        Standing {
            status,
            sponsors: vec![code("RU")],
            takers: vec![code("AM"), code("BY"), code("KZ"), code("KG"), code("RU"), code("TJ")],
            open_silence,
            owner: Some(code("RU")),
            sponsor_count: 1,
            numbered: status != DocumentStatus::Draft,
            undecided_referrals: if status == DocumentStatus::Referred { vec![9] } else { Vec::new() },
        }
    }

    fn delegate(state: &str) -> Viewer {
        Viewer::Delegate { state: code(state), head: false }
    }

    #[test]
    fn a_delegate_records_a_position_for_her_own_state_only_once_the_draft_is_circulated() {
        let draft = document_actions(&delegate("KZ"), &standing(DocumentStatus::Draft, None));
        assert!(draft.position_for.is_empty());
        let circulated = document_actions(&delegate("KZ"), &standing(DocumentStatus::Circulated, None));
        assert_eq!(circulated.position_for, vec![code("KZ")]);
    }

    #[test]
    fn the_secretariat_records_positions_on_behalf_of_every_state_that_takes_them() {
        let a = document_actions(&Viewer::Secretariat, &standing(DocumentStatus::UnderAgreement, None));
        assert_eq!(a.position_for.len(), 6);
        assert!(a.open_silence && a.agree && a.revise);
        assert!(!a.circulate, "an agreed-upon text is circulated already");
    }

    #[test]
    fn only_the_secretariat_circulates_a_draft_and_its_sponsor_may_revise_it() {
        let s = standing(DocumentStatus::Draft, None);
        assert!(document_actions(&Viewer::Secretariat, &s).circulate);
        assert!(document_actions(&Viewer::Secretariat, &s).open_silence, "silence circulates a draft provisionally");
        let sponsor = document_actions(&delegate("RU"), &s);
        assert!(!sponsor.circulate && sponsor.revise && sponsor.withdraw);
        assert!(!document_actions(&delegate("AM"), &s).revise);
    }

    #[test]
    fn under_silence_a_taking_state_may_object_and_no_second_procedure_opens() {
        let s = standing(DocumentStatus::UnderAgreement, Some(7));
        assert_eq!(document_actions(&delegate("BY"), &s).object, Some((7, vec![code("BY")])));
        assert!(!document_actions(&Viewer::Secretariat, &s).open_silence);
        let outsider = document_actions(&delegate("UZ"), &s);
        assert_eq!(outsider.object, None);
        assert!(outsider.position_for.is_empty());
    }

    #[test]
    fn a_decided_document_offers_no_position_silence_or_revision() {
        for status in [DocumentStatus::Adopted, DocumentStatus::Referred, DocumentStatus::Withdrawn] {
            let a = document_actions(&Viewer::Secretariat, &standing(status, None));
            assert!(a.position_for.is_empty() && !a.open_silence && !a.revise && !a.withdraw, "{status:?}");
        }
    }

    #[test]
    fn a_delegate_joins_a_document_as_co_sponsor_and_leaves_it_unless_it_is_her_state_s_own() {
        let mut s = standing(DocumentStatus::Circulated, None);
        assert_eq!(document_actions(&delegate("KZ"), &s).join, Some(code("KZ")));
        assert_eq!(document_actions(&delegate("RU"), &s).join, None, "a sponsor already");
        assert_eq!(document_actions(&delegate("RU"), &s).leave, None, "the key is Russia's");
        s.sponsors.push(code("KZ"));
        s.sponsor_count = 2;
        assert_eq!(document_actions(&delegate("KZ"), &s).leave, Some(code("KZ")));
        assert!(
            document_actions(&delegate("KZ"), &s).edit_language_versions,
            "a co-sponsor writes its language versions"
        );
        assert_eq!(document_actions(&Viewer::Secretariat, &s).join, None, "the Secretariat edits the record instead");
        s.status = DocumentStatus::Adopted;
        let decided = document_actions(&delegate("KZ"), &s);
        assert!(decided.leave.is_none() && decided.join.is_none() && !decided.edit_language_versions);
    }

    #[test]
    fn a_delegate_drafts_for_her_state_the_secretariat_for_anyone_and_the_public_not_at_all() {
        assert_eq!(drafting(&delegate("RU")), Drafting::State(code("RU")));
        assert_eq!(drafting(&Viewer::Secretariat), Drafting::AnySponsor);
        assert_eq!(drafting(&Viewer::Public), Drafting::Nobody);
        assert_eq!(drafting(&Viewer::Press { publisher: None }), Drafting::Nobody);
    }

    #[test]
    fn only_the_secretariat_refers_an_adopted_document_and_records_the_higher_body_s_outcome() {
        let adopted = standing(DocumentStatus::Adopted, None);
        assert!(document_actions(&Viewer::Secretariat, &adopted).refer);
        assert!(!document_actions(&delegate("RU"), &adopted).refer, "not even its sponsor");
        for status in [DocumentStatus::Agreed, DocumentStatus::Referred, DocumentStatus::NotAdopted] {
            assert!(!document_actions(&Viewer::Secretariat, &standing(status, None)).refer, "{status:?}");
        }
        let referred = standing(DocumentStatus::Referred, None);
        assert_eq!(document_actions(&Viewer::Secretariat, &referred).decide_referrals, vec![9]);
        assert!(document_actions(&delegate("RU"), &referred).decide_referrals.is_empty());
        let decided = Standing { undecided_referrals: Vec::new(), ..referred };
        assert!(document_actions(&Viewer::Secretariat, &decided).decide_referrals.is_empty());
    }

    #[test]
    fn the_secretariat_starts_a_corrigendum_or_addendum_of_a_numbered_document_only() {
        assert!(!document_actions(&Viewer::Secretariat, &standing(DocumentStatus::Draft, None)).amend);
        for status in [DocumentStatus::Circulated, DocumentStatus::Adopted, DocumentStatus::Referred] {
            assert!(document_actions(&Viewer::Secretariat, &standing(status, None)).amend, "{status:?}");
            assert!(!document_actions(&delegate("RU"), &standing(status, None)).amend, "{status:?}");
        }
        assert!(!document_actions(&Viewer::Secretariat, &standing(DocumentStatus::Withdrawn, None)).amend);
    }

    #[test]
    fn a_higher_body_decides_a_referral_any_way_but_by_deferring_it() {
        assert!(decides_a_referral(ItemOutcome::Adopted) && decides_a_referral(ItemOutcome::Noted));
        assert!(!decides_a_referral(ItemOutcome::Deferred));
    }

    #[test]
    fn meetings_to_refer_to_come_soonest_first_and_the_past_ones_after_latest_first() {
        let d = |m: i8, day: i8| jiff::civil::date(2018, m, day);
        let today = d(6, 20);
        let mut meetings = [(d(11, 7), d(11, 8)), (d(6, 19), d(6, 21)), (d(3, 1), d(3, 1)), (d(5, 1), d(5, 2))];
        meetings.sort_by(|a, b| upcoming_first(today, *a, *b));
        let starts: Vec<Date> = meetings.iter().map(|m| m.0).collect();
        assert_eq!(starts, vec![d(6, 19), d(11, 7), d(5, 1), d(3, 1)], "a meeting under way is not over");
    }

    fn viewers() -> impl Strategy<Value = Viewer> {
        prop_oneof![
            Just(Viewer::Public),
            Just(Viewer::Press { publisher: None }),
            Just(Viewer::Secretariat),
            prop::sample::select(vec!["AM", "BY", "KZ", "RU", "UZ"]).prop_map(delegate),
        ]
    }

    proptest! {
        #[test]
        fn the_public_and_the_press_are_offered_nothing_and_a_delegate_speaks_only_for_her_state(
            viewer in viewers(),
            status in prop::sample::select(DocumentStatus::ALL.to_vec()),
            silence in prop::option::of(1i64..5),
        ) {
            let a = document_actions(&viewer, &standing(status, silence));
            match &viewer {
                Viewer::Public | Viewer::Press { .. } => prop_assert!(!a.any()),
                Viewer::Delegate { state, .. } => {
                    prop_assert!(a.position_for.iter().all(|s| s == state));
                    prop_assert!(!a.circulate && !a.open_silence && !a.agree);
                    prop_assert!(!a.refer && !a.amend && a.decide_referrals.is_empty());
                    prop_assert!(a.join.iter().chain(a.leave.iter()).all(|s| s == state));
                    prop_assert!(a.join.is_none() || a.leave.is_none());
                }
                Viewer::Secretariat => {}
            }
            if !status.open_for_positions() {
                prop_assert!(a.position_for.is_empty());
            }
            if status != DocumentStatus::Adopted {
                prop_assert!(!a.refer);
            }
        }

        #[test]
        fn every_meeting_not_over_is_offered_before_every_meeting_over(
            today in 0i32..400,
            days in proptest::collection::vec((0i32..400, 0i32..5), 0..12),
        ) {
            let day = |n: i32| jiff::civil::date(2018, 1, 1).checked_add(jiff::Span::new().days(n)).unwrap();
            let today = day(today);
            let mut meetings: Vec<(Date, Date)> = days.iter().map(|(s, len)| (day(*s), day(s + len))).collect();
            meetings.sort_by(|a, b| upcoming_first(today, *a, *b));
            let first_over = meetings.iter().position(|m| m.1 < today).unwrap_or(meetings.len());
            prop_assert!(meetings[first_over..].iter().all(|m| m.1 < today));
        }
    }
}
