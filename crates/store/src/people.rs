//! The shelves of people: persons, posts and the mandates that tie them.

use secretariat_core::domain::{Code, Key, Kind, Mandate, Period, Person, Post, Role, StateCode};
use secretariat_core::Result;

use crate::shelf::{quoted, Col, Cols, Field, Mapping, Shelf, Table, Val};

pub(crate) const SHELVES: &[&dyn Table] = &[&Shelf::<People>::NEW, &Shelf::<Posts>::NEW, &Shelf::<Mandates>::NEW];

pub(crate) struct People;

impl Mapping for People {
    type Record = Person;
    const ALIAS: &'static str = "pe";
    const SELECT: &'static str = "SELECT pe.id, pe.version, pe.key, pe.names FROM person pe";
    const KEY: &'static [&'static str] = &["pe.key"];

    fn decode(row: &Cols<'_>) -> Result<Person> {
        Ok(Person { key: row.parse(2, Key::parse)?, names: row.json(3)? })
    }

    fn columns(r: &Person) -> Vec<(&'static str, Col)> {
        vec![("key", Col::text(&r.key)), ("names", Col::json(&r.names))]
    }

    fn used_by(r: &Person) -> Vec<(&'static str, Vec<Val>)> {
        vec![("SELECT COUNT(*) FROM delegation WHERE members LIKE $1", vec![quoted(r.key.as_str())])]
    }
}

pub(crate) struct Posts;

impl Mapping for Posts {
    type Record = Post;
    const ALIAS: &'static str = "p";
    const SELECT: &'static str =
        "SELECT p.id, p.version, p.key, p.title, p.role, s.code, o.code, p.title_forms FROM post p \
         LEFT JOIN state s ON s.id = p.state_id LEFT JOIN organisation o ON o.id = p.organisation_id";
    const KEY: &'static [&'static str] = &["p.key"];
    const FILTERS: &'static [(Field, &'static str)] =
        &[(Field::Organisation, "o.code"), (Field::State, "s.code"), (Field::Role, "p.role")];

    fn decode(row: &Cols<'_>) -> Result<Post> {
        Ok(Post {
            key: row.parse(2, Key::parse)?,
            title: row.json(3)?,
            role: row.parse(4, Role::parse)?,
            state: row.opt_parse(5, StateCode::parse)?,
            organisation: row.opt_parse(6, Code::parse)?,
            title_forms: row.opt_json(7)?,
        })
    }

    fn columns(r: &Post) -> Vec<(&'static str, Col)> {
        vec![
            ("key", Col::text(&r.key)),
            ("title", Col::json(&r.title)),
            ("title_forms", Col::opt_json(r.title_forms.as_ref())),
            ("role", Col::text(r.role.as_str())),
            ("state_id", Col::opt_to(Kind::State, r.state.as_ref())),
            ("organisation_id", Col::opt_to(Kind::Organisation, r.organisation.as_ref())),
        ]
    }
}

pub(crate) struct Mandates;

impl Mapping for Mandates {
    type Record = Mandate;
    const ALIAS: &'static str = "m";
    const SELECT: &'static str =
        "SELECT m.id, m.version, pe.key, p.key, m.starts_on, m.ends_on, m.acting FROM mandate m \
         JOIN person pe ON pe.id = m.person_id JOIN post p ON p.id = m.post_id";
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::Person, "pe.key"), (Field::Post, "p.key")];

    fn decode(row: &Cols<'_>) -> Result<Mandate> {
        Ok(Mandate {
            person: row.parse(2, Key::parse)?,
            post: row.parse(3, Key::parse)?,
            period: Period { from: row.day(4)?, to: row.day(5)? },
            acting: row.flag(6)?,
        })
    }

    fn columns(r: &Mandate) -> Vec<(&'static str, Col)> {
        vec![
            ("person_id", Col::to(Kind::Person, &r.person)),
            ("post_id", Col::to(Kind::Post, &r.post)),
            ("starts_on", Col::day(r.period.from)),
            ("ends_on", Col::day(r.period.to)),
            ("acting", Col::int(r.acting)),
        ]
    }
}
