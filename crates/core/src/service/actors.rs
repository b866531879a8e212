//! Who made a write, as a viewer may learn it: user names are for those signed in; the public reads the role in
//! words ("the Secretariat", "the delegation of KZ"), so that the sign-in names are not handed to anyone who asks.

use std::collections::HashMap;

use super::{AgendaChange, DocumentView, Secretariat};
use crate::account::public_actor;
use crate::domain::Viewer;
use crate::error::Result;

/// Stored actor names mapped to what the public may see, all looked up in one read.
async fn shown_names(app: &Secretariat, names: Vec<String>) -> Result<HashMap<String, String>> {
    let mut names = names;
    names.sort_unstable();
    names.dedup();
    let accounts = app.store.accounts_by_names(&names).await?;
    Ok(names
        .into_iter()
        .map(|name| {
            let account = accounts.iter().find(|a| a.username == name);
            let shown = public_actor(account);
            (name, shown)
        })
        .collect())
}

impl Secretariat {
    /// Document views with their actors' names as `viewer` may see them.
    pub(crate) async fn documents_as_seen(
        &self,
        viewer: &Viewer,
        mut views: Vec<DocumentView>,
    ) -> Result<Vec<DocumentView>> {
        if !matches!(viewer, Viewer::Public) {
            return Ok(views);
        }
        let names = views
            .iter()
            .flat_map(|v| {
                let revisions = v.revisions.iter().map(|r| r.created_by.clone());
                let positions = v.positions.iter().map(|p| p.recorded_by.clone());
                revisions.chain(positions).chain(v.silence.iter().map(|s| s.opened_by.clone()))
            })
            .collect();
        let shown = shown_names(self, names).await?;
        let name = |stored: &mut String| {
            if let Some(s) = shown.get(stored.as_str()) {
                *stored = s.clone();
            }
        };
        for view in &mut views {
            view.revisions.iter_mut().for_each(|r| name(&mut r.created_by));
            view.positions.iter_mut().for_each(|p| name(&mut p.recorded_by));
            view.silence.iter_mut().for_each(|s| name(&mut s.opened_by));
        }
        Ok(views)
    }

    /// Agenda changes with their actors' names as `viewer` may see them.
    pub(crate) async fn agenda_changes_as_seen(
        &self,
        viewer: &Viewer,
        mut changes: Vec<AgendaChange>,
    ) -> Result<Vec<AgendaChange>> {
        self.actors_as_seen(viewer, &mut changes, |c| &mut c.actor).await?;
        Ok(changes)
    }

    /// Renames the actor of each item, as `actor` finds it, to what `viewer` may see of it.
    pub(crate) async fn actors_as_seen<T>(
        &self,
        viewer: &Viewer,
        items: &mut [T],
        actor: impl Fn(&mut T) -> &mut String,
    ) -> Result<()> {
        if !matches!(viewer, Viewer::Public) {
            return Ok(());
        }
        let shown = shown_names(self, items.iter_mut().map(|i| actor(i).clone()).collect()).await?;
        for item in items {
            let stored = actor(item);
            if let Some(s) = shown.get(stored.as_str()) {
                *stored = s.clone();
            }
        }
        Ok(())
    }
}

impl Secretariat {
    /// One stored actor's name as `viewer` may see it.
    pub(crate) async fn actor_as_seen(&self, viewer: &Viewer, stored: &str) -> Result<String> {
        if !matches!(viewer, Viewer::Public) {
            return Ok(stored.to_owned());
        }
        let shown = shown_names(self, vec![stored.to_owned()]).await?;
        Ok(shown.get(stored).cloned().unwrap_or_else(|| stored.to_owned()))
    }
}
