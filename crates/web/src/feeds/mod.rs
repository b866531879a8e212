//! Documents for machines that people and programs subscribe to: iCalendar feeds.

pub mod calendar;
pub mod ics;
