//! The meetings around a day and of a year, as the organisation's page, a body's and the calendar list them: read
//! by an index on the day a meeting ends or starts, never all of them.

use jiff::civil::Date;

use super::{as_meeting, MeetingSummary};
use crate::domain::*;
use crate::error::Result;
use crate::service::Secretariat;
use crate::store::{Filter, Order};

/// How many meetings the organisation's page, and a body's, lists on each side of its day; the calendar has
/// them all, a year at a time.
pub const MEETINGS_AROUND: u32 = 20;

impl Secretariat {
    /// Of the meetings `filter` finds, the `filter.limit` that end soonest on or after `on`, soonest first, and as
    /// many that ended latest before it, latest first: two reads by an index on the day a meeting ends.
    pub(crate) async fn meetings_around(
        &self,
        filter: &Filter,
        on: Date,
    ) -> Result<(Vec<MeetingSummary>, Vec<MeetingSummary>)> {
        let mut upcoming = filter.clone();
        upcoming.from = Some(on);
        upcoming.order = Order::Chronological;
        let mut past = filter.clone();
        past.before = Some(on);
        past.order = Order::ReverseChronological;
        let (mut upcoming, _) = self.meetings(&upcoming).await?;
        let (mut past, _) = self.meetings(&past).await?;
        upcoming.sort_by_key(|m| (m.starts_on, m.id));
        past.sort_by_key(|m| std::cmp::Reverse((m.starts_on, m.id)));
        Ok((upcoming, past))
    }

    /// The organisation's meetings (or one body's) that start in `year` — without one, in the year of the
    /// meeting nearest to `today` (this year when there is none) — soonest first, as the viewer may see them, and
    /// the year.
    pub async fn meetings_of_year(
        &self,
        viewer: &Viewer,
        (code, body): (&Code, Option<&Code>),
        year: Option<i16>,
        today: Date,
    ) -> Result<(i16, Vec<MeetingSummary>)> {
        let mut filter = Filter::new(viewer.clone());
        filter.organisation = Some(code.clone());
        filter.body = body.cloned();
        let year = match year {
            Some(year) => year,
            None => {
                let mut nearest = filter.clone();
                nearest.limit = 1;
                let (after, before) = self.meetings_around(&nearest, today).await?;
                let distance = |m: &MeetingSummary| (m.starts_on - today).get_days().unsigned_abs();
                after.iter().chain(&before).min_by_key(|m| distance(m)).map_or(today.year(), |m| m.starts_on.year())
            }
        };
        let (Ok(first), Ok(last)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) else {
            return Ok((year, Vec::new()));
        };
        filter.since = Some(first);
        filter.to = Some(last);
        filter.limit = u32::MAX;
        let (mut meetings, _) = self.meetings(&filter).await?;
        meetings.sort_by_key(|m| (m.starts_on, m.id));
        Ok((year, meetings))
    }

    /// Each body's next meeting from `from`, as a list shows it.
    pub(crate) async fn next_by_body(&self, code: &Code, from: Date) -> Result<Vec<MeetingSummary>> {
        let rows = self.store.next_by_body(code, from).await?;
        self.summaries(rows.into_iter().filter_map(as_meeting).collect()).await
    }
}
