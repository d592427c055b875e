"""Hints at referral, not decisions: «posible Subsidio al Empleo Joven» from 18 to 24 years,
«posible Bono al Trabajo de la Mujer» for women from 25 to 59, each with what is still to
check, and only for people who consented to that use of their data."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.vacancies.conftest import make_person
from vacancies.consent_models import Consent
from vacancies.consent_services import consent_give, consent_withdraw
from vacancies.eligibility import age_on, eligibility_hints, santiago_today

SEJ = "Subsidio al Empleo Joven"
BTM = "Bono al Trabajo de la Mujer"


def programmes(birth_date, sex="", today=date(2026, 6, 15)) -> list[str]:
    hints = eligibility_hints(birth_date=birth_date, sex=sex, today=today)
    return [hint.programme for hint in hints]


# The rule --------------------------------------------------------------------------------


def test_no_hint_the_day_before_the_18th_birthday_and_one_on_it():
    assert programmes(date(2008, 6, 16)) == []
    assert programmes(date(2008, 6, 15)) == [SEJ]


def test_the_youth_subsidy_ends_on_the_25th_birthday_where_the_womens_bonus_starts():
    assert programmes(date(2001, 6, 16), sex="female") == [SEJ]
    assert programmes(date(2001, 6, 15), sex="female") == [BTM]
    assert programmes(date(2001, 6, 15), sex="male") == []


def test_the_womens_bonus_ends_on_the_60th_birthday():
    assert programmes(date(1966, 6, 16), sex="female") == [BTM]
    assert programmes(date(1966, 6, 15), sex="female") == []


def test_no_hint_without_a_birth_date_and_no_bonus_without_sex_mujer():
    assert programmes(None, sex="female") == []
    assert programmes(date(1990, 1, 1), sex="") == []


def test_each_hint_says_what_is_still_to_check():
    (hint,) = eligibility_hints(birth_date=date(2005, 1, 1), sex="", today=date(2026, 6, 15))

    assert hint.label == "posible Subsidio al Empleo Joven"
    assert any("Registro Social de Hogares" in condition for condition in hint.conditions)
    assert any("trabajando" in condition for condition in hint.conditions)


def test_a_leap_day_birthday_counts_from_the_first_of_march():
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_today_is_the_day_in_santiago_not_in_utc():
    # 02:00 UTC on 1 June is still 31 May in Santiago (UTC-4).
    with time_machine.travel(datetime(2026, 6, 1, 2, 0, tzinfo=timezone.UTC), tick=False):
        assert santiago_today() == date(2026, 5, 31)


# Where the hints show ---------------------------------------------------------------------


@pytest.fixture
def young(db, psicologa):
    today = santiago_today()  # aged 20 all year
    return make_person(
        15_000_000,
        "Matías",
        "Rivas",
        consent_by=psicologa,
        birth_date=date(today.year - 20, 1, 1),
    )


def give_hints(person, user):
    return consent_give(
        job_seeker=person,
        purpose=Consent.Purpose.ELIGIBILITY_HINTS,
        method=Consent.Method.IN_PERSON,
        recorded_by=user,
    )


def person_page(client, person) -> str:
    return client.get(reverse("vacancies:job_seeker_detail", args=[person.pk])).content.decode()


def test_the_person_page_shows_the_hint_with_consent(as_psicologa, young, psicologa):
    give_hints(young, psicologa)

    content = person_page(as_psicologa, young)

    hints = content.split('data-testid="eligibility-hints"', 1)[1].split("</section>", 1)[0]
    assert "Posible Subsidio al Empleo Joven" in hints
    assert "Registro Social de Hogares" in hints


def test_no_hint_without_consent_or_after_withdrawal(as_psicologa, young, psicologa):
    assert 'data-testid="eligibility-hints"' not in person_page(as_psicologa, young)

    consent_withdraw(consent=give_hints(young, psicologa), withdrawn_by=psicologa)

    assert 'data-testid="eligibility-hints"' not in person_page(as_psicologa, young)


def test_the_candidate_list_shows_hints_only_for_those_who_consented(
    as_psicologa, young, psicologa, vacancy
):
    other = make_person(
        15_100_000, "Tamara", "Leiva", consent_by=psicologa, birth_date=young.birth_date
    )
    give_hints(young, psicologa)

    content = as_psicologa.get(reverse("vacancies:vacancy_detail", args=[vacancy.pk]))
    rows = content.content.decode().split('data-testid="candidate-row"')[1:]

    by_name = {("Matías" in row, "Tamara" in row): row for row in rows}
    young_row = by_name[(True, False)].split("</li>", 1)[0]
    other_row = by_name[(False, True)].split("</li>", 1)[0]
    assert "Posible Subsidio al Empleo Joven" in young_row
    assert 'data-testid="candidate-hint"' not in other_row
    assert other.pk
