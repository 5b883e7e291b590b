"""Reading the free-text terms of real roadmaps («апрель, май 2020 г.», «До 30.09.2022 г»,
«В течение первого месяца (сентябрь)», «По отдельному графику») into planned dates.

The text itself is always kept as written; these dates only place the activity on the timeline
and drive lateness. Anything not understood gives no dates rather than a guess.
"""

import calendar
import re
from datetime import date, timedelta

MONTH_STEMS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
ORDINALS = {
    "первого": 1,
    "второго": 2,
    "третьего": 3,
    "четвертого": 4,
    "четвёртого": 4,
    "пятого": 5,
    "шестого": 6,
}
MONTH_WORD = re.compile(
    r"\b(январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]\b|июн\w*|июл\w*|август\w*|"
    r"сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)",
    re.IGNORECASE,
)
DEADLINE = re.compile(r"(?:до|не позднее|к)\s+(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{2,4})", re.IGNORECASE)
DAY_MONTH_DEADLINE = re.compile(
    r"(?:до|не позднее|к)\s+(\d{1,2})\s+(январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
    r"(?:\s+(20\d\d))?"
)
QUARTER = re.compile(r"\b(iv|i{1,3}|[1-4])\s*(?:-?й\s+)?квартал\w*(?:\s+(20\d\d))?")
HALF_YEAR = re.compile(r"\b(1|i|перв\w*|2|ii|втор\w*)\s*(?:-?е\s+)?полугоди")
WHOLE_PERIOD = (
    "в течение года",
    "в течение всего",
    "в течение учебного года",
    "в течение программы",
    "весь период",
    "постоянно",
    "ежегодно",
    "ежемесячно",
    "еженедельно",
    "ежеквартально",
    "систематически",
    "по мере необходимости",
    "на протяжении",
)
NO_DATE = ("отдельному графику", "по плану", "по согласованию")
FULL_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.\s?(\d{4}|\d{2})(?!\d)")
DEADLINE_NO_YEAR = re.compile(r"(?:до|не позднее|к)\s+(\d{1,2})\.(\d{1,2})(?!\.?\s*\d)")
DAY_MONTH = re.compile(
    r"(\d{1,2})\s+(январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*(?:\s+(20\d\d))?"
)
SCHOOL_QUARTER = re.compile(r"\b(iv|i{1,3}|[1-4])\s*(?:-?я\s+)?четверт")
ACADEMIC_YEARS = re.compile(r"(20\d\d)\s*[-–—/]\s*(20\d\d)\s*(?:уч|г)")
YEAR = re.compile(r"\b(20\d\d)\b")


def month_number(word):
    word = word.lower()
    for stem, number in MONTH_STEMS.items():
        if word.startswith(stem) and (stem != "ма" or word in {"май", "мая", "мае"}):
            return number
    return None


def month_end(year, month):
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def program_month(period_start, period_end, index):
    """The (first day, last day) of the program's month number `index` (0-based; negative from the end)."""
    if index < 0:
        first = add_months(period_end.replace(day=1), index + 1)
    else:
        first = add_months(period_start.replace(day=1), index)
    return first, month_end(first.year, first.month)


def _year_for(month, period_start, period_end, explicit_year=None):
    if explicit_year:
        return explicit_year
    # An academic-year program: autumn months belong to its first year, spring ones to its last.
    for year in range(period_start.year, period_end.year + 1):
        if date(year, month, 1) <= period_end and month_end(year, month) >= period_start:
            return year
    return period_start.year


def _full_year(text):
    year = int(text)
    return year + 2000 if year < 100 else year


def month_start(day):
    return day.replace(day=1)


# School quarters: September–October, November–December, January–March, April–May (the summer months
# belong to none).
SCHOOL_QUARTER_MONTHS = {1: (9, 10), 2: (11, 12), 3: (1, 3), 4: (4, 5)}


def _part_of_year(t, period_start, period_end):
    """A quarter, a school quarter («четверть») or a half-year, in the program's period."""
    match = QUARTER.search(t)
    if match:
        quarter = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(match.group(1)) or int(match.group(1))
        first_month = 3 * quarter - 2
        year = _year_for(first_month, period_start, period_end, int(match.group(2)) if match.group(2) else None)
        return date(year, first_month, 1), month_end(year, first_month + 2)
    match = SCHOOL_QUARTER.search(t)
    if match:
        number = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(match.group(1)) or int(match.group(1))
        first, last = SCHOOL_QUARTER_MONTHS[number]
        year = _year_for(first, period_start, period_end)
        return date(year, first, 1), month_end(year, last)
    match = HALF_YEAR.search(t)
    if match:
        first_half = match.group(1) in {"1", "i"} or match.group(1).startswith("перв")
        explicit = YEAR.search(t)
        if explicit or period_start.month < 7:
            # A calendar half-year: January–June or July–December.
            year = int(explicit.group(1)) if explicit else period_start.year
            return (date(year, 1, 1), date(year, 6, 30)) if first_half else (date(year, 7, 1), date(year, 12, 31))
        if first_half:
            return period_start, min(period_end, date(period_start.year, 12, 31))
        return max(period_start, date(period_start.year + 1, 1, 1)), period_end
    return None


def parse_term(text, period_start, period_end):
    """Return (start, due) dates for a term as written, or (None, None)."""
    try:
        return _parse_term(text, period_start, period_end)
    except ValueError:
        # A mistyped date («до 31.09.2023»): keep the text, give no dates.
        return None, None


def _parse_term(text, period_start, period_end):
    if not text:
        return None, None
    t = " ".join(text.lower().replace("ё", "е").split())

    if any(phrase in t for phrase in NO_DATE):
        return None, None
    dates = FULL_DATE.findall(t)
    if len(dates) >= 2:
        (d1, m1, y1), (d2, m2, y2) = dates[:2]
        return date(_full_year(y1), int(m1), int(d1)), date(_full_year(y2), int(m2), int(d2))
    pairs = DAY_MONTH.findall(t)
    if len(pairs) >= 2 and re.match(r"^(с|от)\s", t):
        (d1, m1, y1), (d2, m2, y2) = pairs[:2]
        first, last = month_number(m1), month_number(m2)
        year1 = _year_for(first, period_start, period_end, int(y1) if y1 else None)
        year2 = _year_for(last, period_start, period_end, int(y2) if y2 else None)
        return date(year1, first, int(d1)), date(year2, last, int(d2))
    match = DAY_MONTH_DEADLINE.search(t)
    if match:
        month = month_number(match.group(2))
        year = _year_for(month, period_start, period_end, int(match.group(3)) if match.group(3) else None)
        due = date(year, month, int(match.group(1)))
        return min(period_start, due), due
    match = DEADLINE.search(t)
    if match:
        day, month, year = (int(g) for g in match.groups())
        year = year + 2000 if year < 100 else year
        due = date(year, month, day)
        return min(period_start, due), due
    match = DEADLINE_NO_YEAR.search(t)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        due = date(_year_for(month, period_start, period_end), month, day)
        return min(period_start, due), due
    if len(dates) == 1:
        day = date(_full_year(dates[0][2]), int(dates[0][1]), int(dates[0][0]))
        return day, day
    match = ACADEMIC_YEARS.search(t)
    if match and int(match.group(2)) == int(match.group(1)) + 1:
        return date(int(match.group(1)), 9, 1), date(int(match.group(2)), 5, 31)
    if "после издания приказа" in t or "после утверждения" in t:
        # The founding order comes in the program's first month; «a month after» is the second.
        return program_month(period_start, period_end, 1)
    if any(phrase in t for phrase in WHOLE_PERIOD) or "кажд" in t:
        # Recurring («ежемесячно», «в конце каждой четверти»): all through the program.
        return period_start, period_end
    span = _part_of_year(t, period_start, period_end)
    if span:
        if "в конце" in t or "по итогам" in t:
            return month_start(span[1]), span[1]
        return span
    if (
        "в конце" in t
        or "конец учебного" in t
        or "по итогам" in t
        or "по окончании" in t
        or ("заверш" in t and "период" in t)
    ):
        return program_month(period_start, period_end, -1)
    if "в начале" in t or "начало учебного" in t:
        return program_month(period_start, period_end, 0)

    relative = re.search(r"в течение ([а-я]+)(?:\s*[-–—]\s*([а-я]+))? месяца", t)
    if relative and relative.group(1) in ORDINALS:
        first = ORDINALS[relative.group(1)] - 1
        last = ORDINALS.get(relative.group(2) or "", first + 1) - 1
        return program_month(period_start, period_end, first)[0], program_month(period_start, period_end, last)[1]

    months = []
    for match in MONTH_WORD.finditer(t):
        number = month_number(match.group(1))
        if number is None:
            continue
        after = t[match.end() : match.end() + 12]
        year_match = YEAR.search(after)
        months.append((number, int(year_match.group(1)) if year_match else None))
    if months:
        # A year written once at the end («апрель, май 2020 г.») applies to the months before it.
        trailing_year = next((year for _, year in reversed(months) if year), None)
        first_month, first_year = months[0]
        last_month, last_year = months[-1]
        if (
            first_year is None
            and trailing_year
            and (len(months) == 1 or months[1][1] is None or first_month <= last_month)
        ):
            first_year = trailing_year if first_month <= last_month else trailing_year - 1
        first_year = _year_for(first_month, period_start, period_end, first_year)
        last_year = last_year or (first_year if last_month >= first_month else first_year + 1)
        return date(first_year, first_month, 1), month_end(last_year, last_month)
    return None, None


MONTH_NAMES = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
# Beyond this many the term is planned once: 36 monthly meetings over three years are a schedule of
# the pairs' own, not activities of the roadmap.
MAX_OCCURRENCES = 24


def recurrence(text):
    """The unit a recurring term repeats by: "month", "quarter", "school_quarter", "year", or None
    for terms that do not repeat by a unit of the calendar (including «еженедельно», «постоянно», «в
    течение года», which stay one activity over the period)."""
    t = (text or "").lower().replace("ё", "е")
    if "ежемесячно" in t or re.search(r"кажд\w* месяц", t):
        return "month"
    if re.search(r"кажд\w* четверт", t) or "по итогам четвертей" in t:
        return "school_quarter"
    if "ежеквартально" in t or re.search(r"кажд\w* квартал", t):
        return "quarter"
    if "ежегодно" in t or re.search(r"кажд\w* (?:учебн\w* )?год", t):
        return "year"
    return None


def _clip(span, period_start, period_end):
    first, last = max(span[0], period_start), min(span[1], period_end)
    return (first, last) if first <= last else None


def occurrences(unit, period_start, period_end):
    """[(label, start, due)] of each repetition of `unit` inside the period, clipped to it: the months,
    the calendar quarters, the school quarters or the academic years (twelve months from the period's
    start) it overlaps."""
    spans = []
    if unit == "month":
        day = period_start.replace(day=1)
        while day <= period_end:
            spans.append((f"{MONTH_NAMES[day.month - 1]} {day.year} г.", day, month_end(day.year, day.month)))
            day = add_months(day, 1)
    elif unit == "quarter":
        day = date(period_start.year, 3 * ((period_start.month - 1) // 3) + 1, 1)
        while day <= period_end:
            quarter = (day.month - 1) // 3 + 1
            label = f"{ROMAN_QUARTERS[quarter]} квартал {day.year} г."
            spans.append((label, day, month_end(day.year, day.month + 2)))
            day = add_months(day, 3)
    elif unit == "school_quarter":
        for year in range(period_start.year - 1, period_end.year + 1):
            for number, (first, last) in SCHOOL_QUARTER_MONTHS.items():
                start_year = year if first >= 9 else year + 1
                spans.append(
                    (
                        f"{ROMAN_QUARTERS[number]} четверть {year}/{year + 1} уч. г.",
                        date(start_year, first, 1),
                        month_end(start_year, last),
                    )
                )
    elif unit == "year":
        day = period_start
        while day <= period_end:
            following = add_months(day, 12)
            # An academic year when the period starts with one (August or September), else a calendar year.
            label = f"{day.year}/{day.year + 1} уч. г." if day.month in (8, 9) else f"{day.year} г."
            spans.append((label, day, following - timedelta(days=1)))
            day = following
    result = []
    for label, first, last in spans:
        clipped = _clip((first, last), period_start, period_end)
        if clipped:
            result.append((label, *clipped))
    return result
