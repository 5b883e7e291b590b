"""One settings module for every mode, driven by environment variables.

With nothing set the portal runs embedded: SQLite, Celery tasks executed eagerly in-process,
mail printed to the console. DATABASE_URL and REDIS_URL switch it to PostgreSQL and real
Celery workers, the way a district deploys it. See .env.example for every variable.

The variables come from the process's environment and, below it, from an environment file: the one
NASTAVNIK_ENV_FILE names, else `.env` beside the code if there is one. Its format is the one both
systemd's EnvironmentFile= and a POSIX shell (`set -a; . file`) read: one KEY=value a line, a value
with spaces or <>&;| in double quotes, no $, backquote or backslash; # starts a comment line.
"""

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def read_env_file(path):
    """KEY=value lines of an environment file; a value in matching quotes loses them."""
    values = {}
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key.isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: expected KEY=value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif any(c in value for c in " <>&;|\"'"):
            raise ImproperlyConfigured(f"{path}, line {number}: put the value of {key} in double quotes")
        if any(c in value for c in "$`\\"):
            raise ImproperlyConfigured(f"{path}, line {number}: {key} may not contain $, ` or \\")
        values[key] = value
    return values


ENV_FILE = os.environ.get("NASTAVNIK_ENV_FILE") or (BASE_DIR / ".env" if (BASE_DIR / ".env").exists() else "")
if ENV_FILE:
    for _key, _value in read_env_file(ENV_FILE).items():
        os.environ.setdefault(_key, _value)  # the process's own environment wins


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Embedded mode (no DATABASE_URL): one machine, SQLite, no TLS in front. A deployment names its
# database and must then give its own SECRET_KEY.
EMBEDDED = not env("DATABASE_URL")
DEBUG = env_bool("DEBUG", default=False)


def embedded_secret_key():
    """A random key made once per installation and kept beside the code, never a shared constant."""
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not EMBEDDED:
        raise ImproperlyConfigured("SECRET_KEY must be set when DATABASE_URL is.")
    SECRET_KEY = embedded_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's form widget templates, found through TEMPLATES so that templates/django/forms/ overrides them.
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "django_htmx",
    "axes",
    "csp",
    "django_celery_beat",
    "mentoring",
    "notifications",
    "roadmap",
    "surveys",
    "orders",
    "employment",
    "reports",
    "publication",
    "consents",
    "audit",
    "documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # So that a locked-out login never reaches the view.
    "axes.middleware.AxesMiddleware",
    # Last: it calls the view itself, inside the transaction that records a form's key.
    "mentoring.submit.SingleSubmitMiddleware",
]

ROOT_URLCONF = "config.urls"
# Widgets render through TEMPLATES: a select's empty choice says «Выберите…» instead of «---------»
# (templates/django/forms/widgets/select.html and select_option.html), for every form at once.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "config.wsgi.application"

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
                "mentoring.context_processors.navigation",
                "mentoring.context_processors.sections",
                "notifications.context_processors.unread",
                "publication.low_vision.low_vision",
            ],
            "builtins": ["mentoring.templatetags.submit_once"],
        },
    },
]

# Database: SQLite next to the code unless DATABASE_URL names another.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # IMMEDIATE: a writing transaction waits for the lock at its start instead of failing half-way
    # («database is locked») when two requests write at once, e.g. two orders signed together.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "mentoring.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-import-export reads the bases (mentoring.transfer); every file the portal hands out is
# written by mentoring.spreadsheets, whose one rule keeps formula-like text («=», «+», «-», «@»,
# tab, CR) as text. IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT stays off: it deletes the «=» (the text
# changes), knows no other prefix and turns numbers into text.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# Sudo mode: signing an order, approving a case and exporting a base ask for the password again
# unless it was entered within this many minutes (audit/sudo.py).
SUDO_MINUTES = env_int("SUDO_MINUTES", 10)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Anonymous questionnaires: a campaign to fewer people than this is refused, and the results of an older
# one are withheld, for with so few respondents an answer can be told apart.
SURVEY_ANONYMITY_MIN_GROUP = env_int("SURVEY_ANONYMITY_MIN_GROUP", 5)

# Login throttling: five failures for one account from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Logins are by email in any case: count «Ivanova@…» and «ivanova@…» as one account.
AXES_USERNAME_CALLABLE = "mentoring.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
# And across accounts: this many failures from one address within the window block every login from it
# until the window ends (password spraying); counted in the cache (mentoring/auth.py). 0 turns it off.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_ADDRESS_WINDOW_MINUTES = env_int("LOGIN_ADDRESS_WINDOW_MINUTES", 60)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Uploads live outside any public URL: there is no MEDIA_URL route; files are streamed only
# by views that check the user's organization first.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not EMBEDDED and env_bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 10) * 1024 * 1024
# Reading one imported file (a roadmap, a base) may take this long and grow the process this much
# before it is refused; the limits on archives and tables are in mentoring/uploads.py.
IMPORT_TIME_BUDGET_SECONDS = env_int("IMPORT_TIME_BUDGET_SECONDS", 30)
IMPORT_MEMORY_BUDGET_MB = env_int("IMPORT_MEMORY_BUDGET_MB", 400)
# Import previews (their rows are personal data) are removed this long after the upload.
IMPORT_DRAFT_TTL_HOURS = env_int("IMPORT_DRAFT_TTL_HOURS", 72)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: the console in embedded mode; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
# A mail server that does not answer fails the send after this many seconds (and the task retries
# later) instead of holding a worker for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Наставник <noreply@nastavnik.local>")

# Celery: eager in-process without REDIS_URL, real workers and beat with it.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# The database is the truth of the work owed; the broker only carries it. A message is acknowledged
# after its task ran, so a worker killed mid-task leaves it to another one: a lost child process gives
# it back at once (reject on worker lost), a killed main process when Redis's visibility timeout ends;
# and the sweep (orders.tasks.sweep_lost_work, reports.tasks.sweep_lost_reports, every minute from
# beat) sends again whatever the database still shows queued past its deadline, lost messages of a
# restarted Redis included. Every task is idempotent: a second run of finished work does nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker waits for a restarted Redis instead of exiting
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 15 * 60)}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CONCURRENCY = env_int("CELERY_CONCURRENCY", 4)
# Work queued or running longer than this is taken as lost and sent again, at most TASK_MAX_ATTEMPTS
# times in all; then it is marked failed with its reason. Longer than the time limit above.
TASK_DEADLINE_SECONDS = env_int("TASK_DEADLINE_SECONDS", 6 * 60)
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 6)
# The daily reminders go out in chunks of this many organizations, a task each, shared by the workers.
REMINDER_CHUNK_ORGANIZATIONS = env_int("REMINDER_CHUNK_ORGANIZATIONS", 10)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "nastavnik")
# Schedules live in the database and are edited in the admin («Periodic tasks»).
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
DJANGO_CELERY_BEAT_TZ_AWARE = True

# Links in emails and calendar feeds point here, and every signed order's QR code, for ever: a
# deployment must name its public address, and refuses to start on a missing or loopback one.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")


def check_site_url(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL must be the portal's public address, e.g. https://nastavnik.example.ru (not {url!r})."
        )
    host = parts.hostname
    try:
        loopback = ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if loopback:
        raise ImproperlyConfigured(f"SITE_URL is a loopback address ({url}): set the portal's public address.")


if not EMBEDDED and not DEBUG:
    if not env("SITE_URL"):
        raise ImproperlyConfigured("SITE_URL must be set when DATABASE_URL is (the portal's public address).")
    check_site_url(SITE_URL)

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Security. A deployment is strict by default; embedded mode has no TLS in front of it.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
STRICT = not DEBUG and not EMBEDDED
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=STRICT)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=STRICT)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=STRICT)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if STRICT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=STRICT)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=STRICT)
# Content-Security-Policy (django-csp 4): scripts only from our own static files (no inline script or
# handler anywhere; data goes by json_script and data- attributes), no plugins, no framing but by us.
# Style attributes stay allowed: progress bars and the timeline are drawn with computed widths and
# offsets; <style> elements and foreign stylesheets are not. Views that differ: the order's preview
# (framed by its own page) and the public embed (framed by any school site).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Behind a TLS-terminating proxy (nginx): trust its X-Forwarded-Proto, and take the client's
# address from X-Forwarded-For so that login throttling counts clients, not the proxy. PROXY_COUNT is
# the number of our proxies, each appending to the header: the client is the PROXY_COUNT-th entry from
# the end, and anything before it is the client's own say and ignored (mentoring.auth.client_address).
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
PROXY_COUNT = env_int("PROXY_COUNT", 1)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# django-ipware is not installed: axes asks this, for its lock and for the audit log alike.
AXES_CLIENT_IP_CALLABLE = "mentoring.auth.client_address"
# Embedded mode serves static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = EMBEDDED

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # One line per finished task drowns a run of thousands of reminder emails; failures still show.
        "celery.app.trace": {"level": "WARNING"},
        # WeasyPrint reports each step of each rendering at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
