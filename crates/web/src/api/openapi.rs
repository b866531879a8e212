//! The OpenAPI document at `/api/v1/openapi.json`: the annotated handlers, plus the record collections that one
//! generic implementation serves (added here per collection, as `router.rs` routes them).

use axum::Json;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::{ContentBuilder, ObjectBuilder, Required, ResponseBuilder, Type};
use utoipa::OpenApi;

use super::records::ALL;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Secretariat API",
        description = "The record of an intergovernmental council: members, chairs, meetings, programmes, agendas. Lists are `{items, next}`; errors are `{error: {code, message}}`."
    ),
    paths(
        super::meetings::list_meetings,
        super::meetings::get_meeting,
        super::meetings::adopt_agenda,
        super::meetings::list_agenda_changes,
        super::organisations::get_chairmanship,
        super::documents::list_documents,
        super::documents::get_document,
        super::documents::create_document,
        super::documents::change_document,
        super::documents::put_text,
        super::documents::create_revision,
        super::documents::create_transition,
        super::documents::create_position,
        super::documents::create_silence,
        super::documents::create_objection,
        super::documents::create_outcome,
        super::documents::create_referral,
        super::documents::get_diff,
        super::documents::create_compilation,
        super::documents::get_legal_basis,
        super::tokens::list_tokens,
        super::tokens::create_token,
        super::tokens::delete_token,
    )
)]
struct Annotated;

fn response(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(ObjectBuilder::new().schema_type(Type::Object))).build(),
        )
        .build()
}

fn id_parameter() -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some("the record's id (reads also take its code or key)"))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .build()
}

fn body(kind: &str) -> utoipa::openapi::request_body::RequestBody {
    RequestBodyBuilder::new()
        .description(Some(format!("a {kind} record (see docs/API.md); a change also carries its `version`")))
        .required(Some(Required::True))
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(ObjectBuilder::new().schema_type(Type::Object))).build(),
        )
        .build()
}

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = Annotated::openapi();
    for (kind, path) in ALL {
        let kind = kind.as_str();
        let list = OperationBuilder::new()
            .operation_id(Some(format!("list_{kind}")))
            .tag(*path)
            .summary(Some(format!("List {path} the viewer may see")))
            .response("200", response("`{items, next}`"))
            .response("400", response("malformed filter"));
        let create = OperationBuilder::new()
            .operation_id(Some(format!("create_{kind}")))
            .tag(*path)
            .summary(Some(format!("Create a {kind}")))
            .request_body(Some(body(kind)))
            .response("201", response("the stored record with `id` and `version`"))
            .response("400", response("malformed JSON"))
            .response("401", response("no account"))
            .response("403", response("the account may not write the record"))
            .response("409", response("a record with the same code or key exists"))
            .response("413", response("body too large"))
            .response("422", response("the record does not parse, or refers to an unknown record"));
        let get = OperationBuilder::new()
            .operation_id(Some(format!("get_{kind}")))
            .tag(*path)
            .parameter(id_parameter())
            .response("200", response("the record"))
            .response("404", response("no such record, or not visible"));
        let change = OperationBuilder::new()
            .operation_id(Some(format!("change_{kind}")))
            .tag(*path)
            .parameter(id_parameter())
            .request_body(Some(body(kind)))
            .response("200", response("the record with its new version"))
            .response("401", response("no account"))
            .response("403", response("the account may not write the record"))
            .response("404", response("no such record"))
            .response("409", response("the record changed since `version`: `current_version` says to what"))
            .response("422", response("the record does not parse"));
        let delete = OperationBuilder::new()
            .operation_id(Some(format!("delete_{kind}")))
            .tag(*path)
            .parameter(id_parameter())
            .parameter(
                ParameterBuilder::new()
                    .name("version")
                    .parameter_in(ParameterIn::Query)
                    .required(Required::True)
                    .schema(Some(ObjectBuilder::new().schema_type(Type::Integer))),
            )
            .response("204", response("deleted"))
            .response("409", response("changed since `version`, or still referred to"));
        let collection = format!("/api/v1/{path}");
        let member = format!("/api/v1/{path}/{{id}}");
        if *path != "meetings" {
            doc.paths.add_path_operation(&collection, vec![HttpMethod::Get], list);
            doc.paths.add_path_operation(&member, vec![HttpMethod::Get], get);
        }
        doc.paths.add_path_operation(&collection, vec![HttpMethod::Post], create);
        doc.paths.add_path_operation(&member, vec![HttpMethod::Put], change);
        doc.paths.add_path_operation(&member, vec![HttpMethod::Delete], delete);
    }
    doc
}

/// `GET /api/v1/openapi.json`
pub async fn get_openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
