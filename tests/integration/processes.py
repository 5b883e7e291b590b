"""Real processes for the fault-injection and deployment tests: a Redis and a PostgreSQL of the test's
own (never the shared ones: they are stopped and started on purpose), Celery workers, polling."""

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Generous bounds for a loaded 2-core CI machine; they only matter when something is broken.
DEADLINE = 150


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, what, deadline=DEADLINE, every=0.3, tick=None):
    """Poll until predicate() is true; `tick` runs between polls (the sweep, say)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        result = predicate()
        if result:
            return result
        if tick:
            tick()
        time.sleep(every)
    raise AssertionError(f"not within {deadline} s: {what}")


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class OwnRedis:
    """redis-server on a port of its own, keeping nothing on disk: a restart loses every message."""

    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = Path(workdir)
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        log = open(self.workdir / f"redis-{self.port}.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: port_open(self.port), "Redis listening", deadline=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def restart(self):
        self.stop()
        self.start()


def postgres_binary(name):
    """Debian keeps initdb and pg_ctl out of PATH, in /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name) or sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise AssertionError(f"{name} not found: install the postgresql package (bin/test does)")
    return str(found if isinstance(found, str) else found[-1])


class OwnPostgres:
    """A PostgreSQL cluster of its own (initdb in a temporary directory, as the postgres user, on
    another port), stopped and started by the test."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="nastavnik-pg-"))
        self.dir.chmod(0o755)
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        shutil.chown(self.dir, "postgres", "postgres")
        self._as_postgres(
            [postgres_binary("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        )

    def _as_postgres(self, command):
        prefix = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        subprocess.run(prefix + command, check=True, capture_output=True, timeout=120)

    def url(self, name="nastavnik"):
        return f"postgres://postgres:postgres@127.0.0.1:{self.port}/{name}"

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            [postgres_binary("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"]
        )

    def stop(self):
        self._as_postgres([postgres_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def destroy(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


def portal_env(*, database_url, redis_url, media_root, queue=None, **extra):
    """The environment of a deployed portal process (config.settings), for the tests' own services."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_XDIST_WORKER"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SECRET_KEY": "integration-test-secret-key-" + "x" * 30,
            "SITE_URL": "https://nastavnik.test",
            "DEBUG": "0",
            "MEDIA_ROOT": str(media_root),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "INFO",
        }
    )
    if queue:
        env["CELERY_QUEUE"] = queue
    env.update({key: str(value) for key, value in extra.items()})
    return env


class Worker:
    """`celery worker` with a prefork pool: a main process and its children, as deployed."""

    def __init__(self, name, env, logdir, concurrency=1):
        self.name = name
        self.log = Path(logdir) / f"{name}.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-n",
                f"{name}@%h",
                f"--concurrency={concurrency}",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=open(self.log, "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with its children at the end
        )

    def ready(self):
        return "ready." in self.log.read_text(errors="replace")

    def alive(self):
        return self.process.poll() is None

    def children(self):
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill_main(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def kill_all(self):
        """kill -9 the main process and its children at once: the work in hand stops mid-transaction."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def kill_children(self):
        killed = self.children()
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        return killed

    def stop(self):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # children left behind by a killed main process
        except ProcessLookupError:
            pass


def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
