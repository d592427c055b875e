"""The benchmark's own plumbing: database names per size, the scale curve's verdicts, and the
bare view that only the load test's server serves."""

import json

import pytest
from django.test import Client, override_settings

from tests.bench import scale


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
        path = tmp_path / f"pages-{scale.tag(size)}.json"
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
