"""The Celery app with a test-only beat schedule: each reminder job every second.

Started as `celery -A tests.faults.fast_beat beat` by test_two_beats.py, twice at once. The
digest's day comes from OMIL_FAULTS_DIGEST_DAY so it does not depend on today being a
working day.
"""

import os

from omil_crm.celery import app

EVERY_SECOND = 1.0

app.conf.beat_schedule = {
    "resumen-diario": {
        "task": "omil_crm.tasks.send_daily_digests",
        "schedule": EVERY_SECOND,
        "args": (os.environ["OMIL_FAULTS_DIGEST_DAY"],),
    },
    "recordatorios-de-reuniones": {
        "task": "meetings.tasks.send_meeting_reminders",
        "schedule": EVERY_SECOND,
    },
    "empresas-sin-contacto": {
        "task": "omil_crm.tasks.follow_up_uncontacted_companies",
        "schedule": EVERY_SECOND,
    },
    "seguimientos-de-solicitudes-vencidas": {
        "task": "requests_routing.tasks.follow_up_overdue_requests",
        "schedule": EVERY_SECOND,
    },
}
