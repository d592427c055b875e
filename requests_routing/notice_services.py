"""Writing the notice templates: saved only when every placeholder is known, kept in the
change history (who and when), deleted to return to the default wording."""

from django.db import transaction

from requests_routing import notices
from requests_routing.models import NoticeTemplate


@transaction.atomic
def notice_template_save(*, template: NoticeTemplate, actor) -> NoticeTemplate:
    """Validate the texts (placeholders, one row per kind and category) and save.

    The subject is a header: whatever line breaks it was typed with become spaces.
    """
    template.subject = " ".join(template.subject.split())
    notices.validate(template.kind, subject=template.subject, body=template.body)
    template.updated_by = actor
    template.full_clean()
    template._history_user = actor
    template.save()
    return template


@transaction.atomic
def notice_template_delete(*, template: NoticeTemplate, actor) -> None:
    """The notice goes back to the template for all categories, or to the default."""
    template._history_user = actor
    template.delete()
