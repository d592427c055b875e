"""`manage.py reset_two_factor USUARIO`: forget a user's phone app and recovery codes (a lost
or replaced phone). At the next login the user sets up the app again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from omil_crm.accounts.two_factor import remove_devices


class Command(BaseCommand):
    help = "Reinicia la verificación en dos pasos de una cuenta (teléfono perdido o cambiado)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="nombre de usuario de la cuenta")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No existe la cuenta «{username}».")
        removed = remove_devices(user)
        self.stdout.write(
            f"Se quitaron {removed} dispositivos de «{username}»: en su próximo ingreso "
            "configurará la aplicación de nuevo."
        )
