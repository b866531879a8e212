//! The demo scenario (the CSTO in 2018): it parses, hangs together, and says what the sources say.

use std::collections::HashSet;
use std::error::Error;

use jiff::civil::{date, Date};
use secretariat_core::domain::{current_name, name_on};
use secretariat_core::rules::visibility::Visibility;
use secretariat_core::scenario::{Scenario, DEMO, FORMAT};

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
fn no_agenda_is_recorded_for_the_astana_session_and_none_is_adopted() -> Outcome {
    let s = demo()?;
    ensure(!s.agenda_items.iter().any(|i| i.meeting.as_str() == ASTANA), "the Astana items are not sourced")?;
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
        if let Some(parent) = &b.parent {
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
