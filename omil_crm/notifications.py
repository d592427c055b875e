"""Creating in-app notifications exactly once.

Apps call `notify`; its unique key makes a second call with the same key a no-op, so a task
that runs twice, retries or overlaps with another never notifies twice.
"""

from django.db import IntegrityError, transaction

from omil_crm.models import Notification


def notify(
    *, recipient, kind: str, key: str, title: str, body: str = "", url: str = "", subject=None
) -> Notification | None:
    """Create the notification unless one with `key` exists; return it only when created."""
    if Notification.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=recipient,
                kind=kind,
                key=key,
                title=title,
                body=body,
                url=url,
                subject=subject,
            )
    except IntegrityError:
        # Another process created the same key between our check and our insert.
        return None
