//! HTTP tests of the whole application, on SQLite and PostgreSQL. One binary, one module per resource.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod acts;
mod agenda;
mod bodies;
mod chairmanship;
mod contract;
mod documents;
mod errors;
mod headers;
mod matrix;
mod meetings;
mod membership;
mod openapi;
mod organisation_day;
mod page_errors;
mod pages;
mod programme;
mod queries;
mod records;
mod registers;
mod scenarios;
mod second_organisation;
mod sign_in;
mod support;
mod trust;
mod visibility;
