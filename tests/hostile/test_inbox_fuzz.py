"""The inbox fed a fuzzed corpus: the messages of tests/requests_routing/eml/ cut, spliced and
corrupted (truncated headers, broken MIME boundaries, bogus charsets, invalid base64 and
quoted-printable, deep multipart nesting, huge headers, NULs, binary junk), and plain junk.

Property: ingestion (`ingest_email`, and the `import_eml` command) never raises; every input
ends as one stored InboundEmail, either read or kept as failed with its reason; what is stored
fits its columns on PostgreSQL; attachments stay inside their folder; the same bytes ingested
again add nothing.
"""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from hypothesis import event, given
from hypothesis import strategies as st

from requests_routing.inbox import ingest_email
from requests_routing.models import EmailAttachment, InboundEmail
from tests.hostile.conftest import hostile
from tests.hostile.support import assert_storable, changes, rolled_back, snapshot
from tests.requests_routing.conftest import EML_DIR

pytestmark = pytest.mark.django_db

CORPUS = {path.name: path.read_bytes() for path in sorted(EML_DIR.glob("*.eml"))}
BOGUS_CHARSETS = [
    b"x-bogus",
    b"utf-7",
    b'""',
    b"unknown-8bit",
    b"utf-16",
    b"\xff\xfe",
    b"iso-2022-jp",
    b"utf-8\x00",
    b"a" * 300,
]
BROKEN_WORDS = [
    b"=?utf-8?b?!!!?=",
    b"=?x-bogus?q?abc?=",
    b"=?utf-8?q?=ZZ=?=",
    b"=?utf-8?b?" + b"QUFB" * 5000 + b"?=",
    b"=?\xff?b?YQ==?=",
]


def at(draw, raw: bytes) -> int:
    return draw(st.integers(0, len(raw)))


def truncate(draw, raw):
    return raw[: at(draw, raw)]


def insert_junk(draw, raw):
    where = at(draw, raw)
    return raw[:where] + draw(st.binary(min_size=1, max_size=40)) + raw[where:]


def insert_nuls(draw, raw):
    where = at(draw, raw)
    return raw[:where] + b"\x00" * draw(st.integers(1, 8)) + raw[where:]


def nul_in_addresses(draw, raw):
    """A NUL inside the Message-ID or the sender's address, which are looked up as they are."""
    name = draw(st.sampled_from([b"Message-ID", b"From"]))
    pattern = rb"(?im)^(" + name + rb":[^\r\n@]*)@"
    return re.sub(pattern, lambda found: found.group(1) + b"\x00@", raw, count=1)


def drop_blank_line(draw, raw):
    return re.sub(rb"\r?\n\r?\n", b"\n", raw, count=1)


def break_boundaries(draw, raw):
    replacement = draw(st.sampled_from([b"", b'"', b"other", b"--", b"x" * 200, b"\x00"]))
    return re.sub(rb'boundary="?([^";\r\n]+)"?', b"boundary=" + replacement, raw)


def bogus_charset(draw, raw):
    charset = draw(st.sampled_from(BOGUS_CHARSETS))
    return re.sub(rb'charset="?[\w-]+"?', b"charset=" + charset, raw)


def break_transfer_encoding(draw, raw):
    swapped = draw(st.sampled_from([b"base64", b"quoted-printable", b"x-uuencode", b"8bit"]))
    raw = re.sub(rb"(?i)(content-transfer-encoding:\s*)[\w-]+", rb"\g<1>" + swapped, raw)
    where = at(draw, raw)
    return raw[:where] + draw(st.sampled_from([b"=ZZ", b"!!!$$", b"=\r\n=", b"===="])) + raw[where:]


def broken_header(draw, raw):
    name = draw(st.sampled_from([b"Subject", b"From", b"Message-ID", b"Date", b"To", b"Reply-To"]))
    value = draw(
        st.one_of(
            st.sampled_from(BROKEN_WORDS),
            st.sampled_from(
                [
                    b"<<<@@@>>>",
                    b"99 Foo 99999 99:99:99 +9999",
                    b"<" + b"a" * 2000 + b">",
                    b"<a\x00b@bodegas.cl>",
                    b"Ana \x00 <ana\x00@bodegas.cl>",
                ]
            ),
            st.binary(max_size=60).map(lambda junk: junk.replace(b"\n", b" ")),
        )
    )
    return name + b": " + value + b"\r\n" + raw


def huge_header(draw, raw):
    size = draw(st.sampled_from([999, 5_000, 100_000]))
    folded = draw(st.booleans())
    value = b"\r\n ".join([b"A" * 70] * (size // 70)) if folded else b"A" * size
    name = draw(st.sampled_from([b"Subject", b"X-Relleno", b"From", b"In-Reply-To", b"References"]))
    return name + b": " + value + b"\r\n" + raw


def nest_multiparts(draw, raw):
    for level in range(draw(st.integers(1, 60))):
        boundary = f"nivel-{level}".encode()
        raw = (
            b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary
            + b"\r\n" + raw + b"\r\n--" + boundary + b"--\r\n"
        )  # fmt: skip
    return b"From: a@b.cl\r\nMIME-Version: 1.0\r\n" + raw


MUTATIONS = [
    truncate,
    insert_junk,
    insert_nuls,
    nul_in_addresses,
    drop_blank_line,
    break_boundaries,
    bogus_charset,
    break_transfer_encoding,
    broken_header,
    huge_header,
    nest_multiparts,
]


@st.composite
def malformed_messages(draw) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        event("pure junk")
        return draw(st.binary(max_size=300))
    name = draw(st.sampled_from(sorted(CORPUS)))
    raw = CORPUS[name]
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        raw = mutation(draw, raw)
    return raw


def assert_attachments_inside_their_folder(email: InboundEmail) -> None:
    media = settings.MEDIA_ROOT.resolve()
    for attachment in EmailAttachment.objects.filter(email=email):
        stored = (media / attachment.file.name).resolve()
        assert stored.parent == media / "inbox" / str(email.pk), attachment.file.name
        assert stored.is_file()


@hostile(max_examples=120)
@given(raw=malformed_messages(), through_command=st.booleans())
def test_no_message_breaks_ingestion(tmp_path, raw, through_command):
    with rolled_back():
        before = snapshot()
        if through_command:
            path = tmp_path / "correo.eml"
            path.write_bytes(raw)
            call_command("import_eml", str(path), stdout=io.StringIO(), stderr=io.StringIO())
            email = InboundEmail.objects.get()
        else:
            email, created = ingest_email(raw=raw)
            assert created
        stored = changes(before, snapshot())
        assert_storable(stored)
        if email.triage_state == InboundEmail.TriageState.FAILED:
            event("kept as failed")
            assert email.failure_reason
        else:
            event("ingested")
        assert bytes(email.raw) == raw
        assert_attachments_inside_their_folder(email)

        again, created = ingest_email(raw=raw)

        assert (again.pk, created) == (email.pk, False)
        assert InboundEmail.objects.count() == 1
