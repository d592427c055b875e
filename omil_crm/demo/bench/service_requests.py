"""The requests_routing app's share of the benchmark: service requests, their timelines and
the inbox.

Requests are numbered in the order they arrived, so that references count up within each
year as the application's own counter would (and the counter is set past them). A request's
status follows its age: old ones are mostly closed, recent ones mostly still open, and the
events of its timeline follow its status. Requests that came by e-mail have their inbound
message; the inbox also holds new mail, mail that could not be read and mail set aside as
not being a request.
"""

import hashlib
from datetime import datetime, timedelta

from omil_crm.accounts import roles
from omil_crm.demo import data as demo_data
from omil_crm.demo.bench import vocabulary as words
from omil_crm.demo.bench.base import SeederBase
from requests_routing.mail_files import fingerprint
from requests_routing.models import InboundEmail, ReferenceCounter, RequestEvent, ServiceRequest


class RequestsMixin(SeederBase):
    """Needs the catalogues, staff, companies and contacts (`contact_email` for senders)."""

    def service_requests(self):
        rng = self.rng
        count = self.size("requests")
        first_id = self.writer.next_id(ServiceRequest)
        # Chronological ids, so references count up within each year as they would.
        received = sorted(self.at_work(self.past_day()) for _ in range(count))
        numbers: dict[int, int] = {}
        rows, events, emails = [], [], []
        event_id = self.writer.next_id(RequestEvent)
        email_id = self.writer.next_id(InboundEmail)
        channels = ["email"] * 55 + ["visit"] * 20 + ["phone"] * 15 + ["meeting"] * 10
        for offset, received_at in enumerate(received):
            request_id = first_id + offset
            company = self.pick_company()
            park = self.company_park[company]
            category = rng.choice(self.categories)
            contact = rng.choice(self.company_contacts[company])
            year = received_at.year
            numbers[year] = numbers.get(year, 0) + 1
            reference = f"SOL-{year}-{numbers[year]:05d}"
            owner = (
                self.office_staff(park, roles.ADMINISTRATIVA)
                if rng.random() < 0.6
                else self.company_owner[company]
            )
            # Working days, roughly: seven calendar days for every five working ones.
            due = received_at.date() + timedelta(days=category.sla_working_days * 7 // 5)
            status, resolved_at, closed_at = self._request_outcome(received_at)
            duplicate_of = None
            if status == "duplicate":
                if offset == 0:
                    status = "rejected"
                else:
                    duplicate_of = first_id + rng.randrange(offset)
            subject, description = demo_data.REQUEST_SUBJECTS.get(
                category.name, (category.name, "Solicitud de la empresa.")
            )
            channel = rng.choice(channels)
            rows.append(
                (request_id, reference, self.company_ids[company], contact, category.pk,
                 category.department_id, channel, subject, description, rng.choice(words.PLACES),
                 status, received_at, due, owner, resolved_at, closed_at, duplicate_of, owner,
                 closed_at or resolved_at or received_at)
            )  # fmt: skip
            for event in self._request_events(
                request_id, received_at, status, owner, category, resolved_at, closed_at
            ):
                events.append((event_id, *event))
                event_id += 1
            if channel == "email":
                emails.append(
                    self._email_row(
                        email_id, company, contact, subject, description, received_at,
                        state="request_created", request_id=request_id, category=category.pk,
                        triaged_by=owner,
                    )
                )  # fmt: skip
                email_id += 1
        self.writer.copy(
            ServiceRequest,
            ["id", "reference", "company", "contact", "category", "department", "channel",
             "subject", "description", "place", "status", "received_at", "due_date", "owner",
             "resolved_at", "closed_at", "duplicate_of", "created_by", "updated_at"],
            rows,
            label="solicitudes",
        )  # fmt: skip
        for year, last in numbers.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": last})
        self.writer.copy(
            RequestEvent,
            ["id", "request", "kind", "actor", "created_at", "from_status", "to_status", "text",
             "email_to", "email_sent_at"],
            events,
            label="eventos de solicitud",
        )  # fmt: skip
        emails.extend(self._untriaged_emails(email_id, max(40, count // 60)))
        self.writer.copy(
            InboundEmail,
            ["id", "message_id", "fingerprint", "content_hash", "sender", "sender_name", "to",
             "subject", "sent_at", "received_at", "text_body", "html_body", "raw", "triage_state",
             "triage_note", "failure_reason", "matched_company", "matched_contact",
             "suggested_category", "service_request", "triaged_by", "triaged_at"],
            emails,
            label="correos recibidos",
        )  # fmt: skip

    def _request_outcome(self, received_at: datetime):
        """Status and dates of a request by its age: old ones are mostly finished."""
        rng = self.rng
        age = (self.now - received_at).days
        roll = rng.random()
        if age > 60:
            if roll < 0.05:
                return "in_progress", None, None
            if roll < 0.08:
                return "rejected", None, received_at + timedelta(days=2)
            if roll < 0.10:
                return "duplicate", None, received_at + timedelta(days=1)
            resolved = received_at + timedelta(days=rng.randint(3, 50))
            if roll < 0.25:
                return "resolved", resolved, None
            return "closed", resolved, resolved + timedelta(days=rng.randint(1, 10))
        if roll < 0.25:
            return "received", None, None
        if roll < 0.55:
            return "routed", None, None
        if roll < 0.80:
            return "in_progress", None, None
        resolved = min(received_at + timedelta(days=rng.randint(1, max(1, age))), self.now)
        return "resolved", resolved, None

    def _request_events(self, request_id, received_at, status, owner, category, resolved, closed):
        """The timeline rows: (request, kind, actor, at, from, to, text, email_to, sent_at)."""
        yield (request_id, "created", owner, received_at, "", "received", "", "", None)
        if status in ("rejected", "duplicate"):
            yield (request_id, "status_change", owner, closed, "received", status, "", "", None)
            return
        if status == "received":
            return
        routed_at = received_at + timedelta(hours=3)
        email_to = category.department.email
        yield (request_id, "sent_to_department", owner, routed_at, "received", "routed",
               "", email_to, routed_at)  # fmt: skip
        if status == "routed":
            return
        reply_at = routed_at + timedelta(days=2)
        yield (request_id, "department_reply", None, reply_at, "routed", "in_progress",
               "El departamento programó la atención.", "", None)  # fmt: skip
        if resolved is not None:
            yield (request_id, "status_change", owner, resolved, "in_progress", "resolved",
                   "", "", None)  # fmt: skip
        if closed is not None:
            yield (request_id, "status_change", owner, closed, "resolved", "closed", "", "", None)

    def _email_row(
        self, email_id, company, contact, subject, text, at, *, state, request_id=None,
        category=None, triaged_by=None, note="", failure="",
    ):  # fmt: skip
        sender = self.contact_email.get(contact, "") if contact else ""
        message_id = f"<bench-{email_id}@empresa.cl>"
        raw = (
            f"Message-ID: {message_id}\r\nFrom: {sender}\r\nTo: omil@omil-bench.cl\r\n"
            f"Subject: {subject}\r\n\r\n{text}\r\n"
        ).encode()
        triaged_at = at + timedelta(hours=2) if state not in ("new", "failed") else None
        return (
            email_id, message_id, fingerprint(raw), hashlib.sha256(raw).hexdigest(), sender, "",
            "omil@omil-bench.cl", subject, at, at, text, f"<p>{text}</p>", raw, state, note,
            failure, self.company_ids[company] if company is not None else None, contact,
            category, request_id, triaged_by if triaged_at else None, triaged_at,
        )  # fmt: skip

    def _untriaged_emails(self, first_id, count):
        """The inbox as the Administrativa finds it: new mail of the last two weeks, some
        that could not be read and some set aside as not being requests."""
        rng = self.rng
        rows = []
        for offset in range(count):
            roll = rng.random()
            state = "new" if roll < 0.6 else ("not_a_request" if roll < 0.97 else "failed")
            at = self.at_work(self.day_ago(0, 14 if state == "new" else self.days))
            known = rng.random() < 0.8
            company = self.pick_company() if known else None
            contact = rng.choice(self.company_contacts[company]) if known else None
            category = rng.choice(self.categories)
            subject, text = demo_data.REQUEST_SUBJECTS.get(category.name, (category.name, ""))
            rows.append(
                self._email_row(
                    first_id + offset, company, contact, subject, text, at, state=state,
                    category=category.pk if known else None,
                    triaged_by=self.staff.by_role[roles.ADMINISTRATIVA][0],
                    note="Publicidad" if state == "not_a_request" else "",
                    failure="Codificación desconocida" if state == "failed" else "",
                )
            )  # fmt: skip
        return rows
