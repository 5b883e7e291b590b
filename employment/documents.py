"""The employment documents, drafted from live data through the shared machinery (documents.pdf,
documents.docx): the additional agreement to the labour contract on mentoring work (ТК РФ ст. 351.8)
and the notice of its early end. Each is built once as plain data (a title, paragraphs, the parties'
signatures) and written from that data both as a PDF and as a DOCX, so the two cannot differ.

The wording is Russian on purpose: these are legal texts in the language they are signed in."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from documents import pdf
from documents.docx import Builder
from documents.requisites import initials_surname
from mentoring.models import ConsentKind

BLANK_DATE = "«___» ____________ 20__ г."


def long_date(value):
    """«1 сентября 2025 г.»"""
    return f"{date_format(value, 'j E Y')} г." if value else ""


def _place(organization):
    from orders.models import OrderSettings

    settings_ = OrderSettings.objects.filter(organization=organization).first()
    return settings_.place if settings_ else ""


def mentees(assignment):
    """The persons the agreement is about: the mentees of its pairs who have not left them (after an
    early end, all who were there, since the notice names them). The pages and the documents read this."""
    people = []
    for pair in assignment.pairs.all():
        for member in pair.members.all():
            if (member.left_on is None or assignment.ended_early) and member.mentee.person not in people:
                people.append(member.mentee.person)
    return people


def _mentees(assignment):
    return [person.full_name + (f", {person.position}" if person.position else "") for person in mentees(assignment)]


def agreement_content(assignment):
    """What the agreement prints, as plain data: frozen into the assignment's snapshot when the head signs."""
    from .figures import PRO_RATA_RULE, full_month_amount, rub

    org, person = assignment.organization, assignment.mentor.person
    consent = person.valid_consent(ConsentKind.MENTORING)
    rule = assignment.pay_rule
    mentees = _mentees(assignment)
    worker = person.full_name + (f", {person.position}" if person.position else "")
    contract = f" {assignment.contract}" if assignment.contract else ""
    paragraphs = [
        f"{org.full_name} (далее — Работодатель) в лице руководителя {org.director_name}, действующего на "
        f"основании устава, и {worker} (далее — Работник), вместе именуемые Стороны, заключили настоящее "
        f"дополнительное соглашение к трудовому договору{contract} о нижеследующем.",
        "1. Работник с его письменного согласия"
        + (f" от {long_date(consent.given_on)}" if consent else "")
        + " в соответствии со статьёй 351.8 Трудового кодекса Российской Федерации выполняет наряду с работой, "
        "определённой трудовым договором, работу по наставничеству в отношении: " + "; ".join(mentees) + ".",
        f"2. Содержание наставничества: {assignment.content.strip().rstrip('.')}.",
        f"3. Форма наставничества: {assignment.form.name}.",
        f"4. Срок наставничества: с {long_date(assignment.starts_on)} по {long_date(assignment.ends_on)}.",
        f"5. За выполнение работы по наставничеству Работнику устанавливается доплата: {assignment.pay_description}"
        + (f" (оклад {rub(assignment.salary)})" if assignment.salary else "")
        + f", что составляет {rub(full_month_amount(assignment))} в месяц; за неполный месяц доплата начисляется "
        f"{PRO_RATA_RULE}. Основание: {rule.basis}.",
        "6. Работодатель вправе досрочно прекратить поручение работы по наставничеству, а Работник — досрочно "
        "отказаться от её выполнения, предупредив другую Сторону в письменной форме не менее чем за три рабочих "
        "дня. Доплата выплачивается по день окончания наставничества "
        "включительно.",
        "7. Настоящее соглашение является неотъемлемой частью трудового договора, вступает в силу со дня его "
        "подписания Сторонами и распространяет своё действие на отношения, возникшие с "
        f"{long_date(assignment.starts_on)}. Соглашение составлено в двух экземплярах, по одному для каждой Стороны.",
    ]
    return {
        "kind": "agreement",
        "title": "Дополнительное соглашение"
        + (f" № {assignment.number}" if assignment.number else "")
        + f" к трудовому договору{contract} о выполнении работы по наставничеству",
        "short_name": org.short_name,
        "place": _place(org),
        "paragraphs": paragraphs,
        "employer": [org.full_name, org.director_title, org.director_name],
        "employer_signature": initials_surname(org.director_name),
        "worker": [person.full_name, person.position],
        "worker_signature": initials_surname(person.full_name),
    }


def agreement_data(assignment):
    """The signed snapshot (or the live draft), with what is added after signing: the head's signature
    in the portal and the date the mentor signed."""
    data = dict(assignment.snapshot) if assignment.snapshot else agreement_content(assignment)
    signed = assignment.signed_at
    data["date"] = long_date(timezone.localdate(signed)) if signed else BLANK_DATE
    data["draft"] = assignment.is_draft
    data["employer_mark"] = (
        f"Подписано в портале «Наставник» {timezone.localtime(signed):%d.%m.%Y %H:%M}: "
        f"{assignment.signed_by.get_full_name() if assignment.signed_by else ''}"
        if signed
        else ""
    )
    data["worker_mark"] = (
        f"Экземпляр получил(а), с соглашением согласен(на): {long_date(assignment.acknowledged_on)}"
        if assignment.acknowledged_on
        else f"Экземпляр получил(а), с соглашением согласен(на): {BLANK_DATE}"
    )
    data["document_title"] = data["title"]
    return data


def notice_data(assignment):
    """The notice of the early end: the employer's «уведомление», or the mentor's «заявление»."""
    org, person = assignment.organization, assignment.mentor.person
    agreement = f"от {long_date(timezone.localdate(assignment.signed_at))} № {assignment.number}"
    mentees = "; ".join(_mentees(assignment))
    if assignment.ended_by == "employer":
        title = "Уведомление о досрочном прекращении выполнения работы по наставничеству"
        paragraphs = [
            f"Уважаемый(ая) {person.full_name}!",
            "В соответствии со статьёй 351.8 Трудового кодекса Российской Федерации и пунктом 6 дополнительного "
            f"соглашения {agreement} к трудовому договору уведомляем Вас о досрочном прекращении выполнения Вами "
            f"работы по наставничеству в отношении: {mentees}.",
            f"Последний день наставничества — {long_date(assignment.ended_on)}: не ранее чем через три рабочих дня "
            f"после дня вручения настоящего уведомления ({long_date(assignment.notice_on)}) по производственному "
            "календарю.",
            f"Причина: {assignment.end_reason.strip().rstrip('.')}.",
            f"Доплата за наставничество выплачивается по {long_date(assignment.ended_on)} включительно.",
        ]
        signer = [org.director_title, initials_surname(org.director_name)]
        receipt = f"Уведомление получил(а): ______________ {initials_surname(person.full_name)}   {BLANK_DATE}"
    else:
        title = "Заявление об отказе от выполнения работы по наставничеству"
        paragraphs = [
            f"Руководителю {org.short_name} {org.director_name}",
            "В соответствии со статьёй 351.8 Трудового кодекса Российской Федерации и пунктом 6 дополнительного "
            f"соглашения {agreement} к трудовому договору отказываюсь от выполнения работы по наставничеству в "
            f"отношении: {mentees}. Последний день наставничества — {long_date(assignment.ended_on)}: не ранее чем "
            "через три рабочих дня после дня подачи настоящего заявления по производственному календарю.",
            f"Причина: {assignment.end_reason.strip().rstrip('.')}.",
        ]
        signer = [person.full_name, initials_surname(person.full_name)]
        receipt = f"Заявление принято: {long_date(assignment.notice_on)}"
    return {
        "kind": "notice",
        "title": title,
        "document_title": title,
        "short_name": org.short_name,
        "full_name": org.full_name,
        "place": _place(org),
        "date": long_date(assignment.notice_on),
        "paragraphs": paragraphs,
        "signer": signer,
        "receipt": receipt,
    }


def pdf_bytes(data):
    html = render_to_string("employment/pdf/document.html", {"d": data, "document_author": data["short_name"]})
    return pdf.render(html)


def docx_bytes(data):
    doc = Builder(title=data["document_title"], author=data["short_name"], created=timezone.now(), font_size=13)
    if data["kind"] == "notice":
        doc.paragraph(data["full_name"], align="center", bold=True, after=10)
    doc.paragraph(data["title"], align="center", bold=True, after=8)
    doc.layout_row([data.get("place", ""), data["date"]], widths=[0.5, 0.5], aligns=["left", "right"])
    if data.get("draft"):
        doc.paragraph("ПРОЕКТ", align="center", bold=True, before=6)
    for text in data["paragraphs"]:
        doc.paragraph(text, align="justify", first_line_cm=1.25, before=0, after=6)
    if data["kind"] == "agreement":
        doc.paragraph("Подписи Сторон", bold=True, before=12, after=4, keep_with_next=True)
        doc.layout_row(
            [
                [
                    "Работодатель:",
                    *filter(None, data["employer"]),
                    f"______________ {data['employer_signature']}",
                    data["employer_mark"],
                ],
                [
                    "Работник:",
                    *filter(None, data["worker"]),
                    f"______________ {data['worker_signature']}",
                    data["worker_mark"],
                ],
            ],
            widths=[0.5, 0.5],
            aligns=["left", "left"],
            size=11,
        )
    else:
        doc.layout_row(
            [data["signer"][0], "________________", data["signer"][1]],
            widths=[0.42, 0.3, 0.28],
            aligns=["left", "center", "right"],
        )
        doc.paragraph(data["receipt"], size=12, before=18)
    return doc.content()


def file_stem(assignment, kind):
    person = assignment.mentor.person.last_name
    number = assignment.number.replace("/", "-") if assignment.number else f"proekt-{assignment.pk}"
    return f"{kind}-{number}-{person}"
