from django.core.management.base import BaseCommand

from omil_crm.accounts.roles import apply_roles


class Command(BaseCommand):
    help = "Crea o repone los cinco roles de la OMIL con exactamente sus permisos."

    def handle(self, *args, **options):
        for role, count in apply_roles().items():
            self.stdout.write(f"{role}: {count} permisos")
        self.stdout.write(self.style.SUCCESS("Roles actualizados."))
