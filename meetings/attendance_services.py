"""A company contact's own answer to a park meeting, given on the portal: «Confirmar
asistencia» or «No podré asistir». Staff still record who actually came
(meetings.services.attendance_record); the answer shows beside each name on the meeting page."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings.models import Attendance, Meeting

Response = Attendance.Response


@transaction.atomic
def attendance_respond(
    *, meeting: Meeting, contact, response: str, at: datetime | None = None
) -> Attendance:
    """Store the contact's answer on their invitation, inviting them if they were not yet (any
    contact of a company of the park may come). Only before a scheduled meeting starts; the
    last answer counts."""
    at = at or timezone.now()
    if response not in Response.values:
        raise ValidationError("Respuesta desconocida: elija si asistirá o no.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(f"La reunión ya no está programada ({meeting.get_status_display()}).")
    if meeting.starts_at <= at:
        raise ValidationError("La reunión ya comenzó: no se puede cambiar la respuesta.")
    try:
        with transaction.atomic():
            attendance, _ = Attendance.objects.get_or_create(meeting=meeting, contact=contact)
    except IntegrityError:
        attendance = Attendance.objects.get(meeting=meeting, contact=contact)
    attendance.portal_response = response
    attendance.portal_responded_at = at
    attendance.full_clean()
    attendance.save(update_fields=["portal_response", "portal_responded_at"])
    return attendance
