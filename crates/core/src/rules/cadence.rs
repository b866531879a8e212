//! Cadence: whether a body's planned regular meetings meet the number it should hold each year.

use serde::Serialize;

use crate::domain::{MeetingCount, MeetingKind, MeetingStatus};

/// A year in which a body holds fewer regular meetings than its cadence asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Shortfall {
    pub year: i16,
    pub held_or_planned: u32,
    pub required: u8,
}

/// How many of `meetings` (one body's, counted by year) count towards the cadence in `year`: regular meetings that
/// are not cancelled, by their first day.
fn counted(meetings: &[MeetingCount], year: i16) -> u32 {
    meetings
        .iter()
        .filter(|c| c.year == year && c.kind == MeetingKind::Regular && c.status != MeetingStatus::Cancelled)
        .map(|c| c.meetings)
        .sum()
}

/// The years from the first to the last that `meetings` (one body's) fall in, or none when there are none.
pub fn span(meetings: &[MeetingCount]) -> Option<(i16, i16)> {
    Some((meetings.iter().map(|c| c.year).min()?, meetings.iter().map(|c| c.year).max()?))
}

/// The years of `from..=to` that fall short.
pub fn shortfalls(per_year: u8, meetings: &[MeetingCount], from: i16, to: i16) -> Vec<Shortfall> {
    years(per_year, meetings, from, to)
        .into_iter()
        .filter(|y| !y.met())
        .map(|y| Shortfall { year: y.year, held_or_planned: y.held_or_planned, required: y.required })
        .collect()
}

/// One year of a body's cadence check: how many regular meetings it holds or plans, and how many it should.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct YearCheck {
    pub year: i16,
    pub held_or_planned: u32,
    pub required: u8,
}

impl YearCheck {
    /// Whether the year meets the cadence.
    pub fn met(&self) -> bool {
        self.held_or_planned >= u32::from(self.required)
    }
}

/// Every year of `from..=to` with its count: regular meetings that are not cancelled, by their first day.
pub fn years(per_year: u8, meetings: &[MeetingCount], from: i16, to: i16) -> Vec<YearCheck> {
    (from..=to).map(|year| YearCheck { year, held_or_planned: counted(meetings, year), required: per_year }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Code;
    use jiff::civil::{date, Date};
    use proptest::prelude::*;

    /// Meetings on days, counted as the store counts them: one count of one for each.
    fn counts(meetings: &[(Date, MeetingKind, MeetingStatus)]) -> Vec<MeetingCount> {
        meetings
            .iter()
            .map(|(day, kind, status)| MeetingCount {
                body: Code::parse("CMFA").unwrap(),
                year: day.year(),
                kind: *kind,
                status: *status,
                meetings: 1,
            })
            .collect()
    }

    #[test]
    fn a_year_with_one_regular_meeting_of_a_twice_yearly_body_falls_short() {
        let meetings = [
            (date(2018, 6, 11), MeetingKind::Regular, MeetingStatus::Held),
            (date(2019, 5, 1), MeetingKind::Regular, MeetingStatus::Held),
            (date(2019, 11, 27), MeetingKind::Regular, MeetingStatus::Held),
        ];
        let short = shortfalls(2, &counts(&meetings), 2018, 2019);
        assert_eq!(short, vec![Shortfall { year: 2018, held_or_planned: 1, required: 2 }]);
    }

    #[test]
    fn informal_and_cancelled_meetings_do_not_count() {
        let meetings = [
            (date(2018, 6, 11), MeetingKind::Regular, MeetingStatus::Held),
            (date(2018, 9, 27), MeetingKind::Informal, MeetingStatus::Held),
            (date(2018, 11, 7), MeetingKind::Regular, MeetingStatus::Cancelled),
        ];
        assert_eq!(shortfalls(2, &counts(&meetings), 2018, 2018).len(), 1);
    }

    #[test]
    fn a_body_that_meets_as_needed_never_falls_short() {
        assert!(shortfalls(0, &[], 2000, 2030).is_empty());
    }

    #[test]
    fn meetings_counted_together_count_as_many_as_counted_one_by_one() {
        let held = MeetingCount {
            body: Code::parse("CMFA").unwrap(),
            year: 2019,
            kind: MeetingKind::Regular,
            status: MeetingStatus::Held,
            meetings: 2,
        };
        let cancelled = MeetingCount { status: MeetingStatus::Cancelled, meetings: 5, ..held.clone() };
        assert!(shortfalls(2, &[held.clone(), cancelled], 2019, 2019).is_empty());
        assert_eq!(span(&[held]), Some((2019, 2019)));
        assert_eq!(span(&[]), None);
    }

    #[test]
    fn every_year_of_the_check_is_listed_with_its_count_and_whether_it_meets_the_cadence() {
        let meetings = [
            (date(2018, 6, 11), MeetingKind::Regular, MeetingStatus::Held),
            (date(2020, 5, 1), MeetingKind::Regular, MeetingStatus::Planned),
            (date(2020, 11, 27), MeetingKind::Regular, MeetingStatus::Planned),
        ];
        let checked = years(2, &counts(&meetings), 2018, 2020);
        let counts: Vec<(i16, u32, bool)> = checked.iter().map(|y| (y.year, y.held_or_planned, y.met())).collect();
        assert_eq!(counts, [(2018, 1, false), (2019, 0, false), (2020, 2, true)]);
    }

    proptest! {
        #[test]
        fn the_years_that_do_not_meet_the_cadence_are_the_shortfalls(
            per_year in 0u8..4, days in prop::collection::vec((2018i16..2022, 1i8..13), 0..8)
        ) {
            let meetings: Vec<_> =
                days.iter().map(|(y, m)| (date(*y, *m, 1), MeetingKind::Regular, MeetingStatus::Held)).collect();
            let short: Vec<i16> = shortfalls(per_year, &counts(&meetings), 2018, 2021).iter().map(|s| s.year).collect();
            let unmet: Vec<i16> = years(per_year, &counts(&meetings), 2018, 2021).iter().filter(|y| !y.met()).map(|y| y.year).collect();
            prop_assert_eq!(short, unmet);
        }

        #[test]
        fn a_year_falls_short_exactly_when_it_counts_fewer_regular_meetings(per_year in 0u8..4, n in 0usize..6) {
            let meetings: Vec<_> = (0..n)
                .map(|i| (date(2020, 1 + i8::try_from(i).unwrap(), 1), MeetingKind::Regular, MeetingStatus::Planned))
                .collect();
            let short = shortfalls(per_year, &counts(&meetings), 2020, 2020);
            prop_assert_eq!(short.is_empty(), n >= usize::from(per_year));
        }
    }
}
