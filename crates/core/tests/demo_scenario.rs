//! The demo scenario (the CSTO in 2018): it parses, hangs together, and says what the sources say.

use std::collections::HashSet;
use std::error::Error;

use jiff::civil::{date, Date};
use secretariat_core::domain::{
    current_name, name_on, DocumentKind, DocumentStatus, Position, Procedure, Sponsor, StateCode, Visibility,
};
use secretariat_core::rules::consensus::consensus;
use secretariat_core::rules::symbols::{series, SymbolParts};
use secretariat_core::rules::visibility::covers;
use secretariat_core::scenario::{Scenario, ScenarioDocument, ScenarioPosition, DEMO, FORMAT};

type Outcome = Result<(), Box<dyn Error>>;

const ALMATY: &str = "cfm-2018-06-almaty";
const ASTANA: &str = "csc-2018-11-astana";

fn demo() -> Result<Scenario, serde_json::Error> {
    serde_json::from_str(DEMO)
}

/// Fails a test with a message, without unwrapping.
fn ensure(ok: bool, what: impl Into<String>) -> Outcome {
    if ok {
        Ok(())
    } else {
        Err(what.into().into())
    }
}

#[test]
fn the_demo_scenario_parses() -> Outcome {
    let s = demo()?;
    ensure(s.format == FORMAT, format!("format is `{}`", s.format))?;
    ensure(!s.notes.is_empty(), "the demo keeps its provenance notes")?;
    for city in &s.cities {
        city.check()?;
    }
    for person in &s.people {
        person.check()?;
    }
    for organisation in &s.organisations {
        organisation.check()?;
    }
    for meeting in &s.meetings {
        meeting.check()?;
    }
    for event in &s.programme {
        event.check()?;
    }
    Ok(())
}

#[test]
fn the_demo_has_the_six_member_states() -> Outcome {
    let s = demo()?;
    let codes: Vec<&str> = s.states.iter().map(|st| st.code.as_str()).collect();
    ensure(codes == ["AM", "BY", "KZ", "KG", "RU", "TJ"], format!("states are {codes:?}"))?;
    for st in &s.states {
        ensure(st.name.has("en") && st.name.has("ru"), format!("{} needs en and ru names", st.code))?;
        let official = st.official_name.as_ref().ok_or(format!("{} has no official name", st.code))?;
        ensure(official.has("en") && official.has("ru"), format!("{} needs en and ru official names", st.code))?;
    }
    let members = s.memberships.iter().filter(|m| m.organisation.as_str() == "CSTO").count();
    ensure(members == 6, format!("{members} memberships of the CSTO"))
}

#[test]
fn the_demo_has_twelve_items_numbered_one_to_twelve_for_the_almaty_meeting() -> Outcome {
    let s = demo()?;
    let numbers: Vec<u16> = s.agenda_items.iter().filter(|i| i.meeting.as_str() == ALMATY).map(|i| i.number).collect();
    ensure(numbers == (1..=12).collect::<Vec<u16>>(), format!("numbers are {numbers:?}"))
}

#[test]
fn each_meetings_items_are_listed_in_number_order() -> Outcome {
    let s = demo()?;
    for meeting in &s.meetings {
        let items = s.agenda_items.iter().filter(|i| i.meeting == meeting.key);
        for (listed, item) in items.enumerate() {
            ensure(
                item.number >= 1 && usize::from(item.number) <= listed + 1,
                format!("item {} of {} is listed too early", item.number, meeting.key),
            )?;
        }
    }
    Ok(())
}

#[test]
fn the_nine_sourced_items_are_public_and_the_three_unknown_ones_restricted() -> Outcome {
    let s = demo()?;
    for item in s.agenda_items.iter().filter(|i| i.meeting.as_str() == ALMATY) {
        let want = if item.number <= 9 { Visibility::Public } else { Visibility::Restricted };
        ensure(item.visibility == want, format!("item {} is {:?}", item.number, item.visibility))?;
        ensure(item.title.has("en") && item.title.has("ru"), format!("item {} needs en and ru titles", item.number))?;
        ensure(item.sitting.is_none(), format!("item {}: its sitting is not sourced", item.number))?;
    }
    Ok(())
}

#[test]
fn the_astana_agenda_lists_only_the_documents_adopted_there_and_no_agenda_is_adopted() -> Outcome {
    let s = demo()?;
    let items: Vec<_> = s.agenda_items.iter().filter(|i| i.meeting.as_str() == ASTANA).collect();
    let numbers: Vec<u16> = items.iter().map(|i| i.number).collect();
    let adopted_there: Vec<&str> = s
        .documents
        .iter()
        .filter(|d| d.outcome.as_ref().and_then(|o| o.meeting.as_ref()).is_some_and(|m| m.as_str() == ASTANA))
        .map(|d| d.document.key.as_str())
        .collect();
    ensure(
        numbers == (1..=adopted_there.len()).filter_map(|n| u16::try_from(n).ok()).collect::<Vec<u16>>(),
        format!("Astana items are numbered {numbers:?}"),
    )?;
    for item in &items {
        ensure(item.documents.len() == 1, format!("Astana item {} carries one document", item.number))?;
        let key = item.documents[0].as_str();
        ensure(adopted_there.contains(&key), format!("Astana item {}: `{key}` was not adopted there", item.number))?;
        let d = document(&s, key)?;
        ensure(item.title == d.document.title, format!("Astana item {} is titled as its document", item.number))?;
        ensure(item.visibility == Visibility::Public, format!("Astana item {} is public", item.number))?;
    }
    ensure(s.adopted_agendas.is_empty(), "no adoption instant is sourced")
}

#[test]
fn every_reference_in_the_demo_names_a_record_of_the_demo() -> Outcome {
    let s = demo()?;
    let states: HashSet<&str> = s.states.iter().map(|x| x.code.as_str()).collect();
    let cities: HashSet<&str> = s.cities.iter().map(|x| x.key.as_str()).collect();
    let people: HashSet<&str> = s.people.iter().map(|x| x.key.as_str()).collect();
    let organisations: HashSet<&str> = s.organisations.iter().map(|x| x.code.as_str()).collect();
    let posts: HashSet<&str> = s.posts.iter().map(|x| x.key.as_str()).collect();
    let bodies: HashSet<(&str, &str)> = s.bodies.iter().map(|b| (b.organisation.as_str(), b.code.as_str())).collect();
    let meetings: HashSet<&str> = s.meetings.iter().map(|x| x.key.as_str()).collect();

    ensure(states.len() == s.states.len(), "two states share a code")?;
    ensure(cities.len() == s.cities.len(), "two cities share a key")?;
    ensure(people.len() == s.people.len(), "two people share a key")?;
    ensure(posts.len() == s.posts.len(), "two posts share a key")?;
    ensure(bodies.len() == s.bodies.len(), "two bodies share a code")?;
    ensure(meetings.len() == s.meetings.len(), "two meetings share a key")?;

    let state = |code: &str, at: &str| ensure(states.contains(code), format!("{at}: no state `{code}`"));
    let organisation =
        |code: &str, at: &str| ensure(organisations.contains(code), format!("{at}: no organisation `{code}`"));
    let person = |key: &str, at: &str| ensure(people.contains(key), format!("{at}: no person `{key}`"));
    let body =
        |org: &str, code: &str, at: &str| ensure(bodies.contains(&(org, code)), format!("{at}: no body `{code}`"));
    let meeting = |key: &str, at: &str| ensure(meetings.contains(key), format!("{at}: no meeting `{key}`"));

    for c in &s.cities {
        state(c.state.as_str(), c.key.as_str())?;
    }
    for o in &s.organisations {
        let ch = &o.chairmanship;
        for code in &ch.rotation {
            state(code.as_str(), "rotation")?;
        }
        state(ch.anchor.state.as_str(), "anchor")?;
        for o2 in &ch.overrides {
            state(o2.state.as_str(), "override")?;
        }
        body(o.code.as_str(), ch.top_body.as_str(), "top body")?;
    }
    for p in &s.posts {
        if let Some(code) = &p.state {
            state(code.as_str(), p.key.as_str())?;
        }
        if let Some(code) = &p.organisation {
            organisation(code.as_str(), p.key.as_str())?;
        }
    }
    for m in &s.mandates {
        person(m.person.as_str(), "mandate")?;
        ensure(posts.contains(m.post.as_str()), format!("mandate of {}: no post `{}`", m.person, m.post))?;
        if let (Some(from), Some(to)) = (m.period.from, m.period.to) {
            ensure(from <= to, format!("mandate of {} ends before it starts", m.person))?;
        }
    }
    for m in &s.memberships {
        organisation(m.organisation.as_str(), "membership")?;
        state(m.state.as_str(), "membership")?;
    }
    for b in &s.bodies {
        organisation(b.organisation.as_str(), b.code.as_str())?;
        for parent in b.parents.iter().chain(&b.prepares_for) {
            body(b.organisation.as_str(), parent.as_str(), b.code.as_str())?;
        }
    }
    for m in &s.meetings {
        organisation(m.organisation.as_str(), m.key.as_str())?;
        body(m.organisation.as_str(), m.body.as_str(), m.key.as_str())?;
        for other in &m.joint_with {
            body(m.organisation.as_str(), other.as_str(), m.key.as_str())?;
        }
        ensure(cities.contains(m.city.as_str()), format!("{}: no city `{}`", m.key, m.city))?;
        if let Some(chair) = &m.chair {
            person(chair.as_str(), m.key.as_str())?;
        }
    }
    let mut events = HashSet::new();
    for e in &s.programme {
        meeting(e.meeting.as_str(), e.key.as_str())?;
        ensure(events.insert((e.meeting.as_str(), e.key.as_str())), format!("event `{}` is listed twice", e.key))?;
    }
    let mut delegations = HashSet::new();
    for d in &s.delegations {
        meeting(d.meeting.as_str(), "delegation")?;
        state(d.state.as_str(), d.meeting.as_str())?;
        person(d.head.as_str(), d.meeting.as_str())?;
        for member in &d.members {
            person(member.as_str(), d.meeting.as_str())?;
        }
        let first = delegations.insert((d.meeting.as_str(), d.state.as_str()));
        ensure(first, format!("{} has two delegations of {}", d.meeting, d.state))?;
    }
    for i in &s.agenda_items {
        meeting(i.meeting.as_str(), "agenda item")?;
        if let Some(sitting) = &i.sitting {
            let is_sitting =
                s.programme.iter().any(|e| e.meeting == i.meeting && e.key == *sitting && e.format.is_some());
            ensure(is_sitting, format!("{} item {}: no sitting `{sitting}`", i.meeting, i.number))?;
        }
    }
    for a in &s.adopted_agendas {
        meeting(a.meeting.as_str(), "adopted agenda")?;
    }
    Ok(())
}

#[test]
fn muhriddin_was_named_aslov_before_20_may_2018() -> Outcome {
    let s = demo()?;
    let muhriddin = s.people.iter().find(|p| p.key.as_str() == "sirojiddin-muhriddin").ok_or("no Muhriddin")?;
    let before = name_on(&muhriddin.names, date(2018, 5, 19)).ok_or("no name on 19 May 2018")?;
    let after = name_on(&muhriddin.names, date(2018, 5, 20)).ok_or("no name on 20 May 2018")?;
    let at_the_meeting = name_on(&muhriddin.names, date(2018, 6, 11)).ok_or("no name on 11 June 2018")?;
    ensure(before.get("en") == "Sirojiddin Aslov", before.get("en"))?;
    ensure(before.get("ru") == "Сироджиддин Аслов", before.get("ru"))?;
    ensure(after.get("en") == "Sirojiddin Muhriddin", after.get("en"))?;
    ensure(at_the_meeting.get("ru") == "Сироджиддин Мухриддин", at_the_meeting.get("ru"))
}

#[test]
fn astana_was_nur_sultan_from_march_2019_to_september_2022() -> Outcome {
    let s = demo()?;
    let astana = s.cities.iter().find(|c| c.key.as_str() == "astana").ok_or("no Astana")?;
    ensure(astana.time_zone.as_str() == "Asia/Almaty", "Astana keeps the time of Asia/Almaty")?;
    let on = |day: Date| name_on(&astana.names, day).map(|n| n.get("en").to_owned());
    ensure(on(date(2018, 11, 8)).as_deref() == Some("Astana"), "Astana at the 2018 session")?;
    ensure(on(date(2019, 3, 23)).as_deref() == Some("Nur-Sultan"), "Nur-Sultan from 23 March 2019")?;
    ensure(on(date(2022, 9, 16)).as_deref() == Some("Nur-Sultan"), "Nur-Sultan until 16 September 2022")?;
    ensure(on(date(2022, 9, 17)).as_deref() == Some("Astana"), "Astana again from 17 September 2022")?;
    ensure(current_name(&astana.names).map(|n| n.get("ru")) == Some("Астана"), "Астана today")
}

#[test]
fn no_meeting_of_the_demo_sets_its_chair_and_no_event_has_a_time_of_day() -> Outcome {
    let s = demo()?;
    ensure(s.meetings.iter().all(|m| m.chair.is_none()), "chairs are derived, not set")?;
    ensure(s.programme.iter().all(|e| e.at.is_none()), "times of day are not sourced")
}

/// The holder in the demo of the post of `role` for `state` on `day`.
fn holder<'a>(s: &'a Scenario, role: &str, state: &str, day: Date) -> Vec<&'a str> {
    s.posts
        .iter()
        .filter(|p| p.role.as_str() == role && p.state.as_ref().is_some_and(|st| st.as_str() == state))
        .flat_map(|p| s.mandates.iter().filter(move |m| m.post == p.key && m.period.contains(day)))
        .map(|m| m.person.as_str())
        .collect()
}

#[test]
fn the_chairmanship_gives_abdrakhmanov_the_almaty_meeting_and_nazarbayev_the_astana_session() -> Outcome {
    let s = demo()?;
    let csto = s.organisations.iter().find(|o| o.code.as_str() == "CSTO").ok_or("no CSTO")?;
    let sessions: Vec<Date> =
        s.meetings.iter().filter(|m| m.body == csto.chairmanship.top_body).map(|m| m.ends_on).collect();
    let term = csto.chairmanship.term_on(date(2018, 6, 11), &sessions).ok_or("no term on 11 June 2018")?;
    ensure(term.state.as_str() == "KZ", format!("{} chairs on 11 June 2018", term.state))?;
    ensure(term.from == date(2017, 12, 1), format!("the term starts on {}", term.from))?;
    ensure(term.to == date(2018, 11, 8), format!("the term ends on {}", term.to))?;
    ensure(
        holder(&s, "foreign_minister", "KZ", date(2018, 6, 11)) == ["kairat-abdrakhmanov"],
        "Abdrakhmanov is the Kazakh foreign minister on 11 June 2018",
    )?;
    ensure(
        holder(&s, "head_of_state", "KZ", date(2018, 11, 8)) == ["nursultan-nazarbayev"],
        "Nazarbayev is the Kazakh head of state on 8 November 2018",
    )?;
    ensure(
        holder(&s, "foreign_minister", "KG", date(2018, 6, 11)) == ["erlan-abdyldaev"],
        "Abdyldaev is the Kyrgyz foreign minister in June 2018",
    )?;
    ensure(
        holder(&s, "foreign_minister", "KG", date(2018, 11, 8)) == ["chingiz-aidarbekov"],
        "Aidarbekov is the Kyrgyz foreign minister in November 2018",
    )
}

#[test]
fn every_head_of_delegation_holds_a_post_of_their_state_on_the_day() -> Outcome {
    let s = demo()?;
    for d in &s.delegations {
        let meeting = s.meetings.iter().find(|m| m.key == d.meeting).ok_or("no meeting")?;
        let holds = s.mandates.iter().any(|m| {
            m.person == d.head
                && m.period.contains(meeting.starts_on)
                && s.posts.iter().any(|p| p.key == m.post && p.state.as_ref() == Some(&d.state))
        });
        ensure(holds, format!("{} heads {} at {} without a post", d.head, d.state, d.meeting))?;
    }
    let at_almaty = s.delegations.iter().filter(|d| d.meeting.as_str() == ALMATY).count();
    let at_astana = s.delegations.iter().filter(|d| d.meeting.as_str() == ASTANA).count();
    ensure(at_almaty == 6 && at_astana == 6, format!("{at_almaty} and {at_astana} delegations"))
}

#[test]
fn the_demo_survives_a_round_trip_through_json() -> Outcome {
    let s = demo()?;
    let again: Scenario = serde_json::from_str(&serde_json::to_string(&s)?)?;
    ensure(again == s, "the demo changed on a round trip")
}

const MEMBERS: [&str; 6] = ["AM", "BY", "KZ", "KG", "RU", "TJ"];

/// The demo's document with `key`.
fn document<'a>(s: &'a Scenario, key: &str) -> Result<&'a ScenarioDocument, String> {
    s.documents.iter().find(|d| d.document.key.as_str() == key).ok_or(format!("no document `{key}`"))
}

#[test]
fn the_inf_statement_is_adopted_at_the_almaty_meeting_and_no_member_objects() -> Outcome {
    let s = demo()?;
    let inf = document(&s, "cfm-2018-inf-statement")?;
    let d = &inf.document;
    ensure(d.kind == DocumentKind::Statement && d.body.as_str() == "CFM", "a CFM statement")?;
    ensure(d.sponsors.iter().map(ToString::to_string).collect::<Vec<_>>() == ["RU"], "sponsored by Russia")?;
    ensure(d.original_language.as_str() == "ru" && d.visibility == Visibility::Public, "Russian original, public")?;
    ensure(inf.status == DocumentStatus::Adopted, format!("status {:?}", inf.status))?;
    ensure(inf.symbol.as_deref() == Some("CSTO/CFM/2018/STM/1"), format!("symbol {:?}", inf.symbol))?;
    let outcome = inf.outcome.as_ref().ok_or("no outcome")?;
    ensure(outcome.meeting.as_ref().map(|m| m.as_str()) == Some(ALMATY), "adopted at the Almaty meeting")?;
    ensure(outcome.procedure == Procedure::Meeting, "adopted at a meeting, not by silence")?;
    let almaty = s.meetings.iter().find(|m| m.key.as_str() == ALMATY).ok_or("no Almaty meeting")?;
    let city = s.cities.iter().find(|c| c.key == almaty.city).ok_or("no city of the Almaty meeting")?;
    let day = outcome.at.to_zoned(city.time_zone.zone()).date();
    ensure(day == date(2018, 6, 11), format!("adopted on {day} in Almaty"))?;
    ensure(inf.revisions.len() == 1, "one revision")?;
    let positions: Vec<(StateCode, Position)> = inf
        .positions
        .iter()
        .map(|p| Ok((p.state.clone(), Position::parse(&p.position, p.text.clone())?)))
        .collect::<Result<_, Box<dyn Error>>>()?;
    ensure(inf.positions.iter().all(|p| p.revision == 0 && p.at == outcome.at), "positions on revision 0")?;
    six_positions_and_no_objection(&positions)?;
    let c = consensus(&members()?, &positions);
    ensure(c.adoptable && c.blocked_by.is_empty(), "no member objects")?;
    ensure(c.opted_out.is_empty() && c.reservations.is_empty(), "no opt-out and no reservation is sourced")?;

    let item =
        s.agenda_items.iter().find(|i| i.meeting.as_str() == ALMATY && i.number == 2).ok_or("no item 2 at Almaty")?;
    ensure(item.documents.iter().map(|k| k.as_str()).collect::<Vec<_>>() == ["cfm-2018-inf-statement"], "item 2")
}

/// The six member states.
fn members() -> Result<Vec<StateCode>, Box<dyn Error>> {
    Ok(MEMBERS.iter().map(|c| StateCode::parse(c)).collect::<Result<_, _>>()?)
}

/// One position per member, as the consensus implies: support from the sponsor, no objection from the others.
fn six_positions_and_no_objection(positions: &[(StateCode, Position)]) -> Outcome {
    let members = members()?;
    ensure(positions.len() == 6, format!("{} positions", positions.len()))?;
    for member in &members {
        let count = positions.iter().filter(|(st, _)| st == member).count();
        ensure(count == 1, format!("{member} has {count} positions"))?;
    }
    for (st, p) in positions {
        let want = if st.as_str() == "RU" { Position::Support } else { Position::NoObjection };
        ensure(*p == want, format!("{st} has {}", p.name()))?;
    }
    let c = consensus(&members, positions);
    ensure(c.adoptable, "no member objects")?;
    ensure(c.blocked_by.is_empty() && c.pending.is_empty() && c.opted_out.is_empty(), format!("{c:?}"))?;
    ensure(c.reservations.is_empty(), "no reservation is sourced")
}

#[test]
fn the_six_positions_on_the_inf_statement_read_from_a_scenario_file_and_make_a_consensus() -> Outcome {
    let json: Vec<serde_json::Value> = MEMBERS
        .iter()
        .map(|st| {
            let position = if *st == "RU" { "support" } else { "no_objection" };
            serde_json::json!({"revision": 0, "state": st, "position": position, "at": "2018-06-11T06:00:00Z"})
        })
        .collect();
    let read: Vec<ScenarioPosition> = serde_json::from_value(serde_json::Value::Array(json))?;
    let positions: Vec<(StateCode, Position)> = read
        .iter()
        .map(|p| Ok((p.state.clone(), Position::parse(&p.position, p.text.clone())?)))
        .collect::<Result<_, Box<dyn Error>>>()?;
    six_positions_and_no_objection(&positions)
}

#[test]
fn every_document_on_an_agenda_item_exists_and_is_covered_by_the_items_visibility() -> Outcome {
    let s = demo()?;
    let mut carried = 0;
    for item in &s.agenda_items {
        for key in &item.documents {
            let d = document(&s, key.as_str())?;
            ensure(
                covers(item.visibility, d.document.visibility),
                format!("{} item {}: `{key}` is less visible than the item", item.meeting, item.number),
            )?;
            carried += 1;
        }
    }
    ensure(carried == 12, format!("{carried} documents on agenda items"))
}

#[test]
fn documents_statements_lists_and_signatures_name_records_of_the_demo() -> Outcome {
    let s = demo()?;
    let keys: HashSet<&str> = s.documents.iter().map(|d| d.document.key.as_str()).collect();
    ensure(keys.len() == s.documents.len(), "two documents share a key")?;
    let meetings: HashSet<&str> = s.meetings.iter().map(|m| m.key.as_str()).collect();
    let states: HashSet<&str> = s.states.iter().map(|st| st.code.as_str()).collect();
    let bodies: HashSet<(&str, &str)> = s.bodies.iter().map(|b| (b.organisation.as_str(), b.code.as_str())).collect();
    for d in &s.documents {
        let doc = &d.document;
        doc.check()?;
        let key = doc.key.as_str();
        ensure(
            bodies.contains(&(doc.organisation.as_str(), doc.body.as_str())),
            format!("{key}: no body {}", doc.body),
        )?;
        for sponsor in &doc.sponsors {
            let ok = match sponsor {
                Sponsor::State(st) => states.contains(st.as_str()),
                Sponsor::Secretariat => true,
                Sponsor::Body(b) => bodies.contains(&(doc.organisation.as_str(), b.as_str())),
            };
            ensure(ok, format!("{key}: no sponsor {sponsor}"))?;
        }
        if let Some(meeting) = d.outcome.as_ref().and_then(|o| o.meeting.as_ref()) {
            ensure(meetings.contains(meeting.as_str()), format!("{key}: no meeting `{meeting}`"))?;
        }
        for p in &d.positions {
            ensure(states.contains(p.state.as_str()), format!("{key}: no state {}", p.state))?;
            ensure(usize::try_from(p.revision).is_ok_and(|r| r < d.revisions.len()), format!("{key}: no revision"))?;
        }
        ensure(d.referrals.is_empty(), format!("{key}: no referral is sourced"))?;
    }
    for list in &s.statements_lists {
        let doc = list.document.as_ref().ok_or(format!("{}: no list document", list.key))?;
        let d = document(&s, doc.as_str())?;
        ensure(d.document.kind == DocumentKind::List, format!("{doc} is not a list"))?;
    }
    ensure(s.proposals.is_empty() && s.instructions.is_empty() && s.deliveries.is_empty(), "none is sourced")?;
    ensure(s.plan_items.is_empty(), "the items of the plans are not public")?;
    for sig in &s.signatures {
        let d = document(&s, sig.document.as_str())?;
        ensure(d.document.kind.is_treaty(), format!("{} is not a treaty", sig.document))?;
        ensure(states.contains(sig.state.as_str()), format!("{}: no state {}", sig.document, sig.state))?;
    }
    let item8 =
        s.agenda_items.iter().find(|i| i.meeting.as_str() == ALMATY && i.number == 8).ok_or("no item 8 at Almaty")?;
    let for_the_heads_of_state = ["csc-2018-declaration", "csc-2018-statement-on-terrorist-fighters"];
    ensure(
        item8.documents.iter().map(|k| k.as_str()).eq(for_the_heads_of_state),
        "item 8 carries the documents the Astana session of the heads of state adopted",
    )?;
    for key in for_the_heads_of_state {
        let d = document(&s, key)?;
        ensure(d.document.body.as_str() == "CSC", format!("{key} is a document of the heads of state"))?;
    }
    Ok(())
}

#[test]
fn every_document_symbol_follows_the_register_pattern_for_its_body_year_and_kind() -> Outcome {
    let s = demo()?;
    let mut numbers = HashSet::new();
    for d in &s.documents {
        let doc = &d.document;
        let key = doc.key.as_str();
        let Some(symbol) = &d.symbol else {
            ensure(d.status == DocumentStatus::Draft, format!("{key} is {:?} without a symbol", d.status))?;
            continue;
        };
        let org =
            s.organisations.iter().find(|o| o.code == doc.organisation).ok_or(format!("{key}: no organisation"))?;
        // The year it was numbered: of its adoption, or of its first revision.
        let at = d
            .outcome
            .as_ref()
            .map(|o| o.at)
            .or_else(|| d.revisions.first().map(|r| r.created_at))
            .ok_or(format!("{key}: neither an outcome nor a revision dates its number"))?;
        let year = at.to_zoned(jiff::tz::TimeZone::UTC).year();
        let kind = org.register.code_of(doc.kind)?;
        let parts = SymbolParts { org: org.code.as_str(), body: doc.body.as_str(), year, kind: &kind, number: 0 };
        let want = series(&org.register.pattern, &parts);
        let (base, n) = symbol.rsplit_once('/').ok_or(format!("{key}: `{symbol}` has no number"))?;
        let n: u32 = n.parse().map_err(|_| format!("{key}: `{symbol}` does not end in a number"))?;
        ensure(n >= 1, format!("{key}: numbers start at 1"))?;
        ensure(format!("{base}/{{n}}") == want, format!("{key}: `{symbol}` is not in the series `{want}`"))?;
        ensure(numbers.insert((base.to_owned(), n)), format!("{key}: `{symbol}` is given twice"))?;
    }
    Ok(())
}

#[test]
fn the_roadmap_covers_2018_to_2021_and_the_consultation_plan_h2_2018_to_h1_2019() -> Outcome {
    let s = demo()?;
    let roadmap = document(&s, "cfm-2018-peacekeeping-roadmap")?;
    ensure(roadmap.document.kind == DocumentKind::Roadmap, "the roadmap is a roadmap")?;
    let period = roadmap.document.period.ok_or("the roadmap has no period")?;
    ensure(period.from == Some(date(2018, 1, 1)) && period.to == Some(date(2021, 12, 31)), format!("{period:?}"))?;
    let plan = document(&s, "cfm-2018-consultations-plan")?;
    ensure(plan.document.kind == DocumentKind::Plan, "the consultation plan is a plan")?;
    let period = plan.document.period.ok_or("the plan has no period")?;
    ensure(period.from == Some(date(2018, 7, 1)) && period.to == Some(date(2019, 6, 30)), format!("{period:?}"))?;
    for d in [roadmap, plan] {
        ensure(d.status == DocumentStatus::Circulated && d.outcome.is_none(), "their outcome is not sourced")?;
    }
    let list = s.statements_lists.iter().find(|l| l.key.as_str() == "statements-2018").ok_or("no 2018 list")?;
    ensure(list.year == 2018 && list.body.as_str() == "CFM", "the CFM's list for 2018")?;
    let doc = document(&s, list.document.as_ref().map(|k| k.as_str()).unwrap_or_default())?;
    let period = doc.document.period.ok_or("the list has no period")?;
    ensure(period.from == Some(date(2018, 1, 1)) && period.to == Some(date(2018, 12, 31)), format!("{period:?}"))
}

#[test]
fn no_ratification_date_appears_without_a_signature_date() -> Outcome {
    let s = demo()?;
    for sig in &s.signatures {
        ensure(
            sig.ratified_on.is_none() || sig.signed_on.is_some(),
            format!("{} ratified by {} without a signature", sig.document, sig.state),
        )?;
        sig.check()?;
    }
    for key in ["charter-protocol-2", "charter-protocol-3"] {
        let signed: Vec<&str> = s
            .signatures
            .iter()
            .filter(|g| g.document.as_str() == key && g.signed_on == Some(date(2018, 11, 8)))
            .map(|g| g.state.as_str())
            .collect();
        ensure(signed == MEMBERS, format!("{key} is signed on 8 November 2018 by {signed:?}"))?;
        let d = document(&s, key)?;
        ensure(d.document.in_force_on == Some(date(2021, 1, 19)), format!("{key} in force on 19 January 2021"))?;
    }
    ensure(s.signatures.iter().all(|g| g.ratified_on.is_none()), "no ratification date is sourced")
}

#[test]
fn every_document_whose_text_is_not_public_says_so_in_every_language_version() -> Outcome {
    let s = demo()?;
    let says_so = |lang: &str, text: &str| match lang {
        "en" => text.contains("is not available: no source of this file gives it"),
        "ru" => text.contains("недоступен: ни один источник этого файла его не приводит"),
        _ => false,
    };
    let mut hidden = Vec::new();
    for d in &s.documents {
        let key = d.document.key.as_str();
        for revision in &d.revisions {
            let marked = revision.texts.iter().filter(|t| says_so(t.language.as_str(), &t.text)).count();
            if marked == 0 {
                continue;
            }
            ensure(marked == revision.texts.len(), format!("{key}: a language version does not say so"))?;
            let languages: Vec<&str> = revision.texts.iter().map(|t| t.language.as_str()).collect();
            ensure(languages.is_sorted(), format!("{key}: language versions are listed by language, as exported"))?;
            for lang in ["ru", "en"] {
                ensure(revision.texts.iter().any(|t| t.language.as_str() == lang), format!("{key}: no {lang} text"))?;
            }
            ensure(
                revision.texts.iter().all(|t| t.status == secretariat_core::domain::VersionStatus::Draft),
                format!("{key}: a stand-in text is not marked authentic or translated"),
            )?;
            hidden.push(key);
        }
    }
    hidden.dedup();
    ensure(hidden.len() == 7, format!("{} documents say their text is not available: {hidden:?}", hidden.len()))?;
    let documents = s.notes.iter().find(|n| n.starts_with("Document texts:")).ok_or("no note on the texts")?;
    for key in [
        "INF statement",
        "roadmap",
        "consultation plan",
        "statements list",
        "legal basis",
        "Declaration",
        "CSC statement",
    ] {
        ensure(documents.contains(key), format!("the note on the texts does not list the {key}"))?;
    }
    // Documents with no text at all are the treaties, whose texts are published but not reproduced.
    for d in s.documents.iter().filter(|d| d.revisions.is_empty()) {
        ensure(d.document.kind.is_treaty(), format!("{} has no text and is not a treaty", d.document.key))?;
    }
    Ok(())
}
