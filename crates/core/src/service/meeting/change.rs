//! Who last changed a part of a meeting, and when: what a page says of a record changed meanwhile ("changed
//! meanwhile by … at …"), read from the meeting's audit entries.

use jiff::Timestamp;

use super::*;

/// The last recorded change of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LastChange {
    /// Who made it, as the viewer may learn it.
    pub by: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
}

/// A part of a meeting as it stands now, and its last change.
#[derive(Debug, Clone)]
pub struct MeetingPart {
    pub stored: Stored<Record>,
    pub change: Option<LastChange>,
}

impl Secretariat {
    /// A meeting or one of its parts (programme event, delegation, agenda item) as it stands, with who changed it
    /// last and when; a record the viewer may not see is not found.
    pub async fn meeting_part(&self, viewer: &Viewer, kind: Kind, id: Id) -> Result<MeetingPart> {
        let stored = self.store.get(kind, id, viewer).await?.ok_or(Error::NotFound { what: kind.as_str() })?;
        let meeting_key = match &stored.record {
            Record::Meeting(m) => m.key.clone(),
            Record::ProgrammeEvent(e) => e.meeting.clone(),
            Record::Delegation(d) => d.meeting.clone(),
            Record::AgendaItem(i) => i.meeting.clone(),
            _ => return Err(Error::NotFound { what: kind.as_str() }),
        };
        let meeting = self
            .store
            .find(Kind::Meeting, meeting_key.as_str(), viewer)
            .await?
            .ok_or(Error::NotFound { what: "meeting" })?;
        let entries = self.store.audit_entries(Some(&format!("meeting:{}", meeting.id)), None).await?;
        let last = entries.into_iter().rev().find(|e| e.entity == kind.as_str() && e.entity_id == id);
        let change = match last {
            Some(e) => Some(LastChange {
                by: self.actor_as_seen(viewer, &e.actor).await?,
                at: Timestamp::from_microsecond(e.at_us).unwrap_or(Timestamp::UNIX_EPOCH),
            }),
            None => None,
        };
        Ok(MeetingPart { stored, change })
    }
}
