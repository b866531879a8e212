# Forms of the pages, and what they answer.
venue-time = { $city } time, UTC{ $offset }
duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
duration-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
silence-left = { $span } left
silence-opened = Opened { $at } by { $by }
silence-objection-by = Objection by { $state }, received { $at }
silence-amendment-by = Amendment proposed by { $state }, received { $at }
silence-break = Break the silence
silence-break-kind = What your state sends
silence-kind-objection = an objection
silence-kind-amendment = an amendment to the text
silence-break-text = The objection, or the amended text
silence-break-submit = Send to the Secretariat
silence-open-title = Open a silence procedure
silence-deadline-in = Deadline ({ $zone })
silence-open-submit = Open the procedure
document-steps = Steps
document-circulate = Circulate to the member states
document-agree = Record that the states agree
document-withdraw = Withdraw the document
position-record = Record a position
position-record-for = Position of { $state }
position-on-behalf-of = On behalf of
position-text = Text of the reservation or objection
position-text-hint = A reservation or an objection needs its text; the other positions need none.
position-submit = Record the position
error-position_text_required = A reservation or an objection needs its text.
error-invalid_position = Choose one of the positions.
error-state_required = Choose the state on whose behalf this is recorded.
error-invalid_state = Choose a state from the list.
error-not_open_for_positions = Positions are taken once the document is circulated and until it is decided.
error-invalid_deadline = Give the deadline's day and time.
error-deadline_in_past = The deadline must lie in the future.
error-deadline_too_far = A silence procedure runs for at most a year.
error-text_required = Write the objection or the amended text.
error-silence_closed = The silence procedure is closed: no objection can be received any more.
error-invalid_kind = Choose an objection or an amendment.
error-control_character = This text holds a character that cannot be stored (a control character).
error-not_a_member_on_the_day = This state is not a member of the body on that day.
error-takes_no_position = This state takes no position on this document.
error-stale_version = Someone changed this meanwhile. Their text is shown; yours is kept below.
revision-original = original text
choose-state = — choose the state —
document-withdraw-confirm = Withdraw this document? It cannot be taken back.

# Refusals that every form can meet, said once for all of them.
error-duplicate = This key is taken already: choose another.
error-invalid_action = This form has no such step.
error-invalid_key = A key is made of lower-case Latin letters, digits and hyphens.
error-invalid_language = Choose one of the working languages.
error-title_required = Give the title in at least one language.
error-unknown_reference = Something named here is not in the record: choose it from the list.
