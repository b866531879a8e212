//! Who made a write, as a viewer may learn it: user names are for those signed in; the public reads the role in
//! words ("the Secretariat", "the delegation of KZ"), so that the sign-in names are not handed to anyone who asks.

use std::collections::HashMap;

use super::{AgendaChange, DocumentView, Secretariat};
use crate::account::public_actor;
use crate::domain::Viewer;
use crate::error::Result;

/// Stored actor names mapped to what the public may see, looked up once per name.
struct Shown<'a> {
    app: &'a Secretariat,
    seen: HashMap<String, String>,
}

impl Shown<'_> {
    async fn name(&mut self, stored: &str) -> Result<String> {
        if let Some(shown) = self.seen.get(stored) {
            return Ok(shown.clone());
        }
        let account = self.app.store.account_by_name(stored).await?;
        let shown = public_actor(account.as_ref());
        self.seen.insert(stored.to_owned(), shown.clone());
        Ok(shown)
    }
}

impl Secretariat {
    /// A document view with its actors' names as `viewer` may see them.
    pub(crate) async fn document_as_seen(&self, viewer: &Viewer, mut view: DocumentView) -> Result<DocumentView> {
        if !matches!(viewer, Viewer::Public) {
            return Ok(view);
        }
        let mut shown = Shown { app: self, seen: HashMap::new() };
        for r in &mut view.revisions {
            r.created_by = shown.name(&r.created_by).await?;
        }
        for p in &mut view.positions {
            p.recorded_by = shown.name(&p.recorded_by).await?;
        }
        for s in &mut view.silence {
            s.opened_by = shown.name(&s.opened_by).await?;
        }
        Ok(view)
    }

    /// Agenda changes with their actors' names as `viewer` may see them.
    pub(crate) async fn agenda_changes_as_seen(
        &self,
        viewer: &Viewer,
        mut changes: Vec<AgendaChange>,
    ) -> Result<Vec<AgendaChange>> {
        if !matches!(viewer, Viewer::Public) {
            return Ok(changes);
        }
        let mut shown = Shown { app: self, seen: HashMap::new() };
        for c in &mut changes {
            c.actor = shown.name(&c.actor).await?;
        }
        Ok(changes)
    }
}

impl Secretariat {
    /// One stored actor's name as `viewer` may see it.
    pub(crate) async fn actor_as_seen(&self, viewer: &Viewer, stored: &str) -> Result<String> {
        if !matches!(viewer, Viewer::Public) {
            return Ok(stored.to_owned());
        }
        Shown { app: self, seen: HashMap::new() }.name(stored).await
    }
}
