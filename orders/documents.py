"""What an order prints: the context built from live data (or the signed snapshot), its HTML, the
PDF/A (through documents.pdf) and the DOCX copy (through documents.docx), which is the same document:
the same requisites, fields, page numbers, QR code and mark of the electronic signature."""

import hashlib
import json
from datetime import datetime

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


# Shares of the text width for each appendix's columns, the same in the PDF and the DOCX: «№» narrow,
# names and titles wide, so that no word is broken across lines.
COLUMN_WIDTHS = {
    "roadmap": (0.07, 0.37, 0.18, 0.19, 0.19),
    "pairs": (0.05, 0.45, 0.30, 0.20),
    "mentors": (0.05, 0.32, 0.17, 0.24, 0.22),
    "training": (0.05, 0.32, 0.17, 0.24, 0.22),
    "mentees": (0.05, 0.38, 0.22, 0.35),
    "rewards": (0.05, 0.34, 0.27, 0.34),
    "terminations": (0.05, 0.31, 0.28, 0.14, 0.22),
    "payments": (0.05, 0.52, 0.18, 0.25),
}


def column_widths(kind, count):
    widths = COLUMN_WIDTHS.get(kind)
    if widths and len(widths) == count:
        return widths
    return (0.05, *[0.95 / (count - 1)] * (count - 1)) if count > 1 else (1.0,)


def _with_widths(appendix):
    widths = column_widths(appendix["kind"], len(appendix.get("columns", [])))
    return {**appendix, "widths": widths, "css_widths": [f"{share * 100:.1f}%" for share in widths]}


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
        # The local act that makes a simple electronic signature binding, as it stood when signing.
        "esign_act": settings_.esign_act,
    }


def content_sha256(snapshot):
    """The SHA-256 of what was signed (the frozen content, signer and time included), printed in the
    mark of the electronic signature and shown on the verification page. It is not the hash of the PDF
    file (a file cannot carry its own hash): that one is `Order.pdf_sha256`."""
    canonical = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def signed_at_text(order):
    """«01.09.2025 10:15 (UTC+03:00)»: the moment of signing in the portal's time zone, or the date
    alone for orders signed before the time was recorded."""
    moment = (order.snapshot or {}).get("signed_at")
    if not moment:
        return short_date(order.signed_on)
    local = timezone.localtime(datetime.fromisoformat(moment))
    offset = local.strftime("%z")
    return f"{local:%d.%m.%Y %H:%M} (UTC{offset[:3]}:{offset[3:]})"


def esign_basis(act):
    """What makes the simple electronic signature binding, worded as 63-ФЗ allows."""
    if act:
        return (
            "Электронный документ, подписанный простой электронной подписью, равнозначен документу на "
            "бумажном носителе, подписанному собственноручной подписью (ч. 2 ст. 6 Федерального закона от "
            f"06.04.2011 № 63-ФЗ), в соответствии с Положением о простой электронной подписи, утверждённым {act}."
        )
    return (
        "Простая электронная подпись равнозначна собственноручной, если это установлено локальным актом "
        "организации (ч. 2 ст. 6 Федерального закона от 06.04.2011 № 63-ФЗ); такой акт в портале не указан."
    )


def signature_mark(order, data):
    return {
        "signer": f"{data['director_title']} {data['director_name']}".strip(),
        "signed_at": signed_at_text(order),
        "content_sha256": content_sha256(order.snapshot),
        "verification_url": data["verification_url"],
        "basis": esign_basis(data.get("esign_act", "")),
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
            "points": [{**point, "meta": point_meta(point)} for point in data["points"]],
            "appendices": [_with_widths(a) for a in data["appendices"]],
        }
    )
    if order.is_signed:
        url = verification_url(order)
        data["verification_url"] = url
        data["qr"] = qr.svg_data_uri(url)
        data["mark"] = signature_mark(order, data)
    return data


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
                content=json.dumps(order.snapshot, ensure_ascii=False, sort_keys=True, indent=1).encode(),
                description="Содержание подписанного приказа (данные)",
            )
        )
    return pdf.render(html(order, data), archival=archival, tagged=tagged, attachments=attachments)


def responsible_label(executor):
    """«Ответственный:» or «Ответственные:» for a point's executor: plural when it names a group
    («наставники», «классные руководители») or several people separated by «;»."""
    first = (executor or "").split()[:1]
    group = bool(first) and first[0].islower() and first[0][-1] in "иы"
    return "Ответственные" if group or ";" in executor else "Ответственный"


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
    created = timezone.make_aware(datetime.combine(order.signed_on, datetime.min.time())) if order.signed_on else None
    doc = Builder(
        title=f"Приказ{' № ' + o['number'] if o['number'] else ''} «{o['title']}»",
        author=o["short_name"],
        created=created,
        font_size=13,
    )
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
        box = [
            "ДОКУМЕНТ ПОДПИСАН",
            "ПРОСТОЙ ЭЛЕКТРОННОЙ ПОДПИСЬЮ",
            f"Подписал: {mark['signer']}",
            f"Дата и время: {mark['signed_at']}",
            f"SHA-256 содержания: {mark['content_sha256']}",
            f"Проверка: {mark['verification_url']}",
        ]
        doc.layout_row(
            [o["director_title"], box, signature], widths=[0.3, 0.48, 0.22], aligns=["left", "left", "right"], boxed=1
        )
        doc.paragraph(mark["basis"], align="justify", size=8, before=4)
        doc.first_page_footer_picture(qr.png_bytes(o["verification_url"]), width_mm=18)
    else:
        doc.layout_row(
            [o["director_title"], "________________", signature],
            widths=[0.42, 0.3, 0.28],
            aligns=["left", "center", "right"],
        )
    if o["acquainted"]:
        doc.paragraph("С приказом ознакомлены:", before=18, after=4, keep_with_next=True)
        for name in o["acquainted"]:
            doc.paragraph(f"{name} ______________ «___» ____________ 20__ г.", size=12, after=4)
    for appendix in o["appendices"]:
        number = f"от {o['date_short'] or '__.__.____'} № {o['number'] or '____'}"
        if appendix["kind"] in TEXT_APPENDICES:
            head = f"УТВЕРЖДЕНО\nприказом {o['short_name']}\n{number}"
        else:
            head = f"Приложение № {appendix['number']}\nк приказу {number}"
        doc.paragraph(head, size=12, left_half=True, page_break_before=True, after=12)
        doc.paragraph(appendix["title"], align="center", bold=True, after=10, keep_with_next=True)
        if "text" in appendix:
            for block in appendix["text"].split("\n\n"):
                doc.paragraph(block, align="justify", first_line_cm=1.25, after=6)
            continue
        doc.table(
            appendix["columns"],
            appendix["rows"] or [["—"] + [""] * (len(appendix["columns"]) - 1)],
            widths=appendix["widths"],
            size=11,
        )
    return doc.content()
