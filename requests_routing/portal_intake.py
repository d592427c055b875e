"""What a company files on the portal: new requests and comments on its open ones.

A new request from the portal reaches the Administrativa's triage exactly like a mail: it is
stored as an InboundEmail with source «portal», its company and contact known (the signed-in
contact) and the category the company chose as the suggestion, so creating, joining and
dismissing it in the inbox work unchanged. Its files pass the checks the mailbox's
attachments pass (attachment_safety): a dangerous file is kept but held, never forwarded.

Both are rate-limited per contact: the portal is open to anyone holding a sign-in link.
"""

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from omil_crm.accounts.roles import ADMINISTRATIVA
from omil_crm.base import rate_limit
from omil_crm.base.notifications import notify
from requests_routing import attachment_safety, mail, mail_files
from requests_routing.models import (
    EmailAttachment,
    InboundEmail,
    RequestCategory,
    RequestEvent,
    ServiceRequest,
)
from requests_routing.services import new_message_id

HOUR, DAY = 3600, 86400
COMMENT_MAX_LENGTH = 2000
DESCRIPTION_MAX_LENGTH = 5000
TOO_MANY_FILINGS = (
    "Ha enviado muchas solicitudes en poco tiempo. Espere un rato o escriba a la OMIL; "
    "su solicitud no se guardó."
)
TOO_MANY_COMMENTS = (
    "Ha enviado muchos comentarios en poco tiempo. Espere un rato; su comentario no se guardó."
)
CLOSED_REQUEST = (
    "Esta solicitud ya está cerrada y no recibe comentarios. Si el problema sigue, "
    "ingrese una solicitud nueva."
)


@dataclass(frozen=True)
class UploadedFile:
    """A file as the portal received it, read into memory (its size is capped first)."""

    filename: str
    content_type: str
    content: bytes


def _allowed(scope: str, contact: Contact, per_hour: int, per_day: int) -> bool:
    subject = str(contact.pk)
    within_hour = rate_limit.allow(f"{scope}:h", subject, limit=per_hour, window=HOUR)
    within_day = rate_limit.allow(f"{scope}:d", subject, limit=per_day, window=DAY)
    return within_hour and within_day


def check_files(files: list[UploadedFile]) -> None:
    """The mailbox's limits, per file and in all: too many or too large is refused whole."""
    if len(files) > settings.PORTAL_MAX_FILES:
        raise ValidationError(
            {"files": f"Adjunte como máximo {settings.PORTAL_MAX_FILES} archivos."}
        )
    for upload in files:
        if len(upload.content) > settings.INBOX_MAX_ATTACHMENT_BYTES:
            limit = mail.size_label(settings.INBOX_MAX_ATTACHMENT_BYTES)
            raise ValidationError(
                {"files": f"«{upload.filename}» pesa más de {limit}, el máximo por archivo."}
            )
    if sum(len(upload.content) for upload in files) > settings.INBOX_MAX_MESSAGE_BYTES:
        limit = mail.size_label(settings.INBOX_MAX_MESSAGE_BYTES)
        raise ValidationError({"files": f"Los archivos suman más de {limit}, el máximo."})


def _as_message(*, message_id: str, contact: Contact, subject: str, text: str, at) -> bytes:
    """A plain mail of the filing (no files), kept as the «original» the inbox offers."""
    message = EmailMessage()
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(at)
    message["From"] = formataddr((contact.name, contact.email))
    message["Subject"] = subject
    message["X-OMIL-Source"] = "portal"
    message.set_content(text)
    return message.as_bytes()


def _filing_text(*, description: str, place: str, category: RequestCategory) -> str:
    lines = [description.strip()]
    if place.strip():
        lines.append(f"Lugar: {place.strip()}")
    lines.append(f"Categoría elegida por la empresa: {category.name}")
    return "\n\n".join(line for line in lines if line)


@transaction.atomic
def portal_request_file(
    *,
    contact: Contact,
    category: RequestCategory,
    subject: str,
    description: str,
    place: str = "",
    files: list[UploadedFile] = (),
) -> InboundEmail:
    """A request filed by a company contact, waiting in the inbox for triage."""
    files = list(files)
    subject, description, place = subject.strip(), description.strip(), place.strip()
    if not subject:
        raise ValidationError({"subject": "Escriba un asunto."})
    if not description:
        raise ValidationError({"description": "Describa lo que necesita."})
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {"description": f"Use como máximo {DESCRIPTION_MAX_LENGTH} caracteres."}
        )
    if not category.is_active:
        raise ValidationError({"category": "Elija una categoría vigente."})
    check_files(files)
    if not _allowed(
        "portal-filing",
        contact,
        settings.PORTAL_FILINGS_PER_HOUR,
        settings.PORTAL_FILINGS_PER_DAY,
    ):
        raise ValidationError(TOO_MANY_FILINGS, code="rate_limited")
    now = timezone.now()
    text = _filing_text(description=description, place=place, category=category)
    message_id = new_message_id()
    raw = _as_message(message_id=message_id, contact=contact, subject=subject, text=text, at=now)
    email = InboundEmail.objects.create(
        source=InboundEmail.Source.PORTAL,
        message_id=message_id,
        fingerprint=mail_files.fingerprint(raw),
        content_hash=mail.content_hash(raw),
        sender=contact.email,
        sender_name=contact.name,
        subject=subject[:500],
        sent_at=now,
        text_body=text,
        place=place[:200],
        raw=raw,
        matched_company=contact.company,
        matched_contact=contact,
        suggested_category=category,
    )
    _store_files(email, files)
    return email


def _store_files(email: InboundEmail, files: list[UploadedFile]) -> None:
    saved: list[EmailAttachment] = []
    try:
        for upload in files:
            row = EmailAttachment(
                email=email,
                filename=upload.filename[:255],
                content_type=upload.content_type[:120],
                size=len(upload.content),
                danger=attachment_safety.classify(
                    filename=upload.filename,
                    content_type=upload.content_type,
                    content=upload.content,
                ),
            )
            row.file.save(upload.filename, ContentFile(upload.content), save=False)
            saved.append(row)
            row.save()
    except BaseException:
        for row in saved:
            row.file.delete(save=False)
        raise


def _people_to_tell(request: ServiceRequest) -> list:
    if request.owner is not None and request.owner.is_active:
        return [request.owner]
    users = get_user_model().objects.filter(groups__name=ADMINISTRATIVA, is_active=True)
    return list(users.order_by("pk")[:20])


@transaction.atomic
def portal_request_comment(*, request: ServiceRequest, contact: Contact, text: str) -> RequestEvent:
    """A company's comment on its open request: public on the timeline; its owner (or, with
    nobody in charge, the Administrativas) is notified."""
    text = text.strip()
    if contact.company_id != request.company_id:
        raise ValidationError("Esta solicitud no es de su empresa.")
    if not request.is_open:
        raise ValidationError(CLOSED_REQUEST, code="closed")
    if not text:
        raise ValidationError({"text": "Escriba su comentario."})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError({"text": f"Use como máximo {COMMENT_MAX_LENGTH} caracteres."})
    if not _allowed(
        "portal-comment",
        contact,
        settings.PORTAL_COMMENTS_PER_HOUR,
        settings.PORTAL_COMMENTS_PER_DAY,
    ):
        raise ValidationError(TOO_MANY_COMMENTS, code="rate_limited")
    event = RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.COMPANY_COMMENT,
        public=True,
        contact=contact,
        created_at=timezone.now(),
        text=text,
    )
    url = reverse("requests_routing:request_detail", args=[request.pk])
    for person in _people_to_tell(request):
        notify(
            recipient=person,
            kind="portal_comment",
            key=f"portal-comment:{event.pk}:{person.pk}",
            title=f"{request.company} comentó la solicitud {request.reference}",
            body=text[:500],
            url=url,
            subject=request,
        )
    return event
