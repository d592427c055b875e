"""Every write on vacancies, the referral pipeline, placements and evaluations (people and
their rights: vacancies/people_services.py; workshops and SENCE programme offers:
vacancies/programme_services.py).

Views, the admin, commands and the demo call these functions; none of them repeats a rule.
Each function takes keyword arguments, validates with full_clean and runs in one transaction.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vacancies.models import (
    Evaluation,
    EvaluationRead,
    JobSeeker,
    Placement,
    Referral,
    ReferralStageChange,
    Vacancy,
)
from vacancies.people_services import refuse_if_erased

Stage = Referral.Stage

ALLOWED_MOVES: dict[str, set[str]] = {
    Stage.REFERRED: {Stage.INTERVIEW, Stage.HIRED, Stage.NOT_SELECTED, Stage.WITHDRAWN},
    Stage.INTERVIEW: {Stage.HIRED, Stage.NOT_SELECTED, Stage.WITHDRAWN},
    Stage.HIRED: set(),
    Stage.NOT_SELECTED: set(),
    Stage.WITHDRAWN: set(),
}

# Vacancies ----------------------------------------------------------------------------------


@transaction.atomic
def vacancy_create(
    *,
    company,
    title: str,
    captured_by,
    positions: int = 1,
    requirements: str = "",
    shift: str = "",
    contract_type: str = Vacancy.Contract.FIXED_TERM,
    salary_min: int | None = None,
    salary_max: int | None = None,
    opened_on: date | None = None,
    closing_date: date | None = None,
    captured_on_visit=None,
    bne_code: str = "",
    inclusive: bool = False,
) -> Vacancy:
    vacancy = Vacancy(
        company=company,
        title=title.strip(),
        positions=positions,
        requirements=requirements.strip(),
        shift=shift.strip(),
        contract_type=contract_type,
        salary_min=salary_min,
        salary_max=salary_max,
        opened_on=opened_on or timezone.localdate(),
        closing_date=closing_date,
        captured_by=captured_by,
        captured_on_visit=captured_on_visit,
        bne_code=bne_code.strip(),
        inclusive=inclusive,
    )
    _check_vacancy(vacancy)
    vacancy.full_clean()
    vacancy.save()
    return vacancy


def _check_vacancy(vacancy: Vacancy) -> None:
    # The model's constraints report these too, but as one message on top of the form.
    errors = {}
    if vacancy.salary_min and vacancy.salary_max and vacancy.salary_min > vacancy.salary_max:
        errors["salary_max"] = "La renta máxima no puede ser menor que la mínima."
    if vacancy.closing_date and vacancy.opened_on and vacancy.closing_date < vacancy.opened_on:
        errors["closing_date"] = "La fecha de cierre no puede ser anterior a la de captación."
    if errors:
        raise ValidationError(errors)


EDITABLE_STATUSES = (Vacancy.Status.OPEN, Vacancy.Status.CLOSED, Vacancy.Status.CANCELLED)


@transaction.atomic
def vacancy_update(
    *,
    vacancy: Vacancy,
    title: str,
    positions: int,
    requirements: str = "",
    shift: str = "",
    contract_type: str = Vacancy.Contract.FIXED_TERM,
    salary_min: int | None = None,
    salary_max: int | None = None,
    closing_date: date | None = None,
    status: str | None = None,
    bne_code: str | None = None,
    inclusive: bool | None = None,
) -> Vacancy:
    """Edit a vacancy. Positions never drop below the hires already made; the status follows
    the hires (filled when all positions are taken) unless the vacancy is closed or cancelled."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status in Vacancy.PROPOSAL_STATUSES:
        raise ValidationError(
            "Es una propuesta de la empresa: confírmela antes de editarla, o recházela."
        )
    hired = Placement.objects.filter(referral__vacancy=vacancy).count()
    if positions < hired:
        raise ValidationError(
            {"positions": f"Ya hay {hired} contratación(es); los cupos no pueden ser menos."}
        )
    vacancy.title = title.strip()
    if bne_code is not None:
        vacancy.bne_code = bne_code.strip()
    if inclusive is not None:
        vacancy.inclusive = inclusive
    vacancy.positions = positions
    vacancy.requirements = requirements.strip()
    vacancy.shift = shift.strip()
    vacancy.contract_type = contract_type
    vacancy.salary_min = salary_min
    vacancy.salary_max = salary_max
    vacancy.closing_date = closing_date
    wanted = status or vacancy.status
    if wanted == Vacancy.Status.FILLED:
        wanted = Vacancy.Status.OPEN
    if wanted not in EDITABLE_STATUSES:
        raise ValidationError({"status": "Estado de vacante desconocido."})
    if wanted == Vacancy.Status.OPEN and hired >= positions:
        wanted = Vacancy.Status.FILLED
    vacancy.status = wanted
    _check_vacancy(vacancy)
    vacancy.full_clean()
    vacancy.save()
    return vacancy


# The referral pipeline ----------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *, job_seeker: JobSeeker, vacancy: Vacancy, referred_by, at: datetime | None = None
) -> Referral:
    """Refer a person to a vacancy: only with consent, only to an open vacancy, only once."""
    at = at or timezone.now()
    job_seeker = JobSeeker.objects.select_for_update().get(pk=job_seeker.pk)
    refuse_if_erased(job_seeker)
    if job_seeker.consent_withdrawn:
        when = timezone.localtime(job_seeker.consent_withdrawn_at)
        raise ValidationError(
            f"{job_seeker.full_name} retiró su consentimiento para la intermediación laboral "
            f"el {when:%d-%m-%Y}: no se la puede derivar a vacantes."
        )
    if not job_seeker.has_consent:
        raise ValidationError(
            "La persona no ha otorgado su consentimiento para el tratamiento de sus datos: "
            "regístrelo antes de derivarla."
        )
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != Vacancy.Status.OPEN:
        raise ValidationError(f"La vacante no está abierta ({vacancy.get_status_display()}).")
    if Referral.objects.filter(
        job_seeker=job_seeker, vacancy=vacancy, stage__in=Referral.ACTIVE_STAGES
    ).exists():
        raise ValidationError(f"{job_seeker.full_name} ya está derivada a esta vacante.")
    referral = Referral(
        job_seeker=job_seeker,
        vacancy=vacancy,
        referred_by=referred_by,
        referred_at=at,
        stage_changed_at=at,
    )
    referral.full_clean()
    referral.save()
    change = ReferralStageChange(
        referral=referral, to_stage=Stage.REFERRED, changed_by=referred_by, changed_at=at
    )
    change.full_clean()
    change.save()
    return referral


@transaction.atomic
def referral_move(
    *,
    referral: Referral,
    stage: str,
    changed_by,
    at: datetime | None = None,
    start_date: date | None = None,
    contract_type: str = "",
    contract_months: int | None = None,
    written_contract: bool = False,
) -> Referral:
    """Move a candidate to another stage. A hire records the placement and, when the last
    position is taken, marks the vacancy filled; no vacancy gets more hires than positions."""
    at = at or timezone.now()
    referral = Referral.objects.select_for_update().select_related("job_seeker").get(pk=referral.pk)
    if stage not in Stage.values:
        raise ValidationError({"stage": "Etapa desconocida."})
    if stage not in ALLOWED_MOVES[referral.stage]:
        raise ValidationError(
            f"No se puede pasar de «{referral.get_stage_display()}» a «{Stage(stage).label}»."
        )
    if stage == Stage.HIRED:
        _hire(
            referral,
            changed_by=changed_by,
            at=at,
            start_date=start_date,
            contract=contract_type,
            months=contract_months,
            written=written_contract,
        )
    change = ReferralStageChange(
        referral=referral,
        from_stage=referral.stage,
        to_stage=stage,
        changed_by=changed_by,
        changed_at=at,
    )
    change.full_clean()
    change.save()
    referral.stage = stage
    referral.stage_changed_at = at
    referral.full_clean()
    referral.save(update_fields=["stage", "stage_changed_at"])
    return referral


def _hire(
    referral: Referral, *, changed_by, at: datetime, start_date, contract: str, months, written
) -> None:
    if referral.job_seeker.is_erased:
        raise ValidationError(
            "Los datos de esta persona fueron eliminados: no se puede registrar su contratación."
        )
    vacancy = Vacancy.objects.select_for_update().get(pk=referral.vacancy_id)
    if vacancy.status == Vacancy.Status.CANCELLED:
        raise ValidationError("La vacante fue cancelada: no admite contrataciones.")
    hired = Placement.objects.filter(referral__vacancy=vacancy).count()
    if hired >= vacancy.positions:
        raise ValidationError(
            f"La vacante ya tiene todos sus cupos cubiertos ({hired} de {vacancy.positions})."
        )
    placement = Placement(
        referral=referral,
        start_date=start_date or timezone.localdate(at),
        contract_type=contract or vacancy.contract_type,
        contract_months=months,
        written_contract=written,
        recorded_by=changed_by,
        recorded_at=at,
    )
    _check_contract_length(placement, required=False)
    placement.full_clean()
    placement.save()
    if hired + 1 >= vacancy.positions and vacancy.status == Vacancy.Status.OPEN:
        vacancy.status = Vacancy.Status.FILLED
        vacancy.full_clean()
        vacancy.save(update_fields=["status"])


def _check_contract_length(placement: Placement, *, required: bool) -> None:
    """A length only for a fixed-term contract; completing a placement requires it there (a
    hire on the board may leave it for later: the SENCE reconciliation lists it)."""
    fixed_term = placement.contract_type == Vacancy.Contract.FIXED_TERM
    if placement.contract_months is not None and not fixed_term:
        raise ValidationError(
            {"contract_months": "La duración se indica solo para un contrato a plazo fijo."}
        )
    if placement.contract_months is not None and placement.contract_months < 1:
        raise ValidationError({"contract_months": "La duración debe ser de al menos un mes."})
    if required and fixed_term and placement.contract_months is None:
        raise ValidationError(
            {"contract_months": "Indique cuántos meses dura el contrato a plazo fijo."}
        )


@transaction.atomic
def placement_complete(
    *,
    placement: Placement,
    start_date: date,
    contract_type: str,
    contract_months: int | None,
    written_contract: bool,
    bne_code: str = "",
) -> Placement:
    """Complete what SENCE verifies of a placement; the BNE offer code belongs to the vacancy."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if not start_date:
        raise ValidationError({"start_date": "Indique la fecha de inicio del contrato."})
    placement.start_date = start_date
    placement.contract_type = contract_type
    placement.contract_months = contract_months
    placement.written_contract = written_contract
    _check_contract_length(placement, required=True)
    placement.full_clean()
    placement.save()
    referral = Referral.objects.get(pk=placement.referral_id)
    vacancy = Vacancy.objects.select_for_update().get(pk=referral.vacancy_id)
    if vacancy.bne_code != bne_code.strip():
        vacancy.bne_code = bne_code.strip()
        vacancy.full_clean()
        vacancy.save(update_fields=["bne_code"])
    return placement


# Evaluations --------------------------------------------------------------------------------


@transaction.atomic
def evaluation_create(
    *,
    job_seeker: JobSeeker,
    psychologist,
    result: str,
    notes: str = "",
    evaluated_on: date | None = None,
    referral: Referral | None = None,
) -> Evaluation:
    refuse_if_erased(job_seeker)
    evaluated_on = evaluated_on or timezone.localdate()
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": "La fecha de la evaluación no puede ser futura."})
    if referral is not None and referral.job_seeker_id != job_seeker.pk:
        raise ValidationError({"referral": "Esa derivación es de otra persona."})
    evaluation = Evaluation(
        job_seeker=job_seeker,
        referral=referral,
        psychologist=psychologist,
        evaluated_on=evaluated_on,
        result=result,
        notes=notes.strip(),
    )
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_record_read(
    *, evaluation: Evaluation, reader, at: datetime | None = None
) -> EvaluationRead:
    """Every opening of an evaluation leaves a trace: who and when (sensitive data).

    Pages call this on GET, deliberately: access records are the only writes a GET may make
    (tests/test_get_writes_nothing.py lists them), since an access log that depended on a POST
    would miss reads.
    """
    read = EvaluationRead(evaluation=evaluation, reader=reader, read_at=at or timezone.now())
    read.full_clean()
    read.save()
    return read
