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
