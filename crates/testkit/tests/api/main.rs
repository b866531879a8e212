//! HTTP tests of the whole application, on SQLite and PostgreSQL. One binary, one module per resource.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod agenda;
mod chairmanship;
mod documents;
mod errors;
mod headers;
mod meetings;
mod openapi;
mod pages;
mod records;
mod registers;
mod support;
mod visibility;
