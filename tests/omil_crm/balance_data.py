"""Two parks whose give-and-get balance for October 2026 was worked out by hand.

«Today» is 20 November 2026, 12:00 in Santiago. Gulmué has Maestranza Los Aromos, Frutícola
El Boldo and Envases del Pacífico (nothing in October); Quintero has Transportes Ritoque.
Every figure the tests expect is derived in the comments next to the rows.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from html import unescape
from zoneinfo import ZoneInfo

from companies.models import Company, IndustrialPark
from requests_routing.models import Department, RequestCategory, ServiceRequest
from tests.conftest import make_persona
from vacancies.models import JobSeeker, Placement, Referral, Vacancy

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=SANTIAGO)
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
OCTOBER_QUERY = {"periodo": "rango", "desde": "2026-10-01", "hasta": "2026-10-31"}


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SANTIAGO)


@dataclass
class Parks:
    gulmue: IndustrialPark
    quintero: IndustrialPark
    aromos: Company
    boldo: Company
    envases: Company
    ritoque: Company


def build_parks() -> Parks:
    gestora = make_persona("gestora")
    psicologa = make_persona("psicologa")
    administrativa = make_persona("administrativa")
    gulmue = IndustrialPark.objects.create(
        name="Parque Industrial Gulmué", comuna="05103", gestora=gestora, meeting_time=time(9)
    )
    quintero = IndustrialPark.objects.create(
        name="Parque Empresarial Quintero", comuna="05107", meeting_time=time(9)
    )
    aromos = Company.objects.create(
        rut="76086428-5", legal_name="Maestranza Los Aromos SpA", park=gulmue, owner=gestora
    )
    boldo = Company.objects.create(
        rut="96790240-3", legal_name="Frutícola El Boldo Ltda.", park=gulmue, owner=gestora
    )
    envases = Company.objects.create(
        rut="61704000-K", legal_name="Envases del Pacífico S.A.", park=gulmue, owner=gestora
    )
    ritoque = Company.objects.create(
        rut="97030000-7", legal_name="Transportes Ritoque SpA", park=quintero, owner=gestora
    )

    obras = Department.objects.create(name="Dirección de Obras", email="obras@example.cl")
    poda = RequestCategory.objects.create(name="Poda de árboles", department=obras)
    counter = iter(range(1, 100))

    def request(company, received, resolved=None):
        status = ServiceRequest.Status.RESOLVED if resolved else ServiceRequest.Status.ROUTED
        ServiceRequest.objects.create(
            reference=f"SOL-2026-{next(counter):05d}",
            company=company,
            category=poda,
            department=obras,
            subject="Poda en el acceso",
            status=status,
            received_at=received,
            resolved_at=resolved,
            due_date=date(2026, 12, 1),
            created_by=administrativa,
        )

    # Los Aromos, October: received 1 Oct, 5 Oct and 30 Oct (3); resolved 3 Oct (2 days),
    # 11 Oct (6 days) and 10 Oct (20 days, received in September) (3): median 6.0 days.
    request(aromos, at(10, 1), at(10, 3))
    request(aromos, at(10, 5), at(10, 11))
    request(aromos, at(9, 20), at(10, 10))
    request(aromos, at(10, 30))
    request(aromos, at(9, 1), at(9, 5))  # all in September
    request(aromos, at(11, 1, 0, 30))  # 1 November just after midnight: not October
    # El Boldo: received 2 Oct (resolved 7 Oct, 5 days) and 31 Oct at 23:30 (resolved in
    # November): 2 received, 1 resolved, median 5.0.
    request(boldo, at(10, 2), at(10, 7))
    request(boldo, at(10, 31, 23, 30), at(11, 2))
    # Ritoque (Quintero): received 10 Oct, resolved 11 Oct: median 1.0.
    request(ritoque, at(10, 10), at(10, 11))
    # Gulmué: received 5, resolved 4 (2, 5, 6 and 20 days): median 5.5.

    def vacancy(company, opened, positions):
        return Vacancy.objects.create(
            company=company,
            title="Operario de bodega",
            positions=positions,
            opened_on=opened,
            captured_by=gestora,
        )

    # Los Aromos: 1 vacancy in October with 3 positions (the September one does not count).
    soldador = vacancy(aromos, date(2026, 10, 4), 3)
    septiembre = vacancy(aromos, date(2026, 9, 28), 2)
    # El Boldo: 2 vacancies, 5 positions. Gulmué: 3 vacancies, 8 positions.
    temporero = vacancy(boldo, date(2026, 10, 15), 1)
    vacancy(boldo, date(2026, 10, 31), 4)
    # Ritoque: 1 vacancy, 2 positions.
    conductor = vacancy(ritoque, date(2026, 10, 8), 2)

    people = iter(
        JobSeeker.objects.create(rut=rut, first_name=name, last_name="Tapia")
        for rut, name in (
            ("12345678-5", "Luis"),
            ("11111111-1", "Rosa"),
            ("22222222-2", "Marta"),
            ("33333333-3", "Pedro"),
            ("44444444-4", "Ana"),
            ("55555555-5", "Jorge"),
        )
    )

    def refer(target, when, stage=Referral.Stage.REFERRED):
        return Referral.objects.create(
            job_seeker=next(people),
            vacancy=target,
            referred_by=psicologa,
            referred_at=when,
            stage=stage,
            stage_changed_at=when,
        )

    def place(referral, start):
        Placement.objects.create(
            referral=referral, start_date=start, contract_type="fixed_term", recorded_by=psicologa
        )

    # Los Aromos: referred 5 Oct, 6 Oct (hired, starts 20 Oct) and 1 Oct to the September
    # vacancy (hired, starts 3 November): 3 referrals, 1 placement. The 1 November one is out.
    refer(soldador, at(10, 5))
    place(refer(soldador, at(10, 6), Referral.Stage.HIRED), date(2026, 10, 20))
    refer(soldador, at(11, 1, 10))
    place(refer(septiembre, at(10, 1), Referral.Stage.HIRED), date(2026, 11, 3))
    # El Boldo: 1 referral. Gulmué: 4 referrals, 1 placement.
    refer(temporero, at(10, 16))
    # Ritoque: 1 referral, hired, starting 12 October: 1 placement.
    place(refer(conductor, at(10, 9), Referral.Stage.HIRED), date(2026, 10, 12))
    return Parks(gulmue, quintero, aromos, boldo, envases, ritoque)


# Reading a balance off a page.


def balance_section(html: str) -> str:
    start = html.index('data-testid="balance"')
    return html[start : html.index("</section>", start)]


def figure(section: str, name: str) -> str:
    match = re.search(rf'data-testid="balance-{name}">(.*?)</dd>', section, re.DOTALL)
    return re.sub(r"<[^>]+>", "", match[1]).strip()


def figure_link(section: str, name: str) -> str | None:
    match = re.search(rf'data-testid="balance-{name}"><a href="([^"]+)"', section)
    return unescape(match[1]) if match else None
