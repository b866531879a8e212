//! A readable word-level difference between two texts of one language, bounded in input and in time.
//!
//! Myers' algorithm is quadratic when two texts differ everywhere: two revisions of 100,000 words took 79 s. So the
//! word diff is kept to texts of at most [`MAX_WORDS`] words on each side; longer texts are compared line by line.
//! Either comparison stops refining after [`TIME_BUDGET`] and reports the rest as deleted then inserted: the result
//! is always a true difference (both texts can be rebuilt from it), only coarser.

use std::time::Duration;

use serde::Serialize;
use similar::{ChangeTag, TextDiff, TextDiffConfig};

/// The most words on either side that are compared word by word.
pub const MAX_WORDS: usize = 20_000;

/// How long one comparison may refine before it reports the remaining runs whole.
pub const TIME_BUDGET: Duration = Duration::from_millis(500);

/// A run of words that stayed, went or came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Part {
    /// `equal`, `delete` or `insert`.
    pub op: &'static str,
    pub text: String,
}

/// How finely two texts were compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Word by word.
    Word,
    /// Line by line: a text was longer than [`MAX_WORDS`] words.
    Line,
}

impl Granularity {
    /// The name sent to clients.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Word => "word",
            Self::Line => "line",
        }
    }
}

/// A difference and how finely it was computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub granularity: Granularity,
    pub parts: Vec<Part>,
}

/// The difference from `old` to `new`: word by word up to [`MAX_WORDS`] words a side, line by line beyond, each
/// within [`TIME_BUDGET`].
pub fn bounded(old: &str, new: &str) -> Diff {
    let long = |t: &str| t.split_whitespace().nth(MAX_WORDS).is_some();
    let mut config = TextDiffConfig::default();
    config.timeout(TIME_BUDGET);
    if long(old) || long(new) {
        Diff { granularity: Granularity::Line, parts: merge(&config.diff_lines(old, new)) }
    } else {
        Diff { granularity: Granularity::Word, parts: merge(&config.diff_words(old, new)) }
    }
}

/// The word-level difference from `old` to `new`, with neighbouring runs of one kind merged.
pub fn words(old: &str, new: &str) -> Vec<Part> {
    bounded(old, new).parts
}

fn merge<'a>(diff: &TextDiff<'a, 'a, '_, str>) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Delete => "delete",
            ChangeTag::Insert => "insert",
        };
        match parts.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => parts.push(Part { op, text: change.value().to_owned() }),
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_changed_word_shows_as_deleted_then_inserted() {
        let parts = words("The ministers support the treaty", "The ministers strongly support the treaty");
        assert!(parts.iter().any(|p| p.op == "insert" && p.text.contains("strongly")));
        assert_eq!(parts.first().unwrap().op, "equal");
    }

    #[test]
    fn russian_words_diff_as_words() {
        let parts = words("Заявление министров", "Заявления министров");
        assert!(parts.iter().any(|p| p.op == "delete" && p.text == "Заявление"));
        assert!(parts.iter().any(|p| p.op == "insert" && p.text == "Заявления"));
    }

    /// Two texts of about 200 kB that share no word: the worst case of the word diff.
    fn worst_pair() -> (String, String) {
        let old: String = (0..40_000).map(|i| format!("a{i} ")).collect();
        let new: String = (0..40_000).map(|i| format!("b{i} ")).collect();
        (old, new)
    }

    #[test]
    fn texts_longer_than_the_word_bound_are_compared_line_by_line_and_still_rebuild() {
        let (old, new) = worst_pair();
        let started = std::time::Instant::now();
        let diff = bounded(&old, &new);
        assert!(started.elapsed() < TIME_BUDGET * 4, "took {:?}", started.elapsed());
        assert_eq!(diff.granularity, Granularity::Line);
        let rebuilt: String = diff.parts.iter().filter(|p| p.op != "insert").map(|p| p.text.as_str()).collect();
        assert_eq!(rebuilt, old);
    }

    #[test]
    fn a_word_diff_that_differs_everywhere_ends_within_its_time_budget() {
        let old: String = (0..MAX_WORDS).map(|i| format!("a{i} ")).collect();
        let new: String = (0..MAX_WORDS).map(|i| format!("b{i}\n")).collect();
        let started = std::time::Instant::now();
        let diff = bounded(&old, &new);
        assert!(started.elapsed() < TIME_BUDGET * 4, "took {:?}", started.elapsed());
        assert_eq!(diff.granularity, Granularity::Word);
        let rebuilt: String = diff.parts.iter().filter(|p| p.op != "delete").map(|p| p.text.as_str()).collect();
        assert_eq!(rebuilt, new);
    }

    proptest! {
        #[test]
        fn the_old_and_new_texts_can_be_rebuilt_from_the_diff(old in "[a-zа-я ]{0,40}", new in "[a-zа-я ]{0,40}") {
            let parts = words(&old, &new);
            let rebuilt_old: String = parts.iter().filter(|p| p.op != "insert").map(|p| p.text.as_str()).collect();
            let rebuilt_new: String = parts.iter().filter(|p| p.op != "delete").map(|p| p.text.as_str()).collect();
            prop_assert_eq!(rebuilt_old, old);
            prop_assert_eq!(rebuilt_new, new);
        }
    }
}
