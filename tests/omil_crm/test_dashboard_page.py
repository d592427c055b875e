"""The dashboard page: who may open it, what it shows, where its figures lead, what it costs."""

import re
from html import unescape

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_persona
from tests.omil_crm.dashboard_data import NOW

JUNE = "?periodo=mes&fecha=2026-06-01"


def get(client, url):
    with time_machine.travel(NOW, tick=False):
        return client.get(url)


def card(response, key: str) -> tuple[str, str]:
    """The figure a card shows and the link it carries."""
    content = response.content.decode()
    block = content.split(f'data-testid="card-{key}"', 1)[1].split("</a>", 1)[0]
    link = unescape(content.split(f'data-testid="card-{key}"', 1)[0].rsplit('href="', 1)[1])
    value = re.search(r'data-testid="value">([^<]*)<', block).group(1).strip()
    return value, link.split('"', 1)[0]


@pytest.mark.parametrize("persona", ["gestora", "administrativa", "psicologa"])
def test_only_the_encargado_opens_the_dashboard(client, db, persona):
    client.force_login(make_persona(persona))
    assert client.get(reverse("dashboard")).status_code == 403
    assert client.get(reverse("monthly_report")).status_code == 403


def test_the_navigation_leads_the_encargado_to_the_dashboard(as_encargado):
    response = get(as_encargado, reverse("home"))
    assert f'href="{reverse("dashboard")}"' in response.content.decode()


def test_cards_show_the_period_and_the_previous_one(as_encargado):
    response = get(as_encargado, reverse("dashboard") + JUNE)
    content = response.content.decode()
    assert "Junio de 2026" in content
    assert card(response, "visits")[0] == "4"
    assert card(response, "placements")[0] == "3"
    assert card(response, "park_share")[0] == "66,7 %"  # two of three placements in parks
    assert card(response, "requests_overdue")[0] == "1"
    # On 15 June, June is compared with 1-15 May, when no visit was made (20 and 31 May).
    assert "antes 0" in content.split('data-testid="card-visits"')[1].split("</a>")[0]
    assert "mismo tramo del período anterior: 1 al 15 de mayo de 2026" in content
    assert "50,0 % de las 4 empresas de la oficina" in content


def test_one_park_shows_its_share_of_the_office_placements(as_encargado, office):
    response = get(as_encargado, reverse("dashboard") + JUNE + f"&parque={office.gulmue.pk}")
    assert card(response, "placements")[0] == "1"
    assert card(response, "park_share")[0] == "33,3 %"
    assert "1 de 3 colocaciones de la oficina" in response.content.decode()


def test_department_rows_link_to_their_requests(as_encargado, office):
    content = get(as_encargado, reverse("dashboard") + JUNE).content.decode()
    table = content.split('data-testid="department-table"')[1].split("</table>")[0]
    assert "7,0" in table and "17,7" in table
    pattern = rf'href="([^"]*resolved_from[^"]*department={office.works.pk}[^"]*)"'
    link = unescape(re.search(pattern, table).group(1))
    resolved = get(as_encargado, link).content.decode()
    assert resolved.count("SOL-2026-") == 4


@pytest.mark.parametrize(
    "query",
    [
        "?periodo=semana",
        "?periodo=mes&fecha=2026-02-30",
        "?periodo=rango&desde=x",
        "?parque=9999",
        "?parque=abc",
    ],
)
def test_bad_input_shows_a_spanish_message_and_a_usable_page(as_encargado, query):
    response = get(as_encargado, reverse("dashboard") + query)
    assert response.status_code == 200
    assert 'data-testid="period-error"' in response.content.decode()
    assert 'data-testid="card-visits"' in response.content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(client, url).status_code == 200
    return len(queries)


def test_the_page_costs_a_constant_number_of_queries(as_encargado, office):
    year = reverse("dashboard") + "?periodo=anio&fecha=2026-01-01"
    small = count_queries(as_encargado, year)
    with time_machine.travel(NOW, tick=False):
        build_more_activity(office)
    assert count_queries(as_encargado, year) == small
    assert small <= 16


def build_more_activity(office):
    from companies.models import Company, Visit

    for number in range(30):
        company = Company.objects.create(
            rut=f"{8000000 + number}-{_check_digit(8000000 + number)}",
            legal_name=f"Nueva {number}",
            park=office.other_park,
        )
        Visit.objects.create(
            company=company, staff=office.users["gestora2"], status="done", happened_at=NOW
        )


def _check_digit(number: int) -> str:
    from stdnum.cl.rut import calc_check_digit

    return calc_check_digit(str(number))


def test_cached_figures_say_when_they_were_computed(as_encargado, settings):
    settings.DASHBOARD_CACHE_SECONDS = 600
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    caches["default"].clear()
    url = reverse("dashboard") + JUNE
    first = count_queries(as_encargado, url)
    cached = count_queries(as_encargado, url)
    assert cached < first
    content = get(as_encargado, url).content.decode()
    assert "Cifras calculadas el 15-06-2026 a las 12:00" in content
    assert count_queries(as_encargado, url + "&recalcular=1") == first


def test_a_staff_name_with_markup_is_shown_as_written(as_encargado, office):
    gestora = office.users["gestora2"]
    gestora.first_name, gestora.last_name = "Ana <b>", "O'Higgins & Cía"
    gestora.save()
    content = get(as_encargado, reverse("dashboard") + JUNE).content.decode()
    table = content.split('data-testid="staff-table"', 1)[1].split("</table>", 1)[0]
    assert "Ana &lt;b&gt; O&#x27;Higgins &amp; Cía" in table
    assert "<b>" not in table


def test_each_park_shows_its_placements_and_share_and_the_chosen_park_is_selected(
    as_encargado, office
):
    office.gulmue.name = "Gulmué <Norte>"
    office.gulmue.save()
    url = reverse("dashboard") + JUNE + f"&parque={office.gulmue.pk}"
    content = get(as_encargado, url).content.decode()
    table = content.split('data-testid="park-share-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<th scope="row" class="fw-normal">([^<]*)</th>.*?data-testid="placements">(\d+)</a>'
        r'.*?data-testid="share">([^<]*)</td>',
        table,
        re.S,
    )
    # June's three placements: one in each park and one outside them, whichever park is
    # chosen (the table is the office's).
    assert sorted(rows) == [
        ("Fuera de parques", "1", "33,3 %"),
        ("Gulmué &lt;Norte&gt;", "1", "33,3 %"),
        ("Otro", "1", "33,3 %"),
    ]
    chosen = f'<option value="{office.gulmue.pk}" selected>Gulmué &lt;Norte&gt;</option>'
    assert chosen in content
    assert f'<option value="{office.other_park.pk}">Otro</option>' in content
