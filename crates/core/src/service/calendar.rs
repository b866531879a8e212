//! Calendars for subscription: an organisation's meetings, or one body's, with their programme events and the
//! agenda items the viewer may see, and the observances of each venue's zone over the calendar's years.

use std::collections::HashMap;

use jiff::civil::{Date, Time};
use serde::Serialize;

use super::Secretariat;
use crate::domain::*;
use crate::error::{Error, Result};
use crate::rules::time::{observances, Observance};
use crate::store::{Filter, Stored, MEETINGS_A_READ};

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
    /// with their events and zones, under `name`. The organisations, bodies, cities and states the meetings name
    /// are read once each, their events and agenda items once for every [`MEETINGS_A_READ`] meetings.
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
        let rows: Vec<(Stored<Record>, Meeting)> = self
            .store
            .list(Kind::Meeting, &filter)
            .await?
            .into_iter()
            .filter_map(unpack_meeting)
            .filter(|(_, m)| body.is_none_or(|b| m.body == *b || m.joint_with.contains(b)))
            .collect();

        let keys = |f: &dyn Fn(&Meeting) -> String| rows.iter().map(|(_, m)| f(m)).collect::<Vec<String>>();
        let mut organisations: HashMap<Code, Organisation> = HashMap::new();
        for s in self
            .store
            .find_many(Kind::Organisation, &keys(&|m| m.organisation.to_string()), &Viewer::Secretariat)
            .await?
        {
            if let Record::Organisation(o) = s.record {
                organisations.insert(o.code.clone(), o);
            }
        }
        let (bodies, cities) = self.places_of(rows.iter().map(|(_, m)| m)).await?;
        let states: Vec<StateCode> = cities.values().map(|c| c.state.clone()).collect();
        let state_names = self.state_names(&states).await?;

        let ids: Vec<Id> = rows.iter().map(|(s, _)| s.id).collect();
        let mut events: HashMap<Id, Vec<(i64, ProgrammeEvent)>> = HashMap::new();
        let mut items: HashMap<Id, Vec<(u16, Text)>> = HashMap::new();
        for chunk in ids.chunks(MEETINGS_A_READ) {
            let mut parts = Filter::new(viewer.clone());
            parts.meetings = chunk.to_vec();
            parts.limit = u32::MAX;
            let meeting_of: HashMap<&Key, Id> =
                rows.iter().filter(|(s, _)| chunk.contains(&s.id)).map(|(s, m)| (&m.key, s.id)).collect();
            for s in self.store.list(Kind::ProgrammeEvent, &parts).await? {
                if let Record::ProgrammeEvent(e) = s.record {
                    if let Some(id) = meeting_of.get(&e.meeting) {
                        events.entry(*id).or_default().push((s.version, e));
                    }
                }
            }
            for s in self.store.list(Kind::AgendaItem, &parts).await? {
                if let Record::AgendaItem(i) = s.record {
                    if let Some(id) = meeting_of.get(&i.meeting) {
                        items.entry(*id).or_default().push((i.number, i.title));
                    }
                }
            }
        }

        let mut meetings = Vec::new();
        for (stored, m) in rows {
            let org = organisations.get(&m.organisation).ok_or(Error::NotFound { what: "organisation" })?;
            let body = bodies.get(&(m.organisation.clone(), m.body.clone())).ok_or(Error::NotFound { what: "body" })?;
            let city = cities.get(&m.city).ok_or(Error::NotFound { what: "city" })?;
            let events = events
                .remove(&stored.id)
                .unwrap_or_default()
                .into_iter()
                .map(|(version, e)| CalendarEvent {
                    kind_name: crate::rules::programme::configured_kind(&e.kind, &org.event_kinds)
                        .ok()
                        .flatten()
                        .map(|k| k.names.clone()),
                    version,
                    key: e.key,
                    kind: e.kind,
                    title: e.title,
                    on: e.on,
                    at: e.at,
                })
                .collect();
            let mut items = items.remove(&stored.id).unwrap_or_default();
            items.sort_by_key(|(n, _)| *n);
            meetings.push(CalendarMeeting {
                id: stored.id,
                version: stored.version,
                city: name_on(&city.names, m.starts_on).cloned().unwrap_or_else(|| Text::one("en", city.key.as_str())),
                state_name: state_names
                    .get(&city.state)
                    .cloned()
                    .unwrap_or_else(|| Text::one("en", city.state.as_str())),
                time_zone: city.time_zone.clone(),
                key: m.key,
                organisation: m.organisation,
                body: m.body,
                body_name: body.abbreviation.clone().unwrap_or_else(|| body.name.clone()),
                kind: m.kind,
                status: m.status,
                starts_on: m.starts_on,
                ends_on: m.ends_on,
                events,
                items,
            });
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
}
