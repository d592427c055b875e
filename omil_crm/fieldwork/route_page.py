"""What the route page shows of a DayRoute: one row per stop and the map's data."""

from django.conf import settings

from companies.day_route import DayRoute, clock_text


def route_rows(result: DayRoute) -> list[dict]:
    rows = []
    for number, leg in enumerate(result.route.legs, start=1):
        visit = result.visits[leg.stop.key]
        late = ""
        if leg.late_by > 0:
            late = (
                f"No alcanza a llegar a {visit.company} antes de las "
                f"{clock_text(leg.stop.latest)}: llegaría a las {clock_text(leg.start)}."
            )
        rows.append(
            {
                "number": number,
                "visit": visit,
                "company": visit.company,
                "walk_minutes": round(leg.walk_minutes),
                "metres": round(leg.metres / 10) * 10,
                "arrival": clock_text(leg.arrival),
                "start": clock_text(leg.start),
                "wait_minutes": round(leg.wait_minutes),
                "departure": clock_text(leg.departure),
                "late": late,
            }
        )
    return rows


def map_data(result: DayRoute) -> dict:
    """For static/js/field-map.js, through json_script: no script or style inline."""
    start = result.start.point
    return {
        "tiles": settings.OMIL_MAP_TILE_URL,
        "attribution": settings.OMIL_MAP_ATTRIBUTION,
        "start": {"lat": start.latitude, "lon": start.longitude, "name": result.start.name},
        "stops": [
            {
                "lat": leg.stop.point.latitude,
                "lon": leg.stop.point.longitude,
                "number": number,
                "name": leg.stop.name,
                "late": leg.late_by > 0,
            }
            for number, leg in enumerate(result.route.legs, start=1)
        ],
        "suggestions": [
            {"lat": float(company.latitude), "lon": float(company.longitude), "name": str(company)}
            for company, _metres in result.suggestions
        ],
    }
