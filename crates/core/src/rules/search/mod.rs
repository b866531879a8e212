//! Search: the words of a text as the index keeps them, the words of a query, how well an entry matches, and the
//! snippet that shows where.
//!
//! A word is a run of letters and digits. It is lowercased, `ё` is written `е`, and it is stemmed with the Snowball
//! stemmer of its script: Cyrillic words with the Russian one, Latin words with the English one ("заявления" and
//! "заявление" are both `заявлен`, "statements" and "statement" both `statement`); words of other scripts and
//! numbers are kept as they are. Common words of either language (stop words) are left out of both the index and
//! the query. The store indexes an entry's [`terms`] and scores it with [`score`]; both engines run the same
//! comparison, so they find and rank alike.

pub mod index;
mod stop;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};

use crate::error::{Error, Result};

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// The most distinct words a query may search for.
pub const MAX_QUERY_WORDS: usize = 12;

/// How many characters a snippet shows at most, ellipses aside.
pub const SNIPPET_CHARS: usize = 220;

/// One word of a text: where it stands (bytes) and its stem; `None` for a stop word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub span: Range<usize>,
    pub stem: Option<String>,
}

/// The script a word is stemmed by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Cyrillic,
    Latin,
    Other,
}

fn script(word: &str) -> Script {
    for c in word.chars() {
        if matches!(c, '\u{0400}'..='\u{052F}') {
            return Script::Cyrillic;
        }
        if c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}') {
            return Script::Latin;
        }
    }
    Script::Other
}

/// A word as the index compares it: lowercased, `ё` as `е`.
fn fold(word: &str) -> String {
    word.to_lowercase().replace('ё', "е")
}

/// The stem of one word (a run of letters and digits), or `None` for a stop word.
pub fn stem(word: &str) -> Option<String> {
    let folded = fold(word);
    let (algorithm, stop) = match script(&folded) {
        Script::Cyrillic => (Some(Algorithm::Russian), stop::RUSSIAN),
        Script::Latin => (Some(Algorithm::English), stop::ENGLISH),
        Script::Other => (None, &[][..]),
    };
    if stop.binary_search(&folded.as_str()).is_ok() {
        return None;
    }
    let stemmed = match algorithm {
        Some(a) => Stemmer::create(a).stem(&folded).into_owned(),
        None => folded,
    };
    // A stem is never empty, and its characters are letters and digits only: what both engines' indexes treat as
    // one token.
    let stemmed: String = stemmed.chars().filter(|c| c.is_alphanumeric()).collect();
    (!stemmed.is_empty()).then_some(stemmed)
}

/// The words of a text, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word { span: s..i, stem: stem(&text[s..i]) });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// What the index keeps of an entry's texts: their distinct stems, sorted, separated by single spaces.
pub fn terms<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let set: BTreeSet<String> = texts.into_iter().flat_map(words).filter_map(|w| w.stem).collect();
    set.into_iter().collect::<Vec<_>>().join(" ")
}

/// The stems a query searches for, distinct, in the order typed. A query of stop words or punctuation alone has
/// none (and finds nothing); one longer than [`MAX_QUERY_CHARS`] is refused (`query_too_long`), and so is one of
/// more than [`MAX_QUERY_WORDS`] distinct words (`query_too_many_words`).
pub fn query(text: &str) -> Result<Vec<String>> {
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::invalid("query_too_long", format!("a search has at most {MAX_QUERY_CHARS} characters")));
    }
    let mut out: Vec<String> = Vec::new();
    for w in words(text) {
        if let Some(s) = w.stem {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    if out.len() > MAX_QUERY_WORDS {
        return Err(Error::invalid(
            "query_too_many_words",
            format!("a search looks for at most {MAX_QUERY_WORDS} words"),
        ));
    }
    Ok(out)
}

/// How many of the query's stems an entry's [`terms`] hold: what results are ranked by first.
pub fn score(query: &[String], terms: &str) -> usize {
    let held: BTreeSet<&str> = terms.split(' ').collect();
    query.iter().filter(|q| held.contains(q.as_str())).count()
}

/// A piece of a snippet: text, and whether it is a matched word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub matched: bool,
}

/// A short passage of `text` around its first matched word (or its beginning), with every matched word marked;
/// an ellipsis stands where the passage cuts the text. Empty for an empty text.
pub fn snippet(text: &str, query: &[String]) -> Vec<Piece> {
    let all = words(text);
    let hit = |w: &Word| w.stem.as_ref().is_some_and(|s| query.contains(s));
    // Start a few words before the first match (or at the beginning), on a word's beginning.
    let start = match all.iter().position(hit) {
        None | Some(0..=6) => 0,
        Some(i) => {
            let (lead, first) = (all[i - 6].span.start, all[i].span.start);
            if text[lead..first].chars().count() > SNIPPET_CHARS / 2 {
                first
            } else {
                lead
            }
        }
    };
    // End within the budget, on the end of a word when the text goes on.
    let mut end = text[start..].char_indices().nth(SNIPPET_CHARS).map(|(i, _)| start + i).unwrap_or(text.len());
    if end < text.len() {
        if let Some(w) = all.iter().rev().find(|w| w.span.end <= end && w.span.start >= start) {
            end = w.span.end;
        }
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |text: &str, matched: bool| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if !last.matched && !matched => last.text.push_str(text),
            _ => pieces.push(Piece { text: text.to_owned(), matched }),
        }
    };
    if start > 0 {
        push("… ", false);
    }
    let mut at = start;
    for w in all.iter().filter(|w| w.span.start >= start && w.span.end <= end && hit(w)) {
        push(&squash(&text[at..w.span.start]), false);
        push(&text[w.span.clone()], true);
        at = w.span.end;
    }
    push(&squash(&text[at..end]), false);
    if end < text.len() {
        push(" …", false);
    }
    pieces
}

/// Runs of white space (line breaks of a long text) as one space: a snippet is one line.
fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// A snippet as plain text, its matched words between `[[` and `]]` (the JSON API's form). A `[[` or `]]` of the
/// text itself is written with a space between the brackets, so that the marks are never ambiguous.
pub fn marked(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        if p.matched {
            out.push_str("[[");
            out.push_str(&p.text);
            out.push_str("]]");
            continue;
        }
        let mut text = p.text.clone();
        while text.contains("[[") || text.contains("]]") {
            text = text.replace("[[", "[ [").replace("]]", "] ]");
        }
        // A bracket beside a mark would read as part of it.
        if i > 0 && text.starts_with(']') {
            text.insert(0, ' ');
        }
        if pieces.get(i + 1).is_some_and(|n| n.matched) && text.ends_with('[') {
            text.push(' ');
        }
        out.push_str(&text);
    }
    out
}
