"""The portal follows changes to contacts made anywhere (the contact form, the admin, a
service): `companies` may not know the portal exists, so the portal listens."""

from django.db.models.signals import post_save

from companies.models import Contact
from omil_crm.portal import sessions


def end_sessions_without_access(sender, instance: Contact, raw=False, **kwargs) -> None:
    """A contact who may no longer enter (access turned off, no longer with the company, no
    address) has their open portal sessions closed, so the staff page shows them ended and
    giving access back later does not revive a forgotten device."""
    if raw or instance.may_enter_portal:
        return
    sessions.revoke_sessions_of(contact=instance)


def connect() -> None:
    post_save.connect(
        end_sessions_without_access, sender=Contact, dispatch_uid="portal_end_sessions"
    )
