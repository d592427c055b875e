"""Sections that upper apps add to the company page, without this base app importing them.

An app registers a section in its AppConfig.ready(): a template and a function that, given
the request and the company, returns the template's context (or None to leave the section
out). The page renders them in the order they were registered, under the company's header.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class CompanySection:
    key: str
    template: str
    context: Callable[[HttpRequest, object], dict | None]


@dataclass(frozen=True)
class RenderedSection:
    key: str
    template: str
    context: dict


_sections: dict[str, CompanySection] = {}


def register(section: CompanySection) -> None:
    _sections[section.key] = section


def company_sections(request: HttpRequest, company) -> list[RenderedSection]:
    """The registered sections that apply to `company`, with their context."""
    rendered = []
    for section in _sections.values():
        context = section.context(request, company)
        if context is not None:
            rendered.append(RenderedSection(section.key, section.template, context))
    return rendered
