//! Values parsed at the edge: language codes, ISO state codes, keys, time zones, texts in several languages, periods.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// A row id: what the store numbers each record by.
pub type Id = i64;
/// A string schema, with the pattern its parser accepts.
fn string_schema(pattern: Option<&str>) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new().schema_type(Type::String).pattern(pattern).into()
}

macro_rules! string_newtype {
    ($(#[$doc:meta])* $name:ident, $pattern:literal, $parse:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Parses the value, or says why it is not one.
            pub fn parse(raw: &str) -> Result<Self> {
                let check: fn(&str) -> Result<String> = $parse;
                check(raw).map(Self)
            }
            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }

        // The schema says what `parse` accepts, so that a client (or a fuzzer) can tell a valid value beforehand.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                string_schema(Some($pattern))
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

string_newtype!(
    /// A language: an ISO 639-1 code in lower case (`en`, `ru`).
    Lang,
    "^[a-z]{2}$",
    |raw| {
        if raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_lowercase()) {
            Ok(raw.to_owned())
        } else {
            Err(Error::invalid("invalid_language", format!("`{raw}` is not a two-letter language code such as `en`")))
        }
    }
);

string_newtype!(
    /// A state: its ISO 3166-1 alpha-2 code in upper case (`KZ`).
    StateCode,
    "^[A-Z]{2}$",
    |raw| {
        if raw.len() == 2 && raw.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(raw.to_owned())
        } else {
            Err(Error::invalid("invalid_state_code", format!("`{raw}` is not an ISO 3166-1 alpha-2 code such as `KZ`")))
        }
    }
);

string_newtype!(
    /// The short code of an organisation or a body (`CSTO`, `CFM`): capital letters, digits, `-`, `_`.
    Code,
    "^[A-Z0-9_-]{1,32}$",
    |raw| {
        let ok = !raw.is_empty()
            && raw.len() <= 32
            && raw.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if ok {
            Ok(raw.to_owned())
        } else {
            Err(Error::invalid("invalid_code", format!("`{raw}` is not a code of capital letters and digits such as `CFM`")))
        }
    }
);

string_newtype!(
    /// A stable key of a person, post, city, meeting or programme event (`kairat-abdrakhmanov`).
    Key,
    "^[a-z0-9][a-z0-9-]{0,79}$",
    |raw| {
        let ok = !raw.is_empty()
            && raw.len() <= 80
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-');
        if ok {
            Ok(raw.to_owned())
        } else {
            Err(Error::invalid("invalid_key", format!("`{raw}` is not a key of lower-case letters, digits and `-`")))
        }
    }
);

string_newtype!(
    /// A kind of membership, by its code (`member`, `observer`, `participating`): one of the organisation's kinds.
    MembershipKind,
    "^[a-z][a-z0-9_]{0,31}$",
    |raw| {
        let ok = raw.len() <= 32
            && raw.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(raw.to_owned())
        } else {
            Err(Error::invalid("invalid_membership_kind", format!("`{raw}` is not a kind code such as `observer`")))
        }
    }
);

string_newtype!(
    /// A role that a post plays in bodies (`foreign_minister`, `head_of_state`).
    Role,
    "^[a-z0-9_]{1,64}$",
    |raw| {
        let ok = !raw.is_empty()
            && raw.len() <= 64
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(raw.to_owned())
        } else {
            Err(Error::invalid("invalid_role", format!("`{raw}` is not a role such as `foreign_minister`")))
        }
    }
);

string_newtype!(
    /// A snake_case word an organisation defines for itself: a kind of programme event (`troika_meeting`).
    Word,
    "^[a-z][a-z0-9_]{0,63}$",
    |raw| {
        let ok = raw.len() <= 64
            && raw.starts_with(|c: char| c.is_ascii_lowercase())
            && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(raw.to_owned())
        } else {
            Err(Error::invalid("invalid_word", format!("`{raw}` is not a snake_case word such as `troika_meeting`")))
        }
    }
);

/// An IANA time zone that the zone database knows (`Asia/Almaty`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ZoneId(String);

impl ZoneId {
    /// Parses an IANA time-zone name; `Asia/Astana`, which does not exist, is refused.
    pub fn parse(raw: &str) -> Result<Self> {
        jiff::tz::TimeZone::get(raw)
            .map(|_| Self(raw.to_owned()))
            .map_err(|_| Error::invalid("invalid_time_zone", format!("`{raw}` is not an IANA time zone")))
    }

    /// The zone's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The zone's rules.
    pub fn zone(&self) -> jiff::tz::TimeZone {
        // Parsed ids always resolve; UTC is a safe answer were the database to change under us.
        jiff::tz::TimeZone::get(&self.0).unwrap_or(jiff::tz::TimeZone::UTC)
    }
}

impl utoipa::PartialSchema for ZoneId {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("an IANA time zone, e.g. Asia/Almaty"))
            .examples(["Asia/Almaty"])
            .into()
    }
}

impl utoipa::ToSchema for ZoneId {}

impl fmt::Display for ZoneId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for ZoneId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ZoneId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A human text in several languages: language → text. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(try_from = "BTreeMap<Lang, String>", into = "BTreeMap<Lang, String>")]
pub struct Text(BTreeMap<Lang, String>);

impl Text {
    /// A text in one language.
    pub fn one(lang: &str, text: &str) -> Self {
        let mut map = BTreeMap::new();
        if let Ok(lang) = Lang::parse(lang) {
            map.insert(lang, text.to_owned());
        }
        Self(map)
    }

    /// The text in `lang`, or else in English, or else in any language it has.
    pub fn get(&self, lang: &str) -> &str {
        let find = |l: &str| self.0.iter().find(|(k, _)| k.as_str() == l).map(|(_, v)| v.as_str());
        find(lang).or_else(|| find("en")).or_else(|| self.0.values().next().map(String::as_str)).unwrap_or("")
    }

    /// Whether the text exists in `lang` itself.
    pub fn has(&self, lang: &str) -> bool {
        self.0.keys().any(|k| k.as_str() == lang)
    }

    /// The languages and their texts.
    pub fn iter(&self) -> impl Iterator<Item = (&Lang, &String)> {
        self.0.iter()
    }
}

impl utoipa::PartialSchema for Text {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Type};
        let translation = ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(10_000))
            .pattern(Some("\\S"));
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("a text per language code (`en`, `ru`): at least one, none blank"))
            .property_names(Some(ObjectBuilder::new().schema_type(Type::String).pattern(Some("^[a-z]{2}$"))))
            .additional_properties(Some(AdditionalProperties::RefOr(utoipa::openapi::RefOr::T(
                utoipa::openapi::schema::Schema::Object(translation.build()),
            ))))
            .min_properties(Some(1))
            .into()
    }
}

impl utoipa::ToSchema for Text {}

impl TryFrom<BTreeMap<Lang, String>> for Text {
    type Error = Error;
    fn try_from(map: BTreeMap<Lang, String>) -> Result<Self> {
        if map.is_empty() || map.values().any(|v| v.trim().is_empty()) {
            return Err(Error::invalid("invalid_text", "a text needs at least one language and no empty translation"));
        }
        if map.values().any(|v| v.len() > 10_000) {
            return Err(Error::invalid("invalid_text", "a text may hold at most 10,000 bytes per language"));
        }
        Ok(Self(map))
    }
}

impl From<Text> for BTreeMap<Lang, String> {
    fn from(t: Text) -> Self {
        t.0
    }
}

/// A span of days, either end open; `to` is the last day included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
pub struct Period {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Date)]
    pub to: Option<Date>,
}

impl Period {
    /// A period, refused when it ends before it starts.
    pub fn new(from: Option<Date>, to: Option<Date>) -> Result<Self> {
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                return Err(Error::invalid("invalid_period", format!("the period ends ({t}) before it starts ({f})")));
            }
        }
        Ok(Self { from, to })
    }

    /// Whether `day` falls in the period.
    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(raw: &str) -> Result<Date> {
    if raw.len() != 10 {
        return Err(Error::invalid("invalid_date", format!("`{raw}` is not a date in the form YYYY-MM-DD")));
    }
    raw.parse::<Date>()
        .map_err(|_| Error::invalid("invalid_date", format!("`{raw}` is not a date in the form YYYY-MM-DD")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_code_is_two_capital_letters() {
        assert!(StateCode::parse("KZ").is_ok());
        assert_eq!(StateCode::parse("kz").unwrap_err().code(), "invalid_state_code");
        assert!(StateCode::parse("KAZ").is_err());
    }

    #[test]
    fn astana_is_not_a_time_zone_but_almaty_is() {
        assert!(ZoneId::parse("Asia/Almaty").is_ok());
        assert_eq!(ZoneId::parse("Asia/Astana").unwrap_err().code(), "invalid_time_zone");
    }

    #[test]
    fn a_text_falls_back_to_english_then_to_any_language() {
        let t: Text = serde_json::from_str(r#"{"en":"Almaty","ru":"Алматы"}"#).unwrap();
        assert_eq!(t.get("ru"), "Алматы");
        assert_eq!(t.get("kk"), "Almaty");
        let only_ru: Text = serde_json::from_str(r#"{"ru":"Алматы"}"#).unwrap();
        assert_eq!(only_ru.get("en"), "Алматы");
    }

    #[test]
    fn an_empty_text_is_refused() {
        assert!(serde_json::from_str::<Text>("{}").is_err());
        assert!(serde_json::from_str::<Text>(r#"{"en":"  "}"#).is_err());
        assert!(serde_json::from_str::<Text>(r#"{"english":"x"}"#).is_err());
    }

    #[test]
    fn a_period_contains_both_ends_and_refuses_to_run_backwards() {
        let p = Period::new(Some(parse_date("2018-01-01").unwrap()), Some(parse_date("2018-12-31").unwrap())).unwrap();
        assert!(p.contains(parse_date("2018-01-01").unwrap()));
        assert!(p.contains(parse_date("2018-12-31").unwrap()));
        assert!(!p.contains(parse_date("2019-01-01").unwrap()));
        assert!(Period::new(p.to, p.from).is_err());
    }

    #[test]
    fn a_date_must_be_iso() {
        assert!(parse_date("2018-06-11").is_ok());
        assert_eq!(parse_date("11.06.2018").unwrap_err().code(), "invalid_date");
        assert!(parse_date("2018-02-30").is_err());
    }
}
