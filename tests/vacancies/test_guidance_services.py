"""Recording job guidance sessions: who may take part and what an individual session is."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.vacancies.conftest import make_person
from vacancies.guidance_models import GuidanceSession
from vacancies.guidance_services import guidance_create, guidance_update
from vacancies.people_services import job_seeker_erase

pytestmark = pytest.mark.django_db


def session_data(staff, participants, **changes):
    return {
        "held_on": date(2026, 3, 10),
        "staff": staff,
        "mode": "individual",
        "participants": participants,
        "topics": ["cv", "interview"],
        "next_steps": "Enviar el CV a dos empresas del parque.",
        **changes,
    }


@pytest.fixture
def ana(psicologa):
    return make_person(15111222, "Ana", "Rojas", consent_by=psicologa)


@pytest.fixture
def pedro(psicologa):
    return make_person(16222333, "Pedro", "Soto", consent_by=psicologa)


def test_an_individual_session_with_one_person_is_recorded(psicologa, ana):
    session = guidance_create(**session_data(psicologa, [ana]))

    assert list(session.participants.all()) == [ana]
    assert session.topic_labels == ["CV y postulación", "Entrevista"]
    assert session.history.count() == 1


def test_an_individual_session_with_two_people_is_refused(psicologa, ana, pedro):
    with pytest.raises(ValidationError) as refused:
        guidance_create(**session_data(psicologa, [ana, pedro]))

    assert "Una sesión individual es con una sola persona" in str(refused.value)
    assert not GuidanceSession.objects.exists()


def test_a_group_session_takes_several_people(psicologa, ana, pedro):
    session = guidance_create(**session_data(psicologa, [ana, pedro], mode="group"))

    assert set(session.participants.all()) == {ana, pedro}


def test_a_person_without_consent_is_refused_by_name(psicologa, ana):
    without = make_person(17333444, "Marta", "Díaz")

    with pytest.raises(ValidationError) as refused:
        guidance_create(**session_data(psicologa, [ana, without], mode="group"))

    assert "Sin consentimiento vigente" in str(refused.value)
    assert "Marta Díaz" in str(refused.value)
    assert not GuidanceSession.objects.exists()


def test_an_erased_person_is_refused(psicologa, encargado, ana):
    job_seeker_erase(job_seeker=ana, erased_by=encargado)
    ana.refresh_from_db()

    with pytest.raises(ValidationError):
        guidance_create(**session_data(psicologa, [ana]))


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"topics": []}, "topics"),
        ({"topics": ["astrologia"]}, "topics"),
        ({"topics": ["other"]}, "topic_other"),
        ({"held_on": timezone.localdate() + timedelta(days=1)}, "held_on"),
        ({"participants": []}, "participants"),
    ],
)
def test_bad_input_names_its_field_and_saves_nothing(psicologa, ana, changes, field):
    data = {**session_data(psicologa, [ana]), **changes}
    with pytest.raises(ValidationError) as refused:
        guidance_create(**data)

    assert field in refused.value.message_dict
    assert not GuidanceSession.objects.exists()


def test_a_follow_up_before_the_session_is_refused(psicologa, ana):
    with pytest.raises(ValidationError) as refused:
        guidance_create(**session_data(psicologa, [ana], follow_up_on=date(2026, 3, 1)))

    assert "El seguimiento no puede ser anterior a la sesión." in str(refused.value)


def test_someone_who_withdrew_consent_stays_when_the_session_is_edited(psicologa, ana, pedro):
    session = guidance_create(**session_data(psicologa, [ana, pedro], mode="group"))
    ana.consent_given_at = None
    ana.save()

    guidance_update(session=session, **session_data(psicologa, [ana, pedro], mode="group"))

    assert set(session.participants.all()) == {ana, pedro}
    assert session.history.count() == 2


def test_erasing_a_person_empties_their_individual_notes_but_keeps_the_session(
    psicologa, encargado, ana, pedro
):
    alone = guidance_create(
        **session_data(psicologa, [ana], topics=["other"], topic_other="Su deuda")
    )
    group = guidance_create(**session_data(psicologa, [ana, pedro], mode="group"))

    job_seeker_erase(job_seeker=ana, erased_by=encargado)

    alone.refresh_from_db()
    group.refresh_from_db()
    assert (alone.next_steps, alone.topic_other) == ("", "")
    assert not alone.history.exclude(next_steps="").exists()
    assert list(alone.participants.all()) == [ana]
    assert group.next_steps == "Enviar el CV a dos empresas del parque."
