"""«Nueva solicitud» from the request list: first the company, found by name or RUT."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company
from companies.selectors import company_picker_search
from requests_routing.models import ServiceRequest
from tests.query_plans import plans_of

CREATE = reverse("requests_routing:request_create")
SEARCH = reverse("requests_routing:request_company_search")


@pytest.fixture
def companies(company, park):
    """Bodegas de Prueba SpA (76.086.428-5) and a few neighbours."""
    Company.objects.create(
        rut="96511460-1", legal_name="Transportes Gulmué Ltda.", trade_name="TransGulmué", park=park
    )
    Company.objects.create(rut="77654321-5", legal_name="Metalúrgica Concón SpA")
    Company.objects.create(
        legal_name="Bodegas Cerradas SpA", status=Company.Status.INACTIVE, park=park
    )
    return company


def names(query: str) -> list[str]:
    return [company.legal_name for company in company_picker_search(query).companies]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed, expected",
    [
        ("bodegas", ["Bodegas de Prueba SpA"]),
        ("  PRUEBA ", ["Bodegas de Prueba SpA"]),
        ("transgul", ["Transportes Gulmué Ltda."]),
        ("76.086.428-5", ["Bodegas de Prueba SpA"]),
        ("760864285", ["Bodegas de Prueba SpA"]),
        ("76086428-5", ["Bodegas de Prueba SpA"]),
        ("76.086", ["Bodegas de Prueba SpA"]),
        ("96511460", ["Transportes Gulmué Ltda."]),
        ("spa", ["Bodegas de Prueba SpA", "Metalúrgica Concón SpA"]),
        ("Pescadería", []),
    ],
)
def test_it_finds_companies_by_name_trade_name_or_rut_in_any_format(companies, typed, expected):
    assert names(typed) == expected


@pytest.mark.django_db
def test_it_leaves_out_companies_no_longer_in_business(companies):
    assert "Bodegas Cerradas SpA" not in names("Bodegas")


@pytest.mark.django_db
def test_it_lists_at_most_twenty_and_says_there_are_more(park):
    Company.objects.bulk_create(
        Company(legal_name=f"Bodega Número {index:02d} SpA", park=park) for index in range(25)
    )

    matches = company_picker_search("bodega")

    assert len(matches.companies) == 20
    assert matches.more


@pytest.mark.django_db
def test_one_letter_searches_nothing(companies):
    matches = company_picker_search("b")

    assert (matches.companies, matches.too_short) == ([], True)


@pytest.mark.django_db
def test_the_request_list_offers_nueva_solicitud_to_who_may_file(client, administrativa, encargado):
    client.force_login(administrativa)
    assert (
        "Nueva solicitud" in client.get(reverse("requests_routing:request_list")).content.decode()
    )

    client.force_login(encargado)
    assert "Nueva solicitud" not in (
        client.get(reverse("requests_routing:request_list")).content.decode()
    )


@pytest.mark.django_db
def test_without_a_company_the_page_asks_for_one(client, administrativa):
    client.force_login(administrativa)

    response = client.get(CREATE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "¿de qué empresa es la solicitud?" in html
    assert "js/request-picker.js" in html


@pytest.mark.django_db
def test_without_javascript_the_search_lists_the_matches_as_links(
    client, administrativa, companies
):
    client.force_login(administrativa)

    html = client.get(CREATE, {"q": "76.086.428-5"}).content.decode()

    assert f'href="{CREATE}?empresa={companies.pk}"' in html
    assert "Bodegas de Prueba SpA" in html
    assert "1 empresa(s): elija una." in html


@pytest.mark.django_db
def test_the_endpoint_answers_the_matches_as_json(client, administrativa, companies):
    client.force_login(administrativa)

    data = client.get(SEARCH, {"q": "transgul"}).json()

    assert data["results"] == [
        {
            "id": Company.objects.get(trade_name="TransGulmué").pk,
            "name": "TransGulmué",
            "detail": "Transportes Gulmué Ltda. · 96.511.460-1 · Parque de Prueba",
            "url": f"{CREATE}?empresa={Company.objects.get(trade_name='TransGulmué').pk}",
        }
    ]
    assert data["more"] is False


@pytest.mark.django_db
def test_the_endpoint_explains_a_search_with_no_matches(client, administrativa, companies):
    client.force_login(administrativa)

    data = client.get(SEARCH, {"q": "Pescadería <b>"}).json()

    assert data["results"] == []
    assert data["message"] == "Ninguna empresa vigente coincide con «Pescadería <b>»."


@pytest.mark.django_db
def test_the_endpoint_costs_the_same_queries_for_few_and_many_companies(
    client, administrativa, park
):
    client.force_login(administrativa)
    Company.objects.create(legal_name="Bodega Única SpA", park=park)
    client.get(SEARCH, {"q": "bodega"})
    with CaptureQueriesContext(connection) as few:
        client.get(SEARCH, {"q": "bodega"})
    Company.objects.bulk_create(
        Company(legal_name=f"Bodega {index:03d} SpA", park=park) for index in range(200)
    )
    with CaptureQueriesContext(connection) as many:
        data = client.get(SEARCH, {"q": "bodega"}).json()

    assert len(data["results"]) == 20
    assert len(many) == len(few)
    assert len(many) <= 6


@pytest.mark.django_db
def test_the_picker_page_costs_the_same_queries_for_few_and_many(
    client, administrativa, park, django_assert_max_num_queries
):
    client.force_login(administrativa)
    Company.objects.bulk_create(
        Company(legal_name=f"Bodega {index:03d} SpA", park=park) for index in range(200)
    )

    with django_assert_max_num_queries(8):
        client.get(CREATE, {"q": "bodega"})


@pytest.mark.django_db
@pytest.mark.parametrize("empresa", ["999999", "abc", "-1", "9" * 40, "0"])
def test_an_unknown_or_invalid_company_gives_a_spanish_message_and_the_picker(
    client, administrativa, empresa
):
    client.force_login(administrativa)

    response = client.get(CREATE, {"empresa": empresa})

    assert response.status_code == 200
    html = response.content.decode()
    assert "No encontramos la empresa indicada" in html
    assert "Not Found" not in html


@pytest.mark.django_db
def test_posting_without_a_company_saves_nothing(client, administrativa, pruning):
    client.force_login(administrativa)

    response = client.post(CREATE, {"category": pruning.pk, "subject": "Poda", "channel": "phone"})

    assert response.status_code == 200
    assert not ServiceRequest.objects.exists()


@pytest.mark.django_db
def test_the_picked_company_leads_to_the_request_form(client, administrativa, companies, pruning):
    client.force_login(administrativa)

    html = client.get(CREATE, {"empresa": companies.pk}).content.decode()
    response = client.post(
        f"{CREATE}?empresa={companies.pk}",
        {"category": pruning.pk, "subject": "Luminaria apagada", "channel": "phone"},
    )

    assert "Solicitud de Bodegas de Prueba SpA" in html
    assert response.status_code == 302
    assert ServiceRequest.objects.get().company == companies


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["psicologa", "encargado", "alcaldia"])
def test_roles_that_do_not_file_requests_are_refused(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(CREATE).status_code == 403
    assert client.get(SEARCH, {"q": "bodega"}).status_code == 403


@pytest.mark.django_db
def test_the_gestora_may_pick_a_company(client, gestora, companies):
    client.force_login(gestora)

    assert client.get(SEARCH, {"q": "bodegas"}).json()["results"][0]["name"] == (
        "Bodegas de Prueba SpA"
    )


@pytest.mark.django_db
def test_without_a_session_the_endpoint_sends_to_the_login(client):
    response = client.get(SEARCH, {"q": "bodegas"})

    assert response.status_code == 302
    assert "/ingresar/" in response["Location"]


@pytest.mark.django_db
def test_a_missing_request_answers_the_projects_spanish_404_page(client, administrativa):
    client.force_login(administrativa)

    response = client.get(reverse("requests_routing:request_detail", args=[999999]))

    assert response.status_code == 404
    html = response.content.decode()
    assert "Página no encontrada" in html
    assert "Not Found" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Planificador de PostgreSQL.")
@pytest.mark.django_db
def test_a_typed_name_is_not_looked_for_by_walking_the_name_index():
    """Walking the names in order, testing each, «metal» read 12,700 of the benchmark's
    20,000 companies (18 ms): the names found sort late. Here too, on 3,000 companies whose
    150 metalworks all sort last."""
    Company.objects.bulk_create(
        [Company(legal_name=f"Comercial {number:04d} Ltda.") for number in range(2850)]
        + [Company(legal_name=f"Zeta Metalúrgica {number:03d} SpA") for number in range(150)]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE companies_company")

    found, plans = plans_of(lambda: names("metal"), turned_off=(), keep=lambda sql: "LIKE" in sql)

    assert found[:2] == ["Zeta Metalúrgica 000 SpA", "Zeta Metalúrgica 001 SpA"]
    assert plans and not any("company_legal_name_idx" in plan for plan in plans), plans
