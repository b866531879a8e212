//! The plans page `/organisations/{code}/plans`: every plan and roadmap of the organisation the reader may see,
//! with its period as people say it, its status and sponsors, and its items — number, title, kind, when,
//! responsible, status, the meeting a consultation became, progress reports by date; for the Secretariat, the
//! forms that keep them ([`forms`]). The legal basis register is its sibling ([`legal`]).

pub mod fields;
pub mod forms;
pub mod legal;
pub mod words;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use secretariat_core::domain::{Code, Id, Lang, Meeting, PlanItemKind, PlanItemStatus};
use secretariat_core::service::{PlanView, PlansView};
use secretariat_core::store::Stored;

use super::form::{Conflict, FormView};
use super::register::Names;
use super::{render, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::UiLang;
use crate::names::Shown;
use crate::AppState;

/// The page's forms, each as typed when it was refused (fresh otherwise): (the plan's or item's id, the form).
#[derive(Default)]
pub struct Forms {
    pub add: Option<(Id, FormView)>,
    pub item: Option<(Id, FormView)>,
    pub progress: Option<(Id, FormView)>,
    /// The item the refused form changes was changed meanwhile.
    pub conflict: Option<(Id, Conflict)>,
}

impl Forms {
    /// The status of the page that shows them: a refused form's.
    fn status(&self) -> StatusCode {
        [&self.add, &self.item, &self.progress]
            .into_iter()
            .flatten()
            .map(|(_, f)| f.status)
            .find(|s| *s != StatusCode::OK)
            .unwrap_or_default()
    }

    fn take(slot: &Option<(Id, FormView)>, id: Id) -> Option<FormView> {
        slot.as_ref().filter(|(i, _)| *i == id).map(|(_, f)| f.clone())
    }
}

/// (value, label) choices of a list.
type Choices = Vec<(String, String)>;

/// What the Secretariat's forms choose from, in the reader's language.
pub struct Editing {
    /// The organisation's working languages: (code, name).
    pub languages: Choices,
    pub kinds: Choices,
    pub statuses: Choices,
    pub responsible: Choices,
    /// The organisation's meetings, with an empty choice first.
    pub meetings: Choices,
}

struct ItemRow {
    id: Id,
    version: i64,
    number: u16,
    title: String,
    kind: String,
    when: String,
    responsible: String,
    status: String,
    /// The meeting the consultation became: (href, label).
    meeting: Option<(String, String)>,
    /// (day, text) by day.
    progress: Vec<(String, String)>,
    edit: FormView,
    progress_form: FormView,
    conflict: Option<Conflict>,
}

struct PlanBlock {
    id: Id,
    href: String,
    symbol: String,
    title: String,
    kind: String,
    period: Option<String>,
    status: String,
    sponsors: String,
    items: Vec<ItemRow>,
    add: FormView,
}

#[derive(Template)]
#[template(path = "pages/plans.html")]
struct PlansPage {
    layout: Layout,
    name: String,
    organisation_href: String,
    legal_basis_href: String,
    plans: Vec<PlanBlock>,
    editing: Option<Editing>,
}

fn choices<T: Shown>(lang: UiLang) -> Choices {
    T::all().iter().map(|v| (v.name(), lang.name_of(v))).collect()
}

fn meeting_label(lang: UiLang, names: &Names, m: &Meeting) -> String {
    format!("{} — {}", names.body(m.body.as_str()), lang.date_range(&m.starts_on, &m.ends_on))
}

fn item_row(
    lang: UiLang,
    names: &Names,
    meetings: &[Meeting],
    item: &Stored<secretariat_core::domain::PlanItem>,
    forms: &Forms,
) -> ItemRow {
    let i = &item.record;
    let conflict = forms.conflict.as_ref().filter(|(id, _)| *id == item.id).map(|(_, c)| c.clone());
    ItemRow {
        id: item.id,
        version: item.version,
        number: i.number,
        title: lang.text(&i.title),
        kind: lang.name_of(&i.kind),
        when: words::period(lang, &i.period),
        responsible: i.responsible.iter().map(|r| names.sponsor(r)).collect::<Vec<_>>().join(", "),
        status: lang.name_of(&i.status),
        meeting: i.meeting.as_ref().map(|key| {
            let label = meetings
                .iter()
                .find(|m| m.key == *key)
                .map_or_else(|| key.to_string(), |m| meeting_label(lang, names, m));
            (format!("/meetings/{key}"), label)
        }),
        progress: i.progress.iter().map(|p| (lang.date(&p.on), lang.text(&p.text))).collect(),
        edit: Forms::take(&forms.item, item.id).unwrap_or_else(|| fields::plan_item_fields(i)),
        progress_form: Forms::take(&forms.progress, item.id).unwrap_or_default(),
        conflict,
    }
}

fn plan_block(lang: UiLang, names: &Names, view: &PlansView, plan: &PlanView, forms: &Forms) -> PlanBlock {
    let d = &plan.document;
    PlanBlock {
        id: plan.id,
        href: format!("/documents/{}", d.key),
        symbol: plan.symbol.clone().unwrap_or_else(|| lang.t("document-provisional")),
        title: lang.text(&d.title),
        kind: lang.name_of(&d.kind),
        period: d.period.as_ref().map(|p| words::period(lang, p)),
        status: lang.name_of(&plan.status),
        sponsors: d.sponsors.iter().map(|s| names.sponsor(s)).collect::<Vec<_>>().join(", "),
        items: plan.items.iter().map(|i| item_row(lang, names, &view.meetings, i, forms)).collect(),
        add: Forms::take(&forms.add, plan.id).unwrap_or_else(|| {
            FormView::with(&[("kind", "action"), ("status", "planned"), ("responsible", "secretariat")])
        }),
    }
}

fn editing(lang: UiLang, names: &Names, languages: &[Lang], meetings: &[Meeting]) -> Editing {
    let mut meeting_choices = vec![(String::new(), lang.t("plans-no-meeting"))];
    meeting_choices.extend(meetings.iter().map(|m| (m.key.to_string(), meeting_label(lang, names, m))));
    Editing {
        languages: languages.iter().map(|l| (l.to_string(), lang.language_name(l.as_str()))).collect(),
        kinds: choices::<PlanItemKind>(lang),
        statuses: choices::<PlanItemStatus>(lang),
        responsible: names.sponsor_options(),
        meetings: meeting_choices,
    }
}

/// Reads the organisation's plans as the reader may see them and renders the page with `forms`, at the status of
/// the one refused.
pub async fn show(
    state: &AppState,
    auth: &Auth,
    lang: UiLang,
    code: &Code,
    forms: Forms,
    remember: bool,
) -> PageResult {
    let fail = PageError::new(lang);
    let view = state.app.plans(&auth.viewer(), code).await.map_err(fail)?;
    let names = Names::load(state, auth, lang).await.map_err(PageError::new(lang))?;
    let name = lang.text(&view.organisation.name);
    let path = format!("/organisations/{code}/plans");
    let page = PlansPage {
        layout: Layout::new(lang, format!("{} — {name}", lang.t("plans-title")), &path, auth)
            .for_organisation(&view.organisation.languages),
        organisation_href: format!("/organisations/{code}"),
        legal_basis_href: format!("/organisations/{code}/legal-basis"),
        plans: view.plans.iter().map(|p| plan_block(lang, &names, &view, p, &forms)).collect(),
        editing: view.may_keep.then(|| editing(lang, &names, &view.organisation.languages, &view.meetings)),
        name,
    };
    let mut response = render(&page, lang, remember);
    *response.status_mut() = forms.status();
    Ok(super::form::stay(response))
}

/// An organisation's code from the path; a malformed one names no organisation.
pub(crate) fn organisation_code(lang: UiLang, raw: &str) -> Result<Code, PageError> {
    Code::parse(raw).map_err(|_| PageError { error: secretariat_core::Error::NotFound { what: "organisation" }, lang })
}

/// `GET /organisations/{code}/plans`: the organisation's plans and roadmaps with their items.
pub async fn get_plans(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(code): ApiPath<String>,
    PageQuery(q): PageQuery<super::LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    let code = organisation_code(lang, &code)?;
    show(&state, &auth, lang, &code, Forms::default(), q.lang.is_some()).await
}
