"""Handing work to Celery without letting a broken broker break the page that asked for it.

Every task queued from a request or a job has its source of truth in the database (an unsent
RequestEvent or ReminderEmail row), and a periodic job queues again whatever is still unsent.
So when Redis is stopped, frozen or unreachable, the enqueue is logged and given up quickly
(settings cap the connect and publish time), and the work goes out once Redis is back.
"""

import logging

logger = logging.getLogger(__name__)


def enqueue(task, *args, what: str) -> bool:
    """Queue `task(*args)`; False (logged, never raised) when the broker refused it.

    `what` names the work in the log, in the office's words ("el correo del evento 12").
    """
    try:
        task.delay(*args)
    except Exception:
        # The row stays unsent: the periodic resend queues it again once the broker is back.
        logger.exception("No se pudo encolar %s; se reintentará más tarde", what)
        return False
    return True
