"""The two ways the portal runs, checked in fresh processes so the environment really decides."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "from config.celery import app; "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], 'eager': app.conf.task_always_eager, "
    "'broker': app.conf.broker_url, 'email': settings.EMAIL_BACKEND, 'debug': settings.DEBUG, "
    "'language': settings.LANGUAGE_CODE, 'hasher': settings.PASSWORD_HASHERS[0], "
    "'hsts': getattr(settings, 'SECURE_HSTS_SECONDS', 0), 'cookie_secure': settings.SESSION_COOKIE_SECURE}))"
)
CLEAN = {
    k: v
    for k, v in os.environ.items()
    if k
    not in {
        "DATABASE_URL",
        "REDIS_URL",
        "DEBUG",
        "SECRET_KEY",
        "EMAIL_HOST",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
}


def run(code, **env):
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**CLEAN, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
    )
    return result


def probe(**env):
    result = run(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_mode_with_no_environment():
    config = probe()
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["eager"] is True
    assert config["broker"] == "memory://"
    assert config["email"] == "django.core.mail.backends.console.EmailBackend"
    # Embedded is not a debug mode: no tracebacks, but no TLS assumed either.
    assert config["debug"] is False
    assert config["cookie_secure"] is False and config["hsts"] == 0
    assert config["language"] == "ru"
    assert config["hasher"] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_embedded_mode_makes_its_own_secret_key_once():
    code = "import django; from django.conf import settings; django.setup(); print(settings.SECRET_KEY)"
    first, second = run(code), run(code)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50 and "insecure" not in first.stdout
    assert (ROOT / ".secret_key").stat().st_mode & 0o077 == 0


def test_deployed_mode_with_postgres_and_redis():
    config = probe(
        DATABASE_URL="postgres://u:p@db.example:5432/nastavnik",
        REDIS_URL="redis://cache.example:6379/0",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="nastavnik.example.ru",
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["eager"] is False
    assert config["broker"] == "redis://cache.example:6379/0"
    assert config["debug"] is False
    assert config["hsts"] >= 31536000 and config["cookie_secure"] is True


def test_deployed_mode_refuses_to_start_without_a_secret_key():
    result = run(PROBE, DATABASE_URL="postgres://u:p@db.example:5432/nastavnik")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **CLEAN,
            "DATABASE_URL": "postgres://u:p@db.example:5432/nastavnik",
            "REDIS_URL": "redis://c:6379/0",
            "SECRET_KEY": "Zx8-very-long-production-secret-key-with-entropy-4f9a2c7e1b3d5f60a8c",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "nastavnik.example.ru",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_migrations_match_the_models():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**CLEAN},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_static_vendor_files_are_served_locally():
    for path in [
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/chartjs/chart.umd.min.js",
        "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    ]:
        assert (ROOT / "static" / path).stat().st_size > 1000, path
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert "cdn." not in text and "https://" not in text.replace("https://school.example", ""), template
