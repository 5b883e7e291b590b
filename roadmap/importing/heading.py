"""The heading above a roadmap's table: its title and the period it names.

Published roadmaps start with an appendix line («Приложение № 1 к приказу № 15 от …»), an approval or
agreement block («УТВЕРЖДАЮ Директор школы … И.И. Иванова»), then the title («Дорожная карта по
внедрению … в 2023-2024 годах»). The title is the first line that reads like one (or, failing that,
the first line outside those blocks); the period is read from the title's months and years only,
never from the dates of the orders in the blocks. What is assumed about the period is said."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from ..terms import MONTH_WORD, month_end, month_number

BLOCK_START = re.compile(
    r"^\s*(приложение|утвержд|утверждено|согласован|принят|рассмотрен|одобрен|к приказу|к распоряжению)",
    re.IGNORECASE,
)
# The lines of an approval block after its first: positions, orders, dates, signatures, initials.
BLOCK_LINE = re.compile(
    r"(приказ|распоряжени|протокол|директор|заведующ|начальник|руководител|председател|министр|ректор|"
    r"педагогическ\w* совет|управляющ\w* совет|от\s+[«\"]?\d|№|_{2,}|м\.\s?п\.|подпись|\d{1,2}\.\d{1,2}\.\d{2,4}|"
    r"20\d\d\s*г|"
    r"^[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+$|^[А-ЯЁ][а-яё]+\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.?$|^«?\s*_*\s*»?\s*\w*\s*20\d\d)",
    re.IGNORECASE,
)
TITLE_START = re.compile(
    r"^\s*(дорожн\w*\s+карт|план\b|план-график|комплекс\w*\s+мер|программ|график|перечень\s+мероприятий|"
    r"мероприятия\s+по|мероприятия\s+дорожной)",
    re.IGNORECASE,
)
TITLE_END = re.compile(r"^\s*(цел[ьи]\b|задачи\b|ожидаемые результаты|пояснительная)", re.IGNORECASE)
MONTH_YEAR = re.compile(MONTH_WORD.pattern + r"\s*(20\d\d)", re.IGNORECASE)
YEAR_SPAN = re.compile(r"(?<!\d)(20\d\d)\s*(?:г\.?\s*г?\.?)?\s*(/|-|–|—|по|до)\s*(20\d\d)(?!\d)", re.IGNORECASE)
ONE_YEAR = re.compile(r"\b(?:на|в)\s+(20\d\d)\s*(?:год|г\.)", re.IGNORECASE)
ACADEMIC = re.compile(r"учебн", re.IGNORECASE)


@dataclass
class Heading:
    title: str
    period: tuple | None = None
    # What was assumed about the period, for the warning (empty when the heading names it fully).
    assumed: str = ""


def _lines(text):
    return [" ".join(line.replace("\xa0", " ").split()) for line in (text or "").splitlines() if line.strip()]


def title_lines(text):
    """The lines of the heading that make the title."""
    lines = _lines(text)
    start = next((i for i, line in enumerate(lines) if TITLE_START.match(line) and not BLOCK_START.match(line)), None)
    if start is None:
        in_block = False
        for i, line in enumerate(lines):
            if BLOCK_START.match(line):
                in_block = True
                continue
            if BLOCK_LINE.search(line) and (in_block or len(line) < 40):
                continue  # a line of a block, or a signature's position standing alone («Начальник»)
            start = i
            break
    if start is None:
        return []
    title = []
    for line in lines[start:]:
        if title and (BLOCK_START.match(line) or TITLE_END.match(line) or len(" ".join(title)) > 400):
            break
        title.append(line)
    return title


def read_heading(text):
    """The title and period of the heading `text` (its lines, in order)."""
    title = " ".join(title_lines(text))
    return Heading(title, *period_of(title))


def period_of(title):
    """(period, what was assumed) from the months and years a title names, or (None, "")."""
    months = [(month_number(m.group(1)), int(m.group(2))) for m in MONTH_YEAR.finditer(title or "")]
    months = [(month, year) for month, year in months if month]
    if len(months) >= 2:
        (first_month, first_year), (last_month, last_year) = months[0], months[-1]
        start, end = date(first_year, first_month, 1), month_end(last_year, last_month)
        if start < end:
            return (start, end), ""
    span = YEAR_SPAN.search(title or "")
    if span:
        first, last = int(span.group(1)), int(span.group(3))
        if first <= last <= first + 10:
            period = (date(first, 9, 1), date(max(last, first + 1), 5, 31))
            if span.group(2) == "/" or ACADEMIC.search(title):
                return period, ""
            return period, _(
                "the title names the years %(first)d–%(last)d but not the months: academic years from "
                "September %(first)d to May %(end)d are assumed"
            ) % {"first": first, "last": last, "end": period[1].year}
    single = ONE_YEAR.search(title or "")
    if single:
        year = int(single.group(1))
        if ACADEMIC.search(title):
            return (date(year, 9, 1), date(year + 1, 5, 31)), _(
                "the title names the academic year by its first year only: %(first)d/%(next)d is assumed"
            ) % {"first": year, "next": year + 1}
        return (date(year, 1, 1), date(year, 12, 31)), ""
    return None, ""
