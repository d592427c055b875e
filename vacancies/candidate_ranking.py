"""Candidates for a vacancy, ranked by how well they fit it, each with the reasons in words.

The fit weighs what the Psicóloga weighs when she reads a person's page next to the vacancy:
the skills and experience that answer the vacancy's title and requirements, living in the
company's comuna (or at least its region: there is no vehicle and buses are few), an
availability that suits the shift, and a job-readiness workshop attended. The ranking suggests;
she decides.

The work is bounded: the database picks a pool of at most `POOL` people (on PostgreSQL by a
Spanish full-text search over skills and experience, served by a GIN index; elsewhere by
"contains" searches), plus the people of the company's comuna; only the pool is scored here.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from omil_crm.base.comunas import COMUNAS, comuna_name
from vacancies.models import JobSeeker, Vacancy, Workshop

POOL = 200
MOST_TERMS = 10

# Words of a vacancy that say nothing about the trade.
_STOPWORDS = frozenset((
    "para", "con", "del", "los", "las", "una", "unos", "unas", "por", "que", "sin", "sus",
    "este", "esta", "como", "mas", "entre", "desde", "hasta", "sobre", "bajo", "cada", "todo",
    "toda", "todos", "todas", "otro", "otra", "anos", "meses", "experiencia", "deseable",
    "excluyente", "requisito", "requisitos", "manejo", "conocimiento", "conocimientos",
    "nivel", "trabajo", "trabajar", "buena", "buen", "disponibilidad", "persona", "personas",
    "cargo", "empresa", "zona", "area", "minimo", "minima", "medio", "media", "cuarto",
    "ensenanza", "vigente", "contar", "tener", "horario", "jornada", "uno", "son", "ser",
    "muy", "hay", "dia", "dias", "les", "nos", "sea", "tal", "fin", "vez", "ante", "tipo",
))  # fmt: skip

# What the shift asks and what each availability answers, as folded words.
_NIGHT_OR_AFTERNOON = ("noche", "nocturn", "tarde", "rotativ", "4x4", "7x7")
_SHIFT_WORDS = ("turno", "rotativ", "4x4", "7x7", "5x2")


def fold(text: str) -> str:
    """Lower case without accents, for comparing what people write."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def vacancy_terms(vacancy: Vacancy) -> list[str]:
    """The vacancy's trade words, cut to a common stem ("soldadura", "soldador" → "solda"),
    most telling first: the title before the requirements."""
    terms: list[str] = []
    for word in re.findall(r"[^\W\d_]+", f"{vacancy.title} {vacancy.requirements}"):
        folded = fold(word)
        if len(folded) < 3 or folded in _STOPWORDS:
            continue
        stem = folded[:5]
        if stem not in terms:
            terms.append(stem)
    return terms[:MOST_TERMS]


@dataclass
class RankedCandidate:
    person: JobSeeker
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def fit_label(self) -> str:
        if self.score >= 45:
            return "Afinidad alta"
        if self.score >= 20:
            return "Afinidad media"
        return "Afinidad baja"


def rank_candidates(
    vacancy: Vacancy, people: QuerySet, *, limit: int = 20
) -> list[RankedCandidate]:
    """The `limit` people of `people` who fit `vacancy` best, best first, with their reasons."""
    terms = vacancy_terms(vacancy)
    company_comuna = vacancy.company.comuna or (
        vacancy.company.park.comuna if vacancy.company.park_id else ""
    )
    attended = Exists(Workshop.attendees.through.objects.filter(jobseeker=OuterRef("pk")))
    people = people.annotate(attended_workshop=attended)
    pool = {person.pk: person for person in _text_pool(people, terms)}
    if company_comuna:
        for person in people.filter(comuna=company_comuna).order_by("last_name", "first_name")[
            : POOL // 4
        ]:
            pool.setdefault(person.pk, person)
    if len(pool) < limit:
        for person in people.order_by("last_name", "first_name")[: limit * 2]:
            pool.setdefault(person.pk, person)
    ranked = [_score(person, vacancy, terms, company_comuna) for person in pool.values()]
    ranked.sort(key=lambda c: (-c.score, c.person.last_name, c.person.first_name, c.person.pk))
    return ranked[:limit]


def _text_pool(people: QuerySet, terms: list[str]) -> list[JobSeeker]:
    if not terms:
        return []
    if connection.vendor == "postgresql":
        document = SearchVector("skills", weight="A", config="spanish") + SearchVector(
            "experience", weight="B", config="spanish"
        )
        query = SearchQuery(
            " | ".join(f"{term}:*" for term in terms), search_type="raw", config="spanish"
        )
        return list(
            people.annotate(document=document, text_rank=SearchRank(document, query))
            .filter(document=query)
            .order_by("-text_rank", "pk")[:POOL]
        )
    matches = Q()
    for term in terms:
        matches |= Q(skills__icontains=term) | Q(experience__icontains=term)
    return list(people.filter(matches).order_by("last_name", "first_name")[:POOL])


def _score(person: JobSeeker, vacancy: Vacancy, terms: list[str], company_comuna: str):
    candidate = RankedCandidate(person)
    in_skills = _terms_in(person.skills, terms)
    in_experience = [t for t in _terms_in(person.experience, terms) if t not in in_skills]
    if in_skills:
        candidate.score += min(48, 16 * len(in_skills))
        candidate.reasons.append(
            f"Habilidades que pide la vacante: {_words_of(person.skills, in_skills)}"
        )
    if in_experience:
        candidate.score += min(24, 8 * len(in_experience))
        candidate.reasons.append(
            f"Experiencia relacionada: {_words_of(person.experience, in_experience)}"
        )
    _score_place(candidate, company_comuna)
    _score_availability(candidate, vacancy)
    if getattr(person, "attended_workshop", False):
        candidate.score += 5
        candidate.reasons.append("Asistió a un taller de apresto laboral")
    return candidate


def _score_place(candidate: RankedCandidate, company_comuna: str) -> None:
    home = candidate.person.comuna
    if not home or not company_comuna:
        return
    if home == company_comuna:
        candidate.score += 15
        candidate.reasons.append(f"Vive en {comuna_name(home)}, la comuna de la empresa")
    elif COMUNAS[home].region_code == COMUNAS[company_comuna].region_code:
        candidate.score += 6
        candidate.reasons.append(f"Vive en {comuna_name(home)}, en la misma región que la empresa")


def _score_availability(candidate: RankedCandidate, vacancy: Vacancy) -> None:
    availability, shift = fold(candidate.person.availability), fold(vacancy.shift)
    if not availability:
        return
    if "inmediat" in availability:
        candidate.score += 5
        candidate.reasons.append("Disponibilidad inmediata")
    if any(word in shift for word in _SHIFT_WORDS) and "turno" in availability:
        candidate.score += 8
        candidate.reasons.append(f"Acepta turnos (la vacante: {vacancy.shift})")
    if "manana" in availability and any(word in shift for word in _NIGHT_OR_AFTERNOON):
        candidate.score -= 10
        candidate.warnings.append(
            f"Disponibilidad «{candidate.person.availability}» y la vacante pide «{vacancy.shift}»"
        )


def _terms_in(text: str, terms: list[str]) -> list[str]:
    """The terms some word of `text` begins with, as the full-text search's prefixes match."""
    words = {fold(word) for word in re.findall(r"[^\W\d_]+", text)}
    return [term for term in terms if any(word.startswith(term) for word in words)]


def _words_of(text: str, terms: list[str]) -> str:
    """The words of `text` (as the person wrote them) that begin with one of `terms`."""
    found = []
    for word in re.findall(r"[^\W\d_]+", text):
        if any(fold(word).startswith(term) for term in terms) and word.lower() not in found:
            found.append(word.lower())
    return ", ".join(found[:5]) or ", ".join(terms)
