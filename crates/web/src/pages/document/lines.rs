//! The document's way through bodies and its referrals, each in one line of words.

use secretariat_core::domain::Procedure;
use secretariat_core::service::PathStep;

use super::timestamp;
use crate::i18n::{FluentValue, UiLang};

/// One step of the document's way through bodies, in words: "Agreed at … by …", "Approved at … and submitted to …".
pub(super) fn path_step(lang: UiLang, p: &PathStep) -> String {
    let arg = |v: Option<String>| FluentValue::from(v.unwrap_or_default());
    let args = [
        ("meeting", arg(p.meeting.as_ref().map(ToString::to_string))),
        ("body", FluentValue::from(p.body.to_string())),
        ("to", arg(p.to.as_ref().map(ToString::to_string))),
        ("outcome", arg(p.outcome.map(|o| lang.name_of(&o)))),
    ];
    let key = match (p.step, &p.to, &p.meeting) {
        ("agreed", Some(_), _) => "path-agreed-sent-on",
        ("agreed", None, _) => "path-agreed",
        ("approved", _, _) => "path-approved",
        ("adopted", _, Some(_)) => "path-adopted",
        ("adopted", _, None) => "path-adopted-by-silence",
        ("referred", _, _) => "path-referred",
        _ => "path-decided",
    };
    format!("{}: {}", timestamp(lang, &p.at), lang.t_args(key, &args))
}

pub(super) fn referral(lang: UiLang, r: &secretariat_core::service::ReferralView) -> String {
    let outcome = match (r.outcome, r.decided_at, r.decided_by) {
        (Some(o), Some(at), Some(Procedure::WrittenProcedure)) => {
            format!("{} — {}, {}", lang.name_of(&o), timestamp(lang, &at), lang.name_of(&Procedure::WrittenProcedure))
        }
        (Some(o), Some(at), _) => format!("{} — {}", lang.name_of(&o), timestamp(lang, &at)),
        (Some(o), None, _) => lang.name_of(&o),
        (None, _, _) => lang.t("referral-pending"),
    };
    format!("{} ({}), {}: {outcome}", r.body, r.meeting, timestamp(lang, &r.referred_at))
}
