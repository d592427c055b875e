from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from requests_routing.inbox import ingest_email
from requests_routing.mail import size_label
from requests_routing.models import InboundEmail

FILE_ERRORS = {
    FileNotFoundError: "no existe",
    PermissionError: "no hay permiso para leerlo",
    IsADirectoryError: "es una carpeta",
}


def max_eml_bytes() -> int:
    """The largest message kept whole, base64 (a third larger) and its text included; a
    larger file is no email the inbox would keep, and /dev/zero never ends."""
    return 2 * settings.INBOX_MAX_MESSAGE_BYTES


class TooLarge(OSError):
    pass


def read_bounded(path: Path) -> bytes:
    limit = max_eml_bytes()
    with path.open("rb") as file:
        raw = file.read(limit + 1)
    if len(raw) > limit:
        raise TooLarge(f"pesa más de {size_label(limit)}, el máximo de un correo")
    return raw


class Command(BaseCommand):
    help = (
        "Importa correos guardados como archivos .eml (o .msg de Outlook) a la bandeja de "
        "solicitudes; un correo que ya estaba no se duplica."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="ARCHIVO", help="archivos .eml o .msg")

    def handle(self, *args, files, **options):
        unreadable = 0
        for name in files:
            path = Path(name)
            try:
                raw = read_bounded(path)
            except OSError as error:
                unreadable += 1
                reason = FILE_ERRORS.get(type(error), error.strerror or str(error))
                self.stderr.write(f"{path}: no se pudo abrir: {reason}")
                continue
            email, created = ingest_email(raw=raw)
            if not created:
                self.stdout.write(f"{path}: ya estaba (correo n.° {email.pk})")
            elif email.triage_state == InboundEmail.TriageState.FAILED:
                self.stdout.write(
                    self.style.WARNING(
                        f"{path}: no se pudo leer: {email.failure_reason} "
                        f"(queda guardado entre los que no se pudieron leer, n.° {email.pk})"
                    )
                )
            else:
                subject = email.subject or "(sin asunto)"
                self.stdout.write(
                    self.style.SUCCESS(f"{path}: nuevo (correo n.° {email.pk}: {subject})")
                )
        if unreadable:
            raise CommandError(
                f"{unreadable} de {len(files)} archivos no se pudieron abrir."
                if unreadable > 1
                else f"1 de {len(files)} archivos no se pudo abrir."
            )
