//! One statements list's page: plain strings in the reader's language, and the forms its view allows.

use std::collections::HashMap;

use askama::Template;
use axum::http::StatusCode;
use secretariat_core::domain::{Key, StateCode, Text};
use secretariat_core::service::StatementsListView;

use super::{forum_name, stage_words};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::i18n::{FluentValue, UiLang};
use crate::pages::form::FormView;
use crate::pages::{render, Layout};
use crate::AppState;

/// The forms of the list page, each as typed when it was refused (fresh otherwise).
#[derive(Default)]
pub struct Forms {
    pub proposal: FormView,
    pub selection: FormView,
    pub compilation: FormView,
    pub instruction: FormView,
    pub delivery: FormView,
}

impl Forms {
    fn status(&self) -> StatusCode {
        [&self.proposal, &self.selection, &self.compilation, &self.instruction, &self.delivery]
            .into_iter()
            .map(|f| f.status)
            .find(|s| *s != StatusCode::OK)
            .unwrap_or_default()
    }
}

struct ProposalRow {
    key: String,
    state: String,
    topic: String,
    forum: String,
    draft: Option<String>,
    included: bool,
}

struct InstructionRow {
    forum: String,
    text: String,
}

struct DeliveryRow {
    on: String,
    forum: String,
    by: String,
    topic: String,
}

/// What the reader may do, in words.
#[derive(Default)]
struct Offered {
    /// (code, name) of the states she may propose for; a choice only for the Secretariat.
    propose_for: Vec<(String, String)>,
    /// Her own state, named, when she proposes for it alone.
    proposing_as: Option<String>,
    select: bool,
    compile: bool,
    instruct: bool,
    deliver: bool,
    /// (key, topic) of the included proposals, for the delivery form.
    included: Vec<(String, String)>,
    /// (code, name) of the states that may deliver on behalf of all.
    deliverers: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "pages/statements_list.html")]
struct ListPage {
    layout: Layout,
    url: String,
    title: String,
    organisation: String,
    organisation_href: String,
    lists_href: String,
    year: i16,
    body: String,
    cutoff: String,
    /// Whether the cut-off has passed, in words, with the venue's zone.
    cutoff_note: String,
    stage: String,
    explanation: String,
    /// Whether the reader sees the members' parts (proposals, instructions, deliveries).
    members: bool,
    proposals: Vec<ProposalRow>,
    /// The list document: (href, symbol and title, status).
    document: Option<(String, String, String)>,
    no_document: String,
    instructions: Vec<InstructionRow>,
    deliveries: Vec<DeliveryRow>,
    offered: Offered,
    forms: Forms,
    /// (code, name) of the working languages, for the texts typed per language.
    languages: Vec<(String, String)>,
    /// (code, name) of the forums offered.
    forums: Vec<(String, String)>,
}

impl ListPage {
    /// The text typed into a field of one language (`topic-en`).
    fn typed<'a>(&self, form: &'a FormView, field: &str, code: &str) -> &'a str {
        form.value(&format!("{field}-{code}"))
    }
}

/// The forums the forms offer: the two the Organisation's statements are made at, and any the list already names.
const FORUMS: [&str; 2] = ["UNGA", "OSCE"];

fn text_of(lang: UiLang, t: &Text) -> String {
    lang.text(t)
}

/// Renders the list page with `forms`, at the status of a refused form.
pub async fn show(
    state: &AppState,
    auth: &Auth,
    lang: UiLang,
    key: &Key,
    forms: Forms,
    remember_lang: bool,
) -> PageResult {
    let viewer = auth.viewer();
    let fail = PageError::new;
    let view = state.app.statements_list(&viewer, key).await.map_err(fail(lang))?;
    let org = state.app.organisation(&view.list.organisation).await.map_err(fail(lang))?;
    let mut codes: Vec<StateCode> = view.members.clone();
    codes.extend(view.proposals.iter().map(|p| p.record.state.clone()));
    codes.extend(view.deliveries.iter().map(|d| d.state.clone()));
    let names: HashMap<StateCode, String> = state
        .app
        .state_names(&codes)
        .await
        .map_err(fail(lang))?
        .into_iter()
        .map(|(code, name)| (code, lang.text(&name)))
        .collect();
    let name = |s: &StateCode| names.get(s).cloned().unwrap_or_else(|| s.to_string());
    let page = page(lang, auth, &view, &org, &name, forms);
    let status = page.forms.status();
    let mut response = render(&page, lang, remember_lang);
    *response.status_mut() = status;
    Ok(crate::pages::form::stay(response))
}

fn page(
    lang: UiLang,
    auth: &Auth,
    view: &StatementsListView,
    org: &secretariat_core::domain::Organisation,
    name: &dyn Fn(&StateCode) -> String,
    forms: Forms,
) -> ListPage {
    let list = &view.list;
    let body = match &view.body.abbreviation {
        Some(a) => format!("{} ({})", lang.text(&view.body.name), lang.text(a)),
        None => lang.text(&view.body.name),
    };
    // "in Almaty time" where the venue is known; in UTC otherwise.
    let zone = match &view.venue {
        Some(city) => {
            let city = secretariat_core::domain::current_name(&city.names)
                .map_or_else(|| city.key.to_string(), |t| lang.text(t));
            lang.t_args("statements-zone-venue", &[("city", FluentValue::from(city))])
        }
        None => lang.t("statements-zone-utc"),
    };
    let day = |d: &jiff::civil::Date| FluentValue::from(lang.date(d));
    let cutoff_note = if secretariat_core::rules::statements::call_open(list.cutoff, view.today) {
        lang.t_args("statements-cutoff-open", &[("zone", FluentValue::from(zone.clone()))])
    } else {
        lang.t_args(
            "statements-cutoff-passed",
            &[("zone", FluentValue::from(zone.clone())), ("today", day(&view.today))],
        )
    };
    let topics: HashMap<&Key, String> =
        view.proposals.iter().map(|p| (&p.record.key, text_of(lang, &p.record.topic))).collect();
    let mut forums: Vec<String> = FORUMS.iter().map(|f| (*f).to_owned()).collect();
    for f in view
        .proposals
        .iter()
        .map(|p| p.record.forum.to_string())
        .chain(view.instructions.iter().map(|i| i.forum.to_string()))
    {
        if !forums.contains(&f) {
            forums.push(f);
        }
    }
    let a = &view.actions;
    let named =
        |states: &[StateCode]| -> Vec<(String, String)> { states.iter().map(|s| (s.to_string(), name(s))).collect() };
    let keeper = auth.viewer() == secretariat_core::domain::Viewer::Secretariat;
    let choose = |mut states: Vec<(String, String)>| {
        states.insert(0, (String::new(), lang.t("choose-state")));
        states
    };
    let offered = Offered {
        propose_for: if keeper { choose(named(&a.propose_for)) } else { named(&a.propose_for) },
        proposing_as: (!keeper).then(|| a.propose_for.first().map(name)).flatten(),
        select: a.select,
        compile: a.compile,
        instruct: a.instruct,
        deliver: a.deliver,
        included: view
            .proposals
            .iter()
            .filter(|p| p.record.included)
            .map(|p| {
                let label = format!("{} — {}", text_of(lang, &p.record.topic), name(&p.record.state));
                (p.record.key.to_string(), label)
            })
            .collect(),
        deliverers: choose(named(&view.members)),
    };
    // A refused form the page no longer offers (the call closed meanwhile, a role without it) says why above.
    let mut forms = forms;
    let members = view.sees_members_parts;
    for (form, shown) in [
        (&mut forms.proposal, !offered.propose_for.is_empty()),
        (&mut forms.selection, offered.select && members && !view.proposals.is_empty()),
        (&mut forms.instruction, offered.instruct && members),
        (&mut forms.delivery, offered.deliver && members),
    ] {
        if !shown && form.failed() && form.summary.is_none() {
            form.summary = Some(lang.t("error-invalid"));
        }
    }
    let title = lang.t_args("statements-list-title", &[("year", FluentValue::from(list.year))]);
    let organisation = lang.text(&org.name);
    let url = format!("/statements-lists/{}", list.key);
    ListPage {
        layout: Layout::new(lang, format!("{title} — {organisation}"), &url, auth).for_organisation(&org.languages),
        organisation_href: format!("/organisations/{}", list.organisation),
        lists_href: format!("/organisations/{}/statements-lists", list.organisation),
        year: list.year,
        cutoff: lang.date(&list.cutoff),
        cutoff_note,
        stage: stage_words(lang, &view.stage),
        explanation: lang.t_args("statements-how", &[("body", FluentValue::from(lang.text(&view.body.name)))]),
        members: view.sees_members_parts,
        proposals: view
            .proposals
            .iter()
            .map(|p| ProposalRow {
                key: p.record.key.to_string(),
                state: name(&p.record.state),
                topic: text_of(lang, &p.record.topic),
                forum: forum_name(lang, p.record.forum.as_str()),
                draft: p.record.draft.as_ref().map(|d| text_of(lang, d)),
                included: p.record.included,
            })
            .collect(),
        document: view.document.as_ref().map(|d| {
            let title = lang.text(&d.title);
            let label = match &d.symbol {
                Some(s) => format!("{s} — {title}"),
                None => title,
            };
            (format!("/documents/{}", d.key), label, lang.name_of(&d.status))
        }),
        no_document: if keeper { lang.t("statements-document-none") } else { lang.t("statements-document-none-shown") },
        instructions: view
            .instructions
            .iter()
            .map(|i| InstructionRow { forum: forum_name(lang, i.forum.as_str()), text: text_of(lang, &i.text) })
            .collect(),
        deliveries: view
            .deliveries
            .iter()
            .map(|d| DeliveryRow {
                on: lang.date(&d.on),
                forum: forum_name(lang, d.forum.as_str()),
                by: lang.t_args("statements-delivered-by", &[("state", FluentValue::from(name(&d.state)))]),
                topic: topics.get(&d.proposal).cloned().unwrap_or_else(|| d.proposal.to_string()),
            })
            .collect(),
        offered,
        forms,
        languages: org.languages.iter().map(|l| (l.to_string(), lang.language_name(l.as_str()))).collect(),
        forums: forums.iter().map(|f| (f.clone(), forum_name(lang, f))).collect(),
        title,
        organisation,
        body,
        url,
    }
}
