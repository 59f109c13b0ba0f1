"""DecoCRM settings, configured from the environment (see README, "Configuration"): this module (the platform:
security, database, auth, storage, cache, broker, monitoring), `tasks` (the Celery task topology: queues, routes,
limits, beat) and `rules` (the company's business rules: pool, key accounts, clean-up, revisits, calendar).

No secret has a production default: with DEBUG off, SECRET_KEY must be set or start-up fails.
"""

import base64
import secrets
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # ignored by git: SQLite file, embedded broker, logs

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

TESTING = "pytest" in sys.modules
DEBUG = env.bool("DEBUG", default=False)

# Commands that only read the code (the model state, the message catalogue) and sign nothing may run in a bare
# checkout with no SECRET_KEY, e.g. `manage.py makemigrations --check` in a pre-commit hook: they get a random key that
# dies with the process, so nothing can come to depend on it. Every other command, and every web or worker process,
# still refuses to start without a real key.
KEYLESS_COMMANDS = {"makemigrations", "showmigrations", "sqlmigrate", "makemessages", "compilemessages"}
_COMMAND = sys.argv[1] if len(sys.argv) > 1 and Path(sys.argv[0]).name in {"manage.py", "django-admin"} else ""

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
    elif _COMMAND in KEYLESS_COMMANDS:
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

# ID numbers are encrypted at rest (decocrm/audit/encryption.py): Fernet keys, comma-separated, newest first (the
# first encrypts, all decrypt), and the key of the blind index that exact-match search looks up. Like SECRET_KEY they
# have no production default; development and tests get fixed keys that protect nothing (README, "Encryption keys").
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
FIELD_BLIND_INDEX_KEY = env("FIELD_BLIND_INDEX_KEY", default="")
if not FIELD_ENCRYPTION_KEYS or not FIELD_BLIND_INDEX_KEY:
    if DEBUG or TESTING:
        FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ["ZGV2ZWxvcG1lbnQta2V5LW5ldmVyLWluLXByb2R1Y3Q="]
        FIELD_BLIND_INDEX_KEY = FIELD_BLIND_INDEX_KEY or "development-blind-index-key-never-in-production"
    elif _COMMAND in KEYLESS_COMMANDS or _COMMAND == "collectstatic":  # the image build collects static files
        FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()]
        FIELD_BLIND_INDEX_KEY = FIELD_BLIND_INDEX_KEY or secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS and FIELD_BLIND_INDEX_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "template_partials",
    "csp",
    "axes",
    "simple_history",
    # cross-cutting apps (never import a domain app)
    "decocrm.accounts",
    "decocrm.core",
    "decocrm.notifications",
    "decocrm.workdays",
    "decocrm.sla",
    "decocrm.audit",
    # domain apps, in lifecycle order
    "customers",
    "customers.archives",
    "leads",
    "contracts",
    "projects",
    "aftersales",
    "complaints",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # answers static files itself, compressed at collectstatic
    # Pages are gzipped (a lead list shrinks about 6x; phones on slow networks). BREACH: a compressed page that
    # reflects input next to a secret leaks the secret. The CSRF token in our pages is masked afresh on every
    # response, and Django's GZipMiddleware pads each compressed response with random bytes ("Heal the Breach").
    # Below whitenoise: static files never pass through it.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "decocrm.core.middleware.CompanyLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "decocrm.core.middleware.AdminParameterGuard",
    # Last, as django-axes requires: turns a refused (locked-out) login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "decocrm.urls"
WSGI_APPLICATION = "decocrm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "decocrm.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# Embedded default: a SQLite file under var/. Production and CI: DATABASE_URL=postgres://...
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'decocrm.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Short queries only: PostgreSQL's JIT (on by default) compiles every query the planner costs above
    # jit_above_cost, which the project lists reach at scale through their subqueries; compiling took 35-70 ms for
    # queries that run in 10-30 (bench/contracts.py). Off on this connection unless DATABASE_URL sets options.
    # Behind PgBouncer in transaction mode (README, "Beyond one machine") each transaction may run on another server
    # connection: no server-side cursors (.iterator() would lose its cursor between transactions), and no `options`
    # startup parameter, which PgBouncer refuses (or ignores, if told to): turn JIT off on the server instead
    # (`ALTER DATABASE decocrm SET jit = off`, or jit = off in postgresql.conf, as docker-compose.yml does).
    PGBOUNCER_TRANSACTION_MODE = env.bool("PGBOUNCER_TRANSACTION_MODE", default=False)
    if PGBOUNCER_TRANSACTION_MODE:
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    else:
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before any password is checked (pages and admin alike).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Tests hash every staff password they create: with PBKDF2 that cost minutes of the suite. The fast hasher is for
# pytest's own process, and for a development process (DEBUG on) that a test starts against the test database with
# PASSWORD_HASHERS_FAST=1 (tests/accounts/test_lockout.py); production (DEBUG off, no pytest) never reads it.
# Argon2id first (Django's recommendation): a sign-in costs a fraction of the CPU of 1,000,000 PBKDF2 rounds, so a
# morning wave of sign-ins does not stall everyone behind it, and it is memory-hard, which PBKDF2 is not. PBKDF2
# stays second: a hash made with it is checked, then upgraded to Argon2id at the user's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING or (DEBUG and env.bool("PASSWORD_HASHERS_FAST", default=False)):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Login throttling (django-axes). Failures are counted in the database (axes' default handler), so the lockout
# holds across every web process. A username is locked after LOGIN_FAILURE_LIMIT failures from anywhere, and an
# address after as many failures across usernames; both for LOGIN_COOLOFF_MINUTES after the last failure. Failures
# made while locked out do not extend it, and a successful login does not wipe the count: with both keys, a reset on
# success would let an attacker who owns any account clear their address's count, the victim's included. A superuser
# unlocks in the admin (Axes → Access attempts: delete) or with `manage.py axes_reset_username <username>`.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
if LOGIN_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be at least 1.")
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "decocrm.accounts.views.login_locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "decocrm.core.net.client_ip"
# Sessions live in the database (Django's default, stated): every web process on every machine reads the same ones,
# and a Redis restart signs no one out. With the shared Redis cache they are read through it (cached_db, below).
# Expired ones are deleted daily (decocrm.accounts.tasks).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Edit history (django-simple-history): written by the services, which name the user; read on the pages and in the
# admin. Never reverted from the admin: a revert would write around the services (decocrm/core/history.py).
SIMPLE_HISTORY_REVERT_DISABLED = True
# How many reverse proxies of ours stand in front of the web server and append to X-Forwarded-For (e.g. 1 for one
# nginx). 0: the header is not believed and the client address is REMOTE_ADDR (decocrm/core/net.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Rate limits (django-ratelimit) count per client address as the login lockout sees it, not per REMOTE_ADDR: behind
# nginx that is nginx's own address, and every customer would share one limit.
RATELIMIT_IP_META_KEY = "decocrm.core.net.client_ip"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files (vendored under static/, served by whitenoise in production) --------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploads: local disk under MEDIA_ROOT unless a bucket is named; then an S3-compatible store (MinIO, Alibaba OSS,
# Tencent COS, AWS), private, read through signed URLs that live UPLOAD_URL_EXPIRY seconds (decocrm/core/storage.py;
# README, "Object storage"). The keys may be left unset where the machine's role grants the bucket.
UPLOAD_URL_EXPIRY = env.int("UPLOAD_URL_EXPIRY", default=60)
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default="")  # empty: AWS itself
UPLOAD_STORAGE = {"BACKEND": "decocrm.core.storage.LocalUploads"}
if AWS_STORAGE_BUCKET_NAME:
    UPLOAD_STORAGE = {
        "BACKEND": "decocrm.core.s3.S3Uploads",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="") or None,  # path (MinIO) | virtual (OSS)
            "signature_version": env("AWS_S3_SIGNATURE_VERSION", default="s3v4"),
            "location": env("AWS_LOCATION", default=""),  # a key prefix inside the bucket, e.g. decocrm/
            "querystring_expire": UPLOAD_URL_EXPIRY,
        },
    }
STORAGES = {
    "default": UPLOAD_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# django-import-export: characters an XLSX cannot hold (control characters typed into a name) become U+FFFD instead
# of failing the export. Formula cells are neutralised by decocrm.core.exports (see there why not the library's
# IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT).
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True
# Exporting a model in the admin needs its view permission (without this any staff account could export).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Imports are all or nothing (decocrm.core.imports); a file of more rows than this runs in the background with a
# progress page (decocrm.core.import_jobs) instead of an admin preview.
IMPORT_ASYNC_ROWS = env.int("IMPORT_ASYNC_ROWS", default=2000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security (production: DEBUG=0 behind HTTPS) ---------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG and not TESTING)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])


def _bucket_origins() -> list:
    """Where signed URLs point: the endpoint's host and its subdomains (a virtual-hosted bucket), or AWS's."""
    if not AWS_STORAGE_BUCKET_NAME:
        return []
    if not AWS_S3_ENDPOINT_URL:
        return ["https://*.amazonaws.com"]
    endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
    return [f"{endpoint.scheme}://{endpoint.netloc}", f"{endpoint.scheme}://*.{endpoint.netloc}"]


# Content-Security-Policy: every asset is ours (no CDN), so 'self' is enough (and the bucket, for images).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # Images shown in pages come from the scoped views, which on object storage redirect to the bucket.
        "img-src": ["'self'", "data:", *_bucket_origins()],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Email -----------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="DecoCRM <noreply@decocrm.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)  # seconds; a hung SMTP server must not hang the worker

# --- Notifications (decocrm/notifications) ---------------------------------------------------
NOTIFICATION_EMAIL_ENABLED = env.bool("NOTIFICATION_EMAIL_ENABLED", default=True)
# Group robot (WeCom 企业微信 or DingTalk 钉钉): breach and escalation notices go there too when the URL is set.
NOTIFICATION_WEBHOOK_URL = env("NOTIFICATION_WEBHOOK_URL", default="")
NOTIFICATION_WEBHOOK_KIND = env("NOTIFICATION_WEBHOOK_KIND", default="wecom")  # wecom | dingtalk
NOTIFICATION_WEBHOOK_SECRET = env("NOTIFICATION_WEBHOOK_SECRET", default="")  # DingTalk "加签" secret, optional
# Where the CRM is reached, e.g. https://crm.example.com: links in emails and webhook messages start with it.
SITE_URL = env("SITE_URL", default="")

# --- Celery ------------------------------------------------------------------------------------
# REDIS_URL set: Redis is the broker. Unset: kombu's filesystem transport under var/, so a laptop
# runs the real worker and beat with no server at all.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        # Where kombu keeps its exchange tables (celery.exchange): its default is ./control, in the working folder.
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
    for _folder in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    # The filesystem transport has no fan-out exchange, so remote control (ping, inspect) is off.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
# The cache: one for every process (Redis, when REDIS_URL is set) holds the figures pages keep between writes
# (decocrm/core/figures.py) and the rate limits' counts; local memory otherwise (one machine, one process each).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="decocrm"),  # another site sharing the Redis: its own
        }
    }
    # Sessions read from the shared cache (written through to the database): one query less on every request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# How long a page's figures are kept at most (seconds); every write that changes them drops them at once.
FIGURES_TTL = env.int("FIGURES_TTL", default=300)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
from .tasks import *  # noqa: E402, F403  (queues, routes, limits, beat)

# --- Monitoring (decocrm/sla/metrics.py) ----------------------------------------------------------
# /metrics answers a bearer token (Authorization: Bearer <METRICS_TOKEN>) or a signed-in company manager; empty: no
# token is accepted. /healthz/sweep answers 503 when the last SLA sweep ended longer ago than this.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 32 characters (e.g. openssl rand -hex 32).")
SLA_SWEEP_LATE_AFTER = timedelta(seconds=env.int("SLA_SWEEP_LATE_AFTER", default=300))

from .rules import *  # noqa: E402, F403  (the company's business rules)

# --- Logging -----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
