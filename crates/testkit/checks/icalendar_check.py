"""Parses an iCalendar feed with the Python `icalendar` package and checks the instants it gives.

Usage: icalendar_check.py FEED.ics UID=INSTANT ...

Each UID=INSTANT asks that the event with that UID start at that UTC instant (ISO 8601, `Z`), both as the parser
reads it (which may take an IANA TZID from its own zone database) and as the feed's own VTIMEZONE defines the zone
(read with `Timezone.to_tz()`), so that a wrong VTIMEZONE fails too. The feed must parse strictly, hold a VTIMEZONE for every TZID its events name, and every event a UID, DTSTAMP and DTSTART. Exit status
0 when all holds; otherwise the first failure is printed and the status is 1.
"""

import datetime
import sys

import icalendar


def fail(message):
    print(f"icalendar check failed: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    path, *wanted = sys.argv[1:]
    with open(path, "rb") as f:
        raw = f.read()
    for number, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 75:
            fail(f"line {number} has {len(line)} octets, more than 75")
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except ValueError as e:
        fail(f"does not parse: {e}")
    if calendar.errors:
        fail(f"parse errors: {calendar.errors}")
    zones = {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE")}
    starts = {}
    defined = {}
    for event in calendar.walk("VEVENT"):
        if event.errors:
            fail(f"errors in an event: {event.errors}")
        for name in ("UID", "DTSTAMP", "DTSTART"):
            if name not in event:
                fail(f"an event has no {name}")
        start = event["DTSTART"]
        tzid = start.params.get("TZID")
        if tzid is not None and tzid not in zones:
            fail(f"{event['UID']} names TZID {tzid}, which no VTIMEZONE defines ({sorted(zones)})")
        starts[str(event["UID"])] = start.dt
        if tzid is not None:
            # The local time as written, read in the zone as this feed defines it.
            local = datetime.datetime.strptime(event["DTSTART"].to_ical().decode(), "%Y%m%dT%H%M%S")
            own = zones[tzid].to_tz(lookup_tzid=False)
            defined[str(event["UID"])] = local.replace(tzinfo=own)
    for want in wanted:
        uid, instant = want.split("=", 1)
        if uid not in starts:
            fail(f"no event {uid}")
        got = starts[uid]
        if not isinstance(got, datetime.datetime) or got.tzinfo is None:
            fail(f"{uid} starts at {got!r}, not at an instant")
        expected = datetime.datetime.fromisoformat(instant.replace("Z", "+00:00"))
        if got.astimezone(datetime.timezone.utc) != expected:
            fail(f"{uid} starts at {got.astimezone(datetime.timezone.utc).isoformat()}, not {expected.isoformat()}")
        own = defined.get(uid)
        if own is None or own.astimezone(datetime.timezone.utc) != expected:
            shown = own.astimezone(datetime.timezone.utc).isoformat() if own else "nothing"
            fail(f"by the feed's own VTIMEZONE, {uid} starts at {shown}, not {expected.isoformat()}")
    print(f"icalendar {icalendar.__version__}: {len(starts)} events, zones {sorted(zones)}, {len(wanted)} instants right")


main()
