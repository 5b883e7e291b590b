"""The consent documents, prefilled from the bases: each kind its own document, per person (152-ФЗ ст. 9
ч. 1 as amended by 156-ФЗ: a consent to processing is a document of its own, its content as ч. 4 lists it;
ст. 10.1: a consent to
distribution is separate again, its content as Roskomnadzor's order № 18 of 24.02.2021 lists it), and the
form of a revocation. Each is built once as plain data and written from that data both as a PDF and as a
DOCX through the shared machinery (documents.pdf, documents.docx), so the two cannot differ.

The wording is Russian on purpose: these are legal texts in the language they are signed in."""

import io
import re
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from documents import pdf
from documents.docx import Builder
from documents.requisites import initials_surname
from mentoring.models import ConsentKind

from .models import wording_for

DOCUMENTS = ("consent", "revocation")
FORMATS = ("pdf", "docx")
BLANK = "_" * 30
BLANK_DATE = "«___» ____________ 20__ г."
IDENTITY = (
    "документ, удостоверяющий личность: ____________ серия ______ № ____________, выдан "
    "«___» ____________ ______ г. ______________________________________, "
    "адрес регистрации: ____________________________________________"
)
# ст. 9 ч. 4 п. 1 asks for the subject's address and identity document: for a minor the parent signs, but the
# child's data are still listed. A child has a birth certificate until 14, a passport from 14.
CHILD_IDENTITY = (
    "документ, удостоверяющий личность несовершеннолетнего (свидетельство о рождении, с 14 лет — паспорт): "
    "____________ серия ______ № ____________, выдан «___» ____________ ______ г. "
    "______________________________________, адрес места жительства несовершеннолетнего: "
    "____________________________________________"
)
SEPARATE = (
    "Настоящее согласие оформлено отдельно от иных информации и документов (ч. 1 ст. 9 Федерального закона "
    "от 27.07.2006 № 152-ФЗ «О персональных данных» в редакции Федерального закона от 24.06.2025 № 156-ФЗ, "
    "действующей с 1 сентября 2025 г.)."
)
TRANSFER_CONDITIONS = (
    "Условия, при которых полученные персональные данные могут передаваться Оператором только по его "
    "внутренней сети, обеспечивающей доступ к информации лишь для строго определённых сотрудников, либо с "
    "использованием информационно-телекоммуникационных сетей, либо без передачи полученных персональных "
    "данных (заполняется по желанию): " + "_" * 60
)
TITLES = {
    ("consent", ConsentKind.PROCESSING, False): "Согласие на обработку персональных данных",
    ("consent", ConsentKind.PROCESSING, True): (
        "Согласие родителя (законного представителя) на обработку персональных данных несовершеннолетнего"
    ),
    ("consent", ConsentKind.PUBLICATION, False): (
        "Согласие на обработку персональных данных, разрешённых субъектом персональных данных для распространения"
    ),
    ("consent", ConsentKind.PUBLICATION, True): (
        "Согласие родителя (законного представителя) на обработку персональных данных несовершеннолетнего, "
        "разрешённых для распространения"
    ),
    ("revocation", ConsentKind.PROCESSING, False): "Отзыв согласия на обработку персональных данных",
    ("revocation", ConsentKind.PROCESSING, True): "Отзыв согласия на обработку персональных данных",
    ("revocation", ConsentKind.PUBLICATION, False): (
        "Требование о прекращении распространения персональных данных (отзыв согласия на распространение)"
    ),
    ("revocation", ConsentKind.PUBLICATION, True): (
        "Требование о прекращении распространения персональных данных (отзыв согласия на распространение)"
    ),
}
KIND_SLUGS = {ConsentKind.PROCESSING: "obrabotka", ConsentKind.PUBLICATION: "rasprostranenie"}


def long_date(value):
    """«1 сентября 2025 г.»"""
    return date_format(value, "DATE_FORMAT") if value else ""


def _signer(person):
    """Who signs: the person, or for a minor their parent (named on the base, else a line to write it)."""
    if person.is_minor:
        return person.parent_name.strip() or "", True
    return person.full_name, False


def _child(person):
    """The child as the forms name them: after a colon, so the name stays in the nominative as the base
    keeps it (the portal does not decline names)."""
    text = person.full_name
    if person.birth_date:
        text += f", дата рождения: {long_date(person.birth_date)}"
    if person.class_name:
        text += f", класс: {person.class_name}"
    return text


def _contacts(person, minor):
    phone = person.parent_phone if minor else person.phone
    email = person.parent_email if minor else person.email
    known = ", ".join(filter(None, [phone, email]))
    return known or BLANK


def content(person, kind, document, *, wording=None):
    """What one person's document of `kind` prints, as plain data (the PDF and the DOCX read the same)."""
    organization = person.organization
    wording = wording or wording_for(organization, kind)
    text = wording.text
    signer, minor = _signer(person)
    signer_line = signer or BLANK
    title = TITLES[(document, kind, minor)]
    data = {
        "kind": kind,
        "document": document,
        "title": title,
        "document_title": f"{title}: {person.full_name}",
        "author": organization.short_name,
        "person": person.full_name,
        "header": [],
        "intro": "",
        "parts": [],
        "table": None,
        "after": [],
        "signature": [BLANK_DATE, "______________", f"/ {initials_surname(signer) if signer else BLANK} /"],
    }
    represented = (
        f", являясь родителем (законным представителем) несовершеннолетнего: {_child(person)} (документ, "
        "подтверждающий полномочия: ______________________________),"
        if minor
        else ","
    )
    whose = "персональных данных моего ребёнка (подопечного)" if minor else "моих персональных данных"
    if document == "consent" and kind == ConsentKind.PROCESSING:
        child_identity = f" {CHILD_IDENTITY}," if minor else ""
        data["intro"] = (
            f"Я, {signer_line}, {IDENTITY}{represented}{child_identity} в соответствии со статьёй 9 Федерального "
            "закона от 27.07.2006 № 152-ФЗ «О персональных данных» свободно, своей волей и в "
            + ("интересе представляемого" if minor else "своём интересе")
            + " даю конкретное, предметное, информированное, сознательное и однозначное согласие оператору — "
            f"{text('operator')} (далее — Оператор) — на обработку {whose} на следующих условиях:"
        )
        processor = text("processor").strip()
        data["parts"] = [
            ("Цели обработки", text("purposes")),
            ("Перечень персональных данных", text("data")),
            *(
                [("Лицо, осуществляющее обработку персональных данных по поручению Оператора", processor)]
                if processor
                else []
            ),
            ("Перечень действий с персональными данными и общее описание способов обработки", text("actions")),
            ("Срок действия согласия", text("term")),
            ("Порядок отзыва согласия", text("revocation")),
        ]
        data["after"] = [SEPARATE]
    elif document == "consent":
        data["intro"] = (
            f"Я, {signer_line}, контактная информация (телефон, адрес электронной почты или почтовый адрес): "
            f"{_contacts(person, minor)}{represented} руководствуясь статьёй 10.1 Федерального закона от "
            "27.07.2006 № 152-ФЗ «О персональных данных», даю согласие оператору — "
            f"{text('operator')} (далее — Оператор) — на распространение {whose} (предоставление доступа к "
            "ним неограниченному кругу лиц) на следующих условиях:"
        )
        data["parts"] = [
            (
                "Сведения об информационных ресурсах Оператора, посредством которых будет осуществляться "
                "предоставление доступа неограниченному кругу лиц",
                text("resources"),
            ),
            ("Цель обработки", text("purposes")),
            ("Действия с персональными данными", text("actions")),
        ]
        rows = [line.strip(" ;,.-•–") for line in text("data").splitlines()]
        data["table"] = {
            "caption": (
                f"{len(data['parts']) + 1}. Категории и перечень персональных данных, на распространение которых "
                "даётся согласие (в каждой строке отметьте «да» или «нет»), условия и запреты (заполняются по "
                "желанию):"
            ),
            "columns": ["Персональные данные", "Разрешаю к распространению (да / нет)", "Условия и запреты"],
            "widths": [0.42, 0.26, 0.32],
            "rows": [[row, "", ""] for row in rows if row],
        }
        n = len(data["parts"]) + 2
        data["after"] = [
            f"{n}. {TRANSFER_CONDITIONS}",
            f"{n + 1}. Срок действия согласия: {_sentence(text('term'))}",
            f"{n + 2}. Порядок отзыва согласия: {_sentence(text('revocation'))}",
            "Настоящее согласие оформлено отдельно от иных согласий на обработку персональных данных "
            "(ч. 1 ст. 10.1 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных»).",
        ]
    else:
        consent = person.valid_consent(kind)
        given_on = long_date(consent.given_on) if consent else BLANK_DATE
        data["header"] = [
            f"Руководителю {organization.short_name}",
            f"Заявитель: {signer_line}",
            f"Контактная информация: {_contacts(person, minor)}",
            "Адрес: " + BLANK,
        ]
        about = f"персональных данных моего ребёнка (подопечного): {_child(person)}" if minor else whose
        if kind == ConsentKind.PROCESSING:
            data["intro"] = (
                "В соответствии с частью 2 статьи 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных "
                f"данных» отзываю согласие на обработку {about}, данное {given_on} оператору — {text('operator')}."
            )
            data["after"] = [
                "Прошу прекратить обработку персональных данных и уничтожить их в срок, не превышающий тридцати "
                "дней со дня поступления настоящего отзыва, если иное не предусмотрено федеральным законом "
                "(ч. 5 ст. 21 Федерального закона № 152-ФЗ), и сообщить мне об этом."
            ]
        else:
            data["intro"] = (
                "В соответствии с частью 12 статьи 10.1 Федерального закона от 27.07.2006 № 152-ФЗ "
                "«О персональных данных» требую прекратить распространение (предоставление доступа "
                f"неограниченному кругу лиц) {about}, разрешённых мной для распространения согласием, данным "
                f"{given_on} оператору — {text('operator')}."
            )
            data["after"] = [
                "Перечень персональных данных, распространение которых подлежит прекращению (все или перечислить): "
                + "_" * 60,
                "Действие согласия прекращается с момента поступления настоящего требования Оператору "
                "(ч. 13 ст. 10.1 Федерального закона № 152-ФЗ).",
            ]
    data["parts"] = [(label, _sentence(part)) for label, part in data["parts"]]
    return data


def _sentence(text):
    text = text.strip().rstrip(".")
    return text + "."


def batch_content(people, kind, document):
    """The documents of many people (a class), each its own, in one list; the wording is read once."""
    people = list(people)
    if not people:
        return []
    wording = wording_for(people[0].organization, kind)
    return [content(person, kind, document, wording=wording) for person in people]


# --- Writing them --------------------------------------------------------------------------------------------


def pdf_bytes(items):
    """One PDF of one or more documents; each starts on a new page."""
    items = items if isinstance(items, list) else [items]
    html = render_to_string(
        "consents/pdf/consent.html",
        {
            "items": items,
            "document_title": items[0]["document_title"] if len(items) == 1 else items[0]["title"],
            "document_author": items[0]["author"],
        },
    )
    return pdf.render(html)


def docx_bytes(data):
    doc = Builder(title=data["document_title"], author=data["author"], created=timezone.now(), font_size=12)
    # The intro is left-aligned: its lines to fill in by hand would stretch a justified line apart.
    for line in data["header"]:
        doc.paragraph(line, left_half=True)
    doc.paragraph(data["title"], align="center", bold=True, before=12 if data["header"] else 0, after=10)
    doc.paragraph(data["intro"], align="left", first_line_cm=1.25, after=6)
    for number, (label, text) in enumerate(data["parts"], start=1):
        doc.paragraph(f"{number}. {label}: {text}", align="justify", first_line_cm=1.25, after=4)
    if data["table"]:
        table = data["table"]
        doc.paragraph(table["caption"], align="justify", first_line_cm=1.25, after=4, keep_with_next=True)
        doc.table(table["columns"], table["rows"], widths=table["widths"], size=11)
        doc.paragraph("", after=4)
    for text in data["after"]:
        doc.paragraph(text, align="left" if "___" in text else "justify", first_line_cm=1.25, after=4)
    doc.layout_row(data["signature"], widths=[0.4, 0.25, 0.35], aligns=["left", "center", "right"])
    return doc.content()


def file_name(person, kind, document, extension):
    """«Абрамов_Кирилл_soglasie-obrabotka.pdf»: the person's name and the kind, one file each."""
    name = re.sub(r"[^\w-]+", "_", f"{person.last_name} {person.first_name}").strip("_")
    what = "soglasie" if document == "consent" else "otzyv"
    return f"{name}_{what}-{KIND_SLUGS[kind]}.{extension}"


def zip_bytes(people, kind, document):
    """Separate files, one PDF per person, in one archive: what to keep in each person's file."""
    buffer = io.BytesIO()
    items = batch_content(people, kind, document)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for person, data in zip(people, items, strict=True):
            archive.writestr(file_name(person, kind, document, "pdf"), pdf_bytes(data))
    return buffer.getvalue()
