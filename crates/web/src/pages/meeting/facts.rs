//! What the agenda says beyond its own records, read from the records it names: the meeting an approved item's
//! documents go to ("to go to the Collective Security Council, Astana, 8 November 2018") and, for a statements
//! list's document, how the list is drawn up, with the list's page.

use secretariat_core::domain::{Code, Key, Kind, Record, Text};
use secretariat_core::service::MeetingView;
use secretariat_core::store::Stored;
use secretariat_core::Error;

use super::ItemRow;
use crate::auth::Auth;
use crate::error::PageError;
use crate::i18n::{FluentValue, UiLang};
use crate::AppState;

/// Fills in `items` (rows of `view`'s agenda, in its order) with the meetings their documents are submitted to and
/// the statements lists their documents are, as `auth`'s viewer may see them: a meeting or list she may not see is
/// not named.
pub async fn fill(
    state: &AppState,
    auth: &Auth,
    lang: UiLang,
    view: &MeetingView,
    items: &mut [ItemRow],
) -> Result<(), PageError> {
    let viewer = auth.viewer();
    let keys: Vec<Key> = view.agenda.items.iter().filter_map(|i| i.submitted_to.clone()).collect();
    let meetings = if keys.is_empty() {
        Vec::new()
    } else {
        state.app.meetings_by_key(&viewer, &keys).await.map_err(PageError::new(lang))?
    };
    // Each such meeting's body by its full name ("the Collective Security Council"), where a list says "CSC".
    let mut bodies: Vec<((Code, Code), Text)> = Vec::new();
    for m in &meetings {
        let key = (m.organisation.clone(), m.body.clone());
        if bodies.iter().any(|(k, _)| *k == key) {
            continue;
        }
        // A body the viewer may not read keeps the name the meeting's summary gives it.
        match state.app.find(&viewer, Kind::Body, &format!("{}/{}", m.organisation, m.body)).await {
            Ok(Stored { record: Record::Body(b), .. }) => bodies.push((key, b.name)),
            Ok(_) | Err(Error::NotFound { .. }) => {}
            Err(e) => return Err(PageError::new(lang)(e)),
        }
    }
    let lists = if view.agenda.items.iter().any(|i| !i.documents.is_empty()) {
        state.app.statements_lists(&viewer, &view.organisation).await.map_err(PageError::new(lang))?
    } else {
        Vec::new()
    };
    for (row, item) in items.iter_mut().zip(&view.agenda.items) {
        let to = item.submitted_to.as_ref().and_then(|key| meetings.iter().find(|m| m.key == *key));
        row.submitted_to = to.map(|m| {
            let name = bodies
                .iter()
                .find(|((o, c), _)| *o == m.organisation && *c == m.body)
                .map_or(&m.body_name, |(_, name)| name);
            let args = [
                ("body", FluentValue::from(lang.text(name))),
                ("city", FluentValue::from(lang.text(&m.city))),
                ("date", FluentValue::from(lang.date_range(&m.starts_on, &m.ends_on))),
            ];
            (lang.t_args("meeting-facts-submitted-to", &args), format!("/meetings/{}", m.key))
        });
        for (doc, d) in row.documents.iter_mut().zip(&item.documents) {
            let Some(list) = lists.iter().find(|l| l.list.document.as_ref() == Some(&d.key)) else { continue };
            let year = [("year", FluentValue::from(list.list.year.to_string()))];
            doc.list = Some((
                lang.t_args("meeting-facts-list-how", &year),
                lang.t_args("statements-list-title", &year),
                format!("/statements-lists/{}", list.list.key),
            ));
        }
    }
    Ok(())
}
