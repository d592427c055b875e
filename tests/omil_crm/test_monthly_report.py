"""The monthly report: the printable page and the workbook, for a chosen month."""

from io import BytesIO

import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tests.omil_crm.dashboard_data import NOW


def get(client, url):
    with time_machine.travel(NOW, tick=False):
        return client.get(url)


def agreement_rows(content: str) -> dict[str, str]:
    table = content.split('data-testid="agreement-table"')[1].split("</table>")[0]
    cells = [part.split("<", 1)[0] for part in table.split(">") if part.split("<", 1)[0].strip()]
    return dict(zip(cells[::2], cells[1::2], strict=True))


def test_by_default_the_report_is_for_the_last_complete_month(as_encargado):
    response = get(as_encargado, reverse("monthly_report"))
    assert "Mayo de 2026" in response.content.decode()


def test_the_printable_page_shows_the_agreement_figures(as_encargado):
    content = get(as_encargado, reverse("monthly_report") + "?mes=2026-06").content.decode()
    rows = agreement_rows(content)
    assert rows["Personas atendidas"] == "6"
    assert rows["Personas inscritas en el mes"] == "1"
    assert rows["Derivaciones a vacantes"] == "4"
    assert rows["Colocaciones"] == "3"
    assert rows["Empresas contactadas"] == "2"
    assert rows["Vacantes captadas"] == "3"
    assert rows["Talleres de apresto realizados"] == "1"
    assert rows["Asistencias a talleres"] == "3"
    assert 'data-testid="department-table"' in content
    assert "data-print" in content


def test_a_malformed_month_is_explained(as_encargado):
    response = get(as_encargado, reverse("monthly_report") + "?mes=2026-13")
    assert response.status_code == 200
    assert "El mes debe escribirse como AAAA-MM" in response.content.decode()


def workbook(client, query):
    response = get(client, reverse("monthly_report_xlsx") + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return response, load_workbook(BytesIO(response.content))


def data_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_workbook_has_one_sheet_per_area_with_the_rows_behind_the_figures(as_encargado):
    response, book = workbook(as_encargado, "?mes=2026-06")
    assert 'filename="informe-omil-2026-06.xlsx"' in response["Content-Disposition"]
    assert book.sheetnames == [
        "Resumen",
        "Visitas",
        "Vacantes",
        "Derivaciones",
        "Colocaciones",
        "Solicitudes",
        "Por departamento",
        "Programas SENCE",
        "Talleres",
        "Equipo",
    ]
    summary = {row[0]: row[1] for row in book["Resumen"].iter_rows(values_only=True) if row}
    assert summary["Personas atendidas"] == 6
    assert summary["Colocaciones"] == 3
    assert len(data_rows(book["Visitas"])) == 4
    assert len(data_rows(book["Vacantes"])) == 3
    assert len(data_rows(book["Derivaciones"])) == 4
    placements = data_rows(book["Colocaciones"])
    assert len(placements) == 3
    assert {row[1] for row in placements} == {"12.345.678-5", "22.222.222-2", "33.333.333-3"}
    assert len(data_rows(book["Solicitudes"])) == 5
    departments = {row[0]: row for row in data_rows(book["Por departamento"])}
    assert departments["Obras"][4:] == (7.0, 17.7)
    assert len(data_rows(book["Programas SENCE"])) == 2
    assert data_rows(book["Talleres"])[0][3] == 3


def test_referrals_carry_no_personal_data(as_encargado):
    _, book = workbook(as_encargado, "?mes=2026-06")
    cells = " ".join(str(value) for row in data_rows(book["Derivaciones"]) for value in row)
    assert "Persona" not in cells and "12.345.678" not in cells


def test_the_workbook_of_one_park(as_encargado, office):
    _, book = workbook(as_encargado, f"?mes=2026-06&parque={office.gulmue.pk}")
    assert len(data_rows(book["Visitas"])) == 3
    assert len(data_rows(book["Colocaciones"])) == 1


def test_text_that_looks_like_a_formula_stays_text(as_encargado, office):
    from companies.models import Company

    Company.objects.filter(legal_name="Alfa").update(legal_name='=HYPERLINK("x")')
    _, book = workbook(as_encargado, "?mes=2026-06")
    names = {row[1] for row in data_rows(book["Visitas"])}
    assert '\'=HYPERLINK("x")' in names
