"""Django settings for fazhi.

Every setting that differs between machines comes from an environment variable,
parsed strictly here and listed in the README. Defaults give a working
single-machine install on SQLite under ``var/``.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from fazhi.lib.limits import ReadLimits

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = _env_bool("FAZHI_DEBUG", False)
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR") or PROJECT_DIR / "var")

# ── Secret key ──────────────────────────────────────────────────────────────────────────
# The built-in key is public, so anyone could forge a session signed with it. Management
# commands and tests may use it; a web server refuses to start with it unless this is a
# demonstration (FAZHI_DEMO, set by `make run`) or a developer's machine (FAZHI_DEBUG):
# see fazhi.web.server.refuse_builtin_secret_key, called by fazhi/wsgi.py.
BUILTIN_SECRET_KEY = "fazhi-insecure-development-key-change-me"
FAZHI_DEMO = _env_bool("FAZHI_DEMO", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or BUILTIN_SECRET_KEY
# The demo accounts' password; `fazhi demo` generates one when this is empty.
FAZHI_DEMO_PASSWORD = os.environ.get("FAZHI_DEMO_PASSWORD", "")
if SECRET_KEY == BUILTIN_SECRET_KEY and _env_bool("FAZHI_REQUIRE_SECRET_KEY", False):
    raise ImproperlyConfigured(
        "FAZHI_REQUIRE_SECRET_KEY 已开启，请设置环境变量 SECRET_KEY / "
        "FAZHI_REQUIRE_SECRET_KEY is on: set the SECRET_KEY environment variable"
    )

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Counts failed logins and locks an account or an address out (see the "Sign-in" block below).
    "axes",
    # Ground, then each layer above the ones it builds on (tests/test_layers.py checks the imports).
    "fazhi.core",
    "fazhi.audit",
    "fazhi.workcal",
    "fazhi.orgs",
    "fazhi.accounts",
    "fazhi.files",
    "fazhi.notify",
    "fazhi.plans",
    "fazhi.tracking",
    "fazhi.documents",
    "fazhi.web",
    "fazhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fazhi.web.middleware.ExpiredSessionMiddleware",
    "fazhi.web.middleware.NoStoreWhenSignedInMiddleware",
    "fazhi.web.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fazhi.accounts.middleware.PasswordChangeRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

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
                "django.template.context_processors.i18n",
                "fazhi.web.context_processors.navigation",
            ],
        },
    },
]


def _database_config() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        config = dj_database_url.parse(url, conn_max_age=_env_int("FAZHI_DB_CONN_MAX_AGE", 60))
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config.setdefault("OPTIONS", {}).update(_SQLITE_OPTIONS)
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "fazhi.sqlite3",
        "OPTIONS": dict(_SQLITE_OPTIONS),
    }


# WAL lets readers work while a clerk's report is written; IMMEDIATE transactions
# take the write lock up front, so two writers queue instead of failing half-way.
_SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}

DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every password set in fazhi (own change, accounts the office creates, `createadmin`, `fazhi demo`,
# the admin's forms) passes these; fazhi.accounts.validators says why each is ours, in Chinese.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "fazhi.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "fazhi.accounts.validators.UsernameInPasswordValidator"},
    {"NAME": "fazhi.accounts.validators.CommonPasswordValidator"},
    {"NAME": "fazhi.accounts.validators.NumericPasswordValidator"},
]

# ── Sign-in: lockout after repeated failures (django-axes) ──────────────────────────────
# FAZHI_LOGIN_FAILURE_LIMIT wrong passwords lock the account (from any address) and, separately,
# the address (for any account) for FAZHI_LOGIN_LOCKOUT_MINUTES; the office can unlock an account.
AUTHENTICATION_BACKENDS = [
    "fazhi.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
FAZHI_LOGIN_FAILURE_LIMIT = _env_int("FAZHI_LOGIN_FAILURE_LIMIT", 10)
FAZHI_LOGIN_LOCKOUT_MINUTES = _env_int("FAZHI_LOGIN_LOCKOUT_MINUTES", 30)
if FAZHI_LOGIN_FAILURE_LIMIT < 1 or FAZHI_LOGIN_LOCKOUT_MINUTES < 1:
    raise ImproperlyConfigured("FAZHI_LOGIN_FAILURE_LIMIT 与 FAZHI_LOGIN_LOCKOUT_MINUTES 须为正整数 / must be positive")
AXES_FAILURE_LIMIT = FAZHI_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=FAZHI_LOGIN_LOCKOUT_MINUTES)
# Many county offices reach the server through one NAT address: where a locked address would shut out
# a whole government network, FAZHI_LOGIN_LOCKOUT_BY_ADDRESS=false locks accounts only.
FAZHI_LOGIN_LOCKOUT_BY_ADDRESS = _env_bool("FAZHI_LOGIN_LOCKOUT_BY_ADDRESS", True)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"] if FAZHI_LOGIN_LOCKOUT_BY_ADDRESS else ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "fazhi.accounts.views.locked_out"
# Logins and logouts are recorded as audit events (fazhi.accounts.receivers), not in axes' own log.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Behind a reverse proxy every request comes from the proxy's address, and one person's typing errors
# would lock out everyone: set this when the proxy appends the client's address to X-Forwarded-For.
FAZHI_TRUST_X_FORWARDED_FOR = _env_bool("FAZHI_TRUST_X_FORWARDED_FOR", False)
AXES_CLIENT_IP_CALLABLE = "fazhi.accounts.backends.client_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("FAZHI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("FAZHI_MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"

# Uploads: plan documents and evidence files. Larger files are refused with a message.
FAZHI_MAX_UPLOAD_MB = _env_int("FAZHI_MAX_UPLOAD_MB", 20)
# What reading one upload may cost: ReadLimits.from_settings reads these (defaults and meaning in fazhi.lib.limits).
FAZHI_MAX_ZIP_MEMBERS = _env_int("FAZHI_MAX_ZIP_MEMBERS", ReadLimits.zip_members)
FAZHI_MAX_UNZIPPED_MEMBER_MB = _env_int("FAZHI_MAX_UNZIPPED_MEMBER_MB", ReadLimits.unzipped_member_mb)
FAZHI_MAX_UNZIPPED_TOTAL_MB = _env_int("FAZHI_MAX_UNZIPPED_TOTAL_MB", ReadLimits.unzipped_total_mb)
FAZHI_MAX_ZIP_RATIO = _env_int("FAZHI_MAX_ZIP_RATIO", ReadLimits.zip_ratio)
FAZHI_MAX_XML_DEPTH = _env_int("FAZHI_MAX_XML_DEPTH", ReadLimits.xml_depth)
FAZHI_MAX_XML_CHILDREN = _env_int("FAZHI_MAX_XML_CHILDREN", ReadLimits.xml_children)
FAZHI_MAX_XML_ELEMENTS = _env_int("FAZHI_MAX_XML_ELEMENTS", ReadLimits.xml_elements)
FAZHI_MAX_PDF_PAGES = _env_int("FAZHI_MAX_PDF_PAGES", ReadLimits.pdf_pages)
FAZHI_MAX_PDF_PAGE_OBJECTS = _env_int("FAZHI_MAX_PDF_PAGE_OBJECTS", ReadLimits.pdf_page_objects)
FAZHI_MAX_LINE_CHARS = _env_int("FAZHI_MAX_LINE_CHARS", ReadLimits.line_chars)
FAZHI_MAX_TABLE_ROWS = _env_int("FAZHI_MAX_TABLE_ROWS", ReadLimits.table_rows)
FAZHI_MAX_TABLE_COLUMNS = _env_int("FAZHI_MAX_TABLE_COLUMNS", ReadLimits.table_columns)
FAZHI_MAX_PARSE_SECONDS = _env_int("FAZHI_MAX_PARSE_SECONDS", ReadLimits.parse_seconds)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("FAZHI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "fazhi@localhost")
# Where users reach the platform, for links in reminders ("https://fazhi.example.gov.cn"); empty: no links.
FAZHI_SITE_URL = os.environ.get("FAZHI_SITE_URL", "").strip().rstrip("/")
if FAZHI_SITE_URL and not re.fullmatch(r"https?://[^\s/]+(/\S*)?", FAZHI_SITE_URL):
    raise ImproperlyConfigured(
        f"FAZHI_SITE_URL 应为 http:// 或 https:// 开头的网址 / must be an http(s) URL, got {FAZHI_SITE_URL!r}")

# ── Sessions (FAZHI_SESSION_HOURS) ─────────────────────────────────────────────────────
# A shared office computer must not stay signed in for Django's default two weeks. The clock
# runs from sign-in; a session that ends mid-form loses nothing (fazhi.web.middleware.
# ExpiredSessionMiddleware and web/forms.js keep the text in the browser until it is saved).
FAZHI_SESSION_HOURS = _env_int("FAZHI_SESSION_HOURS", 8)
if not 1 <= FAZHI_SESSION_HOURS <= 24 * 31:
    raise ImproperlyConfigured(
        f"FAZHI_SESSION_HOURS 应在 1 到 744 之间 / must be 1 to 744 hours, got {FAZHI_SESSION_HOURS}")
SESSION_COOKIE_AGE = FAZHI_SESSION_HOURS * 3600
# A form posted with a missing or stale CSRF token gets a Chinese page in the site's layout.
CSRF_FAILURE_VIEW = "fazhi.web.views.csrf_failure"

# ── The 县领导 weekly digest (fazhi.tracking.leader_digest, sent by `fazhi remind`) ─────────────
# ISO weekday (1 = Monday … 7 = Sunday) from which each week's digest goes out: the first hourly
# run on or after that day sends it, once per leader and week; 0 turns the digest off.
FAZHI_DIGEST_WEEKDAY = _env_int("FAZHI_DIGEST_WEEKDAY", 1)
if not 0 <= FAZHI_DIGEST_WEEKDAY <= 7:
    raise ImproperlyConfigured(
        f"FAZHI_DIGEST_WEEKDAY 应为 0（关闭）或 1–7（周一至周日） / must be 0 to 7, got {FAZHI_DIGEST_WEEKDAY}")

# ── HTTPS, HSTS, CSP ────────────────────────────────────────────────────────────────────
# Off by default so `make run` works over plain http on 127.0.0.1; the README's production
# settings turn them on, and tests/web/test_security.py runs `check --deploy` with them.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("FAZHI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = _env_bool("FAZHI_SSL_REDIRECT", False)
# Only behind a proxy that sets X-Forwarded-Proto itself; otherwise a client could claim https.
if _env_bool("FAZHI_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = _env_int("FAZHI_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("FAZHI_HSTS_INCLUDE_SUBDOMAINS", True)
# Browsers' preload list holds public domains only; an intranet host name cannot be on it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Every script, style sheet and image is vendored and served by fazhi itself, so the policy is
# "self" only: no inline script, no style= attribute, no eval (see fazhi.web.middleware).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# ── Web server (`fazhi run`, see fazhi.web.server) ──────────────────────────────────────
FAZHI_WEB_WORKERS = _env_int("FAZHI_WEB_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 9))
FAZHI_WEB_TIMEOUT = _env_int("FAZHI_WEB_TIMEOUT", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING")},
}

# Serve static files straight from the apps in every mode: an intranet install
# then works without a separate collectstatic step or web server configuration.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
