"""Django settings. Every value an operator may change is declared in conf.py."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from zhichan import conf

BASE_DIR = Path(__file__).resolve().parent
HOME = conf.home()
HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    configured = conf.value("ZHICHAN_SECRET_KEY")
    if configured:
        return str(configured)
    key_file = HOME / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = bool(conf.value("ZHICHAN_DEBUG"))
ALLOWED_HOSTS = [h.strip() for h in str(conf.value("ZHICHAN_ALLOWED_HOSTS")).split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "axes",
    "csp",
    "zhichan.core",
    "zhichan.patents",
    "zhichan.search",
    "zhichan.indicators",
    "zhichan.services",
    "zhichan.navigation",
    "zhichan.portal",
    "zhichan.agencies",
    "zhichan.projects",
    "zhichan.market",
    "zhichan.deals",
    "zhichan.events",
    "zhichan.talent",
    "zhichan.protection",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",  # after WhiteNoise: pages get the policy, static files need none
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhichan.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhichan.core.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into the login page's answer
]

ROOT_URLCONF = "zhichan.urls"
WSGI_APPLICATION = "zhichan.wsgi.application"

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
                "zhichan.search.views.alert_count",
                "zhichan.services.views.unread",
                "zhichan.core.context_processors.menu",
            ],
        },
    },
]


def _database() -> dict:
    url = str(conf.value("DATABASE_URL") or "")
    if url:
        return dj_database_url.parse(url, conn_max_age=60)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": HOME / "zhichan.sqlite3",
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
CSRF_FAILURE_VIEW = "zhichan.core.views.csrf_failure"  # the styled page in the user's language, not Django's

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force protection (django-axes): an account is locked after N wrong passwords in a row, for M minutes or
# until an office unlocks it (账号锁定 page, `zhichan unlock USER`). Locked by user name only, not by address: an
# office's staff share one NAT address, and one mistyped password must not lock them all out.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(conf.value("ZHICHAN_LOGIN_FAILURE_LIMIT"))  # type: ignore[call-overload]
_lockout_minutes = int(conf.value("ZHICHAN_LOGIN_LOCKOUT_MINUTES"))  # type: ignore[call-overload]
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes) if _lockout_minutes > 0 else None
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhichan.core.accounts.locked_out"
# axes.W006 asks for the address among the lockout parameters; see above for why it is left out on purpose.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# HTTPS (ZHICHAN_HTTPS=true in production; docs/operations.md): secure cookies, HSTS, redirect from HTTP.
_https = bool(conf.value("ZHICHAN_HTTPS"))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = _https
SECURE_HSTS_SECONDS = int(conf.value("ZHICHAN_HSTS_SECONDS")) if _https else 0  # type: ignore[call-overload]
SECURE_HSTS_INCLUDE_SUBDOMAINS = bool(SECURE_HSTS_SECONDS and conf.value("ZHICHAN_HSTS_INCLUDE_SUBDOMAINS"))
SECURE_HSTS_PRELOAD = bool(SECURE_HSTS_SECONDS and conf.value("ZHICHAN_HSTS_PRELOAD"))
_proxy_header = str(conf.value("ZHICHAN_PROXY_SSL_HEADER") or "").strip()
SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if _proxy_header else None

# Content-Security-Policy (django-csp 4): scripts only from our own static files, never inline or eval'd
# (templates pass data by json_script and data-* attributes to modules under static/js/; htmx's eval is off by
# the htmx-config meta tag in base.html). Styles: our stylesheet only, no <style> elements; style *attributes*
# are allowed because ECharts builds its tooltips and SVG charts with them at run time. img-src data: and
# blob: because ECharts' PNG/SVG exports are data URLs.
_csp = {"DIRECTIVES": {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "style-src-attr": [UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "frame-ancestors": [NONE],
    "form-action": [SELF],
}}
if conf.value("ZHICHAN_CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
else:
    CONTENT_SECURITY_POLICY = _csp

LANGUAGE_CODE = str(conf.value("ZHICHAN_LANGUAGE"))
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = HOME / "uploads"
UPLOAD_DIR = HOME / "uploads"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = int(conf.value("ZHICHAN_MAX_UPLOAD_MB")) * 1024 * 1024  # type: ignore[arg-type]
WHITENOISE_USE_FINDERS = True

EMAIL_BACKEND = str(conf.value("ZHICHAN_EMAIL_BACKEND"))

_redis = str(conf.value("ZHICHAN_REDIS_URL") or "")
_immediate = bool(conf.value("ZHICHAN_JOBS_IMMEDIATE"))
if _redis:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "zhichan", "url": _redis, "immediate": _immediate}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "zhichan",
        "filename": str(HOME / "jobs.sqlite3"),
        "immediate": _immediate,
    }

ZHICHAN = {name: conf.value(name) for name in (s.name for s in conf.SETTINGS)}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
