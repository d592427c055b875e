"""Every URL of the project × every role, against a table of what each role must get.

The URLs are discovered from the URLconf (admin included), so a page added later without a row
in the table fails `test_every_url_has_a_row_in_the_matrix` by name. Pages outside the admin
each have an explicit row; the admin's per-model pages follow the role permission table in
omil_crm/accounts/roles.py, which is what grants them.

Outcome words: a status code ("200", "403", "404", "405"), "login" (redirected to the login
page) or "->url_name" (redirected elsewhere). Six words per row, in the order of ROLES.
"""

import re
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from simple_history.models import HistoricalChanges

from companies.services import company_flag_create, follow_up_create
from omil_crm.accounts import roles
from omil_crm.calendar import feeds as calendars
from tests.access_objects import build_access_objects
from tests.conftest import ROLE_OF_PERSONA, STAFF_PERSONAS, make_persona
from tests.urlwalk import discover_urls

ROLES = ("gestora", "administrativa", "psicologa", "encargado", "alcaldia", "anonymous")
PERSONAS = ROLES[:-1]


@dataclass(frozen=True)
class Row:
    """What each role gets from one page; `obj` names the object the page's pk points to."""

    get: str
    obj: str = ""
    kwargs: tuple = ()
    query: str = ""
    # For POST-only pages: what a POST gets ("-" where the role may act: not sent).
    post: str = ""


# A portal page opened by staff or by anyone without a portal session (the Alcaldía stays in
# the admin, as everywhere).
NO_PORTAL_SESSION = "->portal:enter ->portal:enter ->portal:enter ->portal:enter 403 ->portal:enter"

# fmt: off
PAGES = {
    # Project pages.
    "home": Row("200 200 200 200 ->admin:companies_companyflag_changelist login"),
    "login": Row("200 200 200 200 200 200"),
    "logout": Row("405 405 405 405 405 login"),
    "password_change": Row("200 200 200 200 200 login"),
    "password_change_done": Row("200 200 200 200 200 login"),
    "health": Row("200 200 200 200 200 200"),
    # The installable app's files carry no data: anyone gets them but the Alcaldía, kept in
    # its admin page.
    "web_manifest": Row("200 200 200 200 403 200"),
    "service_worker": Row("200 200 200 200 403 200"),
    "offline_page": Row("200 200 200 200 403 200"),
    "notifications": Row("200 200 200 200 403 login"),
    "notifications_mark_read": Row("405 405 405 405 403 login", post="- - - - 403 login"),
    "calendar_page": Row("200 200 403 200 403 login"),
    "calendar_token_create": Row("405 405 405 405 403 login", post="- - 403 - 403 login"),
    "calendar_token_revoke": Row("405 405 405 405 403 login", post="- - 403 - 403 login"),
    # The feed answers its secret address to anyone (calendar clients have no session).
    "calendar_feed": Row("200 200 200 200 403 200", obj="calendar_token"),
    # The companies' portal: staff hold no portal session, so every portal page sends them to
    # the page where a contact asks for a link (tests/portal/ checks the contacts' side).
    "portal:home": Row(NO_PORTAL_SESSION),
    "portal:enter": Row("200 200 200 200 403 200"),
    "portal:sign_out": Row(
        "405 405 405 405 403 405",
        post=NO_PORTAL_SESSION,
    ),
    # A sign-in link that is unknown (as here), used or expired answers «Gone», to anyone.
    "portal:link": Row("410 410 410 410 403 410", kwargs=(("token", "x"),)),
    # Staff managing who enters the portal: the Gestora (of a company she may edit, as here)
    # and the Encargado.
    "portal_access:company": Row("200 403 403 200 403 login", obj="company"),
    "portal_access:send_link": Row(
        "405 405 405 405 403 login", obj="contact", post="- 403 403 - 403 login"
    ),
    "portal_access:revoke_sessions": Row(
        "405 405 405 405 403 login", obj="contact", post="- 403 403 - 403 login"
    ),
    "portal:requests": Row(NO_PORTAL_SESSION),
    "portal:request_new": Row(NO_PORTAL_SESSION, post=NO_PORTAL_SESSION),
    "portal:request_detail": Row(NO_PORTAL_SESSION, kwargs=(("reference", "SOL-2026-00001"),)),
    "portal:request_comment": Row(
        "405 405 405 405 403 405",
        kwargs=(("reference", "SOL-2026-00001"),),
        post=NO_PORTAL_SESSION,
    ),
    "portal:request_survey": Row(
        "405 405 405 405 403 405",
        kwargs=(("reference", "SOL-2026-00001"),),
        post=NO_PORTAL_SESSION,
    ),
    "portal:request_attachment": Row(
        NO_PORTAL_SESSION, kwargs=(("reference", "SOL-2026-00001"), ("pk", "1"))
    ),
    "portal:park": Row(NO_PORTAL_SESSION),
    # Vacancies, SENCE programmes and meetings on the portal (tests/portal/test_vacancies.py,
    # test_vacancy_propose.py, test_programmes.py and test_meetings.py check the contacts).
    "portal:vacancies": Row(NO_PORTAL_SESSION),
    "portal:vacancy_propose": Row(NO_PORTAL_SESSION),
    "portal:programmes": Row(NO_PORTAL_SESSION),
    "portal:programme_interest": Row(
        "405 405 405 405 403 405", obj="offer", post=NO_PORTAL_SESSION
    ),
    "portal:meetings": Row(NO_PORTAL_SESSION),
    "portal:meeting_respond": Row(
        "405 405 405 405 403 405", obj="meeting", post=NO_PORTAL_SESSION
    ),
    "portal:meeting_ics": Row(NO_PORTAL_SESSION, obj="meeting"),
    "portal:events": Row(NO_PORTAL_SESSION),
    "portal:event_respond": Row("405 405 405 405 403 405", obj="event", post=NO_PORTAL_SESSION),
    "dashboard": Row("403 403 403 200 403 login"),
    "monthly_report": Row("403 403 403 200 403 login"),
    "monthly_report_xlsx": Row("403 403 403 200 403 login"),
    "periodic_jobs": Row("403 403 403 200 403 login"),
    # Staff accounts (the «Equipo» page), password-reset links and two-factor sign-in.
    "accounts:team_list": Row("403 403 403 200 403 login"),
    "accounts:member_create": Row("403 403 403 200 403 login"),
    # The suggestions of the «name of a colleague» boxes, for the office staff.
    "accounts:staff_search": Row("200 200 200 200 403 login", query="?q=a"),
    "accounts:member_edit": Row("403 403 403 200 403 login", obj="user"),
    "accounts:member_deactivate": Row(
        "405 405 405 405 403 login", obj="user", post="403 403 403 - 403 login"
    ),
    "accounts:member_reactivate": Row(
        "405 405 405 405 403 login", obj="user", post="403 403 403 - 403 login"
    ),
    "accounts:member_send_reset": Row(
        "405 405 405 405 403 login", obj="user", post="403 403 403 - 403 login"
    ),
    # The reset pages work without a session; a signed-in Alcaldía stays in its admin page.
    "accounts:password_reset": Row("200 200 200 200 403 200"),
    "accounts:password_reset_done": Row("200 200 200 200 403 200"),
    "accounts:password_reset_confirm": Row(
        "200 200 200 200 403 200", kwargs=(("uidb64", "MQ"), ("token", "x"))
    ),
    "accounts:password_reset_complete": Row("200 200 200 200 403 200"),
    "accounts:two_factor_verify": Row(
        "->home ->home ->accounts:two_factor_setup ->accounts:two_factor_setup 403 login"
    ),
    "accounts:two_factor_setup": Row("403 403 200 200 403 login"),
    "accounts:two_factor_new_codes": Row(
        "405 405 405 405 403 login",
        post="403 403 ->accounts:two_factor_setup ->accounts:two_factor_setup 403 login",
    ),
    # Companies.
    "companies:directory": Row("200 200 200 200 403 login"),
    "companies:export": Row("200 200 200 200 403 login", kwargs=(("fmt", "csv"),)),
    "companies:import_upload": Row("200 403 403 200 403 login"),
    "companies:import_confirm": Row("405 405 405 405 403 login", post="- 403 403 - 403 login"),
    "companies:import_template": Row("200 403 403 200 403 login"),
    "companies:import_errors": Row(
        "->companies:import_upload 403 403 ->companies:import_upload 403 login"
    ),
    "companies:company_create": Row("200 403 403 200 403 login"),
    "companies:detail": Row("200 200 200 200 403 login", obj="company"),
    # The Gestora edits the companies she owns or whose park she is in charge of (as here).
    "companies:company_edit": Row("200 403 403 200 403 login", obj="company"),
    "companies:park_edit": Row("200 403 403 200 403 login", obj="park"),
    "companies:contact_list": Row("200 200 200 200 403 login", obj="company"),
    "companies:contact_add": Row("200 403 403 403 403 login", obj="company"),
    "companies:contact_edit": Row("200 403 403 403 403 login", obj="contact"),
    "companies:visit_log": Row("200 403 403 403 403 login", obj="company"),
    "companies:visit_plan": Row("200 403 403 403 403 login", obj="company"),
    "companies:visit_list": Row("200 200 403 200 403 login"),
    "companies:visit_export": Row("200 200 403 200 403 login", kwargs=(("fmt", "csv"),)),
    "companies:visit_detail": Row("200 200 403 200 403 login", obj="visit"),
    "companies:visit_complete": Row("200 403 403 403 403 login", obj="visit"),
    # The visit's staff member or the company's owner (the gestora here) and the Encargado.
    "companies:visit_reschedule": Row(
        "405 405 405 405 403 login", obj="visit", post="- 403 403 - 403 login"
    ),
    "companies:visit_cancel": Row(
        "405 405 405 405 403 login", obj="visit", post="- 403 403 - 403 login"
    ),
    "companies:agenda": Row("200 200 403 200 403 login"),
    "companies:follow_ups": Row("200 200 403 200 403 login"),
    "companies:follow_up_detail": Row("200 200 403 200 403 login", obj="follow_up"),
    "companies:follow_up_postpone": Row(
        "405 405 405 405 403 login", obj="follow_up", post="- - 403 403 403 login"
    ),
    "companies:follow_up_reopen": Row(
        "405 405 405 405 403 login", obj="follow_up", post="- - 403 403 403 login"
    ),
    "companies:follow_ups_done": Row("200 200 403 200 403 login"),
    "companies:follow_up_done": Row(
        "405 405 405 405 403 login", obj="follow_up", post="- - 403 403 403 login"
    ),
    "companies:follow_up_reassign": Row(
        "405 405 405 405 403 login", obj="follow_up", post="- - 403 - 403 login"
    ),
    "companies:handover": Row("403 403 403 200 403 login"),
    # The field day: field staff plan their own route, the Encargado anyone's; whoever goes,
    # the company's owner or the Encargado opens a visit's brief. The Administrativa and the
    # Psicóloga do not go to the field (the brief shows vacancies and referrals).
    "fieldwork:day_route": Row("200 403 403 200 403 login", kwargs=(("day", "2026-12-07"),)),
    "fieldwork:day_print": Row("200 403 403 200 403 login", kwargs=(("day", "2026-12-07"),)),
    "fieldwork:brief": Row("200 403 403 200 403 login", obj="visit"),
    # Requests and the inbox.
    "requests_routing:inbox": Row("403 200 403 200 403 login"),
    "requests_routing:email_detail": Row("403 200 403 200 403 login", obj="email"),
    "requests_routing:email_attach": Row(
        "405 405 405 405 403 login", obj="email", post="403 - 403 403 403 login"
    ),
    # The raw message may carry what sanitising removed: only whoever triages opens it.
    "requests_routing:email_original": Row("403 200 403 403 403 login", obj="email"),
    "requests_routing:emails_dismiss": Row(
        "405 405 405 405 403 login", post="403 - 403 403 403 login"
    ),
    "requests_routing:attachment_download": Row("403 200 403 200 403 login", obj="attachment"),
    # The «¿Quedó resuelto?» form answers its link's token to anyone (the company has no
    # session); an unknown token is a 404 page. A signed-in Alcaldía stays in its admin page.
    "requests_routing:survey": Row("404 404 404 404 403 404", kwargs=(("token", "x"),)),
    "requests_routing:request_list": Row("200 200 403 200 403 login"),
    "requests_routing:request_create": Row(
        "200 200 403 403 403 login", query="?empresa={company}"
    ),
    # The company picker's matches, for whoever may file a request.
    "requests_routing:request_company_search": Row("200 200 403 403 403 login", query="?q=Bod"),
    "requests_routing:routing_table": Row("200 200 403 200 403 login"),
    "requests_routing:department_add": Row("403 403 403 200 403 login"),
    "requests_routing:department_edit": Row("403 403 403 200 403 login", obj="department"),
    "requests_routing:category_add": Row("403 403 403 200 403 login"),
    "requests_routing:category_edit": Row("403 403 403 200 403 login", obj="category"),
    "requests_routing:notice_template_list": Row("403 403 403 200 403 login"),
    "requests_routing:notice_template_add": Row("403 403 403 200 403 login"),
    "requests_routing:notice_template_edit": Row(
        "403 403 403 200 403 login", obj="notice_template"
    ),
    "requests_routing:notice_template_delete": Row(
        "405 405 405 405 403 login", obj="notice_template", post="403 403 403 - 403 login"
    ),
    "requests_routing:request_detail": Row("200 200 403 200 403 login", obj="service_request"),
    "requests_routing:request_change_status": Row(
        "405 405 405 405 403 login", obj="service_request", post="403 - 403 403 403 login"
    ),
    "requests_routing:request_remind": Row(
        "405 405 405 405 403 login", obj="service_request", post="403 - 403 403 403 login"
    ),
    "requests_routing:request_add_note": Row(
        "405 405 405 405 403 login", obj="service_request", post="- - 403 403 403 login"
    ),
    "requests_routing:request_reassign": Row(
        "405 405 405 405 403 login", obj="service_request", post="403 - 403 403 403 login"
    ),
    # Employment.
    "vacancies:job_seeker_list": Row("403 403 200 200 403 login"),
    "vacancies:job_seeker_create": Row("403 403 200 403 403 login"),
    "vacancies:job_seeker_detail": Row("403 403 200 200 403 login", obj="job_seeker"),
    "vacancies:job_seeker_edit": Row("403 403 200 403 403 login", obj="job_seeker"),
    # A person's consents per purpose (and to share their profile with a company): the
    # Psicóloga and the Encargado record them, and withdraw them after a confirmation page.
    "vacancies:job_seeker_consent": Row(
        "405 405 405 405 403 login", obj="job_seeker", post="403 403 - - 403 login"
    ),
    "vacancies:consent_share": Row(
        "405 405 405 405 403 login", obj="job_seeker", post="403 403 200 200 403 login"
    ),
    "vacancies:consent_withdraw": Row(
        "403 403 200 200 403 login", obj="consent", post="403 403 - - 403 login"
    ),
    "vacancies:data_access": Row(
        "403 403 403 200 403 login", obj="job_seeker", post="403 403 403 - 403 login"
    ),
    "vacancies:data_export": Row("403 403 403 200 403 login", obj="job_seeker"),
    "vacancies:erase": Row("403 403 403 200 403 login", obj="job_seeker"),
    "vacancies:data_requests": Row("403 403 403 200 403 login"),
    "vacancies:evaluation_create": Row("403 403 200 403 403 login", obj="job_seeker"),
    "vacancies:evaluation_detail": Row("403 403 200 200 403 login", obj="evaluation"),
    # Inclusion under Ley 21.015: sensitive data, like evaluations.
    "vacancies:inclusion_person": Row("403 403 200 200 403 login", obj="job_seeker"),
    "vacancies:inclusion_profile_edit": Row("403 403 200 403 403 login", obj="job_seeker"),
    "vacancies:functional_evaluation_create": Row("403 403 200 403 403 login", obj="job_seeker"),
    "vacancies:functional_evaluation_list": Row("403 403 200 200 403 login"),
    "vacancies:functional_evaluation_detail": Row(
        "403 403 200 200 403 login", obj="functional_evaluation"
    ),
    "vacancies:job_analysis_create": Row("403 403 200 403 403 login", obj="vacancy"),
    "vacancies:job_analysis_list": Row("403 403 200 200 403 login"),
    "vacancies:job_analysis_detail": Row("403 403 200 200 403 login", obj="job_analysis"),
    "vacancies:vacancy_list": Row("200 403 200 200 403 login"),
    "vacancies:vacancy_create": Row("200 403 403 403 403 login"),
    "vacancies:vacancy_detail": Row("200 403 200 200 403 login", obj="vacancy"),
    "vacancies:vacancy_edit": Row("200 403 403 403 403 login", obj="vacancy"),
    "vacancies:vacancy_posting": Row("200 403 200 200 403 login", obj="vacancy"),
    # A company's proposal is confirmed or declined by a gestora or the Encargado; the
    # sample vacancy is already open, so a confirmation is refused back on its page.
    "vacancies:vacancy_proposal_confirm": Row(
        "405 405 405 405 403 login",
        obj="vacancy",
        post="->vacancies:vacancy_detail 403 403 ->vacancies:vacancy_detail 403 login",
    ),
    "vacancies:vacancy_proposal_decline": Row(
        "405 405 405 405 403 login", obj="vacancy", post="200 403 403 200 403 login"
    ),
    "vacancies:referral_list": Row("403 403 200 200 403 login"),
    "vacancies:referral_export": Row("403 403 200 200 403 login", kwargs=(("fmt", "xlsx"),)),
    "vacancies:placement_list": Row("403 403 200 200 403 login"),
    "vacancies:placement_export": Row("403 403 200 200 403 login", kwargs=(("fmt", "csv"),)),
    # The Psicóloga completes what SENCE verifies; the Encargado only reads it.
    "vacancies:placement_detail": Row(
        "403 403 200 200 403 login", obj="placement", post="403 403 - 403 403 login"
    ),
    "vacancies:referral_add": Row("405 405 405 405 403 login", post="403 403 - 403 403 login"),
    "vacancies:referral_move": Row(
        "405 405 405 405 403 login", obj="referral", post="403 403 - 403 403 login"
    ),
    "vacancies:workshop_list": Row("403 403 200 200 403 login"),
    "vacancies:workshop_create": Row("403 403 200 403 403 login"),
    "vacancies:workshop_detail": Row("403 403 200 200 403 login", obj="workshop"),
    "vacancies:workshop_edit": Row("403 403 200 403 403 login", obj="workshop"),
    "vacancies:workshop_attendance": Row(
        "405 405 405 405 403 login", obj="workshop", post="403 403 - 403 403 login"
    ),
    "vacancies:guidance_list": Row("403 403 200 200 403 login"),
    "vacancies:guidance_create": Row("403 403 200 403 403 login"),
    "vacancies:guidance_detail": Row("403 403 200 200 403 login", obj="guidance"),
    "vacancies:guidance_edit": Row("403 403 200 403 403 login", obj="guidance"),
    "vacancies:programme_list": Row("200 403 200 200 403 login"),
    "vacancies:offer_list": Row("200 403 403 200 403 login"),
    "vacancies:offer_create": Row("200 403 403 403 403 login"),
    "vacancies:offer_detail": Row("200 403 403 200 403 login", obj="offer"),
    # Meetings.
    "meetings:list": Row("200 403 403 200 403 login"),
    "meetings:create": Row("200 403 403 403 403 login"),
    "meetings:park_rules": Row("403 403 403 200 403 login"),
    # The park's own Gestora changes its rule too (she is in charge of the park here).
    "meetings:park_rule_edit": Row("200 403 403 200 403 login", obj="park"),
    "meetings:detail": Row("200 403 403 200 403 login", obj="meeting"),
    "meetings:edit": Row("200 403 403 403 403 login", obj="meeting"),
    "meetings:ics": Row("200 403 403 200 403 login", obj="meeting"),
    "meetings:attendance_record": Row(
        "405 405 405 405 403 login", obj="meeting", post="- 403 403 403 403 login"
    ),
    "meetings:attendance_invite": Row(
        "405 405 405 405 403 login", obj="meeting", post="- 403 403 403 403 login"
    ),
    "meetings:attendance_remove": Row(
        "405 405 405 405 403 login", obj="attendance", post="- 403 403 403 403 login"
    ),
    "meetings:agreement_add": Row(
        "405 405 405 405 403 login", obj="meeting", post="- 403 403 403 403 login"
    ),
    "meetings:agreement": Row(
        "->meetings:detail 403 403 ->meetings:detail 403 login", obj="agreement"
    ),
    "meetings:agreement_done": Row(
        "405 405 405 405 403 login", obj="agreement", post="- 403 403 403 403 login"
    ),
    # Employer events: the Gestora and the Encargado manage them, the Administrativa reads,
    # the Psicóloga reads them and records the job seekers who took part.
    "events:list": Row("200 200 200 200 403 login"),
    "events:create": Row("200 403 403 200 403 login"),
    "events:detail": Row("200 200 200 200 403 login", obj="event"),
    "events:edit": Row("200 403 403 200 403 login", obj="event"),
    "events:cancel": Row(
        "405 405 405 405 403 login", obj="event", post="- 403 403 - 403 login"
    ),
    "events:invite": Row("200 403 403 200 403 login", obj="event"),
    "events:companies": Row("200 403 403 200 403 login", obj="event"),
    # Job seekers' data: the Psicóloga and the Encargado (who reads every person) only.
    "events:participants": Row("403 403 200 200 403 login", obj="event"),
    "events:participant_add": Row(
        "405 405 405 405 403 login", obj="event", post="403 403 - 403 403 login"
    ),
    "events:participant_remove": Row(
        "405 405 405 405 403 login", obj="participant", post="403 403 - 403 403 login"
    ),
    # The park's give-and-get balance: whoever may see companies.
    "balance:park": Row("200 200 200 200 403 login", obj="park"),
    # The admin's own pages (its per-model pages are derived below).
    "admin_login_redirect": Row("login login login login login login"),
    "admin:login": Row("login login login login login login"),
    "admin:index": Row("login login login 200 200 login"),
    "admin:logout": Row("->admin:index ->admin:index ->admin:index 405 405 login"),
    "admin:password_change": Row("login login login 200 200 login"),
    "admin:password_change_done": Row("login login login 200 200 login"),
    "admin:autocomplete": Row("login login login 403 403 login"),
    "admin:jsi18n": Row("login login login 200 200 login"),
    "admin:view_on_site": Row(
        "login login login 404 404 login", kwargs=(("content_type_id", "1"), ("object_id", "1"))
    ),
    # Users and groups are superusers' only (omil_crm/accounts/admin.py).
    "admin:app_list": Row("login login login 404 404 login", kwargs=(("app_label", "auth"),)),
    # django-otp's device pages (superusers only; the secret is never shown).
    "admin:otp_totp_totpdevice_config": Row(
        "login login login 403 403 login", obj="totp_device"
    ),
    "admin:otp_totp_totpdevice_qrcode": Row(
        "login login login 403 403 login", obj="totp_device"
    ),
    "/admin/1": Row("login login login 404 404 login"),
}
# fmt: on

# The object each admin model's change pages are opened with.
ADMIN_OBJECT = {
    "auth.group": "group",
    "auth.user": "user",
    "otp_totp.totpdevice": "totp_device",
    "otp_static.staticdevice": "static_device",
    "axes.accessattempt": "access_attempt",
    "axes.accesslog": "access_log",
    "axes.accessfailurelog": "access_failure_log",
    "omil_crm.notification": "notification",
    "companies.industrialpark": "park",
    "companies.company": "company",
    "companies.contact": "contact",
    "companies.visit": "visit",
    "companies.followup": "follow_up",
    "companies.companyflag": "flag",
    "companies.portfoliohandover": "handover",
    "requests_routing.department": "department",
    "requests_routing.requestcategory": "category",
    "requests_routing.referencecounter": "reference_counter",
    "requests_routing.servicerequest": "service_request",
    "requests_routing.requestevent": "request_event",
    "requests_routing.inboundemail": "email",
    "requests_routing.emailattachment": "attachment",
    "vacancies.jobseeker": "job_seeker",
    "vacancies.workshop": "workshop",
    "vacancies.vacancy": "vacancy",
    "vacancies.referral": "referral",
    "vacancies.referralstagechange": "referral_stage_change",
    "vacancies.evaluation": "evaluation",
    "vacancies.evaluationread": "evaluation_read",
    "vacancies.placement": "placement",
    "vacancies.programme": "programme",
    "vacancies.programmeoffer": "offer",
    "vacancies.datasubjectrequest": "data_request",
    "meetings.meeting": "meeting",
    "meetings.attendance": "attendance",
    "meetings.agreement": "agreement",
    "events.employerevent": "event",
}
# Which permission letters (roles.py: a, c, d, v) open each kind of admin page.
ADMIN_ACTION_LETTERS = {
    "changelist": "vc",
    "add": "a",
    "change": "vc",
    "history": "vc",
    "simple_history": "vc",
    "delete": "d",
    "password_change": "c",
}
ADMIN_NAME = re.compile(
    r"admin:(?P<model>\w+?)_(?P<action>" + "|".join(ADMIN_ACTION_LETTERS) + ")$"
)


@dataclass(frozen=True)
class AdminModelPage:
    label: str  # "app_label.model_name"
    action: str


def admin_models() -> dict[str, str]:
    """'app_label_modelname' → 'app_label.modelname' for every model in the admin."""
    return {
        f"{model._meta.app_label}_{model._meta.model_name}": model._meta.label_lower
        for model in admin.site._registry
    }


def admin_model_page(name: str, path: str) -> AdminModelPage | None:
    """The model and action of an admin per-model URL; None for the admin's own pages."""
    if not name.startswith("admin:"):
        return None
    models = admin_models()
    match = ADMIN_NAME.match(name)
    if match and match["model"] in models:
        return AdminModelPage(models[match["model"]], match["action"])
    # The unnamed '<object_id>/' URL of each model, which redirects to its change page.
    unnamed = re.fullmatch(r"/admin/(\w+)/(\w+)/x/", path)
    if name == "admin:(sin nombre)" and unnamed:
        label = f"{unnamed[1]}.{unnamed[2]}"
        if label in models.values():
            return AdminModelPage(label, "object")
    return None


def row_key(url) -> str:
    return url.path if url.name.endswith("(sin nombre)") else url.name


# Admin pages that only a superuser opens, whatever permissions a role is given.
SUPERUSER_ONLY_ADMIN = {"auth.user", "auth.group", "otp_totp.totpdevice", "otp_static.staticdevice"}
# Permission letters that open the app's pages but not the admin's (companies/admin.py).
APP_ONLY_LETTERS = {"companies.company": "ac"}


def admin_expectation(page: AdminModelPage, role: str) -> str:
    """What the role table grants: the admin opens only to staff, then by model permission."""
    if role == "anonymous" or role not in STAFF_PERSONAS:
        return "login"
    app_label, model_name = page.label.split(".")
    if page.action == "object":
        return f"->admin:{app_label}_{model_name}_change"
    if page.label in SUPERUSER_ONLY_ADMIN:
        return "403"
    letters = roles.ROLE_PERMISSIONS[ROLE_OF_PERSONA[role]].get(page.label, "")
    letters = "".join(set(letters) - set(APP_ONLY_LETTERS.get(page.label, "")))
    allowed = set(ADMIN_ACTION_LETTERS[page.action]) & set(letters)
    return "200" if allowed else "403"


def outcome(response) -> str:
    if response.status_code not in (301, 302):
        return str(response.status_code)
    location = response["Location"].split("?")[0].split("#")[0]
    try:
        match = resolve(location)
    except Resolver404:
        return f"->{location}"
    if match.url_name in {"login", "admin_login_redirect"}:
        return "login"
    return f"->{match.view_name}"


def admin_path(page: AdminModelPage, name: str, objects) -> str:
    kind = ADMIN_OBJECT[page.label]
    pk = objects.pk(kind)
    if page.action in {"changelist", "add"}:
        return reverse(name)
    if page.action == "object":
        app_label, model_name = page.label.split(".")
        return reverse(f"admin:{app_label}_{model_name}_change", args=[pk])[: -len("change/")]
    if page.action == "simple_history":
        obj = objects.by_kind[kind]
        version = obj.history.latest()
        assert isinstance(version, HistoricalChanges)
        return reverse(name, args=[pk, version.history_id])
    return reverse(name, args=[pk])


def page_path(url, row: Row, objects) -> str:
    if url.name.endswith("(sin nombre)"):
        return url.path
    kwargs = dict(row.kwargs)
    if row.obj:
        kind = objects.by_kind[row.obj]
        kwargs["token" if row.obj == "calendar_token" else "pk"] = (
            kind.token if row.obj == "calendar_token" else kind.pk
        )
    path = reverse(url.name, kwargs=kwargs)
    return path + row.query.format(**{k: objects.pk(k) for k in ("company",)})


def expectations(objects):
    """(key, path, {role: expected GET outcome}, {role: expected POST outcome}) per URL."""
    for url in discover_urls():
        key = row_key(url)
        page = admin_model_page(url.name, url.path)
        if page is not None:
            get = {role: admin_expectation(page, role) for role in ROLES}
            yield key, admin_path(page, url.name, objects), get, {}
            continue
        row = PAGES[key]
        get = dict(zip(ROLES, row.get.split(), strict=True))
        post = dict(zip(ROLES, row.post.split(), strict=True)) if row.post else {}
        yield key, page_path(url, row, objects), get, post


def test_every_url_has_a_row_in_the_matrix():
    missing = []
    for url in discover_urls():
        key = row_key(url)
        if admin_model_page(url.name, url.path) is not None:
            continue
        if key not in PAGES:
            missing.append(f"{key} ({url.path})")
    assert not missing, (
        "Páginas sin fila en la matriz de acceso (tests/test_access_matrix.py) / "
        "URLs missing from the access matrix: " + ", ".join(missing)
    )


def test_every_row_of_the_matrix_is_a_url():
    keys = {row_key(url) for url in discover_urls() if not admin_model_page(url.name, url.path)}
    stale = set(PAGES) - keys
    assert not stale, f"Filas sin página / stale rows: {sorted(stale)}"


def test_every_admin_model_has_an_object_to_open():
    missing = set(admin_models().values()) - set(ADMIN_OBJECT)
    assert not missing, f"Modelos del admin sin objeto en ADMIN_OBJECT / no object: {missing}"


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    personas = {name: make_persona(name) for name in PERSONAS}
    return personas, build_access_objects(personas)


def client_for(role: str, personas) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(personas[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_each_url_answers_the_role_as_the_matrix_says(world, role, capsys):
    personas, objects = world
    client = client_for(role, personas)
    wrong, checked = [], 0
    for key, path, get, post in expectations(objects):
        got = outcome(client.get(path))
        checked += 1
        if got != get[role]:
            wrong.append(f"GET {key} {path}: expected {get[role]}, got {got}")
        if post.get(role, "-") != "-":
            got = outcome(client.post(path))
            checked += 1
            if got != post[role]:
                wrong.append(f"POST {key} {path}: expected {post[role]}, got {got}")
    with capsys.disabled():
        print(f"\n[access matrix] {role}: {checked} URL requests checked")
    assert not wrong, f"{len(wrong)} of {checked} answers differ:\n" + "\n".join(wrong)


# Object-level checks the walk above cannot make (it has one object of each kind). The flag
# list and change page of another Alcaldía, and a feed without others' items, are covered in
# tests/companies/test_flag_admin.py and tests/omil_crm/test_calendar_feed.py.


@pytest.mark.django_db
def test_another_alcaldias_flag_is_closed_in_every_admin_page(client, park, alcaldia):
    other = get_user_model().objects.create_user(username="alcaldia-vecina", is_staff=True)
    other.groups.add(Group.objects.get(name=roles.ALCALDIA))
    flag = company_flag_create(flagged_by=other, legal_name="Ajena SpA", park=park)
    client.force_login(alcaldia)

    for name in ("change", "history", "delete"):
        response = client.get(reverse(f"admin:companies_companyflag_{name}", args=[flag.pk]))
        assert response.status_code in {302, 403, 404}, name
        assert "Ajena SpA" not in response.content.decode(), name


@pytest.mark.django_db
def test_a_feed_address_shows_its_owners_items_whoever_asks(client, company, gestora):
    colleague = make_persona("administrativa")
    follow_up_create(
        company=company, title="Llamar a la gestora", assigned_to=gestora, due_date=date.today()
    )
    follow_up_create(
        company=company, title="Tarea de la colega", assigned_to=colleague, due_date=date.today()
    )
    token = calendars.feed_token_create(user=gestora)
    client.force_login(colleague)

    feed = client.get(reverse("calendar_feed", args=[token.token])).content.decode()

    assert "Llamar a la gestora" in feed
    assert "Tarea de la colega" not in feed
