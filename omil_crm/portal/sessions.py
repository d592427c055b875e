"""Portal sessions: started after a sign-in link is confirmed, read on every portal page,
ended by signing out or by staff."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from omil_crm.portal.models import PortalSession

COOKIE_NAME = "omil_portal"
COOKIE_PATH = "/portal/"


def session_days() -> int:
    return settings.PORTAL_SESSION_DAYS


def key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def start_session(*, contact, user_agent: str = "") -> tuple[PortalSession, str]:
    """A new session for `contact`; returns it with the raw key, which goes only to the cookie."""
    raw_key = secrets.token_urlsafe(32)
    now = timezone.now()
    session = PortalSession.objects.create(
        contact=contact,
        key_hash=key_hash(raw_key),
        created_at=now,
        expires_at=now + timedelta(days=session_days()),
        user_agent=user_agent[:200],
    )
    return session, raw_key


def active_session(raw_key: str | None) -> PortalSession | None:
    """The live session the cookie names, with its contact, company and park, or None."""
    if not raw_key or len(raw_key) > 100:
        return None
    return (
        PortalSession.objects.select_related("contact__company__park")
        .filter(
            key_hash=key_hash(raw_key),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            contact__is_active=True,
            contact__portal_enabled=True,
        )
        .exclude(contact__email="")
        .first()
    )


def revoke_session(*, session: PortalSession, by=None) -> None:
    PortalSession.objects.filter(pk=session.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )


def revoke_sessions_of(*, contact, by=None) -> int:
    """End every open session of a contact (staff removing access, or the contact leaving)."""
    return PortalSession.objects.filter(contact=contact, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=by
    )


def set_cookie(response, *, raw_key: str, session: PortalSession) -> None:
    response.set_cookie(
        COOKIE_NAME,
        raw_key,
        expires=session.expires_at,
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def delete_cookie(response) -> None:
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Lax")
