//! The newsletter's rules: what a month's newsletter holds, in which language, and when it may be sent.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::domain::{Key, Lang, Month, Publication, PublicationStatus};
use crate::error::{Error, Result};

/// The publications of a month's newsletter, oldest first: those published (not withdrawn) in that month of the
/// publisher's zone, each once — in `language` when it was translated into it, else as it was written.
pub fn digest<'a>(month: Month, zone: &TimeZone, language: &Lang, all: &'a [Publication]) -> Vec<&'a Publication> {
    let in_month = |p: &Publication| {
        p.status == PublicationStatus::Published
            && p.published_at.is_some_and(|t| month.holds(t.to_zoned(zone.clone()).date()))
    };
    let original = |p: &'a Publication| -> &'a Key { p.translation_of.as_ref().unwrap_or(&p.key) };
    let mut chosen: Vec<&Publication> = Vec::new();
    for p in all.iter().filter(|p| in_month(p)) {
        match chosen.iter().position(|c| original(c) == original(p)) {
            None => chosen.push(p),
            // Her language wins; else the original over another translation.
            Some(at) => {
                let current = chosen[at];
                // Nothing beats one in her language; else hers, or the original, replaces what is there.
                let better = current.language != *language && (p.language == *language || p.translation_of.is_none());
                if better {
                    chosen[at] = p;
                }
            }
        }
    }
    chosen.sort_by(|a, b| a.published_at.cmp(&b.published_at).then(a.key.cmp(&b.key)));
    chosen
}

/// The months of the publisher's zone in which something was published, newest first: the newsletter's archive.
pub fn months(zone: &TimeZone, all: &[Publication]) -> Vec<Month> {
    let mut months: Vec<Month> = all
        .iter()
        .filter(|p| p.status == PublicationStatus::Published)
        .filter_map(|p| p.published_at)
        .map(|t| Month::of(t.to_zoned(zone.clone()).date()))
        .collect();
    months.sort_unstable_by(|a, b| b.cmp(a));
    months.dedup();
    months
}

/// Whether a month's newsletter may be sent now: not of a month to come, and not empty.
pub fn check_sendable(month: Month, zone: &TimeZone, now: Timestamp, items: usize) -> Result<()> {
    if month > Month::of(now.to_zoned(zone.clone()).date()) {
        return Err(Error::invalid(
            "month_to_come",
            format!("{month} has not begun: its newsletter cannot be sent yet"),
        ));
    }
    if items == 0 {
        return Err(Error::invalid("empty_newsletter", format!("nothing was published in {month}: nothing to send")));
    }
    Ok(())
}

/// How long an address waits for its confirmation to be mailed again: asking again and again for one address
/// mails it at most once an hour, so the form cannot be used to flood someone's mailbox.
pub const CONFIRMATION_AGAIN_AFTER: SignedDuration = SignedDuration::from_hours(1);

/// The instant since which a confirmation mailed to an address keeps another from being queued.
pub fn confirmation_quiet_since(now: Timestamp) -> Timestamp {
    now.checked_sub(CONFIRMATION_AGAIN_AFTER).unwrap_or(Timestamp::MIN)
}

#[cfg(test)]
mod tests;
