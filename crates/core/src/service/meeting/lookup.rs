//! What a meeting names, as it stood on the meeting's day: its body, city, chair, and who held which post.

use std::collections::HashMap;

use super::*;

/// The better of the holders found so far and more of them: the first full holder, else the first acting one.
fn better_holder(mut best: Option<(bool, Key)>, more: Vec<(bool, Key)>) -> Option<(bool, Key)> {
    for (acting, person) in more {
        if best.as_ref().is_none_or(|(was_acting, _)| *was_acting && !acting) {
            best = Some((acting, person));
        }
    }
    best
}

impl Secretariat {
    /// A body of an organisation; `404 not_found` for one the register does not know. Bodies are public.
    pub async fn body(&self, org: &Code, code: &Code) -> Result<Body> {
        unpack!(self.store.find(Kind::Body, &format!("{org}/{code}"), &Viewer::Secretariat).await?, Body)
            .ok_or(Error::NotFound { what: "body" })
    }

    pub(crate) async fn city(&self, key: &Key) -> Result<City> {
        unpack!(self.store.find(Kind::City, key.as_str(), &Viewer::Secretariat).await?, City)
            .ok_or(Error::NotFound { what: "city" })
    }

    /// A person as named on `day`, with the post they held then.
    pub async fn person_on(&self, key: &Key, day: Date) -> Result<PersonRef> {
        self.people_on(std::slice::from_ref(key), day).await?.remove(key).ok_or(Error::NotFound { what: "person" })
    }

    /// People as named on `day`, each with the post held then: three reads for any number of people. A key
    /// the register does not know is left out.
    pub async fn people_on(&self, keys: &[Key], day: Date) -> Result<HashMap<Key, PersonRef>> {
        let wanted: Vec<(Key, Date)> = keys.iter().map(|k| (k.clone(), day)).collect();
        Ok(self.people_on_days(&wanted).await?.into_iter().map(|((key, _), person)| (key, person)).collect())
    }

    /// People each as named on a day of their own (a delegation's head at each of its meetings), with the post
    /// held then: three reads for any number of people and days. A key the register does not know is left out.
    pub async fn people_on_days(&self, wanted: &[(Key, Date)]) -> Result<HashMap<(Key, Date), PersonRef>> {
        let mut keys: Vec<Key> = wanted.iter().map(|(k, _)| k.clone()).collect();
        keys.sort();
        keys.dedup();
        let names: Vec<String> = keys.iter().map(|k| k.as_str().to_owned()).collect();
        let people: HashMap<Key, Person> = self
            .store
            .find_many(Kind::Person, &names, &Viewer::Secretariat)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Person(person) => Some((person.key.clone(), person)),
                _ => None,
            })
            .collect();
        let mut filter = Filter::new(Viewer::Secretariat);
        filter.persons = keys.clone();
        filter.limit = u32::MAX;
        // Each person's mandates in the order they were recorded: the first in force on a day is the post shown.
        let mut mandates: HashMap<Key, Vec<Mandate>> = HashMap::new();
        if !keys.is_empty() {
            for m in self.store.list(Kind::Mandate, &filter).await? {
                if let Record::Mandate(m) = m.record {
                    mandates.entry(m.person.clone()).or_default().push(m);
                }
            }
        }
        let held = |key: &Key, day: Date| mandates.get(key)?.iter().find(|m| m.period.contains(day));
        let post_keys: Vec<String> =
            wanted.iter().filter_map(|(k, d)| held(k, *d)).map(|m| m.post.as_str().to_owned()).collect();
        let posts: HashMap<Key, Text> = self
            .store
            .find_many(Kind::Post, &post_keys, &Viewer::Secretariat)
            .await?
            .into_iter()
            .filter_map(|s| match s.record {
                Record::Post(p) => Some((p.key, p.title)),
                _ => None,
            })
            .collect();
        Ok(wanted
            .iter()
            .filter_map(|(key, day)| {
                let person = people.get(key)?;
                let (post, acting) = match held(key, *day) {
                    Some(m) => (posts.get(&m.post).cloned(), m.acting),
                    None => (None, false),
                };
                let name = name_on(&person.names, *day).cloned().unwrap_or_else(|| Text::one("en", key.as_str()));
                Some(((key.clone(), *day), PersonRef { key: key.clone(), name, post, acting }))
            })
            .collect())
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
            best = better_holder(best, self.holders(&post.key, day).await?);
        }
        Ok(best.map(|(_, k)| k))
    }

    /// The holder of one post on `day`: a full holder before an acting one.
    pub async fn post_holder(&self, post: &Key, day: Date) -> Result<Option<Key>> {
        Ok(better_holder(None, self.holders(post, day).await?).map(|(_, k)| k))
    }

    /// Who holds a post on `day`, each with whether acting.
    async fn holders(&self, post: &Key, day: Date) -> Result<Vec<(bool, Key)>> {
        let mut mf = Filter::new(Viewer::Secretariat);
        mf.post = Some(post.clone());
        Ok(self
            .store
            .list(Kind::Mandate, &mf)
            .await?
            .into_iter()
            .filter_map(|m| match m.record {
                Record::Mandate(m) if m.post == *post && m.period.contains(day) => Some((m.acting, m.person)),
                _ => None,
            })
            .collect())
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

    /// The chairing state on the meeting's day, and who chairs the meeting: the chair set on the meeting, else the
    /// chair the body's rule gives (the chairing states' representatives, the host's, the office holder's, or
    /// none for an elected chair), the presiding one first and co-chairs after.
    pub(super) async fn chair_of(
        &self,
        meeting: &Meeting,
        body: &Body,
        city: &City,
        chairmanship: &Chairmanship,
        sessions: &[Date],
    ) -> Result<(Option<StateCode>, Vec<ChairView>)> {
        let day = meeting.starts_on;
        let term = chairmanship.term_on(day, sessions);
        let chairing = term.as_ref().map(|t| t.state.clone());
        if let Some(person) = &meeting.chair {
            let person = self.person_on(person, day).await?;
            let state = Some(chairing.clone().unwrap_or_else(|| city.state.clone()));
            return Ok((chairing, vec![ChairView { person, state, source: "set" }]));
        }
        let states = term.as_ref().map(Term::states).unwrap_or_default();
        let mut chairs = Vec::new();
        match meeting_chair(body.chair_rule, body.chair_post.as_ref(), &body.chair_states, &states, &city.state) {
            MeetingChair::States(states) if term.is_some() => {
                for state in states {
                    if let Some(key) = self.holder(&body.representative_role, &state, day).await? {
                        let person = self.person_on(&key, day).await?;
                        chairs.push(ChairView { person, state: Some(state), source: "derived" });
                    }
                }
            }
            MeetingChair::Office(post) => {
                if let Some(key) = self.post_holder(&post, day).await? {
                    let state = unpack!(self.store.find(Kind::Post, post.as_str(), &Viewer::Secretariat).await?, Post)
                        .and_then(|p| p.state);
                    chairs.push(ChairView { person: self.person_on(&key, day).await?, state, source: "derived" });
                }
            }
            MeetingChair::States(_) | MeetingChair::Elected => {}
        }
        Ok((chairing, chairs))
    }
}
