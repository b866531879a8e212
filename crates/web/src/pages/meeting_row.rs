//! A meeting as a line of the lists that several pages show: an organisation's bodies, upcoming and past meetings
//! and calendar; a state's, a body's and a person's meetings.

use secretariat_core::service::MeetingSummary;

use crate::i18n::UiLang;

/// A meeting as a line of a list.
pub struct MeetingRow {
    pub href: String,
    pub title: String,
    pub date: String,
    pub place: String,
    pub status: String,
}

/// The line of a meeting in the reader's language, linked to its page.
pub fn meeting_row(lang: UiLang, m: &MeetingSummary) -> MeetingRow {
    let date = lang.date_range(&m.starts_on, &m.ends_on);
    let kind = lang.name_of(&m.kind);
    MeetingRow {
        href: format!("/meetings/{}", m.id),
        title: format!("{} — {}", lang.text(&m.body_name), kind),
        date,
        place: lang.text(&m.city),
        status: lang.name_of(&m.status),
    }
}
