"""Writes on the office's programmes: job-readiness workshops (talleres de apresto) for job
seekers and SENCE programme offers to companies.

Same contract as vacancies/services.py: keyword arguments, full_clean, one transaction.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from omil_crm.base.notifications import notify
from vacancies.models import JobSeeker, Programme, ProgrammeOffer, Workshop
from vacancies.people_services import refuse_if_erased

# Workshops ----------------------------------------------------------------------------------


@transaction.atomic
def workshop_create(*, date: date, topic: str, facilitator, place: str = "") -> Workshop:
    workshop = Workshop(
        date=date, topic=topic.strip(), facilitator=facilitator, place=place.strip()
    )
    workshop.full_clean()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_update(
    *, workshop: Workshop, date: date, topic: str, facilitator, place: str = ""
) -> Workshop:
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    workshop.date = date
    workshop.topic = topic.strip()
    workshop.facilitator = facilitator
    workshop.place = place.strip()
    workshop.full_clean()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_add_attendee(*, workshop: Workshop, job_seeker: JobSeeker) -> Workshop:
    refuse_if_erased(job_seeker)
    if workshop.attendees.filter(pk=job_seeker.pk).exists():
        raise ValidationError(f"{job_seeker.full_name} ya figura como asistente.")
    workshop.attendees.add(job_seeker)
    return workshop


@transaction.atomic
def workshop_remove_attendee(*, workshop: Workshop, job_seeker: JobSeeker) -> Workshop:
    workshop.attendees.remove(job_seeker)
    return workshop


# SENCE programme offers ---------------------------------------------------------------------


def _check_offer(offer: ProgrammeOffer) -> None:
    errors = {}
    if offer.offered_on and offer.offered_on > timezone.localdate():
        errors["offered_on"] = "La fecha de la oferta no puede ser futura."
    if offer.status == ProgrammeOffer.Status.ENROLLED and not offer.workers_involved:
        errors["workers_involved"] = "Indique cuántos trabajadores se inscribieron."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_offer_create(
    *,
    company,
    programme: Programme,
    offered_by,
    status: str = ProgrammeOffer.Status.OFFERED,
    workers_involved: int = 0,
    notes: str = "",
    offered_on: date | None = None,
) -> ProgrammeOffer:
    if not programme.is_active:
        raise ValidationError({"programme": f"El programa «{programme}» no está vigente."})
    offer = ProgrammeOffer(
        company=company,
        programme=programme,
        offered_by=offered_by,
        status=status,
        workers_involved=workers_involved or 0,
        notes=notes.strip(),
        offered_on=offered_on or timezone.localdate(),
    )
    _check_offer(offer)
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def programme_offer_update(
    *, offer: ProgrammeOffer, status: str, workers_involved: int = 0, notes: str = ""
) -> ProgrammeOffer:
    offer = ProgrammeOffer.objects.select_for_update().get(pk=offer.pk)
    offer.status = status
    offer.workers_involved = workers_involved or 0
    offer.notes = notes.strip()
    _check_offer(offer)
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def programme_offer_interest(*, offer: ProgrammeOffer, contact) -> ProgrammeOffer:
    """A company contact answers «Nos interesa» on the portal: an offer still «Ofrecido»
    becomes «Interesada», the offer's notes keep who said so and when, and the gestora who
    made the offer is told in the app."""
    offer = ProgrammeOffer.objects.select_for_update().select_related("programme").get(pk=offer.pk)
    if offer.company_id != contact.company_id:
        raise ValidationError("Esta oferta es de otra empresa.")
    if offer.status != ProgrammeOffer.Status.OFFERED:
        raise ValidationError(
            f"La oferta ya no está pendiente de respuesta ({offer.get_status_display()})."
        )
    now = timezone.localtime()
    line = f"{now:%d-%m-%Y %H:%M}: {contact.name} indicó en el portal que les interesa."
    offer.status = ProgrammeOffer.Status.INTERESTED
    offer.notes = f"{offer.notes}\n{line}".strip()
    offer.full_clean()
    offer.save(update_fields=["status", "notes", "updated_at"])
    notify(
        recipient=offer.offered_by,
        kind="programme_interest",
        key=f"programme_interest:{offer.pk}",
        title=f"{contact.company} se interesa en {offer.programme}",
        body=f"{contact.name} respondió «Nos interesa» en el portal.",
        url=reverse("vacancies:offer_detail", args=[offer.pk]),
        subject=offer,
    )
    return offer
