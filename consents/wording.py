"""The default wording of the consent documents, used for every part an organization has not set.

Since 1 September 2025 (152-ФЗ ст. 9 ч. 4 as amended by 156-ФЗ) a consent to the processing of personal
data is a document of its own; a consent to distribution (publication) is separate again (ст. 10.1), its
content as Roskomnadzor's order № 18 of 24.02.2021 lists it. The texts are Russian on purpose: they are
the legal text people sign. Passport data is never stored by the portal: the forms leave lines for it.
"""

from django.conf import settings
from django.urls import reverse

from mentoring.models import ConsentKind

# The kinds that are documents of their own here. The teacher's written consent to mentor (ТК РФ ст. 351.8)
# is recorded by the portal but signed on the employment documents, not on these forms.
DOCUMENT_KINDS = (ConsentKind.PROCESSING, ConsentKind.PUBLICATION)

# The parts of a wording, in the order the documents print them. `publication_only` parts are not part
# of a consent to processing.
PARTS = ("operator", "resources", "purposes", "data", "actions", "term", "revocation")
PUBLICATION_ONLY = ("resources",)


def parts_for(kind):
    return tuple(p for p in PARTS if kind == ConsentKind.PUBLICATION or p not in PUBLICATION_ONLY)


def operator(organization):
    """The operator as the law asks: its name and address (the Organization model keeps no ИНН/ОГРН;
    the curator adds them in the wording)."""
    text = organization.full_name
    if organization.address:
        text += f", адрес: {organization.address}"
    return text


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
    "actions": (
        "сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, "
        "использование, предоставление муниципальному органу управления образованием в случаях, "
        "предусмотренных программой наставничества, блокирование, удаление, уничтожение; обработка "
        "смешанная: с использованием средств автоматизации (портал «Наставник») и без них"
    ),
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
        "Оператору (ч. 14 ст. 10.1), Оператор прекращает распространение в течение трёх рабочих дней"
    ),
}


def default(kind, part, organization):
    """The default text of one part of a kind's wording for `organization`."""
    if part == "operator":
        return operator(organization)
    if part == "resources":
        return resources(organization)
    return {ConsentKind.PROCESSING: PROCESSING, ConsentKind.PUBLICATION: PUBLICATION}[kind][part]
