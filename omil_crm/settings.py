"""Settings for OMIL CRM, in one module: the environment decides.

With no variables set the app runs on SQLite under var/, runs Celery tasks in process and writes
mail to files, so `make run` needs no services. Production sets DJANGO_DEBUG=0 and the variables
listed in the README.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from omil_crm.env import (
    database_from_url,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    parse_places,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("OMIL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "solo-para-desarrollo-local-no-usar-en-produccion"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    # Start-up refuses a short key; `check --deploy` (security.W009) asks for 50 random ones.
    if len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "Con DJANGO_DEBUG=0 se requiere SECRET_KEY (al menos 32 caracteres aleatorios)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Con DJANGO_DEBUG=0 se requiere ALLOWED_HOSTS (nombres separados por comas)."
        )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "omil_crm",
    "companies",
    "requests_routing",
    "vacancies",
    "meetings",
    # Employer events: reads companies and vacancies.
    "events",
    # Reads requests and vacancies; adds its sections to the company and meeting pages.
    "omil_crm.balance.apps.BalanceConfig",
    "omil_crm.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "omil_crm.accounts.middleware.TwoFactorMiddleware",
    "omil_crm.accounts.middleware.AlcaldiaStaysInAdminMiddleware",
    "omil_crm.accounts.middleware.PrivateResponsesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "omil_crm.urls"
WSGI_APPLICATION = "omil_crm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "omil_crm.accounts.context_processors.navigation",
            ],
        },
    },
]

# Database: PostgreSQL when DATABASE_URL is set, SQLite under var/ otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    _database = database_from_url(DATABASE_URL)
    # Persistent connections, checked before reuse so a dropped connection is replaced.
    _database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True
    _database["OPTIONS"].setdefault("connect_timeout", "5")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "omil.sqlite3",
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }
    # Covering indexes (INCLUDE) only speed up PostgreSQL; SQLite builds them without the
    # extra columns, which changes nothing for development, so its warning is not shown.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DATABASES = {"default": _database}
# Large read queries kept as prepared statements on each connection (omil_crm.base.statements);
# off behind a pooler that hands one server session to several clients.
DATABASE_PREPARED = env_bool("DATABASE_PREPARED", True)
if DATABASE_URL and DATABASE_PREPARED:
    # Each of those statements is planned once, for any value of its parameter. Left to
    # choose, PostgreSQL re-planned the dashboard's counters (their parameter is «now») on
    # every run with the benchmark's larger dataset, 2.7 ms of planning for 1.3 ms of work,
    # because the generic plan's estimate came out a little above the custom plans'. Only
    # prepared statements use the setting: those, and the triggers' PL/pgSQL, which look up
    # rows by key. Set when connecting: a SET inside a request's transaction would be undone
    # with it.
    _startup = _database["OPTIONS"].get("options", "")
    _database["OPTIONS"]["options"] = f"{_startup} -c plan_cache_mode=force_generic_plan".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker and cache. Without it tasks run in process and the cache is local.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # A stopped or frozen Redis is a cache miss, logged, never an error page.
            "BACKEND": "omil_crm.base.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "omil",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "America/Santiago"
# A request that queues work must not hang on a stopped or frozen Redis: connecting and
# publishing give up within a few seconds, the enqueue is logged, and the periodic resend
# jobs queue the unsent rows again once Redis is back (see omil_crm/base/queue.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
# CELERY_BEAT_SCHEDULE comes after the office rules it reads (below).

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A session lasts one working day (08:00 to 18:00 covers the office's longest shift) and is not
# extended by activity: staff are not sent to the login page mid-afternoon, and a laptop or
# phone left signed in overnight is signed out by the next morning.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 10)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): five failed passwords for one account from one address lock
# that account on that address for 15 minutes. Locking the pair, not the address alone, keeps
# one forgotten password from locking out the whole office behind the municipal NAT; locking
# the pair, not the account alone, keeps an outsider from locking a colleague out at will.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("OMIL_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OMIL_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The lock lasts exactly the cool-off the page announces, however often the person retries.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login forgets earlier typos, so they do not add up over a week.
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "omil_crm.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "omil_crm.accounts.lockout.client_ip"
# How many reverse proxies in front of gunicorn append to X-Forwarded-For (0: none, the
# client's address is REMOTE_ADDR). Trusting a header no proxy of ours writes would let anyone
# pick their own address and dodge the lock. Production runs behind one https proxy (below).
OMIL_PROXY_COUNT = env_int("OMIL_PROXY_COUNT", 0 if DEBUG else 1)

# Two-factor sign-in (omil_crm/accounts/two_factor.py): the Psicóloga Laboral, the Encargado
# OMIL and superusers confirm each login with a code from a phone app (TOTP) or a one-use
# recovery code. Required in production; off in development so the demo accounts of
# `make run` sign in with the password alone. Wrong codes are throttled by django-otp: each
# failure doubles the wait before the next try (1, 2, 4, 8… seconds).
OMIL_REQUIRE_2FA = env_bool("OMIL_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "OMIL CRM"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A password-reset link (sent from the «Equipo» page or the login page) lasts three days.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Content-Security-Policy, in development too so a violation shows up before production: only
# this site's own scripts and styles (no inline code; data for scripts travels in json_script
# blocks), Bootstrap's inline SVG icons as data: images, no plugins, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The service worker (/sw.js) and the web app manifest come from this site only.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The field day's maps (companies, the day's route). Leaflet is served from static/; the tiles
# come from this server, OpenStreetMap's in production and none in development and tests (the
# maps then show their markers on a plain background). "none" turns the tiles off.
_OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OMIL_MAP_TILE_URL = env_str("OMIL_MAP_TILE_URL", "" if DEBUG else _OSM_TILES)
if OMIL_MAP_TILE_URL.strip().lower() in {"none", "ninguno"}:
    OMIL_MAP_TILE_URL = ""
OMIL_MAP_ATTRIBUTION = env_str(
    "OMIL_MAP_ATTRIBUTION", "© colaboradores de OpenStreetMap" if OMIL_MAP_TILE_URL else ""
)
if OMIL_MAP_TILE_URL:
    _tiles = urlsplit(OMIL_MAP_TILE_URL.replace("{s}", "a"))
    if _tiles.scheme not in {"http", "https"} or not _tiles.netloc:
        raise ImproperlyConfigured(
            "OMIL_MAP_TILE_URL debe ser una dirección http(s) con {z}/{x}/{y}."
        )
    # Only the tile host is added to the images the pages may load; "{s}" subdomains too.
    _tile_host = urlsplit(OMIL_MAP_TILE_URL).netloc.replace("{s}", "*")
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tile_host}")
# An optional Nominatim-compatible geocoder (e.g. https://nominatim.openstreetmap.org/search):
# when set, a company saved with an address and no coordinates is placed in the background.
OMIL_GEOCODER_URL = env_str("OMIL_GEOCODER_URL")
OMIL_GEOCODER_TIMEOUT = env_int("OMIL_GEOCODER_TIMEOUT", 10)
OMIL_GEOCODER_USER_AGENT = env_str("OMIL_GEOCODER_USER_AGENT", "OMIL CRM")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "es-cl"
LANGUAGES = [("es-cl", "Español (Chile)")]
TIME_ZONE = "America/Santiago"
USE_I18N = True
# Our own translations of the texts Django still ships untranslated in Spanish.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
if DEBUG:
    # WhiteNoise warns on every request while the collected-files folder does not exist.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Mail: SMTP when EMAIL_HOST is set, files under var/mail otherwise.
_smtp_host = env_str("EMAIL_HOST")
if _smtp_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OMIL <omil@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Inbox of emailed service requests (read by the poller).
IMAP_HOST = env_str("IMAP_HOST")
IMAP_PORT = env_int("IMAP_PORT", 993)
IMAP_USER = env_str("IMAP_USER")
IMAP_PASSWORD = env_str("IMAP_PASSWORD")
IMAP_FOLDER = env_str("IMAP_FOLDER", "INBOX")
IMAP_USE_TLS = env_bool("IMAP_USE_TLS", True)
IMAP_TIMEOUT = env_int("IMAP_TIMEOUT", 30)
INBOX_MAX_ATTACHMENT_BYTES = env_int("INBOX_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
INBOX_MAX_MESSAGE_BYTES = env_int("INBOX_MAX_MESSAGE_BYTES", 25 * 1024 * 1024)
INBOX_POLL_MINUTES = env_int("INBOX_POLL_MINUTES", 5)
# The authserv-ids of the receiving mail servers whose Authentication-Results header is
# believed (comma-separated, e.g. "mx.municipio.cl"); empty trusts none. Such a server must
# remove any header claiming its id that arrives with the message (RFC 8601, section 5).
INBOX_TRUSTED_AUTHSERV_IDS = [item.lower() for item in env_list("INBOX_TRUSTED_AUTHSERV_IDS")]

# Office rules the staff may tune.
NO_CONTACT_DAYS = env_int("OMIL_NO_CONTACT_DAYS", 60)
# How long the dashboard may show figures computed earlier (the page says when they were).
DASHBOARD_CACHE_SECONDS = env_int("OMIL_DASHBOARD_CACHE_SECONDS", 600)
FLAG_VISIT_WORKING_DAYS = env_int("OMIL_FLAG_VISIT_WORKING_DAYS", 5)
DEPARTMENT_REMINDER_DAYS = env_int("OMIL_DEPARTMENT_REMINDER_DAYS", 5)
OMIL_IMPORT_MAX_BYTES = env_int("OMIL_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# The companies' portal: whether a company reads the names of the staff on its requests'
# timelines (otherwise «Equipo OMIL»), and how much one contact may file.
PORTAL_LINK_MINUTES = env_int("OMIL_PORTAL_LINK_MINUTES", 15)
PORTAL_SESSION_DAYS = env_int("OMIL_PORTAL_SESSION_DAYS", 30)
PORTAL_SHOW_STAFF_NAMES = env_bool("OMIL_PORTAL_SHOW_STAFF_NAMES", False)
PORTAL_MAX_FILES = env_int("OMIL_PORTAL_MAX_FILES", 5)
PORTAL_FILINGS_PER_HOUR = env_int("OMIL_PORTAL_FILINGS_PER_HOUR", 5)
PORTAL_FILINGS_PER_DAY = env_int("OMIL_PORTAL_FILINGS_PER_DAY", 20)
PORTAL_COMMENTS_PER_HOUR = env_int("OMIL_PORTAL_COMMENTS_PER_HOUR", 10)
PORTAL_COMMENTS_PER_DAY = env_int("OMIL_PORTAL_COMMENTS_PER_DAY", 40)
# The rest of the work an uploaded spreadsheet may cost: rows read (blank ones count), cells
# with data, columns read per row, characters in one CSV line, seconds, and for an .xlsx (a zip)
# the inflated size of any one part and of all of them, and how many times a part may inflate.
OMIL_IMPORT_MAX_ROWS = env_int("OMIL_IMPORT_MAX_ROWS", 5000)
OMIL_IMPORT_MAX_CELLS = env_int("OMIL_IMPORT_MAX_CELLS", 100_000)
OMIL_IMPORT_MAX_COLUMNS = env_int("OMIL_IMPORT_MAX_COLUMNS", 64)
OMIL_IMPORT_MAX_LINE_CHARS = env_int("OMIL_IMPORT_MAX_LINE_CHARS", 20_000)
OMIL_IMPORT_MAX_SECONDS = env_int("OMIL_IMPORT_MAX_SECONDS", 2)
OMIL_IMPORT_MAX_XLSX_PART_BYTES = env_int("OMIL_IMPORT_MAX_XLSX_PART_BYTES", 20 * 1024 * 1024)
OMIL_IMPORT_MAX_XLSX_BYTES = env_int("OMIL_IMPORT_MAX_XLSX_BYTES", 40 * 1024 * 1024)
OMIL_IMPORT_MAX_XLSX_RATIO = env_int("OMIL_IMPORT_MAX_XLSX_RATIO", 100)
# Where companies and departments reply: the requests mailbox the poller reads.
INBOX_ADDRESS = env_str("INBOX_ADDRESS")

# The office as printed on vacancy postings (where and when job seekers apply). The defaults are
# the demo's, for Concón; each installation sets its own.
OMIL_OFFICE_NAME = env_str("OMIL_OFFICE_NAME", "OMIL Municipalidad de Concón")
OMIL_OFFICE_ADDRESS = env_str("OMIL_OFFICE_ADDRESS", "Av. Santa Laura 567, Concón")
OMIL_OFFICE_PHONE = env_str("OMIL_OFFICE_PHONE", "+56 32 238 5500")
OMIL_OFFICE_EMAIL = env_str("OMIL_OFFICE_EMAIL", "omil@demo-concon.cl")
OMIL_OFFICE_HOURS = env_str("OMIL_OFFICE_HOURS", "Lunes a viernes, de 8:30 a 14:00")

# The day's route on foot: the office's coordinates (the default start), how much longer a walk
# is than the straight line, the walking speed, how long a visit lasts, and how far from the
# route a company due for contact is suggested.
OMIL_OFFICE_LATITUDE = env_float("OMIL_OFFICE_LATITUDE", -32.9246)
OMIL_OFFICE_LONGITUDE = env_float("OMIL_OFFICE_LONGITUDE", -71.5185)
OMIL_ROUTE_DETOUR_FACTOR = env_float("OMIL_ROUTE_DETOUR_FACTOR", 1.3)
OMIL_ROUTE_WALKING_KMH = env_float("OMIL_ROUTE_WALKING_KMH", 4.5)
OMIL_ROUTE_VISIT_MINUTES = env_int("OMIL_ROUTE_VISIT_MINUTES", 45)
OMIL_ROUTE_DAY_START = env_str("OMIL_ROUTE_DAY_START", "08:30")
OMIL_ROUTE_SUGGEST_METRES = env_int("OMIL_ROUTE_SUGGEST_METRES", 1000)
# More places a walk may start from besides the office and the parks (a bus stop), as
# "Nombre|latitud|longitud" separated by ";". The default is the demo's, in Concón.
OMIL_ROUTE_START_POINTS = parse_places(
    env_str(
        "OMIL_ROUTE_START_POINTS",
        "Paradero Camino Concón–Quillota, acceso Gulmué|-32.931800|-71.500400",
    ),
    "OMIL_ROUTE_START_POINTS",
)

# The office's reminders: the digest hour (Santiago time) and the address used in emails.
DIGEST_HOUR = env_int("OMIL_DIGEST_HOUR", 8)
if not 0 <= DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("OMIL_DIGEST_HOUR debe ser una hora entre 0 y 23.")
SITE_URL = env_str("OMIL_SITE_URL", "http://127.0.0.1:8000")
# Celery's own beat schedule (exactly one beat runs; every task is idempotent anyway). Times
# are Santiago's (CELERY_TIMEZONE). Tasks are named, never imported, so settings stay light.
CELERY_BEAT_SCHEDULE = {
    "leer-buzon": {
        "task": "requests_routing.tasks.poll_inbox",
        "schedule": timedelta(minutes=INBOX_POLL_MINUTES),
    },
    "reintentar-correos-de-solicitudes": {
        "task": "requests_routing.tasks.resend_unsent_emails",
        "schedule": timedelta(minutes=10),
    },
    "seguimientos-de-solicitudes-vencidas": {
        "task": "requests_routing.tasks.follow_up_overdue_requests",
        "schedule": crontab(hour=7, minute=0),
    },
    "crear-proximas-reuniones": {
        "task": "meetings.tasks.schedule_next_meetings",
        "schedule": crontab(hour=6, minute=0),
    },
    "recordatorios-de-reuniones": {
        "task": "meetings.tasks.send_meeting_reminders",
        "schedule": crontab(minute=0),
    },
    "resumen-diario": {
        "task": "omil_crm.tasks.send_daily_digests",
        "schedule": crontab(hour=DIGEST_HOUR, minute=0),
    },
    "empresas-sin-contacto": {
        "task": "omil_crm.tasks.follow_up_uncontacted_companies",
        "schedule": crontab(hour=7, minute=30),
    },
    "reintentar-recordatorios": {
        "task": "omil_crm.tasks.resend_unsent_reminder_emails",
        "schedule": timedelta(minutes=10),
    },
    "resumenes-del-panel": {
        "task": "omil_crm.tasks.refresh_dashboard_rollups",
        "schedule": timedelta(minutes=15),
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

if not DEBUG:
    # Production sits behind an https proxy that sets X-Forwarded-Proto (README, Producción).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The container's health check asks over plain http from inside; it must not be redirected.
    SECURE_REDIRECT_EXEMPT = [r"^salud/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Only the "preload" word in the header; joining browsers' lists is a separate, manual
    # request for the municipality's domain.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # It reports every optional part an Outlook file lacks; only its errors matter.
        "extract_msg": {"level": "ERROR"},
    },
}
