"""Real mail's encodings: raw 8-bit headers, mixed and mislabelled bodies, gb2312 that is GBK.

Each fixture is built here, byte by byte, the way the failing mailers write it.
"""

import base64

import pytest
from django.urls import reverse

from requests_routing.inbox import ingest_email
from requests_routing.mail import parse_message
from requests_routing.mail_charsets import decode_body_bytes, decode_header_bytes

SUBJECT = "Solicitud de extracción de árboles en calle Ñuñoa"
FILENAME = "Cotización año 2026.pdf"


def raw_8bit_mail(encoding: str, *, declared: str | None) -> bytes:
    """A mail whose Subject, sender name and attachment name are raw bytes in `encoding`."""
    charset = f"; charset={declared}" if declared else ""
    head = (
        f"From: José Muñoz <jmunoz@metalurgica-sur.cl>\r\n"
        f"To: omil@municipio.cl\r\n"
        f"Subject: {SUBJECT}\r\n"
        f"Message-ID: <ocho-bits-{encoding}@metalurgica-sur.cl>\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="corte"\r\n\r\n'
        "--corte\r\n"
        f"Content-Type: text/plain{charset}\r\n\r\n"
        "Adjunto la cotización del año.\r\n"
        "--corte\r\n"
        f'Content-Type: application/pdf; name="{FILENAME}"\r\n'
        f'Content-Disposition: attachment; filename="{FILENAME}"\r\n\r\n'
        "%PDF-1.4 cotización\r\n"
        "--corte--\r\n"
    )
    return head.encode(encoding)


def test_it_reads_raw_utf8_headers_and_file_names():
    parsed = parse_message(raw_8bit_mail("utf-8", declared="utf-8"))

    assert parsed.subject == SUBJECT
    assert parsed.sender_name == "José Muñoz"
    assert parsed.sender == "jmunoz@metalurgica-sur.cl"
    assert [a.filename for a in parsed.attachments] == [FILENAME]


def test_it_reads_raw_latin1_headers_and_file_names_without_replacement_characters():
    parsed = parse_message(raw_8bit_mail("latin-1", declared="iso-8859-1"))

    assert parsed.subject == SUBJECT
    assert parsed.sender_name == "José Muñoz"
    assert [a.filename for a in parsed.attachments] == [FILENAME]
    assert parsed.text == "Adjunto la cotización del año."


def test_it_reads_raw_latin1_headers_as_windows_1252_when_nothing_is_declared():
    parsed = parse_message(raw_8bit_mail("cp1252", declared=None))

    assert parsed.subject == SUBJECT
    assert parsed.sender_name == "José Muñoz"
    assert [a.filename for a in parsed.attachments] == [FILENAME]
    assert "\ufffd" not in parsed.subject + parsed.sender_name + parsed.text


def test_it_reads_raw_headers_in_the_declared_charset_when_they_are_not_utf8():
    raw = (
        "From: Светлана <svetlana@logistica.cl>\r\nSubject: Поставка в Конкон\r\n"
        "Message-ID: <cirilico@logistica.cl>\r\n"
        "Content-Type: text/plain; charset=koi8-r\r\n\r\nСпасибо\r\n"
    ).encode("koi8-r")

    parsed = parse_message(raw)

    assert parsed.subject == "Поставка в Конкон"
    assert parsed.sender_name == "Светлана"
    assert parsed.text == "Спасибо"


def test_header_bytes_follow_utf8_then_declared_then_windows_1252():
    assert decode_header_bytes("Ñuñoa".encode(), "iso-8859-15") == "Ñuñoa"
    assert decode_header_bytes("Ñuñoa €".encode("iso-8859-15"), "iso-8859-15") == "Ñuñoa €"
    assert decode_header_bytes("Ñuñoa €".encode("cp1252"), "us-ascii") == "Ñuñoa €"
    assert decode_header_bytes(b"\x81", None) == "\x81"  # unassigned in cp1252, never U+FFFD


def test_it_reads_a_utf8_body_with_a_latin1_disclaimer_appended_piece_by_piece():
    body = (
        "Atención señores OMIL: solicitamos la poda del árbol del portón.\r\n".encode()
        + "-- \r\nAVISO: este correo es confidencial. Atención a su contenido.\r\n".encode(
            "latin-1"
        )
    )
    raw = (
        b"From: Ana <ana@bodegas.cl>\r\nSubject: Poda\r\nMessage-ID: <mixto@bodegas.cl>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body
    )

    parsed = parse_message(raw)

    assert parsed.text == (
        "Atención señores OMIL: solicitamos la poda del árbol del portón.\n--\n"
        "AVISO: este correo es confidencial. Atención a su contenido."
    )
    assert "Ã" not in parsed.text


def test_it_reads_latin1_text_under_a_utf8_label_as_latin_text():
    text = "Solicitamos retiro de escombros en calle Ñuñoa, frente a la bodega N° 12."

    assert decode_body_bytes(text.encode("latin-1"), "utf-8") == text


def test_it_reads_text_labelled_gb2312_that_is_really_gbk():
    # «镕» and «後» are in GBK but not in GB 2312.
    body = "贵公司朱镕基先生：後续的订单请发送至 Concón 办公室。".encode("gbk")
    raw = (
        b"From: =?gb2312?B?" + base64.b64encode("朱镕基".encode("gbk")) + b"?= "
        b"<wang@proveedor.cn>\r\nSubject: Pedido\r\nMessage-ID: <gbk@proveedor.cn>\r\n"
        b"Content-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + body
    )

    parsed = parse_message(raw)

    assert parsed.text == "贵公司朱镕基先生：後续的订单请发送至 Concón 办公室。"
    assert parsed.sender_name == "朱镕基"


def test_it_asks_the_detector_when_the_declared_charset_lies_about_a_non_latin_script():
    text = (
        "Добрый день! Наш склад в Конконе просит вывезти мусор у ворот номер два. "
        "Спасибо за помощь, с уважением, Светлана Петрова, отдел логистики."
    )

    assert decode_body_bytes(text.encode("cp1251"), "utf-8") == text


def test_it_never_takes_the_detectors_central_european_reading_of_spanish():
    text = "Señores: el año pasado pedimos la poda en Ñuñoa y aún no llega respuesta."

    assert decode_body_bytes(text.encode("cp1252"), None) == text
    assert decode_body_bytes(text.encode("cp1252"), "x-desconocido") == text


def test_it_decodes_an_rfc_2047_word_with_an_unknown_charset_without_failing():
    raw = (
        b"From: ana@bodegas.cl\r\nSubject: =?x-inventado?Q?Poda_de_=E1rboles?=\r\n"
        b"Message-ID: <raro@bodegas.cl>\r\n\r\nTexto.\r\n"
    )

    assert parse_message(raw).subject == "Poda de árboles"


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_the_inbox_stores_and_shows_raw_latin1_headers_as_written(client, administrativa):
    email, _ = ingest_email(raw=raw_8bit_mail("latin-1", declared="iso-8859-1"))
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()

    email.refresh_from_db()
    assert email.subject == SUBJECT
    assert email.sender_name == "José Muñoz"
    assert [a.filename for a in email.attachments.all()] == [FILENAME]
    assert SUBJECT in html and FILENAME in html and "José Muñoz" in html
    assert "\ufffd" not in html
