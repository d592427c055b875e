"""SENCE's «Encuentros empresariales» and «Ferias laborales» in the monthly report: counted
by hand here, and each opening the events list that shows exactly those events."""

from datetime import date, time
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from events.models import EmployerEvent
from tests.conftest import make_persona

Kind = EmployerEvent.Kind
NOW = "2026-07-10 12:00:00-04:00"


def make(day: date, kind: str, title: str, **extra) -> EmployerEvent:
    return EmployerEvent.objects.create(
        kind=kind,
        title=title,
        date=day,
        start_time=time(9, 0),
        end_time=time(11, 0),
        place="Salón municipal",
        **extra,
    )


@pytest.fixture
def june(db):
    """In June 2026: a breakfast and an encuentro (2 «encuentros»), a fair and a mass
    recruitment (2 «ferias»), a cancelled encuentro; in July, another breakfast."""
    make(date(2026, 6, 3), Kind.BREAKFAST, "Desayuno de junio")
    make(date(2026, 6, 18), Kind.ENCOUNTER, "Encuentro con SENCE")
    make(date(2026, 6, 30), Kind.FAIR, "Feria laboral de invierno")
    make(date(2026, 6, 12), Kind.MASS_RECRUITMENT, "Reclutamiento de operarios")
    make(
        date(2026, 6, 25),
        Kind.ENCOUNTER,
        "Encuentro suspendido",
        status=EmployerEvent.Status.CANCELLED,
        cancelled_at="2026-06-20T10:00:00-04:00",
    )
    make(date(2026, 7, 1), Kind.BREAKFAST, "Desayuno de julio")


def rows_with_links(content: str) -> dict[str, tuple[str, str]]:
    table = content.split('data-testid="agreement-table"')[1].split("</table>")[0]
    found = {}
    for row in table.split("<tr>")[1:]:
        label = row.split('scope="row"', 1)[1].split(">", 1)[1].split("<", 1)[0]
        link = row.split('href="', 1)[1].split('"', 1)[0] if 'href="' in row else ""
        value = row.rsplit("</td>", 1)[0].rsplit(">", 2)[-2].split("<", 1)[0]
        found[label] = (value.strip(), link.replace("&amp;", "&"))
    return found


@pytest.fixture
def encargado_client(client, db):
    client.force_login(make_persona("encargado"))
    return client


def test_the_report_counts_both_groups_and_links_to_them(encargado_client, june):
    with time_machine.travel(NOW, tick=False):
        content = encargado_client.get(reverse("monthly_report") + "?mes=2026-06").content
        rows = rows_with_links(content.decode())
        encuentros_value, encuentros_link = rows["Encuentros empresariales"]
        ferias_value, ferias_link = rows["Ferias laborales"]
        listed_encuentros = encargado_client.get(encuentros_link).context["page"]
        listed_ferias = encargado_client.get(ferias_link).context["page"]

    assert (encuentros_value, ferias_value) == ("2", "2")
    assert sorted(event.title for event in listed_encuentros) == [
        "Desayuno de junio",
        "Encuentro con SENCE",
    ]
    assert sorted(event.title for event in listed_ferias) == [
        "Feria laboral de invierno",
        "Reclutamiento de operarios",
    ]


def test_a_running_month_counts_only_the_events_already_held(encargado_client, june):
    with time_machine.travel("2026-06-20 12:00:00-04:00", tick=False):
        content = encargado_client.get(reverse("monthly_report") + "?mes=2026-06").content
        rows = rows_with_links(content.decode())
        listed = encargado_client.get(rows["Ferias laborales"][1]).context["page"]

    assert rows["Encuentros empresariales"][0] == "2"
    assert rows["Ferias laborales"][0] == "1"
    assert [event.title for event in listed] == ["Reclutamiento de operarios"]


def test_the_workbook_summary_carries_them(encargado_client, june):
    with time_machine.travel(NOW, tick=False):
        response = encargado_client.get(reverse("monthly_report_xlsx") + "?mes=2026-06")
    summary = load_workbook(BytesIO(response.content))["Resumen"]
    values = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row}

    assert values["Encuentros empresariales"] == 2
    assert values["Ferias laborales"] == 2
