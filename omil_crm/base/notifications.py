"""Creating in-app notifications exactly once.

Apps call `notify`; its unique key makes a second call with the same key a no-op, so a task
that runs twice, retries or overlaps with another never notifies twice.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator

from omil_crm.models import Notification


def notify(
    *, recipient, kind: str, key: str, title: str, body: str = "", url: str = "", subject=None
) -> Notification | None:
    """Create the notification unless one with `key` exists; return it only when created.

    Titles quote what users typed (a company's name, a subject), which can fill the column on
    its own: the title is shortened to fit rather than refused by the database.
    """
    if Notification.objects.filter(key=key).exists():
        return None
    title = Truncator(title).chars(Notification._meta.get_field("title").max_length)
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


def mark_read(*, recipient, notification_id: int | None = None) -> int:
    """Mark one of the recipient's notifications, or all of them, as read; never anyone
    else's. Returns how many changed."""
    unread = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
