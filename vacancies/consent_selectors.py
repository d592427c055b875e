"""What a person has consented to, read for the pages that act on it: the person's page (one
line per purpose with its history), the candidate pickers (hints only with a live hints
consent) and the data export (every purpose with its dates).

Other parts of the office (the inclusion profile) ask `has_live_consent` before using data.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from omil_crm.accounts.roles import person_name
from vacancies.consent_models import Consent
from vacancies.eligibility import Hint, eligibility_hints, santiago_today
from vacancies.models import JobSeeker

Purpose = Consent.Purpose

# The purposes recorded once per person (sharing the profile is recorded per company).
PERSON_PURPOSES = (Purpose.INTERMEDIATION, Purpose.INCLUSION_DATA, Purpose.ELIGIBILITY_HINTS)

# What stops when each purpose is withdrawn, said where it is withdrawn.
WITHDRAWAL_EFFECTS = {
    Purpose.INTERMEDIATION: (
        "No se la podrá derivar a nuevas vacantes ni aparecerá entre los candidatos. Sus "
        "derivaciones y colocaciones pasadas se conservan y siguen contando en los informes."
    ),
    Purpose.INCLUSION_DATA: (
        "Sus datos de inclusión laboral quedan sellados: dejan de usarse y de mostrarse."
    ),
    Purpose.ELIGIBILITY_HINTS: (
        "Se dejan de mostrar las sugerencias de programas (Subsidio al Empleo Joven, Bono al "
        "Trabajo de la Mujer) en su ficha y al derivarla."
    ),
    Purpose.SHARE_PROFILE: "La empresa deja de ver su perfil en el portal de empresas.",
}

# Rows of history shown per purpose on the person's page: enough for any real person.
HISTORY_SHOWN = 20


def _live(job_seeker: JobSeeker) -> QuerySet:
    return Consent.objects.filter(job_seeker=job_seeker, withdrawn_at__isnull=True)


def live_purposes(job_seeker: JobSeeker) -> set[str]:
    """The purposes the person consents to right now (sharing: with at least one company).
    An erased person consents to nothing."""
    if job_seeker.is_erased:
        return set()
    return set(_live(job_seeker).values_list("purpose", flat=True).distinct())


def has_live_consent(job_seeker: JobSeeker, purpose: str, company=None) -> bool:
    """Whether the person consents to `purpose` right now (with `company`, for sharing)."""
    if job_seeker.is_erased:
        return False
    live = _live(job_seeker).filter(purpose=purpose)
    if company is not None:
        live = live.filter(company=company)
    return live.exists()


@dataclass
class PurposeLine:
    """One purpose on the person's page: its live consent (if any) and the older ones."""

    purpose: str
    label: str
    effect: str
    live: Consent | None = None
    history: list[Consent] = field(default_factory=list)
    form: object = None  # the «Registrar» form, for those who may record it

    @property
    def last_withdrawn(self) -> Consent | None:
        return self.history[0] if self.history else None


def purpose_lines(job_seeker: JobSeeker) -> list[PurposeLine]:
    """The person-wide purposes, each with its live consent and its withdrawn ones, newest
    first; one query whatever the history."""
    lines = {
        purpose: PurposeLine(
            purpose=purpose, label=Purpose(purpose).label, effect=WITHDRAWAL_EFFECTS[purpose]
        )
        for purpose in PERSON_PURPOSES
    }
    consents = (
        Consent.objects.filter(job_seeker=job_seeker, purpose__in=PERSON_PURPOSES)
        .select_related("recorded_by", "withdrawn_by")
        .order_by(F("withdrawn_at").desc(nulls_first=True), "-given_at", "-pk")
    )
    for consent in consents[: HISTORY_SHOWN * len(PERSON_PURPOSES)]:
        line = lines[consent.purpose]
        if consent.withdrawn_at is None:
            line.live = consent
        elif len(line.history) < HISTORY_SHOWN:
            line.history.append(consent)
    return list(lines.values())


def hints_for(job_seeker: JobSeeker, *, consented: bool | None = None) -> list[Hint]:
    """The programme hints shown for a person: none without a live hints consent. Pass
    `consented` when the caller already knows it (annotated lists), to spare the query."""
    if consented is None:
        consented = has_live_consent(job_seeker, Purpose.ELIGIBILITY_HINTS)
    if not consented:
        return []
    return eligibility_hints(
        birth_date=job_seeker.birth_date, sex=job_seeker.sex, today=santiago_today()
    )


def with_hints_consent(people: QuerySet) -> QuerySet:
    """People annotated with `hints_consented`, so a list shows hints in constant queries."""
    live = Consent.objects.filter(
        job_seeker=OuterRef("pk"),
        purpose=Purpose.ELIGIBILITY_HINTS,
        withdrawn_at__isnull=True,
    )
    return people.annotate(hints_consented=Exists(live))


def consent_export(job_seeker: JobSeeker) -> list[dict]:
    """Every consent the person gave, for their access and portability requests: purpose,
    company where it names one, given and withdrawn with by whom, and how it was given."""

    def when(moment) -> str:
        return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M") if moment else ""

    def name(user) -> str:
        return person_name(user) if user is not None else ""

    consents = (
        Consent.objects.filter(job_seeker=job_seeker)
        .select_related("company", "recorded_by", "withdrawn_by")
        .order_by("purpose", "given_at", "pk")
    )
    return [
        {
            "finalidad": consent.get_purpose_display(),
            "empresa": consent.company.legal_name if consent.company_id else "",
            "otorgado_el": when(consent.given_at),
            "registrado_por": name(consent.recorded_by),
            "como_se_otorgo": consent.get_method_display(),
            "vigente": consent.withdrawn_at is None,
            "retirado_el": when(consent.withdrawn_at),
            "retiro_registrado_por": name(consent.withdrawn_by),
        }
        for consent in consents
    ]
