//! In a real Chromium: the pages a tired diplomat uses, clicked through as a person would, each page of each walk
//! checked by axe-core and the Nu HTML Checker. ChromeDriver and both checkers are required under `CI=true`;
//! elsewhere, without them, this suite says so and stops.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account;
mod documents;
mod drafting;
mod meetings;
mod press;
mod reading;
mod referrals;
mod registers;
mod screenshot;
mod search;
mod support;
mod who;
