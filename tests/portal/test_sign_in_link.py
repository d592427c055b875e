"""Asking for a sign-in link on /portal/entrar/ and using it: the same answer whatever the
address, a limit on asking, a link that a GET never uses, that works once and for 15 minutes,
and a portal session at the end."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from omil_crm.portal import sessions, sign_in
from omil_crm.portal.models import PortalLinkToken, PortalSession

pytestmark = pytest.mark.django_db

ENTER = "/portal/entrar/"
ASKED = "/portal/entrar/?enviado=1"
SPENT = "El enlace ya se usó o venció: pida uno nuevo"


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    def asked(email: str, client: Client = client, ip: str = "200.1.2.3"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(ENTER, {"email": email}, REMOTE_ADDR=ip)

    return asked


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def link_in(message) -> str:
    """The path of the one sign-in link of a mail."""
    [url] = re.findall(r"https?://\S+/portal/enlace/\S+/", message.body)
    return path_of(url)


def test_the_entry_page_asks_for_the_email(client):
    response = client.get(ENTER)

    assert response.status_code == 200
    assert "Su correo electrónico" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_a_contact_gets_a_link_that_names_their_company(ask, contact, client):
    response = ask("Ana@Bodegas.cl")

    assert response.status_code == 302
    assert response["Location"] == ASKED
    [message] = mail.outbox
    assert message.to == ["ana@bodegas.cl"]
    assert "Bodegas de Prueba SpA" in message.subject
    assert "15 minutos" in message.body
    assert link_in(message).startswith("/portal/enlace/")
    page = client.get(ASKED).content.decode()
    assert "Si el correo está registrado, le enviamos un enlace que vale 15 minutos" in page


def test_an_unknown_address_gets_the_same_answer_and_no_mail(ask, contact):
    known, unknown = ask("ana@bodegas.cl"), ask("nadie@otra-empresa.cl")

    assert len(mail.outbox) == 1
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert unknown.content == known.content
    known_page, unknown_page = Client().get(known["Location"]), Client().get(unknown["Location"])
    assert unknown_page.content == known_page.content


def test_a_contact_of_two_companies_gets_one_link_per_company(ask, contact, other_company):
    Contact.objects.create(company=other_company, name="Ana Pérez", email="ana@bodegas.cl")

    ask("ana@bodegas.cl")

    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2
    assert "Bodegas de Prueba SpA" in subjects[0]
    assert "Envapac" in subjects[1]
    assert PortalLinkToken.objects.count() == 2


@pytest.mark.parametrize(
    "change", [{"portal_enabled": False}, {"is_active": False}], ids=["sin acceso", "no vigente"]
)
def test_a_contact_without_access_gets_no_link(ask, contact, change):
    Contact.objects.filter(pk=contact.pk).update(**change)

    response = ask("ana@bodegas.cl")

    assert response["Location"] == ASKED
    assert mail.outbox == []
    assert not PortalLinkToken.objects.exists()


def test_a_malformed_address_gets_a_spanish_error_and_sends_nothing(ask, contact):
    response = ask("ana-arroba-bodegas")

    assert response.status_code == 200
    assert "Escriba un correo válido, como nombre@empresa.cl." in response.content.decode()
    assert mail.outbox == []


def test_asking_often_for_one_address_stops_sending_but_answers_the_same(ask, contact):
    answers = [ask("ana@bodegas.cl") for _ in range(5)]

    assert len(mail.outbox) == 3
    assert {answer["Location"] for answer in answers} == {ASKED}


def test_one_client_asking_for_many_addresses_is_stopped(ask, contact):
    for number in range(20):
        ask(f"persona{number}@otra-empresa.cl")

    ask("ana@bodegas.cl")
    assert mail.outbox == []
    ask("ana@bodegas.cl", ip="200.9.9.9")
    assert len(mail.outbox) == 1


def test_only_a_hash_of_the_link_is_stored(ask, contact):
    ask("ana@bodegas.cl")

    raw_token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    stored = PortalLinkToken.objects.get()
    assert stored.token_hash == sign_in.token_hash(raw_token)
    assert raw_token not in stored.token_hash
    assert stored.expires_at - stored.created_at == timedelta(minutes=15)


@pytest.fixture
def link(contact):
    _link, url = sign_in.link_create(contact=contact)
    return path_of(url)


def test_opening_the_link_shows_who_enters_and_signs_in_nobody(client, link):
    for _ in range(3):  # a mail scanner, a preview, the person
        response = client.get(link)
        assert response.status_code == 200
    page = response.content.decode()
    assert "Entrar al portal como <strong>Ana Pérez</strong>, Bodegas de Prueba SpA" in page
    assert PortalLinkToken.objects.get().used_at is None
    assert not PortalSession.objects.exists()
    assert sessions.COOKIE_NAME not in response.cookies


def test_the_button_signs_in_and_opens_the_portal_home(client, link, contact):
    response = client.post(link, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/131.0")

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    session = PortalSession.objects.get()
    assert session.contact == contact
    assert "Android" in session.user_agent
    assert PortalLinkToken.objects.get().used_at is not None
    home = client.get(reverse("portal:home"))
    assert home.status_code == 200
    assert "Hola, Ana Pérez" in home.content.decode()


def test_a_link_signs_in_only_once(client, link):
    client.post(link)

    again = Client().post(link)
    assert again.status_code == 410
    assert SPENT in again.content.decode()
    assert PortalSession.objects.count() == 1
    assert Client().get(link).status_code == 410


def test_a_link_expires_after_fifteen_minutes(client, link):
    sixteen_minutes_ago = timezone.now() - timedelta(minutes=16)
    PortalLinkToken.objects.update(
        created_at=sixteen_minutes_ago, expires_at=sixteen_minutes_ago + timedelta(minutes=15)
    )

    assert client.get(link).status_code == 410
    response = client.post(link)
    assert response.status_code == 410
    assert SPENT in response.content.decode()
    assert not PortalSession.objects.exists()


@pytest.mark.parametrize(
    "change",
    [{"portal_enabled": False}, {"is_active": False}, {"email": "otra@bodegas.cl"}],
    ids=["sin acceso", "no vigente", "otro correo"],
)
def test_a_contact_who_lost_access_since_cannot_use_the_link(client, link, contact, change):
    Contact.objects.filter(pk=contact.pk).update(**change)

    assert client.get(link).status_code == 410
    assert client.post(link).status_code == 410
    assert not PortalSession.objects.exists()


def test_an_unknown_link_gives_the_same_page_as_a_used_one(client, link):
    client.post(link)

    used = Client().get(link).content.decode()
    unknown = Client().get("/portal/enlace/no-existe-este-enlace/").content.decode()

    def without_csrf(page):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    assert without_csrf(used) == without_csrf(unknown)
    assert "Enviarme un enlace" in used


def test_with_an_open_session_the_entry_page_goes_to_the_portal(portal_client, contact):
    response = portal_client(contact).get(ENTER)

    assert response["Location"] == reverse("portal:home")


def test_a_link_opened_in_a_browser_signed_in_as_someone_else_replaces_that_session(
    portal_client, other_contact, link, contact
):
    browser = portal_client(other_contact)

    browser.post(link)

    home = browser.get(reverse("portal:home")).content.decode()
    assert "Ana Pérez" in home and "Rodrigo Valdés" not in home
    assert PortalSession.objects.get(contact=other_contact).revoked_at is not None
    assert PortalSession.objects.get(contact=contact).revoked_at is None


def test_a_new_link_clears_the_contacts_links_dead_for_a_month(contact):
    sign_in.link_create(contact=contact)
    long_ago = timezone.now() - timedelta(days=31)
    PortalLinkToken.objects.update(created_at=long_ago, expires_at=long_ago + timedelta(minutes=15))
    recent, _url = sign_in.link_create(contact=contact)

    sign_in.link_create(contact=contact)

    assert PortalLinkToken.objects.count() == 2
    assert PortalLinkToken.objects.filter(pk=recent.pk).exists()
