import json
import os
import secrets
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from reports.bench import MEASUREMENTS, Context


class Command(BaseCommand):
    help = "Measure the portal at district scale in a database of its own (created and dropped)."

    def add_arguments(self, parser):
        parser.add_argument("--only", help="Comma-separated measurement names: " + ", ".join(MEASUREMENTS))
        parser.add_argument("--json", dest="json_path", help="Also write the figures to this JSON file.")
        parser.add_argument(
            "--database",
            choices=["sqlite", "postgres"],
            default=None,
            help="Which database to measure on; postgres needs DATABASE_URL.",
        )
        parser.add_argument("--quick", action="store_true", help="Small sizes for a smoke run.")
        parser.add_argument(
            "--bench-database",
            help="PostgreSQL: the database to build the data in (must not exist; created and dropped). "
            "By default a new name of this run's own, after DATABASE_URL's database.",
        )

    def handle(self, *args, only=None, json_path=None, database=None, quick=False, bench_database=None, **options):
        names = list(MEASUREMENTS) if not only else [n.strip() for n in only.split(",") if n.strip()]
        unknown = [n for n in names if n not in MEASUREMENTS]
        if unknown:
            raise CommandError(f"Unknown measurement(s): {', '.join(unknown)}. Known: {', '.join(MEASUREMENTS)}")
        vendor = connection.vendor
        if database == "postgres" and vendor != "postgresql":
            raise CommandError("--database postgres needs DATABASE_URL pointing at PostgreSQL.")
        if database == "sqlite" and vendor != "sqlite":
            raise CommandError("--database sqlite needs DATABASE_URL unset.")

        test_settings = connection.settings_dict.setdefault("TEST", {})
        tmpdir = tempfile.TemporaryDirectory(prefix="nastavnik-bench-")
        # Never the user's database, and never a fixed name two runs could share (and one drop under the
        # other): a file of its own for SQLite; for PostgreSQL a database named for this run, or the
        # one asked for, which must not exist yet: nothing is ever dropped that the bench did not create.
        if vendor == "sqlite":
            test_settings["NAME"] = str(Path(tmpdir.name) / "bench.sqlite3")
        else:
            name = bench_database or f"{connection.settings_dict['NAME']}_bench_{os.getpid()}_{secrets.token_hex(3)}"
            if self._postgres_database_exists(name):
                raise CommandError(f"The database {name!r} exists: the bench builds its data in a new one only.")
            test_settings["NAME"] = name
        self.stderr.write(f"Bench database: {test_settings['NAME']}")
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=False, serialize=False)
        results = []
        try:
            # Not setup_test_environment(): its instrumented template rendering would be measured too.
            with override_settings(
                ROOT_URLCONF="reports.bench_urls",
                DEBUG=False,
                AXES_ENABLED=False,
                SECURE_SSL_REDIRECT=False,
                ALLOWED_HOSTS=["testserver"],
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                STORAGES={
                    **settings.STORAGES,
                    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
                },
            ):
                ctx = Context(quick=quick)
                for name in names:
                    self.stderr.write(f"… {name}")
                    results.append(MEASUREMENTS[name](ctx))
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            tmpdir.cleanup()

        self.print_table(results, vendor, quick)
        if json_path:
            Path(json_path).write_text(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
            self.stdout.write(f"JSON: {json_path}")

    @staticmethod
    def _postgres_database_exists(name):
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None

    def print_table(self, results, vendor, quick):
        header = ["name", "value", "unit", "target", "ok", "queries", "floor", "×floor", "peak MB", "notes"]
        rows = [
            [
                r.name,
                f"{r.value:g}",
                r.unit,
                "" if r.target is None else f"{r.target:g}",
                "" if r.ok is None else ("yes" if r.ok else "NO"),
                "" if r.queries is None else str(r.queries),
                "" if r.floor is None else f"{r.floor:g}",
                "" if r.ratio_to_floor is None else f"{r.ratio_to_floor:g}",
                "" if r.peak_mb is None else f"{r.peak_mb:g}",
                r.notes,
            ]
            for r in results
        ]
        widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(header)]
        self.stdout.write(
            f"Database: {vendor}{' (quick: figures not meaningful)' if quick else ''}; DEBUG={settings.DEBUG}"
        )
        self.stdout.write("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        for row in rows:
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
