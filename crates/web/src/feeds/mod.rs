//! Documents for machines that people and programs subscribe to: iCalendar feeds and the Atom feed of
//! publications.

pub mod atom;
pub mod calendar;
pub mod ics;
