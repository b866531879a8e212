//! Popolo JSON (popoloproject.com) of an organisation: the organisation, its bodies and the states tied to it as
//! `organizations`; its memberships; the posts of the organisation and of those states, and the people who held
//! them (`persons`, and their mandates as `memberships` on a post). Read through the same use cases as the API's
//! lists, as the viewer may see them.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::Json;
use secretariat_core::domain::{Code, Kind, Period, Record, Text};
use secretariat_core::store::Filter;
use serde_json::{json, Map, Value};

use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::ApiPath;
use crate::AppState;

fn names(text: &Text) -> Value {
    Value::Array(text.iter().map(|(lang, name)| json!({"name": name, "note": lang.as_str()})).collect())
}

fn dates(out: &mut Map<String, Value>, period: &Period) {
    if let Some(from) = period.from {
        out.insert("start_date".into(), json!(from.to_string()));
    }
    if let Some(to) = period.to {
        out.insert("end_date".into(), json!(to.to_string()));
    }
}

fn state_id(code: &str) -> String {
    format!("state/{code}")
}

/// A Popolo document: its four lists, each of Popolo's objects.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Popolo {
    /// The organisation (`id`: its code), its bodies (`CSTO/CFM`) and the states tied to it (`state/KZ`).
    #[schema(value_type = Vec<Object>)]
    pub organizations: Vec<Value>,
    /// The states' memberships (`member`) and the people's mandates (`person_id`, `post_id`).
    #[schema(value_type = Vec<Object>)]
    pub memberships: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub posts: Vec<Value>,
    #[schema(value_type = Vec<Object>)]
    pub persons: Vec<Value>,
}

/// The organisation's Popolo document.
#[utoipa::path(get, path = "/api/v1/organisations/{code}/popolo", tag = "organisations",
    params(("code" = String, Path, description = "the organisation's code", pattern = "^[A-Z0-9_-]{1,32}$")),
    responses((status = 200, description = "`{organizations, memberships, posts, persons}` in Popolo's terms", body = Popolo),
        (status = 404, description = "no such organisation")))]
pub async fn get_popolo(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<Json<Popolo>> {
    let code =
        Code::parse(&code).map_err(|_| ApiError::from(secretariat_core::Error::NotFound { what: "organisation" }))?;
    let viewer = auth.viewer();
    let all = |kind: Kind| {
        let mut filter = Filter::new(viewer.clone());
        filter.limit = u32::MAX;
        let app = state.app.clone();
        async move { app.list(kind, &filter).await.map(|(rows, _)| rows) }
    };
    let org = state.app.find(&viewer, Kind::Organisation, code.as_str()).await?;
    let Record::Organisation(org) = org.record else {
        return Err(ApiError::from(secretariat_core::Error::NotFound { what: "organisation" }));
    };
    let org_id = org.code.as_str().to_owned();
    let mut organizations = vec![json!({
        "id": org_id, "name": org.name.get("en"), "other_names": names(&org.name),
        "classification": "intergovernmental organisation",
    })];
    for row in all(Kind::Body).await? {
        if let Record::Body(b) = row.record {
            if b.organisation == org.code {
                let mut body = json!({
                    "id": format!("{org_id}/{}", b.code), "name": b.name.get("en"), "other_names": names(&b.name),
                    "classification": "body", "parent_id": org_id,
                });
                if let Some(parent) = b.parents.first() {
                    body["parent_id"] = json!(format!("{org_id}/{parent}"));
                }
                organizations.push(body);
            }
        }
    }
    let mut memberships = Vec::new();
    let mut states = BTreeSet::new();
    for row in all(Kind::Membership).await? {
        if let Record::Membership(m) = row.record {
            if m.organisation == org.code {
                let mut out = Map::new();
                out.insert("id".into(), json!(format!("membership/{}", row.id)));
                out.insert("organization_id".into(), json!(org_id));
                out.insert("member".into(), json!({"@type": "Organization", "id": state_id(m.state.as_str())}));
                out.insert("role".into(), json!(m.kind.as_str()));
                dates(&mut out, &m.period);
                memberships.push(Value::Object(out));
                states.insert(m.state.as_str().to_owned());
            }
        }
    }
    for row in all(Kind::State).await? {
        if let Record::State(s) = row.record {
            if states.contains(s.code.as_str()) {
                organizations.push(json!({
                    "id": state_id(s.code.as_str()), "name": s.name.get("en"), "other_names": names(&s.name),
                    "classification": "state", "identifiers": [{"scheme": "ISO 3166-1 alpha-2", "identifier": s.code.as_str()}],
                }));
            }
        }
    }
    let mut posts = Vec::new();
    let mut post_keys = BTreeSet::new();
    for row in all(Kind::Post).await? {
        if let Record::Post(p) = row.record {
            let of_org = p.organisation.as_ref() == Some(&org.code);
            let of_state = p.state.as_ref().is_some_and(|s| states.contains(s.as_str()));
            if of_org || of_state {
                let organization = match (&p.state, of_org) {
                    (_, true) | (None, _) => org_id.clone(),
                    (Some(s), false) => state_id(s.as_str()),
                };
                posts.push(json!({
                    "id": p.key.as_str(), "label": p.title.get("en"), "other_label": names(&p.title),
                    "role": p.role.as_str(), "organization_id": organization,
                }));
                post_keys.insert((p.key.as_str().to_owned(), organization));
            }
        }
    }
    let mut people = BTreeSet::new();
    for row in all(Kind::Mandate).await? {
        if let Record::Mandate(m) = row.record {
            if let Some((_, organization)) = post_keys.iter().find(|(k, _)| k == m.post.as_str()) {
                let mut out = Map::new();
                out.insert("id".into(), json!(format!("mandate/{}", row.id)));
                out.insert("person_id".into(), json!(m.person.as_str()));
                out.insert("post_id".into(), json!(m.post.as_str()));
                out.insert("organization_id".into(), json!(organization));
                if m.acting {
                    out.insert("role".into(), json!("acting"));
                }
                dates(&mut out, &m.period);
                memberships.push(Value::Object(out));
                people.insert(m.person.as_str().to_owned());
            }
        }
    }
    let mut persons = Vec::new();
    for row in all(Kind::Person).await? {
        if let Record::Person(p) = row.record {
            if people.contains(p.key.as_str()) {
                let latest = p.names.last().map(|n| n.name.get("en").to_owned()).unwrap_or_default();
                let other: Vec<Value> = p
                    .names
                    .iter()
                    .flat_map(|n| {
                        n.name.iter().map(move |(lang, name)| {
                            let mut v = json!({"name": name, "note": lang.as_str()});
                            if let Some(from) = n.from {
                                v["start_date"] = json!(from.to_string());
                            }
                            v
                        })
                    })
                    .collect();
                persons.push(json!({"id": p.key.as_str(), "name": latest, "other_names": other}));
            }
        }
    }
    Ok(Json(Popolo { organizations, memberships, posts, persons }))
}
