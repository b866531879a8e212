//! Kinds of membership against the organisation's list: a membership or a seat names one of its organisation's
//! kinds, and an organisation keeps every kind that its memberships and seats still name. Checked inside the
//! write's transaction.

use crate::domain::{Code, Kind, MembershipKind, Organisation, Record, Viewer};
use crate::error::{Error, Result};
use crate::store::{Filter, Stored, Tx};

async fn organisation(tx: &mut dyn Tx, code: &Code) -> Result<Organisation> {
    match tx.find(Kind::Organisation, code.as_str()).await? {
        Some(Stored { record: Record::Organisation(o), .. }) => Ok(o),
        _ => Err(Error::invalid("unknown_reference", format!("no organisation `{code}`"))),
    }
}

/// The kinds that the organisation's memberships and seats name.
async fn kinds_in_use(tx: &mut dyn Tx, code: &Code) -> Result<Vec<MembershipKind>> {
    let mut filter = Filter::new(Viewer::Secretariat);
    filter.organisation = Some(code.clone());
    filter.limit = u32::MAX;
    let mut kinds = Vec::new();
    for stored in tx.list(Kind::Membership, &filter).await?.into_iter().chain(tx.list(Kind::Seat, &filter).await?) {
        match stored.record {
            Record::Membership(m) => kinds.push(m.kind),
            Record::Seat(s) => kinds.push(s.kind),
            _ => {}
        }
    }
    Ok(kinds)
}

/// Checks a record's kind of membership against its organisation's kinds.
pub(super) async fn check_membership_kinds(tx: &mut dyn Tx, record: &Record) -> Result<()> {
    match record {
        Record::Membership(m) => organisation(tx, &m.organisation).await?.membership_kind(&m.kind).map(|_| ()),
        Record::Seat(s) => organisation(tx, &s.organisation).await?.membership_kind(&s.kind).map(|_| ()),
        Record::Organisation(org) => {
            for kind in kinds_in_use(tx, &org.code).await? {
                if org.membership_kind(&kind).is_err() {
                    return Err(Error::conflict(
                        "membership_kind_in_use",
                        format!(
                            "the kind of membership `{kind}` is still named by a membership or seat of {}",
                            org.code
                        ),
                    ));
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
