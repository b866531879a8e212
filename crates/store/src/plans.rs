//! The shelves of plans and the statements list: plan items, the yearly list with its proposals, collective
//! instructions and deliveries, and the signatures of agreements.

use std::borrow::Cow;

use secretariat_core::domain::{
    Code, Delivery, Instruction, Key, Kind, Period, PlanItem, Proposal, Signature, StateCode, StatementsList, Viewer,
};
use secretariat_core::Result;

use crate::shelf::{Col, Cols, Field, Mapping, Shelf, Shown, Table};

pub(crate) const SHELVES: &[&dyn Table] = &[
    &Shelf::<PlanItems>::NEW,
    &Shelf::<StatementsLists>::NEW,
    &Shelf::<Proposals>::NEW,
    &Shelf::<Instructions>::NEW,
    &Shelf::<Deliveries>::NEW,
    &Shelf::<Signatures>::NEW,
];

pub(crate) struct PlanItems;

impl Mapping for PlanItems {
    type Record = PlanItem;
    const ALIAS: &'static str = "pi";
    const SELECT: &'static str = "SELECT pi.id, pi.version, dc.key, pi.number, pi.title, pi.kind, pi.period_from, \
         pi.period_to, pi.responsible, pi.status, mt.key, pi.progress FROM plan_item pi \
         JOIN document dc ON dc.id = pi.plan_id LEFT JOIN meeting mt ON mt.id = pi.meeting_id";
    // By organisation: every item of an organisation's plans in one read.
    const FILTERS: &'static [(Field, &'static str)] = &[
        (Field::Owner, "dc.key"),
        (Field::Organisation, "(SELECT o.code FROM organisation o WHERE o.id = dc.organisation_id)"),
    ];
    // A plan's items are seen by those who see the plan.
    const SHOWN: Shown = Shown::Document("dc");

    fn decode(row: &Cols<'_>) -> Result<PlanItem> {
        Ok(PlanItem {
            plan: row.parse(2, Key::parse)?,
            number: u16::try_from(row.int(3)?).unwrap_or(u16::MAX),
            title: row.json(4)?,
            kind: row.name(5)?,
            period: Period { from: row.day(6)?, to: row.day(7)? },
            responsible: row.json(8)?,
            status: row.name(9)?,
            meeting: row.opt_parse(10, Key::parse)?,
            progress: row.json(11)?,
        })
    }

    fn columns(r: &PlanItem) -> Vec<(&'static str, Col)> {
        vec![
            ("plan_id", Col::to(Kind::Document, &r.plan)),
            ("number", Col::int(r.number)),
            ("title", Col::json(&r.title)),
            ("kind", Col::name(&r.kind)),
            ("period_from", Col::day(r.period.from)),
            ("period_to", Col::day(r.period.to)),
            ("responsible", Col::json(&r.responsible)),
            ("status", Col::name(&r.status)),
            ("meeting_id", Col::opt_to(Kind::Meeting, r.meeting.as_ref())),
            ("progress", Col::json(&r.progress)),
        ]
    }

    fn owner(r: &PlanItem) -> Option<(Kind, String)> {
        Some((Kind::Document, r.plan.to_string()))
    }
}

pub(crate) struct StatementsLists;

impl Mapping for StatementsLists {
    type Record = StatementsList;
    const ALIAS: &'static str = "sl";
    const SELECT: &'static str = "SELECT sl.id, sl.version, sl.key, o.code, b.code, sl.year, sl.cutoff, dc.key \
         FROM statements_list sl JOIN organisation o ON o.id = sl.organisation_id JOIN body b ON b.id = sl.body_id \
         LEFT JOIN document dc ON dc.id = sl.document_id";
    const KEY: &'static [&'static str] = &["sl.key"];
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Organisation, "o.code"), (Field::Body, "b.code")];

    /// The list names its list document only to those who may see that document.
    fn select(viewer: &Viewer) -> Cow<'static, str> {
        let shown = Shown::Document("dc").condition(viewer).unwrap_or_else(|| "1 = 1".into());
        Cow::Owned(format!("{} AND {shown}", Self::SELECT))
    }

    fn decode(row: &Cols<'_>) -> Result<StatementsList> {
        Ok(StatementsList {
            key: row.parse(2, Key::parse)?,
            organisation: row.parse(3, Code::parse)?,
            body: row.parse(4, Code::parse)?,
            year: i16::try_from(row.int(5)?).unwrap_or_default(),
            cutoff: row.on(6)?,
            document: row.opt_parse(7, Key::parse)?,
        })
    }

    fn columns(r: &StatementsList) -> Vec<(&'static str, Col)> {
        vec![
            ("key", Col::text(&r.key)),
            ("organisation_id", Col::to(Kind::Organisation, &r.organisation)),
            ("body_id", Col::to(Kind::Body, format!("{}/{}", r.organisation, r.body))),
            ("year", Col::int(r.year)),
            ("cutoff", Col::text(r.cutoff)),
            ("document_id", Col::opt_to(Kind::Document, r.document.as_ref())),
        ]
    }
}

pub(crate) struct Proposals;

impl Mapping for Proposals {
    type Record = Proposal;
    const ALIAS: &'static str = "pr";
    const SELECT: &'static str = "SELECT pr.id, pr.version, sl.key, pr.key, s.code, pr.topic, pr.forum, pr.draft, \
         pr.included FROM proposal pr JOIN statements_list sl ON sl.id = pr.list_id \
         JOIN state s ON s.id = pr.state_id";
    const KEY: &'static [&'static str] = &["pr.key"];
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Owner, "sl.key"), (Field::State, "s.code")];
    const SHOWN: Shown = Shown::Members;

    fn decode(row: &Cols<'_>) -> Result<Proposal> {
        Ok(Proposal {
            list: row.parse(2, Key::parse)?,
            key: row.parse(3, Key::parse)?,
            state: row.parse(4, StateCode::parse)?,
            topic: row.json(5)?,
            forum: row.parse(6, Code::parse)?,
            draft: row.opt_json(7)?,
            included: row.flag(8)?,
        })
    }

    fn columns(r: &Proposal) -> Vec<(&'static str, Col)> {
        vec![
            ("list_id", Col::to(Kind::StatementsList, &r.list)),
            ("key", Col::text(&r.key)),
            ("state_id", Col::to(Kind::State, &r.state)),
            ("topic", Col::json(&r.topic)),
            ("forum", Col::text(&r.forum)),
            ("draft", Col::opt_json(r.draft.as_ref())),
            ("included", Col::int(r.included)),
        ]
    }
}

pub(crate) struct Instructions;

impl Mapping for Instructions {
    type Record = Instruction;
    const ALIAS: &'static str = "ins";
    const SELECT: &'static str = "SELECT ins.id, ins.version, sl.key, ins.forum, ins.text FROM instruction ins \
         JOIN statements_list sl ON sl.id = ins.list_id";
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Owner, "sl.key")];
    const SHOWN: Shown = Shown::Members;

    fn decode(row: &Cols<'_>) -> Result<Instruction> {
        Ok(Instruction { list: row.parse(2, Key::parse)?, forum: row.parse(3, Code::parse)?, text: row.json(4)? })
    }

    fn columns(r: &Instruction) -> Vec<(&'static str, Col)> {
        vec![
            ("list_id", Col::to(Kind::StatementsList, &r.list)),
            ("forum", Col::text(&r.forum)),
            ("text", Col::json(&r.text)),
        ]
    }
}

pub(crate) struct Deliveries;

impl Mapping for Deliveries {
    type Record = Delivery;
    const ALIAS: &'static str = "dl";
    const SELECT: &'static str = "SELECT dl.id, dl.version, pr.key, dl.on_day, dl.forum, s.code FROM delivery dl \
         JOIN proposal pr ON pr.id = dl.proposal_id JOIN state s ON s.id = dl.state_id";
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Owner, "pr.key"), (Field::State, "s.code")];
    const SHOWN: Shown = Shown::Members;

    fn decode(row: &Cols<'_>) -> Result<Delivery> {
        Ok(Delivery {
            proposal: row.parse(2, Key::parse)?,
            on: row.on(3)?,
            forum: row.parse(4, Code::parse)?,
            state: row.parse(5, StateCode::parse)?,
        })
    }

    fn columns(r: &Delivery) -> Vec<(&'static str, Col)> {
        vec![
            ("proposal_id", Col::to(Kind::Proposal, &r.proposal)),
            ("on_day", Col::text(r.on)),
            ("forum", Col::text(&r.forum)),
            ("state_id", Col::to(Kind::State, &r.state)),
        ]
    }
}

pub(crate) struct Signatures;

impl Mapping for Signatures {
    type Record = Signature;
    const ALIAS: &'static str = "sg";
    const SELECT: &'static str = "SELECT sg.id, sg.version, dc.key, s.code, sg.signed_on, sg.ratified_on \
         FROM signature sg JOIN document dc ON dc.id = sg.document_id JOIN state s ON s.id = sg.state_id";
    // By organisation: every signature of an organisation's treaties in one read.
    const FILTERS: &'static [(Field, &'static str)] = &[
        (Field::Owner, "dc.key"),
        (Field::State, "s.code"),
        (Field::Organisation, "(SELECT o.code FROM organisation o WHERE o.id = dc.organisation_id)"),
    ];
    // An agreement's signatures are seen by those who see the agreement.
    const SHOWN: Shown = Shown::Document("dc");

    fn decode(row: &Cols<'_>) -> Result<Signature> {
        Ok(Signature {
            document: row.parse(2, Key::parse)?,
            state: row.parse(3, StateCode::parse)?,
            signed_on: row.day(4)?,
            ratified_on: row.day(5)?,
        })
    }

    fn columns(r: &Signature) -> Vec<(&'static str, Col)> {
        vec![
            ("document_id", Col::to(Kind::Document, &r.document)),
            ("state_id", Col::to(Kind::State, &r.state)),
            ("signed_on", Col::day(r.signed_on)),
            ("ratified_on", Col::day(r.ratified_on)),
        ]
    }

    fn owner(r: &Signature) -> Option<(Kind, String)> {
        Some((Kind::Document, r.document.to_string()))
    }
}
