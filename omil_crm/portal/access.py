"""Who is looking at a portal page: the contact of a live portal session, their company and,
for a park's representative, the park they speak for."""

from dataclasses import dataclass
from functools import cached_property, wraps

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from omil_crm.portal.models import PortalSession
from omil_crm.portal.sessions import COOKIE_NAME, active_session


@dataclass
class PortalVisitor:
    session: PortalSession

    @property
    def contact(self):
        return self.session.contact

    @property
    def company(self):
        return self.session.contact.company

    @cached_property
    def represented_park(self):
        """The park this contact represents, if any: the representative also sees the park's
        requests (public fields only), the meetings' minutes and their agreements."""
        return self.contact.represented_parks.first()

    @property
    def is_representative(self) -> bool:
        return self.represented_park is not None

    @cached_property
    def menu(self) -> list[dict]:
        from omil_crm.portal.navigation import menu_items

        return menu_items(self)


def portal_view(view):
    """A portal page: open without a staff login, closed without a portal session (sent to
    the page where a contact asks for a sign-in link). Never kept by a cache: it shows a
    company's own data."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        session = active_session(request.COOKIES.get(COOKIE_NAME))
        if session is None:
            return redirect("portal:enter")
        request.portal = PortalVisitor(session=session)
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def public_portal_view(view):
    """A portal page open to anyone (asking for a link, confirming it); never cached."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper
