"""A message whose parts nest without end is stored from its headers in bounded time, with a
note saying why its content was not read; ordinary nesting is still read in full."""

import pytest
from django.core.management import call_command

from requests_routing import inbox, mail_files
from requests_routing.inbox import ingest_email
from requests_routing.models import InboundEmail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

HEAD = (
    b"From: Avisos Automaticos <avisos@frigorifico-concon.cl>\r\n"
    b"To: omil@municipio.cl\r\n"
    b"Subject: =?utf-8?q?Notificaci=C3=B3n_de_corte_de_agua?=\r\n"
    b"Date: Wed, 10 Jun 2026 07:30:00 -0400\r\n"
    b"Message-ID: <corte-agua-anidado@frigorifico-concon.cl>\r\n"
    b"MIME-Version: 1.0\r\n"
)


def nested_multiparts(depth: int) -> bytes:
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="nivel-%d"\r\n\r\n--nivel-%d\r\n' % (n, n)
        for n in range(depth)
    )
    closing = b"".join(b"\r\n--nivel-%d--\r\n" % n for n in reversed(range(depth)))
    text = b"Content-Type: text/plain; charset=utf-8\r\n\r\nEl corte es el jueves."
    return HEAD + opening + text + closing


def nested_forwards(depth: int) -> bytes:
    forwards = b"Content-Type: message/rfc822\r\n\r\n" * depth
    return HEAD + forwards + b"Subject: reenviado\r\n\r\nEl corte es el jueves.\r\n"


def parsed_sizes(monkeypatch) -> list[int]:
    """The size of every message handed to the full parser."""
    sizes = []
    real = inbox.mail.parse_message

    def recording(raw, **limits):
        sizes.append(len(raw))
        return real(raw, **limits)

    monkeypatch.setattr(inbox.mail, "parse_message", recording)
    return sizes


def test_it_stores_an_endlessly_nested_message_from_its_headers_with_a_note(monkeypatch):
    raw = nested_multiparts(20_000)
    sizes = parsed_sizes(monkeypatch)

    email, created = ingest_email(raw=raw)

    email.refresh_from_db()
    assert created is True
    assert email.triage_state == InboundEmail.TriageState.NEW
    assert email.subject == "Notificación de corte de agua"
    assert email.sender == "avisos@frigorifico-concon.cl"
    assert "más de 250 partes anidadas" in email.text_body
    assert "Descargue el original" in email.text_body
    assert not email.attachments.exists()
    assert max(sizes) < 1024  # only the headers went through the parser
    assert bytes(email.raw) == raw


def test_it_bounds_a_chain_of_forwarded_messages_too(monkeypatch):
    sizes = parsed_sizes(monkeypatch)

    email, _ = ingest_email(raw=nested_forwards(5_000))

    assert "partes anidadas" in email.text_body
    assert max(sizes) < 1024


def test_import_eml_reports_the_nested_message_as_new_and_then_as_already_there(tmp_path, capsys):
    path = tmp_path / "anidado.eml"
    path.write_bytes(nested_multiparts(5_000))

    call_command("import_eml", str(path), str(path))

    out = capsys.readouterr().out
    assert "nuevo (correo n.°" in out and "Notificación de corte de agua" in out
    assert "ya estaba" in out
    assert InboundEmail.objects.count() == 1


def test_a_message_with_a_few_nested_parts_is_read_in_full():
    raw = nested_multiparts(mail_files.MAX_MIME_CONTAINERS - 1)

    email, _ = ingest_email(raw=raw)

    assert email.text_body == "El corte es el jueves."
