"""Sections that upper apps add to a meeting's page and to its emailed agenda, without this
app importing them.

An app registers a section in its AppConfig.ready(): a function that, given the meeting,
returns the context of its templates (or None where the section does not apply), a template
for the meeting page and the two parts (text and HTML) for the reminder email that carries
the agenda. The context is built once per meeting, whoever the email goes to; the email
templates receive `staff` (True for a colleague, False for a company contact) to leave out
what only staff may open.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class MeetingSection:
    key: str
    context: Callable[[object], dict | None]
    page_template: str
    email_text_template: str
    email_html_template: str


@dataclass(frozen=True)
class BuiltSection:
    section: MeetingSection
    context: dict

    @property
    def page_template(self) -> str:
        return self.section.page_template

    @property
    def email_text_template(self) -> str:
        return self.section.email_text_template

    @property
    def email_html_template(self) -> str:
        return self.section.email_html_template


_sections: dict[str, MeetingSection] = {}


def register(section: MeetingSection) -> None:
    _sections[section.key] = section


def meeting_sections(meeting) -> list[BuiltSection]:
    """The registered sections that apply to `meeting`, with their context."""
    built = []
    for section in _sections.values():
        context = section.context(meeting)
        if context is not None:
            built.append(BuiltSection(section, context))
    return built
