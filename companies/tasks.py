"""Celery tasks of the companies app: thin, found by the worker's autodiscovery."""

from celery import shared_task

from companies import geocoding


@shared_task(ignore_result=True)
def geocode_company(company_id: int) -> bool:
    """A company saved with an address and no coordinates gets them from the geocoder."""
    return geocoding.geocode_company(company_id)
