//! The record's head as this process knows it without reading the database: what keys the cached views
//! (`secretariat_web::cache`). It moves at once with every commit of this store, and with every poll of the
//! database, by which writes of other processes are learnt.
//!
//! A commit and a poll may race: a poll that read the head just before a commit may offer its older head after the
//! commit offered the newer one. The chain only grows, so the head kept is the one of the highest number. A head
//! of a lower number (a database restored from a backup under a running server) is taken only when two polls in
//! a row read it while nothing else moved the kept head: the second poll started after the first was kept, so no
//! commit of this process can be newer than what it read.

use std::sync::{Mutex, PoisonError, RwLock};

use crate::counted::Statements;

/// The number and hash of the last audit entry.
pub type Head = (i64, String);

/// The kept head, shared by a store and its clones.
#[derive(Debug, Default)]
pub(crate) struct KeptHead {
    head: RwLock<Option<Head>>,
    /// A lower head the last poll read, with the head kept when it read it.
    doubt: Mutex<Option<(Head, Head)>>,
    /// The polls' statements, counted apart from those of the requests.
    pub(crate) polls: Statements,
}

impl KeptHead {
    /// The head, if a commit or a poll gave one.
    pub(crate) fn get(&self) -> Option<Head> {
        self.head.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// A commit of this process made `head`.
    pub(crate) fn committed(&self, head: Head) {
        let mut kept = self.head.write().unwrap_or_else(PoisonError::into_inner);
        if kept.as_ref().is_none_or(|k| head.0 > k.0) {
            *kept = Some(head);
        }
    }

    /// A poll of the database failed: the head is no longer known, and the next reader reads it itself, so that
    /// an instance cut off from the database does not go on answering from a head that may have moved.
    pub(crate) fn forget(&self) {
        *self.head.write().unwrap_or_else(PoisonError::into_inner) = None;
        *self.doubt.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// A poll of the database read `head`.
    pub(crate) fn polled(&self, head: Head) {
        let mut kept = self.head.write().unwrap_or_else(PoisonError::into_inner);
        let mut doubt = self.doubt.lock().unwrap_or_else(PoisonError::into_inner);
        match kept.as_ref() {
            None => *kept = Some(head),
            Some(k) if head.0 > k.0 => *kept = Some(head),
            Some(k) if *k == head => {}
            Some(k) => {
                if doubt.as_ref().is_some_and(|(read, then)| *read == head && then == k) {
                    *kept = Some(head);
                } else {
                    *doubt = Some((head, k.clone()));
                    return;
                }
            }
        }
        *doubt = None;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn h(seq: i64, hash: &str) -> Head {
        (seq, hash.to_owned())
    }

    #[test]
    fn a_commit_or_a_poll_moves_the_head_on_and_never_back() {
        let kept = KeptHead::default();
        assert_eq!(kept.get(), None);
        kept.polled(h(5, "e"));
        assert_eq!(kept.get(), Some(h(5, "e")));
        kept.committed(h(6, "f"));
        assert_eq!(kept.get(), Some(h(6, "f")));
        // A commit that finished before a later one, telling of it after it.
        kept.committed(h(5, "e"));
        assert_eq!(kept.get(), Some(h(6, "f")));
        kept.polled(h(7, "g"));
        assert_eq!(kept.get(), Some(h(7, "g")));
        kept.forget();
        assert_eq!(kept.get(), None, "a failed poll forgets it");
        kept.committed(h(8, "h"));
        assert_eq!(kept.get(), Some(h(8, "h")));
    }

    #[test]
    fn a_poll_that_read_before_a_commit_does_not_take_the_head_back() {
        let kept = KeptHead::default();
        kept.polled(h(5, "e"));
        kept.polled(h(5, "e"));
        kept.committed(h(6, "f"));
        // The poll in flight read 5 before the commit; the next reads 6.
        kept.polled(h(5, "e"));
        assert_eq!(kept.get(), Some(h(6, "f")));
        kept.polled(h(6, "f"));
        assert_eq!(kept.get(), Some(h(6, "f")));
        kept.polled(h(5, "e"));
        assert_eq!(kept.get(), Some(h(6, "f")), "one poll alone never takes it back");
    }

    #[test]
    fn a_lower_head_read_by_two_polls_in_a_row_is_a_restored_database_and_is_taken() {
        let kept = KeptHead::default();
        kept.committed(h(9, "i"));
        kept.polled(h(3, "c"));
        assert_eq!(kept.get(), Some(h(9, "i")));
        kept.polled(h(3, "c"));
        assert_eq!(kept.get(), Some(h(3, "c")));
        // Another chain of the same length, too.
        kept.polled(h(3, "x"));
        kept.polled(h(3, "x"));
        assert_eq!(kept.get(), Some(h(3, "x")));
    }

    #[test]
    fn a_commit_between_two_low_polls_keeps_its_head() {
        let kept = KeptHead::default();
        kept.committed(h(9, "i"));
        kept.polled(h(3, "c"));
        kept.committed(h(10, "j"));
        kept.polled(h(3, "c"));
        assert_eq!(kept.get(), Some(h(10, "j")), "the kept head moved since the first low poll");
    }
}
