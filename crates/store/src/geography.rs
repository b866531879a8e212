//! The shelves of geography: states and cities.

use secretariat_core::domain::{City, Key, Kind, State, StateCode, ZoneId};
use secretariat_core::Result;

use crate::shelf::{quoted, Col, Cols, Field, Mapping, Shelf, Table, Val};

pub(crate) const SHELVES: &[&dyn Table] = &[&Shelf::<States>::NEW, &Shelf::<Cities>::NEW];

pub(crate) struct States;

impl Mapping for States {
    type Record = State;
    const ALIAS: &'static str = "s";
    const SELECT: &'static str = "SELECT s.id, s.version, s.code, s.name, s.official_name FROM state s";
    const KEY: &'static [&'static str] = &["s.code"];
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::State, "s.code")];

    fn decode(row: &Cols<'_>) -> Result<State> {
        Ok(State { code: row.parse(2, StateCode::parse)?, name: row.json(3)?, official_name: row.opt_json(4)? })
    }

    fn columns(r: &State) -> Vec<(&'static str, Col)> {
        vec![
            ("code", Col::text(&r.code)),
            ("name", Col::json(&r.name)),
            ("official_name", Col::opt_json(r.official_name.as_ref())),
        ]
    }

    fn used_by(r: &State) -> Vec<(&'static str, Vec<Val>)> {
        vec![
            ("SELECT COUNT(*) FROM document WHERE sponsors LIKE $1", vec![quoted(r.code.as_str())]),
            ("SELECT COUNT(*) FROM plan_item WHERE responsible LIKE $1", vec![quoted(r.code.as_str())]),
            ("SELECT COUNT(*) FROM account WHERE state_code = $1", vec![Val::text(r.code.as_str())]),
            ("SELECT COUNT(*) FROM position WHERE state_code = $1", vec![Val::text(r.code.as_str())]),
        ]
    }
}

pub(crate) struct Cities;

impl Mapping for Cities {
    type Record = City;
    const ALIAS: &'static str = "c";
    const SELECT: &'static str =
        "SELECT c.id, c.version, c.key, s.code, c.time_zone, c.names FROM city c JOIN state s ON s.id = c.state_id";
    const KEY: &'static [&'static str] = &["c.key"];
    const FILTERS: &'static [(Field, &'static str)] = &[(Field::State, "s.code")];

    fn decode(row: &Cols<'_>) -> Result<City> {
        Ok(City {
            key: row.parse(2, Key::parse)?,
            state: row.parse(3, StateCode::parse)?,
            time_zone: row.parse(4, ZoneId::parse)?,
            names: row.json(5)?,
        })
    }

    fn columns(r: &City) -> Vec<(&'static str, Col)> {
        vec![
            ("key", Col::text(&r.key)),
            ("state_id", Col::to(Kind::State, &r.state)),
            ("time_zone", Col::text(r.time_zone.as_str())),
            ("names", Col::json(&r.names)),
        ]
    }
}
