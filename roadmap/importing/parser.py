"""Tables to a roadmap: find the header, map the columns by their Russian names, tell section rows
from activity rows, split bulleted cells into activities, and read terms into dates.

Real roadmaps differ (see ../shared/seeds/ and domain.md): stages with activities in one cell, stages
that list only the documents they produce, thematic sections with numbered activities, a split into
«Работа внутри ОО» / «Работа с внешней средой», rows broken across pages. The text of every cell is
kept as written; what cannot be understood becomes a warning, never an error."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..stages import Stage
from ..terms import parse_term

COLUMNS = [
    # (column, prefixes of its normalised header)
    ("internal", ("работа внутри",)),
    ("external", ("работа с внешней", "работа с внешн")),
    ("number", ("№", "n п/п", "номер")),
    ("term", ("срок", "длительность", "дата", "период")),
    (
        "result",
        (
            "результат",
            "форма представления",
            "вид документа",
            "ожидаемый результат",
            "итоговый документ",
            "планируемый результат",
            "продукт",
        ),
    ),
    ("responsible", ("ответствен", "исполнител")),
    ("activity", ("мероприят", "содержание", "наименование мероприят", "действия", "виды работ", "работы")),
    ("stage", ("наименование этап", "этап", "раздел", "наименование раздел", "направлени")),
]
BULLETS = "•·●▪◦"
LINE_BULLET = re.compile(r"^\s*(?:[-−–—*]|\d+[).]|[а-яa-z]\))\s+")
SECTION_NUMBER = re.compile(r"^\s*(?:(?:этап|раздел|блок)\s*)?(\d{1,2}|[IVXLC]{1,6})\s*\.?\s*$", re.IGNORECASE)
SECTION_IN_TEXT = re.compile(
    r"^\s*(?:(?:этап|раздел|блок)\s*)?(\d{1,2}|[IVXLC]{1,6})\s*[.)]\s+(.+)$", re.IGNORECASE | re.DOTALL
)
ACTIVITY_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,3}){1,3})\.?\s*$")
# Items run together in one paragraph: «– Приказ…; – Положение…».
INLINE_ITEMS = re.compile(r"(?<=;)\s*[-–—]\s+")
YEARS = re.compile(r"(20\d\d)\s*(?:/|-|–|—)\s*(20\d\d)")
STAGE_WORDS = [
    (Stage.PREPARATION, ("подготовк",)),
    (Stage.MENTEE_BASE, ("базы наставляем",)),
    (Stage.MENTOR_BASE, ("базы наставник",)),
    (Stage.MENTOR_TRAINING, ("обучени", "отбор")),
    # «Организация работы наставнических пар» before «…пар»: the longer name wins.
    (Stage.PAIRS_WORK, ("работы наставнических пар", "работа наставнических пар", "организация работы")),
    (Stage.PAIRING, ("формирование наставнических пар", "пар /", "пар/")),
    (Stage.COMPLETION, ("завершени",)),
]


@dataclass
class ParsedActivity:
    number: str
    title: str
    result: str = ""
    responsible: str = ""
    term: str = ""
    track: str = ""
    starts_on: date | None = None
    due_on: date | None = None
    row: int = 0  # the row of the file it was read from, for the warnings (not kept in the preview)


@dataclass
class ParsedSection:
    number: str
    title: str
    stage: int | None = None
    activities: list = field(default_factory=list)
    # The activities were made from the documents the stage row lists (see _stage_row_activities).
    from_documents: bool = False


@dataclass
class ParsedRoadmap:
    title: str
    period: tuple | None
    sections: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def as_json(self):
        """The shape `import_roadmap --json` prints."""
        return {
            "title": self.title,
            "sections": [
                {
                    "number": s.number,
                    "title": s.title,
                    "activities": [
                        {
                            "number": a.number,
                            "title": a.title,
                            "result": a.result,
                            "responsible": a.responsible,
                            "term": a.term,
                            "starts_on": a.starts_on.isoformat() if a.starts_on else None,
                            "due_on": a.due_on.isoformat() if a.due_on else None,
                        }
                        for a in s.activities
                    ],
                }
                for s in self.sections
            ],
            "warnings": [{"row": row, "message": message} for row, message in self.warnings],
        }


def normalise(text):
    text = re.sub(r"-\s*\n\s*", "", (text or "")).lower().replace("ё", "е").replace("\xa0", " ")
    text = re.sub(r"[^\w№/ ]+", " ", text)
    return " ".join(text.split())


def clean(text):
    """A cell's text with its odd spacing tidied; line breaks kept (they separate list items)."""
    lines = [" ".join(line.replace("\t", " ").replace("\xa0", " ").split()) for line in (text or "").splitlines()]
    return "\n".join(line for line in lines if line)


def one_line(text):
    return " ".join(clean(text).split())


def tidy_item(text):
    """A list item without the list's punctuation («…;» «…,»): the words stay as written."""
    return one_line(text).rstrip(";, ").strip()


def people_text(text):
    """Responsible people one per line in the cell become «A; B»."""
    return "; ".join(line.strip(" ,;") for line in clean(text).splitlines() if line.strip(" ,;"))


def column_of(header):
    name = normalise(header)
    if not name:
        return None
    for column, prefixes in COLUMNS:
        if any(name.startswith(normalise(prefix)) for prefix in prefixes):
            return column
    if len(name) <= 40:  # «Планируемый срок исполнения», «Ожидаемый результат работы»: a known word inside
        for column, prefixes in COLUMNS:
            if column != "number" and any(f" {normalise(prefix)}" in f" {name}" for prefix in prefixes):
                return column
    return None


def find_header(rows):
    """(index, {column: cell index}) of the first row naming at least two known columns."""
    for index, row in enumerate(rows[:50]):
        mapping = {}
        for position, cell in enumerate(row):
            column = column_of(cell)
            if column and column not in mapping:
                mapping[column] = position
        if len(mapping) >= 2:
            return index, mapping
    return None, {}


def split_items(text):
    """List items of a cell: by bullet characters anywhere, else by lines that start with a dash or a
    number, else the whole cell; lines without a marker continue the item before them."""
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", clean(text))  # a word hyphenated across lines
    if not text:
        return []
    if "\n" not in text and INLINE_ITEMS.search(text):
        return [tidy_item(LINE_BULLET.sub("", part, count=1)) for part in INLINE_ITEMS.split(text) if tidy_item(part)]
    if any(bullet in text for bullet in BULLETS):
        parts = re.split(f"[{BULLETS}]", text)
        items = [tidy_item(part) for part in parts]
        return [item for item in items if item]
    lines = text.splitlines()
    if sum(1 for line in lines if LINE_BULLET.match(line)) >= 1 and len(lines) > 1 or LINE_BULLET.match(lines[0]):
        items = []
        for line in lines:
            # A dash starts a new item only after one has ended, not inside «(в том числе – …».
            ended = not items or items[-1].rstrip().endswith((";", ".", ":", "!", "?"))
            if LINE_BULLET.match(line) and (ended or items[-1].count("(") <= items[-1].count(")")) or not items:
                if items and not ended and re.search(r"(в том числе|\()\s*$", items[-1]):
                    items[-1] = f"{items[-1]} {line}"
                    continue
                items.append(LINE_BULLET.sub("", line, count=1))
            else:
                items[-1] = f"{items[-1]} {line}"
        return [tidy_item(item) for item in items if tidy_item(item)]
    return [tidy_item(text)]


def guess_stage(title):
    name = normalise(title)
    for stage, words in STAGE_WORDS:
        if any(normalise(word) in name for word in words):
            return int(stage)
    return None


def infer_period(title, terms):
    """A program period from an academic year in the title, or from the years the terms name."""
    match = YEARS.search(title or "")
    if match:
        first, last = int(match.group(1)), int(match.group(2))
        return date(first, 9, 1), date(max(last, first + 1), 5, 31)
    spans = [parse_term(term, date(2000, 9, 1), date(2001, 5, 31)) for term in terms]
    explicit = [(s if s.year > 2001 else d, d) for s, d in spans if d and d.year > 2001]
    if explicit:
        start = min(s for s, _ in explicit).replace(day=1)
        end = max(d for _, d in explicit)
        if (end - start).days < 180:
            # A few months of dates: take the academic year around them, so «В течение года» is a year.
            year = start.year if start.month >= 8 else start.year - 1
            return min(start, date(year, 9, 1)), max(end, date(year + 1, 5, 31))
        return start, end
    return None


class Row:
    def __init__(self, index, cells, mapping):
        self.index = index
        self.cells = {
            column: clean(cells[position]) if position < len(cells) else "" for column, position in mapping.items()
        }
        self.raw = [clean(cell) for cell in cells]
        used = set(mapping.values())
        self.unmapped = [clean(c) for position, c in enumerate(cells) if position not in used and clean(c)]

    def get(self, column):
        return self.cells.get(column, "")

    @property
    def empty(self):
        return not any(self.raw)

    def merge(self, other):
        """Append a continuation row: a cell cut mid-phrase («…для», «Иванова А.А.,») goes on on the
        same line, anything else on a new one."""
        for column, text in other.cells.items():
            if text:
                before = self.cells.get(column, "")
                glue = " " if before and (before[-1] in ",-–/" or before[-1].islower()) else "\n"
                self.cells[column] = f"{before}{glue}{text}".strip()


def headers(tables, mappings=None):
    """Per table: (header row index, header cells, {column: cell index}), as found or as corrected
    by the user (`mappings`: {table index: {column: cell index}})."""
    found = []
    for number, table in enumerate(tables):
        header_index, mapping = find_header(table)
        override = (mappings or {}).get(str(number)) or (mappings or {}).get(number)
        if override is not None:
            mapping = {column: int(position) for column, position in override.items()}
            header_index = header_index or 0
        if header_index is None and table:
            # No header recognised: offer the first row for the user to say which column is which.
            header_index, mapping = 0, {}
        found.append((header_index, table[header_index] if header_index is not None else [], mapping))
    return found


COLUMN_LABELS = {
    "number": "№",
    "stage": "Этап / раздел",
    "activity": "Мероприятия",
    "term": "Срок",
    "result": "Результат",
    "responsible": "Ответственные",
    "internal": "Работа внутри ОО",
    "external": "Работа с внешней средой",
}


def parse_tables(title, tables, period=None, mappings=None):
    """The roadmap in `tables` (from readers.read_tables). `period`: (start, end) or None to infer;
    `mappings`: the user's corrections of which cell holds which column, per table."""
    if not one_line(title) and tables:
        # A spreadsheet's title is the text above its table.
        header_index, _mapping = find_header(tables[0])
        above = [one_line(c) for row in tables[0][: header_index or 0] for c in row if one_line(c)]
        title = above[0] if above else ""
    result = ParsedRoadmap(title=one_line(title), period=period)
    rows = []
    repeated_headers = []
    for table, (header_index, _cells, mapping) in zip(tables, headers(tables, mappings), strict=True):
        if header_index is None or not mapping:
            continue
        header = [normalise(cell) for cell in table[header_index]]
        for offset, cells in enumerate(table[header_index + 1 :], start=header_index + 2):
            text = " | ".join(one_line(c) for c in cells if one_line(c))[:200]
            if [normalise(cell) for cell in cells] == header:
                repeated_headers.append(offset)  # the header repeated after a page break
                continue
            if (
                all(cell.strip().isdigit() for cell in cells if cell.strip())
                and len([c for c in cells if c.strip()]) > 2
            ):
                result.warnings.append(
                    (offset, _("A row numbering the columns («%(text)s») is skipped.") % {"text": text})
                )
                continue
            row = Row(offset, cells, mapping)
            if row.empty:
                continue
            if all(normalise(c) in {normalise(h) for h in header if h} or not c for c in cells):
                result.warnings.append(
                    (offset, _("The row repeats the column names («%(text)s») and is skipped.") % {"text": text})
                )
                continue
            rows.append(row)
    if repeated_headers:
        result.warnings.append(
            (
                repeated_headers[0],
                _("The table's header repeated (after a page break) in rows %(rows)s is skipped.")
                % {"rows": ", ".join(str(n) for n in repeated_headers)},
            )
        )
    if not rows:
        result.warnings.append(
            (
                0,
                _(
                    "No roadmap table was found: a table with columns such as "
                    "«Мероприятия», «Срок», «Ответственные» is expected."
                ),
            )
        )
        return result
    rows = _join_broken_rows(rows, result)
    if result.period is None:
        result.period = infer_period(title, [row.get("term") for row in rows])
        if result.period is not None and not YEARS.search(title or ""):
            result.warnings.append(
                (
                    0,
                    _(
                        "The period is not named in the title: %(start)s – %(end)s is taken from the years "
                        "the terms name. Check it, or give the period when uploading."
                    )
                    % {"start": result.period[0].strftime("%d.%m.%Y"), "end": result.period[1].strftime("%d.%m.%Y")},
                )
            )
    if result.period is None:
        today = date.today()
        year = today.year if today.month >= 8 else today.year - 1
        result.period = (date(year, 9, 1), date(year + 1, 5, 31))
        result.warnings.append(
            (
                0,
                _(
                    "The period is not named in the document: the current academic year, %(start)s – %(end)s, "
                    "is assumed."
                )
                % {"start": result.period[0].strftime("%d.%m.%Y"), "end": result.period[1].strftime("%d.%m.%Y")},
            )
        )
    _build(result, rows)
    _check(result)
    return result


def _number_and_title(row):
    number = one_line(row.get("number"))
    if number and not (SECTION_NUMBER.match(number) or ACTIVITY_NUMBER.match(number)):
        number = ""  # words in the number column: a title written across the row
    # Without a stage column, a numbered section's title stands in the activities column.
    stage_text = (
        row.get("stage") if "stage" in row.cells else (row.get("activity") if SECTION_NUMBER.match(number) else "")
    )
    if not number and stage_text:
        match = SECTION_IN_TEXT.match(one_line(stage_text))
        if match and not ACTIVITY_NUMBER.match(match.group(1)):
            return match.group(1), one_line(match.group(2))
    return number, one_line(stage_text)


def _join_broken_rows(rows, result):
    """A row cut by a page break goes on in the next one: no number of its own, no term, and text
    that continues mid-phrase (lower case, or the cell above ends mid-phrase). Each join is a guess,
    told as a warning on the row joined."""
    joined = []
    for row in rows:
        if joined and _continues(joined[-1], row):
            text = " | ".join(one_line(c) for c in row.raw if one_line(c))[:200]
            result.warnings.append(
                (
                    row.index,
                    _("The row is taken as the continuation of row %(n)s and joined to it: «%(text)s».")
                    % {"n": joined[-1].index, "text": text},
                )
            )
            joined[-1].merge(row)
        else:
            joined.append(row)
    return joined


def _continues(previous, row):
    if one_line(row.get("number")) or _number_and_title(row)[0] or row.get("term"):
        return False
    if not _number_and_title(previous)[0]:
        return False
    if _starts_section(row) or (_spans_row(row) and _stage_title(next(t for t in row.raw if one_line(t)))):
        return False
    for column, text in row.cells.items():
        text = one_line(text).lstrip("•·●▪◦-–— ")
        if not text:
            continue
        before = one_line(previous.get(column))
        if text[0].islower() or (before and (before[-1] in ",-–/" or before[-1].islower())):
            return True
    return False


def _stage_title(text):
    """A stage's name written as a heading: capitalised and naming one of the seven stages."""
    text = one_line(text)
    return bool(text) and text[0].isupper() and guess_stage(text) is not None


def _spans_row(row):
    """One text across the row: a merged cell, or the same text repeated in every cell."""
    filled = [text for text in row.raw if one_line(text)]
    return len(filled) == 1 or (len(filled) == len(row.raw) and len({one_line(t) for t in filled}) == 1)


def _starts_section(row):
    values = [one_line(text) for text in row.raw if one_line(text)]
    return len(values) >= 1 and len(set(values)) == 1 and SECTION_IN_TEXT.match(values[0]) is not None


def _build(result, rows):
    start, end = result.period
    section = None
    for row in rows:
        number, title = _number_and_title(row)
        values = [one_line(text) for text in row.raw if one_line(text)]
        if ACTIVITY_NUMBER.match(number or ""):
            if section is None:
                section = _new_section(result, "", _("Roadmap"))
            if section.from_documents:
                # Numbered activities follow: the stage row's documents were its summary, not its work.
                section.activities, section.from_documents = [], False
            text = one_line(row.get("activity") or row.get("stage"))
            if not text:
                result.warnings.append(
                    (row.index, _("The activity %(n)s has no name and is left out.") % {"n": number})
                )
                continue
            section.activities.append(_activity(number.rstrip("."), text, row, row.get("term"), start, end))
            continue
        if not number and len(set(values)) == 1 and SECTION_IN_TEXT.match(values[0]):
            match = SECTION_IN_TEXT.match(values[0])
            section = _new_section(result, match.group(1), one_line(match.group(2)))
            continue
        if not number and len(set(values)) == 1 and _spans_row(row) and _stage_title(values[0]):
            # A stage's name written across the whole row, without a number.
            section = _new_section(result, "", values[0])
            continue
        if number and SECTION_NUMBER.match(number) or (not number and title and section is None):
            section = _new_section(result, SECTION_NUMBER.match(number).group(1) if number else "", title)
            if "stage" in row.cells:
                _stage_row_activities(section, row, start, end)
                if section.from_documents and row.unmapped:
                    result.warnings.append((row.index, UNRECOGNISED_COLUMN % {"title": title}))
            else:
                continue  # a thematic section header: its activities follow in numbered rows
            if not section.activities:
                result.warnings.append((row.index, _("The stage «%(title)s» lists no activities.") % {"title": title}))
            continue
        if section is not None and (row.get("activity") or title):
            text = one_line(row.get("activity") or title)
            section.activities.append(
                _activity(
                    f"{section.number}.{len(section.activities) + 1}".lstrip("."),
                    text,
                    row,
                    row.get("term"),
                    start,
                    end,
                )
            )
            continue
        result.warnings.append(
            (row.index, _("The row could not be read: %(text)s") % {"text": " | ".join(values)[:200]})
        )


UNRECOGNISED_COLUMN = gettext_lazy(
    "The stage «%(title)s» has a column that was not recognised; its documents were taken as its activities. "
    "Check the columns."
)


def _new_section(result, number, title):
    section = ParsedSection(number=number, title=title, stage=guess_stage(title))
    result.sections.append(section)
    return section


def _activity(number, title, row, term, start, end, *, result_text=None, track=""):
    """One activity; `title` must not be empty (callers skip such rows)."""
    term = one_line(term)
    starts_on, due_on = parse_term(term, start, end)
    return ParsedActivity(
        number=number,
        title=title,
        result=one_line(row.get("result")) if result_text is None else result_text,
        responsible=people_text(row.get("responsible")),
        term=term,
        track=track,
        starts_on=starts_on,
        due_on=due_on,
        row=row.index,
    )


def _stage_row_activities(section, row, start, end):
    """A stage row holds its activities: in the activities column, in the two track columns, or,
    when it lists only the documents it produces, one activity per document."""
    prefix = section.number
    items = []
    if row.get("activity"):
        items = [(text, None, "") for text in split_items(row.get("activity"))]
    elif row.get("internal") or row.get("external"):
        items = [(text, None, "internal") for text in split_items(row.get("internal"))]
        items += [(text, None, "external") for text in split_items(row.get("external"))]
    elif row.get("result"):
        items = [(text, text, "") for text in split_items(row.get("result"))]
        section.from_documents = True
    for index, (text, result_text, track) in enumerate(items, start=1):
        section.activities.append(
            _activity(
                f"{prefix}.{index}" if prefix else str(index),
                text,
                row,
                row.get("term"),
                start,
                end,
                result_text=result_text,
                track=track,
            )
        )


WRITTEN_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _dates_text(starts_on, due_on):
    if starts_on and due_on and starts_on != due_on:
        return f"{starts_on.strftime('%d.%m.%Y')} – {due_on.strftime('%d.%m.%Y')}"
    return (due_on or starts_on).strftime("%d.%m.%Y")


def _term_warnings(activity):
    """What reading a term changed or could not read: a year written that the dates read do not
    have (a typo such as «Апрель 2032г.» in a 2022–2024 roadmap, read by its month in the program's
    period), or a term with figures that gave no date at all (a mistyped date)."""
    term = activity.term
    if not term:
        return []
    if activity.starts_on is None and activity.due_on is None:
        if any(ch.isdigit() for ch in term):
            return [
                _("The term «%(term)s» of %(n)s could not be read as dates: it is kept as text, with no dates.")
                % {"term": term, "n": activity.number}
            ]
        return []
    read = {day.year for day in (activity.starts_on, activity.due_on) if day}
    changed = sorted({int(y) for y in WRITTEN_YEAR.findall(term)} - read)
    if changed:
        return [
            _("The term «%(term)s» of %(n)s names the year %(year)s, but is read as %(dates)s. Check the year.")
            % {
                "term": term,
                "n": activity.number,
                "year": ", ".join(str(y) for y in changed),
                "dates": _dates_text(activity.starts_on, activity.due_on),
            }
        ]
    return []


def _check(result):
    seen = set()
    start, end = result.period
    for section in result.sections:
        for activity in section.activities:
            if activity.number in seen:
                result.warnings.append((activity.row, _("The number %(n)s appears twice.") % {"n": activity.number}))
            seen.add(activity.number)
            result.warnings.extend((activity.row, message) for message in _term_warnings(activity))
            for day in (activity.starts_on, activity.due_on):
                if day and (day < date(start.year - 1, start.month, 1) or day > date(end.year + 1, end.month, 1)):
                    result.warnings.append(
                        (
                            activity.row,
                            _("The term «%(term)s» of %(n)s is far outside the program's period.")
                            % {"term": activity.term, "n": activity.number},
                        )
                    )
                    break
