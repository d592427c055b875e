"""Hypothesis strategies for what a careless or hostile user can type into a form.

Every field strategy mixes a plausible value (so the success path is exercised too) with
values that must be refused: markup and script payloads, NUL and other control characters,
strings far past every max_length, numbers out of range, dates that do not exist, ids of
other people's objects, malformed RUTs.
"""

from datetime import date, datetime
from typing import NamedTuple

from hypothesis import strategies as st
from stdnum.cl import rut as stdnum_rut

# Markup and script payloads, reused by the browser test.
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{7*7}}",
    "</textarea><script>alert(1)</script>",
    '" onmouseover="alert(1)',
)
ODD_TEXT = (
    "",
    " ",
    "\t\r\n",
    "\u00a0",
    "\u200b",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\ufeff",
    "\U0001f4a9",
    "Ñandú Ñuñoa",
    "ǅ\u0301\u0301\u0301",
    "\u202egnp.exe",
    "NULL",
    "None",
    "'; DROP TABLE companies_company; --",
    "%s %(x)s {0}",
    "../../etc/passwd",
)


def long_text(lengths=(119, 121, 150, 151, 199, 200, 201, 255, 256, 301, 2001, 100_000)):
    """Strings around and far past the usual max_length values (120, 150, 200, 300, 2000)."""
    return st.tuples(st.sampled_from(lengths), st.sampled_from("xÁ<\U0001f4a9")).map(
        lambda pair: pair[1] * pair[0]
    )


def hostile_text():
    return st.one_of(
        st.sampled_from(PAYLOADS),
        st.sampled_from(ODD_TEXT),
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=20).map(lambda t: t + "\x00"),
        st.tuples(st.text(max_size=10), st.sampled_from(PAYLOADS)).map("".join),
        long_text(),
    )


def plain_text(max_size=60):
    """What a person usually types: letters, digits, spaces and Spanish punctuation."""
    alphabet = st.characters(
        codec="utf-8", categories=("Lu", "Ll", "Nd", "Zs", "Po"), exclude_characters="\x00"
    )
    return st.text(alphabet=alphabet, min_size=1, max_size=max_size).filter(str.strip)


class Field(NamedTuple):
    """How to fill one form field: with what a person would type, or with something hostile."""

    valid: st.SearchStrategy
    hostile: st.SearchStrategy


def text_field(max_length=None, *, optional=False):
    """A text field; with its max_length, text exactly that long is valid too and one
    character more is not."""
    valid = plain_text(min(max_length or 60, 60))
    hostile = hostile_text()
    if max_length:
        at_limit = st.sampled_from("xÑ<").map(lambda char: char * max_length)
        valid = st.one_of(valid, at_limit)
        hostile = st.one_of(hostile, at_limit.map(lambda text: text + "x"))
    if optional:
        valid = st.one_of(st.just(""), valid)
    return Field(valid, hostile)


def integer_field(low, high):
    return Field(
        st.integers(low, high).map(str),
        st.one_of(
            st.integers(-(10**30), 10**30).map(str),
            st.sampled_from(
                [
                    "",
                    "-1",
                    "1e9",
                    "NaN",
                    "inf",
                    "0x10",
                    "\u0661\u0662",
                    "1.5",
                    "2147483648",
                    "32768",
                ]
            ),
            hostile_text(),
        ),
    )


MALFORMED_DATES = (
    "",
    "2026-02-30",
    "2026-13-01",
    "31-12-2026",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-1-1",
    "hoy",
    "2026-04-05T00:00",
)
MALFORMED_DATETIMES = (
    "",
    "2026-02-30T10:00",
    "2026-04-01T25:00",
    "2026-04-01T10:61",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    # Chile's clock changes: a local time that does not exist and one that happens twice.
    "2026-09-06T00:30",
    "2026-04-04T23:30",
    "mañana a las 10",
    "2026-04-01 10:00:00+99:00",
)


def date_field(low=date(2000, 1, 1), high=date(2035, 12, 31)):
    return Field(
        st.dates(min_value=low, max_value=high).map(date.isoformat),
        st.one_of(st.sampled_from(MALFORMED_DATES), st.dates().map(date.isoformat), hostile_text()),
    )


def datetime_field(low=datetime(2024, 1, 1), high=datetime(2030, 12, 31)):
    return Field(
        st.datetimes(min_value=low, max_value=high).map(lambda t: t.strftime("%Y-%m-%dT%H:%M")),
        st.one_of(st.sampled_from(MALFORMED_DATETIMES), hostile_text()),
    )


def id_field(*valid_ids, wrong_ids=()):
    """A primary key: one of the given ones; or someone else's, an unknown one, not a number."""
    return Field(
        st.sampled_from([str(pk) for pk in valid_ids]),
        st.one_of(
            st.sampled_from([str(pk) for pk in wrong_ids] or ["0"]),
            st.integers(-5, 10**12).map(str),
            st.sampled_from(["", "0", "-1", "1.0", "9" * 30, "1 OR 1=1"]),
            hostile_text(),
        ),
    )


def choice_field(choices):
    return Field(st.sampled_from([str(value) for value in choices]), hostile_text())


def boolean_field():
    return Field(st.sampled_from(["on", ""]), hostile_text())


def valid_rut(number: int) -> str:
    digits = str(number)
    return f"{digits}-{stdnum_rut.calc_check_digit(digits)}"


def spellings(rut: str) -> list[str]:
    """The ways people type the same RUT: plain, with dots, without the hyphen, padded."""
    body, check = rut.split("-")
    dotted = f"{int(body):,}".replace(",", ".")
    return [rut, f"{dotted}-{check}", f"{body}{check}", f" {rut.lower()} "]


def rut_field(*taken):
    """New valid RUTs; taken ones (spelled differently), wrong check digits and garbage."""
    numbers = st.integers(1_000_000, 99_999_999)

    def wrong_digit(number):
        right = stdnum_rut.calc_check_digit(str(number))
        return f"{number}-{'1' if right != '1' else '2'}"

    hostile = [
        numbers.map(wrong_digit),
        st.sampled_from(["", "1-9", "0-0", "12.345.678", "12345678-K-K", "K", "-", "1" * 40]),
        hostile_text(),
    ]
    if taken:
        hostile.append(st.sampled_from([text for rut in taken for text in spellings(rut)]))
    return Field(numbers.map(valid_rut), st.one_of(*hostile))


MISSING = object()


@st.composite
def form_data(draw, fields: dict[str, Field]) -> dict[str, str]:
    """A POST body. A third of the bodies are all plausible, a third spoil one field (hostile
    or missing), a third spoil any number of them. A browser always sends the CSRF token, so
    a body is never completely empty."""
    mode = draw(st.sampled_from(["valid", "one", "any"]))
    spoiled = draw(st.sampled_from(sorted(fields))) if mode == "one" else None
    data = {"csrfmiddlewaretoken": "token"}
    for name, field in fields.items():
        if mode == "valid" or (mode == "one" and name != spoiled):
            value = draw(field.valid)
        elif mode == "one":
            value = draw(st.one_of(field.hostile, st.just(MISSING)))
        else:
            value = draw(st.one_of(field.valid, field.hostile, st.just(MISSING)))
        if value is not MISSING:
            data[name] = value
    return data
