"""The migration that turns free-text comunas into official codes keeps every value."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("companies", "0005_dashboard_indexes"), ("vacancies", "0006_vacancy_history")]
AFTER = [
    ("companies", "0006_comunas_from_the_official_list"),
    ("vacancies", "0007_comunas_from_the_official_list"),
]


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate_to(BEFORE)
    yield apps
    migrate_to(executor_leaves())


def executor_leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_free_text_comunas_become_codes_and_unknown_ones_stay_in_the_address(old_apps):
    Park = old_apps.get_model("companies", "IndustrialPark")
    Company = old_apps.get_model("companies", "Company")
    JobSeeker = old_apps.get_model("vacancies", "JobSeeker")
    gulmue = Park.objects.create(name="Gulmué", comuna="concon", address="Camino a Quintero")
    Park.objects.create(name="Parque Lunar", comuna="Mar de la Tranquilidad")
    Company.objects.create(legal_name="Bodegas del Sur SpA", park=gulmue, address="Los Aromos 12")
    Company.objects.create(legal_name="Frigorífico Costa Ltda.", address="Av. Borgoño 2040, Viña")
    Company.objects.create(legal_name="Aceros Quintero SpA", address="Calle 3 77, QUINTERO")
    for first, comuna in [("Ana", "Concón"), ("Luis", "concon "), ("Eva", "villa alemana")]:
        JobSeeker.objects.create(first_name=first, last_name="Prueba", comuna=comuna.strip())
    JobSeeker.objects.create(first_name="Sol", last_name="Prueba", comuna="sector alto")

    apps = migrate_to(AFTER)

    parks = {p.name: (p.comuna, p.address) for p in apps.get_model("companies", "IndustrialPark")
             .objects.all()}  # fmt: skip
    assert parks["Gulmué"] == ("05103", "Camino a Quintero")
    assert parks["Parque Lunar"] == ("", "(comuna anotada: Mar de la Tranquilidad)")
    companies = dict(
        apps.get_model("companies", "Company").objects.values_list("legal_name", "comuna")
    )
    assert companies == {
        "Bodegas del Sur SpA": "05103",
        "Frigorífico Costa Ltda.": "",
        "Aceros Quintero SpA": "05107",
    }
    people = {
        p.first_name: (p.comuna, p.address)
        for p in apps.get_model("vacancies", "JobSeeker").objects.all()
    }
    assert people == {
        "Ana": ("05103", ""),
        "Luis": ("05103", ""),
        "Eva": ("05804", ""),
        "Sol": ("", "(comuna anotada: sector alto)"),
    }
