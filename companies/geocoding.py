"""Placing a company on the map from its address, through an optional Nominatim-compatible
geocoder (settings.OMIL_GEOCODER_URL; none by default, so the project needs no outside
service). Runs in a Celery task after the save: a slow or failing geocoder never blocks it."""

import json
import logging
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings

from companies.models import Company
from omil_crm.base.comunas import comuna_name

logger = logging.getLogger(__name__)
SIX_PLACES = Decimal("0.000001")
# An answer bigger than this is not a geocoder's answer about one address.
MAX_ANSWER_BYTES = 256 * 1024


def wants_geocoding(company: Company) -> bool:
    return bool(settings.OMIL_GEOCODER_URL and company.address.strip()) and not (
        company.has_location
    )


def _query(company: Company) -> str:
    comuna = comuna_name(company.comuna) if company.comuna else ""
    return ", ".join(part for part in (company.address.strip(), comuna, "Chile") if part)


def lookup(address: str) -> tuple[Decimal, Decimal] | None:
    """(latitude, longitude) of the geocoder's first match, or None; errors are logged."""
    params = urlencode({"q": address, "format": "jsonv2", "limit": 1, "countrycodes": "cl"})
    request = Request(
        f"{settings.OMIL_GEOCODER_URL}?{params}",
        headers={"User-Agent": settings.OMIL_GEOCODER_USER_AGENT, "Accept": "application/json"},
    )
    try:
        with urlopen(request, timeout=settings.OMIL_GEOCODER_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read(MAX_ANSWER_BYTES + 1)[:MAX_ANSWER_BYTES])
        first = answer[0]
        latitude = Decimal(str(first["lat"])).quantize(SIX_PLACES)
        longitude = Decimal(str(first["lon"])).quantize(SIX_PLACES)
    except (OSError, ValueError, LookupError, TypeError, InvalidOperation) as error:
        logger.warning("Geocoder could not place %r: %s", address, error)
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        logger.warning("Geocoder answered out-of-range coordinates for %r", address)
        return None
    return latitude, longitude


def geocode_company(company_id: int) -> bool:
    """Set the coordinates of a company still without them; True when they were set."""
    company = Company.objects.filter(pk=company_id).first()
    if company is None or not wants_geocoding(company):
        return False
    found = lookup(_query(company))
    if found is None:
        return False
    # Only if nobody placed the pin by hand meanwhile.
    updated = Company.objects.filter(
        pk=company_id, latitude__isnull=True, longitude__isnull=True
    ).update(latitude=found[0], longitude=found[1])
    return bool(updated)
