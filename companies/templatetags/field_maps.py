"""The map that places a pin for a form's latitude and longitude fields."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("companies/partials/location_picker.html")
def location_picker(form):
    return {
        "latitude": form["latitude"],
        "longitude": form["longitude"],
        "tiles": settings.OMIL_MAP_TILE_URL,
        "attribution": settings.OMIL_MAP_ATTRIBUTION,
        "center_lat": settings.OMIL_OFFICE_LATITUDE,
        "center_lon": settings.OMIL_OFFICE_LONGITUDE,
    }
