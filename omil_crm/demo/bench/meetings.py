"""The meetings app's share of the benchmark: every park's monthly meetings and breakfasts,
their invitations and attendance, and the agreements reached.

Meetings are planned before the follow-ups are written, because every agreement creates a
follow-up: the plan reserves the follow-up ids (`follow_up_next_id`) and leaves the rows in
`agreement_follow_ups` for `CompaniesMixin.follow_ups`; the meetings, attendance and
agreements are written after the follow-ups (`meetings_write`).
"""

from datetime import datetime, timedelta

from companies.models import FollowUp
from meetings.models import Agreement, Attendance, Meeting
from omil_crm.accounts import roles
from omil_crm.demo.bench import vocabulary as words
from omil_crm.demo.bench.base import SANTIAGO, SeederBase


class MeetingsMixin(SeederBase):
    """Needs the parks, staff, companies and contacts."""

    def meetings_plan(self):
        rng = self.rng
        self.meeting_rows, self.attendance_rows, self.agreement_rows = [], [], []
        self.agreement_follow_ups = []
        meeting_id = self.writer.next_id(Meeting)
        attendance_id = self.writer.next_id(Attendance)
        agreement_id = self.writer.next_id(Agreement)
        self.follow_up_next_id = self.writer.next_id(FollowUp)
        month = self.first_day.replace(day=1)
        months = []
        while month <= self.today + timedelta(days=62):
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        for park, park_id in enumerate(self.park_ids):
            gestoras = self.staff.by_park[park][roles.GESTORA]
            companies = self.park_companies[park]
            representative = self.company_contacts[companies[0]][0]
            for cycle_month in months:
                day = cycle_month + timedelta(days=(2 - cycle_month.weekday()) % 7 + 7)
                kind, title = "monthly", f"Reunión mensual {cycle_month:%m-%Y}"
                self._meeting(meeting_id, park, park_id, kind, title, day, cycle_month)
                self._attendance(attendance_id, meeting_id, day, gestoras[:2], representative, park)
                attendance_id += 8
                if day < self.today:
                    for _ in range(rng.randint(2, 4)):
                        self._agreement(agreement_id, meeting_id, day, park)
                        agreement_id += 1
                meeting_id += 1
                if rng.random() < 0.35:
                    day = cycle_month + timedelta(days=rng.randint(1, 27))
                    title = f"Desayuno empresarial {cycle_month:%m-%Y}"
                    self._meeting(meeting_id, park, park_id, "breakfast", title, day, None)
                    self._attendance(
                        attendance_id, meeting_id, day, gestoras[:1], representative, park
                    )
                    attendance_id += 8
                    meeting_id += 1

    def _meeting(self, meeting_id, park, park_id, kind, title, day, cycle_month):
        starts = datetime(day.year, day.month, day.day, 9, 0, tzinfo=SANTIAGO)
        if day >= self.today:
            status = "scheduled"
        else:
            status = "cancelled" if self.rng.random() < 0.03 else "held"
        minutes = ""
        if status == "held":
            minutes = "Se revisaron las solicitudes pendientes y las vacantes del mes."
        self.meeting_rows.append(
            (
                meeting_id, park_id, kind, title, cycle_month, starts, starts + timedelta(hours=2),
                "Sala de reuniones del parque", status,
                "1. Solicitudes pendientes\n2. Vacantes y programas\n3. Varios", minutes,
                self.staff.by_park[park][roles.GESTORA][0],
                min(starts, self.now),
            )
        )  # fmt: skip

    def _attendance(self, first_id, meeting_id, day, gestoras, representative, park):
        """Up to eight invitations: the park's gestoras, its representative and contacts."""
        rng = self.rng
        held = day < self.today
        rows = [(meeting_id, None, staff, held) for staff in gestoras]
        contacts = {representative}
        companies = self.park_companies[park]
        for _ in range(8 - len(rows) - 1):
            contacts.add(rng.choice(self.company_contacts[rng.choice(companies)]))
        rows += [(meeting_id, contact, None, held and rng.random() < 0.8) for contact in contacts]
        for offset, row in enumerate(rows[:8]):
            self.attendance_rows.append((first_id + offset, *row))

    def _agreement(self, agreement_id, meeting_id, day, park):
        rng = self.rng
        responsible = rng.choice(self.staff.by_park[park][roles.GESTORA])
        company = rng.choice(self.park_companies[park])
        due = day + timedelta(days=rng.randint(14, 30))
        done = due < self.today - timedelta(days=7) and rng.random() < 0.92
        follow_up_id = self.follow_up_next_id
        self.follow_up_next_id += 1
        description = f"Gestionar {rng.choice(words.NEEDS) or 'la visita de SENCE al parque.'}"
        self.agreement_rows.append(
            (
                agreement_id,
                meeting_id,
                description,
                self.company_ids[company],
                responsible,
                due,
                "done" if done else "open",
                follow_up_id,
            )
        )
        done_at = self.at_work(min(due, self.today)) if done else None
        self.agreement_follow_ups.append(
            (follow_up_id, company, f"Acuerdo: {description}"[:200], responsible, due, done_at,
             agreement_id, self.at_work(day))
        )  # fmt: skip

    def meetings_write(self):
        self.writer.copy(
            Meeting,
            ["id", "park", "kind", "title", "cycle_month", "starts_at", "ends_at", "place",
             "status", "agenda", "minutes", "created_by", "updated_at"],
            self.meeting_rows,
            label="reuniones",
        )  # fmt: skip
        self.writer.copy(
            Attendance,
            ["id", "meeting", "contact", "staff", "attended"],
            self.attendance_rows,
            label="asistencias",
        )
        self.writer.copy(
            Agreement,
            ["id", "meeting", "description", "company", "responsible", "due_date", "status",
             "follow_up"],
            self.agreement_rows,
            label="acuerdos",
        )  # fmt: skip
