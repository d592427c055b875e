"""A company files a new request on the portal: it waits in the Administrativa's inbox like a
mail, with its company, contact and chosen category, its files checked as mail's are."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from requests_routing.models import EmailAttachment, InboundEmail, RequestCategory
from requests_routing.portal_intake import TOO_MANY_FILINGS

pytestmark = pytest.mark.django_db

# The smallest valid PNG: a photo of the fallen branch as far as the checks care.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201e0e2a0a40000000049454e44ae426082"
)


def fields(category, **more):
    data = {
        "category": category.pk,
        "subject": "Rama caída en el acceso de camiones",
        "description": "Una rama grande bloquea el acceso desde anoche.",
        "place": "Calle Los Aromos 1450",
    }
    data.update(more)
    return data


def file_request(client, category, **more):
    return client.post(reverse("portal:request_new"), fields(category, **more))


def test_the_form_offers_only_active_categories(portal_client, contact, pruning):
    RequestCategory.objects.create(
        name="Categoría antigua", department=pruning.department, is_active=False
    )

    page = portal_client(contact).get(reverse("portal:request_new")).content.decode()

    assert "Poda de árboles" in page
    assert "Categoría antigua" not in page


def test_a_filing_waits_in_the_inbox_with_company_contact_and_category(
    portal_client, contact, pruning, media
):
    response = file_request(
        portal_client(contact),
        pruning,
        files=[SimpleUploadedFile("rama.png", PNG, content_type="image/png")],
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:requests")
    filing = InboundEmail.objects.get()
    assert filing.source == InboundEmail.Source.PORTAL
    assert filing.triage_state == InboundEmail.TriageState.NEW
    assert (filing.matched_company, filing.matched_contact) == (contact.company, contact)
    assert filing.suggested_category == pruning
    assert filing.subject == "Rama caída en el acceso de camiones"
    assert filing.place == "Calle Los Aromos 1450"
    assert "bloquea el acceso" in filing.text_body
    attachment = filing.attachments.get()
    assert (attachment.filename, attachment.size, attachment.danger) == ("rama.png", len(PNG), "")


def test_the_list_shows_the_filing_while_it_waits(portal_client, contact, pruning):
    client = portal_client(contact)
    file_request(client, pruning)

    page = client.get(reverse("portal:requests")).content.decode()

    assert "en revisión por la OMIL" in page
    assert "Rama caída en el acceso de camiones" in page


def test_a_dangerous_file_is_kept_but_held(portal_client, contact, pruning, media):
    response = file_request(
        portal_client(contact),
        pruning,
        files=[
            SimpleUploadedFile("factura.pdf", b"MZ\x90\x00programa", content_type="application/pdf")
        ],
    )

    assert response.status_code == 302
    attachment = EmailAttachment.objects.get()
    assert "programa de Windows" in attachment.danger


@override_settings(INBOX_MAX_ATTACHMENT_BYTES=1000)
def test_a_file_over_the_mail_limit_is_refused_and_nothing_is_saved(
    portal_client, contact, pruning, media
):
    response = file_request(
        portal_client(contact),
        pruning,
        files=[SimpleUploadedFile("plano.pdf", b"%PDF" + b"0" * 2000)],
    )

    assert response.status_code == 400
    assert "pesa más de" in response.content.decode()
    assert not InboundEmail.objects.exists()


@override_settings(PORTAL_MAX_FILES=2)
def test_too_many_files_are_refused(portal_client, contact, pruning, media):
    files = [SimpleUploadedFile(f"foto{n}.png", PNG) for n in range(3)]

    response = file_request(portal_client(contact), pruning, files=files)

    assert "como máximo 2 archivos" in response.content.decode()
    assert not InboundEmail.objects.exists()


def test_a_missing_description_is_refused_in_spanish(portal_client, contact, pruning):
    response = file_request(portal_client(contact), pruning, description="   ")

    assert response.status_code == 400
    assert "Este campo es obligatorio" in response.content.decode()
    assert not InboundEmail.objects.exists()


def test_an_inactive_category_is_refused(portal_client, contact, pruning):
    pruning.is_active = False
    pruning.save()

    response = file_request(portal_client(contact), pruning)

    assert response.status_code == 400
    assert not InboundEmail.objects.exists()


@override_settings(PORTAL_FILINGS_PER_HOUR=2)
def test_filing_is_rate_limited_per_contact(portal_client, contact, other_contact, pruning):
    client = portal_client(contact)
    for _ in range(2):
        assert file_request(client, pruning).status_code == 302

    refused = file_request(client, pruning)

    assert refused.status_code == 400
    assert TOO_MANY_FILINGS in refused.content.decode()
    assert InboundEmail.objects.count() == 2
    # Another contact keeps their own allowance.
    assert file_request(portal_client(other_contact), pruning).status_code == 302


def test_without_a_session_nothing_is_filed(client, pruning):
    response = client.post(reverse("portal:request_new"), fields(pruning))

    assert response["Location"] == reverse("portal:enter")
    assert not InboundEmail.objects.exists()
