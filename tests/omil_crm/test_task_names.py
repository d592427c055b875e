"""Moving code never renames a Celery task: beat and messages already queued in Redis find
their task by name, and a worker that no longer knows a name drops the message."""

from django.conf import settings

from omil_crm.celery import app

QUEUED_BY_SERVICES = {
    "companies.tasks.geocode_company",
    "omil_crm.tasks.send_reminder_email",
    "requests_routing.outbound.send_request_email",
    "omil_crm.portal.send_portal_links",
    "omil_crm.portal.send_portal_link",
}


def registered_names() -> set[str]:
    app.loader.import_default_modules()  # what a starting worker does
    return set(app.tasks)


def test_every_task_of_the_beat_schedule_is_registered_under_its_name():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled <= registered_names()


def test_the_tasks_services_queue_keep_their_names():
    assert registered_names() >= QUEUED_BY_SERVICES
