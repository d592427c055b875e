"""Reading raw messages: the .eml corpus in eml/ covers each encoding, structure and failure."""

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from requests_routing.mail import (
    MessageParseError,
    content_hash,
    parse_message,
    safe_filename,
)
from requests_routing.mail_html import html_to_text
from tests.requests_routing.conftest import eml

CHILE_SUMMER = timezone(timedelta(hours=-3))


def names(parsed) -> list[str]:
    return [attachment.filename for attachment in parsed.attachments]


def test_plain_utf8_message_gives_subject_sender_recipients_date_and_accented_text():
    parsed = parse_message(eml("plain_utf8.eml"))

    assert parsed.subject == "Poda de arboles en calle Los Aromos"
    assert (parsed.sender, parsed.sender_name) == ("ana@bodegas.cl", "Ana Perez")
    assert parsed.to == "omil@municipio.cl, jefe@bodegas.cl"
    assert parsed.sent_at == datetime(2026, 11, 16, 9, 15, tzinfo=CHILE_SUMMER)
    assert parsed.message_id == "<plain-utf8-001@bodegas.cl>"
    assert "la poda de los árboles frente al portón 2" in parsed.text
    assert parsed.text.endswith("Ana Pérez\nBodegas de Prueba SpA")
    assert parsed.html == ""
    assert parsed.attachments == []


def test_multipart_alternative_gives_the_plain_text_and_the_html_part():
    parsed = parse_message(eml("alternative.eml"))

    assert parsed.subject == "Luminaria apagada en Avenida Industrial"
    assert (parsed.sender, parsed.sender_name) == ("carlos.vega@logisticaandes.cl", "Carlos Vega")
    assert parsed.text == (
        "Hola, la luminaria frente al N° 1450 está apagada hace una semana y de noche el "
        "acceso queda a oscuras.\nGracias."
    )
    assert parsed.html.startswith("<p>Hola, la <b>luminaria</b> frente al N° 1450 está")
    assert parsed.attachments == []


def test_pdf_attachment_named_in_rfc_2231_with_accents_is_decoded():
    parsed = parse_message(eml("mixed_pdf_rfc2231.eml"))

    assert parsed.subject == "Solicitud formal de poda (adjunto)"
    assert parsed.sender == "ana@bodegas.cl"
    assert parsed.text == "Adjuntamos la solicitud firmada por el gerente."
    [attachment] = parsed.attachments
    assert attachment.filename == "solicitud poda árboles.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.content.startswith(b"%PDF-1.4\n") and attachment.size == 69


def test_quoted_printable_iso_8859_1_body_and_q_encoded_headers_are_decoded():
    parsed = parse_message(eml("qp_latin1.eml"))

    assert parsed.subject == "Iluminación Pasaje Ñandú"
    assert (parsed.sender, parsed.sender_name) == ("jmunoz@metalurgica-sur.cl", "José Muñoz")
    assert parsed.text == (
        "Señores OMIL:\n\nPedimos revisar la iluminación del pasaje Ñandú; está oscuro desde "
        "el miércoles.\n\nAtte., José Muñoz"
    )
    assert parsed.attachments == []


def test_windows_1252_smart_quotes_dash_and_euro_sign_are_decoded():
    parsed = parse_message(eml("windows1252.eml"))

    assert parsed.subject == "Cotizacion ronda de patrullaje"
    assert parsed.sender == "msilva@alimentosdelvalle.cl"
    assert parsed.text == "Nos dijeron que la “ronda preventiva” cuesta 150€ al mes – ¿es así?"
    assert parsed.attachments == []


def test_8bit_body_labelled_iso_8859_1_but_written_in_windows_1252_keeps_its_euro_sign():
    raw = (
        b"From: Marta <msilva@alimentosdelvalle.cl>\r\nSubject: Precio\r\n"
        b"Message-ID: <mislabelled@x.cl>\r\n"
        b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n"
        b"\r\n\x93Cuesta\x94 150\x80 y es caf\xe9.\r\n"
    )

    parsed = parse_message(raw)

    assert parsed.subject == "Precio"
    assert parsed.sender == "msilva@alimentosdelvalle.cl"
    assert parsed.text == "“Cuesta” 150€ y es café."
    assert parsed.attachments == []


def test_base64_utf8_encoded_subject_sender_name_and_body_are_decoded():
    parsed = parse_message(eml("encoded_headers_b.eml"))

    assert parsed.subject == "Solicitud de poda de árboles – Bodegas Gulmué"
    assert (parsed.sender, parsed.sender_name) == ("ana@bodegas.cl", "Ana Pérez Muñoz")
    assert parsed.text == "Por favor podar los árboles del acceso norte."
    assert parsed.attachments == []


def test_html_only_mail_is_turned_into_readable_text_without_script_or_style():
    parsed = parse_message(eml("html_only_malicious.eml"))

    assert parsed.subject == "Aviso importante"
    assert parsed.sender == "soporte@proveedor-sospechoso.com"
    assert parsed.text == (
        "Aviso de corte\n\n"
        "Estimados vecinos & empresas:\nmañana no habrá recolección.\n\n"
        "Pinche aquí o visite el sitio (https://www.municipio.cl/avisos).\n\n"
        "- Calle 1\n- Calle 2"
    )
    assert parsed.attachments == []


def test_html_is_sanitised_of_scripts_event_handlers_javascript_links_and_remote_images():
    parsed = parse_message(eml("html_only_malicious.eml"))
    html = parsed.html.lower()

    assert "<script" not in html and "steal()" not in html and "document.cookie" not in html
    assert not re.search(r"\son[a-z]+\s*=", html)  # onclick, onerror, onload, onmouseover
    assert "javascript:" not in html
    assert "<img" not in html and "tracker.example" not in html
    assert "<iframe" not in html and "<style" not in html
    assert '<a href="https://www.municipio.cl/avisos" rel="noopener noreferrer nofollow">' in html
    assert "<strong>no habrá</strong>" in html


def test_message_without_message_id_gets_a_stable_id_made_from_its_content_hash():
    raw = eml("no_message_id.eml")

    parsed = parse_message(raw)

    assert parsed.message_id == f"<{content_hash(raw)}@omil.local>"
    assert parsed.content_hash == content_hash(raw)
    assert parsed.subject == "Microbasural en la esquina"
    assert parsed.sender == "pedro@quimicaconcon.cl"
    assert parsed.text == "Hay un microbasural en la esquina de Calle 3 con Calle 5."
    assert parsed.attachments == []


def test_reply_keeps_in_reply_to_references_and_the_request_reference_in_the_subject():
    parsed = parse_message(eml("reply.eml"))

    assert parsed.subject == "RE: [SOL-2026-00042] Poda de arboles"
    assert parsed.in_reply_to == "<ack-42.1764000000@municipio.cl>"
    assert parsed.references == "<first-0001@bodegas.cl> <ack-42.1764000000@municipio.cl>"
    assert parsed.sender == "ana@bodegas.cl"
    assert parsed.text.startswith("Gracias, quedamos atentos a la fecha de la poda.")
    assert parsed.attachments == []


def with_attachments(*files: tuple[str, bytes]) -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "Ana Perez <ana@bodegas.cl>"
    message["To"] = "omil@municipio.cl"
    message["Subject"] = "Planos"
    message["Message-ID"] = "<planos@bodegas.cl>"
    message.set_content("Van los planos.")
    for name, content in files:
        message.add_attachment(content, maintype="application", subtype="pdf", filename=name)
    return message.as_bytes()


def test_attachment_over_the_per_file_limit_is_left_out_and_noted_in_the_text():
    raw = with_attachments(("plano grande.pdf", b"x" * 3_000_000), ("carta.pdf", b"y" * 10))

    parsed = parse_message(raw, max_attachment_bytes=2_000_000, max_message_bytes=10_000_000)

    assert parsed.subject == "Planos"
    assert parsed.sender == "ana@bodegas.cl"
    assert names(parsed) == ["carta.pdf"]
    assert parsed.skipped_attachments == [("plano grande.pdf", 3_000_000)]
    assert parsed.text == (
        "Van los planos.\n\n[Adjunto omitido por tamaño: plano grande.pdf (2,9 MB)]"
    )


def test_attachments_beyond_the_per_message_total_are_left_out_and_noted_in_the_text():
    raw = with_attachments(("a.pdf", b"a" * 600), ("b.pdf", b"b" * 600), ("c.pdf", b"c" * 300))

    parsed = parse_message(raw, max_attachment_bytes=1000, max_message_bytes=1000)

    assert parsed.subject == "Planos"
    assert parsed.sender == "ana@bodegas.cl"
    assert names(parsed) == ["a.pdf", "c.pdf"]
    assert "[Adjunto omitido: los adjuntos del correo superan 1 KB: b.pdf (1 KB)]" in parsed.text


def test_multipart_whose_boundary_never_appears_is_read_as_text_and_the_defect_noted():
    parsed = parse_message(eml("malformed_boundary.eml"))

    assert parsed.subject == "Bache en el acceso"
    assert parsed.sender == "carlos.vega@logisticaandes.cl"
    assert "Hay un bache grande en el acceso poniente." in parsed.text
    assert "StartBoundaryNotFoundDefect" in parsed.defects
    assert parsed.attachments == []


def test_garbage_headers_raw_utf8_subject_and_a_bad_date_still_give_a_readable_message():
    parsed = parse_message(eml("garbage_headers.eml"))

    assert parsed.subject == "Señalética caída"
    assert (parsed.sender, parsed.sender_name) == ("jmunoz@metalurgica-sur.cl", "José Muñoz")
    assert parsed.sent_at is None
    assert parsed.text.endswith("El letrero de PARE está en el suelo.")
    assert parsed.defects == ["MissingHeaderBodySeparatorDefect"]
    assert parsed.attachments == []


def test_bytes_that_are_not_an_email_raise_a_parse_error_that_says_why():
    with pytest.raises(MessageParseError, match="No es un correo"):
        parse_message(eml("not_an_email.eml"))


def test_an_empty_message_raises_a_parse_error():
    with pytest.raises(MessageParseError, match="vacío"):
        parse_message(b"\r\n \r\n")


def test_attachment_names_with_folders_become_plain_safe_names():
    parsed = parse_message(eml("evil_names.eml"))

    assert parsed.subject == "Archivos"
    assert parsed.sender == "pedro@quimicaconcon.cl"
    assert parsed.text == "Van dos archivos."
    assert names(parsed) == ["passwd", "evil.exe"]
    assert parsed.attachments[0].content == b"root:x:0:0:root:/root:/bin/bash"


def test_attachment_named_with_an_rfc_2047_encoded_word_is_decoded():
    parsed = parse_message(eml("attachment_rfc2047_name.eml"))

    assert parsed.subject == "Foto de la luminaria"
    assert parsed.sender == "msilva@alimentosdelvalle.cl"
    assert parsed.text == "Envío la foto."
    [attachment] = parsed.attachments
    assert (attachment.filename, attachment.content_type) == (
        "Fotografía luminaria.png",
        "image/png",
    )
    assert attachment.content.startswith(b"\x89PNG")


def test_forwarded_message_is_read_with_its_sender_date_subject_and_text():
    parsed = parse_message(eml("forwarded.eml"))

    assert parsed.subject == "Fwd: Reclamo de un vecino"
    assert parsed.sender == "ana@bodegas.cl"
    assert parsed.text == "Les reenvío el reclamo que nos llegó."
    assert parsed.attachments == []
    [forwarded] = parsed.forwarded
    assert (forwarded.sender, forwarded.sender_name) == ("vecino@example.cl", "Vecino")
    assert forwarded.subject == "Ruido de camiones"
    assert forwarded.sent_at == datetime(2026, 11, 27, 23, 0, tzinfo=CHILE_SUMMER)
    assert forwarded.text == "Los camiones pasan de noche."


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\evil.exe", "evil.exe"),
        (".htaccess", "htaccess"),
        ("...", "adjunto"),
        ("informe\x00\r\n final.pdf", "informe final.pdf"),
        ('a<b>c:"d|e?f*.txt', "a_b_c__d_e_f_.txt"),
    ],
)
def test_safe_filename_removes_folders_leading_dots_and_forbidden_characters(given, expected):
    assert safe_filename(given) == expected


def test_safe_filename_shortens_long_names_keeping_the_extension():
    name = safe_filename("a" * 300 + ".pdf")

    assert len(name) == 120 and name.endswith("a.pdf")


def test_html_to_text_keeps_paragraphs_and_line_breaks_and_unescapes_entities():
    text = html_to_text("<div>Uno&nbsp;&amp;&#32;dos</div><p>tres<br/>cuatro</p>cinco")

    assert text == "Uno & dos\n\ntres\ncuatro\n\ncinco"


def test_sent_at_without_a_zone_is_read_as_utc():
    raw = b"From: a@b.cl\r\nDate: Mon, 16 Nov 2026 09:15:00 -0000\r\n\r\nx\r\n"

    assert parse_message(raw).sent_at == datetime(2026, 11, 16, 9, 15, tzinfo=UTC)
