"""Nothing silent in the import: every value it changes or guesses, and every row it leaves out, is a
warning that names the row and what was read, shown in the preview."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmap.importing.parser import parse_tables
from roadmap.models import RoadmapImport

HEADER = ["№", "Мероприятие", "Срок", "Ответственный"]
TITLE = "Дорожная карта по внедрению целевой модели наставничества на 2022-2024 учебные годы"


def read(*rows, title=TITLE, period=None):
    """The roadmap read from one table: the header in row 1, then `rows` from row 2 on."""
    return parse_tables(title, [[HEADER, *rows]], period=period)


def warnings_of(roadmap):
    return [(row, message) for row, message in roadmap.warnings]


def test_a_year_the_import_corrects_is_told_with_its_row_and_what_was_read():
    roadmap = read(["1.1", "Анкетирование наставляемых", "Апрель 2032г.", "Куратор"])

    [activity] = roadmap.sections[0].activities
    assert (activity.starts_on, activity.due_on) == (date(2023, 4, 1), date(2023, 4, 30))  # the right guess...
    assert warnings_of(roadmap) == [  # ...told
        (
            2,
            "Срок «Апрель 2032г.» мероприятия 1.1 называет год 2032, но прочитан как 01.04.2023 – 30.04.2023. "
            "Проверьте год.",
        )
    ]


def test_a_year_read_as_written_is_not_a_warning():
    roadmap = read(["1.1", "Анкетирование", "Апрель 2023 г.", "Куратор"], ["1.2", "Встреча", "Сентябрь", "Куратор"])
    assert roadmap.warnings == []


def test_a_year_far_outside_the_period_names_its_row():
    roadmap = read(
        ["1.1", "Анкетирование", "Встреча", "Куратор"], ["1.2", "Анкетирование", "апрель 2032 г.", "Куратор"]
    )
    assert warnings_of(roadmap) == [
        (2, "Срок «Встреча» мероприятия 1.1 не называет даты: он сохранён текстом, у мероприятия нет дат."),
        (3, "Срок «апрель 2032 г.» у 1.2 далеко за пределами периода программы."),
    ]


def test_a_mistyped_date_left_without_dates_is_told():
    roadmap = read(["1.1", "Приказ", "до 31.09.2023", "Директор"])
    assert roadmap.sections[0].activities[0].due_on is None
    assert warnings_of(roadmap) == [
        (2, "Срок «до 31.09.2023» мероприятия 1.1 не удалось прочитать как даты: он сохранён текстом, без дат.")
    ]


def test_a_term_without_figures_is_kept_as_text_and_told():
    roadmap = read(["1.1", "Приказ", "По отдельному графику", "Директор"], period=(date(2022, 9, 1), date(2024, 5, 31)))
    assert warnings_of(roadmap) == [
        (
            2,
            "Срок «По отдельному графику» мероприятия 1.1 не называет даты: он сохранён текстом, у мероприятия "
            "нет дат.",
        )
    ]


def test_the_default_period_is_told_with_its_dates(time_machine):
    time_machine.move_to(date(2026, 10, 5))
    roadmap = read(["1.1", "Приказ", "Сентябрь", "Директор"], title="Дорожная карта")
    assert roadmap.period == (date(2026, 9, 1), date(2027, 5, 31))
    assert warnings_of(roadmap) == [
        (
            0,
            "Период не указан в документе: принят текущий учебный год, 01.09.2026 – 31.05.2027.",
        )
    ]


def test_a_period_taken_from_the_terms_is_told():
    roadmap = read(
        ["1.1", "Приказ", "Сентябрь 2024 г.", "Директор"], ["1.2", "Отчёт", "Май 2025 г.", "Куратор"], title="План"
    )
    assert roadmap.period == (date(2024, 9, 1), date(2025, 5, 31))
    assert warnings_of(roadmap) == [
        (
            0,
            "Период не указан в названии: 01.09.2024 – 31.05.2025 взят из годов, названных в сроках. "
            "Проверьте его или укажите период при загрузке.",
        )
    ]


def test_a_period_given_at_upload_or_in_the_title_is_no_warning():
    given = read(["1.1", "Приказ", "Сентябрь", "Директор"], title="План", period=(date(2022, 9, 1), date(2023, 5, 31)))
    titled = read(["1.1", "Приказ", "Сентябрь", "Директор"])
    assert given.warnings == [] and titled.warnings == []


def test_rows_left_out_are_told_each_with_its_row():
    roadmap = read(
        ["1", "2", "3", "4"],  # the row numbering the columns
        ["1.1", "Приказ", "Сентябрь", "Директор"],
        ["№", "Мероприятие", "", ""],  # column names again, not a header
        HEADER,  # the header repeated after a page break
        ["1.2", "", "Октябрь", "Куратор"],  # an activity without a name
        ["1.3", "Отчёт", "Май", "Куратор"],
    )
    assert [a.number for a in roadmap.sections[0].activities] == ["1.1", "1.3"]
    assert warnings_of(roadmap) == [
        (2, "Строка, нумерующая столбцы («1 | 2 | 3 | 4»), пропущена."),
        (4, "Строка повторяет названия столбцов («№ | Мероприятие») и пропущена."),
        (5, "Шапка таблицы, повторённая (после разрыва страницы) в строке 5, пропущена."),
        (6, "У мероприятия 1.2 нет названия, оно не включено."),
    ]


def test_a_row_joined_to_the_one_above_is_told():
    roadmap = read(
        ["1.1", "Анкетирование обучающихся и", "Сентябрь", "Куратор"],
        ["", "родителей", "", ""],
    )
    [activity] = roadmap.sections[0].activities
    assert activity.title == "Анкетирование обучающихся и родителей"
    assert warnings_of(roadmap) == [(3, "Строка принята за продолжение строки 2 и присоединена к ней: «родителей».")]


@pytest.mark.django_db
def test_the_preview_shows_each_warning_with_its_row(client, world):
    csv = "\n".join(
        [TITLE, ";".join(HEADER), "1.1;Анкетирование наставляемых;Апрель 2032г.;Куратор", "1.2;;Май;Куратор"]
    ).encode("utf-8")
    client.force_login(world.curator)
    client.post(
        reverse("roadmap:import_upload", args=[world.school_a.slug]),
        {"file": SimpleUploadedFile("карта.csv", csv, content_type="text/csv")},
    )
    draft = RoadmapImport.objects.get()
    page = client.get(draft.get_absolute_url()).content.decode()
    warnings = page[page.index('data-testid="import-warnings"') :]
    assert "строка 3: Срок «Апрель 2032г.» мероприятия 1.1 называет год 2032" in warnings
    assert "строка 4: У мероприятия 1.2 нет названия" in warnings
