"""Vacancies and SENCE programme offers on the company timeline, with links to their pages."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast

from companies.timeline import TimelineSource, choice_label, columns, register, register_link, text
from omil_crm.base.paths import path_for
from vacancies.models import ProgrammeOffer, Vacancy


def vacancy_entries(company):
    return columns(
        Vacancy.objects.filter(company=company),
        kind="vacancy",
        at="opened_on",
        title=text(Value("Vacante: "), "title"),
        detail=text(
            choice_label("status", Vacancy.Status.choices),
            Value(" · cupos: "),
            Cast("positions", CharField()),
        ),
    )


def offer_entries(company):
    return columns(
        ProgrammeOffer.objects.filter(company=company),
        kind="programme_offer",
        at="offered_on",
        title=text(Value("Programa SENCE: "), "programme__name"),
        detail=text(choice_label("status", ProgrammeOffer.Status.choices), Value(" · "), "notes"),
    )


def vacancy_url(pk: int) -> str:
    return path_for("vacancies:vacancy_detail", pk)


def offer_url(pk: int) -> str:
    return path_for("vacancies:offer_detail", pk)


def register_sources():
    register(
        TimelineSource(
            "vacancy", "Vacante", "briefcase", vacancy_entries, vacancy_url, date_only=True
        )
    )
    register(
        TimelineSource(
            "programme_offer",
            "Programa SENCE",
            "mortarboard",
            offer_entries,
            offer_url,
            date_only=True,
        )
    )
    register_link("vacancies.vacancy", vacancy_url)
    register_link("vacancies.programmeoffer", offer_url)
