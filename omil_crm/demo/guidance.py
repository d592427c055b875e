"""A year of job guidance sessions (orientación laboral) for the demo office."""

import random
from datetime import date, timedelta

from vacancies.guidance_models import GuidanceSession, GuidanceTopic
from vacancies.guidance_services import guidance_create

NEXT_STEPS = [
    "Actualizar el CV y enviarlo a la OMIL para revisión.",
    "Crear perfil en la Bolsa Nacional de Empleo y postular a dos ofertas.",
    "Inscribirse en el próximo curso SENCE de la comuna.",
    "Preparar la entrevista de la próxima semana con la pauta entregada.",
    "Reunir los antecedentes para el finiquito y consultar en la Inspección del Trabajo.",
]


def load_guidance(*, today: date, staff: list, people: list, rng: random.Random) -> None:
    """About nine sessions a month for a year: individual ones and a group one; only people
    who consented take part. Loaded once: a second run finds them and adds nothing."""
    if GuidanceSession.objects.exists():
        return
    consenting = [person for person in people if person.has_consent]
    topics = [key for key in GuidanceTopic.values if key != GuidanceTopic.OTHER]
    for month in range(12):
        for _ in range(rng.randint(5, 9)):
            held_on = today - timedelta(days=30 * month + rng.randint(1, 28))
            guidance_create(
                held_on=held_on,
                staff=rng.choice(staff),
                mode=GuidanceSession.Mode.INDIVIDUAL,
                participants=[rng.choice(consenting)],
                topics=rng.sample(topics, rng.randint(1, 3)),
                next_steps=rng.choice(NEXT_STEPS),
                follow_up_on=held_on + timedelta(days=14) if rng.random() < 0.5 else None,
            )
        guidance_create(
            held_on=today - timedelta(days=30 * month + 12),
            staff=staff[0],
            mode=GuidanceSession.Mode.GROUP,
            participants=rng.sample(consenting, rng.randint(4, 10)),
            topics=[GuidanceTopic.BNE, GuidanceTopic.OTHER],
            topic_other="Uso de la app Mi SENCE",
            next_steps="Cada participante postula a una oferta de la Bolsa antes de fin de mes.",
        )
