//! When a recorded act happened, as the Secretariat states it: an exact instant, or a day.

use std::fmt;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The `at` of a recorded act as entered: an RFC 3339 instant with an offset (`2020-12-02T10:30:00+03:00`), or a
/// bare day (`2020-12-02`) when only the day is known. What instant a day stands for is the rule's
/// (`rules::acts::instant`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    Instant(Timestamp),
    Day(Date),
}

impl At {
    /// Parses an instant with an offset, or a bare `YYYY-MM-DD` day.
    pub fn parse(raw: &str) -> Result<Self, String> {
        if let Ok(t) = raw.parse::<Timestamp>() {
            return Ok(Self::Instant(t));
        }
        if raw.len() == 10 {
            if let Ok(d) = raw.parse::<Date>() {
                return Ok(Self::Day(d));
            }
        }
        Err(format!("`{raw}` is neither an RFC 3339 instant with an offset nor a day (YYYY-MM-DD)"))
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Instant(t) => write!(f, "{t}"),
            Self::Day(d) => write!(f, "{d}"),
        }
    }
}

impl Serialize for At {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl utoipa::PartialSchema for At {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("An RFC 3339 instant with an offset, or a day (YYYY-MM-DD)"))
            .examples(["2020-12-02T10:30:00+03:00", "2020-12-02"])
            .into()
    }
}

impl utoipa::ToSchema for At {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_with_an_offset_and_a_bare_day_both_parse() {
        assert_eq!(At::parse("2020-12-02T07:30:00Z").unwrap(), At::Instant("2020-12-02T07:30:00Z".parse().unwrap()));
        assert_eq!(At::parse("2020-12-02").unwrap(), At::Day(jiff::civil::date(2020, 12, 2)));
    }

    #[test]
    fn a_local_time_without_an_offset_and_garbage_are_refused() {
        assert!(At::parse("2020-12-02T07:30:00").is_err());
        assert!(At::parse("yesterday").is_err());
        assert!(At::parse("2020-13-02").is_err());
    }

    #[test]
    fn an_at_reads_back_as_it_was_written() {
        let at: At = serde_json::from_str("\"2020-12-02\"").unwrap();
        assert_eq!(serde_json::to_string(&at).unwrap(), "\"2020-12-02\"");
    }
}
