"""The company directory (/empresas/): filters, ordering, pagination, cost and export."""

import csv
import html
import io
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from companies.models import Company, IndustrialPark, Sector
from companies.services import company_flag_create

DIRECTORY = reverse("companies:directory")


def listed(response) -> list[str]:
    """The legal names in the directory table, in the order shown."""
    assert response.status_code == 200
    table = response.content.decode().split('data-testid="company-table"', 1)[1]
    table = table.split("</table>", 1)[0]
    return [html.unescape(name) for name in re.findall(r'class="fw-semibold">([^<]*)</a>', table)]


def row_cells(response, legal_name: str) -> list[str]:
    """The cells of the company's row, as text."""
    table = response.content.decode().split('data-testid="company-table"', 1)[1]
    row = next(row for row in table.split("<tr")[1:] if f">{legal_name}</a>" in row)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def north(db):
    return IndustrialPark.objects.create(name="Parque Norte", comuna="05107")


@pytest.fixture
def other(north, encargado):
    """A second company that differs from the `company` fixture in every filtered field."""
    return Company.objects.create(
        rut="77123456-9",
        legal_name="Alimentos del Norte Ltda.",
        trade_name="Conservas Quintero",
        park=north,
        sector=Sector.FOOD,
        status=Company.Status.ACTIVE,
        owner=encargado,
    )


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


def test_each_row_says_rut_sector_park_status_owner_and_last_contact(
    logged_in, company, other, gestora
):
    other.last_contact_at = timezone.make_aware(datetime(2026, 11, 30, 10, 0))
    other.save()

    response = logged_in.get(DIRECTORY)

    assert row_cells(response, "Alimentos del Norte Ltda.") == [
        "Alimentos del Norte Ltda. Conservas Quintero",
        "77.123.456-9",
        "Alimentos",
        "Parque Norte",
        "Activa",
        other.owner.get_full_name(),
        "30-11-2026",
    ]
    bodegas = row_cells(response, "Bodegas de Prueba SpA")
    assert bodegas[:2] == ["Bodegas de Prueba SpA", "76.086.428-5"]
    assert bodegas[4] == "Por visitar"
    assert bodegas[5] == gestora.get_full_name()
    assert bodegas[6] == "Nunca"


# Filters


def test_without_filters_it_lists_every_company_by_legal_name(logged_in, company, other):
    assert listed(logged_in.get(DIRECTORY)) == [other.legal_name, company.legal_name]


def test_it_filters_by_park(logged_in, company, other, north):
    assert listed(logged_in.get(DIRECTORY, {"park": north.pk})) == [other.legal_name]


def test_it_filters_by_sector(logged_in, company, other):
    assert listed(logged_in.get(DIRECTORY, {"sector": "food"})) == [other.legal_name]


def test_it_filters_by_status(logged_in, company, other):
    assert listed(logged_in.get(DIRECTORY, {"status": "to_visit"})) == [company.legal_name]


def test_it_filters_by_owner(logged_in, company, other, encargado):
    assert listed(logged_in.get(DIRECTORY, {"owner": encargado.pk})) == [other.legal_name]


def test_it_searches_the_legal_name(logged_in, company, other):
    assert listed(logged_in.get(DIRECTORY, {"q": "bodegas"})) == [company.legal_name]


def test_it_searches_the_trade_name(logged_in, company, other):
    assert listed(logged_in.get(DIRECTORY, {"q": "conservas"})) == [other.legal_name]


def test_what_a_search_finds_is_listed_by_legal_name(logged_in, park):
    for name in ("Metalúrgica Zapata", "Aceros y Metales Andes", "Metalcon Sur"):
        Company.objects.create(legal_name=name, park=park)
    Company.objects.create(legal_name="Bodega Central", trade_name="Metal Express", park=park)

    names = listed(logged_in.get(DIRECTORY, {"q": "metal"}))

    assert names == [
        "Aceros y Metales Andes",
        "Bodega Central",
        "Metalcon Sur",
        "Metalúrgica Zapata",
    ]


def test_a_search_keeps_the_order_chosen(logged_in, company, other):
    names = listed(logged_in.get(DIRECTORY, {"q": "a", "order": "-legal_name"}))

    assert names == sorted(names, reverse=True)
    assert len(names) == 2


@pytest.mark.parametrize("typed", ["76.086.428-5", "76086428-5", "7608642"])
def test_it_searches_the_rut_as_people_type_it(logged_in, company, other, typed):
    assert listed(logged_in.get(DIRECTORY, {"q": typed})) == [company.legal_name]


def test_it_lists_companies_without_contact_for_more_than_the_days_given(
    logged_in, company, other, north
):
    long_ago = Company.objects.create(
        legal_name="Olvidada SpA", park=north, last_contact_at=timezone.now() - timedelta(days=90)
    )
    other.last_contact_at = timezone.now() - timedelta(days=10)
    other.save()

    names = listed(logged_in.get(DIRECTORY, {"no_contact_days": "60"}))

    assert names == [company.legal_name, long_ago.legal_name]


def test_it_lists_only_flagged_companies(logged_in, company, park, alcaldia):
    flag = company_flag_create(flagged_by=alcaldia, legal_name="Señalada SpA", park=park)

    assert listed(logged_in.get(DIRECTORY, {"flagged": "1"})) == [flag.company.legal_name]


def test_it_lists_only_companies_not_flagged(logged_in, company, park, alcaldia):
    company_flag_create(flagged_by=alcaldia, legal_name="Señalada SpA", park=park)

    assert listed(logged_in.get(DIRECTORY, {"flagged": "0"})) == [company.legal_name]


def test_a_flagged_company_carries_the_alcaldia_badge(logged_in, park, alcaldia):
    company_flag_create(flagged_by=alcaldia, legal_name="Señalada SpA", park=park)

    assert "Aviso Alcaldía" in logged_in.get(DIRECTORY).content.decode()


# Ordering


def test_it_orders_by_last_contact(logged_in, company, other):
    company.last_contact_at = timezone.now() - timedelta(days=30)
    company.save()
    other.last_contact_at = timezone.now() - timedelta(days=1)
    other.save()

    names = listed(logged_in.get(DIRECTORY, {"order": "last_contact"}))

    assert names == [company.legal_name, other.legal_name]


def test_it_orders_by_legal_name_descending(logged_in, company, other):
    names = listed(logged_in.get(DIRECTORY, {"order": "-legal_name"}))

    assert names == [company.legal_name, other.legal_name]


# Pagination


@pytest.fixture
def sixty_active(db):
    Company.objects.bulk_create(
        Company(legal_name=f"Empresa {number:03d}", status=Company.Status.ACTIVE)
        for number in range(60)
    )


def test_it_shows_fifty_companies_a_page(logged_in, sixty_active):
    assert len(listed(logged_in.get(DIRECTORY))) == 50


def test_the_second_page_has_the_rest(logged_in, sixty_active):
    names = listed(logged_in.get(DIRECTORY, {"page": "2"}))

    assert names == [f"Empresa {number:03d}" for number in range(50, 60)]


def test_the_pagination_links_keep_the_filters(logged_in, sixty_active):
    page = logged_in.get(DIRECTORY, {"status": "active"}).content.decode()

    assert 'href="?status=active&amp;page=2"' in page


def test_the_export_links_keep_the_filters(logged_in, sixty_active):
    page = logged_in.get(DIRECTORY, {"status": "active"}).content.decode()

    assert f'href="{reverse("companies:export", args=["csv"])}?status=active"' in page


# Bad input


@pytest.mark.parametrize(
    "params",
    [{"no_contact_days": "abc"}, {"page": "999"}, {"order": "password"}, {"park": "x"}],
    ids=["days-not-a-number", "page-out-of-range", "unknown-order", "park-not-a-number"],
)
def test_bad_input_still_shows_the_directory(logged_in, company, params):
    response = logged_in.get(DIRECTORY, params)

    assert response.status_code == 200
    assert company.legal_name in listed(response)


def test_a_page_beyond_the_last_shows_the_last_page(logged_in, sixty_active):
    assert len(listed(logged_in.get(DIRECTORY, {"page": "999"}))) == 10


# Cost


def test_the_number_of_queries_does_not_grow_with_the_number_of_companies(logged_in, park):
    def queries_for_the_directory():
        with CaptureQueriesContext(connection) as captured:
            response = logged_in.get(DIRECTORY, {"order": "last_contact"})
        assert response.status_code == 200
        return len(captured)

    Company.objects.bulk_create(Company(legal_name=f"A{n:05d}", park=park) for n in range(10))
    with_ten = queries_for_the_directory()
    Company.objects.bulk_create(Company(legal_name=f"B{n:05d}", park=park) for n in range(9_990))
    with_ten_thousand = queries_for_the_directory()

    assert Company.objects.count() == 10_000
    assert with_ten_thousand == with_ten


# Who may see it


def test_the_psicologa_may_view_the_directory(client, psicologa, company):
    client.force_login(psicologa)

    assert listed(client.get(DIRECTORY)) == [company.legal_name]


# Export


def export_url(fmt: str) -> str:
    return reverse("companies:export", args=[fmt])


def test_the_csv_export_has_a_bom_semicolons_and_the_spanish_header(logged_in, company):
    response = logged_in.get(export_url("csv"))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header = csv_rows(response)[0]
    assert header[:3] == ["RUT", "Razón social", "Nombre de fantasía"]
    assert header[-1] == "Último contacto"


def test_the_csv_export_honours_the_filters(logged_in, company, other, north):
    rows = csv_rows(logged_in.get(export_url("csv"), {"park": north.pk}))

    assert [row[1] for row in rows[1:]] == [other.legal_name]


def test_the_csv_export_formats_the_rut_with_dots(logged_in, company):
    rows = csv_rows(logged_in.get(export_url("csv")))

    assert rows[1][0] == "76.086.428-5"


def test_the_csv_export_neutralises_a_formula_in_a_name(logged_in, park):
    Company.objects.create(legal_name='=HYPERLINK("https://evil.example")', park=park)

    rows = csv_rows(logged_in.get(export_url("csv")))

    assert rows[1][1] == '\'=HYPERLINK("https://evil.example")'


def test_the_excel_export_has_the_same_rows_as_the_csv(logged_in, company, other, north):
    filters = {"order": "-legal_name"}
    csv_names = [row[1] for row in csv_rows(logged_in.get(export_url("csv"), filters))]

    response = logged_in.get(export_url("xlsx"), filters)

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("RUT", "Razón social")
    assert [row[1] for row in rows] == csv_names
    assert [row[0] for row in rows[1:]] == ["76.086.428-5", "77.123.456-9"]


def test_the_excel_export_honours_the_filters(logged_in, company, other):
    response = logged_in.get(export_url("xlsx"), {"sector": "food"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [other.legal_name]


def test_an_unknown_export_format_never_gives_a_server_error(logged_in, company):
    assert logged_in.get(export_url("pdf")).status_code != 500


def test_an_unknown_export_format_is_not_found(logged_in, company):
    # Asking for a PDF must not hand over an Excel file named .xlsx.
    assert logged_in.get(export_url("pdf")).status_code == 404
