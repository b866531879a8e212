//! An account's own calendar: every meeting and programme event she may see, of every organisation, at a secret
//! link a calendar app reads without a session. The link's token is shown once and stored hashed, like an API
//! token; replacing it makes the old one stop at once, and a disabled account's link answers as unknown.

use jiff::Timestamp;

use super::calendar::Calendar;
use super::Secretariat;
use crate::account::{new_token, token_hash, Account, Actor};
use crate::domain::{Id, Text};
use crate::error::{Error, Result};

fn own(actor: &Actor) -> Result<Id> {
    actor.account.ok_or(Error::Unauthenticated)
}

impl Secretariat {
    /// Makes the actor's calendar link, replacing the one she had; the token is returned this once.
    pub async fn make_calendar_link(&self, actor: &Actor) -> Result<String> {
        let account = own(actor)?;
        let token = new_token();
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        tx.set_calendar_link(account, Some(&token_hash(&token))).await?;
        tx.commit().await?;
        Ok(token)
    }

    /// Removes the actor's calendar link: from now on it is not found. Removing none changes nothing (a second
    /// click of the button).
    pub async fn remove_calendar_link(&self, actor: &Actor) -> Result<()> {
        let account = own(actor)?;
        let mut tx = self.store.begin(actor, self.clock.now()).await?;
        tx.set_calendar_link(account, None).await?;
        tx.commit().await
    }

    /// When the actor's calendar link was made, if she has one.
    pub async fn calendar_link_made(&self, actor: &Actor) -> Result<Option<Timestamp>> {
        let Some(us) = self.store.calendar_link(own(actor)?).await? else { return Ok(None) };
        Ok(Some(Timestamp::from_microsecond(us).map_err(|e| Error::Storage(format!("stored instant: {e}")))?))
    }

    /// The calendar of the account whose link has `token`, as she sees it, named by her name; an unknown,
    /// replaced or removed token, or a disabled account's, is not found.
    pub async fn own_calendar(&self, token: &str) -> Result<(Account, Calendar)> {
        let account = self
            .store
            .account_by_calendar_link(&token_hash(token))
            .await?
            .ok_or(Error::NotFound { what: "calendar" })?;
        let name = Text::one("en", &account.display_name);
        let calendar = self.calendar_of(&account.viewer(), name, None, None).await?;
        Ok((account, calendar))
    }
}
