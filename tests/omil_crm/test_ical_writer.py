"""The iCalendar files the office writes read back, value for value, with icalendar (the
reference parser), whatever their texts hold: commas, semicolons, backslashes, line breaks,
accents and emoji, and lines long enough to be folded inside a character."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from omil_crm.base.ical import add_event, new_calendar, to_text, uid

SANTIAGO = ZoneInfo("America/Santiago")
# Letters, digits, punctuation, spaces, accents, emoji and line breaks; no other controls,
# which the format cannot carry.
TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\r\t"),
    max_size=300,
)


def one_event(**values) -> icalendar.Event:
    calendar = new_calendar("OMIL — Begoña Núñez")
    add_event(
        calendar,
        uid=uid("visita", 7),
        stamp=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        start=datetime(2026, 3, 10, 9, 30, tzinfo=SANTIAGO),
        **values,
    )
    raw = to_text(calendar)
    assert raw.startswith("BEGIN:VCALENDAR\r\n") and raw.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    parsed = icalendar.Calendar.from_ical(raw)
    assert str(parsed["x-wr-calname"]) == "OMIL — Begoña Núñez"
    [event] = parsed.walk("VEVENT")
    return event


def same_text(written: str) -> str:
    """What a reader sees of a written text: line breaks of any kind become one newline."""
    return written.replace("\r\n", "\n").replace("\r", "\n")


@given(summary=TEXTS, location=TEXTS, description=TEXTS)
def test_any_text_reads_back_unchanged(summary, location, description):
    event = one_event(summary=summary, location=location, description=description)
    assert str(event["summary"]) == same_text(summary)
    if location:
        assert str(event["location"]) == same_text(location)
    if description:
        assert str(event["description"]) == same_text(description)


def test_a_timed_event_is_written_in_utc_and_a_day_as_a_date():
    timed = one_event(summary="Visita a Maestranza Los Andes", url="https://omil.example.cl/v/7/")
    assert timed.decoded("dtstart") == datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
    assert timed.decoded("dtend") == datetime(2026, 3, 10, 13, 30, tzinfo=UTC)
    assert str(timed["url"]) == "https://omil.example.cl/v/7/"
    assert str(timed["uid"]) == "visita-7@omil-crm"

    calendar = new_calendar()
    add_event(
        calendar,
        uid=uid("seguimiento", 3),
        summary="Seguimiento: llamar a RR. HH.",
        stamp=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        start=date(2026, 3, 31),
        sequence=2,
        status="CANCELLED",
    )
    [day] = icalendar.Calendar.from_ical(to_text(calendar)).walk("VEVENT")
    assert day.decoded("dtstart") == date(2026, 3, 31)
    assert day.decoded("dtend") == date(2026, 3, 31) + timedelta(days=1)
    assert str(day["transp"]) == "TRANSPARENT"
    assert day["sequence"] == 2
    assert str(day["status"]) == "CANCELLED"


def test_a_long_line_is_folded_between_characters():
    # 2-, 3- and 4-byte characters across every possible cut.
    summary = "Reunión ñandú € 🏭 " * 20
    event = one_event(summary=summary)
    assert str(event["summary"]) == summary


def test_commas_and_semicolons_are_escaped_for_strict_clients():
    calendar = new_calendar()
    add_event(
        calendar,
        uid=uid("visita", 8),
        summary="Visita: planta 2, bodega; patio",
        stamp=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        start=date(2026, 3, 31),
        description="Llevar:\nficha\\RUT",
    )
    raw = to_text(calendar)
    assert "SUMMARY:Visita: planta 2\\, bodega\\; patio\r\n" in raw
    assert "DESCRIPTION:Llevar:\\nficha\\\\RUT\r\n" in raw
