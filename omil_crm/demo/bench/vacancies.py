"""The vacancies app's share of the benchmark: job seekers, workshops, vacancies, referrals
(with their stage changes and placements), evaluations and programme offers.

A few job seekers have been erased and some never gave consent; only the consenting ones
attend workshops or are referred. A filled vacancy has hired up to as many candidates as it
had positions, and every hired referral has its placement. Nothing is referred, nor moves on,
after the moment of seeding: a vacancy filled in the last days may have no hire yet.
"""

from datetime import date, timedelta

from django.utils import timezone

from omil_crm.accounts import roles
from omil_crm.demo import data as demo_data
from omil_crm.demo.bench import vocabulary as words
from omil_crm.demo.bench.base import SeederBase, ascii_slug, rut_with_check_digit
from vacancies.consent_models import Consent
from vacancies.models import (
    Evaluation,
    JobSeeker,
    Placement,
    ProgrammeOffer,
    Referral,
    ReferralStageChange,
    Vacancy,
    Workshop,
)


class VacanciesMixin(SeederBase):
    """Needs the programmes, staff, companies and visits (a vacancy may come from one)."""

    def job_seekers(self):
        rng = self.rng
        count = self.size("job_seekers")
        first_id = self.writer.next_id(JobSeeker)
        numbers = rng.sample(range(8_000_000, 26_000_000), count)
        education = [level for level, weight in words.EDUCATION_WEIGHTS for _ in range(weight)]
        psychologists = self.staff.by_role[roles.PSICOLOGA]
        rows, consents = [], []
        self.consenting: list[int] = []
        for offset in range(count):
            person_id = first_id + offset
            created = self.at_work(self.past_day())
            erased = rng.random() < 0.003
            recorder = rng.choice(psychologists)
            if erased:
                rows.append(
                    (person_id, None, "Persona", "eliminada", "", "", "", "", None, "", "", "",
                     "", None, "", None, created + timedelta(days=rng.randint(30, 300)), recorder,
                     created)
                )  # fmt: skip
                continue
            first, last = self.person_name()
            consent = rng.random() < 0.92
            if consent:
                self.consenting.append(person_id)
                consents.append((person_id, "intermediation", created, recorder, "in_person"))
            skills = ", ".join(rng.sample(demo_data.SKILLS, rng.randint(1, 3)))
            birth = date(rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28))
            rows.append(
                (person_id, rut_with_check_digit(numbers[offset]), first, last,
                 f"{ascii_slug(first)}.{ascii_slug(last.split()[0])}{person_id}@"
                 f"{rng.choice(words.EMAIL_DOMAINS)}",
                 self.phone(), rng.choice(words.COMUNA_CODES),
                 f"{rng.choice(words.STREETS)} {rng.randint(10, 9999)}", birth,
                 rng.choice(education), "Experiencia en " + skills, skills,
                 rng.choice(("Inmediata", "Turnos", "Solo mañanas", "Lunes a viernes")),
                 created if consent else None,
                 "Intermediación laboral de la OMIL" if consent else "",
                 recorder if consent else None, None, recorder, created)
            )  # fmt: skip
        self.writer.copy(
            JobSeeker,
            ["id", "rut", "first_name", "last_name", "email", "phone", "comuna", "address",
             "birth_date", "education", "experience", "skills", "availability",
             "consent_given_at", "consent_purpose", "consent_recorded_by", "erased_at",
             "registered_by", "created_at"],
            rows,
            label="personas buscadoras de empleo",
        )  # fmt: skip
        # The record behind each person's consent (JobSeeker's columns mirror it).
        self.writer.copy(
            Consent,
            ["job_seeker", "purpose", "given_at", "recorded_by", "method"],
            consents,
            label="consentimientos",
        )

    def workshops(self):
        rng = self.rng
        count = self.size("workshops")
        first_id = self.writer.next_id(Workshop)
        psychologists = self.staff.by_role[roles.PSICOLOGA]
        rows, attendees = [], []
        for offset in range(count):
            workshop_id = first_id + offset
            rows.append(
                (workshop_id, self.past_day(), rng.choice(words.WORKSHOP_TOPICS),
                 rng.choice(psychologists), "Sala de capacitación de la OMIL")
            )  # fmt: skip
            size = min(len(self.consenting), rng.randint(8, 30))
            for person in rng.sample(self.consenting, size):
                attendees.append((workshop_id, person))
        self.writer.copy(
            Workshop, ["id", "date", "topic", "facilitator", "place"], rows, label="talleres"
        )
        self.writer.copy(
            Workshop.attendees.through,
            ["workshop", "jobseeker"],
            attendees,
            label="talleres × asistentes",
        )

    def vacancies(self):
        rng = self.rng
        count = self.size("vacancies")
        first_id = self.writer.next_id(Vacancy)
        contracts = Vacancy.Contract.values
        first_visit, last_visit = self.visit_ids
        rows = []
        self.vacancy_facts: list[tuple[int, str, int, date, str]] = []
        for offset in range(count):
            vacancy_id = first_id + offset
            company = self.pick_company()
            title, shift, low, high = rng.choice(demo_data.VACANCY_TITLES)
            opened = self.past_day()
            age = (self.today - opened).days
            if age < 60:
                status = "open" if rng.random() < 0.75 else "filled"
            else:
                status = rng.choices(("filled", "closed", "cancelled", "open"), (65, 22, 10, 3))[0]
            positions = rng.choice((1, 1, 1, 1, 2, 2, 3, 4))
            closing = opened + timedelta(days=rng.randint(15, 60)) if status != "open" else None
            contract = rng.choice(contracts)
            visit = rng.randrange(first_visit, last_visit) if rng.random() < 0.3 else None
            rows.append(
                (vacancy_id, self.company_ids[company], title, positions,
                 "Enseñanza media completa; experiencia deseable.", shift, contract, low, high,
                 status, opened, closing, self.company_owner[company], visit,
                 self.at_work(opened))
            )  # fmt: skip
            self.vacancy_facts.append((vacancy_id, status, positions, opened, contract))
        self.writer.copy(
            Vacancy,
            ["id", "company", "title", "positions", "requirements", "shift", "contract_type",
             "salary_min", "salary_max", "status", "opened_on", "closing_date", "captured_by",
             "captured_on_visit", "created_at"],
            rows,
            label="vacantes",
        )  # fmt: skip

    def referrals(self):
        """About six candidates per vacancy; filled vacancies hired as many as positions."""
        rng = self.rng
        target = self.size("referrals")
        per_vacancy = max(1, round(target / max(1, len(self.vacancy_facts))))
        first_id = self.writer.next_id(Referral)
        change_id = self.writer.next_id(ReferralStageChange)
        placement_id = self.writer.next_id(Placement)
        psychologists = self.staff.by_role[roles.PSICOLOGA]
        referrals, changes, placements = [], [], []
        self.referral_people: list[tuple[int, int]] = []
        next_id = first_id
        for vacancy_id, status, positions, opened, contract in self.vacancy_facts:
            how_many = min(len(self.consenting), max(1, per_vacancy + rng.randint(-3, 3)))
            if status == "filled":
                hired = min(positions, how_many)
            elif status == "open":
                hired = min(positions - 1, how_many, rng.randint(0, positions))
            else:
                hired = 0
            for position, person in enumerate(rng.sample(self.consenting, how_many)):
                referred_at = self.at_work(opened + timedelta(days=rng.randint(0, 20)))
                if referred_at > self.now:
                    # Not made yet: a vacancy opened a few days ago has only those days'
                    # referrals (moving them to this instant piled thousands on it).
                    continue
                if position < hired:
                    stage = "hired"
                elif status == "open":
                    stage = rng.choice(("referred", "referred", "interview", "not_selected"))
                else:
                    stage = rng.choice(("not_selected", "not_selected", "withdrawn"))
                changed = referred_at
                psychologist = rng.choice(psychologists)
                if stage != "referred":
                    changed = referred_at + timedelta(days=rng.randint(1, 20))
                    if changed > self.now:
                        stage, changed = "referred", referred_at  # not moved on yet
                if stage != "referred":
                    changes.append((change_id, next_id, "referred", stage, psychologist, changed))
                    change_id += 1
                referrals.append(
                    (next_id, person, vacancy_id, stage, psychologist, referred_at, changed)
                )
                self.referral_people.append((next_id, person))
                if stage == "hired":
                    start = timezone.localdate(changed) + timedelta(days=rng.randint(3, 14))
                    placements.append(
                        (placement_id, next_id, start, contract, psychologist, changed)
                    )
                    placement_id += 1
                next_id += 1
        self.writer.copy(
            Referral,
            ["id", "job_seeker", "vacancy", "stage", "referred_by", "referred_at",
             "stage_changed_at"],
            referrals,
            label="derivaciones",
        )  # fmt: skip
        self.writer.copy(
            ReferralStageChange,
            ["id", "referral", "from_stage", "to_stage", "changed_by", "changed_at"],
            changes,
            label="cambios de etapa",
        )
        self.writer.copy(
            Placement,
            ["id", "referral", "start_date", "contract_type", "recorded_by", "recorded_at"],
            placements,
            label="colocaciones",
        )

    def evaluations_and_offers(self):
        rng = self.rng
        results = Evaluation.Result.values
        psychologists = self.staff.by_role[roles.PSICOLOGA]
        first_id = self.writer.next_id(Evaluation)
        rows = []
        for offset in range(min(self.size("evaluations"), len(self.referral_people))):
            referral, person = rng.choice(self.referral_people)
            rows.append(
                (first_id + offset, person, referral, rng.choice(psychologists), self.past_day(),
                 rng.choice(results), "Buena disposición; reforzar puntualidad.")
            )  # fmt: skip
        self.writer.copy(
            Evaluation,
            ["id", "job_seeker", "referral", "psychologist", "evaluated_on", "result", "notes"],
            rows,
            label="evaluaciones",
        )
        statuses = ProgrammeOffer.Status.values
        first_id = self.writer.next_id(ProgrammeOffer)
        rows = []
        for offset in range(self.size("offers")):
            company = self.pick_company()
            rows.append(
                (first_id + offset, self.company_ids[company], rng.choice(self.programme_ids),
                 rng.choice(statuses), rng.randint(0, 40), self.past_day(),
                 self.company_owner[company])
            )  # fmt: skip
        self.writer.copy(
            ProgrammeOffer,
            ["id", "company", "programme", "status", "workers_involved", "offered_on",
             "offered_by"],
            rows,
            label="ofertas de programas",
        )  # fmt: skip
