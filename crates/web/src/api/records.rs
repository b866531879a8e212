//! Create, read, change and delete the records of the standing record. One implementation serves every kind;
//! `router.rs` names each kind's paths.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use secretariat_core::domain::{self, Code, Key, Kind, Record, Role, StateCode};
use secretariat_core::store::{Filter, Stored};
use serde::Deserialize;

use super::{query_date, query_value, Page};
use crate::auth::Auth;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiChange, ApiJson, ApiPath, ApiQuery};
use crate::AppState;

/// What is done with each collection in turn, without this module knowing what (no import back up).
pub trait CollectionVisitor {
    fn visit<C: Collection>(&mut self);
}

/// A kind of record served at `/api/v1/{PATH}`.
pub trait Collection: Send + Sync + 'static {
    const KIND: Kind;
    const PATH: &'static str;
    /// Whether its reads have routes of their own (meetings are read as views), so that the route table adds only
    /// the writes' handlers of its own accord.
    const OWN_ROUTES: bool;
    /// The record type a body of this collection parses into, and whose schema the OpenAPI document shows.
    type Body: serde::de::DeserializeOwned + utoipa::ToSchema + Send + 'static;
    /// The parsed body as a record of any kind.
    fn record(body: Self::Body) -> Record;
}

/// Expands the kind table (`record_kinds!` in the core) into the collections: every kind with an `api` path is a
/// [`Collection`] served at it; the route table gives those without `own` routes the generic five.
macro_rules! collections {
    ($($kind:ident, $table:literal, $section:ident: $section_ty:ty, $skip:tt $(, api $path:literal $($own:ident)?)?;)*) => {
        $($(
            impl Collection for domain::$kind {
                const KIND: Kind = Kind::$kind;
                const PATH: &'static str = $path;
                const OWN_ROUTES: bool = own_routes!($($own)?);
                type Body = domain::$kind;
                fn record(body: Self::Body) -> Record {
                    Record::$kind(body)
                }
            }
        )?)*

        /// Shows every collection to a visitor (the OpenAPI document adds each one's paths and schemas).
        pub fn visit_collections(visitor: &mut impl CollectionVisitor) {
            // `$path` is named so that only the kinds with an `api` path expand here.
            $($(
                let _ = $path;
                visitor.visit::<domain::$kind>();
            )?)*
        }
    };
}

/// `own` in the kind table: the collection's reads have routes of their own.
macro_rules! own_routes {
    (own) => {
        true
    };
    () => {
        false
    };
}

secretariat_core::record_kinds!(collections);

/// The meetings' collection: listed and read as views (`meetings.rs`), written here.
pub type Meetings = domain::Meeting;

/// Filters of a list; each kind honours those that apply to it.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    #[param(pattern = "^[A-Z0-9_-]{1,32}$")]
    pub organisation: Option<String>,
    #[param(pattern = "^[A-Z0-9_-]{1,32}$")]
    pub body: Option<String>,
    pub meeting: Option<i64>,
    #[param(pattern = "^[A-Z]{2}$")]
    pub state: Option<String>,
    #[param(pattern = "^[a-z0-9][a-z0-9-]{0,79}$")]
    pub person: Option<String>,
    #[param(pattern = "^[a-z0-9][a-z0-9-]{0,79}$")]
    pub post: Option<String>,
    /// The record a child belongs to (a plan item's plan, a proposal's list, a signature's document).
    #[param(pattern = "^[a-z0-9][a-z0-9-]{0,79}$")]
    pub owner: Option<String>,
    #[param(pattern = "^[a-z0-9_]{1,64}$")]
    pub role: Option<String>,
    #[param(format = Date, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub from: Option<String>,
    #[param(format = Date, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub to: Option<String>,
    pub after: Option<i64>,
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

impl ListParams {
    /// The store filter for a viewer; malformed values are 400s.
    pub fn filter(&self, auth: &Auth) -> Result<Filter, ApiError> {
        let mut f = Filter::new(auth.viewer());
        f.organisation = query_value(self.organisation.as_deref(), Code::parse)?;
        f.body = query_value(self.body.as_deref(), Code::parse)?;
        f.meeting = self.meeting;
        f.state = query_value(self.state.as_deref(), StateCode::parse)?;
        f.person = query_value(self.person.as_deref(), Key::parse)?;
        f.post = query_value(self.post.as_deref(), Key::parse)?;
        f.owner = query_value(self.owner.as_deref(), Key::parse)?;
        f.role = query_value(self.role.as_deref(), Role::parse)?;
        f.from = query_date(self.from.as_deref())?;
        f.to = query_date(self.to.as_deref())?;
        if let (Some(from), Some(to)) = (f.from, f.to) {
            if to < from {
                return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_period", "`to` is before `from`"));
            }
        }
        f.after = self.after;
        f.limit = match self.limit {
            None => 100,
            Some(l @ 1..=500) => l,
            Some(_) => {
                return Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid_limit", "`limit` runs from 1 to 500"))
            }
        };
        Ok(f)
    }
}

/// `GET /api/v1/{collection}`
pub async fn list_records<C: Collection>(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<Stored<Record>>>> {
    let (items, next) = state.app.list(C::KIND, &params.filter(&auth)?).await?;
    Ok(Json(Page { items, next }))
}

/// `GET /api/v1/{collection}/{id or code or key}`
pub async fn get_record<C: Collection>(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(reference): ApiPath<String>,
) -> ApiResult<Json<Stored<Record>>> {
    let viewer = auth.viewer();
    let stored = match reference.parse::<i64>() {
        Ok(id) => state.app.get(&viewer, C::KIND, id).await?,
        Err(_) => state.app.find(&viewer, C::KIND, &reference).await?,
    };
    Ok(Json(stored))
}

/// `POST /api/v1/{collection}`: 201 with the stored record.
pub async fn create_record<C: Collection>(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiJson(body): ApiJson<C::Body>,
) -> ApiResult<(StatusCode, Json<Stored<Record>>)> {
    let actor = auth.writer(&headers)?;
    let record = C::record(body);
    record.check()?;
    let stored = state.app.create(&actor, record).await?;
    Ok((StatusCode::CREATED, Json(stored)))
}

/// `PUT /api/v1/{collection}/{id}`: the whole record with the `version` it was read at; 409 if it changed since.
pub async fn change_record<C: Collection>(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiChange { version, body }: ApiChange<C::Body>,
) -> ApiResult<Json<Stored<Record>>> {
    let actor = auth.writer(&headers)?;
    let record = C::record(body);
    record.check()?;
    Ok(Json(state.app.change(&actor, id, version, record).await?))
}

/// The version a deletion is based on.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionParam {
    pub version: i64,
}

/// `DELETE /api/v1/{collection}/{id}?version=N`: 204; 409 if it changed since, or if other records refer to it.
pub async fn delete_record<C: Collection>(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(VersionParam { version }): ApiQuery<VersionParam>,
) -> ApiResult<StatusCode> {
    let actor = auth.writer(&headers)?;
    state.app.delete(&actor, C::KIND, id, version).await?;
    Ok(StatusCode::NO_CONTENT)
}
