//! The publication's lifecycle (`draft → scheduled → published → withdrawn`), who sees it and whose views count.

use jiff::Timestamp;

use crate::domain::{Key, Publication, PublicationStatus, Viewer};
use crate::error::{Error, Result};

/// Where a publication stands in time: its status and the instants that go with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub status: PublicationStatus,
    pub scheduled_at: Option<Timestamp>,
    pub published_at: Option<Timestamp>,
}

impl Stage {
    /// The stage a publication is at.
    pub fn of(p: &Publication) -> Self {
        Self { status: p.status, scheduled_at: p.scheduled_at, published_at: p.published_at }
    }
}

/// Whether a publication may move from `from` (none: it is new) to `to`. A published item is withdrawn, never
/// taken back to a draft; a withdrawn one stays withdrawn, at its URL, with a notice.
pub fn may_move(from: Option<PublicationStatus>, to: PublicationStatus) -> bool {
    use PublicationStatus::*;
    matches!(
        (from, to),
        (None | Some(Draft | Scheduled), Draft | Scheduled | Published)
            | (Some(Published), Published | Withdrawn)
            | (Some(Withdrawn), Withdrawn)
    )
}

/// The stage a write by the press leaves: the status it asks for, with the instants the lifecycle sets (a
/// publication is published at the instant it is published, whatever the request says), or why it may not.
pub fn next(
    before: Option<Stage>,
    status: PublicationStatus,
    scheduled_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<Stage> {
    use PublicationStatus::*;
    if !may_move(before.map(|b| b.status), status) {
        let from = before.map_or_else(|| "new".to_owned(), |b| crate::domain::name_of(&b.status));
        return Err(Error::conflict(
            "publication_transition",
            format!("a {from} publication cannot become {}", crate::domain::name_of(&status)),
        ));
    }
    Ok(match status {
        Draft => Stage { status, scheduled_at: None, published_at: None },
        Scheduled => {
            let at = scheduled_at.ok_or_else(|| {
                Error::invalid("scheduled_at_required", "a scheduled publication needs `scheduled_at`")
            })?;
            if at <= now {
                return Err(Error::invalid("scheduled_in_past", "`scheduled_at` must be later than now"));
            }
            Stage { status, scheduled_at: Some(at), published_at: None }
        }
        Published | Withdrawn => {
            let published_at = before.and_then(|b| b.published_at).unwrap_or(now);
            Stage { status, scheduled_at: before.and_then(|b| b.scheduled_at), published_at: Some(published_at) }
        }
    })
}

/// Whether the background task publishes it now: scheduled, and its instant has come.
pub fn due(stage: Stage, now: Timestamp) -> bool {
    stage.status == PublicationStatus::Scheduled && stage.scheduled_at.is_some_and(|at| at <= now)
}

/// Whether the press office of `publisher` is looking.
pub fn is_own_press(viewer: &Viewer, publisher: &Key) -> bool {
    matches!(viewer, Viewer::Press { publisher: Some(own) } if own == publisher)
}

/// Whether a viewer sees a publication: the public once published or withdrawn; drafts and scheduled items only
/// their publisher's press office and the Secretariat. The store's condition says the same in SQL.
pub fn visible(viewer: &Viewer, publisher: &Key, status: PublicationStatus) -> bool {
    status.is_public() || *viewer == Viewer::Secretariat || is_own_press(viewer, publisher)
}

/// Whether a view counts as a hit: a published item, seen by anyone but its own press office.
pub fn counts_hit(viewer: &Viewer, publisher: &Key, status: PublicationStatus) -> bool {
    status == PublicationStatus::Published && !is_own_press(viewer, publisher)
}

/// Whether an actor seeing as `viewer` may write the publications of `publisher`.
pub fn may_write(viewer: &Viewer, publisher: &Key) -> bool {
    *viewer == Viewer::Secretariat || is_own_press(viewer, publisher)
}

/// What a viewer may do with a publication now: the buttons of the press officer's form. The use cases still
/// decide every write; this only says which of them would be accepted for who she is and where it stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PublicationActions {
    /// Change its texts and links (a withdrawn one keeps them as they were published).
    pub edit: bool,
    /// Keep it as a draft.
    pub save_draft: bool,
    /// Schedule it at an instant.
    pub schedule: bool,
    /// Publish it now (a published one: publish its changed text).
    pub publish: bool,
    /// Withdraw it, keeping its URL with a notice.
    pub withdraw: bool,
}

impl PublicationActions {
    /// Whether any form is offered at all.
    pub fn any(&self) -> bool {
        *self != Self::default()
    }
}

/// The actions `viewer` may take on a publication of `publisher` that stands at `status` (none: a new one).
pub fn actions(viewer: &Viewer, publisher: &Key, status: Option<PublicationStatus>) -> PublicationActions {
    use PublicationStatus::*;
    if !may_write(viewer, publisher) {
        return PublicationActions::default();
    }
    let published = status == Some(Published);
    PublicationActions {
        edit: status != Some(Withdrawn),
        save_draft: may_move(status, Draft),
        schedule: may_move(status, Scheduled),
        publish: may_move(status, Published),
        withdraw: published && may_move(status, Withdrawn),
    }
}

/// The key a publication drafted from a meeting's announcement is offered: `comment-<meeting>-<language>`, cut to
/// the 80 characters a key may have.
pub fn key_from_announcement(meeting: &Key, language: &crate::domain::Lang) -> Key {
    let suffix = format!("-{language}");
    let mut stem = format!("comment-{meeting}");
    stem.truncate(80 - suffix.len());
    let stem = stem.trim_end_matches('-');
    // A key of ASCII letters, digits and hyphens stays one when cut and given a language code.
    Key::parse(&format!("{stem}{suffix}")).unwrap_or_else(|_| meeting.clone())
}

#[cfg(test)]
mod tests;
