"""Employer events: creating and changing them, inviting companies (an email with the
calendar file to each active contact), the companies' answers and attendance, the job seekers
who took part, and cancelling (the invited companies are told)."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from companies.models import Company
from events.calendar import event_ics
from events.models import EmployerEvent, EventCompany, EventParticipant
from omil_crm.base.reminder_emails import reminder_email_create, site_url

# One invitation round, and one event, stay a size a person can follow up by phone.
MAX_INVITED_PER_ROUND = 50
MAX_INVITED_PER_EVENT = 300
# Staff record events of the past year at most (a typo in the year is caught).
OLDEST_EVENT = timedelta(days=366)

EDITABLE = {
    "kind",
    "title",
    "description",
    "modality",
    "online_url",
    "date",
    "start_time",
    "end_time",
    "place",
    "organiser",
    "organiser_other",
    "park",
}
# What a calendar shows: a change raises the event's version so clients replace their copy.
CALENDAR_FIELDS = ("title", "date", "start_time", "end_time", "place", "online_url", "modality")

Response = EventCompany.Response
Source = EventCompany.Source


def _clean_fields(event: EmployerEvent) -> None:
    """Text trimmed, and what the modality or organiser does not use emptied, so a form
    that kept an old value does not leave it behind."""
    for name in ("title", "description", "place", "online_url", "organiser_other"):
        setattr(event, name, (getattr(event, name) or "").strip())
    if event.modality == EmployerEvent.Modality.ONLINE and not event.place:
        event.place = ""
    if event.modality == EmployerEvent.Modality.IN_PERSON:
        event.online_url = ""
    if event.organiser != EmployerEvent.Organiser.OTHER:
        event.organiser_other = ""
    if event.end_time and event.start_time and event.end_time <= event.start_time:
        raise ValidationError({"end_time": "La hora de término debe ser posterior a la de inicio."})
    if event.date and event.date < timezone.localdate() - OLDEST_EVENT:
        raise ValidationError({"date": "La fecha es de hace más de un año; revísela."})


@transaction.atomic
def event_create(*, created_by, vacancies=(), **fields) -> EmployerEvent:
    """A new event; any field outside the editable ones is a programming error."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    event = EmployerEvent(created_by=created_by, **fields)
    _clean_fields(event)
    event.full_clean()
    event.save()
    if vacancies:
        event.vacancies.set(vacancies)
    return event


@transaction.atomic
def event_update(*, event: EmployerEvent, acting_user, vacancies=None, **changes) -> EmployerEvent:
    """Change an event's data (and the vacancies offered there). A cancelled event stays as
    it was: it is history."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    event = EmployerEvent.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError("El evento está cancelado: ya no se modifica.")
    before = {name: getattr(event, name) for name in CALENDAR_FIELDS}
    for name, value in changes.items():
        setattr(event, name, value)
    _clean_fields(event)
    if any(getattr(event, name) != value for name, value in before.items()):
        event.sequence += 1
    event.full_clean()
    event.save()
    if vacancies is not None:
        event.vacancies.set(vacancies)
    return event


def portal_events_url() -> str:
    """The portal page where a company answers (the portal sits above this app)."""
    try:
        return site_url(reverse("portal:events"))
    except NoReverseMatch:
        return ""


def _mail_companies(*, event: EmployerEvent, invitations, kind: str, template: str) -> int:
    """One email per active contact with an address of each invited company, with the event's
    calendar file; each (event, version, contact) mailed once. Returns how many were queued."""
    portal_url = portal_events_url()
    ics = event_ics(event, url=portal_url)
    sent = 0
    for invitation in invitations:
        for contact in invitation.company.contacts.all():
            if not contact.is_active or not contact.email:
                continue
            created = reminder_email_create(
                key=f"{kind}:{event.pk}:{event.sequence}:{contact.pk}",
                kind=kind,
                to_email=contact.email,
                template=template,
                context={
                    "event": event,
                    "name": contact.name,
                    "company": invitation.company,
                    "portal_url": portal_url,
                },
                ics=ics,
                send_until=event.ends_at,
            )
            sent += created is not None
    return sent


@transaction.atomic
def event_invite_companies(*, event: EmployerEvent, companies, invited_by) -> int:
    """Invite companies to a scheduled event that has not ended; each active contact of a
    newly invited company gets the invitation by email with the calendar file (sent after
    the commit by the worker). A company already invited is left as is. Returns how many
    companies were invited now."""
    event = EmployerEvent.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError("El evento está cancelado: no se puede invitar.")
    if event.ends_at <= timezone.now():
        raise ValidationError("El evento ya terminó: no se puede invitar.")
    companies = list(companies)
    if len(companies) > MAX_INVITED_PER_ROUND:
        raise ValidationError(f"Invite como máximo {MAX_INVITED_PER_ROUND} empresas a la vez.")
    already = set(event.invitations.values_list("company_id", flat=True))
    new = [company for company in companies if company.pk not in already]
    if len(already) + len(new) > MAX_INVITED_PER_EVENT:
        raise ValidationError(f"Un evento admite hasta {MAX_INVITED_PER_EVENT} empresas invitadas.")
    invitations = [
        EventCompany(event=event, company=company, invited_by=invited_by) for company in new
    ]
    EventCompany.objects.bulk_create(invitations)
    with_contacts = (
        EventCompany.objects.filter(pk__in=[invitation.pk for invitation in invitations])
        .select_related("company")
        .prefetch_related("company__contacts")
    )
    _mail_companies(
        event=event,
        invitations=with_contacts,
        kind="event_invitation",
        template="event_invitation",
    )
    return len(new)


@transaction.atomic
def event_company_record(
    *, invitation: EventCompany, response: str, attended: bool, acting_user
) -> EventCompany:
    """Staff record a company's answer (given by phone, mail or in person) and whether it
    came. An unchanged answer keeps where it came from (a portal confirmation stays «por el
    portal»)."""
    if response not in Response.values:
        raise ValidationError({"response": "Respuesta desconocida."})
    invitation = EventCompany.objects.select_for_update().get(pk=invitation.pk)
    if response != invitation.response:
        invitation.response = response
        invitation.response_source = "" if response == Response.PENDING else Source.STAFF
        invitation.responded_at = None if response == Response.PENDING else timezone.now()
    if attended and invitation.event.date > timezone.localdate():
        raise ValidationError({"attended": "El evento aún no se realiza: nadie asistió todavía."})
    invitation.attended = attended
    invitation.full_clean()
    invitation.save()
    return invitation


def event_companies_record(*, event: EmployerEvent, rows: dict[int, tuple[str, bool]], acting_user):
    """Several invitations at once (the attendance page): {invitation id: (answer, came)}.
    All or nothing."""
    with transaction.atomic():
        invitations = EventCompany.objects.filter(event=event, pk__in=list(rows)).select_related(
            "event"
        )
        for invitation in invitations:
            response, attended = rows[invitation.pk]
            event_company_record(
                invitation=invitation, response=response, attended=attended, acting_user=acting_user
            )
    return len(rows)


@transaction.atomic
def event_company_respond(
    *, event: EmployerEvent, company: Company, response: str, at: datetime | None = None
) -> EventCompany:
    """A company's own answer on the portal: only to an event it is invited to, scheduled and
    not started yet; the last answer counts."""
    at = at or timezone.now()
    if response not in (Response.CONFIRMED, Response.DECLINED):
        raise ValidationError("Respuesta desconocida: elija si asistirá o no.")
    event = EmployerEvent.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError("El evento fue cancelado.")
    if event.starts_at <= at:
        raise ValidationError("El evento ya comenzó: no se puede cambiar la respuesta.")
    invitation = EventCompany.objects.filter(event=event, company=company).first()
    if invitation is None:
        raise ValidationError("Su empresa no está invitada a este evento.")
    invitation.response = response
    invitation.response_source = Source.PORTAL
    invitation.responded_at = at
    invitation.full_clean()
    invitation.save(update_fields=["response", "response_source", "responded_at"])
    return invitation


@transaction.atomic
def event_cancel(*, event: EmployerEvent, acting_user, reason: str = "") -> EmployerEvent:
    """Cancel a scheduled event that has not ended and tell every invited company by email
    (the calendar file marks the event cancelled, so clients strike it out)."""
    event = EmployerEvent.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError("El evento ya estaba cancelado.")
    if event.ends_at <= timezone.now():
        raise ValidationError("El evento ya se realizó: no se puede cancelar.")
    event.status = EmployerEvent.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancel_reason = reason.strip()[:300]
    event.sequence += 1
    event.full_clean()
    event.save()
    invitations = event.invitations.select_related("company").prefetch_related("company__contacts")
    _mail_companies(
        event=event, invitations=invitations, kind="event_cancelled", template="event_cancelled"
    )
    return event


@transaction.atomic
def event_participant_add(*, event: EmployerEvent, job_seeker, recorded_by) -> EventParticipant:
    """A job seeker who came to the event (fairs and mass recruitments mostly)."""
    if event.is_cancelled:
        raise ValidationError("El evento está cancelado.")
    if event.date > timezone.localdate():
        raise ValidationError("El evento aún no se realiza: registre a los participantes ese día.")
    if job_seeker.erased_at is not None:
        raise ValidationError("Los datos de esta persona fueron eliminados.")
    participant = EventParticipant(event=event, job_seeker=job_seeker, recorded_by=recorded_by)
    participant.full_clean()
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as error:
        raise ValidationError("Esta persona ya está registrada en el evento.") from error
    return participant


@transaction.atomic
def event_participants_record(
    *, event: EmployerEvent, rows: dict[int, tuple[bool, bool, bool]], acting_user
) -> dict[str, int]:
    """{participant id: (attended, interviewed, hired)} for the event's participants, all or
    nothing. Returns the event's counts afterwards."""
    participants = EventParticipant.objects.filter(event=event, pk__in=list(rows))
    for participant in participants:
        attended, interviewed, hired = rows[participant.pk]
        if (interviewed or hired) and not attended:
            raise ValidationError(
                f"{participant.job_seeker}: solo quien asistió puede quedar con entrevista o "
                "contratado."
            )
        participant.attended, participant.interviewed, participant.hired = (
            attended,
            interviewed,
            hired,
        )
        participant.full_clean()
        participant.save(update_fields=["attended", "interviewed", "hired"])
    return participant_counts(event)


def participant_counts(event: EmployerEvent) -> dict[str, int]:
    participants = EventParticipant.objects.filter(event=event)
    return {
        "registered": participants.count(),
        "attended": participants.filter(attended=True).count(),
        "interviewed": participants.filter(interviewed=True).count(),
        "hired": participants.filter(hired=True).count(),
    }


def event_participant_remove(*, participant: EventParticipant) -> None:
    if participant.hired:
        raise ValidationError("No se quita a alguien contratado; desmarque la contratación.")
    participant.delete()
