"""The portal's menu. A page not built yet (its URL name unknown) is simply left out."""

from django.urls import NoReverseMatch, reverse

MENU = (
    ("Inicio", "portal:home", "house"),
    ("Solicitudes", "portal:requests", "chat-left-text"),
    ("Vacantes", "portal:vacancies", "briefcase"),
    ("Programas SENCE", "portal:programmes", "mortarboard"),
    ("Reuniones", "portal:meetings", "people"),
    ("Eventos", "portal:events", "calendar-event"),
)
REPRESENTATIVE_MENU = (("Parque", "portal:park", "buildings"),)


def menu_items(visitor) -> list[dict]:
    entries = MENU + (REPRESENTATIVE_MENU if visitor.is_representative else ())
    items = []
    for label, url_name, icon in entries:
        try:
            items.append({"label": label, "url": reverse(url_name), "icon": icon})
        except NoReverseMatch:
            continue
    return items
