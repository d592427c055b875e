"""The wording of the notices about a request: which text applies, and rendering it.

Resolution order for a notice of a kind about a request of a category:
1. the Encargado's template for that kind and that category;
2. else his template for that kind and all categories;
3. else the default: the file templates under templates/emails/ (the survey, which has no
   file, uses DEFAULTS below).

The defaults' wording in the placeholder language (DEFAULTS) is what the Encargado starts from
when he writes a template. Every kind may be rendered through `render_notice`, the survey too.
"""

import logging
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone

from omil_crm.base import email_render
from requests_routing import placeholders
from requests_routing.models import (
    NoticeTemplate,
    RequestCategory,
    RequestEvent,
    ServiceRequest,
)

logger = logging.getLogger(__name__)

Kind = NoticeTemplate.Kind

# What every notice may say, then what only some kinds know.
COMMON_PLACEHOLDERS = (
    "referencia",
    "asunto",
    "descripcion",
    "lugar",
    "empresa",
    "rut_empresa",
    "contacto",
    "datos_contacto",
    "categoria",
    "departamento",
    "fecha_comprometida",
    "estado",
    "oficina",
    "telefono_oficina",
)
EXTRA_PLACEHOLDERS = {
    Kind.RESOLUTION: ("nota_resolucion",),
    Kind.SURVEY: ("nota_resolucion", placeholders.LINK),
}

# When each kind goes out and to whom: the step of the request's life cycle it belongs to.
KIND_STEPS = {
    Kind.ACKNOWLEDGEMENT: "A la empresa, al derivar la solicitud (estado «Derivada»).",
    Kind.DERIVATION: "Al departamento, al derivar la solicitud (estado «Derivada»).",
    Kind.REMINDER: "Al departamento, cuando se le recuerda una solicitud derivada sin respuesta.",
    Kind.RESOLUTION: "A la empresa, al resolver la solicitud (estado «Resuelta»).",
    Kind.SURVEY: "A la empresa, después de resolver: «¿quedó resuelto?».",
}

PLACEHOLDER_HELP = {
    "referencia": "referencia de la solicitud (SOL-2026-00042)",
    "asunto": "asunto de la solicitud",
    "descripcion": "descripción de la solicitud",
    "lugar": "lugar indicado («no indicado» si falta)",
    "empresa": "nombre de la empresa",
    "rut_empresa": "RUT de la empresa",
    "contacto": "nombre del contacto («equipo de» la empresa si no hay)",
    "datos_contacto": "nombre, teléfono y correo del contacto",
    "categoria": "categoría de la solicitud",
    "departamento": "departamento municipal a cargo",
    "fecha_comprometida": "fecha comprometida de respuesta (dd-mm-aaaa)",
    "estado": "estado actual de la solicitud",
    "nota_resolucion": "nota de resolución escrita al resolver",
    "enlace": "enlace a la encuesta (se muestra como vínculo)",
    "oficina": "nombre de la oficina",
    "telefono_oficina": "teléfono de la oficina",
}

# The kinds that have file templates (templates/emails/request_<name>_*), and their name.
FILE_TEMPLATES = {
    Kind.ACKNOWLEDGEMENT: "acknowledgement",
    Kind.DERIVATION: "derivation",
    Kind.REMINDER: "derivation",
    Kind.RESOLUTION: "resolution",
}

_TO_DEPARTMENT = """Estimado equipo de {departamento}:

%s

Referencia: {referencia}
Categoría: {categoria}
Empresa: {empresa}
RUT de la empresa: {rut_empresa}
Contacto: {datos_contacto}
Lugar: {lugar}
Plazo comprometido: {fecha_comprometida}

Asunto: {asunto}
{descripcion}

Por favor respondan a este correo manteniendo la referencia [{referencia}] en el asunto.

{oficina}"""

DEFAULTS: dict[str, tuple[str, str]] = {
    Kind.ACKNOWLEDGEMENT: (
        "[{referencia}] Recibimos su solicitud: {asunto}",
        """Estimado/a {contacto}:

Recibimos su solicitud «{asunto}» y la derivamos a {departamento}.

Referencia: {referencia}
Fecha estimada de respuesta: {fecha_comprometida}

Si necesita escribirnos sobre esta solicitud, responda este correo manteniendo \
[{referencia}] en el asunto.

{oficina}""",
    ),
    Kind.DERIVATION: (
        "[{referencia}] {categoria} — {empresa}: {asunto}",
        _TO_DEPARTMENT
        % "La Oficina Municipal de Información Laboral (OMIL) les deriva la siguiente "
        "solicitud de una empresa.",
    ),
    Kind.REMINDER: (
        "[{referencia}] Recordatorio: {categoria} — {empresa}: {asunto}",
        _TO_DEPARTMENT % "Les recordamos la siguiente solicitud, aún sin respuesta.",
    ),
    Kind.RESOLUTION: (
        "[{referencia}] Solicitud resuelta: {asunto}",
        """Estimado/a {contacto}:

{departamento} informa que su solicitud «{asunto}» ({referencia}) quedó resuelta.

Resolución:
{nota_resolucion}

Si el problema persiste, responda este correo manteniendo [{referencia}] en el asunto y \
la retomaremos.

{oficina}""",
    ),
    Kind.SURVEY: (
        "[{referencia}] ¿Quedó resuelto? {asunto}",
        """Estimado/a {contacto}:

Su solicitud «{asunto}» ({referencia}) quedó resuelta. ¿Quedó resuelto el problema?

Cuéntenos en esta página: sí o no, una nota de 1 a 5 y, si quiere, un comentario.
{enlace}

Si no quedó resuelto, la OMIL retomará su solicitud.

{oficina}
Teléfono: {telefono_oficina}""",
    ),
}


class RenderedNotice(NamedTuple):
    subject: str
    text: str
    html: str


def allowed_placeholders(kind: str) -> tuple[str, ...]:
    return COMMON_PLACEHOLDERS + EXTRA_PLACEHOLDERS.get(kind, ())


def kind_of_event(event: RequestEvent) -> str:
    """The notice kind an email event sends; a reminder is a derivation sent again."""
    if event.kind == RequestEvent.Kind.SENT_TO_DEPARTMENT:
        return Kind.REMINDER if event.text.startswith("Recordatorio") else Kind.DERIVATION
    if event.kind == RequestEvent.Kind.ACKNOWLEDGEMENT:
        return Kind.ACKNOWLEDGEMENT
    if event.kind == RequestEvent.Kind.RESOLUTION_NOTICE:
        return Kind.RESOLUTION
    if event.kind == RequestEvent.Kind.SURVEY_SENT:
        return Kind.SURVEY
    raise ValueError(f"El evento {event.kind} no es un aviso.")


def template_for(kind: str, category_id: int | None) -> NoticeTemplate | None:
    """The category's own template, else the one for all categories, else None (default)."""
    scope = Q(category__isnull=True)
    if category_id is not None:
        scope |= Q(category_id=category_id)
    return (
        NoticeTemplate.objects.filter(scope, kind=kind)
        .order_by(F("category_id").asc(nulls_last=True))
        .first()
    )


def office_values() -> dict[str, str]:
    return {"oficina": settings.OMIL_OFFICE_NAME, "telefono_oficina": settings.OMIL_OFFICE_PHONE}


def request_values(
    request: ServiceRequest, *, link: str = "", resolution_note: str = ""
) -> dict[str, str]:
    """The placeholders' values for a request, as plain text."""
    company, contact = request.company, request.contact
    contact_details = "sin contacto registrado"
    if contact:
        parts = (contact.name, contact.phone, contact.email)
        contact_details = ", ".join(part for part in parts if part)
    return {
        "referencia": request.reference,
        "asunto": request.subject,
        "descripcion": request.description,
        "lugar": request.place or "no indicado",
        "empresa": str(company),
        "rut_empresa": company.rut_display if company.rut else "no registrado",
        "contacto": contact.name if contact else f"equipo de {company}",
        "datos_contacto": contact_details,
        "categoria": request.category.name,
        "departamento": request.department.name,
        "fecha_comprometida": f"{request.due_date:%d-%m-%Y}",
        "estado": request.get_status_display(),
        "nota_resolucion": resolution_note,
        placeholders.LINK: link,
        **office_values(),
    }


def sample_values(kind: str) -> dict[str, str]:
    """Made-up values for a preview when no request of the category exists yet."""
    due = timezone.localdate()
    return {
        "referencia": f"SOL-{due.year}-00000",
        "asunto": "Poda de ramas sobre el cableado del acceso norte",
        "descripcion": "Las ramas del aromo tocan el tendido eléctrico frente a la bodega 3.",
        "lugar": "Acceso norte, calle Los Aromos 120",
        "empresa": "Empresa de Ejemplo SpA",
        "rut_empresa": "76.000.000-0",
        "contacto": "María González",
        "datos_contacto": "María González, +56 9 1234 5678, maria@ejemplo.cl",
        "categoria": "Categoría de ejemplo",
        "departamento": "Departamento de ejemplo",
        "fecha_comprometida": f"{due:%d-%m-%Y}",
        "estado": ServiceRequest.Status.RESOLVED.label
        if kind in (Kind.RESOLUTION, Kind.SURVEY)
        else ServiceRequest.Status.ROUTED.label,
        "nota_resolucion": "Se podaron las ramas el martes; el acceso quedó despejado.",
        placeholders.LINK: "https://omil.ejemplo.cl/portal/encuesta/ejemplo/",
        **office_values(),
    }


def validate(kind: str, *, subject: str, body: str) -> None:
    """A ValidationError per field naming the first unknown placeholder or stray brace."""
    allowed = allowed_placeholders(kind)
    errors = {}
    for field, text, label in (("subject", subject, "El asunto"), ("body", body, "El texto")):
        try:
            placeholders.parse(text, allowed, field_label=label)
        except ValidationError as error:
            errors[field] = error
    if errors:
        raise ValidationError(errors)


def render_parts(
    kind: str, *, subject: str, body: str, values: dict[str, str], appendix: tuple[str, ...] = ()
) -> RenderedNotice:
    """Subject, text and HTML from a template's texts; `appendix`: paragraphs the system adds
    after the body (what is attached), never edited."""
    allowed = allowed_placeholders(kind)
    subject_pieces = placeholders.parse(subject, allowed, field_label="El asunto")
    body_pieces = placeholders.parse(body, allowed, field_label="El texto")
    extra = [placeholders.Piece(text="\n\n" + paragraph) for paragraph in appendix]
    rendered_subject = email_render.one_line(placeholders.render_text(subject_pieces, values))
    # Replies are threaded by the reference in the subject: it is never left out.
    reference = values.get("referencia", "")
    if reference and f"[{reference}]" not in rendered_subject:
        rendered_subject = f"[{reference}] {rendered_subject}"
    return RenderedNotice(
        subject=rendered_subject,
        text=placeholders.render_text(body_pieces + extra, values).strip() + "\n",
        html=placeholders.render_html(body_pieces + extra, values),
    )


def render_notice(
    *,
    kind: str,
    request: ServiceRequest,
    link: str = "",
    resolution_note: str = "",
    appendix: tuple[str, ...] = (),
    file_context: dict | None = None,
) -> RenderedNotice:
    """The notice of `kind` about `request`, by the resolution order above.

    `file_context` is the context of the file templates (built from the request when not
    given); `appendix` is added after an edited text (the file templates say it themselves).
    """
    row = template_for(kind, request.category_id)
    if row is not None:
        values = request_values(request, link=link, resolution_note=resolution_note)
        try:
            return render_parts(
                kind, subject=row.subject, body=row.body, values=values, appendix=appendix
            )
        except ValidationError:
            # Saved texts are validated; one that no longer is (a placeholder withdrawn
            # since) must not stop the notice: the default goes out instead.
            logger.warning("La plantilla %s no es válida; se usa el texto por omisión.", row.pk)
    if kind in FILE_TEMPLATES:
        context = file_context or {
            "sr": request,
            "attachments": [],
            "held_attachments": 0,
            "is_reminder": kind == Kind.REMINDER,
            "resolution_note": resolution_note,
        }
        return RenderedNotice(
            *email_render.render_email(f"emails/request_{FILE_TEMPLATES[kind]}", context)
        )
    subject, body = DEFAULTS[kind]
    values = request_values(request, link=link, resolution_note=resolution_note)
    return render_parts(kind, subject=subject, body=body, values=values, appendix=appendix)


def preview_request(category_id: int | None) -> ServiceRequest | None:
    """The latest request of the category (of any, for an «all categories» template)."""
    requests = ServiceRequest.objects.select_related(
        "company", "contact", "category", "department"
    ).order_by("-received_at", "-pk")
    if category_id is not None:
        requests = requests.filter(category_id=category_id)
    return requests.first()


def preview(
    kind: str, *, subject: str, body: str, category: RequestCategory | None
) -> tuple[RenderedNotice, ServiceRequest | None]:
    """The texts rendered with a real request of the category when there is one, else with
    made-up values (and the category's own names); nothing is saved or sent."""
    request = preview_request(category.pk if category else None)
    sample = sample_values(kind)
    if request is None:
        values = sample
        if category is not None:
            values |= {"categoria": category.name, "departamento": category.department.name}
    else:
        note = (
            request.events.filter(
                kind=RequestEvent.Kind.STATUS_CHANGE, to_status=ServiceRequest.Status.RESOLVED
            )
            .order_by("-created_at", "-pk")
            .values_list("text", flat=True)
            .first()
        )
        values = request_values(
            request,
            link=sample[placeholders.LINK],
            resolution_note=note or sample["nota_resolucion"],
        )
    return render_parts(kind, subject=subject, body=body, values=values), request
