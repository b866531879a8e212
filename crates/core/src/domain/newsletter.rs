//! The newsletter: a publisher's digest of a month's publications, mailed to the subscribers who confirmed their
//! address (double opt-in), each mail with the link that ends her subscription.

use jiff::civil::Date;
use jiff::Timestamp;

use super::{Email, Id, Key, Lang};
use crate::error::{Error, Result};

/// Where a subscription stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriberStatus {
    /// Asked for, the address not yet confirmed: nothing but the confirmation is mailed to it.
    Pending,
    /// The address confirmed: the newsletter is mailed to it.
    Confirmed,
    /// Ended by its reader: nothing more is mailed to it.
    Unsubscribed,
}

/// One address subscribed to one publisher's newsletter. The token is the secret of her links (confirm,
/// unsubscribe); whoever holds it may do no more than that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    pub id: Id,
    pub publisher: Key,
    pub email: Email,
    /// The language her newsletter is written in.
    pub language: Lang,
    pub status: SubscriberStatus,
    pub token: String,
    pub created_at: Timestamp,
}

/// A calendar month, the period a newsletter covers: `2018-06`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month(Date);

impl Month {
    /// Parses `YYYY-MM` (years 1900 to 2999).
    pub fn parse(raw: &str) -> Result<Self> {
        let invalid = || Error::invalid("invalid_month", format!("`{raw}` is not a month (YYYY-MM)"));
        let (y, m) = raw.split_once('-').ok_or_else(invalid)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(invalid());
        }
        let year: i16 = y.parse().map_err(|_| invalid())?;
        let month: i8 = m.parse().map_err(|_| invalid())?;
        if !(1900..=2999).contains(&year) {
            return Err(invalid());
        }
        Date::new(year, month, 1).map(Self).map_err(|_| invalid())
    }

    /// The month a day falls in.
    pub fn of(day: Date) -> Self {
        Self(day.first_of_month())
    }

    /// Its first day.
    pub fn first(self) -> Date {
        self.0
    }

    /// Whether a day falls in it.
    pub fn holds(self, day: Date) -> bool {
        day.first_of_month() == self.0
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.0.year(), self.0.month())
    }
}

/// A newsletter sent: whose, of which month, when, by whom, to how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsletterIssue {
    pub id: Id,
    pub publisher: Key,
    pub month: Month,
    pub sent_by: String,
    pub sent_at: Timestamp,
    /// How many confirmed subscribers it was queued for.
    pub recipients: u32,
}

/// What a newsletter mail is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewsletterMailKind {
    /// The link that confirms a new subscription.
    Confirmation,
    /// A month's newsletter.
    Issue(NewsletterIssue),
}

/// A newsletter mail claimed for sending, with its subscriber.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsletterMail {
    pub id: Id,
    pub kind: NewsletterMailKind,
    pub subscriber: Subscriber,
    pub attempts: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_reads_as_its_year_and_number_and_writes_itself_back() {
        let june = Month::parse("2018-06").unwrap();
        assert_eq!(june.to_string(), "2018-06");
        assert_eq!(june.first(), jiff::civil::date(2018, 6, 1));
        assert!(june.holds(jiff::civil::date(2018, 6, 30)));
        assert!(!june.holds(jiff::civil::date(2018, 7, 1)));
        assert_eq!(Month::of(jiff::civil::date(2018, 6, 11)), june);
    }

    #[test]
    fn a_malformed_month_is_refused_with_its_code() {
        for raw in ["", "2018", "2018-13", "2018-00", "18-06", "2018-6", "0001-01", "abcd-ef", "2018-06-01"] {
            assert_eq!(Month::parse(raw).unwrap_err().code(), "invalid_month", "{raw}");
        }
    }

    proptest::proptest! {
        #[test]
        fn every_month_written_parses_back_to_itself(year in 1900i16..=2999, month in 1i8..=12) {
            let m = Month::of(jiff::civil::date(year, month, 28));
            proptest::prop_assert_eq!(Month::parse(&m.to_string()).unwrap(), m);
        }
    }
}
