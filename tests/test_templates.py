"""Django's `{# … #}` comment ends on its own line: one that runs on is printed to the user (a signed
order's PDF once showed a developer's note in place of the signature mark's width)."""

import re
from pathlib import Path

from django.conf import settings

RUNAWAY_COMMENT = re.compile(r"\{#(?![^\n]*#\})")


def templates():
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]] + list(Path(settings.BASE_DIR).glob("*/templates"))
    return sorted({p for root in roots for p in root.rglob("*") if p.suffix in {".html", ".txt", ".xml", ".ics"}})


def test_every_comment_in_a_template_closes_on_its_line():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{text.count(chr(10), 0, m.start()) + 1}"
        for path in templates()
        for text in [path.read_text()]
        for m in RUNAWAY_COMMENT.finditer(text)
    ]
    assert len(templates()) > 50
    assert found == [], "use {% comment %} for notes longer than a line"


def test_the_check_sees_a_comment_that_runs_on():
    assert RUNAWAY_COMMENT.search("{# a note\n over two lines #}")
    assert not RUNAWAY_COMMENT.search("{# a note #}\n<p>")
