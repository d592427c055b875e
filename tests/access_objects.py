"""One object of every kind a page can be about, built once for the access matrix.

Each entry of `AccessObjects` is named after what a URL's `pk` points to; the matrix picks the
one its row names, so every page is requested with an object that exists and the answer
depends on the role only.
"""

from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from companies.models import Company, Contact, IndustrialPark
from companies.services import (
    company_flag_create,
    follow_up_create,
    log_visit,
    portfolio_handover,
    visit_plan,
)
from events.models import EmployerEvent, EventCompany, EventParticipant
from meetings.models import Attendance
from meetings.services import agreement_create, meeting_create
from omil_crm.calendar import feeds as calendars
from omil_crm.models import Notification, PeriodicJobRun
from requests_routing.inbox import ingest_email
from requests_routing.models import (
    Department,
    NoticeTemplate,
    ReferenceCounter,
    RequestCategory,
)
from requests_routing.services import service_request_create
from vacancies.consent_models import Consent
from vacancies.consent_services import consent_give
from vacancies.guidance_services import guidance_create
from vacancies.inclusion_services import (
    functional_evaluation_create,
    inclusion_profile_save,
    job_analysis_create,
)
from vacancies.models import Placement, Programme
from vacancies.people_services import data_request_record, job_seeker_create
from vacancies.programme_services import programme_offer_create, workshop_create
from vacancies.services import (
    evaluation_create,
    evaluation_record_read,
    referral_create,
    referral_move,
    vacancy_create,
)

EML_WITH_ATTACHMENT = (
    Path(__file__).parent / "requests_routing" / "eml" / "attachment_rfc2047_name.eml"
)


@dataclass
class AccessObjects:
    """The objects, by the name the matrix uses for them."""

    by_kind: dict = field(default_factory=dict)

    def pk(self, kind: str) -> int:
        return self.by_kind[kind].pk


def build_access_objects(personas: dict) -> AccessObjects:
    """Create one of each object; `personas` maps role names to users."""
    gestora, psicologa, encargado, alcaldia = (
        personas["gestora"],
        personas["psicologa"],
        personas["encargado"],
        personas["alcaldia"],
    )
    park = IndustrialPark.objects.create(
        name="Parque de Prueba", comuna="05103", gestora=gestora, meeting_time=time(9, 0)
    )
    company = Company.objects.create(
        rut="76086428-5", legal_name="Bodegas de Prueba SpA", park=park, owner=gestora
    )
    contact = Contact.objects.create(company=company, name="Ana Pérez", email="ana@bodegas.cl")
    park.representative = contact
    park.save()
    today = timezone.localdate()
    tomorrow_nine = timezone.localtime().replace(hour=9, minute=0) + timedelta(days=1)
    visit = visit_plan(company=company, staff=gestora, planned_for=tomorrow_nine)
    done_visit = log_visit(company=company, staff=gestora, summary="Visita de prueba")
    follow_up = follow_up_create(
        company=company, title="Llamar", assigned_to=gestora, due_date=today
    )
    department = Department.objects.create(name="Aseo y Ornato", email="aseo@example.cl")
    category = RequestCategory.objects.create(
        name="Poda de árboles", department=department, sla_working_days=5, keywords="poda"
    )
    service_request = service_request_create(
        company=company,
        category=category,
        subject="Poda en el acceso",
        channel="email",
        created_by=personas["administrativa"],
    )
    email, _ = ingest_email(raw=EML_WITH_ATTACHMENT.read_bytes())
    job_seeker = job_seeker_create(
        registered_by=psicologa,
        rut="12345678-5",
        first_name="Luis",
        last_name="Tapia",
        consent_purpose="Intermediación laboral",
    )
    vacancy = vacancy_create(company=company, title="Operario de bodega", captured_by=gestora)
    referral = referral_create(job_seeker=job_seeker, vacancy=vacancy, referred_by=psicologa)
    hired = referral_create(
        job_seeker=job_seeker_create(
            registered_by=psicologa,
            rut="11111111-1",
            first_name="Rosa",
            last_name="Vera",
            consent_purpose="Intermediación laboral",
        ),
        vacancy=vacancy,
        referred_by=psicologa,
    )
    referral_move(referral=hired, stage="interview", changed_by=psicologa)
    referral_move(referral=hired, stage="hired", changed_by=psicologa, start_date=today)
    consent = consent_give(
        job_seeker=job_seeker,
        purpose=Consent.Purpose.SHARE_PROFILE,
        company=company,
        method=Consent.Method.IN_PERSON,
        recorded_by=psicologa,
    )
    evaluation = evaluation_create(job_seeker=job_seeker, psychologist=psicologa, result="suitable")
    consent_give(
        job_seeker=job_seeker,
        purpose=Consent.Purpose.INCLUSION_DATA,
        method=Consent.Method.WRITTEN,
        recorded_by=psicologa,
    )
    inclusion_profile_save(
        job_seeker=job_seeker, acting_user=psicologa, has_credential=True, disability_type="visual"
    )
    functional_evaluation = functional_evaluation_create(
        job_seeker=job_seeker, evaluator=psicologa, findings="Autonomía en tareas de bodega."
    )
    job_analysis = job_analysis_create(
        vacancy=vacancy, analyst=psicologa, suitable=True, physical_demands="Carga de 10 kg."
    )
    evaluation_read = evaluation_record_read(evaluation=evaluation, reader=encargado)
    workshop = workshop_create(date=today, topic="Entrevista laboral", facilitator=psicologa)
    guidance = guidance_create(
        held_on=today,
        staff=psicologa,
        mode="individual",
        participants=[job_seeker],
        topics=["cv"],
        next_steps="Enviar el CV actualizado.",
    )
    programme = Programme.objects.create(name="Subsidio al Empleo Joven", kind="subsidy")
    offer = programme_offer_create(company=company, programme=programme, offered_by=gestora)
    starts = tomorrow_nine + timedelta(days=7)
    meeting = meeting_create(
        kind="breakfast",
        title="Desayuno empresarial",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        created_by=gestora,
        park=park,
    )
    attendance = Attendance.objects.create(meeting=meeting, contact=contact)
    agreement = agreement_create(
        meeting=meeting, description="Enviar oferta", responsible=gestora, due_date=today
    )
    flag = company_flag_create(flagged_by=alcaldia, legal_name="Empresa Nueva SpA", park=park)
    data_request = data_request_record(job_seeker=job_seeker, kind="access", handled_by=encargado)
    # An employer event that was held yesterday, so its participants may be recorded.
    event = EmployerEvent.objects.create(
        kind=EmployerEvent.Kind.FAIR,
        title="Feria laboral de prueba",
        date=today - timedelta(days=1),
        start_time=time(10, 0),
        end_time=time(13, 0),
        place="Gimnasio municipal",
        park=park,
        created_by=gestora,
    )
    EventCompany.objects.create(event=event, company=company, invited_by=gestora)
    participant = EventParticipant.objects.create(event=event, job_seeker=job_seeker)
    token = calendars.feed_token_create(user=gestora)
    leaving = get_user_model().objects.create_user(username="saliente", password="x" * 12)
    handover = portfolio_handover(from_user=leaving, to_user=gestora, done_by=encargado)
    notification = Notification.objects.filter(recipient=gestora).first()
    job_run = PeriodicJobRun.objects.create(task_name="omil_crm.tasks.send_daily_digests")
    counter = ReferenceCounter.objects.get(year=today.year)
    users = get_user_model().objects
    seen = {"username": "gestora", "ip_address": "192.0.2.10", "path_info": "/ingresar/"}
    lock = AccessAttempt.objects.create(failures_since_start=1, **seen)
    return AccessObjects(
        by_kind={
            "park": park,
            "company": company,
            "contact": contact,
            "visit": visit,
            "done_visit": done_visit,
            "follow_up": follow_up,
            "department": department,
            "category": category,
            "notice_template": NoticeTemplate.objects.create(
                kind=NoticeTemplate.Kind.RESOLUTION,
                category=category,
                subject="[{referencia}] Poda resuelta",
                body="Estimado/a {contacto}:\n\nSu solicitud quedó resuelta.",
            ),
            "service_request": service_request,
            "request_event": service_request.events.first(),
            "email": email,
            "attachment": email.attachments.first(),
            "job_seeker": job_seeker,
            "vacancy": vacancy,
            "referral": referral,
            "referral_stage_change": referral.stage_changes.first(),
            "evaluation": evaluation,
            "consent": consent,
            "evaluation_read": evaluation_read,
            "functional_evaluation": functional_evaluation,
            "job_analysis": job_analysis,
            "workshop": workshop,
            "guidance": guidance,
            "programme": programme,
            "offer": offer,
            "meeting": meeting,
            "attendance": attendance,
            "agreement": agreement,
            "event": event,
            "participant": participant,
            "flag": flag,
            "data_request": data_request,
            "calendar_token": token,
            "notification": notification,
            "job_run": job_run,
            "reference_counter": counter,
            "user": users.get(pk=gestora.pk),
            "group": gestora.groups.first(),
            "totp_device": TOTPDevice.objects.create(user=leaving, name="Teléfono", confirmed=True),
            "static_device": StaticDevice.objects.create(
                user=leaving, name="Códigos de recuperación", confirmed=True
            ),
            "placement": Placement.objects.get(referral=hired),
            "handover": handover,
            "access_attempt": lock,
            "access_log": AccessLog.objects.create(**seen),
            "access_failure_log": AccessFailureLog.objects.create(**seen),
        }
    )
