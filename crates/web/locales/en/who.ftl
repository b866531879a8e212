## Who's who: the pages of a state, a body and a person; the chairmanship rotation; the organisation's registers.

rotation-heading = Chairmanship over the years
rotation-terms = Terms in order
rotation-note = A term marked derived follows from the rotation order; a term set by decision was recorded otherwise.
rotation-none = No chairmanship term can be drawn from the records.
rotation-current = (now)
rotation-source-derived = (derived)
rotation-source-set = (set by decision)

registers-heading = Registers
registers-documents = Register of documents
registers-plans = Plans
registers-statements-lists = Statements lists
registers-legal-basis = Legal basis

body-next = Next meeting:
body-no-next = none planned
body-meets = { $count ->
    [0] meets as needed
    [1] meets once a year
    [2] meets twice a year
   *[other] meets { $count } times a year
}
body-year-count = { $required ->
    [0] { $count ->
        [one] one regular meeting
       *[other] { $count } regular meetings
    }
    [1] { $count } of one regular meeting
   *[other] { $count } of { $required } regular meetings
}
body-cadence-label = Cadence
body-cadence-check = Cadence, year by year
body-cadence-none = No meeting is recorded, so there is no year to check.
body-cadence-met = meets the cadence
body-cadence-short = falls short
body-parents = Reports to
body-prepares-for = Prepares the drafts of
body-prepared-by = Its drafts are prepared by
body-below = Bodies reporting to it
body-chair-rotation = The representative of the chairing state, { $state }: term { $term } { $source }
body-chair-no-term = No chairmanship term is recorded for today.
body-chair-states = The representatives of the states that chair this body, whatever the rotation.
body-chair-host = The representative of the state hosting each meeting chairs it.
body-chair-office = The holder of this office chairs the body.
body-chair-election = The body elects its chair at each meeting.
body-documents-all = Its documents in the register ({ $count })
body-calendar = Its meetings as a calendar feed (iCalendar)

state-memberships = Memberships
state-no-memberships = No tie to an organisation is recorded.
state-chairmanships = Chairmanships
state-no-chairmanships = In the years the records reach, no rotation gives this state a term.
state-people = People and posts
state-no-people = No post of this state is recorded.
state-delegations = Delegations at meetings
state-no-delegations = No delegation of this state is recorded.
state-documents = Documents it sponsors
state-no-documents = No document is recorded.
state-documents-all = Its documents in the register ({ $count })

person-name-until = Named { $name } until { $day }
person-posts = Posts
person-no-posts = No post is recorded.
person-chaired-heading = Meetings chaired
person-meetings = Meetings attended
person-no-meetings = No delegation names this person.
person-in-delegation = Delegation:
person-as-head = (head of delegation)
person-as-member = (member)
person-chaired-derived = Chair of the meeting (derived from the chairmanship and the body's chair rule)
person-chaired-set = Chair of the meeting (set for this meeting)
