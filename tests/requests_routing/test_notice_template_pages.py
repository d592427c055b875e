"""The Encargado's pages for the notice templates: start from the default wording, preview
without saving, save, delete back to the default; nobody else may use them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_routing.models import NoticeTemplate, RequestCategory
from requests_routing.services import service_request_create

pytestmark = pytest.mark.django_db

Kind = NoticeTemplate.Kind
ADD = reverse("requests_routing:notice_template_add")
LIST = reverse("requests_routing:notice_template_list")


@pytest.fixture
def sr(company, contact, pruning, administrativa):
    return service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Ramas sobre el cable",
        channel="phone",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def signed_in(client, encargado):
    client.force_login(encargado)
    return client


def form_data(**overrides) -> dict:
    data = {"category": "", "subject": "[{referencia}] Recibida", "body": "Hola {contacto}."}
    data.update(overrides)
    return data


def field_html(content: str, field: str) -> str:
    return content.split(f'id="div_id_{field}"', 1)[1].split('id="div_id_', 1)[0]


def test_the_list_shows_each_notice_with_its_default_or_edited_text(signed_in, encargado, pruning):
    NoticeTemplate.objects.create(
        kind=Kind.RESOLUTION, category=pruning, subject="Poda lista", body="Texto."
    )

    content = signed_in.get(LIST).content.decode()

    for label in Kind.labels:
        assert label in content
    assert content.count("Texto por omisión") == len(Kind.values)
    assert "Poda lista" in content


def test_the_routing_table_links_to_the_templates_for_the_encargado_only(
    client, encargado, administrativa
):
    client.force_login(encargado)
    assert LIST in client.get(reverse("requests_routing:routing_table")).content.decode()

    client.force_login(administrativa)
    assert LIST not in client.get(reverse("requests_routing:routing_table")).content.decode()


def test_a_new_template_starts_from_the_default_wording(signed_in):
    content = signed_in.get(ADD + "?aviso=resolution").content.decode()

    assert "[{referencia}] Solicitud resuelta: {asunto}" in content
    assert "{nota_resolucion}" in content
    assert "Aviso de resolución a la empresa" in content


def test_the_preview_renders_a_real_request_of_the_category_and_saves_nothing(
    signed_in, sr, pruning
):
    response = signed_in.post(
        ADD + "?aviso=acknowledgement",
        form_data(category=pruning.pk, body="Hola {contacto} & <b>equipo</b>.", preview="1"),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert f"Con la solicitud {sr.reference}" in content
    assert f"[{sr.reference}] Recibida" in content
    assert "Hola Ana Pérez &amp; &lt;b&gt;equipo&lt;/b&gt;." in content
    assert not NoticeTemplate.objects.exists()
    assert not NoticeTemplate.history.exists()


def test_without_requests_of_the_category_the_preview_uses_sample_values(signed_in, pruning):
    response = signed_in.post(
        ADD + "?aviso=survey",
        form_data(
            category=pruning.pk, body="{contacto}: responda en {enlace} ({categoria})", preview="1"
        ),
    )

    content = response.content.decode()
    assert "Con datos de ejemplo" in content
    assert "María González: responda en" in content
    assert "(Poda de árboles)" in content
    assert '<a href="https://omil.ejemplo.cl/portal/encuesta/ejemplo/">' in content
    assert not NoticeTemplate.objects.exists()


def test_an_unknown_placeholder_is_shown_next_to_the_text_and_nothing_is_saved(signed_in):
    for button in ("preview", "save"):
        response = signed_in.post(
            ADD + "?aviso=acknowledgement", form_data(body="Hola {gerente}.", **{button: "1"})
        )

        assert "marcador desconocido {gerente}" in field_html(response.content.decode(), "body")
        assert 'data-testid="preview"' not in response.content.decode()
    assert not NoticeTemplate.objects.exists()


def test_saving_creates_the_template_and_returns_to_the_list(signed_in, encargado):
    response = signed_in.post(ADD + "?aviso=derivation", form_data(save="1"))

    assert response.status_code == 302
    assert response.url == LIST
    template = NoticeTemplate.objects.get()
    assert (template.kind, template.category, template.updated_by) == (
        Kind.DERIVATION,
        None,
        encargado,
    )


def test_a_second_template_for_the_same_notice_and_category_is_refused(signed_in):
    NoticeTemplate.objects.create(kind=Kind.ACKNOWLEDGEMENT, subject="Uno", body="Uno.")

    response = signed_in.post(ADD + "?aviso=acknowledgement", form_data(save="1"))

    assert "Ya existe una plantilla de este aviso para todas las categorías." in (
        response.content.decode()
    )
    assert NoticeTemplate.objects.count() == 1


def test_editing_keeps_the_category_and_saves_the_new_text(signed_in, pruning, lights_category):
    template = NoticeTemplate.objects.create(
        kind=Kind.ACKNOWLEDGEMENT, category=pruning, subject="Uno", body="Uno."
    )

    signed_in.post(
        reverse("requests_routing:notice_template_edit", args=[template.pk]),
        form_data(category=lights_category.pk, subject="Dos", body="Dos {asunto}.", save="1"),
    )

    template.refresh_from_db()
    assert (template.category, template.subject, template.body) == (pruning, "Dos", "Dos {asunto}.")


@pytest.fixture
def lights_category(pruning):
    return RequestCategory.objects.create(
        name="Luminarias", department=pruning.department, sla_working_days=3
    )


def test_deleting_returns_the_notice_to_the_default(signed_in):
    template = NoticeTemplate.objects.create(kind=Kind.SURVEY, subject="Uno", body="Uno.")
    url = reverse("requests_routing:notice_template_delete", args=[template.pk])

    assert signed_in.get(url).status_code == 405
    response = signed_in.post(url, follow=True)

    assert not NoticeTemplate.objects.exists()
    assert "vuelve al texto para todas las categorías" in response.content.decode()


@pytest.mark.parametrize("persona", ["gestora", "administrativa", "psicologa"])
def test_other_roles_may_not_write_templates(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    template = NoticeTemplate.objects.create(kind=Kind.SURVEY, subject="Uno", body="Uno.")

    assert client.get(LIST).status_code == 403
    assert client.post(ADD, form_data(save="1")).status_code == 403
    edit = reverse("requests_routing:notice_template_edit", args=[template.pk])
    assert client.post(edit, form_data(save="1")).status_code == 403
    delete = reverse("requests_routing:notice_template_delete", args=[template.pk])
    assert client.post(delete).status_code == 403
    template.refresh_from_db()
    assert template.subject == "Uno"
    assert NoticeTemplate.objects.count() == 1
