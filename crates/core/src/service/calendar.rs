//! Calendars for subscription: an organisation's meetings, or one body's, with their programme events and the
//! agenda items the viewer may see, and the observances of each venue's zone over the calendar's years.

use jiff::civil::{Date, Time};
use serde::Serialize;

use super::Secretariat;
use crate::domain::*;
use crate::error::Result;
use crate::rules::time::{observances, Observance};
use crate::store::{Filter, Stored};

/// A programme event as a calendar lists it.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarEvent {
    pub key: Key,
    /// Its record's version: a calendar's sequence number, bumped on every change.
    pub version: i64,
    pub kind: EventKind,
    /// The name of a kind the organisation configured.
    pub kind_name: Option<Text>,
    pub title: Option<Text>,
    pub on: Date,
    pub at: Option<Time>,
}

/// A meeting as a calendar lists it.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarMeeting {
    pub id: Id,
    pub version: i64,
    pub key: Key,
    pub organisation: Code,
    pub body: Code,
    pub body_name: Text,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub city: Text,
    pub state_name: Text,
    pub time_zone: ZoneId,
    pub starts_on: Date,
    pub ends_on: Date,
    pub events: Vec<CalendarEvent>,
    /// The agenda items the viewer may see: number and title.
    pub items: Vec<(u16, Text)>,
}

/// A venue's zone and its observances over the calendar's years.
#[derive(Debug, Clone)]
pub struct CalendarZone {
    pub zone: ZoneId,
    pub observances: Vec<Observance>,
}

/// A whole calendar: whose it is, its meetings in date order and the zones their times are given in.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub name: Text,
    pub meetings: Vec<CalendarMeeting>,
    pub zones: Vec<CalendarZone>,
}

fn unpack_meeting(s: Stored<Record>) -> Option<(Stored<Record>, Meeting)> {
    match &s.record {
        Record::Meeting(m) => {
            let m = m.clone();
            Some((s, m))
        }
        _ => None,
    }
}

impl Secretariat {
    /// The calendar of an organisation, or of one of its bodies (its joint meetings included), as the viewer may
    /// see it: restricted agenda items are left out by the store's query, so they leave no trace.
    pub async fn calendar(&self, viewer: &Viewer, organisation: &Code, body: Option<&Code>) -> Result<Calendar> {
        let org = self.organisation(organisation).await?;
        let mut name = org.abbreviation.clone().unwrap_or_else(|| org.name.clone());
        if let Some(code) = body {
            let b = self.body(organisation, code).await?;
            name = b.abbreviation.unwrap_or(b.name);
        }
        self.calendar_of(viewer, name, Some(&org), body).await
    }

    /// The meetings the viewer may see, of one organisation (and one of its bodies) or of every organisation,
    /// with their events and zones, under `name`.
    pub(super) async fn calendar_of(
        &self,
        viewer: &Viewer,
        name: Text,
        org: Option<&Organisation>,
        body: Option<&Code>,
    ) -> Result<Calendar> {
        let mut filter = Filter::new(viewer.clone());
        filter.organisation = org.map(|o| o.code.clone());
        filter.limit = u32::MAX;
        let mut organisations: Vec<Organisation> = org.into_iter().cloned().collect();
        let mut meetings = Vec::new();
        for (stored, m) in self.store.list(Kind::Meeting, &filter).await?.into_iter().filter_map(unpack_meeting) {
            if body.is_some_and(|b| m.body != *b && !m.joint_with.contains(b)) {
                continue;
            }
            let i = match organisations.iter().position(|o| o.code == m.organisation) {
                Some(i) => i,
                None => {
                    organisations.push(self.organisation(&m.organisation).await?);
                    organisations.len() - 1
                }
            };
            meetings.push(self.calendar_meeting(viewer, &organisations[i], stored, m).await?);
        }
        meetings.sort_by_key(|m| (m.starts_on, m.id));
        let mut zones: Vec<CalendarZone> = Vec::new();
        for m in &meetings {
            if zones.iter().any(|z| z.zone == m.time_zone) {
                continue;
            }
            let days = meetings.iter().filter(|o| o.time_zone == m.time_zone);
            let first = days.clone().map(|o| o.starts_on.year()).min().unwrap_or(m.starts_on.year());
            let last = days.map(|o| o.ends_on.year()).max().unwrap_or(m.ends_on.year());
            zones.push(CalendarZone { zone: m.time_zone.clone(), observances: observances(&m.time_zone, first, last) });
        }
        Ok(Calendar { name, meetings, zones })
    }

    async fn calendar_meeting(
        &self,
        viewer: &Viewer,
        org: &Organisation,
        stored: Stored<Record>,
        m: Meeting,
    ) -> Result<CalendarMeeting> {
        let body = self.body(&m.organisation, &m.body).await?;
        let city = self.city(&m.city).await?;
        let mut filter = Filter::new(viewer.clone());
        filter.meeting = Some(stored.id);
        filter.limit = u32::MAX;
        let events = self
            .store
            .list(Kind::ProgrammeEvent, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::ProgrammeEvent(e) => Some(CalendarEvent {
                    kind_name: crate::rules::programme::configured_kind(&e.kind, &org.event_kinds)
                        .ok()
                        .flatten()
                        .map(|k| k.names.clone()),
                    version: s.version,
                    key: e.key,
                    kind: e.kind,
                    title: e.title,
                    on: e.on,
                    at: e.at,
                }),
                _ => None,
            })
            .collect();
        let mut items: Vec<(u16, Text)> = self
            .store
            .list(Kind::AgendaItem, &filter)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::AgendaItem(i) => Some((i.number, i.title)),
                _ => None,
            })
            .collect();
        items.sort_by_key(|(n, _)| *n);
        Ok(CalendarMeeting {
            id: stored.id,
            version: stored.version,
            city: name_on(&city.names, m.starts_on).cloned().unwrap_or_else(|| Text::one("en", city.key.as_str())),
            state_name: self.state_name(&city.state).await?,
            time_zone: city.time_zone,
            key: m.key,
            organisation: m.organisation,
            body: m.body,
            body_name: body.abbreviation.unwrap_or(body.name),
            kind: m.kind,
            status: m.status,
            starts_on: m.starts_on,
            ends_on: m.ends_on,
            events,
            items,
        })
    }
}
