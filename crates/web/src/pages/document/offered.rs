//! What the reader may do on the document page, in words: the states she may speak for, and the steps and forms
//! offered, as the core's `rules::actions` decides them.

use secretariat_core::service::DocumentView;

use super::Context;

/// What the reader may do, in words: the states she may speak for, and the steps offered.
#[derive(Default)]
pub(super) struct Offered {
    /// (code, name) of the states she may record a position for; more than one only for the Secretariat.
    pub position_for: Vec<(String, String)>,
    /// (name, label) of every position a state may take.
    pub positions: Vec<(&'static str, String)>,
    /// The states she may break silence for.
    pub object_for: Vec<(String, String)>,
    pub circulate: bool,
    pub open_silence: bool,
    pub agree: bool,
    pub withdraw: bool,
    pub revise: bool,
    pub edit_language_versions: bool,
    /// The reader's state, named, when she may join as co-sponsor or leave.
    pub join: Option<String>,
    pub leave: Option<String>,
    /// (name, label) of the statuses she may give a version.
    pub version_statuses: Vec<(String, String)>,
    /// Refer it to a meeting of a higher body.
    pub refer: bool,
    /// The referrals she may record the receiving body's outcome on.
    pub decide_referrals: Vec<secretariat_core::domain::Id>,
    /// Start a corrigendum or an addendum of it.
    pub amend: bool,
}

const POSITIONS: [&str; 5] = ["support", "no_objection", "reservation", "non_participation", "objection"];

pub(super) fn offered(c: &Context, d: &DocumentView) -> Offered {
    let a = d.actions(&c.auth.viewer());
    let named = |states: &[secretariat_core::domain::StateCode]| -> Vec<(String, String)> {
        states
            .iter()
            .map(|s| (s.to_string(), c.names.get(s.as_str()).cloned().unwrap_or_else(|| s.to_string())))
            .collect()
    };
    // The Secretariat names the state it speaks for: no state is chosen for it.
    let choose = |mut states: Vec<(String, String)>| {
        if states.len() > 1 {
            states.insert(0, (String::new(), c.lang.t("choose-state")));
        }
        states
    };
    Offered {
        position_for: choose(named(&a.position_for)),
        positions: POSITIONS.iter().map(|p| (*p, c.lang.named("position", p))).collect(),
        object_for: choose(a.object.as_ref().map(|(_, states)| named(states)).unwrap_or_default()),
        circulate: a.circulate,
        open_silence: a.open_silence,
        agree: a.agree,
        withdraw: a.withdraw,
        revise: a.revise,
        edit_language_versions: a.edit_language_versions,
        refer: a.refer,
        decide_referrals: a.decide_referrals.clone(),
        amend: a.amend,
        join: a.join.as_ref().map(|s| named(std::slice::from_ref(s))[0].1.clone()),
        leave: a.leave.as_ref().map(|s| named(std::slice::from_ref(s))[0].1.clone()),
        version_statuses: {
            use secretariat_core::domain::VersionStatus::*;
            let all = if c.auth.viewer() == secretariat_core::domain::Viewer::Secretariat {
                vec![Draft, Translated, Verified, Authentic]
            } else {
                vec![Draft, Translated]
            };
            all.iter().map(|v| (secretariat_core::domain::name_of(v), c.lang.name_of(v))).collect()
        },
    }
}
