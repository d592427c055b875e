import pytest

from omil_crm.base.notifications import notify
from omil_crm.models import Notification


@pytest.mark.django_db
def test_the_same_key_notifies_once(gestora):
    first = notify(recipient=gestora, kind="digest", key="digest:1:2026-11-30", title="Resumen")
    second = notify(recipient=gestora, kind="digest", key="digest:1:2026-11-30", title="Resumen")

    assert first is not None
    assert second is None
    assert Notification.objects.filter(recipient=gestora).count() == 1


@pytest.mark.django_db
def test_different_keys_notify_separately(gestora):
    notify(recipient=gestora, kind="digest", key="digest:1:2026-11-30", title="Resumen")
    notify(recipient=gestora, kind="digest", key="digest:1:2026-12-01", title="Resumen")

    assert Notification.objects.filter(recipient=gestora).count() == 2
