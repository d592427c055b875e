"""The benchmark's own plumbing: database names per size, the sizes measured in turn, the
scale curve's verdicts, and the bare view that only the load test's server serves."""

import json

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client, override_settings

from tests.bench import scale
from tests.bench.measure import Result
from tests.bench.sizes import Sizes, measure_in_turn


def test_each_size_gets_its_own_database_named_after_it():
    prefix = "postgres://postgres@127.0.0.1:5432/omil_bench"
    assert scale.database_url(prefix, 0.1).endswith("/omil_bench_s01")
    assert scale.database_url(prefix, 1.0).endswith("/omil_bench_s1")
    assert scale.database_url(prefix, 3).endswith("/omil_bench_s3")
    assert scale.database_url(prefix, 0.05).endswith("/omil_bench_s005")
    assert scale.database_url(prefix + "?sslmode=disable", 1).endswith("_s1?sslmode=disable")


def page(name, p50, reference=False):
    return {"name": name, "p50": p50, "p95": p50, "queries": 9, "ratio": None,
            "met": True, "reference": reference}  # fmt: skip


def test_the_curve_judges_the_largest_size_against_the_1x(tmp_path, monkeypatch):
    monkeypatch.setattr(scale, "OUT", tmp_path)
    sizes = {
        0.1: [page("Empresas: directorio", 40.0), page("Personas: lista", 50.0)],
        1.0: [page("Empresas: directorio", 50.0), page("Personas: lista", 60.0)],
        3.0: [page("Empresas: directorio", 60.0), page("Personas: lista", 120.0)],
    }
    for size, pages in sizes.items():
        path = tmp_path / f"curve-{scale.tag(size)}.json"
        path.write_text(json.dumps({"pages": pages}), encoding="utf-8")

    text = scale.curve([0.1, 1.0, 3.0])

    lines = {line.split("|")[1].strip(): line for line in text.splitlines() if "|" in line}
    assert "1,20×" in lines["Empresas: directorio"]
    assert lines["Empresas: directorio"].rstrip(" |").endswith("cumple")
    assert "2,00×" in lines["Personas: lista"]
    assert "no cumple" in lines["Personas: lista"]


@pytest.mark.django_db
def test_production_does_not_serve_the_bare_view():
    assert Client().get("/bench/bare/").status_code == 404


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.bench.server_urls")
def test_the_load_servers_bare_view_answers_without_signing_in():
    answer = Client().get("/bench/bare/")
    assert answer.status_code == 200
    assert answer.content == b"ok"


class CountedPage:
    """A page that records the size it was called at, through the sizes in use."""

    def __init__(self, name, size, sizes, before=None):
        self.name, self.size, self.sizes, self.before = name, size, sizes, before

    def call(self, number):
        assert self.sizes.current == self.size, "each request runs against its own size"
        self.sizes.calls.append((self.name, self.size))
        return 200

    def result(self):
        return Result(name=self.name, target="")


class RecordingSizes:
    def __init__(self):
        self.current, self.calls = None, []

    def use(self, size):
        self.current = size


@pytest.mark.django_db  # each measured request counts its queries on the connection
def test_sizes_take_turns_page_by_page_each_request_beside_the_floor():
    sizes = RecordingSizes()
    plans = {
        1.0: [CountedPage("Piso", 1.0, sizes), CountedPage("Panel", 1.0, sizes)],
        3.0: [CountedPage("Piso", 3.0, sizes), CountedPage("Panel", 3.0, sizes),
              CountedPage("Calendario", 3.0, sizes)],
    }  # fmt: skip

    measured = measure_in_turn(plans, sizes, warmups=1, repetitions=4)

    panel = [size for name, size in sizes.calls if name == "Panel"]
    # One warm-up at each size, then the order of the two sizes alternates every round.
    assert panel == [1.0, 3.0, 1.0, 3.0, 3.0, 1.0, 1.0, 3.0, 3.0, 1.0]
    after_warm_up = sizes.calls.index(("Panel", 3.0)) + 1
    measured_panel = sizes.calls[after_warm_up : sizes.calls.index(("Calendario", 3.0))]
    assert len(measured_panel) == 2 * 2 * 4
    # Every measured request of a page comes right after a floor request at its size.
    for position, (name, size) in enumerate(measured_panel):
        if name != "Piso":
            assert measured_panel[position - 1] == ("Piso", size)
    assert [result.name for result in measured[1.0]] == ["Piso", "Panel"]
    assert [result.name for result in measured[3.0]] == ["Piso", "Panel", "Calendario"]
    floor = {size: results[0] for size, results in measured.items()}
    # Its own block, then one beside each measured request of the other pages.
    assert len(floor[1.0].times_ms) == 4 + 4
    assert len(floor[3.0].times_ms) == 4 + 4 + 4
    assert len(measured[3.0][2].times_ms) == 4


@pytest.mark.django_db
def test_a_pages_ratio_is_to_the_floor_requests_beside_it(monkeypatch):
    """A slow spell during one page slows the floor beside it too, and its ratio holds."""
    clock = {"now": 0.0}
    spell = {"factor": 1.0}
    costs = {"Piso": 0.010, "Lista": 0.020, "Panel": 0.040}

    class TimedPage(CountedPage):
        def call(self, number):
            clock["now"] += costs[self.name] * spell["factor"]
            return 200

    def slow_during_panel():
        spell["factor"] = 3.0

    sizes = RecordingSizes()
    sizes.use(1.0)
    plans = {1.0: [TimedPage("Piso", 1.0, sizes), TimedPage("Lista", 1.0, sizes),
                   TimedPage("Panel", 1.0, sizes, before=slow_during_panel)]}  # fmt: skip
    monkeypatch.setattr("tests.bench.measure.time.perf_counter", lambda: clock["now"])

    results = {r.name: r for r in measure_in_turn(plans, sizes, warmups=1, repetitions=5)[1.0]}

    assert results["Lista"].ratio == pytest.approx(2.0)
    assert results["Panel"].floor_ms == pytest.approx(30.0)
    assert results["Panel"].ratio == pytest.approx(4.0)
    assert results["Piso"].floor_ms is None


@pytest.mark.django_db
def test_each_size_has_its_own_connection_and_cache_until_closed():
    cache.set("clave", "antes")
    original = connections["default"]
    name = original.settings_dict["NAME"]
    sizes = Sizes({1.0: name, 3.0: name})
    try:
        sizes.use(1.0)
        one = connections["default"]
        cache.set("clave", "a 1×")
        sizes.use(3.0)
        assert connections["default"] is not one
        assert connections["default"] is not original
        assert cache.get("clave") is None
        sizes.use(1.0)
        assert connections["default"] is one
        assert cache.get("clave") == "a 1×"
    finally:
        sizes.close()
    assert connections["default"] is original
    assert cache.get("clave") == "antes"
