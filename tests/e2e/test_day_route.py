"""The field day in a browser: the day's route from the agenda on a phone, its map without
any network beyond our own server, and the pin on the company's edit page."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in
from tests.fieldwork.world import BEST_ORDER, next_weekday, plan_six_visits

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def only_our_server(page, live_server) -> list[str]:
    """Refuse every request to another host (the tile server included), and say which."""
    refused = []

    def handle(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.context.route("**/*", handle)
    return refused


def printable_briefs_kept(page):
    """Opening the day's route keeps it and its printable briefs for offline use, fetched in
    the background: waited for, so that no request of it is still running on the server when
    the test ends and its database is emptied."""
    return page.expect_response(lambda response: "/imprimir/" in response.url)


def csp_complaints(page) -> list[str]:
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_the_days_route_shows_six_visits_in_the_best_order(page_factory, gestora, live_server):
    day = next_weekday()
    plan_six_visits(staff=gestora, day=day)
    page = page_factory(PHONE)
    only_our_server(page, live_server)
    complaints = csp_complaints(page)
    log_in(page, "gestora", PASSWORD)

    page.goto("/agenda/")
    with printable_briefs_kept(page):
        page.locator(f'a[href="/agenda/ruta/{day.isoformat()}/"]').first.click()
    page.wait_for_url(f"**/agenda/ruta/{day.isoformat()}/")

    expect(page.get_by_test_id("route-stop-name")).to_have_text(BEST_ORDER)
    expect(page.get_by_test_id("route-total")).to_contain_text("min a pie")
    # Six numbered stops and the start on the map, joined by the route's line.
    stops = page.locator("#route-map .leaflet-marker-icon.route-marker-stop")
    expect(stops).to_have_count(6)
    expect(stops.first).to_have_text("1")
    expect(page.locator("#route-map .leaflet-marker-icon.route-marker-start")).to_have_count(1)
    expect(page.locator("#route-map path.leaflet-interactive")).to_have_count(1)
    assert complaints == []

    page.get_by_test_id("route-brief-link").first.click()
    expect(page.get_by_test_id("brief")).to_contain_text(BEST_ORDER[0])


def test_the_map_shows_its_markers_when_the_tile_server_cannot_be_reached(
    page_factory, gestora, live_server, settings
):
    settings.OMIL_MAP_TILE_URL = OSM
    # As settings.py does when the tile server is set from the environment.
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "img-src": [*settings.SECURE_CSP["img-src"], "https://tile.openstreetmap.org"],
    }
    day = next_weekday()
    plan_six_visits(staff=gestora, day=day)
    page = page_factory(PHONE)
    refused = only_our_server(page, live_server)
    log_in(page, "gestora", PASSWORD)

    with printable_briefs_kept(page):
        page.goto(f"/agenda/ruta/{day.isoformat()}/")

    expect(page.locator("#route-map .leaflet-marker-icon.route-marker-stop")).to_have_count(6)
    expect(page.locator("#route-map .leaflet-marker-icon")).to_have_count(7)
    expect(page.locator("#route-map .leaflet-tile-pane")).to_have_count(1)
    # The tiles were asked for and did not come; the page stands anyway.
    page.wait_for_function("document.querySelectorAll('#route-map img.leaflet-tile').length > 0")
    assert any("tile.openstreetmap.org" in url for url in refused)


def test_a_tap_on_the_map_places_the_company_and_fills_its_coordinates(
    page_factory, gestora, company, live_server
):
    page = page_factory(PHONE)
    only_our_server(page, live_server)
    log_in(page, "gestora", PASSWORD)
    page.goto(f"/empresas/{company.pk}/editar/")

    box = page.locator("[data-location-map]")
    box.scroll_into_view_if_needed()
    box.click(position={"x": 120, "y": 90})

    latitude = page.get_by_label("Latitud")
    expect(latitude).not_to_have_value("")
    expect(page.locator("[data-location-map] .route-marker-pin")).to_have_count(1)
    typed_lat = Decimal(latitude.input_value())
    assert Decimal("-34") < typed_lat < Decimal("-32")

    page.get_by_role("button", name="Guardar").click()
    page.wait_for_url(f"**/empresas/{company.pk}/")
    company.refresh_from_db()
    assert company.latitude == typed_lat
