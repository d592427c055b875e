"""The Encargado's notice templates: which text a notice uses, what its placeholders become,
what is escaped, and that a bad template is refused without changing anything."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from companies.models import Company, Contact
from requests_routing import notices
from requests_routing.models import (
    EmailAttachment,
    InboundEmail,
    NoticeTemplate,
    RequestCategory,
    RequestEvent,
)
from requests_routing.notice_services import notice_template_delete, notice_template_save
from requests_routing.outbound import build_email
from requests_routing.services import (
    service_request_change_status,
    service_request_create,
    service_request_remind_department,
    service_request_route,
)

pytestmark = pytest.mark.django_db

Kind = NoticeTemplate.Kind


@pytest.fixture
def sr(company, contact, pruning, administrativa):
    return service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Ramas sobre el cable",
        description="El aromo toca el tendido frente a la bodega 3.",
        place="Acceso norte",
        channel="phone",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(days=2),
    )


@pytest.fixture
def lights(pruning):
    return RequestCategory.objects.create(
        name="Luminarias", department=pruning.department, sla_working_days=3
    )


def save(encargado, *, kind=Kind.ACKNOWLEDGEMENT, category=None, subject="", body=""):
    return notice_template_save(
        template=NoticeTemplate(kind=kind, category=category, subject=subject, body=body),
        actor=encargado,
    )


def acknowledgement(sr):
    return notices.render_notice(kind=Kind.ACKNOWLEDGEMENT, request=sr)


# Resolution order.


def test_without_templates_the_notice_uses_the_default_files(sr):
    notice = acknowledgement(sr)

    assert notice.subject == f"[{sr.reference}] Recibimos su solicitud: Ramas sobre el cable"
    assert "Recibimos su solicitud «Ramas sobre el cable» y la derivamos a Aseo y Ornato." in (
        notice.text
    )


def test_the_template_for_all_categories_replaces_the_default(sr, encargado):
    save(encargado, subject="Su solicitud {referencia}", body="Hola {contacto}.")

    notice = acknowledgement(sr)

    assert notice.subject == f"[{sr.reference}] Su solicitud {sr.reference}"
    assert notice.text == "Hola Ana Pérez.\n"


def test_the_categorys_own_template_wins_over_the_one_for_all(sr, encargado, pruning, lights):
    save(encargado, subject="General", body="Texto general.")
    save(encargado, category=lights, subject="Luminarias", body="Texto de luminarias.")
    save(encargado, category=pruning, subject="Poda", body="Texto de poda.")

    assert acknowledgement(sr).text == "Texto de poda.\n"


def test_another_categorys_template_is_not_used(sr, encargado, lights):
    save(encargado, category=lights, subject="Luminarias", body="Texto de luminarias.")

    assert "Recibimos su solicitud" in acknowledgement(sr).text


def test_deleting_a_template_returns_to_the_default(sr, encargado):
    template = save(encargado, subject="Otro", body="Otro texto.")
    pk = template.pk

    notice_template_delete(template=template, actor=encargado)

    assert "Recibimos su solicitud" in acknowledgement(sr).text
    deletion = NoticeTemplate.history.filter(id=pk).latest()
    assert (deletion.history_type, deletion.history_user) == ("-", encargado)


def test_the_survey_has_a_default_text_with_its_link(sr):
    notice = notices.render_notice(
        kind=Kind.SURVEY, request=sr, link="https://omil.example/portal/encuesta/abc/"
    )

    assert notice.subject.startswith(f"[{sr.reference}]")
    assert "https://omil.example/portal/encuesta/abc/" in notice.text
    assert '<a href="https://omil.example/portal/encuesta/abc/">' in notice.html


# Placeholders.


def test_every_placeholder_becomes_the_requests_value(sr, encargado, settings):
    settings.OMIL_OFFICE_NAME = "OMIL de Concón"
    settings.OMIL_OFFICE_PHONE = "+56 32 200 0000"
    save(
        encargado,
        subject="{asunto}",
        body=(
            "{referencia}|{empresa}|{contacto}|{Categoría}|{departamento}|{fecha comprometida}|"
            "{estado}|{lugar}|{oficina}|{telefono_oficina}"
        ),
    )

    text = acknowledgement(sr).text

    assert text.strip() == (
        f"{sr.reference}|Bodegas de Prueba SpA|Ana Pérez|Poda de árboles|Aseo y Ornato|"
        f"{sr.due_date:%d-%m-%Y}|Recibida|Acceso norte|OMIL de Concón|+56 32 200 0000"
    )


def test_doubled_braces_write_a_literal_brace(sr, encargado):
    save(encargado, subject="Aviso", body="Use {{referencia}} tal cual: {referencia}.")

    assert acknowledgement(sr).text == f"Use {{referencia}} tal cual: {sr.reference}.\n"


def test_the_resolution_note_reaches_the_resolution_notice(sr, encargado, administrativa):
    save(encargado, kind=Kind.RESOLUTION, subject="Resuelta", body="Nota: {nota_resolucion}")
    service_request_route(request=sr, actor=administrativa, send_emails=False)
    service_request_change_status(
        request=sr, status="resolved", actor=administrativa, note="Poda hecha el martes."
    )
    event = sr.events.get(kind=RequestEvent.Kind.RESOLUTION_NOTICE)

    assert build_email(event).body == "Nota: Poda hecha el martes.\n"


# Escaping.


@pytest.fixture
def perez_request(park, gestora, pruning, administrativa):
    company = Company.objects.create(
        rut="77123456-1", legal_name="Pérez & Hijos <Ltda>", park=park, owner=gestora
    )
    contact = Contact.objects.create(
        company=company, name="<script>alert(1)</script>", email="rosa@perez.cl"
    )
    return service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Poda\nurgente & <b>ya</b>",
        description="Primera línea\nsegunda línea",
        channel="phone",
        created_by=administrativa,
    )


def test_values_are_plain_in_the_text_and_escaped_in_the_html(perez_request, encargado):
    save(encargado, subject="{empresa}: {asunto}", body="Hola {contacto}.\n\n{descripcion}")

    notice = acknowledgement(perez_request)

    assert "Hola <script>alert(1)</script>." in notice.text
    assert "<script>" not in notice.html
    assert "<p>Hola &lt;script&gt;alert(1)&lt;/script&gt;.</p>" in notice.html
    assert "<p>Primera línea<br>\nsegunda línea</p>" in notice.html
    assert notice.subject == (
        f"[{perez_request.reference}] Pérez & Hijos <Ltda>: Poda urgente & <b>ya</b>"
    )


def test_only_the_link_placeholder_becomes_a_link(sr, encargado):
    save(
        encargado,
        kind=Kind.SURVEY,
        subject="Encuesta",
        body="Responda en {enlace}\nO visite https://otro.example/ <b>hoy</b>.",
    )

    notice = notices.render_notice(kind=Kind.SURVEY, request=sr, link="https://omil.example/e/1/")

    assert notice.html.count("<a ") == 1
    assert '<a href="https://omil.example/e/1/">https://omil.example/e/1/</a>' in notice.html
    assert "https://otro.example/ &lt;b&gt;hoy&lt;/b&gt;." in notice.html


def test_a_link_that_is_not_a_web_address_is_never_clickable(sr):
    notice = notices.render_notice(kind=Kind.SURVEY, request=sr, link="javascript:alert(1)")

    assert "<a " not in notice.html


# Refused templates.


def test_an_unknown_placeholder_is_refused_by_name_and_nothing_changes(sr, encargado):
    template = save(encargado, subject="Aviso", body="Hola {contacto}.")
    template.body = "Hola {contacto}, RUT {rut_del_contacto}."

    with pytest.raises(ValidationError) as refused:
        notice_template_save(template=template, actor=encargado)

    assert "marcador desconocido {rut_del_contacto}" in refused.value.message_dict["body"][0]
    template.refresh_from_db()
    assert template.body == "Hola {contacto}."
    assert template.history.count() == 1
    assert acknowledgement(sr).text == "Hola Ana Pérez.\n"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Hola {contacto", "llave «{» sin cerrar (línea 1)"),
        ("Hola\ncontacto}", "llave «}» sin abrir (línea 2)"),
    ],
)
def test_an_unbalanced_brace_is_refused(encargado, body, expected):
    with pytest.raises(ValidationError) as refused:
        save(encargado, subject="Aviso", body=body)

    assert expected in refused.value.message_dict["body"][0]
    assert not NoticeTemplate.objects.exists()


def test_the_link_is_refused_in_a_notice_that_has_none(encargado):
    with pytest.raises(ValidationError) as refused:
        save(encargado, subject="Aviso {enlace}", body="Texto.")

    assert "{enlace}" in refused.value.message_dict["subject"][0]


def test_a_second_template_for_the_same_kind_and_category_is_refused(encargado, pruning):
    save(encargado, subject="Uno", body="Uno.")
    save(encargado, category=pruning, subject="Uno", body="Uno.")

    for category in (None, pruning):
        with pytest.raises(ValidationError) as refused:
            save(encargado, category=category, subject="Dos", body="Dos.")
        assert "Ya existe una plantilla de este aviso" in str(refused.value)
    assert NoticeTemplate.objects.count() == 2


def test_a_subject_typed_on_several_lines_is_saved_as_one(encargado):
    template = save(encargado, subject="Aviso\r\nBcc: todos@municipio.cl", body="Texto.")

    assert template.subject == "Aviso Bcc: todos@municipio.cl"


def test_changes_are_kept_with_who_made_them(encargado):
    template = save(encargado, subject="Uno", body="Uno.")
    template.body = "Dos."
    notice_template_save(template=template, actor=encargado)

    assert [change.body for change in template.history.all()] == ["Dos.", "Uno."]
    assert {change.history_user for change in template.history.all()} == {encargado}


# The emails that go out.


def test_the_emails_after_routing_and_resolving_use_the_edited_texts(
    sr, encargado, administrativa, django_capture_on_commit_callbacks
):
    save(encargado, subject="Recibida {asunto}", body="Recibimos {asunto}, {contacto}.")
    save(encargado, kind=Kind.DERIVATION, subject="Para {departamento}", body="Vean {lugar}.")
    save(encargado, kind=Kind.RESOLUTION, subject="Lista", body="Resuelta: {nota_resolucion}")

    with django_capture_on_commit_callbacks(execute=True):
        service_request_route(request=sr, actor=administrativa)
    with django_capture_on_commit_callbacks(execute=True):
        service_request_change_status(
            request=sr, status="resolved", actor=administrativa, note="Ramas retiradas."
        )

    by_subject = {message.subject: message for message in mail.outbox}
    reference = f"[{sr.reference}]"
    assert by_subject[f"{reference} Recibida Ramas sobre el cable"].body == (
        "Recibimos Ramas sobre el cable, Ana Pérez.\n"
    )
    assert by_subject[f"{reference} Para Aseo y Ornato"].body == "Vean Acceso norte.\n"
    resolution = by_subject[f"{reference} Lista"]
    assert resolution.body == "Resuelta: Ramas retiradas.\n"
    assert resolution.to == ["ana@bodegas.cl"]
    assert resolution.extra_headers["Message-ID"].startswith("<")


def test_a_reminder_uses_the_reminder_template_not_the_derivation(
    sr, encargado, administrativa, settings
):
    settings.DEPARTMENT_REMINDER_DAYS = 0
    save(encargado, kind=Kind.DERIVATION, subject="Derivación", body="Derivación.")
    save(encargado, kind=Kind.REMINDER, subject="Recordatorio", body="Aún sin respuesta.")
    sr = service_request_route(request=sr, actor=administrativa, send_emails=False)
    service_request_remind_department(request=sr, actor=administrativa)
    event = sr.events.filter(kind=RequestEvent.Kind.SENT_TO_DEPARTMENT).latest("pk")

    message = build_email(event)

    assert message.subject == f"[{sr.reference}] Recordatorio"
    assert message.body == "Aún sin respuesta.\n"


def test_an_edited_derivation_still_says_what_is_attached(sr, encargado, administrativa):
    email = InboundEmail.objects.create(
        message_id="<foto@bodegas.cl>",
        content_hash="x",
        raw=b"x",
        sender="ana@bodegas.cl",
        service_request=sr,
        triage_state=InboundEmail.TriageState.REQUEST_CREATED,
        joined_by=InboundEmail.JoinedBy.PERSON,
    )
    EmailAttachment.objects.create(
        email=email,
        filename="foto.jpg",
        content_type="image/jpeg",
        size=4,
        file=ContentFile(b"JPEG", name="foto.jpg"),
    )
    save(encargado, kind=Kind.DERIVATION, subject="Derivación", body="Vean la foto.")
    service_request_route(request=sr, actor=administrativa, send_emails=False)

    message = build_email(sr.events.get(kind=RequestEvent.Kind.SENT_TO_DEPARTMENT))

    assert message.body == ("Vean la foto.\n\nSe adjuntan 1 archivo(s) enviados por la empresa.\n")
    assert [name for name, _content, _type in message.attachments] == ["foto.jpg"]


def test_a_template_no_longer_valid_falls_back_to_the_default(sr, encargado):
    # Written behind the form's back, as a placeholder withdrawn after it was saved would be.
    NoticeTemplate.objects.create(kind=Kind.ACKNOWLEDGEMENT, subject="X", body="{retirado}")

    assert "Recibimos su solicitud" in acknowledgement(sr).text


def test_every_kind_has_a_valid_starting_text_and_a_step():
    assert set(notices.DEFAULTS) == set(Kind.values) == set(notices.KIND_STEPS)
    for kind, (subject, body) in notices.DEFAULTS.items():
        notices.validate(kind, subject=subject, body=body)
