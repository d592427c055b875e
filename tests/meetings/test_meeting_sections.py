"""The hook through which upper apps add sections to a meeting's page and emailed agenda."""

import pytest
from django.urls import reverse

from meetings import sections
from tests.meetings.conftest import make_meeting


@pytest.fixture
def scratch_sections(monkeypatch):
    monkeypatch.setattr(sections, "_sections", {})
    return sections


def section(key, context):
    return sections.MeetingSection(
        key,
        context,
        page_template="pagina.html",
        email_text_template="correo.txt",
        email_html_template="correo.html",
    )


@pytest.mark.django_db
def test_a_registered_section_is_built_for_the_meeting(scratch_sections, park):
    meeting = make_meeting(park)
    scratch_sections.register(section("prueba", lambda meeting: {"titulo": meeting.title}))

    built = scratch_sections.meeting_sections(meeting)

    assert [(part.page_template, part.email_text_template, part.context) for part in built] == [
        ("pagina.html", "correo.txt", {"titulo": "Desayuno con el alcalde"})
    ]


@pytest.mark.django_db
def test_a_section_that_answers_none_is_left_out(scratch_sections, park):
    scratch_sections.register(section("nada", lambda meeting: None))

    assert scratch_sections.meeting_sections(make_meeting(park)) == []


@pytest.mark.django_db
def test_the_meeting_page_renders_the_registered_sections(client, gestora, meeting):
    client.force_login(gestora)

    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    assert "Balance del parque" in html
