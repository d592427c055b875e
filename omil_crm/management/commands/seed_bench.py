from django.core.management.base import BaseCommand, CommandError

from omil_crm.dashboard.rollup_job import refresh
from omil_crm.demo.bench.seed import BenchSeeder, seeded_state, truncate_all
from omil_crm.demo.bench.writer import SeedError, is_postgresql


class Command(BaseCommand):
    help = (
        "Genera en PostgreSQL el conjunto de datos del benchmark de escala (escala 1.0: unas "
        "20 parques, 20.000 empresas, 500.000 visitas, 100.000 solicitudes, 300.000 "
        "derivaciones). Si la base ya lo tiene, no hace nada; --fresh borra TODOS los datos "
        "de la base y lo genera de nuevo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fracción del tamaño completo (por ejemplo 0.01 para una prueba rápida).",
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="Vacía todas las tablas (salvo migraciones y roles) antes de generar.",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Semilla del azar.")

    def handle(self, *args, scale, fresh, seed, **options):
        if not is_postgresql():
            raise CommandError(
                "El benchmark necesita PostgreSQL: defina DATABASE_URL, por ejemplo "
                "DATABASE_URL=postgres://postgres@127.0.0.1:5432/omil_bench."
            )
        if scale <= 0:
            raise CommandError("La escala debe ser un número mayor que cero, por ejemplo 1.0.")
        if fresh:
            tables = truncate_all()
            self.stdout.write(f"Se vaciaron {tables} tablas.")
        else:
            state = seeded_state()
            if state == "complete":
                self.stdout.write(
                    "La base ya tiene el conjunto del benchmark; no se genera de nuevo "
                    "(use --fresh para regenerarlo)."
                )
                # A database seeded before the roll-ups existed gets them here; later runs
                # only fold in what changed.
                self.stdout.write(f"Resúmenes del panel: {refresh()}")
                return
            if state == "foreign":
                raise CommandError(
                    "La base ya tiene datos que no son del benchmark. Use una base propia "
                    "(createdb omil_bench) o --fresh, que BORRA todos los datos."
                )
            if state == "partial":
                raise CommandError("Una generación anterior quedó a medias; repita con --fresh.")
        try:
            counts = BenchSeeder(scale=scale, seed=seed, report=self.stdout.write).run()
        except SeedError as error:
            raise CommandError(str(error)) from error
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Listo: {total} filas en {len(counts)} tablas."))
        # The dashboard reads closed months from its roll-ups: build them for the new data.
        self.stdout.write(f"Resúmenes del panel: {refresh(everything=True)}")
