"""The typical orders of the target model and how each is drafted from a program's live data.

The wording of the documents is Russian on purpose: an order is a legal text in the language it is
signed in, whatever the interface's language. Each kind gives its title, the purpose clause of the
preamble, its numbered points (action, executor, deadline) and its appendices; the curator edits
the points before submitting. Appendices that list people are read from the live data until the
order is signed, then frozen in its snapshot.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from roadmap.stages import ResultKind, Stage
from roadmap.terms import month_number, parse_term

# A drafted point whose planned deadline has passed gets this much time from the day of drafting.
LATE_POINT_LEAD = timedelta(days=14)


@dataclass(frozen=True)
class Appendix:
    kind: str  # roadmap, pairs, mentors, mentees, training, rewards, terminations, payments, text
    title: str


@dataclass(frozen=True)
class OrderKind:
    code: str
    label: object
    title: str
    purpose: str
    stage: int | None
    points: callable
    appendices: tuple = field(default=())
    # The acts cited after «В соответствии с», when they are not the organization's mentoring acts.
    basis: str = ""


def _date(value):
    return date_format(value, "DATE_FORMAT") if value else ""


def curator_name(program):
    curator = program.curator if program else None
    if curator is None:
        return "куратор программы наставничества"
    return f"{curator.get_full_name() or curator.email}, куратор программы наставничества"


def _point(action, executor="", deadline=""):
    """A point of an order; `deadline` is a date while drafting (see `draft_content`) or a text."""
    return {"action": action, "executor": executor, "deadline": deadline}


SPELLED_DATE = re.compile(r"(\d{1,2})\s+([а-яё]+)\s+(\d{4})", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def deadline_date(text, program):
    """The last day a point's deadline allows, read from its text («15 ноября 2026 г.», «до 30.09.2026»,
    «Май 2027»), or None when the text names no date («по отдельному графику»)."""
    text = (text or "").strip()
    found = []  # (position, day, month, year) of every date written out; a range ends at its last one
    for match in SPELLED_DATE.finditer(text):
        month = month_number(match.group(2))
        if month:
            found.append((match.start(), int(match.group(1)), month, int(match.group(3))))
    for match in NUMERIC_DATE.finditer(text):
        found.append((match.start(), int(match.group(1)), int(match.group(2)), int(match.group(3))))
    if found:
        _position, day, month, year = max(found)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if program is None:
        return None
    return parse_term(text, program.period_start, program.period_end)[1]


def late_points(points, program, on):
    """(number, deadline text) of each point due before `on`: an order signed on `on` would set
    deadlines already past. Submitting and signing warn with these; the order's page shows them."""
    late = []
    for number, point in enumerate(points, 1):
        due = deadline_date(point.get("deadline", ""), program)
        if due is not None and due < on:
            late.append((number, point["deadline"]))
    return late


def _implementation(program, org):
    start, end = program.period_start, program.period_end
    return [
        _point(
            f"Внедрить целевую модель наставничества в {org.short_name} в период с {start:%d.%m.%Y} по {end:%d.%m.%Y}."
        ),
        _point("Утвердить дорожную карту внедрения целевой модели наставничества (приложение № 1).", "", start),
        _point(
            "Разработать Положение о наставничестве и Программу наставничества, представить их на утверждение.",
            curator_name(program),
            start + timedelta(days=30),
        ),
        _point(
            "Проинформировать педагогов, обучающихся и их родителей (законных представителей) о внедрении целевой "
            "модели наставничества, разместить информацию на официальном сайте.",
            curator_name(program),
            start + timedelta(days=30),
        ),
    ]


def _regulation(program, org):
    return [
        _point("Утвердить Положение о наставничестве (приложение № 1)."),
        _point(
            "Разместить Положение о наставничестве на официальном сайте организации.",
            curator_name(program),
            program.period_start + timedelta(days=10),
        ),
    ]


def _esign(program, org):
    return [
        _point("Утвердить Положение о простой электронной подписи (приложение № 1)."),
        _point(
            "Ознакомить с Положением под подпись работников, подписывающих документы на портале «Наставник».",
            curator_name(program),
            program.period_start + timedelta(days=10),
        ),
    ]


def _curator(program, org):
    return [
        _point(f"Назначить {curator_name(program)} ответственным за внедрение целевой модели наставничества."),
        _point(
            "Куратору организовать формирование баз наставников и наставляемых, обучение наставников, работу "
            "наставнических пар (групп) и мониторинг программы.",
            curator_name(program),
            program.period_end,
        ),
    ]


def _program(program, org):
    return [
        _point(f"Утвердить программу наставничества «{program.title}» (приложение № 1)."),
        _point("Утвердить дорожную карту реализации программы наставничества (приложение № 2)."),
        _point(
            "Обеспечить выполнение мероприятий дорожной карты в установленные сроки.",
            curator_name(program),
            program.period_end,
        ),
    ]


def _registry(program, org):
    return [
        _point("Утвердить базу наставников (приложение № 1)."),
        _point("Утвердить базу наставляемых (приложение № 2)."),
        _point(
            "Обеспечить актуальность баз и хранение согласий на обработку персональных данных.",
            curator_name(program),
            program.period_end,
        ),
    ]


def _training(program, org):
    start = program.period_start
    return [
        _point(
            "Организовать обучение наставников по программе «Школа наставников» (приложение № 1).",
            curator_name(program),
            start + timedelta(days=60),
        ),
        _point(
            "Обеспечить наставников методическими материалами: памятками и сценариями встреч.",
            curator_name(program),
            start + timedelta(days=60),
        ),
    ]


def _pairs(program, org):
    start = program.period_start
    return [
        _point("Закрепить наставнические пары (группы) в составе согласно приложению № 1."),
        _point(
            "Наставникам совместно с наставляемыми разработать индивидуальные планы развития.",
            "наставники",
            start + timedelta(days=75),
        ),
        _point(
            "Организовать работу наставнических пар (групп) и вести журнал встреч.",
            curator_name(program),
            program.period_end,
        ),
    ]


def _final_event(program, org):
    end = program.period_end
    return [
        _point(
            "Провести итоговое мероприятие программы наставничества.",
            curator_name(program),
            end - timedelta(days=14),
        ),
        _point(
            "Провести итоговое анкетирование наставников и наставляемых, подготовить отчёт о результатах.",
            curator_name(program),
            end,
        ),
        _point("Подготовить кейсы лучших практик наставничества для публикации.", curator_name(program), end),
    ]


def _rewards(program, org):
    return [
        _point("Признать работу наставников по итогам программы наставничества результативной."),
        _point("Объявить благодарность наставникам согласно приложению № 1."),
        _point(
            "Внести сведения о наставниках в долгосрочную базу наставников.",
            curator_name(program),
            program.period_end,
        ),
    ]


def _termination(program, org):
    return [
        _point("Досрочно прекратить наставничество и заменить наставников согласно приложению № 1."),
        _point("Внести изменения в индивидуальные планы развития наставляемых.", curator_name(program), ""),
    ]


def _payments(program, org):
    return [
        _point(
            "Установить наставникам выплаты за наставническую деятельность согласно приложению № 1 "
            "на период действия программы наставничества."
        ),
        _point("Главному бухгалтеру производить выплаты в установленном порядке.", "главный бухгалтер", ""),
    ]


# The order whose signature makes the portal's simple electronic signatures binding (63-ФЗ, ч. 2 ст. 6).
ESIGN_KIND = "esign"

KINDS = {
    kind.code: kind
    for kind in [
        OrderKind(
            "implementation",
            _("on introducing the target model of mentoring"),
            "О внедрении целевой модели наставничества",
            "в целях внедрения целевой модели наставничества",
            Stage.PREPARATION,
            _implementation,
            (Appendix("roadmap", "Дорожная карта внедрения целевой модели наставничества"),),
        ),
        OrderKind(
            "regulation",
            _("on approving the regulation on mentoring"),
            "Об утверждении Положения о наставничестве",
            "в целях нормативного обеспечения реализации программы наставничества",
            Stage.PREPARATION,
            _regulation,
            (Appendix("regulation", "Положение о наставничестве"),),
        ),
        OrderKind(
            ESIGN_KIND,
            _("on approving the regulation on the simple electronic signature"),
            "Об утверждении Положения о простой электронной подписи",
            "в целях организации электронного документооборота",
            None,  # an act of the organization, adopted once: not among any stage's orders
            _esign,
            (Appendix("esign", "Положение о простой электронной подписи"),),
            basis="статьями 6 и 9 Федерального закона от 06.04.2011 № 63-ФЗ «Об электронной подписи»",
        ),
        OrderKind(
            "curator",
            _("on appointing the curator"),
            "О назначении куратора внедрения целевой модели наставничества",
            "в целях организационного обеспечения внедрения целевой модели наставничества",
            Stage.PREPARATION,
            _curator,
        ),
        OrderKind(
            "program",
            _("on approving the mentoring program and its roadmap"),
            "Об утверждении программы наставничества и дорожной карты",
            "в целях реализации целевой модели наставничества",
            Stage.PREPARATION,
            _program,
            (
                Appendix("program", "Программа наставничества"),
                Appendix("roadmap", "Дорожная карта реализации программы наставничества"),
            ),
        ),
        OrderKind(
            "registry",
            _("on approving the bases of mentors and mentees"),
            "Об утверждении базы наставников и базы наставляемых",
            "по итогам формирования баз наставников и наставляемых",
            Stage.MENTOR_TRAINING,
            _registry,
            (Appendix("mentors", "База наставников"), Appendix("mentees", "База наставляемых")),
        ),
        OrderKind(
            "training",
            _("on organizing the training of mentors"),
            "Об организации обучения наставников («Школа наставников»)",
            "в целях подготовки наставников к работе с наставляемыми",
            Stage.MENTOR_TRAINING,
            _training,
            (Appendix("training", "Список наставников, направляемых на обучение"),),
        ),
        OrderKind(
            "pairs",
            _("on assigning mentoring pairs and groups"),
            "О закреплении наставнических пар (групп)",
            "по итогам формирования наставнических пар (групп)",
            Stage.PAIRING,
            _pairs,
            (Appendix("pairs", "Состав наставнических пар (групп)"),),
        ),
        OrderKind(
            "final_event",
            _("on holding the final event"),
            "О проведении итогового мероприятия программы наставничества",
            "в целях подведения итогов реализации программы наставничества",
            Stage.COMPLETION,
            _final_event,
        ),
        OrderKind(
            "rewards",
            _("on summing up and rewarding mentors"),
            "О подведении итогов реализации программы наставничества и поощрении наставников",
            "по итогам реализации программы наставничества",
            Stage.COMPLETION,
            _rewards,
            (Appendix("rewards", "Список наставников, которым объявляется благодарность"),),
        ),
        OrderKind(
            "termination",
            _("on early termination of mentoring and replacement of mentors"),
            "О досрочном прекращении наставничества и замене наставников",
            "в связи с обстоятельствами, препятствующими продолжению наставничества",
            Stage.PAIRS_WORK,
            _termination,
            (Appendix("terminations", "Прекращённые пары и замены наставников"),),
        ),
        OrderKind(
            "payments",
            _("on payments for mentoring"),
            "Об установлении выплат за наставничество",
            "в целях материального стимулирования наставнической деятельности педагогических работников",
            Stage.PAIRING,
            _payments,
            (Appendix("payments", "Размер выплат наставникам"),),
        ),
    ]
}

KIND_CHOICES = [(code, kind.label) for code, kind in KINDS.items()]


def label(code):
    kind = KINDS.get(code)
    return kind.label if kind else code


def _drafted_deadline(deadline, today, period_end):
    """A point's deadline as the order prints it: never a day already past when the order is drafted
    (an order drafted in December cannot ask for something by November), nor, where the program
    still runs, after its end. Returns (text, moved)."""
    if not isinstance(deadline, date):
        return deadline, False
    if deadline <= today:
        moved = today + LATE_POINT_LEAD
        return _date(min(moved, period_end) if period_end > today else moved), True
    return _date(deadline), False


def draft_content(kind, program, settings, today=None):
    """The title, preamble, points and appendices of a new order of `kind` for `program`. `moved`
    lists the points whose planned deadline had passed and was set two weeks from `today`."""
    spec = KINDS[kind]
    org = program.organization
    today = today or timezone.localdate()
    points, moved = [], []
    for number, point in enumerate(spec.points(program, org), 1):
        planned = point["deadline"]
        point["deadline"], was_moved = _drafted_deadline(planned, today, program.period_end)
        if was_moved:
            moved.append({"number": number, "planned": _date(planned), "deadline": point["deadline"]})
        points.append(point)
    return {
        "title": spec.title,
        "preamble": f"В соответствии с{'о' if (spec.basis or 'x').startswith('ст') else ''} "
        f"{spec.basis or settings.preamble_acts.strip()}, {spec.purpose} в {org.short_name}",
        "points": points,
        "moved": moved,
        "appendices": [
            {
                "kind": a.kind,
                "title": a.title,
                "text": default_text(a.kind, program) if a.kind in TEXT_APPENDICES else "",
            }
            for a in spec.appendices
        ],
    }


# Stems that name each order in a roadmap's activity, as roadmaps write them.
WORDS = {
    "implementation": ("внедрен",),
    "regulation": ("положени",),
    "curator": ("куратор",),
    "program": ("программ", "дорожн"),
    "registry": ("баз", "реестр"),
    "training": ("обучен", "школ"),
    "pairs": ("пар", "групп"),
    "final_event": ("итогов",),
    "rewards": ("поощрен", "награжд", "благодарн"),
    "termination": ("прекращ", "замен"),
    "payments": ("выплат", "стимулир"),
    "esign": ("электронной подпис",),
}
# Stems that rule a kind out although its stems match: «Положение о простой электронной подписи» is
# not the Положение о наставничестве.
NOT_WORDS = {"regulation": ("электронн",)}


def fulfilled_activity(kind, program):
    """The roadmap's activity this order fulfils: an open activity whose result is an order and whose
    title names this one («Приказ о закреплении пар»), not yet claimed by another order. None rather
    than a guess: the curator can still mark the activity done with the order as evidence."""
    candidates = (
        program.activities.filter(result_kind=ResultKind.ORDER, orders__isnull=True)
        .exclude(status__in=["done", "cancelled"])
        .order_by("section__position", "position")
    )
    for activity in candidates:
        title = activity.title.lower()
        if any(word in title for word in WORDS[kind]) and not any(word in title for word in NOT_WORDS.get(kind, ())):
            return activity
    return None


# --- Local acts: the Положение and the Программа, drafted from the program and edited by the curator ---

TEXT_APPENDICES = {"regulation", "program", "esign"}


def default_text(kind, program):
    org = program.organization
    forms = ", ".join(f"«{f.name}»" for f in program.forms.all()) or "«учитель – ученик»"
    if kind == "regulation":
        return "\n\n".join(
            [
                "1. Общие положения",
                f"1.1. Настоящее Положение о наставничестве (далее — Положение) в {org.full_name} разработано в "
                "соответствии с методологией (целевой моделью) наставничества обучающихся, утверждённой "
                "распоряжением Министерства просвещения Российской Федерации от 25.12.2019 № Р-145.",
                "1.2. Положение определяет цели, задачи, формы и порядок осуществления наставничества, права и "
                "обязанности его участников, порядок формирования наставнических пар (групп) и мониторинга.",
                "2. Цели и задачи наставничества",
                "2.1. Целью наставничества является максимально полное раскрытие потенциала личности "
                "наставляемого, необходимое для успешной личной и профессиональной самореализации.",
                "3. Формы наставничества",
                f"3.1. В организации применяются формы наставничества: {forms}.",
                "4. Участники наставничества",
                "4.1. Наставником может быть педагог, обучающийся, студент, представитель работодателя, выпускник "
                "или родитель, давший согласие на участие в программе. Педагогический работник назначается "
                "наставником только с его письменного согласия.",
                "4.2. Включение в базу наставляемых несовершеннолетнего осуществляется при наличии согласия его "
                "родителя (законного представителя) на обработку персональных данных.",
                "5. Мониторинг и оценка результатов",
                "5.1. Мониторинг включает оценку качества реализации программы и оценку динамики результатов "
                "наставляемых по итогам входного и итогового анкетирования.",
            ]
        )
    if kind == "esign":
        return esign_regulation_text(org)
    return "\n\n".join(
        [
            f"Программа наставничества «{program.title}»",
            f"Срок реализации: с {_date(program.period_start)} по {_date(program.period_end)}.",
            f"Формы наставничества: {forms}.",
            "Цель: создание условий для раскрытия потенциала обучающихся и молодых педагогов, их адаптации и "
            "профессионального роста через наставничество.",
            "Этапы реализации: подготовка условий; формирование баз наставляемых и наставников; отбор и обучение "
            "наставников; формирование наставнических пар (групп); организация их работы; завершение "
            "наставничества.",
            "Ожидаемые результаты: рост доли обучающихся и педагогов, вовлечённых в наставничество; "
            "удовлетворённость участников; положительная динамика результатов наставляемых.",
        ]
    )


def minutes_phrase(n):
    """«за 10 минут», «за 1 минуту», «за 3 минуты»."""
    if n % 10 == 1 and n % 100 != 11:
        word = "минуту"
    elif n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        word = "минуты"
    else:
        word = "минут"
    return f"{n} {word}"


def esign_regulation_text(org):
    """The typical local act that makes a signature given in the portal binding inside the organization:
    the agreement between the participants of electronic interaction that ч. 2 ст. 6 and ст. 9 of
    63-ФЗ ask for, which each employee joins by signing the sheet of acquaintance."""
    from django.conf import settings

    return "\n\n".join(
        [
            "1. Общие положения",
            f"1.1. Настоящее Положение о простой электронной подписи (далее — Положение) в {org.short_name} "
            "разработано в соответствии с Федеральным законом от 06.04.2011 № 63-ФЗ «Об электронной подписи» "
            "(далее — Закон № 63-ФЗ) и определяет порядок использования простой электронной подписи при "
            "подписании документов по реализации целевой модели наставничества на портале «Наставник» (далее — "
            "портал).",
            "1.2. Положение является соглашением между участниками электронного взаимодействия, "
            "предусмотренным частью 2 статьи 6 и статьёй 9 Закона № 63-ФЗ. Работник присоединяется к "
            "Положению, подписывая лист ознакомления с ним, и с этого момента является участником "
            "электронного взаимодействия.",
            "2. Простая электронная подпись и её ключ",
            "2.1. Ключом простой электронной подписи является сочетание логина (адреса электронной почты) и "
            "пароля учётной записи, закреплённой за работником на портале.",
            "2.2. Простая электронная подпись формируется, когда работник подписывает документ на портале, "
            "войдя под своей учётной записью и введя пароль (при входе или повторно) не ранее чем за "
            f"{minutes_phrase(settings.SUDO_MINUTES)} до подписания; она подтверждает факт формирования "
            "электронной подписи определённым лицом.",
            "2.3. Лицо, подписавшее документ, определяется по учётной записи, под которой документ подписан, "
            "и по записи портала о подписании (фамилия, имя, отчество и должность подписавшего, дата и время "
            "подписания), которая хранится вместе с документом.",
            "2.4. Работник хранит пароль в тайне и не передаёт его третьим лицам; при подозрении, что пароль "
            "стал известен другому лицу, немедленно меняет его и сообщает об этом куратору программы "
            "наставничества.",
            "3. Документы, подписываемые простой электронной подписью",
            "3.1. Простой электронной подписью подписываются приказы по реализации программы наставничества, "
            "сформированные на портале, и иные документы, для которых это предусмотрено локальными актами "
            "организации.",
            "3.2. Электронный документ, подписанный простой электронной подписью в соответствии с Положением, "
            "признаётся равнозначным документу на бумажном носителе, подписанному собственноручной подписью. "
            "Подписанный документ содержит сведения о простой электронной подписи (отметку о ней) и "
            "подписанные данные.",
            "3.3. Документы, связанные с работой (статья 22.1 Трудового кодекса Российской Федерации), "
            "оформляются в электронном виде в порядке, установленном статьями 22.1–22.3 Трудового кодекса "
            "Российской Федерации.",
            "4. Отметка об электронной подписи и проверка документа",
            "4.1. При визуализации подписанного документа на нём проставляется отметка об электронной подписи: "
            "должность, фамилия, имя и отчество подписавшего, дата и время подписания, контрольная сумма "
            "(SHA-256) подписанных данных и адрес страницы проверки, а также QR-код со ссылкой на эту страницу.",
            "4.2. Подлинность документа и его неизменность проверяются на странице проверки портала по QR-коду "
            "или адресу из отметки, в том числе сравнением файла с подписанным экземпляром.",
            "5. Хранение и изменение документов",
            "5.1. Подписанные документы хранятся на портале в формате PDF/A вместе с подписанными данными.",
            "5.2. Подписанный документ не изменяется; исправления вносятся новым документом, который ссылается "
            "на исправляемый.",
            "5.3. Положение вступает в силу со дня подписания утверждающего его приказа; экземпляр этого "
            "приказа на бумажном носителе подписывается собственноручной подписью руководителя.",
        ]
    )
