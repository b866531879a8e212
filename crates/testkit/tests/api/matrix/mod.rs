//! The authorization matrix (issue 6): every route of `router::routes()` × every role × every visibility of
//! its target, on both engines. The rule is written once, in [`expect`]; the rows are a table in [`rows`].
//! A hidden target must answer exactly like a missing one: same status, code, body and headers.

mod fixtures;
mod rows;

use std::collections::BTreeSet;

use reqwest::Method;
use secretariat_core::account::{AccountRole, Actor};
use secretariat_core::domain::{Key, StateCode, Viewer, Visibility};
use secretariat_testkit::{on_both_engines, TestApp, PASSWORD};
use serde_json::Value;

use fixtures::{Ctx, DocState, Fix, Target};
use rows::{rows, Act, Row, Shows};

/// Who asks. Russia sponsors every document of the matrix; Kazakhstan is the other state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Public,
    Press,
    /// A delegate of Russia, not the head of delegation.
    Delegate,
    /// The head of Russia's delegation.
    Head,
    /// A delegate of Kazakhstan, not the head.
    OtherDelegate,
    /// The head of Kazakhstan's delegation.
    OtherHead,
    Secretariat,
    Admin,
}

const ROLES: [Role; 8] = [
    Role::Public,
    Role::Press,
    Role::Delegate,
    Role::Head,
    Role::OtherDelegate,
    Role::OtherHead,
    Role::Secretariat,
    Role::Admin,
];

impl Role {
    fn account(self) -> Option<&'static str> {
        match self {
            Role::Public => None,
            Role::Press => Some("press"),
            Role::Delegate => Some("matrix-delegate-ru"),
            Role::Head => Some("delegate-ru"),
            Role::OtherDelegate => Some("delegate-kz"),
            Role::OtherHead => Some("matrix-head-kz"),
            Role::Secretariat => Some("officer"),
            Role::Admin => Some("admin"),
        }
    }

    fn viewer(self) -> Viewer {
        let delegate = |s: &str, head| Viewer::Delegate { state: StateCode::parse(s).unwrap(), head };
        match self {
            Role::Public => Viewer::Public,
            Role::Press => Viewer::Press { publisher: Some(Key::parse(secretariat_testkit::PRESS_PUBLISHER).unwrap()) },
            Role::Delegate => delegate("RU", false),
            Role::Head => delegate("RU", true),
            Role::OtherDelegate => delegate("KZ", false),
            Role::OtherHead => delegate("KZ", true),
            Role::Secretariat | Role::Admin => Viewer::Secretariat,
        }
    }

    /// Whether this role sees what belongs to Russia's delegate's account (its API tokens).
    fn owns(self) -> bool {
        matches!(self, Role::Delegate | Role::Admin)
    }

    pub fn keeps_the_record(self) -> bool {
        matches!(self, Role::Secretariat | Role::Admin)
    }

    /// Whether this role may see a target of `v` sponsored by Russia (`None`: a target without visibility).
    fn sees(self, v: Option<Visibility>) -> bool {
        v.is_none_or(|v| self.viewer().may_see(v, &[StateCode::parse("RU").unwrap()]))
    }
}

/// Who a write's role rule lets act, once the target is visible.
#[derive(Debug, Clone, Copy)]
pub enum Who {
    /// The standing record, meetings, agenda, circulation, agreement, silence, outcomes, referrals, compilation.
    Keeper,
    /// Drafts, texts and revisions: the Secretariat or a delegate of a sponsoring state (Russia).
    Author,
    /// Positions and objections: a delegate for her own state, or the Secretariat naming one.
    Speaker,
    /// One's own API tokens: any account.
    Account,
    /// Publications: the press office of their publisher (the press account's) and the Secretariat.
    Press,
}

impl Who {
    fn allows(self, role: Role) -> bool {
        role.keeps_the_record()
            || match self {
                Who::Keeper => false,
                Who::Author => matches!(role, Role::Delegate | Role::Head),
                Who::Speaker => matches!(role, Role::Delegate | Role::Head | Role::OtherDelegate | Role::OtherHead),
                Who::Account => role != Role::Public,
                Who::Press => role == Role::Press,
            }
    }
}

/// What a cell must answer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expect {
    /// `None`: any 2xx; otherwise this status and, when not empty, this error code.
    status: Option<(u16, &'static str)>,
    /// The answer equals, byte for byte, the answer for a missing target.
    like_missing: bool,
    /// Whether the target's marker is in the answer (`None`: not checked).
    shows: Option<bool>,
}

/// THE RULE. `open`: the target's status lets the action happen (e.g. positions on a circulated text).
fn expect(act: Act, role: Role, v: Option<Visibility>, open: bool) -> Expect {
    let sees = role.sees(v);
    let is = |status, code| Expect { status: Some((status, code)), like_missing: false, shows: None };
    match act {
        Act::Read(Shows::Target) if sees => Expect { status: None, like_missing: false, shows: Some(true) },
        Act::Read(Shows::Past) if sees => Expect { status: None, like_missing: false, shows: None },
        Act::Read(Shows::Target | Shows::Past) => Expect { like_missing: true, ..is(404, "not_found") },
        Act::Read(Shows::Listed) => Expect { status: None, like_missing: false, shows: Some(sees) },
        Act::Session(status) => is(status, ""),
        // A page's form answers as the API's write would, in a browser's terms: the public is sent to sign in,
        // and a success goes back to the page (`303 See Other`) rather than answering the record.
        Act::Form(who) => match expect(Act::Write(who), role, v, open) {
            _ if role == Role::Public => is(303, ""),
            Expect { status: None, .. } => is(303, ""),
            other => other,
        },
        Act::FormCreate(who) => match expect(Act::Create(who), role, v, open) {
            _ if role == Role::Public => is(303, ""),
            Expect { status: None, .. } => is(303, ""),
            other => other,
        },
        Act::FormPage(who) => match expect(Act::Write(who), role, v, open) {
            _ if role == Role::Public => is(303, ""),
            other => other,
        },
        // One account's own: the public is asked to sign in; anyone but its owner and the administrator finds
        // nothing, exactly as if it did not exist.
        Act::Owned { write } if role == Role::Public => Expect { like_missing: write, ..is(401, "unauthenticated") },
        Act::Owned { write: false } => Expect { status: None, like_missing: false, shows: Some(role.owns()) },
        Act::Owned { write: true } if !role.owns() => Expect { like_missing: true, ..is(404, "not_found") },
        Act::Owned { write: true } => Expect { status: None, like_missing: false, shows: None },
        Act::Own(_) | Act::OwnedForm if role == Role::Public => is(303, ""),
        Act::Own(status) => is(status, ""),
        Act::OwnedForm if !role.owns() => Expect { like_missing: true, ..is(404, "") },
        Act::OwnedForm => is(303, ""),
        Act::Admin(status) if role == Role::Admin => is(status, ""),
        // A form sends the public to sign in before anything is looked at, whatever it posts to.
        Act::Admin(303) if role == Role::Public => is(303, ""),
        Act::Admin(_) => Expect { like_missing: true, ..is(404, "") },
        Act::Write(_) | Act::Create(_) if role == Role::Public => {
            Expect { like_missing: matches!(act, Act::Write(_)) && !sees, ..is(401, "unauthenticated") }
        }
        // Hidden comes before any role, state or status check.
        Act::Write(_) if !sees => Expect { like_missing: true, ..is(404, "not_found") },
        Act::Write(who) | Act::Create(who) if !who.allows(role) => is(403, "forbidden"),
        // An author never makes a record she would not see herself.
        Act::Create(_) if !sees => is(422, "invisible_to_author"),
        Act::Write(_) | Act::Create(_) if !open => is(409, ""),
        Act::Write(_) | Act::Create(_) => Expect { status: None, like_missing: false, shows: None },
    }
}

/// An answer, as far as a client can tell two answers apart.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn code(&self) -> String {
        serde_json::from_str::<Value>(&self.body)
            .ok()
            .and_then(|b| b["error"]["code"].as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

const COMPARED_HEADERS: [&str; 4] = ["content-type", "content-language", "vary", "www-authenticate"];

async fn send(app: &TestApp, method: &Method, path: &str, token: Option<&str>, body: &Option<Value>) -> Answer {
    let mut builder = app.request(method.clone(), path, token);
    builder = match body {
        // A string is a form, for the session routes.
        Some(Value::String(form)) => {
            builder.header("content-type", "application/x-www-form-urlencoded").body(form.clone())
        }
        Some(json) => builder.json(json),
        None => builder,
    };
    let response = builder.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = COMPARED_HEADERS
        .iter()
        .filter_map(|h| response.headers().get(*h).map(|v| ((*h).to_owned(), v.to_str().unwrap_or("").to_owned())))
        .collect();
    Answer { status, headers, body: response.text().await.unwrap() }
}

/// The path of a row for a parameter, with the row's query.
fn path_of(row: &Row, param: &str, query: &str) -> String {
    let mut path = row.path.replace("{language}", "en").replace("{body}", "CFM");
    for p in ["{id}", "{code}", "{key}", "{file}", "{name}"] {
        path = path.replace(p, param);
    }
    format!("{path}{query}")
}

/// A parameter of the same shape that names nothing.
fn missing(param: &str) -> &'static str {
    if param.bytes().all(|b| b.is_ascii_digit()) {
        "999999999"
    } else if param.bytes().all(|b| b.is_ascii_uppercase()) {
        "MXMISSING"
    } else {
        "mx-missing"
    }
}

#[derive(Default)]
struct Tally {
    cells: usize,
    failures: Vec<String>,
}

async fn check_cell(
    ctx: &Ctx<'_>,
    row: &Row,
    target: &Target,
    role: Role,
    token: Option<&str>,
    v: Option<Visibility>,
    tally: &mut Tally,
) -> u16 {
    let want = expect(row.act, role, v, (row.open)(target, role));
    let query = (row.query)(target);
    let body = (row.body)(target, role);
    let got = send(ctx.app, &row.method, &path_of(row, &target.param, &query), token, &body).await;
    tally.cells += 1;
    let mut wrong = Vec::new();
    match want.status {
        None if !(200..300).contains(&got.status) => {
            wrong.push(format!("expected 2xx, got {} {}", got.status, got.code()))
        }
        Some((s, code))
            if got.status != s || (!code.is_empty() && row.path.starts_with("/api") && got.code() != code) =>
        {
            wrong.push(format!("expected {s} {code}, got {} {}", got.status, got.code()))
        }
        _ => {}
    }
    if let (Some(shows), Some(marker)) = (want.shows, &target.marker) {
        if got.body.contains(marker.as_str()) != shows {
            wrong.push(format!("expected the target {}shown, got {}", if shows { "" } else { "not " }, got.status));
        }
    }
    if want.like_missing {
        let absent = send(ctx.app, &row.method, &path_of(row, missing(&target.param), &query), token, &body).await;
        if absent != got {
            wrong.push(format!(
                "answers unlike a missing target ({} {} vs {} {})",
                got.status,
                got.code(),
                absent.status,
                absent.code()
            ));
        }
    }
    if !wrong.is_empty() {
        let column = v.map_or("-", Visibility::as_str);
        let state = target.state.map_or(String::new(), |s| format!(" {s:?}"));
        tally.failures.push(format!("{} {} [{column}{state}] {role:?}: {}", row.method, row.path, wrong.join("; ")));
    }
    got.status
}

async fn check_row(ctx: &Ctx<'_>, tokens: &[(Role, Option<String>)], row: &Row, tally: &mut Tally) {
    let writes = matches!(
        row.act,
        Act::Write(_)
            | Act::Form(_)
            | Act::Create(_)
            | Act::Owned { write: true }
            | Act::OwnedForm
            | Act::Own(303)
            | Act::Admin(303)
            | Act::FormCreate(_)
    );
    for &fix in row.fixes {
        for &v in row.columns {
            // A sponsors-only document is always a draft: a row that also has the draft would check it twice.
            let drafted = fix != Fix::Doc(DocState::Draft) && row.fixes.contains(&Fix::Doc(DocState::Draft));
            if drafted && v == Some(Visibility::Sponsors) {
                continue;
            }
            // Cells share one target per column, except that a write the rule lets succeed gets its own, and a
            // shared target that a write changed anyway (a failing cell) is built again for the next cell.
            let mut shared = ctx.build(fix, v).await;
            for (role, token) in tokens {
                let status = expect(row.act, *role, v, (row.open)(&shared, *role)).status;
                let succeeds = status.is_none()
                    || (matches!(
                        row.act,
                        Act::Form(_) | Act::FormCreate(_) | Act::OwnedForm | Act::Own(_) | Act::Admin(_)
                    ) && status == Some((303, "")));
                if writes && succeeds {
                    let fresh = ctx.build(fix, v).await;
                    check_cell(ctx, row, &fresh, *role, token.as_deref(), v, tally).await;
                } else {
                    let status = check_cell(ctx, row, &shared, *role, token.as_deref(), v, tally).await;
                    if writes && (200..300).contains(&status) {
                        shared = ctx.build(fix, v).await;
                    }
                }
            }
        }
    }
}

/// A route added to `router.rs` without a row here fails, and so does a row left after its route is gone.
#[track_caller]
fn assert_rows_are_the_route_table(table: &[Row]) {
    let ours: BTreeSet<(String, String)> = table.iter().map(|r| (r.method.to_string(), r.path.to_owned())).collect();
    assert_eq!(ours.len(), table.len(), "a route has two rows");
    let routed: BTreeSet<(String, String)> =
        secretariat_web::router::routes().into_iter().map(|(m, p)| (m.to_string(), p)).collect();
    let without_row: Vec<_> = routed.difference(&ours).collect();
    let without_route: Vec<_> = ours.difference(&routed).collect();
    assert!(
        without_row.is_empty() && without_route.is_empty(),
        "routes without a row of the matrix: {without_row:?}; rows without a route: {without_route:?}"
    );
}

#[test]
fn every_route_of_the_table_has_exactly_one_row_of_the_matrix() {
    assert_rows_are_the_route_table(&rows());
}

#[test]
fn the_rule_hides_a_target_before_it_checks_the_role_or_the_status() {
    let hidden = Some(Visibility::Restricted);
    let missing = Expect { status: Some((404, "not_found")), like_missing: true, shows: None };
    // A delegate who is not a head may neither see a restricted text nor learn that it exists, even as a sponsor.
    assert_eq!(expect(Act::Write(Who::Author), Role::Delegate, hidden, false), missing);
    assert_eq!(expect(Act::Write(Who::Keeper), Role::Press, hidden, true), missing);
    assert_eq!(expect(Act::Read(Shows::Target), Role::OtherDelegate, hidden, true), missing);
    let public = expect(Act::Write(Who::Keeper), Role::Public, hidden, true);
    assert_eq!(public, Expect { status: Some((401, "unauthenticated")), like_missing: true, shows: None });
    // Once visible: the role rule, then the status.
    assert_eq!(expect(Act::Write(Who::Keeper), Role::Head, hidden, false).status, Some((403, "forbidden")));
    assert_eq!(expect(Act::Write(Who::Author), Role::Head, hidden, false).status, Some((409, "")));
    assert_eq!(expect(Act::Write(Who::Speaker), Role::OtherHead, hidden, true).status, None);
    // The sponsors' draft: Russia's delegates and the Secretariat, nobody else.
    let sponsors = Some(Visibility::Sponsors);
    assert!(Role::Delegate.sees(sponsors) && Role::Admin.sees(sponsors));
    assert!(!Role::OtherHead.sees(sponsors) && !Role::Press.sees(sponsors));
}

on_both_engines! {
    async fn every_route_answers_every_role_as_the_visibility_and_role_rules_say(app) {
        for (name, state, head) in [("matrix-delegate-ru", "RU", false), ("matrix-head-kz", "KZ", true)] {
            let state = Some(StateCode::parse(state).unwrap());
            app.app.add_account(&Actor::system(), name, PASSWORD, AccountRole::Delegate, state, head).await.unwrap();
        }
        let table = rows();
        assert_rows_are_the_route_table(&table);

        let ctx = Ctx::new(&app).await;
        let mut tokens = Vec::new();
        for role in ROLES {
            let token = match role.account() {
                Some(name) => Some(app.token(name).await),
                None => None,
            };
            tokens.push((role, token));
        }
        let started = std::time::Instant::now();
        let mut tally = Tally::default();
        for row in &table {
            check_row(&ctx, &tokens, row, &mut tally).await;
        }
        eprintln!(
            "authorization matrix on {:?}: {} rows, {} cells, {} failing, {:.1} s",
            app.engine, table.len(), tally.cells, tally.failures.len(), started.elapsed().as_secs_f64()
        );
        for failure in &tally.failures {
            eprintln!("  {failure}");
        }
        assert!(tally.failures.is_empty(), "{} of {} cells break the rule", tally.failures.len(), tally.cells);
    }
}
