"""The target model's questionnaires (МР-42/02), built in. Installed by a data migration and again by
`seed_demo`, so a flushed database gets them back; existing ones are left alone.

The questions are data in Russian, as the methodology gives them. The same indicators
(`confidence`, `motivation`, `communication`) are measured at entry and at exit for the growth
comparison.
"""

from mentoring.standard_forms import STANDARD_FORMS

S10, S5, YN, ONE, MANY, SHORT, LONG = "scale10", "scale5", "yesno", "single", "multiple", "short", "long"

GROWTH = [
    (S10, "Насколько вы уверены в себе и своих силах?", "confidence", "совсем не уверен", "полностью уверен"),
    (S10, "Насколько вам интересно учиться (работать)?", "motivation", "совсем не интересно", "очень интересно"),
    (S10, "Насколько легко вам общаться с другими людьми?", "communication", "очень трудно", "очень легко"),
]


# Short names of the indicators, for the growth tables.
INDICATORS = {"confidence": "Уверенность в себе", "motivation": "Интерес к учёбе", "communication": "Общение"}


def _growth(required=True):
    return [
        {"kind": kind, "text": text, "indicator": code, "low": low, "high": high, "required": required}
        for kind, text, code, low, high in GROWTH
    ]


STANDARD = [
    {
        "code": "mentee-needs",
        "title": "Анкета наставляемого: запросы и ожидания",
        "audience": "mentees",
        "stage": 2,
        "description": (
            "Ответы помогут подобрать вам наставника. Ответы сохраняются сразу, вы можете вернуться к анкете позже."
        ),
        "sections": [
            (
                "О себе",
                [
                    {"kind": YN, "text": "Был ли у вас раньше наставник?", "required": True},
                    {"kind": SHORT, "text": "Если да, то где и в чём он вам помогал?"},
                    *_growth(),
                ],
            ),
            (
                "Ваш запрос",
                [
                    {
                        "kind": MANY,
                        "text": "В чём вам нужна помощь?",
                        "required": True,
                        "choices": [
                            "Учёба и оценки",
                            "Подготовка к олимпиадам",
                            "Проект или исследование",
                            "Выбор профессии",
                            "Адаптация в коллективе",
                            "Общение",
                            "Творчество",
                            "Спорт",
                        ],
                    },
                    {"kind": LONG, "text": "Чего вы ждёте от работы с наставником?"},
                ],
            ),
        ],
    },
    {
        "code": "mentor-usefulness",
        "title": "Чем я могу быть полезен в качестве наставника?",
        "audience": "mentors",
        "stage": 3,
        "sections": [
            (
                "Ваш опыт",
                [
                    {"kind": YN, "text": "Был ли у вас опыт наставничества?", "required": True},
                    {
                        "kind": MANY,
                        "text": "В чём вы можете помочь?",
                        "required": True,
                        "choices": [
                            "Учебный предмет",
                            "Олимпиады и конкурсы",
                            "Проекты и исследования",
                            "Профориентация",
                            "Адаптация в коллективе",
                            "Методика преподавания",
                            "Работа с родителями",
                        ],
                    },
                    {
                        "kind": ONE,
                        "text": "Сколько времени в неделю вы готовы уделять?",
                        "choices": ["1 час", "2–3 часа", "больше 3 часов"],
                        "required": True,
                    },
                    {
                        "kind": ONE,
                        "text": "Какая форма работы вам ближе?",
                        "choices": ["один на один", "с группой", "дистанционно"],
                    },
                    {"kind": LONG, "text": "Чем вы хотели бы поделиться с наставляемыми?"},
                ],
            )
        ],
    },
    {
        "code": "preferences",
        "title": "Анкета предпочтений после групповой встречи",
        "audience": "any",
        "stage": 5,
        "sections": [
            (
                "Ваш выбор",
                [
                    {"kind": SHORT, "text": "С кем из участников встречи вы хотели бы работать?", "required": True},
                    {
                        "kind": ONE,
                        "text": "Удобная форма встреч",
                        "choices": ["очно", "онлайн", "смешанно"],
                        "required": True,
                    },
                    {"kind": MANY, "text": "Удобные дни", "choices": ["пн", "вт", "ср", "чт", "пт", "сб"]},
                    {
                        "kind": S5,
                        "text": "Насколько комфортно вам было на встрече?",
                        "low": "некомфортно",
                        "high": "очень комфортно",
                    },
                ],
            )
        ],
    },
    {
        "code": "feedback",
        "title": "Промежуточная обратная связь",
        "audience": "any",
        "stage": 6,
        "sections": [
            (
                "Как идёт работа",
                [
                    {
                        "kind": S10,
                        "text": "Насколько эффективны ваши встречи?",
                        "required": True,
                        "low": "неэффективны",
                        "high": "очень эффективны",
                    },
                    {
                        "kind": S10,
                        "text": "Насколько комфортно общение в паре?",
                        "required": True,
                        "low": "некомфортно",
                        "high": "очень комфортно",
                    },
                    {"kind": S10, "text": "Насколько понятны задачи?", "low": "непонятны", "high": "полностью понятны"},
                    {"kind": LONG, "text": "Что стоит изменить?"},
                ],
            )
        ],
    },
    {
        "code": "mentee-satisfaction",
        "title": "Анкета удовлетворённости наставляемого",
        "audience": "mentees",
        "stage": 7,
        "sections": [
            (
                "Ваш опыт",
                [
                    {"kind": YN, "text": "Был ли у вас опыт наставничества до этой программы?", "required": True},
                    {"kind": SHORT, "text": "Если да, то где?"},
                ],
            ),
            (
                "Оцените от 1 до 10",
                [
                    {"kind": S10, "text": text, "required": True, "low": "совсем нет", "high": "полностью"}
                    for text in [
                        "Эффективность программы наставничества",
                        "Комфортность общения с наставником",
                        "Помощь наставника в достижении цели",
                        "Полезность личных встреч",
                        "Полезность групповых встреч",
                        "Понятность задач",
                        "Ощущение поддержки наставника",
                        "Насколько оправдались ожидания",
                        "Удовлетворённость программой в целом",
                    ]
                ],
            ),
            ("Итоги", _growth()),
            (
                "Ваше мнение",
                [
                    {"kind": LONG, "text": "Что вы ожидали от программы?"},
                    {"kind": LONG, "text": "Что было самым ценным?"},
                    {"kind": LONG, "text": "Что стоит изменить?"},
                    {"kind": YN, "text": "Понравилось ли вам участвовать в программе?", "required": True},
                    {"kind": YN, "text": "Хотели бы вы продолжить работу?", "required": True},
                    {"kind": YN, "text": "Хотели бы вы стать наставником?", "required": True},
                ],
            ),
        ],
    },
    {
        "code": "mentor-satisfaction",
        "title": "Анкета удовлетворённости наставника",
        "audience": "mentors",
        "stage": 7,
        "sections": [
            (
                "Оцените от 1 до 10",
                [
                    {"kind": S10, "text": text, "required": True, "low": "совсем нет", "high": "полностью"}
                    for text in [
                        "Эффективность программы наставничества",
                        "Комфортность общения с наставляемым",
                        "Насколько удалось спланировать работу",
                        "Насколько выполнен план",
                        "Вовлечённость наставляемого",
                        "Полезность обучения наставников",
                        "Поддержка куратора",
                        "Хватало ли времени",
                        "Удовлетворённость программой в целом",
                    ]
                ],
            ),
            (
                "Ваше мнение",
                [
                    {"kind": LONG, "text": "Что было самым ценным?"},
                    {"kind": LONG, "text": "Что стоит изменить?"},
                    {"kind": YN, "text": "Готовы ли вы продолжить наставничество?", "required": True},
                ],
            ),
        ],
    },
    {
        "code": "curator",
        "title": "Анкета куратора программы наставничества",
        "audience": "curators",
        "stage": 7,
        "sections": [
            (
                "Оцените от 1 до 5",
                [
                    {"kind": S5, "text": text, "required": True, "low": "плохо", "high": "отлично"}
                    for text in [
                        "Организация работы наставнических пар",
                        "Вовлечённость наставников",
                        "Поддержка администрации",
                        "Методическое обеспечение",
                    ]
                ],
            ),
            ("Итоги", [{"kind": LONG, "text": "Сильные и слабые стороны программы"}]),
        ],
    },
]


# The SWOT questionnaire of a form of mentoring: the curator (or the form's working group) fills one
# sheet per form, and the final report's conclusions quote its four texts form by form.
SWOT_PARTS = [
    ("strengths", "Сильные стороны"),
    ("weaknesses", "Слабые стороны"),
    ("opportunities", "Возможности"),
    ("threats", "Угрозы"),
]
SWOT_FORM_QUESTION = "Форма наставничества"

STANDARD.append(
    {
        "code": "swot",
        "title": "SWOT-анализ реализуемой формы наставничества",
        "audience": "curators",
        "stage": 7,
        "description": "Заполняется по каждой реализуемой форме наставничества.",
        "sections": [
            (
                "Форма",
                [
                    {
                        "kind": ONE,
                        "text": SWOT_FORM_QUESTION,
                        "required": True,
                        "choices": [name for _code, name, _audience, _mentors in STANDARD_FORMS],
                    }
                ],
            ),
            ("SWOT-анализ", [{"kind": LONG, "text": text, "indicator": code} for code, text in SWOT_PARTS]),
        ],
    }
)


def install_standard_questionnaires(questionnaire_model, section_model, question_model):
    """Create the built-in questionnaires that are missing. Takes the model classes so that the data
    migration can pass its historical ones."""
    for spec in STANDARD:
        if questionnaire_model.objects.filter(code=spec["code"], organization=None).exists():
            continue
        q = questionnaire_model.objects.create(
            code=spec["code"],
            title=spec["title"],
            audience=spec["audience"],
            stage=spec["stage"],
            description=spec.get("description", ""),
        )
        for s_pos, (title, questions) in enumerate(spec["sections"]):
            section = section_model.objects.create(questionnaire=q, title=title, position=s_pos)
            question_model.objects.bulk_create(
                [
                    question_model(
                        questionnaire=q,
                        section=section,
                        kind=item["kind"],
                        text=item["text"],
                        required=item.get("required", False),
                        choices=item.get("choices", []),
                        low_label=item.get("low", ""),
                        high_label=item.get("high", ""),
                        indicator=item.get("indicator", ""),
                        position=i,
                    )
                    for i, item in enumerate(questions)
                ]
            )
