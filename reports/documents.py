"""The monitoring documents: the program's final report «Отчёт по итогам программы наставничества» and
the district's «Аналитическая справка», as PDF (WeasyPrint, charts as inline SVG made here) and XLSX.

The documents are in Russian whatever the language of the person who asked: they are official papers."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from mentoring import spreadsheets
from roadmap.stages import STAGE_SHORT_NAMES, Stage
from surveys.standard import SWOT_PARTS

from .monitoring import NO_FORM, monitoring, program_figures

BLUE, ORANGE, GREY, GREEN, RED = "#2f6fd6", "#e8862a", "#9aa3ad", "#2e9a5c", "#c8453a"
FONT = "Liberation Sans, DejaVu Sans, sans-serif"


# --- charts ------------------------------------------------------------------------------------------------


def _wrap(text, width):
    """At most two lines of about `width` characters; a longer text ends with an ellipsis."""
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], (lines[1][: width - 1] + "…")]
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]


def _number(value, unit):
    if value is None:
        return "—"
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    return f"{text}{unit}".replace(".", ",")


def _scale(maximum):
    """The axis' end and number of steps: scores and percents as they are, counts up to a round number."""
    if not maximum or maximum in (5, 10, 100):
        return maximum, {5: 5, 10: 10, 100: 5}.get(maximum, 1)
    step = 1
    while maximum / step > 6:
        step = next(s * 10 ** (len(str(step)) - 1) for s in (2, 5, 10) if s * 10 ** (len(str(step)) - 1) > step)
    steps = -(-maximum // step)
    return int(steps * step), int(steps)


def bar_chart(items, *, maximum, series=None, unit="", width=540, label_width=220, bar=12, label_chars=38, font=10.5):
    """A horizontal bar chart as inline SVG. `items`: [(label, [value, …])], one value a series;
    `series`: [(name, colour)] (a legend is drawn when there are several). None draws no bar and «—»."""
    series = series or [("", BLUE)]
    n_series = len(series)
    legend = 18 if n_series > 1 else 0
    plot_left, plot_right = label_width + 6, width - 44
    plot = plot_right - plot_left
    rows, y = [], legend + 4
    # Bars of several series sit at least a label's height apart, so that their values never touch.
    step = max(bar + 2, font)
    for label, values in items:
        lines = _wrap(label, label_chars)
        leading = font * 1.15
        height = max(n_series * step + 4, len(lines) * leading + 4)
        text_y = y + height / 2 - (len(lines) - 1) * leading / 2 + font * 0.35
        for i, line in enumerate(lines):
            rows.append(
                f'<text x="{label_width}" y="{text_y + i * leading:.1f}" text-anchor="end" font-size="{font}">'
                f"{escape(line)}</text>"
            )
        bars_top = y + (height - n_series * step) / 2
        for i, ((_name, colour), value) in enumerate(zip(series, values, strict=True)):
            top = bars_top + i * step
            if value is not None and maximum:
                length = max(0.5, plot * min(value, maximum) / maximum)
                rows.append(
                    f'<rect x="{plot_left}" y="{top:.1f}" width="{length:.1f}" height="{bar}" fill="{colour}"/>'
                )
            else:
                length = 0
            rows.append(
                f'<text x="{plot_left + length + 3:.1f}" y="{top + bar / 2 + font * 0.33:.1f}" font-size="{font - 1}">'
                f"{escape(_number(value, unit))}</text>"
            )
        y += height
    total_height = y + 18
    grid = []
    maximum, steps = _scale(maximum)
    if maximum:
        for i in range(steps + 1):
            x = plot_left + plot * i / steps
            value = maximum * i / steps
            grid.append(
                f'<line x1="{x:.1f}" y1="{legend}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d9dde2" stroke-width="0.6"/>'
                f'<text x="{x:.1f}" y="{y + 12:.1f}" text-anchor="middle" font-size="{font - 1.5}" fill="#555">'
                f"{escape(_number(int(value) if value == int(value) else round(value, 1), unit))}</text>"
            )
    legend_items = []
    if n_series > 1:
        x = plot_left
        for name, colour in series:
            legend_items.append(
                f'<rect x="{x}" y="3" width="10" height="10" fill="{colour}"/>'
                f'<text x="{x + 14}" y="12" font-size="{font - 1}">{escape(name)}</text>'
            )
            x += 24 + 0.6 * font * len(name)
    body = "".join(grid + rows + legend_items)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{total_height:.0f}" '
        f'viewBox="0 0 {width} {total_height:.0f}" font-family="{FONT}" fill="#222">{body}</svg>'
    )


# --- shared helpers ----------------------------------------------------------------------------------------


def _long_date(value):
    return date_format(value, "DATE_FORMAT") if value else ""


def _html_to_pdf(html):
    from documents import pdf

    return pdf.render(html)


def _xlsx(sheets):
    """A workbook from [(title, [row, …])]; the first row of each sheet is its header (mentoring.spreadsheets)."""
    return spreadsheets.xlsx(sheets)


def _initials_surname(full_name):
    from documents.requisites import initials_surname

    return initials_surname(full_name)


# --- the program's final report ----------------------------------------------------------------------------


def _growth_summary(growth):
    """Per indicator, how many people rose, stayed and fell (names stay out of the document)."""
    rows = []
    for index, item in enumerate(growth["indicators"]):
        cells = [p["cells"][index] for p in growth["people"] if p["cells"][index]]
        rows.append(
            {
                **item,
                "people": len(cells),
                "up": sum(1 for c in cells if c["change"] > 0),
                "same": sum(1 for c in cells if c["change"] == 0),
                "down": sum(1 for c in cells if c["change"] < 0),
            }
        )
    return rows


def _fmt(value):
    return _number(value, "")


def _conclusions(figures, data):
    """The report's conclusions, stated from the figures (as «показатель: число», which reads right
    with any number)."""
    sat = data["satisfaction"]
    lines = []
    progress = figures["progress"]
    if progress.total:
        lines.append(
            f"Выполнено мероприятий дорожной карты: {progress.done} из {progress.total} ({progress.percent}%); "
            + (f"просрочено: {progress.overdue}." if progress.overdue else "просроченных нет.")
        )
    lines.append(
        f"Наставнических пар (групп) в программе: {figures['pairs']}, из них работают: {figures['pairs_working']}, "
        f"завершили работу: {figures['pairs_completed']}; наставников: {figures['mentors']}, "
        f"наставляемых: {figures['mentees']}."
    )
    for audience, who in (("mentees", "наставляемых"), ("mentors", "наставников")):
        part = sat[audience]
        if part["mean"] is not None:
            lines.append(
                f"Средняя оценка удовлетворённости {who} — {_fmt(part['mean'])} из 10 "
                f"(анкет: {part['respondents']}, оценок: {part['answers']})."
            )
        else:
            lines.append(f"Анкетирование удовлетворённости {who} не проводилось или ответов нет.")
    rated = [f for f in data["by_form"] if f["mentees"] is not None and f["form"] != NO_FORM]
    if len(rated) > 1:
        best = max(rated, key=lambda f: f["mentees"])
        lines.append(f"Наиболее высоко наставляемые оценили форму «{best['form']}» ({_fmt(best['mentees'])} из 10).")
    growth = data["growth"]["indicators"]
    if growth:
        better = [g for g in growth if g["change"] > 0]
        text = ", ".join(f"«{g['short']}» {'+' if g['change'] > 0 else ''}{_fmt(g['change'])}" for g in growth)
        lines.append(
            f"Изменение показателей участников от входного к итоговому анкетированию: {text}. "
            + (f"Рост отмечен по {len(better)} из {len(growth)} показателей." if better else "Роста не отмечено.")
        )
    else:
        lines.append("Сравнение входного и итогового анкетирования не проводилось.")
    return lines


def program_report_context(program, today=None):
    today = today or timezone.localdate()
    org = program.organization
    figures = program_figures(program)
    data = monitoring(program)
    sat = data["satisfaction"]

    def question_chart(part):
        rows = part["questions"]
        if not rows:
            return ""
        return bar_chart([(r["text"], [r["mean"]]) for r in rows], maximum=max(r["scale"] for r in rows))

    charts = {
        "stages": bar_chart(
            [(s["title"], [s["progress"].percent]) for s in figures["stages"]],
            maximum=100,
            unit="%",
        ),
        "mentees": question_chart(sat["mentees"]),
        "mentors": question_chart(sat["mentors"]),
        "curator": question_chart(data["curator"]),
        "by_form": bar_chart(
            [(f["form"], [f["mentees"], f["mentors"]]) for f in data["by_form"]],
            maximum=10,
            series=[("наставляемые", BLUE), ("наставники", ORANGE)],
        )
        if data["by_form"]
        else "",
        "growth": bar_chart(
            [(g["label"], [g["entry"], g["exit"]]) for g in data["growth"]["indicators"]],
            maximum=10,
            series=[("вход", GREY), ("итог", GREEN)],
        )
        if data["growth"]["indicators"]
        else "",
        "rates": bar_chart([(c.title, [c.rate]) for c in data["campaigns"]], maximum=100, unit="%")
        if data["campaigns"]
        else "",
    }
    curator_user = program.curator
    return {
        "org": org,
        "program": program,
        "period": f"с {_long_date(program.period_start)} по {_long_date(program.period_end)}",
        "today": _long_date(today),
        "forms": list(program.forms.order_by("position", "name").values_list("name", flat=True)),
        "curator_name": curator_user.get_full_name() if curator_user else "",
        "curator_signature": _initials_surname(curator_user.get_full_name()) if curator_user else "",
        "director_signature": _initials_surname(org.director_name),
        "f": figures,
        "m": data,
        "growth_rows": _growth_summary(data["growth"]),
        "charts": charts,
        "conclusions": _conclusions(figures, data),
        "swot_parts": SWOT_PARTS,
    }


def program_report_html(program, today=None):
    with translation.override("ru"):
        return render_to_string("reports/pdf/program_report.html", program_report_context(program, today))


def program_report_pdf(program, today=None):
    return _html_to_pdf(program_report_html(program, today))


def program_report_xlsx(program, today=None):
    with translation.override("ru"):
        c = program_report_context(program, today)
    f, m = c["f"], c["m"]
    figures = [
        ["Показатель", "Значение"],
        ["Организация", c["org"].full_name],
        ["Программа", c["program"].title],
        ["Период", c["period"]],
        ["Куратор", c["curator_name"]],
        ["Наставников в парах программы", f["mentors"]],
        ["Наставляемых в парах программы", f["mentees"]],
        ["Пар (групп) всего", f["pairs"]],
        ["Пар (групп) работают", f["pairs_working"]],
        ["Пар (групп) завершили работу", f["pairs_completed"]],
        ["Пар (групп) прекращено досрочно", f["pairs_terminated"]],
        ["Мероприятий дорожной карты", f["progress"].total],
        ["Выполнено", f["progress"].done],
        ["Просрочено", f["progress"].overdue],
        ["Выполнено, %", f["progress"].percent],
        [],
        ["Форма наставничества", "Пар (групп)", "Работают", "Завершили", "Прекращены"],
        *[[r["form"], r["total"], r["active"], r["completed"], r["terminated"]] for r in f["pairs_by_form"]],
        [],
        ["Этап", "Мероприятий", "Выполнено", "Просрочено", "Выполнено, %"],
        *[
            [
                s["title"],
                s["progress"].total,
                s["progress"].done,
                s["progress"].overdue,
                s["progress"].percent,
            ]
            for s in f["stages"]
        ],
    ]
    satisfaction = [["Анкета", "Вопрос", "Шкала", "Ответов", "Среднее"]]
    for part in (m["satisfaction"]["mentees"], m["satisfaction"]["mentors"], m["curator"]):
        title = part.get("title") or "Анкета куратора программы наставничества"
        for row in part["questions"]:
            satisfaction.append([title, row["text"], f"1–{row['scale']}", row["n"], row["mean"]])
    by_form = [["Форма наставничества", "Наставляемые: среднее", "Оценок", "Наставники: среднее", "Оценок"]]
    by_form += [[r["form"], r["mentees"], r["mentees_n"], r["mentors"], r["mentors_n"]] for r in m["by_form"]]
    by_form.append([])
    by_form.append(["Вопрос анкеты наставляемого", *m["forms"]])
    by_form += [[r["text"], *[cell["mean"] for cell in r["cells"]]] for r in m["satisfaction"]["mentees"]["questions"]]
    growth = [["Показатель", "Вход", "Итог", "Изменение", "Сравнено участников", "Рост", "Без изменений", "Снижение"]]
    growth += [
        [g["label"], g["entry"], g["exit"], g["change"], g["people"], g["up"], g["same"], g["down"]]
        for g in c["growth_rows"]
    ]
    # No names, as in the PDF: the report goes upward; who grew how is on the growth page, for the school.
    rates = [["Анкетирование", "Анкета", "Этап измерения", "Анонимно", "Приглашено", "Ответили", "Доля, %"]]
    rates += [
        [
            x.title,
            x.questionnaire.title,
            x.get_phase_display() if x.phase else "",
            "да" if x.anonymous else "нет",
            x.n_invited,
            x.n_submitted,
            x.rate,
        ]
        for x in m["campaigns"]
    ]
    swot = [["Форма наставничества", *[label for _code, label in SWOT_PARTS]]]
    swot += [[s["form"], *["\n".join(p["texts"]) for p in s["parts"]]] for s in m["swot"]]
    return _xlsx(
        [
            ("Показатели", figures),
            ("Удовлетворённость", satisfaction),
            ("По формам", by_form),
            ("Динамика", growth),
            ("Анкетирование", rates),
            ("SWOT", swot),
        ]
    )


# --- the district's analytical note ------------------------------------------------------------------------

# The note's lists each follow the rule their heading states (and the heading states it):
# - behind: an organization whose roadmap progress is below the district's mean, the mean of the
#   organizations' own progress (each counted once, whatever its size);
# - overdue: an organization with at least LAG_OVERDUE_SHARE % of its activities overdue;
# - without a roadmap: no active program, or an active program with an empty roadmap.
LAG_OVERDUE_SHARE = 10
CHUNK = 30
OTHER_SECTIONS = "Прочие разделы"


def _share_done(row):
    return row.progress.done / row.progress.total


def mean_progress(rows, *, rounded=True):
    """The district's mean progress: the mean of the shares done of the organizations with a roadmap,
    in % (None when none has one). Named so on every page: it differs from the district's pooled share."""
    known = [100 * _share_done(r) for r in rows if r.programs and r.progress.total]
    if not known:
        return None
    mean = sum(known) / len(known)
    return round(mean) if rounded else mean


def lagging(rows):
    """{"mean", "behind", "overdue", "no_roadmap"}: the three lists of the note, each by its rule,
    the furthest behind first."""
    mean = mean_progress(rows, rounded=False)
    with_roadmap = [r for r in rows if r.programs and r.progress.total]
    # Compared unrounded: 49.6 % is below a mean of 50.4 %, though both print as 50 %.
    behind = sorted(
        (r for r in with_roadmap if mean is not None and 100 * _share_done(r) < mean),
        key=lambda r: (r.progress.percent, r.organization.short_name),
    )
    overdue = sorted(
        (r for r in with_roadmap if r.progress.overdue_percent >= LAG_OVERDUE_SHARE),
        key=lambda r: (-r.progress.overdue_percent, r.organization.short_name),
    )
    no_roadmap = [
        {
            "figures": r,
            "reason": "нет действующей программы наставничества" if not r.programs else "дорожная карта не заполнена",
        }
        for r in rows
        if not (r.programs and r.progress.total)
    ]
    return {"mean": mean_progress(rows), "behind": behind, "overdue": overdue, "no_roadmap": no_roadmap}


def _percent(value):
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def analytical_note_context(municipality, on=None, today=None, signer=None):
    from .indicators import district_figures

    today = today or timezone.localdate()
    rows, total = district_figures(municipality, on=on)
    rows = sorted(rows, key=lambda r: r.organization.short_name)
    lag = lagging(rows)
    forms = sorted(total.pairs_by_form.items(), key=lambda item: -item[1])
    # Sixty organizations do not fit one chart on a page: a chart every CHUNK of them.
    chunks = [rows[i : i + CHUNK] for i in range(0, len(rows), CHUNK)]
    charts = {
        "progress": [
            bar_chart(
                [(r.organization.short_name, [r.progress.percent]) for r in chunk],
                maximum=100,
                unit="%",
                bar=8,
                label_width=200,
                label_chars=34,
                font=9,
            )
            for chunk in chunks
        ],
        "satisfaction": [
            bar_chart(
                [(r.organization.short_name, [r.satisfaction_mentees, r.satisfaction_mentors]) for r in chunk],
                maximum=10,
                series=[("наставляемые", BLUE), ("наставники", ORANGE)],
                bar=6,
                label_width=200,
                label_chars=34,
                font=9,
            )
            for chunk in chunks
        ],
        "stages": bar_chart(
            [(f"{s.value}. {s.label}", [p.percent]) for s, p in zip(Stage, total.stages, strict=True)],
            maximum=100,
            unit="%",
        ),
        "forms": bar_chart([(name, [n]) for name, n in forms], maximum=max([n for _f, n in forms], default=0))
        if forms
        else "",
    }
    with_programs = sum(1 for r in rows if r.programs)
    return {
        "municipality": municipality,
        "on": _long_date(on or today),
        "today": _long_date(today),
        "rows": rows,
        "total": total,
        "stage_names": [(s.value, str(STAGE_SHORT_NAMES[s]), s.label) for s in Stage],
        "other_sections": OTHER_SECTIONS if total.other.total else "",
        "lagging": lag,
        "overdue_rule": LAG_OVERDUE_SHARE,
        "forms": forms,
        "charts": charts,
        "figure_numbers": _figure_numbers(forms, charts),
        "with_programs": with_programs,
        "conclusions": _note_conclusions(rows, total, lag, with_programs),
        "signer_name": (signer.get_full_name() or "") if signer else "",
        "signer_signature": _initials_surname(signer.get_full_name()) if signer and signer.get_full_name() else "",
    }


def _figure_numbers(forms, charts):
    """The note's figures numbered in the order they print: 1, 2, 3… with no gap whatever is left out."""
    numbers, n = {}, 0
    for name, present in (
        ("forms", bool(forms)),
        ("stages", True),
        ("progress", bool(charts["progress"])),
        ("satisfaction", bool(charts["satisfaction"])),
    ):
        if present:
            n += 1
            numbers[name] = n
    return numbers


def _note_conclusions(rows, total, lag, with_programs):
    p = total.progress
    lines = [
        f"Образовательных организаций, реализующих целевую модель наставничества: {with_programs} из {len(rows)} "
        f"(действующих программ наставничества: {len(total.programs)}).",
        f"Выполнено мероприятий дорожных карт: {p.done} из {p.total} ({p.percent}%); просрочено: {p.overdue}.",
        f"В базах наставников: {total.mentors}, наставляемых: {total.mentees}; работающих наставнических пар "
        f"(групп): {total.pairs}; ждут наставника: {total.mentees_without_pair}.",
    ]
    coverage = [
        ("обучающихся в роли наставляемых", total.mentee_coverage),
        ("обучающихся в роли наставников", total.mentor_coverage),
        ("молодых педагогов, охваченных наставничеством", total.young_teacher_coverage),
    ]
    known = [f"{name} — {_percent(value)}%" for name, value in coverage if value is not None]
    if known:
        lines.append("Доля " + "; доля ".join(known) + ".")
    if total.satisfaction is not None:
        lines.append(
            f"Средняя удовлетворённость участников — {_percent(total.satisfaction)} из 10 "
            f"(наставляемых {_percent(total.satisfaction_mentees)}, наставников "
            f"{_percent(total.satisfaction_mentors)}; оценок: {total.satisfaction_answers})."
        )
    lines.append(f"Подписано приказов по наставничеству: {total.signed_orders}.")

    def names(items):
        return ", ".join(r.organization.short_name for r in items[:10]) + (" и другие" if len(items) > 10 else "")

    if lag["behind"]:
        lines.append(
            f"Выполнение дорожной карты ниже среднего по организациям района ({lag['mean']}%) в {len(lag['behind'])} "
            f"организациях: {names(lag['behind'])}. Рекомендуется оказать им методическую помощь."
        )
    elif lag["mean"] is not None:
        lines.append(
            f"Организаций с выполнением дорожной карты ниже среднего по организациям района ({lag['mean']}%) нет."
        )
    if lag["overdue"]:
        lines.append(
            f"Просрочено {LAG_OVERDUE_SHARE}% мероприятий и более в {len(lag['overdue'])} организациях: "
            f"{names(lag['overdue'])}. Рекомендуется взять исполнение их дорожных карт на контроль."
        )
    if lag["no_roadmap"]:
        lines.append(
            f"Без действующей программы или с незаполненной дорожной картой: {len(lag['no_roadmap'])} — "
            + names([item["figures"] for item in lag["no_roadmap"]])
            + "."
        )
    return lines


def analytical_note_html(municipality, on=None, today=None, signer=None):
    with translation.override("ru"):
        context = analytical_note_context(municipality, on, today, signer)
        return render_to_string("reports/pdf/analytical_note.html", context)


def analytical_note_pdf(municipality, on=None, today=None, signer=None):
    return _html_to_pdf(analytical_note_html(municipality, on, today, signer))


def _stage_cells(progress_list):
    return [f"{p.done}/{p.total}" if p.total else "—" for p in progress_list]


def analytical_note_xlsx(municipality, on=None, today=None, signer=None):
    with translation.override("ru"):
        c = analytical_note_context(municipality, on, today, signer)
    header = [
        "Организация",
        "Программ",
        "Мероприятий",
        "Выполнено",
        "Выполнено, %",
        "Просрочено",
        "Наставников",
        "Наставляемых",
        "Пар (групп)",
        "Ждут наставника",
        "Охват обучающихся (наставляемые), %",
        "Охват обучающихся (наставники), %",
        "Охват молодых педагогов, %",
        "Удовлетворённость (из 10)",
        "Удовлетворённость наставляемых",
        "Удовлетворённость наставников",
        "Оценок",
        "Подписано приказов",
    ]

    def line(name, r):
        p = r.progress
        return [
            name,
            len(r.programs),
            p.total,
            p.done,
            p.percent,
            p.overdue,
            r.mentors,
            r.mentees,
            r.pairs,
            r.mentees_without_pair,
            r.mentee_coverage,
            r.mentor_coverage,
            r.young_teacher_coverage,
            r.satisfaction,
            r.satisfaction_mentees,
            r.satisfaction_mentors,
            r.satisfaction_answers,
            r.signed_orders,
        ]

    organizations = [
        header,
        *[line(r.organization.short_name, r) for r in c["rows"]],
        line("Итого по району", c["total"]),
    ]
    other = c["total"].other.total > 0  # sections outside the standard stages: a column of their own

    def parts(r):
        return [*r.stages, r.other] if other else r.stages

    names = [f"{value}. {name}" for value, name, _label in c["stage_names"]] + ([OTHER_SECTIONS] if other else [])
    stages = [["Организация", *names]]
    stages += [[r.organization.short_name, *_stage_cells(parts(r))] for r in c["rows"]]
    stages.append(["Итого по району", *_stage_cells(parts(c["total"]))])
    stages_overdue = [["Организация", *[f"{name}: просрочено" for name in names]]]
    stages_overdue += [[r.organization.short_name, *[p.overdue for p in parts(r)]] for r in c["rows"]]
    lagging = c["lagging"]
    lag = [[f"Выполнение дорожной карты ниже среднего по организациям района ({lagging['mean']}%)", "", ""]]
    lag.append(["Организация", "Выполнено, %", "Просрочено"])
    lag += [[r.organization.short_name, r.progress.percent, r.progress.overdue] for r in lagging["behind"]]
    lag += [["", "", ""], [f"Просрочено {c['overdue_rule']}% мероприятий и более", "", ""]]
    lag.append(["Организация", "Просрочено", "Просрочено, %"])
    lag += [[r.organization.short_name, r.progress.overdue, r.progress.overdue_percent] for r in lagging["overdue"]]
    lag += [["", "", ""], ["Без действующей программы или с незаполненной дорожной картой", "", ""]]
    lag += [[x["figures"].organization.short_name, x["reason"], ""] for x in lagging["no_roadmap"]]
    forms = [["Форма наставничества", "Пар (групп)"], *[[name, n] for name, n in c["forms"]]]
    summary = [["Аналитическая справка о реализации целевой модели наставничества в ОО", municipality.name]]
    summary += [["По состоянию на", c["on"]], *[[line_, ""] for line_ in c["conclusions"]]]
    return _xlsx(
        [
            ("Организации", organizations),
            ("Этапы", stages),
            ("Просрочено по этапам", stages_overdue),
            ("Отстающие", lag),
            ("Формы", forms),
            ("Выводы", summary),
        ]
    )
