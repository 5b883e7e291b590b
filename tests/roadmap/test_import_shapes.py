"""The shapes of published roadmaps, one rule at a time: the heading's title and period, numbering
schemes, columns, lists, and rows that cannot be read saying why."""

from datetime import date

import pytest

from roadmap.importing.heading import read_heading
from roadmap.importing.parser import parse_tables, split_numbered_items


@pytest.mark.parametrize(
    "heading, title, period",
    [
        (
            "Приложение № 1 к приказу № 15 от 10.01.2023\nДорожная карта по внедрению наставничества в 2023-2024 годах",
            "Дорожная карта по внедрению наставничества в 2023-2024 годах",
            (date(2023, 9, 1), date(2024, 5, 31)),
        ),
        (
            "УТВЕРЖДАЮ\nДиректор школы\n_______ Н.Н. Котова\n«01» сентября 2022 г.\n"
            "План мероприятий (сентябрь 2022 г. – май 2024 г.)",
            "План мероприятий (сентябрь 2022 г. – май 2024 г.)",
            (date(2022, 9, 1), date(2024, 5, 31)),
        ),
        (
            "ДОРОЖНАЯ КАРТА\nна 2024/2025 учебный год",
            "ДОРОЖНАЯ КАРТА на 2024/2025 учебный год",
            (date(2024, 9, 1), date(2025, 5, 31)),
        ),
        ("Приложение 2\nк приказу от 01.09.2024 № 5\nМероприятия наставничества", "Мероприятия наставничества", None),
        (
            "Согласовано\nПредседатель методического совета\n______________ Ю.В.Попова\n« 23» августа 2021 г.\n"
            "протокол №1\nУтверждаю\n«23 » августа 2021 г.\nприказ № 60\nПрограмма наставничества на 2021-2022 "
            "учебный год",
            "Программа наставничества на 2021-2022 учебный год",
            (date(2021, 9, 1), date(2022, 5, 31)),
        ),
        (
            "Начальник\nПриложение № 1\nот «14» апреля 2022г.№78\nМуниципальная целевая модель наставничества",
            "Муниципальная целевая модель наставничества",
            None,
        ),
    ],
)
def test_the_title_and_period_come_from_the_heading_not_its_blocks(heading, title, period):
    read = read_heading(heading)
    assert (read.title, read.period) == (title, period)


def test_an_item_after_one_ended_with_a_semicolon_is_its_own_even_without_a_dash():
    cell = "– приказ о назначении куратора;\nположение о наставничестве;\n– программа наставничества"
    assert split_numbered_items(cell) == [
        ("", "приказ о назначении куратора"),
        ("", "положение о наставничестве"),
        ("", "программа наставничества"),
    ]


def test_written_numbers_of_a_list_are_kept():
    assert split_numbered_items("1) анкетирование;\n2) собеседование") == [
        ("1", "анкетирование"),
        ("2", "собеседование"),
    ]


def test_a_row_with_only_a_stage_word_under_a_merged_stage_is_an_activity_not_a_new_stage():
    rows = [
        ["№", "Этап", "Мероприятия", "Срок"],
        ["1", "Подготовка условий", "Приказ о внедрении", "Сентябрь 2024"],
        ["", "", "Подготовка нормативной базы", ""],
    ]
    roadmap = parse_tables("План на 2024/2025 учебный год", [rows])
    [stage] = roadmap.sections
    assert [(a.number, a.title) for a in stage.activities] == [
        ("1.1", "Приказ о внедрении"),
        ("1.2", "Подготовка нормативной базы"),
    ]


def test_a_row_that_cannot_be_read_says_why():
    rows = [["Мероприятие", "Срок", "Ответственные"], ["", "Сентябрь 2024", "Куратор"]]
    roadmap = parse_tables("План на 2024/2025 учебный год", [rows])
    assert roadmap.warnings == [
        (
            2,
            "В строке есть срок, ответственный или результат, но нет названия мероприятия, поэтому она не "
            "включена: Сентябрь 2024 | Куратор",
        )
    ]


def test_numbered_activities_without_sections_are_one_section():
    rows = [["№ п/п", "Мероприятие", "Срок"], ["1.", "Совещание", "Сентябрь 2024"], ["2.", "Анкетирование", "Май 2025"]]
    roadmap = parse_tables("План на 2024/2025 учебный год", [rows])
    [section] = roadmap.sections
    assert [(a.number, a.due_on) for a in section.activities] == [("1", date(2024, 9, 30)), ("2", date(2025, 5, 31))]
    assert roadmap.warnings == []


def test_a_responsible_cell_wrapped_by_a_pdf_is_one_person_and_lines_of_people_are_several():
    rows = [
        ["№", "Мероприятие", "Срок", "Ответственные"],
        ["1.1", "Совещание", "Сентябрь 2024", "Заместитель директора по\nУВР,\nкуратор"],
        ["1.2", "Анкетирование", "Октябрь 2024", "Куратор\nПедагог-психолог"],
    ]
    roadmap = parse_tables("План на 2024/2025 учебный год", [rows])
    assert [a.responsible for a in roadmap.sections[0].activities] == [
        "Заместитель директора по УВР, куратор",
        "Куратор; Педагог-психолог",
    ]


def test_a_numbered_section_with_a_term_above_its_activities_stays_a_section_and_says_what_it_drops():
    rows = [
        ["№ п/п", "Мероприятие", "Срок", "Ответственный"],
        ["1.", "Подготовительный этап", "Сентябрь – октябрь 2024", "Куратор"],
        ["1.1", "Приказ о внедрении", "Сентябрь 2024", "Директор"],
        ["2.", "Основной этап", "", ""],
        ["2.1", "Встречи пар", "Ноябрь 2024", "Наставники"],
    ]
    roadmap = parse_tables("План на 2024/2025 учебный год", [rows])
    assert [(s.number, s.title, [a.number for a in s.activities]) for s in roadmap.sections] == [
        ("1", "Подготовительный этап", ["1.1"]),
        ("2", "Основной этап", ["2.1"]),
    ]
    assert roadmap.warnings == [
        (
            2,
            "У раздела «Подготовительный этап» указаны срок, ответственный или результат (Сентябрь – октябрь "
            "2024 | Куратор); раздел их не хранит: укажите их у его мероприятий, если они нужны.",
        )
    ]
