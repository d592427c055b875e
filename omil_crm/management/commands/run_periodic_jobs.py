"""Run every periodic job of the beat schedule once, now, in this process.

For the embedded default (no broker, no beat) and for trying things by hand: reminders,
digests and the next park meetings appear without waiting for the schedule. Every job is
idempotent, so running this next to a real beat sends nothing twice.
"""

from django.core.management.base import BaseCommand

from omil_crm.reminders.jobs import run_periodic_jobs


class Command(BaseCommand):
    help = "Ejecuta una vez todas las tareas programadas (recordatorios, resúmenes, reuniones)."

    def handle(self, *args, **options):
        failed = 0
        for outcome in run_periodic_jobs():
            if outcome.succeeded is None:
                mark, style = "omitida", self.style.WARNING
            elif outcome.succeeded:
                mark, style = "bien", self.style.SUCCESS
            else:
                mark, style = "FALLÓ", self.style.ERROR
                failed += 1
            self.stdout.write(style(f"[{mark}] {outcome.label}: {outcome.result}"))
        if failed:
            self.stderr.write(self.style.ERROR(f"{failed} tarea(s) fallaron."))
