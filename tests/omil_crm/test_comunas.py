"""Chile's official list of comunas: what every comuna field offers and stores."""

from collections import Counter

import pytest

from omil_crm.base.comunas import COMUNAS, REGIONS, comuna_choices, comuna_name, find_comuna


def test_the_list_holds_the_346_comunas_of_the_16_regions():
    per_region = Counter(comuna.region_code for comuna in COMUNAS.values())

    assert len(COMUNAS) == 346
    assert set(per_region) == set(REGIONS)
    assert (per_region["05"], per_region["13"], per_region["16"], per_region["15"]) == (
        38,
        52,
        21,
        4,
    )


def test_codes_are_five_digits_beginning_with_their_region():
    assert all(len(code) == 5 and code.isdigit() for code in COMUNAS)
    assert all(code[:2] in REGIONS for code in COMUNAS)
    assert len({comuna.name for comuna in COMUNAS.values()}) == 346


def test_concon_is_in_the_valparaiso_region():
    concon = COMUNAS["05103"]

    assert (concon.name, concon.region) == ("Concón", "Valparaíso")


@pytest.mark.parametrize(
    "typed, code",
    [
        ("concon", "05103"),
        ("  CONCÓN ", "05103"),
        ("Viña del mar", "05109"),
        ("vina del mar", "05109"),
        ("Nunoa", "13120"),
        ("Llay-Llay", "05703"),
        ("Til Til", "13303"),
        ("Calera", "05502"),
        ("Aisén", "11201"),
        ("05103", "05103"),
        ("5103", "05103"),
    ],
)
def test_a_comuna_is_found_however_people_write_it(typed, code):
    assert find_comuna(typed) == code


@pytest.mark.parametrize("typed", ["", "Narnia", "Región de Valparaíso", "99999", "Concón 2"])
def test_text_that_names_no_comuna_finds_none(typed):
    assert find_comuna(typed) is None


def test_choices_are_grouped_by_region_from_north_to_south_and_sorted_by_name():
    groups = comuna_choices()

    assert [label for label, _ in groups][:2] == [
        "Región de Arica y Parinacota",
        "Región de Tarapacá",
    ]
    valparaiso = dict(groups)["Región de Valparaíso"]
    names = [name for _, name in valparaiso]
    assert names[:3] == ["Algarrobo", "Cabildo", "Calle Larga"]
    assert ("05103", "Concón") in valparaiso
    assert sum(len(members) for _, members in groups) == 346


def test_an_unknown_code_has_no_name():
    assert (comuna_name("05103"), comuna_name("99999"), comuna_name("")) == ("Concón", "", "")
