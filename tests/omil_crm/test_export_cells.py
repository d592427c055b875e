"""Every CSV and XLSX the office downloads neutralises text that a spreadsheet would run as a
formula (CSV injection), and keeps numbers as numbers.

The texts come from the same office as the monthly report's tests, renamed with formulas; each
download is parsed back with csv or openpyxl, as the office's Excel would open it. The list of
downloads is checked against the URLconf, so an export added later must join it.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from companies.models import Company, IndustrialPark, Visit
from omil_crm.base.exports import SafeCsvWriter, append_row, safe_cell
from tests.conftest import make_persona
from tests.omil_crm.dashboard_data import NOW
from tests.urlwalk import discover_urls

HOSTILE = (
    "=1+1",
    "-1+1+cmd|' /C calc'!A0",
    '+1+HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "\t=1",
    "\r=1",
)
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


# --- The helper --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [-5, -2.5, Decimal("-1.5"), 0, date(2026, 6, 1), datetime(2026, 6, 1, 9), None, True],
)
def test_numbers_dates_and_empty_cells_are_left_as_they_are(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize("text", ["Bodegas Concón SpA", "76.086.428-5", "'ya citado", ""])
def test_ordinary_text_is_left_as_it_is(text):
    assert safe_cell(text) == text


def test_the_csv_writer_neutralises_text_and_keeps_a_negative_number():
    stream = io.StringIO()
    SafeCsvWriter(stream, delimiter=";").writerow(["-1+1", -5, 3.5])

    assert next(csv.reader(io.StringIO(stream.getvalue()), delimiter=";")) == [
        "'-1+1",
        "-5",
        "3.5",
    ]


def test_a_workbook_row_keeps_text_as_text_and_numbers_as_numbers():
    workbook = Workbook()
    append_row(workbook.active, ["=1+1", "\x01=1+1", -5, date(2026, 6, 1)])

    cells = next(reopened(workbook).active.iter_rows())

    assert [cell.value for cell in cells[:3]] == ["'=1+1", "'=1+1", -5]
    assert [cell.data_type for cell in cells[:3]] == ["s", "s", "n"]
    assert cells[3].is_date


def reopened(workbook: Workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()))


# --- Every download -------------------------------------------------------------------------


@pytest.fixture
def hostile_office(office):
    """The report's office with formulas where users type text."""
    for legal_name, text in zip(("Alfa", "Beta", "Gamma", "Delta"), HOSTILE, strict=False):
        Company.objects.filter(legal_name=legal_name).update(legal_name=text)
    Company.objects.filter(legal_name="Épsilon").update(trade_name=HOSTILE[4], workforce_size=85)
    Visit.objects.filter(status=Visit.Status.DONE).update(summary=HOSTILE[4])
    IndustrialPark.objects.filter(name="Gulmué").update(name=HOSTILE[5])
    return office


# name: (URL, who downloads it, the texts of HOSTILE it must show neutralised)
EXPORTS = {
    "companies:export csv": (reverse("companies:export", args=["csv"]), "encargado", HOSTILE),
    "companies:export xlsx": (reverse("companies:export", args=["xlsx"]), "encargado", HOSTILE),
    "monthly_report_xlsx": (reverse("monthly_report_xlsx") + "?mes=2026-06", "encargado", HOSTILE),
    "companies:import_template": (reverse("companies:import_template"), "gestora", HOSTILE[5:]),
}
# Visits to Alfa, Gamma and Delta, with a hostile summary; vacancies of the same companies.
VISITED = (HOSTILE[0], HOSTILE[2], HOSTILE[3], HOSTILE[4], HOSTILE[5])
HIRING = (HOSTILE[0], HOSTILE[2], HOSTILE[3], HOSTILE[5])
for _name, _shown in (
    ("companies:visit_export", VISITED),
    ("vacancies:referral_export", HIRING),
    ("vacancies:placement_export", HIRING),
):
    for _fmt in ("csv", "xlsx"):
        EXPORTS[f"{_name} {_fmt}"] = (reverse(_name, args=[_fmt]), "encargado", _shown)
# Downloads that are not spreadsheets: the data-subject export is JSON, calendars are ICS.
NOT_SPREADSHEETS = {"vacancies:data_export"}


def cells_of(response) -> list:
    """Every cell of the download as (value, openpyxl data type), "s" for all CSV cells."""
    if response["Content-Type"].startswith("text/csv"):
        text = response.getvalue().decode("utf-8-sig")
        return [
            (value, "s") for row in csv.reader(io.StringIO(text), delimiter=";") for value in row
        ]
    book = load_workbook(io.BytesIO(response.content))
    return [
        (cell.value, cell.data_type) for sheet in book for row in sheet.iter_rows() for cell in row
    ]


@pytest.mark.parametrize("export", EXPORTS)
def test_no_download_holds_a_formula_and_every_formula_like_text_is_neutralised(
    client, hostile_office, export
):
    url, persona, shown = EXPORTS[export]
    client.force_login(
        make_persona(persona) if persona == "encargado" else hostile_office.users[persona]
    )

    with time_machine.travel(NOW, tick=False):
        response = client.get(url)

    assert response.status_code == 200
    cells = cells_of(response)
    texts = [value for value, _ in cells if isinstance(value, str)]
    assert "f" not in {data_type for _, data_type in cells}
    assert not [text for text in texts if text.startswith(TRIGGERS)]
    for text in shown:
        # An XML parser reads a carriage return back as a line feed; both start with "'".
        assert {"'" + text, "'" + text.replace("\r", "\n")} & {t[: len(text) + 1] for t in texts}


def test_the_directory_workbook_keeps_the_workforce_a_number(client, hostile_office):
    client.force_login(make_persona("encargado"))

    response = client.get(reverse("companies:export", args=["xlsx"]))

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    workforce = rows[0].index("Dotación")
    assert 85 in [row[workforce] for row in rows[1:]]


def test_the_monthly_report_keeps_its_figures_numbers(client, hostile_office):
    client.force_login(make_persona("encargado"))

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("monthly_report_xlsx") + "?mes=2026-06")

    summary = load_workbook(io.BytesIO(response.content))["Resumen"]
    figures = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row}
    assert figures["Colocaciones"] == 3


def test_every_spreadsheet_download_of_the_project_is_checked_above():
    """A new export (a path ending in .csv or .xlsx, or named export) must join EXPORTS."""
    checked = {name.split(" ")[0] for name in EXPORTS} | NOT_SPREADSHEETS
    downloads = {
        url.name
        for url in discover_urls()
        if re.search(r"\.(csv|xlsx|xls|ods)$|export", f"{url.path} {url.name}")
        and not url.name.startswith("admin:")
    }

    assert downloads - checked == set()
