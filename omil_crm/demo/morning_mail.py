"""The demo's morning mail: this morning's messages to triage, put in the inbox through the same
ingestion the mailbox poller and `import_eml` use, so they arrive as real mail does: senders
matched to companies, categories suggested, replies pointing at their request. Each keeps a
fixed Message-ID, so seeding again adds none."""

from datetime import datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from django.conf import settings
from django.utils import timezone

from companies.models import Company, IndustrialPark
from omil_crm.demo import data
from requests_routing.inbox import ingest_email
from requests_routing.models import Department, InboundEmail, ServiceRequest


def morning_mail_times(now: datetime, minutes_before: list[int]) -> list[datetime]:
    """When each message of the demo inbox arrived: this morning, the newest shortly before
    10:50 (or, seeded earlier in the day, a few minutes before now), so none is in the future."""
    ten_fifty = timezone.make_aware(datetime.combine(timezone.localdate(now), time(10, 50)))
    latest = min(now - timedelta(minutes=5), ten_fifty)
    return [latest - timedelta(minutes=minutes) for minutes in minutes_before]


def load_morning_mail(*, park: IndustrialPark, companies: list[Company]) -> None:
    now = timezone.now()
    times = morning_mail_times(now, [mail["minutes"] for mail in data.INBOX_MAIL])
    for mail, sent_at in zip(data.INBOX_MAIL, times, strict=True):
        sender_name, sender, fields = _sender(mail["sender"], park, companies)
        if not sender:
            continue
        message_id = f"<demo-{mail['key']}@{sender.rsplit('@', 1)[1]}>"
        if InboundEmail.objects.filter(message_id=message_id).exists():
            # Seeded before, at another hour: its Date differs, so ingestion would take it
            # for a new message with a reused Message-ID.
            continue
        message = EmailMessage()
        message["From"] = formataddr((sender_name, sender))
        message["To"] = settings.INBOX_ADDRESS or "omil@demo-concon.cl"
        message["Subject"] = mail["subject"].format(**fields)
        message["Date"] = format_datetime(timezone.localtime(sent_at))
        message["Message-ID"] = message_id
        for header, value in mail.get("headers", {}).items():
            message[header] = value
        message.set_content(mail["body"].format(**fields))
        email, created = ingest_email(raw=message.as_bytes())
        if created:
            # Demo history: it reached the mailbox when it was sent, not when seeded.
            InboundEmail.objects.filter(pk=email.pk).update(
                received_at=min(sent_at + timedelta(minutes=1), now)
            )


def _sender(who: tuple, park, companies) -> tuple[str, str, dict[str, str]]:
    """(name, address, the words the subject and body may name) of a demo message."""
    kind, which = who
    if kind == "outside":
        name, address = which
        return name, address, {}
    if kind == "department":
        department = Department.objects.get(name=which)
        request = _open_request(department=department)
        if request is None:
            return "", "", {}
        return department.head, department.email, _request_words(request, department.head)
    if kind == "request_reply":
        request = _open_request(department__name=which, contact__email__gt="")
        if request is None:
            return "", "", {}
        contact = request.contact
        return contact.name, contact.email, _request_words(request, contact.name)
    if kind == "representative":
        contact = park.representative
    else:
        contact = companies[which].contacts.order_by("pk").first()
    words = {
        "name": contact.name,
        "position": contact.position,
        "company": contact.company.trade_name or contact.company.legal_name,
    }
    return contact.name, contact.email, words


def _open_request(**filters) -> ServiceRequest | None:
    # The most recent request still waiting on a department: the one people write about.
    return (
        ServiceRequest.objects.filter(
            status__in=[ServiceRequest.Status.ROUTED, ServiceRequest.Status.IN_PROGRESS],
            **filters,
        )
        .select_related("company", "contact", "category")
        .order_by("-received_at", "-pk")
        .first()
    )


def _request_words(request: ServiceRequest, name: str) -> dict[str, str]:
    return {
        "reference": request.reference,
        "subject": request.subject,
        "category": str(request.category),
        "company": str(request.company),
        "name": name,
    }
