"""Celery tasks of the meetings app: thin, idempotent, found by the worker's autodiscovery."""

from celery import shared_task

from meetings import services


@shared_task(acks_late=True, ignore_result=True)
def schedule_next_meetings() -> str:
    """Beat, daily: every park's next monthly meeting exists (created once)."""
    return services.schedule_next_meetings()


@shared_task(acks_late=True, ignore_result=True)
def send_meeting_reminders() -> str:
    """Beat, hourly: the 7-day and 1-day reminders that are due (each sent once)."""
    return services.send_meeting_reminders()
