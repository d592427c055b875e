"""The companies' side: the pages a company contact opens under /portal/.

A contact signs in with a one-use link sent to their email and gets a portal session of their
own, kept apart from the staff's Django sessions: a portal visitor is never a Django user, so
no staff page, permission or admin screen can open for them.
"""
