"""What an order prints: the context built from live data (or the signed snapshot), its HTML, the
PDF (WeasyPrint) and the editable DOCX copy."""

import base64
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format

from mentoring.models import ConsentKind, Mentee, Mentor, MentorCategory, MentorChange, MentorStatus, Pair, PairStatus

from .kinds import TEXT_APPENDICES
from .models import OrderSettings


def _date(value):
    return value.strftime("%d.%m.%Y") if value else ""


def initials_surname(full_name):
    """«Иванов Иван Иванович» → «И.И. Иванов», as a signature line reads."""
    parts = (full_name or "").split()
    if len(parts) < 2:
        return full_name or ""
    return "".join(f"{p[0]}." for p in parts[1:3]) + " " + parts[0]


def _pairs(program):
    """The pairs grouped by form, as schools lay out this appendix: a teacher mentor's line cites their
    written consent (ТК РФ ст. 351.8)."""
    pairs = (
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE)
        .select_related("mentor__person", "form")
        .prefetch_related("members__mentee__person", "mentor__person__consents")
        .order_by("form__position", "form__name", "mentor__person__last_name", "mentor__person__first_name", "pk")
    )
    rows, form = [], None
    for number, pair in enumerate(pairs, start=1):
        if pair.form_id != form:
            form = pair.form_id
            rows.append({"section": f"Форма наставничества: {pair.form.name}"})
        mentees = ", ".join(
            m.mentee.person.full_name + (f" ({m.mentee.person.class_name} кл.)" if m.mentee.person.class_name else "")
            for m in pair.members.all()
            if m.left_on is None
        )
        mentor = pair.mentor.person.full_name
        consent = pair.mentor.person.valid_consent(ConsentKind.MENTORING)
        if pair.mentor.category == MentorCategory.TEACHER and consent:
            mentor += f" (письменное согласие от {_date(consent.given_on)})"
        period = f"{_date(pair.started_on)} – {_date(pair.ends_on or program.period_end)}"
        rows.append([str(number), mentor, mentees, period])
    return {"columns": ["№", "Наставник", "Наставляемые", "Период"], "rows": rows}


def _numbered(columns, rows):
    return {"columns": ["№", *columns], "rows": [[str(i), *row] for i, row in enumerate(rows, start=1)]}


def _mentors(program, statuses):
    mentors = (
        Mentor.objects.of(program.organization)
        .current()
        .filter(status__in=statuses)
        .select_related("person")
        .prefetch_related("competencies")
    )
    return [
        [
            m.person.full_name,
            m.get_category_display(),
            m.workplace or m.person.position,
            ", ".join(c.name for c in m.competencies.all()),
        ]
        for m in mentors
    ]


def _table(kind, program):
    org = program.organization
    if kind == "roadmap":
        rows = []
        for section in program.sections.prefetch_related("activities").order_by("position"):
            rows.append({"section": f"{section.number} {section.title}".strip()})
            for a in section.activities.all():
                term = a.term_text or " – ".join(filter(None, [_date(a.start_date), _date(a.due_date)]))
                rows.append(
                    [a.number, a.title, term, a.responsible_text or a.get_responsible_role_display(), a.result_text]
                )
        # The roadmap keeps its own numbers (1.1, 2.10); the other tables are numbered in order.
        return {"columns": ["№", "Мероприятие", "Срок", "Ответственные", "Результат"], "rows": rows}
    if kind == "pairs":
        return _pairs(program)
    if kind == "mentors":
        rows = _mentors(program, [MentorStatus.SELECTED, MentorStatus.TRAINED, MentorStatus.ACTIVE])
        return _numbered(["ФИО", "Категория", "Место работы (учёбы)", "Компетенции"], rows)
    if kind == "training":
        rows = _mentors(program, [MentorStatus.CANDIDATE, MentorStatus.SELECTED])
        return _numbered(["ФИО", "Категория", "Место работы (учёбы)", "Компетенции"], rows)
    if kind == "mentees":
        mentees = Mentee.objects.of(org).current().select_related("person")
        rows = [
            [
                m.person.full_name,
                m.get_category_display() + (f", {m.person.class_name} кл." if m.person.class_name else ""),
                m.request,
            ]
            for m in mentees
        ]
        return _numbered(["ФИО", "Категория", "Запрос"], rows)
    if kind == "rewards":
        pairs = (
            Pair.objects.filter(program=program, status=PairStatus.COMPLETED)
            .select_related("mentor__person")
            .order_by("mentor__person__last_name", "pk")
        )
        seen, rows = set(), []
        for pair in pairs:
            if pair.mentor_id not in seen:
                seen.add(pair.mentor_id)
                rows.append(
                    [pair.mentor.person.full_name, pair.mentor.workplace or pair.mentor.person.position, pair.result]
                )
        return _numbered(["ФИО наставника", "Место работы (учёбы)", "Результат"], rows)
    if kind == "terminations":
        rows = [
            [
                p.mentor.person.full_name,
                ", ".join(m.person.full_name for m in p.mentees.all()),
                _date(p.finished_on),
                p.termination_reason,
            ]
            for p in Pair.objects.filter(program=program, status=PairStatus.TERMINATED)
            .select_related("mentor__person")
            .prefetch_related("mentees__person")
        ]
        rows += [
            [
                f"{c.previous_mentor.person.full_name} → {c.new_mentor.person.full_name}",
                ", ".join(m.person.full_name for m in c.pair.mentees.all()),
                _date(c.changed_on),
                c.reason,
            ]
            for c in MentorChange.objects.filter(pair__program=program)
            .select_related("previous_mentor__person", "new_mentor__person", "pair")
            .prefetch_related("pair__mentees__person")
        ]
        return _numbered(["Наставник", "Наставляемые", "Дата", "Причина"], rows)
    if kind == "payments":
        loads = {}
        for pair in (
            Pair.objects.filter(program=program, status=PairStatus.ACTIVE, mentor__category=MentorCategory.TEACHER)
            .select_related("mentor__person")
            .prefetch_related("members")
        ):
            name = pair.mentor.person.full_name
            loads[name] = loads.get(name, 0) + sum(1 for m in pair.members.all() if m.left_on is None)
        return _numbered(
            ["ФИО наставника", "Наставляемых", "Размер выплаты"], [[n, str(k), ""] for n, k in sorted(loads.items())]
        )
    return {"columns": [], "rows": []}


def render_context(order):
    """Everything the order prints, as plain data: what a signature freezes into the snapshot."""
    org = order.organization
    program = order.program
    settings_ = OrderSettings.objects.get_or_create(organization=org)[0]
    appendices = []
    for number, appendix in enumerate(order.appendices, start=1):
        item = {"number": number, "title": appendix["title"], "kind": appendix["kind"]}
        if appendix["kind"] in TEXT_APPENDICES:
            item["text"] = appendix.get("text", "")
        elif program is not None:
            item.update(_table(appendix["kind"], program))
        appendices.append(item)
    return {
        "founder": org.founder,
        "full_name": org.full_name,
        "short_name": org.short_name,
        "place": settings_.place,
        "title": order.title,
        "preamble": order.preamble,
        "points": order.points,
        "control": order.control,
        "director_title": org.director_title,
        "director_name": org.director_name,
        "director_signature": initials_surname(org.director_name),
        "acquainted": order.acquainted,
        "appendices": appendices,
    }


def context_for(order):
    """The signed snapshot, or the live data of a draft."""
    data = dict(order.snapshot) if order.is_signed and order.snapshot else render_context(order)
    data.update(
        {
            "number": order.display_number,
            "date": date_format(order.signed_on, "DATE_FORMAT") if order.signed_on else "",
            "date_short": _date(order.signed_on),
            "draft": not order.is_signed,
        }
    )
    if order.is_signed:
        url = verification_url(order)
        data["verification_url"] = url
        data["qr"] = qr_data_uri(url)
    return data


def verification_url(order):
    return settings.SITE_URL.rstrip("/") + reverse("orders:verify", args=[order.verification_code])


def qr_data_uri(text):
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=3, border=1)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def html(order):
    return render_to_string("orders/pdf/order.html", {"o": context_for(order)})


def pdf_bytes(order):
    from weasyprint import HTML

    return HTML(string=html(order), base_url=str(settings.BASE_DIR)).write_pdf()


def docx_bytes(order):
    """The same order as an editable Word file, for schools that print and sign by hand."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    o = context_for(order)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    def centered(text, bold=False):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
        return paragraph

    if o["founder"]:
        centered(o["founder"])
    centered(o["full_name"], bold=True)
    centered(f"({o['short_name']})")
    centered("ПРИКАЗ", bold=True)
    document.add_paragraph(f"{o['date_short'] or '«___» __________ 20__ г.'}\t\t\t\t\t№ {o['number'] or '____'}")
    if o["place"]:
        centered(o["place"])
    centered(o["title"], bold=True)
    document.add_paragraph(f"{o['preamble']}")
    document.add_paragraph("ПРИКАЗЫВАЮ:")
    for index, point in enumerate(o["points"], start=1):
        extra = "; ".join(
            filter(
                None,
                [
                    f"ответственный: {point['executor']}" if point.get("executor") else "",
                    f"срок: {point['deadline']}" if point.get("deadline") else "",
                ],
            )
        )
        document.add_paragraph(f"{index}. {point['action']}" + (f" ({extra})" if extra else ""))
    document.add_paragraph(f"{len(o['points']) + 1}. {o['control']}")
    document.add_paragraph(f"{o['director_title']}\t\t\t________________\t{o['director_signature']}")
    document.add_paragraph("С приказом ознакомлены:")
    for name in o["acquainted"]:
        document.add_paragraph(f"{name}\t________________\t«___» ________ 20__ г.")
    for appendix in o["appendices"]:
        document.add_page_break()
        heading = document.add_paragraph(
            f"Приложение № {appendix['number']}\n"
            f"к приказу от {o['date_short'] or '__.__.____'} № {o['number'] or '____'}"
        )
        heading.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        centered(appendix["title"], bold=True)
        if "text" in appendix:
            for block in appendix["text"].split("\n\n"):
                document.add_paragraph(block)
            continue
        table = document.add_table(rows=1, cols=len(appendix["columns"]))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, appendix["columns"], strict=True):
            cell.text = text
        for row in appendix["rows"]:
            cells = table.add_row().cells
            if isinstance(row, dict):
                cells[0].merge(cells[-1]).text = row["section"]
                continue
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
