from django.core.management.base import BaseCommand

from companies.models import Contact, IndustrialPark
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
        self.portal_hint()

    def portal_hint(self):
        """Companies enter the portal by a link sent to their email: name two demo contacts
        (the park's representative and a plain contact) to ask a link for."""
        park = IndustrialPark.objects.exclude(representative=None).first()
        if park is None:
            return
        representative = park.representative
        other = (
            Contact.objects.filter(company__park=park, is_active=True)
            .exclude(email="")
            .exclude(company=representative.company)
            .order_by("pk")
            .first()
        )
        self.stdout.write("Portal de empresas (/portal/), un enlace de ingreso para:")
        self.stdout.write(f"  {representative.email}  (representante del parque)")
        if other is not None:
            self.stdout.write(f"  {other.email}  ({other.company})")
        self.stdout.write("  con: python manage.py portal_link CORREO")
