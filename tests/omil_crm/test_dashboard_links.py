"""Every number of the panel opens a list that shows exactly that number.

The office of dashboard_data has, next to what each figure counts, what a loose list would
wrongly add: an inactive company never contacted, a company never contacted next to one
contacted in March and others contacted this month, open requests in and out of their due date,
another park, companies outside any park, and activity in May. Each test reads the page, follows
the link of each figure and counts what the list says it holds.
"""

import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from tests.omil_crm.dashboard_data import NOW

JUNE = reverse("dashboard") + "?periodo=mes&fecha=2026-06-01"
CARDS = (
    "visits",
    "companies_contacted",
    "never_contacted",
    "long_not_contacted",
    "vacancies",
    "referrals",
    "placements",
    "requests_received",
    "requests_resolved",
    "requests_overdue",
    "workshops",
)


def get(client, url):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


def cards(content: str) -> dict[str, tuple[str, str]]:
    """Each card's key: (the figure it shows, its link)."""
    found = {}
    for href, key, body in re.findall(
        r'href="([^"]*)" data-testid="card-([a-z_]+)">(.*?)</a>', content, re.S
    ):
        value = re.search(r'data-testid="value">([^<]*)<', body).group(1).strip()
        found[key] = (value, unescape(href))
    return found


def table_links(content: str, table: str) -> list[tuple[str, str, int]]:
    """(column, link, figure) of every linked number in one of the panel's tables."""
    block = content.split(f'data-testid="{table}"', 1)[1].split("</table>", 1)[0]
    return [
        (column, unescape(href), int(value))
        for href, column, value in re.findall(
            r'<a href="([^"]*)"[^>]*data-testid="([a-z-]+)">\s*(\d+)\s*</a>', block
        )
    ]


def listed(response) -> int:
    """How many rows the list says it holds."""
    content = response.content.decode()
    return int(re.search(r'data-testid="list-total" data-count="(\d+)"', content).group(1))


def extra_total(response, noun: str) -> int:
    """A sum the list shows next to its count: «6 puestos», «3 asistencias»."""
    block = response.content.decode().split('data-testid="list-total"', 1)[1].split("</div>")[0]
    return int(re.search(rf"(\d+) {noun}", block).group(1))


@pytest.mark.parametrize("park", [False, True], ids=["oficina", "parque"])
def test_every_card_opens_a_list_with_as_many_rows_as_it_shows(as_encargado, office, park):
    url = JUNE + (f"&parque={office.gulmue.pk}" if park else "")
    shown = cards(get(as_encargado, url).content.decode())
    for key in CARDS:
        value, link = shown[key]
        assert listed(get(as_encargado, link)) == int(value), key
    if not park:
        # The office's figures were chosen so that none of them is zero.
        assert all(int(shown[key][0]) > 0 for key in CARDS)


@pytest.mark.parametrize("park", [False, True], ids=["oficina", "parque"])
def test_positions_and_attendances_match_the_sums_their_lists_show(as_encargado, office, park):
    url = JUNE + (f"&parque={office.gulmue.pk}" if park else "")
    shown = cards(get(as_encargado, url).content.decode())
    positions, link = shown["positions"]
    assert extra_total(get(as_encargado, link), "puestos?") == int(positions)
    attendees, link = shown["attendees"]
    assert extra_total(get(as_encargado, link), "asistencias?") == int(attendees) == 3


def test_the_park_share_opens_the_office_placements_it_is_a_share_of(as_encargado, office):
    content = get(as_encargado, JUNE + f"&parque={office.gulmue.pk}").content.decode()
    _, link = cards(content)["park_share"]
    assert "1 de 3 colocaciones de la oficina" in content
    assert listed(get(as_encargado, link)) == 3


def test_never_and_long_not_contacted_open_different_lists(as_encargado, office):
    shown = cards(get(as_encargado, JUNE).content.decode())
    never = get(as_encargado, shown["never_contacted"][1])
    long_ago = get(as_encargado, shown["long_not_contacted"][1])
    assert never.context["page"].object_list[0].legal_name == "Beta"
    assert long_ago.context["page"].object_list[0].legal_name == "Gamma"


@pytest.mark.parametrize("table", ["department-table", "park-share-table", "staff-table"])
def test_every_number_of_the_tables_opens_a_list_with_that_many_rows(as_encargado, table):
    links = table_links(get(as_encargado, JUNE).content.decode(), table)
    assert links and any(figure > 0 for _, _, figure in links)
    for column, link, figure in links:
        assert listed(get(as_encargado, link)) == figure, (column, link)


def test_the_placements_outside_parks_open_their_own_list(as_encargado):
    content = get(as_encargado, JUNE).content.decode()
    table = content.split('data-testid="park-share-table"', 1)[1].split("</table>", 1)[0]
    row = table.split("Fuera de parques", 1)[1]
    link = unescape(re.search(r'href="([^"]*)"', row).group(1))
    response = get(as_encargado, link)
    assert listed(response) == 1
    assert "Parque: Fuera de parques" in response.content.decode()


def test_every_programme_offer_figure_opens_its_offers(as_encargado):
    content = get(as_encargado, JUNE).content.decode()
    block = content.split('data-testid="offer-table"', 1)[1].split("</table>", 1)[0]
    links = re.findall(r'<a href="([^"]*)" data-testid="current">(\d+)</a>', block)
    assert sum(int(value) for _, value in links) == 2
    for href, value in links:
        assert listed(get(as_encargado, unescape(href))) == int(value)


def test_the_list_says_which_filters_the_figure_set(as_encargado, office):
    shown = cards(get(as_encargado, JUNE + f"&parque={office.gulmue.pk}").content.decode())
    content = get(as_encargado, shown["visits"][1]).content.decode()
    active = content.split('data-testid="active-filters"', 1)[1].split("</span>", 1)[0]
    assert "Parque: Gulmué" in active
    assert "Estado: Realizada" in active
    assert "Realizadas desde: 01-06-2026" in active
    assert "hasta: 30-06-2026" in active


def test_every_indicator_of_the_monthly_report_opens_its_list(as_encargado):
    content = get(as_encargado, reverse("monthly_report") + "?mes=2026-06").content.decode()
    table = content.split('data-testid="indicator-table"', 1)[1].split("</table>", 1)[0]
    figures = dict(
        (key, (unescape(href), value))
        for href, key, value in re.findall(
            r'<a href="([^"]*)" data-testid="report-([a-z_]+)">([^<]*)</a>', table
        )
    )
    for key in CARDS:
        link, value = figures[key]
        assert listed(get(as_encargado, link)) == int(value), key
