"""Forwarded mail: messages carried inside a mail (message/rfc822, digests, message/partial)
are read with their sender, date, subject, text and attachments, shown on the email page and
used to recognise the company and suggest the category."""

from datetime import datetime, timedelta, timezone

import pytest
from django.urls import reverse

from requests_routing.inbox import ingest_email
from requests_routing.mail import MAX_FORWARD_DEPTH, MAX_FORWARDED_MESSAGES, parse_message
from requests_routing.models import ForwardedEmail
from requests_routing.triage_hints import quoted_senders

CHILE_SUMMER = timezone(timedelta(hours=-3))

# The company's original mail, as its old mailer writes it: raw Latin-1 headers, no MIME words.
ORIGINAL = (
    "From: Ana Pérez <ana@bodegas.cl>\r\n"
    "To: omil@municipio.cl\r\n"
    "Subject: Solicitud de extracción de árboles en calle Ñuñoa\r\n"
    "Date: Tue, 24 Nov 2026 08:40:00 -0300\r\n"
    "Message-ID: <original-nunoa@bodegas.cl>\r\n"
    "MIME-Version: 1.0\r\n"
    'Content-Type: multipart/mixed; boundary="interior"\r\n\r\n'
    "--interior\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n\r\n"
    "Señores: pedimos la poda y extracción de dos árboles secos frente al portón de "
    "calle Ñuñoa.\r\n"
    "--interior\r\n"
    'Content-Type: application/pdf; name="Cotización año 2026.pdf"\r\n'
    'Content-Disposition: attachment; filename="Cotización año 2026.pdf"\r\n\r\n'
    "%PDF-1.4 cotización\r\n"
    "--interior--\r\n"
).encode("latin-1")


def forward(inner: bytes, *, sender="Rosa Ríos <rrios@municipio.cl>", text="") -> bytes:
    """A colleague's forward of `inner` as an attachment, as Outlook sends it."""
    boundary = f"exterior-{len(inner)}"  # each level of a nested forward has its own
    body = f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n--{boundary}\r\n"
    head = (
        f"From: {sender}\r\n"
        "To: omil@municipio.cl\r\n"
        "Subject: RV: Solicitud de extracción de árboles\r\n"
        "Date: Wed, 25 Nov 2026 10:05:00 -0300\r\n"
        f"Message-ID: <rv-{len(inner)}@municipio.cl>\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\n"
        f"{body if text else ''}"
        "Content-Type: message/rfc822\r\n"
        "Content-Disposition: attachment\r\n\r\n"
    )
    return head.encode() + inner + f"\r\n--{boundary}--\r\n".encode()


def test_it_reads_the_forwarded_messages_sender_date_subject_text_and_attachment():
    parsed = parse_message(forward(ORIGINAL))

    assert parsed.sender == "rrios@municipio.cl"
    assert parsed.text == ""
    [forwarded] = parsed.forwarded
    assert (forwarded.sender, forwarded.sender_name) == ("ana@bodegas.cl", "Ana Pérez")
    assert forwarded.subject == "Solicitud de extracción de árboles en calle Ñuñoa"
    assert forwarded.sent_at == datetime(2026, 11, 24, 8, 40, tzinfo=CHILE_SUMMER)
    assert forwarded.text == (
        "Señores: pedimos la poda y extracción de dos árboles secos frente al portón de "
        "calle Ñuñoa."
    )
    [attachment] = parsed.attachments
    assert attachment.filename == "Cotización año 2026.pdf"
    assert attachment.forwarded == 0
    assert attachment.content.startswith(b"%PDF-1.4")


def test_it_reads_each_member_of_a_digest():
    raw = (
        b"From: Lista Parque <lista@parquegulmue.cl>\r\nSubject: Resumen diario\r\n"
        b"Message-ID: <resumen-1@parquegulmue.cl>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/digest; boundary="resumen"\r\n\r\n'
        b"--resumen\r\n\r\n"
        b"From: Carlos Vega <carlos.vega@logisticaandes.cl>\r\nSubject: Luminaria apagada\r\n"
        b"Date: Mon, 23 Nov 2026 19:00:00 -0300\r\n\r\n"
        b"La luminaria del acceso norte no enciende.\r\n"
        b"--resumen\r\n\r\n"
        b"From: Marta Silva <msilva@alimentosdelvalle.cl>\r\nSubject: Micro basural\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        + "Hay un micro basural en la esquina de Ñandú.\r\n".encode()
        + b"--resumen--\r\n"
    )

    parsed = parse_message(raw)

    assert [(f.sender, f.subject, f.text) for f in parsed.forwarded] == [
        (
            "carlos.vega@logisticaandes.cl",
            "Luminaria apagada",
            "La luminaria del acceso norte no enciende.",
        ),
        (
            "msilva@alimentosdelvalle.cl",
            "Micro basural",
            "Hay un micro basural en la esquina de Ñandú.",
        ),
    ]
    assert parsed.attachments == []


def test_it_reads_a_message_sent_whole_as_a_single_partial():
    raw = (
        b"From: ana@bodegas.cl\r\nSubject: Parte 1/1\r\nMessage-ID: <parcial-1@bodegas.cl>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: message/partial; id="abc@bodegas.cl"; number=1; '
        b"total=1\r\n\r\n" + ORIGINAL
    )

    [forwarded] = parse_message(raw).forwarded

    assert forwarded.subject == "Solicitud de extracción de árboles en calle Ñuñoa"
    assert forwarded.sender == "ana@bodegas.cl"
    assert forwarded.note == ""
    assert "extracción de dos árboles secos" in forwarded.text


def test_a_later_fragment_of_a_split_message_says_the_rest_came_in_other_mails():
    raw = (
        b"From: ana@bodegas.cl\r\nSubject: Parte 2/3\r\nMessage-ID: <parcial-2@bodegas.cl>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: message/partial; id="abc@bodegas.cl"; number=2; '
        b"total=3\r\n\r\n" + "y también la luminaria de la esquina de Ñuñoa.\r\n".encode()
    )

    [forwarded] = parse_message(raw).forwarded

    assert forwarded.note == (
        "Parte 2 de 3 de un mensaje dividido en partes; las demás llegan en otros correos."
    )
    assert "la luminaria de la esquina de Ñuñoa." in forwarded.text


def test_a_forward_inside_a_forward_is_read_one_level_deeper():
    parsed = parse_message(forward(forward(ORIGINAL, text="Para su gestión.")))

    assert [(f.depth, f.sender) for f in parsed.forwarded] == [
        (1, "rrios@municipio.cl"),
        (2, "ana@bodegas.cl"),
    ]
    assert parsed.forwarded[0].text == "Para su gestión."
    assert [a.forwarded for a in parsed.attachments] == [1]


def test_endless_nesting_is_read_only_to_the_depth_limit_and_the_rest_kept_as_a_file():
    raw = ORIGINAL
    for _ in range(MAX_FORWARD_DEPTH + 3):
        raw = forward(raw)

    parsed = parse_message(raw)

    assert len(parsed.forwarded) == MAX_FORWARD_DEPTH
    assert [a.content_type for a in parsed.attachments] == ["message/rfc822"]


def test_a_digest_of_too_many_messages_reads_only_the_first_ones():
    members = b"".join(
        b"--r\r\n\r\nFrom: v%d@example.cl\r\nSubject: Aviso %d\r\n\r\nTexto.\r\n" % (i, i)
        for i in range(MAX_FORWARDED_MESSAGES + 5)
    )
    raw = (
        b"From: lista@parquegulmue.cl\r\nSubject: Resumen\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/digest; boundary="r"\r\n\r\n' + members + b"--r--\r\n"
    )

    parsed = parse_message(raw)

    assert len(parsed.forwarded) == MAX_FORWARDED_MESSAGES
    assert len(parsed.attachments) == 5


# Through the inbox and the email page -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_a_colleagues_forward_matches_the_original_senders_company_and_category(contact, pruning):
    email, created = ingest_email(raw=forward(ORIGINAL))

    assert created is True
    assert email.matched_company == contact.company
    assert email.matched_contact == contact
    assert email.matched_by_forward is True
    assert email.suggested_category == pruning
    [stored] = ForwardedEmail.objects.filter(email=email)
    assert stored.subject == "Solicitud de extracción de árboles en calle Ñuñoa"
    [attachment] = email.attachments.all()
    assert (attachment.filename, attachment.forwarded) == ("Cotización año 2026.pdf", stored)


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_the_senders_own_company_wins_over_the_forwarded_senders(contact, park):
    from companies.models import Company, Contact

    other = Company.objects.create(legal_name="Logística Andes SpA", park=park)
    own = Contact.objects.create(company=other, name="Carlos", email="carlos@logisticaandes.cl")

    email, _ = ingest_email(raw=forward(ORIGINAL, sender="carlos@logisticaandes.cl"))

    assert (email.matched_company, email.matched_contact) == (other, own)
    assert email.matched_by_forward is False


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_the_email_page_shows_the_forwarded_message_and_prefills_its_text(
    client, administrativa, contact, pruning
):
    email, _ = ingest_email(raw=forward(ORIGINAL, text="Les reenvío lo que llegó a mi correo."))
    client.force_login(administrativa)

    response = client.get(reverse("requests_routing:email_detail", args=[email.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Mensaje reenviado" in html
    assert "Ana Pérez &lt;ana@bodegas.cl&gt;" in html
    assert "24-11-2026 08:40" in html
    assert "Solicitud de extracción de árboles en calle Ñuñoa" in html
    assert "Cotización año 2026.pdf" in html
    assert "Reconocida por el mensaje reenviado" in html
    assert "(por: poda, árbol)" in html
    # The new request's description carries the forwarded text too.
    assert "De: Ana Pérez &lt;ana@bodegas.cl&gt;" in html
    assert "pedimos la poda y extracción de dos árboles secos" in html
    assert "\ufffd" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_the_email_page_with_forwarded_messages_runs_a_bounded_number_of_queries(
    client, administrativa, contact, django_assert_max_num_queries
):
    few, _ = ingest_email(raw=forward(ORIGINAL))
    many_raw = (
        b"From: lista@parquegulmue.cl\r\nSubject: Resumen\r\nMessage-ID: <muchos@x.cl>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/digest; boundary="r"\r\n\r\n'
        + b"".join(b"--r\r\n\r\n" + ORIGINAL + b"\r\n" for _ in range(8))
        + b"--r--\r\n"
    )
    many, _ = ingest_email(raw=many_raw)
    client.force_login(administrativa)
    with django_assert_max_num_queries(30) as few_queries:
        client.get(reverse("requests_routing:email_detail", args=[few.pk]))

    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        response = client.get(reverse("requests_routing:email_detail", args=[many.pk]))

    assert response.content.decode().count('data-testid="forwarded"') == 8


# Forwarded inline (pasted in the text, as Outlook and Gmail forward by default) -------------

GMAIL_INLINE = """Para su gestión.

---------- Mensaje reenviado ---------
De: Ana Pérez <ana@bodegas.cl>
Date: mar, 24 nov 2026 a las 8:40
Subject: Poda de árboles en calle Ñuñoa
To: <rrios@municipio.cl>

Pedimos la poda de dos árboles secos."""

OUTLOOK_INLINE = """Les reenvío la solicitud.

________________________________
De: Ana Pérez [mailto:Ana@Bodegas.cl]
Enviado el: martes, 24 de noviembre de 2026 8:40
Para: Rosa Ríos
Asunto: Poda de árboles en calle Ñuñoa

Pedimos la poda de dos árboles secos."""


@pytest.mark.parametrize("text", [GMAIL_INLINE, OUTLOOK_INLINE])
def test_it_finds_the_sender_of_a_message_forwarded_inline(text):
    assert quoted_senders(text) == ["ana@bodegas.cl"]


def test_a_line_that_merely_starts_with_de_is_not_a_forwarded_sender():
    text = "De: la gerencia, saludos.\nGracias por todo, ana@bodegas.cl lo confirma.\n"

    assert quoted_senders(text) == []


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_a_colleagues_inline_forward_matches_the_original_senders_company(contact, pruning):
    raw = (
        "From: Rosa Ríos <rrios@municipio.cl>\r\nTo: omil@municipio.cl\r\n"
        "Subject: RV: Poda de árboles en calle Ñuñoa\r\nMessage-ID: <rv-inline@municipio.cl>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n" + OUTLOOK_INLINE.replace("\n", "\r\n")
    ).encode()

    email, _ = ingest_email(raw=raw)

    assert (email.matched_company, email.matched_contact) == (contact.company, contact)
    assert email.matched_by_forward is True
    assert email.suggested_category == pruning


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_the_request_page_shows_the_forwarded_text_of_its_emails(
    client, administrativa, contact, pruning
):
    from requests_routing.services import inbound_email_create_request

    email, _ = ingest_email(raw=forward(ORIGINAL))
    created = inbound_email_create_request(
        email=email,
        actor=administrativa,
        company=contact.company,
        contact=contact,
        category=pruning,
        subject="Extracción de árboles en calle Ñuñoa",
    )
    client.force_login(administrativa)

    response = client.get(reverse("requests_routing:request_detail", args=[created.pk]))

    html = response.content.decode()
    assert "---------- Mensaje reenviado ----------" in html
    assert "extracción de dos árboles secos frente al portón" in html
