"""Celery tasks of the portal, found by the worker's autodiscovery; they live beside the
services they wrap (sign_in.py)."""

from omil_crm.portal.sign_in import send_portal_link, send_portal_links  # noqa: F401
