//! A readable word-level difference between two texts of one language.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// A run of words that stayed, went or came.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Part {
    /// `equal`, `delete` or `insert`.
    pub op: &'static str,
    pub text: String,
}

/// The word-level difference from `old` to `new`, with neighbouring runs of one kind merged.
pub fn words(old: &str, new: &str) -> Vec<Part> {
    let diff = TextDiff::from_words(old, new);
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
