"""The hook through which upper apps add sections to the company page."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from companies import page_sections


@pytest.fixture
def scratch_sections(monkeypatch):
    """The registry emptied for the test, and restored afterwards."""
    monkeypatch.setattr(page_sections, "_sections", {})
    return page_sections


def test_a_registered_section_gets_the_request_and_the_company(scratch_sections, company):
    seen = []

    def context(request, company):
        seen.append((request.GET.get("periodo"), company))
        return {"answer": 42}

    scratch_sections.register(scratch_sections.CompanySection("prueba", "plantilla.html", context))

    request = RequestFactory().get("/", {"periodo": "anio"})
    rendered = scratch_sections.company_sections(request, company)

    assert seen == [("anio", company)]
    assert [(part.key, part.template, part.context) for part in rendered] == [
        ("prueba", "plantilla.html", {"answer": 42})
    ]


def test_a_section_that_answers_none_is_left_out(scratch_sections, company):
    scratch_sections.register(
        scratch_sections.CompanySection("nada", "plantilla.html", lambda request, company: None)
    )

    assert scratch_sections.company_sections(RequestFactory().get("/"), company) == []


def test_registering_a_key_again_replaces_the_section(scratch_sections, company):
    for answer in (1, 2):
        scratch_sections.register(
            scratch_sections.CompanySection(
                "prueba", "plantilla.html", lambda request, company, answer=answer: {"n": answer}
            )
        )

    rendered = scratch_sections.company_sections(RequestFactory().get("/"), company)

    assert [part.context for part in rendered] == [{"n": 2}]


@pytest.mark.django_db
def test_the_company_page_shows_the_balance_section(client, gestora, company):
    client.force_login(gestora)

    html = client.get(reverse("companies:detail", args=[company.pk])).content.decode()

    assert "Balance de colaboración" in html
