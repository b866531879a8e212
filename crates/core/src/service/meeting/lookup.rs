//! What a meeting names, as it stood on the meeting's day: its body, city, chair, and who held which post.

use super::*;

impl Secretariat {
    pub(super) async fn body(&self, org: &Code, code: &Code) -> Result<Body> {
        unpack!(self.store.find(Kind::Body, &format!("{org}/{code}"), &Viewer::Secretariat).await?, Body)
            .ok_or(Error::NotFound { what: "body" })
    }

    pub(super) async fn city(&self, key: &Key) -> Result<City> {
        unpack!(self.store.find(Kind::City, key.as_str(), &Viewer::Secretariat).await?, City)
            .ok_or(Error::NotFound { what: "city" })
    }

    /// A person as named on `day`, with the post they held then.
    pub async fn person_on(&self, key: &Key, day: Date) -> Result<PersonRef> {
        let person = unpack!(self.store.find(Kind::Person, key.as_str(), &Viewer::Secretariat).await?, Person)
            .ok_or(Error::NotFound { what: "person" })?;
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.person = Some(key.clone());
        let mut post = None;
        let mut acting = false;
        for m in self.store.list(Kind::Mandate, &filter).await? {
            if let Record::Mandate(m) = m.record {
                if m.period.contains(day) {
                    post = unpack!(self.store.find(Kind::Post, m.post.as_str(), &Viewer::Secretariat).await?, Post)
                        .map(|p| p.title);
                    acting = m.acting;
                    break;
                }
            }
        }
        Ok(PersonRef {
            key: key.clone(),
            name: name_on(&person.names, day).cloned().unwrap_or_else(|| Text::one("en", key.as_str())),
            post,
            acting,
        })
    }

    /// The holder on `day` of the post of `role` for `state`: a full holder before an acting one.
    pub async fn holder(&self, role: &Role, state: &StateCode, day: Date) -> Result<Option<Key>> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.role = Some(role.clone());
        filter.state = Some(state.clone());
        let posts = self.store.list(Kind::Post, &filter).await?;
        let mut best: Option<(bool, Key)> = None;
        for post in posts {
            let Record::Post(post) = post.record else { continue };
            let mut mf = Filter::new(Viewer::Secretariat);
            mf.post = Some(post.key.clone());
            let mandates = self.store.list(Kind::Mandate, &mf).await?;
            for m in mandates {
                let Record::Mandate(m) = m.record else { continue };
                if m.post == post.key
                    && m.period.contains(day)
                    && best.as_ref().is_none_or(|(acting, _)| *acting && !m.acting)
                {
                    best = Some((m.acting, m.person.clone()));
                }
            }
        }
        Ok(best.map(|(_, k)| k))
    }

    /// The last days of the top body's regular sessions, which hand the chairmanship over.
    pub async fn top_sessions(&self, org: &Organisation) -> Result<Vec<Date>> {
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.organisation = Some(org.code.clone());
        filter.body = Some(org.chairmanship.top_body.clone());
        filter.limit = u32::MAX;
        Ok(self
            .store
            .list(Kind::Meeting, &filter)
            .await?
            .into_iter()
            .filter_map(as_meeting)
            .filter(|(_, m)| m.kind == MeetingKind::Regular && m.status != MeetingStatus::Cancelled)
            .map(|(_, m)| m.ends_on)
            .collect())
    }

    /// The organisation's chairmanship rule.
    pub async fn organisation(&self, code: &Code) -> Result<Organisation> {
        unpack!(self.store.find(Kind::Organisation, code.as_str(), &Viewer::Secretariat).await?, Organisation)
            .ok_or(Error::NotFound { what: "organisation" })
    }

    pub(super) async fn chair_of(
        &self,
        meeting: &Meeting,
        body: &Body,
        city: &City,
        chairmanship: &Chairmanship,
        sessions: &[Date],
    ) -> Result<(Option<StateCode>, Option<ChairView>)> {
        let day = meeting.starts_on;
        let chairing = chairmanship.term_on(day, sessions).map(|t| t.state);
        if let Some(person) = &meeting.chair {
            let person = self.person_on(person, day).await?;
            let state = chairing.clone().unwrap_or_else(|| city.state.clone());
            return Ok((chairing, Some(ChairView { person, state, source: "set" })));
        }
        let Some(chair_state) = chairing.as_ref() else { return Ok((None, None)) };
        let state = meeting_chair_state(body.chair_rule, chair_state, &city.state);
        let chair = match self.holder(&body.representative_role, &state, day).await? {
            Some(key) => Some(ChairView { person: self.person_on(&key, day).await?, state, source: "derived" }),
            None => None,
        };
        Ok((chairing, chair))
    }
}
