"""Entering the portal without a password: a one-use link mailed to the contact.

Asking for a link answers the same whether or not the address belongs to anyone: the page
only queues the address, and the worker finds the contacts, creates their links and mails
them. So the raw token exists only in the worker's memory and in the mail (never in the
database, never in the broker), and the page does the same work for a stranger's address as
for a contact's. Opening the link shows a page; only its button (a POST) signs in, because
corporate mail scanners open every link of a mail before the person does.
"""

import logging
import secrets
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from omil_crm.base import email_render
from omil_crm.base.queue import enqueue
from omil_crm.base.rate_limit import allow
from omil_crm.portal import sessions
from omil_crm.portal.models import PortalLinkToken, PortalSession

logger = logging.getLogger(__name__)

# Asking for links: a few per address, and enough per client address for an office behind
# one NAT, not for someone trying a list of addresses.
PER_ADDRESS = (3, 15 * 60)
PER_CLIENT = (20, 60 * 60)
# Links staff send from the company page, per contact.
PER_CONTACT_BY_STAFF = (3, 15 * 60)
# One address shared by more contacts than this is not a person: the rest get no link.
MAX_CONTACTS_PER_ADDRESS = 10
KEEP_DEAD_LINKS_DAYS = 30


def link_minutes() -> int:
    return settings.PORTAL_LINK_MINUTES


# Links and sessions keep only the SHA-256 of their secret, computed one way.
token_hash = sessions.key_hash


def contacts_for_address(email: str) -> QuerySet:
    """The contacts who may enter the portal with `email` (any case), one per company."""
    return (
        Contact.objects.select_related("company")
        .filter(email__iexact=email.strip(), is_active=True, portal_enabled=True)
        .exclude(email="")
        .order_by("company__legal_name", "pk")
    )


def link_url(raw_token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("portal:link", args=[raw_token])


@transaction.atomic
def link_create(*, contact: Contact, requested_by=None) -> tuple[PortalLinkToken, str]:
    """A fresh link for `contact`, with its address: the only copy of the token."""
    raw_token = secrets.token_urlsafe(32)
    now = timezone.now()
    # Links long dead say nothing any more (the sessions keep who entered when): each new
    # link clears the contact's old ones, so the table never grows without end.
    PortalLinkToken.objects.filter(
        contact=contact, expires_at__lt=now - timedelta(days=KEEP_DEAD_LINKS_DAYS)
    ).delete()
    link = PortalLinkToken.objects.create(
        contact=contact,
        token_hash=token_hash(raw_token),
        email=contact.email,
        created_at=now,
        expires_at=now + timedelta(minutes=link_minutes()),
        requested_by=requested_by,
    )
    return link, link_url(raw_token)


def build_link_email(*, contact: Contact, url: str, requested_by=None) -> EmailMultiAlternatives:
    context = {
        "contact": contact,
        "company": contact.company,
        "url": url,
        "minutes": link_minutes(),
        "requested_by": requested_by,
    }
    subject, text, html = email_render.render_email("emails/portal_link", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[contact.email]
    )
    message.attach_alternative(html, "text/html")
    return message


def link_send(*, contact: Contact, requested_by=None) -> bool:
    """Create a link and mail it; False (logged) when the mail could not go. The person asks
    again: a retry would mail a second link to whoever already got the first."""
    link, url = link_create(contact=contact, requested_by=requested_by)
    try:
        build_link_email(contact=contact, url=url, requested_by=requested_by).send()
    except Exception:
        logger.exception("No se pudo enviar el enlace del portal al contacto %s", contact.pk)
        link.delete()
        return False
    return True


def links_send_to_address(email: str) -> int:
    """The worker's side of asking: one link per contact who may enter with `email`, each
    mail naming its company. Returns how many went."""
    contacts = list(contacts_for_address(email)[:MAX_CONTACTS_PER_ADDRESS])
    return sum(link_send(contact=contact) for contact in contacts)


def link_ask(*, email: str, client_ip: str) -> bool:
    """Someone asks for a link for `email` on the entry page. Over a limit nothing is sent
    (and the page answers the same). True when the address was queued."""
    email = email.strip().lower()
    validate_email(email)
    if not allow("portal-link-client", client_ip or "-", limit=PER_CLIENT[0], window=PER_CLIENT[1]):
        logger.warning("Enlaces del portal: límite por dirección IP alcanzado (%s)", client_ip)
        return False
    if not allow("portal-link-address", email, limit=PER_ADDRESS[0], window=PER_ADDRESS[1]):
        logger.warning("Enlaces del portal: límite por correo alcanzado")
        return False
    transaction.on_commit(
        lambda: enqueue(send_portal_links, email, what="los enlaces del portal pedidos")
    )
    return True


# Named, so moving the code never strands a queued message (tests/omil_crm/test_task_names.py).
# Not acks_late: a worker killed halfway must not mail the same people a second link.
@shared_task(name="omil_crm.portal.send_portal_links", acks_late=False, ignore_result=True)
def send_portal_links(email: str) -> int:
    """Celery: the links asked for `email`. Not retried (see link_send)."""
    return links_send_to_address(email)


@shared_task(name="omil_crm.portal.send_portal_link", acks_late=False, ignore_result=True)
def send_portal_link(contact_id: int, requested_by_id: int | None = None) -> bool:
    """Celery: the link a staff member sends one contact, if they may still enter."""
    contact = Contact.objects.select_related("company").filter(pk=contact_id).first()
    if contact is None or not contact.may_enter_portal:
        return False
    requested_by = get_user_model().objects.filter(pk=requested_by_id).first()
    return link_send(contact=contact, requested_by=requested_by)


class LinkRefused(Exception):
    """A link staff may not send now; the message says why, in Spanish."""


def link_send_by_staff(*, contact: Contact, requested_by) -> None:
    """Staff mail a contact a link from the company page (the same mail as when asked)."""
    if not contact.may_enter_portal:
        raise LinkRefused(f"{contact.name} no puede entrar al portal: revise su correo y acceso.")
    limit, window = PER_CONTACT_BY_STAFF
    if not allow("portal-link-staff", str(contact.pk), limit=limit, window=window):
        raise LinkRefused(
            f"Ya se enviaron varios enlaces a {contact.name} hace poco: espere unos minutos."
        )
    transaction.on_commit(
        lambda: enqueue(
            send_portal_link,
            contact.pk,
            requested_by.pk,
            what=f"el enlace del portal del contacto {contact.pk}",
        )
    )


def usable_links() -> QuerySet:
    """Links not used, not expired, of a contact who may still enter with the address the
    link went to."""
    return (
        PortalLinkToken.objects.select_related("contact__company")
        .filter(
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            contact__is_active=True,
            contact__portal_enabled=True,
            contact__email=F("email"),
        )
        .exclude(email="")
    )


def link_lookup(raw_token: str | None) -> PortalLinkToken | None:
    if not raw_token or len(raw_token) > 100:
        return None
    return usable_links().filter(token_hash=token_hash(raw_token)).first()


@transaction.atomic
def link_redeem(*, raw_token: str, user_agent: str = "") -> tuple[PortalSession, str] | None:
    """Use the link once: a conditional update claims it, so two clicks (or two devices)
    never both sign in. Returns the new session and its raw key, or None."""
    link = link_lookup(raw_token)
    if link is None:
        return None
    claimed = PortalLinkToken.objects.filter(
        pk=link.pk, used_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    if not claimed:
        return None
    return sessions.start_session(contact=link.contact, user_agent=user_agent)
