from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from requests_routing.inbox import ingest_email
from requests_routing.models import InboundEmail

FILE_ERRORS = {
    FileNotFoundError: "no existe",
    PermissionError: "no hay permiso para leerlo",
    IsADirectoryError: "es una carpeta",
}


class Command(BaseCommand):
    help = (
        "Importa correos guardados como archivos .eml a la bandeja de solicitudes; un correo "
        "que ya estaba no se duplica."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="ARCHIVO", help="archivos .eml")

    def handle(self, *args, files, **options):
        unreadable = 0
        for name in files:
            path = Path(name)
            try:
                raw = path.read_bytes()
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
