import pytest
from django.urls import reverse

from omil_crm.base.notifications import notify
from omil_crm.models import Notification


@pytest.fixture
def two_notices(gestora, administrativa):
    notify(recipient=gestora, kind="test", key="a", title="Visitar empresa nueva: Lote 9")
    notify(recipient=gestora, kind="test", key="b", title="Acuerdo vence mañana")
    notify(recipient=administrativa, kind="test", key="c", title="Correo sin revisar")


@pytest.mark.django_db
def test_it_lists_only_the_users_own_notices(client, gestora, two_notices):
    client.force_login(gestora)

    html = client.get(reverse("notifications")).content.decode()

    assert "Visitar empresa nueva: Lote 9" in html
    assert "Acuerdo vence mañana" in html
    assert "Correo sin revisar" not in html


@pytest.mark.django_db
def test_the_navigation_bar_counts_unread_notices(client, gestora, two_notices):
    client.force_login(gestora)

    html = client.get(reverse("home")).content.decode()

    assert 'data-testid="unread-count">2<' in html


@pytest.mark.django_db
def test_it_marks_one_as_read(client, gestora, two_notices):
    client.force_login(gestora)
    notice = Notification.objects.get(key="a")

    client.post(reverse("notifications_mark_read"), {"id": notice.pk})

    notice.refresh_from_db()
    assert notice.read_at is not None
    assert Notification.objects.get(key="b").read_at is None


@pytest.mark.django_db
def test_it_marks_all_as_read_but_only_the_users_own(client, gestora, two_notices):
    client.force_login(gestora)

    client.post(reverse("notifications_mark_read"))

    assert not Notification.objects.filter(recipient=gestora, read_at__isnull=True).exists()
    assert Notification.objects.get(key="c").read_at is None


@pytest.mark.django_db
def test_someone_elses_notice_cannot_be_marked(client, gestora, two_notices):
    client.force_login(gestora)
    other = Notification.objects.get(key="c")

    client.post(reverse("notifications_mark_read"), {"id": other.pk})

    other.refresh_from_db()
    assert other.read_at is None


@pytest.mark.django_db
def test_marking_is_a_post(client, gestora):
    client.force_login(gestora)

    assert client.get(reverse("notifications_mark_read")).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("bad_id", ["abc", "99999999999999999999999", "²", "-1"])
def test_a_malformed_id_marks_nothing_and_says_so(client, gestora, two_notices, bad_id):
    client.force_login(gestora)

    response = client.post(reverse("notifications_mark_read"), {"id": bad_id}, follow=True)

    assert "La notificación indicada no existe; no se marcó ninguna." in response.content.decode()
    assert Notification.objects.filter(recipient=gestora, read_at__isnull=True).count() == 2
