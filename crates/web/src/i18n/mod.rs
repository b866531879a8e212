//! The interface's languages (Fluent). Each is a folder of `locales/` (`en/`, `ru/`, …) whose Fluent files the
//! build embeds (`build.rs`); a message a language lacks falls back to English, message by message. The reader's
//! language is chosen by `?lang=`, then the `lang` cookie, then `Accept-Language`, else English.

use std::sync::LazyLock;

use axum::http::{header, HeaderMap};
use axum_extra::extract::CookieJar;
use fluent_bundle::concurrent::FluentBundle;
pub use fluent_bundle::FluentValue;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_langneg::accepted_languages;
use jiff::civil::Date;
use secretariat_core::domain::Text;
use unic_langid::LanguageIdentifier;

/// Every folder of `locales/` with the text of its Fluent files, listed by `build.rs`.
const EMBEDDED: &[(&str, &[&str])] = include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The language every other falls back to, message by message.
pub const FALLBACK: &str = "en";

/// The interface's languages as the binary carries them.
static UI: LazyLock<Locales> = LazyLock::new(|| Locales::from_sources(EMBEDDED.iter().map(|(c, f)| (*c, f.to_vec()))));

/// One language of the interface: its code (the folder's name) and its messages.
pub struct Locale {
    code: String,
    own_name: String,
    bundle: FluentBundle<FluentResource>,
}

/// A set of interface languages, English among them; the binary's is [`Locales::ui`].
pub struct Locales {
    /// Sorted by code.
    all: Vec<Locale>,
    /// The index of English.
    fallback: usize,
}

impl Locales {
    /// The languages the binary carries: the folders of `locales/`.
    pub fn ui() -> &'static Locales {
        &UI
    }

    /// A set from each language's code and the texts of its Fluent files. A folder whose name is not a language
    /// tag is left out; a message that does not parse is left out (the unit tests hold the shipped files free of
    /// such errors). Without English, an empty English stands in, so every message falls back to its key.
    pub fn from_sources<'a>(sources: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>) -> Self {
        let mut all: Vec<Locale> = Vec::new();
        for (code, texts) in sources {
            let Ok(id) = code.parse::<LanguageIdentifier>() else {
                tracing::warn!(locale = code, "a locale folder whose name is not a language tag is left out");
                continue;
            };
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            bundle.set_use_isolating(false);
            for text in texts {
                let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(partial, errors)| {
                    tracing::warn!(locale = code, ?errors, "Fluent messages that do not parse are left out");
                    partial
                });
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::warn!(locale = code, ?errors, "a Fluent message defined twice keeps its first text");
                }
            }
            let own_name = format_message(&bundle, "language-own-name", None).unwrap_or_else(|| code.to_owned());
            all.push(Locale { code: code.to_owned(), own_name, bundle });
        }
        if !all.iter().any(|l| l.code == FALLBACK) {
            let mut bundle = FluentBundle::new_concurrent(vec![FALLBACK.parse().unwrap_or_default()]);
            bundle.set_use_isolating(false);
            all.push(Locale { code: FALLBACK.into(), own_name: "English".into(), bundle });
        }
        all.sort_by(|a, b| a.code.cmp(&b.code));
        let fallback = all.iter().position(|l| l.code == FALLBACK).unwrap_or_default();
        Self { all, fallback }
    }

    /// Every language of the set, by code.
    pub fn all(&'static self) -> impl Iterator<Item = UiLang> {
        (0..self.all.len()).map(move |index| UiLang { set: self, index })
    }

    /// English, which every language falls back to.
    pub fn english(&'static self) -> UiLang {
        UiLang { set: self, index: self.fallback }
    }

    /// The language of a code or tag (`ru`, `ru-RU`, `RU`), when the set has it.
    pub fn get(&'static self, raw: &str) -> Option<UiLang> {
        let primary = raw.trim().split(['-', '_', ';']).next()?.to_ascii_lowercase();
        self.all().find(|l| l.code() == primary)
    }

    /// The first of the browser's languages (in the order it lists them) that the set speaks.
    fn accepted(&'static self, header: &str) -> Option<UiLang> {
        accepted_languages::parse(header).iter().find_map(|id| self.get(id.language.as_str()))
    }

    /// The language asked for by the query, the cookie, or the browser; English otherwise.
    pub fn negotiate(&'static self, query: Option<&str>, headers: &HeaderMap) -> UiLang {
        if let Some(lang) = query.and_then(|q| self.get(q)) {
            return lang;
        }
        if let Some(lang) = CookieJar::from_headers(headers).get("lang").and_then(|c| self.get(c.value())) {
            return lang;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|h| self.accepted(h))
            .unwrap_or_else(|| self.english())
    }
}

/// A message of a bundle with its arguments, if the bundle has it with a value.
fn format_message(bundle: &FluentBundle<FluentResource>, key: &str, args: Option<&FluentArgs>) -> Option<String> {
    let pattern = bundle.get_message(key)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
    if !errors.is_empty() {
        tracing::warn!(message = key, ?errors, "a Fluent message did not format cleanly");
    }
    Some(text)
}

/// A language of the interface: one of a set of [`Locales`], the binary's unless a test builds its own.
#[derive(Clone, Copy)]
pub struct UiLang {
    set: &'static Locales,
    index: usize,
}

impl PartialEq for UiLang {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.set, other.set) && self.index == other.index
    }
}

impl Eq for UiLang {}

impl std::fmt::Debug for UiLang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl UiLang {
    /// English in the binary's languages.
    pub fn english() -> Self {
        Locales::ui().english()
    }

    /// A language of the binary by its code (`en`, `ru`), when it has one.
    pub fn of(code: &str) -> Option<Self> {
        Locales::ui().get(code)
    }

    fn locale(self) -> &'static Locale {
        &self.set.all[self.index]
    }

    /// The code: the name of the language's folder (`en`, `ru`).
    pub fn code(self) -> &'static str {
        &self.locale().code
    }

    /// The language's own name, for the switch (its message `language-own-name`, else its code).
    pub fn own_name(self) -> &'static str {
        &self.locale().own_name
    }

    /// Every language of the same set.
    pub fn all(self) -> impl Iterator<Item = UiLang> {
        self.set.all()
    }

    /// The language asked for by the query, the cookie, or the browser, among the binary's; English otherwise.
    pub fn negotiate(query: Option<&str>, headers: &HeaderMap) -> Self {
        Locales::ui().negotiate(query, headers)
    }

    /// A message in this language, else in English, else its key.
    fn lookup(self, key: &str, args: Option<&FluentArgs>) -> String {
        format_message(&self.locale().bundle, key, args)
            .or_else(|| format_message(&self.set.all[self.set.fallback].bundle, key, args))
            .unwrap_or_else(|| {
                tracing::warn!(message = key, "a message of the interface is missing in every language");
                key.to_owned()
            })
    }

    /// A message of the interface.
    pub fn t(self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// A message in this language, else in English, else `fallback` (for messages that may be missing, such as
    /// the translation of an error code: the core's English message stands in).
    pub fn t_or(self, key: &str, fallback: &str) -> String {
        format_message(&self.locale().bundle, key, None)
            .or_else(|| format_message(&self.set.all[self.set.fallback].bundle, key, None))
            .unwrap_or_else(|| fallback.to_owned())
    }

    /// A message with arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let mut map = FluentArgs::new();
        for (k, v) in args {
            map.set(*k, v.clone());
        }
        self.lookup(key, Some(&map))
    }

    /// The message of a variant the interface shows (see [`crate::names`]).
    pub fn name_of<T: crate::names::Shown>(self, value: &T) -> String {
        self.t(&crate::names::key_of(value))
    }

    /// The message of a name the core's views carry as a string, under its prefix.
    pub fn named(self, prefix: &str, name: &str) -> String {
        self.t(&crate::names::message_key(prefix, name))
    }

    /// A language's name ("Russian", "русский"), for the languages the interface names; any other by its code.
    pub fn language_name(self, code: &str) -> String {
        if crate::names::LANGUAGE_NAMES.contains(&code) {
            self.named("language-name", code)
        } else {
            code.to_owned()
        }
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

    /// Two days as one span, the shared month and year written once: `3–4 December 2020`,
    /// `30 November – 1 December 2020`, `30 December 2020 – 2 January 2021`; a single day alone.
    pub fn date_range(self, from: &Date, to: &Date) -> String {
        let month = |d: &Date| FluentValue::from(self.named("month", &d.month().to_string()));
        if from == to {
            return self.date(from);
        }
        if from.year() != to.year() || from > to {
            return format!("{} – {}", self.date(from), self.date(to));
        }
        let key = if from.month() == to.month() { "date-range-month" } else { "date-range-year" };
        self.t_args(
            key,
            &[
                ("fromday", FluentValue::from(from.day())),
                ("frommonth", month(from)),
                ("today", FluentValue::from(to.day())),
                ("tomonth", month(to)),
                ("year", FluentValue::from(to.year())),
            ],
        )
    }
}

#[cfg(test)]
mod tests;
