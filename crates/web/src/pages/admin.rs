//! `/admin`: the administration of accounts — each with its role, state and whether it is disabled; create one,
//! change one, reset its password. For anyone but an administrator the page and its forms do not exist: the
//! 404 page of any unknown path (the core answers `not_found`), as DESIGN §5 asks of what one may not see.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use secretariat_core::account::{Account, AccountRole};
use secretariat_core::domain::{Kind, Record, StateCode, Viewer};
use secretariat_core::service::AccountChange;
use secretariat_core::store::Filter;
use secretariat_core::Error;

use super::form::{done, FormView, Submitted};
use super::{render, LangQuery, Layout};
use crate::auth::Auth;
use crate::error::{PageError, PageResult};
use crate::extract::{ApiPath, PageQuery};
use crate::i18n::UiLang;
use crate::AppState;

/// The error codes of the account forms and the fields they concern.
const ACCOUNT_FIELDS: &[(&str, &str)] = &[
    ("invalid_username", "username"),
    ("duplicate", "username"),
    ("weak_password", "password"),
    ("invalid_role", "role"),
    ("invalid_account", "state"),
    ("invalid_state_code", "state"),
];

/// One account as the page lists it, with its form.
pub struct AccountRow {
    pub username: String,
    pub role: String,
    pub state: Option<String>,
    pub head: bool,
    pub disabled: bool,
    pub email: Option<String>,
    pub form: FormView,
    /// The reset-password form.
    pub password: FormView,
}

#[derive(Template)]
#[template(path = "pages/admin.html")]
struct AdminPage {
    layout: Layout,
    accounts: Vec<AccountRow>,
    create: FormView,
    roles: Vec<(&'static str, String)>,
    states: Vec<(String, String)>,
}

/// A refused form: which one (`new`, or an account's user name) and how it is shown again.
enum Refused {
    None,
    Create(FormView),
    Change(String, FormView),
    Password(String, FormView),
}

fn stored(a: &Account) -> FormView {
    let version = a.version.to_string();
    let mut values = vec![("role", a.role.as_str()), ("version", version.as_str())];
    let state = a.state.as_ref().map(|s| s.as_str().to_owned()).unwrap_or_default();
    values.push(("state", &state));
    if a.head_of_delegation {
        values.push(("head", "on"));
    }
    if a.disabled {
        values.push(("disabled", "on"));
    }
    FormView::with(&values)
}

async fn show(state: &AppState, auth: &Auth, lang: UiLang, refused: Refused) -> PageResult {
    let actor = auth.account.as_ref().map(Account::actor).ok_or(Error::NotFound { what: "page" });
    let actor = actor.map_err(PageError::new(lang))?;
    let accounts = state.app.accounts(&actor).await.map_err(PageError::new(lang))?;
    let (records, _) =
        state.app.list(Kind::State, &Filter::new(Viewer::Secretariat)).await.map_err(PageError::new(lang))?;
    let mut states: Vec<(String, String)> = records
        .into_iter()
        .filter_map(|s| match s.record {
            Record::State(s) => Some((s.code.to_string(), lang.text(&s.name))),
            _ => None,
        })
        .collect();
    states.sort_by(|a, b| a.1.cmp(&b.1));
    let name_of = |code: &StateCode| {
        states.iter().find(|(c, _)| c == code.as_str()).map_or_else(|| code.to_string(), |(_, n)| n.clone())
    };
    let mut status = StatusCode::OK;
    let mut create = FormView::with(&[("role", "delegate")]);
    let mut rows = Vec::new();
    for a in &accounts {
        let (mut form, mut password) = (stored(a), FormView::default());
        match &refused {
            Refused::Change(who, f) if *who == a.username => form = f.clone(),
            Refused::Password(who, f) if *who == a.username => password = f.clone(),
            _ => {}
        }
        rows.push(AccountRow {
            username: a.username.clone(),
            role: lang.name_of(&a.role),
            state: a.state.as_ref().map(name_of),
            head: a.head_of_delegation,
            disabled: a.disabled,
            email: a.email.as_ref().map(|e| e.as_str().to_owned()),
            form,
            password,
        });
    }
    match refused {
        Refused::Create(f) => {
            status = f.status;
            create = f;
        }
        Refused::Change(_, f) | Refused::Password(_, f) => status = f.status,
        Refused::None => {}
    }
    let roles = [AccountRole::Admin, AccountRole::Secretariat, AccountRole::Delegate, AccountRole::Press];
    let page = AdminPage {
        layout: Layout::new(lang, lang.t("admin-title"), "/admin", auth),
        accounts: rows,
        create,
        roles: roles.iter().map(|r| (r.as_str(), lang.name_of(r))).collect(),
        states,
    };
    let mut response = render(&page, lang, false);
    *response.status_mut() = status;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `GET /admin`
pub async fn get_admin(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    PageQuery(q): PageQuery<LangQuery>,
) -> PageResult {
    let lang = UiLang::negotiate(q.lang.as_deref(), &headers);
    show(&state, &auth, lang, Refused::None).await
}

/// The role, state and head of delegation typed into a form.
fn role_of(form: &Submitted) -> Result<(AccountRole, Option<StateCode>, bool), Error> {
    form.checked()?;
    let role = AccountRole::parse(form.get("role").unwrap_or_default())?;
    // A state chosen for another role than a delegate's is left out rather than refused: the select keeps it.
    let state = form.get("state").filter(|_| role == AccountRole::Delegate).map(StateCode::parse).transpose()?;
    Ok((role, state, form.get("head").is_some() && role == AccountRole::Delegate))
}

/// Answers a refused creation: a 404 stays a 404 (the page does not exist for her), anything else is shown at
/// its field.
async fn refuse(state: &AppState, form: &Submitted, e: Error, which: fn(FormView) -> Refused) -> PageResult {
    if matches!(e, Error::NotFound { .. }) {
        return Err(PageError { error: e, lang: form.lang });
    }
    let view = form.rejected(&e, ACCOUNT_FIELDS).without(&["password"]);
    show(state, &form.auth, form.lang, which(view)).await
}

/// `POST /admin/accounts`: creates an account.
pub async fn create_account(State(state): State<AppState>, form: Submitted) -> PageResult {
    let made = async {
        secretariat_core::service::administers(&form.actor).then_some(()).ok_or(Error::NotFound { what: "page" })?;
        let (role, st, head) = role_of(&form)?;
        let username = form.get("username").unwrap_or_default();
        let password = form.fields.iter().find(|(k, _)| k == "password").map_or("", |(_, v)| v.as_str());
        state.app.add_account(&form.actor, username, password, role, st, head).await
    };
    match made.await {
        Ok(_) => Ok(done("/admin")),
        Err(e) => refuse(&state, &form, e, Refused::Create).await,
    }
}

/// `POST /admin/accounts/{username}`: changes an account's role, state, head of delegation, or disables it.
pub async fn change_account(
    State(state): State<AppState>,
    ApiPath(username): ApiPath<String>,
    form: Submitted,
) -> PageResult {
    let changed = async {
        let (role, st, head) = role_of(&form)?;
        let version = match form.get("version") {
            Some(v) => Some(v.parse::<i64>().map_err(|_| Error::invalid("invalid_form", "the form's version"))?),
            None => None,
        };
        let change = AccountChange {
            role,
            state: st,
            head_of_delegation: head,
            disabled: form.get("disabled").is_some(),
            version,
        };
        state.app.change_account(&form.actor, &username, change).await
    };
    match changed.await {
        Ok(_) => Ok(done(&format!("/admin#account-{username}"))),
        Err(e) => refuse_named(&state, &form, e, Refused::Change, username).await,
    }
}

async fn refuse_named(
    state: &AppState,
    form: &Submitted,
    e: Error,
    which: fn(String, FormView) -> Refused,
    username: String,
) -> PageResult {
    if matches!(e, Error::NotFound { .. }) {
        return Err(PageError { error: e, lang: form.lang });
    }
    let mut view = form.rejected(&e, ACCOUNT_FIELDS).without(&["password"]);
    if e.code() == "stale_version" {
        view.summary = Some(form.lang.t("account-changed-meanwhile"));
    }
    show(state, &form.auth, form.lang, which(username, view)).await
}

/// `POST /admin/accounts/{username}/password`: sets a new password and ends the account's sessions.
pub async fn reset_password(
    State(state): State<AppState>,
    ApiPath(username): ApiPath<String>,
    form: Submitted,
) -> PageResult {
    let password = form.fields.iter().find(|(k, _)| k == "password").map_or("", |(_, v)| v.as_str());
    match state.app.reset_password(&form.actor, &username, password).await {
        Ok(()) => Ok(done(&format!("/admin#account-{username}"))),
        Err(e) => refuse_named(&state, &form, e, Refused::Password, username).await,
    }
}
