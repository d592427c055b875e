"""What staff see of a company's portal access: each contact's state and open sessions."""

import re

from django.db.models import Max, Prefetch, QuerySet
from django.utils import timezone

from companies.models import Company, Contact
from omil_crm.portal.models import PortalSession

# Browser and system as a person names them, from the User-Agent; the first match wins.
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"))
SYSTEMS = (
    (r"iPhone|iPad", "iPhone/iPad"),
    (r"Android", "Android"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "Mac"),
    (r"Linux", "Linux"),
)


def device_label(user_agent: str) -> str:
    """«Chrome en Android» for a session's User-Agent; «navegador desconocido» when empty."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    if not browser and "Safari/" in user_agent:
        browser = "Safari"
    system = next((name for pattern, name in SYSTEMS if re.search(pattern, user_agent)), "")
    if browser and system:
        return f"{browser} en {system}"
    return browser or system or "navegador desconocido"


def company_portal_contacts(company: Company) -> QuerySet:
    """The company's contacts, each with `open_portal_sessions` (newest first, with a
    `device`) and `last_portal_entry`, in a fixed number of queries."""
    now = timezone.now()
    open_sessions = PortalSession.objects.filter(
        revoked_at__isnull=True, expires_at__gt=now
    ).order_by("-created_at")
    return (
        Contact.objects.filter(company=company)
        .annotate(last_portal_entry=Max("portal_sessions__created_at"))
        .prefetch_related(
            Prefetch("portal_sessions", queryset=open_sessions, to_attr="open_portal_sessions")
        )
        .order_by("-is_active", "name")
    )


def with_devices(contacts) -> list[Contact]:
    contacts = list(contacts)
    for contact in contacts:
        for session in contact.open_portal_sessions:
            session.device = device_label(session.user_agent)
    return contacts
