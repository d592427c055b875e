"""`manage.py portal_link EMAIL` prints a fresh link per contact with that address; without
such a contact it says so in Spanish and exits with an error."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from companies.models import Contact
from omil_crm.portal.models import PortalLinkToken, PortalSession

pytestmark = pytest.mark.django_db


def printed_links(email: str) -> tuple[str, list[str]]:
    out = StringIO()
    call_command("portal_link", email, stdout=out)
    text = out.getvalue()
    return text, re.findall(r"https?://\S+/portal/enlace/\S+/", text)


def test_it_prints_a_link_that_signs_the_contact_in(contact, settings):
    settings.SITE_URL = "https://omil.example.cl"

    text, [url] = printed_links("ANA@bodegas.cl")

    assert "Ana Pérez · Bodegas de Prueba SpA" in text
    assert url.startswith("https://omil.example.cl/portal/enlace/")
    assert mail.outbox == []
    client = Client()
    path = url.removeprefix("https://omil.example.cl")
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    assert PortalSession.objects.get().contact == contact


def test_it_prints_one_link_per_company_of_the_address(contact, other_company):
    Contact.objects.create(company=other_company, name="Ana Pérez", email="ana@bodegas.cl")

    text, urls = printed_links("ana@bodegas.cl")

    assert len(set(urls)) == 2
    assert "Envapac" in text
    assert PortalLinkToken.objects.count() == 2


def test_each_run_prints_a_fresh_link(contact):
    _text, [first] = printed_links("ana@bodegas.cl")
    _text, [second] = printed_links("ana@bodegas.cl")

    assert first != second


@pytest.mark.parametrize("email", ["nadie@bodegas.cl", "ana@bodegas.cl"])
def test_without_a_contact_who_may_enter_it_fails_in_spanish(contact, email):
    Contact.objects.filter(pk=contact.pk).update(portal_enabled=False)

    with pytest.raises(CommandError, match="Ningún contacto con acceso al portal tiene el correo"):
        call_command("portal_link", email)
    assert not PortalLinkToken.objects.exists()


def test_a_malformed_address_is_refused(db):
    with pytest.raises(CommandError, match="no es un correo válido"):
        call_command("portal_link", "ana-arroba-bodegas")


def test_the_command_exits_with_code_one_without_a_contact(db):
    from django.core.management import ManagementUtility

    utility = ManagementUtility(["manage.py", "portal_link", "nadie@bodegas.cl"])
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code == 1
