"""An object's address built from its id is the one Django's reverse gives, also when the
office serves the application under a sub-path."""

from django.urls import clear_script_prefix, reverse, set_script_prefix

from omil_crm.base.paths import path_for

NAMES = (
    "companies:detail",
    "companies:visit_detail",
    "companies:follow_up_detail",
    "requests_routing:request_detail",
    "vacancies:vacancy_detail",
    "meetings:detail",
    "events:detail",
)


def test_the_address_is_reverses_for_every_id():
    for name in NAMES:
        for pk in (1, 42, 918273645, 10**12):
            assert path_for(name, pk) == reverse(name, args=[pk])


def test_a_sub_path_is_kept():
    set_script_prefix("/omil/")
    try:
        assert path_for("companies:detail", 7) == reverse("companies:detail", args=[7])
        assert path_for("companies:detail", 7).startswith("/omil/")
    finally:
        clear_script_prefix()
    assert not path_for("companies:detail", 7).startswith("/omil/")
