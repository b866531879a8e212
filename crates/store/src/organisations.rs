//! The shelves of organisations: organisations, states' memberships in them, their bodies and the bodies' seats.

use secretariat_core::domain::{
    Body, Code, Key, Kind, Membership, MembershipKind, Organisation, Period, Role, Seat, StateCode,
};
use secretariat_core::Result;

use crate::shelf::{quoted, Col, Cols, Field, Mapping, Shelf, Table, Val};

pub(crate) const SHELVES: &[&dyn Table] =
    &[&Shelf::<Organisations>::NEW, &Shelf::<Memberships>::NEW, &Shelf::<Bodies>::NEW, &Shelf::<Seats>::NEW];

pub(crate) struct Organisations;

impl Mapping for Organisations {
    type Record = Organisation;
    const ALIAS: &'static str = "o";
    const SELECT: &'static str = "SELECT o.id, o.version, o.code, o.name, o.abbreviation, o.languages, \
         o.authentic_languages, o.chairmanship, o.register, o.event_kinds, o.membership_kinds FROM organisation o";
    const KEY: &'static [&'static str] = &["o.code"];
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Organisation, "o.code")];

    fn decode(row: &Cols<'_>) -> Result<Organisation> {
        Ok(Organisation {
            code: row.parse(2, Code::parse)?,
            name: row.json(3)?,
            abbreviation: row.opt_json(4)?,
            languages: row.json(5)?,
            authentic_languages: row.json(6)?,
            chairmanship: row.json(7)?,
            register: row.json(8)?,
            event_kinds: row.json(9)?,
            membership_kinds: row.json(10)?,
        })
    }

    fn columns(r: &Organisation) -> Vec<(&'static str, Col)> {
        vec![
            ("code", Col::text(&r.code)),
            ("name", Col::json(&r.name)),
            ("abbreviation", Col::opt_json(r.abbreviation.as_ref())),
            ("languages", Col::json(&r.languages)),
            ("authentic_languages", Col::json(&r.authentic_languages)),
            ("chairmanship", Col::json(&r.chairmanship)),
            ("register", Col::json(&r.register)),
            ("event_kinds", Col::json(&r.event_kinds)),
            ("membership_kinds", Col::json(&r.membership_kinds)),
        ]
    }
}

pub(crate) struct Memberships;

impl Mapping for Memberships {
    type Record = Membership;
    const ALIAS: &'static str = "ms";
    const SELECT: &'static str = "SELECT ms.id, ms.version, o.code, s.code, ms.kind, ms.starts_on, ms.ends_on \
         FROM membership ms JOIN organisation o ON o.id = ms.organisation_id JOIN state s ON s.id = ms.state_id";
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Organisation, "o.code"), (Field::State, "s.code")];

    fn decode(row: &Cols<'_>) -> Result<Membership> {
        Ok(Membership {
            organisation: row.parse(2, Code::parse)?,
            state: row.parse(3, StateCode::parse)?,
            kind: row.parse(4, MembershipKind::parse)?,
            period: Period { from: row.day(5)?, to: row.day(6)? },
        })
    }

    fn columns(r: &Membership) -> Vec<(&'static str, Col)> {
        vec![
            ("organisation_id", Col::to(Kind::Organisation, &r.organisation)),
            ("state_id", Col::to(Kind::State, &r.state)),
            ("kind", Col::text(r.kind.as_str())),
            ("starts_on", Col::day(r.period.from)),
            ("ends_on", Col::day(r.period.to)),
        ]
    }
}

pub(crate) struct Bodies;

impl Mapping for Bodies {
    type Record = Body;
    const ALIAS: &'static str = "b";
    const SELECT: &'static str = "SELECT b.id, b.version, o.code, b.code, b.name, b.abbreviation, b.parents, \
         b.representative_role, b.chair_rule, b.decision_rule, b.regular_meetings_per_year, pf.code, cp.key, \
         b.chair_states FROM body b JOIN organisation o ON o.id = b.organisation_id \
         LEFT JOIN body pf ON pf.id = b.prepares_for_id LEFT JOIN post cp ON cp.id = b.chair_post_id";
    const KEY: &'static [&'static str] = &["o.code", "b.code"];
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Organisation, "o.code")];

    fn decode(row: &Cols<'_>) -> Result<Body> {
        Ok(Body {
            organisation: row.parse(2, Code::parse)?,
            code: row.parse(3, Code::parse)?,
            name: row.json(4)?,
            abbreviation: row.opt_json(5)?,
            parents: row.json(6)?,
            prepares_for: row.opt_parse(11, Code::parse)?,
            representative_role: row.parse(7, Role::parse)?,
            chair_rule: row.name(8)?,
            chair_post: row.opt_parse(12, Key::parse)?,
            chair_states: row.json(13)?,
            decision_rule: row.name(9)?,
            regular_meetings_per_year: u8::try_from(row.int(10)?).unwrap_or(u8::MAX),
        })
    }

    fn columns(r: &Body) -> Vec<(&'static str, Col)> {
        let body = |code: Option<&Code>| code.map(|c| format!("{}/{c}", r.organisation));
        let (parent, prepares_for) = (body(r.parents.first()), body(r.prepares_for.as_ref()));
        vec![
            ("organisation_id", Col::to(Kind::Organisation, &r.organisation)),
            ("code", Col::text(&r.code)),
            ("name", Col::json(&r.name)),
            ("abbreviation", Col::opt_json(r.abbreviation.as_ref())),
            ("parent_id", Col::opt_to(Kind::Body, parent.as_ref())),
            ("parents", Col::json(&r.parents)),
            ("prepares_for_id", Col::opt_to(Kind::Body, prepares_for.as_ref())),
            ("representative_role", Col::text(r.representative_role.as_str())),
            ("chair_rule", Col::name(&r.chair_rule)),
            ("chair_post_id", Col::opt_to(Kind::Post, r.chair_post.as_ref())),
            ("chair_states", Col::json(&r.chair_states)),
            ("decision_rule", Col::name(&r.decision_rule)),
            ("regular_meetings_per_year", Col::int(r.regular_meetings_per_year)),
        ]
    }

    fn used_by(r: &Body) -> Vec<(&'static str, Vec<Val>)> {
        let sponsor = quoted(&format!("body/{}", r.code));
        vec![
            (
                "SELECT COUNT(*) FROM meeting mt JOIN organisation o ON o.id = mt.organisation_id \
                 WHERE o.code = $1 AND mt.joint_with LIKE $2",
                vec![Val::text(r.organisation.as_str()), quoted(r.code.as_str())],
            ),
            (
                "SELECT COUNT(*) FROM body b JOIN organisation o ON o.id = b.organisation_id \
                 WHERE o.code = $1 AND b.parents LIKE $2",
                vec![Val::text(r.organisation.as_str()), quoted(r.code.as_str())],
            ),
            ("SELECT COUNT(*) FROM document WHERE sponsors LIKE $1", vec![sponsor.clone()]),
            ("SELECT COUNT(*) FROM plan_item WHERE responsible LIKE $1", vec![sponsor]),
        ]
    }
}

pub(crate) struct Seats;

impl Mapping for Seats {
    type Record = Seat;
    const ALIAS: &'static str = "st";
    const SELECT: &'static str = "SELECT st.id, st.version, o.code, b.code, s.code, st.kind, st.starts_on, st.ends_on \
         FROM seat st JOIN body b ON b.id = st.body_id JOIN organisation o ON o.id = b.organisation_id \
         JOIN state s ON s.id = st.state_id";
    const FILTERS: &'static [(Field, &'static str)] =
        &[(Field::Organisation, "o.code"), (Field::Body, "b.code"), (Field::State, "s.code")];

    fn decode(row: &Cols<'_>) -> Result<Seat> {
        Ok(Seat {
            organisation: row.parse(2, Code::parse)?,
            body: row.parse(3, Code::parse)?,
            state: row.parse(4, StateCode::parse)?,
            kind: row.parse(5, MembershipKind::parse)?,
            period: Period { from: row.day(6)?, to: row.day(7)? },
        })
    }

    fn columns(r: &Seat) -> Vec<(&'static str, Col)> {
        vec![
            ("body_id", Col::to(Kind::Body, format!("{}/{}", r.organisation, r.body))),
            ("state_id", Col::to(Kind::State, &r.state)),
            ("kind", Col::text(r.kind.as_str())),
            ("starts_on", Col::day(r.period.from)),
            ("ends_on", Col::day(r.period.to)),
        ]
    }
}
