//! What the Secretariat is offered on a meeting page: every form, filled in from the records (or as typed, for the
//! one refused), and the choices of its lists in the reader's language, names rather than codes.

use axum::http::StatusCode;
use secretariat_core::domain::{
    current_name, AgendaItem, Delegation, EventKind, Id, ItemKind, ItemOutcome, Kind, MeetingKind, MeetingMode,
    MeetingStatus, Organisation, ProgrammeEvent, Record, SittingFormat, Visibility,
};
use secretariat_core::service::MeetingView;
use secretariat_core::store::Filter;

use super::edit;
use crate::auth::Auth;
use crate::i18n::UiLang;
use crate::names::Shown;
use crate::pages::form::{Conflict, FormView};
use crate::AppState;

/// The forms of the meeting page, each as typed when it was refused (fresh otherwise).
#[derive(Default)]
pub struct Forms {
    /// The meeting's own form, when refused.
    pub meeting: Option<FormView>,
    pub event: FormView,
    pub delegation: FormView,
    pub item: FormView,
    pub numbering: FormView,
    pub adoption: FormView,
    /// The form of one programme event, delegation or agenda item, refused: (its kind and id, the form). Ids are
    /// per kind: delegation 1 and agenda item 1 are two records.
    pub part: Option<((Kind, Id), FormView)>,
    /// An item's outcome form, refused.
    pub outcome: Option<(Id, FormView)>,
    /// The record the refused form changes was changed meanwhile.
    pub conflict: Option<Conflict>,
}

impl Forms {
    /// The status of the page that shows them: a refused form's.
    pub fn status(&self) -> StatusCode {
        let parts = self.part.iter().map(|(_, f)| f).chain(self.outcome.iter().map(|(_, f)| f));
        let all = [&self.event, &self.delegation, &self.item, &self.numbering, &self.adoption];
        self.meeting.iter().chain(parts).chain(all).map(|f| f.status).find(|s| *s != StatusCode::OK).unwrap_or_default()
    }
}

/// A form of a record on the page: its id, version and fields, and whether it is the one refused.
pub struct PartForm {
    pub id: Id,
    pub version: i64,
    pub form: FormView,
    pub refused: bool,
}

/// (value, label) choices of a list.
type Choices = Vec<(String, String)>;

/// Everything the Secretariat's forms need.
pub struct Editing {
    pub meeting: FormView,
    pub version: i64,
    pub forms: Forms,
    pub events: Vec<PartForm>,
    pub delegations: Vec<PartForm>,
    pub items: Vec<PartForm>,
    /// The organisation's working languages, for the titles: (code, name).
    pub languages: Choices,
    pub bodies: Choices,
    pub cities: Choices,
    pub kinds: Choices,
    pub modes: Choices,
    pub statuses: Choices,
    pub event_kinds: Choices,
    pub formats: Choices,
    pub event_modes: Choices,
    pub states: Choices,
    pub people: Choices,
    pub item_kinds: Choices,
    pub visibilities: Choices,
    pub sittings: Choices,
    pub documents: Choices,
    pub outcomes: Choices,
    pub adopt: bool,
    pub record_outcomes: bool,
}

impl Editing {
    /// The form of an agenda item's outcome (refused, or fresh).
    pub fn outcome_form(&self, id: impl std::borrow::Borrow<Id>) -> FormView {
        let id = *id.borrow();
        match &self.forms.outcome {
            Some((refused, form)) if *refused == id => form.clone(),
            _ => FormView::default(),
        }
    }

    /// The conflict to show beside the meeting's own form.
    pub fn meeting_conflict(&self) -> Option<&Conflict> {
        self.forms.conflict.as_ref().filter(|_| self.forms.part.is_none() && self.forms.meeting.is_some())
    }

    /// The conflict to show beside a part's form.
    pub fn part_conflict(&self, part: &PartForm) -> Option<&Conflict> {
        self.forms.conflict.as_ref().filter(|_| part.refused)
    }
}

/// Every variant of an enum as a choice, named in the reader's language.
pub fn choices<T: Shown>(lang: UiLang) -> Choices {
    T::all().iter().map(|v| (v.name(), lang.name_of(v))).collect()
}

fn with_none(label: String, mut rest: Choices) -> Choices {
    rest.insert(0, (String::new(), label));
    rest
}

/// The records of a kind the viewer may see, whole.
async fn all(
    state: &AppState,
    auth: &Auth,
    kind: Kind,
    org: Option<&Organisation>,
) -> secretariat_core::Result<Vec<Record>> {
    let mut filter = Filter::new(auth.viewer());
    filter.organisation = org.map(|o| o.code.clone());
    filter.limit = u32::MAX;
    Ok(state.app.list(kind, &filter).await?.0.into_iter().map(|s| s.record).collect())
}

/// The forms of a part as stored, or as typed if it is the one refused.
fn part_forms<T>(
    kind: Kind,
    parts: Vec<(Id, i64, T)>,
    refused: &Option<((Kind, Id), FormView)>,
    fields: fn(&T) -> Vec<(String, String)>,
) -> Vec<PartForm> {
    parts
        .into_iter()
        .map(|(id, version, record)| match refused {
            Some((r, form)) if *r == (kind, id) => PartForm {
                id,
                version: form.value("version").parse().unwrap_or(version),
                form: form.clone(),
                refused: true,
            },
            _ => PartForm { id, version, form: FormView::of_pairs(fields(&record)), refused: false },
        })
        .collect()
}

/// The Secretariat's forms on a meeting.
pub async fn editing(
    state: &AppState,
    auth: &Auth,
    lang: UiLang,
    m: &MeetingView,
    org: &Organisation,
    forms: Forms,
) -> secretariat_core::Result<Editing> {
    let viewer = auth.viewer();
    let actions = m.actions(&viewer);
    let stored = state.app.get(&viewer, Kind::Meeting, m.id).await?;
    let Record::Meeting(meeting) = &stored.record else {
        return Err(secretariat_core::Error::NotFound { what: "meeting" });
    };
    let (meeting_form, version) = match &forms.meeting {
        Some(f) => (f.clone(), f.value("version").parse().unwrap_or(stored.version)),
        None => (FormView::of_pairs(edit::meeting_fields(meeting)), stored.version),
    };
    // Each part's stored record, one read per kind whatever the number of parts.
    let mut events = Vec::new();
    let ids: Vec<Id> = m.programme.iter().map(|e| e.id).collect();
    for s in state.app.get_many(&viewer, Kind::ProgrammeEvent, &ids).await? {
        if let Record::ProgrammeEvent(r) = s.record {
            events.push((s.id, s.version, r));
        }
    }
    let mut delegations = Vec::new();
    let ids: Vec<Id> = m.delegations.iter().map(|d| d.id).collect();
    for s in state.app.get_many(&viewer, Kind::Delegation, &ids).await? {
        if let Record::Delegation(r) = s.record {
            delegations.push((s.id, s.version, r));
        }
    }
    let mut items = Vec::new();
    let ids: Vec<Id> = m.agenda.items.iter().map(|i| i.id).collect();
    for s in state.app.get_many(&viewer, Kind::AgendaItem, &ids).await? {
        if let Record::AgendaItem(r) = s.record {
            items.push((s.id, s.version, r));
        }
    }
    // In the order the page shows them.
    let order = |list: &[Id], id: Id| list.iter().position(|x| *x == id);
    let shown: Vec<Id> = m.programme.iter().map(|e| e.id).collect();
    events.sort_by_key(|(id, _, _)| order(&shown, *id));
    let shown: Vec<Id> = m.delegations.iter().map(|d| d.id).collect();
    delegations.sort_by_key(|(id, _, _)| order(&shown, *id));
    let shown: Vec<Id> = m.agenda.items.iter().map(|i| i.id).collect();
    items.sort_by_key(|(id, _, _)| order(&shown, *id));
    let named = |names: &[secretariat_core::domain::Named], key: &str| {
        current_name(names).map_or_else(|| key.to_owned(), |t| lang.text(t))
    };
    let mut bodies = Choices::new();
    let mut cities = Choices::new();
    let mut states = Choices::new();
    let mut people = Choices::new();
    let mut documents = Choices::new();
    for r in all(state, auth, Kind::Body, Some(org)).await? {
        if let Record::Body(b) = r {
            bodies.push((b.code.to_string(), lang.text(&b.name)));
        }
    }
    for r in all(state, auth, Kind::City, None).await? {
        if let Record::City(c) = r {
            cities.push((c.key.to_string(), named(&c.names, c.key.as_str())));
        }
    }
    for r in all(state, auth, Kind::State, None).await? {
        if let Record::State(s) = r {
            states.push((s.code.to_string(), lang.text(&s.name)));
        }
    }
    for r in all(state, auth, Kind::Person, None).await? {
        if let Record::Person(p) = r {
            people.push((p.key.to_string(), named(&p.names, p.key.as_str())));
        }
    }
    for r in all(state, auth, Kind::Document, Some(org)).await? {
        if let Record::Document(d) = r {
            documents.push((d.key.to_string(), lang.text(&d.title)));
        }
    }
    for list in [&mut cities, &mut states, &mut people, &mut documents] {
        list.sort_by(|a, b| a.1.cmp(&b.1));
    }
    let mut event_kinds: Choices = EventKind::BUILT_IN.iter().map(|k| (k.to_string(), lang.name_of(k))).collect();
    event_kinds.extend(org.event_kinds.iter().map(|k| (k.kind.to_string(), lang.text(&k.names))));
    let sittings = m
        .programme
        .iter()
        .filter(|e| e.kind == EventKind::Sitting)
        .map(|e| {
            let title = e.title.as_ref().map_or_else(|| lang.name_of(&e.kind), |t| lang.text(t));
            (e.key.to_string(), format!("{title}, {}", lang.date(&e.on)))
        })
        .collect();
    let languages = org.languages.iter().map(|l| (l.to_string(), lang.language_name(l.as_str()))).collect();
    Ok(Editing {
        meeting: meeting_form,
        version,
        events: part_forms(Kind::ProgrammeEvent, events, &forms.part, edit::event_fields as fn(&ProgrammeEvent) -> _),
        delegations: part_forms(
            Kind::Delegation,
            delegations,
            &forms.part,
            edit::delegation_fields as fn(&Delegation) -> _,
        ),
        items: part_forms(Kind::AgendaItem, items, &forms.part, edit::item_fields as fn(&AgendaItem) -> _),
        forms,
        languages,
        bodies,
        cities,
        kinds: choices::<MeetingKind>(lang),
        modes: choices::<MeetingMode>(lang),
        statuses: choices::<MeetingStatus>(lang),
        event_kinds,
        formats: with_none(lang.t("format-unknown"), choices::<SittingFormat>(lang)),
        event_modes: with_none(lang.t("meeting-form-mode-of-meeting"), choices::<MeetingMode>(lang)),
        states,
        people,
        item_kinds: choices::<ItemKind>(lang),
        visibilities: choices::<Visibility>(lang),
        sittings: with_none(lang.t("format-none"), sittings),
        documents,
        outcomes: choices::<ItemOutcome>(lang),
        adopt: actions.adopt_agenda,
        record_outcomes: actions.record_outcomes,
    })
}
