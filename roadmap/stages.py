"""The seven standard stages of a mentoring program (Р-145 / МР-42/02) and their typical
activities: the built-in template a new program's roadmap is created from.

Each activity's timing is given in months from the program's start (`months=(first, last)`,
0-based, negative counts from the end) together with the phrase schools write in the
«Срок» column, so the created roadmap reads like a real one and still has dates.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.IntegerChoices):
    PREPARATION = 1, "Подготовка условий для запуска программы наставничества"
    MENTEE_BASE = 2, "Формирование базы наставляемых"
    MENTOR_BASE = 3, "Формирование базы наставников"
    MENTOR_TRAINING = 4, "Отбор/выдвижение и обучение наставников"
    PAIRING = 5, "Формирование наставнических пар / групп"
    PAIRS_WORK = 6, "Организация и осуществление работы наставнических пар / групп"
    COMPLETION = 7, "Завершение наставничества"


STAGE_SHORT_NAMES = {
    Stage.PREPARATION: _("Preparation"),
    Stage.MENTEE_BASE: _("Mentees"),
    Stage.MENTOR_BASE: _("Mentors"),
    Stage.MENTOR_TRAINING: _("Training"),
    Stage.PAIRING: _("Pairs"),
    Stage.PAIRS_WORK: _("Pairs' work"),
    Stage.COMPLETION: _("Completion"),
}


class ResultKind(models.TextChoices):
    ORDER = "order", _("order")
    REGULATION = "regulation", _("regulation")
    PROGRAM = "program", _("program")
    ROADMAP = "roadmap", _("roadmap")
    CONSENT = "consent", _("consent forms")
    REGISTRY = "registry", _("registry")
    QUESTIONNAIRE = "questionnaire", _("questionnaire")
    REPORT = "report", _("report")
    PLAN = "plan", _("development plan")
    MEMO = "memo", _("memo")
    CERTIFICATE = "certificate", _("certificate")
    LOG = "log", _("meeting log")
    CASE = "case", _("case")
    OTHER = "other", _("other")


@dataclass(frozen=True)
class TemplateActivity:
    title: str
    result: str
    result_kind: str
    responsible: str  # a Role value
    term: str
    months: tuple[int, int]


@dataclass(frozen=True)
class TemplateStage:
    stage: Stage
    activities: list[TemplateActivity] = field(default_factory=list)


def _a(title, result, kind, responsible, term, months):
    return TemplateActivity(title, result, kind, responsible, term, months)


STANDARD_TEMPLATE = [
    TemplateStage(
        Stage.PREPARATION,
        [
            _a(
                "Информирование педагогов, обучающихся и родителей о внедрении целевой модели наставничества",
                "Протокол педагогического совета, публикация на сайте",
                ResultKind.OTHER,
                "curator",
                "В течение первого месяца",
                (0, 0),
            ),
            _a(
                "Назначение куратора и рабочей группы",
                "Приказ о назначении куратора",
                ResultKind.ORDER,
                "director",
                "В течение первого месяца",
                (0, 0),
            ),
            _a(
                "Издание приказа о внедрении целевой модели наставничества",
                "Приказ о внедрении целевой модели наставничества",
                ResultKind.ORDER,
                "director",
                "В течение первого месяца",
                (0, 0),
            ),
            _a(
                "Разработка и утверждение Положения о наставничестве",
                "Положение о наставничестве",
                ResultKind.REGULATION,
                "curator",
                "В течение первого месяца",
                (0, 0),
            ),
            _a(
                "Разработка программы наставничества и дорожной карты, выбор форм наставничества",
                "Программа наставничества; дорожная карта",
                ResultKind.PROGRAM,
                "curator",
                "В течение первого месяца",
                (0, 0),
            ),
            _a(
                "Подготовка форм согласий на обработку персональных данных",
                "Формы согласий на обработку персональных данных",
                ResultKind.CONSENT,
                "curator",
                "В течение первого месяца",
                (0, 0),
            ),
        ],
    ),
    TemplateStage(
        Stage.MENTEE_BASE,
        [
            _a(
                "Анкетирование желающих иметь наставника, сбор запросов от классных руководителей, "
                "педагогов-психологов, родителей",
                "Анкеты для анализа потребности в развитии наставляемых",
                ResultKind.QUESTIONNAIRE,
                "curator",
                "В течение первого месяца",
                (0, 0),
            ),
            _a(
                "Сбор согласий на обработку персональных данных (для несовершеннолетних — от родителей)",
                "Согласия на обработку персональных данных",
                ResultKind.CONSENT,
                "curator",
                "В течение первого месяца",
                (0, 0),
            ),
            _a(
                "Формирование базы наставляемых",
                "База наставляемых с запросами",
                ResultKind.REGISTRY,
                "curator",
                "В течение первого месяца",
                (0, 0),
            ),
            _a(
                "Отчёт по результатам анализа потребностей наставляемых",
                "Отчёт по результатам АПО",
                ResultKind.REPORT,
                "curator",
                "В течение первого месяца",
                (0, 0),
            ),
        ],
    ),
    TemplateStage(
        Stage.MENTOR_BASE,
        [
            _a(
                "Поиск потенциальных наставников внутри и вне организации",
                "Перечень потенциальных наставников",
                ResultKind.OTHER,
                "curator",
                "В течение первого-второго месяца",
                (0, 1),
            ),
            _a(
                "Анкетирование «Чем я могу быть полезен в качестве наставника?»",
                "Анкеты наставников",
                ResultKind.QUESTIONNAIRE,
                "curator",
                "В течение первого-второго месяца",
                (0, 1),
            ),
            _a(
                "Формирование базы наставников, портфолио наставников",
                "База наставников с компетенциями",
                ResultKind.REGISTRY,
                "curator",
                "В течение первого-второго месяца",
                (0, 1),
            ),
        ],
    ),
    TemplateStage(
        Stage.MENTOR_TRAINING,
        [
            _a(
                "Отбор наставников по критериям Положения о наставничестве",
                "Приказ об утверждении реестра наставников",
                ResultKind.ORDER,
                "director",
                "В течение второго месяца",
                (1, 1),
            ),
            _a(
                "Организация обучения наставников («Школа наставников»)",
                "Приказ об организации «Школы наставников», программа и график обучения",
                ResultKind.ORDER,
                "director",
                "В течение второго-третьего месяца",
                (1, 2),
            ),
            _a(
                "Подготовка памяток и сценариев встреч для наставников",
                "Памятки для наставников",
                ResultKind.MEMO,
                "curator",
                "В течение второго-третьего месяца",
                (1, 2),
            ),
        ],
    ),
    TemplateStage(
        Stage.PAIRING,
        [
            _a(
                "Групповая встреча наставников и наставляемых, анкетирование предпочтений",
                "Анкеты предпочтений",
                ResultKind.QUESTIONNAIRE,
                "curator",
                "В течение третьего месяца",
                (2, 2),
            ),
            _a(
                "Формирование и закрепление наставнических пар / групп",
                "Приказ о закреплении наставнических пар / групп",
                ResultKind.ORDER,
                "director",
                "В течение третьего месяца",
                (2, 2),
            ),
            _a(
                "Разработка индивидуальных планов развития наставляемых",
                "Индивидуальные планы развития",
                ResultKind.PLAN,
                "curator",
                "В течение третьего месяца",
                (2, 2),
            ),
            _a(
                "Сопровождение наставляемых, не сформировавших пару",
                "Памятки для наставляемых",
                ResultKind.MEMO,
                "curator",
                "В течение третьего месяца",
                (2, 2),
            ),
        ],
    ),
    TemplateStage(
        Stage.PAIRS_WORK,
        [
            _a(
                "Цикл встреч наставников и наставляемых: знакомство, пробная встреча, планирование, "
                "серия встреч, итоговая встреча",
                "Журнал встреч",
                ResultKind.LOG,
                "curator",
                "В течение года после этапа 5",
                (3, -2),
            ),
            _a(
                "Текущий контроль достижения планируемых результатов",
                "Справка о текущем контроле",
                ResultKind.REPORT,
                "curator",
                "Ежеквартально",
                (3, -2),
            ),
            _a(
                "Промежуточная обратная связь от наставников и наставляемых",
                "Анкеты обратной связи для промежуточной оценки",
                ResultKind.QUESTIONNAIRE,
                "curator",
                "В середине программы",
                (4, 5),
            ),
        ],
    ),
    TemplateStage(
        Stage.COMPLETION,
        [
            _a(
                "Итоговое анкетирование удовлетворённости наставников и наставляемых",
                "Анкеты удовлетворённости",
                ResultKind.QUESTIONNAIRE,
                "curator",
                "В конце отчётного периода",
                (-1, -1),
            ),
            _a(
                "Подведение итогов мониторинга и отчёт по итогам программы",
                "Отчёт по итогам наставнической программы",
                ResultKind.REPORT,
                "curator",
                "В конце отчётного периода",
                (-1, -1),
            ),
            _a(
                "Итоговое мероприятие, представление лучших кейсов",
                "Кейсы для банка лучших практик",
                ResultKind.CASE,
                "curator",
                "В конце отчётного периода",
                (-1, -1),
            ),
            _a(
                "Поощрение наставников",
                "Приказ о поощрении участников наставнической деятельности",
                ResultKind.ORDER,
                "director",
                "В конце отчётного периода",
                (-1, -1),
            ),
            _a(
                "Формирование долгосрочной базы наставников",
                "Обновлённая база наставников",
                ResultKind.REGISTRY,
                "curator",
                "В конце отчётного периода",
                (-1, -1),
            ),
        ],
    ),
]
