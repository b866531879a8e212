//! The interface's languages (Fluent): chosen by `?lang=`, then the `lang` cookie, then `Accept-Language`.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::http::{header, HeaderMap};
use axum_extra::extract::CookieJar;
use fluent_langneg::accepted_languages;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use jiff::civil::Date;
use secretariat_core::domain::Text;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiLang {
    En,
    Ru,
}

impl UiLang {
    /// Every language of the interface.
    pub const ALL: [UiLang; 2] = [UiLang::En, UiLang::Ru];

    /// The ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            UiLang::En => "en",
            UiLang::Ru => "ru",
        }
    }

    /// The language's own name, for the switch.
    pub fn own_name(self) -> &'static str {
        match self {
            UiLang::En => "English",
            UiLang::Ru => "Русский",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        let primary = raw.trim().split(['-', '_', ';']).next()?.to_ascii_lowercase();
        Self::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first of the browser's languages (in the order it lists them) that the interface speaks.
    fn accepted(header: &str) -> Option<Self> {
        accepted_languages::parse(header)
            .iter()
            .find_map(|id| Self::ALL.into_iter().find(|l| id.language.as_str() == l.code()))
    }

    /// The language asked for by the query, the cookie, or the browser; English otherwise.
    pub fn negotiate(query: Option<&str>, headers: &HeaderMap) -> Self {
        if let Some(lang) = query.and_then(Self::parse) {
            return lang;
        }
        if let Some(lang) = CookieJar::from_headers(headers).get("lang").and_then(|c| Self::parse(c.value())) {
            return lang;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Self::accepted)
            .unwrap_or(UiLang::En)
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            UiLang::En => fluent_templates::langid!("en"),
            UiLang::Ru => fluent_templates::langid!("ru"),
        }
    }

    /// A message of the interface.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(&self.id(), key)
    }

    /// A message with arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'static>> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
        LOCALES.lookup_with_args(&self.id(), key, &map)
    }

    /// The message of a variant the interface shows (see [`crate::names`]).
    pub fn name_of<T: crate::names::Shown>(self, value: &T) -> String {
        self.t(&crate::names::key_of(value))
    }

    /// The message of a name the core's views carry as a string, under its prefix.
    pub fn named(self, prefix: &str, name: &str) -> String {
        self.t(&crate::names::message_key(prefix, name))
    }

    /// A text of the record in this language (or its fallback).
    pub fn text(self, text: &Text) -> String {
        text.get(self.code()).to_owned()
    }

    /// A day written out: `11 June 2018`, `11 июня 2018 г.`
    pub fn date(self, day: &Date) -> String {
        let month = self.named("month", &day.month().to_string());
        self.t_args(
            "date-long",
            &[
                ("day", FluentValue::from(day.day())),
                ("month", FluentValue::from(month)),
                ("year", FluentValue::from(day.year())),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_of_english_exists_in_russian() {
        let en = include_str!("../locales/en/main.ftl");
        let ru = include_str!("../locales/ru/main.ftl");
        let keys = |s: &str| -> Vec<String> {
            s.lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap_or_default().to_owned())
                .collect()
        };
        let (mut en, mut ru) = (keys(en), keys(ru));
        en.sort();
        ru.sort();
        assert_eq!(en, ru);
    }

    #[test]
    fn a_day_is_written_out_in_each_language() {
        let day = jiff::civil::date(2018, 6, 11);
        assert_eq!(UiLang::En.date(&day), "11 June 2018");
        assert_eq!(UiLang::Ru.date(&day), "11 июня 2018 г.");
    }

    #[test]
    fn the_query_beats_the_browser() {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_LANGUAGE, "ru-RU,ru;q=0.9".parse().unwrap());
        assert_eq!(UiLang::negotiate(None, &headers), UiLang::Ru);
        assert_eq!(UiLang::negotiate(Some("en"), &headers), UiLang::En);
        assert_eq!(UiLang::negotiate(Some("xx"), &HeaderMap::new()), UiLang::En);
    }

    #[test]
    fn the_browser_s_first_language_the_interface_speaks_is_chosen() {
        assert_eq!(UiLang::accepted("de-DE, ru;q=0.8, en;q=0.5"), Some(UiLang::Ru));
        assert_eq!(UiLang::accepted("EN-gb,ru"), Some(UiLang::En));
        assert_eq!(UiLang::accepted("de, fr;q=0.9"), None);
        assert_eq!(UiLang::accepted("*"), None);
        assert_eq!(UiLang::accepted(""), None);
    }
}
