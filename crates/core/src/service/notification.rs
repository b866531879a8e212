//! Notifications: written in the transaction of the event they tell of, read on the start page, and mailed by a
//! background task from the same rows (the outbox), so that none is lost and none is mailed twice.

use jiff::{SignedDuration, Timestamp};

use super::Secretariat;
use crate::account::{Account, Actor};
use crate::domain::*;
use crate::error::Result;
use crate::rules::notify::{recipients, retry_after};
use crate::store::{Stored, Tx};

/// How many notifications the start page shows.
pub const SHOWN_NOTIFICATIONS: u32 = 20;

/// How long before a silence procedure's deadline its delegations are reminded.
pub const DEADLINE_NEAR: SignedDuration = SignedDuration::from_hours(24);

/// How long an instance holds a mail it claimed before another may try it (a crashed sender's mail is sent again
/// after this).
const MAIL_LEASE: SignedDuration = SignedDuration::from_mins(5);

/// One event on a document, to tell those it concerns of.
pub(crate) struct Event<'a> {
    pub kind: NotificationKind,
    pub document: Id,
    /// What makes the event one of a kind (`silence:12`); the kind is added to it.
    pub source: String,
    pub at: Timestamp,
    pub deadline: Option<Timestamp>,
    pub by_state: Option<StateCode>,
    pub actor: &'a Actor,
}

/// Writes, in the event's own transaction, a notification for everyone the event concerns (by the document as it
/// now is: a circulated draft is seen by all delegations).
pub(crate) async fn notify(tx: &mut dyn Tx, event: Event<'_>) -> Result<()> {
    let Some(Stored { record: Record::Document(doc), .. }) = tx.get(Kind::Document, event.document).await? else {
        return Ok(());
    };
    let accounts = tx.all_accounts().await?;
    let sponsors = doc.sponsor_states();
    for account in recipients(event.kind, &accounts, doc.visibility, &sponsors, event.actor.account) {
        let new = NewNotification {
            account: account.id,
            kind: event.kind,
            document: event.document,
            event: format!("{}:{}", event.source, event.kind.as_str()),
            at: event.at,
            deadline: event.deadline,
            by_state: event.by_state.clone(),
            mail: account.email.is_some(),
        };
        tx.insert_notification(&new).await?;
    }
    Ok(())
}

impl Secretariat {
    /// What an account was told of, newest first: only of documents she still sees. The start page shows these.
    pub async fn notifications_of(&self, account: &Account) -> Result<Vec<Notification>> {
        self.store.notifications(account.id, &account.viewer(), SHOWN_NOTIFICATIONS).await
    }

    /// Reminds the delegations of every open silence procedure whose deadline is less than 24 hours away, once
    /// each: safe from any number of instances at once (an account is told of an event once).
    pub async fn remind_near_deadlines(&self) -> Result<usize> {
        let now = self.clock.now();
        let soon = now.checked_add(DEADLINE_NEAR).unwrap_or(Timestamp::MAX);
        let mut reminded = 0;
        for id in self.store.due_silences(soon).await? {
            let system = Actor::system();
            let mut tx = self.store.begin(&system, now).await?;
            let Some(procedure) = tx.silence(id).await? else { continue };
            let deadline = procedure.deadline;
            if procedure.status != SilenceStatus::Open || deadline <= now {
                continue;
            }
            let source = format!("silence:{id}");
            let event = Event {
                kind: NotificationKind::DeadlineNear,
                document: procedure.document,
                source,
                at: now,
                deadline: Some(deadline),
                by_state: None,
                actor: &system,
            };
            notify(tx.as_mut(), event).await?;
            tx.commit().await?;
            reminded += 1;
        }
        Ok(reminded)
    }

    /// Claims notifications due to be mailed now, for this instance alone until its lease runs out.
    pub async fn claim_mail(&self, limit: u32) -> Result<Vec<Outgoing>> {
        let now = self.clock.now();
        let lease = now.checked_add(MAIL_LEASE).unwrap_or(Timestamp::MAX);
        self.store.claim_mail(now.as_microsecond(), lease.as_microsecond(), limit).await
    }

    /// Records that a claimed notification was mailed.
    pub async fn mail_sent(&self, mail: &Outgoing) -> Result<()> {
        self.store.mail_sent(mail.notification.id, self.clock.now().as_microsecond()).await
    }

    /// Records a failed send: tried again later, or given up after the last try.
    pub async fn mail_failed(&self, mail: &Outgoing) -> Result<()> {
        let next = retry_after(mail.attempts + 1)
            .map(|wait| self.clock.now().checked_add(wait).unwrap_or(Timestamp::MAX).as_microsecond());
        self.store.mail_failed(mail.notification.id, next).await
    }
}
