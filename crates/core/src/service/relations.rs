//! What the store cannot check by its keys alone: a record's ties to others (an agenda item's documents and sitting,
//! a programme event's configured kind, a plan item's plan, a signature's treaty), checked inside the write's
//! transaction.

use crate::domain::{Kind, Record, Viewer};
use crate::error::{Error, Result};
use crate::store::{Filter, Stored, Tx};

fn plan_kinds(kind: crate::domain::DocumentKind) -> bool {
    matches!(kind, crate::domain::DocumentKind::Plan | crate::domain::DocumentKind::Roadmap)
}

/// Checks a record against others that the store cannot check by its keys alone.
pub(super) async fn check_relations(tx: &mut dyn Tx, record: &Record) -> Result<()> {
    super::composition::check_membership_kinds(tx, record).await?;
    if let Record::AgendaItem(item) = record {
        for key in &item.documents {
            match tx.find(Kind::Document, key.as_str()).await? {
                Some(Stored { record: Record::Document(doc), .. }) => {
                    if !crate::rules::visibility::covers(item.visibility, doc.visibility) {
                        return Err(Error::invalid(
                            "document_less_visible",
                            format!("document `{key}` is less visible than the agenda item; circulate it or restrict the item"),
                        ));
                    }
                }
                _ => return Err(Error::invalid("unknown_reference", format!("no document with key `{key}`"))),
            }
        }
        if let Some(sitting) = &item.sitting {
            let meeting = tx.find(Kind::Meeting, item.meeting.as_str()).await?.ok_or_else(|| {
                Error::invalid("unknown_reference", format!("no meeting with key `{}`", item.meeting))
            })?;
            let mut filter = Filter::new(Viewer::Secretariat);
            filter.meeting = Some(meeting.id);
            let events = tx.list(Kind::ProgrammeEvent, &filter).await?;
            let is_sitting = events.iter().any(|e| match &e.record {
                Record::ProgrammeEvent(ev) => ev.key == *sitting && ev.kind == crate::domain::EventKind::Sitting,
                _ => false,
            });
            if !is_sitting {
                return Err(Error::invalid(
                    "unknown_reference",
                    format!("meeting `{}` has no sitting with key `{sitting}`", item.meeting),
                ));
            }
        }
    }
    if let Record::ProgrammeEvent(event) = record {
        if let crate::domain::EventKind::Configured(_) = event.kind {
            let organisation = match tx.find(Kind::Meeting, event.meeting.as_str()).await? {
                Some(Stored { record: Record::Meeting(m), .. }) => m.organisation,
                _ => {
                    return Err(Error::invalid("unknown_reference", format!("no meeting with key `{}`", event.meeting)))
                }
            };
            let Some(Stored { record: Record::Organisation(org), .. }) =
                tx.find(Kind::Organisation, organisation.as_str()).await?
            else {
                return Err(Error::invalid("unknown_reference", format!("no organisation `{organisation}`")));
            };
            crate::rules::programme::configured_kind(&event.kind, &org.event_kinds)?;
        }
    }
    if let Record::PlanItem(item) = record {
        match tx.find(Kind::Document, item.plan.as_str()).await? {
            Some(Stored { record: Record::Document(doc), .. }) if plan_kinds(doc.kind) => item.check_in(&doc)?,
            Some(_) => {
                return Err(Error::invalid("not_a_plan", format!("document `{}` is not a plan or roadmap", item.plan)))
            }
            None => return Err(Error::invalid("unknown_reference", format!("no document with key `{}`", item.plan))),
        }
    }
    if let Record::Signature(sig) = record {
        match tx.find(Kind::Document, sig.document.as_str()).await? {
            Some(Stored { record: Record::Document(doc), .. }) if doc.kind.is_treaty() => {}
            Some(_) => {
                return Err(Error::invalid(
                    "not_a_treaty",
                    format!("`{}` is not an agreement or protocol", sig.document),
                ))
            }
            None => {
                return Err(Error::invalid("unknown_reference", format!("no document with key `{}`", sig.document)))
            }
        }
    }
    if let Record::Body(body) = record {
        // The first higher body is held by a foreign key; the others are codes in a list.
        for parent in body.parents.iter().skip(1) {
            if tx.find(Kind::Body, &format!("{}/{parent}", body.organisation)).await?.is_none() {
                return Err(Error::invalid(
                    "unknown_reference",
                    format!("no body `{parent}` in `{}`", body.organisation),
                ));
            }
        }
    }
    if let Record::Publication(p) = record {
        super::publication::check_publication(tx, p).await?;
    }
    if let Record::Document(_) = record {
        return Err(Error::invalid("use_documents_api", "documents are created and changed through /api/v1/documents"));
    }
    Ok(())
}
