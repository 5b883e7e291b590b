"""Test overrides, in one place. Everything else comes from config.settings and the environment,
so the suite runs on SQLite by default and on PostgreSQL + Redis when DATABASE_URL/REDIS_URL are set."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "t" * 40)
# On PostgreSQL the settings are a deployment's, which refuses to start without a public address.
os.environ.setdefault("SITE_URL", "https://nastavnik.test")

from .settings import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
# Argon2 is the production hasher; tests use a fast one so a factory user costs nothing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="nastavnik-test-media-")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process unless a test starts a real worker (tests/integration).
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LANGUAGE_CODE = "ru"
