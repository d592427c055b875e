"""«¿Quedó resuelto?»: each resolution emails the company a survey whose links open a form;
only the form's POST answers, once; a «no» reopens the request and tells the office."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from omil_crm.models import Notification
from requests_routing.models import (
    NoticeTemplate,
    RequestEvent,
    ResolutionSurvey,
    ServiceRequest,
)
from requests_routing.selectors import pending_survey
from requests_routing.services import (
    service_request_change_status,
    service_request_create,
    service_request_route,
)
from requests_routing.surveys import hash_token, survey_answer

Status = ServiceRequest.Status
NOTE = "Aseo y Ornato podó los tres árboles del acceso el martes."
LINK = re.compile(r"https?://[^\s\"]+/encuesta/([\w-]+)/\?respuesta=(si|no)")


@pytest.fixture
def in_progress(company, contact, pruning, administrativa):
    sr = service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Ramas sobre el cable",
        channel="phone",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(days=3),
    )
    service_request_route(request=sr, actor=administrativa, send_emails=False)
    service_request_change_status(
        request=sr, status=Status.IN_PROGRESS, actor=administrativa, send_emails=False
    )
    return sr


def resolve(sr, actor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        service_request_change_status(request=sr, status=Status.RESOLVED, actor=actor, note=NOTE)
    sr.refresh_from_db()
    return sr


@pytest.fixture
def resolved(in_progress, administrativa, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    return resolve(in_progress, administrativa, django_capture_on_commit_callbacks)


def survey_email():
    [message] = [m for m in mail.outbox if "¿Quedó resuelto?" in m.subject]
    return message


def token_of(message) -> str:
    tokens = {match[0] for match in LINK.findall(message.body)}
    assert len(tokens) == 1
    return tokens.pop()


@pytest.fixture
def token(resolved):
    return token_of(survey_email())


def url(token: str) -> str:
    return reverse("requests_routing:survey", args=[token])


def answer(client, token, **data):
    return client.post(url(token), data)


# The survey and its email ---------------------------------------------------------------


@pytest.mark.django_db
def test_resolving_opens_a_survey_and_emails_both_links_to_the_contact(resolved):
    survey = resolved.surveys.get()
    message = survey_email()

    assert message.to == ["ana@bodegas.cl"]
    assert resolved.reference in message.subject
    answers = {match[1] for match in LINK.findall(message.body)}
    assert answers == {"si", "no"}
    assert "Sí, quedó resuelto" in message.body and "No, sigue pendiente" in message.body
    html = message.alternatives[0][0]
    assert "?respuesta=si" in html and "?respuesta=no" in html
    assert survey.expires_at - survey.sent_at == timedelta(days=30)
    assert resolved.events.filter(kind=RequestEvent.Kind.SURVEY_SENT).count() == 1


@pytest.mark.django_db
def test_only_the_hash_of_the_token_is_stored(resolved, token):
    survey = resolved.surveys.get()

    assert survey.token_hash == hash_token(token)
    assert token not in survey.token_hash
    assert not ResolutionSurvey.objects.filter(token_hash=token).exists()


@pytest.mark.django_db
def test_each_resolution_gets_its_own_survey(
    resolved, token, client, administrativa, django_capture_on_commit_callbacks
):
    answer(client, token, answer="no", rating="2", comment="Quedó una rama colgando.")
    mail.outbox.clear()

    resolve(resolved, administrativa, django_capture_on_commit_callbacks)

    assert resolved.surveys.count() == 2
    assert token_of(survey_email()) != token


@pytest.mark.django_db
def test_a_company_without_email_still_gets_a_survey_for_the_portal(
    in_progress, administrativa, django_capture_on_commit_callbacks
):
    in_progress.contact.email = ""
    in_progress.contact.save()
    mail.outbox.clear()

    resolve(in_progress, administrativa, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert pending_survey(in_progress) == in_progress.surveys.get()


# The page the links open -------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_the_link_shows_the_form_and_records_nothing(client, resolved, token):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(token) + "?respuesta=no")

    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []

    assert response.status_code == 200
    html = response.content.decode()
    assert resolved.reference in html and "Ramas sobre el cable" in html
    assert "podó los tres árboles" in html
    assert re.search(r'value="no"[^>]*checked', html)
    assert "csrfmiddlewaretoken" in html
    survey = resolved.surveys.get()
    assert survey.answered_at is None
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED
    assert "_auth_user_id" not in client.session  # the link never signs anyone in
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_page_shows_nothing_of_the_request_but_its_subject_and_resolution(
    client, resolved, token
):
    html = client.get(url(token)).content.decode()

    assert "ana@bodegas.cl" not in html
    assert "Bodegas de Prueba" not in html
    assert "Aseo y Ornato podó" in html


@pytest.mark.django_db
def test_answering_yes_records_it_and_leaves_the_request_resolved(client, resolved, token):
    response = answer(client, token, answer="si", rating="5", comment="Muy rápido, gracias.")

    assert response.status_code == 200
    assert "Gracias por responder" in response.content.decode()
    survey = resolved.surveys.get()
    assert (survey.resolved, survey.rating, survey.answered_via) == (True, 5, "correo")
    assert survey.comment == "Muy rápido, gracias."
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED
    assert resolved.events.filter(kind=RequestEvent.Kind.SURVEY_ANSWER).count() == 1
    assert not Notification.objects.filter(kind="survey_reopened").exists()


@pytest.mark.django_db
def test_answering_no_reopens_the_request_and_tells_the_owner_and_the_administrativas(
    client, resolved, token, administrativa
):
    other_administrativa = get_user_model().objects.create_user(username="rosa", first_name="Rosa")
    other_administrativa.groups.set(administrativa.groups.all())
    department = resolved.department

    response = answer(client, token, answer="no", rating="2", comment="Quedó una rama colgando.")

    assert "volvió a «En curso»" in response.content.decode()
    resolved.refresh_from_db()
    assert resolved.status == Status.IN_PROGRESS
    assert resolved.department == department
    assert resolved.resolved_at is None
    timeline = "\n".join(resolved.events.values_list("text", flat=True))
    assert "Quedó una rama colgando." in timeline
    reopening = resolved.events.get(
        kind=RequestEvent.Kind.STATUS_CHANGE, to_status="in_progress", actor=None
    )
    assert reopening.from_status == Status.RESOLVED
    notified = set(
        Notification.objects.filter(kind="survey_reopened").values_list("recipient", flat=True)
    )
    assert notified == {administrativa.pk, other_administrativa.pk}  # the owner is one of them
    assert pending_survey(resolved) is None


@pytest.mark.django_db
def test_the_owner_is_told_even_when_not_an_administrativa(client, resolved, token, gestora):
    ServiceRequest.objects.filter(pk=resolved.pk).update(owner=gestora)

    answer(client, token, answer="no", rating="1", comment="Nadie vino.")

    assert Notification.objects.filter(kind="survey_reopened", recipient=gestora).exists()


@pytest.mark.django_db
def test_a_second_answer_is_refused_and_changes_nothing(client, resolved, token):
    answer(client, token, answer="si", rating="4")

    response = answer(client, token, answer="no", rating="1", comment="Cambié de opinión.")

    assert response.status_code == 200
    assert "Ya respondió esta encuesta, gracias" in response.content.decode()
    survey = resolved.surveys.get()
    assert (survey.resolved, survey.rating) == (True, 4)
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED
    assert client.get(url(token)).status_code == 200  # the same thanks, not the form


@pytest.mark.django_db
def test_a_stale_copy_of_the_survey_cannot_answer_twice(resolved):
    first = resolved.surveys.get()
    stale = ResolutionSurvey.objects.get(pk=first.pk)
    survey_answer(survey=first, resolved=True, rating=5, comment="", via="correo")

    with pytest.raises(ValidationError) as error:
        # Loaded before the first answer, as a second click racing the first would be.
        survey_answer(survey=stale, resolved=False, rating=1, comment="Otra vez", via="portal")

    assert "Ya respondió" in error.value.messages[0]
    assert ResolutionSurvey.objects.get(pk=first.pk).resolved is True


@pytest.mark.django_db
def test_an_expired_survey_says_so_and_records_nothing(client, resolved, token):
    ResolutionSurvey.objects.filter(request=resolved).update(
        sent_at=timezone.now() - timedelta(days=31), expires_at=timezone.now() - timedelta(days=1)
    )

    shown = client.get(url(token))
    posted = answer(client, token, answer="si", rating="5")

    assert shown.status_code == posted.status_code == 410
    assert "venció" in posted.content.decode()
    assert resolved.surveys.get().answered_at is None


@pytest.mark.django_db
def test_a_wrong_token_is_a_clear_404(client, resolved, token):
    for wrong in ("x", token[:-1] + ("A" if token[-1] != "A" else "B"), "a" * 500):
        response = client.get(url(wrong))
        assert response.status_code == 404
        assert "Este enlace de encuesta no existe" in response.content.decode()
    assert answer(client, "x", answer="si", rating="5").status_code == 404
    assert resolved.surveys.get().answered_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("rating", ["0", "6", "cinco", "", "3.5"])
def test_a_bad_rating_gets_a_spanish_error_and_changes_nothing(client, resolved, token, rating):
    response = answer(client, token, answer="si", rating=rating, comment="Bien")

    assert response.status_code == 200
    assert "Elija una nota del 1 al 5." in response.content.decode()
    assert resolved.surveys.get().answered_at is None
    assert not resolved.events.filter(kind=RequestEvent.Kind.SURVEY_ANSWER).exists()


@pytest.mark.django_db
def test_a_no_without_a_comment_asks_what_is_pending(client, resolved, token):
    response = answer(client, token, answer="no", rating="2", comment="  ")

    assert "Cuéntenos qué sigue pendiente" in response.content.decode()
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED


@pytest.mark.django_db
def test_the_service_refuses_a_bad_rating_in_spanish(resolved):
    with pytest.raises(ValidationError) as error:
        survey_answer(
            survey=resolved.surveys.get(), resolved=True, rating=9, comment="", via="correo"
        )

    assert error.value.message_dict["rating"] == ["Elija una nota del 1 al 5."]


@pytest.mark.django_db
def test_the_database_refuses_a_half_answer(resolved):
    survey = resolved.surveys.get()
    survey.rating = 4

    with pytest.raises(ValidationError) as error:
        survey.full_clean()

    assert "Una respuesta indica a la vez" in " ".join(error.value.messages)


@pytest.mark.django_db
def test_a_survey_reopened_or_closed_by_the_office_is_no_longer_open(
    client, resolved, token, administrativa
):
    service_request_change_status(
        request=resolved, status=Status.CLOSED, actor=administrativa, send_emails=False
    )

    response = answer(client, token, answer="no", rating="1", comment="Sigue igual")

    assert response.status_code == 410
    assert "ya no está disponible" in response.content.decode()
    resolved.refresh_from_db()
    assert resolved.status == Status.CLOSED


@pytest.mark.django_db
def test_the_portal_answer_records_the_contact(resolved, contact):
    survey = pending_survey(resolved)

    survey_answer(survey=survey, resolved=True, rating=4, comment="", via="portal", contact=contact)

    survey.refresh_from_db()
    assert (survey.answered_via, survey.answered_by) == ("portal", contact)


# The request page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_request_page_shows_the_survey_state(client, administrativa, resolved, token):
    client.force_login(administrativa)
    page = reverse("requests_routing:request_detail", args=[resolved.pk])

    assert "Enviada, sin respuesta" in client.get(page).content.decode()

    client.logout()
    answer(client, token, answer="no", rating="2", comment="Quedó una rama colgando.")
    client.force_login(administrativa)
    html = client.get(page).content.decode()

    assert "Respondida: no, sigue pendiente" in html
    assert "nota 2 de 5" in html
    assert "«Quedó una rama colgando.»" in html


@pytest.mark.django_db
def test_the_encargados_survey_text_goes_out_with_a_link_to_the_form(
    client, in_progress, administrativa, django_capture_on_commit_callbacks
):
    NoticeTemplate.objects.create(
        kind=NoticeTemplate.Kind.SURVEY,
        subject="Su opinión sobre {referencia}",
        body="Estimada {contacto}:\n\n¿Quedó conforme? Responda aquí: {enlace}",
    )
    mail.outbox.clear()

    resolve(in_progress, administrativa, django_capture_on_commit_callbacks)

    [message] = [m for m in mail.outbox if "Su opinión" in m.subject]
    assert "Estimada Ana Pérez" in message.body
    [token] = re.findall(r"/encuesta/([\w-]+)/", message.body)
    page = client.get(url(token))
    assert page.status_code == 200
    assert "Ramas sobre el cable" in page.content.decode()
