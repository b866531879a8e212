//! The interface's one way from a variant to its Fluent message: `<prefix>-<name>`, where the name is the
//! variant's snake_case name on the wire (its serde name, the core's `as_str`), so the API and the messages use
//! one word. Every enum a page shows is listed here with all its variants, which the Fluent-completeness test
//! (`tests/house.rs`) walks through in every locale.

use secretariat_core::account::AccountRole;
use secretariat_core::domain::{
    Admission, AgendaStatus, DocumentKind, EventKind, ItemKind, ItemOutcome, MeetingKind, MeetingMode, MeetingStatus,
    MembershipKind, NotificationKind, PlanItemKind, PlanItemStatus, Procedure, PublicationKind, PublicationStatus,
    SearchKind, SilenceStatus, SittingFormat, SubscriberStatus, VersionStatus,
};
use secretariat_core::domain::{DocumentStatus, Position, Visibility};

/// A kind of value the interface names with one message per variant.
pub trait Shown: Sized {
    /// The message key's prefix.
    const PREFIX: &'static str;
    /// Every variant.
    fn all() -> Vec<Self>;
    /// The variant's name on the wire.
    fn name(&self) -> String;
}

/// The message key of a name under a prefix: the only place a key is built at run time.
pub fn message_key(prefix: &str, name: &str) -> String {
    format!("{prefix}-{name}")
}

/// The message key of a variant.
pub fn key_of<T: Shown>(value: &T) -> String {
    message_key(T::PREFIX, &value.name())
}

use secretariat_core::domain::name_of as wire_name;

macro_rules! shown {
    ($($ty:ident = $prefix:literal [$($variant:ident),+ $(,)?];)+) => {$(
        impl Shown for $ty {
            const PREFIX: &'static str = $prefix;

            fn all() -> Vec<Self> {
                vec![$($ty::$variant),+]
            }

            fn name(&self) -> String {
                // Exhaustive on purpose: a variant the core adds fails to compile here until it is listed, and
                // then the completeness test asks for its message.
                match self {
                    $($ty::$variant)|+ => wire_name(self),
                }
            }
        }
    )+};
}

shown! {
    AccountRole = "role" [Admin, Secretariat, Delegate, Press];
    Admission = "admitted" [HeadsOfDelegation, FullDelegations, TwoDelegations, NotKnown];
    AgendaStatus = "agenda" [Provisional, Adopted];
    DocumentKind = "document-kind" [
        Decision, Statement, JointStatement, Declaration, Plan, Roadmap, List, Regulation, Agreement, Protocol,
        Report, InformationNote,
    ];
    DocumentStatus = "document-status" [
        Draft, Circulated, UnderAgreement, Agreed, Adopted, Returned, NotAdopted, Withdrawn, Referred,
    ];
    SittingFormat = "format" [Restricted, Expanded];
    ItemKind = "item-kind" [Decision, Discussion, Information, Appointment];
    ItemOutcome = "outcome" [Adopted, Noted, Returned, NotAdopted, Deferred, Agreed, Approved];
    MeetingKind = "meeting-kind" [Regular, Extraordinary, Informal];
    MeetingMode = "meeting-mode" [InPerson, Online, Hybrid];
    MeetingStatus = "meeting-status" [Planned, Convened, Held, Postponed, Cancelled];
    NotificationKind = "notification" [DraftCirculated, SilenceOpened, SilenceBroken, SilenceConcluded, DeadlineNear];
    PlanItemKind = "plan-item-kind" [Action, Consultation];
    PlanItemStatus = "plan-item-status" [Planned, InProgress, Done, Postponed, Cancelled];
    Procedure = "procedure" [Meeting, Silence, WrittenProcedure];
    PublicationKind = "publication-kind" [Comment, PressRelease, Statement, News];
    PublicationStatus = "publication-status" [Draft, Scheduled, Published, Withdrawn];
    SearchKind = "search-kind" [AgendaItem, Document, Meeting, Publication];
    SilenceStatus = "silence" [Open, Adopted, Broken];
    SubscriberStatus = "subscription" [Pending, Confirmed, Unsubscribed];
    VersionStatus = "version-status" [Draft, Translated, Verified, Authentic];
    Visibility = "visibility" [Public, Members, Restricted, Sponsors];
}

/// The built-in kinds; a kind an organisation configures is named by the organisation (`EventView::kind_name`).
impl Shown for EventKind {
    const PREFIX: &'static str = "event";

    fn all() -> Vec<Self> {
        EventKind::BUILT_IN.to_vec()
    }

    fn name(&self) -> String {
        self.as_str().to_owned()
    }
}

impl Shown for Position {
    const PREFIX: &'static str = "position";

    fn all() -> Vec<Self> {
        let text = String::new();
        vec![
            Position::Support,
            Position::NoObjection,
            Position::Reservation { text: text.clone() },
            Position::NonParticipation,
            Position::Objection { text },
            Position::Pending,
        ]
    }

    fn name(&self) -> String {
        Position::name(self).to_owned()
    }
}

/// Names the core's views carry as strings rather than enums, with their prefixes: where an organisation's chair
/// came from (`ChairOnDay::source`), how a term of the rotation was decided (`RotationTermView::source`), how a
/// person came to chair a meeting (`PersonMeeting::chair`).
pub const NAMED_BY_STRING: &[(&str, &[&str])] = &[
    ("chair-source", &["derived", "set"]),
    ("rotation-source", &["derived", "set"]),
    ("person-chaired", &["derived", "set"]),
];

/// The subject of a notification's mail, also its line on the start page: a second message of each kind,
/// `mail-subject-<kind>` beside `notification-<kind>`.
pub fn mail_subject_key(kind: &NotificationKind) -> String {
    message_key("mail-subject", &kind.name())
}

/// The languages the interface names (`language-name-<code>`); a language is data of an organisation, so any
/// other is shown by its code (`UiLang::language_name`).
pub const LANGUAGE_NAMES: [&str; 8] = ["ar", "de", "en", "es", "fr", "it", "ru", "zh"];

/// The prefix of the messages of the built-in kinds of membership.
pub(crate) const MEMBERSHIP: &str = "membership";

/// Every message key the interface may build from a variant or a name, for the completeness test.
pub fn every_key() -> Vec<String> {
    fn keys<T: Shown>() -> Vec<String> {
        T::all().iter().map(key_of).collect()
    }
    let mut all = [
        keys::<AccountRole>(),
        keys::<Admission>(),
        keys::<AgendaStatus>(),
        keys::<DocumentKind>(),
        keys::<DocumentStatus>(),
        keys::<EventKind>(),
        keys::<SittingFormat>(),
        keys::<ItemKind>(),
        keys::<ItemOutcome>(),
        keys::<MeetingKind>(),
        keys::<MeetingMode>(),
        keys::<MeetingStatus>(),
        keys::<NotificationKind>(),
        keys::<PlanItemKind>(),
        keys::<PlanItemStatus>(),
        keys::<Position>(),
        keys::<Procedure>(),
        keys::<PublicationKind>(),
        keys::<PublicationStatus>(),
        keys::<SearchKind>(),
        keys::<SilenceStatus>(),
        keys::<SubscriberStatus>(),
        keys::<VersionStatus>(),
        keys::<Visibility>(),
    ]
    .concat();
    all.extend(MembershipKind::built_in().map(|kind| message_key(MEMBERSHIP, kind)));
    for (prefix, names) in NAMED_BY_STRING {
        all.extend(names.iter().map(|n| message_key(prefix, n)));
    }
    all.extend(MembershipKind::built_in().map(|kind| message_key("membership-group", kind)));
    all.extend(NotificationKind::all().iter().map(mail_subject_key));
    all.extend(LANGUAGE_NAMES.iter().map(|code| message_key("language-name", code)));
    for month in 1..=12 {
        all.push(message_key("month", &month.to_string()));
        all.push(message_key("month-name", &month.to_string()));
    }
    all
}
