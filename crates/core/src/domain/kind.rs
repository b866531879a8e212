//! What follows from the kind table (`record_kinds!` in `record.rs`): [`Kind`], [`Record`], parsing, identity and
//! checks. The scenario's sections (`scenario.rs`), the web's collections and the store's shelves follow from the
//! same table, each crate expanding it with a macro of its own.

use serde::{Deserialize, Serialize};

use super::*;
use crate::error::Result;

/// What a record of one kind says about itself beyond its fields; written next to the record's struct.
pub trait Recorded {
    /// The code or key other records use to name this one; it never changes once recorded.
    fn identity(&self) -> Option<String> {
        None
    }

    /// Checks what the record's types cannot say.
    fn check(&self) -> Result<()> {
        Ok(())
    }

    /// A record of this kind as the API takes it, naming only records of the demo scenario: the `n`th of a series
    /// whose members differ in their code or key and in their period, where the kind has them. Written beside the
    /// record's struct; the tests that walk every kind (the authorization matrix, the store conformance suite)
    /// create their records of a kind from it.
    fn example(n: u32) -> serde_json::Value
    where
        Self: Sized;
}

/// A record type of the kind table: its kind, and its way in and out of [`Record`]. Made by the table alone.
pub trait RecordKind: Recorded + Sized {
    /// The kind of this record type.
    const KIND: Kind;

    /// The record as a record of any kind.
    fn into_record(self) -> Record;

    /// The record of this type, if `record` is one.
    fn of(record: &Record) -> Option<&Self>;

    /// The record of this type, if `record` is one.
    fn from_record(record: Record) -> Option<Self>;
}

/// Expands the kind table into the core's types; see `record_kinds!`.
macro_rules! define_kinds {
    ($($kind:ident, $table:literal, $section:ident: $section_ty:ty, $skip:tt $(, api $path:literal $($own:ident)?)?;)*) => {
        /// The kinds of record of the council's standing record.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind {
            $($kind,)*
        }

        impl Kind {
            /// Every kind, in the order a scenario is imported (what is referred to comes first).
            pub const ALL: [Kind; [$(stringify!($kind),)*].len()] = [$(Kind::$kind,)*];

            /// The snake_case name: table, audit entity and error text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$kind => $table,)*
                }
            }
        }

        /// One record of any kind.
        #[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
        #[serde(untagged)]
        pub enum Record {
            $($kind($kind),)*
        }

        $(
            impl RecordKind for $kind {
                const KIND: Kind = Kind::$kind;
                fn into_record(self) -> Record {
                    Record::$kind(self)
                }
                fn of(record: &Record) -> Option<&Self> {
                    match record {
                        Record::$kind(r) => Some(r),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
                fn from_record(record: Record) -> Option<Self> {
                    match record {
                        Record::$kind(r) => Some(r),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
        )*

        impl Record {
            /// The record's kind.
            pub fn kind(&self) -> Kind {
                match self {
                    $(Record::$kind(_) => Kind::$kind,)*
                }
            }

            /// Parses a record of `kind` from JSON, and checks what its types cannot say.
            pub fn parse(kind: Kind, value: serde_json::Value) -> Result<Self> {
                fn de<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T> {
                    serde_json::from_value(v).map_err(|e| crate::Error::invalid("invalid_body", e.to_string()))
                }
                let record = match kind {
                    $(Kind::$kind => Record::$kind(de(value)?),)*
                };
                record.check()?;
                Ok(record)
            }

            /// Checks what the record's types cannot say.
            pub fn check(&self) -> Result<()> {
                match self {
                    $(Record::$kind(r) => Recorded::check(r),)*
                }
            }

            /// The code or key other records use to name this one; it never changes once recorded.
            pub fn identity(&self) -> Option<String> {
                match self {
                    $(Record::$kind(r) => Recorded::identity(r),)*
                }
            }

            /// An example of a record of `kind`, the `n`th of its series (see [`Recorded::example`]).
            pub fn example(kind: Kind, n: u32) -> serde_json::Value {
                match kind {
                    $(Kind::$kind => <$kind as Recorded>::example(n),)*
                }
            }

            /// The record as JSON text, for the audit log.
            pub fn to_json(&self) -> String {
                serde_json::to_string(self).unwrap_or_default()
            }
        }
    };
}
crate::record_kinds!(define_kinds);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kinds_examples_parse_pass_their_checks_and_differ_in_identity() {
        for kind in Kind::ALL {
            let one = Record::parse(kind, Record::example(kind, 1))
                .unwrap_or_else(|e| panic!("the example of {} does not parse: {e:?}", kind.as_str()));
            let two = Record::parse(kind, Record::example(kind, 2)).unwrap();
            assert_eq!(one.kind(), kind);
            if one.identity().is_some() {
                assert_ne!(one.identity(), two.identity(), "{kind:?}");
            }
        }
    }
}
