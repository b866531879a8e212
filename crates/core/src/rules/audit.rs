//! Audit: every write leaves an entry whose hash covers the previous entry's hash, so that any edit or removal shows.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One recorded change: who, when, what, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    /// When the entry was written: microseconds since the Unix epoch, UTC.
    pub at_us: i64,
    /// When the recorded act it writes happened, if the Secretariat said so (a session keyed in days or years
    /// later); none when it happened as it was entered, and in entries written before acts had their own instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at_us: Option<i64>,
    /// The account's user name, or `system`.
    pub actor: String,
    /// `created`, `changed`, `deleted`, `adopted`, …
    pub action: String,
    /// The kind of record (`meeting`, `agenda_item`).
    pub entity: String,
    pub entity_id: i64,
    /// What the change belongs to, for change logs (`meeting:12` for an agenda's items).
    pub scope: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of the chain's start.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of an entry: SHA-256 over the previous hash and every field, each length-prefixed. The instant the act
/// occurred comes last and only when there is one, so that entries written before it existed keep their hashes.
pub fn entry_hash(e: &AuditEntry) -> String {
    let mut h = Sha256::new();
    let seq = e.seq.to_string();
    let at = e.at_us.to_string();
    let id = e.entity_id.to_string();
    let fields: [&str; 10] = [
        &e.prev_hash,
        &seq,
        &at,
        &e.actor,
        &e.action,
        &e.entity,
        &id,
        &e.scope,
        e.before.as_deref().unwrap_or("\u{0}"),
        e.after.as_deref().unwrap_or("\u{0}"),
    ];
    let occurred = e.occurred_at_us.map(|us| us.to_string());
    for f in fields.into_iter().chain(occurred.as_deref()) {
        h.update((f.len() as u64).to_be_bytes());
        h.update(f.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Where a chain first goes wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The entry's content does not match its hash: it was edited.
    Edited { seq: i64 },
    /// The entry does not follow the one before it: an entry was removed or inserted.
    Unlinked { seq: i64 },
    /// The newest entries, `from` to `to`, were removed: the chain ends before the recorded head.
    Truncated { from: i64, to: i64 },
}

/// Checks a chain, in order of `seq`: `Ok(n)` with the number of entries, or the first break.
pub fn verify<'a>(entries: impl IntoIterator<Item = &'a AuditEntry>) -> Result<u64, Break> {
    let mut walk = Walk::default();
    for e in entries {
        walk.step(e)?;
    }
    Ok(walk.n)
}

/// The chain checked an entry at a time, for a log read in pages: each entry must follow the one before (its number
/// and hash) and hash to what it says; the last one must be the head.
#[derive(Debug, Clone)]
pub struct Walk {
    prev: String,
    prev_seq: i64,
    n: u64,
}

impl Default for Walk {
    fn default() -> Self {
        Self { prev: GENESIS.to_owned(), prev_seq: 0, n: 0 }
    }
}

impl Walk {
    /// The number of the last entry checked (0 before the first).
    pub fn last_seq(&self) -> i64 {
        self.prev_seq
    }

    /// Checks the next entry.
    pub fn step(&mut self, e: &AuditEntry) -> Result<(), Break> {
        if e.prev_hash != self.prev || e.seq != self.prev_seq + 1 {
            return Err(Break::Unlinked { seq: e.seq });
        }
        if entry_hash(e) != e.hash {
            return Err(Break::Edited { seq: e.seq });
        }
        self.prev.clone_from(&e.hash);
        self.prev_seq = e.seq;
        self.n += 1;
        Ok(())
    }

    /// Ends the walk: the number of entries, if the last one checked is `head`.
    pub fn end(self, head: (i64, &str)) -> Result<u64, Break> {
        let last = (self.prev_seq, self.prev.as_str());
        if last != head {
            return Err(Break::Truncated { from: self.prev_seq + 1, to: head.0 });
        }
        Ok(self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Checks a chain and that it ends where the writers last recorded it (`head`: number and hash of the last entry),
    /// so that removing the newest entries shows too.
    fn verify_with_head<'a>(
        entries: impl IntoIterator<Item = &'a AuditEntry>,
        head: (i64, &str),
    ) -> Result<u64, Break> {
        let mut walk = Walk::default();
        for e in entries {
            walk.step(e)?;
        }
        walk.end(head)
    }

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    seq,
                    at_us: seq * 1000,
                    occurred_at_us: (seq % 2 == 0).then_some(seq * 10),
                    actor: "officer".into(),
                    action: "changed".into(),
                    entity: "meeting".into(),
                    entity_id: seq,
                    scope: "meeting:1".into(),
                    before: Some("{}".into()),
                    after: Some(format!("{{\"n\":{seq}}}")),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = entry_hash(&e);
                prev.clone_from(&e.hash);
                e
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain(5)), Ok(5));
    }

    #[test]
    fn an_edited_entry_is_named() {
        let mut c = chain(5);
        c[2].actor = "intruder".into();
        assert_eq!(verify(&c), Err(Break::Edited { seq: 3 }));
    }

    #[test]
    fn editing_or_removing_when_an_act_occurred_is_named() {
        let mut c = chain(5);
        c[1].occurred_at_us = Some(1);
        assert_eq!(verify(&c), Err(Break::Edited { seq: 2 }));
        let mut c = chain(5);
        c[3].occurred_at_us = None;
        assert_eq!(verify(&c), Err(Break::Edited { seq: 4 }));
        let mut c = chain(5);
        c[0].occurred_at_us = Some(0);
        assert_eq!(verify(&c), Err(Break::Edited { seq: 1 }));
    }

    #[test]
    fn an_entry_without_an_occurred_instant_hashes_as_entries_did_before_it_existed() {
        let e = &chain(1)[0];
        assert_eq!(e.occurred_at_us, None);
        assert_eq!(e.hash, "720f892153d82dec340e59999e3a99e9484f78a4193956c20b7127c32302d37a");
    }

    #[test]
    fn a_removed_entry_is_found() {
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c), Err(Break::Unlinked { seq: 3 }));
    }

    #[test]
    fn removing_the_newest_entries_is_found_by_the_head() {
        let c = chain(5);
        let head = (5, c[4].hash.clone());
        assert_eq!(verify_with_head(&c, (head.0, &head.1)), Ok(5));
        assert_eq!(verify_with_head(&c[..4], (head.0, &head.1)), Err(Break::Truncated { from: 5, to: 5 }));
        assert_eq!(verify_with_head(&[], (0, GENESIS)), Ok(0));
    }

    proptest! {
        #[test]
        fn changing_any_after_text_breaks_the_chain_at_that_entry(n in 1i64..20, at in 0usize..20, text in ".*") {
            let mut c = chain(n);
            prop_assume!(at < c.len());
            prop_assume!(c[at].after.as_deref() != Some(text.as_str()));
            c[at].after = Some(text);
            prop_assert_eq!(verify(&c), Err(Break::Edited { seq: i64::try_from(at).unwrap() + 1 }));
        }
    }
}
