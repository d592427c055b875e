from django.core.management.base import BaseCommand

from omil_crm.demo.seed import DemoLoader, demo_accounts


class Command(BaseCommand):
    help = "Carga los datos de demostración (Parque Industrial Gulmué). Se puede repetir."

    def handle(self, *args, **options):
        counts = DemoLoader().load()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo lista: {summary}."))
        self.stdout.write("Cuentas de demostración (usuario / contraseña / rol):")
        for username, password, role in demo_accounts():
            self.stdout.write(f"  {username:<15} {password:<16} {role}")
