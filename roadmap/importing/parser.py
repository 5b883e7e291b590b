"""Tables to a roadmap: find the header, map the columns by their Russian names, tell section rows
from activity rows, split bulleted cells into activities, and read terms into dates.

Real roadmaps differ (see ../shared/seeds/ and domain.md): stages with activities in one cell, stages
that list only the documents they produce, thematic sections with numbered activities, a split into
«Работа внутри ОО» / «Работа с внешней средой», rows broken across pages. The text of every cell is
kept as written; what cannot be understood becomes a warning, never an error."""

import re
from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..stages import Stage
from ..terms import MAX_OCCURRENCES, occurrences, parse_term, recurrence
from .heading import read_heading

COLUMNS = [
    # (column, prefixes of its normalised header)
    ("internal", ("работа внутри",)),
    ("external", ("работа с внешней", "работа с внешн")),
    ("number", ("№", "n п/п", "nn п/п", "nn", "п/п", "номер")),
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
    ("description", ("содержание", "описание", "краткое содержание", "механизм реализации")),
    ("activity", ("мероприят", "наименование мероприят", "действия", "виды работ", "работы")),
    ("stage", ("наименование этап", "этап", "раздел", "наименование раздел", "направлени")),
]
BULLETS = "•·●▪◦"
LINE_BULLET = re.compile(r"^\s*(?:[-−–—*]|\d+[).]|[а-яa-z]\))\s+")
SECTION_NUMBER = re.compile(r"^\s*(?:(?:этап|раздел|блок)\s*)?(\d{1,2}|[IVXLC]{1,6})\s*\.?\s*$", re.IGNORECASE)
SECTION_IN_TEXT = re.compile(
    r"^\s*(?:(?:этап|раздел|блок)\s*)?(\d{1,2}|[IVXLC]{1,6})\s*[.):]\s+(.+)$"
    r"|^\s*(?:этап|раздел|блок)\s*(\d{1,2}|[IVXLC]{1,6})\s*[.):]?\s+(.+)$",
    re.IGNORECASE | re.DOTALL,
)
ROMAN = re.compile(r"^[IVXLC]{1,6}$")
ACTIVITY_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,3}){1,3})\.?\s*$")
# Items run together in one paragraph: «– Приказ…; – Положение…».
INLINE_ITEMS = re.compile(r"(?<=;)\s*[-–—]\s+")
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
    description: str = ""  # «Содержание деятельности»: the concrete steps
    note: str = ""  # every other column, «Участники: …» one a line
    repeats: bool = False  # one occurrence of a recurring term (see _expand_recurring)


@dataclass
class ParsedSection:
    number: str
    title: str
    stage: int | None = None
    activities: list = field(default_factory=list)
    # The activities were made from the documents the stage row lists (see _stage_row_activities).
    from_documents: bool = False
    row: int = 0
    warned_empty: bool = False


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
                            "description": a.description,
                            "note": a.note,
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
    """Responsible people one per line in the cell become «A; B». A line that only wraps the one
    before it, cut after a comma or a preposition (a PDF's cell: «Заместитель директора по» / «УВР»),
    goes on on the same line."""
    people = []
    for line in clean(text).splitlines():
        line = line.strip(" ;")
        if not line.strip(","):
            continue
        wraps = people and (people[-1].endswith(",") or re.search(r"(?:^|\s)(по|и|в|на|с|со|для|из)$", people[-1]))
        if wraps:
            people[-1] = f"{people[-1]} {line}"
        else:
            people.append(line)
    return "; ".join(person.strip(" ,") for person in people)


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
    """(index, {column: cell index}) of the first row naming at least two known columns. A content
    column («Содержание работы») is the activity when no column names the activities; a second result
    column («Вид документа» beside «Ожидаемые результаты») is `result2`."""
    for index, row in enumerate(rows[:50]):
        mapping = {}
        for position, cell in enumerate(row):
            column = column_of(cell)
            if column == "result" and "result" in mapping:
                column = "result2"
            if column and column not in mapping:
                mapping[column] = position
        if len(mapping) >= 2:
            if "description" in mapping and "activity" not in mapping:
                mapping["activity"] = mapping.pop("description")
            return index, mapping
    return None, {}


def split_items(text):
    """List items of a cell (see `split_numbered_items`), without their written numbers."""
    return [item for _number, item in split_numbered_items(text)]


WRITTEN_NUMBER = re.compile(r"^\s*(\d{1,2})[).]\s+")


def split_numbered_items(text):
    """(written number or "", item) for the list items of a cell: by bullet characters anywhere, else
    by lines that start with a dash or a number, else the whole cell; a line without a marker
    continues the item before it, unless that item ended with «;». A number written as «1)» or «1.»
    is kept."""
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", clean(text))  # a word hyphenated across lines
    if not text:
        return []
    if "\n" not in text and INLINE_ITEMS.search(text):
        return [
            ("", tidy_item(LINE_BULLET.sub("", part, count=1))) for part in INLINE_ITEMS.split(text) if tidy_item(part)
        ]
    if any(bullet in text for bullet in BULLETS):
        parts = re.split(f"[{BULLETS}]", text)
        return [("", tidy_item(part)) for part in parts if tidy_item(part)]
    lines = text.splitlines()
    marked = sum(1 for line in lines if LINE_BULLET.match(line))
    if marked >= 1 and len(lines) > 1 or LINE_BULLET.match(lines[0]):
        items = []  # [written number, text]
        for line in lines:
            # A dash starts a new item only after one has ended, not inside «(в том числе – …».
            ended = not items or items[-1][1].rstrip().endswith((";", ".", ":", "!", "?"))
            if LINE_BULLET.match(line) and (ended or items[-1][1].count("(") <= items[-1][1].count(")")) or not items:
                if items and not ended and re.search(r"(в том числе|\()\s*$", items[-1][1]):
                    items[-1][1] = f"{items[-1][1]} {line}"
                    continue
                written = WRITTEN_NUMBER.match(line)
                items.append([written.group(1) if written else "", LINE_BULLET.sub("", line, count=1)])
            elif items[-1][1].rstrip().endswith(";"):
                items.append(["", line])  # «…;» ended the item before: a new one, though without a dash
            else:
                items[-1][1] = f"{items[-1][1]} {line}"
        return [(number, tidy_item(item)) for number, item in items if tidy_item(item)]
    if len(lines) > 1 and all(line.rstrip().endswith(";") for line in lines[:-1]):
        return [("", tidy_item(line)) for line in lines if tidy_item(line)]  # «Приказ;» «Положение;» one a line
    return [("", tidy_item(text))]


def guess_stage(title):
    name = normalise(title)
    for stage, words in STAGE_WORDS:
        if any(normalise(word) in name for word in words):
            return int(stage)
    return None


def infer_period(terms):
    """A program period from the years the terms name."""
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


def section_in_text(text):
    """(number, title) of a section written in one text: «I. Подготовка…», «Раздел 2. …», «Этап 3: …»."""
    match = SECTION_IN_TEXT.match(one_line(text))
    if not match:
        return None
    number, title = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return number, one_line(title)


def column_label(header, position):
    return one_line(header) or _("Column %(n)d") % {"n": position + 1}


class Row:
    def __init__(self, index, cells, mapping, header=()):
        self.index = index
        self.cells = {
            column: clean(cells[position]) if position < len(cells) else "" for column, position in mapping.items()
        }
        self.raw = [clean(cell) for cell in cells]
        used = {position for column, position in mapping.items() if column != "note"}
        self.unmapped = [clean(c) for position, c in enumerate(cells) if position not in used and clean(c)]
        # Every column the import does not map is kept, under its name, in the activity's note.
        self.notes = [
            (column_label(header[position] if position < len(header) else "", position), one_line(c))
            for position, c in enumerate(cells)
            if position not in used and one_line(c)
        ]
        self.result2_label = (
            one_line(header[mapping["result2"]]) if "result2" in mapping and mapping["result2"] < len(header) else ""
        )

    def get(self, column):
        return self.cells.get(column, "")

    @property
    def empty(self):
        return not any(self.raw)

    @property
    def carries(self):
        """Whether the row carries what only an activity has: a term, a responsible person or a result."""
        return any(one_line(self.get(column)) for column in ("term", "responsible", "result", "result2"))

    @property
    def note(self):
        return "\n".join(f"{label}: {text}" for label, text in self.notes)

    @property
    def result(self):
        """The result as written; a second result column («Вид документа») joined under its name."""
        first, second = one_line(self.get("result")), one_line(self.get("result2"))
        if first and second:
            return f"{first}; {self.result2_label or _('result')}: {second}"
        return first or second

    def merge(self, other):
        """Append a continuation row: a cell cut mid-phrase («…для», «Иванова А.А.,») goes on on the
        same line, anything else on a new one."""
        for column, text in other.cells.items():
            if text:
                before = self.cells.get(column, "")
                glue = " " if before and (before[-1] in ",-–/" or before[-1].islower()) else "\n"
                self.cells[column] = f"{before}{glue}{text}".strip()
        mine = dict(self.notes)
        for label, text in other.notes:
            mine[label] = f"{mine[label]} {text}" if label in mine else text
        self.notes = list(mine.items())


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
    "description": "Содержание",
    "term": "Срок",
    "result": "Результат",
    "result2": "Результат (второй столбец)",
    "responsible": "Ответственные",
    "internal": "Работа внутри ОО",
    "external": "Работа с внешней средой",
    "note": "Примечание",
}


def _date(day):
    return day.strftime("%d.%m.%Y")


def parse_tables(title, tables, period=None, mappings=None):
    """The roadmap in `tables` (from readers.read_tables). `title`: the heading above the table, its
    lines in order (or "" to take the rows above a spreadsheet's header). `period`: (start, end) or
    None to read it from the heading, else from the terms. `mappings`: the user's corrections of which
    cell holds which column, per table."""
    if not one_line(title) and tables:
        # A spreadsheet's heading is the text above its table.
        header_index, _mapping = find_header(tables[0])
        title = "\n".join(one_line(c) for row in tables[0][: header_index or 0] for c in row if one_line(c))
    heading = read_heading(title)
    result = ParsedRoadmap(title=heading.title, period=period)
    rows = []
    repeated_headers = []
    for table, (header_index, header_cells, mapping) in zip(tables, headers(tables, mappings), strict=True):
        if header_index is None or not mapping:
            continue
        header = [normalise(cell) for cell in table[header_index]]
        table_rows = []
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
            row = Row(offset, cells, mapping, header_cells)
            if row.empty:
                continue
            if all(normalise(c) in {normalise(h) for h in header if h} or not c for c in cells):
                result.warnings.append(
                    (offset, _("The row repeats the column names («%(text)s») and is skipped.") % {"text": text})
                )
                continue
            table_rows.append(row)
        result.warnings.extend(_note_column_warnings(header_cells, mapping, table_rows, header_index + 1))
        rows.extend(table_rows)
    if repeated_headers:
        result.warnings.append(
            (
                repeated_headers[0],
                ngettext(
                    "The table's header repeated (after a page break) in row %(rows)s is skipped.",
                    "The table's header repeated (after a page break) in rows %(rows)s is skipped.",
                    len(repeated_headers),
                )
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
    if result.period is None and heading.period is not None:
        result.period = heading.period
        if heading.assumed:
            result.warnings.append(
                (
                    0,
                    _("The period %(start)s – %(end)s is read from the title, but %(assumed)s. Check it.")
                    % {"start": _date(heading.period[0]), "end": _date(heading.period[1]), "assumed": heading.assumed},
                )
            )
    if result.period is None:
        result.period = infer_period([row.get("term") for row in rows])
        if result.period is not None:
            result.warnings.append(
                (
                    0,
                    _(
                        "The period is not named in the title: %(start)s – %(end)s is taken from the years "
                        "the terms name. Check it, or give the period when uploading."
                    )
                    % {"start": _date(result.period[0]), "end": _date(result.period[1])},
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
                % {"start": _date(result.period[0]), "end": _date(result.period[1])},
            )
        )
    _build(result, rows)
    _expand_recurring(result)
    _check(result)
    return result


def _note_column_warnings(header_cells, mapping, rows, header_row):
    """Each column the import does not map, named with a sample of its content: it is kept in the
    activities' note, and can be mapped in the preview."""
    used = {position for column, position in mapping.items() if column != "note"}
    warnings = []
    width = max((len(row.raw) for row in rows), default=0)
    for position in range(width):
        if position in used:
            continue
        filled = (one_line(row.raw[position]) for row in rows if position < len(row.raw) and row.raw[position])
        sample = next(filled, "")
        if not sample:
            continue
        label = column_label(header_cells[position] if position < len(header_cells) else "", position)
        warnings.append(
            (
                header_row,
                _(
                    "The column «%(column)s» is not one the import maps (for example «%(sample)s»): its content "
                    "is kept in each activity's note. If it is another column, choose it under «Columns of the "
                    "table» and read the file again."
                )
                % {"column": label, "sample": sample[:80]},
            )
        )
    return warnings


def _number_and_title(row):
    number = one_line(row.get("number"))
    if number and not (SECTION_NUMBER.match(number) or ACTIVITY_NUMBER.match(number)):
        number = ""  # words in the number column: a title written across the row
    # Without a stage column, a numbered section's title stands in the activities column.
    stage_text = (
        row.get("stage") if "stage" in row.cells else (row.get("activity") if SECTION_NUMBER.match(number) else "")
    )
    if not number and stage_text:
        found = section_in_text(stage_text)
        if found and not ACTIVITY_NUMBER.match(found[0]):
            return found
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
    filled = [column for column, text in row.cells.items() if one_line(text)]
    if "stage" in row.cells and filled == ["activity"] and one_line(row.get("activity"))[0].isupper():
        return False  # a new activity of the stage merged down from above, not a cut one
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
    """One text across the row: a merged cell, or the same text repeated in every cell. Not the
    activity cell alone under a stage column merged from above: «Подготовка нормативной базы…» there
    is an activity of that stage."""
    filled = [text for text in row.raw if one_line(text)]
    if "stage" in row.cells and [c for c, t in row.cells.items() if one_line(t)] in (
        ["activity"],
        ["internal"],
        ["external"],
        ["description"],
    ):
        return False
    return len(filled) == 1 or (len(filled) == len(row.raw) and len({one_line(t) for t in filled}) == 1)


def _starts_section(row):
    values = [one_line(text) for text in row.raw if one_line(text)]
    return len(values) >= 1 and len(set(values)) == 1 and section_in_text(values[0]) is not None


def _numbers_ahead(rows):
    """For each row, the activity numbers written in the rows after it (to tell a «1.1» heading of
    «1.1.1», «1.1.2» from an activity)."""
    ahead, later = [], []
    for row in reversed(rows):
        ahead.append(list(later[:3]))
        number = one_line(row.get("number"))
        if number:
            later.insert(0, number.rstrip("."))
    return list(reversed(ahead))


def _build(result, rows):
    start, end = result.period
    section = None
    for row, ahead in zip(rows, _numbers_ahead(rows), strict=True):
        number, title = _number_and_title(row)
        values = [one_line(text) for text in row.raw if one_line(text)]
        if ACTIVITY_NUMBER.match(number or ""):
            text = one_line(row.get("activity") or row.get("stage"))
            written = number.rstrip(".")
            if text and not row.carries and any(n.startswith(f"{written}.") for n in ahead):
                # «1.1. Нормативное обеспечение» above «1.1.1», «1.1.2»: a heading of the third level.
                section = _new_section(result, written, text, row)
                continue
            if section is None:
                section = _new_section(result, "", _("Roadmap"), row)
            if section.from_documents:
                # Numbered activities follow: the stage row's documents were its summary, not its work.
                section.activities, section.from_documents = [], False
            if not text:
                result.warnings.append(
                    (row.index, _("The activity %(n)s has no name and is left out.") % {"n": number})
                )
                continue
            section.activities.append(_activity(written, text, row, row.get("term"), start, end))
            continue
        if not number and len(set(values)) == 1 and section_in_text(values[0]):
            found = section_in_text(values[0])
            section = _new_section(result, found[0], found[1], row)
            continue
        if not number and len(set(values)) == 1 and _spans_row(row) and _stage_title(values[0]):
            # A stage's name written across the whole row, without a number.
            section = _new_section(result, "", values[0], row)
            continue
        plain = SECTION_NUMBER.match(number or "")
        heads = plain is not None and any(n.startswith(f"{plain.group(1)}.") for n in ahead)
        if plain and "stage" not in row.cells and plain.group(1).isdigit() and row.carries and title and not heads:
            # «1.» with a term, a responsible person or a result: an activity (under «I.», or alone).
            if section is None:
                section = _new_section(result, "", _("Roadmap"), row)
            written = plain.group(1)
            composed = f"{section.number}.{written}" if section.number else written
            section.activities.append(_activity(composed, title, row, row.get("term"), start, end))
            continue
        if plain or (not number and title and section is None):
            section = _new_section(result, plain.group(1) if plain else "", title, row)
            if "stage" in row.cells:
                _stage_row_activities(section, row, start, end)
                if section.from_documents and row.unmapped:
                    result.warnings.append((row.index, UNRECOGNISED_COLUMN % {"title": title}))
            else:
                if row.carries:
                    # «1. Подготовительный этап | сентябрь – октябрь | Куратор» above «1.1», «1.2».
                    kept = " | ".join(
                        one_line(row.get(c)) for c in ("term", "responsible", "result", "result2") if row.get(c)
                    )
                    result.warnings.append(
                        (
                            row.index,
                            _(
                                "The section «%(title)s» has a term, a responsible person or a result (%(text)s); "
                                "a section keeps none of them: give them to its activities if they need them."
                            )
                            % {"title": title, "text": kept[:200]},
                        )
                    )
                continue  # a thematic section header: its activities follow in numbered rows
            if not section.activities:
                section.warned_empty = True
                result.warnings.append((row.index, _("The stage «%(title)s» lists no activities.") % {"title": title}))
            continue
        text = one_line(row.get("activity") or title)
        if text and (section is not None or row.carries):
            if section is None:
                section = _new_section(result, "", _("Roadmap"), row)
            written = one_line(row.get("number"))
            listed = WRITTEN_NUMBER.match(text)
            if listed and not written:
                # «3) Проведение…» under a merged stage: the number written in the cell is kept.
                text = text[listed.end() :].strip()
                section.activities.append(
                    _activity(f"{section.number}.{listed.group(1)}".lstrip("."), text, row, row.get("term"), start, end)
                )
                continue
            generated = f"{section.number}.{len(section.activities) + 1}".lstrip(".")
            activity = _activity(written[:12] if written else generated, text, row, row.get("term"), start, end)
            section.activities.append(activity)
            if written:
                result.warnings.append(
                    (
                        row.index,
                        _("The number «%(written)s» is not one the import reads; it is kept as written.")
                        % {"written": written},
                    )
                )
            elif row.carries or row.get("number") == "":
                result.warnings.append(
                    (
                        row.index,
                        _("The activity «%(title)s» has no number: %(n)s is given to it.")
                        % {"title": text[:80], "n": activity.number},
                    )
                )
            continue
        result.warnings.append((row.index, _why_unread(row, values)))


def _why_unread(row, values):
    text = " | ".join(values)[:200]
    if not one_line(row.get("activity") or row.get("stage")) and row.carries:
        return _(
            "The row has a term, a responsible person or a result but no activity name, and is left out: %(text)s"
        ) % {"text": text}
    if row.unmapped and not any(one_line(t) for t in row.cells.values()):
        return _("The row's text is only in columns the import does not map, and is left out: %(text)s") % {
            "text": text
        }
    return _(
        "The row has no number, no term, no responsible person and no result, and no section stands before it; "
        "it is left out: %(text)s"
    ) % {"text": text}


UNRECOGNISED_COLUMN = gettext_lazy(
    "The stage «%(title)s» has a column that was not recognised; its documents were taken as its activities. "
    "Check the columns."
)


def _new_section(result, number, title, row=None):
    section = ParsedSection(number=number, title=title, stage=guess_stage(title), row=row.index if row else 0)
    result.sections.append(section)
    return section


def _activity(number, title, row, term, start, end, *, result_text=None, track=""):
    """One activity; `title` must not be empty (callers skip such rows)."""
    term = one_line(term)
    starts_on, due_on = parse_term(term, start, end)
    return ParsedActivity(
        number=number,
        title=title,
        result=row.result if result_text is None else result_text,
        responsible=people_text(row.get("responsible")),
        term=term,
        track=track,
        starts_on=starts_on,
        due_on=due_on,
        row=row.index,
        description=clean(row.get("description")),
        note=row.note,
    )


def _stage_row_activities(section, row, start, end):
    """A stage row holds its activities: in the activities column, in the two track columns, or,
    when it lists only the documents it produces, one activity per document. A number written in
    the list («1)», «2.») is kept."""
    prefix = section.number
    items = []
    if row.get("activity"):
        items = [(number, text, None, "") for number, text in split_numbered_items(row.get("activity"))]
    elif row.get("internal") or row.get("external"):
        items = [(number, text, None, "internal") for number, text in split_numbered_items(row.get("internal"))]
        items += [(number, text, None, "external") for number, text in split_numbered_items(row.get("external"))]
    elif row.get("result"):
        items = [(number, text, text, "") for number, text in split_numbered_items(row.get("result"))]
        section.from_documents = True
    for index, (written, text, result_text, track) in enumerate(items, start=1):
        local = written or str(index)
        section.activities.append(
            _activity(
                f"{prefix}.{local}" if prefix else local,
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
RECURRING = (
    "ежегодно",
    "ежеквартально",
    "ежемесячно",
    "еженедельно",
    "в течение года",
    "в течение учебного года",
    "в течение всего",
    "в течение программы",
    "весь период",
    "постоянно",
    "систематически",
    "по мере необходимости",
    "на протяжении",
    "кажд",
)


def _dates_text(starts_on, due_on):
    if starts_on and due_on and starts_on != due_on:
        return f"{_date(starts_on)} – {_date(due_on)}"
    return _date(due_on or starts_on)


def _term_warnings(activity):
    """What reading a term changed, guessed or could not read: a year written that the dates read do
    not have (a typo such as «Апрель 2032г.» in a 2022–2024 roadmap, read by its month in the
    program's period), a recurring or open term placed over the whole period, a term that gave no
    date at all, and no term."""
    term = activity.term
    if not term:
        return [
            _("The activity %(n)s has no term: it has no dates. Give them in the preview.") % {"n": activity.number}
        ]
    if activity.starts_on is None and activity.due_on is None:
        if any(ch.isdigit() for ch in term):
            return [
                _("The term «%(term)s» of %(n)s could not be read as dates: it is kept as text, with no dates.")
                % {"term": term, "n": activity.number}
            ]
        return [
            _("The term «%(term)s» of %(n)s names no date: it is kept as text, the activity has no dates.")
            % {"term": term, "n": activity.number}
        ]
    lowered = term.lower().replace("ё", "е")
    if any(word in lowered for word in RECURRING) and not activity.repeats:
        return [
            _(
                "The term «%(term)s» of %(n)s repeats or is open: the activity is planned once, over "
                "%(dates)s, due at its end."
            )
            % {"term": term, "n": activity.number, "dates": _dates_text(activity.starts_on, activity.due_on)}
        ]
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


UNIT_NAMES = {
    "month": gettext_lazy("one per month"),
    "quarter": gettext_lazy("one per quarter"),
    "school_quarter": gettext_lazy("one per school quarter"),
    "year": gettext_lazy("one per academic year"),
}


def _expand_recurring(result):
    """A term that repeats by the calendar («Ежемесячно», «Ежеквартально», «Ежегодно», «в конце каждой
    четверти») becomes one activity per occurrence inside the period, each with its own dates and a
    number of its own (4.1 → 4.1.1, 4.1.2, …), so that lateness, reminders and the calendar follow each
    one. The term is kept as written, with the occurrence after it; the preview says what was done."""
    start, end = result.period
    for section in result.sections:
        expanded = []
        for activity in section.activities:
            unit = recurrence(activity.term)
            spans = occurrences(unit, start, end) if unit else []
            if not 2 <= len(spans) <= MAX_OCCURRENCES:
                expanded.append(activity)
                continue
            copies = [
                replace(
                    activity,
                    number=f"{activity.number}.{index}" if activity.number else "",
                    term=f"{activity.term}: {label}",
                    starts_on=first,
                    due_on=last,
                    repeats=True,
                )
                for index, (label, first, last) in enumerate(spans, start=1)
            ]
            expanded.extend(copies)
            result.warnings.append(
                (
                    activity.row,
                    _(
                        "The term «%(term)s» of %(n)s repeats: it is split into activities %(unit)s "
                        "(%(count)d: %(first)s – %(last)s). Mark those not needed «Leave out» in the preview."
                    )
                    % {
                        "term": activity.term,
                        "n": activity.number or activity.title,
                        "count": len(copies),
                        "unit": UNIT_NAMES[unit],
                        "first": copies[0].number or _date(copies[0].due_on),
                        "last": copies[-1].number or _date(copies[-1].due_on),
                    },
                )
            )
        section.activities = expanded


def _check(result):
    seen = set()
    start, end = result.period
    activities = [activity for section in result.sections for activity in section.activities]
    termless = activities and not any(activity.term for activity in activities)
    if termless:
        # No term anywhere (no term column): said once, not on every row.
        result.warnings.append(
            (
                0,
                _("No activity has a term (the table has no term column): none of the %(n)d has dates.")
                % {"n": len(activities)},
            )
        )
    for position, section in enumerate(result.sections):
        following = result.sections[position + 1] if position + 1 < len(result.sections) else None
        parent = following is not None and section.number and following.number.startswith(f"{section.number}.")
        if not section.activities and not section.warned_empty and not parent:
            result.warnings.append(
                (section.row, _("The section «%(title)s» has no activities.") % {"title": section.title})
            )
        for activity in section.activities:
            if activity.number in seen:
                result.warnings.append((activity.row, _("The number %(n)s appears twice.") % {"n": activity.number}))
            seen.add(activity.number)
            if activity.term or not termless:
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
    result.warnings.sort(key=lambda warning: warning[0])
