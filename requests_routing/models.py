"""The municipality's departments, the routing table, service requests and the emailed inbox."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from companies.models import Company, Contact, Visit


class Department(models.Model):
    name = models.CharField(
        "nombre",
        max_length=120,
        unique=True,
        error_messages={"unique": "Ya existe un departamento con ese nombre."},
    )
    email = models.EmailField("correo")
    head = models.CharField("jefatura", max_length=150, blank=True)
    phone = models.CharField("teléfono", max_length=40, blank=True)
    is_active = models.BooleanField("vigente", default=True)

    class Meta:
        verbose_name = "departamento municipal"
        verbose_name_plural = "departamentos municipales"
        ordering = ["name"]

    def __str__(self):
        return self.name


class RequestCategory(models.Model):
    """One row of the routing table: a kind of request, who handles it and how fast."""

    name = models.CharField(
        "nombre",
        max_length=120,
        unique=True,
        error_messages={"unique": "Ya existe una categoría con ese nombre."},
    )
    department = models.ForeignKey(
        Department,
        verbose_name="departamento",
        on_delete=models.PROTECT,
        related_name="categories",
    )
    sla_working_days = models.PositiveSmallIntegerField("plazo (días hábiles)", default=10)
    keywords = models.TextField(
        "palabras clave",
        blank=True,
        help_text="Separadas por comas; sugieren esta categoría para un correo entrante.",
    )
    is_active = models.BooleanField("vigente", default=True)

    class Meta:
        verbose_name = "categoría de solicitud"
        verbose_name_plural = "categorías de solicitud"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sla_working_days__gte=1),
                name="category_sla_positive",
                violation_error_message="El plazo debe ser de al menos 1 día hábil.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip().lower() for word in self.keywords.split(",") if word.strip()]


class ReferenceCounter(models.Model):
    """The last request number handed out in a year; locked row by row to avoid races."""

    year = models.PositiveSmallIntegerField("año", primary_key=True)
    last_number = models.PositiveIntegerField("último número", default=0)

    class Meta:
        verbose_name = "correlativo de solicitudes"
        verbose_name_plural = "correlativos de solicitudes"

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class ServiceRequest(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Recibida"
        ROUTED = "routed", "Derivada"
        IN_PROGRESS = "in_progress", "En curso"
        RESOLVED = "resolved", "Resuelta"
        CLOSED = "closed", "Cerrada"
        REJECTED = "rejected", "Rechazada"
        DUPLICATE = "duplicate", "Duplicada"

    OPEN_STATUSES = (Status.RECEIVED, Status.ROUTED, Status.IN_PROGRESS)

    class Channel(models.TextChoices):
        EMAIL = "email", "Correo"
        VISIT = "visit", "Visita"
        PHONE = "phone", "Teléfono"
        MEETING = "meeting", "Reunión"
        PORTAL = "portal", "Portal de empresas"

    reference = models.CharField("referencia", max_length=20, unique=True, editable=False)
    company = models.ForeignKey(
        Company, verbose_name="empresa", on_delete=models.PROTECT, related_name="service_requests"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name="contacto",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    category = models.ForeignKey(
        RequestCategory, verbose_name="categoría", on_delete=models.PROTECT, related_name="requests"
    )
    department = models.ForeignKey(
        Department, verbose_name="departamento", on_delete=models.PROTECT, related_name="requests"
    )
    channel = models.CharField(
        "canal", max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    subject = models.CharField("asunto", max_length=200)
    description = models.TextField("descripción", blank=True)
    place = models.CharField("lugar", max_length=200, blank=True)
    status = models.CharField(
        "estado", max_length=15, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField("recibida")
    due_date = models.DateField("fecha comprometida")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_requests",
    )
    resolved_at = models.DateTimeField("resuelta", null=True, blank=True)
    closed_at = models.DateTimeField("cerrada", null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="duplicada de",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    origin_visit = models.ForeignKey(
        Visit,
        verbose_name="visita de origen",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrada por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("actualizada", auto_now=True)

    # updated_at changes on every save and says nothing a person did.
    history = HistoricalRecords(
        verbose_name="historial de solicitud",
        verbose_name_plural="historial de solicitudes",
        excluded_fields=["updated_at"],
    )

    class Meta:
        verbose_name = "solicitud"
        verbose_name_plural = "solicitudes"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["-received_at"], name="request_received_idx"),
            # Resolution times per department, for the dashboard, from the index alone.
            models.Index(
                fields=["resolved_at", "received_at", "department", "company"],
                condition=Q(resolved_at__isnull=False),
                name="request_resolved_idx",
            ),
            # Covering: the dashboard counts today's overdue requests per department and park
            # from the index alone (no table read, however many requests are overdue).
            models.Index(
                fields=["status", "due_date"],
                include=["department", "company"],
                name="request_status_due_idx",
            ),
            models.Index(fields=["department", "-received_at"], name="request_department_idx"),
            models.Index(fields=["category", "-received_at"], name="request_category_idx"),
            # With what a company's balance counts and ranks (resolved, received, id): its
            # requests are read from the index alone, not a table block each.
            models.Index(
                fields=["company", "-received_at"],
                include=["resolved_at", "id"],
                name="request_company_idx",
            ),
            models.Index(fields=["owner", "status"], name="request_owner_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="duplicate") | Q(duplicate_of__isnull=False),
                name="request_duplicate_points_to_original",
                violation_error_message="Una solicitud duplicada debe indicar cuál es la original.",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=F("received_at")),
                name="request_resolved_after_received",
                violation_error_message=(
                    "La fecha de resolución no puede ser anterior a la de recepción."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=F("received_at")),
                name="request_closed_after_received",
                violation_error_message=(
                    "La fecha de cierre no puede ser anterior a la de recepción."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class InboundEmail(models.Model):
    """One message read from the requests mailbox, kept verbatim, then triaged by a person."""

    class TriageState(models.TextChoices):
        NEW = "new", "Por revisar"
        REQUEST_CREATED = "request_created", "Solicitud creada"
        ATTACHED = "attached", "Agregado a una solicitud"
        NOT_A_REQUEST = "not_a_request", "No es solicitud"
        FAILED = "failed", "No se pudo leer"

    class Source(models.TextChoices):
        MAIL = "mail", "Correo"
        PORTAL = "portal", "Portal de empresas"

    class JoinedBy(models.TextChoices):
        """How the email became part of its request; see thread_trust for the rules."""

        NOBODY = "", "No es parte de una solicitud"
        PERSON = "person", "Agregado por una persona"
        THREAD = "thread", "Respuesta a un correo de la solicitud"
        AUTHENTICATED = "authenticated", "Remitente conocido y autenticado"
        UNVERIFIED = "unverified", "Unido sin verificar (antes de la revisión de remitentes)"

    # Not unique: broken mailers give different messages the same Message-ID. The same
    # message is recognised by its fingerprint (requests_routing.mail_files.fingerprint).
    # Indexed as the first column of email_unique_message (replies are threaded by it).
    message_id = models.CharField("Message-ID", max_length=998)
    fingerprint = models.CharField(
        "huella del mensaje",
        max_length=64,
        db_index=True,
        help_text=(
            "Message-ID, encabezados propios del mensaje y cuerpo: un correo se guarda una vez."
        ),
    )
    # The bytes as received (an Outlook .msg before conversion): a known file is recognised
    # without reading it.
    content_hash = models.CharField("huella del contenido", max_length=64, db_index=True)
    source = models.CharField(
        "origen",
        max_length=10,
        choices=Source.choices,
        default=Source.MAIL,
        help_text="Correo del buzón, o solicitud ingresada por la empresa en el portal.",
    )
    sender = models.EmailField("remitente", max_length=254, blank=True)
    sender_name = models.CharField("nombre del remitente", max_length=200, blank=True)
    to = models.TextField("destinatarios", blank=True)
    subject = models.CharField("asunto", max_length=500, blank=True)
    in_reply_to = models.CharField("en respuesta a", max_length=998, blank=True)
    references = models.TextField("referencias", blank=True)
    sent_at = models.DateTimeField("fecha del correo", null=True, blank=True)
    received_at = models.DateTimeField("recibido", auto_now_add=True)
    text_body = models.TextField("texto", blank=True)
    place = models.CharField(
        "lugar indicado",
        max_length=200,
        blank=True,
        help_text="Solo en lo ingresado por el portal.",
    )
    html_body = models.TextField("HTML saneado", blank=True)
    raw = models.BinaryField("mensaje original")
    imap_uidvalidity = models.PositiveBigIntegerField(null=True, blank=True)
    imap_uid = models.PositiveBigIntegerField(null=True, blank=True)
    triage_state = models.CharField(
        "estado", max_length=20, choices=TriageState.choices, default=TriageState.NEW
    )
    triage_note = models.CharField("motivo", max_length=300, blank=True)
    failure_reason = models.TextField("error de lectura", blank=True)
    matched_company = models.ForeignKey(
        Company,
        verbose_name="empresa reconocida",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    matched_contact = models.ForeignKey(
        Contact,
        verbose_name="contacto reconocido",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    matched_by_forward = models.BooleanField(
        "reconocida por el mensaje reenviado",
        default=False,
        help_text="El remitente no se reconoció; la empresa es la de quien escribió el mensaje "
        "que reenvió.",
    )
    suggested_category = models.ForeignKey(
        RequestCategory,
        verbose_name="categoría sugerida",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    service_request = models.ForeignKey(
        ServiceRequest,
        verbose_name="solicitud",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
    )
    joined_by = models.CharField(
        "cómo se unió a la solicitud",
        max_length=15,
        choices=JoinedBy.choices,
        blank=True,
        default=JoinedBy.NOBODY,
    )
    suggested_request = models.ForeignKey(
        ServiceRequest,
        verbose_name="solicitud sugerida",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="La que el asunto o las referencias nombran, cuando no se unió sola.",
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="revisado por",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    triaged_at = models.DateTimeField("revisado", null=True, blank=True)

    class Meta:
        verbose_name = "correo recibido"
        verbose_name_plural = "correos recibidos"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["triage_state", "-received_at"], name="email_triage_idx"),
            models.Index(fields=["sender"], name="email_sender_idx"),
            # What a company filed on the portal and is still waiting for triage.
            models.Index(
                fields=["matched_company", "-received_at"],
                condition=Q(source="portal"),
                name="email_portal_company_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["imap_uidvalidity", "imap_uid"],
                condition=Q(imap_uid__isnull=False),
                name="email_unique_imap_uid",
                violation_error_message="Ese correo del buzón ya está guardado (mismo UID IMAP).",
            ),
            models.UniqueConstraint(
                fields=["message_id", "fingerprint"],
                name="email_unique_message",
                violation_error_message="Ese correo ya está guardado.",
            ),
        ]

    def __str__(self):
        return self.subject or self.message_id

    def text_with_forwarded(self) -> str:
        """Its own text followed by each message forwarded in it, as a mail program quotes
        them: what triage reads (category keywords, the new request's description)."""
        pieces = [self.text_body]
        for forwarded in self.forwarded_messages.all():
            pieces.append(forwarded.as_quoted_text())
        return "\n\n".join(piece for piece in pieces if piece.strip())


class RequestEvent(models.Model):
    """One entry of a request's timeline; never edited, only added."""

    class Kind(models.TextChoices):
        CREATED = "created", "Registrada"
        STATUS_CHANGE = "status_change", "Cambio de estado"
        NOTE = "note", "Nota"
        SENT_TO_DEPARTMENT = "sent_to_department", "Enviada al departamento"
        DEPARTMENT_REPLY = "department_reply", "Respuesta del departamento"
        ACKNOWLEDGEMENT = "acknowledgement", "Acuse de recibo a la empresa"
        EMAIL_RECEIVED = "email_received", "Correo recibido"
        REASSIGNED = "reassigned", "Cambio de responsable"
        RESOLUTION_NOTICE = "resolution_notice", "Aviso de resolución a la empresa"
        SURVEY_SENT = "survey_sent", "Encuesta de satisfacción enviada"
        SURVEY_ANSWER = "survey_answer", "Respuesta de la empresa a la encuesta"
        COMPANY_COMMENT = "company_comment", "Comentario de la empresa"

    # The only kinds the company may ever see on the portal, when the event is public too:
    # department replies, emails to the department and reassignments never are.
    PORTAL_KINDS = (
        Kind.CREATED,
        Kind.STATUS_CHANGE,
        Kind.NOTE,
        Kind.ACKNOWLEDGEMENT,
        Kind.RESOLUTION_NOTICE,
        Kind.EMAIL_RECEIVED,
        Kind.COMPANY_COMMENT,
    )

    request = models.ForeignKey(
        ServiceRequest, verbose_name="solicitud", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("tipo", max_length=25, choices=Kind.choices)
    public = models.BooleanField(
        "visible para la empresa",
        default=False,
        help_text="La empresa ve este evento en el portal; las notas internas nunca.",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name="contacto de la empresa",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Quien escribió desde el portal.",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="quién",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("cuándo")
    from_status = models.CharField(
        "estado anterior", max_length=15, choices=ServiceRequest.Status.choices, blank=True
    )
    to_status = models.CharField(
        "estado nuevo", max_length=15, choices=ServiceRequest.Status.choices, blank=True
    )
    text = models.TextField("detalle", blank=True)
    email = models.ForeignKey(
        InboundEmail,
        verbose_name="correo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    outbound_message_id = models.CharField(
        "Message-ID enviado", max_length=998, blank=True, db_index=True
    )
    email_to = models.CharField("enviado a", max_length=254, blank=True)
    email_sent_at = models.DateTimeField("correo enviado", null=True, blank=True)

    class Meta:
        verbose_name = "evento de solicitud"
        verbose_name_plural = "eventos de solicitud"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"], name="event_request_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["department_reply", "sent_to_department", "reassigned"])
                | Q(public=False),
                name="event_internal_kinds_never_public",
                violation_error_message=(
                    "Las respuestas y correos del departamento y los cambios de responsable "
                    "no se muestran a la empresa."
                ),
            )
        ]

    def __str__(self):
        return f"{self.request.reference}: {self.get_kind_display()}"


# Kept in their own modules for size; imported last, so Django finds them as models of this
# app and they may name the models above.
from requests_routing.mail_models import (  # noqa: E402, F401
    EmailAttachment,
    ForwardedEmail,
    MailboxCursor,
    attachment_path,
)
from requests_routing.notice_models import NoticeTemplate  # noqa: E402, F401
from requests_routing.survey_models import ResolutionSurvey  # noqa: E402, F401
