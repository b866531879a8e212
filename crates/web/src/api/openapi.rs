//! The OpenAPI document at `/api/v1/openapi.json`: the annotated handlers, plus the record collections that one
//! generic implementation serves (added per collection from its record type, as `router.rs` routes them).
//!
//! Every schema comes from the Rust type that parses or answers; two passes then make the document say exactly
//! what is sent: `allOf` made by `#[serde(flatten)]` is merged into one object (the JSON is one flat object), and
//! every operation lists the error statuses the extractors and the error policy can answer, with their body.

use std::collections::BTreeMap;

use axum::Json;
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{AdditionalProperties, ArrayBuilder, Object, ObjectBuilder, Schema, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Required, ResponseBuilder};
use utoipa::{OpenApi, PartialSchema, ToSchema};

use super::records::{Collection, ListParams, VersionParam};
use crate::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Secretariat API",
        description = "The record of an intergovernmental council: members, chairs, meetings, programmes, agendas. Lists are `{items, next}`; errors are `{error: {code, message}}`."
    ),
    paths(
        get_openapi,
        super::meetings::list_meetings,
        super::meetings::get_meeting,
        super::meetings::adopt_agenda,
        super::meetings::get_announcement,
        super::meetings::renumber_agenda,
        super::meetings::list_agenda_changes,
        super::organisations::get_chairmanship,
        super::organisations::get_overview,
        super::documents::list_documents,
        super::documents::get_document,
        super::documents::create_document,
        super::documents::change_document,
        super::documents::put_language_version,
        super::documents::create_revision,
        super::documents::create_transition,
        super::documents::create_position,
        super::documents::create_silence,
        super::documents::create_objection,
        super::documents::create_outcome,
        super::documents::create_referral,
        super::documents::create_referral_outcome,
        super::history::get_diff,
        super::history::get_history,
        super::documents::create_compilation,
        super::documents::get_legal_basis,
        super::statements::create_proposal,
        super::akn::get_akn,
        super::popolo::get_popolo,
        super::publications::list_publications,
        super::publications::get_publication,
        super::publications::create_publication,
        super::publications::change_publication,
        super::tokens::list_tokens,
        super::tokens::create_token,
        super::tokens::delete_token,
        super::search::search,
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerToken)
)]
struct Annotated;

/// The API token (`Authorization: Bearer …`) that writes need; reads take it too, to see more.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

fn reference(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

fn json_response(description: &str, schema: RefOr<Schema>) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(schema)).build())
        .build()
}

fn json_body(description: String, schema: RefOr<Schema>) -> utoipa::openapi::request_body::RequestBody {
    RequestBodyBuilder::new()
        .description(Some(description))
        .required(Some(Required::True))
        .content("application/json", ContentBuilder::new().schema(Some(schema)).build())
        .build()
}

fn int64() -> utoipa::openapi::SchemaFormat {
    utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)
}

fn integer(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
        .description(Some(description))
        .into()
}

/// The record's object schema with more properties: `Stored<T>` flattens the record beside `id` and `version`.
fn with_properties(components: &Components, name: &str, extra: &[(&str, RefOr<Schema>, bool)]) -> RefOr<Schema> {
    let mut object = object_of(components, &reference(name)).unwrap_or_default();
    for (property, schema, required) in extra {
        object.properties.insert((*property).to_owned(), schema.clone());
        if *required {
            object.required.push((*property).to_owned());
        }
    }
    object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
    RefOr::T(Schema::Object(object))
}

type Components = BTreeMap<String, RefOr<Schema>>;

/// Adds one record collection's paths: bodies of its record type, answers of `Stored<that type>`.
pub fn add_collection<C: Collection>(doc: &mut utoipa::openapi::OpenApi) {
    let components = &mut doc.components.get_or_insert_with(Default::default).schemas;
    let mut nested = Vec::new();
    <C::Body as ToSchema>::schemas(&mut nested);
    nested.push((C::Body::name().into_owned(), C::Body::schema()));
    components.extend(nested);
    merge_all_of(components);

    let kind = C::KIND.as_str();
    let name = C::Body::name().into_owned();
    let stored_name = format!("Stored{name}");
    let id = integer("the record's id");
    let version = integer("the record's version: 1 when created, one more at each change");
    let stored = with_properties(components, &name, &[("id", id.clone(), true), ("version", version.clone(), true)]);
    let change = with_properties(
        components,
        &name,
        &[("version", integer("the version the change is based on"), true), ("id", integer("ignored"), false)],
    );
    components.insert(stored_name.clone(), stored);
    let page = ObjectBuilder::new()
        .property("items", ArrayBuilder::new().items(reference(&stored_name)))
        .required("items")
        .property("next", integer("the cursor of the next page (`after=`), or null on the last page"))
        .required("next")
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .build();
    // `next` is null on the last page.
    let page = nullable_next(page);

    let tag = C::PATH;
    // Reads take the id, code or key; writes only the id.
    let id_parameter = |read: bool| {
        let (description, schema) = if read {
            ("the record's id, or its code or key", ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)))
        } else {
            ("the record's id", ObjectBuilder::new().schema_type(Type::Integer).format(Some(int64())))
        };
        ParameterBuilder::new()
            .name("id")
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .description(Some(description))
            .schema(Some(schema))
            .build()
    };
    let list = OperationBuilder::new()
        .operation_id(Some(format!("list_{kind}")))
        .tag(tag)
        .summary(Some(format!("List {tag} the viewer may see")))
        .parameters(Some(<ListParams as utoipa::IntoParams>::into_params(|| Some(ParameterIn::Query))))
        .response("200", json_response("`{items, next}`", RefOr::T(Schema::Object(page))));
    let create = OperationBuilder::new()
        .operation_id(Some(format!("create_{kind}")))
        .tag(tag)
        .summary(Some(format!("Create a {kind}")))
        .request_body(Some(json_body(format!("a {kind} record"), reference(&name))))
        .response("201", json_response("the stored record with `id` and `version`", reference(&stored_name)));
    let get = OperationBuilder::new()
        .operation_id(Some(format!("get_{kind}")))
        .tag(tag)
        .parameter(id_parameter(true))
        .response("200", json_response("the record", reference(&stored_name)));
    let change = OperationBuilder::new()
        .operation_id(Some(format!("change_{kind}")))
        .tag(tag)
        .summary(Some(format!("Change a {kind}: the whole record with the `version` it was read at")))
        .parameter(id_parameter(false))
        .request_body(Some(json_body(format!("a {kind} record and its `version`"), change)))
        .response("200", json_response("the record with its new version", reference(&stored_name)));
    let delete = OperationBuilder::new()
        .operation_id(Some(format!("delete_{kind}")))
        .tag(tag)
        .parameter(id_parameter(false))
        .parameters(Some(<VersionParam as utoipa::IntoParams>::into_params(|| Some(ParameterIn::Query))))
        .response("204", ResponseBuilder::new().description("deleted").build());
    let collection = format!("/api/v1/{}", C::PATH);
    let member = format!("/api/v1/{}/{{id}}", C::PATH);
    // Meetings are listed and read as views (`meetings.rs`); the generic collection only writes them.
    if C::PATH != "meetings" {
        doc.paths.add_path_operation(&collection, vec![HttpMethod::Get], list);
        doc.paths.add_path_operation(&member, vec![HttpMethod::Get], get);
    }
    doc.paths.add_path_operation(&collection, vec![HttpMethod::Post], create);
    doc.paths.add_path_operation(&member, vec![HttpMethod::Put], change);
    doc.paths.add_path_operation(&member, vec![HttpMethod::Delete], delete);
}

fn nullable_next(mut page: Object) -> Object {
    if let Some(RefOr::T(Schema::Object(next))) = page.properties.get_mut("next") {
        next.schema_type = utoipa::openapi::schema::SchemaType::from_iter([Type::Integer, Type::Null]);
    }
    page
}

/// The object a schema stands for, through references and merged `allOf`s.
fn object_of(components: &Components, schema: &RefOr<Schema>) -> Option<Object> {
    match schema {
        RefOr::Ref(r) => {
            let name = r.ref_location.rsplit('/').next()?;
            object_of(components, components.get(name)?)
        }
        RefOr::T(Schema::Object(o)) => Some(o.clone()),
        RefOr::T(Schema::AllOf(all)) => {
            let mut merged = ObjectBuilder::new().schema_type(Type::Object).build();
            for item in &all.items {
                let part = object_of(components, item)?;
                merged.properties.extend(part.properties);
                merged.required.extend(part.required);
                if merged.description.is_none() {
                    merged.description = part.description;
                }
            }
            merged.description = all.description.clone().or(merged.description);
            Some(merged)
        }
        RefOr::T(_) => None,
    }
}

/// Merges the `allOf`s inlined in properties and items (a generic `Page<DocumentView>` inlines its items).
fn merge_inline(schema: &mut RefOr<Schema>, components: &Components) {
    if let RefOr::T(Schema::AllOf(_)) = schema {
        if let Some(merged) = object_of(components, schema) {
            *schema = RefOr::T(Schema::Object(merged));
        }
    }
    match schema {
        RefOr::T(Schema::Object(o)) => o.properties.values_mut().for_each(|p| merge_inline(p, components)),
        RefOr::T(Schema::Array(a)) => {
            if let utoipa::openapi::schema::ArrayItems::RefOrSchema(items) = &mut a.items {
                merge_inline(items, components);
            }
        }
        _ => {}
    }
}

/// Input types whose flattened parts are still refused unknown fields as a whole (serde checks the remainder).
const STRICT_FLATTENED: &[&str] = &["Mandate", "Membership", "PlanItem", "NewDocument"];

/// `#[serde(flatten)]` writes one flat object; utoipa says `allOf`, which a strict part would make unsatisfiable.
fn merge_all_of(components: &mut Components) {
    let names: Vec<String> =
        components.iter().filter(|(_, s)| matches!(s, RefOr::T(Schema::AllOf(_)))).map(|(n, _)| n.clone()).collect();
    for name in names {
        if let Some(schema) = components.get(&name) {
            if let Some(mut merged) = object_of(components, schema) {
                if STRICT_FLATTENED.contains(&name.as_str()) {
                    merged.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
                }
                components.insert(name, RefOr::T(Schema::Object(merged)));
            }
        }
    }
    let snapshot = components.clone();
    components.values_mut().for_each(|schema| merge_inline(schema, &snapshot));
}

/// The error statuses an operation can answer, beside those it names: every one may meet a malformed path or
/// query (400) and a missing record (404) and an unknown token (401); a body may be malformed (400), too large
/// (413), of another media type (415) or not parse (422); a write may be refused (401, 403) or conflict (409); a
/// list asked for a period that ends before it starts answers 422.
fn error_statuses(method: &HttpMethod, op: &Operation) -> Vec<(&'static str, &'static str)> {
    let mut statuses = vec![
        ("400", "malformed JSON, path or query"),
        ("401", "no account, or an unknown token"),
        ("404", "no such record, or not visible"),
    ];
    let writes = !matches!(method, HttpMethod::Get);
    if op.request_body.is_some() {
        statuses.push(("413", "body too large"));
        statuses.push(("415", "the body is not `application/json`"));
    }
    if writes {
        statuses.push(("403", "the account may not do this"));
        statuses.push(("409", "a conflict with the record as stored: see `error.code`"));
        statuses.push(("422", "the input does not parse or breaks a rule: see `error.code`"));
    }
    // A period asked for must not end before it starts (`invalid_period`), which a schema cannot say.
    let periods = op.parameters.iter().flatten().any(|p| p.name == "to");
    if !writes && periods {
        statuses.push(("422", "`to` is before `from` (`invalid_period`)"));
    }
    statuses
}

fn add_errors(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            (HttpMethod::Get, &mut item.get),
            (HttpMethod::Post, &mut item.post),
            (HttpMethod::Put, &mut item.put),
            (HttpMethod::Delete, &mut item.delete),
        ];
        for (method, op) in operations {
            let Some(op) = op else { continue };
            for (status, description) in error_statuses(&method, op) {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| RefOr::T(ResponseBuilder::new().description(description).build()));
            }
            for (status, response) in op.responses.responses.iter_mut() {
                if let (true, RefOr::T(r)) = (status.starts_with('4'), response) {
                    r.content
                        .entry("application/json".to_owned())
                        .or_insert_with(|| ContentBuilder::new().schema(Some(reference(&ErrorBody::name()))).build());
                }
            }
        }
    }
}

/// Adds each record collection's paths to the document.
struct Paths<'a>(&'a mut utoipa::openapi::OpenApi);

impl super::records::CollectionVisitor for Paths<'_> {
    fn visit<C: Collection>(&mut self) {
        add_collection::<C>(self.0);
    }
}

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Annotated::openapi();
    super::records::visit_collections(&mut Paths(&mut doc));
    let components = &mut doc.components.get_or_insert_with(Default::default).schemas;
    merge_all_of(components);
    // `change_document` reads an `ApiChange<Document>`: the document and the `version` it is based on.
    let change =
        with_properties(components, "Document", &[("version", integer("the version the change is based on"), true)]);
    if let Some(put) = doc.paths.paths.get_mut("/api/v1/documents/{id}").and_then(|p| p.put.as_mut()) {
        put.request_body = Some(json_body("the document record and its `version`".to_owned(), change));
    }
    add_errors(&mut doc);
    doc
}

/// This document: what every path takes and answers.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "the OpenAPI 3.1 document", body = Object)))]
pub async fn get_openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
