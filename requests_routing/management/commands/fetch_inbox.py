from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from requests_routing.imap_poller import InboxError, poll_mailbox, start_from_now
from requests_routing.models import InboundEmail


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class Command(BaseCommand):
    help = "Lee los correos nuevos del buzón de solicitudes (IMAP) y los deja en la bandeja."

    def add_arguments(self, parser):
        parser.add_argument(
            "--carpeta",
            dest="folder",
            default=None,
            help="Carpeta del buzón (por omisión, IMAP_FOLDER).",
        )
        parser.add_argument(
            "--desde-ahora",
            dest="from_now",
            action="store_true",
            help=(
                "No importa los correos que ya están en la carpeta: las lecturas siguientes "
                "traen solo los que lleguen después (para un buzón con historia)."
            ),
        )

    def handle(self, *args, folder=None, from_now=False, **options):
        try:
            if from_now:
                skipped = start_from_now(folder=folder)
            else:
                result = poll_mailbox(folder=folder)
        except InboxError as error:
            raise CommandError(str(error)) from error
        if from_now:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Buzón {folder or settings.IMAP_FOLDER}: se dejaron sin importar "
                    f"{plural(skipped, 'correo existente', 'correos existentes')}; desde ahora "
                    "se leen solo los que lleguen."
                )
            )
            return
        summary = ", ".join(
            [
                plural(result.read, "correo leído", "correos leídos"),
                plural(result.new, "nuevo", "nuevos"),
                plural(result.duplicates, "ya estaba", "ya estaban"),
                plural(result.failed, "no se pudo leer", "no se pudieron leer"),
            ]
        )
        self.stdout.write(self.style.SUCCESS(f"Buzón {result.folder}: {summary}."))
        for email in InboundEmail.objects.filter(pk__in=result.failed_ids).order_by("pk"):
            self.stdout.write(
                self.style.WARNING(
                    f"  No se pudo leer el correo n.° {email.pk}: {email.failure_reason}"
                )
            )
