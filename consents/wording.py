"""The default wording of the consent documents, used for every part an organization has not set.

Since 1 September 2025 (152-ФЗ ст. 9 ч. 1 as amended by 156-ФЗ) a consent to the processing of personal
data is a document of its own, its content as ст. 9 ч. 4 lists it; a consent to distribution (publication)
is separate again (ст. 10.1), its content as Roskomnadzor's order № 18 of 24.02.2021 lists it. The texts
are Russian on purpose: they are the legal text people sign. Passport data is never stored by the portal:
the forms leave lines for it.
"""

from django.conf import settings
from django.urls import reverse

from mentoring.models import ConsentKind

# The kinds that are documents of their own here. The teacher's written consent to mentor (ТК РФ ст. 351.8)
# is recorded by the portal but signed on the employment documents, not on these forms.
DOCUMENT_KINDS = (ConsentKind.PROCESSING, ConsentKind.PUBLICATION)

# The parts of a wording, in the order the documents print them. `PUBLICATION_ONLY` parts are not part
# of a consent to processing, `PROCESSING_ONLY` parts not part of a consent to distribution.
PARTS = ("operator", "resources", "purposes", "data", "processor", "actions", "term", "revocation")
PUBLICATION_ONLY = ("resources",)
# The person processing the data on the operator's instruction (ст. 9 ч. 4 п. 6), «если обработка будет
# поручена такому лицу»: empty by default, and an empty part is not printed.
PROCESSING_ONLY = ("processor",)
BLANK_INN = "ИНН ____________"
BLANK_OGRN = "ОГРН _______________"


def parts_for(kind):
    excluded = PROCESSING_ONLY if kind == ConsentKind.PUBLICATION else PUBLICATION_ONLY
    return tuple(p for p in PARTS if p not in excluded)


def operator(organization):
    """The operator as the law and order № 18 ask for a legal entity: its name, ИНН, ОГРН and address. The
    Organization model keeps no ИНН/ОГРН, so the default prints lines to fill in; the curator types them
    into the operator's part once (the wording page says so)."""
    text = f"{organization.full_name}, {BLANK_INN}, {BLANK_OGRN}"
    if organization.address:
        text += f", адрес: {organization.address}"
    return text


def processing_actions(organization):
    """The actions of a consent to processing, naming the district office the data is given to (the
    name stays in the nominative, in parentheses: the portal does not decline names)."""
    return (
        "сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, "
        "использование, предоставление муниципальному органу управления образованием "
        f"({organization.municipality.name}) в случаях, предусмотренных программой наставничества, "
        "блокирование, удаление, уничтожение; обработка смешанная: с использованием средств автоматизации "
        "(портал «Наставник») и без них"
    )


def resources(organization):
    site = settings.SITE_URL.rstrip("/")
    section = site + reverse("publication:org_public", kwargs={"org_slug": organization.slug})
    bank = site + reverse("publication:public_practices", kwargs={"district_slug": organization.municipality.slug})
    return (
        f"официальный сайт Оператора в сети «Интернет» (раздел «Наставничество»); публичный раздел Оператора "
        f"на портале «Наставник»: {section}; банк лучших практик наставничества: {bank}"
    )


PROCESSING = {
    "purposes": (
        "организация и сопровождение наставничества по целевой модели наставничества: формирование баз "
        "наставляемых и наставников, формирование наставнических пар и групп, ведение индивидуальных планов "
        "развития и журналов встреч, анкетирование и мониторинг программы наставничества, подготовка приказов "
        "и отчётности по ней"
    ),
    "data": (
        "фамилия, имя, отчество; дата рождения; класс (группа) или должность, преподаваемый предмет и "
        "педагогический стаж; номер телефона и адрес электронной почты; фамилия, имя, отчество и контакты "
        "родителя (законного представителя); запрос на наставничество, интересы, компетенции и достижения; "
        "сведения об участии в программе наставничества, ответы на анкеты и результаты наставничества"
    ),
    "processor": "",
    "term": (
        "со дня подписания до окончания участия в программе наставничества и истечения сроков хранения её "
        "документов, установленных локальными актами Оператора, либо до дня отзыва согласия"
    ),
    "revocation": (
        "согласие может быть отозвано в любое время письменным заявлением, поданным Оператору лично или "
        "направленным почтой (ч. 2 ст. 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных "
        "данных»); Оператор прекращает обработку персональных данных и уничтожает их в срок, не превышающий "
        "тридцати дней со дня поступления отзыва, если иное не предусмотрено федеральным законом (ч. 5 ст. 21)"
    ),
}

PUBLICATION = {
    "purposes": (
        "информирование о реализации программы наставничества и распространение лучших практик "
        "наставничества: публикация кейсов, фотографий, результатов и отзывов участников"
    ),
    # One category a line: each is a row of the document's table, where the person allows it or not.
    "data": "\n".join(
        [
            "фамилия, имя",
            "отчество",
            "класс (для обучающегося) или должность",
            "наименование образовательной организации",
            "фотографии и видеозаписи с мероприятий программы наставничества",
            "сведения о результатах и достижениях в программе наставничества",
            "отзыв об участии в программе наставничества",
        ]
    ),
    "actions": (
        "распространение (предоставление доступа неограниченному кругу лиц) путём размещения на "
        "информационных ресурсах Оператора, указанных в настоящем согласии"
    ),
    "term": "со дня подписания до дня отзыва согласия, но не более пяти лет",
    "revocation": (
        "согласие может быть отозвано в любое время требованием, направленным Оператору в письменной форме, "
        "с указанием фамилии, имени, отчества, контактной информации и перечня персональных данных, "
        "распространение которых подлежит прекращению (ч. 12 ст. 10.1 Федерального закона от 27.07.2006 "
        "№ 152-ФЗ «О персональных данных»); действие согласия прекращается с момента поступления требования "
        "Оператору (ч. 13 ст. 10.1), и с этого момента Оператор прекращает распространение персональных данных, "
        "указанных в требовании"
    ),
}


def default(kind, part, organization):
    """The default text of one part of a kind's wording for `organization`."""
    if part == "operator":
        return operator(organization)
    if part == "resources":
        return resources(organization)
    if part == "actions" and kind == ConsentKind.PROCESSING:
        return processing_actions(organization)
    return {ConsentKind.PROCESSING: PROCESSING, ConsentKind.PUBLICATION: PUBLICATION}[kind][part]
