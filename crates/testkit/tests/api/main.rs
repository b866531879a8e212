//! HTTP tests of the whole application, on SQLite and PostgreSQL. One binary, one module per resource.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod meetings;
