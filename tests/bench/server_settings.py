"""Settings of the gunicorn that tests/bench/load.py starts: production's, with DJANGO_DEBUG=0
and the rest from the environment, and only what plain http on loopback needs changed.

Production sits behind Caddy, which ends https and sets X-Forwarded-Proto; here the load
generator speaks plain http to gunicorn directly, so cookies may not be marked Secure (a
client would never send them back) and nothing is redirected to https. The TLS work is
Caddy's, not Django's, so the figures leave out nothing the application does. The URLs are
production's plus one bare view, the ceiling of the load test (server_urls.py): production
itself never serves it.
"""

from omil_crm.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "tests.bench.server_urls"
