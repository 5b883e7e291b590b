"""The two ways the portal runs, checked in fresh processes so the environment really decides."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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
        "SITE_URL",
        "NASTAVNIK_ENV_FILE",
    }
}
DEPLOYMENT = {
    "DATABASE_URL": "postgres://u:p@db.example:5432/nastavnik",
    "REDIS_URL": "redis://cache.example:6379/0",
    "SECRET_KEY": "k" * 50,
    "ALLOWED_HOSTS": "nastavnik.example.ru",
    "SITE_URL": "https://nastavnik.example.ru",
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
    config = probe(**DEPLOYMENT)
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
            "SITE_URL": "https://nastavnik.example.ru",
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


@pytest.mark.parametrize(
    "site_url, refusal",
    [
        ("", "SITE_URL must be set"),
        ("http://127.0.0.1:8000", "loopback"),
        ("https://localhost", "loopback"),
        ("http://[::1]:8000", "loopback"),
        ("nastavnik.example.ru", "public address"),
    ],
)
def test_a_deployment_refuses_to_start_without_its_public_address(site_url, refusal):
    """SITE_URL is printed for ever in every signed order's QR code: no default will do."""
    result = run(PROBE, **{**DEPLOYMENT, "SITE_URL": site_url})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and refusal in result.stderr


def test_a_debug_deployment_may_keep_the_local_address():
    assert probe(**{**DEPLOYMENT, "SITE_URL": "", "DEBUG": "1"})["debug"] is True


def test_the_environment_file_reads_the_same_in_a_shell_in_systemd_and_in_the_settings(tmp_path):
    example = ROOT / ".env.example"
    shell = subprocess.run(
        ["sh", "-c", 'set -a; . "$0"; env -0', str(example)],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"]},
        check=True,
    )
    from_shell = dict(line.split("=", 1) for line in shell.stdout.split("\0") if "=" in line)

    from config.settings import read_env_file

    from_file = read_env_file(example)
    assert from_file["DEFAULT_FROM_EMAIL"] == "Наставник <noreply@example.ru>"
    for key, value in from_file.items():
        assert from_shell[key] == value, key
    # Every variable of the example is documented in the README with its default.
    readme = (ROOT / "README.md").read_text()
    assert [key for key in from_file if f"`{key}`" not in readme] == []


def test_every_variable_the_settings_read_is_documented_in_the_readme():
    import re

    code = (ROOT / "config" / "settings.py").read_text() + (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    names = set(re.findall(r'env(?:_bool|_int|_list)?\("([A-Z_]+)"', code))
    names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', code))
    assert len(names) > 30
    readme = (ROOT / "README.md").read_text()
    assert sorted(name for name in names if f"`{name}`" not in readme) == []


def test_the_settings_read_the_environment_file_and_the_environment_wins(tmp_path):
    env_file = tmp_path / "nastavnik.env"
    values = {**DEPLOYMENT, "DEFAULT_FROM_EMAIL": '"Наставник <noreply@school.example>"', "EMAIL_TIMEOUT": "7"}
    env_file.write_text("# a comment\n" + "\n".join(f"{k}={v}" for k, v in values.items()) + "\n")
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASES['default']['ENGINE'], settings.EMAIL_TIMEOUT, settings.SITE_URL); "
        "print(settings.DEFAULT_FROM_EMAIL)"
    )
    result = run(code, NASTAVNIK_ENV_FILE=str(env_file), SITE_URL="https://other.example.ru")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "django.db.backends.postgresql 7 https://other.example.ru",
        "Наставник <noreply@school.example>",
    ]


def test_an_environment_file_a_shell_would_misread_is_refused(tmp_path):
    env_file = tmp_path / "nastavnik.env"
    env_file.write_text("DEFAULT_FROM_EMAIL=Наставник <noreply@example.ru>\n")
    result = run(PROBE, NASTAVNIK_ENV_FILE=str(env_file))
    assert result.returncode != 0 and "double quotes" in result.stderr


def test_the_shipped_units_restart_and_name_their_workers():
    units = {path.name: path.read_text() for path in (ROOT / "deploy" / "systemd").glob("*.service")}
    assert set(units) == {"nastavnik-web.service", "nastavnik-worker@.service", "nastavnik-beat.service"}
    for text in units.values():
        assert "Restart=always" in text and "EnvironmentFile=/etc/nastavnik.env" in text
    assert "-n worker%i@%H" in units["nastavnik-worker@.service"]
    assert "gunicorn --config deploy/gunicorn.conf.py config.wsgi" in units["nastavnik-web.service"]


def test_a_worker_freezes_its_start_up_heap_before_the_pool_forks():
    """Renders then scan only their own objects (config/celery.py); the signal is the one Celery sends
    in the main process before it starts the pool."""
    import gc

    from celery import signals

    from config.celery import freeze_startup_heap

    assert freeze_startup_heap in [receiver() for _, receiver in signals.worker_init.receivers]
    try:
        freeze_startup_heap(sender=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
