import subprocess
from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format

PO = Path(__file__).resolve().parent.parent / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_and_none_is_fuzzy():
    text = PO.read_text()
    entries = text.split("\n\n")[1:]
    untranslated = [e for e in entries if 'msgstr ""' in e and e.rstrip().endswith('msgstr ""')]
    assert untranslated == []
    assert "#, fuzzy" not in text


def test_compiled_catalogue_is_current():
    mo = PO.with_suffix(".mo")
    result = subprocess.run(["msgfmt", "--check", "-o", "-", str(PO)], capture_output=True)
    assert result.returncode == 0, result.stderr
    assert mo.read_bytes() == result.stdout, "run: python manage.py compilemessages -l ru"


def test_dates_read_the_russian_way():
    from datetime import date

    with translation.override("ru"):
        assert date_format(date(2024, 9, 1)) == "1 сентября 2024 г."


def test_no_user_facing_string_is_missing_from_the_catalogue(tmp_path):
    """Extract the messages afresh from a copy of the code: anything new must already be translated."""
    import os
    import shutil
    import sys

    root = PO.parents[3]
    apps = [p.name for p in root.iterdir() if (p / "apps.py").exists()]
    for name in ["config", "templates", "locale", *apps]:
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "manage.py", tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = tmp_path / "locale" / "ru" / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-wrap", str(fresh)], capture_output=True, text=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-wrap", str(fresh)], capture_output=True, text=True
    ).stdout
    missing = [line for line in (untranslated + fuzzy).splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert missing == [], "translate these in locale/ru/LC_MESSAGES/django.po"
