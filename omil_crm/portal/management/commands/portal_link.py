"""`manage.py portal_link EMAIL`: a fresh sign-in link per contact with that address, printed
for support (a contact whose mail never arrives) and for tests. Nothing is mailed."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from omil_crm.portal import sign_in


class Command(BaseCommand):
    help = "Imprime un enlace nuevo de entrada al portal por cada contacto con ese correo."

    def add_arguments(self, parser):
        parser.add_argument("email", help="Correo del contacto")

    def handle(self, *args, email, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"«{email}» no es un correo válido.") from error
        contacts = list(sign_in.contacts_for_address(email)[: sign_in.MAX_CONTACTS_PER_ADDRESS])
        if not contacts:
            raise CommandError(f"Ningún contacto con acceso al portal tiene el correo {email}.")
        minutes = sign_in.link_minutes()
        for contact in contacts:
            _link, url = sign_in.link_create(contact=contact)
            self.stdout.write(f"{contact.name} · {contact.company}: {url}")
        self.stdout.write(f"Cada enlace vale {minutes} minutos y sirve una sola vez.")
