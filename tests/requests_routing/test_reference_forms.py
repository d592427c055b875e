"""A reference typed by a person: every usual way of writing it finds the same request."""

import pytest
from django.db import connection
from django.urls import reverse

from requests_routing.filters import ServiceRequestFilter
from requests_routing.forms import AttachForm, StatusChangeForm
from requests_routing.models import InboundEmail, ServiceRequest
from requests_routing.references import parse_reference
from requests_routing.services import service_request_create
from tests.query_plans import plans_of


@pytest.mark.parametrize(
    "typed",
    [
        "SOL-2026-00074",
        "sol-2026-74",
        "2026-74",
        "SOL 2026 74",
        "  Sol-2026-0074  ",
        "sol2026-74",
        "[SOL-2026-00074]",
        "2026/74",
    ],
)
def test_it_reads_every_usual_form_of_a_reference(typed):
    assert parse_reference(typed) == "SOL-2026-00074"


@pytest.mark.parametrize(
    "typed", ["", "   ", "74", "SOL-74", "2026", "SOL-2026-0", "SOL-26-74", "poda 2026", "x" * 500]
)
def test_it_refuses_what_is_not_a_reference(typed):
    assert parse_reference(typed) is None


@pytest.fixture
def existing(company, pruning, administrativa):
    request = service_request_create(
        company=company,
        category=pruning,
        subject="Poda en el acceso",
        channel="phone",
        created_by=administrativa,
    )
    ServiceRequest.objects.filter(pk=request.pk).update(reference="SOL-2026-00074")
    request.refresh_from_db()
    return request


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["sol-2026-74", "2026-74", " SOL 2026 74 ", "SOL-2026-00074"])
def test_the_attach_box_finds_the_request_however_it_is_typed(existing, typed):
    form = AttachForm({"reference": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["reference"] == existing


@pytest.mark.django_db
def test_the_attach_box_names_a_reference_that_does_not_exist(existing):
    form = AttachForm({"reference": "2026-75"})

    assert not form.is_valid()
    assert form.errors["reference"] == ["No existe la solicitud SOL-2026-00075."]


@pytest.mark.django_db
def test_the_attach_box_explains_the_format_of_a_reference(existing):
    form = AttachForm({"reference": "la de la poda"})

    assert not form.is_valid()
    assert "SOL-2026-00042" in form.errors["reference"][0]


@pytest.mark.django_db
def test_the_duplicate_box_accepts_a_short_reference(existing):
    form = StatusChangeForm(
        {"status": "duplicate", "duplicate_of": "2026-74"}, allowed=["routed", "duplicate"]
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["duplicate_of"] == existing


@pytest.mark.django_db
def test_the_email_page_attaches_by_a_short_reference(client, administrativa, existing, contact):
    email = InboundEmail.objects.create(
        message_id="<seguimiento-poda@bodegas.cl>",
        content_hash="h-poda",
        raw=b"raw",
        sender=contact.email,
        subject="¿Cuándo podan?",
    )
    client.force_login(administrativa)

    client.post(
        reverse("requests_routing:email_attach", args=[email.pk]), {"reference": "sol 2026 74"}
    )

    email.refresh_from_db()
    assert email.service_request == existing


@pytest.mark.django_db
def test_the_request_list_finds_a_short_reference(client, administrativa, existing):
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:request_list"), {"q": "2026-74"}).content.decode()

    assert "SOL-2026-00074" in html


@pytest.mark.django_db
def test_the_request_list_finds_the_beginning_of_a_reference_in_any_case(
    client, administrativa, existing
):
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:request_list"), {"q": "sol-2026-"}).content

    assert "SOL-2026-00074" in html.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Planificador de PostgreSQL.")
@pytest.mark.django_db
def test_the_beginning_of_a_reference_is_looked_up_in_the_reference_index(existing):
    """Tested row by row, «SOL-1999» read all 100,000 requests of the benchmark (36 ms)."""
    search = ServiceRequestFilter({"q": "Sol-2026"}, queryset=ServiceRequest.objects.all())

    found, plans = plans_of(lambda: list(search.qs), turned_off=("seqscan", "indexscan"))

    assert found == [existing]
    assert any(
        "Index Cond" in line and "(reference)::text ~>=~ 'SOL-2026'" in line
        for plan in plans
        for line in plan.splitlines()
    ), plans
