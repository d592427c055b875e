"""How fast `import_eml` reads saved mail: a first import and a re-import of the same files,
and how long a message nested without end takes to be stored.

A few hundred Spanish messages are generated (plain text, HTML with text, some with a PDF or a
spreadsheet attached) and imported through the command, as the office would, inside one
transaction that is rolled back at the end: the database keeps nothing and attachments go to a
temporary folder. `.venv/bin/python -m tests.bench.mail_import` on a migrated database (`make
bench` runs it). It prints one table and writes it to var/bench/mail_import.md; it measures,
it never fails because of a time.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omil_crm.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from requests_routing.inbox import ingest_email  # noqa: E402
from requests_routing.mail_files import too_deeply_nested  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

COMPANIES = (
    ("Metalúrgica del Pacífico", "metalpac.cl"),
    ("Bodegas Quintero Ltda.", "bodegasquintero.cl"),
    ("Transportes Ñandú", "transnandu.cl"),
    ("Envases Gulmué S.A.", "envasesgulmue.cl"),
)
TOPICS = (
    ("Poda de árboles en el acceso norte", "Las ramas tapan la luminaria del portón."),
    ("Luminaria apagada en calle Los Peumos", "Desde el lunes no enciende el poste 14."),
    ("Retiro de escombros frente a la bodega", "Quedó un cerro de escombros en la vereda."),
    ("Demarcación del paso peatonal", "La pintura del cruce ya no se ve de noche."),
    ("Vacante: operario de grúa horquilla", "Necesitamos dos operarios con licencia D."),
)


def generated_message(number: int) -> bytes:
    company, domain = COMPANIES[number % len(COMPANIES)]
    subject, line = TOPICS[number % len(TOPICS)]
    message = EmailMessage()
    message["From"] = f"Encargada de Operaciones <operaciones{number}@{domain}>"
    message["To"] = "omil@municipio.cl"
    message["Subject"] = f"{subject} (n.° {number})"
    message["Date"] = f"Mon, {1 + number % 28:02d} Jun 2026 09:{number % 60:02d}:00 -0400"
    message["Message-ID"] = f"<bench-{number}@{domain}>"
    text = f"Estimados:\n\n{line}\n\nQuedamos atentos.\n{company}\n" * 3
    message.set_content(text)
    if number % 2:
        message.add_alternative(f"<p>{line}</p><p>Quedamos atentos.<br>{company}</p>", "html")
    if number % 5 == 0:
        pdf = b"%PDF-1.4\n% cotizacion\n" + bytes(range(256)) * 40
        message.add_attachment(pdf, "application", "pdf", filename=f"cotizacion-{number}.pdf")
    if number % 7 == 0:
        csv = "Nombre;Cargo\nJosé Muñoz;Operario\n".encode() * 50
        message.add_attachment(csv, "text", "csv", filename="dotación.csv")
    return message.as_bytes()


def nested_message(depth: int) -> bytes:
    head = (
        b"From: Sistema <avisos@ejemplo.cl>\r\nTo: omil@municipio.cl\r\n"
        b"Subject: Aviso anidado\r\nMessage-ID: <anidado@ejemplo.cl>\r\nMIME-Version: 1.0\r\n"
    )
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="capa%d"\r\n\r\n--capa%d\r\n' % (level, level)
        for level in range(depth)
    )
    closing = b"".join(b"\r\n--capa%d--\r\n" % level for level in reversed(range(depth)))
    return head + opening + b"Content-Type: text/plain\r\n\r\nhola" + closing


def import_files(paths: list[str]) -> float:
    started = time.perf_counter()
    call_command("import_eml", *paths, stdout=io.StringIO(), stderr=io.StringIO())
    return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Velocidad de importación de correos .eml.")
    parser.add_argument("--correos", type=int, default=300)
    parser.add_argument("--profundidad", type=int, default=20_000)
    parser.add_argument("--salida", default=str(ROOT / "var" / "bench" / "mail_import.md"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="omil-bench-eml-") as folder:
        paths = []
        for number in range(args.correos):
            path = Path(folder) / f"correo-{number:04d}.eml"
            path.write_bytes(generated_message(number))
            paths.append(str(path))
        nested = nested_message(args.profundidad)
        with override_settings(MEDIA_ROOT=Path(folder) / "media"), transaction.atomic():
            first = import_files(paths)
            again = import_files(paths)
            started = time.perf_counter()
            email, _ = ingest_email(raw=nested)
            nested_seconds = time.perf_counter() - started
            transaction.set_rollback(True)
    rows = [
        ("Primera importación", f"{args.correos} archivos", first, args.correos / first),
        ("Reimportación (ya estaban)", f"{args.correos} archivos", again, args.correos / again),
    ]
    lines = [
        "| Medición | Cantidad | Tiempo | Archivos por segundo |",
        "|---|---:|---:|---:|",
        *(
            f"| {label} | {count} | {seconds:.2f} s | {rate:.0f} |".replace(".", ",")
            for label, count, seconds, rate in rows
        ),
        f"| Correo con {args.profundidad} partes anidadas ({len(nested) // 1024} KB, "
        f"{'leído solo el encabezado' if too_deeply_nested(nested) else 'leído completo'}: "
        f"«{email.subject}») | 1 archivo | {nested_seconds:.3f} s | — |".replace(".", ","),
        "",
        f"Reimportación / primera importación: {first / again:.1f} veces más rápida.".replace(
            ".", ",", 1
        ),
    ]
    text = "\n".join(lines)
    print(text)
    output = Path(args.salida)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
