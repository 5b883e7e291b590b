"""What an order prints: the context built from live data (or the signed snapshot), its HTML, the
PDF/A (through documents.pdf) and the DOCX copy (through documents.docx), which is the same document:
the same requisites, fields, page numbers, QR code and mark of the electronic signature."""

import hashlib
import json
import re
from datetime import UTC, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from documents import pdf, qr
from documents.docx import Builder
from documents.requisites import initials_surname, short_date
from mentoring.models import ConsentKind, Mentee, Mentor, MentorCategory, MentorChange, MentorStatus, Pair, PairStatus

from .kinds import TEXT_APPENDICES
from .models import OrderSettings

_date = short_date

__all__ = ["initials_surname"]  # services sign with it


def payment_pairs(program):
    """The working pairs of teacher-mentors: whom the order on payments lists."""
    return (
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE, mentor__category=MentorCategory.TEACHER)
        .select_related("mentor__person")
        .prefetch_related("members")
    )


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
            rows.append({"section": str(section)})  # as the roadmap heads it
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
        # The pay comes from the mentors' assignments under ст. 351.8 (employment.figures, its one
        # definition); a mentor without one is left blank and the order's page says so.
        from employment.figures import order_amounts

        amounts = order_amounts(program)
        rows = {}
        for pair in payment_pairs(program):
            name = pair.mentor.person.full_name
            row = rows.setdefault(pair.mentor_id, [name, 0, amounts.get(pair.mentor_id, "")])
            row[1] += sum(1 for m in pair.members.all() if m.left_on is None)
        lines = sorted(rows.values(), key=lambda row: row[0])
        return _numbered(["ФИО наставника", "Наставляемых", "Размер выплаты"], [[n, str(k), a] for n, k, a in lines])
    return {"columns": [], "rows": []}


# Shares of the text width for each appendix's columns, the same in the PDF and the DOCX: «№» narrow,
# names and titles wide, so that no word is broken across lines.
COLUMN_WIDTHS = {
    "roadmap": (0.085, 0.28, 0.185, 0.205, 0.245),  # «№» holds «М1.2» on one line
    "pairs": (0.05, 0.45, 0.30, 0.20),
    "mentors": (0.05, 0.32, 0.17, 0.24, 0.22),
    "training": (0.05, 0.32, 0.17, 0.24, 0.22),
    "mentees": (0.05, 0.38, 0.22, 0.35),
    "rewards": (0.05, 0.34, 0.27, 0.34),
    "terminations": (0.05, 0.31, 0.28, 0.14, 0.22),
    "payments": (0.05, 0.52, 0.18, 0.25),
}


# Appendices whose rows hold paragraphs (a roadmap's activities and results): a row may go on to the
# next page, as in the PDF, rather than leave most of a page empty. Rows of names never split.
SPLIT_ROWS = {"roadmap"}


def column_widths(kind, count):
    widths = COLUMN_WIDTHS.get(kind)
    if widths and len(widths) == count:
        return widths
    return (0.05, *[0.95 / (count - 1)] * (count - 1)) if count > 1 else (1.0,)


def _with_widths(appendix):
    widths = column_widths(appendix["kind"], len(appendix.get("columns", [])))
    return {
        **appendix,
        "widths": widths,
        "css_widths": [f"{share * 100:.1f}%" for share in widths],
        "split_rows": appendix["kind"] in SPLIT_ROWS,
    }


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
        else:  # a table; without a program there is nothing to list, and the table says so
            item.update(_table(appendix["kind"], program) if program is not None else {"columns": [], "rows": []})
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
        # The local act that makes a simple electronic signature binding, as it stood when signing.
        "esign_act": settings_.esign_act,
    }


def signed_data(snapshot):
    """What was signed, as bytes: the frozen content with the signer, the moment and the registration,
    in one canonical form (sorted keys, UTF-8). The PDF carries exactly these bytes as `order.json`."""
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def content_sha256(snapshot):
    """The SHA-256 of the signed data, printed in the mark of the electronic signature and shown on the
    verification page; anyone can recompute it from the `order.json` inside the PDF. It is not the hash
    of the PDF file (a file cannot carry its own hash): that one is `Order.pdf_sha256`."""
    return hashlib.sha256(signed_data(snapshot)).hexdigest()


def signed_at_text(moment):
    """«01.09.2025 10:15 (UTC+03:00)»: the moment of signing as it was recorded, with its own offset,
    so that no later change of the time zone setting changes what the mark says."""
    moment = datetime.fromisoformat(moment)
    offset = moment.strftime("%z")
    return f"{moment:%d.%m.%Y %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def esign_basis(act):
    """What makes the simple electronic signature binding, worded as ч. 2 ст. 6 of 63-ФЗ has it."""
    if act:
        return (
            "Электронный документ, подписанный простой электронной подписью, признаётся равнозначным документу "
            "на бумажном носителе, подписанному собственноручной подписью (ч. 2 ст. 6 Федерального закона от "
            f"06.04.2011 № 63-ФЗ), в соответствии с Положением о простой электронной подписи, утверждённым {act}."
        )
    return (
        "Электронный документ, подписанный простой электронной подписью, признаётся равнозначным документу на "
        "бумажном носителе в случаях, установленных соглашением между участниками электронного взаимодействия "
        "(ч. 2 ст. 6 Федерального закона от 06.04.2011 № 63-ФЗ); такое соглашение на портале не указано."
    )


def signature_mark(order, data):
    """The mark of the simple electronic signature, for orders signed since the portal records the moment
    of signing (an older signed order's frozen PDF has none, and its copies do not invent one). `lines`
    is what the frame says, the same in the PDF and the DOCX."""
    moment = order.snapshot.get("signed_at") if order.snapshot else None
    if not moment:
        return None
    mark = {
        "signer": f"{data['director_title']} {data['director_name']}".strip(),
        "signed_at": signed_at_text(moment),
        "content_sha256": content_sha256(order.snapshot),
        "verification_url": data["verification_url"],
        "basis": esign_basis(data.get("esign_act", "")),
    }
    mark["lines"] = [
        f"Подписал: {mark['signer']}",
        f"Дата и время: {mark['signed_at']}",
        "SHA-256 подписанных данных:",
        mark["content_sha256"],
        f"Проверка: {mark['verification_url']}",
    ]
    return mark


MARK_HEAD = ("ДОКУМЕНТ ПОДПИСАН", "ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ")


def document_title(data):
    """The title of the file (PDF metadata, DOCX properties): «Приказ № 2-ОД «О …»»."""
    return f"Приказ{' № ' + data['number'] if data['number'] else ''} «{data['title']}»"


def context_for(order):
    """The signed snapshot, or the live data of a draft."""
    data = dict(order.snapshot) if order.is_signed and order.snapshot else render_context(order)
    data.update(
        {
            "number": order.display_number,
            "date": date_format(order.signed_on, "DATE_FORMAT") if order.signed_on else "",
            "date_short": _date(order.signed_on),
            "draft": not order.is_signed,
            "points": [{**point, "meta": point_meta(point)} for point in data["points"]],
            "appendices": [_with_widths(a) for a in data["appendices"]],
        }
    )
    if order.is_signed:
        url = (order.snapshot or {}).get("verification_url") or verification_url(order)
        data["verification_url"] = url
        data["qr"] = qr.svg_data_uri(url)
        data["mark"] = signature_mark(order, data)
        data["mark_head"] = MARK_HEAD
    data["document_title"] = document_title(data)
    data["qr_mm"] = QR_MM
    return data


# The QR code's side in both files: inside the bottom field of 20 mm, scannable from paper.
QR_MM = 16


def verification_url(order):
    return settings.SITE_URL.rstrip("/") + reverse("orders:verify", args=[order.verification_code])


def html(order, data=None):
    data = data or context_for(order)
    return render_to_string("orders/pdf/order.html", {"o": data, "document_author": data["short_name"]})


def pdf_bytes(order, *, archival=True, tagged=True):
    """The order as PDF/A-3b, tagged. A signed order carries its data (the signed snapshot) inside, so
    that an archive can read what was signed without parsing the print."""
    data = context_for(order)
    attachments = []
    if order.is_signed and order.snapshot:
        attachments.append(
            pdf.Attachment(
                name="order.json",
                content=signed_data(order.snapshot),
                description="Подписанные данные приказа; их SHA-256 указан в отметке об электронной подписи",
            )
        )
    return pdf.render(html(order, data), archival=archival, tagged=tagged, attachments=attachments)


PLURAL_ENDINGS = ("ы", "и", "ые", "ие")
SEVERAL_PEOPLE = re.compile(r"[;,]\s*[А-ЯЁ]")  # «Иванова А.А., Петров П.П.», not «Петрова О.С., куратор»


def responsible_label(executor):
    """«Ответственный:» or «Ответственные:» for a point's executor: plural when it names a group in
    the plural («наставники», «классные руководители») or several people («Иванова А.А.; Петров П.П.»).
    A person followed by their role («Петрова О.С., куратор программы») stays singular."""
    executor = executor or ""
    first = executor.split()[:1]
    group = bool(first) and first[0].islower() and first[0].endswith(PLURAL_ENDINGS)
    return "Ответственные" if group or SEVERAL_PEOPLE.search(executor) else "Ответственный"


def point_meta(point):
    parts = []
    if point.get("executor"):
        parts.append(f"{responsible_label(point['executor'])}: {point['executor']}")
    if point.get("deadline"):
        parts.append(f"срок: {point['deadline']}" if parts else f"Срок: {point['deadline']}")
    return "; ".join(parts)


def docx_bytes(order):
    """The same order as a Word file (for schools that sign on paper, or edit before they do)."""
    o = context_for(order)
    doc = Builder(title=o["document_title"], author=o["short_name"], created=_created(order), font_size=13)
    if o["founder"]:
        doc.paragraph(o["founder"], align="center", size=12)
    doc.paragraph(o["full_name"], align="center", bold=True, before=2)
    doc.paragraph(f"({o['short_name']})", align="center", after=10)
    doc.paragraph("ПРИКАЗ", align="center", bold=True, size=16, after=8)
    doc.layout_row(
        [o["date"] or "«___» ____________ 20__ г.", f"№ {o['number'] or '______'}"],
        widths=[0.5, 0.5],
        aligns=["left", "right"],
    )
    if o["place"]:
        doc.paragraph(o["place"], align="center", before=4)
    doc.paragraph(o["title"], bold=True, before=12, after=12, keep_with_next=True)
    doc.paragraph(f"{o['preamble']},", align="justify", first_line_cm=1.25, after=6)
    doc.paragraph("ПРИКАЗЫВАЮ:", bold=True, before=6, after=4, keep_with_next=True)
    for index, point in enumerate(o["points"], start=1):
        doc.paragraph(
            f"{index}. {point['action']}", align="justify", first_line_cm=1.25, after=0 if point["meta"] else 4
        )
        if point["meta"]:
            doc.paragraph(point["meta"], size=12, first_line_cm=1.25, after=4)
    doc.paragraph(
        f"{len(o['points']) + 1}. {o['control']}", align="justify", first_line_cm=1.25, after=18, keep_with_next=True
    )
    signature = o["director_signature"].replace(" ", "\u00a0")
    if o.get("mark"):
        mark = o["mark"]
        doc.layout_row(
            [o["director_title"], [*o["mark_head"], *mark["lines"]], signature],
            widths=[0.3, 0.48, 0.22],
            aligns=["left", "left", "right"],
            boxed=1,
        )
        doc.paragraph(mark["basis"], align="justify", size=8, before=4)
    else:
        doc.layout_row(
            [o["director_title"], "________________", signature],
            widths=[0.42, 0.3, 0.28],
            aligns=["left", "center", "right"],
        )
    if o.get("qr"):
        doc.first_page_footer_picture(qr.png_bytes(o["verification_url"]), width_mm=QR_MM)
    if o["acquainted"]:
        # The heading shares a paragraph with the first name: LibreOffice leaves a keep-with-next
        # heading alone at the foot of page one (beside the QR code's footer), a paragraph it keeps whole.
        lines = [f"{name} ______________ «___» ____________ 20__ г." for name in o["acquainted"]]
        doc.paragraph(f"С приказом ознакомлены:\n{lines[0]}", size=12, before=18, after=4, keep_together=True)
        for line in lines[1:]:
            doc.paragraph(line, size=12, after=4)
    for appendix in o["appendices"]:
        number = f"от {o['date_short'] or '__.__.____'} № {o['number'] or '____'}"
        if appendix["kind"] in TEXT_APPENDICES:
            head = f"УТВЕРЖДЕНО\nприказом {o['short_name']}\n{number}"
        else:
            head = f"Приложение № {appendix['number']}\nк приказу {number}"
        doc.paragraph(head, size=12, left_half=True, page_break_before=True, after=12)
        doc.paragraph(appendix["title"], align="center", bold=True, after=10, keep_with_next=True)
        if "text" in appendix:
            for block in paragraphs(appendix["text"]):
                doc.paragraph(block, align="justify", first_line_cm=1.25, after=6)
            continue
        if not appendix["columns"]:
            doc.paragraph("—", align="center")
            continue
        doc.table(
            appendix["columns"],
            appendix["rows"] or [["—"] + [""] * (len(appendix["columns"]) - 1)],
            widths=appendix["widths"],
            size=11,
            split_rows=appendix["kind"] in SPLIT_ROWS,
        )
    return doc.content()


def _created(order):
    """When the document came to be, in UTC (python-docx writes the time as given, marked «Z»)."""
    moment = (order.snapshot or {}).get("signed_at") if order.is_signed else None
    if moment:
        return datetime.fromisoformat(moment).astimezone(UTC)
    if order.signed_on:
        return timezone.make_aware(datetime.combine(order.signed_on, datetime.min.time())).astimezone(UTC)
    return timezone.now().astimezone(UTC)


def paragraphs(text):
    """The blocks of a local act's text, as the PDF and the DOCX print them: separated by a blank line,
    whatever line ends the browser sent."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return [block.strip() for block in text.split("\n\n") if block.strip()]
