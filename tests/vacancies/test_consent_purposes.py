"""Consent per purpose, each withdrawable: intermediation, inclusion data and programme hints
are recorded and withdrawn on their own; withdrawing intermediation stops new referrals while
the past ones keep counting; the old per-person consent becomes a Consent row."""

import importlib
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.vacancies.conftest import PURPOSE, make_person, make_rut, refer, rows_of
from vacancies.consent_models import Consent
from vacancies.consent_selectors import has_live_consent, live_purposes
from vacancies.consent_services import consent_give, consent_withdraw
from vacancies.models import JobSeeker, Referral
from vacancies.people_services import job_seeker_create, job_seeker_erase
from vacancies.selectors import candidates_for
from vacancies.services import referral_create, referral_move

pytestmark = pytest.mark.django_db

Purpose = Consent.Purpose
migration = importlib.import_module("vacancies.migrations.0014_consents_per_purpose")


def intermediation_of(person) -> Consent:
    return person.consents.get(purpose=Purpose.INTERMEDIATION, withdrawn_at__isnull=True)


def give(person, purpose, user, method=Consent.Method.IN_PERSON, **extra):
    return consent_give(
        job_seeker=person, purpose=purpose, method=method, recorded_by=user, **extra
    )


# The data migration ------------------------------------------------------------------------


def test_the_migration_turns_each_old_consent_into_an_intermediation_row(psicologa, gestora):
    given = timezone.make_aware(datetime(2025, 3, 4, 10, 30))
    noted = make_person(10_100_100, "Ana", "Rojas")
    JobSeeker.objects.filter(pk=noted.pk).update(
        consent_given_at=given, consent_purpose=PURPOSE, consent_recorded_by=psicologa
    )
    registered_only = make_person(10_200_200, "Pedro", "Soto", registered_by=gestora)
    JobSeeker.objects.filter(pk=registered_only.pk).update(
        consent_given_at=given, consent_purpose=PURPOSE
    )
    nobody = make_person(10_300_300, "Eva", "Díaz")
    JobSeeker.objects.filter(pk=nobody.pk).update(consent_given_at=given, consent_purpose=PURPOSE)
    make_person(10_400_400, "Sin", "Consentimiento")

    created = migration.copy_intermediation_consents(JobSeeker, Consent)

    assert created == 3
    rows = {c.job_seeker_id: c for c in Consent.objects.filter(purpose=Purpose.INTERMEDIATION)}
    assert set(rows) == {noted.pk, registered_only.pk, nobody.pk}
    assert rows[noted.pk].given_at == given
    assert rows[noted.pk].method == Consent.Method.IN_PERSON
    assert rows[noted.pk].recorded_by == psicologa
    assert rows[registered_only.pk].recorded_by == gestora
    assert rows[nobody.pk].recorded_by is None
    assert all(row.withdrawn_at is None for row in rows.values())


def test_running_the_migration_again_adds_nothing(psicologa):
    make_person(10_500_500, "Rosa", "Vera", consent_by=psicologa)

    assert migration.copy_intermediation_consents(JobSeeker, Consent) == 0
    assert Consent.objects.filter(purpose=Purpose.INTERMEDIATION).count() == 1


# Recording and withdrawing ------------------------------------------------------------------


def test_registering_a_person_with_consent_records_the_intermediation_row(psicologa):
    person = job_seeker_create(
        registered_by=psicologa,
        rut=make_rut(13_131_313),
        first_name="Camila",
        last_name="Fuentes",
        consent_purpose=PURPOSE,
    )

    consent = intermediation_of(person)
    assert (consent.recorded_by, consent.method) == (psicologa, Consent.Method.IN_PERSON)
    assert person.consent_given_at == consent.given_at


@pytest.mark.parametrize(
    "purpose", [Purpose.INTERMEDIATION, Purpose.INCLUSION_DATA, Purpose.ELIGIBILITY_HINTS]
)
def test_each_purpose_is_recorded_and_withdrawn_on_its_own(psicologa, encargado, purpose):
    person = make_person(11_000_000, "Marta", "Pizarro")
    for each in (Purpose.INTERMEDIATION, Purpose.INCLUSION_DATA, Purpose.ELIGIBILITY_HINTS):
        give(person, each, psicologa)

    consent_withdraw(consent=person.consents.get(purpose=purpose), withdrawn_by=encargado)

    others = {Purpose.INTERMEDIATION, Purpose.INCLUSION_DATA, Purpose.ELIGIBILITY_HINTS} - {purpose}
    assert live_purposes(person) == others
    assert not has_live_consent(person, purpose)
    withdrawn = person.consents.get(purpose=purpose)
    assert withdrawn.withdrawn_by == encargado


def test_withdrawing_intermediation_updates_the_persons_record(psicologa):
    person = make_person(11_100_000, "Javier", "Muñoz", consent_by=psicologa)

    consent = consent_withdraw(consent=intermediation_of(person), withdrawn_by=psicologa)

    person.refresh_from_db()
    assert not person.has_consent
    assert person.consent_withdrawn
    assert person.consent_withdrawn_at == consent.withdrawn_at


def test_a_withdrawn_consent_can_be_given_again_as_a_new_row(psicologa):
    person = make_person(11_200_000, "Sofía", "Araya", consent_by=psicologa)
    consent_withdraw(consent=intermediation_of(person), withdrawn_by=psicologa)

    give(person, Purpose.INTERMEDIATION, psicologa, method=Consent.Method.WRITTEN)

    person.refresh_from_db()
    assert person.has_consent and not person.consent_withdrawn
    assert person.consents.filter(purpose=Purpose.INTERMEDIATION).count() == 2


def test_an_unknown_purpose_or_method_is_refused(psicologa):
    person = make_person(11_300_000, "Tomás", "Reyes")

    with pytest.raises(ValidationError, match="Finalidad desconocida"):
        give(person, "marketing", psicologa)
    with pytest.raises(ValidationError, match="Indique cómo otorgó"):
        give(person, Purpose.INCLUSION_DATA, psicologa, method="telepathy")
    assert not Consent.objects.exists()


def test_a_share_consent_is_live_only_for_its_company(psicologa, company, vacancy):
    person = make_person(11_400_000, "Ignacia", "Vidal", consent_by=psicologa)
    refer(person, vacancy, psicologa)
    give(person, Purpose.SHARE_PROFILE, psicologa, company=company)

    assert has_live_consent(person, Purpose.SHARE_PROFILE, company=company)
    assert Purpose.SHARE_PROFILE in live_purposes(person)


def test_an_erased_person_consents_to_nothing(psicologa, encargado):
    person = make_person(11_500_000, "Felipe", "Castro", consent_by=psicologa)
    give(person, Purpose.ELIGIBILITY_HINTS, psicologa)

    job_seeker_erase(job_seeker=person, erased_by=encargado)

    person.refresh_from_db()
    assert live_purposes(person) == set()
    assert not has_live_consent(person, Purpose.ELIGIBILITY_HINTS)


# Effects of withdrawing intermediation -----------------------------------------------------


@pytest.fixture
def withdrawn(psicologa):
    person = make_person(12_000_000, "Carolina", "Lagos", consent_by=psicologa)
    consent_withdraw(consent=intermediation_of(person), withdrawn_by=psicologa)
    person.refresh_from_db()
    return person


def test_no_new_referral_after_withdrawal(withdrawn, vacancy, psicologa):
    with pytest.raises(ValidationError) as refused:
        referral_create(job_seeker=withdrawn, vacancy=vacancy, referred_by=psicologa)

    assert "Carolina Lagos retiró su consentimiento para la intermediación laboral" in str(
        refused.value
    )
    assert not Referral.objects.exists()


def test_the_referral_page_refuses_with_a_message(as_psicologa, withdrawn, vacancy):
    response = as_psicologa.post(
        reverse("vacancies:referral_add"),
        {"job_seeker": withdrawn.pk, "vacancy": vacancy.pk, "back": "person"},
        follow=True,
    )

    content = response.content.decode()
    assert "retiró su consentimiento para la intermediación laboral" in content
    assert 'data-testid="refer-form"' not in content
    assert not Referral.objects.exists()


def test_the_candidate_list_leaves_them_out(withdrawn, vacancy, psicologa):
    other = make_person(12_100_000, "Daniela", "Pérez", consent_by=psicologa)

    assert list(candidates_for(vacancy)) == [other]


def test_the_people_list_says_the_consent_was_withdrawn(as_psicologa, withdrawn, psicologa):
    make_person(12_200_000, "Nunca", "Consintió")
    url = reverse("vacancies:job_seeker_list")

    table = rows_of(as_psicologa.get(url), "people-table")
    assert "Consentimiento retirado" in table
    only_withdrawn = rows_of(as_psicologa.get(url + "?consent=retirado"), "people-table")
    assert "Carolina" in only_withdrawn and "Nunca" not in only_withdrawn
    pending = rows_of(as_psicologa.get(url + "?consent=0"), "people-table")
    assert "Nunca" in pending and "Carolina" not in pending


def agreement_rows(content: str) -> dict[str, str]:
    table = content.split('data-testid="agreement-table"')[1].split("</table>")[0]
    cells = [part.split("<", 1)[0] for part in table.split(">") if part.split("<", 1)[0].strip()]
    return dict(zip(cells[::2], cells[1::2], strict=True))


def test_a_past_months_report_keeps_its_counts_after_withdrawal(as_encargado, psicologa, vacancy):
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=10)
    at = timezone.make_aware(datetime.combine(last_month, datetime.min.time())) + timedelta(
        hours=11
    )
    person = make_person(12_300_000, "Valentina", "Gómez")
    give(person, Purpose.INTERMEDIATION, psicologa, given_at=at - timedelta(days=5))
    referral = referral_create(job_seeker=person, vacancy=vacancy, referred_by=psicologa, at=at)
    referral_move(referral=referral, stage="interview", changed_by=psicologa, at=at)
    referral_move(
        referral=referral,
        stage="hired",
        changed_by=psicologa,
        at=at,
        start_date=last_month + timedelta(days=3),
        contract_type="indefinite",
        written_contract=True,
    )
    url = reverse("monthly_report") + f"?mes={last_month:%Y-%m}"
    before = agreement_rows(as_encargado.get(url).content.decode())

    consent_withdraw(consent=intermediation_of(person), withdrawn_by=psicologa)

    after = agreement_rows(as_encargado.get(url).content.decode())
    assert after == before
    assert before["Derivaciones a vacantes"] == "1"
    assert before["Colocaciones"] == "1"


# The person's page -------------------------------------------------------------------------


def page(client, person) -> str:
    return client.get(reverse("vacancies:job_seeker_detail", args=[person.pk])).content.decode()


def item(content: str, testid: str) -> str:
    return content.split(f'data-testid="{testid}"', 1)[1].split("</form>", 1)[0]


def test_the_page_shows_each_purpose_with_its_status(as_psicologa, psicologa, encargado):
    person = make_person(13_000_000, "Josefa", "Toro", consent_by=psicologa)
    hints = give(person, Purpose.ELIGIBILITY_HINTS, psicologa, method=Consent.Method.EMAIL)
    consent_withdraw(consent=hints, withdrawn_by=encargado)

    content = page(as_psicologa, person)

    assert "Vigente desde el" in item(content, "consent-intermediation")
    assert "Retirado el" in item(content, "consent-eligibility_hints")
    assert "por Encargado" in item(content, "consent-eligibility_hints")
    assert 'data-testid="consent-form-inclusion_data"' in content
    assert 'data-testid="consent-form-eligibility_hints"' in content
    assert 'data-testid="consent-form-intermediation"' not in content


def test_inclusion_data_is_recorded_from_the_page(as_psicologa, psicologa):
    person = make_person(13_100_000, "Andrea", "Molina")

    response = as_psicologa.post(
        reverse("vacancies:job_seeker_consent", args=[person.pk]),
        {
            "purpose": "inclusion_data",
            "inclusion_data-given_on": "2026-01-15",
            "inclusion_data-method": "written",
        },
    )

    assert response.status_code == 302
    consent = person.consents.get()
    assert consent.purpose == Purpose.INCLUSION_DATA
    assert timezone.localtime(consent.given_at).date() == date(2026, 1, 15)
    assert (consent.method, consent.recorded_by) == ("written", psicologa)


def test_a_future_date_is_refused_next_to_the_field(as_psicologa):
    person = make_person(13_200_000, "Paula", "Cortés")
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = as_psicologa.post(
        reverse("vacancies:job_seeker_consent", args=[person.pk]),
        {
            "purpose": "eligibility_hints",
            "eligibility_hints-given_on": tomorrow.isoformat(),
            "eligibility_hints-method": "in_person",
        },
    )

    assert response.status_code == 200
    form = item(response.content.decode(), "consent-form-eligibility_hints")
    assert "La fecha del consentimiento no puede ser futura." in form
    assert not Consent.objects.exists()


def test_an_unknown_purpose_is_refused_with_a_message(as_psicologa):
    person = make_person(13_300_000, "Lucas", "Bravo")

    response = as_psicologa.post(
        reverse("vacancies:job_seeker_consent", args=[person.pk]),
        {"purpose": "share_profile"},
        follow=True,
    )

    assert "Elija para qué finalidad se registra el consentimiento." in response.content.decode()
    assert not Consent.objects.exists()


def test_withdrawal_asks_for_confirmation_first(as_psicologa, psicologa):
    person = make_person(13_400_000, "Gabriel", "Núñez", consent_by=psicologa)
    consent = intermediation_of(person)
    url = reverse("vacancies:consent_withdraw", args=[consent.pk])

    content = as_psicologa.get(url).content.decode()

    assert "No se la podrá derivar a nuevas vacantes" in content
    assert "Sí, retirar el consentimiento" in content
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_withdrawing_twice_is_refused_in_spanish(client, psicologa, encargado):
    person = make_person(13_500_000, "Catalina", "Vega", consent_by=psicologa)
    consent = intermediation_of(person)
    url = reverse("vacancies:consent_withdraw", args=[consent.pk])
    client.force_login(encargado)

    first = client.post(url, follow=True).content.decode()
    second = client.post(url, follow=True).content.decode()

    assert "Se retiró el consentimiento de Catalina Vega: intermediación laboral." in first
    assert "Este consentimiento ya fue retirado el" in second
    consent.refresh_from_db()
    assert consent.withdrawn_by == encargado
    assert 'data-testid="consent-status">Consentimiento retirado' in second


def test_a_gestora_may_neither_record_nor_withdraw(client, gestora, psicologa):
    person = make_person(13_600_000, "Renata", "Silva", consent_by=psicologa)
    consent = intermediation_of(person)
    client.force_login(gestora)

    record = client.post(
        reverse("vacancies:job_seeker_consent", args=[person.pk]),
        {
            "purpose": "inclusion_data",
            "inclusion_data-given_on": "2026-01-15",
            "inclusion_data-method": "written",
        },
    )
    confirm = client.get(reverse("vacancies:consent_withdraw", args=[consent.pk]))
    withdraw = client.post(reverse("vacancies:consent_withdraw", args=[consent.pk]))

    assert (record.status_code, confirm.status_code, withdraw.status_code) == (403, 403, 403)
    assert live_purposes(person) == {Purpose.INTERMEDIATION}


def test_the_encargado_records_a_consent(client, encargado):
    person = make_person(13_700_000, "Agustín", "Mella")
    client.force_login(encargado)

    response = client.post(
        reverse("vacancies:job_seeker_consent", args=[person.pk]),
        {
            "purpose": "eligibility_hints",
            "eligibility_hints-given_on": timezone.localdate().isoformat(),
            "eligibility_hints-method": "in_person",
        },
    )

    assert response.status_code == 302
    assert person.consents.get().recorded_by == encargado


# The data export ---------------------------------------------------------------------------


def test_the_export_lists_each_purpose_with_its_dates(client, encargado, psicologa):
    person = make_person(14_000_000, "Florencia", "Ortiz", consent_by=psicologa)
    hints = give(person, Purpose.ELIGIBILITY_HINTS, psicologa, method=Consent.Method.EMAIL)
    consent_withdraw(consent=hints, withdrawn_by=encargado)
    client.force_login(encargado)

    data = client.get(reverse("vacancies:data_export", args=[person.pk])).json()
    page_content = client.get(reverse("vacancies:data_access", args=[person.pk])).content

    by_purpose = {row["finalidad"]: row for row in data["consentimientos"]}
    assert set(by_purpose) == {
        "Intermediación laboral",
        "Sugerencias de programas y beneficios",
    }
    hint_row = by_purpose["Sugerencias de programas y beneficios"]
    assert hint_row["como_se_otorgo"] == "Por correo"
    assert hint_row["registrado_por"] == "Psicologa"
    assert hint_row["retiro_registrado_por"] == "Encargado"
    assert hint_row["retirado_el"] and not hint_row["vigente"]
    assert by_purpose["Intermediación laboral"]["vigente"]
    access = rows_of_page(page_content.decode())
    assert "Sugerencias de programas y beneficios" in access
    assert "Retirado el" in access


def rows_of_page(content: str) -> str:
    return content.split('data-testid="access-consents"', 1)[1].split("</section>", 1)[0]
