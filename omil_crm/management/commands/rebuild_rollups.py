"""`manage.py rebuild_rollups [--desde AAAA-MM]`: recompute the dashboard's monthly roll-ups
(and recount its «today» tallies, which triggers otherwise keep).

Idempotent and safe next to the running site: one transaction, a month's rows in memory at a
time. Without --desde every month is rebuilt; with it, that month and the later ones (the
earlier stay as they are). The periodic job does the same for the months that need it.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from omil_crm.dashboard import standing
from omil_crm.dashboard.rollup_job import refresh


def _month(value: str) -> date:
    try:
        year, month = value.split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise CommandError(
            f"«{value}» no es un mes: escríbalo como AAAA-MM, por ejemplo 2026-01."
        ) from None


class Command(BaseCommand):
    help = "Recalcula los resúmenes mensuales del panel de indicadores."

    def add_arguments(self, parser):
        parser.add_argument(
            "--desde", help="recalcular desde este mes (AAAA-MM); por omisión, todos los meses"
        )

    def handle(self, *args, desde=None, **options):
        since = _month(desde) if desde else None
        self.stdout.write(refresh(since=since, everything=since is None))
        if standing.enabled():
            standing.rebuild()
            self.stdout.write("Conteos del día recalculados (empresas y solicitudes abiertas).")
