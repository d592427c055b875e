"""A year of labour inclusion (Ley 21.015) for the demo office: eight persons who consented to
the processing of their inclusion data, with a profile and a functional evaluation; three
inclusive vacancies with their job analyses; four placements; one person who later withdrew
the consent (their data sealed, still counted among those placed)."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vacancies.consent_models import Consent
from vacancies.consent_services import consent_give, consent_withdraw
from vacancies.inclusion_models import DisabilityType, InclusionProfile
from vacancies.inclusion_services import (
    functional_evaluation_create,
    inclusion_profile_save,
    job_analysis_create,
)
from vacancies.models import Placement
from vacancies.services import referral_create, referral_move, vacancy_create

ADJUSTMENTS = [
    "Rampa de acceso y estacionamiento cercano a la entrada.",
    "Instrucciones por escrito y apoyo visual en la inducción.",
    "Intérprete de lengua de señas en la entrevista y la inducción.",
    "Jornada con pausas cada dos horas.",
    "Lector de pantalla y tamaño de letra ampliado en el computador.",
    "Acompañamiento de un preparador laboral el primer mes.",
    "Puesto de trabajo sentado, sin carga sobre 5 kg.",
    "Turno diurno fijo, sin rotación.",
]
FINDINGS = [
    "Buena motricidad fina; autonomía en tareas repetitivas y ordenadas.",
    "Comprende instrucciones de varios pasos con apoyo visual; puntual y constante.",
    "Comunicación escrita fluida; requiere intérprete para reuniones.",
    "Resistencia física moderada; trabaja bien con pausas programadas.",
]
TASKS = ["Embalaje y etiquetado", "Digitación y archivo", "Control de inventario", "Recepción"]
INCLUSIVE_VACANCIES = [
    ("Auxiliar de embalaje", "Diurno 08:00 a 17:00"),
    ("Digitador/a de inventario", "Lunes a viernes"),
    ("Recepcionista de bodega", "Diurno"),
]


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load_inclusion(
    *, today: date, psicologa, gestora, people: list, companies: list, rng: random.Random
) -> None:
    """Loaded once: a second run finds the profiles and adds nothing."""
    if InclusionProfile.objects.exists():
        return
    # People not placed yet, so the office's placements of persons with a disability are
    # exactly the four below.
    placed_before = set(Placement.objects.values_list("referral__job_seeker", flat=True))
    candidates = [
        person for person in people if person.has_consent and person.pk not in placed_before
    ]
    chosen = rng.sample(candidates, 8)
    types = list(DisabilityType.values)
    for index, person in enumerate(chosen):
        start = today - timedelta(days=330 - 35 * index)
        consent_give(
            job_seeker=person,
            purpose=Consent.Purpose.INCLUSION_DATA,
            method=Consent.Method.WRITTEN,
            recorded_by=psicologa,
            given_at=_moment(start, 10),
        )
        inclusion_profile_save(
            job_seeker=person,
            acting_user=psicologa,
            has_credential=index % 4 != 3,
            credential_date=start - timedelta(days=400) if index % 4 != 3 else None,
            disability_type=types[index % len(types)],
            disability_pension=index % 3 == 0,
            adjustments=ADJUSTMENTS[index],
        )
        functional_evaluation_create(
            job_seeker=person,
            evaluator=psicologa,
            evaluated_on=start + timedelta(days=7),
            findings=FINDINGS[index % len(FINDINGS)],
            recommended_adjustments=ADJUSTMENTS[index],
            suitable_tasks=TASKS[index % len(TASKS)],
        )
    large = [company for company in companies if (company.workforce_size or 0) >= 100]
    placed = []
    for index, (title, shift) in enumerate(INCLUSIVE_VACANCIES):
        company = (large or companies)[index % len(large or companies)]
        opened = today - timedelta(days=200 - 60 * index)
        vacancy = vacancy_create(
            company=company,
            title=title,
            positions=2,
            shift=shift,
            contract_type="indefinite",
            opened_on=opened,
            closing_date=opened + timedelta(days=45),
            captured_by=gestora,
            inclusive=True,
        )
        job_analysis_create(
            vacancy=vacancy,
            analyst=psicologa,
            analysed_on=opened + timedelta(days=5),
            physical_demands="De pie parte de la jornada; carga liviana.",
            cognitive_demands="Seguir procedimientos escritos; atención sostenida.",
            sensory_demands="Lectura de etiquetas y pantallas.",
            accessibility="Acceso a nivel, baño accesible, pasillos de 1,2 m.",
            possible_adjustments="Mesa regulable, pausas, instrucciones con pictogramas.",
            suitable=True,
        )
        hires = chosen[0:2] if index == 0 else [chosen[index + 1]]
        for person in hires:
            at = _moment(opened + timedelta(days=10), 11)
            referral = referral_create(
                job_seeker=person, vacancy=vacancy, referred_by=psicologa, at=at
            )
            referral_move(
                referral=referral,
                stage="hired",
                changed_by=psicologa,
                at=at + timedelta(days=5),
                start_date=opened + timedelta(days=20),
                contract_type="indefinite",
                written_contract=True,
            )
            placed.append(person)
    # The first person placed withdrew the consent later: sealed, still counted.
    withdrawn = Consent.objects.get(
        job_seeker=placed[0], purpose=Consent.Purpose.INCLUSION_DATA, withdrawn_at=None
    )
    consent_withdraw(
        consent=withdrawn, withdrawn_by=psicologa, at=_moment(today - timedelta(days=20), 12)
    )
