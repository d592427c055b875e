"""Mail joins a request by itself only when it provably belongs there: a reply to our own
message, or a known sender vouched for by the municipality's mail server. A subject quoting
SOL-… and a From: anybody can write only suggest the request to the clerk.

The messages arrive through the real IMAP server (Dovecot, started by conftest.py)."""

import importlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_routing.imap_poller import poll_mailbox
from requests_routing.models import InboundEmail, RequestEvent
from requests_routing.services import (
    may_remind_department,
    service_request_create,
    service_request_route,
)
from requests_routing.thread_trust import parse_authentication_results, sender_is_authenticated
from tests.requests_routing.conftest import eml

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

State = InboundEmail.TriageState
Kind = RequestEvent.Kind
TRUSTED_SERVER = "mx.municipio.cl"


@pytest.fixture
def routed(company, contact, pruning, administrativa, django_capture_on_commit_callbacks):
    """A request derived to Aseo y Ornato ten days ago and not answered since."""
    request = service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Ramas sobre el cable del acceso norte",
        channel="email",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(days=11),
    )
    with django_capture_on_commit_callbacks(execute=False):
        return service_request_route(
            request=request, actor=administrativa, at=timezone.now() - timedelta(days=10)
        )


def deliver(mailbox, name: str, request, *, replace: dict[bytes, bytes] | None = None):
    """Put one fixture message (about `request`) in the mailbox, poll it, return its row."""
    raw = eml(name).replace(b"SOL-2026-00001", request.reference.encode())
    for old, new in (replace or {}).items():
        raw = raw.replace(old, new)
    mailbox.append(raw)
    result = poll_mailbox()
    assert result.new == 1, result
    return InboundEmail.objects.get(pk=result.new_ids[0])


def derivation(request) -> RequestEvent:
    return request.events.get(kind=Kind.SENT_TO_DEPARTMENT)


# Forged: a department's address and a reference in the subject -----------------------------


def test_a_forged_department_answer_quoting_the_reference_waits_for_triage(
    mailbox, routed, client, administrativa
):
    assert may_remind_department(routed)

    email = deliver(mailbox, "forged_department_reply.eml", routed)

    assert (email.triage_state, email.service_request, email.suggested_request) == (
        State.NEW,
        None,
        routed,
    )
    assert not routed.events.filter(email=email).exists()
    assert not routed.events.filter(kind=Kind.DEPARTMENT_REPLY).exists()
    assert may_remind_department(routed), "the department's silence clock must not restart"
    client.force_login(administrativa)
    page = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()
    link = reverse("requests_routing:request_detail", args=[routed.pk])
    assert f'Parece referirse a <a href="{link}">{routed.reference}</a>' in page
    queue = client.get(reverse("requests_routing:inbox")).content.decode()
    assert f"Parece referirse a {routed.reference}" in queue


def test_the_clerk_adds_the_suggested_email_with_one_click_and_then_it_counts(
    mailbox, routed, client, administrativa
):
    email = deliver(mailbox, "forged_department_reply.eml", routed)
    client.force_login(administrativa)

    response = client.post(
        reverse("requests_routing:email_attach", args=[email.pk]),
        {"reference": routed.reference},
    )

    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.triage_state, email.service_request, email.joined_by) == (
        State.ATTACHED,
        routed,
        InboundEmail.JoinedBy.PERSON,
    )
    assert routed.events.get(email=email).kind == Kind.DEPARTMENT_REPLY
    assert not may_remind_department(routed)


# Trusted: a reply to our own message ---------------------------------------------------------


def test_a_reply_naming_our_derivation_joins_as_the_departments_answer(mailbox, routed):
    sent = derivation(routed)

    email = deliver(
        mailbox,
        "department_thread_reply.eml",
        routed,
        replace={b"<ID-DE-LA-DERIVACION>": sent.outbound_message_id.encode()},
    )

    assert (email.triage_state, email.service_request, email.joined_by) == (
        State.ATTACHED,
        routed,
        InboundEmail.JoinedBy.THREAD,
    )
    assert routed.events.get(email=email).kind == Kind.DEPARTMENT_REPLY
    assert not may_remind_department(routed)


def test_a_reply_naming_a_made_up_message_id_of_ours_does_not_join(mailbox, routed):
    sent = derivation(routed)
    guessed = re.sub(r"<[^@]+@", "<000000000000.1234.5678@", sent.outbound_message_id)

    email = deliver(
        mailbox,
        "department_thread_reply.eml",
        routed,
        replace={b"<ID-DE-LA-DERIVACION>": guessed.encode()},
    )

    assert (email.triage_state, email.suggested_request) == (State.NEW, routed)
    assert may_remind_department(routed)


def test_our_message_ids_are_random_and_say_nothing_about_time_or_process(routed, administrativa):
    ids = list(
        RequestEvent.objects.exclude(outbound_message_id="").values_list(
            "outbound_message_id", flat=True
        )
    )

    assert len(ids) == 2 and len(set(ids)) == 2
    for message_id in ids:
        local = re.fullmatch(r"<([^@>]+)@[^@>]+>", message_id).group(1)
        assert re.fullmatch(r"[A-Za-z0-9_-]{32,}", local), message_id


# Trusted: a known sender that the municipality's server vouches for ------------------------------


def test_a_contacts_reply_with_dkim_pass_from_the_trusted_server_joins(mailbox, routed, settings):
    settings.INBOX_TRUSTED_AUTHSERV_IDS = [TRUSTED_SERVER]

    email = deliver(mailbox, "contact_reply_dkim_trusted.eml", routed)

    assert (email.triage_state, email.service_request, email.joined_by) == (
        State.ATTACHED,
        routed,
        InboundEmail.JoinedBy.AUTHENTICATED,
    )
    assert routed.events.get(email=email).kind == Kind.EMAIL_RECEIVED
    assert may_remind_department(routed), "the company's mail is not the department's answer"


def test_the_same_reply_vouched_only_by_the_senders_own_server_waits_for_triage(
    mailbox, routed, settings
):
    settings.INBOX_TRUSTED_AUTHSERV_IDS = [TRUSTED_SERVER]

    email = deliver(mailbox, "contact_reply_dkim_untrusted.eml", routed)

    assert (email.triage_state, email.service_request, email.suggested_request) == (
        State.NEW,
        None,
        routed,
    )
    assert not routed.events.filter(email=email).exists()


def test_a_forged_pass_below_the_trusted_servers_own_failing_header_is_ignored(
    mailbox, routed, settings
):
    settings.INBOX_TRUSTED_AUTHSERV_IDS = [TRUSTED_SERVER]
    # The server's own verdict on top; the message's "pass" with the same id under it.
    ours = b"Authentication-Results: mx.municipio.cl; dkim=fail header.d=bodegas.cl; dmarc=fail\n"
    brought = b"Authentication-Results: mx.municipio.cl; spf"

    email = deliver(
        mailbox, "contact_reply_dkim_trusted.eml", routed, replace={brought: ours + brought}
    )

    assert (email.triage_state, email.suggested_request) == (State.NEW, routed)


def test_without_trusted_servers_configured_no_header_is_believed(mailbox, routed, settings):
    settings.INBOX_TRUSTED_AUTHSERV_IDS = []

    email = deliver(mailbox, "contact_reply_dkim_trusted.eml", routed)

    assert (email.triage_state, email.suggested_request) == (State.NEW, routed)


def test_a_vouched_sender_who_is_no_contact_of_the_company_waits_for_triage(
    mailbox, routed, settings
):
    settings.INBOX_TRUSTED_AUTHSERV_IDS = [TRUSTED_SERVER]
    routed.contact.email = "jefa.compras@bodegas.cl"
    routed.contact.save()

    email = deliver(mailbox, "contact_reply_dkim_trusted.eml", routed)

    assert (email.triage_state, email.suggested_request) == (State.NEW, routed)


# Reading Authentication-Results (RFC 8601) ----------------------------------------------------


def test_a_header_is_read_with_its_comments_quoted_values_and_versions():
    header = parse_authentication_results(
        '"mx.municipio.cl" 1; spf=pass (dominio (anidado; con punto y coma) ok) '
        'smtp.mailfrom=bodegas.cl; dkim/1=pass reason="firma; válida" header.d=bodegas.cl'
    )

    assert header.authserv_id == "mx.municipio.cl"
    assert [(item.method, item.result) for item in header.results] == [
        ("spf", "pass"),
        ("dkim", "pass"),
    ]
    assert header.results[1].properties == {"reason": "firma; válida", "header.d": "bodegas.cl"}
    assert parse_authentication_results("mx.municipio.cl; none").results == ()


@pytest.mark.parametrize(
    ("results", "vouched"),
    [
        ("dkim=pass header.d=bodegas.cl", True),
        ("dkim=pass header.i=@bodegas.cl", True),
        ("dmarc=pass header.from=bodegas.cl", True),
        ("spf=pass smtp.mailfrom=bodegas.cl", False),
        ("dkim=pass header.d=envios-masivos.example", False),
        ("dkim=pass header.d=cl", False),
        ("dkim=pass", False),
        ("dmarc=pass header.from=otra-empresa.cl", False),
        ("dkim=fail header.d=bodegas.cl; dkim=neutral header.d=bodegas.cl", False),
    ],
)
def test_only_a_dkim_or_dmarc_pass_for_the_senders_domain_vouches(settings, results, vouched):
    settings.INBOX_TRUSTED_AUTHSERV_IDS = [TRUSTED_SERVER]
    raw = (
        f"Authentication-Results: {TRUSTED_SERVER}; {results}\n"
        "From: Ana Pérez <ana@bodegas.cl>\nSubject: Hola\n\nTexto\n"
    ).encode()

    assert sender_is_authenticated(raw, "ana@bodegas.cl") is vouched


def test_a_header_of_an_untrusted_server_above_the_trusted_one_is_skipped(settings):
    settings.INBOX_TRUSTED_AUTHSERV_IDS = [TRUSTED_SERVER]
    raw = (
        b"Authentication-Results: relay.example; dkim=fail header.d=bodegas.cl\n"
        b"Authentication-Results: MX.Municipio.cl; dmarc=pass header.from=bodegas.cl\n"
        b"From: ana@bodegas.cl\n\nTexto\n"
    )

    assert sender_is_authenticated(raw, "ana@bodegas.cl") is True


def test_a_gestora_cannot_add_a_suggested_email(mailbox, routed, client, gestora):
    email = deliver(mailbox, "forged_department_reply.eml", routed)
    client.force_login(gestora)

    response = client.post(
        reverse("requests_routing:email_attach", args=[email.pk]),
        {"reference": routed.reference},
    )

    assert response.status_code == 403
    email.refresh_from_db()
    assert (email.triage_state, email.service_request) == (State.NEW, None)


# Mail stored before these rules ----------------------------------------------------------------


def test_mail_joined_before_these_rules_is_sorted_by_how_it_joined(routed, administrativa):
    from django.apps import apps
    from django.core.files.base import ContentFile

    from requests_routing.models import EmailAttachment

    upgrade = importlib.import_module("requests_routing.migrations.0007_email_trust")
    sent = derivation(routed)

    def joined(message_id, **fields):
        return InboundEmail.objects.create(
            message_id=message_id,
            content_hash=message_id,
            raw=b"x",
            sender="aseo@example.cl",
            service_request=routed,
            triage_state=State.ATTACHED,
            **fields,
        )

    by_subject = joined("<asunto@externo.example>", subject=f"RE: [{routed.reference}]")
    by_thread = joined("<hilo@example.cl>", in_reply_to=sent.outbound_message_id)
    by_person = joined("<persona@example.cl>", triaged_by=administrativa)
    program = EmailAttachment.objects.create(
        email=by_person,
        filename="acta.pdf",
        content_type="application/pdf",
        size=4,
        file=ContentFile(b"MZ\x90\x00", name="acta.pdf"),
    )

    upgrade.how_emails_joined(apps, None)
    upgrade.classify_attachments(apps, None)

    how = dict(InboundEmail.objects.values_list("pk", "joined_by"))
    assert (how[by_subject.pk], how[by_thread.pk], how[by_person.pk]) == (
        InboundEmail.JoinedBy.UNVERIFIED,
        InboundEmail.JoinedBy.THREAD,
        InboundEmail.JoinedBy.PERSON,
    )
    program.refresh_from_db()
    assert program.danger == "programa de Windows, por su contenido"
