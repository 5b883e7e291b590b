"""`manage.py bench --quick` runs end to end in a database of its own and reports every figure."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"name", "value", "unit", "target", "ok", "queries", "floor", "ratio_to_floor", "peak_mb", "notes"}


def test_bench_quick_writes_every_measurement(tmp_path):
    out = tmp_path / "bench.json"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--quick", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        # A guard against a hang, not a speed check: generous, as a loaded 2-core CI machine needs.
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    figures = {f["name"]: f for f in json.loads(out.read_text())}
    expected = {"roadmap_page", "district_programs", "reminders_run", "reminders_rerun", "roadmap_import_docx"}
    expected |= {"roadmap_import_pdf", "district_dashboard", "indicators_refresh", "reminders_two_workers"}
    expected |= {"matching", "mentee_import", "order_pdf", "order_batch", "survey_results", "survey_submit_load"}
    assert expected <= set(figures)
    for figure in figures.values():
        assert set(figure) == FIELDS
        assert figure["unit"] in {"ms", "s", "count", "ratio", "MB"} and figure["value"] >= 0
    for page in ("roadmap_page", "district_programs"):
        assert figures[page]["queries"] > 0 and figures[page]["ratio_to_floor"] > 0
    assert figures["reminders_run"]["value"] > 0
    assert figures["reminders_rerun"]["value"] == 0  # the second run of a day sends nothing
    assert "greedy" in figures["matching"]["notes"]
    assert figures["mentee_import"]["ratio_to_floor"] > 0
    assert figures["order_pdf"]["ratio_to_floor"] > 1  # an order costs more than a blank page
    assert figures["order_batch"]["ok"] is True, figures["order_batch"]["notes"]  # every order of the batch made
    assert figures["survey_submit_load"]["value"] == 0, figures["survey_submit_load"]["notes"]  # none lost or doubled
    assert figures["survey_results"]["queries"] > 0
    assert "roadmap_page" in result.stdout
    # The dashboard reads the kept figures; their full recount keeps a row per organization.
    assert "kept rows" in figures["district_dashboard"]["notes"]
    assert (
        figures["indicators_refresh"]["notes"].startswith("6 rows")
        and "0 repaired" in figures["indicators_refresh"]["notes"]
    )


def test_each_measurement_builds_what_it_needs_whatever_ran_before(tmp_path):
    """The mentee import after 50 respondents submitted through gunicorn counts its own 500 mentees,
    and the submissions' two figures come from one load. On the suite's database (SQLite, or the
    PostgreSQL of DATABASE_URL, where the bench makes a database of its own beside it)."""
    out = tmp_path / "bench.json"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    only = "survey_submit_load,survey_submit_p95,mentee_import"
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--quick", "--only", only, "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    figures = {f["name"]: f for f in json.loads(out.read_text())}
    load, p95, mentees = figures["survey_submit_load"], figures["survey_submit_p95"], figures["mentee_import"]
    assert load["value"] == 0 and load["ok"] is True, load["notes"]
    assert "50 saved, 0 lost, 0 duplicated, 0 failed" in load["notes"]
    assert p95["unit"] == "ms" and p95["target"] == 1000 and p95["value"] > 0
    assert p95["notes"] == load["notes"]  # one load, two figures
    assert mentees["notes"].startswith("500 mentees") and mentees["ok"] is True


def test_bench_refuses_unknown_measurements():
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--only", "nonsense"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )
    assert result.returncode != 0
    assert "Unknown measurement" in result.stderr
