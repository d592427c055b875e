"""«¿Quedó resuelto?»: the survey each resolution sends the company, and what its answer does.

A survey is opened in the same transaction as the change to «Resuelta» and emailed on commit
(a SURVEY_SENT event, sent like every request email). The link's token is made when the email
is built, so the raw token lives only in the email; the database keeps its SHA-256.

The link opens a form and only a POST answers it: mail scanners open every link with a GET.
A «No» puts the request back «En curso» (same department and owner) through the usual status
service, and tells its owner and the Administrativas.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from omil_crm.accounts import roles
from omil_crm.base import email_render
from omil_crm.base.notifications import notify
from requests_routing import notices
from requests_routing.models import RequestEvent, ResolutionSurvey, ServiceRequest
from requests_routing.services import _email_event, service_request_change_status

Status = ServiceRequest.Status
VALID_DAYS = 30
# A token_urlsafe(32) is 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 64
COMMENT_MAX_LENGTH = 2000
REOPEN_STATUS = Status.IN_PROGRESS

ALREADY_ANSWERED = "Ya respondió esta encuesta, gracias."
NO_LONGER_OPEN = (
    "Esta encuesta ya no está disponible: la OMIL volvió a trabajar en la solicitud o la cerró."
)
EXPIRED = "Esta encuesta venció: se podía responder durante 30 días."
COMMENT_NEEDED = "Cuéntenos qué sigue pendiente: la OMIL retoma la solicitud con su comentario."
RATING_INVALID = "Elija una nota del 1 al 5."


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def survey_open(
    *,
    request: ServiceRequest,
    resolution_event: RequestEvent,
    actor,
    at: datetime,
    address: str,
    send: bool = True,
) -> ResolutionSurvey:
    """Open the survey of one resolution; email it to `address` when there is one (the portal
    shows it anyway). Called by service_request_change_status inside its transaction."""
    survey = ResolutionSurvey.objects.create(
        request=request,
        resolution_event=resolution_event,
        sent_at=at,
        expires_at=at + timedelta(days=VALID_DAYS),
    )
    if address:
        survey.email_event = _email_event(
            request=request,
            kind=RequestEvent.Kind.SURVEY_SENT,
            actor=actor,
            to=address,
            text=f"Encuesta «¿Quedó resuelto?» a {address}.",
            at=at,
            send=send,
        )
        survey.save(update_fields=["email_event"])
    return survey


def survey_issue_link(survey: ResolutionSurvey) -> str:
    """A fresh token for the survey's email, returned raw (for the link) and stored hashed.

    Called when the email is built: a retried send makes a new one, so only the link of the
    email that really left works."""
    raw = secrets.token_urlsafe(32)
    ResolutionSurvey.objects.filter(pk=survey.pk).update(token_hash=hash_token(raw))
    return raw


def survey_url(raw_token: str, answer: str = "") -> str:
    path = reverse("requests_routing:survey", args=[raw_token])
    query = f"?respuesta={answer}" if answer else ""
    return settings.SITE_URL.rstrip("/") + path + query


def survey_email_parts(event: RequestEvent) -> tuple[str, str, str]:
    """Subject, text and HTML of a survey email, with links carrying a new token.

    The one place that renders it, so editable message templates can take over here."""
    survey = ResolutionSurvey.objects.select_related("resolution_event").get(email_event=event)
    raw = survey_issue_link(survey)
    context = {
        "sr": event.request,
        "survey": survey,
        "resolution_note": survey.resolution_event.text,
        "yes_url": survey_url(raw, "si"),
        "no_url": survey_url(raw, "no"),
        "valid_days": VALID_DAYS,
    }
    if notices.template_for(notices.Kind.SURVEY, event.request.category_id) is not None:
        # The Encargado's text names one link ({enlace}): the form, with no answer chosen.
        return notices.render_notice(
            kind=notices.Kind.SURVEY,
            request=event.request,
            link=survey_url(raw),
            resolution_note=survey.resolution_event.text,
        )
    return email_render.render_email("emails/request_survey", context)


def survey_by_token(raw: str) -> ResolutionSurvey | None:
    """The survey a link opens, or None for a token that is not one of ours."""
    if not raw or len(raw) > TOKEN_MAX_LENGTH:
        return None
    return (
        ResolutionSurvey.objects.select_related("request", "resolution_event")
        .filter(token_hash=hash_token(raw))
        .first()
    )


def survey_refusal(survey: ResolutionSurvey, *, now: datetime | None = None) -> str:
    """Why the survey cannot be answered now, or "" when it can."""
    if survey.answered_at is not None:
        return ALREADY_ANSWERED
    if (now or timezone.now()) >= survey.expires_at:
        return EXPIRED
    latest = survey.request.surveys.order_by("-sent_at", "-pk").values_list("pk", flat=True)
    if survey.request.status != Status.RESOLVED or latest.first() != survey.pk:
        return NO_LONGER_OPEN
    return ""


def _validate(*, resolved, rating, comment: str, via: str) -> None:
    errors = {}
    if not isinstance(resolved, bool):
        errors["resolved"] = "Indique si quedó resuelto."
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        errors["rating"] = RATING_INVALID
    if len(comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = f"El comentario puede tener hasta {COMMENT_MAX_LENGTH} caracteres."
    elif resolved is False and not comment.strip():
        errors["comment"] = COMMENT_NEEDED
    if via not in ResolutionSurvey.Via.values:
        errors["__all__"] = "Medio de respuesta desconocido."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def survey_answer(
    *,
    survey: ResolutionSurvey,
    resolved: bool,
    rating: int,
    comment: str,
    via: str,
    contact=None,
) -> ResolutionSurvey:
    """Record the company's answer, once. A «No» reopens the request «En curso» with the
    comment, and notifies its owner and the Administrativas; a «Sí» changes nothing else
    (the OMIL closes the request when it sees fit).

    The answer is claimed with a conditional UPDATE, so of two answers sent at once (two
    clicks, two people) exactly one is recorded; the other gets ALREADY_ANSWERED."""
    comment = (comment or "").strip()
    _validate(resolved=resolved, rating=rating, comment=comment, via=via)
    survey = ResolutionSurvey.objects.select_related("request").get(pk=survey.pk)
    now = timezone.now()
    refusal = survey_refusal(survey, now=now)
    if refusal:
        raise ValidationError(refusal, code="closed")
    if contact is not None and contact.company_id != survey.request.company_id:
        raise ValidationError("El contacto no pertenece a la empresa de la solicitud.")
    claimed = ResolutionSurvey.objects.filter(pk=survey.pk, answered_at__isnull=True).update(
        answered_at=now,
        answered_via=via,
        resolved=resolved,
        rating=rating,
        comment=comment,
        answered_by=contact,
    )
    if not claimed:
        raise ValidationError(ALREADY_ANSWERED, code="closed")
    survey.refresh_from_db()
    request = survey.request
    who = (
        f"{contact.name} ({survey.get_answered_via_display().lower()})"
        if contact
        else (f"la empresa ({survey.get_answered_via_display().lower()})")
    )
    answer = "Sí, quedó resuelto" if resolved else "No, sigue pendiente"
    text = f"Respondió {who}: {answer}. Nota {rating} de 5."
    if comment:
        text += f"\nComentario: {comment}"
    RequestEvent.objects.create(
        request=request, kind=RequestEvent.Kind.SURVEY_ANSWER, created_at=now, text=text
    )
    if not resolved:
        _reopen(request=request, survey=survey, comment=comment, at=now)
    return survey


def _reopen(*, request: ServiceRequest, survey: ResolutionSurvey, comment: str, at) -> None:
    service_request_change_status(
        request=request,
        status=REOPEN_STATUS,
        actor=None,
        at=at,
        note=f"Reabierta por la encuesta: la empresa indica que sigue pendiente.\n«{comment}»",
    )
    recipients = {
        user.pk: user
        for user in get_user_model().objects.filter(
            groups__name=roles.ADMINISTRATIVA, is_active=True
        )
    }
    if request.owner is not None and request.owner.is_active:
        recipients[request.owner.pk] = request.owner
    url = reverse("requests_routing:request_detail", args=[request.pk])
    for user in recipients.values():
        notify(
            recipient=user,
            kind="survey_reopened",
            key=f"survey_reopened:{survey.pk}:{user.pk}",
            title=f"{request.reference} reabierta: la empresa dice que sigue pendiente",
            body=comment,
            url=url,
            subject=request,
        )
