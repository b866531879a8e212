//! Plans with periods, the yearly list of joint statements, and the legal basis register.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::document::Sponsor;
use super::values::{Code, Key, Period, StateCode, Text};
use crate::error::{Error, Result};

/// An item of a plan: an action, or consultations that may become a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanItemKind {
    Action,
    Consultation,
}

/// Where a plan item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanItemStatus {
    Planned,
    InProgress,
    Done,
    Postponed,
    Cancelled,
}

/// A progress report on a plan item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    pub text: Text,
}

/// An item of a plan (roadmap, action plan, plan of consultations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    /// The plan: a document of kind plan or roadmap.
    pub plan: Key,
    pub number: u16,
    pub title: Text,
    pub kind: PlanItemKind,
    /// When it is to happen: a period, or a due day (`to` alone).
    #[serde(flatten)]
    pub period: Period,
    pub responsible: Vec<Sponsor>,
    pub status: PlanItemStatus,
    /// The meeting a consultation became.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<Key>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub progress: Vec<Progress>,
}

impl PlanItem {
    /// Checks what a parsed item cannot say by its types.
    pub fn check(&self) -> Result<()> {
        if self.number == 0 {
            return Err(Error::invalid("invalid_plan_item", "plan items are numbered from 1"));
        }
        if self.meeting.is_some() && self.kind != PlanItemKind::Consultation {
            return Err(Error::invalid("invalid_plan_item", "only consultations become meetings"));
        }
        Period::new(self.period.from, self.period.to).map(|_| ())
    }

    /// Checks an item against its plan: no progress is reported before the plan begins.
    pub fn check_in(&self, plan: &super::document::Document) -> Result<()> {
        let start = plan.period.and_then(|p| p.from);
        match (start, self.progress.iter().map(|p| p.on).min()) {
            (Some(start), Some(first)) if first < start => Err(Error::invalid(
                "progress_before_plan",
                format!("a progress report ({first}) cannot come before the plan begins ({start})"),
            )),
            _ => Ok(()),
        }
    }
}

/// The yearly list of joint statements: a call for proposals with a cut-off, compiled into a list document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementsList {
    pub key: Key,
    pub organisation: Code,
    /// The body that endorses the list (the CFM).
    pub body: Code,
    pub year: i16,
    /// The last day proposals are taken.
    #[schema(value_type = String, format = Date)]
    pub cutoff: Date,
    /// The list document, once compiled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Key>,
}

/// A state's proposal for a joint statement at a forum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    pub list: Key,
    pub key: Key,
    pub state: StateCode,
    pub topic: Text,
    /// Where it is to be delivered (`UNGA`, `OSCE`).
    pub forum: Code,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<Text>,
    /// Whether the compiled list includes it.
    #[serde(default)]
    pub included: bool,
}

/// The collective instruction to the permanent representatives at one forum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Instruction {
    pub list: Key,
    pub forum: Code,
    pub text: Text,
}

/// A joint statement delivered: when, where, and by which state on behalf of all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    pub proposal: Key,
    #[schema(value_type = String, format = Date)]
    pub on: Date,
    pub forum: Code,
    pub state: StateCode,
}

/// A state's signature and ratification of an agreement or protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    pub document: Key,
    pub state: StateCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub signed_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub ratified_on: Option<Date>,
}

impl Signature {
    /// A ratification needs a signature before it.
    pub fn check(&self) -> Result<()> {
        match (self.signed_on, self.ratified_on) {
            (None, Some(_)) => Err(Error::invalid("invalid_signature", "a ratification needs a signature")),
            (Some(s), Some(r)) if r < s => Err(Error::invalid("invalid_signature", "ratified before signed")),
            _ => Ok(()),
        }
    }
}

impl super::Recorded for PlanItem {
    fn check(&self) -> Result<()> {
        PlanItem::check(self)
    }
    fn example(n: u32) -> Value {
        json!({"plan": "cfm-2018-consultations-plan", "number": 1, "title": {"en": format!("Plan item {n}")},
            "kind": "action", "to": "2019-12-31", "responsible": ["secretariat"], "status": "planned"})
    }
}
impl super::Recorded for StatementsList {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn example(n: u32) -> Value {
        json!({"key": format!("example-{n}"), "organisation": "CSTO", "body": "CFM", "year": 2019,
            "cutoff": "2019-06-01"})
    }
}
impl super::Recorded for Proposal {
    fn identity(&self) -> Option<String> {
        Some(self.key.to_string())
    }
    fn example(n: u32) -> Value {
        json!({"list": "statements-2018", "key": format!("example-{n}"), "state": "KZ",
            "topic": {"en": format!("Topic {n}")}, "forum": format!("EX{n}")})
    }
}
impl super::Recorded for Instruction {
    fn example(n: u32) -> Value {
        json!({"list": "statements-2018", "forum": format!("EX{n}"), "text": {"en": format!("Instruction {n}")}})
    }
}
impl super::Recorded for Delivery {
    /// Of the proposal of the same series.
    fn example(n: u32) -> Value {
        json!({"proposal": format!("example-{n}"), "on": "2018-09-20", "forum": format!("EX{n}"), "state": "KZ"})
    }
}
impl super::Recorded for Signature {
    fn check(&self) -> Result<()> {
        Signature::check(self)
    }
    fn example(_: u32) -> Value {
        json!({"document": "legal-status-protocol-2018", "state": "KZ", "signed_on": "2018-11-08"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn plan(from: Option<Date>) -> super::super::document::Document {
        serde_json::from_value(json!({"key": "cfm-2018-consultations-plan", "organisation": "CSTO", "body": "CFM",
            "kind": "plan", "title": {"en": "Plan"}, "sponsors": ["secretariat"], "original_language": "ru",
            "visibility": "public", "period": {"from": from, "to": "2019-06-30"}}))
        .unwrap()
    }

    fn item(progress: &[Date]) -> PlanItem {
        let mut item: PlanItem = serde_json::from_value(<PlanItem as super::super::Recorded>::example(1)).unwrap();
        item.progress = progress.iter().map(|on| Progress { on: *on, text: Text::one("en", "Done") }).collect();
        item
    }

    #[test]
    fn progress_is_reported_from_the_day_the_plan_begins_and_not_before() {
        let from = Some(date(2018, 7, 1));
        assert!(item(&[]).check_in(&plan(from)).is_ok());
        assert!(item(&[date(2018, 7, 1), date(2019, 1, 10)]).check_in(&plan(from)).is_ok());
        let early = item(&[date(2019, 1, 10), date(2018, 6, 30)]).check_in(&plan(from));
        assert_eq!(early.unwrap_err().code(), "progress_before_plan");
        assert!(item(&[date(2000, 1, 1)]).check_in(&plan(None)).is_ok(), "a plan with no start limits nothing");
    }

    #[test]
    fn a_ratification_needs_a_signature_on_or_before_its_day() {
        let sig = |signed_on, ratified_on| Signature {
            document: Key::parse("charter-protocol-2").unwrap(),
            state: StateCode::parse("KZ").unwrap(),
            signed_on,
            ratified_on,
        };
        let day = Some(date(2018, 11, 8));
        assert!(sig(day, None).check().is_ok());
        assert!(sig(day, day).check().is_ok(), "ratified the day it was signed");
        assert_eq!(sig(None, day).check().unwrap_err().code(), "invalid_signature");
        assert_eq!(sig(day, Some(date(2018, 11, 7))).check().unwrap_err().code(), "invalid_signature");
    }
}
