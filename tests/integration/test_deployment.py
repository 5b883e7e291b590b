"""The README's deployment, followed from the shipped files: the environment file in .env.example's
format read as systemd and a shell read it, `migrate` and `collectstatic`, then the commands of
deploy/systemd/*.service (gunicorn, two instances of the worker, beat) on PostgreSQL and Redis; a
director signs an order through HTTP and downloads its PDF once a worker made it."""

import hashlib
import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.urls import reverse

from .conftest import require_services
from .processes import ROOT, OwnRedis, free_port, port_open, wait_for
from .test_faults import database_url_of_the_tests
from .test_orders import school_with_orders

pytestmark = pytest.mark.integration
INSTALLED_AT = "/srv/nastavnik"  # where the units expect the code; here, this checkout
PASSWORD = "a-director's-password-1"


def unit(name):
    """The unit's settings, as systemd reads them (one per key; ExecStart's command split as a shell would)."""
    values = {}
    for line in (ROOT / "deploy" / "systemd" / name).read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            values[key] = value.replace(INSTALLED_AT, str(ROOT))
    return values


def command(name, instance=""):
    text = unit(name)["ExecStart"].replace("%i", instance).replace("%H", socket.gethostname())
    return shlex.split(text)


def environment_file(path, replacements):
    """.env.example with this machine's values, in the same format."""
    lines = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        key = line.split("=", 1)[0]
        if not line.startswith("#") and key in replacements:
            line = f"{key}={replacements.pop(key)}"
        lines.append(line)
    lines += [f"{key}={value}" for key, value in replacements.items()]
    path.write_text("\n".join(lines) + "\n")


def read_as_systemd_and_shell(path):
    """What the processes see: the file loaded by `set -a; . file` (systemd reads this format alike,
    tests/test_settings.py checks that), over a clean PATH."""
    result = subprocess.run(
        ["sh", "-c", 'set -a; . "$0"; exec env -0', str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"},
    )
    return dict(item.split("=", 1) for item in result.stdout.split("\0") if "=" in item)


class Browser:
    """HTTP to gunicorn as the TLS-terminating proxy forwards it: X-Forwarded-Proto: https."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            "Referer": f"https://127.0.0.1:{self.port}{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({key: morsel.value for key, morsel in cookie.items()})
        connection.close()
        return response.status, response.headers, content


def test_the_readme_deployment_signs_an_order_and_serves_its_pdf(
    transactional_db, django_db_serialized_rollback, tmp_path
):
    require_services()
    redis = OwnRedis(tmp_path)
    redis.start()
    port = free_port()
    queue = f"deploy-{uuid.uuid4().hex[:8]}"
    env_file = tmp_path / "nastavnik.env"
    environment_file(
        env_file,
        {
            "SECRET_KEY": "deployment-test-secret-key-" + uuid.uuid4().hex * 2,
            "SITE_URL": "https://nastavnik.test",
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
            "DATABASE_URL": database_url_of_the_tests(),
            "REDIS_URL": redis.url,
            "EMAIL_HOST": "",
            "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
            "STATIC_ROOT": str(tmp_path / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "CELERY_CONCURRENCY": "1",
            "CELERY_QUEUE": queue,
            # The one departure from the README: no hashed, compressed copies of the static files
            # (40 s of CPU on CI); collectstatic still runs and WhiteNoise serves what it copied.
            "STATIC_MANIFEST": "0",
        },
    )
    env = read_as_systemd_and_shell(env_file)
    assert env["DEFAULT_FROM_EMAIL"] == "Наставник <noreply@example.ru>"
    python = str(ROOT / ".venv" / "bin" / "python")
    for step in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        done = subprocess.run([python, "manage.py", *step], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    processes = {}
    try:
        for name, unit_name, instance in [
            ("web", "nastavnik-web.service", ""),
            ("worker1", "nastavnik-worker@.service", "1"),
            ("worker2", "nastavnik-worker@.service", "2"),
            ("beat", "nastavnik-beat.service", ""),
        ]:
            settings_of_unit = unit(unit_name)
            assert settings_of_unit["Restart"] == "always"
            log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115
            processes[name] = subprocess.Popen(
                command(unit_name, instance),
                cwd=settings_of_unit["WorkingDirectory"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        logs = {name: tmp_path / f"{name}.log" for name in processes}
        wait_for(lambda: port_open(port), "gunicorn listening", deadline=90)
        wait_for(lambda: all("ready." in logs[w].read_text() for w in ("worker1", "worker2")), "workers", deadline=90)
        assert "worker1@" in logs["worker1"].read_text() and "worker2@" in logs["worker2"].read_text()

        director, [order] = school_with_orders(1)
        director.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
        director.save(update_fields=["password"])

        browser = Browser(port)
        status, _, page = browser.request("GET", reverse("login"))
        assert status == 200 and "csrftoken" in browser.cookies, page[:500]
        status, headers, _ = browser.request(
            "POST", reverse("login"), {"username": director.email, "password": PASSWORD}
        )
        assert status == 302 and "sessionid" in browser.cookies, headers
        sign = reverse("orders:sign", args=[order.organization.slug, order.pk])
        status, _, page = browser.request("POST", sign, {})
        assert status == 302, page[:2000]

        def pdf_ready():
            order.refresh_from_db()
            return order.pdf_status in ("ready", "failed")

        wait_for(pdf_ready, "the signed order's PDF")
        assert (order.status, order.number, order.pdf_status) == ("signed", 1, "ready"), order.pdf_error
        status, headers, pdf = browser.request("GET", reverse("orders:pdf", args=[order.organization.slug, order.pk]))
        assert status == 200 and headers["Content-Type"] == "application/pdf"
        assert hashlib.sha256(pdf).hexdigest() == order.pdf_sha256

        # The scheduler runs, from the database's schedule, the sweeps included.
        wait_for(lambda: "beat: Starting" in logs["beat"].read_text(), "beat started", deadline=60)
        assert all(process.poll() is None for process in processes.values()), {
            name: logs[name].read_text()[-2000:] for name in processes
        }
        assert re.search(r"Booting worker with pid", logs["web"].read_text())
    finally:
        for process in processes.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
        redis.stop()
