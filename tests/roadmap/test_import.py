"""Importing the roadmaps schools already have: the three real ones of ../shared/seeds/ as Word and
Excel files, CSV variants, the command's JSON, and files that cannot be read."""

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from mentoring.models import Role
from roadmap import demo_roadmaps
from roadmap.importing.parser import parse_tables
from roadmap.importing.readers import UnreadableFile, read_tables
from roadmap.importing.services import roadmap_import
from roadmap.models import Activity, Section
from tests.factories import member

from . import seed_files as seeds


def parse(name, data, period=None):
    title, tables = read_tables(name, data)
    return parse_tables(title, tables, period=period)


FORMATS = {"docx": seeds.docx_bytes, "xlsx": seeds.xlsx_bytes}


@pytest.mark.parametrize("kind", FORMATS)
def test_school_4_stages_that_list_documents_become_an_activity_per_document(kind):
    roadmap = parse(f"sosh4.{kind}", FORMATS[kind](seeds.SCHOOL_4_TITLE, seeds.school_4_rows()))
    assert [s.number for s in roadmap.sections] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [s.stage for s in roadmap.sections] == [1, 2, 3, 4, 5, 6, 7]
    for parsed, spec in zip(roadmap.sections, demo_roadmaps.SCHOOL_4, strict=True):
        assert parsed.title == spec["title"]
        assert [a.title for a in parsed.activities] == [title for title, _kind in spec["activities"]]
        assert {a.term for a in parsed.activities} == {spec["term"]}
        assert {a.responsible for a in parsed.activities} == {spec["responsible"]}
        assert all(a.result == a.title for a in parsed.activities)
    assert roadmap.period == (date(2022, 9, 1), date(2024, 5, 31))  # «на 2022 – 2024 г. г.»
    first = roadmap.sections[0].activities[0]
    assert (first.number, first.starts_on, first.due_on) == ("1.1", date(2022, 9, 1), date(2022, 9, 30))
    pairs = roadmap.sections[4].activities[0]
    assert (pairs.starts_on, pairs.due_on) == (date(2022, 10, 1), date(2022, 10, 31))
    # What was assumed or left out is told: the months of «2022 – 2024», the header the page break
    # repeated, and the open term placed over the whole period.
    [(_, period), (row, header), (_, term)] = roadmap.warnings
    assert period == (
        "Период 01.09.2022 – 31.05.2024 прочитан из заголовка, но в заголовке названы годы 2022–2024, но не "
        "месяцы: приняты учебные годы с сентября 2022 по май 2024. Проверьте его."
    )
    assert header == f"Шапка таблицы, повторённая (после разрыва страницы) в строке {row}, пропущена."
    assert term.startswith("Срок «В течение года после этапа 5 (до завершения отчетного периода)» мероприятия 6.1")


@pytest.mark.parametrize("kind", FORMATS)
def test_kindergarten_bullets_become_activities_and_the_broken_row_is_joined(kind):
    roadmap = parse(f"ds14.{kind}", FORMATS[kind](seeds.KINDERGARTEN_TITLE, seeds.kindergarten_rows()))
    assert len(roadmap.sections) == 7
    assert roadmap.period == (date(2020, 4, 1), date(2021, 6, 30))  # from the years the terms name
    counts = [len(s.activities) for s in roadmap.sections]
    assert counts == [len(spec["activities"]) for spec in demo_roadmaps.KINDERGARTEN_14]
    pairing = roadmap.sections[4]
    assert pairing.title == "Формирование наставнических пар / групп"
    assert pairing.activities[0].title.startswith("организовать групповые встречи для информирования участников")
    assert pairing.activities[0].responsible == (
        "Чеснокова Г.Я., заведующий; Годжаева С.В.., ст. воспитатель; члены творческой группы."
    )
    work = roadmap.sections[5].activities[1]
    assert work.title == "организовать комплекс последовательных встреч наставников и наставляемых"
    assert (work.term, work.starts_on, work.due_on) == (
        "июль 2020 г. – май 2021 г.",
        date(2020, 7, 1),
        date(2021, 5, 31),
    )
    assert roadmap.sections[0].activities[0].responsible == "Чеснокова Г.Я., заведующий; Годжаева С.В., ст. воспитатель"


@pytest.mark.parametrize("kind", FORMATS)
def test_akbulak_two_columns_become_tracks(kind):
    roadmap = parse(f"akbulak.{kind}", FORMATS[kind](seeds.AKBULAK_TITLE, seeds.akbulak_rows()))
    assert [s.number for s in roadmap.sections] == ["I", "II", "III", "IV", "V", "VI"]
    assert [s.stage for s in roadmap.sections] == [1, 2, 4, 5, 6, 7]
    for parsed, spec in zip(roadmap.sections, demo_roadmaps.AKBULAK_SCHOOL_3, strict=True):
        expected = [(track, text.rstrip(";")) for track, text in spec["activities"]]
        assert [(a.track, a.title) for a in parsed.activities] == expected
    assert any("period" in message.lower() or "период" in message.lower() for _, message in roadmap.warnings)


def test_csv_in_windows_1251_with_semicolons_and_numbered_activities():
    text = (
        "План мероприятий;;;\n"
        "№ п/п;Мероприятие;Сроки;Ответственный исполнитель\n"
        "1.;Нормативно-правовое обеспечение;;\n"
        "1.1;Приказ о внедрении целевой модели;До 30.09.2022 г;Директор\n"
        "1.2;Положение о наставничестве;Сентябрь - октябрь 2022 г.;Куратор\n"
        "2.;Мониторинг;;\n"
        "2.1;Анкетирование наставляемых;по отдельному графику;Педагог-психолог\n"
    )
    roadmap = parse("plan.csv", text.encode("cp1251"), period=(date(2022, 9, 1), date(2023, 5, 31)))
    assert [(s.number, s.title) for s in roadmap.sections] == [
        ("1", "Нормативно-правовое обеспечение"),
        ("2", "Мониторинг"),
    ]
    order, regulation = roadmap.sections[0].activities
    assert (order.number, order.due_on, order.responsible) == ("1.1", date(2022, 9, 30), "Директор")
    assert (regulation.starts_on, regulation.due_on) == (date(2022, 9, 1), date(2022, 10, 31))
    survey = roadmap.sections[1].activities[0]
    assert (survey.term, survey.starts_on, survey.due_on) == ("по отдельному графику", None, None)


def test_import_command_prints_exactly_the_documented_json(tmp_path):
    path = tmp_path / "sosh4.docx"
    path.write_bytes(seeds.docx_bytes(seeds.SCHOOL_4_TITLE, seeds.school_4_rows()))
    out = io.StringIO()
    call_command("import_roadmap", str(path), "--dry-run", "--json", "--period", "2022-09-01:2023-05-31", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"title", "sections", "warnings"}
    assert data["title"] == seeds.SCHOOL_4_TITLE
    section = data["sections"][0]
    assert set(section) == {"number", "title", "activities"}
    activity = section["activities"][0]
    assert set(activity) == {
        "number",
        "title",
        "result",
        "responsible",
        "term",
        "starts_on",
        "due_on",
        "description",
        "note",
    }
    assert (activity["starts_on"], activity["due_on"]) == ("2022-09-01", "2022-09-30")
    assert all(set(w) == {"row", "message"} for w in data["warnings"])


def test_import_command_imports_into_a_program_atomically(tmp_path, world):
    director = member(world.school_a, Role.DIRECTOR, last_name="Чеснокова", first_name="Галина", patronymic="Яковлевна")
    path = tmp_path / "ds14.xlsx"
    path.write_bytes(seeds.xlsx_bytes(seeds.KINDERGARTEN_TITLE, seeds.kindergarten_rows()))
    before = Activity.objects.filter(program=world.program).count()
    call_command(
        "import_roadmap", str(path), "--program", str(world.program.pk), stdout=io.StringIO(), stderr=io.StringIO()
    )
    imported = Activity.objects.filter(program=world.program).count() - before
    assert imported == sum(len(spec["activities"]) for spec in demo_roadmaps.KINDERGARTEN_14)
    first = Activity.objects.exclude(pk=world.activity.pk).get(program=world.program, number="1.1")
    assert list(first.responsible_users.all()) == [director]  # «Чеснокова Г.Я., заведующий»
    assert first.responsible_role == "director"
    assert Section.objects.filter(program=world.program).count() == 1 + 7


def test_nothing_is_saved_when_an_import_fails(world, monkeypatch):
    roadmap = parse("sosh4.docx", seeds.docx_bytes(seeds.SCHOOL_4_TITLE, seeds.school_4_rows()))
    roadmap.sections[3].activities[0].title = None  # a row that cannot be stored
    with pytest.raises(IntegrityError):
        roadmap_import(program=world.program, parsed=roadmap)
    assert world.program.sections.count() == 1 and world.program.activities.count() == 1


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.docx", b"", "пуст"),
        ("broken.docx", b"PK\x03\x04 this is not really a zip", "поврежд"),
        ("protected.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "зашифрован"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "нельзя прочитать"),
        ("picture.png", b"\x89PNG\r\n", "это изображение png"),
        ("broken.xlsx", b"not a spreadsheet at all", "поврежд"),
        ("binary.csv", b"\x00\x01\x02" * 100, "неизвестного типа"),
    ],
)
def test_unreadable_files_are_explained_in_russian(name, data, message):
    with pytest.raises(UnreadableFile) as error:
        read_tables(name, data)
    assert message in str(error.value).lower()


def test_a_word_file_without_a_table_is_explained():
    import docx

    document = docx.Document()
    document.add_paragraph("Дорожная карта будет позже")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(UnreadableFile, match="нет таблицы"):
        read_tables("plan.docx", buffer.getvalue())


def test_a_huge_file_is_refused_before_reading(settings):
    with pytest.raises(UnreadableFile, match="слишком большой"):
        read_tables("big.xlsx", b"PK" + b"0" * (21 * 1024 * 1024))


def test_the_command_fails_clearly_on_a_file_it_cannot_read(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"garbage")
    with pytest.raises(CommandError, match="поврежд"):
        call_command("import_roadmap", str(path), "--dry-run", "--json")


def test_a_table_without_known_headers_is_a_warning_not_an_error():
    roadmap = parse("plan.csv", "Колонка А;Колонка Б\nх;у\n".encode())
    assert roadmap.sections == []
    assert "таблица" in roadmap.warnings[0][1].lower() or "table" in roadmap.warnings[0][1].lower()


def test_several_tables_and_stage_names_across_the_row():
    import docx

    document = docx.Document()
    document.add_paragraph("План мероприятий на 2026/2027 учебный год")
    parts = [
        [
            ["№", "Мероприятие", "Срок", "Ответственный"],
            ["Подготовка условий для запуска программы наставничества", "", "", ""],
            ["1.1", "Педагогический совет", "Сентябрь", "Директор"],
        ],
        [
            ["№", "Мероприятие", "Срок", "Ответственный"],
            ["Завершение наставничества", "", "", ""],
            ["7.1", "Итоговая конференция", "Май", "Куратор"],
        ],
    ]
    for rows in parts:
        table = document.add_table(rows=len(rows), cols=4)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        title_row = table.rows[1].cells
        title_row[0].merge(title_row[3])  # the stage's name spans the row
    buffer = io.BytesIO()
    document.save(buffer)
    roadmap = parse("plan.docx", buffer.getvalue())
    assert [(s.title, s.stage) for s in roadmap.sections] == [
        ("Подготовка условий для запуска программы наставничества", 1),
        ("Завершение наставничества", 7),
    ]
    assert [a.number for s in roadmap.sections for a in s.activities] == ["1.1", "7.1"]
    final = roadmap.sections[1].activities[0]
    assert (final.starts_on, final.due_on) == (date(2027, 5, 1), date(2027, 5, 31))


def docx_table(title, rows, *, vertical_merges=()):
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is not None:
                table.cell(r, c).text = text
    for column, first, last in vertical_merges:
        table.cell(first, column).merge(table.cell(last, column))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_stage_cell_merged_down_over_its_activity_rows():
    rows = [
        ["№", "Наименование этапа", "Мероприятия", "Срок", "Ответственные"],
        ["1.", "Подготовка условий для запуска программы наставничества", "Приказ о внедрении", "Сентябрь", "Директор"],
        [None, None, "Положение о наставничестве", "Сентябрь", "Куратор"],
        [None, None, "Программа наставничества", "Октябрь", "Куратор"],
        ["2.", "Формирование базы наставляемых", "Анкетирование", "Октябрь", "Куратор"],
    ]
    data = docx_table("План на 2022/2023 учебный год", rows, vertical_merges=[(0, 1, 3), (1, 1, 3)])
    roadmap = parse("plan.docx", data)
    assert [(s.number, len(s.activities)) for s in roadmap.sections] == [("1", 3), ("2", 1)]
    assert [a.title for a in roadmap.sections[0].activities] == [
        "Приказ о внедрении",
        "Положение о наставничестве",
        "Программа наставничества",
    ]
    assert roadmap.sections[0].activities[2].responsible == "Куратор"


def test_items_run_together_in_one_paragraph_and_dashes_inside_an_item():
    rows = [
        ["№ этапа", "Наименование этапа", "Срок реализации", "Результат (вид документа)", "Ответственные"],
        [
            "1",
            "Подготовка условий для запуска программы наставничества",
            "Сентябрь",
            "– Приказ о внедрении; – Положение о наставничестве (срок действия - до 2024 г.); "
            "– Программа наставничества;",
            "Директор ОО",
        ],
        [
            "2",
            "Формирование базы наставляемых",
            "Сентябрь",
            "– Анкеты для анализа потребности (в том числе\n– индивидуальные запросы);\n– Отчёт по результатам АПО",
            "Куратор",
        ],
    ]
    roadmap = parse("plan.docx", docx_table("План на 2022/2023 учебный год", rows))
    assert [a.title for a in roadmap.sections[0].activities] == [
        "Приказ о внедрении",
        "Положение о наставничестве (срок действия - до 2024 г.)",
        "Программа наставничества",
    ]
    assert [a.title for a in roadmap.sections[1].activities] == [
        "Анкеты для анализа потребности (в том числе – индивидуальные запросы)",
        "Отчёт по результатам АПО",
    ]


def test_rows_with_their_own_terms_are_not_glued_together_and_deep_numbers_are_activities():
    rows = [
        ["№", "Мероприятие", "Срок", "Ответственный"],
        ["1.", "Нормативное обеспечение", "", ""],
        ["1.1", "Издать приказ", "Сентябрь", "Директор"],
        ["", "Утвердить положение", "Сентябрь", "Куратор"],
        ["1.1.1", "Разработать программу", "Октябрь", "Куратор"],
        ["1", "2", "3", "4"],
    ]
    roadmap = parse("plan.docx", docx_table("План на 2022/2023 учебный год", rows))
    titles = [a.title for s in roadmap.sections for a in s.activities]
    assert titles == ["Издать приказ", "Утвердить положение", "Разработать программу"]
    assert [a.number for s in roadmap.sections for a in s.activities][2] == "1.1.1"
    csv_roadmap = parse(
        "plan.csv", "№;Мероприятие;Срок\n1.;Раздел;\n1.1;Приказ;Сентябрь\n;Положение;Октябрь\n".encode()
    )
    assert [a.title for s in csv_roadmap.sections for a in s.activities] == ["Приказ", "Положение"]


def test_a_header_far_down_and_a_utf16_export():
    prefix = "\n".join(f"УТВЕРЖДАЮ строка {i};" for i in range(25))
    text = prefix + "\n№;Мероприятие;Срок\n1.;Раздел;\n1.1;Приказ;До 30.09.2022 г\n"
    roadmap = parse("plan.txt", ("\ufeff" + text.replace(";", "\t")).encode("utf-16-le"))
    assert [a.due_on for s in roadmap.sections for a in s.activities] == [date(2022, 9, 30)]


def test_a_broken_csv_is_explained():
    with pytest.raises(UnreadableFile, match="повреждён"):
        read_tables("plan.csv", ("№;Мероприятие\n1;" + "x" * 200_000 + "\n").encode())


def test_a_stage_summary_is_dropped_when_numbered_activities_follow_and_unknown_columns_are_flagged():
    rows = [
        ["№", "Наименование этапа", "Срок", "Результат", "Ответственные"],
        ["1", "Подготовка условий для запуска программы наставничества", "Сентябрь", "Пакет документов", "Директор"],
        ["1.1", "Приказ о внедрении", "Сентябрь", "Приказ", "Директор"],
        ["1.2", "Положение о наставничестве", "Сентябрь", "Положение", "Куратор"],
    ]
    roadmap = parse("plan.docx", docx_table("План на 2022/2023 учебный год", rows))
    assert [a.number for a in roadmap.sections[0].activities] == ["1.1", "1.2"]

    unknown = [
        ["№", "Наименование этапа", "Задачи этапа", "Срок", "Результат", "Ответственные"],
        [
            "1",
            "Подготовка условий для запуска программы наставничества",
            "Издать приказ",
            "Сентябрь",
            "Приказ",
            "Директор",
        ],
    ]
    roadmap = parse("plan.docx", docx_table("План на 2022/2023 учебный год", unknown))
    assert any("не распознан" in message for _, message in roadmap.warnings)
