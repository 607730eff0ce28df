"""Klynge settings, read from environment variables.

Every variable is documented in README.md (a test checks that). The helpers fail loudly on
values they cannot parse, so a typo in production stops start-up instead of silently
falling back to a default.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("DEMO_MODE", False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django Ninja's own templates and static files: the API docs without a CDN or inline script.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "klynge.core",
    "klynge.accounts",
    "klynge.audit",
    "klynge.organisations",
    "klynge.meetings",
    "klynge.votes",
    "klynge.recommendations",
    "klynge.actionplans",
    "klynge.followups",
    "klynge.archive",
    "klynge.outcomes",
    "klynge.reports",
    "klynge.carryovers",
    "klynge.healthplans",
    "klynge.budgets",
    "klynge.evaluations",
    "klynge.search",
    "klynge.front",
    "klynge.demo",
]

#: Personal lines the apps above meetings add to the minutes mail, as (meeting, person) -> str.
MINUTES_MAIL_PERSONAL_LINES = ["klynge.evaluations.services.minutes_mail_line"]

#: What the apps above meetings show on each agenda item, in order: (template, the related
#: rows to prefetch). Meetings renders them without importing those apps.
MEETING_ITEM_PANELS = [
    ("votes/_item_inhabil.html", "inhabilities__person"),
    ("votes/_item_votes.html", "votes"),
    ("votes/_item_statements.html", "statements"),
    ("recommendations/_item_recommendations.html", "recommendations"),
    ("actionplans/_item_cases.html", "cases__initiative"),
    ("followups/_item_follow_ups.html", "follow_ups__responsible"),
]

#: The panels the public meeting page shows too (each one's rows prefetched above); each
#: panel checks what the public may see.
MEETING_ITEM_PUBLIC_PANELS = [
    "votes/_item_inhabil.html",
    "votes/_item_votes.html",
    "votes/_item_statements.html",
    "recommendations/_item_recommendations.html",
]

#: Called as f(actor=, recommendation=) inside the transaction of every state change of a
#: recommendation, by the apps above recommendations (a plan is approved when the last
#: required body says yes).
RECOMMENDATION_STATE_HOOKS = ["klynge.healthplans.services.on_recommendation_state"]

#: What the apps above meetings add to each item in the minutes (PDF and Word), as functions
#: (access, items) -> {item id: [(heading, [lines])]}, called only when decisions are shown.
MEETING_MINUTES_ITEM_SECTIONS = ["klynge.votes.documents.minutes_sections"]

# --- The council's money on the action plan's pages (issue #25, money-elsewhere) ---
#: Columns the apps above actionplans add to the portfolio (page, .xlsx and PDF alike), as
#: functions (portfolio, *, user) -> list[klynge.actionplans.portfolio.Column]: a whole
#: number per initiative with its theme's and the plan's totals (granted and spent in a
#: year). They return no column when they have nothing to show.
PORTFOLIO_COLUMNS = ["klynge.budgets.portfolio.money_columns"]

#: Panels the apps above actionplans add to the initiative page, in order: (template,
#: function (user, initiative) -> its context, or None to show nothing).
INITIATIVE_PANELS = [
    ("budgets/_initiative_money.html", "klynge.budgets.panels.initiative_money_context"),
]

MIDDLEWARE = [
    # First: a request's writes reach the page cache by scope when it ends.
    "klynge.core.pagecache.UnitOfWorkMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "klynge.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "klynge.core.middleware.PrivateCacheMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (it says why a session ended); LoginRequiredMiddleware's check comes
    # later still, in process_view.
    "klynge.accounts.sessions.SessionLimitsMiddleware",
    # After the session limits: asks for the second factor where it is due.
    "klynge.front.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "klynge.audit.middleware.RequestContextMiddleware",
    # Last: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "klynge.urls"
WSGI_APPLICATION = "klynge.wsgi.application"

# The rendered public pages of published minutes (their HTML and PDF), keyed by the meeting's
# version, and logged-in pages per viewer (klynge.core.pagecache): a cache every app server
# shares. "file" (a folder on shared storage), "database" (the table `klynge_cache`, made by
# `klynge createcachetable`) or "memory" (one process). Beside it, a one-entry cache of the
# data generation, replaced at every write, apart so that writing it is cheap.
_CACHE_BACKEND = env_str("CACHE_BACKEND", "file")
_CACHE_LOCATION = env_str("CACHE_LOCATION", str(BASE_DIR / "var" / "cache"))
_CACHES = {  # backend, the pages' location, the generation's location
    "file": (
        "django.core.cache.backends.filebased.FileBasedCache",
        _CACHE_LOCATION,
        f"{_CACHE_LOCATION}-generation",
    ),
    "database": (
        "django.core.cache.backends.db.DatabaseCache",
        "klynge_cache",
        "klynge_cache_generation",
    ),
    "memory": ("django.core.cache.backends.locmem.LocMemCache", "pages", "generation"),
}
if _CACHE_BACKEND not in _CACHES:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be one of {sorted(_CACHES)}")
_BACKEND, _PAGES_AT, _GENERATION_AT = _CACHES[_CACHE_BACKEND]
CACHES = {
    "default": {
        "BACKEND": _BACKEND,
        "LOCATION": _PAGES_AT,
        "TIMEOUT": 60 * 60 * 24 * 30,
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20_000)},
    },
    # A token per scope: every cluster, person and user that has had a page cached. Culling
    # one only renders its pages anew, but culling them by the hundred would.
    "generation": {
        "BACKEND": _BACKEND,
        "LOCATION": _GENERATION_AT,
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
}
#: How long a page is served again from the cache at most (0: never; with DEBUG a
#: template being edited shows at once).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
#: Where a written row belongs (its clusters, people, users): which cached pages it replaces.
PAGE_CACHE_SCOPES = "klynge.organisations.pagescopes"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "klynge" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "klynge.front.context_processors.klynge",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'klynge.sqlite3'}"),
        # Keep connections between requests (a new PostgreSQL connection per request costs
        # more than most pages); checked before reuse, so a restarted server is no error.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the browser tests' live server and readers work beside a writer.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any plan over its cost threshold, ~100 ms of LLVM per query
    # for page and search queries that run in 20-80 ms: it pays only for long reports.
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout (django-axes): LOGIN_FAILURE_LIMIT failed logins for one account, or from one
# address, within LOGIN_LOCKOUT_MINUTES lock that account or address for as long; an
# administrator unlocks earlier (the admin's "Access attempts", or `klynge axes_reset`).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "klynge.core.http.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "klynge.accounts.views.locked_out"
AXES_VERBOSE = False
# Logins, failures and lockouts go to Klynge's own audit log (accounts/signals.py).
AXES_DISABLE_ACCESS_LOG = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "klynge" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [
    BASE_DIR / "klynge" / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("sortable", BASE_DIR / "node_modules" / "sortablejs"),
    ("tomselect", BASE_DIR / "node_modules" / "tom-select" / "dist"),
]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"  # never served directly: attachments go through an access check
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STORAGES = {
    # Django's file system storage that cleans up after a failed write (a full disk).
    "default": {"BACKEND": "klynge.core.files.SafeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
#: Background work (imports of legacy minutes, mails): django-tasks. "database" queues tasks in
#: the database for `klynge worker`; "immediate" runs them at once in the request (tests, demos
#: without a worker). Mail and archive imports wait in separate queues, each with its own
#: worker (`klynge worker --queue mail`, `--queue imports`): an OCR of a long scan must never
#: hold back a mail. Every task names its queue.
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database or immediate, not {TASKS_BACKEND!r}"
    )
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["mail", "imports", "documents"],
    }
}
#: A failed background task is tried this many times in all (1, 2, 4 … minutes apart), then
#: listed for the secretariat on /opgaver/.
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 4)
#: The largest file the archive reads (MB); larger uploads are refused with a message.
ARCHIVE_MAX_FILE_MB = env_int("ARCHIVE_MAX_FILE_MB", 100)
#: What one upload to the archive may unpack to in all (MB; a .zip's members counted as
#: unpacked), and what one person may store in the archive in 24 hours.
ARCHIVE_MAX_UPLOAD_MB = env_int("ARCHIVE_MAX_UPLOAD_MB", 200)
ARCHIVE_MAX_DAY_MB = env_int("ARCHIVE_MAX_DAY_MB", 1000)

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Klynge <noreply@klynge.local>")
#: Who runs this Klynge and how to reach them: the footer, the accessibility statement and
#: the privacy notice name them.
SITE_OPERATOR = env_str("SITE_OPERATOR", "Sekretariatet for sundhedsklyngen")
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "kontakt@klynge.local")

# Sessions live in the database and are read through the shared cache: one query less on
# every logged-in page.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Over HTTPS the cookies are __Host- prefixed: the browser then takes them only from this
# exact host, over HTTPS, for the whole site.
_COOKIE_PREFIX = "__Host-" if SESSION_COOKIE_SECURE else ""
SESSION_COOKIE_NAME = f"{_COOKIE_PREFIX}klynge-session"
CSRF_COOKIE_NAME = f"{_COOKIE_PREFIX}klynge-csrftoken"
LANGUAGE_COOKIE_NAME = f"{_COOKIE_PREFIX}klynge-language"
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
#: A login ends after this long without use, and after this long in any case.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 120)
SESSION_MAX_HOURS = env_int("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
#: The reverse proxies (addresses or networks) whose X-Forwarded-For is believed: the audit
#: log then records the client's address, not the proxy's.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must be addresses or networks, not {_proxy!r}"
        ) from _error
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the TLS proxy: plain HTTP is redirected (but the load balancer's health check),
# and browsers are told to use HTTPS only, subdomains included.
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", BEHIND_TLS_PROXY)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000 if BEHIND_TLS_PROXY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading binds the whole registered domain (a region's rm.dk, say) and every subdomain
# to HTTPS for good: the domain owner's decision, so off unless asked for, and not warned of.
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

#: OpenID Connect login through the organisations' identity provider: on when a client id is
#: set. People are matched by e-mail to existing active users (none are created).
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("klynge.accounts.oidc.EmailOIDCBackend")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_CREATE_USER = False
    LOGIN_REDIRECT_URL_FAILURE = "/log-ind/?oidc=fejl"
    for _name in ["OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT",
                  "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT"]:  # fmt: skip
        if not globals()[_name]:
            raise ImproperlyConfigured(f"{_name} must be set when OIDC_RP_CLIENT_ID is")
#: The identity provider's name on the login page's button.
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "din organisation")

#: Two-factor login (TOTP, django-otp): anyone may turn it on at /konto/; with this on,
#: administrators and secretariats must (they are sent to set it up at their next page).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = "Klynge"

#: How long a new personal API token lasts (days), unless its owner picks a shorter time.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
#: Requests per minute the API answers one token (or, without one, one address) before 429.
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 120)

#: How long the audit log keeps each kind of event (days): reads, searches and downloads;
#: logins, refusals and token use; changes. `klynge purge-audit-log` (daily, from cron)
#: deletes what is older.
AUDIT_KEEP_READS_DAYS = env_int("AUDIT_KEEP_READS_DAYS", 183)
AUDIT_KEEP_SECURITY_DAYS = env_int("AUDIT_KEEP_SECURITY_DAYS", 365)
AUDIT_KEEP_CHANGES_DAYS = env_int("AUDIT_KEEP_CHANGES_DAYS", 5 * 365)

#: "text" (plain lines) or "json": one JSON object a line (python-json-logger), for a log
#: collector (Elastic, Loki, Splunk).
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
#: The bearer token a monitoring system sends to read /metrics; without one, no /metrics.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,  # "timestamp": ISO 8601 in UTC
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes reports every login at INFO; the audit log already has them.
    # WeasyPrint logs 10-30 INFO lines of progress per PDF.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}
